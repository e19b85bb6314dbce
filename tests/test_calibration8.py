"""The spelling confidence's CHANNEL features: a lower-case English word
standing alone (no paragraph to judge the text by) has its own slopes for
cost, frequency, gain and margin; a word in a paragraph, a word in capitals
and every Russian word have none."""

from __future__ import annotations

import json

import pytest

from cleanup.pipeline import check_text
from cleanup.spelling import calibration
from cleanup.spelling.candidates import analyse


def _findings(text: str):
    report = check_text(text)
    return getattr(report, "findings", report)


def test_an_isolated_word_has_the_slopes_and_a_word_in_a_paragraph_has_none():
    a = analyse("beetween", "en")
    alone = calibration.features(a, False, False, None)
    for name in calibration.CHANNEL:
        assert alone[name] == alone[name.removeprefix("isolated_")]
    assert alone["isolated_cost"] > 0 and alone["isolated_cand_zipf"] > 0
    inside = calibration.features(a, False, False, 0.1)
    assert all(inside[name] == 0.0 for name in calibration.CHANNEL)
    # Capitals alone on a line are OCR's names and titles, not a speller's slips.
    for upper, title in ((True, False), (False, True)):
        capitals = calibration.features(a, upper, title, None)
        assert all(capitals[name] == 0.0 for name in calibration.CHANNEL)


@pytest.mark.parametrize("word, meant", [("beetween", "between"), ("basicaly", "basically"),
                                         ("benifit", "benefit")])
def test_a_spellers_slip_standing_alone_is_safe(word, meant):
    # With one map for OCR'd paragraphs and typed words alike, these stayed
    # at 0.80, 0.79 and 0.85 (unsafe): the paragraphs' slopes ruled.
    (finding,) = _findings(word)
    assert finding.best.text == meant
    assert finding.best.confidence >= 0.9


@pytest.mark.parametrize("text", ["perpul", "Cheshme", "The Booke of Fryer Bacon.", "Chapter Tvvo"])
def test_a_doubtful_word_standing_alone_stays_below_safe(text):
    # perpul: the first candidate (peepul) is a rare word, not the one meant
    # (purple); Cheshme: a name, its nearest word (Cheshire) not meant; an old
    # print's title: Booke is not Books, Tvvo (vv for w) not Tivo.
    for finding in _findings(text):
        assert finding.tier.name != "SAFE"
        assert finding.best is None or finding.best.confidence < 0.9


def test_the_scorer_drops_the_slopes_in_a_paragraph():
    a = analyse("beetween", "en")
    scorer = calibration.Scorer(a, "en")
    for upper, title, rate in ((False, False, None), (False, False, 0.1), (True, False, None), (False, True, None),
                               (False, True, 0.3)):
        assert scorer.probability(upper, title, rate) == calibration.probability(
            calibration.features(a, upper, title, rate), "en")
    assert scorer.probability(False, False, None) != scorer.probability(False, False, 0.0)


def test_only_the_english_map_weighs_the_slopes():
    assert not set(calibration.CHANNEL) & set(calibration.keys("ru"))
    assert set(calibration.CHANNEL) <= set(calibration.keys("en"))
    assert calibration.group_of("isolated_cost") == "channel"
    weights = json.loads(calibration.PARAMS.read_text(encoding="utf-8"))["weights"]
    assert all(weights["ru"][k] == 0.0 for k in calibration.CHANNEL)
    assert any(weights["en"][k] for k in calibration.CHANNEL)
