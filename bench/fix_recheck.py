"""What `fix` pays to look at its text again after a round of edits.

    .venv/bin/python bench/fix_recheck.py                 # dense and clean corpora of bench/perf.py
    .venv/bin/python bench/fix_recheck.py --instructions  # the same, counted by callgrind (slow; --files 60)

For each text of bench/perf.py's corpora (error-dense, and the same
sentences as the gold corrected them) the first round of `fix` is made once;
then the re-check of the fixed text is timed both ways, taking turns, with
every per-form cache warm (the cold part, new word forms, is the same both
ways): the whole text (``Checker(incremental=False)``) and only the
paragraphs the edits touched (the default). Also prints how many paragraphs
the first round touched — what the incremental re-check cannot skip.

``--instructions`` runs whole `fix` (and `check`, and nothing, for the
baseline of imports and lexicons) on the first ``--files`` texts in fresh
processes under ``valgrind --tool=callgrind`` and prints the instructions:
steadier than CPU seconds on a shared machine.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPORA = HERE / ".cache" / "perf"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("CLEANUP_NO_CACHE", "1")


def texts(corpus: str, files: int = 0) -> list[str]:
    paths = sorted((CORPORA / corpus).glob("*.txt"))
    if not paths:
        raise SystemExit(f"no texts in {CORPORA / corpus}: run bench/perf.py first")
    return [p.read_text(encoding="utf-8") for p in paths[: files or len(paths)]]


def warm(corpus: str, repeats: int) -> None:
    from cleanup.apply import apply_edits, choose
    from cleanup.batch import tune_gc
    from cleanup.document import Document
    from cleanup.options import Context, Options
    from cleanup.pipeline import Checker, _carried_over
    from cleanup.resolve import edits_for

    tune_gc()
    items = texts(corpus)
    mb = sum(len(t.encode("utf-8")) for t in items) / 1e6
    options = Options()
    checker = Checker(options)
    cases, paragraphs, touched, chars, touched_chars = [], 0, 0, 0, 0
    for text in items:
        detected = checker._detect(Context(Document(text, "t.txt"), options))
        result = checker._result(detected)
        fixed, applied = apply_edits(text, choose(edits_for(result.findings, options)))
        if not applied:
            continue
        doc = Document(fixed, "t.txt")
        cases.append((detected, applied, doc))
        new = Context(doc, options).paragraphs
        carried = _carried_over(detected.ctx.paragraphs, new, applied)
        paragraphs += len(new)
        touched += carried.count(None)
        chars += sum(p.end - p.start for p in new)
        touched_chars += sum(p.end - p.start for p, was in zip(new, carried) if was is None)
    full = incremental = 0.0
    for _ in range(repeats):
        start = time.process_time()
        for detected, applied, doc in cases:
            again = checker._detect(Context(doc, options))
            checker._result(again)
        middle = time.process_time()
        for detected, applied, doc in cases:
            again = checker._redetect(detected, applied, doc)
            checker._result(again)
        full += middle - start
        incremental += time.process_time() - middle
    print(f"{corpus}: {len(cases)} of {len(items)} texts changed in the first round; it touched "
          f"{touched} of {paragraphs} paragraphs ({100 * touched_chars / max(chars, 1):.0f} % of their characters)")
    print(f"  re-check, warm CPU s per MB of corpus: whole text {full / repeats / mb:.3f}, "
          f"touched paragraphs {incremental / repeats / mb:.3f}")


def child(corpus: str, files: int, mode: str) -> None:
    from cleanup.batch import tune_gc
    from cleanup.document import Document
    from cleanup.options import Options
    from cleanup.pipeline import Checker

    tune_gc()
    items = texts(corpus, files)
    checker = Checker(Options(), incremental=mode != "fix-full")
    for text in items:
        if mode == "check":
            checker.check(Document(text, "t.txt"))
        elif mode.startswith("fix"):
            checker.fix(Document(text, "t.txt"))


def instructions(corpus: str, files: int) -> None:
    counts = {}
    for mode in ("nothing", "check", "fix", "fix-full"):
        cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, __file__,
               "--child", mode, "--files", str(files), corpus]
        out = subprocess.run(cmd, capture_output=True, text=True).stderr
        counts[mode] = int(re.search(r"Collected : (\d+)", out).group(1))
    base = counts["nothing"]
    work = {m: (counts[m] - base) / 1e9 for m in counts if m != "nothing"}
    print(f"{corpus}, first {files} texts, instructions (G) beyond imports and lexicons: check {work['check']:.3f}, "
          f"fix {work['fix']:.3f} (re-check {work['fix'] - work['check']:.3f}), "
          f"fix re-checking whole texts {work['fix-full']:.3f} (re-check {work['fix-full'] - work['check']:.3f})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpora", nargs="*", default=["corpus", "clean"])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--instructions", action="store_true")
    ap.add_argument("--files", type=int, default=60)
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.corpora[0], args.files, args.child)
        return
    for corpus in args.corpora:
        if args.instructions:
            instructions(corpus, args.files)
        else:
            warm(corpus, args.repeats)


if __name__ == "__main__":
    main()
