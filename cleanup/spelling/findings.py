"""The spelling detector's findings and suggestions, made at a fraction of the constructors' cost.

:class:`~cleanup.model.Finding` and :class:`~cleanup.model.Suggestion` are
frozen dataclasses: their ``__init__`` sets every field through
``object.__setattr__`` and ``__post_init__`` checks the values, derives the
category and sorts the suggestions — some ten times what the object itself
costs. The spelling detector makes thousands a megabyte from values those
steps leave as they are (a token's offsets, a ``spelling.*`` rule id,
confidences in [0, 1], suggestions already best first, checked once per
tuple), so here the slots are set directly: the same objects, equal field
by field. When the model's fields are not the ones expected (the model
changed), the constructors are used instead.

``round(p, 3)`` converts the float to decimal digits and back;
:func:`round3` gives the same float from one multiplication, asking
``round`` only when the value is within a hair of a tie.
"""

from __future__ import annotations

import dataclasses

from ..model import Finding, Suggestion, Tier, _best_first

_FINDING_FIELDS = ("rule", "message", "start", "end", "text", "suggestions", "detection_confidence", "max_tier",
                   "category")
_SUGGESTION_FIELDS = ("text", "confidence")


def _setters(cls, names: tuple[str, ...]):
    """Each field's slot setter, in ``names``' order; None unless the class
    is a slotted dataclass with exactly those fields."""
    if tuple(f.name for f in dataclasses.fields(cls)) != names or getattr(cls, "__slots__", None) != names:
        return None
    return tuple(cls.__dict__[name].__set__ for name in names)


_FINDING_SET = _setters(Finding, _FINDING_FIELDS)
_SUGGESTION_SET = _setters(Suggestion, _SUGGESTION_FIELDS)
_new = object.__new__


def suggestion(text: str, confidence: float) -> Suggestion:
    """``Suggestion(text, confidence)``."""
    if _SUGGESTION_SET is None or not 0.0 <= confidence <= 1.0:
        return Suggestion(text, confidence)  # (whose check raises for a confidence out of range)
    s = _new(Suggestion)
    set_text, set_confidence = _SUGGESTION_SET
    set_text(s, text)
    set_confidence(s, confidence)
    return s


def best_first(suggestions: tuple[Suggestion, ...]) -> bool:
    """Are the suggestions in the order Finding would sort them into (by
    confidence, best first; a stable sort keeps ties as they are)?"""
    return all(a.confidence >= b.confidence for a, b in zip(suggestions, suggestions[1:]))


def in_finding_order(suggestions: tuple[Suggestion, ...]) -> tuple[Suggestion, ...]:
    """The suggestions in the order Finding keeps them (what :func:`finding`
    needs, since it does not sort them)."""
    return suggestions if best_first(suggestions) else tuple(sorted(suggestions, key=_best_first))


def finding(rule: str, message: str, start: int, end: int, text: str, suggestions: tuple[Suggestion, ...],
            confidence: float, max_tier: Tier) -> Finding:
    """``Finding(rule, message, start, end, text, suggestions, confidence,
    max_tier)`` for a ``spelling.*`` rule, a span of a token (0 <= start <=
    end) and a tuple of suggestions that :func:`best_first` holds for."""
    if _FINDING_SET is None:
        return Finding(rule, message, start, end, text, suggestions, confidence, max_tier)
    f = _new(Finding)
    set_rule, set_message, set_start, set_end, set_text, set_suggestions, set_confidence, set_tier, set_category = \
        _FINDING_SET
    set_rule(f, rule)
    set_message(f, message)
    set_start(f, start)
    set_end(f, end)
    set_text(f, text)
    set_suggestions(f, suggestions)
    set_confidence(f, confidence)
    set_tier(f, max_tier)
    set_category(f, "spelling")
    return f


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
