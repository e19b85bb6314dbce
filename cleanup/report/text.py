"""``path:line:col rule message → suggestion (confidence, tier)``, one finding a line."""

from __future__ import annotations

from ..document import Document
from ..model import Finding, Tier

_VISIBLE = str.maketrans({"\u00a0": "⍽", "\n": "\\n", "\r": "\\r", "\t": "\\t"})
_COLOURS = {Tier.SAFE: "32", Tier.UNSAFE: "33", Tier.DISPLAY: "36"}


def visible(text: str) -> str:
    """Quote a span so that spaces, no-break spaces and newlines can be seen."""
    return f'"{text.translate(_VISIBLE)}"'


def _paint(text: str, code: str, colour: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if colour else text


def format_finding(doc: Document, f: Finding, colour: bool = False) -> str:
    line, col = doc.line_col(f.start)
    where = _paint(f"{doc.path}:{line}:{col}", "1", colour)
    rule = _paint(f.rule, _COLOURS[f.tier], colour)
    out = f"{where} {rule} {f.message} {visible(f.text)}"
    if f.best is not None:
        out += f" → {visible(f.best.text)}"
        others = [visible(s.text) for s in f.suggestions[1:4]]
        if others:
            out += f" (or {', '.join(others)})"
    return out + f" ({f.confidence:.2f}, {f.tier})"
