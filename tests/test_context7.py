"""The neighbours move the confidence of close Russian spelling candidates
(cleanup/spelling/context.py): a first candidate that agrees with the word
beside it where a close rival does not is surer; one that fits no
relation where one applies is less sure. Sentences made up for the tests."""

from __future__ import annotations

from cleanup.model import Tier
from cleanup.pipeline import check_text, fix_text
from cleanup.spelling import context
from cleanup.spelling.candidates import analyse


def _spelling(text: str, word: str):
    found = [f for f in check_text(text) if f.rule.startswith("spelling.") and f.text == word]
    assert len(found) == 1, found
    return found[0]


# --- the relations ------------------------------------------------------------

def test_a_preposition_takes_a_candidate_in_a_case_it_governs():
    assert context.fits("столом", "под", None) == 1  # под + instrumental
    assert context.fits("столу", "под", None) == -1  # под governs no dative
    # A word that does not decline (an adverb, a verb) is not judged by a
    # preposition: it may begin a clause of its own.
    assert context.fits("быстро", "под", None) == 0


def test_an_adjective_agrees_with_the_noun_after_it():
    assert context.fits("новый", None, "стол") == 1
    assert context.fits("новые", None, "стол") == -1  # plural before a singular noun
    assert context.fits("новая", None, "стол") == -1  # feminine before a masculine noun


def test_a_verb_agrees_with_its_subject_pronoun():
    assert context.fits("читают", "они", None) == 1
    assert context.fits("читает", "они", None) == -1


def test_no_relation_no_verdict():
    # An adverb before a noun, a noun after a verb: none of the relations applies.
    assert context.fits("вчера", None, "стол") == 0
    assert context.fits("стол", "купил", None) == 0


def test_a_neighbour_across_punctuation_or_a_blank_line_is_none():
    text = "Купили, новыи стол\n\nвчера"
    start = text.index("новыи")
    assert context.neighbours_at(text, start, start + len("новыи")) == (None, "стол")
    start = text.index("стол")
    assert context.neighbours_at(text, start, start + len("стол")) == ("новыи", None)


def test_only_close_russian_candidates_pay_for_the_context():
    assert context.close(analyse("новыи", "ru"))  # новый / новые: one rank apart at most
    english = analyse("speling", "en")
    assert english is not None and not context.close(english)


# --- the confidence -------------------------------------------------------------

def test_an_agreeing_first_candidate_becomes_safe():
    joined = _spelling("Вчера привезли новыи стол.", "новыи")
    apart = _spelling("Вчера привезли новыи, стол.", "новыи")  # a comma: no relation
    assert joined.best.text == apart.best.text == "новый"
    assert joined.confidence > apart.confidence
    assert joined.tier is Tier.SAFE and apart.tier is not Tier.SAFE
    assert fix_text("Вчера привезли новыи стол.") == "Вчера привезли новый стол."


def test_a_first_candidate_that_does_not_agree_is_not_applied():
    # старый before a plural noun: the right word (старые) is a close rival.
    joined = _spelling("Летом приехали старыи друзья.", "старыи")
    apart = _spelling("Летом приехали старыи, друзья.", "старыи")
    assert joined.best.text == "старый"
    assert joined.confidence < apart.confidence
    assert joined.tier is not Tier.SAFE
    assert "старый друзья" not in fix_text("Летом приехали старыи друзья.")


def test_the_examined_word_has_the_detectors_confidence():
    from cleanup.detectors.spelling import SpellingDetector
    from cleanup.options import Options

    text = "Летом приехали старыи друзья."
    start = text.index("старыи")
    finding, _ = SpellingDetector(Options()).examine(text, start, start + len("старыи"))
    assert finding.detection_confidence == _spelling(text, "старыи").detection_confidence
    assert finding.detection_confidence < _spelling("Летом приехали старыи, друзья.", "старыи").detection_confidence
