"""Two prepositions in a row: `в среди населения` → `среди населения`.

A simple preposition (`в`, `на`, `с` …) never stands right before one of the
longer prepositions (`среди`, `между`, `около` …); the first is a slip.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..rulepack import match_case
from .government import COMPLEX_PREPOSITIONS, SIMPLE_PREPOSITIONS
from .morph import Tok


def check(toks: list[Tok], text: str) -> Iterator[tuple[str, int, int, str, float]]:
    """(rule suffix, start, end, replacement, confidence)."""
    for first, second in zip(toks, toks[1:]):
        if second.brk or first.lower not in SIMPLE_PREPOSITIONS or second.lower not in COMPLEX_PREPOSITIONS:
            continue
        # The second word takes the first one's capital at a sentence start.
        word = match_case(first.text, second.text) if first.text[0].isupper() else second.text
        yield "double_preposition", first.start, second.end, word, 0.8
