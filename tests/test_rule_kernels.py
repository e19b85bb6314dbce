"""The rule engine's compiled kernels (cleanup/spelling/_speedups.c:
ascii_twins, trigger_starts, trigger_scan, replace_chars,
glued_places) answer as their Python twins in
cleanup/rulepack.py, and the twins as what they stand for.

Skipped where the extension is not built (no compiler); the Python twins
are the reference and are what runs there."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleanup import rulepack
from cleanup.rulepack import TriggerIndex, trigger_plan
from cleanup.spelling import speedups

kernel = speedups.compiled()
needs_kernel = pytest.mark.skipif(kernel is None, reason="the spelling kernel is not built (or not wanted)")

_TWIN_TEXTS = st.lists(st.sampled_from(["the", "The", "THE", "cat", "cats", "a", "A", " ", "  ", "\n", "\t", ", ", "“",
                                        "”", "é", "ﬁ", "-", "\x0b", "\x1c", "\u00a0", "Я", "𝐀", "x", "@", "[", "`", "{"]),
                       max_size=14).map("".join)


@settings(max_examples=600, deadline=None)
@given(text=_TWIN_TEXTS, cut=st.integers(0, 40), stop=st.integers(0, 40))
@example(text="the the é", cut=0, stop=40)
@example(text="the theﬁ the", cut=0, stop=40)
@example(text="@the [THE` {the", cut=0, stop=40)
def test_twin_words_are_those_the_python_twin_finds(text, cut, stop):
    for first_only in (True, False):
        found = rulepack._ascii_twins(text, cut, stop, first_only, rulepack._TYPOGRAPHY)
        if found is not None:
            pairs = rulepack._twin_pairs(text, min(cut, len(text)), max(min(cut, len(text)), min(stop, len(text))))
            assert found == (pairs[:1] if first_only else pairs)
        if kernel is not None:
            assert kernel.ascii_twins(text, cut, stop, first_only, rulepack._TYPOGRAPHY) == found, first_only
    assert rulepack._ascii_twins("the the é", 0, 9, True, rulepack._TYPOGRAPHY) is None


@needs_kernel
def test_twin_words_refuse_a_negative_start():
    with pytest.raises(ValueError):
        kernel.ascii_twins("the the", -1, 7, False, "")


_KEYS = (("ab", False), ("E, ", False), ("кое", True), ("e", True), ("ﬁ", False), ("B", False))
_TRIGGER_TEXTS = st.lists(st.sampled_from(["ab", "AB", "E, ", "e, ", "КОЕ", "кое", "ﬁ", "ß", "B", "b", " ", "\n"]),
                          max_size=16).map("".join)


@settings(max_examples=400, deadline=None)
@given(text=_TRIGGER_TEXTS, cap=st.integers(0, 5), chunk=st.sampled_from([4, 8, 1 << 18]))
@example(text="E, e, E, ab ab", cap=1, chunk=1 << 18)
def test_the_trigger_index_keeps_each_key_s_places_up_to_its_cap(text, cap, chunk):
    class Chunked(TriggerIndex):
        _CHUNK = chunk

    index, hay = Chunked(text, trigger_plan(_KEYS), cap=cap), text + "\n"
    folded = rulepack._casefold_aligned(hay)
    for key in _KEYS:
        expected = [i for i in range(len(hay)) if (folded if key[1] else hay).startswith(key[0], i)]
        assert index.has(key) == bool(expected)
        # (more than the cap, or than one: only known to be there)
        starts = index.starts(key)
        if len(key[0]) > 1 or key[1]:  # (a single character's places are found when asked, whatever the cap)
            assert (None if starts is None else list(starts)) == (None if len(expected) > max(cap, 1) else expected), key


@settings(max_examples=300, deadline=None)
@given(text=_TRIGGER_TEXTS, limit=st.integers(0, 20))
def test_trigger_starts_are_those_the_python_twin_sorts_out(text, limit):
    singles, groups = trigger_plan(_KEYS)
    for fold, strings, needles, _ in groups:
        piece = text + "\n"
        matches = rulepack._automaton(strings).find_matches_as_indexes(rulepack._casefold_aligned(piece) if fold else piece,
                                                    overlapping=True)
        want = rulepack._trigger_starts(matches, needles, piece, limit)
        assert all(s < limit for starts in want.values() for s in starts)
        if kernel is not None:
            got = kernel.trigger_starts(matches, needles, piece, limit)
            assert got == want and list(got) == list(want)


# Keys with no case-insensitive one: their strings are looked for in the text as it is.
_PLAIN_KEYS = (("ab", False), ("Straße", False), ("E, ", False), ("𝐀b", False), ("ß", False))
_SCAN_TEXTS = st.lists(st.sampled_from(["ab", "AB", "E, ", "e, ", "КОЕ", "кое", "ﬁ", "ß", "SS", "Straße", "STRASSE",
                                        "B", "b", " ", "\n", "𝐀b", "\uffff", "İ", "K", "\u212a"]),
                       max_size=16).map("".join)


@settings(max_examples=400, deadline=None)
@given(text=_SCAN_TEXTS, limit=st.integers(0, 40))
@example(text="E, e, ab E, ﬁ", limit=40)
@example(text="ab𝐀b", limit=40)
def test_trigger_scan_finds_what_the_automaton_finds(text, limit):
    # The Python twin against the automaton's matches as trigger_starts sorts
    # them (the pure-Python path), and the kernel against the twin.
    table = rulepack._fold_table()
    assert table is not None and len(table) == 0x10000
    for keys in (_KEYS, _PLAIN_KEYS):
        for fold, strings, needles, _ in trigger_plan(keys)[1]:
            piece = text + "\n"
            hay = rulepack._casefold_aligned(piece) if fold else piece
            matches = rulepack._automaton(strings).find_matches_as_indexes(hay, overlapping=True)
            want = rulepack._trigger_starts(matches, needles, piece, limit)
            got = rulepack._trigger_scan(piece, limit, table if fold else None, strings, needles)
            if fold and any(ch > "\uffff" for ch in piece):
                assert got is None  # (beyond the BMP: the automaton's pass)
            else:
                assert got == want, (keys, fold)
            if kernel is not None:
                assert kernel.trigger_scan(piece, limit, table if fold else None, strings, needles) == got


def test_the_fold_table_folds_each_character_as_the_text_s_folding_does():
    assert rulepack._bmp() == "".join(map(chr, range(0x10000)))  # (surrogates too)
    table = rulepack._fold_table()
    assert table == rulepack._casefold_aligned("".join(map(chr, range(0x10000))))
    assert table[ord("A")] == "a" and table[ord("Я")] == "я" and table[0x212A] == "k" and table[ord("ß")] == "\uffff"


@needs_kernel
def test_trigger_scan_refuses_what_is_not_a_plan():
    table = rulepack._fold_table()
    with pytest.raises(TypeError):
        kernel.trigger_scan("ab", 2, None, ("ab",), ((("ab", False),),))  # (an entry is (key, check))
    with pytest.raises(TypeError):
        kernel.trigger_scan("ab", 2, None, ("",), (((("", False), False),),))  # (an empty needle)
    with pytest.raises(TypeError):
        kernel.trigger_scan("ab", 2, None, ("ab", "b"), (((("ab", False), False),),))  # (one group a needle)
    with pytest.raises(ValueError):
        kernel.trigger_scan("ab", 2, table[:100], ("ab",), (((("ab", False), False),),))
    assert kernel.trigger_scan("ab", 2, None, ("ab",), (((("ab", False), False),),)) == {("ab", False): [0]}


@needs_kernel
def test_trigger_starts_refuse_what_is_not_a_match():
    with pytest.raises(TypeError):
        kernel.trigger_starts([(0,)], ((),), "", 1)
    with pytest.raises(TypeError):
        kernel.trigger_starts([(5, 0, 1)], ((),), "", 1)


_SEVERAL = rulepack._folds_to_several()


@settings(max_examples=400, deadline=None)
@given(text=st.lists(st.sampled_from(list("abc яЯé") + list(_SEVERAL[:12]) + ["ﬁ", "ß", "İ", "\uffff", "𝐀"]),
                     max_size=12).map("".join))
def test_replaced_characters_are_those_the_python_twin_replaces(text):
    want = rulepack._replace_chars(text, _SEVERAL, "\uffff")
    assert len(want) == len(text) and len(want.casefold()) == len(text)
    if kernel is not None:
        got = kernel.replace_chars(text, _SEVERAL, "\uffff")
        assert got == want
        assert (got is text) == (want is text)


@needs_kernel
def test_replace_chars_refuses_a_character_above_its_replacement():
    with pytest.raises(ValueError):
        kernel.replace_chars("abc", "b", "a")
    assert kernel.replace_chars("abc", "b", "ÿ") == "aÿc"


_GLUED_TEXTS = st.lists(st.sampled_from([",", ";", ":", ".", "!", "?", "a", "Z", "я", "Ё", "é", "ﬁ", "𝐀", "1", "@", "[",
                                         "`", "{", "_", " ", "\n", "\t", "\x0b", "\x1c", "\x85", "\u00a0", "\u2028",
                                         "\u3000", "\u200b", "-", "…"]),
                        max_size=16).map("".join)


def _glued_by_definition(text: str, marks: str) -> list[int]:
    # A mark, then an ASCII letter or a character beyond ASCII that is not
    # white space (str.isspace asks what re's \s asks).
    return [i for i in range(len(text) - 1) if text[i] in marks
            and (text[i + 1].isalpha() if text[i + 1].isascii() else not text[i + 1].isspace())]


@settings(max_examples=600, deadline=None)
@given(text=_GLUED_TEXTS, marks=st.sampled_from([rulepack._GLUED_MARKS, ",", ".?", ""]))
@example(text=".a,Я;\u00a0:\x85!𝐀?\u3000.", marks=rulepack._GLUED_MARKS)
@example(text="x.", marks=rulepack._GLUED_MARKS)
@example(text="", marks=rulepack._GLUED_MARKS)
def test_glued_places_are_those_the_python_twin_finds(text, marks):
    found = rulepack._glued_mark_places(text, marks)
    assert found == _glued_by_definition(text, marks)
    if kernel is not None:
        assert kernel.glued_places(text, marks) == found


@needs_kernel
def test_glued_places_refuse_marks_beyond_ascii():
    with pytest.raises(TypeError):
        kernel.glued_places("a…b", "…")
