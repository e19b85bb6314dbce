"""Quality as a held-out set sees it: the spelling confidence cross-fitted.

    python bench/heldout.py        # → bench/results/heldout.{json,md}

`bench/quality.py` scores the dev sets with `cleanup/spelling/calibration.json`,
which `bench/fit_spelling.py` fits on those same sets: its numbers are
in-sample for the confidence map, and the map decides what `fix` applies.
Here each half of every set (fit_spelling's even and odd rows) is scored in
a fresh process with a map fit on the OTHER half only, and the two halves'
counts are added up. The detectors themselves (rules, error model,
thresholds) were developed on the whole dev data, so this is still an upper
bound on what a held-out set will show, but a tighter one. GERA takes no part
in the fit; it is scored the same way for comparison.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

def _weights_fit_on(half: str) -> dict[str, dict[str, float]]:
    """The map of each language fit on ``half``'s rows only."""
    import fit_spelling

    from cleanup.spelling import calibration

    keep = 0 if half == "even" else 1
    out = {}
    for lang in ("ru", "en"):
        w = fit_spelling.fit(fit_spelling.examples(lang, lambda i: i % 2 == keep))
        out[lang] = dict(zip(calibration.keys(lang), w))
    return out


def _score(half: str, weights_file: str) -> None:
    """(In the child process.) Score ``half`` of every set with the map in
    ``weights_file``; print the counts as JSON."""
    from cleanup.spelling import calibration

    weights = json.loads(Path(weights_file).read_text(encoding="utf-8"))
    calibration._all_weights = lambda: weights  # before any word is weighed
    import quality
    from cleanup.options import Options

    out = {}
    for name, normalise in quality.DATASETS.items():
        r = quality.evaluate(name, normalise, None, Options(), half)
        safe = r["by_tier_precision"].get("safe", {"made": 0, "precision": 0.0})
        out[name] = {**{k: r["overall"][k] for k in ("tp", "fp", "fn")},
                     "safe_made": safe["made"], "safe_right": round(safe["made"] * safe["precision"] / 100)}
    print(json.dumps(out))


def _pct(a: int, b: int) -> float:
    return round(100 * a / b, 1) if b else 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--score", choices=("even", "odd"), help=argparse.SUPPRESS)
    ap.add_argument("--weights", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.score:
        _score(args.score, args.weights)
        return
    totals: dict[str, dict[str, int]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for scored, fit_on in (("odd", "even"), ("even", "odd")):
            weights_file = Path(tmp) / f"fit-{fit_on}.json"
            weights_file.write_text(json.dumps(_weights_fit_on(fit_on)), encoding="utf-8")
            got = subprocess.run([sys.executable, __file__, "--score", scored, "--weights", str(weights_file)],
                                 check=True, capture_output=True, text=True).stdout
            for name, counts in json.loads(got.strip().splitlines()[-1]).items():
                for k, v in counts.items():
                    totals.setdefault(name, {}).setdefault(k, 0)
                    totals[name][k] += v
    rows = []
    for name, t in totals.items():
        p, r = _pct(t["tp"], t["tp"] + t["fp"]), _pct(t["tp"], t["tp"] + t["fn"])
        f1 = round(2 * p * r / (p + r), 1) if p + r else 0.0
        rows.append({"dataset": name, "precision": p, "recall": r, "f1": f1, **t,
                     "safe_precision": _pct(t["safe_right"], t["safe_made"])})
    lines = ["# Quality with the spelling confidence cross-fitted", "",
             "Produced by `python bench/heldout.py`: each half of a set (even or odd rows) is scored with",
             "the confidence map fit on the other half only, and the halves' counts are added. Compare",
             "with `bench/results/quality.md`, where the map is fit on all rows (in-sample).", "",
             "| dataset | P | R | F1 | first suggestions at `safe`: right % (of) |", "|---|---|---|---|---|"]
    for row in rows:
        lines.append(f"| {row['dataset']} | {row['precision']} | {row['recall']} | {row['f1']} | "
                     f"{row['safe_precision']} ({row['safe_made']}) |")
        print(lines[-1])
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "heldout.json").write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    (RESULTS / "heldout.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS / 'heldout.md'}")


if __name__ == "__main__":
    main()
