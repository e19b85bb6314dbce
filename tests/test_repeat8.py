"""A chunk of two or three letters typed twice in a row (рекокомендую,
невозмозможно): the hand goes back a syllable. One slip, costed as the data
says (bench/channel_costs.py, ``insert:repeat``), and looked for beyond the
index's reach of two plain edits. Before it, the two extra letters cost two
edits (above the ceiling of a candidate) and three were never found."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleanup.pipeline import check_text
from cleanup.spelling import candidates, errormodel


def best(word: str, lang: str = "ru") -> str | None:
    a = candidates.analyse(word, lang)
    return a.best.word if a and a.best else None


def fixed(text: str) -> dict[str, str]:
    return {f.text: f.best.text for f in check_text(text) if f.best is not None}


def test_the_cost_is_the_estimated_one():
    kinds = json.loads(Path(errormodel.__file__).with_name("channel.json").read_text(encoding="utf-8"))["kinds"]
    assert errormodel.REPEATED == kinds["insert:repeat"]["cost"]
    # One slip: about an ordinary edit, far below the two or three letters it adds.
    assert errormodel.REPEATED < 1.2


@pytest.mark.parametrize("typed, meant", [
    ("рекокомендую", "рекомендую"),      # ко twice
    ("осталалось", "осталось"),          # ла twice
    ("неососознанно", "неосознанно"),    # ос twice, an о on either side
    ("невозмозможно", "невозможно"),     # моз twice: three letters, beyond the index's reach
])
def test_a_chunk_typed_twice_costs_one_slip(typed, meant):
    assert errormodel.cost(typed, meant) == errormodel.REPEATED
    assert best(typed) == meant


def test_a_three_letter_repeat_is_suggested():
    # Three extra letters: the index (two plain edits) never offered it.
    assert fixed("Это было невозмозможно понять.") == {"невозмозможно": "невозможно"}


def test_the_repeat_is_the_first_suggestion_over_a_nearer_looking_word():
    # оставалось is one letter away by substitution; осталось a repeated ла.
    assert best("осталалось") == "осталось"


@pytest.mark.parametrize("word", ["хахаха", "ахахах", "хехехе", "ололо"])
def test_laughter_is_no_repeated_chunk(word):
    # A chunk said three times over (in any rotation) is meant.
    if word == "ололо":
        # о-ло-ло: the period-2 text spans less than three chunks, a repeat
        # by shape; but what is left (оло) is too short to be offered.
        assert candidates._repeat_candidates(word, "ru") == []
    else:
        assert not any(errormodel.repeat_ends(word))


@pytest.mark.parametrize("word", ["тактак", "мяумяу", "дада"])
def test_a_word_said_twice_is_not_collapsed(word):
    # Reduplication on purpose: too little left besides the chunk.
    assert candidates._repeat_candidates(word, "ru") == []
    assert not any(errormodel.repeat_ends(word))


def test_two_words_run_together_are_no_repeat():
    # чтото is что-то (the hyphen's business), not что with то typed twice:
    # что must stay a dear rival, not a one-slip one.
    assert errormodel.cost("чтото", "что") > 1.5


def test_a_doubled_letter_is_not_a_chunk():
    # Elongation and doubled letters have their own costs.
    assert not any(errormodel.repeat_ends("ааааа"))
    assert not any(errormodel.repeat_ends("оооочень"))


@pytest.mark.parametrize("text, collapsed", [
    ("Кот сказал мяумяу и ушёл.", "мяу"),        # said twice on purpose (offered without errormodel.REPEAT_MIN_REST)
    ("Комдвижение выросло за год.", None),       # a coinage
    ("Она смеялась: хахаха, ахахах!", "хаха"),
])
def test_correct_text_is_untouched(text, collapsed):
    for f in check_text(text):
        if f.rule.startswith("spelling"):
            assert f.best is None or (collapsed is not None and f.best.text.lower() != collapsed)
