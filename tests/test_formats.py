"""--format sarif (valid SARIF 2.1.0), --format github, fix --markup critic, fix --diff --word."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleanup.document import Document
from cleanup.model import Edit, Finding, Suggestion
from cleanup.report.critic import markup
from cleanup.report.github import annotation
from cleanup.report.jsonout import finding_dict
from cleanup.report.sarif import end_of
from cleanup.report.worddiff import word_diff
from conftest import ROOT, SAMPLE, interrupt_on_call

SARIF_SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
DIRTY = "Dear  comrades , let me first express my gratitude.\n"


def test_sarif_report_is_valid_and_points_at_the_findings(sample_text, run_cli):
    code, out, _ = run_cli("check", "--format", "sarif", str(SAMPLE))
    assert code == 1
    report = json.loads(out)
    jsonschema.validate(report, SARIF_SCHEMA)
    (run,) = report["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    results = run["results"]
    code, out, _ = run_cli("check", "--format", "json", str(SAMPLE))
    findings = json.loads(out)["files"][0]["findings"]
    assert len(results) == len(findings) > 0
    rules = run["tool"]["driver"]["rules"]
    for r, f in zip(results, findings):
        region = r["locations"][0]["physicalLocation"]["region"]
        assert (r["ruleId"], region["startLine"], region["startColumn"]) == (f["rule"], f["line"], f["column"])
        assert sample_text[region["charOffset"] : region["charOffset"] + region["charLength"]] == f["text"]
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
        if f["suggestions"]:
            replacement = r["fixes"][0]["artifactChanges"][0]["replacements"][0]
            assert replacement["insertedContent"]["text"] == f["suggestions"][0]["text"]
            assert len(r["fixes"]) == len(f["suggestions"])
        else:  # a finding without a suggestion proposes no fix
            assert "fixes" not in r
        assert r["properties"]["confidence"] == f["confidence"]


def test_sarif_without_findings_is_valid(tmp_path, run_cli):
    p = tmp_path / "clean.txt"
    p.write_text("Dear comrades.\n", encoding="utf-8")
    code, out, _ = run_cli("check", "--format", "sarif", str(p))
    assert code == 0
    report = json.loads(out)
    jsonschema.validate(report, SARIF_SCHEMA)
    assert report["runs"][0]["results"] == []


def test_sarif_schema_rejects_a_broken_report():
    """The schema in the repo really constrains: the test above can fail."""
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"version": "2.1.0", "runs": [{"results": []}]}, SARIF_SCHEMA)


def test_github_annotations(tmp_path, run_cli):
    p = tmp_path / "a,b.txt"
    p.write_text(DIRTY, encoding="utf-8")
    code, out, _ = run_cli("check", "--format", "github", str(p))
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith(f"::warning file={str(p).replace(',', '%2C')},line=1,col=5,endColumn=7,")
    assert "title=whitespace.space_run::Run of spaces" in lines[0]
    assert len(lines) == 2


def test_github_annotation_escapes_newlines_and_marks_low_tiers_as_notices():
    doc = Document("one\ntwo\n", "x.txt")
    f = Finding("layout.joined", "Line break\ninside", 3, 4, "\n", (Suggestion(" ", 0.6),))
    line = annotation("x.txt", finding_dict(doc, f))
    assert line.startswith("::warning file=x.txt,line=1,col=4,endLine=2,")
    assert "\n" not in line and "Line break%0Ainside" in line
    low = Finding("spelling.x", "m", 0, 3, "one", (Suggestion("One", 0.3),))
    assert annotation("x.txt", finding_dict(doc, low)).startswith("::notice ")


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [("ab\r\ncd", 1, 4), ("ab\rcd\nef", 0, 8), ("abc", 1, 2), ("a\n\nb", 1, 3), ("ab", 1, 1)],
)
def test_sarif_end_positions_match_the_document(text, start, end):
    doc = Document(text)
    line, col = doc.line_col(start)
    assert end_of(line, col, text[start:end]) == doc.line_col(end)


def test_critic_markup(tmp_path, run_cli):
    p = tmp_path / "a.txt"
    p.write_text(DIRTY, encoding="utf-8")
    code, out, _ = run_cli("fix", "--markup", "critic", str(p))
    assert code == 1
    assert out == (
        "Dear{~~  ~> ~~}{>>whitespace.space_run, 0.98<<}comrades{-- --}{>>whitespace.before_punct, 0.95<<}"
        ", let me first express my gratitude.\n"
    )
    assert p.read_text(encoding="utf-8") == DIRTY  # nothing written


def test_critic_markup_insertion_and_nothing_to_do():
    assert markup("ab", [Edit(1, 1, "-", 0.9, "r")]) == "a{++-++}{>>r, 0.90<<}b"
    assert markup("ab", []) == "ab"


def test_word_diff_shows_changed_words_in_long_lines(tmp_path, run_cli):
    paragraph = ("word " * 60) + "the beautiful place of Cesme , in the" + (" word" * 60) + "\n"
    p = tmp_path / "a.txt"
    p.write_text("Title\n\n" + paragraph, encoding="utf-8")
    code, out, _ = run_cli("fix", "--diff", "--word", str(p))
    assert code == 1
    lines = out.splitlines()
    assert lines[2] == "@@ line 3 @@"
    assert "place of Cesme[-·-], in the" in lines[3]
    assert lines[3].startswith("…") and lines[3].endswith("…")  # long unchanged stretches shortened
    assert len(lines) == 4


def test_word_diff_across_a_removed_line_break():
    doc = Document("one two\nthree\n", "x.txt")
    out = word_diff(doc, "one two three\n")
    assert "two[-\\n-]{+·+}" in out and "@@ line 1 @@" in out


def test_fix_option_conflicts(tmp_path, run_cli):
    p = tmp_path / "a.txt"
    p.write_text(DIRTY, encoding="utf-8")
    assert run_cli("fix", "--word", str(p))[0] == 2
    code, _, err = run_cli("fix", "--markup", "critic", "--diff", str(p))
    assert code == 2 and "--markup" in err


# ---- the JSON report, written as findings are found ------------------------------------------

_STREAM_TEXTS = {
    "a.txt": "Он  сказал , что STALTN придёт.\n\nHe said , \"hello\".\n",
    "b.txt": "Всё чисто.\n",
    "c.txt": "Второй  файл , с ошибкой в конце Х!Х века.\n",
}


@pytest.mark.parametrize("names", [[], ["b.txt"], ["a.txt"], ["a.txt", "b.txt", "c.txt"]])
@pytest.mark.parametrize("warnings,errors", [([], []), (["w1", "w «2»"], [{"path": "x", "message": "bad\nfile"}])])
def test_streamed_json_report_is_byte_for_byte_the_whole_report(names, warnings, errors):
    """What `check --format json` prints piece by piece is exactly what
    json.dumps of the whole report gives: the contract holds while memory stays flat."""
    from cleanup.pipeline import Checker
    from cleanup.report.jsonout import Streamed, dumps, file_dict, finding_json

    checker = Checker()
    docs = [Document(_STREAM_TEXTS[n], n) for n in names]
    found = [checker.check(d).findings for d in docs]
    assert [bool(f) for f in found] == [n != "b.txt" for n in names]  # empty and full entries both shown
    stream = Streamed()
    out = []
    for doc, findings in zip(docs, found):
        out.append(stream.open_file(doc.path, doc.encoding))
        out += [stream.finding(finding_json(doc, f)) for f in findings]
        out.append(stream.close_file())
    out.append(stream.close(warnings, errors))
    whole = dumps([file_dict(d, f) for d, f in zip(docs, found)], warnings, errors) + "\n"
    assert "".join(out) == whole


def test_json_report_of_a_large_chunked_file_parses_and_lists_every_finding(tmp_path, run_cli):
    """A file read in chunks streams its findings into one entry; other files follow."""
    big = tmp_path / "big.txt"
    big.write_text("Слово  слово , и ещё.\n\n" * 3000, encoding="utf-8")
    (tmp_path / "small.txt").write_text("Всё  хорошо .\n", encoding="utf-8")
    code, out, _ = run_cli("check", "-j", "1", "--format", "json", str(big), str(tmp_path / "small.txt"))
    report = json.loads(out)
    jsonschema.validate(report, json.loads((ROOT / "docs" / "json-schema.json").read_text(encoding="utf-8")))
    assert code == 1 and [Path(f["path"]).name for f in report["files"]] == ["big.txt", "small.txt"]
    assert len(report["files"][0]["findings"]) >= 6000  # two whitespace findings a paragraph


def test_json_report_is_still_valid_after_ctrl_c(tmp_path, run_cli, monkeypatch):
    """Ctrl-C in the middle of a batch: the files done are reported, the
    report is closed so it parses, and it says it was interrupted."""
    for i in range(4):
        (tmp_path / f"{i}.txt").write_text("Два  пробела .\n", encoding="utf-8")
    interrupt_on_call(monkeypatch, "check", 3)
    code, out, _ = run_cli("check", "-j", "1", "--format", "json", str(tmp_path))
    report = json.loads(out)
    assert code == 130 and len(report["files"]) == 2
    assert all(f["findings"] for f in report["files"])
    assert any("interrupted after 2 of 4 files" in w for w in report["warnings"])


_odd_text = st.text(st.sampled_from(list('aё "\\\n\r\t\x00\x1f\u00a0\u2028\U0001f600/')), max_size=6)


@settings(max_examples=200, deadline=None)
@given(
    text=_odd_text, message=_odd_text, start=st.integers(0, 30), length=st.integers(0, 5),
    suggestions=st.lists(st.tuples(_odd_text, st.sampled_from([0.0, 1, 1.0, 0.5, 1e-05, 0.123456789, 0.99995])),
                         max_size=3),
    detection=st.sampled_from([0, 1, 0.5, 0.33333333]),
)
def test_finding_json_is_the_indented_json_dumps_of_finding_dict(text, message, start, length, suggestions, detection):
    """finding_json writes the report's text by hand (json.dumps with indent
    is slow); it must be exactly what json.dumps of finding_dict gives."""
    from cleanup.report.jsonout import _FINDING_INDENT, _indented, finding_json

    doc = Document("x\r\ny\nz" * 8, "p")
    f = Finding("spelling.ru.x", message or "m", start, start + length, text,
                tuple(Suggestion(t, c) for t, c in suggestions), detection_confidence=detection)
    assert finding_json(doc, f) == _indented(finding_dict(doc, f), _FINDING_INDENT)
