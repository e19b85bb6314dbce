"""The console entry point ends the process without freeing its heap
(cli._exit_now), and must still behave as an ordinary exit: every byte of
the report out, atexit handlers run, the exit status kept."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

DIRTY = "Привет , мир.\n\nHello  world .\n"


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    code = ("import atexit, sys; from cleanup.cli import run;"
            "atexit.register(lambda: print('ATEXIT RAN', file=sys.stderr));"
            f"sys.argv = ['cleanup', *{list(args)!r}]; run()")
    env = {**os.environ, "CLEANUP_NO_CACHE": "1"}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env,
                          timeout=300)


def test_exit_keeps_status_output_and_atexit(tmp_path, run_cli):
    path = tmp_path / "a.txt"
    path.write_text(DIRTY * 200, encoding="utf-8")
    proc = _run(tmp_path, "check", "-j", "1", "--no-progress", str(path))
    code, out, _ = run_cli("check", "-j", "1", "--no-progress", str(path))
    assert proc.returncode == code == 1
    assert proc.stdout == out and out.count("\n") > 400  # all of it, flushed
    assert "ATEXIT RAN" in proc.stderr


def test_exit_status_of_errors_and_clean_files(tmp_path):
    clean = tmp_path / "clean.txt"
    clean.write_text("Привет, мир.\n", encoding="utf-8")
    ok = _run(tmp_path, "check", "-j", "1", "--no-progress", str(clean))
    assert ok.returncode == 0 and ok.stdout == "" and "ATEXIT RAN" in ok.stderr
    missing = _run(tmp_path, "check", str(tmp_path / "missing.txt"))
    assert missing.returncode == 2 and "no such file" in missing.stderr and "ATEXIT RAN" in missing.stderr
    usage = _run(tmp_path, "check", "--no-such-option")
    assert usage.returncode == 2 and "ATEXIT RAN" in usage.stderr
