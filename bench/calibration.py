"""Calibration plot: suggestion confidence against observed precision.

Reads the calibration tables that `bench/quality.py` wrote to
bench/results/quality.json (per dev set: confidence bucket → suggestions
scored, share of them that were right) and draws bench/results/calibration.png:
one line per dev set plus all sets pooled, the diagonal a calibrated tool
would follow, and the safe / unsafe thresholds. Point size shows how many
suggestions a bucket holds.

    .venv/bin/pip install -e '.[bench]'      # matplotlib; never a runtime dependency
    .venv/bin/python bench/quality.py && .venv/bin/python bench/calibration.py
"""

from __future__ import annotations

import argparse
import json
import re
from collections import defaultdict
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def bucket_bounds(label: str) -> tuple[float, float]:
    lo, hi = (float(x) for x in re.findall(r"[0-9.]+", label)[:2])
    return lo, hi


def points(calibration: list[dict]) -> list[tuple[float, float, int]]:
    """(bucket middle, observed precision, suggestions) for non-empty buckets."""
    out = []
    for row in calibration:
        if not row.get("suggestions") or row.get("observed_precision") is None:
            continue
        lo, hi = bucket_bounds(row["confidence"])
        out.append(((lo + hi) / 2, row["observed_precision"], row["suggestions"]))
    return out


def pooled(results: list[dict]) -> list[tuple[float, float, int]]:
    right: dict[str, float] = defaultdict(float)
    total: dict[str, int] = defaultdict(int)
    for r in results:
        for row in r.get("calibration", []):
            if row.get("suggestions") and row.get("observed_precision") is not None:
                right[row["confidence"]] += row["observed_precision"] * row["suggestions"]
                total[row["confidence"]] += row["suggestions"]
    rows = [{"confidence": c, "suggestions": total[c], "observed_precision": right[c] / total[c]} for c in total]
    return sorted(points(rows))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--input", type=Path, default=RESULTS / "quality.json")
    ap.add_argument("--output", type=Path, default=RESULTS / "calibration.png")
    args = ap.parse_args()

    import matplotlib

    matplotlib.use("Agg")  # files only, no display needed
    import matplotlib.pyplot as plt

    from cleanup.model import SAFE_THRESHOLD, UNSAFE_THRESHOLD

    results = json.loads(args.input.read_text(encoding="utf-8"))
    fig, ax = plt.subplots(figsize=(6.4, 6.0), dpi=110)
    ax.plot([0, 1], [0, 1], color="0.6", linestyle="--", linewidth=1, label="calibrated")
    for x, name in ((UNSAFE_THRESHOLD, "unsafe"), (SAFE_THRESHOLD, "safe")):
        ax.axvline(x, color="0.85", linewidth=1)
        ax.text(x + 0.005, 0.02, name, color="0.5", fontsize=8)
    drawn = 0
    for r in results:
        pts = sorted(points(r.get("calibration", [])))
        if not pts:
            continue
        xs, ys, ns = zip(*pts)
        ax.plot(xs, ys, marker="o", linewidth=1, markersize=4, label=f"{r['dataset']} ({sum(ns)})")
        drawn += 1
    all_pts = pooled(results)
    if all_pts:
        xs, ys, ns = zip(*all_pts)
        biggest = max(ns)
        ax.plot(xs, ys, color="black", linewidth=2, label=f"all sets ({sum(ns)})")
        ax.scatter(xs, ys, s=[20 + 300 * n / biggest for n in ns], color="black", zorder=3)
    else:
        ax.text(0.5, 0.5, "no scored suggestions in quality.json yet", ha="center", color="0.4")
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("confidence of the suggestion (bucket middle)")
    ax.set_ylabel("observed precision (share of suggestions that were right)")
    ax.set_title("cleanup: calibration on the dev sets")
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(args.output)
    print(f"wrote {args.output} ({drawn} dev sets, {sum(n for _, _, n in all_pts)} suggestions)")


if __name__ == "__main__":
    main()
