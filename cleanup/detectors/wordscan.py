"""A paragraph's words and the text between them, in one C-level pass —
for the word-boundary detectors, which look at every word and every gap.

``segments.words`` yields a ``Token`` object per word; the boundary
detectors ask about every one of ~130,000 words per MB, and building the
objects cost more than the questions. Splitting by the same word pattern
with a capturing group gives the same words as plain strings, interleaved
with the gaps between them:

    parts  = [gap₀, word₀, gap₁, word₁, …, wordₙ₋₁, gapₙ]
    word k = parts[2k + 1], from offsets[2k + 1] to offsets[2k + 2]
    gap before word k = parts[2k]

The scan of the last document is kept (by identity of its text), so the
second detector on the same paragraphs does not split them again.
"""

from __future__ import annotations

from itertools import accumulate

import regex

from ..segments import WORD

_SPLIT = regex.compile(f"({WORD.pattern})", WORD.flags)

_memo_text: str | None = None
_memo: dict[tuple[int, int], tuple[list[str], list[int]]] = {}


def scan(text: str, start: int, end: int) -> tuple[list[str], list[int]]:
    """``(parts, offsets)`` of ``text[start:end]`` (layout in the module doc);
    offsets are into ``text``. The lists are shared: do not change them."""
    global _memo_text
    if text is not _memo_text:
        _memo.clear()  # one document at a time: bounded by its size
        _memo_text = text
    key = (start, end)
    hit = _memo.get(key)
    if hit is None:
        parts = _SPLIT.split(text[start:end])
        hit = _memo[key] = (parts, list(accumulate(map(len, parts), initial=start)))
    return hit


def per_form(forms: list[str], cache: dict, compute, limit: int) -> list:
    """``compute(form)`` for each of ``forms``, computed once per distinct form
    and kept in ``cache`` (a plain dict: set operations against it run in C)
    until it holds ``limit`` answers, when it starts afresh."""
    new = set(forms).difference(cache)
    if new:
        if len(cache) + len(new) > limit:
            cache.clear()
            new = set(forms)
        for form in new:
            cache[form] = compute(form)
    return list(map(cache.__getitem__, forms))
