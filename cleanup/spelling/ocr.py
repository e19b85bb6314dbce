"""The printed word behind an OCR misreading (weU → well, stdl → still,
Hkewise → likewise, tbe → the).

The error model knows what OCR engines read for what a book printed
(:data:`errormodel.OCR_CONFUSIONS`, estimated from real OCR damage by
bench/ocr_costs.py). The symmetric-delete index finds words one or two
plain edits away, and ``U`` for ``ll`` in a four-letter word is already
two; so the confusions are also run backwards here: undo one or two of
them anywhere in the word and keep what the lexicon knows. The candidates
are weighed by the same error model as every other.

A capital inside a lower-case word (weU, chappeU) is how OCR writes ``ll``
and never how a person types; :func:`errormodel.ocr_reading` keeps such a
capital, and a word with one is only read through the confusions: each of
its kept capitals must be one a confusion reads back (McDonald, iPhone,
camelCase names are not OCR damage and stay unread).
"""

from __future__ import annotations

from functools import lru_cache

from .. import lexicon
from . import errormodel

# At most this many confusions undone in one word: two cover a damaged
# short word (bia → his); more find a word in almost any string.
MAX_CONFUSIONS = 2


def _by_first_letter() -> dict[str, tuple[tuple[str, str], ...]]:
    table: dict[str, list[tuple[str, str]]] = {}
    for typed, intended in sorted(errormodel.OCR_CONFUSIONS):
        table.setdefault(typed[0], []).append((typed, intended))
    return {k: tuple(v) for k, v in table.items()}


_UNDO = _by_first_letter()
# The capitals a confusion reads back (U for ll).
_READ_CAPITALS = frozenset(ch for typed, _ in errormodel.OCR_CONFUSIONS for ch in typed if ch.isupper())


def readable(reading: str) -> bool:
    """Is every capital an :func:`errormodel.ocr_reading` kept in the word
    one that an OCR confusion reads back? (weU yes; mcDonald, iPhone no.)"""
    return all(ch in _READ_CAPITALS for ch in reading if ch.isupper())


def capital_misread(reading: str, meant: str) -> bool:
    """Does ``meant`` begin with what a confusion reads the word's first
    letter back to, a different letter (Hke → like: H for li)? Then the
    word's capital is OCR's, not the writer's."""
    first = reading[:1].lower()
    return meant[:1] != first and any(meant.startswith(intended) for typed, intended in _UNDO.get(first, ())
                                      if typed == first)


def _undone(reading: str, start: int, left: int):
    """The strings made by undoing up to ``left`` confusions at or after ``start``."""
    for i in range(start, len(reading)):
        for typed, intended in _UNDO.get(reading[i], ()):
            if reading.startswith(typed, i):
                new = reading[:i] + intended + reading[i + len(typed):]
                yield new
                if left > 1:
                    yield from _undone(new, i + len(intended), left - 1)


@lru_cache(maxsize=4096)
def printed(reading: str, lang: str) -> tuple[tuple[str, float], ...]:
    """(word, error cost) of the known words that undoing one or two OCR
    confusions makes of ``reading`` (an :func:`errormodel.ocr_reading`),
    English only: the confusions were measured on English books."""
    if lang != "en":
        return ()
    out = {}
    for new in _undone(reading, 0, MAX_CONFUSIONS):
        if new not in out and new.islower() and lexicon.is_known(new, lang):
            out[new] = errormodel.cost(reading, new)
    return tuple(out.items())
