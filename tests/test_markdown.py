"""Markdown code is not prose: code spans and fenced blocks are left alone in .md files."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cleanup.document import Document
from cleanup.markdown import code_spans, is_markdown
from cleanup.options import Options
from cleanup.pipeline import Checker


def _code(text: str) -> list[str]:
    return [text[s:e] for s, e in code_spans(text)]


def test_inline_code_spans_pair_runs_of_equal_length():
    assert _code("run `ls -la` and ``a ` b`` then") == ["`ls -la`", "``a ` b``"]


def test_an_unpaired_backtick_is_literal():
    assert _code("don`t stop, the `name` stays") == ["`t stop, the `"]
    assert _code("one ` only") == []


def test_code_spans_stay_inside_one_paragraph():
    assert _code("open `here\n\nclose` there") == []
    assert _code("open `here\nclose` there") == ["`here\nclose`"]


def test_an_escaped_backtick_opens_nothing():
    assert _code(r"\`not code` but `this`") == ["` but `"]


def test_fenced_blocks_backticks_tildes_and_crlf():
    text = "Intro `x`\r\n```python\r\nSTALTN = 1\r\n```\r\nafter\r\n~~~~\r\nкод\r\n~~~~\r\n"
    assert _code(text) == ["`x`", "```python\r\nSTALTN = 1\r\n```\r\n", "~~~~\r\nкод\r\n~~~~\r\n"]


def test_a_fence_closes_only_on_a_long_enough_fence_of_its_own_character():
    text = "````\n```\n~~~\nstill code\n````\nprose `x`\n"
    assert _code(text) == ["````\n```\n~~~\nstill code\n````\n", "`x`"]


def test_an_unclosed_fence_runs_to_the_end():
    assert _code("prose\n```\ncode to the end") == ["```\ncode to the end"]


def test_indented_paragraphs_are_still_prose():
    assert _code("    An indented paragraph of a transcript.\n") == []


def test_is_markdown():
    assert is_markdown("notes/README.md") and is_markdown("A.MARKDOWN")
    assert not is_markdown("speech.txt") and not is_markdown("-")


@given(st.text(alphabet="`~ \n\r\\ab", max_size=60))
def test_spans_are_ordered_disjoint_and_inside_the_text(text):
    spans = code_spans(text)
    assert all(0 <= s < e <= len(text) for s, e in spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    for s, e in spans:
        assert text[s] in "`~" or text[s] == " "


SAMPLE = "Обсуждали `СТАЛТНУ` в коде, но в тексте СТАЛТНУ тоже есть.\n"


def _found(path: str) -> list[str]:
    findings = Checker(Options()).check(Document(SAMPLE, path)).findings
    return [f.text for f in findings if f.category == "spelling"]


def test_markdown_files_skip_code_but_check_prose():
    assert _found("notes.md") == ["СТАЛТНУ"]
    start = SAMPLE.index("СТАЛТНУ", SAMPLE.index("тексте"))
    (f,) = [f for f in Checker(Options()).check(Document(SAMPLE, "notes.md")).findings if f.category == "spelling"]
    assert f.start == start


def test_other_files_check_backticked_words_too():
    assert _found("speech.txt") == ["СТАЛТНУ", "СТАЛТНУ"]
