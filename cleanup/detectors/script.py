"""Script damage: letters of the wrong alphabet, Roman numerals typed with
lookalikes, digits standing in for letters.

- ``script.mixed``: a word mixing Latin and Cyrillic letters (``Пpивет``
  with a Latin p) — the lookalikes are converted to the word's dominant
  script when that yields a known word.
- ``script.roman``: a Roman numeral typed with Cyrillic Х/І/С/М or with
  ``!``/``1``/``|`` for I, in numeral context (``в конце Х!Х и в начале ХХ
  века`` → XIX, XX). Context is a following word that numbers take
  (век, съезд, century, …) or, for the first of two numerals joined by
  "и"/"and"/a dash, the context of the second. A joined numeral is applied
  only when it also carries a stand-in no word has (``!``, ``1``, ``|``
  between its letters, as in Х!Х): letters alone (СС, МС, С) may be an
  abbreviation or a preposition beside a real numeral.
- ``script.digit``: a digit inside a word that reads as a letter
  (``пр0блема``, ``he1lo``) when replacing it yields a known word.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from functools import lru_cache
from itertools import accumulate, product

import regex

from .. import lexicon
from ..model import Finding, Suggestion
from ..options import Context
from ..lazypattern import LazyPattern, compiled_once
from ..segments import Span
from ..spelling import speedups
from .base import Detector, RuleDoc

# Lookalikes: Latin letter → Cyrillic letter of the same shape, and back.
_LAT_TO_CYR = dict(zip("aceopxyABCEHKMOPTXy", "асеорхуАВСЕНКМОРТХу"))
_CYR_TO_LAT = {v: k for k, v in _LAT_TO_CYR.items()}
_CYR_TO_LAT.update({"у": "y", "к": "k", "т": "t", "м": "m", "н": "h", "в": "b"})

# A run of letters with both Latin and Cyrillic in it. Found as runs of
# letters, then tested for both scripts: one pattern that asks for both
# retries every start in a run and backtracks over it (cubic: 2000 a's took
# 15 s, a long line of letters hung the run). (latin_runs finds the runs
# that hold a Latin letter without this pattern; the tests compare it.)
_LETTER_RUN = LazyPattern(regex.compile, r"\p{L}++")
# The letters before a place (matched backwards) and after it. (Compiled when first used.)
_LETTERS_BEFORE = LazyPattern(regex.compile, r"(?r)\p{L}*")
_LETTERS_AFTER = LazyPattern(regex.compile, r"\p{L}*")
_LATIN_LETTER = regex.compile(r"\p{Script=Latin}")
_CYRILLIC_LETTER = regex.compile(r"\p{Script=Cyrillic}")
# A run of Latin letters (a Latin character that is no letter, such as the
# Roman numeral Ⅻ, is in no run of letters): one class, the intersection,
# which the regex module skips through text for several times faster than
# a letter tested and then its script. (Compiled when first used.)
_LATIN_LETTER_RUN = LazyPattern(regex.compile, r"(?V1)[\p{Script=Latin}&&\p{L}]+")

# Characters that stand for Roman digits: the Latin ones and their stand-ins.
_ROMAN_CHARS = {
    "I": "I", "V": "V", "X": "X", "L": "L", "C": "C", "D": "D", "M": "M",
    "Х": "X", "І": "I", "С": "C", "М": "M", "!": "I", "1": "I", "|": "I", "l": "I",
}
_ROMAN_FIRST = "IVXLCDMХІСМ"  # what a numeral starts with,
_ROMAN_BODY = _ROMAN_FIRST + "!1|l"  # is made of,
_ROMAN_LAST = _ROMAN_FIRST + "!"  # and ends with
_ROMAN_BODY_SET = frozenset(_ROMAN_BODY)
# The Russian letters (\p{L} in any Unicode version), for roman_tokens.
_RUSSIAN_LETTERS = frozenset("АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя")
_ROMAN_TOKEN = regex.compile(
    rf"(?<![\p{{L}}\p{{N}}])[{_ROMAN_FIRST}][{_ROMAN_BODY}]*(?<=[{_ROMAN_LAST}])(?![\p{{L}}\p{{N}}])"
)
VALID_ROMAN = regex.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
# Words that follow a number written in Roman digits (a small closed class).
# (This and the other patterns kept as text are compiled when first used:
# most runs never read a numeral's context. See rulepack.compiled_once.)
_NUMBERED = (
    r"(?i)(?:век|вв?\.|столети|тысячелети|съезд|пленум|конгресс|созыв|глав|том|част|раздел|"
    r"квартал|олимпиад|чемпионат|международн|century|centuries|congress|chapter|volume|part|"
    r"plenum|world|olympi)\w*"
)
_JOINER = r"(?i)\s*(?:и|или|по|and|or|to|-|–|—)\s*"
_SENTENCE_END = r"[.!?;\r\n]"
_NEXT_WORD = r"[^\S\r\n]*(?:\r\n|\r|\n)?[^\S\r\n]*(\p{L}[\p{L}.]*)"

_DIGIT_WORD = r"(?<![\p{L}\p{N}])(?=[\p{L}\p{N}]*\p{L}[\p{L}\p{N}]*\p{L})[\p{L}\p{N}]*\p{N}[\p{L}\p{N}]*(?![\p{L}\p{N}-])"
_DIGIT_AS = {
    "ru": {"0": "о", "3": "з", "6": "б", "1": "і", "4": "ч"},
    "en": {"0": "o", "1": "li", "5": "s", "8": "b"},
}

# A digit next to a letter: every word _DIGIT_WORD takes has one (it is a
# run of letters and digits with both in it), and most texts have few, so
# one scan of the text finds the only paragraphs worth the costly pattern.
_DIGIT_BY_LETTER = regex.compile(r"\p{N}(?<=\p{L}\p{N})|\p{N}(?=\p{L})")
_RUN_BEFORE = regex.compile(r"(?r)[\p{L}\p{N}]*")  # matched backwards: the run up to a place
# ASCII letters and digits: \p{L} and \p{N} for certain.
_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_ASCII_DIGITS = frozenset("0123456789")
_ASCII_ALNUM = _ASCII_LETTERS | _ASCII_DIGITS
_ROMAN_TABLE = str.maketrans(_ROMAN_CHARS)
_ORDINAL = r"(?i)\d+(?:st|nd|rd|th|s|er|e|ème|[а-я]{1,3})"

MIXED_CONFIDENCE = 0.97
ROMAN_CONFIDENCE = 0.95  # a numeral directly before "века"
ROMAN_JOINED_CONFIDENCE = 0.85  # the first of two joined numerals
ROMAN_JOINED_STAND_IN_CONFIDENCE = 0.92  # ... with "!", "1" or "|" between its letters
# A stand-in for I that is not a letter, inside the numeral: "Х!Х", "X1X".
# At the end ("ХХ!") it may be the sentence's own exclamation mark.
_INNER_STAND_IN = r"(?<=.)[!1|](?=.)"
DIGIT_CONFIDENCE = 0.92


@lru_cache(maxsize=1024)
def _valid_roman(roman: str) -> bool:
    """Does VALID_ROMAN match ``roman`` whole? Remembered: most numerals
    of a text are a handful of strings ("I", "II", "XX")."""
    return VALID_ROMAN.fullmatch(roman) is not None


def _script_of(word: str) -> str | None:
    if word.isascii():  # (most digit words: 1st, 6d) no Cyrillic, and every letter Latin
        return "en" if any(map(str.isalpha, word)) else None
    cyr = len(_CYRILLIC_LETTER.findall(word))
    lat = len(_LATIN_LETTER.findall(word))
    return "ru" if cyr > lat else "en" if lat > cyr else None


def _convert(word: str, lang: str) -> str | None:
    table = _LAT_TO_CYR if lang == "ru" else _CYR_TO_LAT
    other = _LATIN_LETTER if lang == "ru" else _CYRILLIC_LETTER
    out = []
    for ch in word:
        if other.match(ch):
            if ch not in table:
                return None
            out.append(table[ch])
        else:
            out.append(ch)
    return "".join(out)


def digit_words(text: str, paras: list[Span]) -> Iterator["regex.Match[str]"]:
    """The matches of _DIGIT_WORD in each paragraph, tried only where it can match.

    Its matches are whole runs of letters and digits (it starts where no
    letter or digit is before it and ends where none follows), and each has
    a digit next to a letter. So it is tried once at the start of each run
    around such a digit, with the paragraph's end as the end of the text it
    sees: the same matches as a scan of every paragraph, which tried the
    pattern at every letter of the text."""
    starts = [p.start for p in paras]
    last_run = -1
    for hit in digit_hits(text):
        i = bisect_right(starts, hit) - 1
        if i < 0 or hit >= paras[i].end:
            continue
        run = _run_start(text, paras[i].start, hit)
        if run == last_run:
            continue
        last_run = run
        m = compiled_once(_DIGIT_WORD).match(text, run, paras[i].end)
        if m is not None:
            yield m


def roman_tokens(text: str) -> Iterator["regex.Match[str]"]:
    """``_ROMAN_TOKEN.finditer(text)``; with the compiled kernel, the pattern
    tried only at :func:`roman_places` (a few per thousand characters),
    going on from the end of each match as a scan does."""
    places = speedups.function("roman_places")
    if places is None:
        yield from _ROMAN_TOKEN.finditer(text)
        return
    match = _ROMAN_TOKEN.match
    end = 0
    last = len(text) - 1
    for i in places(text, _ROMAN_FIRST, _ROMAN_BODY, _ROMAN_LAST):
        if i >= end:
            # A numeral of one character (the English "I", most places) or a
            # capital that starts a Russian word (Со, Мы) is told without a
            # regex call when the characters beside it settle it: the place
            # is after no ASCII letter or digit (roman_places), a character
            # of _ROMAN_FIRST is one of _ROMAN_LAST, and one after it that
            # is not of _ROMAN_BODY ends the run there.
            after = text[i + 1] if i < last else " "
            if after not in _ROMAN_BODY_SET:
                if after in _RUSSIAN_LETTERS:
                    continue  # a letter right after the run: no match
                if after.isascii() and (i == 0 or text[i - 1].isascii()):
                    # Nothing that is a letter or a digit on either side.
                    end = i + 1
                    yield _OneCharacter(text, i)
                    continue
            m = match(text, i)
            if m is not None:
                end = m.end()
                yield m


class _OneCharacter:
    """A match of _ROMAN_TOKEN one character long, told without the regex
    module: what the readers of roman_tokens ask of a match."""

    __slots__ = ("string", "pos")

    def __init__(self, string: str, pos: int) -> None:
        self.string = string
        self.pos = pos

    def start(self) -> int:
        return self.pos

    def end(self) -> int:
        return self.pos + 1

    def span(self) -> tuple[int, int]:
        return self.pos, self.pos + 1

    def group(self) -> str:
        return self.string[self.pos]


def roman_places(text: str, first: str, body: str, last: str) -> list[int]:
    """Where ``_ROMAN_TOKEN`` may match, told by ASCII alone: a character of
    ``first`` after no ASCII letter or digit, with a run of ``body`` after it
    that holds one of ``last`` followed by no ASCII letter or digit (an
    ASCII letter or digit is \\p{L} or \\p{N}; what is beyond ASCII may be).
    The Python twin of the compiled ``roman_places`` (for the tests: the
    pure-Python path scans with the pattern itself)."""
    first, body, last = (f"[{regex.escape(chars)}]" for chars in (first, body, last))
    pattern = rf"(?<![A-Za-z0-9])(?={first})(?={body}*?(?={body}){last}(?![A-Za-z0-9]))"
    return [m.start() for m in compiled_once(pattern).finditer(text)]


def digit_hits(text: str) -> list[int]:
    """The starts of ``_DIGIT_BY_LETTER.finditer(text)`` (each one digit);
    with the compiled kernel, the pattern tried only at :func:`digit_places`."""
    places = speedups.function("digit_places")
    if places is None:
        return [m.start() for m in _DIGIT_BY_LETTER.finditer(text)]
    match = _DIGIT_BY_LETTER.match
    last = len(text) - 1
    # An ASCII digit beside an ASCII letter (1st, 12s, mp3: most places) is
    # a match, told without a regex call; the regex decides the rest.
    return [i for i in places(text)
            if (text[i] in _ASCII_DIGITS
                and ((i and text[i - 1] in _ASCII_LETTERS) or (i < last and text[i + 1] in _ASCII_LETTERS)))
            or match(text, i)]


def _run_start(text: str, lo: int, hit: int) -> int:
    """``_RUN_BEFORE.match(text, lo, hit).start()``: where the run of letters
    and digits that ends at ``hit`` starts (not before ``lo``). Its ASCII
    letters and digits (most runs: 12s, 1st) are stepped over in Python;
    the regex is asked only from a character beyond ASCII on."""
    j = hit
    while j > lo and text[j - 1] in _ASCII_ALNUM:
        j -= 1
    if j > lo and not text[j - 1].isascii():
        j = _RUN_BEFORE.match(text, lo, j).start()
    return j


def digit_places(text: str) -> list[int]:
    """Where ``_DIGIT_BY_LETTER`` may match, told by ASCII and a few blocks:
    a character that may be a number (an ASCII digit, or beyond ASCII
    outside the blocks that hold none, _NO_NUMBER_BLOCKS) beside one that
    may be a letter (an ASCII letter or anything beyond ASCII). The Python
    twin of the compiled ``digit_places`` (for the tests)."""
    pattern = rf"(?:[0-9]|(?![\x00-\x7f{_NO_NUMBER_BLOCKS}]).)(?:(?<=(?:[A-Za-z]|[^\x00-\x7f]).)|(?=[A-Za-z]|[^\x00-\x7f]))"
    return [m.start() for m in compiled_once(pattern, regex.DOTALL).finditer(text)]


def mixed_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of the lines of ``text`` that hold a character that may
    be Latin (an ASCII letter, or beyond ASCII outside _NOT_LATIN_BLOCKS) and
    one that may be Cyrillic (in _CYRILLIC_BLOCKS or beyond the BMP). The
    Python twin of the compiled ``mixed_lines`` (for the tests)."""
    may_be_latin = compiled_once(f"[A-Za-z]|[^\\x00-\\x7f{_NOT_LATIN_BLOCKS}]").search
    may_be_cyrillic = compiled_once(f"[{_CYRILLIC_BLOCKS}\\U00010000-\\U0010ffff]").search
    return [(start, start + len(line)) for start, line in lines(text) if may_be_latin(line) and may_be_cyrillic(line)]


# Blocks beyond ASCII without a Latin letter (\p{Script=Latin}): Latin-1's
# signs, the blocks from Greek to Mongolian, General Punctuation, currency
# and letterlike signs, arrows and mathematical signs; and the blocks that
# hold every Cyrillic letter of the BMP (tests/test_script_places.py holds
# both to the regex module's tables).
_NOT_LATIN_BLOCKS = "\x80-\xa9\xab-\xb9\xbb-\xbf\xd7\xf7\u02b9-\u02df\u02e5-\u1cff\u2000-\u2070\u20a0-\u2129\u2190-\u2bff"
_CYRILLIC_BLOCKS = "\u0400-\u052f\u1c80-\u1c8f\u1d2b\u1d78\u2de0-\u2dff\ua640-\ua69f\ufe2e\ufe2f"

# Blocks beyond ASCII without a number (\p{N}): Latin-1 but ² ³ ¹ ¼ ½ ¾, the
# Latin, Greek, Cyrillic, Armenian and Hebrew blocks, General Punctuation
# (tests/test_script_places.py holds them to the regex module's tables).
_NO_NUMBER_BLOCKS = "\x80-\xb1\xb4-\xb8\xba\xbb\xbf-\u065f\u2000-\u206f"


def latin_runs(text: str, start: int, end: int) -> Iterator[tuple[int, int, str]]:
    """(start, end, text) of each run of letters (``\\p{L}++``) of
    ``text[start:end]`` that holds a Latin letter, in order.

    Found from the runs of Latin letters (one scan of the span: a line's
    words are mostly all Cyrillic, or all Latin and then set off by ASCII
    spaces and marks), each widened to the run of letters it lies in when
    a character beyond ASCII is beside it; not by splitting the whole line
    into its runs of letters (the regex module's split costs some 90 µs a
    line) nor by a search of each run (a regex call costs more than a word)."""
    last_end = start
    for m in _LATIN_LETTER_RUN.finditer(text, start, end):
        a, b = m.span()
        if a < last_end:
            continue  # in the run of letters of the last one
        # (An ASCII character beside it is no letter: an ASCII letter would be in it.)
        if a > start and not text[a - 1].isascii():
            a = _LETTERS_BEFORE.match(text, start, a).start()
        if b < end and not text[b].isascii():
            b = _LETTERS_AFTER.match(text, b, end).end()
        last_end = b
        yield a, b, text[a:b]


def lines(text: str) -> Iterator[tuple[int, str]]:
    """(start, text) of every line of ``text`` that is not empty: the
    matches of ``[^\r\n]+``, found by one C-level split instead of a
    regex scan of every character."""
    flat = text.replace("\r", "\n") if "\r" in text else text
    pieces = flat.split("\n")
    # A piece starts one character (its line break) after the previous one ends.
    starts = accumulate((len(p) + 1 for p in pieces), initial=0)
    return ((start, piece) for start, piece in zip(starts, pieces) if piece)


class ScriptDetector(Detector):
    LOCALITY = "document"  # scans lines and numerals across the whole text
    RULES = (
        RuleDoc("script.mixed", "Latin and Cyrillic letters mixed in one word", "Пpивет → Привет"),
        RuleDoc("script.roman", "Roman numeral typed with lookalike characters", "в конце Х!Х века → в конце XIX века"),
        RuleDoc("script.digit", "Digit standing for a letter inside a word", "пр0блема → проблема"),
    )

    def detect(self, ctx: Context) -> Iterator[Finding]:
        text = ctx.doc.text
        on = ctx.options.enabled
        if on("script.mixed"):
            yield from self._mixed(text)
        if on("script.roman"):
            yield from self._roman(text)
        if on("script.digit"):
            yield from self._digits(text, ctx.paragraphs)

    def _mixed(self, text: str) -> Iterator[Finding]:
        # A run of letters never crosses a line end, and most lines hold one
        # script only: look at the runs of the lines that have both. A line
        # of ASCII has no Cyrillic letter: it is passed over without a regex.
        # (The compiled kernel passes over the lines that cannot have both
        # in one pass of the text.)
        kernel = speedups.function("mixed_lines")
        spans = kernel(text) if kernel is not None else (
            (start, start + len(line)) for start, line in lines(text) if not line.isascii())
        for start, end in spans:
            if _LATIN_LETTER.search(text, start, end) and _CYRILLIC_LETTER.search(text, start, end):
                yield from self._mixed_runs(text, start, end)

    def _mixed_runs(self, text: str, start: int, end: int) -> Iterator[Finding]:
        for m_start, m_end, word in latin_runs(text, start, end):
            if not _CYRILLIC_LETTER.search(word):
                continue
            lang = _script_of(word)
            if lang is None:
                continue
            fixed = _convert(word, lang)
            if fixed is None or not lexicon.is_known(fixed, lang):
                continue
            yield Finding(
                rule="script.mixed",
                message=f"Latin and Cyrillic letters mixed; “{fixed}” is all {'Cyrillic' if lang == 'ru' else 'Latin'}",
                start=m_start, end=m_end, text=word,
                suggestions=(Suggestion(fixed, MIXED_CONFIDENCE),),
                detection_confidence=MIXED_CONFIDENCE,
            )

    def _roman(self, text: str) -> Iterator[Finding]:
        hits = []  # (match, roman)
        for m in roman_tokens(text):
            roman = m.group().translate(_ROMAN_TABLE)
            if _valid_roman(roman):
                hits.append((m, roman))

        def numbered(m) -> bool:
            nxt = compiled_once(_NEXT_WORD).match(text, m.end())
            return bool(nxt and compiled_once(_NUMBERED).match(nxt.group(1)))

        for i, (m, roman) in enumerate(hits):
            if roman == m.group():
                continue  # a numeral in Latin letters ("I", "XX"): nothing to fix
            # Whether a numeral is numbered is asked only here: most are
            # the English "I", which is never reported.
            confidence = 0.0
            if numbered(m):
                confidence = ROMAN_CONFIDENCE
            else:
                # "Х!Х и в начале ХХ века": joined to a numeral that is numbered.
                for m2, _ in hits[i + 1 : i + 2]:
                    between = text[m.end() : m2.start()]
                    if (len(between) <= 30 and compiled_once(_JOINER).match(between)
                            and not compiled_once(_SENTENCE_END).search(between) and numbered(m2)):
                        confidence = (ROMAN_JOINED_STAND_IN_CONFIDENCE if compiled_once(_INNER_STAND_IN).search(m.group())
                                      else ROMAN_JOINED_CONFIDENCE)
            if confidence == 0.0:
                continue
            yield Finding(
                rule="script.roman",
                message=f"Roman numeral typed with lookalike characters: {roman}",
                start=m.start(), end=m.end(), text=m.group(),
                suggestions=(Suggestion(roman, confidence),),
                detection_confidence=confidence,
            )

    def _digits(self, text: str, paras: list[Span]) -> Iterator[Finding]:
        for m in digit_words(text, paras):
            word = m.group()
            lang = _script_of(word)
            if lang is None or sum(c.isdigit() for c in word) > 2 or compiled_once(_ORDINAL).fullmatch(word):
                continue
            letters = sum(c.isalpha() for c in word)
            inside = all(0 < i < len(word) - 1 for i, c in enumerate(word) if c.isdigit())
            if not inside and letters < 4:
                continue  # 15th, to8, mp3: a number and a suffix, not a lookalike
            table = _DIGIT_AS[lang]
            options = [table.get(c, "") if c.isdigit() else c for c in word]
            if any(o == "" for o in options):
                continue
            fixes = set()
            for combo in product(*options):
                cand = "".join(combo)
                if lexicon.is_known(cand, lang):
                    fixes.add(cand)
            if len(fixes) != 1:
                continue
            fixed = fixes.pop()
            yield Finding(
                rule="script.digit",
                message=f"Digit inside a word; “{fixed}” is a word",
                start=m.start(), end=m.end(), text=word,
                suggestions=(Suggestion(fixed, DIGIT_CONFIDENCE),),
                detection_confidence=DIGIT_CONFIDENCE,
            )
