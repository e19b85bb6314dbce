"""Inline suppression: marks in the transcript itself for text that must stay as it is.

Transcribers already have a convention for "this is how the source spelled
it": ``[sic]`` after the word or quotation. ``cleanup`` honours it, so the
mark that tells a reader "not a typo" also tells the tool:

- ``word [sic]`` (also ``(sic)``, ``[sic!]``, ``(sic!)``, any case) protects
  the word right before the mark — with an inner hyphen or apostrophe, and
  any punctuation glued to it;
- ``“quotation” [sic]`` — when the mark follows a closing quote, the whole
  quotation back to its opening quote (in the same paragraph) is protected;
- ``[verbatim]`` … ``[/verbatim]`` protects everything between (a block
  quoted from a source); ``<!-- cleanup: off -->`` … ``<!-- cleanup: on -->``
  does the same and stays invisible in rendered Markdown. A start mark with
  no end protects the rest of the text.

The marks themselves are protected too. A finding that touches a protected
span is dropped; the text is never changed by these marks.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator
from heapq import merge

import regex

from .lazypattern import LazyPattern
from .model import Finding



def _anycase(word: str) -> str:
    # ASCII case classes instead of IGNORECASE: full Unicode case folding
    # makes the scan of a long text several times slower.
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else regex.escape(c) for c in word)


SIC = LazyPattern(regex.compile, rf"[\[(]\s*{_anycase('sic')}!?\s*[\])]")
BLOCK_START = LazyPattern(regex.compile, rf"\[{_anycase('verbatim')}\]|<!--\s*{_anycase('cleanup')}:\s*{_anycase('off')}\s*-->")
BLOCK_END = LazyPattern(regex.compile, rf"\[/{_anycase('verbatim')}\]|<!--\s*{_anycase('cleanup')}:\s*{_anycase('on')}\s*-->")

# The word a [sic] protects: letters/digits with inner hyphens or apostrophes,
# plus punctuation glued to either side (the typo may be in it: «т.е,»).
_WORD_BEFORE = LazyPattern(regex.compile, r"[^\s\[\]()]*[\p{L}\p{N}][^\s\[\]()]*\s*$")
# Apostrophes are left out: "workers' [sic]" is a possessive, not a quotation.
_CLOSING_QUOTES = {"”": "“", "»": "«", '"': '"', "“": "„"}
_BLANK_LINE = LazyPattern(regex.compile, r"\n[^\S\n]*\n|\r\n[^\S\r\n]*\r\n|\r[^\S\r]*\r")


def protected_spans(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` spans the user marked as "keep exactly as it is"."""
    spans: list[tuple[int, int]] = []
    paragraph_starts: list[int] | None = None  # made at the first [sic] after a quote
    for m in sic_marks(text):
        start, quoted = _sic_target(text, m.start(), paragraph_starts)
        if quoted is not None:
            paragraph_starts = quoted
        spans.append((start, m.end()))
    pos = 0
    while True:
        start = block_start(text, pos)
        if start is None:
            break
        end = BLOCK_END.search(text, start.end())
        stop = end.end() if end else len(text)
        spans.append((start.start(), stop))
        pos = stop
    return sorted(spans)


# The marks are looked for from the characters that begin them, found by
# str.find (a memchr): a regex scan for "[" or "(" tests every character of
# the text, a tenth of a second for 10 MB, and most texts hold no mark.


def _places(text: str, needle: str, pos: int = 0) -> Iterator[int]:
    """Every place at or after ``pos`` where ``needle`` begins, in order."""
    at = text.find(needle, pos)
    while at >= 0:
        yield at
        at = text.find(needle, at + 1)


def sic_marks(text: str) -> Iterator["regex.Match[str]"]:
    """The matches of SIC.finditer(text): a mark begins with "[" or "(" and
    holds no other, so trying SIC at each of them in turn finds the same ones."""
    for at in merge(_places(text, "["), _places(text, "(")):
        m = SIC.match(text, at)
        if m is not None:
            yield m


def block_start(text: str, pos: int) -> "regex.Match[str] | None":
    """BLOCK_START.search(text, pos): every start mark begins with "[" or "<!--"."""
    for at in merge(_places(text, "[", pos), _places(text, "<!--", pos)):
        m = BLOCK_START.match(text, at)
        if m is not None:
            return m
    return None


def _sic_target(text: str, mark: int, paragraph_starts: list[int] | None) -> tuple[int, list[int] | None]:
    """Where the text a [sic] at ``mark`` vouches for begins; and the text's
    paragraph starts (the ends of its blank lines) once they were needed,
    to be passed in again (each [sic] scanning the text from its beginning
    made a text with thousands of them take minutes)."""
    end = mark  # the end of the text before the mark, spaces left out (its rstrip())
    while end and text[end - 1].isspace():
        end -= 1
    if end and text[end - 1] in _CLOSING_QUOTES:
        opening = _CLOSING_QUOTES[text[end - 1]]
        if paragraph_starts is None:
            paragraph_starts = [m.end() for m in _BLANK_LINE.finditer(text)]
        # The last blank line ending by `end`: a blank line is all spaces and
        # `end` follows a quote, so none reaches across it, and the whole
        # text's blank lines before it are those of the text up to it.
        i = bisect_right(paragraph_starts, end)
        paragraph_start = paragraph_starts[i - 1] if i else 0
        quote_start = text.rfind(opening, paragraph_start, end - 1)
        if quote_start >= 0:
            return quote_start, paragraph_starts
    window_start = max(0, mark - 100)
    m = _WORD_BEFORE.search(text, window_start, mark)
    return (m.start() if m else mark), paragraph_starts


def _touches(f: Finding, start: int, end: int) -> bool:
    if f.start == f.end:  # an insertion: only strictly inside counts
        return start < f.start < end
    return f.start < end and start < f.end


def drop_protected(text: str, findings: Iterable[Finding]) -> list[Finding]:
    """The findings that touch no protected span."""
    return drop_touching(findings, protected_spans(text))


def drop_touching(findings: Iterable[Finding], spans: list[tuple[int, int]]) -> list[Finding]:
    """The findings that touch none of ``spans``."""
    findings = list(findings)
    if not spans:
        return findings
    return [f for f in findings if not any(_touches(f, s, e) for s, e in spans)]
