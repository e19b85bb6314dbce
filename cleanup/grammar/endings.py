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

from .. import lexicon
from .government import PREPOSITION_CASES
from .morph import Tok, case_of, edit_cost
from .scan import raw

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
        # The cost first, where the readings are a dictionary look-up: most
        # endings are more than one edit away.
        for ending, cost in _near_endings(word[-cut:]):
            cand = stem + ending
            if cand == word or len(cand) < 3:
                continue
            if _noun_in(cand, allowed):
                scored[cand] = cost
    if not scored:
        return None
    ranked = sorted(scored.items(), key=lambda kv: (kv[1], -lexicon.zipf(kv[0], "ru")))
    best, cost = ranked[0]
    if len(ranked) > 1 and ranked[1][1] == cost:
        return None  # two repairs as good as each other: no evidence which
    return best, 0.6 if cost <= 0.5 else 0.5


@lru_cache(maxsize=None)
def _near_endings(tail: str) -> tuple[tuple[str, float], ...]:
    """The endings (in the order of _ENDINGS) within MAX_COST of ``tail``,
    a word's last one or two letters, each with its cost: that of changing
    the word's tail to it, ``edit_cost(word, stem + ending)`` (the shared
    stem is a common beginning, which edit_cost skips). A few hundred tails
    serve every word."""
    return tuple((ending, cost) for ending in _ENDINGS if (cost := edit_cost(tail, ending)) <= MAX_COST)


def _noun_in(form: str, cases: frozenset[str]) -> bool:
    """Has ``form`` a noun reading in one of ``cases``? (As ``parses(form)``
    has them, read from the dictionary's tags without building readings.)"""
    found = raw(form)
    return found is not None and any(f.tag.POS == "NOUN" and case_of(f.tag) in cases for f in found.facts)
