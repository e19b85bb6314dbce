from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "imcwp23-speech.txt"


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
