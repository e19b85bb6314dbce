"""A rule's time limit on a document is counted in CPU time, as the regex
module counts its timeout. In the main thread the kernel's CPU timer
(ITIMER_PROF) keeps it: armed when the rule starts, disarmed when it ends,
its signal stops the rule's regex; the regex calls get no timeout (the
module would read the process clock, a system call, twice a call). Where
the timer cannot be used (another thread, SIGPROF taken), each call gets
the time left, the process clock read only when a wall clock says the
limit may be half spent: those tests drive both clocks by hand and hold the
budget to what reading the process clock at every step would give."""

from __future__ import annotations

import signal
import threading
import time

import pytest
import regex

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


def _double_space_rule(made_of, rule_id="whitespace.test_double"):
    return Rule(id=rule_id, kind="pattern", message="two spaces", confidence=0.95,
                max_tier=Tier.SAFE, lang=None, pattern="(?<=a)  (?=b)", flags=0, source="test",
                replacement=" ", examples=(Example("a  b", "a b"), Example("a b")),
                triggers=("  ",), made_of_pattern=made_of)


class _Timed:
    """A compiled pattern that records the timeout of each call (None: none given)."""

    def __init__(self, pattern) -> None:
        self.pattern, self.timeouts = pattern, []

    def match(self, *args, timeout=None):
        self.timeouts.append(timeout)
        return self.pattern.match(*args, timeout=timeout)

    def finditer(self, *args, timeout=None):
        self.timeouts.append(timeout)
        return self.pattern.finditer(*args, timeout=timeout)


@pytest.fixture
def no_timer(monkeypatch):
    """The budget as kept where the CPU timer cannot be (another thread)."""
    monkeypatch.setattr(rulepacks, "_alarm_usable", lambda limit: False)


@pytest.mark.parametrize("made_of", [None, "[ ]+"])
def test_each_regex_call_gets_at_most_the_cpu_time_left_and_the_process_clock_is_not_read(monkeypatch, no_timer,
                                                                                          made_of):
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


def test_a_rule_over_its_limit_is_skipped_with_a_warning(monkeypatch, no_timer):
    # The clocks say the limit is spent after the first call: the rule
    # reports nothing (all or nothing) and says so once.
    rule = _double_space_rule("[ ]+")
    clocks = Clocks(monkeypatch)

    class Slow(_Timed):
        def match(self, *args, timeout=None):
            clocks.spend(0.6, 0.6)
            return super().match(*args, timeout=timeout)

    rule.compiled[0] = Slow(rule.regex)
    options = Options(regex_timeout=1.0)
    ctx = Context(Document((" filler" * 40).join(["xa  by and a  b"] * 30), "book.txt"), options)
    assert list(RulePackDetector(options, rules=[rule]).detect(ctx)) == []
    assert ctx.warnings == ["rule whitespace.test_double took longer than 1 s on book.txt and was skipped"]


# ---- the kernel's CPU timer (main thread) -------------------------------------------


class _Timer:
    """signal.setitimer as the engine calls it, recorded (and still done)."""

    def __init__(self, monkeypatch) -> None:
        self.calls = []
        real = signal.setitimer

        def setitimer(which, seconds, interval=0.0):
            self.calls.append((which, seconds))
            return real(which, seconds, interval)

        monkeypatch.setattr(rulepacks.signal, "setitimer", setitimer)


@pytest.mark.parametrize("made_of", [None, "[ ]+"])
def test_in_the_main_thread_the_cpu_timer_keeps_the_budget_and_no_clock_is_read(monkeypatch, made_of):
    # Both ways a rule runs: the regex calls get no timeout of their own
    # (the regex module reads no clock), the process clock is never read,
    # and the timer is armed for the limit once and disarmed after.
    rule = _double_space_rule(made_of)
    timed = _Timed(rule.regex)
    rule.compiled[0] = timed
    clocks = Clocks(monkeypatch)
    timer = _Timer(monkeypatch)
    options = Options(regex_timeout=0.75)
    text = " filler".join(["xa  by and a  b"] * 30)
    ctx = Context(Document(text), options)
    found = list(RulePackDetector(options, rules=[rule]).detect(ctx))
    assert len(found) == 60 and ctx.warnings == []
    assert timed.timeouts and set(timed.timeouts) == {None}
    assert clocks.cpu_reads == 0
    assert timer.calls == [(signal.ITIMER_PROF, 0.75), (signal.ITIMER_PROF, 0)]
    assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGPROF) is rulepacks._on_cpu_alarm and not rulepacks._Alarm.running


def _catastrophic_rule():
    # Exponential in the run of a's: 24 a's and a b take seconds.
    return Rule(id="style.test_slow", kind="pattern", message="slow", confidence=0.6, max_tier=Tier.SAFE,
                lang=None, pattern="^(a|a)*$", flags=regex.MULTILINE, source="test",
                examples=(Example("aaa", flag="aaa"), Example("b")))


def _slow_check(limit: float):
    options = Options(regex_timeout=limit)
    text = "a\n" * 50 + "a" * 24 + "b\n"
    ctx = Context(Document(text, "book.txt"), options)
    start = time.process_time()
    found = list(RulePackDetector(options, rules=[_catastrophic_rule()]).detect(ctx))
    return found, ctx.warnings, time.process_time() - start


def test_the_cpu_timer_stops_a_catastrophic_rule_which_then_reports_nothing(monkeypatch):
    timer = _Timer(monkeypatch)
    found, warnings, cpu = _slow_check(0.2)
    assert found == [] and warnings == ["rule style.test_slow took longer than 0.2 s on book.txt and was skipped"]
    assert cpu < 1.5, cpu  # the limit and a little; the whole match would take seconds
    assert [c for c in timer.calls if c[1]] == [(signal.ITIMER_PROF, 0.2)]  # the timer, not regex timeouts
    assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0) and not rulepacks._Alarm.running


def test_in_another_thread_the_regex_timeouts_stop_a_catastrophic_rule(monkeypatch):
    # A signal handler runs only in the main thread: elsewhere the budget
    # is the regex module's timeouts, and the timer is never armed.
    timer = _Timer(monkeypatch)
    out = []
    worker = threading.Thread(target=lambda: out.append(_slow_check(0.2)))
    worker.start()
    worker.join()
    found, warnings, _ = out[0]
    assert found == [] and len(warnings) == 1 and "style.test_slow" in warnings[0]
    assert timer.calls == []


def test_a_profilers_sigprof_handler_is_left_alone(monkeypatch):
    seen = []

    def profiler(signum, frame):
        seen.append(signum)

    old = signal.signal(signal.SIGPROF, profiler)
    try:
        timer = _Timer(monkeypatch)
        rule = _double_space_rule(None)
        timed = _Timed(rule.regex)
        rule.compiled[0] = timed
        options = Options(regex_timeout=1.0)
        ctx = Context(Document("xa  by"), options)
        assert len(list(RulePackDetector(options, rules=[rule]).detect(ctx))) == 1
        assert timer.calls == [] and timed.timeouts and all(0 < t <= 1.0 for t in timed.timeouts)
        assert signal.getsignal(signal.SIGPROF) is profiler
    finally:
        signal.signal(signal.SIGPROF, old)


def test_each_rule_arms_the_timer_once_and_the_document_disarms_it_once(monkeypatch):
    rules = [_double_space_rule(None), _double_space_rule("[ ]+", "whitespace.test_again")]
    timer = _Timer(monkeypatch)
    options = Options(regex_timeout=0.5)
    ctx = Context(Document("xa  by"), options)
    assert len(list(RulePackDetector(options, rules=rules).detect(ctx))) == 2
    assert timer.calls == [(signal.ITIMER_PROF, 0.5), (signal.ITIMER_PROF, 0.5), (signal.ITIMER_PROF, 0)]
    assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)


def test_a_signal_outside_a_rule_or_of_the_last_rules_timer_is_ignored():
    # A signal may come after a rule ended, or come from the last rule's
    # timer just before the next rule re-armed it and be handled only after:
    # the handler raises only in a rule's work whose own timer ran out.
    assert not rulepacks._Alarm.running
    rulepacks._on_cpu_alarm(signal.SIGPROF, None)
    rulepacks._Alarm.running = True
    try:
        signal.setitimer(signal.ITIMER_PROF, 60)  # this rule's timer: far from run out
        rulepacks._on_cpu_alarm(signal.SIGPROF, None)
        signal.setitimer(signal.ITIMER_PROF, 0)  # (as after it ran out)
        with pytest.raises(TimeoutError):
            rulepacks._on_cpu_alarm(signal.SIGPROF, None)
    finally:
        rulepacks._Alarm.running = False
        signal.setitimer(signal.ITIMER_PROF, 0)
