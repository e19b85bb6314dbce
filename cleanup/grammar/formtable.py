"""The gate's flags of the commonest Russian word forms, worked out once and kept on disk.

The gate (:mod:`.scan`) needs a few facts about every word form of a text
(noun-like? adjective-like? a preposition? which case, number, gender its
readings fill?), and working them out costs a
pymorphy3 dictionary look-up and a probability look-up per reading — about
15 µs a form, most of the gate's cost on a fresh process. The commonest forms
are the same in every text: the first run works out the flags of the
:data:`TOP` commonest Russian forms of wordfreq's list (a few seconds), and
stores them as a memory-mapped hash table (form → flags and the numbers of
its slot masks), under the same cache directory as the spelling index. Later
runs map it in a millisecond and read a form's facts from one record; forms
not in the table are worked out as before.

The table is keyed by the versions of the packages its facts come from and
by a digest of the modules that compute them, so a changed dictionary or a
changed rule builds a new one instead of answering from a stale one.
Nothing is downloaded.
"""

from __future__ import annotations

import json
import struct
from array import array
from binascii import crc32
from functools import lru_cache
from pathlib import Path

from .. import diskcache
from .speedups import compiled as _kernel  # the compiled twin of _table_learn, or None

# 2: noun slots and adjective tags beside the flags; 3: and their slots; 4: JSON sets; 5: binary masks;
# 6: a hash table of records instead of a marisa trie and three arrays by key id;
# 7: and the spelling context's neighbour evidence (spelling.neighbour_evidence.evidence_bits) in each record
TABLE_VERSION = "7"
TOP = 400_000  # forms: all but ~4 % of the distinct forms with readings of 1.5 MB of transcripts (8 % at 200,000)
# The modules whose code decides a form's flags (paths from the package root;
# lexicon.py: its zipf decides which rare readings count;
# spelling/neighbour_evidence.py: the evidence bits; the context step that
# reads them, spelling/context.py, is not one: editing it keeps the table).
_SOURCES = ("grammar/formtable.py", "grammar/scan.py", "grammar/nounphrase.py", "grammar/morph.py",
            "grammar/government.py", "grammar/verbs.py", "lexicon.py",
            "spelling/neighbour_evidence.py")


def table_dir() -> Path:
    return diskcache.table_dir("grammar-forms", [TABLE_VERSION, str(TOP)],
                               ("pymorphy3", "pymorphy3-dicts-ru", "wordfreq"), _SOURCES)


def words(top: int = TOP) -> list[str]:
    """The commonest Russian forms (lower case, with a Cyrillic letter first)."""
    import wordfreq

    return [w for w in wordfreq.top_n_list("ru", top, wordlist="large") if "\u0400" <= w[:1] <= "\u04ff"]


def build(target: Path | None = None) -> Path:
    """Work out the flags of :func:`words` into ``target`` (default: the cache), atomically."""
    return diskcache.build_once(target or table_dir(), _fill, "working out the grammar flags of common word forms")


def _fill(folder: Path) -> None:
    from ..spelling.neighbour_evidence import evidence_bits
    from . import scan

    forms = list(dict.fromkeys(words()))
    facts = []
    noun_masks: dict[int, int] = {}  # mask → its number in the list of masks
    mod_tagsets: dict[tuple, int] = {}
    for i, form in enumerate(forms):
        f = scan.compute_flags(form)
        noun = noun_masks.setdefault(scan.compute_noun_slots(form), len(noun_masks)) \
            if f & scan.NOUN_LIKE else NONE
        mods = mod_tagsets.setdefault(scan.adjective_tags(form), len(mod_tagsets)) \
            if f & scan.ADJ_LIKE else NONE
        facts.append((f, noun, mods, evidence_bits(form)))
        if i % 10_000 == 9_999:
            scan.forget()  # the per-form caches would hold every form of the list
    scan.forget()
    if max(len(noun_masks), len(mod_tagsets)) >= NONE:
        raise ValueError("more mask numbers than a record holds")  # (table() then answers None)
    (folder / "forms.hash").write_bytes(hash_table(forms, facts))
    masks = list(noun_masks)
    for tags in mod_tagsets:
        masks += [scan.tagset_slots(tags, False), scan.tagset_slots(tags, True)]
    # The masks (a few hundred bits each) at a fixed width, read one at a
    # time when a form asks: parsing them all cost a run more than its forms'
    # look-ups. Data, never code; the adjective tag sets (read only by
    # Table.adjective_tags) stay plain JSON.
    width = max(1, max(masks, default=0).bit_length() // 8 + 1)
    header = array("I", [width, len(noun_masks)]).tobytes()
    (folder / "masks.bin").write_bytes(header + b"".join(m.to_bytes(width, "little") for m in masks))
    (folder / "sets.json").write_text(json.dumps({"mod_tagsets": [list(t) for t in mod_tagsets]}), encoding="utf-8")


NONE = 0xFFFF  # no noun slots or adjective tags kept for this form (it is not noun- or adjective-like)

# forms.hash: a header, then a power of two of records (open addressing,
# linear probing, keyed by the CRC-32 of the form's UTF-8), then the forms'
# UTF-8. A look-up reads one record (the next few when slots collide) and the
# form's own bytes, which make the answer exact: two or three cache lines,
# where a trie walk touched a few dozen (the table is megabytes, and a run
# reads it a paragraph's new forms at a time, between other detectors' work:
# nearly every line it touches is cold). A record of zeros is an empty slot.
_HEADER = struct.Struct("<II")  # number of slots, where the forms' text begins
# CRC-32, where the form's UTF-8 begins and its length, flags, the numbers of
# its noun mask and adjective tag set (NONE: none), the spelling context's
# evidence bits about the form as a neighbour, a byte of padding. (The
# evidence took a byte of the padding: the records stay 16 bytes.)
_RECORD = struct.Struct("<IIBBHHBx")


def hash_table(forms: list[str], facts: list[tuple[int, int, int, int]]) -> bytes:
    """The bytes of forms.hash: each form's (flags, noun, mods, evidence) under its text.
    A form whose UTF-8 is longer than a record can say is left out (the gate
    then works it out)."""
    slots = 1 << (2 * len(forms)).bit_length()  # at least twice the forms: short probe runs
    mask = slots - 1
    records = bytearray(_RECORD.size * slots)
    base = _HEADER.size + len(records)
    text = bytearray()
    for form, (f, noun, mods, evidence) in zip(forms, facts):
        utf8 = form.encode()
        if not 0 < len(utf8) < 256:
            continue
        code = crc32(utf8)
        i = code & mask
        while records[_RECORD.size * i + 8]:  # (the length byte: 0 in an empty slot)
            i = (i + 1) & mask
        _RECORD.pack_into(records, _RECORD.size * i, code, base + len(text), len(utf8), f, noun, mods, evidence)
        text += utf8
    return _HEADER.pack(slots, base) + bytes(records) + bytes(text)


def _record(data, form: str) -> tuple[int, int, int, int] | None:
    """The record of ``form`` in the hash table ``data``: (flags, noun mask
    number, adjective tag set number, evidence bits), or None when it does
    not hold the form."""
    utf8 = form.encode()
    code = crc32(utf8)
    mask = _HEADER.unpack_from(data)[0] - 1
    i = code & mask
    while True:
        held, start, length, f, noun, mods, evidence = _RECORD.unpack_from(data, _HEADER.size + _RECORD.size * i)
        if not length:
            return None
        if held == code and data[start:start + length] == utf8:
            return f, noun, mods, evidence
        i = (i + 1) & mask


def spelling_bits_of(spelling: tuple, form: str) -> int:
    """The bits a form's spelling earns by ``spelling``, ``(ending_bit,
    endings, ((bit, words), ...), stem_bit, stems)``: ending_bit when it
    ends in one of the endings, each bit whose words hold it, stem_bit when
    it holds one of the stems. (The gate's spelling bits, scan.spelling_bits,
    are so defined, so that _scan.table_learn can add them in C.)"""
    ending_bit, endings, word_sets, stem_bit, stems = spelling
    bits = ending_bit if form.endswith(endings) else 0
    for bit, words in word_sets:
        if form in words:
            bits |= bit
    if any(stem in form for stem in stems):
        bits |= stem_bit
    return bits


def _table_learn(data, forms, spelling: tuple, out: dict, noun_slots: dict, noun_masks, mod_slots: dict,
                 mod_masks) -> list[str]:
    """For each of ``forms`` the hash table holds: ``out[form]`` = its flags
    and its spelling bits (:func:`spelling_bits_of`), its noun mask in
    ``noun_slots`` and its strict adjective mask in ``mod_slots`` (under
    ``(form, False)``) where it has them; the forms it does not hold are
    returned. (The compiled twin, _scan.table_learn, does the same.)"""
    rest = []
    for form in forms:
        held = _record(data, form)
        if held is None:
            rest.append(form)
            continue
        f, noun, tags, _ = held
        out[form] = f | spelling_bits_of(spelling, form)
        if noun != NONE:
            noun_slots[form] = noun_masks[noun]
        if tags != NONE:
            mod_slots[(form, False)] = mod_masks[tags]
    return rest


class Table:
    """Form → flags, noun slots and adjective tags, for the forms of the table.

    Many forms share their noun slots (every feminine noun in -ой of one
    declension ...) and their set of adjective tags (every adjective in
    -ого): each form keeps the number of its set in a list of sets."""

    def __init__(self, directory: Path) -> None:
        # Mapped, not read: a run touches the records of its own forms only.
        self._data = diskcache.mapped(directory / "forms.hash")
        masks = diskcache.mapped(directory / "masks.bin")
        width, first_mod = masks[:8].cast("I")
        # The masks of masks.bin: the noun masks, then each tag set's strict
        # and loose one, read by the number each form keeps.
        self._noun_masks = _Masks(masks, width, 0, 1)
        self._mod_masks = (_Masks(masks, width, first_mod, 2), _Masks(masks, width, first_mod + 1, 2))
        self._directory = directory
        self._mod_tagsets = None

    def record(self, form: str) -> tuple[int, int, int, int] | None:
        """The form's (flags, noun mask number, adjective tag set number,
        evidence bits), or None when the table does not hold the form."""
        return _record(self._data, form)

    def evidence(self, form: str) -> int | None:
        """The spelling context's evidence bits about the form as a neighbour
        (spelling.neighbour_evidence.evidence_bits), or None when the table does not
        hold the form."""
        found = self.record(form)
        return None if found is None else found[3]

    def get(self, form: str) -> int | None:
        """The form's flags (scan.flags), or None when the table does not hold the form."""
        found = self.record(form)
        return None if found is None else found[0]

    def learn(self, forms, spelling: tuple, out: dict, noun_slots: dict, mod_slots: dict) -> list[str]:
        """``out[form]`` = :meth:`get` of each form the table holds, with its
        spelling bits (:func:`spelling_bits_of`); and on the way each
        noun-like one's :meth:`noun_slots` put in ``noun_slots`` (form →
        mask), each adjective-like one's strict :meth:`mod_slots` in
        ``mod_slots`` ((form, False) → mask). The gate asks those of most
        such forms next (its compiled phrase check settles a phrase only from
        slots already known), and here the record is at hand: asked later,
        each would cost a look-up of its own. Returns the forms the table
        does not hold."""
        kernel = _kernel()
        return (kernel.table_learn if kernel is not None else _table_learn)(
            self._data, forms, spelling, out, noun_slots, self._noun_masks, mod_slots, self._mod_masks[False])

    def noun_slots(self, form: str) -> int | None:
        """scan.noun_slots of a noun-like form of the table, else None."""
        found = self.record(form)
        if found is None or found[1] == NONE:
            return None
        return self._noun_masks[found[1]]

    def mod_slots(self, form: str, loose: bool) -> int | None:
        """scan.mod_slots of an adjective-like form of the table, else None."""
        found = self.record(form)
        if found is None or found[2] == NONE:
            return None
        return self._mod_masks[loose][found[2]]

    def adjective_tags(self, form: str) -> tuple[int, ...] | None:
        """scan.adjective_tags of an adjective-like form of the table, else None."""
        found = self.record(form)
        if found is None or found[2] == NONE:
            return None
        if self._mod_tagsets is None:
            sets = json.loads((self._directory / "sets.json").read_text(encoding="utf-8"))
            self._mod_tagsets = [tuple(t) for t in sets["mod_tagsets"]]
        return self._mod_tagsets[found[2]]


class _Masks(dict):
    """Number → mask, for the masks of masks.bin at ``first``, ``first +
    step``, ...: each read from the file (a few hundred bits at a fixed
    width) when first asked for, then kept; a run asks for a few hundred."""

    __slots__ = ("_data", "_width", "_first", "_step")

    def __init__(self, data: memoryview, width: int, first: int, step: int) -> None:
        super().__init__()
        self._data, self._width, self._first, self._step = data, width, first, step

    def __missing__(self, n: int) -> int:
        start = 8 + (self._first + n * self._step) * self._width
        mask = self[n] = int.from_bytes(self._data[start:start + self._width], "little")
        return mask


@lru_cache(maxsize=1)
def table() -> Table | None:
    """The table, built on first use; None when it cannot be (no writable
    cache, sources not readable): the gate then works every form out."""
    try:
        directory = build()
        diskcache.mark_used(directory)
        return Table(directory)
    except (OSError, ValueError):
        return None
