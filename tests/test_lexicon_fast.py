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
