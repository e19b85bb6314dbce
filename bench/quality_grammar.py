"""Grammar quality on GERA (gera_dev.jsonl): precision and recall of the
`grammar.*` findings, one by one, against GERA's typed gold edits.

    python bench/quality_grammar.py            # writes bench/results/quality_grammar.{json,md}
    python bench/quality_grammar.py --show 40  # also print wrong suggestions and missed G: edits

GERA sentences are tokenised by spaces and its gold edits are typed
(`G:NOUN:CASE`, `S:ORTH`, ...) over those tokens. Each finding is applied
alone to its sentence; it is right when the words it changes read exactly as
in the target (after GERA's own edits on the same words). Precision counts a
finding as right whatever the type of the gold edit it matches (a case ending
GERA files under spelling is still a right correction); recall is over gold
edits of grammar type (`G:*`) only. Sentences without any gold edit ("about
half are correct") give the false-positive rate: the share of them on which
the detector reports anything.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from scoring import load  # noqa: E402

from cleanup.apply import apply_edits  # noqa: E402
from cleanup.document import Document  # noqa: E402
from cleanup.model import SAFE_THRESHOLD, UNSAFE_THRESHOLD, Edit, Tier  # noqa: E402
from cleanup.options import Options  # noqa: E402
from cleanup.pipeline import Checker  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"
BUCKETS = [0.0, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001]
LEVELS = {"safe (plain fix)": SAFE_THRESHOLD, "unsafe (fix --unsafe)": UNSAFE_THRESHOLD, "display (check)": 0.0}


def _span_edit(src: list[str], out: list[str]) -> tuple[int, int, list[str]] | None:
    ops = [op for op in difflib.SequenceMatcher(a=src, b=out, autojunk=False).get_opcodes() if op[0] != "equal"]
    if not ops:
        return None
    i1, j1 = ops[0][1], ops[0][3]
    i2, j2 = ops[-1][2], ops[-1][4]
    return i1, i2, out[j1:j2]


def _judge(src: list[str], gold: list[dict], i1: int, i2: int, repl: list[str]) -> tuple[bool, list[int]]:
    """Is the change of src[i1:i2] into repl what the gold edits do there? Also
    which gold edits it covers."""
    touching = [k for k, e in enumerate(gold) if e["start"] < max(i2, i1 + 1) and e["end"] > i1 - (i1 == i2)]
    if not touching:
        return False, []
    lo = min([i1] + [gold[k]["start"] for k in touching])
    hi = max([i2] + [gold[k]["end"] for k in touching])
    expected: list[str] = []
    pos = lo
    for k in sorted(touching, key=lambda k: gold[k]["start"]):
        e = gold[k]
        expected += src[pos : e["start"]] + e["correction"].split()
        pos = e["end"]
    expected += src[pos:hi]
    got = src[lo:i1] + repl + src[i2:hi]
    return got == expected, touching


def evaluate(limit: int | None, show: int) -> dict:
    rows = load("gera_dev.jsonl", limit)
    checker = Checker(Options(select=("grammar",), lang="ru"))
    per_rule: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # rule → [right, total]
    calibration: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    levels = {name: {"right": 0, "made": 0, "grammar_hits": set()} for name in LEVELS}
    grammar_gold = 0
    correct_rows = flagged_correct = flagged_correct_unsafe = 0
    wrong_examples, missed = [], []
    started = time.perf_counter()
    for r, row in enumerate(rows):
        text = row["source"]
        src = text.split()
        gold = row["edits"]
        grammar_gold += sum(e["type"].startswith("G:") for e in gold)
        findings = [f for f in checker.check(Document(text, row["id"])).findings if f.best]
        if not gold:
            correct_rows += 1
            flagged_correct += bool(findings)
            flagged_correct_unsafe += any(f.tier >= Tier.UNSAFE for f in findings)
        hit_gold = set()
        for f in findings:
            out, _ = apply_edits(text, [Edit(f.start, f.end, f.best.text, f.confidence, f.rule)])
            change = _span_edit(src, out.split())
            if change is None:
                continue
            right, touching = _judge(src, gold, *change)
            per_rule[f.rule][0] += right
            per_rule[f.rule][1] += 1
            bucket = next(f"{lo:.1f}–{hi:.1f}" for lo, hi in zip(BUCKETS, BUCKETS[1:]) if lo <= f.confidence < hi)
            calibration[bucket][0] += right
            calibration[bucket][1] += 1
            for name, floor in LEVELS.items():
                applies = f.confidence >= floor and (f.tier > Tier.DISPLAY or floor == 0.0)
                if applies and (floor < SAFE_THRESHOLD or f.tier == Tier.SAFE):
                    levels[name]["made"] += 1
                    levels[name]["right"] += right
                    if right:
                        levels[name]["grammar_hits"].update(
                            (r, k) for k in touching if gold[k]["type"].startswith("G:")
                        )
            if right:
                hit_gold.update(touching)
            elif len(wrong_examples) < show:
                wrong_examples.append(f"[{f.rule} {f.confidence:.2f}] {f.text} → {f.best.text}   | {text}")
        for k, e in enumerate(gold):
            if e["type"].startswith("G:") and k not in hit_gold and len(missed) < show:
                missed.append(f"{e['type']}: {' '.join(src[e['start']:e['end']])} → {e['correction']}")
    seconds = time.perf_counter() - started

    def pct(a: int, b: int) -> float | None:
        return round(100 * a / b, 1) if b else None

    return {
        "dataset": "gera_dev.jsonl",
        "sentences": len(rows),
        "grammar_gold_edits": grammar_gold,
        "seconds": round(seconds, 1),
        "levels": {
            name: {
                "suggestions": v["made"],
                "right": v["right"],
                "precision": pct(v["right"], v["made"]),
                "grammar_recall": pct(len(v["grammar_hits"]), grammar_gold),
                "grammar_edits_found": len(v["grammar_hits"]),
            }
            for name, v in levels.items()
        },
        "false_positives_on_correct_sentences": {
            "correct_sentences": correct_rows,
            "with_any_grammar_finding": flagged_correct,
            "rate_any": pct(flagged_correct, correct_rows),
            "with_unsafe_or_better": flagged_correct_unsafe,
            "rate_unsafe": pct(flagged_correct_unsafe, correct_rows),
        },
        "per_rule": {k: {"right": v[0], "total": v[1], "precision": pct(*v)} for k, v in sorted(per_rule.items())},
        "calibration": {k: {"right": v[0], "total": v[1], "precision": pct(*v)} for k, v in sorted(calibration.items())},
        "wrong_examples": wrong_examples,
        "missed_grammar_edits": missed,
    }


def sample_findings() -> list[str]:
    """Every grammar finding on the sample transcript, for a person to judge."""
    path = Path(__file__).resolve().parents[1] / "samples" / "imcwp23-speech.txt"
    text = path.read_text(encoding="utf-8")
    checker = Checker(Options(select=("grammar",)))
    out = []
    for f in checker.check(Document(text, str(path))).findings:
        others = ", ".join(s.text for s in f.suggestions[1:])
        out.append(f"{f.rule} `{f.text}` → `{f.best.text if f.best else ''}` ({f.confidence:.2f}, {f.tier})"
                   + (f"; also {others}" if others else ""))
    return out


def markdown(res: dict) -> str:
    lines = [
        "# Grammar quality on GERA dev",
        "",
        f"Produced by `.venv/bin/python bench/quality_grammar.py` over {res['sentences']} sentences "
        f"({res['grammar_gold_edits']} gold grammar edits, type `G:*`) in {res['seconds']} s.",
        "Each finding is applied alone; it is right when the words it changes read as in the target.",
        "",
        "| level | suggestions | right | precision % | grammar recall % |",
        "|---|---|---|---|---|",
    ]
    for name, v in res["levels"].items():
        lines.append(f"| {name} | {v['suggestions']} | {v['right']} | {v['precision']} | {v['grammar_recall']} |")
    fp = res["false_positives_on_correct_sentences"]
    lines += [
        "",
        f"False positives on correct sentences: {fp['with_any_grammar_finding']} of {fp['correct_sentences']} "
        f"({fp['rate_any']} %) have any grammar finding; {fp['with_unsafe_or_better']} ({fp['rate_unsafe']} %) "
        "have one at `unsafe` or above.",
        "",
        "| rule | right | total | precision % |",
        "|---|---|---|---|",
    ]
    lines += [f"| {k} | {v['right']} | {v['total']} | {v['precision']} |" for k, v in res["per_rule"].items()]
    lines += ["", "| confidence | right | total | precision % |", "|---|---|---|---|"]
    lines += [f"| {k} | {v['right']} | {v['total']} | {v['precision']} |" for k, v in res["calibration"].items()]
    if res.get("sample"):
        lines += ["", f"## Sample: {len(res['sample'])} grammar findings on samples/imcwp23-speech.txt", ""]
        lines += [f"- {line}" for line in res["sample"]]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--show", type=int, default=0, help="print this many wrong suggestions and missed edits")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    res = evaluate(args.limit, args.show)
    res["sample"] = sample_findings()
    print(markdown(res))
    if args.show:
        print("wrong:\n  " + "\n  ".join(res["wrong_examples"]))
        print("missed:\n  " + "\n  ".join(res["missed_grammar_edits"]))
    if not args.no_write and args.limit is None:
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "quality_grammar.json").write_text(json.dumps(res, ensure_ascii=False, indent=2) + "\n")
        (RESULTS / "quality_grammar.md").write_text(markdown(res))


if __name__ == "__main__":
    main()
