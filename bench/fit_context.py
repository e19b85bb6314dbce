"""Fit the neighbours' offsets of the Russian spelling confidence
(cleanup/spelling/context.json) on RUSpellRU.

    python bench/fit_context.py            # fit on the even rows, check on the odd ones, write the JSON
    python bench/fit_context.py --check    # the same, nothing written

Every questioned Russian word whose first candidates are close
(:func:`cleanup.spelling.context.close`) becomes one example: its
context-free confidence, how its first candidate and close rivals fit the
neighbouring words (:func:`context.shift`'s situations: "agree" — the first
fits and a rival does not; "misfit" — the first does not fit), and whether
the first suggestion, applied alone, is exactly a gold edit. Each
situation's map is the slope and offset on the log-odds scale that fit its
examples best (a logistic fit on the context-free log-odds, L2 towards
slope 1, offset 0: no change). The other half's log-loss and safe-tier counts are printed
before and after, as the check.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import fit_spelling  # noqa: E402

from cleanup.detectors.spelling import SpellingDetector, _question  # noqa: E402
from cleanup.model import SAFE_THRESHOLD  # noqa: E402
from cleanup.options import Options  # noqa: E402
from cleanup.spelling import context  # noqa: E402

DATASET = "ruspellru_train.jsonl"
SITUATIONS = ("agree", "misfit")
L2 = 1.0


def records(keep) -> list[tuple[str, float, int]]:
    """(situation, context-free confidence, right) of each close questioned
    word of the rows ``keep`` keeps."""
    context.params.cache_clear()
    saved = context.params
    context.params = lambda: {}  # shift finds no map: the confidences without the context
    try:
        detector = SpellingDetector(Options())
        accepted = (frozenset(), frozenset())
        out = []
        for text, tok, finding, _, right in fit_spelling.examined(detector, DATASET, keep):
            if not finding.rule.startswith("spelling.ru."):
                continue
            analysis = _question(tok.text, accepted)[1]
            if not context.close(analysis):
                continue
            left, right_word = context.neighbours_at(text, tok.start, tok.end)
            situation = context.situation(analysis, left, right_word)
            if situation is not None:
                out.append((situation, finding.detection_confidence, right))
        return out
    finally:
        context.params = saved


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def fit(rows: list[tuple[float, int]]) -> tuple[float, float]:
    """(slope, offset) maximising Σ log P(right | slope·logit(p) + offset),
    L2 towards (1, 0): the context-free map left as it is."""
    a, b = 1.0, 0.0
    for _ in range(100):
        ga, gb = L2 * (a - 1), L2 * b
        haa, hab, hbb = L2, 0.0, L2
        for p, y in rows:
            x = _logit(p)
            q = 1 / (1 + math.exp(-max(-30, min(30, a * x + b))))
            g, h = q - y, q * (1 - q)
            ga += g * x
            gb += g
            haa += h * x * x
            hab += h * x
            hbb += h
        det = haa * hbb - hab * hab
        da, db = (hbb * ga - hab * gb) / det, (haa * gb - hab * ga) / det
        a, b = a - da, b - db
        if max(abs(da), abs(db)) < 1e-9:
            break
    return a, b


def _report(name: str, rows: list[tuple[float, int]], s: float) -> str:
    def loss(shift) -> float:
        return -sum(math.log(max(1e-12, q if y else 1 - q))
                    for p, y in rows for q in [context.shifted(p, *shift)])

    none = (1.0, 0.0)
    before = [y for p, y in rows if p >= SAFE_THRESHOLD]
    after = [y for p, y in rows if context.shifted(p, *s) >= SAFE_THRESHOLD]
    return (f"  {name}: {len(rows)} words, {sum(y for _, y in rows)} right, mean p {sum(p for p, _ in rows) / max(1, len(rows)):.2f}"
            f" → {sum(context.shifted(p, *s) for p, _ in rows) / max(1, len(rows)):.2f}; log-loss {loss(none):.2f} → {loss(s):.2f};"
            f" safe {sum(before)}/{len(before)} → {sum(after)}/{len(after)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="print the fit and the check, write nothing")
    args = ap.parse_args()
    even = records(lambda i: i % 2 == 0)
    odd = records(lambda i: i % 2 == 1)
    offsets = {}
    for situation in SITUATIONS:
        rows_even = [(p, y) for s, p, y in even if s == situation]
        rows_odd = [(p, y) for s, p, y in odd if s == situation]
        offsets[situation] = [round(v, 3) for v in fit(rows_even)]
        print(f"{situation}: slope {offsets[situation][0]:.3f}, offset {offsets[situation][1]:+.3f} (fit on the even rows)")
        print(_report("even", rows_even, offsets[situation]))
        print(_report("odd ", rows_odd, offsets[situation]))
    if not args.check:
        context.PARAMS.write_text(json.dumps({"maps": offsets}, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {context.PARAMS}")


if __name__ == "__main__":
    main()
