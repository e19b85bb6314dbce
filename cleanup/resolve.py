"""From raw detector output to the findings a user sees and the edits `fix` makes."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from itertools import accumulate
import re
from dataclasses import replace
from operator import attrgetter, is_

from .model import SAFE_THRESHOLD, Edit, Finding, Suggestion, Tier
from .options import Options
from .spelling import speedups


def resolve(findings: Iterable[Finding], options: Options) -> list[Finding]:
    """Drop disabled rules, merge duplicates, order by position.

    Two findings on the same span proposing the same best text are one
    finding: the more confident is kept (a rule and a detector, or two
    detectors, often agree).
    """
    findings = list(findings)
    # Whether a rule is on is asked once per rule, not per finding (a
    # megabyte has some 15,000 findings of a few dozen rules).
    kinds = speedups.function("finding_kinds")
    rules, categories = kinds(findings, *_KIND_FIELDS) if kinds is not None else _kinds(findings)
    off = {rule for rule in rules if not options.enabled(rule)}
    if off:
        findings = [f for f in findings if f.rule not in off]
        categories = {f.category for f in findings}
    if "lt" in categories:
        findings = _without_lt_duplicates(findings)
    if "boundary" in categories and len(categories) > 1 and not _RUN_TOGETHER.isdisjoint(rules):
        findings = _settle_run_together(findings, "spelling" in categories)
    if "spelling" in categories and not _SPLIT_WORD.isdisjoint(rules):
        findings = _without_halves_a_join_explains(findings)
    kernel = speedups.function("merged_findings")
    merged = kernel(findings, *_FIELDS) if kernel is not None else None
    return merged if merged is not None else _merged(findings)


def _merged(findings: list[Finding]) -> list[Finding]:
    """Findings on one span proposing the same best text (or, without a
    suggestion, of the same rule) made one, the more confident kept (the
    first of equals), in order of (start, end, rule), stable: the reference
    of the ``_speedups`` kernel ``merged_findings``. (The kernel merges the
    detectors' runs, each already in order of span, instead of sorting key
    tuples, and compares only findings that share a span.)"""
    best: dict[tuple[int, int, str | None], Finding] = {}
    for f in findings:
        suggestions = f.suggestions
        key = (f.start, f.end, suggestions[0].text if suggestions else f"\0{f.rule}")
        kept = best.get(key)
        if kept is None or (f.confidence, f.tier) > (kept.confidence, kept.tier):
            best[key] = f
    return sorted(best.values(), key=_position)


# (start, end, rule) of a finding, made in C.
_position = attrgetter("start", "end", "rule")


def _kinds(findings: list[Finding]) -> tuple[set[str], set[str]]:
    """The rules and the categories of ``findings``: the reference of the
    ``_speedups`` kernel ``finding_kinds`` (one pass in C for the two).
    (Set comprehensions, not set(map(attrgetter)): the interpreter's own
    slot reads cost less than attrgetter's generic look-ups.)"""
    return {f.rule for f in findings}, {f.category for f in findings}


_KIND_FIELDS = (Finding, (Finding.rule, Finding.category))


# The fields the kernel reads, by their member descriptors (slots read at their
# offsets, for objects of exactly these classes; by name otherwise).
_FIELDS = (Finding, (Finding.start, Finding.end, Finding.rule, Finding.suggestions, Finding.detection_confidence),
           Suggestion, (Suggestion.text, Suggestion.confidence))


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


def _settle_run_together(findings: list[Finding], doubt: bool) -> list[Finding]:
    """_without_dropped_words and then, if ``doubt``,
    _splits_doubted_by_spelling, asked only of the findings starting where a
    run-together split does: all either looks at (a split, the findings on
    its span). A file has a few splits among thousands of findings: two
    light passes over all pick them out instead of the two functions' four
    (with a tuple, a dict entry and an append per finding)."""
    splits = [f for f in findings if f.rule in _RUN_TOGETHER and f.suggestions]
    if not splits:
        return findings
    starts = {f.start for f in splits}
    near = [f for f in findings if f.start in starts]
    kept = _without_dropped_words(near)
    settled = _splits_doubted_by_spelling(kept) if doubt else kept
    if len(kept) == len(near) and all(map(is_, settled, near)):
        return findings
    # (Rarely: one file in seven of error-dense text.) What was dropped goes,
    # what was capped is replaced, the rest keeps its place.
    now: dict[int, Finding | None] = dict.fromkeys(map(id, near))
    now.update(zip(map(id, kept), settled))
    return [f if g is _ABSENT else g for f in findings if (g := now.get(id(f), _ABSENT)) is not None]


_ABSENT = object()

_SPLIT_WORD = frozenset({"boundary.ru.split_word", "boundary.en.split_word"})


def _without_halves_a_join_explains(findings: list[Finding]) -> list[Finding]:
    """A word split in two ("не устанно") is one damage: the split-word
    detector's safe join ("неустанно") names it, and the spelling
    detector's "unknown word" on a half ("устанно"), shown only (display:
    `fix` never applies it, and the join's edit covers its span), says
    nothing more: it is dropped, so that the damage is reported once. A
    spelling finding that may be applied (unsafe or safe), or one inside a
    join that is not safe, stays: there the two readings compete. (On the
    dev sets only the calibration tables' lowest bins change: the dropped
    suggestions were mostly wrong.)"""
    joins = sorted((f.start, f.end) for f in findings
                   if f.rule in _SPLIT_WORD and f.suggestions and f.suggestions[0].confidence >= SAFE_THRESHOLD)
    if not joins:
        return findings
    starts = [start for start, _ in joins]
    # The furthest end of the joins starting at or before each one: a half
    # lies inside some join when the joins starting at or before it reach
    # its end.
    reach = list(accumulate((end for _, end in joins), max))

    def explained(f: Finding) -> bool:
        i = bisect_right(starts, f.start) - 1
        return i >= 0 and reach[i] >= f.end and f.category == "spelling" and f.tier is Tier.DISPLAY

    return [f for f in findings if f.category != "spelling" or not explained(f)]


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


# A run-together split the spelling model doubts: its own first reading of
# the same word is one letter away and at least this confident.
SPLIT_DOUBT = 0.5
# ... and the split's confidence then. Measured on the dev sets (RUSpellRU,
# GERA, ICDAR; both halves; /work/notes/split9.md): of the safe splits a
# spelling finding competed with, 15 in all, the split was right 14 times
# and the spelling never; but where the spelling's one-letter reading
# reached SPLIT_DOUBT, the split was right 2 times in 3 ("непомню" twice;
# "подум" was neither "под ум" nor "подиум").
DOUBTED_SPLIT_CONFIDENCE = 0.7


def _splits_doubted_by_spelling(findings: list[Finding]) -> list[Finding]:
    """A word one slip from a common word and also two words glued reads two
    ways: "нотура" is "но тура" to the run-together detector (at 0.9: "но"
    and a common "тура") and "натура" to the spelling model (0.9 and more,
    from the word's context and the slip's cost). The split's confidence
    knows nothing of the typo reading but the typo's frequency, so a split
    the spelling model rates a one-letter reading of at SPLIT_DOUBT or more
    is no safe fix: its confidence is capped at DOUBTED_SPLIT_CONFIDENCE,
    whichever of the two then ranks first."""
    doubts: dict[tuple[int, int], str] = {}
    for f in findings:
        if f.category == "spelling" and f.suggestions and f.suggestions[0].confidence >= SPLIT_DOUBT:
            doubts[(f.start, f.end)] = f.suggestions[0].text
    if not doubts:
        return findings
    out = []
    for f in findings:
        reading = doubts.get((f.start, f.end)) if f.rule in _RUN_TOGETHER else None
        # Only a safe split (the others are not applied), and not for a
        # reading with a space or hyphen ("По-моему": the split's own).
        if (reading is not None and f.suggestions and f.suggestions[0].confidence >= SAFE_THRESHOLD
                and _one_letter_apart(f.text.lower(), reading.lower()) and not _SPLIT_PARTS.search(reading)):
            capped = tuple(replace(s, confidence=min(s.confidence, DOUBTED_SPLIT_CONFIDENCE)) for s in f.suggestions)
            f = replace(f, suggestions=capped,
                        detection_confidence=min(f.detection_confidence, DOUBTED_SPLIT_CONFIDENCE))
        out.append(f)
    return out


def _one_letter_apart(a: str, b: str) -> bool:
    """Is ``b`` ``a`` with one letter replaced, added or dropped?"""
    # (Imported here: only a run-together split that a spelling finding
    # doubts gets this far, and start-up need not load rapidfuzz.)
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.distance(a, b, score_cutoff=1) == 1


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
