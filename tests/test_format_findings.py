"""report.text.format_findings (the check's text report, made per chunk) must
give exactly the lines of format_finding, finding by finding, and the worst
tier the batch took from Finding.tier."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleanup.batch import _Placed
from cleanup.extensions import afresh
from cleanup.document import Document
from cleanup.fileio import Chunk
from cleanup.model import Finding, Suggestion, Tier
from cleanup.report.text import format_finding, format_findings

# Characters the report escapes or that change a line's shape, and plain ones.
ALPHABET = st.sampled_from(list("ab яЁ\u00a0\t\n\r\x1b\x9b\u202e\u2066.,\"«»→") + ["\r\n"])
TEXT = st.lists(ALPHABET, max_size=12).map("".join)
CONFIDENCE = st.sampled_from([0.0, -0.0, 0.05, 0.3, 0.5, 0.499, 0.75, 0.9, 0.8999, 0.95, 0.999, 1.0])


@st.composite
def documents(draw):
    text = draw(st.lists(st.sampled_from(["word ", "слово ", "\n", "\r\n", "\r", "\n\n", " ", "«x»"]),
                         min_size=1, max_size=40).map("".join))
    findings = []
    for _ in range(draw(st.integers(0, 25))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, len(text)))
        suggestions = tuple(Suggestion(draw(TEXT), abs(draw(CONFIDENCE)))
                            for _ in range(draw(st.integers(0, 5))))
        findings.append(Finding(
            rule=draw(st.sampled_from(["whitespace.x", "spelling.ru.y", "punct.z"])),
            message=draw(st.sampled_from(["Space before punctuation", "Опечатка\x1b[31m", "bidi \u202e here"])),
            start=start, end=end, text=text[start:end] if draw(st.booleans()) else draw(TEXT),
            suggestions=suggestions, detection_confidence=draw(CONFIDENCE),
            max_tier=draw(st.sampled_from(list(Tier)))))
    findings.sort(key=lambda f: (f.start, f.end, f.rule))
    return text, findings


@settings(max_examples=300, deadline=None)
@given(documents(), st.integers(0, 50), st.integers(0, 30), st.sampled_from(["a.txt", "dir/b c.txt", "x\x1b.txt"]))
def test_format_findings_is_format_finding_line_by_line(case, line_base, first_column, path):
    text, findings = case
    doc = Document(text, path)
    offset = 1000  # the chunk's place in its file: the batch shifts findings by it before format_finding
    placed = _Placed(Chunk(doc, offset, line_base, first_column), "utf-8", b"")
    expected = [format_finding(placed, Finding(f.rule, f.message, f.start + offset, f.end + offset, f.text,
                                               f.suggestions, f.detection_confidence, f.max_tier))
                for f in findings]
    lines, worst = format_findings(doc, findings, line_base, first_column)
    assert lines == expected
    assert worst == max((int(f.tier) for f in findings), default=-1)
    assert type(worst) is int


def test_repeated_pieces_are_not_mixed_up():
    doc = Document("a b\nc  d\n", "p.txt")
    fs = [Finding("whitespace.x", "m", 1, 2, " ", (Suggestion("", 0.0),)),
          Finding("whitespace.x", "m", 5, 7, "  ", (Suggestion(" ", -0.0),)),
          Finding("whitespace.x", "m", 5, 7, "  ", (Suggestion(" ", 0.95),), max_tier=Tier.UNSAFE)]
    lines, worst = format_findings(doc, fs)
    assert lines == ['p.txt:1:2 whitespace.x m " " → "" (0.00, display)',
                     'p.txt:2:2 whitespace.x m "  " → " " (-0.00, display)',
                     'p.txt:2:2 whitespace.x m "  " → " " (0.95, unsafe)']
    assert worst == 1


def test_the_quick_scans_find_exactly_the_characters_their_tables_change():
    from cleanup.report import text

    for scan, table in ((text._HAS_VISIBLE.search, text._VISIBLE), (text._HAS_PLAIN.search, text._PLAIN)):
        assert [c for c in range(0x3000) if scan(chr(c))] == sorted(c for c in table if c < 0x3000)
        assert not any(scan(chr(c)) for c in range(0x3000, 0x110000, 7))


def test_made_pieces_are_kept_up_to_the_bound_then_made_again(monkeypatch):
    """The report's caches of escaped messages and quoted texts give the
    function's value whether it was kept or not, and never hold more than
    _MADE pieces (a long run of distinct messages empties them)."""
    from cleanup.report import text as report_text

    monkeypatch.setattr(report_text, "_MADE", 3)
    made = report_text._Made(report_text.visible)
    texts = [f"a\u00a0{i}\n" for i in range(10)]
    for t in texts + texts[::-1]:
        assert made[t] == report_text.visible(t)
        assert len(made) <= 3
    plain = report_text._Made(report_text._plain_of)
    assert plain["esc\x1b[31m"] == "esc\\x1b[31m"


@pytest.mark.parametrize("kernel", [True, False])
def test_line_and_column_numbers_are_the_decimals_of_any_size(monkeypatch, kernel):
    """The kept decimal strings grow as larger numbers come and stop at a
    bound (a column past it is converted each time): every number reads the
    same (the kernel writes the digits itself)."""
    from cleanup.report import text as report_text

    monkeypatch.setattr(report_text, "_DECIMALS", [])
    monkeypatch.setattr(report_text, "_DECIMALS_MAX", 50)
    line = "x" * 120
    doc = Document("\n".join([line] * 70), "p.txt")
    fs = [Finding("whitespace.x", "m", start, start + 1, "x") for start in range(0, 70 * 121, 37)]
    for line_base in (0, 3, 60):
        with afresh(pure_python=not kernel):
            lines, _ = format_findings(doc, fs, line_base, 5)
        assert lines == [f"p.txt:{s // 121 + 1 + line_base}:{s % 121 + 1 + (5 if s < 121 else 0)} whitespace.x m"
                         f' "x" (0.50, display)' for s in range(0, 70 * 121, 37)]
        assert len(report_text._DECIMALS) <= 50
        assert bool(report_text._DECIMALS) is not kernel
        assert report_text._DECIMALS == [str(n) for n in range(len(report_text._DECIMALS))]


def test_what_the_report_escapes_is_never_printable():
    # (visible and _plain_of ask str.isprintable first: a printable text is left as it is.)
    from cleanup.report import text as report_text

    assert not any(chr(c).isprintable() for c in report_text._VISIBLE)
    assert set(report_text._PLAIN) <= set(report_text._VISIBLE)


# Wider characters too: the kernel makes each line at the widest of its pieces
# (one byte, two or four a character).
WIDE_TEXT = st.lists(st.sampled_from(list("aé я\u00a0\n\x1b\u2192\U0001f600\U00010348\xff")), max_size=6).map("".join)


@st.composite
def wide_documents(draw):
    text = draw(st.lists(st.sampled_from(["w ", "é ", "\n", "\U0001f600\n", "я"]), min_size=1, max_size=30).map("".join))
    findings = []
    for _ in range(draw(st.integers(0, 20))):
        start = draw(st.integers(0, len(text)))
        suggestions = tuple(Suggestion(draw(WIDE_TEXT), abs(draw(CONFIDENCE))) for _ in range(draw(st.integers(0, 6))))
        findings.append(Finding(
            rule=draw(st.sampled_from(["spelling.ru.y", "punct.é", "x.\U0001f600"])),
            message=draw(st.sampled_from(["m", "Ошибка\x9b", "\U00010348 and é", "\xff"])),
            start=start, end=start, text=draw(WIDE_TEXT), suggestions=suggestions,
            detection_confidence=draw(CONFIDENCE), max_tier=draw(st.sampled_from(list(Tier)))))
    return text, findings  # (in any order: the kernel's line hint must not assume one)


@settings(max_examples=300, deadline=None)
@given(wide_documents(), st.sampled_from([0, 7, 70_000, 10**12]), st.sampled_from([0, 3, 100_000]),
       st.sampled_from(["a.txt", "é/\U0001f600.txt", "x\x1b.txt"]))
def test_the_kernel_makes_the_lines_of_its_python_twin(case, line_base, first_column, path):
    from cleanup.spelling import speedups

    if speedups.function("format_lines") is None:
        pytest.skip("the _speedups extension is not built")
    text, findings = case
    doc = Document(text, path)
    made = format_findings(doc, findings, line_base, first_column)
    with afresh(pure_python=True):
        twin = format_findings(doc, findings, line_base, first_column)
    assert made == twin
    assert [line.encode("utf-8", "surrogatepass") for line in made[0]] == [
        line.encode("utf-8", "surrogatepass") for line in twin[0]]
    assert made[1] == max((int(f.tier) for f in findings), default=-1)


def test_the_kernel_reads_the_fields_of_other_objects_by_name():
    """An object not exactly a Finding (or Suggestion) is read by attribute,
    not at the slot offsets: the same line."""

    class Shown(Finding):
        __slots__ = ()

    class Offered(Suggestion):
        __slots__ = ()

    doc = Document("a b\nc d\n", "p.txt")
    plain = [Finding("whitespace.x", "m", 5, 6, " ", (Suggestion("", 0.7), Suggestion("x", 0.2)))]
    other = [Shown("whitespace.x", "m", 5, 6, " ", (Offered("", 0.7), Offered("x", 0.2)))]
    assert format_findings(doc, other) == format_findings(doc, plain) == (
        ['p.txt:2:2 whitespace.x m " " → "" (or "x") (0.70, unsafe)'], 1)


def test_the_escape_scans_are_compiled_only_for_a_text_that_is_not_printable():
    """A report of printable texts (every one on the benchmark corpora) does
    not compile the two scans (~3 M instructions each, at every start)."""
    import os
    import subprocess
    import sys

    script = """
from cleanup.document import Document
from cleanup.model import Finding, Suggestion
from cleanup.report import text
doc = Document("a b\\nc  d\\n", "p.txt")
findings = [Finding("whitespace.x", "Double space", 5, 7, "  ", (Suggestion(" ", 0.95),))]
text.format_findings(doc, findings)
text.format_findings_utf8(doc, findings)
print("_compiled" in vars(text._HAS_VISIBLE), "_compiled" in vars(text._HAS_PLAIN))
text.format_findings(doc, [Finding("whitespace.x", "m", 5, 7, "\\t ")])
print("_compiled" in vars(text._HAS_VISIBLE))
"""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env)
    assert out.stdout.split() == ["False", "False", "True"]
