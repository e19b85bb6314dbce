"""The rule engine as a detector: runs the data rules from ``rules/``."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator
import time
from functools import lru_cache

from ..model import Finding, Suggestion
from ..options import Context, Options
from ..rulepack import GATES, Rule, TriggerIndex, load_rules, trigger_plan
from ..segments import Span
from .base import Detector, RuleDoc

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
        hits = TriggerIndex(text, self.trigger_plan, cap=_HITS_PER_PARAGRAPH * len(ctx.paragraphs) + 1)
        by_lang: dict[str, list[Span]] = {}
        for rule in self.active:
            if rule.lang is None:
                # One scan of the whole text; skipped when no trigger is in it.
                if rule.triggers and not hits.any(rule):
                    continue
                spans = [(0, len(text))]
            else:
                paras = by_lang.get(rule.lang)
                if paras is None:
                    paras = by_lang[rule.lang] = [p for p in ctx.paragraphs if p.lang == rule.lang]
                spans = _paragraphs_with_triggers(rule, hits, paras) if rule.triggers else [(p.start, p.end) for p in paras]
            if rule.gate:
                passes = GATES[rule.gate]
                spans = [(start, end) for start, end in spans if passes(text, start, end)]
            if not spans:
                continue
            try:
                found = _run_within(rule, text, spans, ctx.options.regex_timeout)
            except TimeoutError:
                # All or nothing: half a rule's findings would be a report
                # that depends on the machine's speed.
                ctx.warn(
                    f"rule {rule.id} took longer than {ctx.options.regex_timeout:g} s "
                    f"on {ctx.doc.path} and was skipped"
                )
                continue
            yield from found


def _paragraphs_with_triggers(rule: Rule, index: TriggerIndex, paras: list[Span]) -> list[tuple[int, int]]:
    """The spans of ``paras`` that a trigger of ``rule`` is in or touches:
    the only ones where the rule can match."""
    if not paras or not index.any(rule):
        return []
    everything = [(p.start, p.end) for p in paras]
    limit = _HITS_PER_PARAGRAPH * len(paras)
    starts = [p.start for p in paras]
    chosen: set[int] = set()
    for key in rule.trigger_keys:
        found = index.starts(key)
        if found is None or len(found) > limit:
            return everything
        limit -= len(found)
        length = len(key[0])
        for a in found:
            # Paragraphs that start at or before the hit's end and end at
            # or after its start (they are sorted and never overlap).
            i = bisect_right(starts, a + length) - 1
            while i >= 0 and paras[i].end >= a:
                chosen.add(i)
                i -= 1
    return [everything[i] for i in sorted(chosen)]


def _run_within(rule: Rule, text: str, spans: list[tuple[int, int]], limit: float) -> list[Finding]:
    """Every finding of ``rule`` in ``spans``, or TimeoutError once they take
    longer than ``limit`` CPU seconds together: one budget per rule per document,
    however many paragraphs the rule runs over (a per-paragraph budget would
    let a bad rule take an hour on a long book)."""
    # The regex module counts its timeout in CPU time of the process (on a
    # busy machine a 1 s limit can take 4 s of wall time), so the budget
    # across paragraphs is counted the same way.
    deadline = time.process_time() + limit
    found: list[Finding] = []
    for start, end in spans:
        remaining = deadline - time.process_time()
        if remaining <= 0:
            raise TimeoutError
        # The timeout covers the whole iteration, including the time spent
        # here between matches.
        found.extend(_run(rule, text, start, end, remaining))
    return found


def _run(rule: Rule, text: str, start: int, end: int, timeout: float) -> Iterator[Finding]:
    for m in rule.regex.finditer(text, start, end, timeout=timeout):
        replacement = rule.replacement_for(m)
        if replacement == m.group():
            continue
        suggestions = () if replacement is None else (Suggestion(replacement, rule.confidence),)
        yield Finding(
            rule=rule.id,
            message=rule.message,
            start=m.start(),
            end=m.end(),
            text=m.group(),
            suggestions=suggestions,
            detection_confidence=rule.confidence,
            max_tier=rule.max_tier,
        )


def _example(rule: Rule) -> str:
    for ex in rule.examples:
        if ex.fix is not None:
            return f"{ex.text} → {ex.fix}"
        if ex.flag is not None:
            return f"{ex.text} (reports {ex.flag!r})"
    return ""
