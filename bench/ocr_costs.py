"""Estimate the error model's OCR confusions from real OCR damage (Kernighan,
Church and Gale's noisy channel, per confusion: what a scanner's engine
reads for what the book printed).

    python bench/ocr_costs.py                 # even rows: print the estimate
    python bench/ocr_costs.py --half odd      # the other half, to see it hold
    python bench/ocr_costs.py --write         # even rows → cleanup/spelling/ocr.json

Every one-word gold edit of ICDAR 2017 (English books, OCR output → the
printed text) whose two words are Latin letters is aligned (unit costs;
one letter for one, one for two — ``U`` for ``ll`` — or two for one —
``rn`` for ``m``); each operation that is not a plain typing slip (a
letter dropped or added) is a confusion (typed, intended). The typed side
keeps a capital that stands inside a lower-case word (:func:`reading`):
OCR reads ``ll`` as ``U``, a writer never types that, and ``u`` for ``ll``
is no OCR habit at all, so ``U`` and ``u`` are different confusions.

How often a confusion happened is divided by how often it COULD have
happened: the times its intended letters stand in the intended words of
the same rows (correct words too). Its cost is then, as in
bench/channel_costs.py,

    cost = ORDINARY + FREQ_WEIGHT × log10(P(arbitrary substitution) / P(confusion))

with P(arbitrary substitution) from the same rows' other one-for-one
substitutions (per specific letter typed), never below FLOOR. Only
confusions seen at least MIN_SEEN times, in MIN_WORDS different words, and
cheaper than an ordinary edit are kept: the others would say nothing the
model does not already. An all-caps word is left out: its letters were
printed as capitals, whose confusions are not lower-case print's.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import channel_costs  # noqa: E402
from channel_costs import PRIOR  # noqa: E402  (add-half smoothing, the same for both estimates)
from scoring import NORMALISE, edits, load, tokens  # noqa: E402

from cleanup.spelling import errormodel  # noqa: E402

NAME = "icdar2017_en_dev.jsonl"
LOWER = set("abcdefghijklmnopqrstuvwxyz")
OUT = Path(__file__).resolve().parents[1] / "cleanup" / "spelling" / "ocr.json"
MIN_SEEN = 4  # fewer sightings than this (in ~560 rows) say nothing reliable
# ... nor do sightings in fewer different words than this: a book repeats
# its damaged words (Mdes for Miles five times), and one word is one case.
MIN_WORDS = 3
FLOOR = 0.2
reading = errormodel.ocr_reading


def align(typed: str, intended: str) -> list[tuple[str, str]]:
    """The confusions of one cheapest alignment (unit costs), as (typed,
    intended) strings: one for one, one for two, two for one (the shapes the
    weighted distance and its compiled twin can take). A letter left
    out or one too many is a slip, not a confusion, and not listed; a
    one-for-two or two-for-one whose single letter is one of the pair is
    such a slip too (``sh`` for ``s``), so is never counted as one."""
    a, b = intended, typed
    n, m = len(a), len(b)
    inf = 10**9
    d = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    d[0][0] = 0
    for i in range(n + 1):
        for j in range(m + 1):
            if i == j == 0:
                continue
            options = []
            if i and j:
                options.append((d[i - 1][j - 1] + (a[i - 1] != b[j - 1]), 0, (1, 1)))
            if i > 1 and j and b[j - 1] not in a[i - 2:i]:
                options.append((d[i - 2][j - 1] + 1, 1, (2, 1)))
            if i and j > 1 and a[i - 1] not in b[j - 2:j].lower():
                options.append((d[i - 1][j - 2] + 1, 1, (1, 2)))
            if i:
                options.append((d[i - 1][j] + 1, 2, (1, 0)))
            if j:
                options.append((d[i][j - 1] + 1, 2, (0, 1)))
            cost, _, step = min(options)
            d[i][j], back[i][j] = cost, step
    out = []
    i, j = n, m
    while i or j:
        di, dj = back[i][j]
        x, y = a[i - di:i], b[j - dj:j]
        if di and dj and x != y:
            out.append((y, x))
        i, j = i - di, j - dj
    return out[::-1]


def pairs(half: str):
    """(intended words of a row, its (typed, intended) one-word OCR edits)."""
    rows = load(NAME)[half == "odd"::2]
    for row in rows:
        src, tgt = tokens(row["source"], NORMALISE[NAME]), tokens(row["target"], NORMALISE[NAME])
        intended = [t.lower() for t in tgt if set(t.lower()) <= LOWER]
        damage = []
        for i1, i2, rep in edits(src, tgt):
            # (an all-caps word's letters were printed as capitals, whose
            # confusions are not lower-case print's)
            if i2 - i1 == 1 and len(rep) == 1 and not src[i1].isupper():
                typed, meant = reading(src[i1]), rep[0].lower()
                if typed != meant and set(typed.lower()) <= LOWER and set(meant) <= LOWER:
                    damage.append((typed, meant))
        yield intended, damage


def estimate(half: str) -> dict:
    seen: Counter = Counter()
    where: dict[tuple[str, str], set] = {}
    words: list[str] = []
    for intended, damage in pairs(half):
        words += intended
        for typed, meant in damage:
            ops = align(typed, meant)
            if len(ops) > 2:
                continue  # a different word, or a run of damage: nothing to learn one confusion from
            for y, x in ops:
                seen[(y, x)] += 1
                where.setdefault((y, x), set()).add((typed, meant))
    letters = Counter(ch for w in words for ch in w)
    text = " ".join(words)
    kept = {k: v for k, v in seen.items() if v >= MIN_SEEN and len(where[k]) >= MIN_WORDS}
    # The baseline: any other one-for-one substitution, per specific letter typed.
    other = sum(v for (y, x), v in seen.items() if len(x) == len(y) == 1 and (y, x) not in kept)
    other_chances = sum(letters.values()) * (len(LOWER) - 1)
    base = (other + PRIOR) / other_chances
    out = {}
    for (y, x), v in sorted(kept.items(), key=lambda kv: (-kv[1], kv[0])):
        chances = letters[x] if len(x) == 1 else text.count(x)
        c = channel_costs.cost(v, chances, base)
        if c < errormodel.ORDINARY:
            out[f"{y}:{x}"] = {"seen": v, "words": len(where[(y, x)]), "chances": chances,
                               "cost": round(max(FLOOR, c), 2)}
    return {"half": half, "words": len(words), "edits": sum(seen.values()), "confusions": out}


def describe(result: dict) -> None:
    print(f"{result['half']} rows: {result['words']} intended words, {result['edits']} confusions seen")
    for key, v in result["confusions"].items():
        print(f"  {key:10} seen {v['seen']:4} in {v['words']:3} words  chances {v['chances']:7}  cost {v['cost']:.2f}")


def main() -> None:
    channel_costs.command_line(__doc__, estimate, OUT, describe)


if __name__ == "__main__":
    main()
