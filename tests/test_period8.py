"""Period text vs modern text in the English spelling confidence (round 8, en8).

The English map inside a paragraph is fit on ICDAR 2017 (OCR of old books,
whose gold keeps old spelling); the paragraph's signs of period text
(cleanup/spelling/period.py) let it tell such a paragraph from a modern one.
"""

from __future__ import annotations

import pytest

from cleanup.detectors.spelling import SUGGESTION_FLOOR, SpellingDetector, _shared_suggestions, unknown_rate
from cleanup.model import UNSAFE_THRESHOLD
from cleanup.options import Options
from cleanup.pipeline import check_text
from cleanup.segments import words
from cleanup.spelling import calibration, period
from cleanup.spelling.candidates import analyse


@pytest.mark.parametrize("word", ["thou", "Hath", "unto", "vpon", "vnto", "haue", "giue", "maketh",
                                  "returne", "himselfe", "ſaid"])
def test_old_spelling_and_archaic_words_are_signs(word):
    assert period.is_sign(word)


@pytest.mark.parametrize("word", ["the", "house", "received", "recieved", "goverment", "definately", "beautifull",
                                  "tommorow", "familys", "Cesme", "very", "value", "jump", "method"])
def test_modern_words_and_plain_typos_are_no_signs(word):
    assert not period.is_sign(word)


def _spelling(text: str, word: str):
    [f] = [f for f in check_text(text) if f.rule.startswith("spelling.en") and f.text == word]
    return f


# Two paragraphs of the same length with the same typo; the second has a
# period text's thy, thou and againe.
MODERN = "I recieved your letter yesterday and I am very glad that you wrote to us again so soon."
PERIOD = "I recieved thy letter yesterday and I am very glad that thou wrote to vs againe so soon."


def test_the_signs_are_counted_from_the_paragraph():
    assert period.count([w.text for w in words(MODERN)]) == 0
    assert period.count([w.text for w in words(PERIOD)]) == 3


def test_a_modern_paragraphs_typo_is_trusted_more_than_the_same_word_in_period_text():
    # (On main both were 0.071: the map could not tell the two texts apart.)
    assert unknown_rate(MODERN, 0, len(MODERN)) is not None  # a paragraph, not a lone word
    modern, old = _spelling(MODERN, "recieved"), _spelling(PERIOD, "recieved")
    assert modern.suggestions[0].text == "received"
    assert modern.suggestions[0].confidence >= SUGGESTION_FLOOR
    assert modern.detection_confidence > 2 * old.detection_confidence


def test_old_spelling_in_a_period_paragraph_stays_low():
    text = ("Then were they bid to returne three days after, and the body hee did cause to be bound "
            "to a stake, and hee kept it secretly vpon the hill.")
    for word in ("returne", "vpon"):
        f = _spelling(text, word)
        assert f.detection_confidence < UNSAFE_THRESHOLD
        assert all(s.confidence < UNSAFE_THRESHOLD for s in f.suggestions)


def test_only_the_english_map_weighs_the_signs():
    assert "period" in calibration.keys("en")
    assert "period" not in calibration.keys("ru")
    assert calibration.weights("ru")["period"] == 0.0
    assert calibration.weights("en")["period"] < 0  # fit: period text's unknown words are less often typos


def test_the_signs_count_only_in_a_paragraph_long_enough_to_judge():
    assert calibration.period_value(3, None) == 0.0
    assert calibration.period_value(0, 0.1) == 0.0
    assert calibration.period_value(3, 0.1) > calibration.period_value(1, 0.1) > 0


@pytest.mark.parametrize("signs", [0, 1, 4])
@pytest.mark.parametrize("rate", [None, 0.0, 0.2])
def test_the_scorer_gives_what_the_features_give(signs, rate):
    a = analyse("recieved", "en")
    scorer = calibration.Scorer(a, "en")
    for upper, title in ((False, False), (True, False), (False, True)):
        want = calibration.probability(calibration.features(a, upper, title, rate, signs), "en")
        assert scorer.probability(upper, title, rate, signs) == want


@pytest.mark.parametrize("text", [
    PERIOD,
    "Ye shall recieve it, quoth hee, and Thou shalt haue the goverment of it vpon the morrow after.",
    MODERN,
])
def test_the_detector_counts_the_signs_as_period_count_does(text):
    # (The detector keeps the signs among its per-form verdicts; the fit
    # counts them with period.count: one number, two ways.)
    signs = period.count([w.text for w in words(text)])
    rate = unknown_rate(text, 0, len(text))
    detector = SpellingDetector(Options())
    found = [f for f in check_text(text) if f.rule.startswith("spelling.en")]
    assert found
    for f in found:
        want, feats = detector.examine(text, f.start, f.end, rate=rate, signs=signs)
        assert f.detection_confidence == want.detection_confidence
    assert signs == (3 if text is PERIOD else 0 if text is MODERN else 6)


def test_a_runner_up_never_ties_the_first_at_a_low_confidence():
    # received 0.071 / relieved 0.071 on main: the leftover share alone put
    # the runner-up level with the first.
    shares = [(0.5, 1.8), (0.3, 1.8)]
    got = _shared_suggestions(["received", "relieved", "recieve"], shares, 0.07)
    assert got[0].confidence == 0.07
    assert got[1].confidence < got[0].confidence and got[2].confidence < got[1].confidence
    assert got[1].confidence == pytest.approx(0.035, abs=0.001)  # p × its odds against the first
    # at a high confidence the leftover share is the smaller, as before
    high = _shared_suggestions(["a", "b", "c"], shares, 0.9)
    assert high[1].confidence == pytest.approx(0.1 * 0.5 / 1.8, abs=0.001)


def test_received_is_ahead_of_relieved_in_a_sentence():
    f = _spelling("I recieved your letter yesterday and I am very greatful for it.", "recieved")
    texts = [s.text for s in f.suggestions]
    assert texts[:2] == ["received", "relieved"]
    assert f.suggestions[1].confidence < f.suggestions[0].confidence
