"""Paragraphs and their language, with every newline convention."""

from __future__ import annotations

import pytest

from cleanup.segments import paragraphs


@pytest.mark.parametrize("nl", ["\n", "\r\n", "\r"])
def test_one_line_break_does_not_end_a_paragraph(nl):
    text = f"first line{nl}second line{nl}{nl}Второй абзац{nl}"
    spans = paragraphs(text)
    assert [text[s.start:s.end] for s in spans] == [f"first line{nl}second line", "Второй абзац" + nl]
    assert [s.lang for s in spans] == ["en", "ru"]


def test_a_line_of_spaces_is_a_blank_line():
    text = "one\n \u00a0 \ntwo"
    assert [text[s.start:s.end] for s in paragraphs(text)] == ["one", "two"]


def test_forced_language():
    assert [s.lang for s in paragraphs("Привет\n\nhello", lang="ru")] == ["ru", "ru"]
