"""The word forms the spelling detector passes without a question, worked out once and kept on disk.

Most forms of a text are real and common words, and the spelling detector's
verdict on one (:func:`cleanup.detectors.spelling._form`: "a known word,
counted, not questioned") cost its script, a pymorphy3 or pyspellchecker
look-up and a frequency look-up — some 13 µs a form on a fresh process,
paid for every distinct form of every run. That verdict depends on the
lower-case form alone (when its case pattern is lower, Title or ALL CAPS,
so that no OCR reading applies): the first run works it out for every form
of the spelling index's frequency lists (a few seconds) and keeps those
forms in a memory-mapped marisa trie; later runs map it in a millisecond and
answer such a form with one look-up. Forms not in the table are judged as
before.

The table is kept twice: as a marisa trie, the look-up of the Python code
(the reference), and as an open-addressing hash the compiled pass over a
paragraph's new forms (``_speedups.settled_places``) reads itself from the
memory map, without a Python call per word (:func:`hashed_table` says its
layout).

The table is keyed by the spelling index's own key (the versions of the
word lists it is built from), pymorphy3's version, and a digest of the
modules that decide the verdict, so a changed list or rule builds a new one
instead of answering from a stale one. Nothing is downloaded.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

from .. import diskcache
from . import index

TABLE_VERSION = "2"
# The modules whose code decides the verdict (relative to the package).
_SOURCES = ("detectors/spelling.py", "lexicon.py", "spelling/candidates.py", "spelling/commonforms.py")


def table_dir() -> Path:
    # (Keyed by the index's own folder: the word lists it is made from.)
    return diskcache.table_dir("spellforms", [TABLE_VERSION, index.index_dir().name.replace("-", "_")],
                               ("pymorphy3",), _SOURCES)


def forms(lang: str) -> list[str]:
    """The forms of ``lang``'s frequency list that the detector passes
    whatever their case (:func:`cleanup.detectors.spelling.plainly_known`),
    asked of the lexicon without its per-process caches (they would keep
    every form of the list)."""
    from .. import lexicon
    from ..detectors import spelling

    is_known = lexicon.is_known.__wrapped__
    return [w for w in index.get(lang).freq.iterkeys() if spelling.plainly_known(w, lang, is_known)]


def build(target: Path | None = None) -> Path:
    """The table in ``target`` (default: the cache), built atomically unless it is there."""
    return diskcache.build_once(target or table_dir(), _fill, "listing the common word forms the speller passes")


def _fill(folder: Path) -> None:
    import marisa_trie

    common = forms("ru") + forms("en")
    marisa_trie.Trie(common).save(str(folder / "forms.marisa"))
    (folder / "forms.hash").write_bytes(hashed_table(common))


def no_table(form: str) -> None:
    """The look-up when there is no table: every form is judged."""
    return None


@lru_cache(maxsize=1)
def _directory() -> Path | None:
    """The table's folder, built on first use; None when it cannot be built (no writable cache)."""
    try:
        directory = build()
    except (OSError, ValueError):
        return None
    diskcache.mark_used(directory)
    return directory


@lru_cache(maxsize=1)
def lookup() -> Callable[[str], int | None]:
    """``form → key id`` of the table (not None: the detector passes the
    form), built on first use; a function answering None for every form
    when it cannot be built (no writable cache): every form is then judged."""
    directory = _directory()
    try:
        if directory is None:
            raise OSError("no table")
        import marisa_trie

        trie = marisa_trie.Trie()
        trie.mmap(str(directory / "forms.marisa"))
        return trie.get
    except (OSError, ValueError):
        return no_table


@lru_cache(maxsize=1)
def hashed():
    """The table as :func:`hashed_table` lays it out, memory-mapped, for the
    compiled pass; an empty table (no form is common: every form is judged)
    when it cannot be built or read."""
    directory = _directory()
    if directory is None:
        return b""
    import mmap

    try:
        with open(directory / "forms.hash", "rb") as fh:
            return mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        return b""


# ---- the hashed layout --------------------------------------------------------------------------
#
# A header "=4sIII": the magic, the number of home slots (a power of two),
# of slots (the home slots and the overflow after them, the last one
# empty) and of keys; the slots, "=II" each: a key's CRC-32 (zlib's) and 1 +
# its offset in the pool (0: an empty slot), each key at its home slot (its
# CRC's low bits) or in the run of filled slots that follows it (linear
# probing without wrapping round); the pool: each key as one byte of
# length, then its UTF-8 (no form is near 255 bytes; a longer one is left
# out, and the detector judges it).

MAGIC = b"CFH1"
_HEADER = struct.Struct("=4sIII")
_SLOT = struct.Struct("=II")


def hashed_table(common: Iterable[str]) -> bytes:
    """The forms ``common`` (distinct) laid out for the compiled look-up,
    at most ~60 % of the home slots filled (a miss probes ~3 slots, a hit
    ~1.7). (Placed in the order of their home slots, each at its home or
    just after the key before it: what inserting them one by one with
    linear probing gives, without a probing loop per key.)"""
    keys = [key for key in map(str.encode, common) if len(key) < 256]
    homes = 1
    while homes * 3 < len(keys) * 5:
        homes *= 2
    crcs = list(map(zlib.crc32, keys))
    home_of = list(map((homes - 1).__and__, crcs))
    slots = [0, 0] * (homes + len(keys) + 1)  # (CRC, 1 + offset) pairs, flat
    pool = bytearray()
    at = 0
    for i in sorted(range(len(keys)), key=home_of.__getitem__):
        at = max(at, home_of[i])
        slots[2 * at] = crcs[i]
        slots[2 * at + 1] = len(pool) + 1
        pool.append(len(keys[i]))
        pool += keys[i]
        at += 1
    count = max(at, homes) + 1  # (the last slot stays empty: a probe ends there)
    return (_HEADER.pack(MAGIC, homes, count, len(keys)) + struct.pack(f"={2 * count}I", *slots[:2 * count])
            + bytes(pool))


def in_hashed_table(table, form: str) -> bool:
    """Does ``table`` (:func:`hashed_table`'s bytes) hold ``form``? (What the
    compiled pass asks of it, for tests.)"""
    key = form.encode()
    if len(table) < _HEADER.size:
        return False
    _, homes, count, _ = _HEADER.unpack_from(table)
    crc = zlib.crc32(key)
    pool = _HEADER.size + _SLOT.size * count
    for at in range(crc & (homes - 1), count):
        slot_crc, place = _SLOT.unpack_from(table, _HEADER.size + _SLOT.size * at)
        if not place:
            return False
        start = pool + place - 1
        if slot_crc == crc and table[start + 1:start + 1 + table[start]] == key:
            return True
    return False
