"""The hooks in .pre-commit-hooks.yaml, run by the real `pre-commit` in a
temporary git repository.

`pre-commit try-repo` would build a fresh virtualenv and pip-install this
package into it (minutes, and the package index), so the suite does the
faithful fast thing: it reads OUR manifest and runs each hook as a `local`
hook with the same id, entry, file filters and arguments; only the
environment differs — the hook's `cleanup` is this interpreter's
(`python -m cleanup`) instead of a freshly built one. Everything pre-commit
itself does (select files by type and pattern, pass them as arguments, judge
the exit code, notice modified files) is real.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml  # comes with pre-commit

from conftest import ROOT, SAMPLE

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

CLEAN = "Dear comrades, let me first express my gratitude.\n"


def _hooks() -> list[dict]:
    return yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "test@example.org")
    _git(repo, "config", "user.name", "test")
    local = []
    for hook in _hooks():
        hook = dict(hook)
        assert hook.pop("language") == "python"  # what a user's pre-commit would build
        # The manifest's `cleanup <command>` → this interpreter's cleanup.
        command = shlex.split(hook["entry"])
        assert command[0] == "cleanup"
        hook["entry"] = shlex.join([sys.executable, "-m", "cleanup", *command[1:]])
        hook["language"] = "system"
        local.append(hook)
    config = {"repos": [{"repo": "local", "hooks": local}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return repo


def _run(repo: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PRE_COMMIT_HOME=str(repo.parent / "pre-commit-home"), NO_COLOR="1")
    env.pop("PRE_COMMIT", None)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never", *args],
        cwd=repo, env=env, capture_output=True, text=True, timeout=120,
    )


def test_manifest_is_valid():
    env = dict(os.environ, PRE_COMMIT_HOME=str(ROOT / ".pytest_cache" / "pre-commit-home"))
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")],
        env=env, capture_output=True, text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert {h["id"] for h in _hooks()} == {"cleanup", "cleanup-fix"}


def test_check_hook_fails_on_sample_and_passes_on_clean_text(repo):
    shutil.copy(SAMPLE, repo / "speech.txt")
    (repo / "notes.md").write_text(CLEAN, encoding="utf-8")
    _git(repo, "add", "-A")
    done = _run(repo, "cleanup")
    assert done.returncode == 1, done.stdout
    assert "speech.txt:13:195 whitespace.trailing" in done.stdout
    assert "notes.md" not in done.stdout

    (repo / "speech.txt").write_text(CLEAN, encoding="utf-8")
    _git(repo, "add", "-A")
    done = _run(repo, "cleanup")
    assert done.returncode == 0, done.stdout
    assert "Passed" in done.stdout


def test_fix_hook_applies_only_safe_fixes_then_passes(repo):
    from cleanup import fix_text

    sample = SAMPLE.read_text(encoding="utf-8")
    shutil.copy(SAMPLE, repo / "speech.txt")
    _git(repo, "add", "-A")
    done = _run(repo, "cleanup-fix")
    assert done.returncode == 1, done.stdout  # it changed a file: the commit stops for review
    assert "files were modified by this hook" in done.stdout
    fixed = (repo / "speech.txt").read_text(encoding="utf-8")
    assert fixed != sample
    assert fixed == fix_text(sample)  # the safe fixes, and nothing else
    assert fixed == (ROOT / "tests" / "golden" / "imcwp23-speech.fixed.txt").read_text(encoding="utf-8")

    _git(repo, "add", "-A")
    done = _run(repo, "cleanup-fix")
    assert done.returncode == 0, done.stdout  # nothing left to fix


def test_hooks_honour_the_projects_decisions(repo, tmp_path):
    """A finding rejected in review does not fail the hook (the same config
    and decisions as on the command line)."""
    (repo / "speech.txt").write_text("This is logical - the capitalist West can handle it!\n", encoding="utf-8")
    _git(repo, "add", "-A")
    assert _run(repo, "cleanup").returncode == 1
    (repo / ".cleanup").mkdir()
    (repo / ".cleanup" / "decisions.toml").write_text(
        'version = 1\n[[rejected]]\nrule = "punct.spaced_hyphen"\ntext = " - "\n'
        'before = "this is logical"\nafter = "the capitalist west"\n',
        encoding="utf-8",
    )
    _git(repo, "add", "-A")
    done = _run(repo, "cleanup")
    assert done.returncode == 0, done.stdout


@pytest.mark.skipif(
    not os.environ.get("CLEANUP_SLOW_TESTS"),
    reason="builds the hook's own virtualenv with pip (≈20 s, needs the package index); set CLEANUP_SLOW_TESTS=1",
)
def test_try_repo_builds_and_runs_the_real_hook(tmp_path):
    """The unabridged path: pre-commit clones this repository at HEAD and
    pip-installs it into the hook's environment (committed state only)."""
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    shutil.copy(SAMPLE, repo / "speech.txt")
    _git(repo, "add", "-A")
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"))
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "cleanup", "--all-files", "--color", "never"],
        cwd=repo, env=env, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "speech.txt:13:195 whitespace.trailing" in done.stdout
