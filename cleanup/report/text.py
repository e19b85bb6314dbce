"""``path:line:col rule message → suggestion (confidence, tier)``, one finding a line."""

from __future__ import annotations

from functools import lru_cache

from ..document import Document
from ..model import Finding, Tier

_VISIBLE = str.maketrans({"\u00a0": "⍽", "\n": "\\n", "\r": "\\r", "\t": "\\t"})
# Control characters (ESC starts terminal commands: colours, window titles,
# even "write this to the clipboard"; C1 0x9b is a one-byte ESC [) and bidi
# overrides (they reorder the rest of the line) are shown as escapes, so that
# a hostile file cannot drive the terminal its report is read in.
_CONTROLS = [*range(0x20), 0x7F, *range(0x80, 0xA0), 0x061C, 0x200E, 0x200F,
             *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
_ESCAPE = {c: (f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}") for c in _CONTROLS}
_VISIBLE = {**_ESCAPE, **_VISIBLE}
_PLAIN = str.maketrans(_ESCAPE)
_COLOURS = {Tier.SAFE: "32", Tier.UNSAFE: "33", Tier.DISPLAY: "36"}


def visible(text: str) -> str:
    """Quote a span so that spaces, no-break spaces and newlines can be seen."""
    return f'"{text.translate(_VISIBLE)}"'


def _paint(text: str, code: str, colour: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if colour else text


_TIER_NAMES = {tier: str(tier) for tier in Tier}


@lru_cache(maxsize=1024)
def _plain(text: str) -> str:
    # Paths and messages repeat from finding to finding: escaped once each.
    return text.translate(_PLAIN)


def format_finding(doc: Document, f: Finding, colour: bool = False) -> str:
    line, col = doc.line_col(f.start)
    tier = f.tier
    where = f"{_plain(doc.path)}:{line}:{col}"
    rule = f.rule
    if colour:
        where, rule = _paint(where, "1", True), _paint(rule, _COLOURS[tier], True)
    out = f"{where} {rule} {_plain(f.message)} {visible(f.text)}"
    suggestions = f.suggestions
    if suggestions:
        out += f" → {visible(suggestions[0].text)}"
        if len(suggestions) > 1:
            out += f" (or {', '.join(visible(s.text) for s in suggestions[1:4])})"
    return out + f" ({f.confidence:.2f}, {_TIER_NAMES[tier]})"
