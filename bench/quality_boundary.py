"""Word-boundary quality in detail: each `boundary.*` finding judged alone
against the gold edits, per rule and per tier, plus recall of the gold
boundary edits and false alarms on sentences that need no change.

    python bench/quality_boundary.py                # all sets, writes bench/results/quality_boundary.{json,md}
    python bench/quality_boundary.py --limit 300    # quicker look, writes nothing unless --write
    python bench/quality_boundary.py --half even    # the even rows only (as bench/quality.py); writes nothing
    python bench/quality_boundary.py --simulate     # run-together splits of simulated glued pairs and typos

`bench/quality.py` reports boundary P/R of the whole `fix` run; this script
says which boundary rule is right how often, so each rule's confidence can be
checked against what it achieves.

ICDAR 2017 keeps the hyphen of a word broken at a line end in its gold text
(`re ceived` → `re-ceived`): a join to `received` is scored wrong by the
generic script. Here it is counted separately as "join of a line-end
hyphenation", right in letters but not in the dataset's convention.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from scoring import NORMALISE, edits, is_boundary, load, tokens  # noqa: E402

from cleanup.apply import apply_edits  # noqa: E402
from cleanup.document import Document  # noqa: E402
from cleanup.model import Edit  # noqa: E402
from cleanup.options import Options  # noqa: E402
from cleanup.pipeline import Checker  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"
# The sets with split, merged or hyphenated words in their gold.
DATASETS = ("ruspellru_train.jsonl", "gera_dev.jsonl", "icdar2017_en_dev.jsonl")


def _distance(a: list[str], b: list[str]) -> int:
    """Tokens that differ between ``a`` and ``b`` (sum over non-equal blocks)."""
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    return sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal")


_HYPHENS = "-\u2010\u00ad"


def _hyphen_variant(own: set, gold: set, src: list[str]) -> bool:
    """Our join is the gold's reading except for a line-end hyphen the gold
    kept (ICDAR writes ``re-ceived`` or ``senti‐ ment``)."""
    for i1, i2, repl in own:
        if "".join(src[i1:i2]) != "".join(repl):
            return False  # not a pure join
        if not any(
            i1 <= g1 and g2 <= i2 and any(ch in _HYPHENS for ch in "".join(grepl))
            and "".join(grepl).strip(_HYPHENS).replace("-", "").replace("\u2010", "") in ("", "".join(repl))
            for g1, g2, grepl in gold
        ):
            return False
    return bool(own)


def _split_kind(f) -> str | None:
    """The kind of evidence behind a run-together finding (what the detector
    says of the word again; see cleanup/detectors/runtogether.py)."""
    from cleanup.detectors.runtogether import splittable

    found = splittable(f.text, f.rule.split(".")[1])
    return found[1].kind if found else None


def evaluate(name: str, normalise: str, limit: int | None, half: str | None = None) -> dict:
    rows = load(name, limit)
    if half is not None:
        rows = rows[half == "odd"::2]
    checker = Checker(Options(select=("boundary",)))
    per_rule: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    calibration: dict[float, list[int]] = defaultdict(lambda: [0, 0, 0])  # confidence → [right, variant, made]
    gold_boundary = found_boundary = fixed_boundary = made_fix = right_fix = 0
    correct_rows = correct_rows_touched = 0
    wrong_examples: dict[str, list[str]] = defaultdict(list)
    on_gold: dict[str, int] = defaultdict(int)
    on_gold_examples: list[str] = []
    # run_together findings by the kind of evidence behind the split.
    per_kind: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    kind_examples: dict[str, list[str]] = defaultdict(list)
    # Every finding by (rule, evidence, confidence): the evidence is the
    # run-together kind or the reason a join gives (its message up to ":"),
    # so each hand-set confidence can be set against what it achieves.
    per_evidence: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # → [made, right]
    for row in rows:
        src_text, tgt_text = row["source"], row["target"]
        src, tgt = tokens(src_text, normalise), tokens(tgt_text, normalise)
        gold = edits(src, tgt)
        gold_b = {e for e in gold if is_boundary(e, src)}
        gold_boundary += len(gold_b)
        doc = Document(src_text, row["id"])
        findings = checker.check(doc).findings
        # The gold text is corrected text: what is found there (above display)
        # is a false alarm, or an error the gold left in.
        for f in checker.check(Document(tgt_text, row["id"])).findings:
            if f.tier > f.tier.DISPLAY:
                on_gold[f.rule] += 1
                if len(on_gold_examples) < 15:
                    on_gold_examples.append(f"{f.text} → {f.best.text if f.best else ''}  [{f.tier} {f.confidence:.2f}]")
        if not gold:
            correct_rows += 1
            correct_rows_touched += any(f.tier > f.tier.DISPLAY for f in findings)
        hit_any: set = set()
        for f in findings:
            if f.best is None:
                continue
            alone, _ = apply_edits(src_text, [Edit(f.start, f.end, f.best.text, f.best.confidence)])
            own = edits(src, tokens(alone, normalise))
            if not own:
                continue
            stats = per_rule[f.rule]
            stats[f"{f.tier}_made"] += 1
            kind = _split_kind(f) if f.rule.endswith(".run_together") else None
            kind_stats = per_kind[kind] if kind else defaultdict(int)
            kind_stats[f"{f.tier}_made"] += 1
            bucket = calibration[round(f.confidence, 2)]
            bucket[2] += 1
            evidence = per_evidence[f"{f.rule} | {kind or f.message.split(':')[0]} | {f.confidence:.2f}"]
            evidence[0] += 1
            # Right: the edit is a gold edit, or (when the gold merges it with
            # a neighbouring correction into one block) it brings the text
            # strictly closer to the gold.
            if own <= gold:
                stats[f"{f.tier}_right"] += 1
                kind_stats[f"{f.tier}_right"] += 1
                bucket[0] += 1
                evidence[1] += 1
                hit_any |= own & gold_b
            elif _hyphen_variant(own, gold, src):
                stats[f"{f.tier}_hyphen_variant"] += 1
                kind_stats[f"{f.tier}_hyphen_variant"] += 1
                bucket[1] += 1
            elif _distance(tokens(alone, normalise), tgt) < _distance(src, tgt):
                stats[f"{f.tier}_right"] += 1
                kind_stats[f"{f.tier}_right"] += 1
                bucket[0] += 1
                evidence[1] += 1
            else:
                if len(wrong_examples[f.rule]) < 25:
                    wrong_examples[f.rule].append(f"{f.text} → {f.best.text}  [{f.tier} {f.confidence:.2f}]")
                if kind and len(kind_examples[kind]) < 10:
                    kind_examples[kind].append(f"{f.text} → {f.best.text}  [{f.tier} {f.confidence:.2f}]")
        found_boundary += len(hit_any)
        # What plain `fix` (safe tier only) does to the boundary edits.
        fixed = checker.fix(doc).text
        made = {e for e in edits(src, tokens(fixed, normalise)) if is_boundary(e, src)}
        made_fix += len(made)
        right_fix += len(made & gold_b)
        fixed_boundary += len(made & gold_b)
    safe_made = sum(v.get("safe_made", 0) for v in per_rule.values())
    safe_right = sum(v.get("safe_right", 0) for v in per_rule.values())
    safe_variant = sum(v.get("safe_hyphen_variant", 0) for v in per_rule.values())
    return {
        "dataset": name,
        "safe_findings": {
            "made": safe_made,
            "right": safe_right,
            "hyphen_variant": safe_variant,
            "precision": round(100 * safe_right / safe_made, 1) if safe_made else None,
            "precision_counting_hyphen_variants": (
                round(100 * (safe_right + safe_variant) / safe_made, 1) if safe_made else None
            ),
        },
        "items": len(rows),
        "gold_boundary_edits": gold_boundary,
        "found_by_any_tier": found_boundary,
        "fix_safe": {
            "made": made_fix,
            "right": right_fix,
            "precision": round(100 * right_fix / made_fix, 1) if made_fix else None,
            "recall": round(100 * fixed_boundary / gold_boundary, 1) if gold_boundary else None,
        },
        "correct_sentences": correct_rows,
        "correct_sentences_with_boundary_finding_above_display": correct_rows_touched,
        "per_rule": {rule: dict(sorted(v.items())) for rule, v in sorted(per_rule.items())},
        "run_together_by_kind": {kind: dict(sorted(v.items())) for kind, v in sorted(per_kind.items())},
        "run_together_wrong_by_kind": dict(kind_examples),
        "per_evidence": {k: {"made": v[0], "right": v[1]} for k, v in sorted(per_evidence.items())},
        "calibration": [
            {"confidence": c, "made": made, "right": right, "hyphen_variant": variant,
             "observed": round(right / made, 3)}
            for c, (right, variant, made) in sorted(calibration.items())
        ],
        "wrong_examples": dict(wrong_examples),
        "findings_on_gold_text": dict(sorted(on_gold.items())),
        "findings_on_gold_text_examples": on_gold_examples,
    }


def simulate(half: str | None = None) -> dict:
    """What each kind of run-together split does on two simulated inputs.

    - Glued pairs: every two adjacent words of GERA's corrected sentences
      typed together (when that is no word): is the split the two words?
    - Typos: one-letter edits (a letter replaced, added or dropped, at random,
      seeds 1–3) of 90,000 common Russian words (Zipf ≥ 3, five letters or
      more) that are no word: every split of them is a false alarm.
    Each counted by kind and tier."""
    import random

    from cleanup import lexicon
    from cleanup.detectors.runtogether import split_ru
    from cleanup.spelling import index

    def tier(c: float) -> str:
        return "safe" if c >= 0.9 else "unsafe" if c >= 0.5 else "display"

    def unseen(w: str) -> bool:
        return not lexicon.is_known(w, "ru") and lexicon.zipf(w, "ru") == 0

    glued: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    pairs = 0
    rows = load("gera_dev.jsonl", None)
    if half is not None:
        rows = rows[half == "odd"::2]
    for row in rows:
        words = [t.lower() for t in tokens(row["target"]) if t.isalpha()]
        for a, b in zip(words, words[1:]):
            if not unseen(a + b):
                continue
            pairs += 1
            split = split_ru(a + b)
            if split is not None:
                right = split.text.replace("-", " ") == f"{a} {b}"
                glued[split.kind][f"{tier(split.confidence)}_{'right' if right else 'wrong'}"] += 1
    typos: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    made = 0
    letters = "абвгдежзийклмнопрстуфхцчшщъыьэюя"
    common = sorted(w for w in index.get("ru").freq.keys()
                    if len(w) >= 5 and all(c in letters or c == "ё" for c in w) and lexicon.zipf(w, "ru") >= 3.0)
    for seed in (1, 2, 3):
        rng = random.Random(seed)
        sample = common[:]
        rng.shuffle(sample)
        for w in sample[:30_000]:
            i, op, c = rng.randrange(len(w)), rng.choice("sid"), rng.choice(letters)
            typo = {"s": w[:i] + c + w[i + 1:], "i": w[:i] + c + w[i:], "d": w[:i] + w[i + 1:]}[op]
            if not unseen(typo):
                continue
            made += 1
            split = split_ru(typo)
            if split is not None:
                typos[split.kind][tier(split.confidence)] += 1
    return {
        "glued_pairs": pairs,
        "glued_pairs_by_kind": {k: dict(sorted(v.items())) for k, v in sorted(glued.items())},
        "typos": made,
        "typos_split_by_kind": {k: dict(sorted(v.items())) for k, v in sorted(typos.items())},
    }


def markdown(results: list[dict]) -> str:
    lines = [
        "# Word-boundary quality on the dev sets",
        "",
        "Produced by `python bench/quality_boundary.py`. `fix` = default threshold (safe tier).",
        "Per rule: findings judged alone; `right` = its edit is a gold edit, or brings the",
        "sentence strictly closer to the gold (when the gold merges it with a neighbouring fix);",
        "`hyphen_variant` = a join the gold writes with a line-end hyphen (ICDAR).",
        "",
        "`fix P/R`: exact edit match of the whole `fix` run (as `bench/quality.py`); an edit the",
        "gold merges with a neighbouring correction the tool did not make counts as wrong there.",
        "`safe P`: each safe finding alone, judged as above.",
        "",
        "| dataset | items | gold boundary edits | fix made | fix right | fix P | fix R | found (any tier) "
        "| safe findings | safe P | safe P incl. hyphen variants |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        f, sf = r["fix_safe"], r["safe_findings"]
        lines.append(
            f"| {r['dataset']} | {r['items']} | {r['gold_boundary_edits']} | {f['made']} | {f['right']} "
            f"| {f['precision']} | {f['recall']} | {r['found_by_any_tier']} "
            f"| {sf['made']} | {sf['precision']} | {sf['precision_counting_hyphen_variants']} |"
        )
    for r in results:
        lines += ["", f"## {r['dataset']}", "", "| rule | tier | made | right | hyphen variant |", "|---|---|---|---|---|"]
        for rule, v in r["per_rule"].items():
            for tier in ("safe", "unsafe", "display"):
                if v.get(f"{tier}_made"):
                    lines.append(
                        f"| {rule} | {tier} | {v[f'{tier}_made']} | {v.get(f'{tier}_right', 0)} "
                        f"| {v.get(f'{tier}_hyphen_variant', 0)} |"
                    )
        if r.get("run_together_by_kind"):
            lines += ["", "run_together by kind of evidence:", "", "| kind | tier | made | right |", "|---|---|---|---|"]
            for kind, v in r["run_together_by_kind"].items():
                for tier in ("safe", "unsafe", "display"):
                    if v.get(f"{tier}_made"):
                        lines.append(f"| {kind} | {tier} | {v[f'{tier}_made']} | {v.get(f'{tier}_right', 0)} |")
        lines += ["", "| confidence | made | right | hyphen variant | observed precision |", "|---|---|---|---|---|"]
        for c in r["calibration"]:
            lines.append(f"| {c['confidence']} | {c['made']} | {c['right']} | {c['hyphen_variant']} | {c['observed']} |")
        lines.append(
            f"\nCorrect sentences with a boundary finding above display: "
            f"{r['correct_sentences_with_boundary_finding_above_display']} of {r['correct_sentences']}"
        )
        lines.append(
            f"\nFindings above display on the gold (corrected) text: {sum(r['findings_on_gold_text'].values())} "
            f"{r['findings_on_gold_text']}"
        )
        lines += [f"- {e}" for e in r["findings_on_gold_text_examples"]]
        for rule, ex in r["wrong_examples"].items():
            lines += ["", f"Wrong or unmatched, {rule}:", ""] + [f"- {e}" for e in ex]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--datasets", nargs="*", default=list(DATASETS))
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--write", action="store_true", help="write results even with --limit")
    parser.add_argument("--half", choices=("even", "odd"), default=None,
                        help="only the even or odd rows of each set (as bench/quality.py); nothing written")
    parser.add_argument("--simulate", action="store_true",
                        help="run-together splits of simulated glued pairs and typos, by kind (see simulate)")
    parser.add_argument("--by-evidence", action="store_true",
                        help="also print every finding pooled over the sets by (rule, evidence, confidence)")
    args = parser.parse_args()
    if args.simulate:
        sim = simulate(args.half)
        print(f"glued pairs of GERA's corrected text: {sim['glued_pairs']}")
        for kind, v in sim["glued_pairs_by_kind"].items():
            print(f"    {kind}: {v}")
        print(f"one-letter typos of common words: {sim['typos']}")
        for kind, v in sim["typos_split_by_kind"].items():
            print(f"    {kind}: {v}")
        if args.half is None:
            RESULTS.mkdir(exist_ok=True)
            (RESULTS / "quality_boundary_simulated.json").write_text(
                json.dumps(sim, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        return
    results = []
    for name in args.datasets:
        r = evaluate(name, NORMALISE[name], args.limit, args.half)
        results.append(r)
        f = r["fix_safe"]
        sf = r["safe_findings"]
        print(f"{name}: gold {r['gold_boundary_edits']}, fix made {f['made']} right {f['right']} "
              f"(P {f['precision']} R {f['recall']}), found any tier {r['found_by_any_tier']}; "
              f"safe findings {sf['made']}, P {sf['precision']} "
              f"({sf['precision_counting_hyphen_variants']} with hyphen variants); "
              f"on gold text {sum(r['findings_on_gold_text'].values())}")
        for rule, v in r["per_rule"].items():
            print(f"    {rule}: {dict(v)}")
        for kind, v in r["run_together_by_kind"].items():
            print(f"    run_together/{kind}: {dict(v)}")
        for kind, ex in r["run_together_wrong_by_kind"].items():
            print(f"      wrong {kind}: {'; '.join(ex)}")
    if args.by_evidence:
        pooled: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for r in results:
            for key, v in r["per_evidence"].items():
                pooled[key][0] += v["made"]
                pooled[key][1] += v["right"]
        print(f"pooled over {', '.join(args.datasets)}: rule | evidence | confidence: made, right (precision)")
        for key, (made, right) in sorted(pooled.items()):
            print(f"    {key}: {made}, {right} ({100 * right / made:.0f} %)")
    if (args.limit is None or args.write) and args.half is None:
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "quality_boundary.json").write_text(
            json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        (RESULTS / "quality_boundary.md").write_text(markdown(results), encoding="utf-8")
        print(f"wrote {RESULTS / 'quality_boundary.md'}")


if __name__ == "__main__":
    main()
