"""The gate's flags of the commonest Russian word forms, worked out once and kept on disk.

The gate (:mod:`.scan`) needs a few facts about every word form of a text
(noun-like? adjective-like? a preposition? which case, number, gender its
readings fill?), and working them out costs a
pymorphy3 dictionary look-up and a probability look-up per reading — about
15 µs a form, most of the gate's cost on a fresh process. The commonest forms
are the same in every text: the first run works out the flags of the
:data:`TOP` commonest Russian forms of wordfreq's list (a few seconds), and
stores them as a memory-mapped marisa trie (form → key id) and a byte per key
id, under the same cache directory as the spelling index. Later runs map
them in a millisecond and read a form's flags with one trie look-up; forms
not in the table are worked out as before.

The table is keyed by the versions of the packages its facts come from and
by a digest of the modules that compute them, so a changed dictionary or a
changed rule builds a new one instead of answering from a stale one.
Nothing is downloaded.
"""

from __future__ import annotations

import json
from array import array
from functools import lru_cache
from itertools import compress, repeat
from operator import is_not, ne
from pathlib import Path

from .. import diskcache

TABLE_VERSION = "5"  # 2: noun slots and adjective tags beside the flags; 3: and their slots; 4: JSON sets; 5: binary masks
TOP = 400_000  # forms: all but ~4 % of the distinct forms with readings of 1.5 MB of transcripts (8 % at 200,000)
# The modules whose code decides a form's flags (paths from the package root;
# lexicon.py: its zipf decides which rare readings count).
_SOURCES = ("grammar/formtable.py", "grammar/scan.py", "grammar/nounphrase.py", "grammar/morph.py",
            "grammar/government.py", "grammar/verbs.py", "lexicon.py")


def table_dir() -> Path:
    return diskcache.table_dir("grammar-forms", [TABLE_VERSION, str(TOP)],
                               ("pymorphy3", "pymorphy3-dicts-ru", "wordfreq", "marisa-trie"), _SOURCES)


def words(top: int = TOP) -> list[str]:
    """The commonest Russian forms (lower case, with a Cyrillic letter first)."""
    import wordfreq

    return [w for w in wordfreq.top_n_list("ru", top, wordlist="large") if "\u0400" <= w[:1] <= "\u04ff"]


def build(target: Path | None = None) -> Path:
    """Work out the flags of :func:`words` into ``target`` (default: the cache), atomically."""
    return diskcache.build_once(target or table_dir(), _fill, "working out the grammar flags of common word forms")


def _fill(folder: Path) -> None:
    import marisa_trie

    from . import scan

    forms = words()
    facts = []
    noun_masks: dict[int, int] = {}  # mask → its number in the list of masks
    mod_tagsets: dict[tuple, int] = {}
    for i, form in enumerate(forms):
        f = scan.compute_flags(form)
        noun = noun_masks.setdefault(scan.compute_noun_slots(form), len(noun_masks)) \
            if f & scan.NOUN_LIKE else NONE
        mods = mod_tagsets.setdefault(scan.adjective_tags(form), len(mod_tagsets)) \
            if f & scan.ADJ_LIKE else NONE
        facts.append((f, noun, mods))
        if i % 10_000 == 9_999:
            scan.forget()  # the per-form caches would hold every form of the list
    scan.forget()
    trie = marisa_trie.Trie(forms)
    flags = bytearray(len(trie))
    nouns = array("I", [NONE]) * len(trie)
    mods = array("I", [NONE]) * len(trie)
    for form, (f, noun, mod) in zip(forms, facts):
        key = trie[form]
        flags[key], nouns[key], mods[key] = f, noun, mod
    trie.save(str(folder / "forms.marisa"))
    (folder / "flags.bin").write_bytes(bytes(flags))
    (folder / "nouns.bin").write_bytes(nouns.tobytes())
    (folder / "mods.bin").write_bytes(mods.tobytes())
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


NONE = 0xFFFFFFFF  # no noun slots or adjective tags kept for this form (it is not noun- or adjective-like)


class Table:
    """Form → flags, noun slots and adjective tags, for the forms of the table.

    Many forms share their noun slots (every feminine noun in -ой of one
    declension ...) and their set of adjective tags (every adjective in
    -ого): each form keeps the number of its set in a list of sets."""

    def __init__(self, directory: Path) -> None:
        import marisa_trie

        self.trie = marisa_trie.Trie()
        self.trie.mmap(str(directory / "forms.marisa"))
        # Mapped, not read: a run touches the entries of its own forms only.
        self.flags = diskcache.mapped(directory / "flags.bin")
        self.nouns = diskcache.mapped(directory / "nouns.bin").cast("I")
        self.mods = diskcache.mapped(directory / "mods.bin").cast("I")
        masks = diskcache.mapped(directory / "masks.bin")
        width, first_mod = masks[:8].cast("I")
        # The masks of masks.bin: the noun masks, then each tag set's strict
        # and loose one, read by the number each form keeps.
        self._noun_masks = _Masks(masks, width, 0, 1)
        self._mod_masks = (_Masks(masks, width, first_mod, 2), _Masks(masks, width, first_mod + 1, 2))
        self._directory = directory
        self._mod_tagsets = None
        self._get = self.trie.get

    def key(self, form: str) -> int | None:
        """The form's key id in the table, or None when the table does not hold it."""
        return self._get(form)

    def get(self, form: str) -> int | None:
        """The form's flags (scan.flags), or None when the table does not hold the form."""
        i = self._get(form)
        return None if i is None else self.flags[i]

    def flags_of(self, forms: list[str], noun_slots: dict, mod_slots: dict) -> list[int | None]:
        """[self.get(form) for form in forms], by C-level maps; and on the way
        each noun-like form's :meth:`noun_slots` put in ``noun_slots`` (form →
        mask), each adjective-like one's strict :meth:`mod_slots` in
        ``mod_slots`` ((form, False) → mask). The gate asks those of most such
        forms next (its compiled phrase check settles a phrase only from
        slots already known), and here the key id is at hand: asked later,
        each would cost a trie look-up of its own."""
        ids = list(map(self._get, forms))
        if None in ids:
            held = list(map(is_not, ids, repeat(None)))
            found = [None if i is None else self.flags[i] for i in ids]
            forms, ids = list(compress(forms, held)), list(compress(ids, held))
        else:
            found = list(map(self.flags.__getitem__, ids))
        nouns = list(map(self.nouns.__getitem__, ids))
        has = list(map(ne, nouns, repeat(NONE)))
        noun_slots.update(zip(compress(forms, has), map(self._noun_masks.__getitem__, compress(nouns, has))))
        mods = list(map(self.mods.__getitem__, ids))
        has = list(map(ne, mods, repeat(NONE)))
        mod_slots.update(zip(zip(compress(forms, has), repeat(False)),
                             map(self._mod_masks[False].__getitem__, compress(mods, has))))
        return found

    def noun_slots(self, form: str) -> int | None:
        """scan.noun_slots of a noun-like form of the table, else None."""
        i = self._get(form)
        if i is None or self.nouns[i] == NONE:
            return None
        return self._noun_masks[self.nouns[i]]

    def mod_slots(self, form: str, loose: bool) -> int | None:
        """scan.mod_slots of an adjective-like form of the table, else None."""
        i = self._get(form)
        if i is None or self.mods[i] == NONE:
            return None
        return self._mod_masks[loose][self.mods[i]]

    def adjective_tags(self, form: str) -> tuple[int, ...] | None:
        """scan.adjective_tags of an adjective-like form of the table, else None."""
        i = self._get(form)
        if i is None or self.mods[i] == NONE:
            return None
        if self._mod_tagsets is None:
            sets = json.loads((self._directory / "sets.json").read_text(encoding="utf-8"))
            self._mod_tagsets = [tuple(t) for t in sets["mod_tagsets"]]
        return self._mod_tagsets[self.mods[i]]


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
