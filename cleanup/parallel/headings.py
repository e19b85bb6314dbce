"""Headings: short paragraphs in capitals, which one edition of a text often
leaves out (the aligner) and whose capitals say nothing about how a name is
written (the consistency detector). A module of its own so that the
consistency detector, run on every document, does not load the editions."""

from __future__ import annotations

from . import speedups  # (light: the kernel itself is loaded on first use)


def is_heading(text: str, start: int, end: int) -> bool:
    """Is ``text[start:end]`` a short paragraph in capitals (a title): at most
    120 letters, all upper case? Stops at the first letter that is not, so a
    paragraph of running text costs a few characters."""
    letters = 0
    for i in range(start, end):
        c = text[i]
        if c.isalpha():
            if not c.isupper():
                return False
            letters += 1
            if letters > 120:
                return False
    return letters > 0


def heading_test():
    """:func:`is_heading` itself, or its compiled twin
    (``_align_dp.is_heading``) when the kernel is built: for a caller that
    maps it over many paragraphs."""
    kernel = speedups.compiled()
    return kernel.is_heading if kernel is not None else is_heading
