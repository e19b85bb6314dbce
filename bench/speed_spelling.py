"""Speed and memory of `cleanup check` with the word detectors (issue 3).

    python bench/speed_spelling.py     # writes bench/results/spelling-speed.{json,md}

- throughput: `cleanup check --select spelling --select script` on ≥ 1 MB of
  mixed Russian/English text (the sources and targets of the dev sets, concatenated;
  real typos, so the slow path runs often), one process, one core;
- start-up: `cleanup check` (all detectors) on the sample transcript, wall
  time including interpreter start, median of 5 runs, index already cached;
- peak memory (max RSS) of both, from the kernel's rusage;
- `hunspell -l` on the same text (ratio), when hunspell is installed.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from scoring import load  # noqa: E402

RESULTS = ROOT / "bench" / "results"
CLEANUP = [sys.executable, "-m", "cleanup"]


def corpus() -> str:
    parts = []
    for name in ("ruspellru_train.jsonl", "gera_dev.jsonl", "icdar2017_en_dev.jsonl"):
        parts.extend(row["source"] for row in load(name))
        parts.extend(row["target"] for row in load(name))  # to pass 1 MB without repeating text
    return "\n\n".join(parts) + "\n"


def run(cmd: list[str], stdin=None) -> tuple[float, int]:
    """Wall seconds and the child's max RSS in MB."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    subprocess.run(cmd, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(before, after) // 1024


def main() -> None:
    text = corpus()
    size = len(text.encode("utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "mixed.txt"
        path.write_text(text, encoding="utf-8")
        run(CLEANUP + ["check", str(ROOT / "samples" / "imcwp23-speech.txt")])  # builds the index if needed
        wall, rss = run(CLEANUP + ["check", "--select", "spelling", "--select", "script", str(path)])
        startup = [run(CLEANUP + ["check", "samples/imcwp23-speech.txt"])[0] for _ in range(5)]
        small_rss = run(CLEANUP + ["check", "samples/imcwp23-speech.txt"])[1]
        hun = None
        if shutil.which("hunspell"):
            started = time.perf_counter()
            for dic in ("ru_RU", "en_US"):
                with open(path, "rb") as fh:
                    subprocess.run(["hunspell", "-d", dic, "-l"], stdin=fh, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
            hun = time.perf_counter() - started
    result = {
        "command": "cleanup check --select spelling --select script <mixed ru/en dev sources>",
        "bytes": size,
        "seconds": round(wall, 2),
        "mb_per_s": round(size / 1e6 / wall, 2),
        "peak_rss_mb": rss,
        "small_file_wall_s_median": round(statistics.median(startup), 3),
        "small_file_peak_rss_mb": small_rss,
        "hunspell_l_seconds_ru_plus_en": None if hun is None else round(hun, 2),
        "ratio_vs_hunspell": None if hun is None else round(hun / wall, 2),
        "cpu": os.cpu_count(),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "spelling-speed.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    md = [
        "# Speed of the word detectors (spelling, script)",
        "",
        "Produced by `python bench/speed_spelling.py` (index already cached).",
        "",
        f"- `{result['command']}`: {size / 1e6:.2f} MB in {result['seconds']} s = **{result['mb_per_s']} MB/s**, "
        f"peak RSS {rss} MB",
        f"- `cleanup check samples/imcwp23-speech.txt` (all detectors, with start-up): "
        f"median **{result['small_file_wall_s_median']} s** wall, peak RSS {small_rss} MB",
    ]
    if hun is not None:
        md.append(f"- `hunspell -l` (ru_RU then en_US) on the same text: {result['hunspell_l_seconds_ru_plus_en']} s; "
                  f"cleanup takes {wall / hun:.1f}× as long")
    (RESULTS / "spelling-speed.md").write_text("\n".join(md) + "\n", encoding="utf-8")
    print("\n".join(md))


if __name__ == "__main__":
    main()
