"""Where `cleanup check` spends its CPU: seconds per MB for each detector.

    .venv/bin/python bench/perf_detectors.py            # both corpora, 1 MB each; writes results
    .venv/bin/python bench/perf_detectors.py --mb 0.3 --no-write   # a quick look

bench/perf.py measures the CLI end to end; this one opens it up. It builds
two corpora of the same shape as perf.py's (transcript-sized files,
Russian and English paragraphs alternating) from ../shared/data/dev at run
time:

- ``dense``: the dev sets' source sentences. Every sentence carries at
  least one real error, so this is error-dense text (about one unknown word
  in ten), the worst case for the spelling search.
- ``clean``: the same sentences as corrected by the gold. Closer to a
  transcript that has already been cleaned once, which is what a pre-commit
  hook sees on most commits.

Each corpus is checked in a fresh process (the per-process caches start
cold, as in a real run) with every detector timed separately (CPU time of
its ``detect``). The engine's own share (segmenting, resolving) is the
rest. Each corpus is measured ``--repeat`` times (3), in a fresh process
each time, and the fastest run (by total CPU time) is kept: on a shared
machine other load only adds time, and single runs of the same code here
differ by up to 30 %. Writes bench/results/perf_detectors.{json,md}.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
CACHE = HERE / ".cache" / "perf_detectors"
sys.path.insert(0, str(HERE))


def measure(folder: Path) -> dict:
    """Run in a fresh process: CPU seconds per detector over every file of ``folder``."""
    sys.path.insert(0, str(ROOT))
    from cleanup.batch import tune_gc
    from cleanup.document import Document
    from cleanup.options import Options
    from cleanup.pipeline import Checker

    tune_gc()  # as the CLI does; it also keeps collections from landing on one detector's bill

    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    nbytes = sum(len(t.encode("utf-8")) for t in texts)
    start = time.process_time()
    checker = Checker(Options())
    setup = time.process_time() - start
    per: dict[str, float] = {}
    for detector in checker.detectors:
        name, detect = type(detector).__name__, detector.detect

        def timed(ctx, _detect=detect, _name=name):
            t = time.process_time()
            out = list(_detect(ctx))
            per[_name] = per.get(_name, 0.0) + time.process_time() - t
            return out

        detector.detect = timed
    findings = 0
    start = time.process_time()
    for text in texts:
        findings += len(checker.check(Document(text, "-")).findings)
    total = time.process_time() - start
    return {"mb": nbytes / 1e6, "files": len(texts), "findings": findings, "setup_cpu_s": setup,
            "cpu_s": total, "detectors": per}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=1.0, help="size of each corpus")
    ap.add_argument("--no-write", action="store_true", help="print only")
    ap.add_argument("--repeat", type=int, default=3, help="fresh-process runs per corpus; the fastest is kept")
    ap.add_argument("--measure", help=argparse.SUPPRESS)  # internal: the child process
    args = ap.parse_args()
    if args.measure:
        print(json.dumps(measure(Path(args.measure))))
        return

    import perf

    results: dict = {"machine": perf.machine(), "corpora": {}}
    for name, side in (("dense", "source"), ("clean", "target")):
        folder = CACHE / name
        perf.build_corpus(folder, int(args.mb * 1e6), side=side)
        runs = [json.loads(subprocess.run([sys.executable, __file__, "--measure", str(folder)], capture_output=True,
                                          text=True, check=True, env=perf.RUN_ENV).stdout)
                for _ in range(max(1, args.repeat))]
        r = min(runs, key=lambda run: run["cpu_s"])
        r["runs_cpu_s"] = [round(run["cpu_s"], 3) for run in runs]
        results["corpora"][name] = r
        print(f"{name}: {r['mb']:.2f} MB in {r['cpu_s']:.2f} CPU s = {r['mb'] / r['cpu_s']:.3f} MB per CPU s "
              f"({r['findings']} findings; detectors built in {r['setup_cpu_s']:.2f} s)")
        rest = r["cpu_s"] - sum(r["detectors"].values())
        for det, sec in sorted(r["detectors"].items(), key=lambda kv: -kv[1]):
            print(f"  {det:24s} {sec / r['mb']:6.2f} s per MB")
        print(f"  {'(engine: segments, resolve)':24s} {rest / r['mb']:6.2f} s per MB")
    if args.no_write:
        return
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "perf_detectors.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    (RESULTS / "perf_detectors.md").write_text(markdown(results), encoding="utf-8")
    print(f"wrote {RESULTS / 'perf_detectors.md'}")


def markdown(r: dict) -> str:
    m = r["machine"]
    c = r["corpora"]
    dets = sorted(c["dense"]["detectors"], key=lambda d: -c["dense"]["detectors"][d])
    lines = ["# CPU seconds per MB, by detector", "",
             f"`python bench/perf_detectors.py` on {m['cpu']}, Python {m['python']}; cleanup at "
             f"{m['commit'] or '?'}. One fresh process per run (caches start cold); the fastest of "
             f"{len(c['dense'].get('runs_cpu_s', [0]))} runs per corpus (CPU s of each: dense "
             f"{c['dense'].get('runs_cpu_s')}, clean {c['clean'].get('runs_cpu_s')}).", "",
             "| | dense (dev sources) | clean (gold targets) |", "|---|---|---|"]
    for d in dets:
        lines.append(f"| {d} | {c['dense']['detectors'][d] / c['dense']['mb']:.2f} "
                     f"| {c['clean']['detectors'].get(d, 0) / c['clean']['mb']:.2f} |")
    for key in ("dense", "clean"):
        x = c[key]
        x["engine"] = x["cpu_s"] - sum(x["detectors"].values())
    lines.append(f"| engine (segments, resolve) | {c['dense']['engine'] / c['dense']['mb']:.2f} "
                 f"| {c['clean']['engine'] / c['clean']['mb']:.2f} |")
    lines.append(f"| **all** | **{c['dense']['cpu_s'] / c['dense']['mb']:.2f}** "
                 f"| **{c['clean']['cpu_s'] / c['clean']['mb']:.2f}** |")
    lines.append(f"| MB per CPU s | {c['dense']['mb'] / c['dense']['cpu_s']:.3f} "
                 f"| {c['clean']['mb'] / c['clean']['cpu_s']:.3f} |")
    lines += ["", f"Sizes: dense {c['dense']['mb']:.2f} MB, clean {c['clean']['mb']:.2f} MB; detector set-up "
              f"(not in the table) {c['dense']['setup_cpu_s']:.2f} s.", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
