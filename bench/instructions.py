"""Instructions some detectors execute on perf_detectors' corpora: a
steadier measure than CPU seconds on a shared machine (needs valgrind).

    .venv/bin/python bench/instructions.py clean          # 1 MB of gold targets
    .venv/bin/python bench/instructions.py dense --files 40 --detectors SpellingDetector
    .venv/bin/python bench/instructions.py dense --files 40
    .venv/bin/python bench/instructions.py dense --files 40 \\
        --detectors GrammarDetector,SplitWordDetector,RunTogetherDetector --warm

Runs this script twice under ``valgrind --tool=callgrind``, in a fresh
process each time: once checking every file with the detectors (the grammar
detector unless told), once doing everything but that (imports, pymorphy3,
the lexicon, the paragraphs, and segments' words as the spelling detector
leaves them), and prints the difference: the detectors' cold cost, every
per-form cache empty (``--after SpellingDetector`` runs that detector
first in both, as a full check does). With ``--warm`` both processes first run the
detectors over the files once, and the difference is a second run: the
per-token cost, every per-form fact already known. The corpora are
bench/perf_detectors.py's (run it once first).

With ``--pipeline`` one process runs the full check (every detector, in
the registry's order) and only the instructions inside the chosen
detectors' ``detect`` are collected (they are called through
``operator.call``, and callgrind collects only inside ``_operator_call``):
the detectors as a real check runs them, the lexicon's caches as the
detectors before them leave them.

    .venv/bin/python bench/instructions.py dense --files 30 --pipeline \\
        --detectors GrammarDetector,SplitWordDetector,RunTogetherDetector [--warm]
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


def _texts_and_checker(corpus: str, files: int):
    """The first ``files`` texts of the corpus (all for 0) and a Checker of
    the default options, with the CLI's garbage-collector settings."""
    sys.path.insert(0, str(ROOT))
    from cleanup.batch import tune_gc
    from cleanup.options import Options
    from cleanup.pipeline import Checker

    tune_gc()
    paths = sorted((CORPORA / corpus).glob("*.txt"))
    return [p.read_text(encoding="utf-8") for p in paths[: files or len(paths)]], Checker(Options())


def child(corpus: str, files: int, run: bool, names: list[str], warm: bool, after: list[str]) -> None:
    texts, checker = _texts_and_checker(corpus, files)
    from cleanup import lexicon
    from cleanup.document import Document
    from cleanup.options import Context
    from cleanup.segments import word_texts

    detectors = [next(d for d in checker.detectors if type(d).__name__ == name) for name in names]
    before = [next(d for d in checker.detectors if type(d).__name__ == name) for name in after]
    for word, lang in (("и", "ru"), ("the", "en")):
        lexicon.zipf(word, lang)
        lexicon.is_known(word, lang)
    lexicon.morph()
    for rnd in range(2 if warm else 1):
        for text in texts:
            ctx = Context(Document(text, "-"), checker.options)
            for para in ctx.paragraphs:
                if para.end - para.start >= 64:
                    word_texts(text, para.start, para.end)  # as the spelling detector leaves them
            for detector in before:
                list(detector.detect(ctx))
            if run or (warm and rnd == 0):
                for detector in detectors:
                    list(detector.detect(ctx))


def pipeline_child(corpus: str, files: int, names: list[str], warm: bool) -> None:
    """The full check over the files (twice with ``warm``), each chosen
    detector's ``detect`` in the measured pass called through
    ``operator.call``: the only function whose instructions are collected."""
    import operator
    import os

    os.environ["CLEANUP_NO_CACHE"] = "1"  # computed, never answered from the result cache
    texts, checker = _texts_and_checker(corpus, files)
    from cleanup.document import Document

    measured = {"on": False}

    def wrap(detector) -> None:
        detect = detector.detect

        def counted(ctx):
            if measured["on"]:
                return operator.call(lambda: list(detect(ctx)))
            return list(detect(ctx))

        detector.detect = counted

    for detector in checker.detectors:
        if type(detector).__name__ in names:
            wrap(detector)
    checker.check(Document("Привет мир. Hello world.", "-"))
    # pymorphy3 loaded outside the count, as in the child above: a warm-up of
    # common words may never ask it (the spelling detector's table of common
    # forms answers them), and the first detector to need it would pay its load.
    from cleanup import lexicon

    lexicon.morph()
    for rnd in range(2 if warm else 1):
        measured["on"] = rnd == (1 if warm else 0)
        for text in texts:
            checker.check(Document(text, "-"))


def pipeline_instructions(corpus: str, files: int, names: list[str], warm: bool) -> int:
    cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", "--collect-atstart=no",
           "--toggle-collect=_operator_call*", sys.executable, __file__, corpus, "--files", str(files),
           "--detectors", ",".join(names), "--child", "pipeline"]
    if warm:
        cmd.append("--warm")
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stderr
    return int(re.search(r"refs:\s+([\d,]+)", out).group(1).replace(",", ""))


def instructions(corpus: str, files: int, run: bool, names: list[str], warm: bool, after: list[str]) -> int:
    cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, __file__,
           corpus, "--files", str(files), "--detectors", ",".join(names), "--child", "run" if run else "skip"]
    if after:
        cmd += ["--after", ",".join(after)]
    if warm:
        cmd.append("--warm")
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stderr
    return int(re.search(r"refs:\s+([\d,]+)", out).group(1).replace(",", ""))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", choices=("dense", "clean"))
    ap.add_argument("--files", type=int, default=0, help="first N files (0: all, about 1 MB)")
    ap.add_argument("--detectors", default="GrammarDetector", help="detector class names, comma-separated")
    ap.add_argument("--warm", action="store_true", help="count a second run over the files (per-form caches full)")
    ap.add_argument("--after", default="", help="detectors run first in both processes (SpellingDetector: "
                    "the lexicon's caches as a full check leaves them)")
    ap.add_argument("--pipeline", action="store_true",
                    help="count only inside the detectors while the full check runs (one process)")
    ap.add_argument("--child", choices=("run", "skip", "pipeline"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    names = args.detectors.split(",")
    after = [a for a in args.after.split(",") if a]
    if args.child == "pipeline":
        pipeline_child(args.corpus, args.files, names, args.warm)
        return
    if args.child:
        child(args.corpus, args.files, args.child == "run", names, args.warm, after)
        return
    if not (CORPORA / args.corpus).is_dir():
        raise SystemExit("no corpus: run bench/perf_detectors.py --mb 1 --no-write once")
    if args.pipeline:
        n = pipeline_instructions(args.corpus, args.files, names, args.warm)
    else:
        n = instructions(args.corpus, args.files, True, names, args.warm, after) - \
            instructions(args.corpus, args.files, False, names, args.warm, after)
    what = ("warm" if args.warm else "cold") + (", inside the full check" if args.pipeline else "")
    print(f"{args.corpus} ({args.files or 'all'} files): {args.detectors} {what}: {n / 1e6:,.0f} M instructions")


if __name__ == "__main__":
    main()
