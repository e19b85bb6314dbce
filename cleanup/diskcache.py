"""Data worked out once and kept under the user's cache directory.

The spelling index (cleanup.spelling.index), the grammar form table
(cleanup.grammar.formtable) and the result cache (cleanup.resultcache) live
in ``$XDG_CACHE_HOME/cleanup`` (or ``~/.cache/cleanup``). The first two are
folders built once per version of what they come from: built in a temporary
folder and renamed into place when complete (a crash leaves no half-built
table in use), one builder at a time (the workers of a first ``-j`` run wait
for it instead of each building a copy), and removed once no run has used
them for :data:`STALE_AFTER` — not at once, since two installed versions of
cleanup (a branch, a second virtualenv) would otherwise delete each other's
folder at every switch and rebuild their own.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
import zlib
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

STALE_AFTER = 2 * 24 * 3600  # seconds without use before another version's folder is removed
_DONE = "done"  # written last: a folder holding it is complete; its time stamp is the last use


def versions(*dists: str) -> list[str]:
    """The installed version of each distribution, "none" for one that is
    not installed: the parts of a table's name that make a new version of a
    library build a new table. Asked once per distribution per process
    (importlib.metadata looks through sys.path for each)."""
    return [_version(dist) for dist in dists]


@lru_cache(maxsize=None)
def _version(dist: str) -> str:
    found = _version_from_folders(dist)
    if found is not None:
        return found
    import importlib.metadata

    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "none"


def _version_from_folders(dist: str) -> str | None:
    """What ``importlib.metadata.version(dist)`` answers ("none": not
    installed), found as it finds it — the first ``*.dist-info`` or
    ``*.egg-info`` folder of that name along ``sys.path``, its ``Version``
    header — but without importing importlib.metadata and the email
    package (~80 M instructions, a tenth of a one-file check's start-up).
    None whenever the answer might differ (a zip on the path, another
    finder of distributions, two folders of the name in one directory, a
    header this reading does not follow): importlib.metadata is asked then."""
    import importlib.machinery

    if any(hasattr(finder, "find_distributions") and finder is not importlib.machinery.PathFinder
           for finder in sys.meta_path):
        return None
    wanted = _normalized(dist)
    for entry in sys.path:
        root = entry or "."
        listed = _distribution_folders(root)
        if listed is None:
            if os.path.isfile(root):
                return None  # (a zip archive: importlib.metadata reads those)
            continue
        if os.path.basename(root).lower().endswith(".egg"):
            return None
        matches = listed.get(wanted)
        if not matches:
            continue
        if len(matches) > 1:
            return None
        return _version_header(os.path.join(root, matches[0]))
    return "none"


@lru_cache(maxsize=None)
def _distribution_folders(root: str) -> dict[str, list[str]] | None:
    """The ``*.dist-info`` and ``*.egg-info`` folders in ``root``, in listed
    order, by their distribution's normalized name; None if ``root`` cannot be
    listed. Listed once per process: a run asks for seven distributions, and
    listing the path's folders and normalizing each name again for each was
    15 M instructions, 2 % of a one-file check."""
    try:
        children = os.listdir(root)
    except OSError:
        return None
    found: dict[str, list[str]] = {}
    for child in children:
        lower = child.lower()
        if lower.endswith((".dist-info", ".egg-info")):
            found.setdefault(_normalized(lower.rpartition(".")[0].partition("-")[0]), []).append(child)
    return found


def _normalized(name: str) -> str:
    # (importlib.metadata's Prepared.normalize)
    import re

    return re.sub(r"[-_.]+", "-", name).lower().replace("-", "_")


def _version_header(folder: str) -> str | None:
    """The ``Version`` header of a distribution's metadata (METADATA, else
    PKG-INFO, else the file itself), read as the email parser reads a
    one-line header; None when it is not plainly there."""
    for name in ("METADATA", "PKG-INFO", ""):
        path = os.path.join(folder, name) if name else folder
        try:
            with open(path, encoding="utf-8") as f:
                text = f.read()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError, PermissionError):
            continue  # (what importlib.metadata passes over too)
        except (OSError, UnicodeDecodeError):
            return None
        if not text:
            continue
        if "\r" in text:
            return None
        lines = text.split("\n")
        for k, line in enumerate(lines):
            key, colon, value = line.partition(":")
            # (A header name is printable ASCII but space and colon; a line
            # that is none ends the headers or is the email parser's to mend.)
            if not colon or not key or not all("\x21" <= c <= "\x7e" for c in key):
                return None
            if key.lower() == "version":
                if k + 1 < len(lines) and lines[k + 1][:1] in (" ", "\t"):
                    return None  # a folded header
                return value.lstrip(" \t")
        return None
    return None


def table_dir(name: str, parts: Iterable[str], dists: Iterable[str] = (), sources: Iterable[str] = ()) -> Path:
    """The cache folder of a table built once: ``name``, then ``parts`` (its
    own version and settings), the installed versions of ``dists`` and a
    digest of ``sources`` (paths from the package root: the code that
    decides what the table holds), dots made underscores. A change in any
    of them names another folder, built anew; the old one is swept once idle."""
    key = [*parts, *versions(*dists)]
    if sources:
        key.append(sources_digest(Path(__file__).resolve().parent, tuple(sources)))
    return cache_dir() / "-".join([name, *(p.replace(".", "_") for p in key)])


def sources_digest(package: Path, sources: tuple[str, ...]) -> str:
    """The first 16 hex digits of the SHA-256 of ``sources``' bytes (paths
    from ``package``), one after another. Hashing them was ~12 M instructions
    of every start (the four tables name some 450 KB of code, lexicon.py four
    times), so the digest is kept (:func:`kept_digest`)."""
    return kept_digest([str(package / source) for source in sources], _sha256_of_files)


def _sha256_of_files(paths: list[str]) -> str:
    import hashlib  # (here: a start whose digests are kept never loads it, ~11 M)

    digest = hashlib.sha256()
    for path in paths:
        with open(path, "rb") as fh:
            digest.update(fh.read())
    return digest.hexdigest()[:16]


def kept_digest(paths: list[str], work_out: Callable[[list[str]], str], salt: str = "") -> str:
    """``work_out(paths)``, a digest of the files' bytes, kept (:func:`kept_for_files`)."""
    return kept_for_files("sources", paths, work_out, salt)


def kept_for_files(family: str, paths: list[str], work_out: Callable[[list[str]], object], salt: str = ""):
    """``work_out(paths)`` (JSON data worked out from the files' bytes), kept
    under ``salt`` and the files' paths, sizes and modification times — as
    Python keeps a module's bytecode — and worked out again only when one of
    them changes (an edit, a checkout, a copy). The entry is named by a CRC-32
    of the stamps: a name shared by two sets of stamps only means working out
    again, since the kept stamps are compared in full."""
    import json

    try:
        stamps = [salt, [[path, st.st_size, st.st_mtime_ns] for path, st in zip(paths, map(os.stat, paths))]]
    except OSError:
        stamps = None  # (a file that cannot be stated cannot be read either: the error comes below)
    if stamps is not None:
        key = f"{zlib.crc32(json.dumps(stamps).encode()):08x}"
        kept = read_kept(family, key)
        if kept is not None:
            try:
                kept_stamps, kept_value = json.loads(kept)
            except (ValueError, TypeError):
                kept_stamps = None  # a damaged entry: work it out again
            if kept_stamps == stamps:
                return kept_value
    value = work_out(paths)
    if stamps is not None:
        keep(family, key, json.dumps([stamps, value]).encode())
    return value


def mapped(path: Path) -> memoryview:
    """A table file's bytes, memory-mapped read-only: a run touches the
    pages of the entries it reads only."""
    import mmap

    with open(path, "rb") as fh:
        return memoryview(mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ))


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "cleanup"


def build_once(target: Path, fill: Callable[[Path], None], announce: str) -> Path:
    """``target`` complete: built by ``fill(folder)`` unless it already is.

    ``announce`` goes to stderr before a build (it takes seconds to a
    minute). Folders beside it with the same name up to the last ``-`` (the
    same table for other versions) are removed when idle."""
    if (target / _DONE).exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    import fcntl

    family = target.name.split("-", 1)[0]
    with open(target.parent / f".build-{family}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (target / _DONE).exists():
            return target
        sys.stderr.write(f"cleanup: {announce}, once, in {target.parent}\n")
        import tempfile  # (here: a check that builds nothing need not load it)

        tmp = Path(tempfile.mkdtemp(prefix=f".building-{family}-", dir=target.parent))
        try:
            fill(tmp)
            (tmp / _DONE).write_text(target.name + "\n")
            os.replace(tmp, target)
            _give_back_memory()
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)
            if not (target / _DONE).exists():  # not another process winning the race: a real failure
                raise
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    prune(target, f"{family}-*")
    return target


def _give_back_memory() -> None:
    """After a build: let go of the word lists it read. A first run builds
    five tables one after the other and then checks; wordfreq keeps every
    list it has loaded (~100 MB for the two languages' large lists), so each
    build's leftovers stacked under the next and the first run peaked near
    490 MB (the goal is under 500; a run with the tables built peaks near
    240). (glibc's malloc_trim would hand back more, but the package loads
    no ctypes: tests/test_hostile_rules.py.)"""
    import gc

    wordfreq = sys.modules.get("wordfreq")
    if wordfreq is not None:  # (its public functions are functools caches; a later build reloads a list)
        for cached in (wordfreq.get_frequency_dict, wordfreq.get_frequency_list, wordfreq.top_n_list):
            getattr(cached, "cache_clear", lambda: None)()
    gc.collect()


def prune(keep: Path, pattern: str) -> None:
    """Remove the idle folders beside ``keep`` that match ``pattern``."""
    for old in keep.parent.glob(pattern):
        if old != keep and old.is_dir() and idle(old):
            shutil.rmtree(old, ignore_errors=True)


def idle(directory: Path) -> bool:
    try:
        return time.time() - (directory / _DONE).stat().st_mtime > STALE_AFTER
    except OSError:
        return True  # unfinished or broken: nothing uses it


def mark_used(directory: Path) -> None:
    try:
        os.utime(directory / _DONE)
    except OSError:
        pass  # a read-only cache is fine


# ---- small files: one entry per version of what they are made from ------------------------

_DAY = 86400.0


def replace_file(path: Path, data: bytes, prefix: str) -> None:
    """Put ``data`` at ``path`` through a temporary file renamed over it, so
    that a reader (another worker, a later run) never sees half a file; its
    folder is made when missing. OSError when it cannot be written. (No
    fsync: a cache lost in a crash is only made again.)

    Four system calls for an entry of a folder that exists: create the
    temporary file, write, close, rename. The folder is made only when
    creating the file says it is missing (not made or looked at for every
    entry); the temporary name is this process's own (pid and a counter)
    rather than a random one tried in a loop."""
    folder = str(path.parent)
    fd, tmp = _create(folder, prefix)
    if fd is None:
        os.makedirs(folder, exist_ok=True)
        fd, tmp = _create(folder, prefix)
        if fd is None:  # a name left by a crashed process with our pid: a random one, as mkstemp makes
            import tempfile

            fd, tmp = tempfile.mkstemp(dir=folder, prefix=prefix)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


_serial = iter(range(1 << 62))


def _create(folder: str, prefix: str) -> tuple[int | None, str]:
    """A new temporary file in ``folder`` (mode 0600, as mkstemp makes it),
    opened for writing; (None, name) if the folder is gone or the name taken."""
    tmp = os.path.join(folder, f"{prefix}{os.getpid()}-{next(_serial)}")
    try:
        return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600), tmp
    except (FileNotFoundError, FileExistsError):
        return None, tmp


def _kept_path(family: str, key: str) -> Path:
    return cache_dir() / f"{family}-{key}.json"


def read_kept(family: str, key: str) -> bytes | None:
    """The bytes kept for ``key`` (see :func:`keep`), or None. A use refreshes
    the entry's time stamp (at most once a day), so it is not taken for idle."""
    path = _kept_path(family, key)
    try:
        with open(path, "rb") as fh:
            data = fh.read()
            stale = time.time() - os.fstat(fh.fileno()).st_mtime > _DAY
    except OSError:
        return None
    if stale:
        try:
            os.utime(path)
        except OSError:
            pass  # a read-only cache is fine
    return data


def keep(family: str, key: str, data: bytes) -> None:
    """Keep ``data`` for ``key``: written whole or not at all (a temporary file
    renamed into place). Entries of the same family for other keys (other
    versions) are removed once idle for :data:`STALE_AFTER`. A cache that
    cannot be written is no cache, never an error."""
    path = _kept_path(family, key)
    try:
        replace_file(path, data, f".tmp-{family}-")
        now = time.time()
        for old in path.parent.glob(f"{family}-*.json"):
            if old != path and now - old.stat().st_mtime > STALE_AFTER:
                old.unlink()
    except OSError:
        pass
