"""Script damage: mixed alphabets, Roman numerals with lookalikes, digits in words."""

from __future__ import annotations

import pytest
import regex
from hypothesis import given, strategies as st

from cleanup.detectors.script import lines
from cleanup.options import Options
from cleanup.pipeline import check_text, fix_text


def found(text: str, rule: str = "script") -> dict[str, str]:
    return {f.text: f.best.text for f in check_text(text, Options(select=(rule,)))}


def test_mixed_scripts_are_converted_to_the_dominant_one():
    assert found("Пpивет, мир") == {"Пpивет": "Привет"}  # Latin p
    assert found("the mаrket is open") == {"mаrket": "market"}  # Cyrillic а


def test_mixed_word_that_is_not_a_word_either_way_is_left():
    assert found("код Xщ12 и iPhone") == {}


def test_roman_numerals_with_lookalikes_in_numeral_context():
    assert fix_text("в конце Х!Х и в начале ХХ века", Options(select=("script",), min_confidence=0.8)) == (
        "в конце XIX и в начале XX века"
    )
    assert found("на ХХ съезде партии") == {"ХХ": "XX"}
    assert found("in the X1X century") == {"X1X": "XIX"}


def test_joined_numeral_with_a_stand_in_is_fixed_at_the_default_threshold():
    # "!" between two Х is no word's spelling: with the numbered ХХ beside it,
    # the first numeral is safe too, so `fix` leaves no half-fixed pair.
    assert fix_text("в конце Х!Х и в начале ХХ века", Options(select=("script",))) == "в конце XIX и в начале XX века"
    assert fix_text("в конце X1X и в начале XX века", Options(select=("script",))) == "в конце XIX и в начале XX века"


@pytest.mark.parametrize("text", [
    "войска СС и в начале ХХ века",  # СС: an abbreviation beside a numeral
    "в МС и ХХ веке",  # letters only: maybe a word, not a numeral
    "кричали ХХ! и в начале ХХ века",  # the "!" ends the cry
])
def test_joined_numeral_of_letters_only_is_not_applied_by_default(text):
    confidences = {f.text: f.best.confidence for f in check_text(text, Options(select=("script.roman",)))}
    first = text.split()[1]
    assert confidences.get(first, 0.0) < 0.9, confidences


@pytest.mark.parametrize("text", [
    "Ура Х! Победа.",  # an exclamation, not a numeral
    "С Днём рождения",  # Cyrillic С is a preposition here
    "в XIX веке",  # already Latin
    "буква Х и буква Y",  # no numeral context
    "ХХ и YY",
])
def test_no_roman_numeral_outside_numeral_context(text):
    assert found(text, "script.roman") == {}


def test_digits_standing_for_letters():
    assert found("большая пр0блема") == {"пр0блема": "проблема"}
    assert found("he said he1lo") == {"he1lo": "hello"}


@pytest.mark.parametrize("text", ["the 15th century", "mp3 files", "COVID19", "2-й этаж", "to8 per cent", "70-ти лет", "4G"])
def test_numbers_with_letters_are_not_typos(text):
    assert found(text, "script.digit") == {}


@given(st.lists(st.sampled_from(list("aбX \r\n\t\u2028\x85\x0b") + ["\r\n", "Пpивет"]), max_size=30).map("".join))
def test_lines_are_the_runs_a_line_regex_finds(text):
    # script.lines replaced a scan with [^\r\n]+; it must find the same lines
    # (\u2028, \x85 and \x0b are not line ends here, \r alone is).
    assert list(lines(text)) == [(m.start(), m.group()) for m in regex.finditer(r"[^\r\n]+", text)]


def test_a_mixed_word_is_found_on_every_kind_of_line():
    for text in ("Пpивет", "ok\rПpивет", "ok\r\nПpивет\n", "\n\nПpивет мир\r"):
        found = [(f.start, f.end) for f in check_text(text) if f.rule == "script.mixed"]
        start = text.index("Пpивет")
        assert found == [(start, start + 6)], text
