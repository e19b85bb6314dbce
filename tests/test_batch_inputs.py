"""Every kind of bad or unusual input survives a batch: the file ends intact
(or correctly fixed, in its own encoding and newlines) and the user gets a
clear one-line message — never a traceback."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleanup import Options, batch, fileio
from conftest import apply_diff, interrupt_on_call

FAST = ("whitespace", "punct", "encoding")
DIRTY = "Дорогие  товарищи , dear  comrades !\n"
CLEAN = "Дорогие товарищи, dear comrades!\n"


def _files(tmp_path: Path) -> list[str]:
    return sorted(p.name for p in tmp_path.iterdir())


# (name, bytes on disk, exit code of `fix`, message on stderr, bytes expected after `fix`)
ENCODED = [
    ("utf8", DIRTY.encode("utf-8"), CLEAN.encode("utf-8")),
    ("utf8-bom", b"\xef\xbb\xbf" + DIRTY.encode("utf-8"), b"\xef\xbb\xbf" + CLEAN.encode("utf-8")),
    ("utf16-bom", DIRTY.encode("utf-16"), CLEAN.encode("utf-16")),
    ("utf16-be-bom", b"\xfe\xff" + DIRTY.encode("utf-16-be"), b"\xfe\xff" + CLEAN.encode("utf-16-be")),
    ("utf16-le-no-bom", DIRTY.encode("utf-16-le"), CLEAN.encode("utf-16-le")),
    ("cp1251", DIRTY.encode("cp1251"), CLEAN.encode("cp1251")),
    ("koi8-r", DIRTY.encode("koi8-r"), CLEAN.encode("koi8-r")),
    ("crlf", DIRTY.replace("\n", "\r\n").encode() * 2, CLEAN.replace("\n", "\r\n").encode() * 2),
    ("cr-only", DIRTY.replace("\n", "\r").encode(), CLEAN.replace("\n", "\r").encode()),
]


@pytest.mark.parametrize("data, expected", [e[1:] for e in ENCODED], ids=[e[0] for e in ENCODED])
def test_fix_keeps_encoding_bom_and_newlines(tmp_path, run_cli, data, expected):
    p = tmp_path / "a.txt"
    p.write_bytes(data)
    code, _, err = run_cli("fix", "-j", "1", str(p))
    assert code == 1, err
    assert p.read_bytes() == expected
    assert _files(tmp_path) == ["a.txt"]  # no temp file left behind


@pytest.mark.parametrize(
    "name, data, codec",
    [("cp1251", DIRTY.encode("cp1251"), "cp1251"), ("koi8-r", DIRTY.encode("koi8-r"), "koi8-r"),
     ("utf-16-le", DIRTY.encode("utf-16-le"), "utf-16-le"), ("utf8-bom", b"\xef\xbb\xbf" + DIRTY.encode(), "utf-8-sig")],
)
def test_check_reports_the_encoding_found(tmp_path, run_cli, name, data, codec):
    import json

    p, q = tmp_path / "a.txt", tmp_path / "utf8.txt"
    p.write_bytes(data)
    q.write_text(DIRTY, encoding="utf-8")
    code, out, _ = run_cli("check", "--format", "json", str(p), str(q))
    f, reference = json.loads(out)["files"]
    assert f["encoding"] == codec
    assert f["findings"] == reference["findings"] and len(f["findings"]) >= 3


BAD = [
    # name, bytes, command, expected exit, words in the message
    ("empty", b"", "fix", 0, ""),
    ("binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "fix", 2, "binary file, skipped"),
    ("invalid-utf8", "строка один\nи два ".encode() + b"\xff\xfe!\n", "fix", 2, "not valid utf-8"),
    ("utf16-odd-bytes", b"\xff\xfe\xfa", "fix", 2, "not valid utf-16"),
    ("forced-wrong-encoding", DIRTY.encode("utf-16"), "fix --encoding utf-8", 2, "not valid utf-8"),
]


@pytest.mark.parametrize("data, command, code, message", [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_input_is_left_intact_with_a_clear_message(tmp_path, run_cli, data, command, code, message):
    p = tmp_path / "a.txt"
    p.write_bytes(data)
    before = p.stat().st_mtime_ns
    got, out, err = run_cli(*command.split(), str(p))
    assert got == code
    assert message in err and "Traceback" not in err + out
    if message:
        assert len([line for line in err.splitlines() if line.startswith("cleanup:")]) == 1
    assert p.read_bytes() == data and p.stat().st_mtime_ns == before
    assert _files(tmp_path) == ["a.txt"]


def test_unknown_forced_encoding_is_a_usage_error(tmp_path, run_cli):
    p = tmp_path / "a.txt"
    p.write_text(DIRTY, encoding="utf-8")
    code, _, err = run_cli("check", "--encoding", "klingon", str(p))
    assert code == 2 and "unknown encoding" in err


def test_forced_encoding_reads_and_writes_that_encoding(tmp_path, run_cli):
    p = tmp_path / "a.txt"
    p.write_bytes(DIRTY.encode("cp866"))  # too short to detect with certainty: force it
    assert run_cli("fix", "--encoding", "cp866", str(p))[0] == 1
    assert p.read_bytes() == CLEAN.encode("cp866")


def test_fix_that_needs_a_character_the_encoding_lacks(tmp_path, run_cli, monkeypatch):
    # KOI8-R has no "é": a fix that would write one must leave the file alone.
    p = tmp_path / "a.txt"
    p.write_bytes("Привет, мир. ".encode("koi8-r") * 3)
    from cleanup.model import Edit
    from cleanup.pipeline import Checker

    original = Checker.fix

    def fix_with_e_acute(self, doc):
        result = original(self, doc)
        result.text = doc.text.replace("мир", "mé", 1)
        result.edits = [Edit(0, 0, "", 1.0, "test.e_acute")]
        return result

    monkeypatch.setattr(Checker, "fix", fix_with_e_acute)
    before = p.read_bytes()
    code, _, err = run_cli("fix", "-j", "1", str(p))
    assert code == 2 and "koi8-r cannot hold" in err
    assert p.read_bytes() == before


def test_read_only_file_is_reported_and_the_batch_goes_on(tmp_path, run_cli):
    ro, rw = tmp_path / "a.txt", tmp_path / "b.txt"
    ro.write_text(DIRTY, encoding="utf-8")
    rw.write_text(DIRTY, encoding="utf-8")
    os.chmod(ro, 0o444)
    code, _, err = run_cli("fix", "-j", "1", str(tmp_path))
    assert code == 2
    assert f"{ro}: file is read-only, not changed" in err
    assert ro.read_text(encoding="utf-8") == DIRTY and stat.S_IMODE(ro.stat().st_mode) == 0o444
    assert rw.read_text(encoding="utf-8") == CLEAN


def test_file_deleted_after_listing_is_reported_and_the_batch_goes_on(tmp_path, run_cli, monkeypatch):
    for name in "abc":
        (tmp_path / f"{name}.txt").write_text(DIRTY, encoding="utf-8")
    listed = batch.expand

    def expand_then_delete(*args, **kwargs):
        items = list(listed(*args, **kwargs))
        (tmp_path / "b.txt").unlink()
        return iter(items)

    monkeypatch.setattr(batch, "expand", expand_then_delete)
    code, _, err = run_cli("fix", "-j", "1", str(tmp_path))
    assert code == 2 and "b.txt: no such file (deleted during the run?)" in err
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == CLEAN
    assert (tmp_path / "c.txt").read_text(encoding="utf-8") == CLEAN
    assert _files(tmp_path) == ["a.txt", "c.txt"]  # not re-created


def test_file_deleted_or_changed_between_read_and_write_is_not_written(tmp_path, run_cli, monkeypatch):
    gone, edited = tmp_path / "a.txt", tmp_path / "b.txt"
    gone.write_text(DIRTY, encoding="utf-8")
    edited.write_text(DIRTY, encoding="utf-8")
    from cleanup.pipeline import Checker

    original = Checker.fix

    def meanwhile(self, doc):  # someone deletes one file and edits the other while we work
        if doc.path == str(gone):
            gone.unlink()
        else:
            edited.write_text("someone else's  edit\n", encoding="utf-8")
        return original(self, doc)

    monkeypatch.setattr(Checker, "fix", meanwhile)
    code, _, err = run_cli("fix", "-j", "1", str(gone), str(edited))
    assert code == 2
    assert f"{gone}: deleted during the run; not re-created" in err and not gone.exists()
    assert f"{edited}: changed on disk during the run; not written" in err
    assert edited.read_text(encoding="utf-8") == "someone else's  edit\n"


def test_interrupt_while_writing_leaves_the_old_file_and_no_temp_file(tmp_path, monkeypatch):
    p = tmp_path / "a.txt"
    p.write_text(DIRTY, encoding="utf-8")

    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(fileio.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        fileio.write_atomic(str(p), CLEAN.encode())
    assert p.read_text(encoding="utf-8") == DIRTY
    assert _files(tmp_path) == ["a.txt"]


def test_interrupt_in_the_middle_of_a_batch(tmp_path, run_cli, monkeypatch):
    """Ctrl-C after some files: those are fixed, the rest untouched, exit 130."""
    for i in range(6):
        (tmp_path / f"{i}.txt").write_text(DIRTY, encoding="utf-8")
    interrupt_on_call(monkeypatch, "fix", 4)
    code, _, err = run_cli("fix", "-j", "1", str(tmp_path))
    assert code == 130 and "interrupted after 3 of 6 files" in err
    texts = [(tmp_path / f"{i}.txt").read_text(encoding="utf-8") for i in range(6)]
    assert texts == [CLEAN] * 3 + [DIRTY] * 3
    assert len(_files(tmp_path)) == 6


def test_large_file_is_streamed_in_chunks_with_the_same_result(tmp_path, run_cli):
    """A file above the size limit is read in paragraph chunks: same findings
    (offsets, lines, columns) and the same fixed bytes as in one piece."""
    paragraph = "Первый  абзац , строка.\r\nВторая строка  здесь .\r\n\r\nEnglish  text , here.\r\n\r\n"
    data = (paragraph * 400).encode("cp1251")
    p = tmp_path / "big.txt"
    p.write_bytes(data)
    # The batch machinery is under test, not the detectors: the fast rule families.
    fast = Options(select=FAST)
    whole = batch.BatchConfig(mode="check", report="json", options=fast)
    chunked = batch.BatchConfig(mode="check", report="json", large_file=0, chunk_chars=1000, options=fast)
    from cleanup.pipeline import Checker

    checker = Checker(fast)
    a = batch.process_file(fileio.FileRef(str(p)), whole, checker)
    b = batch.process_file(fileio.FileRef(str(p)), chunked, checker)
    assert a.file_json == b.file_json and len(a.file_json["findings"]) > 1000
    assert a.file_json["encoding"] == "cp1251"
    # the reported positions point into the file as it is
    text = data.decode("cp1251")
    lines = text.split("\r\n")
    for f in map(json.loads, b.file_json["findings"][-5:]):  # each kept as its report text
        assert text[f["offset"] : f["offset"] + f["length"]] == f["text"]
        assert lines[f["line"] - 1][f["column"] - 1 :].startswith(f["text"].split("\r")[0])

    fixed_whole = tmp_path / "whole.txt"
    fixed_whole.write_bytes(data)
    batch.process_file(fileio.FileRef(str(fixed_whole)), batch.BatchConfig(mode="fix", options=fast), checker)
    o = batch.process_file(
        fileio.FileRef(str(p)), batch.BatchConfig(mode="fix", large_file=0, chunk_chars=1000, options=fast), checker
    )
    assert o.status == "changed"
    assert p.read_bytes() == fixed_whole.read_bytes() != data


def test_large_file_streamed_diff_applies(tmp_path):
    """The chunked diff is a valid unified diff of the whole file."""
    paragraph = "Первый  абзац , строка.\nВторая строка.\n\nEnglish text here.\n\n"
    p = tmp_path / "big.txt"
    p.write_text(paragraph * 300, encoding="utf-8")
    from cleanup.pipeline import Checker

    cfg = batch.BatchConfig(mode="diff", large_file=0, chunk_chars=700, options=Options(select=FAST))
    o = batch.process_file(fileio.FileRef(str(p)), cfg, Checker(cfg.options))
    assert apply_diff(p.read_text(encoding="utf-8"), o.diff) == paragraph.replace("  ", " ").replace(" ,", ",") * 300


PARAGRAPH = "Уважаемые товарищи! Dear comrades, позвольте выразить благодарность.\n"


@pytest.mark.parametrize("codec", ["utf-8", "utf-16-le", "utf-16-be", "cp1251", "koi8-r", "cp866"])
@pytest.mark.parametrize("text", [PARAGRAPH, "Привет, мир!", PARAGRAPH * 50])
def test_encoding_detection(codec, text):
    name, bom = fileio.detect_encoding(text.encode(codec))
    assert (name, bom) == (codec, b"")
    assert not fileio.looks_binary(text.encode(codec))


@pytest.mark.parametrize(
    "data",
    [b"\x00\x01\x02\x03binary", bytes(range(256)), b"PK\x03\x04\x14\x00\x06\x00", b"\x7fELF\x02\x01\x01\x00\x00"],
)
def test_binary_detection(data):
    assert fileio.looks_binary(data)


def test_chunks_of_one_long_line_keep_line_and_column(tmp_path):
    """No line break for a long way: chunks are cut at spaces, and every
    finding's line and column still agree with its offset in the file."""
    p = tmp_path / "line.txt"
    text = ("word  word , " * 3000) + "\n" + ("next  line " * 500)
    p.write_text(text, encoding="utf-8")
    from cleanup.pipeline import Checker

    chunked = batch.BatchConfig(mode="check", report="json", large_file=0, chunk_chars=997, options=Options(select=FAST))
    found = batch.process_file(fileio.FileRef(str(p)), chunked, Checker(chunked.options)).file_json["findings"]
    found = [json.loads(f) for f in found]
    assert len(found) > 6000 and found[-1]["line"] == 2
    lines = text.split("\n")
    for f in found:
        assert text[f["offset"] : f["offset"] + f["length"]] == f["text"]
        before = sum(len(line) + 1 for line in lines[: f["line"] - 1])
        assert before + f["column"] - 1 == f["offset"]


def test_large_file_with_no_line_break_gives_a_diff_that_applies(tmp_path):
    """Chunks of a one-line file end inside the line; the diff still shows
    whole lines: one hunk, old line out, new line in."""
    p = tmp_path / "line.txt"
    p.write_text("слово  слово , и ещё " * 400 + "конец", encoding="utf-8")
    from cleanup.pipeline import Checker

    cfg = batch.BatchConfig(mode="diff", large_file=0, chunk_chars=700, options=Options(select=FAST))
    o = batch.process_file(fileio.FileRef(str(p)), cfg, Checker(cfg.options))
    old = p.read_text(encoding="utf-8").splitlines(keepends=True)
    assert len(old) == 1 and o.diff.count("@@ -1 +1 @@") == 1
    assert o.diff.count("No newline at end of file") == 2  # once for each side, after its only line
    assert apply_diff(old[0], o.diff) == ("слово слово, и ещё " * 400) + "конец"


@given(st.binary(max_size=400))
def test_looks_binary_counts_control_bytes_as_one_by_one_counting_does(head):
    """looks_binary counts control bytes with one translate; the plain count is the reference."""
    from cleanup import fileio

    controls = sum(head.count(c) for c in fileio._CONTROL)
    assert len(head.translate(None, fileio._NOT_CONTROL)) == controls


def test_signals_held_delivers_a_sigterm_only_when_the_block_ends(monkeypatch):
    """The batch makes its temp file under signals_held: a stop that comes
    meanwhile waits until the file is where the cleanup finds it."""
    import signal

    if not hasattr(signal, "pthread_sigmask"):
        pytest.skip("no signal masks here")
    got = []
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: got.append(signum))
    try:
        with fileio.signals_held():
            os.kill(os.getpid(), signal.SIGTERM)
            for _ in range(1000):  # bytecode boundaries, where a handler would run
                pass
            assert got == []
        for _ in range(1000):
            pass
        assert got == [signal.SIGTERM]
    finally:
        signal.signal(signal.SIGTERM, previous)


def test_ctrl_c_while_write_atomic_makes_its_temp_file_leaves_nothing_behind(tmp_path, monkeypatch):
    """`write_atomic` (used by `review` and the decision files) makes its temp
    file under signals_held too: Ctrl-C right after the file exists raises
    KeyboardInterrupt, the original stays, and no temp file is left."""
    import signal
    import tempfile

    if not hasattr(signal, "pthread_sigmask"):
        pytest.skip("no signal masks here")
    target = tmp_path / "a.txt"
    target.write_bytes(b"old\n")
    real_mkstemp = tempfile.mkstemp

    def mkstemp_then_ctrl_c(*args, **kwargs):
        made = real_mkstemp(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGINT)
        for _ in range(1000):  # bytecode boundaries, where the interrupt would strike
            pass
        return made

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp_then_ctrl_c)
    # Python's own Ctrl-C handler, whatever this process inherited (a run in
    # the background of a non-interactive shell starts with SIGINT ignored).
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt):
            fileio.write_atomic(str(target), b"new\n")
    finally:
        signal.signal(signal.SIGINT, previous)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]
    assert target.read_bytes() == b"old\n"
