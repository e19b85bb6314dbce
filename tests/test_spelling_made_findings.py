"""cleanup.spelling.findings makes the spelling detector's findings and
suggestions without the dataclass constructors, and rounds without round():
each must give exactly what the plain code gives."""

from __future__ import annotations

import dataclasses
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from cleanup.model import Finding, Suggestion, Tier
from cleanup.spelling import findings

unit = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
# Values at and a few floats either side of every tie n + ½ thousandths.
ties = st.builds(lambda n, k: _step((2 * n + 1) / 2000, k), st.integers(0, 999), st.integers(-3, 3))


def _step(x: float, k: int) -> float:
    for _ in range(abs(k)):
        x = math.nextafter(x, math.inf if k > 0 else -math.inf)
    return x


@settings(max_examples=3000, deadline=None)
@given(st.one_of(unit, ties, st.sampled_from([0.0, 1.0, 0.0005, 0.9995, 0.05, 0.1 + 0.2, 1e-300])))
def test_round3_is_round_to_three_digits(x):
    assert findings.round3(x).hex() == round(x, 3).hex()


def test_round3_outside_the_unit_interval_is_round():
    for x in (-0.25, 1.5, 12.3456, math.inf, -0.0, 0.0):
        assert findings.round3(x).hex() == round(x, 3).hex()
    assert math.isnan(findings.round3(math.nan))


def _fields(obj) -> tuple:
    return tuple(getattr(obj, f.name) for f in dataclasses.fields(obj))


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=8), unit)
def test_a_suggestion_is_the_constructed_one(text, confidence):
    made, want = findings.suggestion(text, confidence), Suggestion(text, confidence)
    assert made == want and _fields(made) == _fields(want) and type(made) is Suggestion
    assert hash(made) == hash(want)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["spelling.ru.word", "spelling.en.rare"]), st.text(max_size=12), st.integers(0, 500),
       st.integers(0, 30), st.lists(st.tuples(st.text(min_size=1, max_size=5), unit), max_size=3), unit,
       st.sampled_from(list(Tier)))
def test_a_finding_is_the_constructed_one(rule, message, start, length, pairs, p, tier):
    suggestions = tuple(sorted((Suggestion(t, c) for t, c in pairs), key=lambda s: -s.confidence))
    assert findings.best_first(suggestions)
    made = findings.finding(rule, message, start, start + length, "слово", suggestions, p, tier)
    want = Finding(rule, message, start, start + length, "слово", suggestions, p, tier)
    assert made == want and _fields(made) == _fields(want) and type(made) is Finding
    assert (made.category, made.tier, made.confidence, made.key()) == (want.category, want.tier, want.confidence,
                                                                       want.key())


def test_suggestions_out_of_order_are_told_apart():
    a, b = Suggestion("a", 0.2), Suggestion("b", 0.7)
    assert not findings.best_first((a, b)) and findings.best_first((b, a)) and findings.best_first((a,))


def test_a_confidence_out_of_range_still_raises():
    try:
        findings.suggestion("x", 1.5)
    except ValueError:
        return
    raise AssertionError("a confidence above 1 was accepted")
