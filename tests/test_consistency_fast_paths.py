"""The consistency detector's gates never say "nothing here" where the plain
computation finds something.

Each gate is checked against the straightforward definition it stands in
for (the words of ``segments.words``, grouped as the detector groups them).
"""

from __future__ import annotations

import re
import sys

import regex
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleanup.detectors import consistency
from cleanup.detectors.consistency import _yo_pairs_possible
from cleanup.segments import words


def _yo_pairs(text: str) -> bool:
    """Is some word of ``text`` written in two ways that differ only by ё/е
    (the groups ``_yo_variants`` reports, before it asks the dictionary)?"""
    spellings: dict[str, set[str]] = {}
    for t in words(text):
        lower = t.text.lower()
        spellings.setdefault(lower.replace("ё", "е"), set()).add(lower)
    return any(len(group) >= 2 for group in spellings.values())


def test_utf16_translation_lower_cases_the_russian_alphabet_only():
    # The gate's premise: in the translated UTF-16 units, a unit is a
    # lower-case Russian letter exactly where the text has a Russian letter,
    # and it is that letter's lower case.
    russian = re.compile("[А-яЁё]")
    table = consistency._RUSSIAN_TO_LOWER_UTF16
    low = consistency._RUSSIAN_LOWER_LOW_BYTES
    for code in range(sys.maxunicode + 1):
        c = chr(code)
        units = c.encode("utf-16-le", "surrogatepass").translate(table)
        pairs = [units[i:i + 2] for i in range(0, len(units), 2)]
        found = [p for p in pairs if p[1] == 4 and p[0] in low]
        if russian.match(c):
            assert found == [c.lower().encode("utf-16-le")], hex(code)
        else:
            assert not found, hex(code)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="еЕёЁжЖa -\u0301", max_size=20))
def test_yo_runs_are_the_runs_of_russian_letters_holding_yo(text):
    plain = {run.lower() for run in re.findall("[А-яЁё]*[Ёё][А-яЁё]*", text)}
    assert consistency._yo_runs(text) == plain


def test_yo_gate_examples():
    assert _yo_pairs_possible("ещё и еще")
    assert _yo_pairs_possible("Ещё и ЕЩЕ")
    assert _yo_pairs_possible("трёхъёмкий, трехъёмкий")  # two spellings, both with ё
    assert _yo_pairs_possible("ещё-то и еще-то")
    assert not _yo_pairs_possible("ещё и ещемящий")  # a key inside a longer word is not it
    assert not _yo_pairs_possible("ещё и Доеще")
    assert not _yo_pairs_possible("ещё, ещё")
    assert not _yo_pairs_possible("еще и все")


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet="еЕёЁжЖщa -'’\u0301İΣ1ЀѐāQ\u2014", max_size=24))
@example("ёж ЕЖ")
@example("ё-ж е-ж")
@example("жё\u0301 же\u0301")
@example("aё ae")
@example("ёё её")
def test_yo_gate_never_says_no_where_words_differ_by_yo(text):
    if _yo_pairs(text):
        assert _yo_pairs_possible(text)


def test_yo_variants_behind_the_gate_are_unchanged():
    # The detector's own path: a text the gate lets through still reports,
    # and one it stops reports nothing.
    from cleanup.segments import Span

    text = "Он ещё пришёл. Потом еще раз, ещё раз."
    spans = [Span(0, len(text), "ru")]
    found = [(f.text, f.suggestions[0].text if f.suggestions else None)
             for f in consistency._yo_variants(text, spans)]
    assert found == [("еще", "ещё")]
    assert list(consistency._yo_variants("Он ещё пришёл и ушел.", [Span(0, 21, "ru")])) == []


def test_an_abbreviated_year_needs_g_and_a_point():
    # The year gate's premise: the abbreviation's letter and point, ignoring
    # case, match only "г", "Г" and "."; and no text without "г." or "Г." has
    # an abbreviated year.
    letter = regex.compile(r"(?i)г")
    point = regex.compile(r"(?i)\.")
    matched = [chr(code) for code in range(sys.maxunicode + 1) if letter.match(chr(code))]
    assert sorted(matched) == ["Г", "г"]
    assert [chr(code) for code in range(sys.maxunicode + 1) if point.match(chr(code))] == ["."]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="1987 гГ.одуа\n", max_size=30))
@example("в 1987 г. и в 1988 году")
@example("в 1987 Г. и в 1988 ГОДУ")
@example("1987гг. 1988 годы")
def test_year_styles_gate_never_hides_a_finding(text):
    from cleanup.segments import Span

    spans = [Span(0, len(text), "ru")]
    found = [(f.start, f.end, f.suggestions) for f in consistency._year_styles(text, spans)]
    assert found == [(f.start, f.end, f.suggestions) for f in consistency._year_styles_in(text, spans)]
