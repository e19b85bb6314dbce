"""Word-level diff, for prose whose lines are whole paragraphs: a line diff of
a 1,000-character paragraph shows it twice to change one space. This shows it
once, with ``[-removed-]{+added+}`` inline (git's ``--word-diff=plain``
notation), only for lines that changed, each headed by its line number.

Whitespace is diffed too (a fix that removes a doubled space must be seen), so
removed and added spaces are shown visibly (· for a space, ⍽ for a no-break
space). Long unchanged stretches inside a changed line are shortened to
``…`` with a few words kept on each side.
"""

from __future__ import annotations

import difflib

import regex

from ..document import NEWLINE, Document

_TOKEN = regex.compile(r"\r\n|\r|\n|[^\S\r\n]+|[\p{L}\p{M}\p{N}]+|.", regex.DOTALL)
_SHOW_SPACE = str.maketrans({" ": "·", "\u00a0": "⍽", "\t": "→", "\r": "\\r", "\n": "\\n"})
KEEP = 40  # characters of unchanged text kept on each side of a change


def _changed(text: str) -> str:
    return text.translate(_SHOW_SPACE) if not text.strip() or text != text.strip() else text


def _shorten(text: str, first: bool, last: bool) -> str:
    """Trim an unchanged stretch: keep KEEP characters next to each change."""
    if len(text) <= 2 * KEEP + 10:
        return text
    head = "" if first else text[:KEEP].rsplit(" ", 1)[0] + " "
    tail = "" if last else " " + text[-KEEP:].split(" ", 1)[-1]
    return f"{head}…{tail}"


def word_diff(doc: Document, new_text: str) -> str:
    old_tokens = _TOKEN.findall(doc.text)
    new_tokens = _TOKEN.findall(new_text)
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    # Rebuild the old text line by line, each piece marked as kept or changed.
    lines: list[list[tuple[str, str]]] = [[]]  # per old line: (kind, text)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        old = old_tokens[i1:i2]
        if op == "equal":
            for tok in old:
                if NEWLINE.fullmatch(tok):
                    lines.append([])
                else:
                    lines[-1].append(("=", tok))
            continue
        removed, added = "".join(old), "".join(new_tokens[j1:j2])
        if removed:
            lines[-1].append(("-", removed))
        if added:
            lines[-1].append(("+", added))
        # Line breaks removed by the change still end an old line.
        for _ in NEWLINE.finditer(removed):
            lines.append([])
    out = [f"--- a/{doc.path}\n+++ b/{doc.path}\n"]
    for number, pieces in enumerate(lines, 1):
        if not any(kind != "=" for kind, _ in pieces):
            continue
        rendered = []
        for k, (kind, text) in enumerate(pieces):
            if kind == "=":
                # Merge runs of kept tokens for shortening.
                if rendered and rendered[-1][0] == "=":
                    rendered[-1] = ("=", rendered[-1][1] + text)
                else:
                    rendered.append(("=", text))
            else:
                rendered.append((kind, text))
        body = []
        for k, (kind, text) in enumerate(rendered):
            if kind == "=":
                body.append(_shorten(text, first=k == 0, last=k == len(rendered) - 1))
            elif kind == "-":
                body.append(f"[-{_changed(text)}-]")
            else:
                body.append(f"{{+{_changed(text)}+}}")
        out.append(f"@@ line {number} @@\n{''.join(body)}\n")
    return "".join(out)
