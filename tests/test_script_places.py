"""The compiled places of the script detector (cleanup/spelling/_speedups.c:
roman_places, digit_places, mixed_lines) answer as their Python twins, and
the patterns tried only at those places find what a scan of the whole text
finds.

Skipped where the extension is not built (no compiler); the pure-Python path
scans with the patterns themselves."""

from __future__ import annotations

import sys

import pytest
import regex
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleanup.detectors import script
from cleanup.spelling import speedups

kernel = speedups.compiled()
needs_kernel = pytest.mark.skipif(kernel is None, reason="the spelling kernel is not built (or not wanted)")

# Every code point but the surrogates, once each.
_ALL = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)

_ROMANISH = st.lists(st.sampled_from(list("IVXLCDMХІСМ!1|lxabz09 .,-\n") + ["é", "ё", "²", "٣", "»", "Я", "𝟙", "ⅷ", "Ⅻ"]),
                     max_size=16).map("".join)
_MIXED = st.lists(st.sampled_from(list("ab Z\n\r.,") + ["é", "ё", "Я", "«", "—", "ℂ", "K", "ᴫ", "ﬁ", "𝐀", "\U0001e030",
                                                         "ⅷ", "\u0485", "ʹ"]), max_size=16).map("".join)
_ROMAN_SETS = (script._ROMAN_FIRST, script._ROMAN_BODY, script._ROMAN_LAST)


def test_the_blocks_said_to_hold_no_number_or_latin_letter_hold_none():
    assert regex.findall(f"(?=[{script._NO_NUMBER_BLOCKS}])\\p{{N}}", _ALL) == []
    assert regex.findall(f"(?=[{script._NOT_LATIN_BLOCKS}])\\p{{Script=Latin}}", _ALL) == []
    outside = f"[^{script._CYRILLIC_BLOCKS}\\U00010000-\\U0010ffff]"
    assert regex.findall(f"(?={outside})\\p{{Script=Cyrillic}}", _ALL) == []


def test_every_latin_and_cyrillic_letter_makes_a_line_mixed():
    for ch in regex.findall(r"\p{Script=Latin}", _ALL):
        assert script.mixed_lines(ch + "я") == [(0, 2)], hex(ord(ch))
    for ch in regex.findall(r"\p{Script=Cyrillic}", _ALL):
        assert script.mixed_lines("a" + ch) == [(0, 2)], hex(ord(ch))
    assert script.mixed_lines("abc\nя b\r\rЯ«»\n") == [(4, 7)]


@settings(max_examples=600, deadline=None)
@given(text=_ROMANISH)
@example(text="в конце Х!Х и ХХ века, I think, X1X, XI1 MCM!")
@example(text="!I!I!I!Ia")
def test_numerals_and_digits_tried_at_their_places_are_those_a_scan_finds(text):
    def ascii_alnum(i):
        return 0 <= i < len(text) and text[i].isascii() and text[i].isalnum()

    assert script.roman_places(text, *_ROMAN_SETS) == [
        i for i in range(len(text)) if text[i] in script._ROMAN_FIRST and not ascii_alnum(i - 1)
        and any(all(c in script._ROMAN_BODY for c in text[i : k + 1]) and text[k] in script._ROMAN_LAST
                and not ascii_alnum(k + 1) for k in range(i, len(text)))
    ]
    want = [m.start() for m in script._ROMAN_TOKEN.finditer(text)]
    assert set(want) <= set(script.roman_places(text, *_ROMAN_SETS))
    assert set(m.start() for m in script._DIGIT_BY_LETTER.finditer(text)) <= set(script.digit_places(text))
    if kernel is not None:
        assert kernel.roman_places(text, *_ROMAN_SETS) == script.roman_places(text, *_ROMAN_SETS)
        assert kernel.digit_places(text) == script.digit_places(text)
        assert [m.span() for m in script.roman_tokens(text)] == [m.span() for m in script._ROMAN_TOKEN.finditer(text)]
        assert script.digit_hits(text) == want_digits(text)


def want_digits(text):
    return [m.start() for m in script._DIGIT_BY_LETTER.finditer(text)]


@needs_kernel
def test_a_digit_place_is_wherever_a_number_may_be_beside_what_may_be_a_letter():
    numbers = set(regex.findall(r"\p{N}", _ALL))
    text = "a" + "a".join(_ALL) + "a"
    places = set(kernel.digit_places(text))
    assert all(2 * i + 1 in places for i, ch in enumerate(_ALL) if ch in numbers)
    assert kernel.digit_places(text) == script.digit_places(text)
    assert kernel.digit_places("1 2, 3a b4 ²") == [5, 9]


@settings(max_examples=600, deadline=None)
@given(text=_MIXED)
def test_mixed_lines_are_those_the_python_twin_finds(text):
    if kernel is not None:
        assert kernel.mixed_lines(text) == script.mixed_lines(text)
    for start, end in [(s, s + len(line)) for s, line in script.lines(text)]:
        both = regex.search(r"\p{Script=Latin}", text[start:end]) and regex.search(r"\p{Script=Cyrillic}", text[start:end])
        assert not both or (start, end) in script.mixed_lines(text)


@settings(max_examples=600, deadline=None)
@given(text=_MIXED)
@example(text="Ⅻab ⅷЯ ℂЯ Яé ёё ab")
def test_latin_runs_are_the_runs_of_letters_that_hold_a_latin_letter(text):
    for start in range(0, len(text) + 1, 3):
        for end in range(start, len(text) + 1, 2):
            want = [(start + m.start(), start + m.end(), m.group()) for m in regex.finditer(r"\p{L}++", text[start:end])
                    if regex.search(r"\p{Script=Latin}", m.group())]
            assert list(script.latin_runs(text, start, end)) == want


@settings(max_examples=400, deadline=None)
@given(text=_ROMANISH)
@example(text="ab12я3 4é5x")
def test_a_run_start_is_where_the_backward_regex_puts_it(text):
    for hit in range(len(text) + 1):
        for lo in range(hit + 1):
            assert script._run_start(text, lo, hit) == script._RUN_BEFORE.match(text, lo, hit).start()


def test_digit_hits_beside_ascii_letters_and_beyond_ascii_are_the_scans():
    for text in ("1st 2nd 12s 6d mp3 a1", "пр0блема 2019г ²a a٣ 3", "1", "a1", "1a", "", "x 1 y"):
        assert script.digit_hits(text) == want_digits(text)


@settings(max_examples=300, deadline=None)
@given(text=_ROMANISH)
@example(text="1st")
@example(text="12")
def test_the_script_of_a_word_is_the_one_most_of_its_letters_are_in(text):
    cyr = len(regex.findall(r"\p{Script=Cyrillic}", text))
    lat = len(regex.findall(r"\p{Script=Latin}", text))
    assert script._script_of(text) == ("ru" if cyr > lat else "en" if lat > cyr else None)
