"""Evidence → probability that the first suggestion is the right word.

A logistic map over a few features of an :class:`~.candidates.Analysis`,
fit on the dev sets by ``bench/fit_spelling.py``; its coefficients are data
(``calibration.json`` beside this file), not code.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

from .candidates import Analysis

PARAMS = Path(__file__).with_name("calibration.json")

FEATURES = (
    "bias",
    "cost",  # error-model cost of the first candidate
    "cand_zipf",  # how common the first candidate is
    "gain",  # candidate Zipf − the word's own Zipf
    "margin",  # rank distance to the second candidate (3 when alone)
    "own_zipf",  # how common the written word itself is (web text has typos, names, slang)
    "known",  # the written word is a real (but rare) form
    "upper",  # ALL CAPS
    "title",  # Capitalised, not at a sentence start
    "short",  # 1 / length: short words have many close neighbours
    "morph",  # candidate from the stem + grammar generator
    "hyphen",  # candidate for a hyphenated word
    "en",
    "splits",  # the word is two common words run together
    "unknown_rate",  # share of unknown words in the paragraph (old spelling, foreign text)
)


def features(a: Analysis, upper: bool, title: bool, unknown_rate: float = 0.0) -> dict[str, float]:
    best = a.best
    assert best is not None
    return {
        "bias": 1.0,
        "cost": best.cost,
        "cand_zipf": best.zipf,
        "gain": best.zipf - a.zipf,
        "margin": a.margin,
        "own_zipf": a.zipf,
        "known": float(a.known),
        "upper": float(upper),
        "title": float(title),
        "short": 1.0 / max(1, len(a.word)),
        "morph": float(best.kind == "morph"),
        "hyphen": float(best.kind == "hyphen"),
        "en": float(a.lang == "en"),
        "splits": float(a.splits),
        "unknown_rate": unknown_rate,
    }


@lru_cache(maxsize=1)
def weights() -> dict[str, float]:
    return json.loads(PARAMS.read_text(encoding="utf-8"))["weights"]


def probability(feats: dict[str, float]) -> float:
    w = weights()
    z = sum(w.get(k, 0.0) * v for k, v in feats.items())
    z = max(-30.0, min(30.0, z))
    return 1.0 / (1.0 + math.exp(-z))
