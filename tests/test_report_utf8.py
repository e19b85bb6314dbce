"""The text report written as UTF-8 bytes (report.text.format_findings_utf8,
batch._Screen's byte writer) must be the very bytes stdout made of the lines."""

from __future__ import annotations

import io
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleanup import batch
from cleanup.document import Document
from cleanup.extensions import afresh
from cleanup.model import Finding, Suggestion, Tier
from cleanup.report import text as report_text
from cleanup.report.text import format_findings, format_findings_utf8

from test_format_findings import wide_documents


def _both(monkeypatch, make):
    """make() with the kernel, and with its Python twin."""
    with_kernel = make()
    with afresh(pure_python=True):
        twin = make()
    return with_kernel, twin


@settings(max_examples=200, deadline=None)
@given(wide_documents(), st.sampled_from([0, 7, 10**12]), st.sampled_from([0, 3]),
       st.sampled_from(["a.txt", "é/\U0001f600.txt", "x\x1b.txt"]))
def test_the_bytes_are_the_lines_each_ended_and_encoded(case, line_base, first_column, path):
    text, findings = case
    doc = Document(text, path)
    lines, worst = format_findings(doc, findings, line_base, first_column)
    expected = ("\n".join(lines) + "\n").encode() if lines else b""
    with pytest.MonkeyPatch.context() as monkeypatch:
        for made in _both(monkeypatch, lambda: format_findings_utf8(doc, findings, line_base, first_column)):
            assert made == (expected, worst)


def test_a_lone_surrogate_is_left_to_the_stream(monkeypatch):
    doc = Document("ab\udcff cd\n", "a.txt")
    findings = [Finding("x.rule", "m", 0, 3, "ab\udcff", (Suggestion("abc", 0.9),)),
                Finding("x.rule", "m", 4, 6, "cd")]
    assert _both(monkeypatch, lambda: format_findings_utf8(doc, findings)) == (None, None)
    assert _both(monkeypatch, lambda: format_findings_utf8(doc, findings[1:])) == (
        (b'a.txt:1:5 x.rule m "cd" (0.50, display)\n', 0),) * 2


def _stdout(monkeypatch, encoding="utf-8", errors="strict", line_buffering=False):
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding=encoding, errors=errors, line_buffering=line_buffering)
    monkeypatch.setattr(sys, "stdout", stream)
    return raw, stream


def test_the_screen_writes_bytes_after_what_stdout_held(monkeypatch):
    raw, stream = _stdout(monkeypatch, errors="surrogateescape")
    stream.write("before\n")  # (held in the text layer's buffer)
    screen = batch._Screen(False)
    assert screen.utf8 is not None
    screen.utf8("é\n".encode())
    screen("x\udcff\n")  # a sink's text, encoded as the stream would
    stream.write("after\n")
    stream.flush()
    assert raw.getvalue() == b"before\n\xc3\xa9\nx\xff\nafter\n"


@pytest.mark.parametrize("how", [{"encoding": "latin-1"}, {"errors": "replace"}, {"line_buffering": True}])
def test_a_stream_that_would_change_the_bytes_is_written_as_text(monkeypatch, how):
    raw, stream = _stdout(monkeypatch, **how)
    screen = batch._Screen(False)
    assert screen.utf8 is None
    screen("é\n")
    stream.flush()
    assert raw.getvalue() == "é\n".encode(stream.encoding, stream.errors)


def test_a_text_stream_of_another_kind_is_written_as_text(monkeypatch, capsys):
    assert batch._Screen(False).utf8 is None


EDGES = [0.005, 0.015, 0.125, 0.375, 0.4999, 0.5, 0.5000001, 0.895, 0.8999, 0.9, 0.905, 0.995, 0.9999, 1.0, 5e-324]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.floats(0.0, 1.0) | st.sampled_from(EDGES), min_size=1, max_size=30), st.sampled_from(list(Tier)))
def test_the_kernel_makes_the_closing_tails_of_its_twin(confidences, cap):
    """Each confidence new to the kept tails: the kernel's own (for the SAFE cap) and the twin's, from empty."""
    doc = Document("abc\n", "a.txt")
    findings = [Finding("x.rule", "m", 0, 1, "a", (Suggestion("b", c),), max_tier=cap) for c in confidences]

    def from_empty_tails():
        report_text._TAILS.clear()
        return format_findings(doc, findings), format_findings_utf8(doc, findings)

    with pytest.MonkeyPatch.context() as monkeypatch:
        made, twin = _both(monkeypatch, from_empty_tails)
    assert made == twin
    assert made[0][0] == [f'a.txt:1:1 x.rule m "a" → "b" ({c:.2f}, {min(Tier.from_confidence(c), cap)})'
                          for c in confidences]


# Detection confidences are any float: the kernel makes the finite ones' tails
# (negative, zero-signed, huge and tiny ones included) and leaves the others to
# _display_tail.
DISPLAY_EDGES = [0.005, 0.015, 0.125, -0.125, -0.0, 0.0, -0.004, 1e300, -1e300, 5e-324, 123.456,
                 float("inf"), float("-inf"), float("nan")]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from(DISPLAY_EDGES), min_size=1,
                max_size=30))
def test_the_kernel_makes_the_display_tails_of_its_twin(confidences):
    """Each detection confidence new to the kept display tails: the kernel's and the twin's, from empty, and what
    _display_tail keeps for it."""
    doc = Document("abc\n", "a.txt")
    findings = [Finding("x.rule", "m", 0, 1, "a", detection_confidence=c) for c in confidences]

    def from_empty_tails():
        report_text._DISPLAY_TAILS.clear()
        made = format_findings(doc, findings), format_findings_utf8(doc, findings)
        return made, dict(report_text._DISPLAY_TAILS)

    with pytest.MonkeyPatch.context() as monkeypatch:
        made, twin = _both(monkeypatch, from_empty_tails)
    assert made[0] == twin[0]
    assert made[0][0][0] == [f'a.txt:1:1 x.rule m "a" ({c:.2f}, display)' for c in confidences]
    # (The same tails kept, by the same keys; NaN keys are told by their string.)
    assert sorted(map(str, made[1].items())) == sorted(map(str, twin[1].items()))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.floats(0.0, 1.0) | st.sampled_from(EDGES), st.sampled_from(list(Tier))), min_size=1,
                max_size=30))
def test_the_kernel_keeps_the_tails_of_every_cap_as_its_twin(cases):
    """Findings of mixed caps: the kernel makes and keeps each cap's tails (not only SAFE's) as _suggested_tail
    does, the same (tail, tier) under the same keys."""
    doc = Document("abc\n", "a.txt")
    findings = [Finding("x.rule", "m", 0, 1, "a", (Suggestion("b", c),), max_tier=cap) for c, cap in cases]

    def from_empty_tails():
        report_text._TAILS.clear()
        made = format_findings(doc, findings)
        return made, {cap: dict(kept) for cap, kept in report_text._TAILS.items()}

    with pytest.MonkeyPatch.context() as monkeypatch:
        made, twin = _both(monkeypatch, from_empty_tails)
    assert made == twin
    assert all(type(tier) is int for kept in made[1].values() for _, tier in kept.values())


def test_the_bands_are_tier_from_confidence():
    """The kernel's bands (report.text._BANDS) give Tier.from_confidence on both sides of each threshold."""
    import math

    def band(c):
        return next((tier for threshold, tier in report_text._BANDS if c >= threshold), 0)

    from cleanup.model import SAFE_THRESHOLD, UNSAFE_THRESHOLD

    for threshold in (SAFE_THRESHOLD, UNSAFE_THRESHOLD):
        for c in (math.nextafter(threshold, 0), threshold, math.nextafter(threshold, 2)):
            assert band(c) == Tier.from_confidence(c)
    assert all(band(c / 1000) == Tier.from_confidence(c / 1000) for c in range(1001))
    assert report_text._NAMES == tuple(str(Tier(v)) for v in range(len(Tier)))


@pytest.mark.parametrize("kept", [False, True])
def test_pieces_of_every_width_are_written_in_utf8_whether_or_not_the_str_keeps_its_utf8(kept):
    """The kernel writes a piece's UTF-8 from its characters (one or two bytes a character), from the UTF-8
    CPython keeps in the str (made for some C call before), or through CPython (four bytes a character): the
    bytes of the lines, encoded."""
    message = "".join(["Опечатка é → ", "ÿ"])  # (made at run time: a str of its own)
    texts = ["".join(["слово", str(k)]) for k in range(3)] + ["".join(["café", "\xad"]), "".join(["\U0001f600", "я"])]
    if kept:
        for piece in [message, *texts]:
            with pytest.raises(LookupError):
                b"x".decode(piece)  # (the codec's name is read as UTF-8 by CPython, which keeps it in the str)
    doc = Document("abc\n", "a.txt")
    findings = [Finding("x.rule", message, 0, 1, text, (Suggestion(text[::-1], 0.95),)) for text in texts]
    lines, worst = format_findings(doc, findings)
    made = format_findings_utf8(doc, findings)
    assert made == (("\n".join(lines) + "\n").encode(), worst)
    with afresh(pure_python=True):
        assert format_findings_utf8(doc, findings) == made
