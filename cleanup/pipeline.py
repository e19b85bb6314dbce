"""decode → detect → resolve → apply, and the library API on top of it.

``check_text`` and ``fix_text`` are pure functions of their arguments (the
loaded detectors are cached per process), so they can be mapped over a corpus
with multiprocessing, Dask or Spark.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from .apply import apply_edits, choose
from .decisions import settled
from .detectors import Detector, RuleDoc, detector_classes
from .document import Document
from .model import Edit, Finding
from .options import Context, Options
from .resolve import edits_for, resolve

# `fix` re-checks its own output until nothing more applies, so that
# fix(fix(x)) == fix(x) even when one fix uncovers another (ruff does the same).
MAX_FIX_ROUNDS = 4
# Typing fixes change a text's length by a few per cent. A (user) rule whose
# replacement is much longer than its match, applied round after round, would
# fill the memory instead: `fix` stops before its text grows past this.
MAX_FIX_GROWTH = 2.0
FIX_GROWTH_SLACK = 4096  # characters, so that a short text may still grow


@dataclass
class CheckResult:
    doc: Document
    findings: list[Finding]
    warnings: list[str] = field(default_factory=list)


@dataclass
class FixResult:
    doc: Document
    text: str  # the cleaned text
    edits: list[Edit]  # edits of the first round, in original offsets
    remaining: list[Finding]  # findings of the cleaned text
    warnings: list[str] = field(default_factory=list)
    # Every round's applied edits, each in offsets of the text that round
    # started from (rounds[0] == edits), so a caller can replay the fix.
    rounds: list[list[Edit]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.text != self.doc.text


class Checker:
    """Detectors loaded once for a set of options; reused across documents."""

    def __init__(self, options: Options | None = None) -> None:
        self.options = options or Options()
        self.detectors: list[Detector] = [
            cls(self.options)
            for cls in detector_classes()
            if not cls.RULES or any(self.options.enabled(r.id, r.opt_in) for r in cls.RULES)
        ]

    def rules(self) -> list[RuleDoc]:
        docs = [doc for d in self.detectors for doc in d.rules()]
        return sorted(docs, key=lambda d: d.id)

    def check(self, doc: Document) -> CheckResult:
        ctx = Context(doc, self.options)
        raw: list[Finding] = []
        for detector in self.detectors:
            raw.extend(detector.detect(ctx))
        # What inline marks, the dictionary or a saved rejection settled is not raised again.
        findings = settled(doc, resolve(raw, self.options), self.options)
        return CheckResult(doc, findings, ctx.warnings)

    def fix(self, doc: Document) -> FixResult:
        result = self.check(doc)
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


@lru_cache(maxsize=16)
def checker_for(options: Options) -> Checker:
    return Checker(options)


def check_text(text: str, options: Options | None = None, path: str = "-") -> list[Finding]:
    """Findings for ``text``. Side-effect free; detectors are cached per process."""
    return checker_for(options or Options()).check(Document(text, path)).findings


def fix_text(text: str, options: Options | None = None, path: str = "-") -> str:
    """``text`` with every fix at or above ``options.min_confidence`` applied."""
    return checker_for(options or Options()).fix(Document(text, path)).text
