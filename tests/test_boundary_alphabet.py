"""The word-boundary detectors' words of one alphabet: the compiled
``alphabet_words`` against its Python twin ``boundary._plain_lowered`` (and
that against the plain definition); and run-together's split points
(``runtogether._closed_points``) against the test they stand for."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleanup.detectors import boundary, runtogether

_LETTERS = {False: "[а-яёА-ЯЁ]", True: "[a-zA-Z]"}
# Letters of both alphabets and their neighbours in Unicode (Ѐ, Ђ, ѐ, ђ
# next to the Russian ones; @ [ ` { next to the Latin), marks that stand
# inside words, other cases and scripts.
_CHARS = "абвяюэАБЯЮЁёЀЂЏѐђџІіЄєїabczyxABZYX@[`{-'’ 0123ßÄäÉéΩω\u00a0\u0301"


def _defined(words: list[str], latin: bool) -> tuple[list[str], list[str]]:
    """The words of one alphabet only, in order, and their lower case: one word at a time."""
    letters = re.compile(_LETTERS[latin] + "+")
    plain = [w for w in words if letters.fullmatch(w)]
    return plain, [w.lower() for w in plain]


def _kernel():
    from cleanup.spelling import speedups

    module = speedups.compiled()
    if module is None:
        pytest.skip("the compiled extension is not built (or CLEANUP_PURE_PYTHON is set)")
    return module.alphabet_words


words = st.lists(st.text(alphabet=_CHARS, max_size=8), max_size=20)


@settings(max_examples=400, deadline=None)
@given(words, st.booleans())
@example([], False)
@example([""], True)
@example(["Ёлка", "ёж", "ЁЖ", "дом", "ДоМ", "house", "HOUSE", "дом-2", "e-mail", "don't", "x", "я", "домa"], False)
@example(["Ёлка", "ёж", "ЁЖ", "дом", "ДоМ", "house", "HOUSE", "дом-2", "e-mail", "don't", "x", "я", "домa"], True)
def test_twin_is_the_definition(chosen, latin):
    assert boundary._plain_lowered(chosen, latin) == _defined(chosen, latin)


@settings(max_examples=400, deadline=None)
@given(words, st.booleans())
@example([], False)
@example(["", "Ёё", "ЀЁ", "ѐё", "аЯ", "Zz", "z[", "@a", "`", "{"], False)
@example(["", "Ёё", "ЀЁ", "ѐё", "аЯ", "Zz", "z[", "@a", "`", "{"], True)
def test_kernel_is_the_twin(chosen, latin):
    found = _kernel()(chosen, latin)
    assert found == boundary._plain_lowered(chosen, latin)
    # (A lowered string is a proper str of the narrowest kind: equal and hashed as its twin.)
    assert [hash(w) for w in found[1]] == [hash(w.lower()) for w in found[0]]


def test_kernel_takes_any_iterable_in_its_order():
    chosen = {"дом", "Дом", "house", "ёж", "x-y"}
    kernel = _kernel()
    for latin in (False, True):
        assert kernel(chosen, latin) == boundary._plain_lowered(chosen, latin)
        assert kernel(iter(["дом", "ёж"]), latin) == boundary._plain_lowered(["дом", "ёж"], latin)


def test_kernel_refuses_what_is_no_str():
    kernel = _kernel()
    with pytest.raises(TypeError):
        kernel(["дом", 1], False)
    with pytest.raises(TypeError):
        kernel(3, False)
    with pytest.raises(TypeError):
        kernel(["дом"])


def test_plain_lowered_asks_the_language_alphabet():
    assert boundary.plain_lowered(["Дом", "House"], "ru") == (["Дом"], ["дом"])
    assert boundary.plain_lowered(["Дом", "House"], "en") == (["House"], ["house"])


tokens = st.text(alphabet="абвгдеёжзийклмнопрстуфхцчшщъыьэюяabcdefghilnorstuwy", min_size=1, max_size=30)


@settings(max_examples=500, deadline=None)
@given(tokens)
@example("ктобы")
@example("вообщем")
@example("иностранныхи")
@example("оченьпродвинутого")
@example("ктонибудьнибудьнибудьнибудьнибудь")
@example("tothe")
@example("ofthewhichshouldthetothe")
def test_closed_points_are_those_where_a_closed_word_begins_or_ends(lower):
    """The points split_ru and split_en look at further: exactly those of
    their search window where the token begins with a word of the first
    list or ends with one of the second."""
    n = len(lower)
    for closed, longest_left, longest_right in (
        (runtogether._RU_CLOSED, runtogether._RU_LONGEST_LEFT, runtogether._RU_LONGEST_RIGHT),
        (runtogether._EN_CLOSED, runtogether._EN_LONGEST, runtogether._EN_LONGEST),
    ):
        lefts, _, rights, _ = closed
        window = range(1, n) if n <= longest_left + longest_right + 1 else \
            (*range(1, longest_left + 1), *range(n - longest_right, n))
        expected = [i for i in window if lower[:i] in lefts or lower[i:] in rights]
        assert runtogether._closed_points(lower, window, *closed) == expected


def test_closed_lists_hold_every_word_split_ru_tests_first():
    """split_ru passes over a point unless its left part is a function word,
    a proclitic or an adverb of degree, or its right part an enclitic or a
    glued tail: the lists _closed_points asks hold exactly those."""
    lefts, _, rights, _ = runtogether._RU_CLOSED
    assert lefts == (runtogether.RU_FUNCTION_WORDS | runtogether.RU_HYPHEN_PROCLITICS
                     | runtogether.RU_DEGREE_ADVERBS)
    assert rights == runtogether.RU_ENCLITICS | runtogether.RU_GLUED_TAILS
