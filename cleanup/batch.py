"""Many files at once: parallel, in input order, with progress, a summary, and
no half-written file whatever happens.

- ``-j N`` worker processes (default: the number of cores); each builds its
  :class:`~cleanup.pipeline.Checker` once, so lexicons and models load once
  per worker, not once per file. Results come back in input order.
- Each file is processed by :func:`process_file`: read, decode (encoding
  detected or forced), check or fix chunk by chunk (a large file is a stream
  of paragraph-aligned chunks, see :func:`cleanup.fileio.iter_chunks`), and
  for ``fix`` an atomic replace — only when something changed.
- A progress bar on stderr when it is a terminal; nothing when piped.
- Ctrl-C: workers ignore SIGINT and finish or abandon their current file
  (an abandoned temp file is removed); the main process stops the pool.
  Because every write is a rename of a complete temp file, each file is
  either old or new.
"""

from __future__ import annotations

import codecs
import dataclasses
import gc
import io
import os
import signal
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from operator import attrgetter
from typing import Protocol

from .document import DecodeError
from .fileio import (
    CHUNK_CHARS,
    LARGE_FILE,
    SNIFF,
    AtomicWriter,
    Chunk,
    FileRef,
    InputError,
    Skipped,
    decode,
    expand,
    file_identity,
    iter_chunks,
    looks_binary,
    signals_held,
)
from . import resultcache
from .model import Finding, Tier
from .options import Options
# (At the top, not in _run_chunks: every check reports, and an import statement
# of a package's module there ran importlib's _handle_fromlist once per file.)
from .report import jsonout
from .report.text import format_finding, format_findings, format_findings_utf8
from .valueclass import ValueClass

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130


class BatchConfig(ValueClass):
    """Everything a worker needs; picklable. (A plain class, compared and
    printed by value as the frozen dataclass it was: cleanup/valueclass.py.)"""

    __slots__ = _FIELD_NAMES = (
        "mode", "options", "report", "colour", "min_confidence", "encoding", "follow_symlinks", "chunk_chars",
        "large_file", "extra_findings", "cache",
    )

    def __init__(
        self,
        mode: str = "check",  # check | fix | diff
        options: Options | None = None,  # None: Options()
        report: str = "text",  # check: text | json
        colour: bool = False,
        min_confidence: float = 0.0,  # check: show findings at least this confident
        encoding: str | None = None,  # forced; None: detect
        follow_symlinks: bool = False,  # fix: write through symlinks to their targets
        chunk_chars: int = CHUNK_CHARS,
        large_file: int = LARGE_FILE,
        # check: findings made outside the file's own check (e.g. against its other
        # edition, cleanup.parallel), by path, in offsets of the whole file.
        extra_findings: dict | None = None,  # None: {}
        # check: keep and reuse each file's report; fix: remember the files it
        # leaves unchanged (cleanup.resultcache)
        cache: bool = True,
    ) -> None:
        self.mode, self.options = mode, Options() if options is None else options
        self.report, self.colour, self.min_confidence, self.encoding = report, colour, min_confidence, encoding
        self.follow_symlinks, self.chunk_chars, self.large_file = follow_symlinks, chunk_chars, large_file
        self.extra_findings = {} if extra_findings is None else extra_findings
        self.cache = cache


class FileOutcome:
    """What happened to one file; small and picklable (no document text).
    (Plain classes, this and Totals: see options.Context.)"""

    def __init__(self, path: str) -> None:
        self.path = path
        self.status = "ok"  # ok | changed | skipped | error
        self.message = ""
        self.lines: list[str] = []  # text report lines
        self.file_json: dict | None = None
        self.diff = ""
        self.warnings: list[str] = []
        self.found: Counter = Counter()  # findings shown (check) or left (fix), by category
        self.fixed: Counter = Counter()  # edits applied, by category
        self.worst_tier = -1  # highest tier among findings shown
        self.edits = 0


class _Placed:
    """A chunk seen from the whole file: global offsets → file line/column.
    Quacks like a Document for the report formatters."""

    def __init__(self, chunk: Chunk, encoding: str, bom: bytes) -> None:
        self.chunk, self.path, self.encoding, self.bom = chunk, chunk.doc.path, encoding, bom

    def line_col(self, offset: int) -> tuple[int, int]:
        line, col = self.chunk.doc.line_col(offset - self.chunk.offset)
        if line == 1:
            col += self.chunk.column
        return line + self.chunk.line, col


_CATEGORY, _DETECTION_CONFIDENCE = attrgetter("category"), attrgetter("detection_confidence")


def _shift(f: Finding, by: int) -> Finding:
    return f if by == 0 else dataclasses.replace(f, start=f.start + by, end=f.end + by)


def _chunks(ref: FileRef, cfg: BatchConfig, fh, size: int) -> Iterator[Chunk]:
    if size <= cfg.large_file:
        data = fh.read()
        yield Chunk(decode(data, ref.path, cfg.encoding), 0, 0, 0)
    else:
        yield from iter_chunks(fh, ref.path, cfg.encoding, cfg.chunk_chars)


def _whole(data: bytes, path: str, encoding: str | None) -> Iterator[Chunk]:
    """A file read whole, as one chunk (decoded when the run gets to it, as _chunks does)."""
    yield Chunk(decode(data, path, encoding), 0, 0, 0)


def process_file(ref: FileRef, cfg: BatchConfig, checker, sink=None) -> FileOutcome:
    """Check or fix one file; never raises for a bad file (Ctrl-C excepted).

    ``sink``: called with each chunk's report text (report lines, or diff
    hunks) as soon as it is ready, when the file is processed in this
    process, so a huge file's report is not held in memory; without it the
    text is collected in the outcome. For a JSON-like report it is a
    :class:`ReportSink`, which gets each finding as it is found."""
    out = FileOutcome(ref.path)
    try:
        if ref.path == "-":
            _process_stdin(ref, cfg, checker, out, sink)
        else:
            _process_path(ref, cfg, checker, out, sink)
    except InputError as exc:
        out.status, out.message = "error", str(exc)
        out.lines, out.file_json, out.diff = [], None, ""
    except DecodeError as exc:
        out.status, out.message = "error", f"{ref.path}: {exc}"
        out.lines, out.file_json, out.diff = [], None, ""
    return out


def _process_stdin(ref, cfg, checker, out, sink) -> None:
    from .fileio import read_document

    doc = read_document("-", cfg.encoding)
    _run_chunks(ref, cfg, checker, out, iter([Chunk(doc, 0, 0, 0)]), None, sink)


def _process_path(ref: FileRef, cfg: BatchConfig, checker, out: FileOutcome, sink) -> None:
    path = ref.path
    try:
        fh = open(path, "rb")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file (deleted during the run?)") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory; a file is needed here") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    with fh:
        st = os.fstat(fh.fileno())
        # A file checked whole is read once (its head sniffed from what was
        # read); a large one streams, after a look at its head.
        data = fh.read() if st.st_size <= cfg.large_file else None
        if cfg.encoding is None and looks_binary(fh.read(SNIFF) if data is None else data[:SNIFF]):
            if ref.explicit:
                raise InputError(f"{path}: binary file, skipped")
            out.status, out.message = "skipped", f"{path}: binary file, skipped"
            return
        if data is None:
            fh.seek(0)
        identity = file_identity(st)

        def writer_for() -> AtomicWriter:
            return AtomicWriter(path, identity, through_symlink=cfg.follow_symlinks)

        if not (cfg.cache and resultcache.usable(cfg, path, st.st_size)):
            chunks = _whole(data, path, cfg.encoding) if data is not None else _chunks(ref, cfg, fh, st.st_size)
            _run_chunks(ref, cfg, checker, out, chunks, writer_for, sink)
            return
        if data is None:
            data = fh.read()
    key = resultcache.key(cfg, path, data)
    kept = resultcache.load(key)
    if kept is not None:
        _replay(ref, cfg, out, kept, sink)
        return
    chunk = Chunk(decode(data, path, cfg.encoding), 0, 0, 0)
    if cfg.mode != "check":
        _run_chunks(ref, cfg, checker, out, iter([chunk]), writer_for, sink)
        # Only a file the fix leaves as it is is kept: the next run of these
        # bytes has nothing to write or show, only the findings left to count.
        if out.status == "ok" and not out.warnings and not out.edits:
            resultcache.store(key, {"found": dict(out.found), "fixed_point": True})
        return
    record: list[str] = []
    _run_chunks(ref, cfg, checker, out, iter([chunk]), None, sink, record)
    if out.status == "ok" and not out.warnings:
        kept = {"found": dict(out.found), "worst_tier": out.worst_tier,
                "encoding": jsonout.encoding_label(chunk.doc.encoding, chunk.doc.bom)}
        if cfg.report == "json":
            kept["report"] = record
        else:
            kept["text"] = "".join(record)
        resultcache.store(key, kept)


def _replay(ref: FileRef, cfg: BatchConfig, out: FileOutcome, kept: dict, sink) -> None:
    """A kept report (cleanup.resultcache), given out as if just made."""
    out.found = Counter(kept["found"])
    if cfg.mode != "check":
        return  # a file `fix` leaves unchanged: no edit, no diff, nothing written
    out.worst_tier = kept["worst_tier"]
    if cfg.report == "json":
        pieces = kept["report"]
        if isinstance(sink, ReportSink):
            for piece in pieces:
                sink.finding(ref.path, kept["encoding"], piece)
            sink.close_file(ref.path, kept["encoding"])
        else:
            out.file_json = {"path": ref.path, "encoding": kept["encoding"], "findings": pieces}
        return
    text = kept["text"]
    if sink is not None:
        if text:
            sink(text)
    elif text:
        # (The whole report as one "line": the lines are written joined, each
        # followed by a newline, and the kept text ends in its last one.)
        out.lines = [text[:-1]]


def _run_chunks(
    ref, cfg: BatchConfig, checker, out: FileOutcome, chunks: Iterable[Chunk], writer_for, sink,
    record: list[str] | None = None,
) -> None:
    """``record``: check only; gets the report for the result cache: each
    finding's JSON, or the text report's text (as the sink gets it)."""
    encoding, bom = None, b""
    label = jsonout.encoding_label(encoding, bom)  # the report's name for it
    newlines: set[str] = set()
    findings_json: list[str] = []
    live = sink if isinstance(sink, ReportSink) else None  # the report takes findings as found
    # A screen writing UTF-8 takes the text report's bytes as they are (made
    # without a str a line, nor encoded again).
    utf8 = sink.utf8 if type(sink) is _Screen else None
    complete = False
    diff = None
    if cfg.mode == "diff":
        from .report.diff import StreamingDiff  # (here: a check need not load it, nor compile its pattern)

        diff = StreamingDiff(f"a/{ref.path}", f"b/{ref.path}")
    diff_parts: list[str] = []
    writer: AtomicWriter | None = None
    unchanged_bytes = 0
    changed = False
    try:
        for chunk in chunks:
            doc = chunk.doc
            if encoding is None:
                encoding, bom = doc.encoding, doc.bom
                label = jsonout.encoding_label(encoding, bom)
            newlines.update(_newline_kinds(doc))
            placed = _Placed(chunk, encoding, bom)
            if cfg.mode == "check":
                result = checker.check(doc)
                _add_warnings(out, result.warnings)
                extra = _extra_in_chunk(cfg.extra_findings.get(ref.path), chunk)
                if extra:
                    from .decisions import settled
                    from .resolve import resolve

                    # Saved decisions and inline marks settle these too.
                    result.findings = settled(doc, resolve(result.findings + extra, cfg.options), cfg.options)
                findings = result.findings
                floor = cfg.min_confidence
                # (A suggestion's confidence is never below 0: at the default floor only a
                # detection confidence below it, looked for in C, can drop a finding.)
                if not floor <= 0 or min(map(_DETECTION_CONFIDENCE, findings), default=0.0) < floor:
                    findings = [f for f in findings if not f.confidence < floor]
                if cfg.report != "json" and not cfg.colour:
                    # The common case, made in one pass per chunk (report.text.format_findings):
                    # the same lines, counts and worst tier as the loop below; as UTF-8
                    # bytes for a screen that takes them (None: a line it must encode itself).
                    made = format_findings_utf8(doc, findings, chunk.line, chunk.column) if utf8 is not None else None
                    if made is not None:
                        data, worst = made
                        if data:
                            utf8(data)
                            if record is not None:
                                # (Exact: the kernel makes no bytes for a text holding a lone surrogate.)
                                record.append(data.decode("utf-8"))
                    else:
                        pieces, worst = format_findings(doc, findings, chunk.line, chunk.column)
                        out.lines += pieces
                    out.found.update(map(_CATEGORY, findings))
                    if worst > out.worst_tier:
                        out.worst_tier = worst
                    findings = ()
                for f in findings:
                    f = _shift(f, chunk.offset)
                    out.found[f.category] += 1
                    out.worst_tier = max(out.worst_tier, int(f.tier))
                    if cfg.report == "json":
                        piece = jsonout.finding_json(placed, f)
                        if live is not None:
                            live.finding(ref.path, label, piece)
                        else:
                            findings_json.append(piece)
                        if record is not None:
                            record.append(piece)
                    else:
                        out.lines.append(format_finding(placed, f, cfg.colour))
                if out.lines and (sink is not None or record is not None):
                    text = "\n".join(out.lines) + "\n"
                    if record is not None:
                        record.append(text)
                    if sink is not None:
                        sink(text)
                        out.lines = []
                continue
            result = checker.fix(doc)
            changed = changed or result.changed
            _add_warnings(out, result.warnings)
            out.edits += len(result.edits)
            out.fixed.update(e.rule.split(".", 1)[0] for e in result.edits)
            out.found.update(f.category for f in result.remaining)
            if diff is not None:
                diff_parts.append(diff.feed(doc.text, result.text))
                if sink is not None:
                    sink("".join(diff_parts))
                    diff_parts = []
                continue
            if writer_for is None:
                continue
            if writer is None and not result.changed:
                unchanged_bytes += len(doc.encode())
                continue
            try:
                new_bytes = doc.encode(result.text)
            except UnicodeEncodeError as exc:
                raise InputError(
                    f"{ref.path}: a fix needs {exc.object[exc.start:exc.end]!r}, which {encoding} "
                    "cannot hold; file not changed"
                ) from None
            if writer is None:
                with signals_held():  # the temp file is in `writer` before an interrupt can strike
                    writer = writer_for()
                writer.copy_from_original(unchanged_bytes)
            writer.write(new_bytes)
        if writer is not None:
            writer.commit()
            writer = None
        complete = True
    finally:
        if writer is not None:
            writer.abort()
        if live is not None and (complete or live.is_open(ref.path)):
            # Closed even when a later chunk fails: the report stays valid,
            # and the error is listed beside it.
            live.close_file(ref.path, label)
    if cfg.mode == "diff":
        diff_parts.append(diff.close())
        out.diff = "".join(diff_parts)
        if sink is not None:
            sink(out.diff)
            out.diff = ""
    if changed:
        out.status = "changed"
    if len(newlines) > 1:
        kinds = ", ".join(sorted(repr(n)[1:-1] for n in newlines))
        out.warnings.append(f"{ref.path}: mixed line endings ({kinds}); kept as they are")
    if cfg.mode == "check" and cfg.report == "json" and live is None:
        out.file_json = {"path": ref.path, "encoding": label, "findings": findings_json}


class ReportStream(Protocol):
    """A report written as findings are found (jsonout.Streamed,
    github.Streamed, sarif.Collected): each call returns the text to print now."""

    def open_file(self, path: str, encoding: str) -> str: ...

    def finding(self, text: str) -> str: ...

    def close_file(self) -> str: ...

    def close(self, warnings: list[str], errors: list[dict]) -> str: ...


class ReportSink:
    """Hands one process's findings to the report as they are found, opening
    each file's entry at its first finding (or at its end, if it has none)."""

    def __init__(self, report: ReportStream, write) -> None:
        self.report, self._write = report, write
        self._open: str | None = None

    def finding(self, path: str, encoding: str, text: str) -> None:
        if self._open != path:
            self._write(self.report.open_file(path, encoding))
            self._open = path
        self._write(self.report.finding(text))

    def is_open(self, path: str) -> bool:
        return self._open == path

    def close_file(self, path: str, encoding: str) -> None:
        if self._open != path:
            self._write(self.report.open_file(path, encoding))
        self._write(self.report.close_file())
        self._open = None


def add_file(report: ReportStream, entry: dict) -> str:
    """A whole file's entry, made elsewhere (a worker process), as report text."""
    return (report.open_file(entry["path"], entry["encoding"])
            + "".join(report.finding(f) for f in entry["findings"]) + report.close_file())


def _extra_in_chunk(findings, chunk: Chunk) -> list[Finding]:
    if not findings:
        return []
    end = chunk.offset + len(chunk.doc.text)
    return [_shift(f, -chunk.offset) for f in findings if chunk.offset <= f.start < end and f.end <= end]


def _newline_kinds(doc) -> set[str]:
    text = doc.text
    if "\r" not in text:  # (most files: two scans for a character instead of three counts)
        return {"\n"} if "\n" in text else set()
    crlf = text.count("\r\n")
    counts = {"\r\n": crlf, "\n": text.count("\n") - crlf, "\r": text.count("\r") - crlf}
    return {kind for kind, n in counts.items() if n}


def _add_warnings(out: FileOutcome, warnings: list[str]) -> None:
    for w in warnings:
        if w not in out.warnings:
            out.warnings.append(w)


# ---- running many files ----------------------------------------------------------------

_WORKER: tuple[BatchConfig, object] | None = None


def _stop_worker(signum, frame):  # SIGTERM from Pool.terminate: unwind, removing temp files
    raise SystemExit(1)


def tune_gc() -> None:
    """Fewer garbage collections for a command-line run. A check makes many
    small objects and keeps large caches (word forms, parses) that are never
    garbage; with the default thresholds the collector rescans them hundreds
    of times a megabyte, about a tenth of the run (measured with
    gc.callbacks on bench/perf_detectors.py's dense corpus: 0.55 s of 5.5 s,
    0.07 s with these). Between files the objects still alive are moved out
    of the collector's sight (:func:`_processed`). Only the CLI does this; a
    library user's process keeps its own settings."""
    global _FREEZE_BETWEEN_FILES
    gc.set_threshold(20_000, 50, 100)
    _FREEZE_BETWEEN_FILES = True


_FREEZE_BETWEEN_FILES = False


def _processed(ref: FileRef, cfg: BatchConfig, checker, sink=None) -> FileOutcome:
    """:func:`process_file`, then, in a command-line run, ``gc.freeze()``.

    What is alive after a file is the caches it added to (forms, verdicts,
    parses) and no garbage: a check makes no reference cycles
    (tests/test_gc_between_files.py checks it), so once a file is done
    nothing the collector could find is left. Young survivors would
    otherwise be scanned again at the next collections, 1.4 % of the
    instructions of a dense run (bench/.cache/perf/corpus: 6,039 M → 5,955
    M); frozen, they are not. The collector still runs inside a file, so a
    large one is collected as before."""
    outcome = process_file(ref, cfg, checker, sink)
    if _FREEZE_BETWEEN_FILES:
        gc.freeze()
    return outcome


def _init_worker(cfg: BatchConfig) -> None:
    global _WORKER
    from .pipeline import Checker

    tune_gc()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process decides about Ctrl-C
    signal.signal(signal.SIGTERM, _stop_worker)
    _WORKER = (cfg, Checker(cfg.options))


def _work(ref: FileRef) -> FileOutcome:
    cfg, checker = _WORKER
    return _processed(ref, cfg, checker)


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


# Below this much text per worker a pool costs more than it saves: every
# worker loads the lexicons (seconds, hundreds of MB) before its first file.
WORK_PER_JOB = 256 << 10


def auto_jobs(refs: list[FileRef]) -> int:
    """One worker per core, but no more than the batch has work for (a
    pre-commit hook with three files runs in one process)."""
    total = 0
    for ref in refs:
        try:
            total += os.stat(ref.path).st_size if ref.path != "-" else 0
        except OSError:
            pass
        if total >= WORK_PER_JOB * default_jobs():
            break
    return max(1, min(default_jobs(), total // WORK_PER_JOB))


def _context():
    # fork: workers start in milliseconds and share the parent's loaded rule
    # packs; elsewhere (macOS, Windows) spawn is the safe choice. Imported
    # here: a one-process run (a pre-commit hook) never needs it (~8 ms).
    import multiprocessing

    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def outcomes(
    refs: list[FileRef], cfg: BatchConfig, jobs: int, checker=None, sink=None
) -> Iterator[FileOutcome]:
    """Process ``refs``; yields outcomes in input order. With ``jobs`` > 1 a
    pool of worker processes does the work; it is started here, before the
    caller starts any thread (a progress bar), since workers are forked.
    Closing the iterator (or Ctrl-C in the caller) stops the pool."""
    if jobs <= 1 or len(refs) <= 1 or any(r.path == "-" for r in refs):
        if checker is None:
            from .pipeline import Checker

            checker = Checker(cfg.options)
        return (_processed(ref, cfg, checker, sink) for ref in refs)
    jobs = min(jobs, len(refs))
    chunksize = max(1, min(32, len(refs) // (jobs * 8)))
    pool = _context().Pool(jobs, initializer=_init_worker, initargs=(cfg,))
    return _pooled(pool, refs, chunksize)


def _pooled(pool, refs: list[FileRef], chunksize: int) -> Iterator[FileOutcome]:
    try:
        yield from pool.imap(_work, refs, chunksize)
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()


# ---- the user-facing run: messages, progress, summary, exit code -----------------------------


class _Screen:
    """Where lines go: straight to stdout/stderr, or above a live progress bar."""

    def __init__(self, progress_on: bool) -> None:
        self.progress = None
        self.task = None
        if progress_on:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self.console = Console(file=sys.stderr)
            self.progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("files"),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                console=self.console,
                transient=True,
                redirect_stdout=False,
                redirect_stderr=False,
            )
        self.stdout_tty = sys.stdout.isatty()
        # Text given as UTF-8 bytes to stdout's own byte stream, when stdout
        # would write exactly those bytes (see _utf8_writer); else None.
        self.utf8 = None if self.progress is not None and self.stdout_tty else _utf8_writer(sys.stdout)
        self._errors = getattr(sys.stdout, "errors", None)

    def __call__(self, text: str) -> None:
        """The sink of a streamed text report or diff: :meth:`out`."""
        self.out(text)

    def start(self, description: str, total: int) -> None:
        if self.progress is not None:
            self.progress.start()
            self.task = self.progress.add_task(description, total=total)

    def advance(self) -> None:
        if self.progress is not None:
            self.progress.advance(self.task)

    def stop(self) -> None:
        if self.progress is not None:
            self.progress.stop()

    def out(self, text: str) -> None:
        if self.progress is not None and self.stdout_tty:
            self.console.print(text, markup=False, highlight=False, soft_wrap=True, end="")
        elif self.utf8 is not None:
            # (All of this screen's text goes the one way: bytes and text written
            # to stdout by turns would leave the text in its buffer, behind.)
            self.utf8(text.encode("utf-8", self._errors))
        else:
            sys.stdout.write(text)

    def err(self, line: str) -> None:
        if self.progress is not None:
            self.console.print(line, markup=False, highlight=False, soft_wrap=True)
        else:
            sys.stderr.write(line + "\n")


def _utf8_writer(stream):
    """The ``write`` of ``stream``'s byte stream, if ``stream`` is a plain text
    stream writing text as UTF-8 unchanged (no newline translation, no line
    buffering), after flushing what it holds; else None."""
    if (type(stream) is not io.TextIOWrapper or stream.line_buffering or os.linesep != "\n"
            or codecs.lookup(stream.encoding).name != "utf-8" or stream.errors not in ("strict", "surrogateescape")):
        return None
    stream.flush()
    return stream.buffer.write


class Totals:
    def __init__(self) -> None:
        self.files = 0
        self.changed = 0
        self.skipped = 0
        self.errors = 0
        self.with_findings = 0
        self.edits = 0
        self.found: Counter = Counter()
        self.fixed: Counter = Counter()

    def add(self, o: FileOutcome) -> None:
        if o.status == "skipped":
            self.skipped += 1
            return
        if o.status == "error":
            self.errors += 1
            return
        self.files += 1
        self.changed += o.status == "changed"
        self.with_findings += bool(o.found)
        self.edits += o.edits
        self.found.update(o.found)
        self.fixed.update(o.fixed)


def summary_table(totals: Totals, mode: str):
    """The table of findings (and fixes) by category, and a line about files."""
    from rich.table import Table

    table = Table(title="cleanup summary", title_justify="left", show_edge=False)
    table.add_column("category")
    found_label = "findings" if mode == "check" else "left"
    table.add_column(found_label, justify="right")
    if mode != "check":
        table.add_column("fixed" if mode == "fix" else "would fix", justify="right")
    for cat in sorted(set(totals.found) | set(totals.fixed)):
        row = [cat, str(totals.found[cat])]
        if mode != "check":
            row.append(str(totals.fixed[cat]))
        table.add_row(*row)
    total_row = ["total", str(sum(totals.found.values()))]
    if mode != "check":
        total_row.append(str(sum(totals.fixed.values())))
    table.add_row(*total_row, style="bold")
    files = f"{totals.files} files"
    if mode == "check":
        files += f", {totals.with_findings} with findings"
    else:
        files += f", {totals.changed} {'changed' if mode == 'fix' else 'would change'}"
    if totals.skipped:
        files += f", {totals.skipped} skipped"
    if totals.errors:
        files += f", {totals.errors} not processed (errors above)"
    return table, files


def run(
    paths: list[str],
    cfg: BatchConfig,
    *,
    jobs: int | None = None,
    include: tuple[str, ...] = (),
    exclude: tuple[str, ...] = (),
    fail_tier: Tier = Tier.UNSAFE,
    progress: bool | None = None,
    summary: bool | None = None,
    checker=None,
    report_json: ReportStream | None = None,
    expanded: list | None = None,
) -> int:
    """The CLI's batch run: expand paths, process, print, return the exit code.
    ``expanded``: what ``fileio.expand(paths, include, exclude)`` gave, when
    the caller walked the paths already."""
    stderr_tty = sys.stderr.isatty() and os.environ.get("TERM") != "dumb"
    screen = _Screen(progress if progress is not None else stderr_tty)
    worst = EXIT_OK
    refs: list[FileRef] = []
    json_warnings: list[str] = []
    json_errors: list[dict] = []
    totals = Totals()
    for item in expand(paths, include, exclude) if expanded is None else expanded:
        if isinstance(item, InputError):
            screen.err(f"cleanup: {item}")
            json_errors.append({"path": str(item).split(": ", 1)[0], "message": str(item)})
            worst = EXIT_ERROR
        elif isinstance(item, Skipped):
            screen.err(f"cleanup: {item.path}: {item.reason}")
        else:
            refs.append(item)
    if jobs is None or jobs <= 0:
        jobs = auto_jobs(refs)
    if not refs and worst == EXIT_OK:
        patterns = " ".join(include) if include else "*.txt *.md *.text"
        screen.err(f"cleanup: no files to process (folders are searched for {patterns}; see --include)")
    done = 0
    verb = {"check": "checking", "fix": "fixing", "diff": "diffing"}[cfg.mode]
    streamable = (cfg.mode == "check" and cfg.report == "text") or cfg.mode == "diff"
    if cfg.mode != "check" or cfg.report != "json":
        report_json = None
    sink = ReportSink(report_json, screen.out) if report_json is not None else screen if streamable else None
    stream = outcomes(refs, cfg, jobs, checker, sink)
    screen.start(verb, len(refs))
    try:
        for o in stream:
            done += 1
            totals.add(o)
            worst = max(worst, _emit(o, cfg, screen, fail_tier, report_json, json_warnings, json_errors))
            screen.advance()
    except KeyboardInterrupt:
        stream.close()
        screen.stop()
        message = (f"interrupted after {done} of {len(refs)} files; "
                   "every file is either unchanged or completely written")
        sys.stderr.write(f"cleanup: {message}\n")
        if report_json is not None:
            # The files done are already out: close the report so it still parses.
            sys.stdout.write(report_json.close(json_warnings + [message], json_errors))
            sys.stdout.flush()
        return EXIT_INTERRUPTED
    screen.stop()
    if report_json is not None:
        sys.stdout.write(report_json.close(json_warnings, json_errors))
    sys.stdout.flush()
    if summary if summary is not None else (stderr_tty and len(refs) > 1):
        from rich.console import Console

        table, files = summary_table(totals, cfg.mode)
        console = Console(file=sys.stderr, highlight=False)
        console.print(table)
        console.print(files, markup=False)
    return worst


def _emit(o: FileOutcome, cfg, screen: _Screen, fail_tier, report_json, json_warnings, json_errors) -> int:
    for w in o.warnings:
        screen.err(f"cleanup: warning: {w}")
        json_warnings.append(w)
    if o.status == "error":
        screen.err(f"cleanup: {o.message}")
        json_errors.append({"path": o.path, "message": o.message})
        return EXIT_ERROR
    if o.status == "skipped":
        screen.err(f"cleanup: {o.message}")
        return EXIT_OK
    if cfg.mode == "check":
        if o.file_json is not None and report_json is not None:
            text = add_file(report_json, o.file_json)
            if text:
                screen.out(text)
        if o.lines:
            screen.out("\n".join(o.lines) + "\n")
        return EXIT_FINDINGS if o.worst_tier >= int(fail_tier) else EXIT_OK
    if cfg.mode == "diff":
        if o.diff:
            screen.out(o.diff)
        return EXIT_FINDINGS if o.status == "changed" else EXIT_OK
    if o.status == "changed":
        screen.err(f"fixed {o.path} ({o.edits} edits)")
        return EXIT_FINDINGS
    return EXIT_OK
