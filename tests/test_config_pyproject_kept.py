"""Whether a pyproject.toml holds a [tool.cleanup] table is kept on disk
under the file's path, size and modification time: a start in a Python
project reads neither the file nor tomllib again, and any change of the
file, or a damaged entry, gives the answer read afresh."""

from __future__ import annotations

import os

import pytest

from cleanup import config

_WITHOUT = '[project]\nname = "cleanup"  # cleanup, but no table\n\n[tool.ruff]\nline-length = 120\n'
_WITH = '[project]\nname = "x"\n\n[tool.cleanup]\nlang = "ru"\n'


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "cleanup"


def _not_read(monkeypatch):
    def refuse(path):
        raise AssertionError(f"{path} read again")
    monkeypatch.setattr(config, "_read_toml", refuse)


@pytest.mark.parametrize("text, answer", [(_WITHOUT, False), (_WITH, True), ("[tool.cleanup\n", True),
                                          ('tool.cleanup.lang = "ru"\n', True), ("[tool]\nx = 1\n", False)])
def test_the_kept_answer_is_the_read_one(tmp_path, cache, monkeypatch, text, answer):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(text, encoding="utf-8")
    assert config._has_tool_table(pyproject) is answer is config._tool_table_read(pyproject)
    assert len(list(cache.glob("pyproject-*.json"))) == 1
    _not_read(monkeypatch)
    assert config._has_tool_table(pyproject) is answer


def test_a_changed_file_is_read_again(tmp_path, cache, monkeypatch):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(_WITHOUT, encoding="utf-8")
    assert config._has_tool_table(pyproject) is False
    pyproject.write_text(_WITH, encoding="utf-8")
    st = os.stat(pyproject)
    os.utime(pyproject, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))  # (a coarse clock may not move)
    assert config._has_tool_table(pyproject) is True
    assert config.find_root(tmp_path) == (tmp_path, pyproject)
    _not_read(monkeypatch)
    assert config._has_tool_table(pyproject) is True


def test_a_damaged_entry_is_read_again(tmp_path, cache):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(_WITH, encoding="utf-8")
    assert config._has_tool_table(pyproject) is True
    for damage in (b"", b"[1, 2", b'["x", true]', b"[[], 1]"):
        (entry,) = cache.glob("pyproject-*.json")
        entry.write_bytes(damage)
        assert config._has_tool_table(pyproject) is True


def test_a_run_without_the_table_keeps_tomllib_unloaded_the_second_time(tmp_path):
    import subprocess
    import sys

    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text(_WITHOUT, encoding="utf-8")
    code = ("import sys; from cleanup import config; c = config.load(); "
            "print(c.source, 'tomllib' in sys.modules)")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p), XDG_CACHE_HOME=str(tmp_path / "c"))
    runs = [subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True,
                           env=env).stdout.split() for _ in range(2)]
    assert runs == [["None", "True"], ["None", "False"]]
