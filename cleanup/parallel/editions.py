"""Editions: the same text in two languages, in two files or in one.

A bilingual transcript usually holds a translation and the original one after
the other (the sample: English, then Russian), sometimes paragraph by
paragraph. An edition here is simply the paragraphs of one language, in order;
the aligner pairs them whatever the layout.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import repeat
from operator import attrgetter, itemgetter


from ..document import Document
from ..segments import Span, paragraphs
from .anchors import Anchor, anchors, may_read_100_or_fraction
from .evidence import DISTINCTIVE_NUMBER, distinctive_number
from . import names, speedups
from .headings import is_heading
from ..lazypattern import LazyPattern

# Two languages are two editions only when each holds a real share of the
# letters: a Russian speech that quotes one English sentence is not bilingual.
MIN_SHARE = 0.2
# And the two are of comparable size (a translation is rarely more than twice
# as long as its original, or half as long).
MAX_RATIO = 2.5

_LANG_NAMES = {"ru": "Russian", "en": "English"}


def lang_name(lang: str | None) -> str:
    return _LANG_NAMES.get(lang or "", lang or "other")


class _computed_once:
    """``functools.cached_property`` without its lock: a value computed on
    first access and kept in the instance's ``__dict__`` (later accesses
    never reach this descriptor). Python 3.11's ``cached_property`` takes a
    lock on every first access, which a bilingual document pays for each
    property of each of its paragraphs."""

    def __init__(self, function) -> None:
        self.function = function
        self.name = function.__name__
        self.__doc__ = function.__doc__

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.function(instance)
        return value


class Paragraph:
    """One paragraph of an edition, with what the aligner and comparer need.
    (A plain class: paragraphs are told apart by identity, never compared as
    wholes, hashed or printed; and a dataclass's generated methods cost ~3.5 M
    instructions to make at every start.)"""

    def __init__(self, doc: Document, span: Span, index: int) -> None:
        self.doc = doc
        self.span = span
        self.index = index  # position within its edition

    @property
    def lang(self) -> str | None:
        return self.span.lang

    @property
    def text(self) -> str:
        return self.doc.text[self.span.start:self.span.end]

    @_computed_once
    def size(self) -> int:
        """Letters and digits: the length measure for alignment (runs of spaces
        and padding in transcripts say nothing about content)."""
        return alnum_count_in(self.doc.text, self.span.start, self.span.end)

    @_computed_once
    def is_heading(self) -> bool:
        """A short paragraph in capitals: a title, often left out of one edition."""
        return is_heading(self.doc.text, self.span.start, self.span.end)

    @_computed_once
    def anchors(self) -> list[Anchor]:
        return anchors(self.doc.text, self.span.start, self.span.end, self.lang)

    @_computed_once
    def may_hold_distinctive(self) -> bool:
        return may_hold_distinctive_in(self.doc.text, self.span.start, self.span.end)

    @_computed_once
    def distinctive_values(self) -> frozenset[float]:
        """:func:`distinctive_values_in` the paragraph, from its anchors."""
        if not self.may_hold_distinctive:
            return frozenset()
        return frozenset(x.value for x in self.anchors if distinctive_number(x.value))

    @_computed_once
    def anchor_values(self) -> Counter:
        return Counter(a.value for a in self.anchors)

    @_computed_once
    def name_tokens(self) -> tuple[tuple[int, int, str], ...]:
        return names.capitalised_words(self.doc.text, self.span.start, self.span.end)

    @_computed_once
    def name_keys(self) -> frozenset[str]:
        """Transliteration skeletons of the names, for cheap exact matching."""
        return self._keys({word for _, _, word in self.name_tokens})

    @_computed_once
    def acronym_keys(self) -> frozenset[str]:
        """The name keys of the words written all in capitals of at most five
        letters (``EKI``, ``ЕКИ``): an acronym shared by two paragraphs is
        evidence of a translation even when it is short."""
        return self._keys({word for _, _, word in self.name_tokens if word.isupper() and len(word) <= 5})

    def _keys(self, forms: set[str]) -> frozenset[str]:
        if not forms:
            return frozenset()
        if self.lang == "ru":
            keys = frozenset().union(*map(names.ru_keys, forms))
        else:
            keys = frozenset(map(names.en_key, forms))
        return frozenset(k for k in keys if len(k) >= 3)


class Edition:
    """The paragraphs of one language, in order. (A plain class, as
    :class:`Paragraph` is.)"""

    __slots__ = ("doc", "lang", "paragraphs")

    def __init__(self, doc: Document, lang: str | None, paragraphs: list[Paragraph] | None = None) -> None:
        self.doc = doc
        self.lang = lang
        self.paragraphs = [] if paragraphs is None else paragraphs

    @property
    def size(self) -> int:
        return sum(p.size for p in self.paragraphs)


def edition_of(doc: Document, lang: str = "auto") -> Edition:
    """All paragraphs of a one-language document (a file of a pair)."""
    spans = [s for s in paragraphs(doc.text, lang) if s.lang is not None]
    langs = [s.lang for s in spans]
    main = max(set(langs), key=langs.count) if langs else None
    return Edition(doc, main, [Paragraph(doc, s, i) for i, s in enumerate(spans)])


def split_editions(doc: Document, spans: list[Span] | None = None) -> tuple[Edition, Edition] | None:
    """The two editions inside one document, or None when it is not bilingual
    (:func:`bilingual_spans`)."""
    pair = bilingual_spans(doc.text, paragraphs(doc.text) if spans is None else spans)
    return None if pair is None else editions_of(doc, pair)


def editions_of(doc: Document, pair) -> tuple[Edition, Edition]:
    """The editions of :func:`bilingual_spans`' answer."""
    (lang_a, spans_a), (lang_b, spans_b) = pair
    return (Edition(doc, lang_a, [Paragraph(doc, s, i) for i, s in enumerate(spans_a)]),
            Edition(doc, lang_b, [Paragraph(doc, s, i) for i, s in enumerate(spans_b)]))


def bilingual_spans(text: str, spans: list[Span]) -> tuple[tuple[str, list[Span]], tuple[str, list[Span]]] | None:
    """The two editions inside one text as (language, paragraph spans), the
    one that starts first first, or None when it is not bilingual.

    Each of the two languages must hold at least ``MIN_SHARE`` of the letters
    and the larger edition at most ``MAX_RATIO`` times the smaller. (Told
    from the spans, before any ``Paragraph`` is made: most bilingual
    documents fail this or the comparison's gate.)
    """
    by_lang: dict[str, list[Span]] = {}
    for s in spans:
        if s.lang is not None:
            by_lang.setdefault(s.lang, []).append(s)
    if len(by_lang) < 2:
        return None
    count = alnum_counter()
    # (size, language, spans) of each language, the largest first (a stable sort).
    sized = sorted(((sum(map(count, repeat(text), map(_START, group), map(_END, group))), lang, group)
                    for lang, group in by_lang.items()), key=_larger_first)
    (size_1, lang_1, first), (size_2, lang_2, second) = sized[0], sized[1]
    total = sum(map(_SIZE, sized))
    if not total or size_2 / total < MIN_SHARE or size_1 > MAX_RATIO * size_2:
        return None
    # Keep document order: the edition that starts first is A.
    if first[0].start > second[0].start:
        return (lang_2, second), (lang_1, first)
    return (lang_1, first), (lang_2, second)


_START, _END = attrgetter("start"), attrgetter("end")
_SIZE = itemgetter(0)


def _larger_first(sized) -> int:
    return -sized[0]


def may_hold_distinctive_in(text: str, start: int, end: int) -> bool:
    """False only when no anchor of ``text[start:end]`` can be distinctive:
    told without reading the anchors (most paragraphs)."""
    return DISTINCTIVE_NUMBER < 100 or may_read_100_or_fraction(text, start, end)


def distinctive_values_in(text: str, start: int, end: int, lang: str | None,
                          known_to_hold: bool = False) -> frozenset[float]:
    """The values of the anchors of ``text[start:end]`` (a paragraph in
    ``lang``) that are distinctive (:func:`.evidence.distinctive_number`),
    without reading the anchors of a paragraph that can hold none (most;
    ``known_to_hold``: the caller has found that it may)."""
    if not known_to_hold and not may_hold_distinctive_in(text, start, end):
        return frozenset()
    return frozenset(x.value for x in anchors(text, start, end, lang) if distinctive_number(x.value))


def name_tokens(text: str, start: int, end: int) -> tuple[tuple[int, int, str], ...]:
    """Capitalised words (names, acronyms): what transliteration can link."""
    return names.capitalised_words(text, start, end)


_NON_ALNUM_ASCII = bytes(b for b in range(128) if not chr(b).isalnum())
# Characters other than ASCII and the Russian alphabet (all of which are letters).
_OTHER_THAN_ASCII_OR_RUSSIAN = LazyPattern(re.compile, r"[^\x00-\x7f\u0410-\u044f\u0401\u0451]")


def alnum_count_in(text: str, start: int, end: int) -> int:
    """``alnum_count(text[start:end])``, by the compiled kernel when it is
    built (one C loop, no slice; tests/test_parallel_lazy.py compares the two)."""
    return alnum_counter()(text, start, end)


def alnum_counter():
    """:func:`alnum_count_in` itself: the compiled kernel when it is built."""
    kernel = speedups.compiled()
    return kernel.alnum_count if kernel is not None else _alnum_count_of_slice


def _alnum_count_of_slice(text: str, start: int, end: int) -> int:
    return alnum_count(text[start:end])


def alnum_count(text: str) -> int:
    """How many characters of ``text`` are letters or digits (``str.isalnum``).

    Counted without a Python step per character: ASCII ones by bytes
    operations, the Russian letters as the rest, and only the few other
    characters asked one by one."""
    if text.isascii():  # (the scan for other characters would find none)
        return len(text.encode("ascii").translate(None, _NON_ALNUM_ASCII))
    ascii_part = text.encode("ascii", "ignore")
    others = _OTHER_THAN_ASCII_OR_RUSSIAN.findall(text)
    russian = len(text) - len(ascii_part) - len(others)
    return (len(ascii_part.translate(None, _NON_ALNUM_ASCII)) + russian
            + sum(1 for c in others if c.isalnum()))
