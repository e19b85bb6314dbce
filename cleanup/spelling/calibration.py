"""Evidence → probability that the first suggestion is the right word.

A logistic map over a few features of an :class:`~.candidates.Analysis`,
fit on the dev sets by ``bench/fit_spelling.py``; its coefficients are data
(``calibration.json`` beside this file), not code.
"""

from __future__ import annotations

import json
import math
from bisect import bisect_left
from functools import lru_cache, partial
from operator import itemgetter, mul
from pathlib import Path

from . import errormodel, index, ocr, speedups
from .candidates import Analysis

PARAMS = Path(__file__).with_name("calibration.json")

BASE_FEATURES = (
    "bias",
    "cost",  # error-model cost of the first candidate
    "cand_zipf",  # how common the first candidate is
    "gain",  # candidate Zipf − the word's own Zipf
    "margin",  # rank distance to the second candidate (3 when alone)
    "own_zipf",  # how common the written word itself is (web text has typos, names, slang)
    "known",  # the written word is a real (but rare) form
    "upper",  # ALL CAPS
    "title",  # Capitalised, not at a sentence start
    "short",  # 1 / length: short words have many close neighbours
    "morph",  # candidate from the stem + grammar generator
    "hyphen",  # candidate for a hyphenated word
    "en",
    "splits",  # the word is two common words run together
    "unknown_rate",  # share of unknown words in the paragraph (old spelling, foreign text)
    "isolated",  # too few words around to judge the text (a list entry, a title)
    "seen",  # wordfreq has seen the written word at all
    "name",  # the first candidate is a name (Russian: pymorphy's Name/Surn/Geox/…)
    "estimated",  # the first candidate's frequency is estimated from its lexeme (a form wordfreq lacks: rareforms)
    "ocr_read",  # the first candidate undoes OCR confusions of the word (stdl → still: d read for il)
    "ocr_capital",  # … read from a capital inside the word, which only OCR writes (weU → well)
    "ocr_cost",  # the error cost of such a reading (its own slope: OCR's costs are not a typist's)
    # signs of period text in the paragraph (log 1 + their count; 0 for an
    # isolated word): old spelling kept there is no typo (:mod:`.period`)
    "period",
)


# A logistic map is linear; these let it bend where the evidence does
# (a cost of 0.5 and of 1.0 are different worlds; a lone candidate is special).
_BINS = {
    "cost": (0.1, 0.35, 0.55, 0.75, 1.05, 1.55),
    "margin": (0.1, 0.3, 0.6, 1.0, 2.0),
    "cand_zipf": (1.5, 2.5, 3.5, 4.5),
    "own_zipf": (0.5, 1.5, 2.5),
    "length": (4, 5, 6, 8, 10),
}
DERIVED = ("cost_sq", "margin_1", "cand_common", "cost_x_short", "margin_x_cost", "alone", "gain_sq")
# What a careful reader looks at beyond the cost and the frequencies: what
# the best candidate's rivals are, and what kind of slip the edit is.
SHAPE = (
    "crowd",  # how many other candidates rank within CROWD of the first
    "second_cost",  # the second candidate's error cost (_SECOND_ALONE_COST when alone)
    "second_zipf",  # … and how common it is (0 when alone)
    "op_insert",  # one slip, a letter left out (нмного → немного)
    "op_delete",  # one slip, a letter too many (люблюд → люблю)
    "op_replace",  # one slip, one letter for another (else several slips: the rest)
    "first_kept",  # the candidate begins with the word's first letter
    "ending_kept",  # … and ends with its last two (the inflection is the writer's)
    "rival_insert",  # the first is not one left-out letter, but a candidate within CROWD is (убрть: убить / убрать)
)
# A lower-case word with too few words around it ("isolated": a short line,
# a list entry) has no paragraph to show how the text was damaged, and in
# English such words are a speller's slips (seperate, beetween), which the
# error model and the frequencies judge better than they judge OCR's damaged
# paragraphs (old spelling kept, names in lists, letters misread): the map
# gives them their own slopes for these features (the feature times
# "isolated, neither ALL CAPS nor Capitalised inside a sentence"; the dev
# data has no typed capitalised word alone, and OCR's short lines are names
# and titles: Pte. J. Diwson, The Booke of …). Russian's map leaves them out
# (:func:`keys`): its short rows are the same web text as its long ones, and
# the slopes did not pay there.
_ISOLATED_SLOPES = ("cost", "cand_zipf", "gain", "gain_sq", "margin", "alone", "own_zipf")
CHANNEL = tuple(f"isolated_{k}" for k in _ISOLATED_SLOPES)
FEATURES = BASE_FEATURES + DERIVED + SHAPE + CHANNEL + tuple(f"{k}<={c}" for k, cuts in _BINS.items() for c in cuts)
# (Russian: the dev data has no period text, and :mod:`.period`'s signs are English.)
_LEFT_OUT = {"ru": frozenset(CHANNEL) | {"period"}, "en": frozenset()}


def keys(lang: str) -> tuple[str, ...]:
    """The features ``lang``'s map weighs (the rest weigh 0)."""
    return tuple(k for k in FEATURES if k not in _LEFT_OUT[lang])


# The features by what they measure (``bench/fit_spelling.py --check --ablate``
# leaves out one group at a time).
_GROUP = {
    "cost": ("cost", "cost_sq", "cost_x_short", "margin_x_cost"),
    "frequency": ("cand_zipf", "gain", "own_zipf", "cand_common", "gain_sq", "seen", "estimated"),
    "margin": ("margin", "margin_1", "alone"),
    "word": ("known", "upper", "title", "short", "name", "splits", "hyphen", "morph", "en", "length"),
    "ocr": ("ocr_read", "ocr_capital", "ocr_cost"),
    "context": ("unknown_rate", "isolated"),
    "period": ("period",),
    "rivals": ("crowd", "second_cost", "second_zipf"),
    "edit": ("op_insert", "op_delete", "op_replace", "rival_insert"),
    "kept": ("first_kept", "ending_kept"),
    "channel": CHANNEL,
}
GROUPS = tuple(_GROUP)
_GROUP_OF = {name: g for g, names in _GROUP.items() for name in names}


def group_of(feature: str) -> str | None:
    """The group a feature (or a bin of one: ``cost<=0.35``) belongs to;
    None for the bias."""
    return _GROUP_OF.get(feature.split("<=")[0])


def features(a: Analysis, upper: bool, title: bool, unknown_rate: float | None = None,
             period: int = 0) -> dict[str, float]:
    """``period``: how many signs of period text the paragraph shows (:func:`.period.count`)."""
    return dict(zip(FEATURES, _values(a, upper, title, unknown_rate, period)))


def period_value(period: int, unknown_rate: float | None) -> float:
    """The ``period`` feature: log(1 + signs) in a paragraph long enough to
    judge (``unknown_rate`` is not None), else 0."""
    return math.log1p(period) if period and unknown_rate is not None else 0.0


# (feature name, what it bins, cut) in FEATURES' order: the names made once.
_BIN_KEYS = tuple((f"{k}<={c}", k, c) for k, cuts in _BINS.items() for c in cuts)


def _values(a: Analysis, upper: bool, title: bool, unknown_rate: float | None, period: int = 0) -> list[float]:
    """The value of each feature, in FEATURES' order (a list: :class:`Scorer`
    makes one per questioned word, and needs no names)."""
    cands = a.candidates
    assert cands, "an analysis with a first candidate"
    word, lang, meant = a.word, a.lang, cands[0].word
    # (What needs Python's tables is asked here; the rest is one call of
    # _listed_values or of its compiled twin.)
    # The confusions are lower-case print's: no OCR evidence in an all-caps word.
    ocr_read = not upper and lang == "en" and ocr.reads_as(word, meant)
    name = lang == "ru" and _is_name(meant, lang)
    typed, meant = _slipped_part(word, meant) if "-" in word else (word, meant)
    listed = speedups.function("feature_values") or _listed_values
    return listed(a, upper, title, unknown_rate, period_value(period, unknown_rate) if period else 0.0, ocr_read,
                  name, typed, meant)


def _listed_values(a: Analysis, upper: bool, title: bool, unknown_rate: float | None, period: float,
                   ocr_read: bool, name: bool, typed: str, meant: str) -> list[float]:
    """:func:`_values` given its ``period`` feature's value and what it
    asks Python's tables (``ocr_read``: the first candidate undoes OCR
    confusions of the word; ``name``: it is a Russian name; ``typed`` and
    ``meant``: the part of the word and of the candidate the slip is in,
    :func:`_slipped_part`). The twin of the compiled ``feature_values``."""
    cands = a.candidates
    best = cands[0]
    word, lang, kind = a.word, a.lang, best.kind
    c, z, own, m = best.cost, best.zipf, a.zipf, a.margin
    gain = z - own
    short = 1.0 / max(1, len(word))
    isolated = unknown_rate is None
    # (The flags are written ``1.0 if … else 0.0``, the value ``float()``
    # gives a bool, without a call each: this runs once per questioned form.)
    values = [
        # BASE_FEATURES
        1.0, c, z, gain, m, own, 1.0 if a.known else 0.0, 1.0 if upper else 0.0, 1.0 if title else 0.0, short,
        1.0 if kind == "morph" else 0.0, 1.0 if kind == "hyphen" else 0.0, 1.0 if lang == "en" else 0.0,
        1.0 if a.splits else 0.0,
        unknown_rate or 0.0, 1.0 if isolated else 0.0, 1.0 if own > 0 else 0.0,
        1.0 if name else 0.0,
        1.0 if kind == "rare" else 0.0,
        1.0 if ocr_read else 0.0, 1.0 if ocr_read and not word.islower() else 0.0, c if ocr_read else 0.0,
        period,
        # DERIVED
        c * c, min(m, 1.0), 1.0 if z >= 3 else 0.0, c * short, m * c, 1.0 if m >= 3 else 0.0, gain * gain / 10,
    ]
    values += _shape(word, cands, typed, meant)
    # CHANNEL: the isolated lower-case word's own slopes.
    values += _sloped(values) if isolated and not (upper or title) else _NO_SLOPES
    # The bins, in _BIN_KEYS' order: of ascending cuts, x <= cut from the
    # first cut not below x on (bisect_left counts the cuts below x).
    values += _COST_ROWS[bisect_left(_COST_CUTS, c)]
    values += _MARGIN_ROWS[bisect_left(_MARGIN_CUTS, m)]
    values += _CAND_ZIPF_ROWS[bisect_left(_CAND_ZIPF_CUTS, z)]
    values += _OWN_ZIPF_ROWS[bisect_left(_OWN_ZIPF_CUTS, own)]
    values += _LENGTH_ROWS[bisect_left(_LENGTH_CUTS, len(word))]
    return values


CROWD = 0.5  # rank distance within which a candidate is a real rival


def _shape(word: str, cands, typed: str, meant: str) -> list[float]:
    """The SHAPE features' values (once per questioned word form: one pass
    over the few other candidates, one C call for the kind of slip;
    ``typed``, ``meant``: :func:`_slipped_part` of the word and the first)."""
    best = cands[0]
    ops = errormodel.editops(typed, meant)
    one = ops[0][0] if len(ops) == 1 else None
    crowd = 0
    rival_insert = False
    reach = best.rank + CROWD
    longer = len(word) + 1
    for c in cands[1:]:
        if c.rank <= reach:
            crowd += 1
            if not rival_insert and one != "insert" and len(c.word) == longer:
                rival_insert = _one_insert(word, c.word)
    if len(cands) > 1:
        second_cost, second_zipf = cands[1].cost, cands[1].zipf
    else:
        second_cost, second_zipf = _SECOND_ALONE_COST, 0.0
    return [
        float(crowd), second_cost, second_zipf,
        float(one == "insert"), float(one == "delete"), float(one == "replace"),
        float(typed[:1] == meant[:1]), float(typed[-2:] == meant[-2:]), float(rival_insert),
    ]


def _slipped_part(word: str, meant: str) -> tuple[str, str]:
    """The part of a hyphenated word that the candidate changes, and its
    change (ели-ели → еле-еле is one slip made twice, ели → еле: its kind
    is that one's); the whole word otherwise."""
    if word.count("-") != meant.count("-"):
        return word, meant
    changed = [(w, m) for w, m in zip(word.split("-"), meant.split("-")) if w != m]
    return changed[0] if changed else (word, meant)


def _one_insert(word: str, longer: str) -> bool:
    """Is ``longer`` the word with one letter put in?"""
    i = 0
    while i < len(word) and word[i] == longer[i]:
        i += 1
    return word[i:] == longer[i + 1:]


_SECOND_ALONE_COST = 2.5


def _bin_rows(cuts: tuple[float, ...]) -> tuple[tuple[float, ...], ...]:
    """For each count i of cuts below a value, the value's bins: 0.0 for
    those i cuts, 1.0 (value <= cut) for the rest."""
    assert list(cuts) == sorted(cuts)
    return tuple((0.0,) * i + (1.0,) * (len(cuts) - i) for i in range(len(cuts) + 1))


_sloped = itemgetter(*(FEATURES.index(k) for k in _ISOLATED_SLOPES))  # (one C call)
_NO_SLOPES = (0.0,) * len(CHANNEL)
assert FEATURES.index(CHANNEL[0]) == len(BASE_FEATURES + DERIVED + SHAPE)  # _values' order

assert tuple(_BINS) == ("cost", "margin", "cand_zipf", "own_zipf", "length")  # _values' order
_COST_CUTS, _MARGIN_CUTS, _CAND_ZIPF_CUTS, _OWN_ZIPF_CUTS, _LENGTH_CUTS = _BINS.values()
_COST_ROWS, _MARGIN_ROWS, _CAND_ZIPF_ROWS, _OWN_ZIPF_ROWS, _LENGTH_ROWS = map(_bin_rows, _BINS.values())


@lru_cache(maxsize=50_000)
def _is_name(word: str, lang: str) -> bool:
    """Is the word's first parse a name's (a grammeme of index.NAME_GRAMMEMES)?"""
    if lang != "ru":
        return False
    # A first candidate is mostly a vocabulary word, whose first parse the
    # index holds the answer of (a byte read, not a parse).
    names = index.get(lang).name_table()
    if names is not None:
        key = names[0](word)
        if key is not None:
            return names[1][key] == 1
    from .. import lexicon

    # The first tag is the first parse's tag (pymorphy3 lists both in one order), at half the cost.
    return not index.NAME_GRAMMEMES.isdisjoint(lexicon.morph().tag(word)[0].grammemes)


@lru_cache(maxsize=1)
def _all_weights() -> dict[str, dict[str, float]]:
    return json.loads(PARAMS.read_text(encoding="utf-8"))["weights"]


def weights(lang: str = "ru") -> dict[str, float]:
    """Each language has its own map: the dev data of each is its own kind."""
    return _all_weights()[lang]


_DYNAMIC = ("upper", "title", "unknown_rate", "isolated", "period")  # what changes from one occurrence to the next
_OCR_SLOTS = tuple(FEATURES.index(k) for k in _GROUP["ocr"])  # … and the OCR evidence, none in ALL CAPS
_CHANNEL_SLOTS = tuple(FEATURES.index(k) for k in CHANNEL)  # … and the isolated word's slopes
# Where an occurrence's values stand in FEATURES (:func:`_logistic`'s layout):
# the five of _DYNAMIC, then the runs of OCR and of CHANNEL slots (each
# contiguous: zeroed by one slice assignment).
LAYOUT = (*map(FEATURES.index, _DYNAMIC), _OCR_SLOTS[0], _OCR_SLOTS[-1] + 1, _CHANNEL_SLOTS[0], _CHANNEL_SLOTS[-1] + 1)
_OCR_ZEROS, _CHANNEL_ZEROS = [0.0] * len(_OCR_SLOTS), [0.0] * len(_CHANNEL_SLOTS)
assert _OCR_SLOTS == tuple(range(*LAYOUT[5:7])) and _CHANNEL_SLOTS == tuple(range(*LAYOUT[7:9]))
assert _DYNAMIC[-1] == "period" and len(_DYNAMIC) == 5  # (_logistic's order)
# language → its weight vector and the logistic map to weigh with (:class:`Scorer`)
_SCORING: dict[str, tuple] = {}


class Scorer:
    """:func:`probability` of one analysis for any occurrence of its word:
    the features of the word alone are found once, and each occurrence
    only fills in its case and its paragraph. ``probability(upper, title,
    unknown_rate, period=0)`` is :func:`_logistic` (or its compiled twin)
    with the form's model bound: a call without a Python frame of its own
    (it is asked once per occurrence whose finding is not yet made). Sums
    the same products in the same order as :func:`probability`, so the
    result is the same float."""

    __slots__ = ("_weights", "_values", "probability")

    def __init__(self, a: Analysis, lang: str) -> None:
        # (The language's weights, kept per language: one Scorer is made per questioned form.)
        scoring = _SCORING.get(lang)
        if scoring is None:
            scoring = _SCORING[lang] = (_weighing(lang, FEATURES), speedups.function("logistic") or _logistic)
        self._weights, logistic = scoring
        # (As an isolated lower-case word: an occurrence in a paragraph, or in
        # capitals, has its own values of these features and no CHANNEL ones.)
        self._values = _values(a, False, False, None)
        self.probability = partial(logistic, (self._weights, self._values, LAYOUT))


def _logistic(model: tuple[tuple[float, ...], list[float], tuple[int, ...]], upper: bool, title: bool,
              unknown_rate: float | None, period: int = 0) -> float:
    """1 / (1 + e^−z), z the sum of the ``model``'s weights times its values
    (the features of an isolated lower-case word, in FEATURES' order) with
    one occurrence's values put in (its layout: :data:`LAYOUT`): its five of
    _DYNAMIC, no OCR evidence in ALL CAPS, no CHANNEL slopes but for an
    isolated lower-case word. z is clamped to ±30. (The twin of the compiled
    ``logistic``, which sums the products as ``sum`` does, in order.)"""
    weights, values, layout = model
    i, j, k, m, n, ocr_from, ocr_to, channel_from, channel_to = layout
    values = values.copy()
    # (Each value as float() and period_value give it, written out: no loop.)
    values[i] = 1.0 if upper else 0.0
    values[j] = 1.0 if title else 0.0
    values[k] = unknown_rate or 0.0
    values[m] = 1.0 if unknown_rate is None else 0.0
    values[n] = period_value(period, unknown_rate)
    # (A zeroed value makes a product ±0.0, which adds nothing, as the 0.0
    # product of :func:`features` without those features does.)
    if upper:
        values[ocr_from:ocr_to] = _OCR_ZEROS
    if unknown_rate is not None or upper or title:
        values[channel_from:channel_to] = _CHANNEL_ZEROS
    z = sum(map(mul, weights, values))
    z = max(-30.0, min(30.0, z))
    return 1.0 / (1.0 + math.exp(-z))


@lru_cache(maxsize=8)
def _weighing(lang: str, keys: tuple[str, ...]) -> tuple[float, ...]:
    """The weight of each feature in ``keys``' order."""
    w = weights(lang)
    return tuple(w.get(k, 0.0) for k in keys)


def probability(feats: dict[str, float], lang: str = "ru") -> float:
    w = weights(lang)
    z = sum(w.get(k, 0.0) * v for k, v in feats.items())
    z = max(-30.0, min(30.0, z))
    return 1.0 / (1.0 + math.exp(-z))
