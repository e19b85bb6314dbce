from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "imcwp23-speech.txt"

# Every test computes its findings: a test that patches a detector must not be
# answered from the result cache of an earlier run. tests/test_resultcache.py
# turns it on, in a folder of its own.
os.environ["CLEANUP_NO_CACHE"] = "1"


@pytest.fixture
def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture
def run_cli():
    """Run the real CLI in-process; returns (exit code, stdout, stderr)."""
    from typer.testing import CliRunner

    from cleanup.cli import app

    def run(*args: str, input: str | bytes | None = None):
        runner = CliRunner()
        result = runner.invoke(app, list(args), input=input, catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr

    return run


def apply_diff(old: str, diff: str) -> str:
    """Apply a unified diff (with "\\ No newline" marks) to ``old``; checks every context line."""
    import re

    from cleanup.report.diff import split_lines

    lines, out, pos = split_lines(old), [], 0
    rows = diff.splitlines(keepends=True)[2:] if diff else []
    # A row followed by "\ No newline" stands for a line without its break.
    body = []
    for row in rows:
        if row.startswith("\\"):
            body[-1] = body[-1][:-1]
        else:
            body.append(row)
    i = 0
    while i < len(body):
        m = re.match(r"@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@", body[i])
        assert m, body[i]
        start = int(m.group(1)) - 1 if m.group(2) != "0" else int(m.group(1))
        out += lines[pos:start]
        pos, i = start, i + 1
        while i < len(body) and not body[i].startswith("@@"):
            tag, text = body[i][0], body[i][1:]
            if tag in " -":
                assert lines[pos] == text
                pos += 1
            if tag in " +":
                out.append(text)
            i += 1
    return "".join(out + lines[pos:])


def interrupt_on_call(monkeypatch, method: str, call: int) -> list[str]:
    """Ctrl-C in the middle of a batch: ``Checker.<method>`` raises
    KeyboardInterrupt on its ``call``-th call (one per file, with -j 1).
    Returns the paths it was called with, in order."""
    from cleanup.pipeline import Checker

    original, seen = getattr(Checker, method), []

    def then_ctrl_c(self, doc):
        seen.append(doc.path)
        if len(seen) == call:
            raise KeyboardInterrupt
        return original(self, doc)

    monkeypatch.setattr(Checker, method, then_ctrl_c)
    return seen


def glued_words(parts: list[str], count: int, seed: int, slips: str) -> list[str]:
    """``count`` words glued of one to three of ``parts``, a third of them
    with one letter replaced by one of ``slips``: varied input for comparing
    a kernel with its Python twin (the same words for the same seed)."""
    import random

    rng = random.Random(seed)
    out = []
    for _ in range(count):
        word = "".join(rng.choice(parts) for _ in range(rng.randint(1, 3)))
        if rng.random() < 0.3:
            i = rng.randrange(len(word))
            word = word[:i] + rng.choice(slips) + word[i + 1:]
        out.append(word)
    return out
