"""The `cleanup` command: check, fix, rules.

Exit codes (the contract in docs/design.md):
  check — 0 nothing at or above the fail level, 1 findings, 2 usage or I/O error;
  fix   — 0 nothing changed, 1 something changed or would change, 2 error.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from typing import Annotated, Optional

import typer

from . import __version__
from .fileio import InputError, Skipped, collect, read_document
from .model import SAFE_THRESHOLD, UNSAFE_THRESHOLD, Tier
from .options import Options
from .rulepack import RuleError

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Find and fix typing and OCR damage in Russian and English transcripts.",
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Format(str, Enum):
    text = "text"
    json = "json"


class Lang(str, Enum):
    auto = "auto"
    ru = "ru"
    en = "en"


class Level(str, Enum):
    safe = "safe"
    unsafe = "unsafe"
    display = "display"


PathsArg = Annotated[list[str], typer.Argument(help="Files or directories; '-' reads stdin.")]
SelectOpt = Annotated[
    Optional[list[str]],
    typer.Option("--select", help="Only these rule ids or prefixes (repeat or comma-separate)."),
]
IgnoreOpt = Annotated[
    Optional[list[str]],
    typer.Option("--ignore", help="Skip these rule ids or prefixes, e.g. --ignore layout."),
]
LangOpt = Annotated[Lang, typer.Option("--lang", help="Language; auto decides per paragraph by script.")]
FormatOpt = Annotated[Format, typer.Option("--format", help="Report format.")]
LanguageToolOpt = Annotated[
    Optional[str],
    typer.Option(
        "--languagetool",
        envvar="CLEANUP_LANGUAGETOOL_URL",
        metavar="URL",
        help="Also ask the LanguageTool server at URL (e.g. http://localhost:8081); its matches are lt.<ID>.",
    ),
]
ColorOpt = Annotated[
    Optional[bool], typer.Option("--color/--no-color", help="Colour (default: when a terminal).")
]
JobsOpt = Annotated[
    int, typer.Option("-j", "--jobs", help="Worker processes (default 0: one per core, fewer for a small batch).", min=0)
]
EncodingOpt = Annotated[
    Optional[str],
    typer.Option("--encoding", help="Read (and write back) files in this encoding instead of detecting it."),
]
IncludeOpt = Annotated[
    Optional[list[str]],
    typer.Option("--include", help="In folders, only files matching these globs (default *.txt,*.md,*.text)."),
]
ExcludeOpt = Annotated[
    Optional[list[str]],
    typer.Option("--exclude", help="Skip files and folders matching these globs, e.g. --exclude 'drafts/*'."),
]
ProgressOpt = Annotated[
    Optional[bool], typer.Option("--progress/--no-progress", help="Progress bar (default: when stderr is a terminal).")
]
SummaryOpt = Annotated[
    Optional[bool],
    typer.Option("--summary/--no-summary", help="Summary table at the end (default: on a terminal, several files)."),
]


def _split(values: Optional[list[str]]) -> tuple[str, ...]:
    return tuple(v.strip() for raw in values or () for v in raw.split(",") if v.strip())


def _fail(message: str) -> "typer.Exit":
    typer.echo(f"cleanup: {message}", err=True)
    return typer.Exit(EXIT_ERROR)


def _options(select, ignore, lang: Lang, min_confidence: float, languagetool: Optional[str] = None) -> Options:
    if not 0.0 <= min_confidence <= 1.0:
        raise _fail(f"--min-confidence must be between 0 and 1, not {min_confidence}")
    return Options(
        lang=lang.value, select=_split(select), ignore=_split(ignore), min_confidence=min_confidence,
        languagetool_url=languagetool.strip() or None if languagetool else None,
    )


def _checker(options: Options):
    from .pipeline import Checker

    try:
        return Checker(options)
    except RuleError as exc:
        raise _fail(str(exc)) from None


def _colour(flag: Optional[bool]) -> bool:
    if flag is not None:
        return flag
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def _encoding(name: Optional[str]) -> Optional[str]:
    if name is None:
        return None
    import codecs

    try:
        return codecs.lookup(name).name
    except LookupError:
        raise _fail(f"unknown encoding {name!r} (e.g. utf-8, utf-16, cp1251, koi8-r)") from None


def _inputs(paths: list[str]):
    """Yield documents or (path, error message); notes for skipped files go to stderr."""
    try:
        expanded = list(collect(paths))
    except InputError as exc:
        raise _fail(str(exc)) from None
    for item in expanded:
        if isinstance(item, Skipped):
            typer.echo(f"cleanup: {item.path}: {item.reason}", err=True)
            continue
        try:
            yield read_document(item)
        except InputError as exc:
            yield item, str(exc)


OptionalPathsArg = Annotated[
    Optional[list[str]], typer.Argument(help="Files or directories; '-' reads stdin.")
]
ParallelOpt = Annotated[
    Optional[tuple[str, str]],
    typer.Option(
        "--parallel",
        metavar="A B",
        help="Also check two files against each other as editions of one text "
        "(original and translation). Files named NAME.ru.txt and NAME.en.txt are paired by themselves.",
    ),
]


@app.command()
def check(
    paths: OptionalPathsArg = None,
    parallel: ParallelOpt = None,
    format: FormatOpt = Format.text,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    lang: LangOpt = Lang.auto,
    min_confidence: Annotated[
        float, typer.Option("--min-confidence", help="Report only findings at least this confident.")
    ] = 0.0,
    fail_level: Annotated[
        Level, typer.Option("--fail-level", help="Exit 1 when a finding is at or above this tier.")
    ] = Level.unsafe,
    color: ColorOpt = None,
    jobs: JobsOpt = 0,
    encoding: EncodingOpt = None,
    include: IncludeOpt = None,
    exclude: ExcludeOpt = None,
    progress: ProgressOpt = None,
    summary: SummaryOpt = None,
    languagetool: LanguageToolOpt = None,
) -> None:
    """Report damage, with suggestions and their confidence."""
    from . import batch
    from .report import jsonout

    options = _options(select, ignore, lang, SAFE_THRESHOLD, languagetool)
    checker = _checker(options)
    fail_tier = Tier.parse(fail_level.value)
    colour = _colour(color) and format is Format.text
    paths = list(paths or [])
    if parallel:
        paths += [p for p in parallel if p not in paths]
    if not paths:
        raise _fail("no files given (check PATH... or check --parallel A B)")
    include_globs, exclude_globs = _split(include), _split(exclude)
    forced = _encoding(encoding)
    cfg = batch.BatchConfig(
        mode="check", options=options, report=format.value, colour=colour,
        min_confidence=min_confidence, encoding=forced,
        extra_findings=_parallel_findings(paths, parallel, options, include_globs, exclude_globs, forced),
    )
    raise typer.Exit(batch.run(
        paths, cfg, jobs=jobs, include=include_globs, exclude=exclude_globs,
        fail_tier=fail_tier, progress=progress, summary=summary, checker=checker,
        report_json=jsonout.dumps,
    ))


@app.command()
def fix(
    paths: PathsArg,
    stdout: Annotated[bool, typer.Option("--stdout", help="Write the cleaned text of one file to stdout.")] = False,
    diff: Annotated[bool, typer.Option("--diff", help="Print a unified diff; write nothing.")] = False,
    unsafe: Annotated[
        bool, typer.Option("--unsafe", help=f"Also apply unsafe fixes (confidence ≥ {UNSAFE_THRESHOLD}).")
    ] = False,
    min_confidence: Annotated[
        Optional[float],
        typer.Option("--min-confidence", help=f"Apply fixes at least this confident (default {SAFE_THRESHOLD})."),
    ] = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    lang: LangOpt = Lang.auto,
    jobs: JobsOpt = 0,
    encoding: EncodingOpt = None,
    include: IncludeOpt = None,
    exclude: ExcludeOpt = None,
    follow_symlinks: Annotated[
        bool, typer.Option("--follow-symlinks", help="Write through a symlink to its target (refused by default).")
    ] = False,
    progress: ProgressOpt = None,
    summary: SummaryOpt = None,
    languagetool: LanguageToolOpt = None,
) -> None:
    """Apply fixes at or above the confidence threshold (safe ones by default), in place."""
    from . import batch

    if stdout and diff:
        raise _fail("--stdout and --diff cannot be used together")
    threshold = min_confidence if min_confidence is not None else (
        UNSAFE_THRESHOLD if unsafe else SAFE_THRESHOLD
    )
    checker = _checker(_options(select, ignore, lang, threshold, languagetool))
    to_stdout = stdout or paths == ["-"]
    if to_stdout and not diff:
        if len(paths) != 1:
            raise _fail("--stdout takes exactly one file")
        try:
            doc = read_document(paths[0], _encoding(encoding))
        except InputError as exc:
            raise _fail(str(exc)) from None
        result = checker.fix(doc)
        sys.stdout.buffer.write(doc.encode(result.text))
        sys.stdout.buffer.flush()
        raise typer.Exit(EXIT_FINDINGS if result.changed else EXIT_OK)

    cfg = batch.BatchConfig(
        mode="diff" if diff else "fix", options=checker.options, encoding=_encoding(encoding),
        follow_symlinks=follow_symlinks,
    )
    raise typer.Exit(batch.run(
        paths, cfg, jobs=jobs, include=_split(include), exclude=_split(exclude),
        progress=progress, summary=summary, checker=checker,
    ))


def _parallel_findings(paths, parallel, options: Options, include=(), exclude=(), encoding=None) -> dict:
    """Findings of file pairs checked as editions: the --parallel pair, files
    paired by name (NAME.ru.txt with NAME.en.txt), and a file whose other
    edition lies beside it unchecked (used as evidence only), keyed by path
    as the batch will name the file. Only files in a pair are read here; the
    batch reads the rest in its workers and merges these findings in."""
    from .fileio import FileRef, expand
    from .parallel.pairing import pair_by_name, pair_findings, partner_path

    listed = [item.path for item in expand(paths, include, exclude)
              if isinstance(item, FileRef) and item.path != "-"]
    pairs = pair_by_name(listed)
    if parallel and all(p in listed for p in parallel) and parallel[0] != parallel[1]:
        pairs.append(tuple(parallel))
    paired = {p for pair in pairs for p in pair}
    for path in listed:
        partner = None if path in paired else partner_path(path)
        if partner is not None and partner not in listed:
            pairs.append((path, partner))
    docs: dict = {}
    cross: dict[str, list] = {}
    for path_a, path_b in dict.fromkeys(pairs):
        try:
            for path in (path_a, path_b):
                if path not in docs:
                    docs[path] = read_document(path, encoding)
        except InputError:
            continue  # the batch reports an unreadable listed file; a partner is evidence only
        found_a, found_b = pair_findings(docs[path_a], docs[path_b], options)
        cross.setdefault(path_a, []).extend(found_a)
        cross.setdefault(path_b, []).extend(found_b)
    return cross


@app.command()
def align(
    paths: Annotated[list[str], typer.Argument(help="Two files (editions), or one bilingual file.")],
    format: FormatOpt = Format.text,
    lang: LangOpt = Lang.auto,
    width: Annotated[int, typer.Option("--width", help="Width of the side-by-side view (0: the terminal's).")] = 0,
) -> None:
    """Show two editions (original and translation) aligned paragraph by paragraph,
    with the anchors compared and the findings they raise."""
    import json
    import shutil

    from .parallel.pairing import editions_of
    from .parallel.view import edition_label, render, to_dict

    if len(paths) not in (1, 2):
        raise _fail("align takes one bilingual file or two files")
    docs = []
    for path in paths:
        try:
            docs.append(read_document(path))
        except InputError as exc:
            raise _fail(str(exc)) from None
    editions = editions_of(docs[0], docs[1] if len(docs) == 2 else None, lang.value)
    if editions is None:
        raise _fail(f"{paths[0]}: not two editions: it needs paragraphs in two languages "
                    "(or give two files)")
    from .parallel.compare import compare

    comparison = compare(*editions)
    labels = (edition_label(paths[0], editions[0].lang), edition_label(paths[-1], editions[1].lang))
    if format is Format.json:
        typer.echo(json.dumps(to_dict(comparison, labels), ensure_ascii=False, indent=2))
        return
    width = width or shutil.get_terminal_size((120, 24)).columns
    typer.echo(render(comparison, labels, width))


@app.command()
def rules(
    format: FormatOpt = Format.text,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
) -> None:
    """List every rule with its message and an example."""
    import json

    options = Options(select=_split(select), ignore=_split(ignore))
    docs = [d for d in _checker(Options()).rules() if options.enabled(d.id)]
    if format is Format.json:
        typer.echo(json.dumps([
            {"id": d.id, "message": d.message, "example": d.example, "lang": d.lang or "any",
             "max_tier": str(d.max_tier), "opt_in": d.opt_in}
            for d in docs
        ], ensure_ascii=False, indent=2))
        return
    for d in docs:
        opt_in = ", opt-in: --select it" if d.opt_in else ""
        typer.echo(f"{d.id}  [{d.lang or 'any'}, up to {d.max_tier}{opt_in}]\n    {d.message}")
        if d.example:
            typer.echo(f"    e.g. {d.example}")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cleanup {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Find and fix typing and OCR damage in Russian and English transcripts."""


def run() -> None:
    """Console entry point: never a traceback for bad input, 2 for usage errors."""
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("cleanup: interrupted", err=True)
        sys.exit(130)
