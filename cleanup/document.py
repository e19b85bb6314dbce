"""Document: the decoded text as one ``str`` plus what is needed to write it back.

The text is kept exactly as decoded — newlines are *not* normalised — so that
offsets reported to other tools point into the file as it is, and a file with
mixed newlines survives a round trip. Detectors that care about line ends
treat ``\\r\\n``, ``\\r`` and ``\\n`` alike (see :data:`NEWLINE`).
"""

from __future__ import annotations

import bisect
import codecs
from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate, repeat
from operator import add

import regex

from .lazypattern import LazyPattern

# One line break, in any convention. Used for the line index and by detectors
# (compiled when first used: the line index of a text with only "\n" does without).
NEWLINE = LazyPattern(regex.compile, r"\r\n|\r|\n")

BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts the same
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class DecodeError(ValueError):
    """The bytes are not text in the expected encoding; says where."""


@dataclass
class Document:
    text: str
    path: str = "-"
    encoding: str = "utf-8"
    bom: bytes = b""
    _line_starts: list[int] | None = field(default=None, repr=False)

    # ---- decoding and encoding -------------------------------------------
    @classmethod
    def from_bytes(cls, data: bytes, path: str = "-", encoding: str | None = None) -> "Document":
        """Decode ``data``; UTF-8 (with or without BOM) unless told otherwise."""
        bom = b""
        if encoding is None:
            for mark, name in BOMS:
                if data.startswith(mark):
                    bom, encoding = mark, name
                    break
            else:
                encoding = "utf-8"
        payload = data[len(bom):]
        try:
            text = payload.decode(encoding)
        except UnicodeDecodeError as exc:
            raise DecodeError(_describe_decode_error(payload, exc, encoding)) from None
        except LookupError:
            raise DecodeError(f"unknown encoding {encoding!r}") from None
        return cls(text=text, path=path, encoding=encoding, bom=bom)

    def encode(self, text: str | None = None) -> bytes:
        """Bytes for ``text`` (default: this document) in the original encoding and BOM."""
        return self.bom + (self.text if text is None else text).encode(self.encoding)

    # ---- positions -----------------------------------------------------------
    @property
    def line_starts(self) -> list[int]:
        if self._line_starts is None:
            text = self.text
            if "\r" in text:
                starts = [0]
                starts.extend(m.end() for m in NEWLINE.finditer(text))
            else:
                # Only "\n" breaks: each line starts one past the end of the
                # one before, summed in C (no Python step per line).
                starts = list(accumulate(map(add, map(len, text.split("\n")), repeat(1)), initial=0))
                starts.pop()  # one past the end of the text: no line starts there
            self._line_starts = starts
        return self._line_starts

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in code points) of ``offset``."""
        line = bisect.bisect_right(self.line_starts, offset) - 1
        return line + 1, offset - self.line_starts[line] + 1

    def line_span(self, line: int) -> tuple[int, int]:
        """``[start, end)`` of 1-based ``line`` without its line break."""
        starts = self.line_starts
        start = starts[line - 1]
        end = starts[line] if line < len(starts) else len(self.text)
        while end > start and self.text[end - 1] in "\r\n":
            end -= 1
        return start, end

    @cached_property
    def newline(self) -> str:
        """The dominant newline style, for detectors that insert line breaks."""
        counts = {"\r\n": 0, "\n": 0, "\r": 0}
        for m in NEWLINE.finditer(self.text):
            counts[m.group()] += 1
        best = max(counts, key=counts.__getitem__)
        return best if counts[best] else "\n"

    @cached_property
    def mixed_newlines(self) -> bool:
        return len({m.group() for m in NEWLINE.finditer(self.text)}) > 1


def _describe_decode_error(payload: bytes, exc: UnicodeDecodeError, encoding: str) -> str:
    before = payload[: exc.start]
    line = before.count(b"\n") + 1
    column = len(before) - (before.rfind(b"\n") + 1) + 1
    bad = payload[exc.start : exc.start + 4].hex(" ")
    return (
        f"not valid {encoding}: byte {exc.start} (line {line}, byte column {column}) "
        f"starts {bad}"
    )
