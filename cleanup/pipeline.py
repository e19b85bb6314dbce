"""decode → detect → resolve → apply, and the library API on top of it.

``check_text`` and ``fix_text`` are pure functions of their arguments (the
loaded detectors are cached per process), so they can be mapped over a corpus
with multiprocessing, Dask or Spark.
"""

from __future__ import annotations

import bisect
from dataclasses import replace
from functools import lru_cache

from .apply import apply_edits, choose
from .decisions import settled
from .detectors import Detector, RuleDoc, detector_classes
from .detectors.base import PARAGRAPH
from .document import Document
from .model import Edit, Finding
from .options import Context, Options
from .resolve import edits_for, resolve
from .segments import Span
from .valueclass import ValueClass

# `fix` re-checks its own output until nothing more applies, so that
# fix(fix(x)) == fix(x) even when one fix uncovers another (ruff does the same).
MAX_FIX_ROUNDS = 4
# Typing fixes change a text's length by a few per cent. A (user) rule whose
# replacement is much longer than its match, applied round after round, would
# fill the memory instead: `fix` stops before its text grows past this.
MAX_FIX_GROWTH = 2.0
FIX_GROWTH_SLACK = 4096  # characters, so that a short text may still grow


class CheckResult(ValueClass):
    """A document and what was found in it. (A plain class, compared and
    printed by value as the dataclass it was: cleanup/valueclass.py.)"""

    __slots__ = _FIELD_NAMES = ("doc", "findings", "warnings")
    __hash__ = None  # (its fields change: unhashable, as the dataclass was)

    def __init__(self, doc: Document, findings: list[Finding], warnings: list[str] | None = None) -> None:
        self.doc, self.findings = doc, findings
        self.warnings = [] if warnings is None else warnings  # (a list of its own, as field(default_factory=list) gave)


class FixResult(ValueClass):
    """What `fix` made of a document. (A plain class, as CheckResult.)"""

    __slots__ = _FIELD_NAMES = ("doc", "text", "edits", "remaining", "warnings", "rounds")
    __hash__ = None

    def __init__(self, doc: Document, text: str, edits: list[Edit], remaining: list[Finding],
                 warnings: list[str] | None = None, rounds: list[list[Edit]] | None = None) -> None:
        self.doc = doc
        self.text = text  # the cleaned text
        self.edits = edits  # edits of the first round, in original offsets
        self.remaining = remaining  # findings of the cleaned text
        self.warnings = [] if warnings is None else warnings
        # Every round's applied edits, each in offsets of the text that round
        # started from (rounds[0] == edits), so a caller can replay the fix.
        self.rounds = [] if rounds is None else rounds

    @property
    def changed(self) -> bool:
        return self.text != self.doc.text


class Checker:
    """Detectors loaded once for a set of options; reused across documents.

    ``incremental=False`` makes `fix` check its whole text again after each
    round instead of only what its edits touched (the same result, slower:
    kept for the test that says so)."""

    incremental = True  # (a class default too: a Checker made without __init__ has it)

    def __init__(self, options: Options | None = None, *, incremental: bool = True) -> None:
        self.options = options or Options()
        self.detectors: list[Detector] = [
            cls(self.options)
            for cls in detector_classes()
            if not cls.RULES or any(self.options.enabled(r.id, r.opt_in) for r in cls.RULES)
        ]
        self.incremental = incremental

    def rules(self) -> list[RuleDoc]:
        docs = [doc for d in self.detectors for doc in d.rules()]
        return sorted(docs, key=lambda d: d.id)

    def check(self, doc: Document) -> CheckResult:
        return self._result(self._detect(Context(doc, self.options)))

    def _result(self, detected: "_Detected") -> CheckResult:
        # What inline marks, the dictionary or a saved rejection settled is not raised again.
        ctx = detected.ctx
        findings = settled(ctx.doc, resolve(detected.raw(), self.options), self.options)
        return CheckResult(ctx.doc, findings, ctx.warnings)

    def fix(self, doc: Document) -> FixResult:
        detected = self._detect(Context(doc, self.options))
        result = self._result(detected)
        warnings = list(result.warnings)
        first_edits: list[Edit] = []
        rounds: list[list[Edit]] = []
        current = doc
        for round_no in range(MAX_FIX_ROUNDS):
            chosen = choose(edits_for(result.findings, self.options))
            grown = len(current.text) + sum(len(e.replacement) - (e.end - e.start) for e in chosen)
            if grown > MAX_FIX_GROWTH * len(doc.text) + FIX_GROWTH_SLACK:
                rules = ", ".join(sorted({e.rule for e in chosen if len(e.replacement) > e.end - e.start}))
                warnings.append(
                    f"fixes on {doc.path} would make the text {grown} characters long "
                    f"(from {len(doc.text)}); stopped before applying them (rules {rules})"
                )
                break
            text, applied = apply_edits(current.text, chosen)
            if round_no == 0:
                first_edits = applied
            if not applied:
                break
            rounds.append(applied)
            current = Document(text, doc.path, doc.encoding, doc.bom)
            if self.incremental:
                detected = self._redetect(detected, applied, current)
                result = self._result(detected)
            else:
                result = self.check(current)
            warnings.extend(w for w in result.warnings if w not in warnings)
        else:
            # Rules that keep undoing or feeding each other (a user rule
            # "a" → "aa" does) would loop for ever: stop, and say which.
            left = edits_for(result.findings, self.options)
            if left:
                rules = ", ".join(sorted({e.rule for e in left}))
                warnings.append(
                    f"fixes on {doc.path} did not settle after {MAX_FIX_ROUNDS} rounds "
                    f"(rules {rules}); the result may change if fixed again"
                )
        return FixResult(doc, current.text, first_edits, result.findings, warnings, rounds)

    # ---- looking again at what `fix` changed ------------------------------------

    def _detect(self, ctx: Context) -> "_Detected":
        """Every detector over the whole of ``ctx``."""
        found = [list(d.detect(ctx)) for d in self.detectors]
        return _Detected(ctx, found, [_UNGROUPED if d.LOCALITY == PARAGRAPH else None for d in self.detectors])

    def _redetect(self, before: "_Detected", edits: list[Edit], doc: Document) -> "_Detected":
        """What :meth:`_detect` of ``doc`` — the text of ``before`` with
        ``edits`` applied — finds, looking again only where it must: a
        paragraph-local detector looks at the paragraphs the edits touched
        (or made: a join or a split gives paragraphs that were not there
        before); its findings elsewhere are moved by what the edits before
        them added or removed. Every other detector runs on the whole text."""
        ctx = Context(doc, self.options)
        paras = ctx.paragraphs
        old_paras = before.ctx.paragraphs
        carried = _carried_over(old_paras, paras, edits)
        touched = [p for p, was in zip(paras, carried) if was is None]
        # The touched paragraphs as the whole document for paragraph-local
        # detectors (the same text, so offsets need no translation).
        part = Context(doc, self.options, ctx.warnings)
        part.__dict__["paragraphs"] = touched
        found: list[list[Finding]] = []
        kept: list = []
        for k, detector in enumerate(self.detectors):
            old = before.grouped(k)
            fresh = None
            if old is not None:
                fresh = _per_paragraph(list(detector.detect(part)), touched) if touched else []
                # (None: a finding outside its paragraph. The detector is not
                # what it says it is: it gets the whole text, as a full check would.)
            if fresh is None:
                found.append(list(detector.detect(ctx)))
                kept.append(_UNGROUPED if detector.LOCALITY == PARAGRAPH else None)
                continue
            groups: list[list[Finding]] = []
            fresh_groups = iter(fresh)
            for para, was in zip(paras, carried):
                if was is None:
                    groups.append(next(fresh_groups))
                else:
                    groups.append(_moved(old[was], para.start - old_paras[was].start))
            kept.append(groups)
            found.append([f for group in groups for f in group])
        return _Detected(ctx, found, kept)


# A paragraph-local detector's findings not grouped by paragraph yet (most
# texts `fix` sees need no second round: grouped only when one comes).
_UNGROUPED = object()


class _Detected:
    """What every detector found in one text, before resolving."""

    __slots__ = ("ctx", "found", "per_paragraph")

    def __init__(self, ctx: Context, found: list[list[Finding]], per_paragraph: list) -> None:
        self.ctx = ctx
        self.found = found  # per detector, as it yielded them
        # Per detector: for a paragraph-local one, its findings per paragraph of
        # ctx.paragraphs (the same findings, in the same order) or _UNGROUPED;
        # else None.
        self.per_paragraph = per_paragraph

    def raw(self) -> list[Finding]:
        return [f for found in self.found for f in found]

    def grouped(self, k: int) -> list[list[Finding]] | None:
        """Detector ``k``'s findings per paragraph; None if it is not
        paragraph-local, or one of its findings lies outside every paragraph."""
        groups = self.per_paragraph[k]
        if groups is _UNGROUPED:
            groups = self.per_paragraph[k] = _per_paragraph(self.found[k], self.ctx.paragraphs)
        return groups


def _per_paragraph(findings: list[Finding], paras: list[Span]) -> list[list[Finding]] | None:
    """``findings`` grouped by the paragraph they lie in (order kept within
    each), or None if one lies in none of them."""
    groups: list[list[Finding]] = [[] for _ in paras]
    starts = [p.start for p in paras]
    for f in findings:
        i = bisect.bisect_right(starts, f.start) - 1
        if i < 0 or f.end > paras[i].end:
            return None
        groups[i].append(f)
    return groups


def _carried_over(old: list[Span], new: list[Span], edits: list[Edit]) -> list[int | None]:
    """For each paragraph of the new text, the index of the old paragraph
    it is (the same text and language, with no edit in it or at its ends),
    or None when the edits touched it or made it."""
    # The edits' spans in the new text: each moved by what the ones before it changed.
    spans: list[tuple[int, int, int]] = []  # (start, end) in the new text, length change
    shift = 0
    for e in edits:
        start = e.start + shift
        spans.append((start, start + len(e.replacement), len(e.replacement) - (e.end - e.start)))
        shift += spans[-1][2]
    old_at = {p.start: i for i, p in enumerate(old)}
    out: list[int | None] = []
    k, shift = 0, 0
    for para in new:
        while k < len(spans) and spans[k][1] < para.start:
            shift += spans[k][2]
            k += 1
        if k < len(spans) and spans[k][0] <= para.end:
            out.append(None)  # an edit inside it or at one of its ends
            continue
        i = old_at.get(para.start - shift)
        if i is None or old[i].end != para.end - shift or old[i].lang != para.lang:
            out.append(None)  # its ends moved: blank lines came or went beside it
            continue
        out.append(i)
    return out


def _moved(findings: list[Finding], by: int) -> list[Finding]:
    if not by:
        return findings
    return [replace(f, start=f.start + by, end=f.end + by) for f in findings]


@lru_cache(maxsize=16)
def checker_for(options: Options) -> Checker:
    return Checker(options)


def check_text(text: str, options: Options | None = None, path: str = "-") -> list[Finding]:
    """Findings for ``text``. Side-effect free; detectors are cached per process."""
    return checker_for(options or Options()).check(Document(text, path)).findings


def fix_text(text: str, options: Options | None = None, path: str = "-") -> str:
    """``text`` with every fix at or above ``options.min_confidence`` applied."""
    return checker_for(options or Options()).fix(Document(text, path)).text
