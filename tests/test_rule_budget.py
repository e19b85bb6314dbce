"""A rule's time limit on a document is counted in CPU time, as the regex
module counts its timeout, but the process clock (a system call) is read
only when a wall clock says the limit may be half spent: these tests drive
both clocks by hand and hold the budget to what reading the process clock
at every step would give."""

from __future__ import annotations

import pytest

from cleanup.detectors import rulepacks
from cleanup.detectors.rulepacks import RulePackDetector, _Budget
from cleanup.document import Document
from cleanup.model import Tier
from cleanup.options import Context, Options
from cleanup.rulepack import Example, Rule


class Clocks:
    """A wall clock and a process clock that move only when told to."""

    def __init__(self, monkeypatch) -> None:
        self.wall = 100.0
        self.cpu = 5.0
        self.cpu_reads = 0
        monkeypatch.setattr(rulepacks.time, "perf_counter", lambda: self.wall)
        monkeypatch.setattr(rulepacks.time, "process_time", self._process_time)

    def _process_time(self) -> float:
        self.cpu_reads += 1
        return self.cpu

    def spend(self, wall: float, cpu: float) -> None:
        assert cpu <= wall + 1e-12  # one thread: never more CPU than wall time
        self.wall += wall
        self.cpu += cpu


def test_budget_never_reads_the_process_clock_while_little_time_has_passed(monkeypatch):
    clocks = Clocks(monkeypatch)
    budget = _Budget(1.0)
    for _ in range(100):
        clocks.spend(0.004, 0.002)
        left = budget.left()
        # Never more than the CPU time truly left.
        assert 0 < left <= 1.0 - (clocks.cpu - 5.0)
    assert clocks.cpu_reads == 0  # 0.4 s of wall time: the wall clock was enough


def test_budget_asks_the_process_clock_past_half_the_limit_and_stops_at_the_limit(monkeypatch):
    clocks = Clocks(monkeypatch)
    budget = _Budget(1.0)
    clocks.spend(0.6, 0.2)  # a busy machine: wall time runs ahead of CPU time
    assert budget.left() == pytest.approx(0.4)  # the time so far counted as its wall time
    assert clocks.cpu_reads == 2
    clocks.spend(0.9, 0.39)  # from now on CPU time is what counts
    assert budget.left() == pytest.approx(0.01)
    clocks.spend(0.02, 0.02)
    with pytest.raises(TimeoutError):
        budget.left()


def _double_space_rule(made_of):
    return Rule(id="whitespace.test_double", kind="pattern", message="two spaces", confidence=0.95,
                max_tier=Tier.SAFE, lang=None, pattern="(?<=a)  (?=b)", flags=0, source="test",
                replacement=" ", examples=(Example("a  b", "a b"), Example("a b")),
                triggers=("  ",), made_of_pattern=made_of)


class _Timed:
    """A compiled pattern that records the timeout of each call."""

    def __init__(self, pattern) -> None:
        self.pattern, self.timeouts = pattern, []

    def match(self, *args, timeout):
        self.timeouts.append(timeout)
        return self.pattern.match(*args, timeout=timeout)

    def finditer(self, *args, timeout):
        self.timeouts.append(timeout)
        return self.pattern.finditer(*args, timeout=timeout)


@pytest.mark.parametrize("made_of", [None, "[ ]+"])
def test_each_regex_call_gets_at_most_the_cpu_time_left_and_the_process_clock_is_not_read(monkeypatch, made_of):
    # Both ways a rule runs (a scan of its spans, or tries on the runs by its
    # triggers): every call is given no more than the CPU time truly left,
    # and the process clock is never read for a rule that takes little time.
    rule = _double_space_rule(made_of)
    timed = _Timed(rule.regex)
    rule.compiled[0] = timed
    clocks = Clocks(monkeypatch)
    options = Options(regex_timeout=1.0)
    detector = RulePackDetector(options, rules=[rule])
    text = " filler".join(["xa  by and a  b"] * 30)
    ctx = Context(Document(text), options)
    found = list(detector.detect(ctx))
    assert len(found) == 60 and ctx.warnings == []
    assert timed.timeouts and all(0 < t <= 1.0 for t in timed.timeouts)
    assert clocks.cpu_reads == 0


def test_a_rule_over_its_limit_is_skipped_with_a_warning(monkeypatch):
    # The clocks say the limit is spent after the first call: the rule
    # reports nothing (all or nothing) and says so once.
    rule = _double_space_rule("[ ]+")
    clocks = Clocks(monkeypatch)

    class Slow(_Timed):
        def match(self, *args, timeout):
            clocks.spend(0.6, 0.6)
            return super().match(*args, timeout=timeout)

    rule.compiled[0] = Slow(rule.regex)
    options = Options(regex_timeout=1.0)
    ctx = Context(Document((" filler" * 40).join(["xa  by and a  b"] * 30), "book.txt"), options)
    assert list(RulePackDetector(options, rules=[rule]).detect(ctx)) == []
    assert ctx.warnings == ["rule whitespace.test_double took longer than 1 s on book.txt and was skipped"]
