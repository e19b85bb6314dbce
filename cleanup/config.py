"""Project configuration: ``[tool.cleanup]`` in pyproject.toml, or ``.cleanup.toml``.

Found by walking up from the working directory: the first folder holding a
``.cleanup.toml``, a ``pyproject.toml`` with a ``[tool.cleanup]`` table, a
``.cleanup/`` folder or ``.git`` is the project root. Paths in the config
(dictionary, decisions, globs) are relative to that root. The config is data
only — nothing in it is executed. An unknown key or a bad value stops the
run with one line that names the file and the key (exit 2).

Keys (``-`` and ``_`` are interchangeable)::

    lang = "auto"                 # or "ru" / "en"; alias: languages = ["ru", "en"]
    select = ["whitespace", "punct"]
    ignore = ["layout"]
    min-confidence = 0.9          # what `fix` applies (the safe threshold by default)
    fail-level = "unsafe"         # `check`: lowest tier that makes the exit code 1
    dictionary = ".cleanup/dictionary.txt"
    decisions = ".cleanup/decisions.toml"
    include = ["*.txt", "*.md"]   # files to look at, as --include (replaced by it)
    exclude = ["drafts/**"]       # as --exclude (added to it); named files too
    inline-suppression = true     # honour [sic] and [verbatim] marks
    english-text = "auto"         # or "typed": a person typed the English (its typos are fixed)
    [tool.cleanup.per-path-ignores]
    "quotes/**" = ["spelling"]

Command-line options win: ``--select``, ``--lang``, ``--min-confidence``,
``--fail-level``, ``--english-text`` and ``--include`` replace the configured value; ``--ignore``
and ``--exclude`` add to it. include/exclude patterns mean what they mean on
the command line (cleanup.fileio: relative to the folder walked, or to the
working directory for a named file; no ``/``: a name at any depth).
``per-path-ignores`` globs are relative to the project root.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import regex

from .decisions import DECISIONS_NAME, DEFAULT_DIR, DICTIONARY_NAME
from .model import Tier
from .options import ENGLISH_TEXTS, Options
from .valueclass import ValueClass

CONFIG_NAME = ".cleanup.toml"
PYPROJECT = "pyproject.toml"
LANGS = ("auto", "ru", "en")


class ConfigError(Exception):
    """A config file is wrong; the message is one line naming the file and key."""


class Config(ValueClass):
    """A project's settings, as read from its config file. (A plain class,
    compared and printed by value as the frozen dataclass it was: a
    dataclass is made by exec'ing generated code at every start,
    cleanup/valueclass.py.)"""

    __slots__ = _FIELD_NAMES = (
        "root", "source", "lang", "select", "ignore", "min_confidence", "fail_level", "dictionary", "decisions",
        "include", "exclude", "inline_suppression", "per_path_ignores", "english_text",
    )

    def __init__(
        self,
        root: Path,  # the project root: paths below are relative to it
        source: Path | None = None,  # the file read, if any
        lang: str | None = None,
        select: tuple[str, ...] | None = None,
        ignore: tuple[str, ...] = (),
        min_confidence: float | None = None,
        fail_level: Tier | None = None,
        dictionary: Path | None = None,
        decisions: Path | None = None,
        include: tuple[str, ...] = (),
        exclude: tuple[str, ...] = (),
        inline_suppression: bool = True,
        per_path_ignores: tuple[tuple[str, tuple[str, ...]], ...] = (),
        english_text: str | None = None,  # Options.english_text
    ) -> None:
        self.root, self.source, self.lang, self.select, self.ignore = root, source, lang, select, ignore
        self.min_confidence, self.fail_level, self.dictionary, self.decisions = (
            min_confidence, fail_level, dictionary, decisions)
        self.include, self.exclude, self.inline_suppression = include, exclude, inline_suppression
        self.per_path_ignores, self.english_text = per_path_ignores, english_text

    @property
    def dictionary_path(self) -> Path:
        return self.dictionary or self.root / DEFAULT_DIR / DICTIONARY_NAME

    @property
    def decisions_path(self) -> Path:
        return self.decisions or self.root / DEFAULT_DIR / DECISIONS_NAME


def ignored_for_path(path: str, per_path: tuple[tuple[str, tuple[str, ...]], ...],
                     root: str | None) -> tuple[str, ...]:
    """Rules ``per-path-ignores`` turns off for ``path`` (relative to ``root``)."""
    rel = os.path.relpath(os.path.abspath(path), root or os.getcwd())
    if rel == ".." or rel.startswith(".." + os.sep):
        return ()
    rel = Path(rel).as_posix()
    return tuple(r for glob, rules in per_path if glob_match(glob, rel) for r in rules)


# ---- finding and reading ---------------------------------------------------------


def find_root(start: Path | None = None) -> tuple[Path, Path | None]:
    """The project root and its config file (None: no config, defaults apply)."""
    start = (start or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder, folder / CONFIG_NAME
        pyproject = folder / PYPROJECT
        if pyproject.is_file() and _has_tool_table(pyproject):
            return folder, pyproject
        if (folder / DEFAULT_DIR).is_dir() or (folder / ".git").exists():
            return folder, None
    return start, None


def _has_tool_table(pyproject: Path) -> bool:
    """Does ``pyproject`` hold a [tool.cleanup] table? The answer is kept on
    disk under the file's path, size and modification time
    (:func:`diskcache.kept_for_files`): a run in a Python project without
    the table parsed its pyproject.toml at every start, tomllib's import
    included (~16 M instructions of a one-file check), and one with it
    parsed the file twice."""
    from . import diskcache

    return diskcache.kept_for_files("pyproject", [os.fsdecode(pyproject)], _tool_table_of)


def _tool_table_of(paths: list[str]) -> bool:
    (path,) = paths
    return _tool_table_read(Path(path))


def _tool_table_read(pyproject: Path) -> bool:
    try:
        return "cleanup" in _read_toml(pyproject).get("tool", {})
    except ConfigError:
        # A broken pyproject.toml is someone else's business unless it is ours.
        return "[tool.cleanup" in pyproject.read_text(encoding="utf-8", errors="replace")


def load(path: Path | str | None = None, start: Path | None = None) -> Config:
    """The config named by ``path`` (``--config``), or the one found upward from ``start``."""
    if path is not None:
        source = Path(path)
        if not source.is_file():
            raise ConfigError(f"{path}: no such config file")
        root = source.resolve().parent
    else:
        root, source = find_root(start)
        if source is None:
            return Config(root=root)
    data = _read_toml(source)
    if source.name == PYPROJECT:
        table = data.get("tool", {}).get("cleanup")
        if table is None:
            raise ConfigError(f"{source}: no [tool.cleanup] table")
        where = "[tool.cleanup]"
    else:
        table, where = data, ""
    return parse(table, root=root, source=source, where=where)


def _read_toml(path: Path) -> dict:
    import tomllib  # (here: most runs find no config file to read; the import costs ~14 M instructions)

    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None


_KEYS = (
    "lang", "languages", "select", "ignore", "min-confidence", "fail-level", "dictionary",
    "decisions", "include", "exclude", "inline-suppression", "per-path-ignores", "per-file-ignores",
    "english-text",
)


def parse(table: dict, root: Path, source: Path | None = None, where: str = "") -> Config:
    name = f"{source or 'config'}" + (f": {where}" if where else "")

    def bad(key: str, expected: str, value: object) -> ConfigError:
        return ConfigError(f"{name}: {key} must be {expected}, not {value!r}")

    values: dict[str, object] = {}
    for raw_key, value in table.items():
        key = raw_key.replace("_", "-")
        if key not in _KEYS:
            valid = ", ".join(k for k in _KEYS if k not in ("languages", "per-file-ignores"))
            raise ConfigError(f"{name}: unknown key {raw_key!r} (valid: {valid})")
        values[key] = value

    def strings(key: str) -> tuple[str, ...] | None:
        if key not in values:
            return None
        value = values[key]
        if isinstance(value, str):
            value = [v for v in value.split(",")]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise bad(key, "a list of strings", value)
        return tuple(v.strip() for v in value if v.strip())

    def path(key: str) -> Path | None:
        if key not in values:
            return None
        value = values[key]
        if not isinstance(value, str) or not value.strip():
            raise bad(key, "a path (string)", value)
        return root / value

    out: dict[str, object] = {}
    if "lang" in values and "languages" in values:
        raise ConfigError(f"{name}: give lang or languages, not both")
    for key in ("lang", "languages"):
        if key in values:
            value = values[key]
            langs = [value] if isinstance(value, str) else value
            if not isinstance(langs, list) or not langs or not all(v in LANGS for v in langs):
                raise bad(key, f"one of {', '.join(LANGS)} (or a list of ru, en)", value)
            out["lang"] = langs[0] if len(set(langs)) == 1 else "auto"
    if (select := strings("select")) is not None:
        out["select"] = select
    out["ignore"] = strings("ignore") or ()
    out["include"] = strings("include") or ()
    out["exclude"] = strings("exclude") or ()
    if "min-confidence" in values:
        value = values["min-confidence"]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
            raise bad("min-confidence", "a number between 0 and 1", value)
        out["min_confidence"] = float(value)
    if "fail-level" in values:
        value = values["fail-level"]
        try:
            out["fail_level"] = Tier.parse(value) if isinstance(value, str) else None
        except ValueError:
            out["fail_level"] = None
        if out["fail_level"] is None:
            raise bad("fail-level", "one of safe, unsafe, display", value)
    out["dictionary"] = path("dictionary")
    out["decisions"] = path("decisions")
    if "inline-suppression" in values:
        if not isinstance(values["inline-suppression"], bool):
            raise bad("inline-suppression", "true or false", values["inline-suppression"])
        out["inline_suppression"] = values["inline-suppression"]
    if "english-text" in values:
        if values["english-text"] not in ENGLISH_TEXTS:
            raise bad("english-text", f"one of {', '.join(ENGLISH_TEXTS)}", values["english-text"])
        out["english_text"] = values["english-text"]
    per_path = []
    for key in ("per-path-ignores", "per-file-ignores"):
        if key not in values:
            continue
        table_value = values[key]
        if not isinstance(table_value, dict):
            raise bad(key, 'a table of glob = ["rule", ...]', table_value)
        for glob, rules in table_value.items():
            if isinstance(rules, str):
                rules = rules.split(",")
            if not isinstance(rules, list) or not all(isinstance(r, str) for r in rules):
                raise bad(f"{key}.{glob!r}", "a list of rule ids or prefixes", rules)
            per_path.append((glob, tuple(r.strip() for r in rules if r.strip())))
    out["per_path_ignores"] = tuple(per_path)
    return Config(root=root, source=source, **out)


# ---- options --------------------------------------------------------------------


def options(
    config: Config,
    *,
    lang: str | None = None,
    select: tuple[str, ...] = (),
    ignore: tuple[str, ...] = (),
    min_confidence: float | None = None,
    english_text: str | None = None,
    words: frozenset[str] = frozenset(),
    rejected: frozenset[tuple[str, str, str, str]] = frozenset(),
    base: Options | None = None,
) -> Options:
    """Options from the config, with command-line values winning."""
    from .model import SAFE_THRESHOLD

    base = base or Options()
    return replace(
        base,
        lang=lang or config.lang or base.lang,
        select=select or config.select or base.select,
        ignore=tuple(dict.fromkeys(config.ignore + ignore)),
        min_confidence=min_confidence if min_confidence is not None else (
            config.min_confidence if config.min_confidence is not None else SAFE_THRESHOLD
        ),
        words=base.words | words,
        rejected=base.rejected | rejected,
        inline_suppression=config.inline_suppression,
        per_path_ignores=config.per_path_ignores,
        project_root=str(config.root),
        english_text=english_text or config.english_text or base.english_text,
    )


# ---- globs ------------------------------------------------------------------------

_GLOB_CACHE: dict[str, regex.Pattern] = {}


def glob_match(glob: str, rel_path: str) -> bool:
    """gitignore-style: a glob without ``/`` matches a file name at any depth;
    ``**`` spans folders; a glob naming a folder matches everything under it."""
    pattern = _GLOB_CACHE.get(glob)
    if pattern is None:
        pattern = _GLOB_CACHE[glob] = regex.compile(_glob_regex(glob))
    return pattern.fullmatch(rel_path) is not None


def _glob_regex(glob: str) -> str:
    anchored = "/" in glob.rstrip("/")
    body = glob.strip("/")
    out, i = [], 0
    while i < len(body):
        c = body[i]
        if body.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if body.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            close = body.find("]", i + 1)
            if close == -1:
                out.append(regex.escape(c))
            else:
                chars = body[i + 1 : close].replace("\\", "\\\\")
                out.append("[" + ("^" + chars[1:] if chars.startswith("!") else chars) + "]")
                i = close
        else:
            out.append(regex.escape(c))
        i += 1
    prefix = "" if anchored else "(?:.*/)?"
    return prefix + "".join(out) + "(?:/.*)?"
