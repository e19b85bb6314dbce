"""diskcache.sources_digest: the digest of the code a table comes from,
kept under the files' sizes and modification times."""

import hashlib
import os

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
