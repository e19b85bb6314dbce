"""calibration._values asks Python's tables (OCR readings, names, the
hyphenated word's slipped part) and leaves the rest to _listed_values or to
its compiled twin ``feature_values``: the two give the same floats, bit for
bit, on real analyses and on values at each of calibration's constants (the
bins' cuts, CROWD, the lone candidate's second cost)."""

from __future__ import annotations

import itertools
import math
import random

import pytest
from rapidfuzz.distance.Levenshtein import editops

from cleanup.spelling import calibration, candidates, speedups
from cleanup.spelling.candidates import Analysis, Candidate


def _compiled():
    return speedups.EXTENSION.load().feature_values if speedups.available() else None


FEATURE_VALUES = _compiled()
needs_kernel = pytest.mark.skipif(FEATURE_VALUES is None, reason="_speedups not built")


def test_the_kernel_is_tested_here_when_built():
    assert (FEATURE_VALUES is not None) == speedups.available()


def _both(a: Analysis, upper=False, title=False, rate=None, period=0.0, ocr_read=False, name=False,
          typed=None, meant=None):
    typed = a.word if typed is None else typed
    meant = a.candidates[0].word if meant is None else meant
    args = (a, upper, title, rate, period, ocr_read, name, typed, meant)
    want = calibration._listed_values(*args)
    got = FEATURE_VALUES(*args)
    assert len(want) == len(calibration.FEATURES) == len(got)
    assert all(type(v) is float for v in got)
    assert [float(v).hex() for v in want] == [v.hex() for v in got], \
        [(calibration.FEATURES[i], w, g) for i, (w, g) in enumerate(zip(want, got)) if float(w).hex() != g.hex()]


_WORDS = [("сталтну", "ru"), ("проголосивших", "ru"), ("ели-ели", "ru"), ("колхозникоф", "ru"), ("рисунко", "ru"),
          ("нмного", "ru"), ("люблюд", "ru"), ("убрть", "ru"), ("recieve", "en"), ("tyme", "en"), ("weU", "en"),
          ("stdl", "en"), ("tbe", "en"), ("hkewise", "en"), ("beleive", "en"), ("foUowing", "en")]


@needs_kernel
@pytest.mark.parametrize("word, lang", _WORDS)
def test_real_analyses_at_every_kind_of_place(word, lang):
    from cleanup.detectors.spelling import _ocr_read

    a = candidates.analyse(_ocr_read(word) or word.lower(), lang)
    assert a is not None and a.best is not None
    for upper, title in itertools.product((False, True), repeat=2):
        for rate in (None, 0.0, -0.0, 0.125, 1.0):
            for period in (0, 2):
                # (_values itself: the kernel when built, the Python twin under CLEANUP_PURE_PYTHON)
                assert calibration._values(a, upper, title, rate, period) == \
                    calibration._listed_values(a, upper, title, rate,
                                               calibration.period_value(period, rate) if period else 0.0,
                                               not upper and lang == "en" and calibration.ocr.reads_as(a.word, a.best.word),
                                               lang == "ru" and calibration._is_name(a.best.word, lang),
                                               *(calibration._slipped_part(a.word, a.best.word) if "-" in a.word
                                                 else (a.word, a.best.word)))
                for ocr_read, name in ((False, False), (True, True)):
                    _both(a, upper, title, rate, calibration.period_value(period, rate), ocr_read, name)


def _candidate(word: str, cost: float, zipf: float, kind: str = "edit", rank: float | None = None) -> Candidate:
    c = Candidate(word, cost, zipf, kind)
    if rank is not None:
        c.rank = rank
    return c


def _near(x: float) -> tuple[float, ...]:
    return (math.nextafter(x, -math.inf), x, math.nextafter(x, math.inf))


@needs_kernel
def test_at_each_bin_cut():
    cost_cuts, margin_cuts, cand_cuts, own_cuts, length_cuts = calibration._BINS.values()
    for cut in cost_cuts:
        for c in _near(cut):
            _both(Analysis("слво", "ru", False, False, 1.0, (_candidate("слово", c, 4.0),)))
    for cut in cand_cuts:
        for z in _near(cut):
            _both(Analysis("слво", "ru", False, False, 1.0, (_candidate("слово", 0.5, z),)))
    for cut in own_cuts + (0.0,):
        for own in _near(cut) + (-0.0,):
            _both(Analysis("слво", "ru", True, True, own, (_candidate("слово", 0.5, 4.0),)))
    for cut in margin_cuts + (3.0,):
        for m in _near(cut):
            first = _candidate("слово", 0.5, 4.0, rank=-1.0)
            second = _candidate("слива", 1.0, 3.0, rank=-1.0 + m)
            _both(Analysis("слво", "ru", False, False, 1.0, (first, second)))
    for n in range(0, max(length_cuts) + 3):
        word = "а" * n
        _both(Analysis(word, "ru", False, False, 1.0, (_candidate("б" * (n + 1), 0.5, 4.0, "morph"),)))


@needs_kernel
def test_rivals_at_the_crowd_distance_and_their_inserts():
    first = _candidate("убить", 0.5, 4.0, rank=-2.0)
    for rank in _near(-2.0 + calibration.CROWD):
        rival = _candidate("убрать", 0.6, 4.0, rank=rank)
        far = _candidate("убирать", 2.0, 1.0, rank=rank + 1.0)
        for cands in ((first, rival), (first, rival, far), (first, far, rival)):
            for kind in ("edit", "morph", "hyphen", "rare", "rewrite"):
                a = Analysis("убрть", "ru", False, False, 0.0, (_candidate("убить", 0.5, 4.0, kind, -2.0),
                                                               *cands[1:]))
                _both(a)
    # the first a left-out letter: no rival insert asked
    _both(Analysis("убрть", "ru", False, False, 0.0, (_candidate("убрать", 0.5, 4.0, rank=-2.0),
                                                     _candidate("убирть", 0.5, 4.0, rank=-2.0))))


@needs_kernel
def test_the_kind_of_slip_is_rapidfuzz_editops():
    rng = random.Random(16)
    letters = "абв" + "ab" + "\U0001d4b6"  # (a letter beyond the BMP too)
    for _ in range(3000):
        typed = "".join(rng.choice(letters) for _ in range(rng.randrange(0, 6)))
        meant = "".join(rng.choice(letters) for _ in range(rng.randrange(0, 6)))
        word = typed or "x"
        a = Analysis(word, "en", False, False, 2.0, (_candidate(meant or "y", 0.5, 4.0),
                                                     _candidate(word + rng.choice(letters), 0.5, 4.0)))
        _both(a, typed=typed, meant=meant)
        ops = editops(typed, meant)
        values = dict(zip(calibration.FEATURES, FEATURE_VALUES(a, False, False, None, 0.0, False, False, typed,
                                                                 meant)))
        one = ops[0][0] if len(ops) == 1 else None
        assert (values["op_insert"], values["op_delete"], values["op_replace"]) == \
            (float(one == "insert"), float(one == "delete"), float(one == "replace")), (typed, meant)


@needs_kernel
def test_ocr_capital_and_the_english_flag():
    a = Analysis("weU", "en", False, False, 1.0, (_candidate("well", 0.5, 5.0),))
    _both(a, ocr_read=True)
    _both(Analysis("weu", "en", False, False, 1.0, (_candidate("well", 0.5, 5.0),)), ocr_read=True)


@needs_kernel
def test_the_kernel_refuses_what_it_cannot_read():
    a = Analysis("слво", "ru", False, False, 1.0, (_candidate("слово", 0.5, 4.0),))
    with pytest.raises(TypeError):
        FEATURE_VALUES(a, False, False, None, 0.0, False, False, "слво")
    with pytest.raises(TypeError):
        FEATURE_VALUES(a, False, False, None, 0.0, False, False, "слво", None)
    with pytest.raises(TypeError):
        FEATURE_VALUES(Analysis("слво", "ru", False, False, 1.0, ()), False, False, None, 0.0, False, False, "a", "b")
    with pytest.raises(TypeError):
        FEATURE_VALUES(a, False, False, "rate", 0.0, False, False, "слво", "слово")
    with pytest.raises(TypeError):
        FEATURE_VALUES(Analysis("слво", "ru", False, False, "zipf", a.candidates), False, False, None, 0.0, False,
                       False, "слво", "слово")


class _ReadAnalysis(Analysis):
    """An Analysis whose own zipf and lang are looked up elsewhere: the kernel,
    which reads Analysis's slots directly, must read these as Python does."""

    __slots__ = ()
    zipf = property(lambda self: 2.75)
    lang = property(lambda self: "en")


class _ReadCandidate(Candidate):
    """A Candidate whose cost, kind and rank are looked up elsewhere (see above)."""

    __slots__ = ()
    cost = property(lambda self: 0.35)
    kind = property(lambda self: "morph")
    rank = property(lambda self: -1.5)


class _Plain:
    """Fields in an instance dict: read by name."""

    def __init__(self, **fields):
        self.__dict__.update(fields)


@needs_kernel
def test_fields_are_read_as_attribute_lookup_reads_them_whatever_the_class():
    def analysis():
        first = _candidate("убить", 0.5, 4.0, rank=-2.0)
        rival = _candidate("убрать", 0.6, 3.0, rank=-1.75)
        return Analysis("убрть", "ru", False, True, 1.0, (first, rival))

    def swapped(a, analysis_class, candidate_class):
        for c in a.candidates:
            c.__class__ = candidate_class
        a.__class__ = analysis_class
        return a

    plain = _Plain(word="убрть", lang="ru", known=True, splits=False, zipf=0.5, margin=0.25,
                   candidates=(_Plain(word="убить", cost=0.5, zipf=4.0, kind="edit", rank=-2.0),
                               _Plain(word="убрать", cost=0.6, zipf=3.0, kind="edit", rank=-1.75)))
    # (In turns, so that each class is met after another: a layout learnt from one is not used for the next.)
    for _ in range(2):
        for a in (analysis(), swapped(analysis(), _ReadAnalysis, Candidate),
                  swapped(analysis(), Analysis, _ReadCandidate), swapped(analysis(), _ReadAnalysis, _ReadCandidate),
                  plain, analysis()):
            for rate in (None, 0.25):
                _both(a, rate=rate)
    # (and the properties did change what is read)
    assert FEATURE_VALUES(swapped(analysis(), _ReadAnalysis, _ReadCandidate), False, False, None, 0.0, False, False,
                          "убрть", "убить") != FEATURE_VALUES(analysis(), False, False, None, 0.0, False, False,
                                                               "убрть", "убить")


@needs_kernel
def test_an_unset_slot_raises_as_attribute_lookup_does():
    a = Analysis.__new__(Analysis)
    with pytest.raises(AttributeError):
        FEATURE_VALUES(a, False, False, None, 0.0, False, False, "a", "b")
    first = Candidate.__new__(Candidate)
    with pytest.raises(AttributeError):
        FEATURE_VALUES(Analysis("слво", "ru", False, False, 1.0, (first,)), False, False, None, 0.0, False, False,
                       "a", "b")


@needs_kernel
def test_the_channel_slopes_are_the_floats_they_copy_as_in_the_twin():
    slopes = [calibration.FEATURES.index(k) for k in calibration._ISOLATED_SLOPES]
    channel = range(calibration.FEATURES.index(calibration.CHANNEL[0]), len(calibration.BASE_FEATURES
                                                                              + calibration.DERIVED
                                                                              + calibration.SHAPE
                                                                              + calibration.CHANNEL))
    a = Analysis("убрть", "ru", False, False, 0.75, (_candidate("убить", 0.5, 4.25, rank=-2.0),
                                                    _candidate("убрать", 0.6, 3.0, rank=-1.75)))
    for upper, rate in ((False, None), (True, None), (False, 0.25)):
        args = (a, upper, False, rate, 0.0, False, False, "убрть", "убить")
        want, got = calibration._listed_values(*args), FEATURE_VALUES(*args)
        assert [want[i] is want[j] for i, j in zip(channel, slopes)] == \
            [got[i] is got[j] for i, j in zip(channel, slopes)]
        assert [v.hex() for v in got] == [float(v).hex() for v in want]
