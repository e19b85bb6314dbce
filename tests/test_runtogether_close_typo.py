"""A run-together split the spelling model doubts is no safe fix: "нотура"
reads "но тура" (a conjunction and a common word) and "натура" mistyped by
one letter; when the spelling model rates that one-letter reading at
SPLIT_DOUBT or more, the split is capped below safe. A split the spelling
model has no strong one-letter reading for stays safe.

The sentences are made up for these tests (none is from the dev sets)."""

from __future__ import annotations

import pytest

from cleanup.model import Finding, Suggestion, Tier
from cleanup.options import Options
from cleanup.pipeline import check_text, fix_text
from cleanup.resolve import DOUBTED_SPLIT_CONFIDENCE, SPLIT_DOUBT, _one_letter_apart, resolve


def _split_of(text: str) -> Finding:
    (found,) = [f for f in check_text(text) if f.rule == "boundary.ru.run_together"]
    return found


@pytest.mark.parametrize("text", ["Какая у него нотура!", "У неё тонкая нотура, и это видно.", "Он по нотуре добряк."])
def test_a_split_the_spelling_model_doubts_is_not_safe(text):
    split = _split_of(text)
    assert split.best.text.lower().startswith("но тур")
    assert split.tier == Tier.UNSAFE and split.confidence == DOUBTED_SPLIT_CONFIDENCE
    fixed = fix_text(text)
    assert "но тур" not in fixed and "натур" in fixed


@pytest.mark.parametrize(
    ("text", "split"),
    [
        ("Мы гуляли наулице.", "на улице"),  # no word one letter away
        ("Ктобы мог подумать.", "Кто бы"),  # "Чтобы" is one letter away, but the spelling model doubts it
        ("Он опоздал засчет пробок.", "за счет"),  # "насчет": a weak reading (about 0.1)
    ],
)
def test_a_split_without_a_strong_one_letter_reading_stays_safe(text, split):
    found = _split_of(text)
    assert found.best.text == split and found.tier == Tier.SAFE
    assert split in fix_text(text)


def _finding(rule: str, text: str, suggestion: str, confidence: float) -> Finding:
    return Finding(rule=rule, message="m", start=0, end=len(text), text=text,
                   suggestions=(Suggestion(suggestion, confidence),), detection_confidence=confidence)


def test_only_a_one_letter_reading_at_split_doubt_caps_the_split():
    split = _finding("boundary.ru.run_together", "нотура", "но тура", 0.9)
    for reading, confidence, capped in [
        ("натура", SPLIT_DOUBT, True),
        ("натура", SPLIT_DOUBT - 0.01, False),  # too weak a doubt
        ("натурами", 0.95, False),  # two letters away: another damage
    ]:
        spelling = _finding("spelling.ru.word", "нотура", reading, confidence)
        (kept,) = [f for f in resolve([split, spelling], Options()) if f.rule == split.rule]
        assert (kept.confidence == DOUBTED_SPLIT_CONFIDENCE) is capped, reading


def test_one_letter_apart():
    assert _one_letter_apart("нотура", "натура")  # replaced
    assert _one_letter_apart("подум", "подиум")  # dropped
    assert _one_letter_apart("вкурсе", "вкусе")  # added
    assert not _one_letter_apart("нотура", "нотура")
    assert not _one_letter_apart("нотура", "натуры")
    assert not _one_letter_apart("ab", "ba")


def test_a_reading_that_is_the_split_itself_or_an_unsafe_split_is_left():
    # spelling's "По-моему" is the split's own reading, not a doubt of it
    split = _finding("boundary.ru.run_together", "Помоему", "По-моему", 0.9)
    spelling = _finding("spelling.ru.word", "Помоему", "По-моему", 0.85)
    assert max(f.confidence for f in resolve([split, spelling], Options())) == 0.9
    # a split below safe is not applied anyway: its measured confidence stays
    tail = _finding("boundary.ru.run_together", "мужчинаи", "мужчина и", 0.8)
    spelling = _finding("spelling.ru.word", "мужчинаи", "мужчинами", 0.67)
    (kept,) = [f for f in resolve([tail, spelling], Options()) if f.rule == tail.rule]
    assert kept.confidence == 0.8
