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
(:func:`.boundary.dictionary_summary`), and stores them as a memory-mapped
marisa trie (form → key id), a number per key id, and the few hundred
distinct summaries. Later runs map them in a millisecond; a form not in the
table is worked out as before.

The table is keyed by the versions of the packages its answers come from
and by a digest of the modules that compute them, so a changed dictionary
or a changed rule builds a new table instead of answering from a stale one.
Nothing is downloaded.
"""

from __future__ import annotations

import json
from array import array
from functools import lru_cache
from pathlib import Path

from .. import diskcache
from ..grammar.formtable import words  # (the same commonest forms as the grammar table)

TABLE_VERSION = "1"
TOP = 200_000  # forms of wordfreq's list: ~96 % of the forms asked about on the dev corpora
# The modules whose code decides a form's summary (paths from the package root).
_SOURCES = ("detectors/boundaryforms.py", "detectors/boundary.py", "grammar/scan.py", "grammar/morph.py",
            "lexicon.py")

Summary = tuple[frozenset, frozenset, bool]  # parts of speech, governable cases, any case fits


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

    from .boundary import dictionary_summary

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
