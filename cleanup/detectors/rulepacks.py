"""The rule engine as a detector: runs the data rules from ``rules/``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
import time
from functools import lru_cache

from ..model import Finding, Suggestion
from ..options import Context, Options
from ..rulepack import Rule, load_rules
from .base import Detector, RuleDoc


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

    def rules(self) -> tuple[RuleDoc, ...]:
        return tuple(
            RuleDoc(r.id, r.message, _example(r), r.lang, r.max_tier, r.opt_in)
            for r in self.all_rules
        )

    def detect(self, ctx: Context) -> Iterator[Finding]:
        text = ctx.doc.text
        for rule in self.active:
            if rule.lang is None:
                spans = [(0, len(text))]
            else:
                spans = [(p.start, p.end) for p in ctx.paragraphs if p.lang == rule.lang]
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
