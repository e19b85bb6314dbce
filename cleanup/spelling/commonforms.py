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

The table is keyed by the spelling index's own key (the versions of the
word lists it is built from), pymorphy3's version, and a digest of the
modules that decide the verdict, so a changed list or rule builds a new one
instead of answering from a stale one. Nothing is downloaded.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from .. import diskcache
from . import index

TABLE_VERSION = "1"
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

    marisa_trie.Trie(forms("ru") + forms("en")).save(str(folder / "forms.marisa"))


def no_table(form: str) -> None:
    """The look-up when there is no table: every form is judged."""
    return None


@lru_cache(maxsize=1)
def lookup() -> Callable[[str], int | None]:
    """``form → key id`` of the table (not None: the detector passes the
    form), built on first use; a function answering None for every form
    when it cannot be built (no writable cache): every form is then judged."""
    try:
        directory = build()
        diskcache.mark_used(directory)
        import marisa_trie

        trie = marisa_trie.Trie()
        trie.mmap(str(directory / "forms.marisa"))
        return trie.get
    except (OSError, ValueError):
        return no_table
