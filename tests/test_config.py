"""[tool.cleanup] / .cleanup.toml: found upward, validated, merged with the command line."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from cleanup import config as cfg
from cleanup.config import ConfigError, glob_match

DIRTY = "Dear  comrades , let me first express my gratitude.\n"


@pytest.fixture
def project(tmp_path, monkeypatch):
    root = tmp_path / "proj"
    (root / "talks" / "drafts").mkdir(parents=True)
    (root / "talks" / "a.txt").write_text(DIRTY, encoding="utf-8")
    (root / "talks" / "drafts" / "b.txt").write_text(DIRTY, encoding="utf-8")
    monkeypatch.chdir(root / "talks")
    return root


def _rules(out: str) -> list[str]:
    return [f["rule"] for file in json.loads(out)["files"] for f in file["findings"]]


def test_pyproject_table_found_upward_and_applied(project, run_cli):
    (project / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.cleanup]\nignore = ["whitespace.before_punct"]\n', encoding="utf-8"
    )
    code, out, _ = run_cli("check", "--format", "json", "a.txt")
    assert _rules(out) == ["whitespace.space_run"]
    # --ignore adds to the configured ignores; --select replaces the configured select
    code, out, _ = run_cli("check", "--format", "json", "--ignore", "whitespace.space_run", "a.txt")
    assert code == 0 and _rules(out) == []


def test_dot_cleanup_toml_wins_in_its_folder(project, run_cli):
    (project / "pyproject.toml").write_text('[tool.cleanup]\nignore = ["whitespace"]\n', encoding="utf-8")
    (project / "talks" / ".cleanup.toml").write_text('select = ["whitespace.before_punct"]\n', encoding="utf-8")
    code, out, _ = run_cli("check", "--format", "json", "a.txt")
    assert _rules(out) == ["whitespace.before_punct"]
    code, out, _ = run_cli("check", "--format", "json", "--select", "whitespace.space_run", "a.txt")
    assert _rules(out) == ["whitespace.space_run"]


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ('selec = ["x"]\n', "'selec'"),
        ('lang = "de"\n', "lang"),
        ("min-confidence = 1.5\n", "min-confidence"),
        ('fail-level = "fatal"\n', "fail-level"),
        ("select = 3\n", "select"),
        ("inline-suppression = 'yes'\n", "inline-suppression"),
        ('[per-path-ignores]\n"a/*" = 1\n', "per-path-ignores"),
        ("select = [\n", "not valid TOML"),
    ],
)
def test_bad_config_is_one_clear_line_and_exit_2(project, run_cli, text, named):
    (project / ".cleanup.toml").write_text(text, encoding="utf-8")
    for command in ("check", "fix"):
        code, out, err = run_cli(command, "a.txt")
        assert code == 2
        assert named in err and ".cleanup.toml" in err
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_fail_level_and_min_confidence_from_config(project, run_cli):
    (project / ".cleanup.toml").write_text('fail-level = "display"\nmin-confidence = 0.99\n', encoding="utf-8")
    assert run_cli("fix", "--diff", "a.txt")[0] == 0  # nothing is 0.99 confident
    assert run_cli("fix", "--diff", "--min-confidence", "0.9", "a.txt")[0] == 1
    (project / ".cleanup.toml").write_text('fail-level = "safe"\n', encoding="utf-8")
    assert run_cli("check", "a.txt")[0] == 1


def test_include_exclude_and_per_path_ignores(project, run_cli):
    (project / ".cleanup.toml").write_text(
        'exclude = ["drafts/**"]\n[per-path-ignores]\n"a.txt" = ["whitespace.space_run"]\n',
        encoding="utf-8",
    )
    code, out, _ = run_cli("check", "--format", "json", ".")
    report = json.loads(out)
    assert [Path(f["path"]).name for f in report["files"]] == ["a.txt"]
    assert _rules(out) == ["whitespace.before_punct"]
    # exclude applies to a named file too (pre-commit names every file)
    code, out, _ = run_cli("check", "--format", "json", "drafts/b.txt")
    assert code == 0 and json.loads(out)["files"] == []


def test_languages_list_and_lang(tmp_path):
    assert cfg.parse({"languages": ["ru", "en"]}, root=tmp_path).lang == "auto"
    assert cfg.parse({"lang": "ru"}, root=tmp_path).lang == "ru"
    assert cfg.parse({"languages": ["en"]}, root=tmp_path).lang == "en"
    with pytest.raises(ConfigError, match="lang or languages"):
        cfg.parse({"lang": "ru", "languages": ["en"]}, root=tmp_path)


def test_paths_are_relative_to_the_root(tmp_path):
    c = cfg.parse({"dictionary": "words.txt", "min_confidence": 0.8}, root=tmp_path)
    assert c.dictionary_path == tmp_path / "words.txt"
    assert c.decisions_path == tmp_path / ".cleanup" / "decisions.toml"
    assert c.min_confidence == 0.8


def test_no_config_means_defaults(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    c = cfg.load()
    assert c.root == tmp_path.resolve() and c.source is None
    assert c.decisions_path == tmp_path.resolve() / ".cleanup" / "decisions.toml"


def test_explicit_config_option(project, run_cli):
    other = project / "strict.toml"
    other.write_text('select = ["whitespace.space_run"]\n', encoding="utf-8")
    code, out, _ = run_cli("check", "--format", "json", "--config", str(other), "a.txt")
    assert _rules(out) == ["whitespace.space_run"]
    code, _, err = run_cli("check", "--config", str(project / "missing.toml"), "a.txt")
    assert code == 2 and "missing.toml" in err


@pytest.mark.parametrize(
    ("glob", "path", "expected"),
    [
        ("*.txt", "a.txt", True),
        ("*.txt", "deep/dir/a.txt", True),  # no slash: any depth
        ("drafts/*.txt", "drafts/a.txt", True),
        ("drafts/*.txt", "x/drafts/a.txt", False),  # with a slash: anchored at the root
        ("drafts/**", "drafts/x/y.txt", True),
        ("**/quotes/*.md", "a/b/quotes/q.md", True),
        ("drafts", "drafts/a.txt", True),  # a folder: everything under it
        ("*.md", "a.txt", False),
        ("a[!b].txt", "ac.txt", True),
        ("a[!b].txt", "ab.txt", False),
    ],
)
def test_glob_match(glob, path, expected):
    assert glob_match(glob, path) is expected


def test_config_is_data_only(project, run_cli):
    """Nothing in a config runs: a value that looks like code is just a bad value."""
    marker = project / "ran"
    (project / ".cleanup.toml").write_text(f'lang = "__import__(\'os\').mkdir(\'{marker}\')"\n', encoding="utf-8")
    assert run_cli("check", "a.txt")[0] == 2
    assert not marker.exists()
