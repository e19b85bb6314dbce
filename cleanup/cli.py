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
from .fileio import InputError, Skipped, collect, read_document, write_atomic
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
RulesOpt = Annotated[
    Optional[list[str]],
    typer.Option("--rules", metavar="DIR",
                 help="Your own rule packs (DIR/<lang>/<category>.toml), used beside the shipped ones; repeatable."),
]
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


def _with_rules(options: Options, rule_dirs: Optional[list[str]]) -> Options:
    if not rule_dirs:
        return options
    from dataclasses import replace
    from pathlib import Path

    return replace(options, rule_dirs=tuple(Path(d) for d in rule_dirs))


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
    languagetool: LanguageToolOpt = None,
    rules: RulesOpt = None,
) -> None:
    """Report damage, with suggestions and their confidence."""
    from .report import jsonout
    from .report.text import format_finding

    options = _with_rules(_options(select, ignore, lang, SAFE_THRESHOLD, languagetool), rules)
    checker = _checker(options)
    fail_tier = Tier.parse(fail_level.value)
    colour = _colour(color) and format is Format.text
    files, warnings, errors = [], [], []
    worst = EXIT_OK
    paths = list(paths or [])
    if parallel:
        paths += [p for p in parallel if p not in paths]
    if not paths:
        raise _fail("no files given (check PATH... or check --parallel A B)")
    items = list(_inputs(paths))
    cross = _parallel_findings(items, parallel, options)
    for item in items:
        if isinstance(item, tuple):
            path, message = item
            typer.echo(f"cleanup: {message}", err=True)
            errors.append({"path": path, "message": message})
            worst = EXIT_ERROR
            continue
        result = checker.check(item)
        if cross.get(id(item)):
            from .resolve import resolve

            result.findings = resolve(result.findings + cross[id(item)], options)
        shown = [f for f in result.findings if f.confidence >= min_confidence]
        for w in result.warnings:
            typer.echo(f"cleanup: warning: {w}", err=True)
            warnings.append(w)
        if any(f.tier >= fail_tier for f in shown) and worst == EXIT_OK:
            worst = EXIT_FINDINGS
        if format is Format.json:
            files.append(jsonout.file_dict(item, shown))
        else:
            for f in shown:
                typer.echo(format_finding(item, f, colour))
    if format is Format.json:
        typer.echo(jsonout.dumps(files, warnings, errors))
    raise typer.Exit(worst)


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
    languagetool: LanguageToolOpt = None,
    rules: RulesOpt = None,
) -> None:
    """Apply fixes at or above the confidence threshold (safe ones by default), in place."""
    from .report.diff import unified

    if stdout and diff:
        raise _fail("--stdout and --diff cannot be used together")
    threshold = min_confidence if min_confidence is not None else (
        UNSAFE_THRESHOLD if unsafe else SAFE_THRESHOLD
    )
    checker = _checker(_with_rules(_options(select, ignore, lang, threshold, languagetool), rules))
    to_stdout = stdout or paths == ["-"]
    if to_stdout and not diff:
        if len(paths) != 1:
            raise _fail("--stdout takes exactly one file")
        try:
            doc = read_document(paths[0])
        except InputError as exc:
            raise _fail(str(exc)) from None
        result = checker.fix(doc)
        sys.stdout.buffer.write(doc.encode(result.text))
        sys.stdout.buffer.flush()
        raise typer.Exit(EXIT_FINDINGS if result.changed else EXIT_OK)

    worst = EXIT_OK
    for item in _inputs(paths):
        if isinstance(item, tuple):
            typer.echo(f"cleanup: {item[1]}", err=True)
            worst = EXIT_ERROR
            continue
        result = checker.fix(item)
        for w in result.warnings:
            typer.echo(f"cleanup: warning: {w}", err=True)
        if not result.changed:
            continue
        if diff:
            sys.stdout.write(unified(item, result.text))
        else:
            try:
                write_atomic(item.path, item.encode(result.text))
            except InputError as exc:
                typer.echo(f"cleanup: {exc}", err=True)
                worst = EXIT_ERROR
                continue
            except OSError as exc:
                typer.echo(f"cleanup: {item.path}: cannot write: {exc.strerror}", err=True)
                worst = EXIT_ERROR
                continue
            typer.echo(f"fixed {item.path} ({len(result.edits)} edits)", err=True)
        worst = max(worst, EXIT_FINDINGS)
    raise typer.Exit(worst)


def _parallel_findings(items, parallel, options: Options) -> dict:
    """Findings of file pairs checked as editions: the --parallel pair, files
    paired by name (NAME.ru.txt with NAME.en.txt), and a file whose other
    edition lies beside it unchecked (used as evidence only), keyed by id()
    of the document."""
    from .parallel.pairing import pair_by_name, pair_findings, partner_path

    docs = {item.path: item for item in items if not isinstance(item, tuple)}
    pairs = pair_by_name(list(docs))
    if parallel and all(p in docs for p in parallel) and parallel[0] != parallel[1]:
        pairs.append(tuple(parallel))
    paired = {p for pair in pairs for p in pair}
    for path in list(docs):
        partner = None if path in paired else partner_path(path)
        if partner is not None and partner not in docs:
            try:
                docs[partner] = read_document(partner)
            except InputError:
                continue  # evidence only: an unreadable partner is no error of this run
            pairs.append((path, partner))
    cross: dict[int, list] = {}
    for path_a, path_b in dict.fromkeys(pairs):
        found_a, found_b = pair_findings(docs[path_a], docs[path_b], options)
        cross.setdefault(id(docs[path_a]), []).extend(found_a)
        cross.setdefault(id(docs[path_b]), []).extend(found_b)
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
    rules: RulesOpt = None,
) -> None:
    """List every rule with its message and an example."""
    import json

    options = Options(select=_split(select), ignore=_split(ignore))
    docs = [d for d in _checker(_with_rules(Options(), rules)).rules() if options.enabled(d.id)]
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
