"""A questioned form's finding: the suggestions made only above the floor
(and from parts made on the first such finding), in Finding's order, by the
compiled ``shared_suggestions`` or its Python twin (the same floats)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleanup.detectors import spelling as spelling_detector
from cleanup.model import Suggestion
from cleanup.options import Options
from cleanup.segments import words
from cleanup.spelling import findings

_PS = [0.0, 1e-9, 0.01, 0.0494, 0.0495, 0.04950000001, 0.0496, 0.05, 0.1, 1 / 3, 0.5, 0.6666, 0.9, 0.9995, 1.0]


def _shares(ranks: list[float]) -> list[tuple[float, float]]:
    """:func:`spelling._shares` of candidates at these ranks (the first is the best's)."""
    weights = [math.exp(-(r - ranks[0])) for r in ranks[1:]]
    total = sum(weights) + 1.0
    return [(w, total) for w in weights]


def _compiled_suggested():
    """The compiled ``shared_suggestions`` when the extension is built (the C kernel, not its twin)."""
    from cleanup.spelling import speedups

    return speedups.EXTENSION.load().shared_suggestions if speedups.available() else None


def _same(a: tuple, b: tuple) -> bool:
    """The same suggestions, field by field, the confidences to the bit."""
    return [(s.text, s.confidence.hex()) for s in a] == [(s.text, s.confidence.hex()) for s in b]


# p near round3's ties (x · 1000 = n + ½) and the floor, and the ends of the unit interval
_TIES = [0.0005, 0.0015, 0.0495, 0.0494999999, 0.0495000001, 0.9995, 0.1235, math.nextafter(0.0, 1.0)]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.floats(-3.0, 6.0, allow_nan=False), min_size=1, max_size=4),
       st.one_of(st.sampled_from(_PS + _TIES), st.floats(0.0, 1.0)))
def test_the_compiled_suggestions_are_the_python_ones_in_finding_order(ranks, p):
    shares = _shares(ranks)  # (ranks out of order: an alternative may outweigh the one before it)
    words_ = ["a", "б", "c", "d"][:len(ranks)]
    want = spelling_detector._suggested(words_, shares, p)
    # (in Finding's order: the sorted one, stable)
    assert want == tuple(sorted(spelling_detector._shared_suggestions(words_, shares, p), key=lambda s: -s.confidence))
    kernel = _compiled_suggested()
    if kernel is None:
        pytest.skip("the extension is not built")
    assert _same(kernel(Suggestion, findings.SUGGESTION_MEMBERS, words_, shares, p), want)
    assert _same(kernel(Suggestion, None, words_, shares, p), want)  # (the constructor's path)


def test_the_compiled_suggestions_sort_a_runner_up_above_the_first():
    kernel = _compiled_suggested()
    if kernel is None:
        pytest.skip("the extension is not built")
    shares = _shares([1.0, -1.0, 3.0])  # (the second ranked better than the first: a weight above 1)
    made = spelling_detector._shared_suggestions(["a", "b", "c"], shares, 0.05)
    assert not findings.best_first(made)
    got = kernel(Suggestion, findings.SUGGESTION_MEMBERS, ["a", "b", "c"], shares, 0.05)
    assert [s.text for s in got] == ["b", "a", "c"]
    assert _same(got, spelling_detector._suggested(["a", "b", "c"], shares, 0.05))
    # More words than shares: zip's pairs only; one word: the first alone.
    assert _same(kernel(Suggestion, findings.SUGGESTION_MEMBERS, ["a", "b", "c"], shares[:1], 0.5),
                 spelling_detector._suggested(["a", "b", "c"], shares[:1], 0.5))
    assert _same(kernel(Suggestion, findings.SUGGESTION_MEMBERS, ["a"], [], 0.25), (Suggestion("a", 0.25),))


def test_the_compiled_suggestions_refuse_what_the_python_ones_refuse():
    kernel = _compiled_suggested()
    if kernel is None:
        pytest.skip("the extension is not built")
    for p in (1.5, -0.25):  # (a confidence out of [0, 1]: Suggestion's own check raises, as in Python)
        with pytest.raises(ValueError):
            spelling_detector._suggested(["a"], [], p)
        with pytest.raises(ValueError):
            kernel(Suggestion, findings.SUGGESTION_MEMBERS, ["a"], [], p)
    with pytest.raises(TypeError):
        kernel(Suggestion, findings.SUGGESTION_MEMBERS, [], [], 0.5)  # (no first word)
    with pytest.raises(TypeError):
        kernel(Suggestion, findings.SUGGESTION_MEMBERS, ["a", "b"], [(1, 2.0)], 0.5)  # (a share not of floats)
    with pytest.raises(TypeError):
        kernel(Suggestion, findings.SUGGESTION_MEMBERS, ["a"], [], 1)  # (p not a float)


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
