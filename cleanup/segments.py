"""Paragraphs, their language, and word tokens — all as offsets into the text.

Transcripts are often bilingual (an English translation followed by the
Russian original), so language is decided per paragraph, by script: the
script of most letters wins. ``--lang ru|en`` overrides it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate, repeat
from typing import NamedTuple

import regex

from .lazypattern import LazyPattern
from .spelling import speedups  # (light: the extension loads on first use)

LANGS = ("ru", "en")

# (The patterns only some texts or runs need are LazyPatterns, compiled when
# first used: a text with "\r", a mixed-script paragraph, one with letters
# beyond the plain blocks, a run without the compiled tokenizer. Compiled
# at import they cost every start ~15 M instructions, a sixth of the
# package's own imports.)

# A paragraph ends at a line that is empty or holds only (any kind of) space.
_BLANK_LINES = LazyPattern(regex.compile, r"(?:\r\n|\r(?!\n)|\n)(?:[^\S\r\n]*(?:\r\n|\r(?!\n)|\n))+")
# The same for a text without "\r": it starts with a literal "\n", which the
# engine looks for by a fast search instead of trying the alternation at
# every character (~10 instructions a character instead of ~80).
_BLANK_LINES_LF = regex.compile(r"\n(?:[^\S\r\n]*\n)+")
_CYRILLIC = LazyPattern(regex.compile, r"\p{Script=Cyrillic}")
_LATIN = regex.compile(r"\p{Script=Latin}")

# A word: letters (with combining marks), optionally joined by inner hyphens
# or apostrophes (по-нашему, it's, марксизм-ленинизм).
_WORD = r"\p{L}[\p{L}\p{M}]*(?:[-'’][\p{L}\p{M}]+)*"
WORD = LazyPattern(regex.compile, _WORD)  # (compiled when first used: the compiled tokenizer does without)


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    lang: str | None  # None: no letters to tell by


class Token(NamedTuple):
    # A tuple, not a frozen dataclass: a megabyte has ~130,000 tokens, and a
    # tuple is built several times faster.
    start: int
    end: int
    text: str


def detect_lang(text: str, start: int = 0, end: int | None = None) -> str | None:
    """'ru' or 'en' by the script most letters of ``text[start:end]`` are in."""
    end = len(text) if end is None else end
    span = text[start:end]
    if span.isascii():  # no Cyrillic: a C check instead of a scan of each letter's script
        # An ASCII letter is a Latin one: found by a C-level loop that stops
        # at the first (most often the first character), not a regex call.
        return "en" if any(map(str.isalpha, span)) else None
    # The Cyrillic block U+0400–U+04FF (but for two combining marks) counted
    # in C: the high byte of each UTF-16 unit. When those letters are half the
    # span, the Latin ones cannot outnumber them.
    high = span.encode("utf-16-le", "surrogatepass")[1::2]
    block = high.count(4) - span.count("\u0485") - span.count("\u0486")
    if block and block * 2 >= end - start:
        return "ru"
    if not high.translate(None, _NOT_CYRILLIC_HIGH_BYTES):
        # No character of a block that holds a Cyrillic letter (English with
        # its typography, most often): none to count by a scan of each letter.
        return "en" if _LATIN.search(text, start, end) else None
    cyr = len(_CYRILLIC.findall(text, start, end))
    if cyr and cyr * 2 >= end - start:
        return "ru"  # the Latin letters are among the other half at most: no need to count them
    if not cyr:
        return "en" if _LATIN.search(text, start, end) else None
    lat = len(_LATIN.findall(text, start, end))
    if cyr == lat == 0:
        return None
    return "ru" if cyr >= lat else "en"


# The high bytes of the UTF-16 units of every Cyrillic letter (\p{Script=Cyrillic}):
# U+04xx and U+05xx, U+1C8x, U+1D2B and U+1D78, U+2DEx, U+A64x–U+A69x,
# U+FE2E–F, and the surrogates of those beyond the BMP (tests/test_segments.py
# checks every code point); all other bytes, for a translate that deletes them.
_CYRILLIC_HIGH_BYTES = b"\x04\x05\x1c\x1d\x2d\xa6\xfe\xd8\xd9\xda\xdb"
_NOT_CYRILLIC_HIGH_BYTES = bytes(b for b in range(256) if b not in _CYRILLIC_HIGH_BYTES)


def paragraphs(text: str, lang: str = "auto") -> list[Span]:
    """Paragraph spans (without the blank lines between them) and their language."""
    return [_span(text, start, end, lang) for start, end in blocks(text)]


def blocks(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each paragraph of ``text[start:end]``: the runs
    of text between blank lines, without them."""
    end = len(text) if end is None else end
    pos = start
    blank_lines = _BLANK_LINES_LF if text.find("\r", start, end) < 0 else _BLANK_LINES
    for m in blank_lines.finditer(text, start, end):
        if m.start() > pos:
            yield pos, m.start()
        pos = m.end()
    if pos < end:
        yield pos, end


def _span(text: str, start: int, end: int, lang: str) -> Span:
    return Span(start, end, detect_lang(text, start, end) if lang == "auto" else lang)


def words(text: str, start: int = 0, end: int | None = None) -> Iterator[Token]:
    """The word tokens of ``text[start:end]``, with offsets into ``text``."""
    end = len(text) if end is None else end
    if end - start < _MEMO_MIN_CHARS:
        # A word or a line: cheaper to find again than to remember, and
        # remembering would evict the document's paragraphs.
        return (Token(m.start(), m.end(), m.group()) for m in WORD.finditer(text, start, end))
    return iter(_remembered(text, start, end)[0])


def word_sequence(text: str, start: int, end: int) -> tuple[Sequence[Token], list[str]]:
    """The tokens of :func:`words` and their strings, shared (do not change
    them): several detectors walk the same paragraphs, so the tokens of a
    span are kept for the document being checked (the last ``text`` seen)
    and handed out again instead of being found again.

    The tokens are a sequence to index, measure and walk: a tuple of Token,
    or the compiled tokenizer's sequence, which keeps the offsets in one
    block and makes a Token when one is first read. For a caller that reads
    the strings and the tokens of a few places (most detectors): a Token and
    its two ints for every word cost more than its string."""
    return _remembered(text, start, end)


def word_texts(text: str, start: int, end: int) -> list[str]:
    """The strings of those tokens, shared like them: do not change the list."""
    return _remembered(text, start, end)[1]


def remembered_sequence(text: str, start: int, end: int) -> tuple[Sequence[Token], list[str]] | None:
    """The tokens of ``text[start:end]`` (as :func:`word_sequence` has them)
    and their strings (shared like them: do not change them) when some
    detector has already asked for them in this document, else None: never
    tokenises. For a caller that has a quicker way than tokenising to what
    it needs from them."""
    return _memo.get((start, end)) if text is _memo_text else None


def _remembered(text: str, start: int, end: int) -> tuple[Sequence[Token], list[str]]:
    global _memo_text, _memo_chars
    if text is not _memo_text:
        _memo.clear()
        _memo_text = text
        _memo_chars = 0
    key = (start, end)
    entry = _memo.get(key)
    if entry is None:
        if _memo_chars + end - start > _MEMO_CHARS:
            _memo.clear()
            _memo_chars = 0
        _memo_chars += end - start
        entry = _memo[key] = _tokens_and_texts(text, start, end)  # (tokens, their strings)
    return entry


def _tokens(text: str, start: int, end: int) -> tuple[Token, ...]:
    """The tokens of ``text[start:end]``, as ``WORD.finditer`` finds them, as
    a tuple (not remembered)."""
    return tuple(_tokens_and_texts(text, start, end)[0])


def _tokens_and_texts(text: str, start: int, end: int) -> tuple[Sequence[Token], list[str]]:
    """The tokens of ``text[start:end]``, as ``WORD.finditer`` finds them, and
    the list of their strings, the very objects the tokens hold (a string's
    hash, once computed, serves every detector's look-ups). The compiled
    twin takes a span of plain characters (most paragraphs) in one pass, the
    strings made as it goes (a form met lately handed the same string, its
    hash already computed) and the tokens as a sequence that makes a Token
    when one is read (:func:`word_sequence`); else the split below."""
    # (The compiled twin takes a span of plain characters and gives None for
    # any other; None as the kernel: the extension is not built or not wanted.)
    kernel = speedups.function("word_sequence")
    if kernel is not None:
        found = kernel(text, start, end, Token)
        if found is not None:
            return found
    return _split_tokens_and_texts(text, start, end)


def _split_tokens_and_texts(text: str, start: int, end: int) -> tuple[tuple[Token, ...], list[str]]:
    """:func:`_tokens_and_texts` in Python (the reference): the texts a slice
    of one split, no Python step per word."""
    span = text[start:end]
    # Most paragraphs hold no character outside ASCII, the Cyrillic block and
    # punctuation: there the standard library's engine, with the letters and
    # marks of those blocks spelt out, splits them alike at a fraction of the
    # regex module's cost (its \p{L} is asked of every character).
    pieces = (_PLAIN_WORD_SPLIT if is_plain(span) else _WORD_SPLIT).split(span)
    texts = pieces[1::2]
    # The pieces' offsets, summed in C as they are taken: the first is the
    # span's start (a separator's, maybe empty), then each word's start and
    # end (its separator's end) in turn, read in pairs by one zip of the
    # same iterator: no list of them is built.
    offsets = accumulate(map(len, pieces), initial=start)
    next(offsets)
    return tuple(map(_new_tuple, repeat(Token), zip(offsets, offsets, texts))), texts


_WORD_SPLIT = LazyPattern(regex.compile, f"({_WORD})")  # split keeps what a group captures: the words
# WORD for text of only the characters _NOT_PLAIN does not find: in ASCII,
# Latin-1 and Latin Extended-A and -B, the combining diacritics, the Cyrillic
# block and the Latin ligatures (ﬁ) these are all the letters (\p{L}) and
# marks (\p{M}); General Punctuation, currency signs, arrows, mathematical
# operators and box-drawing and geometric shapes hold neither
# (tests/test_segments.py checks every code point).
PLAIN_LETTERS = "A-Za-z\u00aa\u00b5\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0400-\u0481\u048a-\u04ff\ufb00-\ufb06"
PLAIN_MARKS = "\u0300-\u036f\u0483-\u0489"
# (Possessive repeats: no letter or mark is a joiner, so giving one back
# never lets a match go on; and the engine keeps no state to give back,
# where the greedy group allocated some per word.)
PLAIN_WORD = f"[{PLAIN_LETTERS}][{PLAIN_LETTERS}{PLAIN_MARKS}]*+(?:[-'’][{PLAIN_LETTERS}{PLAIN_MARKS}]++)*+"
_PLAIN_WORD_SPLIT = LazyPattern(re.compile, f"({PLAIN_WORD})")
_NOT_PLAIN = LazyPattern(
    re.compile,
    "[^\x00-\u024f\u0300-\u036f\u0400-\u04ff\u2000-\u206f\u20a0-\u20cf\u2190-\u22ff\u2500-\u25ff"
    "\ufb00-\ufb06]",
)
# Characters whose UTF-16 high byte is one of these are all plain (U+0000–
# U+01FF, the Cyrillic block, mathematical operators, box drawing): a span
# of only such characters needs no scan with _NOT_PLAIN.
_PLAIN_HIGH_BYTES = b"\x00\x01\x04\x22\x25"


def is_plain(span: str) -> bool:
    """``_NOT_PLAIN.search(span) is None``, most often told by two C passes over
    the span's bytes (~10 instructions a character) instead of a scan with
    the character class (~60): ASCII, or the high bytes of its UTF-16 all
    in a block of only plain characters."""
    if span.isascii():
        return True
    if not span.encode("utf-16-le", "surrogatepass")[1::2].translate(None, _PLAIN_HIGH_BYTES):
        return True
    return _NOT_PLAIN.search(span) is None


_new_tuple = tuple.__new__


# The text whose spans are memoised, compared by identity: a detector of
# another document (or a new round of `fix`) passes a new string object.
_memo_text: str | None = None
_memo: dict[tuple[int, int], tuple[Sequence[Token], list[str]]] = {}
# Kept by characters, not spans: a transcript of short paragraphs (an
# interview's questions and answers, subtitles) has tens of thousands, and a
# cap on their number made every detector tokenise them again (2.6× slower).
# Two million characters hold any document the CLI checks whole (files under
# 1 MB, chunks of larger ones) at some 30 bytes a character.
_MEMO_CHARS = 2_000_000
_memo_chars = 0
_MEMO_MIN_CHARS = 64
