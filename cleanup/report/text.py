"""``path:line:col rule message → suggestion (confidence, tier)``, one finding a line."""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import repeat
from operator import attrgetter

from ..document import Document
from ..lazypattern import LazyPattern
from ..model import SAFE_THRESHOLD, UNSAFE_THRESHOLD, Finding, Suggestion, Tier
from ..spelling import speedups

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


def _any_of(codes) -> LazyPattern:
    # Written as runs (a-b) of consecutive characters: the class parses in
    # half the time of one of ~80 single characters. Compiled when first
    # asked (~3 M instructions each): only a text or message that is not
    # printable is (none on either benchmark corpus).
    codes = sorted(codes)
    runs = []
    for c in codes:
        if runs and runs[-1][1] == c - 1:
            runs[-1][1] = c
        else:
            runs.append([c, c])
    return LazyPattern(re.compile, "[" + "".join(f"\\U{a:08x}" + (f"-\\U{b:08x}" if b > a else "") for a, b in runs) + "]")


# Whether a text holds any character the tables change, asked in one C scan:
# most texts and messages hold none, and str.translate with a dict looks up
# every character (raising and clearing a KeyError for each it leaves alone).
_HAS_VISIBLE = _any_of(_VISIBLE)
_HAS_PLAIN = _any_of(_PLAIN)


def visible(text: str) -> str:
    """Quote a span so that spaces, no-break spaces and newlines can be seen."""
    # (Every character the table changes is unprintable: a printable text,
    # nearly every one, is told by one C pass without the regex's set-up.)
    return f'"{text}"' if text.isprintable() or not _HAS_VISIBLE.search(text) else f'"{text.translate(_VISIBLE)}"'


def _paint(text: str, code: str, colour: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if colour else text


_TIER_NAMES = {tier: str(tier) for tier in Tier}
_SAFE = Tier.SAFE
_START = attrgetter("start")


def _plain_of(text: str) -> str:
    return text if text.isprintable() or not _HAS_PLAIN.search(text) else text.translate(_PLAIN)


class _Made(dict):
    """``made[key]`` is ``make(key)``, made once: a C-level look-up, and
    only a key not yet seen calls Python. Emptied when it holds
    :data:`_MADE` (a few MB at most)."""

    def __init__(self, make) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, key):
        if len(self) >= _MADE:
            self.clear()
        value = self[key] = self.make(key)
        return value


_MADE = 20_000
# Paths and messages repeat from finding to finding: escaped once each (a
# megabyte's report has some thousands of messages: more than an LRU cache
# of a thousand kept, asked in turn).
_PLAINED = _Made(_plain_of)
_plain = _PLAINED.__getitem__
# Quoted texts (:func:`visible`), for format_findings.
_QUOTED = _Made(visible)


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


def format_findings(doc: Document, findings: list[Finding], line_base: int = 0, first_column: int = 0,
                    ) -> tuple[list[str], int]:
    """:func:`format_finding` (without colour) of each of ``findings`` in
    ``doc``, and the highest tier among them (-1 for none): the same lines,
    made with less work per finding — the line of each found by a bisect
    over the line starts, and the pieces that repeat from finding to
    finding (a quoted text, the closing confidence and tier, a line or
    column number; a message through :data:`_PLAINED`) made once per
    process (see :data:`_MADE`, :data:`_DECIMALS`). ``line_base``/``first_column``:
    ``doc`` is a chunk of a larger file starting at that line (0-based) and,
    on its first line, that column offset (see :class:`cleanup.batch._Placed`).
    The loop is the ``_speedups`` kernel's ``format_lines`` when it is built
    (:func:`_formatted` is its twin: the same lines from the same kept pieces)."""
    return _format(doc, findings, line_base, first_column, False)


def format_findings_utf8(doc: Document, findings: list[Finding], line_base: int = 0, first_column: int = 0,
                         ) -> tuple[bytes, int] | None:
    """:func:`format_findings`' lines, each ended by a newline, in UTF-8:
    the bytes a UTF-8 stream makes of them, for a report written to one; and
    the worst tier. None when a line holds a lone surrogate (which the
    caller's stream encodes its own way, or refuses). The kernel writes the
    bytes without a str a line: each kept piece's UTF-8 is made once (CPython
    keeps it in the str), where encoding the report encodes every line."""
    return _format(doc, findings, line_base, first_column, True)


def _format(doc: Document, findings: list[Finding], line_base: int, first_column: int, utf8: bool):
    if not findings:
        return (b"" if utf8 else []), -1
    if len(_DISPLAY_TAILS) > _MADE or any(len(t) > _MADE for t in _TAILS.values()):
        _TAILS.clear(), _DISPLAY_TAILS.clear()
    path = _plain(doc.path)
    # The tails of findings at the SAFE cap (nearly all), by confidence
    # alone: a Tier in a key is hashed through a Python-level slot.
    safe_tails = _TAILS.setdefault(_SAFE, {})
    kernel = speedups.function("format_lines")
    if kernel is not None and type(findings) is list:
        # (None, for UTF-8 only: a lone surrogate.)
        return kernel(findings, doc.line_starts, path, line_base, first_column, _QUOTED, _PLAINED, safe_tails,
                      _TAILS, _DISPLAY_TAILS, _SAFE, _BANDS, _NAMES, _suggested_tail, _display_tail, *_FIELDS, utf8)
    lines, worst = _formatted(doc, findings, line_base, first_column, path, safe_tails)
    if not utf8:
        return lines, worst
    try:
        return ("\n".join(lines) + "\n").encode(), worst
    except UnicodeEncodeError:
        return None


# What the kernel makes a tail not kept yet from, without calling _suggested_tail
# or _display_tail (a dense run's confidences are mostly distinct: thousands of
# calls): Tier.from_confidence's bands, highest first (below them, DISPLAY),
# and each tier's name by its value.
_BANDS = ((SAFE_THRESHOLD, int(Tier.SAFE)), (UNSAFE_THRESHOLD, int(Tier.UNSAFE)))
_NAMES = tuple(_TIER_NAMES[Tier(value)] for value in range(len(Tier)))

# The fields the kernel reads, by their member descriptors (slots read at their
# offsets, for objects of exactly these classes; by name otherwise).
_FIELDS = (Finding, (Finding.start, Finding.text, Finding.message, Finding.rule, Finding.suggestions,
                     Finding.max_tier, Finding.detection_confidence),
           Suggestion, (Suggestion.text, Suggestion.confidence))


def _formatted(doc: Document, findings: list[Finding], line_base: int, first_column: int, path: str,
               safe_tails: dict[float, tuple[str, int]]) -> tuple[list[str], int]:
    """format_findings' loop in Python (the reference of the kernel's)."""
    starts = doc.line_starts
    rows = list(map(bisect_right, repeat(starts, len(findings)), map(_START, findings)))
    quoted, plained, display_tails = _QUOTED, _PLAINED, _DISPLAY_TAILS
    # (A piece kept is found by dict.get, a C call; a subscript of the
    # dict subclass goes through a Python-level slot: asked only for a
    # piece not kept yet, or empty.)
    quoted_get, plained_get = quoted.get, plained.get
    decimals = _DECIMALS
    known = len(decimals)
    worst = -1
    out = []
    append = out.append
    for f, row in zip(findings, rows):
        col = f.start - starts[row - 1] + 1  # (>= 1: bisect_right puts the start at or after its line's)
        if row == 1:
            col += first_column
        row += line_base
        q = quoted_get(f.text) or quoted[f.text]
        m = plained_get(f.message) or plained[f.message]
        suggestions = f.suggestions
        if suggestions:
            best = suggestions[0]
            confidence = best.confidence
            # (A confidence of 0 is not looked up: -0.0 equals it, and prints otherwise.)
            made = safe_tails.get(confidence) if confidence and f.max_tier is _SAFE else None
            tail, tier = made or _suggested_tail(f)
            b = quoted_get(best.text) or quoted[best.text]
            if len(suggestions) > 1:
                b += f" (or {', '.join([quoted[s.text] for s in suggestions[1:4]])})"
            append(f"{path}:{decimals[row] if row < known else _decimal(row)}:"
                   f"{decimals[col] if col < known else _decimal(col)} {f.rule} {m} {q} → {b}{tail}")
            if tier > worst:
                worst = tier
        else:
            confidence = f.detection_confidence
            tail = (display_tails.get(confidence) if confidence else None) or _display_tail(confidence)
            append(f"{path}:{decimals[row] if row < known else _decimal(row)}:"
                   f"{decimals[col] if col < known else _decimal(col)} {f.rule} {m} {q}{tail}")
            if worst < 0:
                worst = 0
    return out, worst


def _suggested_tail(f: Finding) -> tuple[str, int]:
    """The closing `` (confidence, tier)`` of a finding with suggestions and
    its tier (Finding.tier's: the best suggestion's, capped at max_tier, a
    function of the two), kept by cap and confidence."""
    confidence = f.suggestions[0].confidence
    tails = _TAILS.setdefault(f.max_tier, {})
    made = tails.get(confidence) if confidence else None
    if made is None:
        tier = int(f.tier)
        made = tails[confidence] = (f" ({confidence:.2f}, {_TIER_NAMES[tier]})", tier)
    return made


def _display_tail(confidence: float) -> str:
    """The closing piece of a finding without suggestions, made and kept."""
    tail = _DISPLAY_TAILS[confidence] = f" ({confidence:.2f}, {_TIER_NAMES[Tier.DISPLAY]})"
    return tail


# str(n) of the line and column numbers seen so far, by n (str() of an int
# is a conversion each time; a list subscript is a load).
_DECIMALS: list[str] = []
_DECIMALS_MAX = 1 << 16  # (a column beyond it, in a huge one-line file, is converted each time)


def _decimal(n: int) -> str:
    """``str(n)``, n >= 0; :data:`_DECIMALS` grown to hold it when small."""
    have = len(_DECIMALS)
    if have <= n < _DECIMALS_MAX:
        _DECIMALS.extend(map(str, range(have, min(max(n + 1, 2 * have), _DECIMALS_MAX))))
    return str(n)


# The closing " (confidence, tier)" pieces made by format_findings, kept
# for the process; emptied when one holds more than _MADE.
_TAILS: dict[Tier, dict[float, tuple[str, int]]] = {}  # max tier: {confidence: (tail, tier)}
_DISPLAY_TAILS: dict[float, str] = {}  # the confidence of a finding without suggestions: its tail
