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
