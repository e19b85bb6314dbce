"""How often the document-level detectors (style.consistency.*, style.parallel.*)
speak on real text, and how often they are right.

These detectors need a document, not a sentence, so rows are joined into
documents: ICDAR rows by their ``doc`` field (pages of one book), the Russian
sets in blocks of ``--block`` consecutive rows (unrelated sentences: there
only false alarms can be counted fairly). A finding is counted right when its
best suggestion is a word of the row's gold target and the flagged word is
not; a finding without a suggestion is counted right when the flagged word
is not in the target (the gold changed it).

    python bench/consistency.py            # writes bench/results/consistency.md
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

import regex

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from scoring import load  # noqa: E402

from cleanup.document import Document  # noqa: E402
from cleanup.options import Options  # noqa: E402
from cleanup.pipeline import Checker  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"
WORD = regex.compile(r"[\p{L}\p{N}’'-]+")


def documents(name: str, block: int):
    rows = load(name, None)
    groups: dict[str, list[dict]] = defaultdict(list)
    for i, row in enumerate(rows):
        key = row.get("doc") or f"block{i // block}"
        groups[key].append(row)
    for key, members in groups.items():
        text, spans = "", []
        for row in members:
            start = len(text)
            text += row["source"]
            spans.append((start, len(text), row))
            text += "\n\n"
        yield key, text, spans


def run(block: int) -> str:
    checker = Checker(Options(select=("style.consistency", "style.parallel")))
    lines = ["# Document-level consistency on the dev sets", "",
             f"Produced by `python bench/consistency.py` (Russian rows in blocks of {block}).", "",
             "| dataset | documents | rule | tier | findings | judged right |", "|---|---|---|---|---|---|"]
    for name in ("icdar2017_en_dev.jsonl", "gera_dev.jsonl", "ruspellru_train.jsonl"):
        started = time.perf_counter()
        counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
        n_docs = 0
        examples = []
        for key, text, spans in documents(name, block):
            n_docs += 1
            for f in checker.check(Document(text, key)).findings:
                row = next(r for s, e, r in spans if s <= f.start < e)
                target_words = set(WORD.findall(row["target"]))
                flagged_kept = f.text in target_words
                right = (f.best.text in target_words and not flagged_kept) if f.best else not flagged_kept
                cell = counts[(f.rule, str(f.tier))]
                cell[0] += 1
                cell[1] += right
                if len(examples) < 12:
                    examples.append(f"- {'right' if right else 'wrong'}: {f.rule} {f.text!r} → "
                                    f"{f.best.text if f.best else '—'!r} ({f.tier})")
        seconds = time.perf_counter() - started
        if not counts:
            lines.append(f"| {name} | {n_docs} | — | — | 0 | — |")
        for (rule, tier), (total, right) in sorted(counts.items()):
            lines.append(f"| {name} | {n_docs} | {rule} | {tier} | {total} | {right} |")
        lines.append(f"| {name} | | (time) | | {seconds:.1f} s | |")
        lines.extend(["", *examples, ""] if examples else [])
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--block", type=int, default=50)
    args = parser.parse_args()
    report = run(args.block)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "consistency.md").write_text(report, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
