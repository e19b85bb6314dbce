"""Misspelt words in Russian and English, with an error model and calibrated
confidence.

A word is questioned when the lexicon does not know it — ALL CAPS and
Capitalised words too, since transcripts shout names (STALTN) — or when it
is a real form that nobody writes (wordfreq never saw it). Suggestions come
from :mod:`cleanup.spelling.candidates`; their confidence is the calibrated
probability that the first one is right.

Names, abbreviations, coinages and foreign words are the risk: a
Capitalised word inside a sentence or an all-caps word is held at
``display`` unless a close and much more common word stands beside it, and
a short all-caps word (ЕКИ, NATO) is an abbreviation and never fixed.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

import regex

from .. import lexicon
from ..model import Finding, Suggestion, Tier
from ..options import Context
from ..rulepack import match_case
from ..segments import words
from ..spelling import calibration
from ..spelling.candidates import Analysis, analyse
from .base import Detector, RuleDoc

_CYRILLIC = regex.compile(r"^[\p{Script=Cyrillic}\-]+$")
_LATIN = regex.compile(r"^[\p{Script=Latin}\-'’]+$")
# What may stand between a sentence end and the next sentence's first word.
_OPENERS = set(" \t\r\n\u00a0\"'«„“”‘’([{-–—*•")
_SENTENCE_END = set(".!?…:;")

MIN_LENGTH = 3
ABBREVIATION_MAX = 4  # all-caps words this short are taken for abbreviations
# An unknown name-like word (Capitalised inside a sentence, or ALL CAPS) may
# be corrected only towards a close and much more common word.
NAME_MAX_COST = 1.0
NAME_MIN_GAIN = 2.0
NAME_MIN_ZIPF = 2.5
ALTERNATIVES = 3
RATE_MIN_WORDS = 8


def _sentence_initial(text: str, start: int, floor: int) -> bool:
    i = start - 1
    while i >= floor and text[i] in _OPENERS:
        i -= 1
    return i < floor or text[i] in _SENTENCE_END


@lru_cache(maxsize=8)
def _accepted(words_: frozenset[str]) -> tuple[frozenset[str], frozenset[str]]:
    """The project's words (lower case) and, for Russian, their lemmas, so
    that accepting a word accepts its inflected forms."""
    lower = frozenset(w.lower() for w in words_)
    lemmas = set()
    for w in lower:
        if _CYRILLIC.match(w):
            lemmas.update(p.normal_form for p in lexicon.morph().parse(w))
    return lower, frozenset(lemmas)


def _is_accepted(word: str, lang: str, accepted: tuple[frozenset[str], frozenset[str]]) -> bool:
    lower, lemmas = accepted
    if word in lower:
        return True
    if lang == "ru" and lemmas:
        return any(p.normal_form in lemmas for p in lexicon.morph().parse(word))
    return False


class SpellingDetector(Detector):
    RULES = (
        RuleDoc("spelling.ru.word", "Unknown Russian word", "СТАЛТНУ → СТАЛИНУ", "ru"),
        RuleDoc("spelling.ru.rare", "A real but unused Russian form; a common word is near",
                "проголосивших → проголосовавших", "ru"),
        RuleDoc("spelling.en.word", "Unknown English word", "STALTN → STALIN", "en"),
    )

    def detect(self, ctx: Context) -> Iterator[Finding]:
        text = ctx.doc.text
        accepted = _accepted(ctx.options.words)
        for para in ctx.paragraphs:
            # Counted only for a paragraph that has a questionable word.
            rate = _Lazy(lambda p=para: unknown_rate(text, p.start, p.end))
            for tok in words(text, para.start, para.end):
                found = self.check_word(text, tok.start, tok.end, para.start, accepted, rate)
                if found is not None and ctx.options.enabled(found.rule):
                    yield found

    def check_word(self, text, start, end, floor, accepted=(frozenset(), frozenset()), rate=None) -> Finding | None:
        result = self.examine(text, start, end, floor, accepted, rate)
        return result[0] if result else None

    def examine(self, text: str, start: int, end: int, floor: int = 0,
                accepted=(frozenset(), frozenset()), rate: float | None = None) -> tuple[Finding, dict] | None:
        """The finding for one word and the features behind its confidence."""
        word = text[start:end]
        if len(word) < MIN_LENGTH:
            return None
        if _CYRILLIC.match(word):
            lang = "ru"
        elif _LATIN.match(word):
            lang = "en"
        else:
            return None  # mixed scripts: the script detector's business
        lower = word.lower().replace("’", "'")
        if _is_accepted(lower, lang, accepted):
            return None
        analysis = analyse(lower, lang)
        if analysis is None or analysis.best is None:
            return None
        letters = [c for c in word if c.isalpha()]
        upper = len(letters) > 1 and all(c.isupper() for c in letters)
        title = not upper and word[0].isupper() and not _sentence_initial(text, start, floor)
        if not upper and any(c.isupper() for c in word[1:]):
            return None  # McDonald, iPhone: a case pattern we cannot keep
        if isinstance(rate, _Lazy):
            rate = rate.value
        feats = calibration.features(analysis, upper, title, rate)
        p = calibration.probability(feats, lang)
        max_tier = _name_cap(analysis, upper, title)
        rule = f"spelling.{lang}.{'rare' if analysis.known else 'word'}"
        return Finding(
            rule=rule,
            message=f"{'Rare' if analysis.known else 'Unknown'} word; did you mean "
                    f"“{match_case(word, analysis.best.word)}”?",
            start=start,
            end=end,
            text=word,
            suggestions=_suggestions(word, analysis, p),
            detection_confidence=p,
            max_tier=max_tier,
        ), feats


class _Lazy:
    def __init__(self, compute) -> None:
        self._compute = compute
        self._done = False
        self._value = None

    @property
    def value(self):
        if not self._done:
            self._value, self._done = self._compute(), True
        return self._value


def unknown_rate(text: str, start: int, end: int) -> float | None:
    """Share of the paragraph's words the lexicon does not know. Old spelling
    (himselfe, ioyning), foreign passages and heavy OCR damage make it high,
    and there a "correction" is more often a modernisation nobody asked for."""
    total = unknown = 0
    for tok in words(text, start, end):
        w = tok.text
        if len(w) < MIN_LENGTH:
            continue
        lang = "ru" if _CYRILLIC.match(w) else "en" if _LATIN.match(w) else None
        if lang is None:
            continue
        total += 1
        unknown += not lexicon.is_known(w.lower().replace("’", "'"), lang)
    # A handful of words says nothing about the text (a one-word list entry
    # is 100 % unknown): None, "too little context to tell".
    return unknown / total if total >= RATE_MIN_WORDS else None


def _name_cap(a: Analysis, upper: bool, title: bool) -> Tier:
    best = a.best
    if upper and len(a.word) <= ABBREVIATION_MAX:
        return Tier.DISPLAY
    if upper or title:
        close = best.cost <= NAME_MAX_COST and best.kind == "edit"
        common = best.zipf >= NAME_MIN_ZIPF and best.zipf - a.zipf >= NAME_MIN_GAIN
        if not (close and common):
            return Tier.DISPLAY
    return Tier.SAFE


def _suggestions(word: str, a: Analysis, p: float) -> tuple[Suggestion, ...]:
    """The first candidate at the calibrated confidence; the rest share what is left."""
    out = [Suggestion(match_case(word, a.best.word), round(p, 3))]
    rest = a.candidates[1:ALTERNATIVES]
    if rest:
        import math

        weights = [math.exp(-(c.rank - a.best.rank)) for c in rest]
        total = sum(weights) + 1.0
        for c, w in zip(rest, weights):
            out.append(Suggestion(match_case(word, c.word), round(min(p, (1 - p) * w / total), 3)))
    return tuple(out)
