"""Russian word forms the morphology knows but the frequency list lacks.

The candidate index holds only forms wordfreq counts (Zipf ≥ 1.0), so a real
but rarely written form — определяешься, перефразируешь, класснее — is
invisible to the ordinary search, and a far, frequent word (определяется)
wins over the near, right one. This module looks for such forms one cheap
slip away from an unknown word, in the morphology's dictionary, and gives
each an *estimated* frequency, since wordfreq gives none:

    estimate = the lexeme's total (its counted forms together, Zipf)
             + the slot's offset (how much rarer that paradigm slot — 2nd
               person singular, short neuter, dative plural … — usually is
               than the whole lexeme)

The offsets are measured on the frequency list itself by
``bench/fit_rareforms.py`` (``rareforms.json`` beside this file), not set
by hand. Candidates made here have ``kind == "rare"``, so the confidence
map knows their frequency is a guess.
"""

from __future__ import annotations

import json
import math
import struct
from collections.abc import Iterable
from functools import lru_cache
from itertools import chain
from operator import methodcaller
from pathlib import Path

from .. import lexicon
from . import candidates as candidate_search  # (a circular import: read at call time only)
from . import errormodel, index, speedups

PARAMS = Path(__file__).with_name("rareforms.json")

# The grammemes that tell the slots of one lexeme apart (the rest — aspect,
# transitivity, a noun's gender and animacy, marks such as Name or Qual —
# belong to the whole lexeme).
_SLOT_GRAMMEMES = frozenset((
    "nomn", "gent", "datv", "accs", "ablt", "loct", "voct", "gen1", "gen2", "acc2", "loc1", "loc2",
    "sing", "plur", "1per", "2per", "3per", "pres", "past", "futr", "indc", "impr", "incl", "excl",
    "actv", "pssv", "V-be", "V-en", "V-ie", "V-bi", "V-ey", "V-oy", "V-ej", "V-sh", "Cmp2", "Supr", "Af-p",
))
# … and, except for a noun, gender and animacy too (an adjective's
# feminine, an adjective's animate accusative).
_AGREEING = frozenset(("masc", "femn", "neut", "anim", "inan"))

# Letters most often left out in Russian: soft/hard signs, doubled consonants' partners, vowels.
_INSERTABLE = "ьъйаеиоуыэюянлст"
MAX_COST = 2.0
# A slot the fit did not measure (too few lexemes) counts as this much
# rarer than its lexeme: as rare as the rarest measured slots.
_UNMEASURED = "unmeasured"


def slot(tag) -> str:
    """The paradigm slot of a pymorphy3 tag: its part of speech and the
    grammemes that vary within a lexeme (``VERB,2per,indc,pres,sing``)."""
    grams = tag.grammemes
    kept = grams & _SLOT_GRAMMEMES
    if tag.POS != "NOUN":
        kept |= grams & _AGREEING
    return ",".join([str(tag.POS)] + sorted(kept))


def counted_zipf(word: str) -> float:
    """wordfreq's Zipf of a form (its commoner ё-spelling); 0 when unlisted."""
    z = lexicon.zipf(word, "ru")
    if "ё" in word:
        z = max(z, lexicon.zipf(word.replace("ё", "е"), "ru"))
    return z


def total_zipf(zipfs: Iterable[float]) -> float:
    """The Zipf of several forms together (frequencies add); 0 when none is counted."""
    total = sum(10.0 ** z for z in zipfs if z > 0)
    return math.log10(total) if total > 0 else 0.0


@lru_cache(maxsize=1)
def _offsets() -> dict[str, float]:
    table = json.loads(PARAMS.read_text(encoding="utf-8"))["slots"]
    offsets = {s: row["offset"] for s, row in table.items()}
    offsets[_UNMEASURED] = min(offsets.values())
    return offsets


# pymorphy3's marks of a name (first name, surname, patronymic, place, organisation, brand).
_NAME = frozenset(("Name", "Surn", "Patr", "Geox", "Orgn", "Trad"))


@lru_cache(maxsize=4096)
def estimated_zipf(form: str) -> float | None:
    """An estimate of how common a dictionary form is (Zipf, ≥ 0): its
    lexeme's total plus its slot's offset; None for a name's form. Of a
    form with several parses, the likeliest (pymorphy3's first) is taken."""
    parses = lexicon.morph().parse(form)
    if not parses or not parses[0].is_known:
        return 0.0
    p = parses[0]
    if _NAME & p.tag.grammemes:
        return None
    total = _lexeme_total(_lexeme_words(p))
    if total <= 0:
        return 0.0
    offsets = _offsets()
    offset = offsets.get(slot(p.tag), offsets[_UNMEASURED])
    return round(max(0.0, total + offset), 2)


def _lexeme_total(words: list[str]) -> float:
    """``total_zipf(_counted_zipfs(words).values())``: the Zipf of a
    lexeme's forms together, each distinct form's Zipf read once by C-level
    maps over the forms (a lexeme has dozens of forms, a verb's ~100, and a
    Python step per form was most of :func:`estimated_zipf`'s cost). The
    same Zipfs are summed in the same order: with no ё, each distinct form
    is a key of its own, in the order of its first appearance; with ё, the
    forms' values are keyed by their е-spelling as there (first key first,
    last value wins). A hyphenated form's Zipf is its parts' (lexicon.zipf's
    way): such a lexeme goes the way of :func:`_counted_zipfs`."""
    joined = "".join(words)
    if "-" in joined:
        return total_zipf(_counted_zipfs(words).values())
    idx = index.get("ru")
    zipf100 = idx.freq_zipf
    forms = list(dict.fromkeys(words))
    hits = map(idx.freq.get, map(str.lower, forms))
    zipfs = [zipf100[hit] / 100 if hit is not None else 0.0 for hit in hits]
    if "ё" not in joined:
        return total_zipf(zipfs)
    get = idx.freq.get
    for i, w in enumerate(forms):
        if "ё" in w:  # (its commoner ё-spelling: counted_zipf's way)
            hit = get(w.replace("ё", "е").lower())
            zipfs[i] = max(zipfs[i], zipf100[hit] / 100 if hit is not None else 0.0)
    zipf_of = dict(zip(forms, zipfs))
    return total_zipf(dict(zip(map(_E_FOR_YO, words), map(zipf_of.__getitem__, words))).values())


_E_FOR_YO = methodcaller("replace", "ё", "е")


def _counted_zipfs(words: list[str]) -> dict[str, float]:
    """``{w.replace("ё", "е"): counted_zipf(w) for w in words}``, a
    hyphen-free form's Zipf read from the index's frequency list as
    :func:`lexicon.zipf` reads it, not through lexicon.zipf's memo: a
    lexeme's dozens of forms are asked once each, and the memo would only
    add its own work (and hold them)."""
    idx = index.get("ru")
    get, zipf100 = idx.freq.get, idx.freq_zipf
    zipfs = {}
    for w in words:
        lower = w.lower()
        if "-" in lower:
            z = counted_zipf(w)  # (its parts' Zipfs combined: lexicon.zipf's way)
        else:
            hit = get(lower)
            z = zipf100[hit] / 100 if hit is not None else 0.0
            if "ё" in w:
                hit = get(w.replace("ё", "е").lower())
                z = max(z, zipf100[hit] / 100 if hit is not None else 0.0)
        zipfs[w.replace("ё", "е")] = z
    return zipfs


def _lexeme_words(p) -> list[str]:
    """The words of ``p.lexeme`` (a pymorphy3 parse's), in its order; a
    dictionary word's read straight from the paradigm table
    (:func:`cleanup.grammar.morph.lexeme_words`): pymorphy3 builds a parse,
    a tag and a methods stack for each of the lexeme's forms (dozens for a
    verb), and only the words are wanted."""
    from pymorphy3.units import DictionaryAnalyzer

    from ..grammar.morph import lexeme_words

    stack = p.methods_stack
    if len(stack) != 1 or type(stack[0][0]) is not DictionaryAnalyzer:  # (a guess's lexeme: pymorphy3's own way)
        return [q.word for q in p.lexeme]
    _, _, para_id, idx = stack[0]
    return lexeme_words(para_id, idx, p.word)


class _SlipLetters(dict):
    """A letter → the letters a cheap slip of it gives
    (:func:`errormodel.cheap_substitutes`) and ё: what may stand in its
    place in a slip (``slip_forms`` is handed them for each of the word's
    letters: filled as letters come, so they are looked up by one C-level map)."""

    def __missing__(self, ch: str) -> str:
        letters = self[ch] = errormodel.cheap_substitutes(ch) + "ё"
        return letters


_SLIP_LETTERS = _SlipLetters()


def _one_slip_away(word: str) -> set[str]:
    """The strings one of the error model's cheap slips away from ``word``
    (a letter left out or one too many, two swapped, a cheap substitution),
    so that the morphology is asked a few hundred times, not thousands.
    A slip at position i leaves the first i letters as typed: only where
    they still begin some dictionary word (up to the first letter after
    which none does) can a slip there give one."""
    low, high = 0, len(word)  # the longest prefix beginning a word: low ≤ it ≤ high
    while low < high:
        mid = (low + high + 1) // 2
        if candidate_search._may_begin_a_word(word[:mid]):
            low = mid
        else:
            high = mid - 1
    splits = [(word[:i], word[i:]) for i in range(low + 1)]
    edits = {a + b[1:] for a, b in splits if b}
    edits |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    edits |= {a + c + b[1:] for a, b in splits if b for c in _SLIP_LETTERS[b[0]]}
    edits |= {a + c + b for a, b in splits for c in _INSERTABLE + (a[-1:] if a else "")}
    edits.discard(word)
    return edits


_HAS_E = methodcaller("__contains__", "е")  # "е" in the string
_HAS_YO = methodcaller("__contains__", "ё")


def _slip_forms(word: str) -> tuple[set[str], Iterable[str]]:
    """Of :func:`_one_slip_away`'s strings: those the dictionary holds as
    spelt, and (a superset of) those it holds with some е read as ё
    (:func:`candidates` tells the latter apart). With the compiled kernel,
    one walk of the dictionary's DAWG per slip position finds both exactly
    (``_speedups.slip_forms``); the Python below is its reference."""
    kernel = speedups.compiled()
    if kernel is not None:
        units = dictionary_units()
        if units is not None:
            found = kernel.slip_forms(word, tuple(map(_SLIP_LETTERS.__getitem__, word)), _INSERTABLE, units)
            if found is not None:
                return found
    return _slip_forms_python(word)


def _slip_forms_python(word: str) -> tuple[set[str], Iterable[str]]:
    """:func:`_slip_forms` in Python."""
    forms = lexicon.morph().dictionary.words
    edits = _one_slip_away(word)
    # Most edits are no dictionary form, with or without ё: the spellings
    # in the dictionary as they stand and those with an е (which may stand
    # for ё) are picked out by C-level filters, and only they are visited.
    # (The order of the visit does not matter: the candidates are sorted.)
    listed = set(filter(forms.__contains__, edits))
    unlisted = edits.difference(listed)
    folded = index.get("ru").yo_folded()
    if folded is None:
        return listed, filter(_HAS_E, unlisted)
    # Of the others, a string without ё is a form spelt with ё exactly
    # when the dictionary's ё-forms, ё written е, hold it (one more
    # C-level filter: almost none are, and the search below is spared
    # for the rest); one with a ё of its own is searched for as before.
    with_e = list(filter(_HAS_E, unlisted))  # (the folded forms all have an е)
    return listed, chain(filter(folded.__contains__, with_e), filter(_HAS_YO, with_e))


_NOT_READ = object()
_units = _NOT_READ


def dictionary_units():
    """The units of the dictionary's DAWG (pymorphy3's ``words.dawg``, the
    file its ``dictionary.words`` was read from), memory-mapped, for the
    kernels that look Russian forms up in C (``_speedups.slip_forms``, and
    candidates' ``splits_in_two``); None when the file cannot be read as one, or
    the compiled look-ups disagree with the DAWG's own on a few words."""
    global _units
    if _units is _NOT_READ:
        _units = None
        try:
            units = _read_units(Path(lexicon.morph().dictionary.path) / "words.dawg")
        except (AttributeError, OSError, TypeError, ValueError):
            return None
        forms = lexicon.morph().dictionary.words
        kernel = speedups.compiled()
        probes = ("слово", "ёлка", "елка", "определяешься", "класснее", "словоо", "", "а", "zzz", "ёжик", "ежик")
        if all(kernel.dawg_has(units, w) == (w in forms) for w in probes):
            _units = units
    return _units


def _read_units(path: Path):
    """A dawgdic dictionary's units: a 32-bit count, then that many 32-bit units."""
    import mmap

    with open(path, "rb") as fh:
        mapped = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    (count,) = struct.unpack("=I", mapped[:4])
    if count == 0 or 4 + 4 * count > len(mapped):
        raise ValueError(f"{path}: not a DAWG")
    return memoryview(mapped)[4:4 + 4 * count].cast("I")


@lru_cache(maxsize=4096)
def candidates(word: str, nearer_than: float = MAX_COST + 1) -> tuple:
    """Dictionary forms one cheap slip away from an unknown Russian word that
    the candidate index does not hold (wordfreq counts them below Zipf 1.0
    or not at all), each with its error cost and estimated frequency; only
    those cheaper than ``nearer_than`` (the best ordinary candidate's cost:
    a guessed frequency must not outweigh a counted one that is as near),
    and no name (a name's rare case form is a guess about a name)."""
    listed, spelt_with_yo = _slip_forms(word)
    if not listed and not spelt_with_yo:  # (the kernel's empty sets: most words; the twin's filters are never false)
        return ()
    Candidate = candidate_search.Candidate
    morph = lexicon.morph()
    forms = morph.dictionary.words
    yo = morph.char_substitutes  # е may stand for ё: the dictionary spells ё out
    vocab_zipf = index.get("ru").vocab_zipf
    bar = min(MAX_COST, nearer_than - 1e-9)
    out = []
    for e in chain(listed, spelt_with_yo):
        if e in listed:
            found = e
        elif e.count("е") == 1:
            # One е: its ё-spelling is one more exact look-up, several
            # times cheaper than the ё-blind search below.
            found = e.replace("е", "ё")
            if found not in forms:
                continue
        else:
            spelt = forms.similar_keys(e, yo)
            if not spelt:
                continue
            found = spelt[0]
        if vocab_zipf(e) is not None or vocab_zipf(found) is not None:
            continue  # the index holds it: the ordinary search's business
        cost = errormodel.cost(word, e)
        if cost > bar:
            continue
        estimate = estimated_zipf(found)
        if estimate is not None:
            out.append(Candidate(e, cost, max(counted_zipf(found), estimate), "rare"))
    return tuple(sorted(out, key=lambda c: (c.rank, c.word)))
