"""A paragraph's words as plain strings, for the word-boundary detectors,
which ask about every word (~130,000 per MB) and look at positions only for
the few pairs and words that pass their cheap tests.

The tokens and their strings come from ``segments``, which keeps them for
the document being checked (the spelling detector has usually found the
tokens already), so the second detector on the same paragraphs builds
neither again.
"""

from __future__ import annotations

from ..segments import Token, remembered, word_texts, word_tokens


def scan(text: str, start: int, end: int) -> tuple[tuple[Token, ...], list[str]]:
    """The tokens of ``text[start:end]`` and their strings, as kept by
    :mod:`cleanup.segments` for the document being checked. Shared: do not
    change them. (Kept already, the usual case: one look-up for both.)"""
    found = remembered(text, start, end)
    if found is None:
        return word_tokens(text, start, end), word_texts(text, start, end)
    return found
