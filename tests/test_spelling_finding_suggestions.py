"""A questioned form's finding: the suggestions made only above the floor
(and from parts made on the first such finding), their order check skipped
when the shares keep them best first at any p."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleanup.detectors import spelling as spelling_detector
from cleanup.options import Options
from cleanup.segments import words
from cleanup.spelling import findings

_PS = [0.0, 1e-9, 0.01, 0.0494, 0.0495, 0.04950000001, 0.0496, 0.05, 0.1, 1 / 3, 0.5, 0.6666, 0.9, 0.9995, 1.0]


def _shares(ranks: list[float]) -> list[tuple[float, float]]:
    """:func:`spelling._shares` of candidates at these ranks (the first is the best's)."""
    weights = [math.exp(-(r - ranks[0])) for r in ranks[1:]]
    total = sum(weights) + 1.0
    return [(w, total) for w in weights]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.floats(-3.0, 6.0, allow_nan=False), min_size=1, max_size=3), st.sampled_from(_PS))
def test_shares_said_to_keep_the_order_keep_it_at_any_p(ranks, p):
    shares = _shares(ranks)
    made = spelling_detector._shared_suggestions(["a", "b", "c"][:len(ranks)], shares, p)
    if spelling_detector._shared_in_order(shares):
        assert findings.best_first(made)
    # (said or not, the finding's order is the sorted one)
    assert findings.in_finding_order(made) == tuple(sorted(made, key=lambda s: -s.confidence))


def test_shares_out_of_rank_order_are_not_said_to_keep_it():
    assert spelling_detector._shared_in_order(_shares([1.0, 2.0, 2.5]))
    assert spelling_detector._shared_in_order(_shares([1.0]))
    assert not spelling_detector._shared_in_order(_shares([1.0, 0.5]))  # (a weight above 1)
    assert not spelling_detector._shared_in_order(_shares([1.0, 3.0, 2.0]))  # (the third above the second)
    # … and there the order may need the sort: the runner-up above the first.
    made = spelling_detector._shared_suggestions(["a", "b"], _shares([1.0, -1.0]), 0.05)
    assert not findings.best_first(made)


@pytest.mark.parametrize("text", [
    "He saw Hke it was. Hkewise the rest, hke the others.",  # OCR's H for li, inside a sentence and not
    "The STALTN speech. Stalтn and stdl, weU, tbe foUowing returne.",
    "Сяопин приехал, и СЯОПИН уехал; сталтну, проголосивших.",
])
def test_a_finding_below_or_above_the_floor_is_the_examined_one(text):
    detector = spelling_detector.SpellingDetector(Options())
    accepted = spelling_detector._accepted(frozenset())
    forms: dict = {}
    seen = 0
    for tok in words(text):
        form = spelling_detector._form(tok.text, accepted, forms)
        if form.question is None:
            continue
        for rate in (0.9, None, 0.0, 0.3, 0.9, 0.05):  # (the first: low confidences, below the floor)
            want, _ = detector.examine(text, tok.start, tok.end, 0, accepted, rate)
            floored = not want.rule.endswith(".rare") and want.best.confidence < spelling_detector.SUGGESTION_FLOOR
            if floored:
                want = want.__class__(want.rule, "Unknown word", want.start, want.end, want.text, (),
                                      want.detection_confidence, want.max_tier)
            got = form.question.finding(text, tok.start, tok.end, 0, rate)
            assert got == want, (tok.text, rate)
            seen += 1
    assert seen


class _At:
    """A scorer that gives one probability."""

    def __init__(self, p: float) -> None:
        self.p = p

    def probability(self, *occurrence) -> float:
        return self.p


@pytest.mark.parametrize("word", ["сталтну", "recieve", "Hkewise"])
def test_an_unknown_word_loses_its_suggestions_exactly_below_the_floor(word):
    text = f"Then {word} came."
    accepted = spelling_detector._accepted(frozenset())
    q = spelling_detector._form(word, accepted, {}).question
    assert q is not None and q.rule.endswith(".word")
    for p in _PS:
        q.scorer = _At(p)
        q._made.clear()
        f = q.finding(text, 5, 5 + len(word), 0, 0.5)
        assert f.detection_confidence == p
        if round(p, 3) < spelling_detector.SUGGESTION_FLOOR:
            assert (f.message, f.suggestions) == ("Unknown word", ()), p
        else:
            assert f.suggestions and f.suggestions[0].confidence == round(p, 3), p
            assert f.message.startswith("Unknown word; did you mean")
