"""A paragraph's words as plain strings, for the word-boundary detectors,
which ask about every word (~130,000 per MB) and look at positions only for
the few pairs and words that pass their cheap tests.

The tokens and their strings come from ``segments``, which keeps them for
the document being checked (the spelling detector has usually found the
tokens already), so the second detector on the same paragraphs builds
neither again.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..segments import Token, word_sequence


def scan(text: str, start: int, end: int) -> tuple[Sequence[Token], list[str]]:
    """The tokens of ``text[start:end]`` and their strings, as kept by
    :mod:`cleanup.segments` for the document being checked. Shared: do not
    change them. The tokens are a sequence whose Token is made when read
    (:func:`cleanup.segments.word_sequence`): these detectors read a few."""
    return word_sequence(text, start, end)
