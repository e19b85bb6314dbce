"""A paragraph's words as plain strings, for the word-boundary detectors,
which ask about every word (~130,000 per MB) and look at positions only for
the few pairs and words that pass their cheap tests.

The tokens and their strings come from ``segments``, which keeps them for
the document being checked (the spelling detector has usually found the
tokens already), so the second detector on the same paragraphs builds
neither again.
"""

from __future__ import annotations

from ..segments import Token, word_texts, word_tokens


def scan(text: str, start: int, end: int) -> tuple[tuple[Token, ...], list[str]]:
    """The tokens of ``text[start:end]`` and their strings, as kept by
    :mod:`cleanup.segments` for the document being checked. Shared: do not
    change them."""
    return word_tokens(text, start, end), word_texts(text, start, end)


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
