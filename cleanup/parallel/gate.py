"""The comparison's gate: can two editions be translations of each other?

:func:`may_be_translations` says no only when no alignment of the two could
be judged parallel, and then :func:`.compare.compare` reports nothing. Most
bilingual documents are no translations (a Russian article quoting English
sentences, a corpus of mixed files), so the gate reads each edition as its
paragraphs' spans of the text: no ``Paragraph`` objects, and neither the
comparison nor the alignment is loaded (a module of its own for that).
"""

from __future__ import annotations

from itertools import chain, compress, count, repeat
from operator import and_, attrgetter, itemgetter, not_

from ..segments import Span
from . import names
from .editions import Edition, distinctive_values_in, may_hold_distinctive_in
from .evidence import DISTINCTIVE_NAME_KEY

# One edition as the gate reads it: its language and its paragraphs' spans.
Side = tuple[str | None, list[Span]]

_START, _END = attrgetter("start"), attrgetter("end")
_THIRD = itemgetter(2)


def side_of(edition: Edition) -> Side:
    return edition.lang, [p.span for p in edition.paragraphs]


def may_be_translations(a: Edition, b: Edition) -> bool:
    """:func:`sides_may_be_translations` of two editions of one text."""
    return sides_may_be_translations(a.doc.text, side_of(a), side_of(b))


def sides_may_be_translations(text: str, a: Side, b: Side) -> bool:
    """Can some alignment of editions ``a`` and ``b`` of ``text`` be judged
    parallel? False only when it surely cannot, and then
    :func:`.compare.compare` reports nothing.

    :func:`.evidence.verdict` calls editions translations only when some
    aligned pair shares a distinctive anchor: a number of one distinctive
    value, a name key of ``DISTINCTIVE_NAME_KEY`` letters or more, or an
    acronym key. Whatever the beads, a pair's paragraphs are some of each
    edition's, so a pair can share only what the two whole editions share:
    when they share none of these, no alignment is needed to know the
    answer. Unrelated ru/en paragraphs side by side (a corpus of mixed
    files) almost never share one; a translation shares many, and the
    search stops at the first."""
    (lang_a, spans_a), (lang_b, spans_b) = a, b
    # (Read the anchors of neither edition when one can hold no distinctive
    # value; B's paragraphs before the first that can are not scanned twice.)
    first = next(compress(count(), map(may_hold_distinctive_in, repeat(text), map(_START, spans_b),
                                       map(_END, spans_b))), None)
    if first is not None:
        values = _distinctive_values(text, lang_a, spans_a)
        if values:
            at = spans_b[first]
            values_b = distinctive_values_in(text, at.start, at.end, lang_b, known_to_hold=True) | \
                _distinctive_values(text, lang_b, spans_b[first + 1:])
            if not values.isdisjoint(values_b):
                return True
    if {lang_a, lang_b} == {"ru", "en"}:
        return _may_share_name_keys(text, *((spans_a, spans_b) if lang_a == "ru" else (spans_b, spans_a)))
    keys_a, acronyms_a = _keys(name_words(text, spans_a), lang_a)
    if not keys_a:
        return False
    keys_b, acronyms_b = _keys(name_words(text, spans_b), lang_b)
    shared = keys_a & keys_b
    if any(len(k) >= DISTINCTIVE_NAME_KEY for k in shared):
        return True
    return not acronyms_a.isdisjoint(acronyms_b)


def _distinctive_values(text: str, lang: str | None, spans: list[Span]) -> frozenset[float]:
    return frozenset().union(*map(distinctive_values_in, repeat(text), map(_START, spans), map(_END, spans),
                                  repeat(lang)))


def name_words(text: str, spans: list[Span]) -> set[str]:
    """The distinct capitalised words (:func:`.names.capitalised_words`) of the spans."""
    found = map(names.capitalised_words, repeat(text), map(_START, spans), map(_END, spans))
    return set(map(_THIRD, chain.from_iterable(found)))


def _may_share_name_keys(text: str, ru: list[Span], en: list[Span]) -> bool:
    """Do the Russian paragraphs ``ru`` and the English ones ``en`` of
    ``text`` share a name key of ``DISTINCTIVE_NAME_KEY`` letters or more,
    or an acronym key (what :func:`edition_keys` of both would show)? The
    English keys are made for the edition's words at once
    (:func:`.names.en_keys`); of the Russian words, only those whose key
    signature (:func:`.names.signature`, read off the word's letters
    without transliterating it) is one of the long English keys' have their
    keys made: in two unrelated texts almost none
    (tests/test_parallel_gate.py compares this with :func:`edition_keys`)."""
    words_en = list(name_words(text, en))
    if not words_en:
        return False
    words_ru = name_words(text, ru)
    if not words_ru:
        return False
    keys_en = list(names.EN_KEYS.each(words_en))
    lengths = list(map(len, keys_en))
    # Acronyms: words in capitals of at most five letters, keys of three or more.
    acronym_keys = set(compress(keys_en, map(and_, map(str.isupper, words_en),
                                             map(and_, map(_AT_MOST_5, map(len, words_en)),
                                                 map(_AT_LEAST_3, lengths)))))
    if acronym_keys:
        acronyms_ru = [w for w in filter(str.isupper, words_ru) if len(w) <= 5]
        if acronyms_ru and \
                not acronym_keys.isdisjoint(chain.from_iterable(map(_RU_LONG_KEYS.__getitem__, acronyms_ru))):
            return True
    long_en = set(compress(keys_en, map(_AT_LEAST_DISTINCTIVE, lengths)))
    if not long_en:
        return False
    wanted = names.signatures(long_en)
    wanted.add(names.ANY_SIGNATURE)
    # The Russian words with a wanted signature (C-level maps over the memo,
    # the words new to it answered in one pass).
    maybe = compress(words_ru, map(not_, map(wanted.isdisjoint, names.ru_signatures_of(words_ru))))
    return any(not long_en.isdisjoint(_RU_LONG_KEYS[w]) for w in maybe)


_AT_MOST_5 = (6).__gt__
_AT_LEAST_3 = (2).__lt__
_AT_LEAST_DISTINCTIVE = (DISTINCTIVE_NAME_KEY - 1).__lt__


def edition_keys(edition: Edition) -> tuple[frozenset[str], frozenset[str]]:
    """The union of the paragraphs' ``name_keys`` and of their
    ``acronym_keys``, from the edition's distinct name tokens at once
    (tests/test_parallel_gate.py compares the two)."""
    lang, spans = side_of(edition)
    return _keys(name_words(edition.doc.text, spans), lang)


def _keys(words: set[str], lang: str | None) -> tuple[frozenset[str], frozenset[str]]:
    """The name keys of three letters or more of ``words``, and those of
    its acronyms (in capitals, five letters at most), through the memos'
    own look-up (no Python call per word, and the short keys left out once
    per word)."""
    if not words:
        return frozenset(), frozenset()
    acronyms = {w for w in words if w.isupper() and len(w) <= 5}
    if lang == "ru":
        keys_of = _RU_LONG_KEYS.__getitem__
        keys = frozenset().union(*map(keys_of, words))
        acronym_keys = frozenset().union(*map(keys_of, acronyms)) if acronyms else frozenset()
    else:
        keys_of = _EN_LONG_KEY.__getitem__
        keys = frozenset(map(keys_of, words)).difference(_NO_KEY)
        acronym_keys = frozenset(map(keys_of, acronyms)).difference(_NO_KEY)
    return keys, acronym_keys


# A word's name keys of three letters or more (a Russian word's set; an
# English word's one key, or None when shorter).
_RU_LONG_KEYS = names.Memo(lambda word: frozenset(k for k in names.ru_keys(word) if len(k) >= 3), 50_000)
_EN_LONG_KEY = names.Memo(lambda word: key if len(key := names.en_key(word)) >= 3 else None, 50_000)
_NO_KEY = (None,)
