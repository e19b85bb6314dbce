"""diskcache.replace_file: an entry is written whole or not at all, its
folder made when missing, and no temporary file is left behind."""

from __future__ import annotations

import os

import pytest

from cleanup import diskcache


def test_writes_into_a_missing_folder_and_replaces(tmp_path):
    target = tmp_path / "ab" / "abcdef"
    diskcache.replace_file(target, b"first", ".tmp-")
    assert target.read_bytes() == b"first"
    diskcache.replace_file(target, b"second, longer" * 1000, ".tmp-")
    assert target.read_bytes() == b"second, longer" * 1000
    assert os.listdir(target.parent) == ["abcdef"]
    assert oct(target.stat().st_mode & 0o777) == oct(0o600)  # as tempfile.mkstemp made it


def test_a_taken_temporary_name_is_not_a_failure(tmp_path, monkeypatch):
    target = tmp_path / "ab" / "entry"
    target.parent.mkdir()
    serial = iter(range(5))
    monkeypatch.setattr(diskcache, "_serial", serial)
    # A crashed process with our pid left the first names behind.
    for n in range(2):
        (target.parent / f".tmp-{os.getpid()}-{n}").write_bytes(b"stale")
    diskcache.replace_file(target, b"data", ".tmp-")
    assert target.read_bytes() == b"data"


def test_a_failed_write_leaves_no_file(tmp_path, monkeypatch):
    target = tmp_path / "ab" / "entry"

    def fail(fd, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(diskcache.os, "write", fail)
    with pytest.raises(OSError):
        diskcache.replace_file(target, b"data", ".tmp-")
    assert not target.exists() and os.listdir(target.parent) == []


def test_versions_name_each_installed_distribution_and_none_for_a_missing_one():
    import pytest as installed

    from cleanup import diskcache

    assert diskcache.versions("pytest", "no-such-distribution-here") == [installed.__version__, "none"]
