"""Damage that lives between lines and pages: words hyphenated at a line end,
paragraphs cut in two by a page break, page numbers and running headers left
between pages.

Line ends may be ``\\r\\n``, ``\\r`` or ``\\n`` (the Document keeps them as they
are); every pattern here accepts all three and a fix keeps the file's own.

All rule ids are ``layout.*``, so ``--ignore layout`` turns this work off for
batch jobs that feed one sentence per paragraph.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import compress
import re

import regex

from .. import lexicon
from ..lazypattern import LazyPattern
from ..model import Finding, Suggestion, Tier
from ..options import Context
from ..segments import Span, detect_lang
from .base import Detector, RuleDoc

# A word, a hyphen (ASCII, U+2010, soft hyphen), the line end, the rest of the
# word on the next line (its indentation allowed), and what follows the word
# up to the next space, so the line break can move after the whole word.
# The word before the hyphen is read by a lookbehind, so that the engine
# scans for hyphens instead of trying every letter (17× faster); the
# finding starts at the word: ``m.start("left")``.
_LINE_END_HYPHEN = LazyPattern(
    regex.compile,
    r"(?<=(?<![\p{L}\p{M}-])(?P<left>\p{L}[\p{L}\p{M}]*))[-\u2010\u00ad][ \t]*(?P<nl>\r\n|\r|\n)[ \t\u00a0]*"
    r"(?P<right>\p{Ll}[\p{L}\p{M}]*)(?![\p{L}\p{M}-])(?P<tail>[^\s]*)(?P<space>[ \t\u00a0]*)"
)
# Where a match of _LINE_END_HYPHEN can start: its hyphen, then spaces or
# tabs and a line end (plain characters: the standard ``re`` scans for them
# several times faster than the full pattern is tried at every hyphen), one
# scan per hyphen: ``re`` runs through a text for a literal first character
# six times faster than for a class of three (0.65 ms, not 4.3, for the 342
# files of the perf corpus), and the rare two run only on a text holding them.
_HYPHEN_AT_LINE_END = {hyphen: LazyPattern(re.compile, re.escape(hyphen) + r"[ \t]*[\r\n]")
                       for hyphen in "-\u2010\u00ad"}


def _line_end_hyphens(text: str) -> Iterator["regex.Match[str]"]:
    """``_LINE_END_HYPHEN.finditer(text)``, tried only where a match can
    start: the matches of a scan, which goes on from each match's end.
    (No two places overlap: each holds one hyphen, at its start.)"""
    places = [hit.start() for hyphen, pattern in _HYPHEN_AT_LINE_END.items() if hyphen in text
              for hit in pattern.finditer(text)]
    places.sort()
    pos = 0
    for start in places:
        if start < pos:
            continue
        m = _LINE_END_HYPHEN.match(text, start)
        if m is not None:
            yield m
            pos = m.end()


# Characters that close a sentence or a block; a paragraph ending in one of
# them is finished.
_CLOSERS = set(".!?…:;»\"”’)]}>*")
_PAGE_NUMBER = regex.compile(
    r"[ \t\u00a0]*(?:[-–—][ \t\u00a0]*)?(?:(?:page|p\.|стр\.?|страница|с\.)[ \t\u00a0]*)?\d{1,4}"
    r"(?:[ \t\u00a0]*[-–—])?[ \t\u00a0]*",
    regex.IGNORECASE,
)
# A letter that can start a match of _PAGE_NUMBER ("page", "p.", "стр.",
# "страница", "с.", in any case): a paragraph that starts with any other
# letter (as most do) is none, told without a call of the regex module.
_PAGE_NUMBER_LETTERS = ("P", "p", "С", "с")


def _page_numbers(text: str, paragraphs: list[Span]) -> list[bool]:
    """Whether each of ``paragraphs`` is a page number (_PAGE_NUMBER, whole)."""
    return [
        p.start < p.end
        and (not text[p.start].isalpha() or text[p.start].upper() in _PAGE_NUMBER_LETTERS
             or text[p.start].lower() in _PAGE_NUMBER_LETTERS)
        and _PAGE_NUMBER.fullmatch(text, p.start, p.end) is not None
        for p in paragraphs
    ]


# Asked per paragraph: compiled once, not looked up in the regex module's
# own cache at each call (a few microseconds of Python); compiled when first
# asked (most texts never ask).
_LETTER = LazyPattern(regex.compile, r"\p{L}")
_DIGITS = LazyPattern(regex.compile, r"\d+")
_SENTENCE_END = LazyPattern(regex.compile, r"[.!?…]\s")
_LAST_WORD = LazyPattern(regex.compile, r"(\p{L}+)\W*$")

# A paragraph shorter than this may be a heading or a signature, which end
# without punctuation on purpose.
MIN_CUT_PARAGRAPH = 120
HEADER_MAX_LEN = 80
HEADER_MIN_REPEATS = 3


class LayoutDetector(Detector):
    LOCALITY = "document"  # page breaks, page numbers and headers span paragraphs
    RULES = (
        RuleDoc("layout.hyphenation", "Word hyphenated at a line end", "сло-⏎во → слово"),
        RuleDoc("layout.page_break", "Paragraph cut in two by a page break",
                "…Великой Октябрьской Социалистической⏎⏎⏎Революции… → …Социалистической Революции…"),
        RuleDoc("layout.page_number", "Page number left between paragraphs", "⏎⏎- 12 -⏎⏎ (reported)",
                max_tier=Tier.DISPLAY),
        RuleDoc("layout.running_header", "Running header repeated between pages",
                "a title line repeated before every page (reported)", max_tier=Tier.DISPLAY),
    )

    def detect(self, ctx: Context) -> Iterable[Finding]:
        opts = ctx.options
        if opts.enabled("layout.hyphenation"):
            yield from self._hyphenation(ctx)
        paragraphs = ctx.paragraphs
        is_number = _page_numbers(ctx.doc.text, paragraphs)
        numbers = list(compress(paragraphs, is_number))
        if opts.enabled("layout.page_number"):
            for p in numbers:
                if p is paragraphs[0] or p is paragraphs[-1]:
                    continue  # a lone number opening or closing a text is more likely content
                yield _report(ctx, p, "layout.page_number", "Page number left between paragraphs")
        if opts.enabled("layout.running_header"):
            yield from self._running_headers(ctx)
        if opts.enabled("layout.page_break"):
            yield from self._page_breaks(ctx, is_number)

    # ---- line-end hyphenation ------------------------------------------------
    def _hyphenation(self, ctx: Context) -> Iterator[Finding]:
        text = ctx.doc.text
        for m in _line_end_hyphens(text):
            left, right = m.group("left"), m.group("right")
            lang = detect_lang(left + right)
            if lang is None or detect_lang(left) != detect_lang(right):
                continue
            joined = left + right
            hyphenated = f"{left}-{right}"
            joined_known = lexicon.is_known(joined, lang)
            compound_known = lexicon.is_known(hyphenated, lang)
            if joined_known and not compound_known:
                word, confidence = joined, 0.92
                message = f"Word hyphenated at a line end: {left}- {right} → {joined}"
            elif compound_known and not joined_known:
                # A compound broken at its own hyphen: keep the hyphen.
                word, confidence = hyphenated, 0.9
                message = f"Hyphenated compound broken at a line end: {hyphenated}"
            elif joined_known and compound_known:
                word, confidence = joined, 0.5  # both exist: which one is meant?
                message = f"Word hyphenated at a line end: {joined} or {hyphenated}?"
            else:
                continue
            # Move the line break after the word, so the line structure stays.
            tail, space = m.group("tail"), m.group("space")
            rest_of_line_empty = m.end() == len(text) or text[m.end()] in "\r\n"
            replacement = word + tail + ("" if rest_of_line_empty else m.group("nl"))
            end = m.end() if not rest_of_line_empty else m.end("tail")
            if rest_of_line_empty and space:
                replacement += space
                end = m.end()
            yield Finding(
                rule="layout.hyphenation",
                message=message,
                start=m.start("left"),
                end=end,
                text=text[m.start("left"):end],
                suggestions=(Suggestion(replacement, confidence),),
                detection_confidence=confidence,
            )

    # ---- paragraphs cut by a page break --------------------------------------
    def _page_breaks(self, ctx: Context, is_number: list[bool]) -> Iterator[Finding]:
        """``is_number``: whether each paragraph is a page number (_page_numbers)."""
        text = ctx.doc.text
        paras = ctx.paragraphs
        # The paragraph as `fix` will have joined it so far: a page cut that
        # `fix` applies makes ``first`` the tail of a longer paragraph, and
        # the next cut is judged on that whole paragraph, as a second `fix`
        # would judge it (else each run joins one more line: not idempotent).
        joined: str | None = None
        for i, first in enumerate(paras[:-1]):
            second = paras[i + 1]
            between = ""
            if is_number[i + 1] and i + 2 < len(paras):
                # "…Социалистической / - 12 - / Революции…": the join would
                # drop the page number, which only a person should decide.
                between, second = text[second.start:second.end].strip(), paras[i + 2]
            body, joined = joined, None
            cut = _cut_confidence(text, first, second, body)
            if cut is None:
                continue
            if between:
                cut = min(cut, 0.6)
            end_first = first.end
            while end_first > first.start and text[end_first - 1] in " \t\u00a0":
                end_first -= 1
            start_second = second.start
            while start_second < second.end and text[start_second] in " \t\u00a0":
                start_second += 1
            if not between and cut >= ctx.options.min_confidence:
                joined = (body if body is not None else text[first.start:end_first]).rstrip(" \t\u00a0") \
                    + " " + text[start_second:second.end]
            yield Finding(
                rule="layout.page_break",
                message="Paragraph cut in two by a page break: the sentence continues below"
                + (f" (the page number {between!r} between them is dropped)" if between else ""),
                start=end_first,
                end=start_second,
                text=text[end_first:start_second],
                suggestions=(Suggestion(" ", cut),),
                detection_confidence=cut,
            )

    # ---- running headers -----------------------------------------------------
    def _running_headers(self, ctx: Context) -> Iterator[Finding]:
        text = ctx.doc.text
        keyed: list[tuple[str, Span]] = []
        for p in ctx.paragraphs:
            line = text[p.start:p.end].strip()
            if not line or len(line) > HEADER_MAX_LEN or "\n" in line or "\r" in line:
                continue
            if line[-1] in ".!?…:;)]»\"”" or line[0] in "([" or not _LETTER.search(line):
                continue  # a sentence, a speaker label, "(Applause)": content, not a header
            keyed.append((_DIGITS.sub("#", line.casefold()), p))
        counts = Counter(key for key, _ in keyed)
        for key, p in keyed:
            if counts[key] >= HEADER_MIN_REPEATS:
                yield _report(ctx, p, "layout.running_header",
                              f"Line repeated {counts[key]} times between paragraphs (running header?)")


def _cut_confidence(text: str, first: Span, second: Span, body: str | None = None) -> float | None:
    """How sure is it that ``second`` continues the sentence ``first`` breaks off?
    ``body``: the text of ``first`` joined to the paragraphs before it, when a
    cut that `fix` applies joins them."""
    body = (text[first.start:first.end] if body is None else body).rstrip(" \t\u00a0")
    head = text[second.start:second.end].lstrip(" \t\u00a0")
    if not body or not head or first.lang is None or first.lang != second.lang:
        return None
    last, opening = body[-1], head[0]
    if last in _CLOSERS or not (last.isalpha() or last == ","):
        return None
    if not opening.isalpha():
        return None  # a list item, a number, a quotation: a new block
    if len(body) < MIN_CUT_PARAGRAPH or not _SENTENCE_END.search(body):
        return None  # short, or no sentence of its own: a heading or a signature
    if opening.islower():
        return 0.92
    # A capitalised word after the break continues the sentence only when it
    # continues a name ("…Great October Socialist" / "Revolution…").
    last_word = _LAST_WORD.search(body)
    if last_word and last_word.group(1)[:1].isupper() and not _sentence_initial(body, last_word.start(1)):
        return 0.9
    return 0.45


def _sentence_initial(body: str, pos: int) -> bool:
    before = body[:pos].rstrip(" \t\u00a0«\"„“(")
    return not before or before[-1] in ".!?…\r\n"


def _report(ctx: Context, p: Span, rule: str, message: str) -> Finding:
    text = ctx.doc.text
    start, end = p.start, p.end
    while start < end and text[start] in " \t\u00a0":
        start += 1
    while end > start and text[end - 1] in " \t\u00a0":
        end -= 1
    return Finding(rule=rule, message=message, start=start, end=end, text=text[start:end],
                   detection_confidence=0.6, max_tier=Tier.DISPLAY)
