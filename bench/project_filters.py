"""Cost of the project filters run after resolve (decisions.settled): inline
suppression marks, dictionary words, saved rejections — on the sample
repeated to a long text. Writes bench/results/project_filters.md.

    .venv/bin/python bench/project_filters.py [--repeat 50]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from cleanup import Options
from cleanup.decisions import rejection_for, settled
from cleanup.document import Document
from cleanup.pipeline import checker_for

ROOT = Path(__file__).resolve().parents[1]


def _best_of(n: int, fn) -> float:
    best = float("inf")
    for _ in range(n):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=50)
    args = ap.parse_args()
    text = (ROOT / "samples" / "imcwp23-speech.txt").read_text(encoding="utf-8") * args.repeat
    doc = Document(text)
    raw = checker_for(Options(inline_suppression=False)).check(doc).findings
    # Every fourth finding rejected: each one's context must then be computed.
    rejected = frozenset(rejection_for(text, f).key() for f in raw[::4])
    rows = [
        ("check, no project filters", _best_of(3, lambda: checker_for(Options(inline_suppression=False)).check(doc))),
        ("settled: suppression scan only", _best_of(5, lambda: settled(doc, raw, Options()))),
        ("settled: + dictionary of 1,000 words",
         _best_of(5, lambda: settled(doc, raw, Options(words=frozenset(f"w{i}" for i in range(1000)))))),
        (f"settled: + {len(rejected)} rejections", _best_of(5, lambda: settled(doc, raw, Options(rejected=rejected)))),
    ]
    kept = len(settled(doc, raw, Options(rejected=rejected)))
    lines = [
        "# Project filters (decisions.settled)", "",
        f"`{' '.join(['.venv/bin/python', 'bench/project_filters.py', '--repeat', str(args.repeat)])}` — "
        f"{len(text):,} characters, {len(raw)} findings; {kept} left after the rejections "
        "(a rejection matches every repeat of its sentence).", "",
        "| step | best time |", "|---|---|",
        *[f"| {name} | {sec * 1000:.1f} ms |" for name, sec in rows],
    ]
    out = ROOT / "bench" / "results" / "project_filters.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
