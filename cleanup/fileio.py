"""Reading documents from disk and writing them back without losing a byte."""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .document import DecodeError, Document

# Files a directory walk picks up by default. Explicitly named files are
# always read, whatever their name.
DEFAULT_SUFFIXES = (".txt", ".md", ".text")
_SNIFF = 8192


class InputError(Exception):
    """A path cannot be processed; the message is one line for the user."""


@dataclass(frozen=True, slots=True)
class Skipped:
    path: str
    reason: str


def looks_binary(head: bytes) -> bool:
    # A NUL byte means binary unless the file is UTF-16/32 (which has a BOM).
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    return b"\x00" in head


def collect(paths: list[str]) -> Iterator[str | Skipped]:
    """Expand the user's paths: files as given, directories recursively
    (hidden folders such as .git skipped, symlinks not followed)."""
    for raw in paths:
        if raw == "-":
            yield raw
            continue
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    child = Path(root) / name
                    if child.suffix.lower() in DEFAULT_SUFFIXES and not child.is_symlink():
                        yield str(child)
        elif path.exists():
            yield raw
        else:
            raise InputError(f"{raw}: no such file or directory")


def read_document(path: str, encoding: str | None = None) -> Document:
    if path == "-":
        data = sys.stdin.buffer.read()
    else:
        p = Path(path)
        if p.is_dir():
            raise InputError(f"{path}: is a directory; a file is needed here")
        try:
            data = p.read_bytes()
        except FileNotFoundError:
            raise InputError(f"{path}: no such file") from None
        except OSError as exc:
            raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    if looks_binary(data[:_SNIFF]):
        raise InputError(f"{path}: binary file, skipped")
    try:
        return Document.from_bytes(data, path=path, encoding=encoding)
    except DecodeError as exc:
        raise InputError(f"{path}: {exc}") from None


def write_atomic(path: str, data: bytes) -> None:
    """Replace ``path`` by ``data`` all at once: a crash leaves the old file or
    the new one, never half of each. Keeps the file's permission bits."""
    target = Path(path)
    mode = stat.S_IMODE(target.stat().st_mode)
    if not mode & 0o222:
        # Replacing the file would succeed (the folder is writable), but a
        # read-only file says "do not change me"; root would not be stopped.
        raise InputError(f"{path}: file is read-only, not changed")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".cleanup-tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
