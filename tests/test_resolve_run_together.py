"""resolve settles run-together splits (dropped words, splits the spelling
model doubts) by asking only the findings that start where a split does:
the same findings, in the same order, as the two steps over every finding."""

from __future__ import annotations

import pytest

from cleanup.model import Finding, Suggestion
from cleanup.resolve import _settle_run_together, _splits_doubted_by_spelling, _without_dropped_words

RU_SPLIT = "boundary.ru.run_together"


def _finding(rule: str, start: int, end: int, text: str, *suggestions: tuple[str, float]) -> Finding:
    return Finding(rule, "m", start, end, text, tuple(Suggestion(s, c) for s, c in suggestions))


def _fields(findings: list[Finding]) -> list[tuple]:
    return [(f.rule, f.start, f.end, f.text, f.suggestions, f.detection_confidence) for f in findings]


FILE = [
    _finding("spelling.ru.typo", 0, 5, "карва", ("корова", 0.8)),
    _finding(RU_SPLIT, 6, 18, "иностранныхи", ("иностранных и", 0.95)),
    _finding("spelling.ru.typo", 6, 18, "иностранныхи", ("иностранных", 0.9)),  # deletes a word: dropped
    _finding("grammar.ru.ending", 6, 10, "инос", ("инас", 0.6)),  # starts there, another span: kept
    _finding(RU_SPLIT, 20, 26, "нотура", ("но тура", 0.9)),
    _finding("spelling.ru.typo", 20, 26, "нотура", ("натура", 0.92)),  # one letter away: caps the split
    _finding("whitespace.double_space", 27, 29, "  ", (" ", 0.99)),
    _finding(RU_SPLIT, 30, 36, "наулице"),  # a split without suggestions: not asked about
]


@pytest.mark.parametrize("doubt", [True, False])
@pytest.mark.parametrize("order", ["as made", "reversed"])
def test_settling_near_the_splits_equals_settling_every_finding(doubt, order):
    findings = FILE if order == "as made" else FILE[::-1]
    whole = _without_dropped_words(findings)
    if doubt:
        whole = _splits_doubted_by_spelling(whole)
    near = _settle_run_together(findings, doubt)
    assert _fields(near) == _fields(whole)
    # (The cases are there: one finding dropped, and with doubt one split capped.)
    assert len(near) == len(findings) - 1
    assert any(f.confidence < 0.9 for f in near if f.rule == RU_SPLIT and f.start == 20) == doubt


def test_a_file_without_splits_is_returned_as_it_is():
    findings = [f for f in FILE if f.rule != RU_SPLIT]
    assert _settle_run_together(findings, True) is findings
