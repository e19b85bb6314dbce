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
from itertools import compress, count
from operator import ne

from .. import lexicon
from . import errormodel, index

# At most this many confusions undone in one word: two cover a damaged
# short word (bia → his); more find a word in almost any string.
MAX_CONFUSIONS = 2


def _by_first_letter(pairs) -> dict[str, tuple[tuple[str, str, bool], ...]]:
    """(typed, intended, typed is one letter) by the typed side's first letter."""
    table: dict[str, list[tuple[str, str, bool]]] = {}
    for typed, intended in sorted(set(pairs)):
        table.setdefault(typed[0], []).append((typed, intended, len(typed) == 1))
    return {k: tuple(v) for k, v in table.items()}


_UNDO = _by_first_letter(errormodel.OCR_CONFUSIONS)
# ... and the hand-set lookalikes too (naıve: ı for i), for telling whether
# a word reads as another.
_READ = _by_first_letter(list(errormodel.OCR_CONFUSIONS) + errormodel.lookalikes())
# ... the same by the first letters of both sides ("Ul" for U → ll), for
# :func:`reads_as`, which knows both words.
_READ_AT: dict[str, tuple[tuple[str, str, bool], ...]] = {}
for _entries in _READ.values():
    for _entry in _entries:
        assert _entry[0] and _entry[1], "a confusion with an empty side"
        _READ_AT[_entry[0][0] + _entry[1][0]] = _READ_AT.get(_entry[0][0] + _entry[1][0], ()) + (_entry,)
# Only the confusions of one letter for two or two for one (U for ll, d for il).
_UNDO_MULTI = {k: m for k, v in _UNDO.items() if (m := tuple(c for c in v if len(c[0]) != len(c[1])))}
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
    return meant[:1] != first and any(meant.startswith(intended) for typed, intended, one in _UNDO.get(first, ())
                                      if one)


def reads_as(reading: str, meant: str, most: int = MAX_CONFUSIONS) -> bool:
    """Does undoing at most ``most`` OCR confusions (measured or hand-set)
    turn ``reading`` into ``meant``? (Asked of one word: cheap.)"""
    if reading == meant or most == 0 or abs(len(reading) - len(meant)) > most:
        return False  # (a confusion changes the length by one letter at most)
    # (The first place they differ: os.path.commonprefix's length, with a
    # C-level walk over the letter pairs instead of its Python one.)
    i = next(compress(count(), map(ne, reading, meant)), min(len(reading), len(meant)))
    # (Only the confusions whose two sides begin with the two words' first
    # different letters can apply there: the rest of _READ[reading[i]] are
    # never tried. No side is empty, so a word that ends at i has none.)
    for typed, intended, one in _READ_AT.get(reading[i:i + 1] + meant[i:i + 1], ()):
        if (one or reading.startswith(typed, i)) and meant.startswith(intended, i):
            rest, rest_meant = reading[i + len(typed):], meant[i + len(intended):]
            if rest == rest_meant or reads_as(rest, rest_meant, most - 1):
                return True
    return False


@lru_cache(maxsize=100_000)
def _begins(prefix: str) -> bool:
    """Does an English dictionary word begin with ``prefix``? (The same
    beginnings are asked again and again: kept.)"""
    return next(index.get("en").speller.iterkeys(prefix), None) is not None


@lru_cache(maxsize=4096)
def printed(reading: str, lang: str, most: int = MAX_CONFUSIONS, multi: bool = False) -> tuple[tuple[str, float], ...]:
    """(word, error cost) of the known words that undoing at most ``most``
    OCR confusions makes of ``reading`` (an :func:`errormodel.ocr_reading`),
    English only: the confusions were measured on English books. With
    ``multi``, only confusions of one letter for two or two for one.

    The word is walked left to right, undoing a confusion or keeping a
    letter; a beginning that no dictionary word has ends the walk there
    (most misreadings die within a few letters, and a kept capital, which
    no word holds, must be undone where it stands)."""
    if lang != "en":
        return ()
    speller = index.get(lang).speller
    begins = _begins
    undo = _UNDO_MULTI if multi else _UNDO
    found: dict[str, float] = {}

    def walk(s: str, start: int, left: int) -> None:
        # s[:start] begins some word. Each kept capital must be undone, so
        # when the confusions left are only enough for them, nothing else is.
        spare = left > sum(map(str.isupper, s[start:]))
        for i in range(start, len(s)):
            if not spare and not s[i].isupper():
                if not begins(s[:i + 1]):
                    return
                continue
            for typed, intended, one in undo.get(s[i], ()):
                if one or s.startswith(typed, i):
                    end = i + len(intended)
                    new = s[:i] + intended + s[i + len(typed):]
                    if not begins(new[:end]):
                        continue
                    if new not in found and new in speller and lexicon.is_known(new, lang):
                        found[new] = errormodel.cost(reading, new)
                    if left > 1:
                        walk(new, end, left - 1)
            if not begins(s[:i + 1]):
                return

    walk(reading, 0, most)
    found.pop(reading, None)
    return tuple(found.items())
