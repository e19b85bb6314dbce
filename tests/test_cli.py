"""The outside contract: exit codes, JSON schema, stdin, bad input, and
that writing back loses nothing (encoding, BOM, newlines, mode)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import jsonschema
import pytest

from conftest import ROOT, SAMPLE

SCHEMA = json.loads((ROOT / "docs" / "json-schema.json").read_text(encoding="utf-8"))
DIRTY = "Dear  comrades , let me first express my gratitude.\n"
CLEAN = "Dear comrades, let me first express my gratitude.\n"


def _write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    p = tmp_path / name
    p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return p


def test_check_exit_codes(tmp_path, run_cli):
    assert run_cli("check", str(_write(tmp_path, "a.txt", DIRTY)))[0] == 1
    assert run_cli("check", str(_write(tmp_path, "b.txt", CLEAN)))[0] == 0


def test_check_text_format(tmp_path, run_cli):
    p = _write(tmp_path, "a.txt", DIRTY)
    code, out, _ = run_cli("check", "--no-color", str(p))
    assert f"{p}:1:5 whitespace.space_run" in out
    assert '"  " → " " (0.98, safe)' in out
    assert "\x1b[" not in out


def test_json_report_matches_schema_and_offsets(sample_text, run_cli):
    code, out, _ = run_cli("check", "--format", "json", str(SAMPLE))
    assert code == 1
    report = json.loads(out)
    jsonschema.validate(report, SCHEMA)
    (file,) = report["files"]
    assert file["encoding"] == "utf-8" and file["findings"]
    lines = sample_text.splitlines(keepends=True)
    for f in file["findings"]:
        assert sample_text[f["offset"] : f["offset"] + f["length"]] == f["text"]
        assert sum(map(len, lines[: f["line"] - 1])) + f["column"] - 1 == f["offset"]
        confidences = [s["confidence"] for s in f["suggestions"]]
        assert confidences == sorted(confidences, reverse=True)


def test_stdin(run_cli):
    code, out, _ = run_cli("check", "--format", "json", "-", input=DIRTY)
    assert code == 1 and json.loads(out)["files"][0]["path"] == "-"
    code, out, _ = run_cli("fix", "-", input=DIRTY)
    assert code == 1 and out == CLEAN


def test_fix_refuses_stdin_mixed_with_files(tmp_path, run_cli):
    p = _write(tmp_path, "a.txt", DIRTY)
    code, _, err = run_cli("fix", "-", str(p), input=DIRTY)
    assert code == 2 and "standard input" in err
    assert p.read_text(encoding="utf-8") == DIRTY


def test_fix_in_place_then_nothing_to_do(tmp_path, run_cli):
    p = _write(tmp_path, "a.txt", DIRTY)
    os.chmod(p, 0o640)
    assert run_cli("fix", str(p))[0] == 1
    assert p.read_text(encoding="utf-8") == CLEAN
    assert stat.S_IMODE(p.stat().st_mode) == 0o640
    before = p.stat().st_mtime_ns
    assert run_cli("fix", str(p))[0] == 0
    assert p.stat().st_mtime_ns == before  # a file that needs no change is not touched
    assert not [x for x in tmp_path.iterdir() if x.name != "a.txt"]  # no temp files left


def test_fix_diff_writes_nothing(tmp_path, run_cli):
    p = _write(tmp_path, "a.txt", DIRTY)
    code, out, _ = run_cli("fix", "--diff", str(p))
    assert code == 1
    assert "-Dear  comrades , let" in out and "+Dear comrades, let" in out
    assert p.read_text(encoding="utf-8") == DIRTY


def test_fix_stdout_is_one_file(tmp_path, run_cli):
    a, b = _write(tmp_path, "a.txt", DIRTY), _write(tmp_path, "b.txt", DIRTY)
    code, _, err = run_cli("fix", "--stdout", str(a), str(b))
    assert code == 2 and "exactly one file" in err


@pytest.mark.parametrize(
    "data, codec",
    [
        ("\ufeffDear  comrades ,\r\nsecond  line\r\n".encode("utf-8"), "utf-8-sig"),
        ("Dear  comrades ,\r\nmixed\nnewlines  here\r".encode("utf-8"), "utf-8"),
        ("Дорогие  товарищи !\n".encode("utf-16"), "utf-16"),
    ],
    ids=["utf8-bom-crlf", "mixed-newlines", "utf16-bom"],
)
def test_round_trip_keeps_bom_encoding_and_newlines(tmp_path, run_cli, data, codec):
    p = _write(tmp_path, "a.txt", data)
    assert run_cli("fix", str(p))[0] == 1
    out = p.read_bytes()
    bom_length = {"utf-8-sig": 3, "utf-16": 2, "utf-8": 0}[codec]
    assert out[:bom_length] == data[:bom_length]
    text_in, text_out = data.decode(codec), out.decode(codec)
    assert not text_out.startswith("\ufeff")
    # Same newline sequence, in the same places; only the spaces changed.
    assert [c for c in text_in if c in "\r\n"] == [c for c in text_out if c in "\r\n"]
    assert "  " not in text_out and " ," not in text_out and " !" not in text_out


def test_missing_path(run_cli, tmp_path):
    code, out, err = run_cli("check", str(tmp_path / "nope.txt"))
    assert code == 2 and "no such file" in err and "Traceback" not in err + out


def test_directory_where_a_file_is_needed(run_cli, tmp_path):
    code, _, err = run_cli("fix", "--stdout", str(tmp_path))
    assert code == 2 and "is a directory" in err


def test_binary_file(run_cli, tmp_path):
    p = _write(tmp_path, "a.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    code, _, err = run_cli("check", str(p))
    assert code == 2 and "binary file, skipped" in err


def test_invalid_utf8_says_where(run_cli, tmp_path):
    p = _write(tmp_path, "a.txt", "строка один\nи два ".encode("utf-8") + b"\xff\xfe!\n")
    code, _, err = run_cli("check", str(p))
    assert code == 2
    assert "not valid utf-8" in err and "line 2" in err


def test_batch_goes_on_after_a_bad_file(run_cli, tmp_path):
    _write(tmp_path, "bad.txt", b"\xff\xfe\xfa")  # looks like UTF-16 BOM: invalid UTF-16
    _write(tmp_path, "good.txt", DIRTY)
    code, out, err = run_cli("check", "--no-color", str(tmp_path))
    assert code == 2
    assert "good.txt:1:5" in out and "bad.txt" in err


def test_select_and_ignore_prefixes(tmp_path, run_cli):
    p = _write(tmp_path, "a.txt", DIRTY)
    _, out, _ = run_cli("check", "--no-color", "--select", "whitespace.space_run", str(p))
    assert "space_run" in out and "before_punct" not in out
    code, out, _ = run_cli("check", "--no-color", "--ignore", "whitespace", str(p))
    assert code == 0 and out == ""


def test_bad_option_values_are_usage_errors(run_cli, tmp_path):
    p = _write(tmp_path, "a.txt", CLEAN)
    assert run_cli("check", "--format", "xml", str(p))[0] == 2
    assert run_cli("fix", "--min-confidence", "2", str(p))[0] == 2


def test_a_report_floor_outside_zero_to_one_is_refused(run_cli, tmp_path):
    # A negative or NaN floor would silently keep every finding.
    p = _write(tmp_path, "a.txt", CLEAN)
    for bad in ("-0.5", "1.5", "nan"):
        code, out, err = run_cli("check", "--min-confidence", bad, str(p))
        assert code == 2 and out == "" and "--min-confidence must be between 0 and 1" in err
    assert run_cli("check", "--min-confidence", "0.5", str(p))[0] == 0


def test_rules_lists_every_rule_with_an_example(run_cli):
    code, out, _ = run_cli("rules", "--format", "json")
    rules = json.loads(out)
    assert code == 0 and len(rules) >= 10
    assert all(r["message"] and r["example"] for r in rules)


@pytest.mark.parametrize("argv", [["check", "--help"], ["fix", "--help"], ["rules", "--help"], ["check"],
                                  ["check", "--bogus", "x"], ["align", "--help"]])
def test_the_app_trimmed_to_the_command_asked_for_behaves_as_the_whole_app(argv):
    """run() builds only the command a run names (typer builds every
    command's options at start); help, usage and errors stay the same."""
    from typer.testing import CliRunner

    from cleanup.cli import _app_for, app

    trimmed = _app_for(argv)
    assert trimmed is not app
    assert [i.callback.__name__ for i in trimmed.registered_commands] == [argv[0]]
    assert len(app.registered_commands) == 5  # the app itself is untouched
    whole, part = CliRunner().invoke(app, argv), CliRunner().invoke(trimmed, argv)
    assert (part.exit_code, part.stdout, part.stderr) == (whole.exit_code, whole.stdout, whole.stderr)


@pytest.mark.parametrize("argv", [[], ["--help"], ["--version"], ["chek"], ["-h"]])
def test_without_a_known_command_the_whole_app_runs(argv):
    from cleanup.cli import _app_for, app

    assert _app_for(argv) is app
