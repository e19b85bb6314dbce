"""The mojibake detector: repairs text that went through the wrong code page,
and stays silent on correct text — Russian, English, accented names,
capitalised abbreviations."""

from __future__ import annotations

import pytest

from cleanup import Options, check_text, fix_text
from cleanup.detectors.mojibake import MojibakeDetector
from cleanup.model import Tier

ENC = Options(select=("encoding",))


def _damage(text: str, encoded_as: str, read_as: str) -> str:
    return text.encode(encoded_as).decode(read_as)


RU = "Дорогие товарищи, позвольте мне выразить благодарность организаторам встречи."
EN = "The café served crème brûlée to the délégation from Zürich."


@pytest.mark.parametrize(
    "rule, original, encoded_as, read_as",
    [
        ("encoding.utf8_as_cp1251", RU, "utf-8", "cp1251"),
        ("encoding.utf8_as_latin1", RU, "utf-8", "latin-1"),
        ("encoding.utf8_as_latin1", EN, "utf-8", "cp1252"),
        ("encoding.utf8_as_koi8r", RU, "utf-8", "koi8-r"),
        ("encoding.koi8r_as_cp1251", RU, "koi8-r", "cp1251"),
        ("encoding.cp1251_as_koi8r", RU, "cp1251", "koi8-r"),
        ("encoding.cp1251_as_latin1", RU, "cp1251", "cp1252"),
    ],
)
def test_damaged_sentence_is_repaired(rule, original, encoded_as, read_as):
    damaged = _damage(original, encoded_as, read_as)
    findings = check_text(damaged, ENC)
    assert findings and {f.rule for f in findings} == {rule}
    assert fix_text(damaged, Options(select=("encoding",), min_confidence=0.5)) == original


def test_the_issues_examples():
    (f,) = check_text("Он сказал: РџСЂРёРІРµС‚!", ENC)
    assert (f.rule, f.text, f.best.text) == ("encoding.utf8_as_cp1251", "РџСЂРёРІРµС‚", "Привет")
    assert f.tier is Tier.SAFE
    (f,) = check_text("a cafÃ© in Paris", ENC)
    assert (f.text, f.best.text) == ("cafÃ©", "café")


def test_damage_inside_correct_text_is_found_alone():
    text = "Начало. РџСЂРёРІРµС‚, РјРёСЂ! Конец, and English."
    (f,) = check_text(text, ENC)
    assert f.text == "РџСЂРёРІРµС‚, РјРёСЂ" and f.best.text == "Привет, мир"
    assert fix_text(text) == "Начало. Привет, мир! Конец, and English."


def test_one_pair_without_word_evidence_is_not_safe():
    (f,) = check_text("Ã©", ENC)
    assert f.best.text == "é" and f.tier is not Tier.SAFE


@pytest.mark.parametrize(
    "text",
    [
        "ВСЁ хорошо, ГОСТ и СССР, НАТО и КПРФ, РСФСР.",
        "Российская Федерация, Санкт-Петербург, ёлка, её, всё.",
        "naïve résumé à la carte, Ça va? Ærø, Øresund, São Paulo, Müller, Łódź.",
        "«Кавычки» — тире… №5 © 2023 ± 3 °C, §4, ‰, €100, ™.",
        "Я ВАС ЛЮБЛЮ. ДОКЛАД ЦЕНТРАЛЬНОГО КОМИТЕТА КПСС XXVII СЪЕЗДУ.",
        "СЁМГА, ВСЁ, ЕЁ, ЁЖ; С«кавычкой», Р.С. Петров, С.-Петербург.",
        "Straße, Æsir, Þórr, ÉCOLE NORMALE SUPÉRIEURE, ÀÉÎÕÜ.",
        "",
    ],
)
def test_correct_text_stays_untouched(text):
    assert check_text(text, ENC) == []


def test_rules_declared_with_examples_that_work():
    for doc in MojibakeDetector.RULES:
        assert doc.id.startswith("encoding.") and " → " in doc.example
        bad, good = doc.example.split(" → ")
        findings = check_text(bad, ENC)
        assert findings and findings[0].rule == doc.id, doc.id
        assert fix_text(bad, Options(select=("encoding",), min_confidence=0.5)) == good


def test_long_one_line_file_is_linear():
    import time

    line = ("РџСЂРёРІРµС‚ correct words here " * 20000)  # ~600 KB, no line break
    start = time.perf_counter()
    findings = check_text(line, ENC)
    assert sum(f.text.count("РџСЂРёРІРµС‚") for f in findings) == 20000
    assert all(f.best.text.count("Привет") == f.text.count("РџСЂРёРІРµС‚") for f in findings)
    assert time.perf_counter() - start < 30  # generous; a quadratic scan would take hours


def test_no_marker_can_match_ascii_text_so_ascii_text_is_skipped():
    # MojibakeDetector returns at once on an ASCII text: that is exact only
    # while no marker can match one. Every ASCII pair and run is tried here.
    from cleanup.detectors.mojibake import _LOWER_THEN_CAPITAL, _SWAPS, _UTF8_MARKERS

    ascii_pairs = " ".join(chr(a) + chr(b) for a in range(128) for b in range(128))
    markers = [*_UTF8_MARKERS.values(), *(m for m, *_ in _SWAPS.values()), _LOWER_THEN_CAPITAL]
    for marker in markers:
        assert marker.search(ascii_pairs) is None, marker.pattern
        assert marker.search("".join(map(chr, range(128))) * 3) is None, marker.pattern
        assert marker.search(" ".join(chr(c) * 4 for c in range(128))) is None, marker.pattern


def test_every_latin1_marker_and_accented_run_holds_a_latin1_letter():
    # The detector looks for both only in a text with a character of
    # _LATIN1_LETTERS: each must hold one.
    from cleanup.detectors import mojibake

    latin1 = mojibake._LATIN1_LETTERS
    for c in map(chr, range(0x10000)):
        if mojibake._UTF8_MARKERS["encoding.utf8_as_latin1"].match(c + "\u00a9") or mojibake._ACCENTED_RUN.fullmatch(c * 3):
            assert latin1.fullmatch(c), hex(ord(c))
    assert mojibake._UTF8_MARKERS["encoding.utf8_as_latin1"].match("Ã©") and latin1.fullmatch("Ã")
