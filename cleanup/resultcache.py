"""`check` results kept per file between runs, as ruff keeps its own.

Checking costs seconds per megabyte; a repository of transcripts is checked
again and again while only a few files change. So the report of each file is
kept under the user's cache directory, and a later run that would compute
the very same report prints the kept one instead. `fix` (and `fix --diff`)
keeps less: only that a file's bytes are a fixed point — the fix changes
nothing in them — with the count of findings left, so that fixing a whole
repository again looks at the files changed since.

"The very same" is the whole design, since a stale result is the worst thing
this tool could show. An entry is found only under a key made of:

- the file's bytes (a hash of the content, not its time stamp), its path
  as given (the report shows it) and the rules per-path ignores turn off
  for it (``a.txt`` given in two folders is two files);
- everything that shapes the report: the command (`check`, `fix`,
  `fix --diff`), the options (rules chosen, language,
  the project's words, saved rejections, per-path ignores), the report's
  form (text or JSON, colour, the confidence floor) and the encoding forced;
- the code and the data: every file of the installed ``cleanup`` package, the
  rule packs in use (shipped and the user's), and the names and versions of
  every installed distribution beside it (pymorphy3's dictionaries,
  wordfreq, ...), so that an upgrade or an edited source file starts afresh.

What is not cached: files read in chunks (over ``LARGE_FILE``), standard
input, a file whose report carries a warning (a rule that timed out, mixed
line endings: it is computed again, so the warning is seen again), a file
checked against another edition (``--parallel``), and runs that ask a
LanguageTool server (its answers are not ours to keep).

Entries are small JSON files (never pickles: the cache directory is data
that is read, not code that is run). ``--no-cache`` or ``CLEANUP_NO_CACHE=1``
turns the cache off; ``CLEANUP_CACHE_DIR`` moves it. Entries unused for
:data:`MAX_AGE_DAYS` days are removed, at most once a day.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
import time
from pathlib import Path

FORMAT = 2  # 2: a text report kept as its text ("text"), not as lines
MAX_AGE_DAYS = 30
_DAY = 86400.0


def directory() -> Path | None:
    """Where results are kept; None when the cache is off."""
    if os.environ.get("CLEANUP_NO_CACHE", "") not in ("", "0"):
        return None
    explicit = os.environ.get("CLEANUP_CACHE_DIR")
    if explicit:
        return Path(explicit)
    from .diskcache import cache_dir

    return cache_dir() / "results"


def _hash_tree(h, root: Path, suffixes: tuple[str, ...]) -> None:
    for relative in sorted(_files(str(root), "", suffixes)):
        h.update(relative.encode("utf-8", "surrogateescape") + b"\0")
        with open(os.path.join(root, relative), "rb") as fh:
            h.update(fh.read() + b"\0")


def _files(root: str, prefix: str, suffixes: tuple[str, ...]) -> list[str]:
    """Paths (relative, with "/") of the files below ``root`` with one of
    ``suffixes``, outside __pycache__ folders. os.scandir, not Path.rglob:
    rglob also walks every .pyc, a few ms of each start."""
    out = []
    with os.scandir(os.path.join(root, prefix) if prefix else root) as entries:
        for entry in entries:
            if entry.is_dir():
                if entry.name != "__pycache__":
                    out += _files(root, f"{prefix}{entry.name}/", suffixes)
            elif os.path.splitext(entry.name)[1] in suffixes:
                out.append(prefix + entry.name)
    return out


def _canonical(value):
    """A JSON-able value that is the same in every process (sets sorted)."""
    if isinstance(value, (set, frozenset)):
        return sorted((_canonical(v) for v in value), key=repr)
    if isinstance(value, (tuple, list)):
        return [_canonical(v) for v in value]
    if isinstance(value, Path):
        return str(value)
    return value


def _blake2b(digest_size: int):
    # (hashlib imported here: a run with the cache off never needs it.)
    from hashlib import blake2b

    return blake2b(digest_size=digest_size)


_code_digest: str | None = None


def _code() -> str:
    """The package's files, the shipped rules and the installed distributions."""
    global _code_digest
    if _code_digest is None:
        from . import rulepack

        h = _blake2b(16)
        package = Path(__file__).resolve().parent
        _hash_tree(h, package, (".py", ".toml", ".json", ".txt"))
        _hash_tree(h, rulepack.default_rules_dir(), (".toml",))
        # Every distribution installed beside ours: an upgrade of the data
        # packages (or of anything else there) changes the name of its dist-info.
        for site in sorted({str(Path(m.__file__).resolve().parent.parent)
                            for m in (sys.modules.get("regex"), sys.modules.get("typer")) if m is not None}):
            try:
                h.update("\0".join(sorted(n for n in os.listdir(site) if n.endswith(".dist-info"))).encode())
            except OSError:
                pass
        h.update(sys.version.encode())
        _code_digest = h.hexdigest()
    return _code_digest


_fingerprints: list = []  # [(cfg, digest)]: the config this process runs under


def fingerprint(cfg) -> str:
    """Everything but the file that shapes a file's report, as a digest."""
    for seen, digest in _fingerprints:
        if seen is cfg:
            return digest
    options = cfg.options
    h = _blake2b(16)
    h.update(_code().encode())
    fields = {f.name: _canonical(getattr(options, f.name)) for f in dataclasses.fields(options)}
    report = {"mode": cfg.mode, "report": cfg.report, "colour": cfg.colour, "min_confidence": cfg.min_confidence,
              "encoding": cfg.encoding, "format": FORMAT}
    h.update(json.dumps([fields, report], sort_keys=True, ensure_ascii=False, default=str).encode())
    for rule_dir in options.rule_dirs:
        if Path(rule_dir).is_dir():
            _hash_tree(h, Path(rule_dir), (".toml",))
    digest = h.hexdigest()
    _fingerprints[:] = [(cfg, digest)]
    return digest


def usable(cfg, path: str, size: int) -> bool:
    """May this file's check be cached at all?"""
    from .fileio import LARGE_FILE

    return (cfg.mode in ("check", "fix", "diff") and path != "-" and size <= min(cfg.large_file, LARGE_FILE)
            and not cfg.options.languagetool_url and path not in cfg.extra_findings
            and directory() is not None)


def key(cfg, path: str, data: bytes) -> str:
    h = _blake2b(20)
    h.update(fingerprint(cfg).encode() + b"\0" + path.encode("utf-8", "surrogateescape") + b"\0")
    options = cfg.options
    if options.per_path_ignores:
        # The same path as given names another file from another folder
        # (``a.txt`` run in x/, then in y/), and per-path ignores are matched
        # against where the file really is: what they turn off is part of the key.
        from .config import ignored_for_path

        ignored = ignored_for_path(path, options.per_path_ignores, options.project_root)
        h.update("\0".join(ignored).encode("utf-8", "surrogateescape") + b"\1")
    h.update(data)
    return h.hexdigest()


def _entry(k: str) -> Path | None:
    base = directory()
    return None if base is None else base / k[:2] / k


def load(k: str) -> dict | None:
    """The kept report for key ``k``, or None."""
    entry = _entry(k)
    if entry is None:
        return None
    try:
        with open(entry, "rb") as fh:
            data = fh.read()
            modified = os.fstat(fh.fileno()).st_mtime
        found = json.loads(data)  # (UTF-8 bytes; a bad byte is a ValueError, as a half entry is)
        if found.get("format") != FORMAT:
            return None
        if time.time() - modified > _DAY:
            os.utime(entry)  # in use: not to be pruned
        return found
    except (OSError, ValueError):
        return None  # absent, unreadable or half-written by a crash: compute again


def store(k: str, result: dict) -> None:
    """Keep a report; a cache that cannot be written is no cache, never an error."""
    entry = _entry(k)
    if entry is None:
        return
    from .diskcache import replace_file

    try:
        data = json.dumps({**result, "format": FORMAT}, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return  # (a report naming a file by an undecodable byte: a lone surrogate, not UTF-8)
    try:
        replace_file(entry, data, ".tmp-")
        _prune_now_and_then(entry.parent.parent)
    except OSError:
        pass


_pruned = False


def _prune_now_and_then(base: Path) -> None:
    """Remove entries unused for MAX_AGE_DAYS; look at most once a day."""
    global _pruned
    if _pruned:
        return
    _pruned = True
    stamp = base / ".pruned"
    now = time.time()
    try:
        if now - stamp.stat().st_mtime < _DAY:
            return
    except OSError:
        pass
    stamp.touch()
    cutoff = now - MAX_AGE_DAYS * _DAY
    for shard in base.iterdir():
        if not shard.is_dir():
            continue
        for entry in shard.iterdir():
            try:
                if entry.stat().st_mtime < cutoff:
                    entry.unlink()
            except OSError:
                pass
