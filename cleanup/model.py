"""The one model every detector speaks: findings with suggestions, and tiers.

Spans are ``[start, end)`` in ``str`` indices (code points) of the original,
decoded text. Detectors only *propose*; nothing but :mod:`cleanup.apply`
changes text.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, fields
from functools import partial

from .spelling import speedups

# Calibrated confidence → tier. A suggestion at or above SAFE_THRESHOLD is
# applied by plain `cleanup fix`; between UNSAFE_THRESHOLD and SAFE it is
# applied only when the user lowers --min-confidence or passes --unsafe.
SAFE_THRESHOLD = 0.9
UNSAFE_THRESHOLD = 0.5


class Tier(enum.IntEnum):
    """Fix applicability, after ruff. Higher is more trusted."""

    DISPLAY = 0
    UNSAFE = 1
    SAFE = 2

    @classmethod
    def from_confidence(cls, confidence: float) -> "Tier":
        if confidence >= SAFE_THRESHOLD:
            return cls.SAFE
        if confidence >= UNSAFE_THRESHOLD:
            return cls.UNSAFE
        return cls.DISPLAY

    @classmethod
    def parse(cls, name: str) -> "Tier":
        try:
            return cls[name.upper()]
        except KeyError:
            valid = ", ".join(t.name.lower() for t in cls)
            raise ValueError(f"unknown tier {name!r} (valid: {valid})") from None

    def __str__(self) -> str:
        return self.name.lower()


CATEGORIES = (
    "whitespace",
    "punct",
    "spelling",
    "script",
    "boundary",
    "layout",
    "grammar",
    "style",
    "encoding",
    "lt",
)


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One replacement for a finding's span, with calibrated confidence."""

    text: str
    confidence: float

    def __post_init__(self) -> None:
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence {self.confidence} outside [0, 1]")


_DISPLAY = Tier.DISPLAY
_set = object.__setattr__
# A rule id's category (its first segment), by rule id: a few hundred ids
# name every finding of a run. Bounded, for a library user making up ids.
_CATEGORY_OF: dict[str, str] = {}


def _best_first(s: Suggestion) -> float:
    return -s.confidence


@dataclass(frozen=True, slots=True)
class Finding:
    """A piece of damage found in the original text.

    ``confidence`` is the confidence of the best suggestion or, for a finding
    without suggestions, how sure the detector is that something is wrong.
    ``max_tier`` lets a rule cap its tier (never raise it).
    """

    rule: str
    message: str
    start: int
    end: int
    text: str
    suggestions: tuple[Suggestion, ...] = ()
    detection_confidence: float = 0.5
    max_tier: Tier = Tier.SAFE
    category: str = field(default="")

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad span [{self.start}, {self.end}) for {self.rule}")
        if not self.category:
            rule = self.rule
            category = _CATEGORY_OF.get(rule)
            if category is None:
                category = rule.split(".", 1)[0]
                if len(_CATEGORY_OF) < 4096:
                    _CATEGORY_OF[rule] = category
            _set(self, "category", category)
        suggestions = self.suggestions
        # (Zero or one suggestion in a tuple, as most findings have, is in order.)
        if type(suggestions) is not tuple or len(suggestions) > 1:
            _set(self, "suggestions", tuple(sorted(suggestions, key=_best_first)))

    @property
    def best(self) -> Suggestion | None:
        return self.suggestions[0] if self.suggestions else None

    @property
    def confidence(self) -> float:
        suggestions = self.suggestions
        return suggestions[0].confidence if suggestions else self.detection_confidence

    @property
    def tier(self) -> Tier:
        # min(Tier.from_confidence(self.confidence), self.max_tier), without
        # the min(): it is asked of every finding by resolve, the report and `fix`.
        suggestions = self.suggestions
        if not suggestions:
            return _DISPLAY
        tier = Tier.from_confidence(suggestions[0].confidence)
        cap = self.max_tier
        return cap if cap < tier else tier

    @property
    def fixable(self) -> bool:
        """Can `fix` ever apply it (given a low enough threshold)?"""
        return self.best is not None and self.tier > Tier.DISPLAY

    def key(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.rule)


# Findings and suggestions made at a fraction of the constructors' cost, for
# the detectors that make thousands a megabyte (spelling, rule packs). The
# frozen ``__init__`` sets every field through ``object.__setattr__`` and
# ``__post_init__`` checks and derives: some ten times what the object
# itself costs. From values those steps would leave as they are, the slots
# are set directly: the same objects, equal field by field. Should the
# fields ever differ from the ones listed here, the constructors are used.

def _slot_members(cls, names: tuple[str, ...]):
    """Each field's member descriptor (its slot), in ``names``' order; None
    unless ``cls`` is a slotted dataclass with exactly those fields."""
    if tuple(f.name for f in fields(cls)) != names or getattr(cls, "__slots__", None) != names:
        return None
    return tuple(cls.__dict__[name] for name in names)


def _setters(members):
    return None if members is None else tuple(member.__set__ for member in members)


_FINDING_MEMBERS = _slot_members(Finding, ("rule", "message", "start", "end", "text", "suggestions",
                                           "detection_confidence", "max_tier", "category"))
_SUGGESTION_MEMBERS = _slot_members(Suggestion, ("text", "confidence"))
_FINDING_SETTERS, _SUGGESTION_SETTERS = _setters(_FINDING_MEMBERS), _setters(_SUGGESTION_MEMBERS)
_new = object.__new__
# ``_speedups.slotted(cls, members, *values)``: ``object.__new__(cls)`` with
# each member descriptor set to its value in C, for ~1/6 of the Python
# setters' cost (each of those is a method-wrapper call with an argument
# tuple); the functions below are its Python twins. Looked for on the first
# finding made, not at import (start-up does not load the extension; the
# first text checked does anyway): None until then, and without the extension.
_slotted = None


def made_suggestion(text: str, confidence: float) -> Suggestion:
    """``Suggestion(text, confidence)``."""
    if _SUGGESTION_SETTERS is None or not 0.0 <= confidence <= 1.0:
        return Suggestion(text, confidence)  # (whose check raises for a confidence out of range)
    if _slotted is not None:
        return _slotted(Suggestion, _SUGGESTION_MEMBERS, text, confidence)
    s = _new(Suggestion)
    set_text, set_confidence = _SUGGESTION_SETTERS
    set_text(s, text)
    set_confidence(s, confidence)
    return s


def _made_finding(rule: str, message: str, start: int, end: int, text: str, suggestions: tuple[Suggestion, ...],
                  confidence: float, max_tier: Tier, category: str) -> Finding:
    """``Finding(rule, message, start, end, text, suggestions, confidence,
    max_tier, category)`` for values ``__post_init__`` leaves as they are:
    0 <= start <= end, ``category`` the rule id's first segment, and
    ``suggestions`` a tuple already best first."""
    if _FINDING_SETTERS is None:
        return Finding(rule, message, start, end, text, suggestions, confidence, max_tier, category)
    f = _new(Finding)
    set_rule, set_message, set_start, set_end, set_text, set_suggestions, set_confidence, set_tier, set_category = \
        _FINDING_SETTERS
    set_rule(f, rule)
    set_message(f, message)
    set_start(f, start)
    set_end(f, end)
    set_text(f, text)
    set_suggestions(f, suggestions)
    set_confidence(f, confidence)
    set_tier(f, max_tier)
    set_category(f, category)
    return f


def _first_finding(*values) -> Finding:
    """The first call of :data:`made_finding`: points it at the kernel (or
    at :func:`_made_finding` without one) and makes the finding."""
    global _slotted
    _slotted = speedups.function("slotted")
    if _slotted is None or _FINDING_MEMBERS is None:
        made_finding.__setstate__((_made_finding, (), None, None))
    else:
        made_finding.__setstate__((_slotted, (Finding, _FINDING_MEMBERS), None, None))
    return made_finding(*values)


# made_finding(rule, message, start, end, text, suggestions, confidence, max_tier, category):
# :func:`_made_finding`, by the kernel when there is one. A partial, the
# same object from import on (the detectors hold it), re-pointed in place
# by its first call (``__setstate__``, as unpickling does): no Python frame
# of its own between a caller and the kernel after that.
made_finding = partial(_first_finding)


@dataclass(frozen=True, slots=True)
class Edit:
    """A replacement of ``[start, end)`` chosen for application."""

    start: int
    end: int
    replacement: str
    confidence: float
    rule: str = ""
