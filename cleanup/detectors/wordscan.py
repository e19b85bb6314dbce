"""A paragraph's words as plain strings, for the word-boundary detectors,
which ask about every word (~130,000 per MB) and look at positions only for
the few pairs and words that pass their cheap tests.

The tokens come from ``segments.words``, which keeps them for the document
being checked (the spelling detector has usually found them already); the
list of their strings is kept too, so the second detector on the same
paragraphs does not build it again.
"""

from __future__ import annotations

from operator import attrgetter

from ..segments import Token, words

_TEXT = attrgetter("text")
_memo_text: str | None = None
_memo: dict[tuple[int, int], tuple[tuple[Token, ...], list[str]]] = {}


def scan(text: str, start: int, end: int) -> tuple[tuple[Token, ...], list[str]]:
    """The tokens of ``text[start:end]`` and their strings. Shared: do not change them."""
    global _memo_text
    if text is not _memo_text:
        _memo.clear()  # one document at a time: bounded by its size
        _memo_text = text
    key = (start, end)
    hit = _memo.get(key)
    if hit is None:
        tokens = tuple(words(text, start, end))
        hit = _memo[key] = (tokens, list(map(_TEXT, tokens)))
    return hit


def release(text: str) -> None:
    """Forget ``text``'s words: called when the last detector that reads
    them is done with a document, so they are not kept past its life."""
    global _memo_text
    if text is _memo_text:
        _memo.clear()
        _memo_text = None


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
