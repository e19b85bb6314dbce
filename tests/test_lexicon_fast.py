"""lexicon's shortcuts answer what the long way answers."""

from __future__ import annotations

import pymorphy3.analyzer

from cleanup import lexicon


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
