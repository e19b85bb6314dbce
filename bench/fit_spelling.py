"""Fit the spelling confidence (cleanup/spelling/calibration.json) on the dev sets.

    python bench/fit_spelling.py            # fit on all of it, write the JSON
    python bench/fit_spelling.py --check    # fit on even rows, calibration on odd rows → bench/results/spelling-calibration.md

Every questioned word of RUSpellRU, the Norvig set and ICDAR 2017 (English OCR,
old spelling kept in the gold) becomes one example:
its features (error cost, frequencies, margin, case, …) and whether the
first suggestion, applied alone, is exactly a gold edit. A logistic
regression (L2, Newton steps, no dependencies) maps features → probability.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from scoring import NORMALISE, edits, load, tokens  # noqa: E402

from cleanup.apply import apply_edits  # noqa: E402
from cleanup.detectors.spelling import SpellingDetector, unknown_rate  # noqa: E402
from cleanup.model import Edit  # noqa: E402
from cleanup.options import Options  # noqa: E402
from cleanup.segments import words  # noqa: E402
from cleanup.spelling import calibration  # noqa: E402

# dataset → language of its fit (token comparison: scoring.NORMALISE)
SETS = {
    "ruspellru_train.jsonl": "ru",
    "norvig_testset1.jsonl": "en",
    "icdar2017_en_dev.jsonl": "en",
}
L2 = 0.3


def examples(lang: str, rows_filter=lambda i: True) -> list[tuple[list[float], int]]:
    detector = SpellingDetector(Options())
    out = []
    for name, set_lang in SETS.items():
        normalise = NORMALISE[name]
        if set_lang != lang:
            continue
        for i, row in enumerate(load(name)):
            if not rows_filter(i):
                continue
            text = row["source"]
            src = tokens(text, normalise)
            gold = edits(src, tokens(row["target"], normalise))
            rate = unknown_rate(text, 0, len(text))
            for tok in words(text):
                got = detector.examine(text, tok.start, tok.end, rate=rate)
                if got is None:
                    continue
                finding, feats = got
                if not finding.rule.startswith(f"spelling.{lang}."):
                    continue  # a word of the other language inside this set
                fixed, _ = apply_edits(text, [Edit(tok.start, tok.end, finding.best.text, 1.0)])
                own = edits(src, tokens(fixed, normalise))
                right = int(bool(own) and own <= gold)
                out.append(([feats[k] for k in calibration.FEATURES], right))
    return out


def fit(data: list[tuple[list[float], int]]) -> list[float]:
    n = len(data[0][0])
    w = [0.0] * n
    for _ in range(30):
        grad = [0.0] * n
        hess = [[0.0] * n for _ in range(n)]
        for x, y in data:
            z = max(-30, min(30, sum(a * b for a, b in zip(w, x))))
            p = 1 / (1 + math.exp(-z))
            for i in range(n):
                grad[i] += (p - y) * x[i]
                for j in range(n):
                    hess[i][j] += p * (1 - p) * x[i] * x[j]
        for i in range(1, n):  # no penalty on the bias
            grad[i] += L2 * w[i]
            hess[i][i] += L2
        step = _solve(hess, grad)
        w = [a - b for a, b in zip(w, step)]
        if max(abs(s) for s in step) < 1e-6:
            break
    return w


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for col in range(n):
        piv = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[piv] = m[piv], m[col]
        if abs(m[col][col]) < 1e-12:
            m[col][col] = 1e-12
        for r in range(n):
            if r != col:
                f = m[r][col] / m[col][col]
                for c in range(col, n + 1):
                    m[r][c] -= f * m[col][c]
    return [m[i][n] / m[i][i] for i in range(n)]


def table(w: list[float], data) -> list[str]:
    buckets = [0.0, 0.1, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 1.01]
    counts = [[0, 0] for _ in buckets]
    for x, y in data:
        p = 1 / (1 + math.exp(-max(-30, min(30, sum(a * b for a, b in zip(w, x))))))
        k = max(i for i, b in enumerate(buckets) if p >= b)
        counts[k][0] += y
        counts[k][1] += 1
    return [
        f"[{buckets[i]:.2f}, {min(1, buckets[i + 1]):.2f}): {r}/{t} right = {r / t:.3f}"
        for i, (r, t) in enumerate(counts[:-1]) if t
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="fit on even rows, report on odd rows; write nothing")
    args = parser.parse_args()
    fitted, counts = {}, {}
    report = ["# Spelling confidence on held-out rows", "",
              "Produced by `python bench/fit_spelling.py --check`: the map is fit on the even rows of each",
              "dev set and applied to the odd rows; each line is a confidence bucket, how many first",
              "suggestions fell in it and how many of them were the gold correction.", ""]
    for lang in ("ru", "en"):
        if args.check:
            train = examples(lang, lambda i: i % 2 == 0)
            test = examples(lang, lambda i: i % 2 == 1)
            w = fit(train)
            head = f"{lang}: {len(train)} training examples, {len(test)} held out"
            print(head)
            print("\n".join(table(w, test)))
            report += [f"## {head}", ""] + [f"- {line}" for line in table(w, test)] + [""]
            continue
        data = examples(lang)
        w = fit(data)
        counts[lang] = len(data)
        print(f"{lang}: {len(data)} examples, {sum(y for _, y in data)} right first suggestions (in-sample)")
        print("\n".join(table(w, data)))
        fitted[lang] = {k: round(v, 4) for k, v in zip(calibration.FEATURES, w)}
    if args.check:
        out = Path(__file__).resolve().parent / "results" / "spelling-calibration.md"
        out.write_text("\n".join(report), encoding="utf-8")
        print(f"wrote {out}")
        return
    calibration.PARAMS.write_text(json.dumps({
        "note": "fit by bench/fit_spelling.py: ru on RUSpellRU train, en on Norvig set 1 + ICDAR 2017 (dev)",
        "examples": counts,
        "weights": fitted,
    }, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {calibration.PARAMS}")


if __name__ == "__main__":
    main()
