"""Reading documents from disk and writing them back without losing a byte.

- Paths: files as given, directories walked recursively, globs expanded;
  ``--include``/``--exclude`` patterns; binary files skipped with a note;
  symlinks never followed out of the tree that was given.
- Encodings: a BOM decides; then UTF-16 without BOM (by its NUL pattern);
  then UTF-8; a file that is *mostly* UTF-8 with a few bad bytes is damaged
  UTF-8 and reported as such (guessing a legacy code page there would turn
  the bad bytes into wrong letters); anything else is handed to
  charset-normalizer restricted to the code pages transcripts come in.
  The encoding found is kept so that writing back changes only what a fix
  changed.
- Large files are read as a stream of paragraph-aligned chunks
  (:func:`iter_chunks`), so memory stays bounded whatever the file size.
- Writes are atomic (temp file in the same folder, fsync, rename) and keep
  the permission bits and, where allowed, the owner.
"""

from __future__ import annotations

import codecs
import fnmatch
import glob
import os
import signal
import stat
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import NamedTuple

import regex

from .document import BOMS, DecodeError, Document

# Files a directory walk picks up by default. Explicitly named files are
# always read, whatever their name.
DEFAULT_SUFFIXES = (".txt", ".md", ".text")
DEFAULT_INCLUDE = tuple(f"*{s}" for s in DEFAULT_SUFFIXES)
SNIFF = 8192
_GLOB_CHARS = frozenset("*?[")

# Code pages a Russian/English transcript realistically comes in when it is
# not Unicode. Restricting charset-normalizer to them keeps it from calling a
# short cp1251 line Shift-JIS; the order breaks ties (cp1251 is by far the
# most common, then KOI8-R, then DOS cp866).
LEGACY_ENCODINGS = ("cp1251", "koi8_r", "cp866", "mac_cyrillic", "iso8859_5", "cp1252")

# Bytes that never occur in text: C0 controls other than tab, newlines, form
# feed, vertical tab and escape, and DEL.
_CONTROL = bytes(c for c in range(32) if c not in b"\t\n\r\x0b\x0c\x1b") + b"\x7f"
_NOT_CONTROL = bytes(c for c in range(256) if c not in _CONTROL)


# The patterns below are compiled when first needed: only a file that is not
# UTF-8 needs the first two, only a large one the chunk cutters, and
# compiling all six at import cost every run ~7 M instructions.
@cache
def _utf8_patterns() -> tuple[regex.Pattern, regex.Pattern]:
    """A high byte; a well-formed UTF-8 sequence of two to four bytes."""
    return regex.compile(rb"[\x80-\xff]"), regex.compile(
        rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
    )

# Above this size a file is processed as a stream of chunks (see iter_chunks)
# of about CHUNK_CHARS characters — a hundred pages: context enough for any
# detector, and small enough that one whose cost grows faster than the text
# stays fast.
LARGE_FILE = 1 << 20
CHUNK_CHARS = 256 << 10
_READ_BLOCK = 1 << 20


class InputError(Exception):
    """A path cannot be processed; the message is one line for the user."""


# The small records here are NamedTuples, not frozen dataclasses: a frozen
# slotted dataclass generates and compiles six methods at every start (~3.5 M
# instructions each class, a few per cent of a one-file check in all), a
# NamedTuple about a fifth of that. They compare, hash, print and pickle alike.
class Skipped(NamedTuple):
    path: str
    reason: str


class FileRef(NamedTuple):
    """One file to process, as found by :func:`expand`.

    ``explicit``: the user named it (a walk's binary files are skipped
    quietly, a named binary file is an error). ``symlink``: the path is a
    link; it is read, but written through only when the user asks.
    """

    path: str
    explicit: bool = True
    symlink: bool = False


# ---- finding the files ----------------------------------------------------------


def _matches(rel: str, patterns: tuple[str, ...]) -> bool:
    """A pattern with a slash matches the path relative to the walked root;
    one without matches the file or folder name alone (like .gitignore)."""
    name = rel.rsplit("/", 1)[-1]
    for pattern in patterns:
        pattern = pattern.rstrip("/")
        if "/" in pattern:
            if fnmatch.fnmatchcase(rel, pattern.lstrip("/")) or fnmatch.fnmatchcase(
                rel, pattern.lstrip("/") + "/*"
            ):
                return True
        elif fnmatch.fnmatchcase(name, pattern):
            return True
    return False


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
    except ValueError:
        return False
    return True


def _walk(root: Path, include: tuple[str, ...], exclude: tuple[str, ...]) -> Iterator[FileRef | Skipped]:
    real_root = root.resolve()
    for folder, dirs, files in os.walk(root, followlinks=False):
        here = Path(folder)
        rel_here = here.relative_to(root).as_posix()
        rel_here = "" if rel_here == "." else rel_here + "/"
        kept = []
        for d in sorted(dirs):
            if d.startswith(".") or _matches(rel_here + d, exclude):
                continue
            if (here / d).is_symlink():
                # os.walk would not descend anyway; say so, since the user may expect it.
                yield Skipped(str(here / d), "symlink to a folder, not followed")
                continue
            kept.append(d)
        dirs[:] = kept
        for name in sorted(files):
            rel = rel_here + name
            if not _matches(rel, include) or _matches(rel, exclude):
                continue
            child = here / name
            if child.is_symlink():
                try:
                    target = child.resolve()
                except (RuntimeError, OSError):  # a loop (Python < 3.13 raises on it)
                    yield Skipped(str(child), "symlink that leads back to itself; not followed")
                    continue
                if not _inside(target, real_root):
                    yield Skipped(str(child), f"symlink to {target}, outside {root}; not followed")
                    continue
                if not target.is_file():
                    yield Skipped(str(child), "symlink to something that is not a file; not followed")
                    continue
                yield FileRef(str(child), explicit=False, symlink=True)
            else:
                yield FileRef(str(child), explicit=False)


def expand(
    paths: list[str],
    include: tuple[str, ...] = (),
    exclude: tuple[str, ...] = (),
) -> Iterator[FileRef | Skipped | InputError]:
    """Expand the user's paths, in order: files as given, directories walked
    (hidden folders skipped; symlinked folders and links leading out of the
    tree not followed), globs (``'corpus/**/*.txt'``) expanded. ``include``
    replaces the default ``*.txt *.md *.text`` of a walk; ``exclude`` applies
    to named files too. A path that does not exist is yielded as an
    :class:`InputError`, so that the rest of the batch still runs. The same
    real file reached twice (say, by a link and by its own name) comes once,
    preferably under its own name."""
    include = include or DEFAULT_INCLUDE
    found: list[FileRef | Skipped | InputError] = []
    for raw in paths:
        if raw == "-":
            found.append(FileRef("-"))
            continue
        path = Path(raw)
        if not os.path.lexists(raw) and _GLOB_CHARS & set(raw):
            matches = sorted(glob.glob(raw, recursive=True))
            if not matches:
                found.append(InputError(f"{raw}: no file matches"))
            for m in matches:
                found.extend(_one(Path(m), m, include, exclude))
            continue
        if not os.path.lexists(raw):
            found.append(InputError(f"{raw}: no such file or directory"))
            continue
        found.extend(_one(path, raw, include, exclude))
    yield from _dedupe(found)


def _one(path: Path, raw: str, include, exclude) -> Iterator[FileRef | Skipped]:
    if path.is_dir() and not path.is_symlink():
        yield from _walk(path, include, exclude)
    elif path.is_dir():
        yield Skipped(raw, "symlink to a folder, not followed (name the folder itself)")
    elif exclude and _matches(path.as_posix().lstrip("./"), exclude):
        return
    else:
        yield FileRef(raw, explicit=True, symlink=path.is_symlink())


def _dedupe(found: list) -> Iterator:
    owner: dict[str, int] = {}
    real_dirs: dict[str, str] = {}
    for i, item in enumerate(found):
        if not isinstance(item, FileRef) or item.path == "-":
            continue
        try:
            if item.symlink:
                real = os.path.realpath(item.path)
            else:
                # A file that is not a link is where its folder really is:
                # one realpath per folder (an lstat per path component), not per file.
                folder, name = os.path.split(item.path)
                real_dir = real_dirs.get(folder)
                if real_dir is None:
                    real_dir = real_dirs[folder] = os.path.realpath(folder or ".")
                real = os.path.join(real_dir, name)
        except OSError:
            continue
        j = owner.get(real)
        if j is None or (found[j].symlink and not item.symlink):
            owner[real] = i
    keep = set(owner.values())
    for i, item in enumerate(found):
        if isinstance(item, FileRef) and item.path != "-" and i not in keep:
            continue
        yield item


def collect(paths: list[str]) -> Iterator[str | Skipped]:
    """Compatibility wrapper: paths only; raises InputError for a missing path."""
    for item in expand(paths):
        if isinstance(item, InputError):
            raise item
        yield item.path if isinstance(item, FileRef) else item


# ---- decoding ----------------------------------------------------------------------


def utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when ``head`` looks like BOM-less UTF-16 text:
    it has NUL bytes (the high byte of every ASCII space, digit or Latin
    letter), all of them on one side of the code units and in at least one
    unit of eight, and it decodes to text without control characters."""
    if len(head) % 2 and len(head) < SNIFF:
        return None  # a whole file (shorter than a sniffed head) of odd length: no UTF-16 has one
    n = len(head) - len(head) % 2
    if n < 4 or b"\x00" not in head[:n]:
        return None
    even_zeros, odd_zeros = head[0:n:2].count(0), head[1:n:2].count(0)
    if even_zeros and odd_zeros:
        return None
    # ASCII spaces, digits and punctuation alone put a NUL in every eighth
    # code unit of real UTF-16 text, Russian included; one stray NUL at the
    # end of a UTF-8 file ("000\x00") is not that pattern.
    if (even_zeros + odd_zeros) * 8 < n // 2 or even_zeros + odd_zeros < 2:
        return None
    name = "utf-16-le" if odd_zeros else "utf-16-be"
    try:
        text = head[:n].decode(name)
    except UnicodeDecodeError:
        text = head[: n - 2].decode(name, errors="replace")  # may end inside a surrogate pair
        if "\ufffd" in text:
            return None
    if any(ch < " " and ch not in "\t\n\r\x0b\x0c\x1b" for ch in text):
        return None
    return name


def looks_binary(head: bytes) -> bool:
    """NUL bytes or many control bytes mean binary, unless the file is
    UTF-16/32 (a BOM or the UTF-16 NUL pattern)."""
    if any(head.startswith(mark) for mark, _ in BOMS) or utf16_without_bom(head):
        return False
    if b"\x00" in head:
        return True
    if not head:
        return False
    controls = len(head.translate(None, _NOT_CONTROL))  # the control bytes, counted in one C pass
    return controls > max(2, len(head) // 100)


def _damaged_utf8(data: bytes) -> bool:
    """Mostly UTF-8 with some bad bytes? (A legacy code page almost never
    forms valid UTF-8 sequences: its letters are all lead bytes.)"""
    high_byte, utf8_sequence = _utf8_patterns()
    high = len(high_byte.findall(data))
    in_sequences = sum(len(m) for m in utf8_sequence.findall(data))
    return high > 0 and in_sequences >= 0.8 * high


def detect_encoding(data: bytes, partial: bool = False) -> tuple[str, bytes]:
    """``(codec name, BOM)`` for ``data``; ``partial``: ``data`` is the head of
    a longer file (may end inside a character). Raises DecodeError with a
    one-line reason when no encoding fits."""
    name, bom, _ = _detected(data, partial)
    return name, bom


def _detected(data: bytes, partial: bool = False) -> tuple[str, bytes, str | None]:
    """:func:`detect_encoding`, and the text when telling the encoding meant
    decoding all of ``data`` (UTF-8 of a whole file: most files), so that
    it is not decoded a second time; else None."""
    for mark, name in BOMS:
        if data.startswith(mark):
            return name, mark, None
    name = utf16_without_bom(data[:SNIFF])
    if name:
        return name, b"", None
    try:
        if partial:
            codecs.getincrementaldecoder("utf-8")().decode(data, final=False)
            return "utf-8", b"", None
        return "utf-8", b"", data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if _damaged_utf8(data):
        Document.from_bytes(data, encoding="utf-8")  # raises DecodeError saying where
    from charset_normalizer import from_bytes

    best = from_bytes(data[: 1 << 20], cp_isolation=list(LEGACY_ENCODINGS)).best()
    if best is None:
        raise DecodeError("cannot tell the encoding (not UTF-8/16, cp1251, koi8-r...); pass --encoding")
    return codecs.lookup(best.encoding).name, b"", None


def decode(data: bytes, path: str = "-", encoding: str | None = None) -> Document:
    """A Document from ``data``: the forced ``encoding``, or the one detected."""
    if encoding is not None:
        return Document.from_bytes(data, path=path, encoding=encoding)
    name, bom, text = _detected(data)
    if text is not None:
        return Document(text, path, name, bom)
    doc = Document.from_bytes(data[len(bom):], path=path, encoding=name)
    doc.bom = bom
    return doc


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
    if encoding is None and looks_binary(data[:SNIFF]):
        raise InputError(f"{path}: binary file, skipped")
    try:
        return decode(data, path=path, encoding=encoding)
    except DecodeError as exc:
        raise InputError(f"{path}: {exc}") from None


# ---- large files: paragraph-aligned chunks -------------------------------------------

_BOM_CODECS = {"utf-16": "utf-16-le", "utf-32": "utf-32-le", "utf-8-sig": "utf-8"}


@cache
def _cut_patterns() -> tuple[tuple[tuple[regex.Pattern, regex.Pattern], bool], ...]:
    """:func:`_cut`'s patterns, best first, each pair with whether it cuts inside a line."""
    blank_run = regex.compile(r"(?:\r\n|\r(?!\n)|\n)(?:[^\S\r\n]*(?:\r\n|\r(?!\n)|\n))+")
    line_break = regex.compile(r"\r\n|\r|\n")
    # Spaces between two words, where no rule but the spaces' own looks across.
    space_run = regex.compile(r"(?<=\w)[^\S\r\n]+(?=\w)")
    any_space_run = regex.compile(r"[^\S\r\n]+")
    return ((blank_run, line_break), False), ((space_run, any_space_run), True)


class Chunk(NamedTuple):
    """A piece of a file: ``doc`` holds its text; ``offset``/``line``/``column``
    say where it starts in the whole file (0-based code point offset and
    line, column of its first character)."""

    doc: Document
    offset: int
    line: int
    column: int


def _cut(buf: str, want: int) -> int:
    """Where to end a chunk of about ``want`` characters at the start of
    ``buf``: after the last paragraph break in its second half, else after
    the last line break, else before the last space of the last run of
    spaces (looking up to 4 × ``want`` for one); never between ``\r`` and
    ``\n``. 0: read more first."""
    # A space only when no line break is in reach: a cut inside a line can
    # split what a rule looks at. The next chunk starts with a space: spaces
    # at the end of a chunk look like spaces at the end of a line and are
    # removed, which after a cut behind the run would join the words on
    # either side ("слово" + "слово"); this way a run of spaces still comes
    # out as one.
    for patterns, inside_line in _cut_patterns():
        for limit in (want, 4 * want):
            lo, hi = limit // 2, min(len(buf) - 1, limit)
            if hi <= lo:
                continue
            for pattern in patterns:
                last = None
                for m in pattern.finditer(buf, lo, hi):
                    last = m
                if last is None:
                    continue
                if inside_line:
                    return last.end() - 1  # before the run's last space
                if buf[last.end()] not in "\r\n":
                    return last.end()
    return 0 if len(buf) <= 4 * want else 4 * want


def iter_chunks(
    fh, path: str, encoding: str | None = None, chunk_chars: int = CHUNK_CHARS
) -> Iterator[Chunk]:
    """Decode an open binary file as a stream of chunks cut at paragraph
    breaks. Memory is bounded by the chunk size, not the file size. The
    encoding is detected from the first megabyte (or forced); a decode error
    further on raises DecodeError saying where."""
    head = fh.read(_READ_BLOCK)
    if encoding is None:
        encoding, bom = detect_encoding(head, partial=True)
    elif codecs.lookup(encoding).name in _BOM_CODECS:
        # These codecs write a BOM at every encode(); the chunks need the
        # byte order spelled out and the BOM kept apart, written once.
        encoding, bom = next(((name, mark) for mark, name in BOMS if head.startswith(mark)),
                             (_BOM_CODECS[codecs.lookup(encoding).name], b""))
    else:
        bom = b""
    decoder = codecs.getincrementaldecoder(encoding)()
    data, consumed = head[len(bom):], len(bom)
    buf, offset, line, column = "", 0, 0, 0
    while True:
        final = not data
        try:
            buf += decoder.decode(data, final=final)
        except UnicodeDecodeError as exc:
            raise DecodeError(
                f"not valid {encoding}: byte {consumed + exc.start} (line {line + 1 + buf.count(chr(10))}) "
                f"starts {exc.object[exc.start:exc.start + 4].hex(' ')}"
            ) from None
        except LookupError:
            raise DecodeError(f"unknown encoding {encoding!r}") from None
        consumed += len(data)
        while buf and (final or len(buf) >= chunk_chars):
            end = len(buf) if final else _cut(buf, chunk_chars)
            if not end:
                break
            piece, buf = buf[:end], buf[end:]
            doc = Document(piece, path, encoding, bom if offset == 0 else b"")
            yield Chunk(doc, offset, line, column)
            breaks = len(doc.line_starts) - 1
            offset += len(piece)
            line += breaks
            column = (len(piece) - doc.line_starts[-1]) + (column if breaks == 0 else 0)
        if final:
            if offset == 0:  # an empty file is one empty chunk
                yield Chunk(Document("", path, encoding, bom), 0, 0, 0)
            return
        data = fh.read(_READ_BLOCK)


# ---- writing -----------------------------------------------------------------------


def file_identity(st: os.stat_result) -> tuple[int, int, int, int]:
    """What must not change between reading a file and replacing it."""
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


@contextmanager
def signals_held() -> Iterator[None]:
    """Ctrl-C (SIGINT) and SIGTERM held back while the block runs, and
    delivered when it ends: a temp file made inside it reaches a variable
    whose cleanup removes it before an interrupt can unwind the stack (a
    worker stopped between ``mkstemp`` and that assignment left its temp
    file behind). Where threads cannot mask signals, nothing is held."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


class AtomicWriter:
    """Replace a file all at once: write a temp file beside it, then rename.

    A crash or Ctrl-C leaves the old file or the new one, never half of
    each. Keeps the permission bits (and the owner, where allowed).
    ``expect``: the file's identity (:func:`file_identity`) when it was read;
    if it was deleted or changed since, nothing is written. A symlink is
    replaced only when ``through_symlink`` — and then its target is written
    and the link kept. Every refusal is an :class:`InputError` with a
    one-line message; the temp file never outlives the writer.
    """

    def __init__(self, path: str, expect=None, through_symlink: bool = False) -> None:
        self.path, self.expect = path, expect
        self.target = self._check_target(through_symlink)
        self._st = self._check_unchanged()
        mode = stat.S_IMODE(self._st.st_mode)
        if not mode & 0o222:
            # Replacing the file would succeed (the folder is writable), but a
            # read-only file says "do not change me"; root would not be stopped.
            raise InputError(f"{path}: file is read-only, not changed")
        try:
            import tempfile  # (here: only a write needs it, and a check need not load it)

            fd, self.tmp = tempfile.mkstemp(
                prefix=f".{self.target.name}.", suffix=".cleanup-tmp", dir=self.target.parent
            )
        except OSError as exc:
            raise InputError(f"{path}: cannot write: {exc.strerror}") from None
        self.fh = os.fdopen(fd, "wb")

    def _check_target(self, through_symlink: bool) -> Path:
        try:
            link = os.lstat(self.path)
        except FileNotFoundError:
            raise InputError(f"{self.path}: deleted during the run; not re-created") from None
        if stat.S_ISLNK(link.st_mode):
            if not through_symlink:
                raise InputError(
                    f"{self.path}: is a symlink; not written through it "
                    "(--follow-symlinks writes its target)"
                )
            return Path(os.path.realpath(self.path))
        return Path(self.path)

    def _check_unchanged(self) -> os.stat_result:
        try:
            st = self.target.stat()
        except FileNotFoundError:
            raise InputError(f"{self.path}: deleted during the run; not re-created") from None
        if not stat.S_ISREG(st.st_mode):
            raise InputError(f"{self.path}: not a regular file; not written")
        if self.expect is not None and file_identity(st) != self.expect:
            raise InputError(f"{self.path}: changed on disk during the run; not written")
        return st

    def write(self, data: bytes) -> None:
        try:
            self.fh.write(data)
        except OSError as exc:
            self.abort()
            raise InputError(f"{self.path}: cannot write: {exc.strerror}") from None

    def copy_from_original(self, nbytes: int) -> None:
        """Copy the first ``nbytes`` of the file being replaced (the part a
        streamed fix left unchanged)."""
        with open(self.target, "rb") as src:
            while nbytes > 0:
                block = src.read(min(nbytes, _READ_BLOCK))
                if not block:
                    break
                self.write(block)
                nbytes -= len(block)

    def commit(self) -> None:
        try:
            self.fh.flush()
            os.fsync(self.fh.fileno())
            self.fh.close()
            self._check_unchanged()  # again: the read may have been long ago
            os.chmod(self.tmp, stat.S_IMODE(self._st.st_mode))
            if hasattr(os, "chown"):
                try:
                    os.chown(self.tmp, self._st.st_uid, self._st.st_gid)
                except OSError:
                    pass  # not ours to give away; the mode is what matters
            os.replace(self.tmp, self.target)
        except BaseException as exc:
            self.abort()
            if isinstance(exc, OSError):
                raise InputError(f"{self.path}: cannot write: {exc.strerror or exc}") from None
            raise

    def abort(self) -> None:
        try:
            self.fh.close()
        except OSError:
            pass
        try:
            os.unlink(self.tmp)
        except FileNotFoundError:
            pass

    def __enter__(self) -> "AtomicWriter":
        return self

    def __exit__(self, kind, value, tb) -> None:
        if kind is not None:
            self.abort()


def write_atomic(path: str, data: bytes, expect=None, through_symlink: bool = False) -> None:
    """Replace ``path`` by ``data`` at once (see :class:`AtomicWriter`)."""
    writer = None
    try:
        with signals_held():  # the temp file is in `writer` before an interrupt can strike
            writer = AtomicWriter(path, expect, through_symlink)
        writer.write(data)
        writer.commit()
        writer = None
    finally:
        if writer is not None:
            writer.abort()
