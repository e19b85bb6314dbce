"""Do two versions of `cleanup` find the same things? A guard for speed work.

    .venv/bin/python bench/same_findings.py save    # before an optimisation
    .venv/bin/python bench/same_findings.py check   # after it: exit 1 on any difference

Runs `cleanup check --format json -j 1` on the sample, on a slice of the
bench corpus (built by bench/perf.py under bench/.cache/perf/corpus; pass
--files to choose how many) and on a few synthetic bilingual texts (the
interleaved short ru/en paragraphs the parallel detector once choked on),
and stores or compares the JSON (every finding with its offsets, rule,
confidence, tier and suggestions). The baseline lives in bench/.cache/,
never in the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CACHE = HERE / ".cache"
CORPUS = CACHE / "perf" / "corpus"


def synthetic(folder: Path) -> list[Path]:
    """Bilingual texts of the shapes that matter to the parallel and
    consistency detectors (interleaved paragraphs, one language after the
    other); deterministic."""
    folder.mkdir(parents=True, exist_ok=True)
    interleaved = ("Первый  абзац , строка.\r\nВторая строка  здесь .\r\n\r\nEnglish  text , here.\r\n\r\n") * 60
    sample = (ROOT / "samples" / "imcwp23-speech.txt").read_text(encoding="utf-8")
    paras = [p for p in sample.split("\n\n") if p.strip()]
    out = []
    for name, text in (("interleaved.txt", interleaved), ("sample-twice.txt", sample + "\n\n" + sample),
                       ("sample-reversed.txt", "\n\n".join(reversed(paras)) + "\n")):
        p = folder / name
        p.write_text(text, encoding="utf-8", newline="")
        out.append(p)
    return out


def findings(paths: list[Path]) -> list:
    cmd = [sys.executable, "-m", "cleanup", "check", "--format", "json", "-j", "1", "--no-progress",
           *map(str, paths)]
    # Computed afresh, never answered from the result cache.
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env={**os.environ, "CLEANUP_NO_CACHE": "1"})
    if proc.returncode not in (0, 1):
        raise SystemExit(f"cleanup check failed ({proc.returncode}): {proc.stderr[-800:]}")
    report = json.loads(proc.stdout)
    # Paths relative to the checkout, so that two checkouts can be compared.
    for entry in report.get("files", []):
        entry["path"] = os.path.relpath(entry["path"], ROOT)
    return report


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("action", choices=("save", "check"))
    ap.add_argument("--files", type=int, default=60, help="how many corpus files (every k-th, spread out; 0 = all)")
    args = ap.parse_args()
    corpus = sorted(CORPUS.glob("*.txt"))
    if not corpus:
        raise SystemExit("no corpus: run bench/perf.py --quick once (it builds bench/.cache/perf/corpus)")
    if args.files <= 0:
        args.files = len(corpus)
    step = max(1, len(corpus) // args.files)
    paths = [ROOT / "samples" / "imcwp23-speech.txt", *corpus[::step][: args.files],
             *synthetic(CACHE / "same-findings-texts")]
    baseline = CACHE / f"same-findings-{args.files}.json"
    got = findings(paths)
    if args.action == "save":
        baseline.write_text(json.dumps(got, ensure_ascii=False, indent=0), encoding="utf-8")
        n = sum(len(f.get("findings", [])) for f in got.get("files", []))
        print(f"saved {len(paths)} files, {n} findings → {baseline}")
        return
    want = json.loads(baseline.read_text(encoding="utf-8"))
    if got == want:
        print(f"same findings on {len(paths)} files")
        return
    # Per file, and only the findings that differ: a whole-report difflib
    # takes tens of minutes when a change moves thousands of findings.
    def keyed(report: dict) -> dict[str, dict[tuple, str]]:
        return {entry["path"]: {(f["offset"], f["length"], f["rule"]): json.dumps(f, ensure_ascii=False, sort_keys=True)
                                for f in entry.get("findings", [])}
                for entry in report.get("files", [])}

    g, w = keyed(got), keyed(want)
    changed = shown = 0
    for path in sorted(set(g) | set(w)):
        now, before = g.get(path, {}), w.get(path, {})
        for key in sorted(set(now) | set(before)):
            if now.get(key) == before.get(key):
                continue
            changed += 1
            if shown < 60:
                shown += 1
                print(f"{path} {key}:\n  baseline {before.get(key, '(none)')}\n  now      {now.get(key, '(none)')}")
    rest = {k: v for k, v in got.items() if k != "files"} != {k: v for k, v in want.items() if k != "files"}
    print(f"DIFFERENT findings: {changed} differ" + (" (and the report's other fields)" if rest else "")
          + (f"; the first {shown} shown" if changed > shown else ""))
    raise SystemExit(1)


if __name__ == "__main__":
    main()
