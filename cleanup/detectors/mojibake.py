"""Mojibake: text that went through the wrong code page (``РџСЂРёРІРµС‚`` for
``Привет``, ``cafÃ©`` for ``café``, ``рТЙЧЕФ`` for ``Привет``).

How it finds damage, cheaply and without touching correct text:

1. A regex finds *markers* — character pairs a wrong decoding produces and
   real Russian or English text practically never contains (``Р`` or ``С``
   followed by a cp1251 byte 0x80–0xBF character; ``Ã``/``Ð``… followed by
   a Latin-1 continuation; KOI8-R box-drawing pairs; Cyrillic words in
   inverted case or runs of accented Latin letters for 8-bit swaps).
2. Around each marker, the *run*: neighbouring words on the same line that
   carry markers too (plain ASCII words in between are kept, they survive
   any of these code pages unchanged).
3. The run is repaired by re-encoding: ftfy for UTF-8 read as a Windows or
   Latin code page (it knows the "sloppy" variants that keep undefined
   bytes), exact codec round trips for the 8-bit Cyrillic swaps. A repair
   that fails to round-trip strictly is no repair.
4. Confidence from the evidence: how many marker pairs the run has, and
   whether the repaired words are real words (``lexicon.is_known``) while
   the damaged ones were not. 8-bit swaps (no tell-tale pairs, just wrong
   letters) need the lexicon to agree, or stay silent.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

import regex

from ..model import Finding, Suggestion, Tier
from ..options import Context
from ..lazypattern import LazyPattern, compiled_once
from ..segments import words
from .base import Detector, RuleDoc


def _chars(codec: str, lo: int, hi: int) -> str:
    out = []
    for b in range(lo, hi + 1):
        try:
            out.append(bytes([b]).decode(codec))
        except UnicodeDecodeError:
            out.append(chr(b))  # ftfy's "sloppy" codecs keep an undefined byte as U+0080..U+009F
    return "".join(out)


def _klass(chars: str) -> str:
    """A character class of ``chars``, written as ranges: the regex module
    tests a class of ranges many times faster than a list of its characters
    (one marker took 21 ms per MB as a list, 0.9 ms as the range it is)."""
    points = sorted({ord(c) for c in chars})
    parts = []
    i = 0
    while i < len(points):
        j = i
        while j + 1 < len(points) and points[j + 1] == points[j] + 1:
            j += 1
        first, last = regex.escape(chr(points[i])), regex.escape(chr(points[j]))
        parts.append(first if i == j else f"{first}-{last}")
        i = j + 1
    return "[" + "".join(parts) + "]"


# UTF-8 lead byte, then continuation byte(s), as seen through a code page.
_CP1251_CONT = _klass(_chars("cp1251", 0x80, 0xBF))
_LATIN_CONT = _klass(_chars("cp1252", 0x80, 0xBF) + _chars("latin-1", 0x80, 0xBF))
_LATIN_LEAD = _klass(_chars("cp1252", 0xC2, 0xF4))
_KOI8_LEAD = _klass(_chars("koi8-r", 0xD0, 0xD1))  # "п", "я": UTF-8 leads of Cyrillic
_KOI8_CONT = _klass(_chars("koi8-r", 0x80, 0xBF))  # box drawing and the like

_UTF8_MARKERS = {
    # [Р-С]: the two letters are neighbours, and the regex module skips
    # through text for a range six times faster than for a list of two.
    "encoding.utf8_as_cp1251": regex.compile(rf"[Р-С]{_CP1251_CONT}"),
    "encoding.utf8_as_latin1": regex.compile(rf"{_LATIN_LEAD}{_LATIN_CONT}"),
    # (Compiled when first used, as are the patterns below that most texts
    # never reach: a marker is looked for only after its cheaper test.)
    "encoding.utf8_as_koi8r": LazyPattern(regex.compile, rf"{_KOI8_LEAD}{_KOI8_CONT}"),
}
# 8-bit swaps: Cyrillic read in the other Cyrillic code page inverts case —
# "рТЙЧЕФ", "оПХБЕР": a lower-case letter then capitals — and turns lower-case
# words into all-capital ones. Only the inverted word is a marker (correct
# text has capitalised abbreviations, СССР, but no "сССР"); all-capital words
# may join a run around it. cp1251 read as Latin-1 gives runs of accented
# Latin letters ("Ïðèâåò").
_INVERTED_CASE = LazyPattern(regex.compile, r"(?<!\p{L})[а-яё][А-ЯЁЈ]+(?!\p{L})")
_ALL_CAPS_CYRILLIC = r"[^\p{L}]*[А-ЯЁЈ]+(?:[^\p{L}]+[А-ЯЁЈ]+)*[^\p{L}]*"  # (compiled when first used: rulepack.compiled_once)
_ACCENTED_RUN = regex.compile(r"[\u00c0-\u00ff]{3,}")
# What every inverted-case marker holds, looked for from its rarer capital
# letter (a third of the marker's cost): most texts have none, and then both
# 8-bit swaps are done with one scan.
_LOWER_THEN_CAPITAL = LazyPattern(regex.compile, r"[А-ЯЁЈ](?<=(?<!\p{L})[а-яё][А-ЯЁЈ])")
# The same, wider: each class as the one range that holds it (Ё..Я, а..ё).
# The regex module skips through text for one range several times faster
# than for a class of three (2.4 M instructions for 40 dense files, 17 M),
# and a text without a match of this has none of _LOWER_THEN_CAPITAL.
_LOWER_THEN_CAPITAL_WIDE = r"[\u0401-\u042f](?<=[\u0430-\u0451][\u0401-\u042f])"  # (compiled when first used)

_SWAPS = {
    # rule: (marker, encode as, decode as, language of the repaired text)
    "encoding.koi8r_as_cp1251": (_INVERTED_CASE, "cp1251", "koi8-r", "ru"),
    "encoding.cp1251_as_koi8r": (_INVERTED_CASE, "koi8-r", "cp1251", "ru"),
    "encoding.cp1251_as_latin1": (_ACCENTED_RUN, "cp1252", "cp1251", "ru"),
}

# The UTF-8 markers whose first class is a list the regex module scans for
# slowly, split by their first character: the marker matches where one of
# these does (a scan for a literal first character is several times faster),
# and a text where none does is passed over (11 M instructions for 40 dense
# files for the KOI8-R marker, 3.4 M for the two).
_UTF8_MARKER_BY_LEAD = {
    "encoding.utf8_as_koi8r": tuple(regex.escape(lead) + _KOI8_CONT for lead in _chars("koi8-r", 0xD0, 0xD1)),
}  # (patterns, compiled when first used: rulepack.compiled_once)

# Every match of the Latin-1 marker (its lead, Â..ô) and of _ACCENTED_RUN
# holds one of these: a Russian text (most) has none, and one scan for this
# range passes over both (the regex module skips through text for one
# range fastest).
_LATIN1_LETTERS = LazyPattern(regex.compile, r"[\u00c0-\u00ff]")
_NEED_LATIN1_LETTER = frozenset({"encoding.utf8_as_latin1", "encoding.cp1251_as_latin1"})

_TOKEN = LazyPattern(regex.compile, r"(?:\S|\u00a0)+")  # UTF-8 "Р" read as cp1251 ends in a no-break space
_WINDOW = 400
_LINE_END = LazyPattern(regex.compile, r"[\r\n]")


class _Run:
    """A run of marked words: ``[start, end)`` and how many markers it holds.
    (A plain class: a dataclass's generated methods cost ~3.5 M instructions
    to make at every start, and nothing compares or prints a run.)"""

    __slots__ = ("start", "end", "markers")

    def __init__(self, start: int, end: int, markers: int) -> None:
        self.start = start
        self.end = end
        self.markers = markers


def _runs(
    text: str, marker: regex.Pattern, short_words_join: bool = False, accept=None
) -> Iterator[_Run]:
    """Maximal same-line runs of words with markers; plain ASCII words may sit
    between them (they survive these code pages unchanged), but a run starts
    and ends with a marked word. Looks at most _WINDOW characters either side
    of a marker, so a huge one-line file costs linear time. ``short_words_join``:
    one-letter and all-capital Cyrillic words may sit inside a run too (for
    8-bit swaps, where lower-case words turn into capitals that carry no marker). ``accept``: a
    cheap veto on the word holding the marker, before any run is built."""
    pos = floor = 0
    n = len(text)
    while (m := marker.search(text, pos)) is not None:
        lo_bound = max(floor, m.start() - _WINDOW)  # never back into the previous run
        line_start = max(text.rfind("\n", lo_bound, m.start()), text.rfind("\r", lo_bound, m.start())) + 1
        line_start = max(line_start, lo_bound)
        nl = _LINE_END.search(text, m.end(), min(n, m.end() + _WINDOW))
        line_end = nl.start() if nl else min(n, m.end() + _WINDOW)
        toks = [_token(text, t, marker, short_words_join) for t in _TOKEN.finditer(text, line_start, line_end)]
        # A window edge may cut a word: leave such a piece out (unless it holds the marker).
        if toks and toks[0][0] > 0 and not text[toks[0][0] - 1].isspace() and toks[0][1] <= m.start():
            toks.pop(0)
        if toks and toks[-1][1] < n and not text[toks[-1][1]].isspace() and toks[-1][0] > m.start():
            toks.pop()
        i = next((k for k, t in enumerate(toks) if t[0] <= m.start() < t[1]), None)
        if i is None or (accept is not None and not accept(text[toks[i][0] : toks[i][1]])):
            pos = m.end()
            continue
        lo = hi = i
        j = i - 1
        while j >= 0 and toks[j][3]:
            lo = j if toks[j][4] else lo
            j -= 1
        j = i + 1
        while j < len(toks) and toks[j][3]:
            hi = j if toks[j][4] else hi
            j += 1
        yield _Run(toks[lo][0], toks[hi][1], sum(t[2] for t in toks[lo : hi + 1]))
        pos = floor = max(toks[hi][1], m.end())


def _token(text: str, t, marker: regex.Pattern, short_words_join: bool) -> tuple:
    """(start, end, marker hits, may sit in a run, may end a run)."""
    hits = len(marker.findall(text, t.start(), t.end()))
    word = t.group()
    if hits:
        return t.start(), t.end(), hits, True, True
    if short_words_join:
        if compiled_once(_ALL_CAPS_CYRILLIC).fullmatch(word) is not None and sum(ch.isalpha() for ch in word) > 1:
            return t.start(), t.end(), 0, True, True
        if word.isascii() or sum(ch.isalpha() for ch in word) <= 1:
            return t.start(), t.end(), 0, True, False
        return t.start(), t.end(), 0, False, False
    return t.start(), t.end(), 0, word.isascii(), False


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Leave ASCII punctuation at the edges out of the span (it is not damaged)."""
    while start < end and text[start].isascii() and not text[start].isalnum():
        start += 1
    while end > start and text[end - 1].isascii() and not text[end - 1].isalnum():
        end -= 1
    return start, end


def _known_share(text: str, lang: str) -> tuple[float, int]:
    from ..lexicon import is_known

    toks = [t.text for t in words(text)]
    if not toks:
        return 0.0, 0
    return sum(is_known(t, lang) for t in toks) / len(toks), len(toks)


def _unknown_word(token: str) -> bool:
    """A capitalised abbreviation (СССР, КПРФ) is a real word, not a swap."""
    from ..lexicon import is_known

    letters = [t.text for t in words(token)]
    return bool(letters) and not any(is_known(w, _lang_of(w)) for w in letters)


def _lang_of(text: str) -> str:
    cyr = len(compiled_once(r"\p{Script=Cyrillic}").findall(text))
    return "ru" if cyr * 2 >= len(compiled_once(r"\p{L}").findall(text)) else "en"


@lru_cache(maxsize=1)
def _ftfy():
    import ftfy

    return ftfy


class MojibakeDetector(Detector):
    LOCALITY = "document"  # runs over the whole text, each keeping others out
    RULES = (
        RuleDoc("encoding.utf8_as_cp1251", "UTF-8 text read as Windows-1251 (mojibake)",
                "РџСЂРёРІРµС‚ → Привет"),
        RuleDoc("encoding.utf8_as_latin1", "UTF-8 text read as Latin-1/Windows-1252 (mojibake)",
                "cafÃ© → café"),
        RuleDoc("encoding.utf8_as_koi8r", "UTF-8 text read as KOI8-R (mojibake)",
                "п÷я─п╦п╡п╣я┌ → Привет"),
        RuleDoc("encoding.koi8r_as_cp1251", "KOI8-R text read as Windows-1251 (mojibake)",
                "рТЙЧЕФ НЙТ → Привет мир", lang="ru"),
        RuleDoc("encoding.cp1251_as_koi8r", "Windows-1251 text read as KOI8-R (mojibake)",
                "оПХБЕР ЛХП → Привет мир", lang="ru"),
        RuleDoc("encoding.cp1251_as_latin1", "Windows-1251 text read as Latin-1 (mojibake)",
                "Ïðèâåò ìèð → Привет мир", lang="ru"),
    )

    def detect(self, ctx: Context) -> Iterator[Finding]:
        text = ctx.doc.text
        if text.isascii():
            return  # every marker holds a Cyrillic or accented letter (one C-level test, not five scans)
        taken: list[tuple[int, int]] = []
        inverted_case: bool | None = None  # does the text hold _LOWER_THEN_CAPITAL?
        latin1_letter: bool | None = None  # does it hold a letter of _LATIN1_LETTERS?
        for rule, marker in _UTF8_MARKERS.items():
            if not self.options.enabled(rule):
                continue
            if rule in _NEED_LATIN1_LETTER:
                if latin1_letter is None:
                    latin1_letter = _LATIN1_LETTERS.search(text) is not None
                if not latin1_letter:
                    continue
            by_lead = _UTF8_MARKER_BY_LEAD.get(rule)
            if by_lead is not None and not any(compiled_once(lead).search(text) for lead in by_lead):
                continue
            for run in _runs(text, marker):
                f = self._utf8(text, run, rule)
                if f is not None and not _overlaps(f, taken):
                    taken.append((f.start, f.end))
                    yield f
        for rule, (marker, wrong, right, lang) in _SWAPS.items():
            if not self.options.enabled(rule):
                continue
            if marker is _INVERTED_CASE:
                if inverted_case is None:
                    inverted_case = _inverted_case(text)
                if not inverted_case:
                    continue
            elif rule in _NEED_LATIN1_LETTER:
                if latin1_letter is None:
                    latin1_letter = _LATIN1_LETTERS.search(text) is not None
                if not latin1_letter:
                    continue
            for run in _runs(text, marker, short_words_join=True, accept=_unknown_word):
                f = self._swap(text, run, rule, wrong, right, lang)
                if f is not None and not _overlaps(f, taken):
                    taken.append((f.start, f.end))
                    yield f

    def _utf8(self, text: str, run: _Run, rule: str) -> Finding | None:
        start, end = _trim(text, run.start, run.end)
        damaged = text[start:end]
        if rule == "encoding.utf8_as_koi8r":
            try:
                repaired = damaged.encode("koi8-r").decode("utf-8")
            except UnicodeError:
                return None
        else:
            repaired = _ftfy().fix_encoding(damaged)
        if repaired == damaged or not repaired:
            return None
        # Evidence: tell-tale pairs, and real words after the repair.
        lang = _lang_of(repaired)
        share, n = _known_share(repaired, lang)
        if run.markers >= 3 or (n and share >= 0.8):
            confidence = 0.97
        elif share >= 0.5:
            confidence = 0.9
        else:
            confidence = 0.75  # one or two pairs, words unknown: show, fix only when asked
        return _finding(rule, text, start, end, repaired, confidence)

    def _swap(self, text, run: _Run, rule, wrong, right, lang) -> Finding | None:
        start, end = _trim(text, run.start, run.end)
        damaged = text[start:end]
        try:
            repaired = damaged.encode(wrong).decode(right)
        except UnicodeError:
            return None
        if repaired == damaged:
            return None
        before, _ = _known_share(damaged, _lang_of(damaged))
        after, n = _known_share(repaired, lang)
        # Only when the repair turns unknown words into known ones, and the
        # repaired text reads in normal case (a swap back would invert it again).
        letters = sum(ch.isalpha() for ch in repaired)
        if before > 0.2 or after < 0.7 or letters < 5 or _INVERTED_CASE.search(repaired):
            return None
        confidence = 0.95 if n >= 3 and after >= 0.9 else 0.85 if after >= 0.9 else 0.7
        return _finding(rule, text, start, end, repaired, confidence)


def _inverted_case(text: str) -> bool:
    """Does ``text`` hold _LOWER_THEN_CAPITAL? Looked for from the first
    place its wider twin finds, if any (most texts: none)."""
    wide = compiled_once(_LOWER_THEN_CAPITAL_WIDE).search(text)
    return wide is not None and _LOWER_THEN_CAPITAL.search(text, wide.start()) is not None


def _finding(rule: str, text: str, start: int, end: int, repaired: str, confidence: float) -> Finding:
    doc = next(r for r in MojibakeDetector.RULES if r.id == rule)
    return Finding(
        rule=rule,
        message=doc.message,
        start=start,
        end=end,
        text=text[start:end],
        suggestions=(Suggestion(repaired, confidence),),
        detection_confidence=confidence,
        max_tier=Tier.SAFE,
    )


def _overlaps(f: Finding, taken: list[tuple[int, int]]) -> bool:
    return any(f.start < e and s < f.end for s, e in taken)
