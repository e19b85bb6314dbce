"""The rule engine as a detector: runs the data rules from ``rules/``."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator
import signal
import threading
import time
from functools import lru_cache
from itertools import repeat

import regex

from ..model import Finding, Suggestion, made_finding
from ..options import Context, Options
from ..rulepack import GATE_SPANS, GATES, Rule, TriggerIndex, load_rules, trigger_plan
from .base import Detector, RuleDoc

# A rule made of runs (Rule.made_of) is tried run by run, some 25,000
# instructions a hit (finding the runs, a regex call a run, the finding),
# while the regex module scans a text for a rule that starts with a space
# or a look-behind at 230-460 instructions a character: past one hit per
# this many characters the scan is cheaper (measured on the dense corpus:
# 100 → 32 took the engine from 327 to 306 M instructions, 16 and 8 gave
# the same). It also bounds the places TriggerIndex keeps per trigger.
_CHARS_PER_RUN = 32
# Past this many trigger hits per paragraph of the rule's language, finding
# the paragraphs they fall in costs more than running the rule on them all.
_HITS_PER_PARAGRAPH = 2


@lru_cache(maxsize=8)
def _cached_rules(dirs: tuple) -> tuple[Rule, ...]:
    shipped = load_rules()
    extra = load_rules(dirs) if dirs else []
    ids = {r.id for r in shipped}
    for rule in extra:
        if rule.id in ids:
            from ..rulepack import RuleError

            raise RuleError(f"{rule.source}: rule id {rule.id} is already a shipped rule")
    return tuple(shipped) + tuple(extra)


class RulePackDetector(Detector):
    LOCALITY = "document"  # a common rule scans the whole text; lookbehinds reach back
    def __init__(self, options: Options, rules: Iterable[Rule] | None = None) -> None:
        super().__init__(options)
        all_rules = _cached_rules(tuple(options.rule_dirs)) if rules is None else tuple(rules)
        self.all_rules = all_rules
        self.active = [r for r in all_rules if options.enabled(r.id, r.opt_in)]
        self.trigger_plan = trigger_plan(tuple(dict.fromkeys(k for r in self.active for k in r.trigger_keys)))

    def rules(self) -> tuple[RuleDoc, ...]:
        return tuple(
            RuleDoc(r.id, r.message, _example(r), r.lang, r.max_tier, r.opt_in)
            for r in self.all_rules
        )

    def detect(self, ctx: Context) -> Iterator[Finding]:
        text = ctx.doc.text
        cap = max(_HITS_PER_PARAGRAPH * len(ctx.paragraphs), len(text) // _CHARS_PER_RUN) + 1
        hits = TriggerIndex(text, self.trigger_plan, cap=cap)
        found: list[Finding] = []
        timers = _Alarm.armed
        try:
            self._find(ctx, text, hits, found)
        finally:
            if _Alarm.armed != timers:  # a rule armed the CPU timer: disarmed once, at the end
                _disarm()
        return iter(found)

    def _find(self, ctx: Context, text: str, hits: TriggerIndex, out: list[Finding]) -> None:
        """Every rule's findings, into ``out``, rule after rule."""
        limit = ctx.options.regex_timeout
        timer = _alarm_usable(limit)  # (asked once a document: the rules run in one thread)
        # Per language: its paragraphs' spans and their starts (for bisect).
        by_lang: dict[str, tuple[list[tuple[int, int]], list[int]]] = {}
        for rule in self.active:
            if rule.trigger_keys and not hits.any(rule):
                continue  # no trigger in the text: the rule cannot match (most rules, most texts)
            runs = spans = ends = None
            if rule.lang is None:
                # One scan of the whole text, or of the runs by its triggers.
                if rule.made_of is not None and rule.trigger_keys:
                    runs = _runs_near_triggers(rule, hits, text)
                spans = [(0, len(text))]
            else:
                paras = by_lang.get(rule.lang)
                if paras is None:
                    spans = [(p.start, p.end) for p in ctx.paragraphs if p.lang == rule.lang]
                    paras = by_lang[rule.lang] = (spans, [start for start, _ in spans])
                if rule.starts_within is not None:
                    runs, ends = _places_near_triggers(rule, hits, *paras)
                    spans = paras[0]  # (all of them when the hits are too many, as _paragraphs_with_triggers)
                else:
                    spans = _paragraphs_with_triggers(rule, hits, *paras) if rule.trigger_keys else paras[0]
            if runs is None:
                if rule.gate:
                    spans = _gated(rule, spans, text)
                if not spans:
                    continue
            budget = _Alarm(limit) if timer else _Budget(limit)
            try:
                with budget:
                    found = None if runs is None else _run_on_runs(rule, text, runs, budget, ends)
                    if found is None:
                        if runs is not None and rule.gate:  # (the runs would not do after all)
                            spans = _gated(rule, spans, text)
                        elif runs is not None and rule.starts_within is not None:
                            spans = _paragraphs_with_triggers(rule, hits, *by_lang[rule.lang])
                        found = _run_within(rule, text, spans, budget)
            except TimeoutError:
                _Alarm.running = False  # (in case the signal struck in the timer's __enter__)
                _timed_out(ctx, rule)
                continue
            out += found


def _gated(rule: Rule, spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """The parts of ``spans`` the rule's gate lets it match in."""
    passes = GATES[rule.gate]
    spans = [(start, end) for start, end in spans if passes(text, start, end)]
    where = GATE_SPANS.get(rule.gate)
    return _narrowed(spans, where, text) if where is not None and spans else spans


def _narrowed(spans: list[tuple[int, int]], where, text: str) -> list[tuple[int, int]]:
    """The parts of ``spans`` that ``where`` (a GATE_SPANS entry) says the rule
    can match in: a scan of a long paragraph for doubled words tries the
    regex at every character (some 700 ns each), a few words around each
    pair of twins are enough."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        parts = where(text, start, end)
        out += [(start, end)] if parts is None else parts
    return out


def _paragraphs_with_triggers(
    rule: Rule, index: TriggerIndex, paras: list[tuple[int, int]], starts: list[int]
) -> list[tuple[int, int]]:
    """The spans of ``paras`` (whose starts are ``starts``) that a trigger of
    ``rule`` is in or touches: the only ones where the rule can match."""
    if not paras or not index.any(rule):
        return []
    hits = _trigger_hits(rule, index, _HITS_PER_PARAGRAPH * len(paras))
    if hits is None:
        return paras
    chosen: set[int] = set()
    for a, length in hits:
        # Paragraphs that start at or before the hit's end and end at
        # or after its start (they are sorted and never overlap).
        i = bisect_right(starts, a + length) - 1
        while i >= 0 and paras[i][1] >= a:
            chosen.add(i)
            i -= 1
    return [paras[i] for i in sorted(chosen)]


def _trigger_hits(rule: Rule, index: TriggerIndex, budget: int) -> list[tuple[int, int]] | None:
    """(start, length) of every trigger of ``rule`` in the text, or None when
    they are more than ``budget`` or one cannot be looked up: then a plain
    scan is the cheaper way."""
    hits = []
    # Only the keys the text holds: a rule may name dozens (every pronoun
    # with two kinds of space), most of them absent; the order of the keys
    # changes neither the answer (None: one key over the cap, or all over
    # the budget) nor what the callers make of the hits (sets of places).
    for key in index.present(rule):
        found = index.starts(key)
        if found is None or len(found) > budget:
            return None
        budget -= len(found)
        length = len(key[0])
        hits += [(a, length) for a in found]
    return hits


def _runs_near_triggers(rule: Rule, index: TriggerIndex, text: str) -> list[tuple[int, int]] | None:
    """The runs of ``rule.made_of`` characters that a trigger is in or
    touches, in order: every match of the rule is one of them or inside one.
    None when there are too many hits to be worth it (scan the text)."""
    member = _members(rule.made_of_pattern)
    budget = len(text) // _CHARS_PER_RUN
    runs: dict[int, int] = {}
    n = len(text)
    for key in index.present(rule):
        found = index.starts(key)
        if found is None or len(found) > budget:
            return None
        budget -= len(found)
        word, folded = key
        length = len(word)
        # Where a run touching a hit [a, a + length) can be: the runs of
        # member characters within the key (a case-sensitive key is the
        # text there), and the character just before or after the hit.
        places = range(-1, length + 1) if folded else _places(word, rule.made_of_pattern)
        last_start = last_end = 0  # the last run found from this key's hits (they come in order)
        for a in found:
            if last_start <= a and a + length <= last_end:
                continue  # inside that run: it is every run near this hit
            for i in places:
                q = a + i
                if 0 <= q < n and text[q] in member and not last_start <= q < last_end:
                    # Most runs are one character (a space before a comma):
                    # told without a call, the rest by _run_around.
                    if (q == 0 or text[q - 1] not in member) and (q + 1 == n or text[q + 1] not in member):
                        last_start, last_end = q, q + 1
                    else:
                        last_start, last_end = _run_around(text, q, member, rule)
                    runs[last_start] = last_end
    return sorted(runs.items())


def _places_near_triggers(rule: Rule, index: TriggerIndex, paras: list[tuple[int, int]],
                          starts: list[int]) -> tuple[list[tuple[int, int]] | None, list[int] | None]:
    """The places of ``paras`` (whose starts are ``starts``) where a match of
    ``rule`` (:attr:`Rule.starts_within`) can start, as runs (start, end),
    in order, and the end of each one's paragraph: from ``starts_within``
    characters before each trigger hit to its end, within a paragraph.
    (None, None) when there are too many hits to be worth it (scan the
    paragraphs)."""
    hits = _trigger_hits(rule, index, _HITS_PER_PARAGRAPH * len(paras))
    if hits is None:
        return None, None
    back = rule.starts_within
    pieces = []
    for a, length in hits:
        lo, hi = a - back, a + length + 1
        # The paragraphs that hold a place of [lo, hi): from the last that
        # starts at or before hi - 1, back while they end at or after lo (a
        # scan of a paragraph tries its end too).
        i = bisect_right(starts, hi - 1) - 1
        while i >= 0 and paras[i][1] >= lo:
            start, end = paras[i]
            pieces.append((end, max(lo, start), min(hi, end + 1)))
            i -= 1
    # In the order a scan of the paragraphs tries them: paragraph by
    # paragraph (their ends are in order), place by place; overlapping
    # pieces of one paragraph joined.
    pieces.sort()
    runs: list[tuple[int, int]] = []
    ends: list[int] = []
    for end, lo, hi in pieces:
        if runs and ends[-1] == end and lo <= runs[-1][1]:
            if hi > runs[-1][1]:
                runs[-1] = (runs[-1][0], hi)
        else:
            runs.append((lo, hi))
            ends.append(end)
    return runs, ends


@lru_cache(maxsize=1024)
def _places(word: str, made_of: str) -> tuple[int, ...]:
    """The offsets from a hit of ``word`` (matched as it is) to look for a
    run of ``made_of`` at: one within each run of member characters of
    ``word``; -1 unless ``word`` starts with one, ``len(word)`` unless it
    ends with one (the runs there are those runs)."""
    member = _members(made_of)
    places = [] if word[0] in member else [-1]
    places += [i for i, ch in enumerate(word) if ch in member and (i == 0 or word[i - 1] not in member)]
    if word[-1] not in member:
        places.append(len(word))
    return tuple(places)


def _run_around(text: str, q: int, member, rule: Rule) -> tuple[int, int]:
    """The run of ``member`` characters around ``text[q]`` (one of them):
    a few steps in Python (most runs are a space or two), the regex module
    past that (a run of thousands)."""
    start = q
    while start and text[start - 1] in member:
        start -= 1
        if q - start >= 8:
            start = _backwards(rule.made_of_pattern).match(text, 0, q + 1).start()
            break
    end = q + 1
    n = len(text)
    while end < n and text[end] in member:
        end += 1
        if end - q >= 8:
            end = rule.made_of.match(text, q).end()
            break
    return start, end


@lru_cache(maxsize=64)
def _backwards(made_of: str):
    return regex.compile("(?r)" + made_of)


class _Members(dict):
    """The characters of a class, for ``ch in members``: a dict lookup, the
    class's regex asked once per character (a class :func:`_listed` cannot
    spell out)."""

    __slots__ = ("one",)

    def __contains__(self, ch: str) -> bool:
        known = self.get(ch)
        if known is None:
            known = self[ch] = self.one.fullmatch(ch) is not None
        return known


def _members(made_of: str) -> "frozenset[str] | _Members":
    """What ``in`` tells the characters of the class ``made_of`` ("[...]+") by."""
    return _class_members(made_of[:-1])  # the class without its "+"


@lru_cache(maxsize=64)
def _class_members(cls: str) -> "frozenset[str] | _Members":
    """What ``in`` tells the characters of the class ``cls`` ("[...]") by:
    the set of them when it lists them one by one (as every shipped
    made_of does: a set lookup), else a remembering test."""
    one = regex.compile(cls)
    listed = _listed(cls)
    if listed is not None and all(one.fullmatch(ch) for ch in listed):
        return frozenset(listed)
    members = _Members()
    members.one = one
    return members


@lru_cache(maxsize=64)
def _follows(cls: str) -> tuple[set[str], set[str]]:
    """The characters seen so far in and out of the class ``cls`` (a rule's
    ``follows``), as two plain sets: ``in`` on one is a lookup in C, on
    :class:`_Members` a Python call (and ``d[ch]`` on a dict subclass takes
    the slow slot). A character in neither is asked of :func:`_learned`."""
    return set(), set()


def _learned(seen: tuple[set[str], set[str]], cls: str, ch: str) -> bool:
    """Is ``ch`` in the class ``cls``? Put in ``seen``'s set that says so."""
    known = ch in _class_members(cls)
    seen[0 if known else 1].add(ch)
    return known


def _listed(cls: str) -> str | None:
    """The characters a class such as ``[ \\t\\u00a0-]`` lists, or None when it
    is anything but a list of characters (a range, a property, a negation,
    an escape other than \\t, \\n, \\r, \\uXXXX, \\xXX): no "^" first, a "-"
    only last and not alone, no "[", "]", "&", "|" or "~" (set operations of
    the regex module). Read a character at a time: a regex for it was two
    compiles (~3 M instructions) in every process that ran a made_of rule."""
    if len(cls) < 3 or cls[0] != "[" or cls[-1] != "]" or cls[1] in "^-":
        return None
    body = cls[1:-1]
    out = []
    i, n = 0, len(body)
    while i < n:
        ch = body[i]
        if ch == "\\":
            escape = body[i : i + 2]
            if escape in _ESCAPES:
                out.append(_ESCAPES[escape])
                i += 2
                continue
            digits = body[i + 2 : i + 2 + _HEX_DIGITS.get(escape, 0)]
            if not digits or len(digits) != _HEX_DIGITS[escape] or digits.strip(_HEX):
                return None
            out.append(chr(int(digits, 16)))
            i += 2 + len(digits)
            continue
        if ch in "[]&|~" or ch == "-" and i != n - 1:
            return None
        out.append(ch)
        i += 1
    return "".join(out)


_ESCAPES = {"\\t": "\t", "\\n": "\n", "\\r": "\r"}
_HEX_DIGITS = {"\\u": 4, "\\x": 2}
_HEX = "0123456789abcdefABCDEF"


def _run_on_runs(rule: Rule, text: str, runs: list[tuple[int, int]], budget,
                 ends: list[int] | None = None) -> list[Finding] | None:
    """What a scan of the whole text (or of the paragraphs, each run's in
    ``ends``) finds, tried only on ``runs``: a scan tries its places in
    turn, going on after a match from its end; so does this, with the same
    text around (the regex sees all of it, or up to the paragraph's end as
    a scan of it does), skipping the places of a run that the last match
    covers (a made_of run is entered fresh: no match reaches into it from
    outside). None if the rule matches the empty string after all (then scan)."""
    matches = []
    match = rule.regex.match
    timed = type(budget) is not _Alarm  # (the CPU timer needs no timeout per call: see _run_within)
    # A place after a character not in ``rule.follows`` is no match's start:
    # passed over by a set or dict look-up, not a regex call (half the runs
    # of spaces before punctuation follow a quote or another mark).
    follows = _follows(rule.follows) if rule.follows is not None else None
    if follows is not None:
        inside, outside = follows
    last_end = 0
    for (start, end), endpos in zip(runs, repeat(None) if ends is None else ends):
        pos = start if start >= last_end else last_end
        while pos < end:
            if follows is not None and pos and text[pos - 1] not in inside and (
                    text[pos - 1] in outside or not _learned(follows, rule.follows, text[pos - 1])):
                pos += 1
                continue
            # (Positional arguments: the regex module then skips its parser.)
            m = match(text, pos, endpos, timeout=budget.left()) if timed else match(text, pos, endpos, False)
            if m is None:
                pos += 1
                continue
            if m.end() == pos:
                return None
            matches.append(m)
            pos = last_end = m.end()
    return _findings(rule, matches)


# ---- a rule's time limit ------------------------------------------------------------
#
# A rule may take at most ``Options.regex_timeout`` CPU seconds on one
# document, however many regex calls it makes (one budget per rule per
# document); past that it is stopped and reports nothing. The regex module
# counts its own ``timeout=`` in CPU time of the process, but it reads that
# clock (a system call: 1.5 µs on a quiet machine, 7 µs and more on a busy
# one) twice for every call given a timeout — some hundred reads a
# document, a quarter of the engine's time. So in the main thread the
# budget is kept by the kernel instead: a one-shot ITIMER_PROF timer
# (process CPU time, the clock the regex module reads) armed for the limit
# when the rule starts and disarmed when it ends, two system calls per rule
# and document; its signal's handler raises in the rule's work, and the
# regex module, which checks for signals every few hundred steps of a match
# (as it checks its timeout: the same places), stops the match with that
# exception. Elsewhere (another thread, where a handler cannot run; no
# setitimer; SIGPROF already taken by a profiler; a limit the timer cannot
# hold) each regex call is given the time left, counted by _Budget.


class _OverBudget(TimeoutError):
    """Raised by the CPU timer's signal handler inside a rule's work."""


class _Alarm:
    """The budget of a rule in the main thread: the kernel's CPU timer.
    ``left()`` gives a regex call no timeout of its own (the timer's signal
    stops it)."""

    __slots__ = ("limit",)
    running = False  # a rule's work is under way: the handler raises only then
    armed = 0  # how many times the timer was armed (detect disarms it if it was)

    def __init__(self, limit: float) -> None:
        self.limit = limit

    def left(self) -> None:
        return None

    def __enter__(self) -> "_Alarm":
        # Armed for the limit from now (replacing what the last rule left of
        # its own), then running: the limit is at least _SHORTEST_ALARM, so
        # it cannot run out in between.
        signal.setitimer(signal.ITIMER_PROF, self.limit)
        _Alarm.armed += 1
        _Alarm.running = True
        return self

    def __exit__(self, *exc) -> None:
        # The timer is left armed: the next rule re-arms it, and detect
        # disarms it once at the end (one system call a rule, not two).
        # A signal that comes meanwhile finds no rule running.
        _Alarm.running = False


def _on_cpu_alarm(signum, frame) -> None:
    # Raise only in a rule's work, and only if its own timer ran out: a
    # signal of the last rule's timer, come just before the re-arming, may
    # be handled only after it (Python runs handlers between bytecodes).
    if _Alarm.running and signal.getitimer(signal.ITIMER_PROF)[0] == 0.0:
        raise _OverBudget


def _disarm() -> None:
    _Alarm.running = False
    signal.setitimer(signal.ITIMER_PROF, 0)


def _alarm_usable(limit: float) -> bool:
    """Can the CPU timer keep a budget of ``limit`` seconds here? Only in the
    main thread (the only one whose signal handlers run), with SIGPROF
    ours: taken over the first time from its default (which would kill
    the process, so no timer is armed), never from a profiler's handler."""
    if not _SHORTEST_ALARM <= limit < _LONGEST_ALARM or threading.current_thread() is not threading.main_thread():
        return False
    handler = _getsignal(_SIGPROF) if _SIGPROF is not None else None
    if handler is _on_cpu_alarm:
        return True
    if handler != signal.SIG_DFL:
        return False
    try:
        signal.signal(_SIGPROF, _on_cpu_alarm)
    except (ValueError, OSError):  # not the main interpreter's main thread after all
        return False
    return True


# setitimer takes whole seconds in a C long: a year is plenty. A limit under
# a millisecond (no real use) is left to the regex timeouts, so that the
# timer cannot run out before the rule is marked as running.
_LONGEST_ALARM = 365 * 24 * 3600.0
_SHORTEST_ALARM = 0.001
_SIGPROF = getattr(signal, "SIGPROF", None) if hasattr(signal, "setitimer") else None
try:
    # The handler as set: signal.getsignal turns it into an enum member
    # first, which for a function costs a ValueError each time.
    from _signal import getsignal as _getsignal
except ImportError:
    _getsignal = signal.getsignal


class _Budget:
    """The CPU seconds a rule has left on one document, counted without
    asking the process clock while that cannot matter: the process clock is
    a system call (1.5–7 µs here, more than matching a short run; the regex
    module reads it twice for each call given a timeout), a wall clock is
    read in user space. One thread's CPU time never runs ahead of its wall
    time, so while less than half the limit has passed on the wall, the
    limit less the wall time passed is a safe lower bound of the CPU time
    left, and is what a regex call is given. Once half the limit has passed
    on the wall, the process clock is read from then on, the time before
    counted as the wall time it took (never less than its CPU time). A rule
    is never let run past its limit; on a machine so busy that wall time
    runs well ahead of CPU time, a rule that runs for more than half its
    limit may be stopped somewhat sooner — a pathological rule either way.
    A rule that takes a few milliseconds, as every shipped one does on
    ordinary text, never reads the process clock. (Used where the CPU
    timer cannot be: see _Alarm.)"""

    __slots__ = ("limit", "wall_start", "cpu_start")

    def __init__(self, limit: float) -> None:
        self.limit = limit
        self.wall_start = time.perf_counter()
        self.cpu_start: float | None = None

    def __enter__(self) -> "_Budget":
        return self

    def __exit__(self, *exc) -> None:
        pass

    def left(self) -> float:
        """Seconds left, never more than the CPU seconds left; TimeoutError when none are."""
        if self.cpu_start is None:
            spent = time.perf_counter() - self.wall_start
            if spent < self.limit / 2:
                return self.limit - spent
            self.cpu_start = time.process_time() - spent
        left = self.limit - (time.process_time() - self.cpu_start)
        if left <= 0:
            raise TimeoutError
        return left


def _timed_out(ctx: Context, rule: Rule) -> None:
    # All or nothing: half a rule's findings would be a report that depends
    # on the machine's speed.
    ctx.warn(f"rule {rule.id} took longer than {ctx.options.regex_timeout:g} s on {ctx.doc.path} and was skipped")


def _run_within(rule: Rule, text: str, spans: list[tuple[int, int]], budget) -> list[Finding]:
    """Every finding of ``rule`` in ``spans``, or TimeoutError once the
    rule's ``budget`` (one per rule per document, however many paragraphs
    the rule runs over: a per-paragraph budget would let a bad rule take an
    hour on a long book) is spent."""
    found: list[Finding] = []
    finditer = rule.regex.finditer
    if type(budget) is _Alarm:
        # No timeout (the timer stops the rule), and the GIL kept (the
        # regex module would let it go and take it back at every step that
        # allocates: a tenth of a short match; the timer works in the main
        # thread only, where the rule holds up nothing but itself).
        for start, end in spans:
            found.extend(_findings(rule, finditer(text, start, end, False, False)))
        return found
    for start, end in spans:
        # The timeout covers the whole iteration, including the time spent
        # here between matches.
        found.extend(_findings(rule, finditer(text, start, end, timeout=budget.left())))
    return found


def _findings(rule: Rule, matches) -> list[Finding]:
    """The findings of ``rule``'s regex ``matches`` (a match its
    replacement would leave as it is is none)."""
    # A template without a backslash refers to no group: every match gets
    # it as it is, without expanding it per match.
    template = rule.replacement
    literal = rule.kind == "pattern" and template is not None and "\\" not in template
    category = rule.category  # given, not worked out again from the id by each Finding
    rule_id, message, confidence, max_tier = rule.id, rule.message, rule.confidence, rule.max_tier
    found: list[Finding] = []
    # (made_finding: Finding(...) with its slots set directly, from values its
    # __post_init__ leaves as they are: a match's span, 0 <= start <= end; the
    # rule's category; zero or one suggestion. A megabyte of spaces before
    # commas makes thousands.)
    fixed = _suggestions(template, confidence) if literal else None
    for m in matches:
        matched = m.group()
        if literal:
            if template == matched:
                continue
            suggestions = fixed
        else:
            replacement = rule.replacement_for(m)
            if replacement == matched:
                continue
            suggestions = _suggestions(replacement, confidence)
        start, end = m.span()
        found.append(made_finding(rule_id, message, start, end, matched, suggestions, confidence, max_tier, category))
    return found


def _suggestions(replacement: str | None, confidence: float) -> tuple[Suggestion, ...]:
    """The one suggestion of a rule's finding, shared by every finding with
    the same text and confidence (it is immutable): most rules replace
    with one fixed text, thousands of times in a long file."""
    key = (replacement, confidence)
    made = _SUGGESTIONS.get(key)
    if made is None:
        if len(_SUGGESTIONS) >= 4096:
            _SUGGESTIONS.clear()
        made = _SUGGESTIONS[key] = () if replacement is None else (Suggestion(replacement, confidence),)
    return made


_SUGGESTIONS: dict[tuple[str | None, float], tuple[Suggestion, ...]] = {}


def _example(rule: Rule) -> str:
    for ex in rule.examples:
        if ex.fix is not None:
            return f"{ex.text} → {ex.fix}"
        if ex.flag is not None:
            return f"{ex.text} (reports {ex.flag!r})"
    return ""
