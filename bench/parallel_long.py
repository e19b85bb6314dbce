"""The parallel detector on one long bilingual file (about 1 MB).

    .venv/bin/python bench/parallel_long.py

The sample's paragraphs (an English edition, then the Russian one) are
repeated 50 times with variations (a seeded 3 % of paragraphs left out, 3 %
with a number changed), so the two editions are ~1000 paragraphs each and
the alignment's band is at its widest. bench/perf_detectors.py's 4 KB files
never show this cost. Prints CPU seconds per MB and the number of findings;
``--dump FILE`` writes the findings (to compare two versions).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cleanup.detectors.parallel import ParallelDetector  # noqa: E402
from cleanup.document import Document  # noqa: E402
from cleanup.options import Context, Options  # noqa: E402


def long_text(copies: int = 50, seed: int = 7) -> str:
    text = (ROOT / "samples" / "imcwp23-speech.txt").read_text(encoding="utf-8")
    paras = [p for p in text.split("\n\n") if p.strip()]
    rnd = random.Random(seed)
    out = []
    for _ in range(copies):
        for p in paras:
            r = rnd.random()
            if r < 0.03:
                continue  # a paragraph missing from one edition
            if r < 0.06:
                p = p.replace("19", str(rnd.randint(10, 99)), 1)
            out.append(p)
    return "\n\n".join(out) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dump", help="write the findings as JSON to this file")
    args = ap.parse_args()
    text = long_text()
    options = Options()
    ctx = Context(Document(text, "-"), options)
    detector = ParallelDetector(options)
    start = time.process_time()
    found = list(detector.detect(ctx))
    seconds = time.process_time() - start
    mb = len(text.encode("utf-8")) / 1e6
    print(f"{mb:.2f} MB: {seconds:.2f} CPU s = {seconds / mb:.2f} s per MB, {len(found)} findings")
    if args.dump:
        rows = [(f.rule, f.start, f.end, [s.text for s in f.suggestions], f.detection_confidence) for f in found]
        Path(args.dump).write_text(json.dumps(rows), encoding="utf-8")


if __name__ == "__main__":
    main()
