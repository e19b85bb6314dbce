"""From raw detector output to the findings a user sees and the edits `fix` makes."""

from __future__ import annotations

from collections.abc import Iterable
import re
from operator import attrgetter

from .model import Edit, Finding, Tier
from .options import Options


def resolve(findings: Iterable[Finding], options: Options) -> list[Finding]:
    """Drop disabled rules, merge duplicates, order by position.

    Two findings on the same span proposing the same best text are one
    finding: the more confident is kept (a rule and a detector, or two
    detectors, often agree).
    """
    best: dict[tuple[int, int, str | None], Finding] = {}
    findings = list(findings)
    # Whether a rule is on is asked once per rule, not per finding (a
    # megabyte has some 15,000 findings of a few dozen rules).
    off = {rule for rule in set(map(_RULE, findings)) if not options.enabled(rule)}
    if off:
        findings = [f for f in findings if f.rule not in off]
    categories = set(map(_CATEGORY, findings))
    if "lt" in categories:
        findings = _without_lt_duplicates(findings)
    if "boundary" in categories and len(categories) > 1:
        findings = _without_dropped_words(findings)
    for f in findings:
        suggestions = f.suggestions
        key = (f.start, f.end, suggestions[0].text if suggestions else f"\0{f.rule}")
        kept = best.get(key)
        if kept is None or (f.confidence, f.tier) > (kept.confidence, kept.tier):
            best[key] = f
    return sorted(best.values(), key=_position)


_RULE, _CATEGORY = attrgetter("rule"), attrgetter("category")
# (start, end, rule) of a finding, made in C.
_position = attrgetter("start", "end", "rule")


def _without_lt_duplicates(findings: list[Finding]) -> list[Finding]:
    """A LanguageTool match on words one of our detectors already reports is
    the same damage said twice: ours, calibrated on our data, is kept."""
    lt = [f for f in findings if f.category == "lt"]
    if not lt:
        return findings
    ours = [(f.start, f.end) for f in findings if f.category != "lt"]

    def overlaps(f: Finding) -> bool:
        return any(s < f.end and f.start < e or s == f.start for s, e in ours)

    return [f for f in findings if f.category != "lt" or not overlaps(f)]


_RUN_TOGETHER = frozenset({"boundary.ru.run_together", "boundary.en.run_together"})
_SPLIT_PARTS = re.compile(r"[ -]")


def _without_dropped_words(findings: list[Finding]) -> list[Finding]:
    """Two words typed together read two ways: a split ("иностранныхи" →
    "иностранных и") and a fix deleting the glued word as stray letters
    ("иностранных", from spelling or a grammar ending rule). The deletion
    loses a word the writer typed; on the dev sets (RUSpellRU, GERA) the
    split was right 39 times in 45 where both spoke, the deletion twice (and
    the deleting finding's next suggestion once). Such a finding is dropped:
    the word has one finding, the split."""
    splits = [f for f in findings if f.rule in _RUN_TOGETHER and f.suggestions]
    if not splits:
        return findings
    parts = {(f.start, f.end): set(_SPLIT_PARTS.split(f.suggestions[0].text.lower())) for f in splits}
    starts = {f.start for f in splits}

    def deletes_a_word(f: Finding) -> bool:
        split = parts.get((f.start, f.end)) if f.rule not in _RUN_TOGETHER and f.suggestions else None
        return split is not None and f.suggestions[0].text.lower() in split

    # (Only a finding starting where a split does is asked about: one set look-up for the rest.)
    return [f for f in findings if f.start not in starts or not deletes_a_word(f)]


def edits_for(findings: Iterable[Finding], options: Options) -> list[Edit]:
    """The edits `fix` may apply: best suggestion, tier and confidence high enough."""
    floor: Tier = options.fix_tier
    out = []
    for f in findings:
        best = f.best
        if best is None or f.tier < floor or best.confidence < options.min_confidence:
            continue
        out.append(Edit(f.start, f.end, best.text, best.confidence, f.rule))
    return out
