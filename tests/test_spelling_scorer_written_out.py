"""Scorer.probability puts an occurrence's values in written out (no loop),
zeroes its OCR and channel values by slices and sums the products in one
pass (calibration._logistic, or the compiled ``logistic``): the same floats
as the loop over products it replaces, kept here as the reference."""

from __future__ import annotations

import math

import pytest

from cleanup.spelling import calibration, candidates


def _looped(scorer: calibration.Scorer, upper, title, unknown_rate, period=0) -> float:
    """Scorer.probability as it was written before (round 9): the products
    made once, an occurrence's set in a loop."""
    weights = scorer._weights
    products = [w * v for w, v in zip(weights, scorer._values)]
    values = (float(upper), float(title), unknown_rate or 0.0, float(unknown_rate is None),
              calibration.period_value(period, unknown_rate))
    for name, v in zip(calibration._DYNAMIC, values):
        i = calibration.FEATURES.index(name)
        products[i] = weights[i] * v
    if upper and any(products[i] for i in calibration._OCR_SLOTS):
        for i in calibration._OCR_SLOTS:
            products[i] = 0.0
    if any(weights[i] for i in calibration._CHANNEL_SLOTS) and (unknown_rate is not None or upper or title):
        for i in calibration._CHANNEL_SLOTS:
            products[i] = 0.0
    z = sum(products)
    z = max(-30.0, min(30.0, z))
    return 1.0 / (1.0 + math.exp(-z))


_WORDS = [("сталтну", "ru"), ("проголосивших", "ru"), ("ели-ели", "ru"), ("колхозникоф", "ru"), ("рисунко", "ru"),
          ("recieve", "en"), ("tyme", "en"), ("weU", "en"), ("stdl", "en"), ("tbe", "en"), ("Hkewise", "en"),
          ("returne", "en"), ("beleive", "en"), ("foUowing", "en")]


@pytest.mark.parametrize("word, lang", _WORDS)
def test_the_written_out_probability_is_the_looped_one(word, lang):
    from cleanup.detectors.spelling import _ocr_read

    a = candidates.analyse(_ocr_read(word) or word.lower(), lang)
    assert a is not None and a.best is not None
    for scoring_lang in ("ru", "en"):
        scorer = calibration.Scorer(a, scoring_lang)
        for upper in (False, True):
            for title in (False, True):
                for rate in (None, 0.0, 0.125, 0.5, 1.0):
                    for period in (0, 1, 3):
                        want = _looped(scorer, upper, title, rate, period).hex()
                        assert scorer.probability(upper, title, rate, period).hex() == want, \
                            (upper, title, rate, period)
                        for logistic in _LOGISTICS:  # (the Python map and the compiled one)
                            got = logistic((scorer._weights, scorer._values, calibration.LAYOUT), upper, title,
                                           rate, period)
                            assert got.hex() == want, (logistic, upper, title, rate, period)


def _compiled_logistic():
    from cleanup.spelling import speedups

    return [speedups.EXTENSION.load().logistic] if speedups.available() else []


_LOGISTICS = [calibration._logistic, *_compiled_logistic()]


def test_the_compiled_logistic_map_is_tested_here_when_built():
    from cleanup.spelling import speedups

    assert len(_LOGISTICS) == 1 + speedups.available()


@pytest.mark.parametrize("logistic", _LOGISTICS)
def test_the_logistic_map_sums_in_order_and_clamps(logistic):
    # Values whose sum depends on the order of the additions (1e16 + 1 − 1e16),
    # and z beyond ±30 (clamped): both as the loop over products says.
    n = len(calibration.FEATURES)
    layout = calibration.LAYOUT
    free = [i for i in range(n) if i not in layout[:5] and not layout[5] <= i < layout[6]
            and not layout[7] <= i < layout[8]]
    for big, ones in ((1e16, 1.0), (3.0, 0.1), (50.0, 1.0), (-50.0, 1.0), (0.0, 0.0), (1e-300, 1e300)):
        weights = [0.0] * n
        values = [0.0] * n
        weights[free[0]], weights[free[1]], weights[free[2]] = big, ones, -big
        values[free[0]] = values[free[1]] = values[free[2]] = 1.0
        weights[layout[2]], weights[layout[4]], weights[layout[5]], weights[layout[7]] = 0.5, 0.25, 2.0, -1.5
        values[layout[5]] = values[layout[7]] = 1.0
        for upper, title, rate, period in ((False, False, None, 0), (True, False, 0.25, 2), (False, True, 1.0, 0),
                                           (False, False, 0.5, 7), (False, False, None, 3)):
            products = [w * v for w, v in zip(weights, values)]
            dynamic = (float(upper), float(title), rate or 0.0, float(rate is None),
                       calibration.period_value(period, rate))
            for i, v in zip(layout[:5], dynamic):
                products[i] = weights[i] * v
            if upper:
                products[layout[5]:layout[6]] = [0.0] * (layout[6] - layout[5])
            if rate is not None or upper or title:
                products[layout[7]:layout[8]] = [0.0] * (layout[8] - layout[7])
            z = max(-30.0, min(30.0, sum(products)))
            want = 1.0 / (1.0 + math.exp(-z))
            got = logistic((tuple(weights), values, layout), upper, title, rate, period)
            assert got.hex() == want.hex(), (big, ones, upper, title, rate, period)


def test_the_compiled_logistic_map_refuses_what_it_cannot_read():
    if len(_LOGISTICS) < 2:
        pytest.skip("the extension is not built")
    logistic = _LOGISTICS[1]
    n = len(calibration.FEATURES)
    with pytest.raises(TypeError):
        logistic(((0.0,) * n, [0.0] * n, calibration.LAYOUT), False, False)
    with pytest.raises(TypeError):
        logistic(((0.0,) * n, [0.0] * n), False, False, None, 0)
    with pytest.raises(ValueError):
        logistic(((0.0,) * n, [0.0] * (n - 1), calibration.LAYOUT), False, False, None, 0)
    with pytest.raises(TypeError):
        logistic(((0.0,) * n, [0] * n, calibration.LAYOUT), False, False, None, 0)
    with pytest.raises(TypeError):
        logistic(((0,) * n, [0.0] * n, calibration.LAYOUT), False, False, None, 0)
    with pytest.raises(ValueError):
        logistic(((0.0,) * n, [0.0] * n, (n, *calibration.LAYOUT[1:])), False, False, None, 0)
    # A layout read as valid for n values (and kept) is checked again for a model of n - 1.
    wide = (0, 1, 2, 3, 4, 5, 6, 7, n)
    logistic(((0.5,) * n, [0.0] * n, wide), False, False, None)
    with pytest.raises(ValueError):
        logistic(((0.5,) * (n - 1), [0.0] * (n - 1), wide), False, False, None)


@pytest.mark.parametrize("logistic", _LOGISTICS)
def test_the_logistic_map_reads_each_models_own_weights_and_layout(logistic):
    # The compiled map keeps the weights and the layout it has read (by
    # their tuple): models of other weights, lengths and layouts, asked in
    # turn, each get their own sum (as the Python map's).
    n = len(calibration.FEATURES)
    layout = calibration.LAYOUT
    values = [0.5] * n
    one, two, three = tuple([0.1] * n), tuple([-0.2] * n), tuple([0.3] * n)
    short = tuple([0.1] * (n - 1))
    short_layout = (0, 1, 2, 3, 4, 5, 6, 7, n - 1)
    for _ in range(2):
        for weights, vals, lay in ((one, values, layout), (two, values, layout), (three, values, layout),
                                   (one, values, layout), (short, values[:-1], short_layout),
                                   (one, values, short_layout), (two, values, layout)):
            got = logistic((weights, vals, lay), False, False, 0.25, 1)
            want = calibration._logistic((weights, vals, lay), False, False, 0.25, 1)
            assert got.hex() == want.hex(), (weights[0], len(vals), lay)


def test_a_scorer_is_its_models_logistic_map_bound():
    a = candidates.analyse("сталтну", "ru")
    scorer = calibration.Scorer(a, "ru")
    for rate in (None, 0.5):
        assert scorer.probability(False, True, rate) == calibration._logistic(
            (scorer._weights, scorer._values, calibration.LAYOUT), False, True, rate, 0)
