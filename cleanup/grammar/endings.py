"""A case ending that made a non-word after a preposition: `в жизне` → `в жизни`.

When the word after a preposition is not in the dictionary but changing its
ending (the last one or two letters) gives a form of a real noun in a case the
preposition takes, that form is the repair: the stem was typed right, the
ending was written by ear. Capitalised words (names) and words of other
scripts are left alone, and so is a word whose repair is not unique.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from itertools import islice, product

from .. import lexicon
from .government import PREPOSITION_CASES
from .morph import Tok, case_of, edit_cost, parses

# Endings of Russian nouns in any case and number.
_ENDINGS = (
    "", "а", "я", "у", "ю", "е", "и", "ы", "о", "ь", "ой", "ей", "ом", "ем", "ам", "ям",
    "ах", "ях", "ами", "ями", "ов", "ев", "ий", "ие", "ия", "ию", "ии", "ью",
)
MAX_COST = 1.0


def check(toks: list[Tok]) -> Iterator[tuple[str, Tok, str, float]]:
    """(rule suffix, token, replacement, confidence)."""
    for prep, tok in zip(toks, toks[1:]):
        if tok.brk or prep.lower not in PREPOSITION_CASES or not prep.of("PREP"):
            continue
        found = _repair(prep.lower, tok.text)
        if found is not None:
            yield "case_ending", tok, found[0], found[1]


@lru_cache(maxsize=50_000)
def _repair(prep: str, word: str) -> tuple[str, float] | None:
    """The repair of ``word`` after the preposition ``prep`` and its
    confidence, or None: a matter of the two forms alone, worked out once
    per pair (each asks for the readings of some fifty candidate forms)."""
    if len(word) < 4 or not word.islower() or not ("а" <= word[0] <= "я" or word[0] == "ё"):
        return None
    if lexicon.is_known(word, "ru"):
        return None
    allowed = PREPOSITION_CASES[prep]
    scored = {}
    for cut in (1, 2):
        stem = word[:-cut]
        for cand in in_dictionary([stem + ending for ending in _ENDINGS], stem):
            if cand == word or len(cand) < 3:
                continue
            if not any(case_of(p.tag) in allowed for p in parses(cand) if p.tag.POS == "NOUN"):
                continue
            cost = edit_cost(word, cand)
            if cost <= MAX_COST:
                scored[cand] = cost
    if not scored:
        return None
    ranked = sorted(scored.items(), key=lambda kv: (kv[1], -lexicon.zipf(kv[0], "ru")))
    best, cost = ranked[0]
    if len(ranked) > 1 and ranked[1][1] == cost:
        return None  # two repairs as good as each other: no evidence which
    return best, 0.6 if cost <= 0.5 else 0.5


# At most this many dictionary words beginning with a stem are listed; past
# it every candidate is looked up (a short stem begins thousands).
_LISTED_MAX = 100


def in_dictionary(cands: list[str], stem: str) -> list[str]:
    """The candidates (each ``stem`` + an ending) that may have dictionary
    readings, in order: a subset holding every one :func:`.morph.parses`
    finds. A candidate is found when the dictionary holds it with some of
    its е written ё; so a stem no word begins with (in any such spelling)
    has none, and a stem few words begin with has those of them that the
    candidates spell — found by listing them, not by a look-up per
    candidate (most candidates are no words)."""
    words = lexicon.morph().dictionary.words
    if not (hasattr(words, "has_keys_with_prefix") and hasattr(words, "iterkeys")) or stem.count("е") > 3:
        return cands
    spellings = ["".join(p) for p in product(*[("е", "ё") if c == "е" else (c,) for c in stem])]
    alive = [v for v in spellings if words.has_keys_with_prefix(v)]
    held: set[str] = set()
    for v in alive:
        listed = list(islice(words.iterkeys(v), _LISTED_MAX + 1))
        if len(listed) > _LISTED_MAX:
            return cands
        for key in listed:
            held.update(_e_spellings(key))
    return [c for c in cands if c in held]


def _e_spellings(key: str) -> list[str]:
    """``key`` and every spelling of it with some of its ё written е: the
    words in which the dictionary finds ``key``."""
    if "ё" not in key:
        return [key]
    return ["".join(p) for p in product(*[("ё", "е") if c == "ё" else (c,) for c in key])]
