"""Does `fix` give the same result when it looks again only where its edits
were? A guard for the incremental re-check (cleanup/pipeline.py).

    .venv/bin/python bench/fix_equivalence.py                # the bench corpus, the sample, synthetic texts
    .venv/bin/python bench/fix_equivalence.py FOLDER_OR_FILE  # other texts

Every text is fixed twice in one process — by a Checker that re-checks only
the paragraphs the edits touched (the default) and by one that re-checks the
whole text after each round (``Checker(incremental=False)``) — at the safe
threshold and with unsafe fixes too (--min-confidence 0.5, which changes
far more), and again with its line breaks turned into CRLF. The two
FixResults must agree in everything: text, edits, rounds, the remaining
findings (every field) and warnings. Exit 1 on any difference. The corpus
is the one bench/perf.py builds (bench/.cache/perf/corpus and clean).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CACHE = HERE / ".cache"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("CLEANUP_NO_CACHE", "1")

from cleanup.document import Document  # noqa: E402
from cleanup.options import Options  # noqa: E402
from cleanup.pipeline import Checker  # noqa: E402


def texts(targets: list[str]) -> list[tuple[str, str]]:
    if not targets:
        targets = [str(CACHE / "perf" / "corpus"), str(CACHE / "perf" / "clean"),
                   str(CACHE / "same-findings-texts"), str(ROOT / "samples")]
    out = []
    for target in targets:
        path = Path(target)
        files = sorted(path.glob("*.txt")) if path.is_dir() else [path]
        if path.is_dir() and not files:
            print(f"(no texts in {path}: run bench/perf.py or bench/same_findings.py save first)")
        for f in files:
            out.append((str(f), f.read_bytes().decode("utf-8")))
    return out


def summary(result) -> tuple:
    return (result.text, result.edits, result.rounds, result.remaining, result.warnings)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("targets", nargs="*", help="folders of .txt files or files (default: the bench corpus)")
    ap.add_argument("--no-crlf", action="store_true", help="skip the CRLF copies")
    args = ap.parse_args()
    items = texts(args.targets)
    differ = 0
    compared = 0
    rounds = 0
    seconds = {True: 0.0, False: 0.0}
    for options in (Options(), Options(min_confidence=0.5)):
        checkers = {True: Checker(options), False: Checker(options, incremental=False)}
        for path, text in items:
            variants = [text] if args.no_crlf else [text, text.replace("\r\n", "\n").replace("\n", "\r\n")]
            for variant in variants:
                results = {}
                # Whichever goes first on a text pays for its new word forms: take turns.
                for incremental in ((True, False) if compared % 2 else (False, True)):
                    start = time.process_time()
                    results[incremental] = checkers[incremental].fix(Document(variant, path))
                    seconds[incremental] += time.process_time() - start
                compared += 1
                rounds += len(results[True].rounds)
                if summary(results[True]) != summary(results[False]):
                    differ += 1
                    print(f"DIFFERENT: {path} (min_confidence {options.min_confidence}, "
                          f"{'CRLF' if variant is not text else 'as is'})")
    print(f"{compared} fixes compared ({len(items)} texts × 2 thresholds"
          f"{'' if args.no_crlf else ' × 2 line-break styles'}), {rounds} rounds: "
          f"{'all the same' if not differ else f'{differ} DIFFERENT'}")
    print(f"CPU s: incremental {seconds[True]:.2f}, full re-check {seconds[False]:.2f} "
          "(one process, caches shared, taking turns: a rough comparison)")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
