"""What a user of modern English text sees: real misspellings put into real
modern paragraphs (a SYNTHETIC check set; never fit on).

    python bench/modern_typos.py             # → bench/results/modern_typos.{json,md}
    python bench/modern_typos.py --fit-even  # the English map refit first WITHOUT the
                                             # Norvig odd rows injected here (in this
                                             # process only) → modern_typos-fit-even.*

The English dev data has no typed paragraphs: ICDAR 2017 is OCR of old
books, the Norvig set is single words. So the English confidence inside a
paragraph is fit on OCR alone. This bench shows what that means for modern
text. The paragraphs are the English edition of samples/imcwp23-speech.txt
and tests/data/parallel/*.en.txt (modern prose, in the repo). The
misspellings are the Norvig set's ODD rows (fit_spelling's held-out half):
in each sentence one lower-case word, not the first, of about the
misspelling's length is replaced by the misspelt word, and its right
spelling is the gold. Real misspellings, real paragraphs, injected: the
sentence's meaning suffers, its text stays modern prose. Rounds repeat the
document until every odd row is used once.

Reported, for the injected words only: how many got a first suggestion,
how many of those are the gold (precision) and of all injected (recall), at
any confidence and at the unsafe (≥ 0.5) and safe (≥ 0.9) tiers; and the
stated confidence against the observed share right, by bucket.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from cleanup.model import SAFE_THRESHOLD, UNSAFE_THRESHOLD  # noqa: E402
from cleanup.pipeline import check_text  # noqa: E402

NORVIG = Path("/work/shared/data/dev/norvig_testset1.jsonl")
SOURCES = [ROOT / "samples" / "imcwp23-speech.txt", *sorted((ROOT / "tests" / "data" / "parallel").glob("*.en.txt"))]
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_SENTENCE = re.compile(r"[^.!?]+[.!?]*")
_WORD = re.compile(r"(?<![\w'’-])[a-z]{3,}(?![\w'’-])")
BUCKETS = (0.0, 0.05, 0.1, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 1.01)


def english_paragraphs() -> list[str]:
    """The modern English paragraphs (blank-line separated; the sample's
    Russian half left out)."""
    out = []
    for path in SOURCES:
        for para in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
            para = " ".join(para.split())
            if para and not _CYRILLIC.search(para) and len(para.split()) >= 8:
                out.append(para)
    return out


def misspellings() -> list[tuple[str, str]]:
    rows = [json.loads(line) for line in NORVIG.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(r["wrong"], r["right"]) for i, r in enumerate(rows) if i % 2 == 1]


def inject(paragraphs: list[str], pairs: list[tuple[str, str]], start: int):
    """The paragraphs with one misspelling per sentence (pairs from
    ``start`` on, cycling), and each injected word's (paragraph, offset,
    wrong, right)."""
    out, placed = [], []
    k = start
    for pi, para in enumerate(paragraphs):
        pieces, pos = [], 0
        for m in _SENTENCE.finditer(para):
            sentence = m.group()
            wrong, right = pairs[k % len(pairs)]
            # a lower-case word after the first, as long as the right word as can be
            spots = [w for w in _WORD.finditer(sentence) if w.start() > 0 and sentence[:w.start()].strip()]
            if not spots:
                continue
            k += 1
            spot = min(spots, key=lambda w: (abs(len(w.group()) - len(right)), w.start()))
            pieces.append(para[pos:m.start() + spot.start()])
            placed.append((pi, sum(map(len, pieces)), wrong, right))
            pieces.append(wrong)
            pos = m.start() + spot.end()
        pieces.append(para[pos:])
        out.append("".join(pieces))
    return out, placed, k


def run() -> dict:
    paragraphs, pairs = english_paragraphs(), misspellings()
    results = []  # (stated confidence or None, right)
    k = 0
    while k < len(pairs):
        texts, placed, k = inject(paragraphs, pairs, k)
        doc = "\n\n".join(texts)
        starts, at = [], 0
        for t in texts:
            starts.append(at)
            at += len(t) + 2
        found = {(f.start, f.end): f for f in check_text(doc) if f.rule.startswith("spelling.en")}
        for pi, off, wrong, right in placed:
            s = starts[pi] + off
            assert doc[s:s + len(wrong)] == wrong
            f = found.get((s, s + len(wrong)))
            if f is None or not f.suggestions:
                results.append((None, False, wrong, right, f is not None))
            else:
                first = f.suggestions[0]
                results.append((first.confidence, first.text == right, wrong, right, True))
    return summarise(results, len(paragraphs), len(pairs))


def summarise(results, n_paragraphs: int, n_pairs: int) -> dict:
    n = len(results)
    tiers = {}
    for name, floor in (("any", 0.0), ("unsafe+", UNSAFE_THRESHOLD), ("safe", SAFE_THRESHOLD)):
        made = [r for r in results if r[0] is not None and r[0] >= floor]
        right = sum(r[1] for r in made)
        tiers[name] = {"made": len(made), "right": right,
                       "precision": round(100 * right / len(made), 1) if made else None,
                       "recall": round(100 * right / n, 1) if n else None}
    calibration = []
    for lo, hi in zip(BUCKETS, BUCKETS[1:]):
        got = [r for r in results if r[0] is not None and lo <= r[0] < hi]
        if got:
            calibration.append({"from": lo, "to": min(hi, 1.0), "n": len(got),
                                "stated": round(sum(r[0] for r in got) / len(got), 3),
                                "observed": round(sum(r[1] for r in got) / len(got), 3)})
    return {
        "synthetic": "real misspellings (Norvig set 1, odd rows) injected into real modern English paragraphs",
        "paragraphs": n_paragraphs, "misspellings": n_pairs, "injected": n,
        "flagged": sum(r[4] for r in results), "no_suggestion": sum(r[0] is None for r in results),
        "tiers": tiers, "calibration": calibration,
        "examples": [{"wrong": r[2], "right": r[3], "first_right": r[1], "confidence": r[0]} for r in results[:25]],
    }


def markdown(r: dict) -> str:
    lines = ["# Modern English paragraphs with real misspellings injected (synthetic check)", "",
             "Produced by `python bench/modern_typos.py`. SYNTHETIC: the Norvig set's odd-row misspellings",
             "(real typos) put one per sentence into real modern English paragraphs (the sample's English",
             "half, tests/data/parallel/*.en.txt). A check of what a modern text's user sees; never fit on.", "",
             f"{r['injected']} injected words in {r['paragraphs']} paragraphs ({r['misspellings']} misspellings); "
             f"{r['flagged']} flagged, {r['no_suggestion']} without a suggestion (or not flagged).", "",
             "| first suggestion at | made | right | precision | recall |", "|---|---|---|---|---|"]
    for name, t in r["tiers"].items():
        lines.append(f"| {name} | {t['made']} | {t['right']} | {t['precision']} | {t['recall']} |")
    lines += ["", "Calibration (stated confidence of the first suggestion vs the share right):", "",
              "| bucket | n | stated (mean) | observed |", "|---|---|---|---|"]
    for b in r["calibration"]:
        lines.append(f"| [{b['from']:.2f}, {b['to']:.2f}) | {b['n']} | {b['stated']:.3f} | {b['observed']:.3f} |")
    return "\n".join(lines) + "\n"


def fit_without_injected() -> int:
    """Refit the English map in this process as bench/fit_spelling.py does,
    but on the Norvig set's EVEN rows only (and all of ICDAR): the odd rows
    are the misspellings this bench injects, so the map then has never seen
    them, alone or in a paragraph. Returns the number of examples."""
    sys.path.insert(0, str(HERE))
    import fit_spelling

    from cleanup.detectors.spelling import SpellingDetector
    from cleanup.options import Options
    from cleanup.spelling import calibration

    keys = calibration.keys("en")
    detector = SpellingDetector(Options())
    data = []
    for name, lang in fit_spelling.SETS.items():
        if lang != "en":
            continue
        keep = (lambda i: i % 2 == 0) if name == NORVIG.name else (lambda i: True)
        data += [([feats[k] for k in keys], right) for _, _, f, feats, right in fit_spelling.examined(detector, name, keep)
                 if f.rule.startswith("spelling.en.")]
    w = fit_spelling.fit(data)
    calibration._all_weights()["en"] = {k: 0.0 for k in calibration.FEATURES} | dict(zip(keys, w))
    calibration._weighing.cache_clear()
    calibration._weighs_channel.cache_clear()
    return len(data)


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fit-even", action="store_true",
                        help="first refit the English map without the Norvig odd rows injected here "
                             "(→ modern_typos-fit-even.{json,md}); the shipped map is left as it is")
    args = parser.parse_args()
    name = "modern_typos"
    if args.fit_even:
        print(f"refit the English map on {fit_without_injected()} examples (Norvig even rows + ICDAR)")
        name += "-fit-even"
    r = run()
    out = HERE / "results"
    (out / f"{name}.json").write_text(json.dumps(r, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    md = markdown(r)
    if args.fit_even:
        md = md.replace("`python bench/modern_typos.py`", "`python bench/modern_typos.py --fit-even` (map refit without the odd Norvig rows)")
    (out / f"{name}.md").write_text(md, encoding="utf-8")
    print(md)


if __name__ == "__main__":
    main()
