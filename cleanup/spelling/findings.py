"""The spelling detector's findings and suggestions, made at a fraction of the constructors' cost.

The spelling detector makes thousands of findings a megabyte from values
the constructors' checks would leave as they are (a token's offsets, a
``spelling.*`` rule id, confidences in [0, 1], suggestions already best
first, checked once per tuple): they are made by
:func:`~cleanup.model.made_finding` and :func:`~cleanup.model.made_suggestion`,
which set the slots directly.

``round(p, 3)`` converts the float to decimal digits and back;
:func:`round3` gives the same float from one multiplication, asking
``round`` only when the value is within a hair of a tie.
"""

from __future__ import annotations

from operator import attrgetter, ge

from ..model import _SUGGESTION_MEMBERS, Finding, Suggestion, Tier, _best_first, made_finding, made_suggestion

suggestion = made_suggestion  # ``Suggestion(text, confidence)``
# Suggestion's text and confidence slots, as made_suggestion sets them (None:
# the constructor makes each), for the compiled ``shared_suggestions``.
SUGGESTION_MEMBERS = _SUGGESTION_MEMBERS


def best_first(suggestions: tuple[Suggestion, ...]) -> bool:
    """Are the suggestions in the order Finding would sort them into (by
    confidence, best first; a stable sort keeps ties as they are)?"""
    confidences = list(map(_CONFIDENCE, suggestions))
    return all(map(ge, confidences, confidences[1:]))  # (C-level calls: no generator frame)


_CONFIDENCE = attrgetter("confidence")


def in_finding_order(suggestions: tuple[Suggestion, ...]) -> tuple[Suggestion, ...]:
    """The suggestions in the order Finding keeps them (what :func:`finding`
    needs, since it does not sort them)."""
    return suggestions if best_first(suggestions) else tuple(sorted(suggestions, key=_best_first))


def finding(rule: str, message: str, start: int, end: int, text: str, suggestions: tuple[Suggestion, ...],
            confidence: float, max_tier: Tier) -> Finding:
    """``Finding(rule, message, start, end, text, suggestions, confidence,
    max_tier)`` for a ``spelling.*`` rule, a span of a token (0 <= start <=
    end) and a tuple of suggestions that :func:`best_first` holds for."""
    return made_finding(rule, message, start, end, text, suggestions, confidence, max_tier, "spelling")


# Within this of a tie (x · 1000 = n + ½) the product's rounding error might
# decide the side; round() is asked there. The error of x · 1000 for x in
# [0, 1] is below 1e-13.
_TIE = 1e-9


def round3(x: float) -> float:
    """``round(x, 3)`` for 0 <= x <= 1: the nearest float to n / 1000, n the
    integer nearest x · 1000 (what round's decimal digits give: true
    division of two integers rounds correctly, as its conversion back does)."""
    if not 0.0 < x <= 1.0:
        return round(x, 3)  # (and the sign of a zero kept)
    y = x * 1000.0
    n = int(y)  # (floor: y > 0)
    d = y - n  # (exact)
    if -_TIE < d - 0.5 < _TIE:
        return round(x, 3)
    return (n + 1 if d > 0.5 else n) / 1000
