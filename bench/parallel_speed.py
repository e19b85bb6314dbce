"""Speed of parallel-edition checking (alignment + anchor comparison).

The sample's two editions are repeated k times into one English and one
Russian file (k × 20 paragraphs each) and compared:

    python bench/parallel_speed.py      # writes bench/results/parallel_speed.md
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cleanup.document import Document  # noqa: E402
from cleanup.parallel.compare import compare  # noqa: E402
from cleanup.parallel.editions import edition_of  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"


def main() -> None:
    text = (ROOT / "samples" / "imcwp23-speech.txt").read_text(encoding="utf-8")
    cut = text.rindex("\n", 0, text.index("ПАРТИИ")) + 1
    compare(edition_of(Document(text[:cut])), edition_of(Document(text[cut:])))  # warm caches
    lines = ["# Parallel editions: speed", "", "Produced by `python bench/parallel_speed.py`.", "",
             "| k | paragraphs (en / ru) | characters | seconds | KB/s | findings | 1-1 beads |",
             "|---|---|---|---|---|---|---|"]
    for k in (1, 5, 20):
        en = Document((text[:cut] + "\n\n") * k)
        ru = Document((text[cut:] + "\n\n") * k)
        a, b = edition_of(en), edition_of(ru)
        started = time.perf_counter()
        result = compare(a, b)
        seconds = time.perf_counter() - started
        chars = len(en.text) + len(ru.text)
        ones = sum(1 for r in result.beads if r.bead.kind == "1-1")
        lines.append(f"| {k} | {len(a.paragraphs)} / {len(b.paragraphs)} | {chars} | {seconds:.2f} | "
                     f"{chars / 1000 / seconds:.0f} | {len(result.findings)} | {ones} |")
    report = "\n".join(lines) + "\n"
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "parallel_speed.md").write_text(report, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
