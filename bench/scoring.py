"""Edit-level scoring in the usual SpellRuEval / ERRANT way.

Tokenise source, target and the tool's output into words; align
source→target and source→output with a sequence matcher; an edit is
(source token span, replacement tokens). Precision = matching edits / edits
the tool made; recall = matching edits / gold edits.

For RUSpellRU compare lower-cased, with ё→е and punctuation dropped, as its
official scorer does (``normalise="ruspell"``).
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path

import regex

import os

# The dev sets stay outside the repository (research licences): ../shared/data/dev
# beside the checkout, or wherever CLEANUP_DEV_DATA says. Every bench script
# reads them from here.
def _dev_data() -> Path:
    if "CLEANUP_DEV_DATA" in os.environ:
        return Path(os.environ["CLEANUP_DEV_DATA"])
    for candidate in (Path(__file__).resolve().parents[2] / "shared" / "data" / "dev",
                      Path("/work/shared/data/dev")):
        if candidate.is_dir():
            return candidate
    raise SystemExit("bench: the dev sets are not at ../shared/data/dev; set CLEANUP_DEV_DATA to their folder")


DATA = _dev_data()

_WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+(?:[-'’][\p{L}\p{M}\p{N}]+)*|[^\s\p{L}\p{M}\p{N}]")
_PUNCT = regex.compile(r"[^\p{L}\p{M}\p{N}]+")

Edit = tuple[int, int, tuple[str, ...]]

# How each dev set's tokens are compared: its official scorer's convention.
NORMALISE = {
    "ruspellru_train.jsonl": "ruspell",
    "gera_dev.jsonl": "none",
    "norvig_testset1.jsonl": "none",
    "icdar2017_en_dev.jsonl": "none",
}


def tokens(text: str, normalise: str = "none") -> list[str]:
    toks = _WORD.findall(text)
    if normalise == "ruspell":
        toks = [t.lower().replace("ё", "е") for t in toks if not _PUNCT.fullmatch(t)]
    return toks


def edits(src: list[str], out: list[str]) -> set[Edit]:
    matcher = difflib.SequenceMatcher(a=src, b=out, autojunk=False)
    found = set()
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "replace":
            found |= _split_block(src, out, i1, i2, j1, j2)
        elif op != "equal":
            found.add((i1, i2, tuple(out[j1:j2])))
    return found


def _joined(toks) -> str:
    return "".join(toks).replace("-", "")


def _split_block(src: list[str], out: list[str], i1: int, i2: int, j1: int, j2: int) -> set[Edit]:
    """Neighbouring changes inside one replaced block are separate edits (as
    the official scorers count them): correcting one of two adjacent typos is
    a hit, not a miss. Words are paired left to right one for one, or as a
    split (1→2) or merge (2→1) when the letters say so; a block that does not
    pair up stays one edit."""
    if i2 - i1 == j2 - j1:
        return {(i1 + k, i1 + k + 1, (out[j1 + k],)) for k in range(i2 - i1) if src[i1 + k] != out[j1 + k]}
    found: set[Edit] = set()
    i, j = i1, j1
    while i < i2 and j < j2:
        if j + 1 < j2 and _joined(src[i:i + 1]) == _joined(out[j:j + 2]):
            found.add((i, i + 1, tuple(out[j:j + 2])))
            i, j = i + 1, j + 2
        elif i + 1 < i2 and _joined(src[i:i + 2]) == _joined(out[j:j + 1]):
            found.add((i, i + 2, (out[j],)))
            i, j = i + 2, j + 1
        elif (i2 - i) - (j2 - j) == 0 or (i + 1 < i2 and j + 1 < j2):
            if src[i] != out[j]:
                found.add((i, i + 1, (out[j],)))
            i, j = i + 1, j + 1
        else:
            break
    if i != i2 or j != j2:
        return {(i1, i2, tuple(out[j1:j2]))}
    return found


def is_boundary(edit: Edit, src: list[str]) -> bool:
    """A split, merge or hyphenation edit: the words change but the letters don't."""
    i1, i2, repl = edit
    before = "".join(src[i1:i2]).replace("-", "")
    after = "".join(repl).replace("-", "")
    return before == after and (i2 - i1 != len(repl) or "-" in "".join(src[i1:i2]) + "".join(repl))


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    fp_examples: list[str] = field(default_factory=list)

    def add(self, gold: set[Edit], made: set[Edit], src: list[str] | None = None) -> None:
        hit = gold & made
        self.tp += len(hit)
        self.fp += len(made - hit)
        self.fn += len(gold - hit)
        if src is not None and len(self.fp_examples) < 30:
            for i1, i2, repl in sorted(made - hit)[:2]:
                self.fp_examples.append(f"{' '.join(src[i1:i2])} → {' '.join(repl)}")

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {
            "precision": round(100 * self.precision, 1),
            "recall": round(100 * self.recall, 1),
            "f1": round(100 * self.f1, 1),
            "tp": self.tp, "fp": self.fp, "fn": self.fn,
        }


def load(name: str, limit: int | None = None) -> list[dict]:
    """Rows of a dev set as {"id", "source", "target", "lang"}; word-level sets become one-word sentences."""
    rows = []
    with open(DATA / name, encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if "wrong" in row:
                row = {"id": row["id"], "lang": row["lang"], "source": row["wrong"], "target": row["right"]}
            rows.append(row)
            if limit and len(rows) >= limit:
                break
    return rows
