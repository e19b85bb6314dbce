"""Parallel batches: the same findings as one process, in input order; a
progress bar on a terminal (tested through a pseudo-terminal), silence when
piped; Ctrl-C in the middle leaves every file old or new."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLE

CLI = [sys.executable, "-m", "cleanup"]
COPIES = 1000


def _env(**extra) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT), NO_COLOR="1")
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """1,000 copies of a small transcript: a paragraph of the sample with its
    damage (trailing spaces) and the blank lines around it."""
    root = tmp_path_factory.mktemp("corpus")
    text = SAMPLE.read_text(encoding="utf-8")
    start = text.rfind("\n\n", 0, 2328)
    head = text[start : text.find("\n\n", 2328) + 2].encode("utf-8")
    assert 200 < len(head) < 1500
    for i in range(COPIES):
        (root / f"t{i:04}.txt").write_bytes(head)
    return root


def test_two_jobs_give_the_same_report_as_one(corpus):
    runs = [
        subprocess.run([*CLI, "check", "-j", jobs, "--format", "json", str(corpus)],
                       capture_output=True, env=_env(), timeout=120)
        for jobs in ("1", "2")
    ]
    one, two = (json.loads(r.stdout) for r in runs)
    assert runs[0].returncode == runs[1].returncode == 1
    assert len(one["files"]) == COPIES and one["files"][0]["findings"]
    assert one == two  # same findings, same (input) order
    assert runs[1].stderr == b""  # piped: no progress bar, no summary


def test_progress_bar_and_summary_on_a_terminal(corpus):
    pexpect = pytest.importorskip("pexpect")
    child = pexpect.spawn(
        CLI[0], [*CLI[1:], "check", "-j", "2", "--select", "whitespace,punct", str(corpus)],
        env=_env(TERM="xterm", COLUMNS="120", LINES="40"), timeout=120, encoding="utf-8",
    )
    child.expect(r"checking .* \d+/1000 files")  # the bar, while it runs
    child.expect("cleanup summary")
    child.expect(r"1000 files, 1000 with findings")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1


def test_ctrl_c_during_a_parallel_fix(tmp_path):
    """SIGINT to the running batch: exit 130, a clear message, and every file
    is either the original or the completely fixed text; no temp files."""
    from cleanup import Options, fix_text

    original = SAMPLE.read_bytes()
    select = "whitespace,punct"  # the batch machinery is under test, not the detectors
    fixed = fix_text(original.decode("utf-8"), Options(select=tuple(select.split(",")))).encode("utf-8")
    assert fixed != original
    n = 1000  # the interrupt comes after the first file: most are still to do
    for i in range(n):
        (tmp_path / f"{i:04}.txt").write_bytes(original)
    proc = subprocess.Popen(
        [*CLI, "fix", "-j", "2", "--select", select, str(tmp_path)], stderr=subprocess.PIPE, env=_env(), text=True,
        # Ctrl-C's default action in the child, as a user's terminal gives it: a
        # test run in the background of a non-interactive shell would hand on
        # "ignore SIGINT" and the interrupt would never arrive.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    for _ in range(50):  # wait for a first "fixed ..." (a warning may come before it)
        line = proc.stderr.readline()
        if line.startswith("fixed ") or not line:
            break
    assert line.startswith("fixed "), line
    proc.send_signal(signal.SIGINT)
    rest = proc.communicate(timeout=60)[1]
    if proc.returncode == 1:
        pytest.skip("the batch finished before the interrupt arrived (machine too fast)")
    assert proc.returncode == 130 and "cleanup: interrupted" in rest
    contents = [p.read_bytes() for p in sorted(tmp_path.iterdir())]
    assert len(contents) == n  # no temp file left
    assert all(c in (original, fixed) for c in contents)
    written = sum(c == fixed for c in contents)
    m = re.search(r"interrupted after (\d+) of (\d+) files; every file is either unchanged or completely written", rest)
    if m:  # (a signal that lands after the last file ends the run with a shorter message)
        assert int(m.group(2)) == n and 1 <= int(m.group(1)) <= written
    assert written >= 1
