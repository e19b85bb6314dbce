"""Fit how much rarer each paradigm slot is than its whole lexeme
(cleanup/spelling/rareforms.json), from the frequency list itself.

    python bench/fit_rareforms.py            # fit, write the JSON, print the table
    python bench/fit_rareforms.py --bands    # … and the same offsets by lexeme frequency band (a stability check)

A Russian form that pymorphy3 knows but wordfreq does not count has no
frequency of its own; :mod:`cleanup.spelling.rareforms` estimates one as
its lexeme's total frequency (all its counted forms together) plus the
usual share of its slot (2nd person singular, short form, dative plural…).
That share is measured here on lexemes common enough to be counted well:
for each lexeme whose forms together reach Zipf :data:`MIN_TOTAL`, the
Zipf of each slot's form less the lexeme's total. A form wordfreq does not
list is only known to lie below Zipf 1.0, so its offset only below a bound;
a slot's offset is the mean of a normal fitted to the listed offsets and
those bounds together (a censored-normal, "Tobit", fit), which stays right
for the rare slots whose forms are mostly unlisted, where a plain median or
mean would not. ``--bands`` fits each band of lexeme frequency apart: the
offsets should agree if a slot's share is one for common and rarer lexemes.

Lexemes are reached from the counted words (a lexeme none of whose forms
is counted cannot be measured anyway), one per (normal form, paradigm).
No dev data is used.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cleanup import lexicon  # noqa: E402
from cleanup.spelling import index, rareforms  # noqa: E402

MIN_TOTAL = 3.0  # the lexemes measured: their forms together at least this common (Zipf)
LISTED_FROM = 1.0  # wordfreq lists no form rarer than this (Zipf)
SEED_ZIPF = 2.5  # the counted words the lexemes are reached from
MIN_LEXEMES = 30  # a slot measured on fewer lexemes falls back to its part of speech's coarser slot


def _lexemes(seed_zipf: float):
    """(key, lexeme) of each dictionary lexeme with a form at least
    ``seed_zipf`` common, once each."""
    morph = lexicon.morph()
    idx = index.get("ru")
    seen = set()
    for word in idx.vocab.keys():
        if (idx.vocab_zipf(word) or 0.0) < seed_zipf or "-" in word:
            continue
        for p in morph.parse(word)[:1]:
            if not p.is_known:
                continue
            stack = p.methods_stack[0]
            key = (p.normal_form, stack[2] if len(stack) > 2 else None)
            if key in seen:
                continue
            seen.add(key)
            yield key, p.lexeme


def measure() -> list[tuple[float, dict[str, float]]]:
    """(total, slot → Zipf of its form) of each lexeme reached."""
    out = []
    for _, lexeme in _lexemes(SEED_ZIPF):
        by_slot: dict[str, float] = {}
        spellings: dict[str, float] = {}
        for p in lexeme:
            z = rareforms.counted_zipf(p.word)
            spellings[p.word.replace("ё", "е")] = z
            slot = rareforms.slot(p.tag)
            by_slot[slot] = max(by_slot.get(slot, 0.0), z)
        out.append((rareforms.total_zipf(spellings.values()), by_slot))
    return out


def fit(lexemes, min_total: float = MIN_TOTAL, max_total: float = 99.0) -> dict[str, list[tuple[float | None, float]]]:
    """slot → (offset, bound) per lexeme whose total lies in [min_total,
    max_total): the Zipf of the slot's form less the lexeme's total, or None
    when wordfreq does not list the form — then only known to lie below the
    bound (1.0 less the total: the list stops at Zipf 1.0)."""
    offsets: dict[str, list[tuple[float | None, float]]] = defaultdict(list)
    for total, by_slot in lexemes:
        if not min_total <= total < max_total:
            continue
        for slot, z in by_slot.items():
            offsets[slot].append((z - total if z > 0 else None, LISTED_FROM - total))
    return offsets


def censored_normal(values: list[tuple[float | None, float]], rounds: int = 200) -> tuple[float, float]:
    """Mean and spread of a normal fitted to offsets of which some are only
    known to lie below a bound (a Tobit model), by expectation-maximisation:
    each unlisted form stands for its expected offset below its bound."""
    seen = [v for v, _ in values if v is not None]
    mu = statistics.fmean(seen) if seen else min(b for _, b in values)
    sigma = statistics.pstdev(seen) if len(seen) > 1 else 1.0
    sigma = max(sigma, 0.1)
    for _ in range(rounds):
        s1 = s2 = 0.0
        for v, bound in values:
            if v is not None:
                s1 += v
                s2 += v * v
                continue
            a = (bound - mu) / sigma
            cdf = 0.5 * math.erfc(-a / math.sqrt(2))
            pdf = math.exp(-a * a / 2) / math.sqrt(2 * math.pi)
            ratio = pdf / cdf if cdf > 1e-300 else -a  # E[z | z < a] = −ratio; its limit far below
            ez, ez2 = -ratio, 1 - a * ratio
            s1 += mu + sigma * ez
            s2 += mu * mu + 2 * mu * sigma * ez + sigma * sigma * ez2
        n = len(values)
        new_mu = s1 / n
        new_sigma = math.sqrt(max(s2 / n - new_mu * new_mu, 0.01))
        if abs(new_mu - mu) < 1e-4 and abs(new_sigma - sigma) < 1e-4:
            mu, sigma = new_mu, new_sigma
            break
        mu, sigma = new_mu, new_sigma
    return mu, sigma


def summarise(offsets: dict[str, list[tuple[float | None, float]]]) -> dict[str, dict]:
    out = {}
    for slot, values in sorted(offsets.items()):
        if len(values) < MIN_LEXEMES:
            continue
        mu, sigma = censored_normal(values)
        listed = sum(v is not None for v, _ in values) / len(values)
        out[slot] = {"offset": round(mu, 2), "spread": round(sigma, 2), "lexemes": len(values),
                     "listed": round(listed, 3)}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bands", action="store_true", help="also print the offsets by lexeme frequency band")
    args = ap.parse_args()
    lexemes = measure()
    table = summarise(fit(lexemes))
    rareforms.PARAMS.write_text(json.dumps({"min_total": MIN_TOTAL, "seed_zipf": SEED_ZIPF, "slots": table},
                                           ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    for slot, row in sorted(table.items(), key=lambda kv: kv[1]["offset"]):
        print(f"{row['offset']:6.2f} ±{row['spread']:.2f} {row['lexemes']:6d} {row['listed']:.2f}  {slot}")
    print(f"{len(table)} slots → {rareforms.PARAMS}")
    if args.bands:
        bands = [(3.0, 4.0), (4.0, 5.0), (5.0, 99.0)]
        tables = [summarise(fit(lexemes, lo, hi)) for lo, hi in bands]
        print("slot  " + "  ".join(f"[{lo},{hi})" for lo, hi in bands))
        for slot in sorted(table, key=lambda s: table[s]["offset"]):
            cells = [f"{t[slot]['offset']:6.2f}" if slot in t else "     -"
                     for t in tables]
            print(f"{slot:40s} " + "  ".join(cells))


if __name__ == "__main__":
    main()
