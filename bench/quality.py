"""Quality on the public dev sets: precision / recall / F1 of the edits `fix`
makes at the default threshold, per dataset and per rule category, and a
calibration table (confidence bucket → observed precision of suggestions).

    python bench/quality.py                  # all sets, writes bench/results/quality.{json,md}
    python bench/quality.py --limit 200      # quicker look, writes nothing unless --write

Every detector is measured here automatically through the rule category of
its findings; nothing is tuned per sentence. The spelling confidence is fit on
RUSpellRU train and the Norvig set (bench/fit_spelling.py), so its calibration
rows for those two are in-sample; `python bench/fit_spelling.py --check` shows
it on held-out rows.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from scoring import NORMALISE, Score, edits, is_boundary, load, tokens  # noqa: E402
import regex  # noqa: E402

from cleanup.apply import apply_edits  # noqa: E402
from cleanup.detectors import script  # noqa: E402
from cleanup.document import Document  # noqa: E402
from cleanup.model import Edit, SAFE_THRESHOLD  # noqa: E402
from cleanup.options import ENGLISH_TEXTS, Options  # noqa: E402
from cleanup.pipeline import Checker  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"

DATASETS = NORMALISE  # every dev set, with how its tokens are compared
BUCKETS = [0.0, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0001]


def evaluate(name: str, normalise: str, limit: int | None, options: Options, half: str | None = None) -> dict:
    rows = load(name, limit)
    if half is not None:
        # The rows fit_spelling.py --check holds out (odd) or fits on (even):
        # develop a mechanism on one half, confirm it on the other.
        rows = rows[half == "odd"::2]
    checker = Checker(options)
    overall = Score()
    boundary = Score()
    by_category: dict[str, Score] = defaultdict(Score)
    calibration = defaultdict(lambda: [0, 0])  # bucket → [right, total]
    tier_scores: dict[str, Score] = defaultdict(Score)
    false_alarms_on_correct = 0
    correct_sentences = 0
    # Applied edits judged wrong that only differ from the gold by a hyphen the
    # gold keeps at a printed line end (ICDAR keeps "re-ceived" where the OCR
    # lost the hyphen; joining gives "received").
    wrong_by_kept_hyphen = 0
    # ... or by Latin lookalike letters the gold keeps inside a Russian word
    # (RUSpellRU keeps "миpные" with a Latin p, which script.mixed mends).
    wrong_by_kept_lookalike = 0
    started = time.perf_counter()
    for row in rows:
        src_text, tgt_text = row["source"], row["target"]
        src, tgt = tokens(src_text, normalise), tokens(tgt_text, normalise)
        gold = edits(src, tgt)
        doc = Document(src_text, row["id"])
        result = checker.check(doc)
        fixed = checker.fix(doc).text
        made = edits(src, tokens(fixed, normalise))
        overall.add(gold, made, src)
        boundary.add({e for e in gold if is_boundary(e, src)}, {e for e in made if is_boundary(e, src)})
        if not gold:
            correct_sentences += 1
            # A false alarm is a finding above `display` whose fix changes a
            # word the comparison sees (a tokenised set's "небе ." is not
            # one: its space before the full stop is the set's own layout).
            if any(f.tier > f.tier.DISPLAY and f.best is not None and edits(src, tokens(
                    apply_edits(src_text, [Edit(f.start, f.end, f.best.text, f.best.confidence)])[0], normalise))
                   for f in result.findings):
                false_alarms_on_correct += 1
        # Each finding alone: is its best suggestion one of the gold edits?
        per_cat_made: dict[str, set] = defaultdict(set)
        for f in result.findings:
            if f.best is None:
                continue
            alone, _ = apply_edits(src_text, [Edit(f.start, f.end, f.best.text, f.best.confidence)])
            own = edits(src, tokens(alone, normalise))
            if not own:
                continue  # a change the comparison cannot see (spaces, punctuation when dropped)
            right = own <= gold
            bucket = max(i for i, b in enumerate(BUCKETS) if f.confidence >= b)
            calibration[bucket][0] += right
            calibration[bucket][1] += 1
            tier_scores[str(f.tier)].tp += right
            tier_scores[str(f.tier)].fp += not right
            if f.best.confidence >= options.min_confidence and f.tier >= options.fix_tier:
                per_cat_made[f.category] |= own
                if not right:
                    unhyphenated = _LINE_END_HYPHEN.sub("", tgt_text)
                    wrong_by_kept_hyphen += own <= edits(src, tokens(unhyphenated, normalise))
                    wrong_by_kept_lookalike += own <= edits(src, tokens(_one_script(tgt_text), normalise))
        for cat, made_cat in per_cat_made.items():
            by_category[cat].add(gold, made_cat)
    elapsed = time.perf_counter() - started
    return {
        "dataset": name,
        "items": len(rows),
        "seconds": round(elapsed, 1),
        "overall": overall.as_dict(),
        "boundary": boundary.as_dict(),
        "by_category_precision": {
            c: {"made": s.tp + s.fp, "precision": round(100 * s.precision, 1)}
            for c, s in sorted(by_category.items())
        },
        "by_tier_precision": {
            t: {"made": s.tp + s.fp, "precision": round(100 * s.precision, 1)}
            for t, s in sorted(tier_scores.items())
        },
        "correct_sentences": correct_sentences,
        "correct_sentences_with_finding_above_display": false_alarms_on_correct,
        "applied_wrong_only_by_kept_hyphen": wrong_by_kept_hyphen,
        "applied_wrong_only_by_kept_lookalike": wrong_by_kept_lookalike,
        "calibration": [
            {
                "confidence": f"[{BUCKETS[i]:.2f}, {min(BUCKETS[i + 1], 1):.2f})",
                "suggestions": total,
                "observed_precision": round(right / total, 3) if total else None,
            }
            for i, (right, total) in sorted(calibration.items())
        ],
        "false_positive_examples": overall.fp_examples[:15],
    }


_LINE_END_HYPHEN = regex.compile(r"(?<=\p{L})[-\u2010]\s*(?=\p{Ll})")
_MIXED_WORD = regex.compile(r"\p{L}*(?:\p{Script=Latin}\p{L}*\p{Script=Cyrillic}|\p{Script=Cyrillic}\p{L}*\p{Script=Latin})\p{L}*")


def _one_script(text: str) -> str:
    """``text`` with each word of mixed letters written in its main script,
    as script.mixed writes it (a word it cannot convert is kept)."""
    def mend(m):
        word = m.group()
        lang = script._script_of(word)
        return (lang and script._convert(word, lang)) or word
    return _MIXED_WORD.sub(mend, text)


def markdown(results: list[dict]) -> str:
    lines = [
        "# Quality on the dev sets",
        "",
        f"Default threshold {SAFE_THRESHOLD}; produced by `python bench/quality.py`.",
        "",
        "| dataset | items | P | R | F1 | boundary P | boundary R | s |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        o, b = r["overall"], r["boundary"]
        lines.append(
            f"| {r['dataset']} | {r['items']} | {o['precision']} | {o['recall']} | {o['f1']} "
            f"| {b['precision']} | {b['recall']} | {r['seconds']} |"
        )
    for r in results:
        lines += ["", f"## {r['dataset']}", "", "| confidence | suggestions | observed precision |", "|---|---|---|"]
        for c in r["calibration"]:
            lines.append(f"| {c['confidence']} | {c['suggestions']} | {c['observed_precision']} |")
        lines += ["", "Precision by category (edits applied at the default threshold):", ""]
        for cat, v in r["by_category_precision"].items():
            lines.append(f"- {cat}: {v['precision']} % of {v['made']}")
        for tier, v in r["by_tier_precision"].items():
            lines.append(f"- first suggestions at tier `{tier}`: {v['precision']} % right of {v['made']}")
        lines.append(
            f"- correct sentences with a finding above `display` that changes a word: "
            f"{r['correct_sentences_with_finding_above_display']} of {r['correct_sentences']}"
        )
        if r.get("applied_wrong_only_by_kept_hyphen"):
            lines.append(
                f"- applied edits counted wrong only because the gold keeps a word's line-end hyphen "
                f"(`re-ceived` where the tool joins `re ceived` → `received`): "
                f"{r['applied_wrong_only_by_kept_hyphen']}"
            )
        if r.get("applied_wrong_only_by_kept_lookalike"):
            lines.append(
                f"- applied edits counted wrong only because the gold keeps Latin lookalike letters in a "
                f"Russian word (`миpные` with a Latin p, which script.mixed writes `мирные`): "
                f"{r['applied_wrong_only_by_kept_lookalike']}"
            )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--datasets", nargs="*", default=list(DATASETS))
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--select", nargs="*", default=())
    parser.add_argument("--ignore", nargs="*", default=())
    parser.add_argument("--half", choices=("even", "odd"), default=None,
                        help="only the even or odd rows of each set (fit_spelling.py --check's halves); nothing written")
    parser.add_argument("--write", action="store_true", help="write results even with --limit")
    parser.add_argument("--english-text", choices=ENGLISH_TEXTS, default="auto",
                        help="what the English is (Options.english_text); other than auto: nothing written")
    args = parser.parse_args()
    options = Options(select=tuple(args.select), ignore=tuple(args.ignore), english_text=args.english_text)
    results = []
    for name in args.datasets:
        r = evaluate(name, DATASETS[name], args.limit, options, args.half)
        results.append(r)
        o = r["overall"]
        print(f"{name}: P {o['precision']} R {o['recall']} F1 {o['f1']} ({r['items']} items, {r['seconds']} s)")
        for cat, v in r["by_category_precision"].items():
            print(f"    {cat}: P {v['precision']} of {v['made']}")
    if ((args.limit is None and args.half is None) or args.write) and args.english_text == "auto":
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "quality.json").write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        (RESULTS / "quality.md").write_text(markdown(results), encoding="utf-8")
        print(f"wrote {RESULTS / 'quality.md'}")


if __name__ == "__main__":
    main()
