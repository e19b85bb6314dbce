"""What the word-boundary detectors ask of a Russian form's readings, for the
commonest forms: worked out once and kept on disk.

A preposition before a known word ("в доме", "по тихонько") is judged by
the word's parts of speech and the cases it may take as a noun-phrase word
(:func:`.boundary.pos_set`, :func:`.boundary.governed_by`). Working those out
reads the form's dictionary readings (a DAWG look-up and one object per
reading and per new tag): most of the split-word detector's cost on a fresh
process. The forms asked about are the common ones, the same in every text.
So the first run works out the answer — a *summary*: the parts of speech,
the governable cases, and whether any case fits — of each of the :data:`TOP`
commonest Russian forms of wordfreq's list that the dictionary knows (a few
seconds), with the very function the detector uses
(:func:`dictionary_summary`), and stores them as a memory-mapped
marisa trie (form → key id), a number per key id, and the few hundred
distinct summaries. Later runs map them in a millisecond; a form not in the
table is worked out as before.

The table is keyed by the versions of the packages its answers come from
and by a digest of the modules that compute them, so a changed dictionary
or a changed rule builds a new table instead of answering from a stale one.
The code that decides a summary lives here, not in :mod:`.boundary`, so
that an edit of the detector itself (most edits) keeps the table: a new
one costs each user a few seconds once. Nothing is downloaded.
"""

from __future__ import annotations

import json
from array import array
from functools import lru_cache
from pathlib import Path

from .. import diskcache, lexicon
from ..grammar.formtable import words  # (the same commonest forms as the grammar table)

TABLE_VERSION = "1"
TOP = 200_000  # forms of wordfreq's list: ~96 % of the forms asked about on the dev corpora
# The modules whose code decides a form's summary (paths from the package root):
# this one (the summary, below) and those that read the dictionary's readings.
_SOURCES = ("detectors/boundaryforms.py", "grammar/scan.py", "grammar/morph.py", "lexicon.py")

Summary = tuple[frozenset, frozenset, bool]  # parts of speech, governable cases, any case fits

# Parts of speech a preposition governs (pymorphy3 / OpenCorpora tags).
GOVERNABLE = frozenset({"NOUN", "ADJF", "NPRO", "NUMR", "PRTF"})


def summary_of(facts: tuple) -> Summary:
    """What is asked of a form's facts (``(part of speech, case,
    indeclinable)`` a reading): its parts of speech (:func:`.boundary.pos_set`),
    the cases it may take as a noun-phrase word, and whether it fits any
    case (an indeclinable noun, "в кафе", or a tag without case)."""
    word_cases: set[str] = set()
    any_case = False
    for pos, case, indeclinable in facts:
        if pos in GOVERNABLE:
            if case is None or indeclinable:
                any_case = True
            else:
                word_cases.add(case)
    return frozenset(f[0] for f in facts), frozenset(word_cases), any_case


def dictionary_summary(lower: str) -> Summary | None:
    """:func:`summary_of` the facts of a lower-case form the dictionary
    knows, as :func:`dictionary_facts` reads them (uncached); None for any
    other form. What the table keeps for the common forms."""
    found = dictionary_facts(lower) if fast_tags_ok() else None
    return None if found is None else summary_of(found)


@lru_cache(maxsize=1)
def fast_tags_ok() -> bool:
    """Are pymorphy3's first analysers the ones :func:`dictionary_facts`
    stands in for (for a word of the dictionary, its readings' tags and no
    others)?"""
    units = getattr(lexicon.morph(), "_units", None)
    if units is None or len(units) < 3:
        return False
    kinds = [(type(a).__name__, terminal) for a, terminal in units[:3]]
    # (The two initials analysers answer only for a word in their set of
    # capital letters, which no lower-case word is.)
    return kinds == [("DictionaryAnalyzer", False), ("AbbreviatedFirstNameAnalyzer", False),
                     ("AbbreviatedPatronymicAnalyzer", True)] and all(
        hasattr(a, "_letters_set") and not any(c.islower() for c in a._letters_set) for a, _ in units[1:3])


def dictionary_facts(lower: str) -> tuple | None:
    """The facts of the tags pymorphy3's dictionary analyser gives ``lower``
    (its ``tag``, unrolled), or None when it gives none: the readings as
    the grammar gate reads them (:func:`cleanup.grammar.scan.raw`), whose
    facts per tag id hold these too."""
    found = _readings(lower)
    return None if found is None else tuple(f.boundary for f in found.facts)


def _readings(lower: str):
    """:func:`cleanup.grammar.scan.raw` of ``lower``: the module imported on
    first use (a few ms), and the name then bound to ``raw`` itself, so that
    later calls go straight to it, not through the import machinery (as
    nonstandard._readings does)."""
    global _readings
    from ..grammar.scan import raw

    _readings = raw
    return raw(lower)


def table_dir() -> Path:
    return diskcache.table_dir("boundaryforms", [TABLE_VERSION, str(TOP)],
                               ("pymorphy3", "pymorphy3-dicts-ru", "DAWG2", "wordfreq", "marisa-trie"), _SOURCES)


def build(target: Path | None = None, forms: list[str] | None = None) -> Path:
    """The summaries of ``forms`` (default :func:`words`) in ``target``
    (default: the cache), built atomically unless already there."""
    return diskcache.build_once(target or table_dir(), lambda folder: _fill(folder, forms),
                                "working out the readings of common word forms for word boundaries")


def _fill(folder: Path, forms: list[str] | None) -> None:
    import marisa_trie

    numbers: dict[Summary, int] = {}
    kept: dict[str, int] = {}
    for form in words(TOP) if forms is None else forms:
        summary = dictionary_summary(form)
        if summary is not None:  # (a form the dictionary lacks is worked out at run time)
            kept[form] = numbers.setdefault(summary, len(numbers))
    trie = marisa_trie.Trie(list(kept))
    typecode = "H" if len(numbers) <= 0xFFFF else "I"  # (a few hundred summaries: two bytes a form)
    ids = array(typecode, [0]) * len(trie)
    for form, number in kept.items():
        ids[trie[form]] = number
    trie.save(str(folder / "forms.marisa"))
    (folder / "summaries.bin").write_bytes(ids.tobytes())
    rows = [[sorted(pos), sorted(cases), any_case] for pos, cases, any_case in numbers]
    (folder / "summaries.json").write_text(json.dumps({"typecode": typecode, "summaries": rows}), encoding="utf-8")


class Table:
    """Form → summary, for the forms of the table."""

    def __init__(self, directory: Path) -> None:
        import marisa_trie

        self.trie = marisa_trie.Trie()
        self.trie.mmap(str(directory / "forms.marisa"))
        held = json.loads((directory / "summaries.json").read_text(encoding="utf-8"))
        self.summaries = [(frozenset(pos), frozenset(cases), bool(any_case))
                          for pos, cases, any_case in held["summaries"]]
        # Mapped, not read: a run touches the entries of its own forms only.
        self.ids = diskcache.mapped(directory / "summaries.bin").cast(held["typecode"])
        self._get = self.trie.get

    def get(self, form: str) -> Summary | None:
        """The form's summary, or None when the table does not hold the form."""
        key = self._get(form)
        return None if key is None else self.summaries[self.ids[key]]


@lru_cache(maxsize=1)
def table() -> Table | None:
    """The table, built on first use; None when it cannot be (no writable
    cache, sources not readable): every form is then worked out."""
    try:
        directory = build()
        diskcache.mark_used(directory)
        return Table(directory)
    except (OSError, ValueError, ImportError):
        return None
