"""The table of common forms (cleanup.spelling.commonforms) must answer what
the spelling detector's word-by-word judgement answers: a form it holds, in
a case pattern the table may answer for, gets the verdict the full
judgement gives; every other form is judged as before."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleanup.detectors import spelling as detector
from cleanup.spelling import commonforms, index


@pytest.fixture(scope="module")
def table():
    get = commonforms.lookup()
    if get is commonforms.no_table:
        pytest.skip("no writable cache for the table")
    return get


def _sample(lang: str, n: int) -> list[str]:
    """Every k-th form of ``lang``'s frequency list: common and rare forms,
    short and long, hyphenated and with apostrophes."""
    keys = index.get(lang).freq.keys()
    return keys[:: max(1, len(keys) // n)]


_RU = _sample("ru", 400)
_EN = _sample("en", 400)
_KNOWN_PATTERNS = [str.lower, str.title, str.upper, str.capitalize]
# Characters whose case mapping changes a word's length or leaves its script
# (the Kelvin sign lowers to ASCII k, İ to i and a combining dot), OCR's
# capitals inside a word, the typewriter apostrophe's twin.
_ODD = ["\u212a", "İ", "ſ", "’", "ß", "ﬁ", "U", "H", "Ё", "ё"]


def _verdict(word: str, accepted, table_get) -> tuple:
    old = detector._plain_form
    detector._plain_form = table_get
    try:
        form = detector._form(word, accepted, {})
    finally:
        detector._plain_form = old
    q = form.question
    return form.counted, form.unknown, None if q is None else (q.rule, *q._offered()[:2], q.upper)


def _variants(word: str, flips: list[int]) -> list[str]:
    out = [f(word) for f in _KNOWN_PATTERNS]
    mixed = "".join(c.upper() if i in flips else c for i, c in enumerate(word))
    return out + [mixed]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(_RU + _EN), st.lists(st.integers(0, 12), max_size=3),
       st.sampled_from(_ODD), st.integers(0, 12))
def test_a_form_of_the_table_gets_the_verdict_judging_it_gives(table, form, flips, odd, at):
    accepted = detector._accepted(frozenset())
    for word in _variants(form, flips) + [form[:at] + odd + form[at:], (form[:at] + odd + form[at:]).upper()]:
        assert _verdict(word, accepted, table) == _verdict(word, accepted, commonforms.no_table), word


def test_the_table_holds_the_forms_the_detector_passes_and_no_other(table):
    for lang, sample in (("ru", _RU), ("en", _EN)):
        held = [w for w in sample if table(w) is not None]
        assert len(held) > len(sample) // 4, lang  # (most of a frequency list's forms are real words)
        for w in sample:
            # (A word of the other script in a list is the other language's.)
            assert (table(w) is not None) == any(detector.plainly_known(w, lg) for lg in ("ru", "en")), w


def test_mixed_case_and_ocr_capitals_are_never_answered_by_the_table(table):
    accepted = detector._accepted(frozenset())
    # Their lower-case forms are common words; as written they are OCR's
    # (weU: U for ll) or a case pattern no fix may keep (McDonald-like).
    for word in ("WeLL", "wELL", "tHe", "hEllo", "сТАЛИН", "МоСКва", "stilL"):
        assert table(word.lower()) is not None, word
        assert _verdict(word, accepted, table) == _verdict(word, accepted, commonforms.no_table), word
    for word in ("weU", "wiU", "aU", "Hke", "tbe"):
        assert _verdict(word, accepted, table) == _verdict(word, accepted, commonforms.no_table), word
    # A common word with OCR's U inside (yoU) is read as OCR damage, not passed.
    for word in ("yoU", "aboUt", "thoUgh", "boUnd"):
        assert table(word.lower()) is not None, word
        assert detector._form(word, accepted, {}).unknown, word
        assert _verdict(word, accepted, table) == _verdict(word, accepted, commonforms.no_table), word
    assert detector._form("weU", accepted, {}).unknown  # (OCR damage, not the common word)


def test_short_and_hyphenated_rare_forms_are_left_to_judging(table):
    assert table("и") is None and table("of") is None  # too short to be counted: not the table's verdict
    for lang, sample in (("ru", _RU), ("en", _EN)):
        for w in itertools.islice((w for w in sample if len(w) < detector.MIN_LENGTH), 20):
            assert table(w) is None, w
