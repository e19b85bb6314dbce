"""Consistency within one document (style.consistency.*): positive and negative cases."""

from __future__ import annotations

import pytest

from cleanup.model import Tier
from cleanup.options import Options
from cleanup.pipeline import check_text
from conftest import ROOT

OPTIONS = Options(select=("style.consistency",))


def _found(text: str) -> list[tuple[str, str, str | None, Tier]]:
    return [
        (f.rule, f.text, f.best.text if f.best else None, f.tier)
        for f in check_text(text, OPTIONS)
    ]


def test_one_letter_variant_of_a_frequent_name():
    text = ("STALIN said so. Later STALIN wrote it. STALIN’s mistakes were few. "
            "The approach to STALTN was harsh.")
    assert _found(text) == [("style.consistency.name", "STALTN", "STALIN", Tier.UNSAFE)]


def test_russian_variant_keeps_its_own_case_ending():
    text = "Ошибки СТАЛИНА. У СТАЛИНА были дела. Дела СТАЛИНА. Подход к СТАЛТНУ."
    assert _found(text) == [("style.consistency.name", "СТАЛТНУ", "СТАЛИНУ", Tier.UNSAFE)]


@pytest.mark.parametrize("text", [
    # Two different known words one letter apart are not variants.
    "Paris, Paris and Parts. Paris again.",
    # A rare name as frequent as its neighbour: no majority.
    "Ivanov met Ivanova. Ivanov and Ivanova left.",
    # A variant seen once and a known word: nothing to go by.
    "Moscow and Moscou.",
])
def test_no_name_variant(text):
    assert [f for f in _found(text) if f[0] == "style.consistency.name" and f[3] > Tier.DISPLAY] == []


def test_transliteration_variants_are_shown_without_applying():
    text = "We met in Cesme. The word Cheshme means a spring. Cesme is in Turkey."
    found = _found(text)
    assert found == [("style.consistency.name", "Cheshme", "Cesme", Tier.DISPLAY)]


def test_cyrillic_names_in_english_text_are_not_one_transliterated_name():
    # Latin skeletons of Cyrillic words are all empty; they must not group.
    text = "Names in it are correct: Чешме, Сяопин, ЕКИ, and СТАЛТНУ is not."
    assert _found(text) == []


def test_capitals_versus_title_case():
    text = "СТАЛИН сказал. Ошибки СТАЛИНА. Про Сталина."
    assert _found(text) == [("style.consistency.case", "Сталина", "СТАЛИНА", Tier.DISPLAY)]


def test_headings_do_not_count_for_case():
    text = "ИСТОРИЯ РОССИИ\n\nИстория России длинна. История России сложна."
    assert _found(text) == []


def test_yo_and_ye_spellings():
    text = "Мы ещё придём. Ещё раз. Но еще не сейчас."
    assert _found(text) == [("style.consistency.yo", "еще", "ещё", Tier.DISPLAY)]


@pytest.mark.parametrize("text", [
    "Всё хорошо, все пришли. Всё ясно.",  # все and всё are different words
    "Небо синее, нёбо болит, небо ясное.",
    "Ещё раз и ещё раз.",
])
def test_yo_leaves_distinct_words_alone(text):
    assert _found(text) == []


def test_year_notation():
    text = "В 1987 г. начался конфликт. С 2018 г. всё иначе. В 1917 году была революция."
    assert _found(text) == [("style.consistency.year", "1917 году", "1917 г.", Tier.DISPLAY)]
    text = "В 1987 г. начался конфликт. С 2018 года всё иначе. В 1917 году была революция."
    assert _found(text) == [("style.consistency.year", "1987 г.", "1987 году", Tier.DISPLAY)]


def test_one_year_notation_is_fine():
    assert _found("В 1987 году, с 2018 года, к 1917 году.") == []
    assert _found("В 1987 г., с 2018 г.") == []


def test_precision_on_the_correct_parallel_text():
    for path in sorted((ROOT / "tests" / "data" / "parallel").glob("*.txt")):
        assert _found(path.read_text(encoding="utf-8")) == [], path.name


def test_sample(sample_text):
    found = [f for f in _found(sample_text) if f[3] > Tier.DISPLAY]
    assert sorted(f[1] for f in found) == ["STALTN", "СТАЛТНУ"]


def test_the_lexicon_reads_only_the_lower_case_word():
    """The name checks ask ``is_known`` with the lower-case word (the key the
    spelling detector's answers are cached under): the same answer."""
    from cleanup.lexicon import is_known

    for word in ("Сталин", "СТАЛИН", "СТАЛТН", "Ёлка", "ЕЩЁ", "Еще", "Хрущёв", "Москва", "Нью-Йорк",
                 "STALIN", "Stalin", "STALTN", "Karabakh", "O'Brien", "İstanbul", "Straße", "STRASSE", "Ǆx"):
        for lang in ("ru", "en", None):
            assert is_known(word, lang) == is_known(word.lower(), lang), (word, lang)


def test_a_name_the_spelling_detector_found_known_is_known_as_the_lexicon_says():
    """``_known_name`` takes the spelling detector's verdict "known" (it runs
    first) for a word of its language's script: its answer stays
    ``is_known(word.lower(), lang)``, in the word's language and in the
    other, on words the detector found known and on words it did not."""
    from cleanup.detectors import consistency, spelling
    from cleanup.lexicon import is_known

    words = ("Сталин СТАЛИН СТАЛТН Сталтну Москва МОСКВА Москвы Нью-Йорк Ёлка ЕЩЁ Еще Хрущёв Stalin STALIN "
             "Staltn London LONDON Londn Karabakh O'Brien İstanbul Straße Moskva Ǆx Café Recieved The THE").split()
    text = "\n\n".join([" ".join(words), "Он видел " + " и ".join(words) + ".",
                        "He saw " + " and ".join(words) + "."])
    check_text(text, Options(select=("spelling",)))
    vouched = [w for w, known in zip(words, spelling.known_words(words)) if known]
    assert {"Сталин", "Москва", "London", "The", "THE"} <= set(vouched)  # (else nothing is taken)
    for word in words:
        for lang in ("ru", "en"):
            assert consistency._known_name(word, lang) == is_known(word.lower(), lang), (word, lang)
