"""Instructions the grammar detector executes on perf_detectors' corpora: a
steadier measure than CPU seconds on a shared machine (needs valgrind).

    .venv/bin/python bench/grammar_instructions.py clean          # 1 MB of gold targets
    .venv/bin/python bench/grammar_instructions.py dense --files 40

Runs this script twice under ``valgrind --tool=callgrind``, in a fresh
process each time: once checking every file with the grammar detector, once
doing everything but that (imports, pymorphy3, the lexicon, the paragraphs,
and segments' words as the spelling detector leaves them), and prints the
difference. The corpora are bench/perf_detectors.py's (run it once first).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPORA = HERE / ".cache" / "perf_detectors"


def child(corpus: str, files: int, run: bool) -> None:
    sys.path.insert(0, str(ROOT))
    from cleanup import lexicon
    from cleanup.batch import tune_gc
    from cleanup.document import Document
    from cleanup.options import Context, Options
    from cleanup.pipeline import Checker
    from cleanup.segments import word_texts

    tune_gc()
    paths = sorted((CORPORA / corpus).glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in paths[: files or len(paths)]]
    checker = Checker(Options())
    grammar = next(d for d in checker.detectors if type(d).__name__ == "GrammarDetector")
    for word, lang in (("и", "ru"), ("the", "en")):
        lexicon.zipf(word, lang)
        lexicon.is_known(word, lang)
    lexicon.morph()
    for text in texts:
        ctx = Context(Document(text, "-"), checker.options)
        for para in ctx.paragraphs:
            if para.end - para.start >= 64:
                word_texts(text, para.start, para.end)  # as the spelling detector leaves them
        if run:
            list(grammar.detect(ctx))


def instructions(corpus: str, files: int, run: bool) -> int:
    cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, __file__,
           corpus, "--files", str(files), "--child", "run" if run else "skip"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stderr
    return int(re.search(r"refs:\s+([\d,]+)", out).group(1).replace(",", ""))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", choices=("dense", "clean"))
    ap.add_argument("--files", type=int, default=0, help="first N files (0: all, about 1 MB)")
    ap.add_argument("--child", choices=("run", "skip"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.corpus, args.files, args.child == "run")
        return
    if not (CORPORA / args.corpus).is_dir():
        raise SystemExit("no corpus: run bench/perf_detectors.py --mb 1 --no-write once")
    n = instructions(args.corpus, args.files, True) - instructions(args.corpus, args.files, False)
    print(f"{args.corpus} ({args.files or 'all'} files): grammar detector {n / 1e6:,.0f} M instructions")


if __name__ == "__main__":
    main()
