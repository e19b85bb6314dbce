"""The aligned editions side by side, so a reviewer can see why a finding was raised.

Each bead is shown as two columns (edition A left, B right) under a header
with the lines the paragraphs start on and the bead kind (``1-1``, ``2-1`` for
a paragraph split in one edition, ``0-1`` for a paragraph only one edition
has). Below it: the anchors compared (``=`` agree, ``≠`` differ) and the
findings raised in it.
"""

from __future__ import annotations

import textwrap
from itertools import zip_longest

from ..model import Finding
from ..report.text import visible
from .compare import BeadReport, Comparison
from .editions import lang_name


def _where(paragraphs) -> str:
    if not paragraphs:
        return "—"
    doc = paragraphs[0].doc
    lines = [str(doc.line_col(p.span.start)[0]) for p in paragraphs]
    return "line " + "+".join(lines)


def _column(paragraphs, width: int) -> list[str]:
    out: list[str] = []
    for p in paragraphs:
        if out:
            out.append("¶")
        out.extend(textwrap.wrap(" ".join(p.text.split()), width) or [""])
    return out


def _findings_in(report: BeadReport, comparison: Comparison) -> list[tuple[str, Finding]]:
    found = []
    for side, paragraphs in (("A", report.bead.a), ("B", report.bead.b)):
        for p in paragraphs:
            for doc, f in comparison.findings:
                if doc is p.doc and p.span.start <= f.start < p.span.end:
                    found.append((side, f))
    return found


def render(comparison: Comparison, names: tuple[str, str], width: int = 100) -> str:
    """Side-by-side text of every bead, with its anchors and findings."""
    col = max(20, (width - 3) // 2)
    lines: list[str] = [f"A = {names[0]}    B = {names[1]}"]
    if not comparison.parallel:
        why = comparison.verdict.explain() if comparison.verdict else "nothing to align"
        lines.append(f"note: {why}: these do not look like translations of each other; nothing compared")
    lines.append("")
    for report in comparison.beads:
        bead = report.bead
        lines.append(f"── A {_where(bead.a)} ↔ B {_where(bead.b)}  [{bead.kind}, cost {bead.cost:.1f}] ".ljust(width, "─"))
        for left, right in zip_longest(_column(bead.a, col), _column(bead.b, col), fillvalue=""):
            lines.append(f"{left.ljust(col)} │ {right}")
        if report.links:
            marks = [f"{l.a} {'=' if l.same else '≠'} {l.b}" for l in report.links]
            lines.append("   anchors: " + ", ".join(marks))
        for side, f in _findings_in(report, comparison):
            suggestion = f" → {visible(f.best.text)}" if f.best else ""
            lines.append(f"   {side}: {f.rule} {visible(f.text)}{suggestion} ({f.confidence:.2f}, {f.tier}) {f.message}")
        lines.append("")
    return "\n".join(lines)


def to_dict(comparison: Comparison, names: tuple[str, str]) -> dict:
    def side(paragraphs):
        return [
            {"line": p.doc.line_col(p.span.start)[0], "offset": p.span.start,
             "length": p.span.end - p.span.start, "lang": p.lang}
            for p in paragraphs
        ]

    return {
        "a": names[0],
        "b": names[1],
        "parallel": comparison.parallel,
        # Why: "not parallel", "thin" (findings shown only) or "firm" (see cleanup.parallel.evidence).
        "evidence": None if comparison.verdict is None else {
            "level": comparison.verdict.level,
            "pairs": comparison.verdict.pairs,
            "distinctive_pairs": comparison.verdict.distinctive_pairs,
            "distinctive_anchors": comparison.verdict.distinctive_anchors,
            "agreeing": comparison.verdict.agreeing,
            "differing": comparison.verdict.differing,
        },
        "beads": [
            {
                "kind": r.bead.kind,
                "cost": round(r.bead.cost, 3),
                "a": side(r.bead.a),
                "b": side(r.bead.b),
                "anchors": [{"kind": l.kind, "a": l.a, "b": l.b, "same": l.same} for l in r.links],
                "findings": [
                    {"side": s, "rule": f.rule, "text": f.text, "offset": f.start, "message": f.message,
                     "suggestions": [x.text for x in f.suggestions], "tier": str(f.tier)}
                    for s, f in _findings_in(r, comparison)
                ],
            }
            for r in comparison.beads
        ],
    }


def edition_label(path: str, lang: str | None) -> str:
    return f"{path} ({lang_name(lang)})"
