"""`fix` looks again only at the paragraphs its edits touched — and gets
exactly what a check of the whole fixed text gets.

After each round of edits, ``Checker.fix`` re-runs the paragraph-local
detectors (``Detector.LOCALITY == "paragraph"``) on the touched paragraphs
only and moves their other findings along; ``Checker(incremental=False)``
checks the whole text again. The two must give the same FixResult: text,
edits, every round, every remaining finding (all fields, in order) and the
warnings. bench/fix_equivalence.py holds them to it on the bench corpus.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from cleanup import Options
from cleanup.detectors import Detector, RuleDoc, detector_classes
from cleanup.detectors.base import DOCUMENT, LOCALITIES, PARAGRAPH
from cleanup.document import Document
from cleanup.model import Edit, Finding, Suggestion
from cleanup.options import Context
from cleanup.pipeline import Checker, _carried_over
from cleanup.segments import Span, paragraphs
from conftest import SAMPLE

_BUDGET = {"ci": 15, "thorough": 500}.get(os.environ.get("CLEANUP_HYPOTHESIS_PROFILE", ""), 40)
_SETTINGS = settings(max_examples=_BUDGET, deadline=None,
                     suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

OPTIONS = [
    Options(), Options(min_confidence=0.5), Options(min_confidence=0.0), Options(lang="ru"),
    # What settles findings for the whole document: the project's words, a
    # saved rejection (matched by the words around it, across paragraphs too).
    Options(min_confidence=0.5, words=frozenset({"STALTN", "ктобы"}),
            rejected=frozenset({("spelling.ru.word", "СТАЛТНУ", "", "и сталину"),
                                ("whitespace.space_run", "  ", "дорогие", "товарищи")})),
]
_CHECKERS: dict[tuple[Options, bool], Checker] = {}


def _checker(options: Options, incremental: bool) -> Checker:
    key = (options, incremental)
    if key not in _CHECKERS:
        _CHECKERS[key] = Checker(options, incremental=incremental)
    return _CHECKERS[key]


def _summary(result) -> tuple:
    return result.text, result.edits, result.rounds, result.remaining, result.warnings


def _assert_same_fix(text: str, options: Options, path: str = "t.txt") -> None:
    incremental = _checker(options, True).fix(Document(text, path))
    full = _checker(options, False).fix(Document(text, path))
    assert _summary(incremental) == _summary(full)


# ---- damaged transcript-like text, in every paragraph and line-break shape --------

_SAMPLE_SENTENCES = [s for s in re.split(r"(?<=[.!?])\s+", SAMPLE.read_text(encoding="utf-8")) if s.strip()][:80]
_DAMAGED = [
    "[sic]", "Дорогие  товарищи [sic]", "[verbatim]", "[/verbatim]", "`code  ,here`", "```\n",
    "Дорогие  товарищи !", "Я хочу выразит благодарность организатором .", "в течении 70 лет",
    "the transport of goods ,and people", "STALTN said", "СТАЛТНУ и СТАЛИНУ", "по нашему мнению",
    "что бы написать", "не устанно", "ктобы это", "alot of work", "t he end", "Пpивет", "пр0блема",
    "в конце Х!Х века", "РџСЂРёРІРµС‚ РјРёСЂ", "Каждое сло-\nво на своём месте", "the trans-\r\nport",
    "word word", "ещё и еще", "1987 г. и 1987 года", "a old house", "an dog",
]
_SEPARATORS = ["\n\n", "\r\n\r\n", "\r\r", "\n \n", "\n\n\n", "\n", "\r\n", " ", "  ", "\n\n- 12 -\n\n",
               "\n\t\n", "\u00a0\n\n", " \r\n\r\n", "\n\n\n\n"]
_PIECE = st.one_of(st.sampled_from(_SAMPLE_SENTENCES), st.sampled_from(_DAMAGED))
_PARAGRAPH = st.lists(_PIECE, min_size=1, max_size=5).map(" ".join)
TRANSCRIPT = st.builds(
    lambda paras, seps: "".join(p + s for p, s in zip(paras, seps)),
    st.lists(_PARAGRAPH, min_size=1, max_size=8),
    st.lists(st.sampled_from(_SEPARATORS), min_size=8, max_size=8),
)


@_SETTINGS
@given(TRANSCRIPT, st.sampled_from(OPTIONS), st.sampled_from(["t.txt", "t.md"]))
def test_incremental_fix_equals_full_recheck(text: str, options: Options, path: str) -> None:
    _assert_same_fix(text, options, path)


@_SETTINGS
@given(TRANSCRIPT, st.sampled_from(OPTIONS))
def test_incremental_fix_equals_full_recheck_crlf(text: str, options: Options) -> None:
    _assert_same_fix(text.replace("\r\n", "\n").replace("\n", "\r\n"), options)


@_SETTINGS
@given(st.lists(st.one_of(st.sampled_from(_DAMAGED + _SEPARATORS), st.text(min_size=1, max_size=4)),
                max_size=40).map("".join), st.sampled_from(OPTIONS))
def test_incremental_fix_equals_full_recheck_on_odd_text(text: str, options: Options) -> None:
    _assert_same_fix(text, options)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_the_sample_is_fixed_the_same(newline: str) -> None:
    text = SAMPLE.read_text(encoding="utf-8").replace("\n", newline)
    for options in (Options(), Options(min_confidence=0.5)):
        _assert_same_fix(text, options, "speech.txt")


@pytest.mark.parametrize("text", [
    # A page break joined: two paragraphs become one (and the paragraphs after move).
    "Мы боролись за дело Великой Октябрьской Социалистической\n\n\nРеволюции и победили в ней "
    "вместе со всеми трудящимися нашей страны и всего мира.\n\nДорогие  товарищи !\n",
    # A hyphenated line end joined inside a paragraph, in CRLF text.
    "Каждое сло-\r\nво на своём месте , и все  слова тоже.\r\n\r\nthe trans-\r\nport of goods .\r\n",
    # Trailing space on a separator line, then more paragraphs.
    "Дорогие  товарищи !\n   \nЯ хочу выразит благодарность .\n\nthe end ,and more\n",
    # A lone "\r" and "\n" around a run of spaces: the edit that would fuse them is refused.
    "word  \r  \nword  ,word\r\n",
])
def test_paragraph_boundaries_that_edits_move(text: str) -> None:
    for options in OPTIONS:
        _assert_same_fix(text, options)


# ---- which paragraphs are carried over ---------------------------------------------


def _carried(before: str, edits: list[Edit]) -> list[int | None]:
    after = before
    for e in reversed(edits):
        after = after[: e.start] + e.replacement + after[e.end :]
    return _carried_over(paragraphs(before), paragraphs(after), edits)


def test_untouched_paragraphs_are_carried_over_and_moved() -> None:
    text = "aaa bbb\n\nccc  ddd\n\neee fff\n"
    # One edit in the middle paragraph: the first and last are kept, by index.
    assert _carried(text, [Edit(12, 14, " ", 1.0)]) == [0, None, 2]


def test_an_edit_at_a_paragraph_end_touches_it() -> None:
    text = "aaa\n\nbbb\n\nccc"
    assert _carried(text, [Edit(8, 8, "x", 1.0)]) == [0, None, 2]  # insertion right after "bbb"
    assert _carried(text, [Edit(5, 5, "x", 1.0)]) == [0, None, 2]  # right before it


def test_a_join_and_a_split_make_new_paragraphs() -> None:
    text = "aaa\n\nbbb\n\nccc\n\nddd"
    assert _carried(text, [Edit(3, 5, " ", 1.0)]) == [None, 2, 3]  # aaa bbb joined
    assert _carried(text, [Edit(12, 12, "\n\n", 1.0)]) == [0, 1, None, None, 3]  # ccc split in two


def test_an_edit_between_paragraphs_that_removes_the_blank_line() -> None:
    # "\n \n" → "\nx\n": the edit touches neither paragraph, but they become one.
    text = "aaa\n \nbbb\n\nccc"
    assert _carried(text, [Edit(4, 5, "x", 1.0)]) == [None, 2]


def test_a_paragraph_whose_language_changed_is_looked_at_again() -> None:
    old = [Span(0, 3, "en")]
    new = [Span(0, 3, "ru")]
    assert _carried_over(old, new, []) == [None]


# ---- the declarations ------------------------------------------------------------------


def test_every_detector_declares_a_known_locality() -> None:
    for cls in detector_classes():
        assert cls.LOCALITY in LOCALITIES, cls.__name__
    assert Detector.LOCALITY == DOCUMENT  # the safe default for a new detector


class _ParagraphCount(Detector):
    """Says how many paragraphs the document has, at the start of each: what
    a paragraph-local detector must not do."""

    LOCALITY = PARAGRAPH
    RULES = (RuleDoc("style.count", "count"),)

    def detect(self, ctx: Context) -> Iterator[Finding]:
        n = len(ctx.paragraphs)
        for p in ctx.paragraphs:
            yield Finding("style.count", f"{n}", p.start, p.start, "", detection_confidence=0.5)


class _DoubleSpace(Detector):
    LOCALITY = PARAGRAPH
    RULES = (RuleDoc("whitespace.double", "double space"),)

    def detect(self, ctx: Context) -> Iterator[Finding]:
        text = ctx.doc.text
        for p in ctx.paragraphs:
            for m in re.finditer("  ", text[p.start : p.end]):
                yield Finding("whitespace.double", "two spaces", p.start + m.start(), p.start + m.end(), "  ",
                              (Suggestion(" ", 0.99),))


class _Stray(Detector):
    """Claims to be paragraph-local but reports the blank lines between paragraphs."""

    LOCALITY = PARAGRAPH
    RULES = (RuleDoc("whitespace.blank", "blank lines"),)

    def detect(self, ctx: Context) -> Iterator[Finding]:
        for m in re.finditer(r"\n\n+", ctx.doc.text):
            yield Finding("whitespace.blank", "blank", m.start(), m.end(), m.group(), detection_confidence=0.5)


def _with(detectors: list[type[Detector]], incremental: bool) -> Checker:
    checker = Checker(Options(), incremental=incremental)
    checker.detectors = [cls(checker.options) for cls in detectors]
    return checker


class _JoinFirst(Detector):
    """Joins the first two paragraphs (a document-wide finding)."""

    RULES = (RuleDoc("layout.join", "join"),)

    def detect(self, ctx: Context) -> Iterator[Finding]:
        paras = ctx.paragraphs
        if len(paras) > 2:
            a, b = paras[0].end, paras[1].start
            yield Finding("layout.join", "join", a, b, ctx.doc.text[a:b], (Suggestion(" ", 0.99),))


def test_a_detector_that_lies_about_its_locality_is_caught() -> None:
    """The equivalence the tests above check can fail: a detector that reads
    the whole document while saying it reads one paragraph gives another
    result when only the touched paragraphs are looked at again."""
    text = "a b\n\nc d\n\ne f\n"
    edited = _with([_JoinFirst, _ParagraphCount], True).fix(Document(text))
    full = _with([_JoinFirst, _ParagraphCount], False).fix(Document(text))
    assert edited.text == full.text == "a b c d\n\ne f\n"
    assert [f.message for f in full.remaining] == ["2", "2"]
    # It was asked again about the joined paragraph alone (and counted one);
    # the last paragraph was not touched, so its old finding was carried over.
    assert [f.message for f in edited.remaining] == ["1", "3"]


def test_a_finding_outside_every_paragraph_makes_the_detector_run_on_the_whole_text() -> None:
    text = "a  b\n\nc  d\n\n\ne f\n"
    edited = _with([_DoubleSpace, _Stray], True).fix(Document(text))
    full = _with([_DoubleSpace, _Stray], False).fix(Document(text))
    assert _summary(edited) == _summary(full)
    assert [f.rule for f in edited.remaining] == ["whitespace.blank", "whitespace.blank"]
