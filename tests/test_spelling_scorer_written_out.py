"""Scorer.probability sets an occurrence's products written out (no loop)
and zeroes its OCR and channel products by slices: the same floats as the
loop it replaces, kept here as the reference."""

from __future__ import annotations

import math

import pytest

from cleanup.spelling import calibration, candidates


def _looped(scorer: calibration.Scorer, upper, title, unknown_rate, period=0) -> float:
    """Scorer.probability as it was written before (round 9)."""
    products = scorer._products.copy()
    values = (float(upper), float(title), unknown_rate or 0.0, float(unknown_rate is None),
              calibration.period_value(period, unknown_rate))
    for (i, weight), v in zip(scorer._slots, values):
        products[i] = weight * v
    if upper and scorer._ocr:
        for i in calibration._OCR_SLOTS:
            products[i] = 0.0
    if scorer._sloped and (unknown_rate is not None or upper or title):
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
                        got = scorer.probability(upper, title, rate, period)
                        assert got.hex() == _looped(scorer, upper, title, rate, period).hex(), \
                            (upper, title, rate, period)


def test_some_analysis_has_ocr_evidence_and_english_weighs_the_channel():
    from cleanup.detectors.spelling import _ocr_read

    scorers = [calibration.Scorer(candidates.analyse(_ocr_read(w) or w.lower(), "en"), "en")
               for w, lang in _WORDS if lang == "en"]
    assert any(s._ocr for s in scorers) and all(s._sloped for s in scorers)
