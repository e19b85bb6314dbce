"""The word-boundary detectors' words of one alphabet: ``boundary._plain_lowered``
(which the compiled ``new_form_flags`` stands for: tests/test_boundary_new_forms.py)
against the plain definition; and run-together's shortcut past most split
points against the test it stands for."""

from __future__ import annotations

import re

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


words = st.lists(st.text(alphabet=_CHARS, max_size=8), max_size=20)


@settings(max_examples=400, deadline=None)
@given(words, st.booleans())
@example([], False)
@example([""], True)
@example(["Ёлка", "ёж", "ЁЖ", "дом", "ДоМ", "house", "HOUSE", "дом-2", "e-mail", "don't", "x", "я", "домa"], False)
@example(["Ёлка", "ёж", "ЁЖ", "дом", "ДоМ", "house", "HOUSE", "дом-2", "e-mail", "don't", "x", "я", "домa"], True)
def test_twin_is_the_definition(chosen, latin):
    assert boundary._plain_lowered(chosen, latin) == _defined(chosen, latin)


tokens = st.text(alphabet="абвгдеёжзийклмнопрстуфхцчшщъыьэюя", min_size=1, max_size=30)


def _first_test(left: str, right: str) -> bool:
    """split_ru's first test of a split point, as written before the
    shortcut: does it look at this point any further?"""
    closed_left = left in runtogether.RU_FUNCTION_WORDS or left in runtogether.RU_HYPHEN_PROCLITICS
    closed_right = right in runtogether.RU_ENCLITICS
    glued_tail = not (closed_left or closed_right) and right in runtogether.RU_GLUED_TAILS and len(left) >= 4
    return closed_left or closed_right or glued_tail or left in runtogether.RU_DEGREE_ADVERBS


@settings(max_examples=500, deadline=None)
@given(tokens)
@example("ктобы")
@example("вообщем")
@example("иностранныхи")
@example("оченьпродвинутого")
@example("кое")
def test_split_ru_shortcut_passes_over_only_points_its_first_test_would(lower):
    """split_ru's two look-ups (left part in _RU_LEFT_WORDS, right part in
    _RU_RIGHT_WORDS) let through every point its first test looks at further."""
    for i in range(1, len(lower)):
        left, right = lower[:i], lower[i:]
        if _first_test(left, right):
            assert left in runtogether._RU_LEFT_WORDS or right in runtogether._RU_RIGHT_WORDS, (left, right)


def test_split_ru_shortcut_lists():
    """The two lists are the words of split_ru's first test, and no more
    (a word too many would only cost a look-up, one missing a finding)."""
    assert runtogether._RU_LEFT_WORDS == (runtogether.RU_FUNCTION_WORDS | runtogether.RU_HYPHEN_PROCLITICS
                                          | runtogether.RU_DEGREE_ADVERBS)
    assert runtogether._RU_RIGHT_WORDS == runtogether.RU_ENCLITICS | runtogether.RU_GLUED_TAILS
