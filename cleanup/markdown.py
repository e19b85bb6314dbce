"""What in a Markdown file is code, not prose.

A transcript repository's README and notes quote file names, commands and
the very errors they describe in code: `` `imcwp23-speech.txt` ``,
`` `STALTN` ``. Fixing those would break a command or falsify the quotation,
so in Markdown files (``.md``, ``.markdown``) findings inside code are
dropped, as Vale does. Two kinds, as CommonMark defines them:

- fenced code blocks: a line of three or more backticks or tildes (indented
  by at most three spaces) up to a line of at least as many of the same
  character — or, unclosed, to the end of the file;
- code spans: a run of backticks up to the next run of exactly as many,
  within one paragraph; a run with no such partner is a literal backtick.

Indented code blocks are left out on purpose: transcripts indent paragraphs,
and four spaces would hide prose that needs checking.
"""

from __future__ import annotations

import regex

from .lazypattern import LazyPattern
from .segments import blocks

SUFFIXES = (".md", ".markdown")

# A line, with its end: \r\n, \n or \r (the document's newlines are kept as written).
_LINE = LazyPattern(regex.compile, r"[^\r\n]*(?:\r\n|\n|\r|$)")
_FENCE_OPEN = LazyPattern(regex.compile, r" {0,3}(`{3,}(?=[^`\r\n]*$)|~{3,})")
_BACKTICKS = LazyPattern(regex.compile, r"(?<!`)(`+)(?!`)")


def is_markdown(path: str) -> bool:
    return path.lower().endswith(SUFFIXES)


def code_spans(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` spans of fenced code blocks and code spans, in order."""
    if "`" not in text and "~~~" not in text:
        return []
    spans: list[tuple[int, int]] = []
    prose_start = 0  # where the current run of prose lines (outside fences) began
    fence: tuple[str, int, int] | None = None  # (character, length, where the block began)
    pos = 0
    while pos < len(text):
        m = _LINE.match(text, pos)
        line_end = m.end()
        line = text[pos:line_end].rstrip("\r\n")
        if fence is None:
            opened = _FENCE_OPEN.match(line)
            if opened:
                spans += _inline(text, prose_start, pos)
                run = opened.group(1)
                fence = (run[0], len(run), pos)
        else:
            char, length, begun = fence
            stripped = line.lstrip(" ")
            if len(line) - len(stripped) <= 3 and stripped.rstrip(" \t") == char * len(stripped.rstrip(" \t")) \
                    and len(stripped.rstrip(" \t")) >= length:
                spans.append((begun, line_end))
                fence = None
                prose_start = line_end
        if line_end == pos:  # the empty last line
            break
        pos = line_end
    if fence is not None:
        spans.append((fence[2], len(text)))
    else:
        spans += _inline(text, prose_start, len(text))
    return sorted(spans)


def _inline(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Code spans in ``text[start:end]`` (prose lines), paragraph by paragraph."""
    if "`" not in text[start:end]:
        return []
    spans = []
    for para_start, para_end in blocks(text, start, end):
        runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text, para_start, para_end)]
        k = 0
        while k < len(runs):
            open_start, open_end = runs[k]
            width = open_end - open_start
            # A backslash escapes an opening run (\`literal\`), never a closing
            # one: inside code a backslash is just a character.
            close = None if _escaped(text, open_start, para_start) else next(
                (j for j in range(k + 1, len(runs)) if runs[j][1] - runs[j][0] == width), None)
            if close is None:
                k += 1  # a literal backtick run
                continue
            spans.append((open_start, runs[close][1]))
            k = close + 1
    return spans


def _escaped(text: str, i: int, floor: int) -> bool:
    """Is the character at ``i`` backslash-escaped (an odd run of backslashes before it)?"""
    n = 0
    while i - n - 1 >= floor and text[i - n - 1] == "\\":
        n += 1
    return n % 2 == 1
