"""Numeric anchors: what two editions of one text must agree on, whatever the language.

A translation rewrites every word but keeps numbers, years, percentages,
ordinals (``23rd`` ↔ ``23-й``) and centuries (``XIX`` ↔ ``19th``). Each is
read here to its *value*, so that anchors of the two editions compare by value
and a mismatch points at damage in one of them.

Russian typists often write Roman numerals with the Cyrillic letters that look
like Latin ones (``ХХ``), and OCR or haste turns ``I`` into ``!``, ``|``,
``1`` or ``l`` (``Х!Х`` for XIX). Such numerals are read with those look-alikes
and marked ``lookalike`` — their value is still trusted, their form is not.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator

import regex

from ..lazypattern import LazyPattern
from . import speedups

# Shapes: what kind of quantity an anchor is. Only anchors of one shape are
# compared as a substitution (a year that faces a percentage is an alignment
# artefact, not damage).
PERCENT, YEAR, ORDINAL, NUMBER = "percent", "year", "ordinal", "number"

_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
# Cyrillic letters that look like Roman-numeral letters, and characters that
# stand in for I in typed or OCR'd text.
_CYRILLIC_ROMAN = str.maketrans({"Х": "X", "І": "I", "С": "C", "М": "M", "Ӏ": "I"})
_I_LOOKALIKES = "!|1"
_ROMAN_CHARS = "IVXLCDMХІСМӀ" + _I_LOOKALIKES

_CENTURY_WORD = LazyPattern(
    regex.compile,
    r"[^\S\r\n]*(?:[-–—][^\S\r\n]*)?(?:век|века|веке|веков|векам|веками|вв?\.|centur(?:y|ies)|c\.)",
    regex.IGNORECASE,
)

# A number not glued to letters on the left; optional thousands groups
# (1,000 in English, 1 000 in Russian) and decimals; then an optional tail:
# % sign, English ordinal suffix, Russian "-й"/"-го"/"-ти" ending.
_NUMBER = LazyPattern(
    regex.compile,
    r"(?<![\p{L}\p{N}.,])"
    r"(?P<num>\d{1,3}(?:(?P<sep>[,\u00a0\u202f\u2009 ])\d{3})+(?![\d])|\d+(?:[.,]\d+)?)"
    r"(?:(?P<pct>[^\S\r\n]?%)"
    r"|(?P<en>st|nd|rd|th)\b"
    r"|(?<=0)['’]?(?P<decade>s)\b"
    r"|-(?P<ru>[а-яё]{1,3})\b)?"
    r"(?![\p{L}\p{N}])"
)
# A dotted date, 09.05.1945: its day and year are anchors (the month is a
# word in the other edition, "May"), not the decimal 9.05.
_DOTTED_DATE = LazyPattern(
    regex.compile,
    r"(?<![\p{L}\p{N}.,])(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})(?![\p{L}\p{N}]|\.\d)"
)
# Letters and signs that OCR and hasty typing put for digits: O for 0, l or
# I or | for 1, Cyrillic З for 3. A token of them counts as a broken number
# only with at least two real digits in it ("2O18", "l917", "19l7").
_DIGIT_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "О": "0", "о": "0", "l": "1", "I": "1",
                                   "|": "1", "З": "3", "з": "3"})
_BROKEN_NUMBER = LazyPattern(
    regex.compile,
    r"(?<![\p{L}\p{N}])(?=[\dOoОоlI|Зз]*\d[\dOoОоlI|Зз]*\d)(?=[\dOoОоlI|Зз]*[OoОоlI|Зз])"
    r"[\dOoОоlI|Зз]{3,}(?![\p{L}\p{N}])"
)
_ROMAN_TOKEN = LazyPattern(
    regex.compile,
    r"(?<![\p{L}\p{N}!|])[" + regex.escape(_ROMAN_CHARS) + r"]+(?![\p{L}\p{N}!|])"
)
# Russian endings after a hyphen that make a cardinal ("70-ти лет", "80-х"),
# not an ordinal.
_RU_CARDINAL_ENDINGS = frozenset({"ти", "ми", "х", "ью", "ех", "ёх", "ух"})


class Anchor:
    """A number (or Roman numeral) in a paragraph. (A plain class: anchors are
    compared by their fields where it matters (``value``, ``shape``), never
    as wholes, hashed or printed; and a dataclass's generated methods cost
    ~3.5 M instructions to make at every start.)"""

    __slots__ = ("start", "end", "text", "value", "shape", "lang", "roman", "lookalike", "century", "broken")

    def __init__(self, start: int, end: int, text: str, value: float, shape: str, lang: str | None,
                 roman: bool = False, lookalike: bool = False, century: bool = False, broken: bool = False) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.value = value
        self.shape = shape
        self.lang = lang
        self.roman = roman
        self.lookalike = lookalike  # written with look-alike characters (Cyrillic Х, ! for I)
        self.century = century  # followed by "century"/"века"
        self.broken = broken  # damaged: a letter or sign for a digit or for I (2O18, Х!Х)

    @property
    def clean(self) -> str:
        """The numeral written properly (Latin Roman letters, real digits)."""
        if self.roman:
            return to_roman(int(self.value))
        return self.text.translate(_DIGIT_LOOKALIKES) if self.broken else self.text

    @property
    def key(self) -> float:
        return self.value


def roman_value(token: str) -> tuple[int, bool] | None:
    """Value of a Roman numeral written with Latin, Cyrillic or look-alike letters,
    and whether look-alikes were needed. None when it is not a canonical numeral."""
    latin = token.translate(_CYRILLIC_ROMAN)
    lookalike = latin != token
    if any(c in _I_LOOKALIKES for c in latin):
        lookalike = True
        latin = "".join("I" if c in _I_LOOKALIKES else c for c in latin)
    if not latin or any(c not in _ROMAN_VALUES for c in latin):
        return None
    total = 0
    for i, c in enumerate(latin):
        v = _ROMAN_VALUES[c]
        nxt = _ROMAN_VALUES[latin[i + 1]] if i + 1 < len(latin) else 0
        total += -v if v < nxt else v
    if not 0 < total < 4000 or to_roman(total) != latin:
        return None
    return total, lookalike


def to_roman(value: int) -> str:
    out = []
    for v, s in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                 (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while value >= v:
            out.append(s)
            value -= v
    return "".join(out)


def english_ordinal(value: int) -> str:
    if 10 <= value % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
    return f"{value}{suffix}"


# Quick tests that a paragraph can hold no number (every number pattern above
# needs a digit) and no broken number (a digit next to a look-alike of one:
# in a run of digits and look-alikes that holds both, some two neighbours
# are one of each).
_DIGITS = LazyPattern(regex.compile, r"\d+")
_LOOKALIKE_CHARS = frozenset("OoОоlI|Зз")


def _digits_and_lookalikes(text: str, start: int, end: int) -> tuple[bool, bool]:
    """Does ``text[start:end]`` hold a digit, and a digit next to a look-alike of one?"""
    has_digit = False
    for m in _DIGITS.finditer(text, start, end):
        has_digit = True
        s, e = m.span()
        if (s > start and text[s - 1] in _LOOKALIKE_CHARS) or (e < end and text[e] in _LOOKALIKE_CHARS):
            return True, True
    return has_digit, False


# What the text needs for :func:`anchors` to read a value of 100 or more, or
# one with a fraction: three digits in a row (100 and up, a year, a 1 000
# group), a digit, point or comma and digit, or a digit next to a look-alike
# of one (a broken number); or a Roman numeral with C, D or M (Latin or
# Cyrillic: without them a numeral is below 90), which is a run of two
# numeral characters or more, or one letter before a century word. Tested
# with the standard ``re`` and patterns that start with one character class
# (a few nanoseconds a character); most paragraphs have no digit at all.
_ANY_DIGIT = LazyPattern(re.compile, r"\d")
_DIGITS_100_OR_FRACTION = LazyPattern(re.compile, r"\d(?:\d\d|[.,]\d|[OoОоlI|Зз])|[OoОоlI|Зз]\d")
_ROMAN_RUN = LazyPattern(re.compile, "[" + re.escape(_ROMAN_CHARS) + "]{2,}")
_HUNDREDS = frozenset("CDMСМ")
_LONE_HUNDREDS_CENTURY = LazyPattern(
    re.compile, r"[CDMСМ][^\S\r\n]*(?:[-–—][^\S\r\n]*)?(?i:век|вв?\.|centur|c\.)"
)


def may_read_100_or_fraction(text: str, start: int, end: int) -> bool:
    """False only when no anchor of ``text[start:end]`` has a value of 100 or
    more or a fraction (tests/test_parallel_gate.py compares it with
    :func:`anchors`, and tests/test_names_fast_paths.py with
    :func:`_may_read_100_or_fraction_plainly`). One pass in C when the
    kernel is built (``_align_dp.may_read_100_or_fraction``: a tenth of the
    pattern's cost, whose first class asks Unicode's category of every
    character); the pattern below is its reference
    (tests/test_parallel_kernels.py compares the two)."""
    kernel = speedups.compiled()
    if kernel is not None:
        return kernel.may_read_100_or_fraction(text, start, end)
    return _may_read_100_or_fraction_by_pattern(text, start, end)


def _may_read_100_or_fraction_by_pattern(text: str, start: int, end: int) -> bool:
    """:func:`may_read_100_or_fraction` by the one pattern (the kernel's twin)."""
    piece = text[start:end]
    if piece.isascii():
        return _MAY_READ_100_OR_FRACTION_ASCII.search(piece) is not None
    return _MAY_READ_100_OR_FRACTION.search(piece) is not None


def _may_read_100_or_fraction_plainly(text: str, start: int, end: int) -> bool:
    """The same, pattern by pattern: three digits, a digit and its fraction,
    a digit next to a look-alike of one; a run of Roman numeral characters
    with C, D or M in it; or C, D or M before a century word."""
    if _ANY_DIGIT.search(text, start, end) and _DIGITS_100_OR_FRACTION.search(text, start, end):
        return True
    if any(not _HUNDREDS.isdisjoint(run) for run in _ROMAN_RUN.findall(text, start, end)):
        return True
    return _LONE_HUNDREDS_CENTURY.search(text, start, end) is not None


# All of :func:`_may_read_100_or_fraction_plainly` as one pattern that
# starts with one character class (a digit or a Roman numeral character),
# which the standard ``re`` scans for in C: the character found, then
# what must follow it (or, looking back at it, what it must be). A run of
# two numeral characters or more holds C, D or M when one of those has a
# numeral character next to it. Searched in the paragraph cut out, so
# that looking back never reaches before it.
_LOOKALIKE_CLASS = "[OoОоlI|Зз]"
_ROMAN_CLASS = "[" + re.escape(_ROMAN_CHARS) + "]"
_HUNDREDS_CLASS = "[CDMСМ]"


def _may_read_100_or_fraction_pattern(digit: str) -> LazyPattern:
    """The pattern below with ``digit`` for ``\\d`` (a character class's inside)."""
    return LazyPattern(
        re.compile,
        rf"[{digit}{re.escape(_ROMAN_CHARS)}]"
        rf"(?:(?<=[{digit}])(?:[{digit}][{digit}]|[.,][{digit}]|{_LOOKALIKE_CLASS})"  # 100 and up, a fraction, a broken number
        rf"|(?<={_LOOKALIKE_CLASS}[{digit}])"  # a look-alike, then this digit
        rf"|(?<={_HUNDREDS_CLASS})(?:{_ROMAN_CLASS}|[^\S\r\n]*(?:[-–—][^\S\r\n]*)?(?i:век|вв?\.|centur|c\.))"
        rf"|(?<={_ROMAN_CLASS}){_HUNDREDS_CLASS})"
    )


_MAY_READ_100_OR_FRACTION = _may_read_100_or_fraction_pattern(r"\d")
# The same for ASCII text, whose only digits are 0–9: a class of characters
# the engine tests by a bitmap, not by asking Unicode's category of each
# character (twice as quick; the rest of the pattern is unchanged).
_MAY_READ_100_OR_FRACTION_ASCII = _may_read_100_or_fraction_pattern("0-9")


def anchors(text: str, start: int, end: int, lang: str | None) -> list[Anchor]:
    """Numeric anchors of ``text[start:end]`` in text order."""
    has_digit, by_lookalike = _digits_and_lookalikes(text, start, end)
    if has_digit:
        numbers = list(_numbers(text, start, end, lang))
        broken = list(_broken_numbers(text, start, end, lang)) if by_lookalike else []
    else:
        numbers = broken = []
    found = numbers + list(_romans(text, start, end, lang)) + broken
    return sorted(found, key=lambda a: a.start)


def _numbers(text: str, start: int, end: int, lang: str | None) -> Iterator[Anchor]:
    dates: list[tuple[int, int]] = []
    for m in _DOTTED_DATE.finditer(text, start, end):
        day, month, year = (_float(m.group(g)) for g in ("day", "month", "year"))
        if day is None or month is None or year is None or not (1 <= day <= 31 and 1 <= month <= 12):
            continue
        dates.append((m.start(), m.end()))
        yield Anchor(m.start("day"), m.end("day"), m.group("day"), day, NUMBER, lang)
        yield Anchor(m.start("year"), m.end("year"), m.group("year"), year,
                     YEAR if 1000 <= year <= 2100 else NUMBER, lang)
    for m in _NUMBER.finditer(text, start, end):
        if dates and any(s <= m.start() < e for s, e in dates):
            continue
        raw = m.group("num")
        value = _parse_number(raw, m.group("sep"), lang)
        if value is None:
            continue
        century = bool(_CENTURY_WORD.match(text, m.end(), end))
        if m.group("pct"):
            shape = PERCENT
        elif m.group("en") or (m.group("ru") and m.group("ru") not in _RU_CARDINAL_ENDINGS):
            shape = ORDINAL
        elif century:
            shape = ORDINAL
        elif len(raw) == 4 and raw.isdigit() and 1000 <= value <= 2100:
            shape = YEAR
        else:
            shape = NUMBER
        yield Anchor(m.start(), m.end(), m.group(), value, shape, lang, century=century)


def _broken_numbers(text: str, start: int, end: int, lang: str | None) -> Iterator[Anchor]:
    for m in _BROKEN_NUMBER.finditer(text, start, end):
        digits = m.group().translate(_DIGIT_LOOKALIKES)
        value = _float(digits)
        if value is None:
            continue
        shape = YEAR if len(digits) == 4 and 1000 <= value <= 2100 else NUMBER
        yield Anchor(m.start(), m.end(), m.group(), value, shape, lang, lookalike=True, broken=True)


_NON_DIGIT = LazyPattern(regex.compile, r"\D")


def _parse_number(raw: str, sep: str | None, lang: str | None) -> float | None:
    if sep:
        # "1,000" is a thousands group in English; "1 000" in Russian.
        return _float(_NON_DIGIT.sub("", raw))
    if "," in raw or "." in raw:
        # Decimal comma (ru) or point (en); either way the value is the same.
        return _float(raw.replace(",", "."))
    return _float(raw)


def _float(digits: str) -> float | None:
    """The value of a matched number, or None. The regex module's Unicode is
    newer than Python's: its \\d matches digits (Garay U+10D40...) that
    float() rejects. A number of 400 digits is inf: kept out too, so that no
    comparison or int() downstream has to deal with it."""
    try:
        value = float(digits)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _romans(text: str, start: int, end: int, lang: str | None) -> Iterator[Anchor]:
    for m in _ROMAN_TOKEN.finditer(text, start, end):
        # A look-alike counts only inside a numeral: "Х!Х" is XIX, but in
        # "ХХ!" or "I!" the "!" is punctuation.
        token = m.group().strip(_I_LOOKALIKES)
        if not token:
            continue
        t_start = m.start() + (len(m.group()) - len(m.group().lstrip(_I_LOOKALIKES)))
        t_end = t_start + len(token)
        century = bool(_CENTURY_WORD.match(text, t_end, end))
        if len(token) < 2 and not century:
            continue  # a lone letter: a pronoun, preposition or initial (see _plausible_roman)
        parsed = roman_value(token)
        if parsed is None:
            continue
        value, lookalike = parsed
        if not _plausible_roman(token, century):
            continue
        yield Anchor(
            t_start, t_end, token, float(value), ORDINAL, lang,
            roman=True, lookalike=lookalike, century=century,
            broken=any(c in _I_LOOKALIKES for c in token),
        )


def _plausible_roman(token: str, century: bool) -> bool:
    """Is this letter run a numeral, not a word, pronoun or initial?

    A single letter is a numeral only before a century word (``V век``): ``I``
    is the English pronoun, ``С`` a Russian preposition, ``K. MARX`` an initial.
    A longer run must hold one of I, V, X (centuries, congresses, chapters),
    which keeps acronyms such as ``CD``, ``DC``, ``СМ`` out.
    """
    if century:
        return True
    if len(token) < 2:
        return False
    latin = token.translate(_CYRILLIC_ROMAN)
    if not any(c in "IVX" + _I_LOOKALIKES for c in latin):
        return False
    # "11" or "1|1" are digits and bars, not a numeral.
    return bool(regex.search(r"[IVXХІ]", token))
