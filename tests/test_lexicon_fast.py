"""lexicon's shortcuts answer what the long way answers."""

from __future__ import annotations

import pymorphy3.analyzer
import pytest

from cleanup import lexicon
from cleanup.spelling import index


def test_the_analyzer_reads_the_dictionaries_pymorphy3_would_find_for_russian():
    analyzer = lexicon.morph()
    assert analyzer.lang == "ru"
    found = pymorphy3.analyzer.lang_dict_path("ru")  # (pymorphy3's own look-up through the entry points)
    default = pymorphy3.MorphAnalyzer(lang="ru")
    assert analyzer.dictionary.path == default.dictionary.path == found
    for word in ("стали", "пила", "мыла", "кроватями", "ёжик"):
        assert [(p.word, str(p.tag), p.normal_form, p.score) for p in analyzer.parse(word)] == \
               [(p.word, str(p.tag), p.normal_form, p.score) for p in default.parse(word)]


def test_the_exact_lookup_says_yes_only_where_is_known_does():
    words = {"ru": ("стали", "ёжик", "ежик", "кроватями", "стулл", "нотура", "в", "москва"),
             "en": ("the", "don't", "'tis", "colour", "teh", "recieve", "a", "london")}
    for lang, sample in words.items():
        exact = lexicon.exact_lookup(lang)
        assert any(map(exact, sample)) and not all(map(exact, sample))  # (it answers, and not always yes)
        for word in sample:
            assert not exact(word) or lexicon.is_known.__wrapped__(word, lang), (lang, word)


def test_a_russian_word_with_e_for_yo_is_known_by_the_analyzer_alone():
    """is_known asks pymorphy3 once: its substitutes read any е as ё, so the
    spelling with every е as ё (елка → ёлка, зелененькие → зелёненькие) is
    among those it tries, and so is one with only some of them (еще → ещё)."""
    morph = lexicon.morph()
    assert morph.char_substitutes == {"е".encode(): [("ё".encode(), "ё")]}
    for word in ("елка", "еще", "зеленый", "зелененькие", "ЕЛКА"):
        assert lexicon.is_known.__wrapped__(word, "ru") and word.lower() not in morph.dictionary.words, word
    for word in ("елкаа", "зеленныйе"):
        assert not lexicon.is_known.__wrapped__(word, "ru"), word


# Forms as spelt, with е for ё (елка, зеленый), with ё and more е for ё,
# hyphenated ones, capitals, and strings no dictionary holds.
_RUSSIAN = ["ёлка", "елка", "Елка", "ЕЛКА", "еще", "ещё", "зеленый", "зелёный", "зеленеет", "всё-таки", "все-таки",
            "кто-то", "когда-то", "когдато", "супермаркете", "встретиться", "встретицца", "ели-ели", "ёёё", "ее",
            "её", "е", "ёжик", "ежик", "щётка", "щетка", "превед", "сталину", "проголосовавших", "чёрт-те",
            "черт-те", "ёлке-палке"]


def _the_long_way(word: str) -> bool:
    """is_known of a Russian word without the folded forms' shortcut."""
    lower = word.lower()
    return lower in lexicon.morph().dictionary.words or lexicon.morph().word_is_known(lower)


@pytest.mark.parametrize("word", _RUSSIAN)
def test_a_russian_words_verdict_is_the_long_ways(word):
    assert lexicon.is_known.__wrapped__(word, "ru") == _the_long_way(word)


def test_without_the_folded_forms_the_long_way_is_taken(monkeypatch):
    monkeypatch.setattr(index.get("ru"), "yo_folded", lambda: None)
    lexicon.russian_form_test.cache_clear()  # (it reads the folded forms once)
    try:
        assert [lexicon.is_known.__wrapped__(w, "ru") for w in _RUSSIAN] == list(map(_the_long_way, _RUSSIAN))
    finally:
        monkeypatch.undo()
        lexicon.russian_form_test.cache_clear()


def test_the_russian_verdicts_say_yes_and_no():
    # (Both answers occur among the forms above, on each side of the shortcut: the tests could fail.)
    verdicts = [lexicon.is_known.__wrapped__(w, "ru") for w in _RUSSIAN]
    assert set(verdicts) == {True, False}
    assert lexicon.is_known.__wrapped__("елка", "ru") and not lexicon.is_known.__wrapped__("превед", "ru")
    assert not lexicon.is_known.__wrapped__("елкаа", "ru")  # (an е, but no ё-form folds to it)
