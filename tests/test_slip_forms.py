"""The compiled walk of the dictionary's DAWG (``_speedups.slip_forms``)
finds exactly the rare-form search's strings that the Python search finds:
those one cheap slip away from a word that the dictionary holds as spelt,
and those it holds with some е read as ё."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleanup import lexicon
from cleanup.spelling import errormodel, rareforms, speedups

needs_extension = pytest.mark.skipif(not speedups.available(), reason="cleanup.spelling._speedups is not built")


def _python(word: str) -> tuple[set[str], set[str]]:
    """The Python search's two sets, the second cut to the strings that are
    a dictionary form with some е read as ё (what the compiled walk keeps)."""
    morph = lexicon.morph()
    forms, yo = morph.dictionary.words, morph.char_substitutes
    listed, maybe = rareforms._slip_forms_python(word)
    return listed, {e for e in maybe if forms.similar_keys(e, yo)}


def _compiled(word: str):
    kernel = speedups.EXTENSION.load()
    subs = tuple(errormodel.cheap_substitutes(ch) + "ё" for ch in word)
    return kernel.slip_forms(word, subs, rareforms._INSERTABLE, rareforms.dictionary_units())


def _dictionary_words() -> list[str]:
    forms = lexicon.morph().dictionary.words
    return [w for n, w in enumerate(forms.iterkeys("пере")) if n % 7 == 0][:3000] + list(forms.iterkeys("ёж"))[:200]


_LETTERS = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"


def _near_words() -> st.SearchStrategy[str]:
    """Dictionary forms with a letter changed, dropped or doubled, and strings of any letters."""
    words = _dictionary_words()
    letter = st.sampled_from(_LETTERS + "ееёё-z")
    changed = st.tuples(st.sampled_from(words), st.integers(0, 14), letter, st.integers(0, 2)).map(
        lambda t: (t[0][: t[1]] + t[2] + t[0][t[1] + t[3] % 2:]) if t[3] < 2 else t[0][: t[1]] + t[0][t[1] + 1:])
    return st.one_of(changed, st.lists(letter, max_size=12).map("".join))


@needs_extension
@settings(max_examples=400, deadline=None)
@given(_near_words())
def test_the_compiled_walk_finds_what_the_python_search_finds(word):
    assert _compiled(word) == _python(word)


@needs_extension
@pytest.mark.parametrize("word", ["определяешся", "перефразирешь", "пересчетаешь", "выкорчевывем", "трехъемкосный",
                                  "расчесываешьь", "ееелка", "зеленнький", "ёжиков", "ечшо", "е", "", "ёёёёё",
                                  "еееееееееееееееее", "перееезжаем"])
def test_the_compiled_walk_on_edge_words(word):
    assert _compiled(word) == _python(word)


@needs_extension
def test_the_dawg_look_up_is_the_dawg_s():
    forms = lexicon.morph().dictionary.words
    units = rareforms.dictionary_units()
    kernel = speedups.EXTENSION.load()
    words = _dictionary_words()
    for w in words[:500]:
        assert kernel.dawg_has(units, w)
        for probe in (w + "ь", w[:-1], w.replace("е", "ё")):
            assert kernel.dawg_has(units, probe) == (probe in forms)


@needs_extension
def test_a_word_too_long_for_the_walk_is_left_to_python():
    assert _compiled("а" * 65) is None
    rareforms.candidates.cache_clear()
    try:
        assert rareforms.candidates("а" * 65) == ()
    finally:
        rareforms.candidates.cache_clear()


@pytest.mark.parametrize("word", ["определяешся", "выкорчевывем", "расчесываешьь", "зеленнький", "пересчитываеш"])
def test_rare_forms_are_the_same_without_the_compiled_walk(word, monkeypatch):
    rareforms.candidates.cache_clear()
    try:
        fast = rareforms.candidates(word)
        rareforms.candidates.cache_clear()
        monkeypatch.setattr(rareforms, "_units", None)
        assert rareforms.candidates(word) == fast
    finally:
        rareforms.candidates.cache_clear()
