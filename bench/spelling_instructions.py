"""Instructions the spelling detector executes on perf_detectors' corpora, cold
(every per-form cache empty, as in a fresh `cleanup check`): a steadier
measure than CPU seconds on a shared machine (needs valgrind).

    .venv/bin/python bench/spelling_instructions.py dense
    .venv/bin/python bench/spelling_instructions.py clean --files 40

Runs this script twice under ``valgrind --tool=callgrind``, in a fresh
process each time: once checking every file with the spelling detector, once
doing everything but that (imports, the lexicon, the paragraphs and their
word strings, as the detector finds them), and prints the difference. The
corpora are bench/perf_detectors.py's (run it once first).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPORA = HERE / ".cache" / "perf_detectors"


def child(corpus: str, files: int, run: bool) -> None:
    os.environ["CLEANUP_NO_CACHE"] = "1"
    sys.path.insert(0, str(ROOT))
    from cleanup.batch import tune_gc
    from cleanup.document import Document
    from cleanup.options import Context, Options
    from cleanup.pipeline import Checker
    from cleanup.segments import word_texts

    tune_gc()
    paths = sorted((CORPORA / corpus).glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in paths[: files or len(paths)]]
    checker = Checker(Options())
    spelling = next(d for d in checker.detectors if type(d).__name__ == "SpellingDetector")
    # Loads the index, the morphology and the extension in both runs.
    list(spelling.detect(Context(Document("Привет мир. Hello world. Превет", "-"), checker.options)))
    for text in texts:
        ctx = Context(Document(text, "-"), checker.options)
        for para in ctx.paragraphs:
            word_texts(text, para.start, para.end)
        if run:
            list(spelling.detect(ctx))


def instructions(corpus: str, files: int, run: bool) -> int:
    cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, __file__,
           corpus, "--files", str(files), "--child", "run" if run else "skip"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stderr
    return int(re.search(r"refs:\s+([\d,]+)", out).group(1).replace(",", ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", choices=["dense", "clean"])
    parser.add_argument("--files", type=int, default=0, help="only the first N files (0: all)")
    parser.add_argument("--child", choices=["run", "skip"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.corpus, args.files, args.child == "run")
        return
    with_it = instructions(args.corpus, args.files, True)
    without = instructions(args.corpus, args.files, False)
    print(f"spelling detector on {args.corpus}: {(with_it - without) / 1e6:,.0f} M instructions "
          f"(run {with_it / 1e6:,.0f} M, everything else {without / 1e6:,.0f} M)")


if __name__ == "__main__":
    main()
