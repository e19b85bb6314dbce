"""A hyphen typed into a word that is written solid (супер-маркете,
по-тихоньку): the word without the hyphen is offered. Before, the search
for the hyphen-free spelling left that spelling itself out (a known word is
not its own neighbour), and only its neighbours were offered
(по-тихоньку → потихонечку)."""

from __future__ import annotations

import pytest

from cleanup.model import Tier
from cleanup.pipeline import check_text
from cleanup.spelling import candidates, errormodel


@pytest.mark.parametrize("word, joined", [("супер-маркете", "супермаркете"), ("по-тихоньку", "потихоньку")])
def test_the_word_without_its_hyphen_is_the_first_suggestion(word, joined):
    a = candidates.analyse(word, "ru")
    assert a.best.word == joined
    assert a.best.cost == errormodel.SOFT_SIGN and a.best.kind == "hyphen"


def test_a_stray_hyphen_is_fixed_in_text():
    found = [f for f in check_text("Купил хлеб в супер-маркете вчера.") if f.rule.startswith("spelling")]
    assert [(f.text, f.best.text) for f in found] == [("супер-маркете", "супермаркете")]
    assert found[0].tier is Tier.SAFE


@pytest.mark.parametrize("text", [
    "Наш бизнес-план готов.",        # a word written with its hyphen
    "Он вернулся из Нью-Йорка.",     # a name
    "Кто-то постучал в дверь.",
])
def test_words_written_with_a_hyphen_are_not_joined(text):
    assert not [f for f in check_text(text) if f.rule.startswith("spelling")]


def test_a_part_said_twice_is_not_joined():
    # ни ля-ля: a reduplication keeps its hyphen, though ляля is a word.
    a = candidates.analyse("ля-ля", "ru")
    assert a is None or "ляля" not in [c.word for c in a.candidates]
