"""Estimate the error model's operation costs from real typos (Kernighan,
Church and Gale's noisy channel, by kind of operation rather than by letter
pair: a few hundred typos are enough for a dozen kinds, not for a thousand
pairs).

    python bench/channel_costs.py                 # even rows: print the estimate
    python bench/channel_costs.py --half odd      # the other half, to see it hold
    python bench/channel_costs.py --write         # even rows → cleanup/spelling/channel.json

Every one-word gold edit of RUSpellRU (and every pair of the Norvig set) whose
two words are letters of one script is aligned (unweighted optimal string
alignment, one path); each operation is given the kind the error model knows
it by (keyboard neighbour, sound-alike, doubled letter, dropped vowel,
dropped consonant, dropped last letter, ...). How often a kind happens is
divided by how often it COULD have happened (its opportunities, counted over
every letter of every intended word of the same rows, correct words too):
P(kind) per opportunity, per specific letter. The cost of a kind is then

    cost(kind) = ORDINARY + FREQ_WEIGHT × log10(P(arbitrary substitution) / P(kind))

so that an arbitrary substitution keeps its cost of 1.0 (the scale the
calibration and MAX_COST are on) and the costs are on the rank's scale: one
Zipf step (ten times more common) is worth FREQ_WEIGHT, so a kind ten times
likelier costs FREQ_WEIGHT less. Kinds the typing data cannot speak for (OCR
confusions, е/ё, rn/m) keep the hand-set costs of errormodel.py.

A chunk of two or three letters typed twice in a row (рекокомендую,
невозмозможно) is its own kind too, ``insert:repeat`` (see
:func:`errormodel.repeat_ends`): one slip of the hand, not two or three
extra letters. Its chances: every chunk of an intended word that could be
typed again right after itself. Such a typo is counted under its letters'
kinds too (when it is two of them), as ``position:drop_last`` is.

A dropped first letter is its own kind, ``position:drop_first`` (see
:func:`is_first`); ``position:drop_last`` is not a kind of its own (its typos
are counted under their letter's kind too): it says whether a dropped LAST letter (рисунко for
рисунком) is likelier than a dropped letter elsewhere. In these rows it is
not (its cost comes out above the drop kinds'), so the model has no
position effect.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from scoring import NORMALISE, edits, load, tokens  # noqa: E402

from cleanup.spelling import candidates, errormodel  # noqa: E402

SETS = {"ruspellru_train.jsonl": "ru", "norvig_testset1.jsonl": "en"}
LETTERS = {"ru": set("абвгдеёжзийклмнопрстуфхцчшщъыьэюя"), "en": set("abcdefghijklmnopqrstuvwxyz")}
OUT = Path(__file__).resolve().parents[1] / "cleanup" / "spelling" / "channel.json"
# Smoothing: a kind seen this few times is estimated as if seen this often
# (add-half), so that a rare kind does not come out free or infinite.
PRIOR = 0.5
# Never cheaper than this, never dearer than an ordinary edit by more than this.
FLOOR, CEILING = 0.2, 1.4


def align(typed: str, intended: str) -> list[tuple[str, int, int]]:
    """One cheapest unweighted OSA alignment as (op, i, j): 'sub' intended[i]
    typed as typed[j]; 'drop' intended[i] missing; 'insert' typed[j] extra;
    'swap' intended[i-1:i+1] typed swapped. Ties prefer swap, sub, drop, insert."""
    a, b = intended, typed
    n, m = len(a), len(b)
    d = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        d[i][0] = i
    for j in range(m + 1):
        d[0][j] = j
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            d[i][j] = min(d[i - 1][j - 1] + (a[i - 1] != b[j - 1]), d[i - 1][j] + 1, d[i][j - 1] + 1)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1] and a[i - 1] != a[i - 2]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    ops = []
    i, j = n, m
    while i or j:
        if i and j and a[i - 1] == b[j - 1] and d[i][j] == d[i - 1][j - 1]:
            i, j = i - 1, j - 1
        elif (i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1] and a[i - 1] != a[i - 2]
              and d[i][j] == d[i - 2][j - 2] + 1):
            ops.append(("swap", i - 1, j - 1))
            i, j = i - 2, j - 2
        elif i and j and d[i][j] == d[i - 1][j - 1] + 1:
            ops.append(("sub", i - 1, j - 1))
            i, j = i - 1, j - 1
        elif i and d[i][j] == d[i - 1][j] + 1:
            ops.append(("drop", i - 1, j))
            i -= 1
        else:
            ops.append(("insert", i, j - 1))
            j -= 1
    return ops[::-1]


def _sub_kind(x: str, y: str) -> str:
    """The kind of intended x typed as y, as errormodel's tables know it."""
    if {x, y} <= set("её"):
        return "yo"
    c = errormodel._SUB.get((x, y))
    pairs = _sound_pairs()
    if frozenset((x, y)) in pairs:
        return "sound"
    if (x, y) in _keyboard():
        return "keyboard"
    if c is not None and c <= errormodel.OCR:
        return "ocr"
    return "other"


_CACHE: dict = {}


def _sound_pairs() -> set:
    if "sound" not in _CACHE:
        _CACHE["sound"] = {frozenset(p) for p in errormodel._SOUND_PAIRS}
    return _CACHE["sound"]


def _keyboard() -> set:
    if "kbd" not in _CACHE:
        _CACHE["kbd"] = {p for a, b in errormodel.keyboard_neighbours() for p in ((a, b), (b, a))}
    return _CACHE["kbd"]


def letter_kind(s: str, i: int) -> str:
    """The kind of ``s[i]`` as a letter left out (``s`` the intended word)
    or one too many (``s`` the typed word): doubled, a soft sign or
    mark, a vowel or a consonant."""
    ch = s[i]
    if (i > 0 and s[i - 1] == ch) or (i + 1 < len(s) and s[i + 1] == ch):
        return "doubled"
    if ch in "ьъ-'":
        return "soft"
    return "vowel" if ch in errormodel._VOWELS else "consonant"


def is_first(word: str, i: int) -> bool:
    """Is word[i] its first letter, and not doubled? A writer rarely leaves
    out the first letter of a word (about ten times more rarely than any
    other, in both halves): ``position:drop_first`` is its own kind, whose
    cost the model gives a dropped first letter in place of its letter's."""
    return i == 0 and letter_kind(word, i) != "doubled"


def is_last(word: str, i: int) -> bool:
    """Is word[i] its last letter, neither doubled nor a soft sign? (Is a
    dropped last letter likelier than a dropped letter elsewhere? Counted
    apart as ``position:drop_last``, beside its kind, for the report.)"""
    return i == len(word) - 1 and letter_kind(word, i) in ("vowel", "consonant")


def opportunities(word: str, lang: str, counts: Counter) -> None:
    """How many chances each kind had in one intended word, per specific
    letter typed (a substitution by a keyboard neighbour has as many
    chances as the letter has neighbours)."""
    kbd, sound = _keyboard(), _sound_pairs()
    alphabet = LETTERS[lang]
    n = len(word)
    for i, ch in enumerate(word):
        nk = sum((ch, o) in kbd for o in alphabet)
        ns = sum(frozenset((ch, o)) in sound for o in alphabet if o != ch)
        counts["sub:keyboard"] += nk
        counts["sub:sound"] += ns
        counts["sub:other"] += max(0, len(alphabet) - 1 - nk - ns)
        if is_first(word, i):
            counts["position:drop_first"] += 1
        else:
            counts["drop:" + letter_kind(word, i)] += 1
        counts["position:drop_last"] += is_last(word, i)
        if i + 1 < n and word[i] != word[i + 1]:
            counts["swap"] += 1
    # A chunk of k letters typed again after itself (where the typed word
    # keeps REPEAT_MIN_REST letters besides the two copies).
    counts["insert:repeat"] += sum(n - k + 1 for k in errormodel.REPEAT_LENGTHS if n - k >= errormodel.REPEAT_MIN_REST)
    # An extra letter: before each letter, or at the end. Doubling: one
    # letter (the neighbour's) per place; the other letters of each class.
    vowels = sum(c in errormodel._VOWELS for c in alphabet)
    places = n + 1
    counts["insert:doubled"] += n
    counts["insert:vowel"] += places * vowels
    counts["insert:consonant"] += places * (len(alphabet) - vowels)
    counts["insert:soft"] += places * (2 if lang == "ru" else 1)


def pairs(name: str, half: str):
    """(typed, intended) one-word gold edits of the half's rows, lower case, letters only."""
    lang = SETS[name]
    alphabet = LETTERS[lang]
    rows = load(name)[half == "odd"::2]
    norm = NORMALISE[name]
    for row in rows:
        src, tgt = tokens(row["source"], norm), tokens(row["target"], norm)
        gold = edits(src, tgt)
        targets = [t.lower() for t in tgt]
        typos = []
        for i1, i2, rep in gold:
            if i2 - i1 == 1 and len(rep) == 1:
                typed, meant = src[i1].lower(), rep[0].lower()
                if typed != meant and set(typed) <= alphabet and set(meant) <= alphabet:
                    typos.append((typed, meant))
        yield targets, typos


def estimate(half: str) -> dict:
    seen: Counter = Counter()
    chances: Counter = Counter()
    words = 0
    for name, lang in SETS.items():
        for targets, typos in pairs(name, half):
            for t in targets:
                if set(t) <= LETTERS[lang]:
                    opportunities(t, lang, chances)
                    words += 1
            for typed, meant in typos:
                # Also counted as its letters below (as drop_last is), so that
                # the other kinds' estimates stay what they were without it.
                seen["insert:repeat"] += errormodel.repeated_chunk(typed, meant)
                ops = align(typed, meant)
                if len(ops) > 2:
                    continue  # not a slip: a different word, or a run of them
                for op, i, j in ops:
                    if op == "sub":
                        kind = "sub:" + _sub_kind(meant[i], typed[j])
                    elif op == "drop":
                        kind = "position:drop_first" if is_first(meant, i) else "drop:" + letter_kind(meant, i)
                        seen["position:drop_last"] += is_last(meant, i)
                    elif op == "insert":
                        kind = "insert:" + letter_kind(typed, j)
                    else:
                        kind = "swap"
                    seen[kind] += 1
    seen["position:drop_last"] += 0  # listed even when never seen
    base = (seen["sub:other"] + PRIOR) / chances["sub:other"]
    costs = {}
    for kind in sorted(set(chances) | set(seen)):
        if kind in ("sub:yo", "sub:ocr") or not chances[kind]:
            continue
        c = cost(seen[kind], chances[kind], base)
        costs[kind] = {"seen": seen[kind], "chances": chances[kind], "cost": round(min(CEILING, max(FLOOR, c)), 2)}
    return {"half": half, "words": words, "typos": sum(seen.values()), "kinds": costs}


def cost(seen: int, chances: int, base: float) -> float:
    """The error model's cost of a slip seen ``seen`` times in ``chances``
    (add-``PRIOR`` smoothing), against the rate ``base`` of an arbitrary
    substitution: ORDINARY + FREQ_WEIGHT × log10(base / P(slip)), so a cost
    and a Zipf step weigh alike in the ranking."""
    p = (seen + PRIOR) / max(1, chances)
    return errormodel.ORDINARY + candidates.FREQ_WEIGHT * math.log10(base / p)


def command_line(doc: str, estimate, out: Path, describe) -> None:
    """The command of an estimator: ``--half`` (even by default) printed
    by ``describe(result)``; ``--write`` saves the even rows' estimate to ``out``."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--half", choices=("even", "odd"), default="even")
    parser.add_argument("--write", action="store_true", help=f"write the estimate to {out.name} (even rows only)")
    args = parser.parse_args()
    result = estimate(args.half)
    describe(result)
    if args.write:
        if args.half != "even":
            sys.exit("write only the even rows' estimate (the odd rows confirm it)")
        out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {out}")


def describe(result: dict) -> None:
    print(f"{result['half']} rows: {result['words']} intended words, {result['typos']} operations of typos")
    for kind, v in result["kinds"].items():
        print(f"  {kind:24} seen {v['seen']:4}  chances {v['chances']:8}  cost {v['cost']:.2f}")


def main() -> None:
    command_line(__doc__, estimate, OUT, describe)


if __name__ == "__main__":
    main()
