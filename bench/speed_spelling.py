"""Speed and memory of `cleanup check` with the word detectors (issue 3).

    python bench/speed_spelling.py     # writes bench/results/spelling-speed.{json,md}

- throughput of `cleanup check --select spelling --select script`, one
  process (one core), on
  * "dev sources+targets": the sources and targets of RUSpellRU, GERA and
    ICDAR 2017 concatenated — ≥ 1 MB of mixed Russian/English with real
    typos, old spelling and OCR noise, so the slow path (an unknown word)
    runs on about one word in twenty;
  * "dev targets (ru)": the corrected RUSpellRU and GERA text only (blog and
    essay Russian; still slang and names);
  reported as MB/s of wall time and of CPU time (the machine is shared, so
  CPU time is the steadier number);
- start-up: `cleanup check` (all detectors) on the sample transcript, wall
  time including interpreter start, median of 5 runs, index already cached;
- peak memory (max RSS) of the runs;
- `hunspell -l` (ru_RU, then en_US) on the same text, when hunspell is installed.
"""

from __future__ import annotations

import json
import os
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
WORD_RULES = ["--select", "spelling", "--select", "script"]


def corpora() -> dict[str, str]:
    dirty, clean = [], []
    for name in ("ruspellru_train.jsonl", "gera_dev.jsonl", "icdar2017_en_dev.jsonl"):
        for row in load(name):
            dirty += [row["source"], row["target"]]
            if row["lang"] == "ru":
                clean.append(row["target"])
    return {"dev sources+targets (ru+en)": "\n\n".join(dirty) + "\n", "dev targets (ru)": "\n\n".join(clean) + "\n"}


def run(cmd: list[str]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds and max RSS (MB) of one child process."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT,
                            env={**os.environ, "CLEANUP_NO_CACHE": "1"})  # computed, not read from the result cache
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


def main() -> None:
    RESULTS.mkdir(exist_ok=True)
    run(CLEANUP + ["check", "samples/imcwp23-speech.txt"])  # builds the index if needed
    result: dict = {"throughput": []}
    md = ["# Speed of the word detectors (spelling, script)", "",
          "Produced by `python bench/speed_spelling.py` (index already cached; one process, one core).", ""]
    with tempfile.TemporaryDirectory() as tmp:
        for label, text in corpora().items():
            path = Path(tmp) / "text.txt"
            path.write_text(text, encoding="utf-8")
            size = len(text.encode("utf-8"))
            wall, cpu, rss = run(CLEANUP + ["check", *WORD_RULES, str(path)])
            row = {"corpus": label, "bytes": size, "wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
                   "mb_per_s_wall": round(size / 1e6 / wall, 3), "mb_per_s_cpu": round(size / 1e6 / cpu, 3),
                   "peak_rss_mb": rss}
            if shutil.which("hunspell"):
                started = time.perf_counter()
                for dic in ("ru_RU", "en_US"):
                    with open(path, "rb") as fh:
                        subprocess.run(["hunspell", "-d", dic, "-l"], stdin=fh, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL)
                row["hunspell_l_s"] = round(time.perf_counter() - started, 2)
            result["throughput"].append(row)
            line = (f"- `cleanup check {' '.join(WORD_RULES)}` on {label}, {size / 1e6:.2f} MB: "
                    f"{row['wall_s']} s wall ({row['mb_per_s_wall']} MB/s), {row['cpu_s']} s CPU "
                    f"(**{row['mb_per_s_cpu']} MB/s**), peak RSS {rss} MB")
            if "hunspell_l_s" in row:
                line += f"; `hunspell -l` ru_RU + en_US: {row['hunspell_l_s']} s (cleanup/hunspell = {wall / row['hunspell_l_s']:.1f}×)"
            md.append(line)
    # The sample (19 KB) with interpreter start-up: all detectors, only the
    # word detectors, and a run that loads no lexicon (what start-up alone costs).
    result["small_file"] = []
    for label, extra in (("all detectors", []), ("spelling + script", WORD_RULES),
                         ("whitespace only (no lexicon)", ["--select", "whitespace"])):
        runs = [run(CLEANUP + ["check", *extra, "samples/imcwp23-speech.txt"]) for _ in range(5)]
        s = {
            "command": " ".join(["cleanup check", *extra, "samples/imcwp23-speech.txt"]),
            "what": label,
            "wall_s_median": round(statistics.median(r[0] for r in runs), 3),
            "cpu_s_median": round(statistics.median(r[1] for r in runs), 3),
            "peak_rss_mb": max(r[2] for r in runs),
        }
        result["small_file"].append(s)
        md.append(f"- `{s['command']}` ({label}, with interpreter start-up): median "
                  f"**{s['wall_s_median']} s** wall, {s['cpu_s_median']} s CPU, peak RSS {s['peak_rss_mb']} MB")
    (RESULTS / "spelling-speed.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    (RESULTS / "spelling-speed.md").write_text("\n".join(md) + "\n", encoding="utf-8")
    print("\n".join(md))


if __name__ == "__main__":
    main()
