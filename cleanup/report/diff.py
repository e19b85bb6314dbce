"""Unified diff of the original and cleaned text, line by line.

difflib compares whole sequences and can take time quadratic in their length,
so a large file is never diffed whole: :class:`StreamingDiff` takes the file
piece by piece (the same paragraph-aligned chunks that were fixed one by
one), diffs each pair of pieces, and joins the hunks across pieces itself —
cost linear in the file, memory bounded by a piece.
"""

from __future__ import annotations

import difflib
from collections import deque

import regex

from ..document import Document

# A line with its own line break (any convention); the last may lack one.
_LINE = regex.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def split_lines(text: str) -> list[str]:
    """Lines with their breaks, counted as Document counts them (\\r\\n, \\r, \\n)."""
    return _LINE.findall(text)


def _complete_lines(text: str) -> tuple[str, str]:
    """``text`` cut after its last line break: (whole lines, the rest). A
    final ``\r`` waits too: the next piece may begin with its ``\n``."""
    end = max(text.rfind("\n"), text.rfind("\r")) + 1
    if end and text[end - 1] == "\r":
        end = max(text.rfind("\n", 0, end - 1), text.rfind("\r", 0, end - 1)) + 1
    return text[:end], text[end:]


def _show(prefix: str, line: str) -> str:
    if line.endswith(("\n", "\r")):
        return prefix + line
    return prefix + line + "\n\\ No newline at end of file\n"


def _range(start: int, length: int) -> str:
    # As difflib/GNU diff: "start,length", 1-based; an empty range names the line before.
    first = start + 1 if length else start
    return f"{first}" if length == 1 else f"{first},{length}"


class StreamingDiff:
    """Unified diff built from consecutive (old piece, new piece) pairs.

    ``feed`` each pair in order and collect the text it returns; ``close``
    returns the rest. Equal runs are kept only as far as hunk context needs.
    """

    def __init__(self, old_name: str, new_name: str, context: int = 3) -> None:
        self.names, self.n = (old_name, new_name), context
        self.header_done = False
        self.a = self.b = 0  # lines of old/new consumed so far
        self.hunk: list[str] | None = None
        self.hunk_a = self.hunk_b = self.len_a = self.len_b = 0
        self.equal_run: list[str] = []  # equal lines since the last change (up to 2n kept)
        self.equal_count = 0
        self.before: deque[str] = deque(maxlen=context)  # leading context when no hunk is open
        # Each side's unfinished last line, carried into the next piece: a
        # piece of a file with no line breaks ends inside a line, and a diff
        # line is a whole line (else "No newline at end of file" mid-diff).
        self.pending_old = self.pending_new = ""

    def feed(self, old_text: str, new_text: str) -> str:
        old_text, self.pending_old = _complete_lines(self.pending_old + old_text)
        new_text, self.pending_new = _complete_lines(self.pending_new + new_text)
        return self._diff(old_text, new_text)

    def close(self) -> str:
        out = [self._diff(self.pending_old, self.pending_new)]
        self.pending_old = self.pending_new = ""
        self._flush(out)
        return "".join(out)

    def _diff(self, old_text: str, new_text: str) -> str:
        old, new = split_lines(old_text), split_lines(new_text)
        if old == new:
            out: list[str] = []
            self._equal(old, out)
            return "".join(out)
        out = []
        matcher = difflib.SequenceMatcher(None, old, new)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                self._equal(old[i1:i2], out)
            else:
                self._change(old[i1:i2], new[j1:j2], out)
        return "".join(out)

    # ---- internals ---------------------------------------------------------------
    def _equal(self, lines: list[str], out: list[str]) -> None:
        for line in lines:
            if self.hunk is not None:
                self.equal_count += 1
                if len(self.equal_run) < 2 * self.n:
                    self.equal_run.append(line)
                if self.equal_count > 2 * self.n:
                    self._flush(out)
            self.before.append(line)
            self.a += 1
            self.b += 1

    def _change(self, old: list[str], new: list[str], out: list[str]) -> None:
        if self.hunk is None:
            lead = list(self.before)
            self.hunk = [_show(" ", line) for line in lead]
            self.hunk_a, self.hunk_b = self.a - len(lead), self.b - len(lead)
            self.len_a = self.len_b = len(lead)
        else:
            self.hunk.extend(_show(" ", line) for line in self.equal_run)
            self.len_a += len(self.equal_run)
            self.len_b += len(self.equal_run)
        self.equal_run, self.equal_count = [], 0
        self.hunk.extend(_show("-", line) for line in old)
        self.hunk.extend(_show("+", line) for line in new)
        self.len_a += len(old)
        self.len_b += len(new)
        self.a += len(old)
        self.b += len(new)
        self.before.clear()

    def _flush(self, out: list[str]) -> None:
        if self.hunk is None:
            return
        trail = self.equal_run[: self.n]
        self.hunk.extend(_show(" ", line) for line in trail)
        self.len_a += len(trail)
        self.len_b += len(trail)
        if not self.header_done:
            out.append(f"--- {self.names[0]}\n+++ {self.names[1]}\n")
            self.header_done = True
        out.append(
            f"@@ -{_range(self.hunk_a, self.len_a)} +{_range(self.hunk_b, self.len_b)} @@\n"
        )
        out.extend(self.hunk)
        self.hunk, self.equal_run, self.equal_count = None, [], 0


def unified(doc: Document, new_text: str) -> str:
    diff = StreamingDiff(f"a/{doc.path}", f"b/{doc.path}")
    return diff.feed(doc.text, new_text) + diff.close()
