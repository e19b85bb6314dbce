"""Calibration plot: suggestion confidence against observed precision.

Reads the calibration tables that the quality scripts wrote to
bench/results/quality*.json (`bench/quality.py`: per dev set, confidence
bucket → suggestions scored and the share that were right; other issues'
scripts, e.g. quality_grammar.json, the same as bucket → right/total) and
draws bench/results/calibration.png: one line per table plus everything
pooled, the diagonal a calibrated tool would follow, and the safe / unsafe
thresholds. Point size shows how many suggestions a bucket holds.

    .venv/bin/pip install -e '.[bench]'      # matplotlib; never a runtime dependency
    .venv/bin/python bench/quality.py && .venv/bin/python bench/calibration.py
    .venv/bin/python bench/calibration.py --input bench/results/quality.json --output /tmp/c.png
"""

from __future__ import annotations

import argparse
import json
import re
from collections import defaultdict
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def bucket_bounds(label: str) -> tuple[float, float]:
    lo, hi = (float(x) for x in re.findall(r"[0-9]+(?:\.[0-9]+)?", label)[:2])
    return lo, min(hi, 1.0)


def tables(path: Path) -> list[tuple[str, list[dict]]]:
    """(label, rows as quality.py writes them) for every calibration table in a file."""
    data = json.loads(path.read_text(encoding="utf-8"))
    suffix = path.stem.removeprefix("quality").strip("_")
    out = []
    for item in data if isinstance(data, list) else [data]:
        cal = item.get("calibration") or []
        if isinstance(cal, dict):  # {"0.4–0.5": {"right", "total"}, ...}
            cal = [
                {"confidence": label, "suggestions": v.get("total", 0),
                 "observed_precision": v["right"] / v["total"] if v.get("total") else None}
                for label, v in cal.items()
            ]
        name = item.get("dataset", path.stem)
        out.append((f"{name} ({suffix})" if suffix else name, cal))
    return out


def points(calibration: list[dict]) -> list[tuple[float, float, int]]:
    """(bucket middle, observed precision, suggestions) for non-empty buckets."""
    out = []
    for row in calibration:
        if not row.get("suggestions") or row.get("observed_precision") is None:
            continue
        lo, hi = bucket_bounds(row["confidence"])
        out.append(((lo + hi) / 2, row["observed_precision"], row["suggestions"]))
    return out


def pooled(all_tables: list[tuple[str, list[dict]]]) -> list[tuple[float, float, int]]:
    """All tables together, by bucket middle (tables may bucket differently)."""
    right: dict[float, float] = defaultdict(float)
    total: dict[float, int] = defaultdict(int)
    for _, rows in all_tables:
        for mid, precision, n in points(rows):
            right[round(mid, 3)] += precision * n
            total[round(mid, 3)] += n
    return sorted((mid, right[mid] / total[mid], total[mid]) for mid in total)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--input", type=Path, nargs="*", default=sorted(RESULTS.glob("quality*.json")))
    ap.add_argument("--output", type=Path, default=RESULTS / "calibration.png")
    args = ap.parse_args()

    import matplotlib

    matplotlib.use("Agg")  # files only, no display needed
    import matplotlib.pyplot as plt

    from cleanup.model import SAFE_THRESHOLD, UNSAFE_THRESHOLD

    all_tables = [t for path in args.input for t in tables(path)]
    fig, ax = plt.subplots(figsize=(6.4, 6.0), dpi=110)
    ax.plot([0, 1], [0, 1], color="0.6", linestyle="--", linewidth=1, label="calibrated")
    for x, name in ((UNSAFE_THRESHOLD, "unsafe"), (SAFE_THRESHOLD, "safe")):
        ax.axvline(x, color="0.85", linewidth=1)
        ax.text(x + 0.005, 0.02, name, color="0.5", fontsize=8)
    drawn = 0
    for label, rows in all_tables:
        pts = sorted(points(rows))
        if not pts:
            continue
        xs, ys, ns = zip(*pts)
        ax.plot(xs, ys, marker="o", linewidth=1, markersize=4, label=f"{label} ({sum(ns)})")
        drawn += 1
    all_pts = pooled(all_tables)
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
    print(f"wrote {args.output} ({drawn} tables with data, {sum(n for _, _, n in all_pts)} suggestions)")


if __name__ == "__main__":
    main()
