"""A word split in two ("не устанно") is reported once: the split-word
detector's safe join names it, and the spelling detector's display-only
"unknown word" on a half is dropped by resolve. Where the two readings
compete (the spelling finding has a fix of its own, or the join is not
safe), both stay."""

from __future__ import annotations

from cleanup.pipeline import Checker
from cleanup.document import Document
from cleanup.model import Finding, Suggestion
from cleanup.options import Options
from cleanup.resolve import resolve

JOIN = "boundary.ru.split_word"


def _finding(rule: str, start: int, end: int, text: str, *suggestions: tuple[str, float],
             detection: float = 0.5) -> Finding:
    return Finding(rule, "m", start, end, text, tuple(Suggestion(s, c) for s, c in suggestions), detection)


def _rules(findings: list[Finding]) -> list[tuple[str, int]]:
    return [(f.rule, f.start) for f in findings]


def test_a_display_only_half_inside_a_safe_join_is_dropped():
    findings = [
        _finding(JOIN, 10, 20, "не устанно", ("неустанно", 0.92)),
        _finding("spelling.ru.word", 13, 20, "устанно", detection=0.05),  # display, no fix: dropped
        _finding("spelling.ru.word", 30, 37, "устанно", detection=0.05),  # outside any join: kept
        _finding("spelling.en.word", 40, 45, "tiona", ("tonal", 0.3)),  # display with a suggestion, outside: kept
    ]
    assert _rules(resolve(findings, Options())) == [(JOIN, 10), ("spelling.ru.word", 30), ("spelling.en.word", 40)]


def test_competing_readings_both_stay():
    findings = [
        _finding(JOIN, 0, 10, "не устанно", ("неустанно", 0.92)),
        _finding("spelling.ru.word", 3, 10, "устанно", ("устало", 0.95)),  # a fix of its own: kept
        _finding(JOIN, 20, 30, "не дуги ли", ("недуги", 0.6)),  # a join that is not safe
        _finding("spelling.ru.word", 23, 27, "дуги", detection=0.05),  # so the half stays
    ]
    assert len(resolve(findings, Options())) == 4


def test_a_half_inside_an_earlier_longer_join_is_found():
    # Joins sorted by start; the containing one may end after a later one.
    findings = [
        _finding(JOIN, 0, 30, "x" * 30, ("y", 0.95)),
        _finding(JOIN, 5, 8, "abc", ("ab", 0.95)),
        _finding("spelling.en.word", 20, 25, "zzzzz", detection=0.05),
    ]
    assert _rules(resolve(findings, Options())) == [(JOIN, 0), (JOIN, 5)]


def test_the_sample_reports_the_split_word_once():
    text = "Считаю не устанно работающих товарищей."
    report = Checker().check(Document(text, "t.txt")).findings
    rules = [(f.rule, f.text) for f in report if f.start < 20]
    assert ("boundary.ru.split_word", "не устанно") in rules
    assert not any(rule.startswith("spelling.") for rule, _ in rules)
