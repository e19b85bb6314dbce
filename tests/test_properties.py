"""Properties that hold for ANY text and ANY detector that follows the model.

Written against the public API (``check_text``, ``fix_text``, ``Checker``, the
CLI), never against today's rules, so that every detector added later is held
to them too:

- no exception escapes ``check`` or ``fix`` (library and CLI);
- every finding's span lies inside the text, its ``text`` is that slice, and
  its line/column agree with its offset;
- ``fix(fix(x)) == fix(x)``; text outside the applied edits survives exactly,
  and every applied edit is a suggestion some finding made; after ``fix``,
  nothing at the fix threshold is left to apply;
- the JSON report always parses and matches docs/json-schema.json.

The example budget is a hypothesis profile: ``CLEANUP_HYPOTHESIS_PROFILE=ci``
(25 examples a property) or ``=thorough`` (2000, for a long local run); default
``dev`` (60).
"""

from __future__ import annotations

import bisect
import json
import os

import jsonschema
import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st
from typer.testing import CliRunner

from cleanup import Options, Tier, check_text, fix_text
from cleanup.cli import app
from cleanup.detectors import Detector, RuleDoc
from cleanup.model import Finding, Suggestion
from cleanup.document import Document
from cleanup.fileio import looks_binary
from cleanup.pipeline import checker_for
from cleanup.resolve import edits_for
from conftest import ROOT

SCHEMA = json.loads((ROOT / "docs" / "json-schema.json").read_text(encoding="utf-8"))

_SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]
settings.register_profile("dev", max_examples=60, deadline=None, suppress_health_check=_SLOW_OK)
settings.register_profile("ci", max_examples=25, deadline=None, suppress_health_check=_SLOW_OK)
settings.register_profile("thorough", max_examples=2000, deadline=None, suppress_health_check=_SLOW_OK)
PROFILE = settings.get_profile(os.environ.get("CLEANUP_HYPOTHESIS_PROFILE", "dev"))
# The CLI round trip costs more per example; it gets a share of the budget.
CLI_PROFILE = settings(PROFILE, max_examples=max(10, PROFILE.max_examples // 3))
# Long lines are drawn less often than short text, and cost the most.

# ---- text that looks like damaged transcripts, and text that looks like nothing
# Pieces the detectors care about (spaces, dashes, quotes, newlines in every
# convention, words in both scripts) mixed with what breaks naive code:
# combining marks, astral characters, controls, BOMs, bidi overrides,
# characters whose case mapping changes their length.
_PIECES = [
    " ", "  ", "   ", "\u00a0", "\u202f", "\u2007", "\t", "\u3000",
    "\n", "\r\n", "\r", "\n\n", "\r\n\r\n", "\n\r", "\r\r\n", " \n", "\u00a0\r\n",
    ",", ".", " ,", " .", " !", " ?", " :", " ;", "...", "…", "!!", "?!",
    "-", " - ", "--", " -- ", "- -", "–", "—", "(", ")", " )", "( ", "«", "»", "„", "“", "”",
    '"', "'", "’", "`",
    "Dear", "comrades", "it's", "don’t", "The", "THE", "i", "I",
    "товарищи", "Дорогие", "ЁЛКА", "ёж", "по-нашему", "т.е.", "т. е.", "и", "в", "а", "но",
    "Hello мир", "сOOбщение", "Cаша",  # Latin letters hiding in Cyrillic words, and back
    "e\u0301", "и\u0306", "\u0301", "\u0301\u0301", "a\u20dd",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "😀", "👩\u200d👩\u200d👧", "\U0001F1F7\U0001F1FA", "\U00010348", "\U000e0001",
    "\u200b", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u034f",
    "\x00", "\x01", "\x1b[31m", "\x1b]0;title\x07", "\x7f", "\x85", "\x9b", "\x0b", "\x0c",
    "\u2028", "\u2029", "\u202e", "\u2066", "\ufffd", "\uffff", "\U0010ffff",
    "İ", "ß", "ﬁ", "ǅ", "ΐ", "ſ", "K",
    "١٢٣", "עברית", "中文字", "한국어", "ＡＢＣ",
    "12", "1990-1995", "3,14", "5 - 3", "1.", "a.b",
]
# Any code point except surrogates (they cannot be encoded, so no file holds them).
_ANY_CHAR = st.characters(blacklist_categories=("Cs",))
_CHUNK = st.one_of(
    st.sampled_from(_PIECES),
    st.text(_ANY_CHAR, min_size=1, max_size=6),
    st.text(st.sampled_from(" \u00a0\t\r\nab,.-–«»йЁ"), min_size=1, max_size=6),
)
TEXT = st.lists(_CHUNK, max_size=50).map("".join)
# A very long line: one piece repeated thousands of times, between ordinary text.
LONG_LINE = st.builds(
    lambda before, piece, count, after: before + piece * count + after,
    TEXT, st.sampled_from(_PIECES + ["a", "аб ", "x,", " "]), st.integers(500, 4000), TEXT,
)
ANY_TEXT = st.one_of(TEXT, TEXT, TEXT, LONG_LINE)

OPTIONS = st.sampled_from([
    Options(),
    Options(min_confidence=0.5),  # unsafe fixes too
    Options(min_confidence=0.0),  # every fix with a suggestion
    Options(lang="ru"),
    Options(lang="en"),
    # Opt-in rules run only when selected: select every family so they run too.
    Options(select=("whitespace", "punct", "spelling", "script", "boundary", "layout",
                    "grammar", "style", "encoding")),
])


def _line_starts(text: str) -> list[int]:
    """Where each line starts: after \\r\\n, \\r or \\n (as LSP and editors
    count; U+2028, \\x85 and friends do not end a line). Written apart from
    Document on purpose, as an independent reference."""
    starts, i = [0], 0
    while i < len(text):
        if text[i] == "\r" and text[i + 1 : i + 2] == "\n":
            i += 1
        if text[i] in "\r\n":
            starts.append(i + 1)
        i += 1
    return starts


def _assert_findings_point_into(text: str, findings) -> None:
    starts = _line_starts(text)
    doc = Document(text)
    for f in findings:
        assert 0 <= f.start <= f.end <= len(text), (f.rule, f.start, f.end, len(text))
        assert f.text == text[f.start : f.end], f.rule
        line = bisect.bisect_right(starts, f.start)
        assert doc.line_col(f.start) == (line, f.start - starts[line - 1] + 1), f.rule
        assert 0.0 <= f.confidence <= 1.0
        assert f.tier in Tier
        confidences = [s.confidence for s in f.suggestions]
        assert confidences == sorted(confidences, reverse=True), f.rule


def _assert_edits_keep_the_rest(before: str, after: str, edits, offered) -> None:
    """``after`` is ``before`` with exactly ``edits`` applied: everything
    between them is there, character for character, in order; and each edit
    is a suggestion a finding made for exactly that span."""
    pos = cursor = 0
    for e in edits:
        assert pos <= e.start <= e.end <= len(before), "edits out of order or overlapping"
        assert (e.start, e.end, e.replacement) in offered, f"{e.rule} applied an edit no finding offered"
        # Line structure survives: no edit that touches no line break may
        # make a kept "\r" and "\n" into one "\r\n", or split one.
        if not any(c in "\r\n" for c in before[e.start : e.end] + e.replacement) and 0 < e.start:
            around = before[e.start - 1] + before[e.end : e.end + 1]
            if around == "\r\n":
                assert (e.start == e.end) == (e.replacement == ""), f"{e.rule} joined or split lines"
        kept = before[pos : e.start]
        assert after[cursor : cursor + len(kept)] == kept, "text outside the edits changed"
        cursor += len(kept)
        assert after[cursor : cursor + len(e.replacement)] == e.replacement
        cursor += len(e.replacement)
        pos = e.end
    assert after[cursor:] == before[pos:], "text after the last edit changed"


# ---- the library ------------------------------------------------------------

@PROFILE
@given(ANY_TEXT, OPTIONS)
@example("", Options())
@example("\r", Options())
@example("\n\r\r\n", Options())
@example("\u0301", Options(lang="ru"))
@example("\ufeff", Options())
@example("a" * 50_000, Options())
@example("0A00\r\n\U00010d40 товарищи", Options())  # a digit only the regex module knows
@example(("Dear  comrades , " * 3000).rstrip(), Options())
@example(" \r\n" * 2000, Options(min_confidence=0.0))
def test_findings_point_into_the_text(text, options):
    findings = check_text(text, options)
    _assert_findings_point_into(text, findings)
    declared = tuple(doc.id for doc in checker_for(options).rules())
    for f in findings:  # a declared id is a rule, or a family of them ("lt" for lt.<ID>)
        assert options.enabled(f.rule), f.rule
        assert any(f.rule == d or f.rule.startswith(d + ".") for d in declared), \
            f"{f.rule}: a detector emitted a rule id it does not declare"
    assert findings == sorted(findings, key=lambda f: (f.start, f.end, f.rule))


@PROFILE
@given(ANY_TEXT, OPTIONS)
@example("", Options())
@example("Dear  comrades ,\r\nтоварищи !\r  \n", Options(min_confidence=0.0))
@example(("a  b ,\u00a0" * 2000), Options())
@example("Hello мир" * 500, Options(min_confidence=0.5))  # a run of 499 doubled words: one round, not nine
def test_fix_keeps_text_outside_edits_and_settles(text, options):
    checker = checker_for(options)
    result = checker.fix(Document(text))

    # Replay every round: each changes only what a finding offered to change.
    current = text
    for edits in result.rounds:
        offered = {
            (f.start, f.end, s.text)
            for f in checker.check(Document(current)).findings
            for s in f.suggestions
        }
        after = _replay(current, edits)
        _assert_edits_keep_the_rest(current, after, edits, offered)
        current = after
    assert current == result.text
    assert result.edits == (result.rounds[0] if result.rounds else [])
    assert result.changed == (result.text != text)

    # Settled: nothing left at the threshold, so fixing again changes nothing.
    again = checker.check(Document(result.text)).findings
    _assert_findings_point_into(result.text, again)
    left = edits_for(again, options)
    assert left == [], f"fix left fixes it would apply (or apply refuses): {left}"
    assert fix_text(result.text, options) == result.text
    if options.min_confidence >= 0.9:
        assert not [f for f in again if f.tier is Tier.SAFE]


def _replay(text: str, edits) -> str:
    out, pos = [], 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        out += [text[pos : e.start], e.replacement]
        pos = e.end
    return "".join(out) + text[pos:]


@PROFILE
@given(ANY_TEXT)
def test_text_without_fixes_comes_back_identical(text):
    options = Options()
    if edits_for(check_text(text, options), options):
        return
    assert fix_text(text, options) == text


# ---- the CLI ------------------------------------------------------------------

def _cli(args, data: bytes):
    result = CliRunner().invoke(app, args, input=data, catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # no exception may escape the CLI
    return result.exit_code, result.stdout_bytes, result.stderr


@CLI_PROFILE
@given(ANY_TEXT, st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
@example("", "utf-8")
@example("\ufeffDear  comrades", "utf-8")
@example("a\x00b", "utf-8")
def test_cli_check_json_parses_and_matches_schema(text, encoding):
    data = text.encode(encoding)
    code, out, err = _cli(["check", "--format", "json", "-"], data)
    assert code in (0, 1, 2)
    report = json.loads(out.decode("utf-8"))
    jsonschema.validate(report, SCHEMA)
    if code == 2:
        assert report["errors"] and report["files"] == []
        assert err.startswith("cleanup: ") and err.count("\n") == 1, err
        return
    (file,) = report["files"]
    decoded = Document.from_bytes(data).text
    starts = _line_starts(decoded)
    for f in file["findings"]:
        assert decoded[f["offset"] : f["offset"] + f["length"]] == f["text"]
        line = bisect.bisect_right(starts, f["offset"])
        assert (f["line"], f["column"]) == (line, f["offset"] - starts[line - 1] + 1)
    failing = [f for f in file["findings"] if f["tier"] in ("safe", "unsafe")]
    assert code == (1 if failing else 0)


@CLI_PROFILE
@given(ANY_TEXT)
@example("")
@example("\ufeffDear  comrades ,\r\n")
@example("    \r\n000\x00")  # one stray NUL once made this read as UTF-16
@example("\x1f\x1f\x08")  # control bytes only: refused as binary
@example("\x000\x00  ")  # NULs of UTF-16 but an odd length: binary, not broken UTF-16
def test_cli_fix_stdout_is_fix_text_and_exit_code_says_if_it_changed(text):
    data = text.encode("utf-8")
    code, out, err = _cli(["fix", "-"], data)
    if code == 2:  # refused as binary (NUL or control bytes near the start) with one line, nothing written
        assert looks_binary(data[:8192])
        assert out == b"" and err.startswith("cleanup: ") and err.count("\n") == 1
        return
    doc = Document.from_bytes(data)
    fixed = fix_text(doc.text)
    assert out == doc.encode(fixed)
    assert code == (1 if fixed != doc.text else 0)


# ---- any detector that follows the model ------------------------------------------

def test_every_declared_rule_id_fits_the_json_contract():
    """Ids and categories of every registered detector's rules are ones the
    JSON schema accepts (a detector added later is held to it too). A bare
    category declares a family whose ids come from elsewhere (``lt`` for
    LanguageTool's ``lt.<ID>``)."""
    import regex

    pattern = regex.compile(SCHEMA["$defs"]["finding"]["properties"]["rule"]["pattern"])
    categories = SCHEMA["$defs"]["finding"]["properties"]["category"]["enum"]
    docs = checker_for(Options(select=tuple(categories))).rules()
    assert docs
    for doc in docs:
        assert pattern.fullmatch(doc.id) or doc.id in categories, doc.id
        assert doc.id.split(".", 1)[0] in categories, doc.id


class _Scripted(Detector):
    """A detector whose findings are drawn by hypothesis: any spans (empty,
    overlapping, duplicate, touching line breaks), any suggestions, any
    confidences and tier caps — everything the model allows."""

    RULES = (RuleDoc("style.scripted", "scripted"),)

    def __init__(self, options, plan):
        super().__init__(options)
        self.plan = plan

    def detect(self, ctx):
        text = ctx.doc.text
        for at, length, suggestions, detection, cap in self.plan:
            start = min(at, len(text))
            end = min(start + length, len(text))
            yield Finding("style.scripted", "scripted", start, end, text[start:end],
                          tuple(Suggestion(s, c) for s, c in suggestions), detection, cap)


PLAN = st.lists(
    st.tuples(
        st.integers(0, 60), st.integers(0, 8),
        st.lists(st.tuples(st.sampled_from(["", " ", "x", "\r\n", "ё\u0301", "😀"]), st.floats(0, 1)), max_size=3),
        st.floats(0, 1), st.sampled_from(list(Tier)),
    ),
    max_size=12,
)


@PROFILE
@given(TEXT, PLAN, OPTIONS)
def test_resolve_apply_and_report_hold_for_any_findings(text, plan, options):
    from cleanup.pipeline import Checker
    from cleanup.report.jsonout import dumps, file_dict

    checker = Checker.__new__(Checker)  # no registry: only the scripted detector
    checker.options = options
    checker.detectors = [_Scripted(options, plan)]
    doc = Document(text)
    findings = checker.check(doc).findings
    _assert_findings_point_into(text, findings)
    jsonschema.validate(json.loads(dumps([file_dict(doc, findings)], [], [])), SCHEMA)

    result = checker.fix(doc)
    current = text
    for edits in result.rounds:
        offered = {(f.start, f.end, s.text) for f in checker.check(Document(current)).findings
                   for s in f.suggestions}
        after = _replay(current, edits)
        _assert_edits_keep_the_rest(current, after, edits, offered)
        for e in edits:  # only what the threshold and the tier cap allow
            assert e.confidence >= options.min_confidence
        current = after
    assert current == result.text


def test_regression_a_line_of_spaces_between_cr_and_lf_is_not_emptied():
    # Found by thinking about newline mixes: whitespace.trailing emptied the
    # " " line in "one\r \ntwo", leaving "\r\n" — one line break instead of
    # two, and the paragraphs joined. The rule now leaves it, and apply
    # refuses such an edit from any detector.
    from cleanup.apply import apply_edits
    from cleanup.model import Edit

    assert fix_text("one\r \ntwo", Options(min_confidence=0.0)) == "one\r \ntwo"
    assert apply_edits("one\r \ntwo", [Edit(4, 5, "", 1.0)])[0] == "one\r \ntwo"
    assert apply_edits("one\r\ntwo", [Edit(4, 4, " ", 1.0)])[0] == "one\r\ntwo"
    assert apply_edits("one\r \ntwo", [Edit(4, 5, "x", 1.0)])[0] == "one\rx\ntwo"
    assert apply_edits("one\r\r\ntwo", [Edit(4, 5, "", 1.0)])[0] == "one\r\ntwo"  # edits a break: allowed


LONG_RUNS = {
    "spaces": " " * 20_000 + "x", "tabs": "\t" * 20_000 + "x", "no-break spaces": "\u00a0" * 20_000 + "x",
    "letters": "a" * 20_000, "words": "тест test " * 2_000, "\\r and spaces": "\r " * 10_000,
    "hyphens": " - " * 7_000, "commas": ", " * 10_000, "dots": "." * 20_000, "blank paragraphs": "a\n\n" * 7_000,
}


@pytest.mark.parametrize("text", LONG_RUNS.values(), ids=LONG_RUNS.keys())
def test_no_rule_times_out_on_long_runs_of_one_thing(text):
    # Regression: whitespace.trailing retried a long run of spaces that does
    # not end a line from each of its spaces — quadratic; 20 000 tabs took
    # more than its 1 s limit, so the rule was skipped on such a file (found
    # by the thorough property run as a fix that sometimes did not happen).
    options = Options(select=("whitespace", "punct", "spelling", "script", "boundary", "layout",
                              "grammar", "style", "encoding"))
    result = checker_for(options).check(Document(text))
    assert result.warnings == []


def test_regression_digits_newer_than_pythons_unicode():
    # Found by the thorough property run: the regex module's Unicode (16) is
    # newer than Python 3.11's (14), so its \d matches digits such as Garay
    # U+10D40 that float() rejects; the parallel-edition anchors crashed
    # check with a ValueError. A rule pattern's repeat count had the same flaw.
    from cleanup.rulepack import unrolled_repeats

    garay = "\U00010d40"
    for text in (f"0A00\r\n{garay} товарищи", f"On 12.05.{garay * 4} it came.\n\nПришли 12.05.1999",
                 f"In {garay * 3},{garay * 3} people.\n\nПришли 1 000 человек."):
        _assert_findings_point_into(text, check_text(text))
    assert unrolled_repeats("a{" + garay + "}") == 1
