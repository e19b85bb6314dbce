"""The `cleanup` command: check, fix, rules.

Exit codes (the contract in docs/design.md):
  check — 0 nothing at or above the fail level, 1 findings, 2 usage or I/O error;
  fix   — 0 nothing changed, 1 something changed or would change, 2 error.
"""

# (No `from __future__ import annotations` here: Typer reads the commands'
# annotations, and as strings it would compile and evaluate each of them,
# twice, at every start — ~100 evals, ~12 M instructions of a one-file check.)

import os
import sys
from enum import Enum
from typing import Annotated, Optional

from .gcpause import collector_paused

with collector_paused():  # (an import's objects are no garbage: see gcpause)
    import typer

    from . import __version__
    from .fileio import InputError, Skipped, read_document, write_atomic
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
    sarif = "sarif"  # SARIF 2.1.0 for code-scanning services
    github = "github"  # GitHub Actions workflow annotations


class Markup(str, Enum):
    critic = "critic"


class Lang(str, Enum):
    auto = "auto"
    ru = "ru"
    en = "en"


class EnglishText(str, Enum):
    auto = "auto"
    typed = "typed"


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
LangOpt = Annotated[
    Optional[Lang], typer.Option("--lang", help="Language; auto (default) decides per paragraph by script.")
]
EnglishTextOpt = Annotated[
    Optional[EnglishText],
    typer.Option("--english-text",
                 help="What the English text is: auto (default; suits OCR and old print) or typed "
                      "(a person typed it: a lower-case word in a paragraph is weighed as a typist's slip, "
                      "so plain typos are fixed)."),
]
ConfigOpt = Annotated[
    Optional[str],
    typer.Option("--config", help="Config file (default: .cleanup.toml, or the tool.cleanup table of pyproject.toml, found upward)."),
]
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
NoCacheOpt = Annotated[
    bool, typer.Option("--no-cache", help="Look at every file afresh; do not use or keep results in the "
                       "result cache (check: each file's report; fix: the files it leaves unchanged; "
                       "also CLEANUP_NO_CACHE=1).")
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


def _confidence_floor(value: Optional[float]) -> None:
    """Refuse a --min-confidence outside [0, 1] (NaN too: no comparison holds for it)."""
    if value is not None and not 0.0 <= value <= 1.0:
        raise _fail(f"--min-confidence must be between 0 and 1, not {value}")


def _options(select, ignore, lang: Optional[Lang], min_confidence: Optional[float], project=None,
             languagetool: Optional[str] = None, english_text: Optional[EnglishText] = None) -> Options:
    _confidence_floor(min_confidence)
    languagetool_url = languagetool.strip() or None if languagetool else None
    if project is None:
        return Options(
            lang=lang.value if lang else "auto", select=_split(select), ignore=_split(ignore),
            min_confidence=SAFE_THRESHOLD if min_confidence is None else min_confidence,
            languagetool_url=languagetool_url, english_text=english_text.value if english_text else "auto",
        )
    from . import config as cfg

    return cfg.options(
        project.config, lang=lang.value if lang else None, select=_split(select), ignore=_split(ignore),
        min_confidence=min_confidence, english_text=english_text.value if english_text else None,
        words=project.words, rejected=project.rejected,
        base=Options(languagetool_url=languagetool_url),
    )


def _with_rules(options: Options, rule_dirs: Optional[list[str]]) -> Options:
    if not rule_dirs:
        return options
    from dataclasses import replace
    from pathlib import Path

    return replace(options, rule_dirs=tuple(Path(d) for d in rule_dirs))


class _Project:
    """The config, the project dictionary and the saved decisions for a run."""

    def __init__(self, config_path: Optional[str]) -> None:
        from . import config as cfg
        from .decisions import DecisionsError, DecisionStore, load_dictionary

        try:
            self.config = cfg.load(config_path)
            dictionary = self.config.dictionary_path
            self.words = frozenset(load_dictionary(dictionary)) if dictionary.exists() else frozenset()
            self.rejected = DecisionStore(self.config.decisions_path).keys()
        except (cfg.ConfigError, DecisionsError) as exc:
            raise _fail(str(exc)) from None

    def globs(self, include, exclude) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """--include replaces the config's include; --exclude adds to its exclude."""
        return (
            _split(include) or self.config.include,
            tuple(dict.fromkeys(self.config.exclude + _split(exclude))),
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


def _inputs(paths: list[str], project: Optional[_Project] = None, include=None, exclude=None,
            encoding: Optional[str] = None):
    """Yield documents or (path, error message), one file after another (for
    the commands that do not go through the batch); notes for skipped files go
    to stderr. include/exclude: the command line's and the config's globs."""
    from .fileio import expand

    if include is None and exclude is None:
        include, exclude = project.globs(None, None) if project is not None else ((), ())
    for item in expand(paths, tuple(include or ()), tuple(exclude or ())):
        if isinstance(item, InputError):
            message = str(item)
            yield message.split(": ", 1)[0], message
            continue
        if isinstance(item, Skipped):
            typer.echo(f"cleanup: {item.path}: {item.reason}", err=True)
            continue
        try:
            yield read_document(item.path, encoding)
        except InputError as exc:
            yield item.path, str(exc)


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
    lang: LangOpt = None,
    min_confidence: Annotated[
        float, typer.Option("--min-confidence", help="Report only findings at least this confident.")
    ] = 0.0,
    fail_level: Annotated[
        Optional[Level], typer.Option("--fail-level", help="Exit 1 when a finding is at or above this tier (default unsafe).")
    ] = None,
    color: ColorOpt = None,
    config: ConfigOpt = None,
    jobs: JobsOpt = 0,
    encoding: EncodingOpt = None,
    include: IncludeOpt = None,
    exclude: ExcludeOpt = None,
    progress: ProgressOpt = None,
    summary: SummaryOpt = None,
    languagetool: LanguageToolOpt = None,
    rules: RulesOpt = None,
    no_cache: NoCacheOpt = False,
    english_text: EnglishTextOpt = None,
) -> None:
    """Report damage, with suggestions and their confidence."""
    from . import batch
    from .report import jsonout

    _confidence_floor(min_confidence)  # (the report's floor; the options' own is the safe threshold)
    project = _Project(config)
    options = _with_rules(_options(select, ignore, lang, SAFE_THRESHOLD, project, languagetool, english_text), rules)
    checker = _checker(options)
    fail_tier = (
        Tier.parse(fail_level.value) if fail_level else project.config.fail_level or Tier.UNSAFE
    )
    colour = _colour(color) and format is Format.text
    paths = list(paths or [])
    if parallel:
        paths += [p for p in parallel if p not in paths]
    if not paths:
        raise _fail("no files given (check PATH... or check --parallel A B)")
    include_globs, exclude_globs = project.globs(include, exclude)
    forced = _encoding(encoding)
    if format is Format.sarif:
        from .report import sarif

        report_json = sarif.Collected(checker.rules(), fail_tier)
    elif format is Format.github:
        from .report import github  # (here: other formats need not load it, nor SARIF's module)

        report_json = github.Streamed(fail_tier)
    else:
        report_json = jsonout.Streamed()
    from .fileio import expand

    # The paths walked once: the pairing of editions and the batch read the same list.
    expanded = list(expand(paths, include_globs, exclude_globs))
    cfg = batch.BatchConfig(
        mode="check", options=options, colour=colour,
        # SARIF and annotations are renderings of the JSON report's entries
        report="json" if format in (Format.json, Format.sarif, Format.github) else format.value,
        min_confidence=min_confidence, encoding=forced, cache=not no_cache,
        extra_findings=_parallel_findings(paths, parallel, options, include_globs, exclude_globs, forced,
                                          expanded=expanded),
    )
    raise typer.Exit(batch.run(
        paths, cfg, jobs=jobs, include=include_globs, exclude=exclude_globs,
        fail_tier=fail_tier, progress=progress, summary=summary, checker=checker,
        report_json=report_json, expanded=expanded,
    ))


@app.command()
def fix(
    paths: PathsArg,
    stdout: Annotated[bool, typer.Option("--stdout", help="Write the cleaned text of one file to stdout.")] = False,
    diff: Annotated[bool, typer.Option("--diff", help="Print a unified diff; write nothing.")] = False,
    word: Annotated[
        bool, typer.Option("--word", help="With --diff: mark changed words inside lines (for prose whose lines are paragraphs).")
    ] = False,
    markup: Annotated[
        Optional[Markup],
        typer.Option("--markup", help="Print an edition with each fix marked up as a proposal (CriticMarkup); write nothing."),
    ] = None,
    unsafe: Annotated[
        bool, typer.Option("--unsafe", help=f"Also apply unsafe fixes (confidence ≥ {UNSAFE_THRESHOLD}).")
    ] = False,
    min_confidence: Annotated[
        Optional[float],
        typer.Option("--min-confidence", help=f"Apply fixes at least this confident (default {SAFE_THRESHOLD})."),
    ] = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    lang: LangOpt = None,
    config: ConfigOpt = None,
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
    rules: RulesOpt = None,
    no_cache: NoCacheOpt = False,
    english_text: EnglishTextOpt = None,
) -> None:
    """Apply fixes at or above the confidence threshold (safe ones by default), in place."""
    from . import batch
    from .report.worddiff import word_diff

    if stdout and diff:
        raise _fail("--stdout and --diff cannot be used together")
    if markup is not None and (stdout or diff):
        raise _fail("--markup prints its own edition; it cannot be used with --stdout or --diff")
    if word and not diff:
        raise _fail("--word goes with --diff")
    threshold = min_confidence if min_confidence is not None else (UNSAFE_THRESHOLD if unsafe else None)
    project = _Project(config)
    checker = _checker(_with_rules(_options(select, ignore, lang, threshold, project, languagetool, english_text), rules))
    if markup is not None:
        from .report.critic import markup as critic_markup

        if len(paths) != 1:
            raise _fail("--markup takes exactly one file")
        try:
            doc = read_document(paths[0], _encoding(encoding))
        except InputError as exc:
            raise _fail(str(exc)) from None
        result = checker.fix(doc)
        sys.stdout.write(critic_markup(doc.text, result.edits))
        sys.stdout.flush()
        raise typer.Exit(EXIT_FINDINGS if result.edits else EXIT_OK)
    if "-" in paths and len(paths) > 1 and not diff:
        # The cleaned stdin text has nowhere to go beside files fixed in place.
        raise _fail("'-' (standard input) cannot be fixed together with files; fix it alone")
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

    include_globs, exclude_globs = project.globs(include, exclude)
    if diff and word:
        # The word diff reads whole files, one after another (review-sized work).
        worst = EXIT_OK
        for item in _inputs(paths, project, include_globs, exclude_globs, _encoding(encoding)):
            if isinstance(item, tuple):
                typer.echo(f"cleanup: {item[1]}", err=True)
                worst = EXIT_ERROR
                continue
            result = checker.fix(item)
            for w in result.warnings:
                typer.echo(f"cleanup: warning: {w}", err=True)
            if result.changed:
                sys.stdout.write(word_diff(item, result.text))
                worst = max(worst, EXIT_FINDINGS)
        raise typer.Exit(worst)
    cfg = batch.BatchConfig(
        mode="diff" if diff else "fix", options=checker.options, encoding=_encoding(encoding),
        follow_symlinks=follow_symlinks, cache=not no_cache,
    )
    raise typer.Exit(batch.run(
        paths, cfg, jobs=jobs, include=include_globs, exclude=exclude_globs,
        progress=progress, summary=summary, checker=checker,
    ))


def _parallel_findings(paths, parallel, options: Options, include=(), exclude=(), encoding=None,
                       expanded=None) -> dict:
    """Findings of file pairs checked as editions: the --parallel pair, files
    paired by name (NAME.ru.txt with NAME.en.txt), and a file whose other
    edition lies beside it unchecked (used as evidence only), keyed by path
    as the batch will name the file. Only files in a pair are read here; the
    batch reads the rest in its workers and merges these findings in."""
    from .fileio import FileRef, expand
    from .parallel.pairing import pair_by_name, pair_findings, partner_path

    if expanded is None:  # (what expand(paths, include, exclude) gave, when the caller has it)
        expanded = expand(paths, include, exclude)
    listed = [item.path for item in expanded if isinstance(item, FileRef) and item.path != "-"]
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
def review(
    paths: PathsArg,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    lang: LangOpt = None,
    min_confidence: Annotated[
        float, typer.Option("--min-confidence", help="Ask only about findings at least this confident.")
    ] = 0.0,
    config: ConfigOpt = None,
    languagetool: LanguageToolOpt = None,
    english_text: EnglishTextOpt = None,
) -> None:
    """Decide finding by finding in the terminal; decisions are saved, the file written when done."""
    from .decisions import DecisionStore, Dictionary
    from .pipeline import checker_for
    from .review import Session, TerminalUI

    if "-" in paths:
        raise _fail("review changes files in place; it cannot read standard input")
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise _fail("review needs a terminal; in scripts use check (report) or fix (apply)")
    _confidence_floor(min_confidence)
    project = _Project(config)
    options = _options(select, ignore, lang, None, project, languagetool, english_text)
    _checker(options)  # rule packs load (or fail with a clear message) before the first question
    ui = TerminalUI()
    failed = False

    def write(doc, text: str) -> None:
        nonlocal failed
        try:
            write_atomic(doc.path, doc.encode(text))
        except InputError as exc:
            ui.say(f"cleanup: {exc}")
            failed = True
        except OSError as exc:
            ui.say(f"cleanup: {doc.path}: cannot write: {exc.strerror}")
            failed = True

    def docs():
        nonlocal failed
        for item in _inputs(paths, project):
            if isinstance(item, tuple):
                typer.echo(f"cleanup: {item[1]}", err=True)
                failed = True
                continue
            yield item

    session = Session(
        ui, options, DecisionStore(project.config.decisions_path), Dictionary(project.config.dictionary_path),
        lambda opts, path: checker_for(opts), min_confidence, write,
    )
    session.run(docs())
    c = session.counts
    ui.say(f"{c['accepted']} accepted, {c['rejected']} rejected, {c['words']} added to the dictionary, "
           f"{c['skipped']} left for next time")
    raise typer.Exit(EXIT_ERROR if failed or session.failed else EXIT_OK)


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


def _app_for(argv: list[str]) -> typer.Typer:
    """``app`` with only the command ``argv`` names, when it names one.
    Typer builds every command's options from its signature at each start
    (~10 ms, a few per cent of a pre-commit hook's run) and a run uses one;
    the command and the group around it are the same, so its help, usage
    and errors are too. Anything else (no command, an unknown one, --help)
    gets the whole app."""
    if argv and not argv[0].startswith("-"):
        for info in app.registered_commands:
            if (info.name or info.callback.__name__.lower().replace("_", "-")) == argv[0]:
                import copy

                trimmed = copy.copy(app)
                trimmed.registered_commands = [info]
                return trimmed
    return app


def run() -> None:
    """Console entry point: never a traceback for bad input, 2 for usage errors."""
    from .batch import tune_gc

    tune_gc()
    try:
        try:
            _app_for(sys.argv[1:])()
        except KeyboardInterrupt:
            typer.echo("cleanup: interrupted", err=True)
            sys.exit(130)
    except SystemExit as exc:
        _exit_now(exc)
        raise


def _exit_now(exc: SystemExit) -> None:
    """End the process at once with ``exc``'s status, as Python's own exit
    would, but without taking the heap apart object by object: a check
    leaves lexicons, form tables and caches of millions of small objects,
    and freeing them at exit cost ~0.55 s CPU after a 1.5 MB check (~13 %
    of the run). The output is flushed and the atexit handlers run first,
    as they would be. Returns (and the exit takes its ordinary course)
    when the status is not a number, when another thread still runs (an
    ordinary exit waits for it), or when the output cannot be flushed (an
    ordinary exit reports that)."""
    import threading

    code = exc.code
    if code is None:
        code = 0
    if type(code) is not int or threading.active_count() > 1:
        return
    streams = []
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        if stream is not None and all(stream is not s for s in streams):
            streams.append(stream)
    try:
        for stream in streams:
            stream.flush()
    except (OSError, ValueError):
        return
    import atexit

    atexit._run_exitfuncs()
    for stream in streams:
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code & 0xFF)
