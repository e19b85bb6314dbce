"""Unified diff of the original and cleaned text, line by line."""

from __future__ import annotations

import difflib

from ..document import Document


def unified(doc: Document, new_text: str) -> str:
    old = doc.text.splitlines(keepends=True)
    new = new_text.splitlines(keepends=True)
    lines = difflib.unified_diff(old, new, f"a/{doc.path}", f"b/{doc.path}")
    out = []
    for line in lines:
        out.append(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n")
    return "".join(out)
