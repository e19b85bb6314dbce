"""diskcache.sources_digest: the digest of the code a table comes from,
kept under the files' sizes and modification times (diskcache.kept_for_files,
which also keeps the rule packs' key and the parsed verb government table)."""

import hashlib
import os
import sys

import pytest

from cleanup import diskcache


def _fresh(package, sources) -> str:
    return hashlib.sha256(b"".join((package / s).read_bytes() for s in sources)).hexdigest()[:16]


def _write(path, data: bytes, mtime_ns: int) -> None:
    path.write_bytes(data)
    os.utime(path, ns=(mtime_ns, mtime_ns))


def test_digest_is_the_sources_hash_and_follows_an_edit(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    _write(package / "a.py", b"A = 1\n", 1_000_000_000_000_000_000)
    _write(package / "sub" / "b.py", "Б = 2\n".encode(), 1_000_000_000_000_000_000)
    sources = ("a.py", "sub/b.py", "a.py")
    first = diskcache.sources_digest(package, sources)
    assert first == _fresh(package, sources)
    assert list((tmp_path / "cache" / "cleanup").glob("sources-*.json"))  # kept
    assert diskcache.sources_digest(package, sources) == first  # (from what was kept)
    # An edit changes the time stamp: the digest follows the new bytes.
    _write(package / "a.py", b"A = 3\n", 1_000_000_000_000_000_001)
    edited = diskcache.sources_digest(package, sources)
    assert edited != first and edited == _fresh(package, sources)
    assert diskcache.sources_digest(package, sources[:2]) == _fresh(package, sources[:2])


def test_kept_digest_is_used_while_the_stamps_stay(tmp_path, monkeypatch):
    # (Shows the digest is not worked out again: bytes swapped under the
    # same size and time stamp are not seen, as Python's bytecode cache.)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    package = tmp_path / "pkg"
    package.mkdir()
    _write(package / "a.py", b"A = 1\n", 2_000_000_000_000_000_000)
    first = diskcache.sources_digest(package, ("a.py",))
    _write(package / "a.py", b"A = 2\n", 2_000_000_000_000_000_000)
    assert diskcache.sources_digest(package, ("a.py",)) == first != _fresh(package, ("a.py",))


def test_damaged_entry_is_worked_out_again(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    package = tmp_path / "pkg"
    package.mkdir()
    _write(package / "a.py", b"A = 1\n", 3_000_000_000_000_000_000)
    first = diskcache.sources_digest(package, ("a.py",))
    for kept in (tmp_path / "cache" / "cleanup").glob("sources-*.json"):
        kept.write_bytes(b"{not json")
    assert diskcache.sources_digest(package, ("a.py",)) == first == _fresh(package, ("a.py",))


def test_kept_for_files_works_out_once_per_stamps_and_salt(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = tmp_path / "t.txt"
    _write(path, b"one", 4_000_000_000_000_000_000)
    calls = []

    def work_out(paths):
        calls.append(paths)
        return {"text": [open(p, encoding="utf-8").read() for p in paths]}

    first = diskcache.kept_for_files("test", [str(path)], work_out)
    assert first == {"text": ["one"]} and len(calls) == 1
    assert diskcache.kept_for_files("test", [str(path)], work_out) == first and len(calls) == 1  # kept
    assert diskcache.kept_for_files("test", [str(path)], work_out, "salt") == first and len(calls) == 2
    _write(path, b"two", 4_000_000_000_000_000_001)  # an edit: worked out again
    assert diskcache.kept_for_files("test", [str(path)], work_out) == {"text": ["two"]} and len(calls) == 3
    for kept in (tmp_path / "cache" / "cleanup").glob("test-*.json"):
        kept.write_bytes(b"[[")
    assert diskcache.kept_for_files("test", [str(path)], work_out) == {"text": ["two"]} and len(calls) == 4
    # A file that cannot be stated: worked out (its error is work_out's), nothing kept for it.
    with pytest.raises(OSError):
        diskcache.kept_for_files("test", [str(tmp_path / "missing")], work_out)


def test_the_rule_packs_key_is_their_digest_and_follows_an_edit(tmp_path, monkeypatch):
    import shutil
    from pathlib import Path

    from cleanup import model, rulepack, segments

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = tmp_path / "rules"
    shutil.copytree(rulepack.default_rules_dir(), root)
    paths = rulepack._pack_paths(root)

    def fresh():  # (the key as it was before it was kept: a blake2b of everything, worked out here)
        h = hashlib.blake2b(digest_size=16)
        h.update(f"{rulepack._PACKS_FORMAT}\0{root}\0{rulepack.regex.__version__}\0{sys.version}\0".encode())
        for code in (rulepack.__file__, model.__file__, segments.__file__):
            h.update(Path(code).read_bytes() + b"\0")
        for path in paths:
            h.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
        return h.hexdigest()

    first = rulepack._packs_key(root, paths)
    assert first == fresh() == rulepack._packs_key(root, paths)
    assert list((tmp_path / "cache" / "cleanup").glob("sources-*.json"))  # kept
    _write(paths[0], paths[0].read_bytes() + b"\n# edited\n", 5_000_000_000_000_000_000)
    edited = rulepack._packs_key(root, paths)
    assert edited != first and edited == fresh()
