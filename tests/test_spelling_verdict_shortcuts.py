"""The verdict path's shortcuts (round 16) give what the long way gives."""

from __future__ import annotations

import pytest

from cleanup import lexicon
from cleanup.detectors import spelling as spelling_detector
from cleanup.spelling import rareforms

from test_spelling_speed_helpers import _FORMS

_MORE = ["XIV", "xiv", "Xiv", "ЕКИ", "Ёлка", "ЁЛКА", "невозмозможно", "встретицца", "когдато", "оооочень",
         "sooooo", "stdl", "sbaU", "İzmir", "İSTANBUL", "oﬃce", "ab", "a", "Ab"]


@pytest.mark.parametrize("accepted_words", [frozenset(), frozenset({"сталтну", "recieve", "колхоз"})])
def test_questioned_is_question_given_what_judged_has_worked_out(accepted_words):
    accepted = spelling_detector._accepted(accepted_words)
    asked = 0
    for word in _FORMS + _MORE:
        # What _judged works out before it asks (and the condition it asks under).
        read = None if word.islower() else spelling_detector._ocr_read(word)
        long_enough = len(word) >= spelling_detector.MIN_LENGTH or (
            len(word) >= spelling_detector.OCR_MIN_LENGTH and read)
        lang = spelling_detector._lang_of(word) if long_enough else None
        if lang is None:
            continue
        asked += 1
        lower = spelling_detector._lowered(word)
        assert spelling_detector._questioned(word, read, lang, lower, accepted) == \
            spelling_detector._question(word, accepted), word
    assert asked > 30


def _reference(words: list[str]) -> dict[str, float]:
    return {w.replace("ё", "е"): rareforms.counted_zipf(w) for w in words}


@pytest.mark.parametrize("lemma", ["определяться", "класс", "ёлка", "кто-то", "жёлтый", "перефразировать", "кое-что"])
def test_counted_zipfs_are_counted_zipf_of_each_form_in_order(lemma):
    p = lexicon.morph().parse(lemma)[0]
    words = rareforms._lexeme_words(p)
    fast = rareforms._counted_zipfs(words)
    slow = _reference(words)
    assert list(fast.items()) == list(slow.items())  # (same keys, same order, same floats: the sum's order)
    assert any(v > 0 for v in fast.values())


def test_counted_zipfs_of_mixed_strings():
    words = ["ёлка", "елка", "Ёлка", "ЕЛКА", "кто-то", "кто-нибудь", "ёж-ёж", "несуществующееслово", "", "Москва"]
    assert list(rareforms._counted_zipfs(words).items()) == list(_reference(words).items())
