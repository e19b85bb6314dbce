"""Which small candidate makers an unknown word needs (candidates._small_kinds):
the compiled kernel says what its Python twin says, and a maker whose bit is
not set would have found nothing."""

from __future__ import annotations

import random

import pytest

from cleanup.spelling import candidates, speedups
from cleanup.spelling.candidates import _small_kinds_python

_SIDES = (candidates._WRITTEN_ONCE, candidates._HYPHEN_SUFFIXES, candidates._HYPHEN_PREFIXES)

_WORDS = [
    "", "а", "аа", "ааа", "оооочень", "каааак", "sooooo", "невозмозможно", "абаб", "абвабв", "абвгабвг",
    "хахаха", "когдато", "кто-то", "помоему", "коечто", "встретицца", "щастье", "чуство", "жыть",
    "здраствуйте", "ццц", "ц", "x\U0001F600\U0001F600\U0001F600", "\U0001F600ц\U0001F600ц", "ёёё", "tststs",
    "ЦЦА", "цЦа", "ова", "ов", "вово", "то", "с", "ка", "кое", "по",
]


def _random_words(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    letters = "цатсяоьвгещзнжышчюиеёпкд-x\U0001F600"
    return ["".join(rng.choice(letters[:rng.randint(2, len(letters))]) for _ in range(rng.randint(0, 14)))
            for _ in range(count)]


def _kernel():
    if not speedups.available():
        pytest.skip("the _speedups extension is not built")
    return speedups.EXTENSION.load().small_kinds


@pytest.mark.parametrize("sides", [
    _SIDES,
    ((), (), ()),
    (("",), ("",), ()),  # "" is in every word and ends and begins each
    (tuple(f"ц{i}" for i in range(70)) + ("сн",), ("то",), ("по",)),  # more sides than the kernel's arrays
    (("абвгдежзи", "ца"), ("нибудь",), ("кое",)),  # a side longer than they hold
    (("ц", "\U0001F600ц", "a"), ("a",), ("\U0001F600",)),
])
def test_the_kernel_says_what_the_python_twin_says(sides):
    kernel = _kernel()
    for word in _WORDS + _random_words(len(sides[0]), 3000):
        assert kernel(word, *sides) == _small_kinds_python(word, *sides), word


def test_the_kernel_rereads_other_sides_after_a_call_with_the_usual_ones():
    kernel = _kernel()
    assert kernel("встретицца", *_SIDES) & candidates._REWRITTEN
    assert not kernel("встретицца", ("щ",), (), ()) & candidates._REWRITTEN
    assert kernel("встретицца", *_SIDES) & candidates._REWRITTEN


def test_each_bit_is_set_for_the_words_it_is_for():
    for word, bit in (("оооочень", candidates._ELONGATED), ("невозмозможно", candidates._CHUNK_TWICE),
                      ("когдато", candidates._HYPHEN_AFFIX), ("встретицца", candidates._REWRITTEN)):
        assert candidates._small_kinds(word) & bit
        assert _small_kinds_python(word, *_SIDES) & bit
    assert _small_kinds_python("дом", *_SIDES) == 0


@pytest.mark.parametrize("word", _WORDS + ["оооочень", "невозмозможно", "помоему", "встретицца", "чуство"])
def test_a_maker_whose_bit_is_not_set_finds_nothing(word):
    kinds = _small_kinds_python(word, *_SIDES)
    makers = ((candidates._ELONGATED, lambda: candidates._elongation_candidates(word, "ru")),
              (candidates._CHUNK_TWICE, lambda: candidates._repeat_candidates(word, "ru")),
              (candidates._HYPHEN_AFFIX, lambda: candidates._hyphenated_forms(word)),
              (candidates._REWRITTEN, lambda: candidates._rewrite_candidates(word)))
    for bit, make in makers:
        if not kinds & bit:
            assert make() == [], (word, bit)
