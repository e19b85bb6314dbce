"""Fit the spelling confidence (cleanup/spelling/calibration.json) on the dev sets.

    python bench/fit_spelling.py            # fit on all of it, write the JSON
    python bench/fit_spelling.py --check    # fit on even rows, calibration on odd rows → bench/results/spelling-calibration.md
    python bench/fit_spelling.py --check --ablate   # … and each group of features left out in turn

--check reports, for the held-out rows, how many right first suggestions
reach the safe threshold and the precision there, and two ranking measures
(AUC, log-loss): one line to compare a map before and after a change.

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
from cleanup.model import SAFE_THRESHOLD, Edit  # noqa: E402
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
    """(feature values in calibration.keys(lang)'s order, right) of every
    questioned word of ``lang``'s dev rows that ``rows_filter`` keeps."""
    keys = calibration.keys(lang)
    return [([feats[k] for k in keys], right) for feats, right in _records(lang, rows_filter)]


def _records(lang: str, rows_filter) -> list[tuple[dict[str, float], int]]:
    detector = SpellingDetector(Options())
    return [(feats, right)
            for name, set_lang in SETS.items() if set_lang == lang
            for _, _, finding, feats, right in examined(detector, name, rows_filter)
            if finding.rule.startswith(f"spelling.{lang}.")]  # (not a word of the other language in this set)


def examined(detector: SpellingDetector, name: str, rows_filter):
    """(text, token, finding, features, right) of every word of the rows of
    set ``name`` that ``rows_filter(row number)`` keeps and the spelling
    detector questions: right is 1 when its first suggestion, alone, makes
    only gold edits."""
    normalise = NORMALISE[name]
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
            fixed, _ = apply_edits(text, [Edit(tok.start, tok.end, finding.best.text, 1.0)])
            own = edits(src, tokens(fixed, normalise))
            yield text, tok, finding, feats, int(bool(own) and own <= gold)


def fit(data: list[tuple[list[float], int]], offsets: list[float] | None = None, bias: bool = True) -> list[float]:
    """The weights of a logistic map of ``data``; with ``offsets``, each
    example's log-odds start from its offset (the part of a map held fixed),
    and with ``bias`` False the first column is penalised like the rest."""
    n = len(data[0][0])
    offsets = offsets or [0.0] * len(data)
    w = [0.0] * n
    # Most values are 0 (the bins, the flags): each example's non-zero ones,
    # found once, are all the Hessian's sums need.
    sparse = [([(i, v) for i, v in enumerate(x) if v], y) for x, y in data]
    for _ in range(30):
        grad = [0.0] * n
        hess = [[0.0] * n for _ in range(n)]
        for (nz, y), off in zip(sparse, offsets):
            z = max(-30, min(30, off + sum(w[i] * v for i, v in nz)))
            p = 1 / (1 + math.exp(-z))
            g, h = p - y, p * (1 - p)
            for k, (i, v) in enumerate(nz):
                grad[i] += g * v
                row, hv = hess[i], h * v
                for j, u in nz[k:]:
                    row[j] += hv * u
        for i in range(n):
            for j in range(i + 1, n):
                hess[j][i] = hess[i][j]
        for i in range(1 if bias else 0, n):  # no penalty on the bias
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


def _fit_only(group: str, lang: str, data) -> list[float]:
    """All of ``lang``'s weights: ``group``'s fit on ``data`` with the rest
    held at calibration.json's values."""
    held = calibration.weights(lang)
    keys = calibration.keys(lang)
    free = [i for i, k in enumerate(keys) if calibration.group_of(k) == group]
    offsets = [sum(held.get(k, 0.0) * v for i, (k, v) in enumerate(zip(keys, x)) if i not in free)
               for x, _ in data]
    got = fit([([x[i] for i in free], y) for x, y in data], offsets, bias=False)
    w = [held.get(k, 0.0) for k in keys]
    for i, v in zip(free, got):
        w[i] = v
    return w


def _p(w: list[float], x: list[float]) -> float:
    return 1 / (1 + math.exp(-max(-30, min(30, sum(a * b for a, b in zip(w, x))))))


def table(w: list[float], data) -> list[str]:
    buckets = [0.0, 0.1, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 1.01]
    counts = [[0, 0] for _ in buckets]
    for x, y in data:
        p = _p(w, x)
        k = max(i for i, b in enumerate(buckets) if p >= b)
        counts[k][0] += y
        counts[k][1] += 1
    return [
        f"[{buckets[i]:.2f}, {min(1, buckets[i + 1]):.2f}): {r}/{t} right = {r / t:.3f}"
        for i, (r, t) in enumerate(counts[:-1]) if t
    ]


def measures(w: list[float], data) -> dict[str, float]:
    """What the map is for, on rows it was not fit on: how many right first
    suggestions reach the safe threshold and how precise it is there; and
    how well it ranks right above wrong everywhere (AUC: the chance that a
    right suggestion scores above a wrong one; log-loss: the mean surprise,
    which also punishes a badly calibrated probability)."""
    scored = [(_p(w, x), y) for x, y in data]
    safe = [y for p, y in scored if p >= SAFE_THRESHOLD]
    right = sum(y for _, y in scored)
    # AUC by ranks (Mann–Whitney), ties counted half.
    order = sorted(scored)
    rank_sum, i = 0.0, 0
    while i < len(order):
        j = i
        while j < len(order) and order[j][0] == order[i][0]:
            j += 1
        mid = (i + 1 + j) / 2  # the mean 1-based rank of the tie
        rank_sum += mid * sum(y for _, y in order[i:j])
        i = j
    wrong = len(scored) - right
    auc = (rank_sum - right * (right + 1) / 2) / (right * wrong) if right and wrong else float("nan")
    eps = 1e-6
    log_loss = -sum(math.log(max(eps, p)) if y else math.log(max(eps, 1 - p)) for p, y in scored) / len(scored)
    return {
        "examples": len(scored), "right": right,
        "safe": len(safe), "safe_right": sum(safe),
        "safe_precision": 100 * sum(safe) / len(safe) if safe else float("nan"),
        "auc": auc, "log_loss": log_loss,
    }


def summary(m: dict[str, float]) -> str:
    return (f"{m['safe_right']} of {m['right']} right first suggestions at >= {SAFE_THRESHOLD} "
            f"(precision there {m['safe_precision']:.1f} % of {m['safe']}); "
            f"AUC {m['auc']:.3f}, log-loss {m['log_loss']:.3f}")


def _halves(lang: str) -> tuple[list, list]:
    """(even rows, odd rows) of ``lang``'s examples, as feature dicts."""
    return _records(lang, lambda i: i % 2 == 0), _records(lang, lambda i: i % 2 == 1)


def _columns(records, keys) -> list[tuple[list[float], int]]:
    return [([feats[k] for k in keys], right) for feats, right in records]


def ablation(lang: str, even, odd) -> list[str]:
    """Each group of features left out in turn: the held-out measures both
    ways (fit on even rows, judge odd; fit on odd, judge even). A group that
    earns its place makes them worse when it goes."""
    lines = []
    shape = frozenset(map(calibration.group_of, calibration.SHAPE))
    weighed = calibration.keys(lang)
    groups = tuple(g for g in calibration.GROUPS if any(calibration.group_of(k) == g for k in weighed))
    for group in (None, "shape") + groups:
        if group == "shape":  # the map before its SHAPE features
            keys = tuple(k for k in weighed if calibration.group_of(k) not in shape)
        else:
            keys = tuple(k for k in weighed if group is None or calibration.group_of(k) != group)
        both = []
        for train, test in ((even, odd), (odd, even)):
            w = fit(_columns(train, keys))
            both.append(measures(w, _columns(test, keys)))
        safe_right = sum(m["safe_right"] for m in both)
        safe = sum(m["safe"] for m in both)
        lines.append(
            f"| {'(all)' if group is None else 'without ' + ('every SHAPE group' if group == 'shape' else group)} | {len(keys)} | {safe_right} | "
            f"{100 * safe_right / safe if safe else float('nan'):.1f} | "
            f"{sum(m['auc'] for m in both) / 2:.3f} | {sum(m['log_loss'] for m in both) / 2:.3f} |")
        print(lines[-1], flush=True)
    return ["| features | n | right at >= 0.9 (both folds) | precision there | AUC | log-loss |",
            "|---|---|---|---|---|---|"] + lines


def main() -> None:
    global L2
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="fit on even rows, report on odd rows; write nothing")
    parser.add_argument("--ablate", action="store_true",
                        help="with --check: leave each group of features out in turn (both folds)")
    parser.add_argument("--l2", type=float, default=None, help="the L2 penalty (default: L2)")
    parser.add_argument("--only", choices=calibration.GROUPS, default=None,
                        help="refit only this group's weights, every other weight held as calibration.json has it "
                             "(a new group of features added without moving the calibrated rest)")
    args = parser.parse_args()
    if args.l2 is not None:
        L2 = args.l2
    fitted, counts = {}, {}
    report = ["# Spelling confidence on held-out rows", "",
              "Produced by `python bench/fit_spelling.py --check`: the map is fit on the even rows of each",
              "dev set and applied to the odd rows; each line is a confidence bucket, how many first",
              "suggestions fell in it and how many of them were the gold correction.", ""]
    for lang in ("ru", "en"):
        if args.check:
            train, test = _halves(lang)
            w = fit(_columns(train, calibration.keys(lang)))
            held_out = _columns(test, calibration.keys(lang))
            head = f"{lang}: {len(train)} training examples, {len(test)} held out"
            got = summary(measures(w, held_out))
            print(head)
            print(got)
            print("\n".join(table(w, held_out)))
            report += [f"## {head}", "", f"Held out: {got}.", ""] + [f"- {line}" for line in table(w, held_out)] + [""]
            if args.ablate:
                report += [f"Ablation ({lang}; `--check --ablate`):", ""] + ablation(lang, train, test) + [""]
            continue
        data = examples(lang)
        if args.only:
            w = _fit_only(args.only, lang, data)
        else:
            w = fit(data)
        counts[lang] = len(data)
        print(f"{lang}: {len(data)} examples, {sum(y for _, y in data)} right first suggestions (in-sample)")
        print("\n".join(table(w, data)))
        # (A feature the language's map leaves out weighs 0.)
        fitted[lang] = {k: 0.0 for k in calibration.FEATURES} | {
            k: round(v, 4) for k, v in zip(calibration.keys(lang), w)}
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
