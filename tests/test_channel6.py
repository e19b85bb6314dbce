"""The error model's costs as estimated from real typos (bench/channel_costs.py,
cleanup/spelling/channel.json), the index's reach, and the цца spellings.

Each test names the fact about typing it rests on; each failed before the
change it guards (the costs were hand-set and symmetric, a dropped letter
cost as much as an extra one, the prefix filter lost two letters left out
near the start)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleanup.pipeline import check_text
from cleanup.options import Options
from cleanup.model import Tier
from cleanup.spelling import candidates, errormodel, index

CHANNEL = Path(errormodel.__file__).with_name("channel.json")


def best(word: str, lang: str = "ru") -> str | None:
    a = candidates.analyse(word, lang)
    return a.best.word if a and a.best else None


def words(word: str, lang: str = "ru") -> list[str]:
    a = candidates.analyse(word, lang)
    return [c.word for c in a.candidates] if a else []


def test_the_model_uses_the_estimated_costs():
    kinds = json.loads(CHANNEL.read_text(encoding="utf-8"))["kinds"]
    assert errormodel.KEYBOARD == kinds["sub:keyboard"]["cost"]
    assert errormodel.CONSONANT_DROPPED == kinds["drop:consonant"]["cost"]
    assert errormodel.FIRST_DROPPED == kinds["position:drop_first"]["cost"]
    # An arbitrary substitution is the unit the estimate is anchored on.
    assert kinds["sub:other"]["cost"] == errormodel.ORDINARY


def test_a_dropped_consonant_costs_less_than_an_arbitrary_substitution():
    # поясним with its с left out is nearer than помним with я typed for м.
    assert errormodel.cost("пояним", "поясним") < errormodel.cost("пояним", "помним")
    assert best("пояним") == "поясним"


@pytest.mark.parametrize("typed, meant, other", [
    ("подрбный", "подробный", "подобный"),  # о left out, not р for о (keyboard neighbours)
    ("убрть", "убрать", "убить"),           # а left out, not р for и
    ("приезла", "привезла", "приезда"),     # в left out, not л for д
])
def test_a_dropped_letter_beats_a_keyboard_slip_of_a_commoner_word(typed, meant, other):
    assert errormodel.cost(typed, meant) < errormodel.cost(typed, other)
    assert best(typed) == meant


def test_a_dropped_letter_costs_less_than_an_extra_one():
    # The same vowel missing (убрть) or extra (убраоть): typists drop
    # letters about three times as often as they add one.
    assert errormodel.cost("убрть", "убрать") < errormodel.cost("убраоть", "убрать")
    assert errormodel.cost("acomodate", "accommodate") < errormodel.cost("accommodatte", "accommodate")


def test_a_dropped_first_letter_is_dearer_than_one_inside():
    # Writers hardly ever leave out a word's first letter.
    assert errormodel.cost("лень", "олень") > errormodel.cost("олнь", "олень")
    assert errormodel.cost("репостит", "крепости") > errormodel.ORDINARY


def test_the_compiled_kernel_weighs_drops_and_extras_as_python_does():
    model = errormodel._compiled_model()
    if model is None:
        pytest.skip("extension not built")
    for typed, meant in [("лень", "олень"), ("убрть", "убрать"), ("убраоть", "убрать"), ("пояним", "поясним"),
                         ("acomodation", "accommodation"), ("ккот", "кот"), ("кт", "кот")]:
        assert model.distance(typed, meant) == errormodel._python_distance(typed, meant)
        assert model.quick_cost(typed, meant) == errormodel._python_quick(typed, meant)


@pytest.mark.parametrize("typed, meant, lang", [
    ("пролжительность", "продолжительность", "ru"),  # д and о left out near the start
    ("acomodation", "accommodation", "en"),            # c and m left out
])
def test_two_letters_left_out_near_the_start_are_within_reach(typed, meant, lang):
    assert meant in {w for _, _, w in index.get(lang).close(typed, 2)}
    assert best(typed, lang) == meant


def test_the_index_still_finds_nothing_beyond_reach():
    # Every hit is within two edits (optimal string alignment), the prefix
    # filter gone or not.
    from rapidfuzz.distance import OSA

    for word in ("пролжительность", "acomodation", "стол"):
        lang = "en" if word.isascii() else "ru"
        for d, _, w in index.get(lang).close(word, 2):
            assert OSA.distance(word, w) == d <= 2


@pytest.mark.parametrize("typed, readings", [
    ("нравиццо", {"нравится", "нравиться"}),
    ("учицца", {"учится", "учиться"}),
])
def test_the_sound_of_tsa_may_be_spelt_either_way(typed, readings):
    # ться and тся sound alike (цца): both readings are offered, the commoner first.
    found = words(typed)
    assert readings <= set(found[:2])


def test_the_commoner_reading_of_tsa_comes_first():
    # Before, only ться was offered for цца/ццо (нравиццо → нравиться).
    found = {f.text: f for f in check_text("Ему это нравиццо.", Options(select=("spelling",)))}
    assert found["нравиццо"].best.text == "нравится"


@pytest.mark.parametrize("text", [
    "Он изучал комдвижение и пролетарскую культуру.",
    "We drove from Aydın to Kırıkkale and back.",
])
def test_correct_words_near_a_cheap_slip_stay_at_most_displayed(text):
    # Cheaper dropped letters bring more words within reach of a coinage or
    # a name: they must still not be offered as fixes above display.
    assert not [f for f in check_text(text, Options(select=("spelling",))) if f.tier > Tier.DISPLAY]
