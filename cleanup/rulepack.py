"""Rule packs: rules as data in ``rules/<lang>/<category>.toml``.

A pack file holds ``[[rule]]`` tables. Each rule has a ``kind`` from a small
fixed set (see :data:`KINDS`), a message, a confidence, and examples:

    [[rule]]
    name = "space_run"
    kind = "pattern"
    message = "Run of spaces"
    pattern = '(?<=\\S)[ \\u00a0]{2,}(?=\\S)'
    replacement = " "
    confidence = 0.98
    examples = [
      { text = "a  b", fix = "a b" },   # error → expected correction
      { text = "a b" },                  # correct text: must stay untouched
    ]

The rule id is ``<category>.<name>`` for ``rules/common/`` and
``<category>.<lang>.<name>`` for ``rules/ru/`` and ``rules/en/``: the category
is the file name and must be one of :data:`cleanup.model.CATEGORIES`; the
folder gives the language the rule runs on. Rules are data only: patterns are
compiled by the ``regex`` module and templates are expanded by it; nothing in
a rule file is ever executed (tests/test_hostile_rules.py holds us to that).
A rule file is refused, with a message, when it could take the machine down
instead: too big to be a rule file, nested too deep for the TOML parser, or a
pattern whose counted repeats the ``regex`` module would unroll into gigabytes.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import regex

from .model import CATEGORIES, Tier
from .segments import LANGS

KINDS = ("substitution", "pattern")
_FOLDERS = {"common": None, **{lang: lang for lang in LANGS}}
_NAME = regex.compile(r"[a-z][a-z0-9_]*")
_RULE_KEYS = {
    "name", "kind", "message", "confidence", "max_tier", "examples", "lang",
    "pattern", "replacement", "ignore_case", "replace", "note", "opt_in",
}
_EXAMPLE_KEYS = {"text", "fix", "flag"}
# Letters, digits and marks make a word; a substitution only matches whole words.
_WORD_EDGE_BEFORE = r"(?<![\p{L}\p{M}\p{N}])"
_WORD_EDGE_AFTER = r"(?![\p{L}\p{M}\p{N}])"
# A rule file larger than this is not a rule file (the shipped ones are a few KB).
MAX_PACK_BYTES = 4 * 1024 * 1024
# The regex module compiles ``x{N}`` into memory proportional to N, and nested
# counts multiply: ``a{10000000}`` takes 2.6 GB and six seconds, a{4294967294}
# gets the process killed. ``a{100000}`` takes 37 MB, so that is the ceiling
# for the product of all minimum repeat counts in one pattern.
MAX_UNROLLED_REPEATS = 100_000
# Compiling gets slow faster than patterns get long: 5000 empty groups take a
# second, 20000 more than half a minute. The shipped patterns are under 100
# characters; a pattern kind rule of more than this is refused.
MAX_PATTERN_CHARS = 4000
# An escape with braces (\p{L}, \N{...}, \x{41}) or any other escape, or a
# counted repeat {m}, {m,}, {m,n}, {,n}: only the last kind is counted.
_COUNTED_REPEAT = regex.compile(r"\\[pPNxu]\{[^}]*\}|\\.|\{([0-9]*)(?:,[0-9]*)?\}", regex.DOTALL)


class RuleError(ValueError):
    """A rule file is wrong; the message names the file and the rule."""


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    fix: str | None = None  # expected text after applying this rule
    flag: str | None = None  # for report-only rules: the text to be reported


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    kind: str
    message: str
    confidence: float
    max_tier: Tier
    lang: str | None  # None: any language
    regex: "regex.Pattern[str]"
    source: str  # the file it came from, for error messages
    replacement: str | None = None  # pattern kind: a regex template
    table: dict[str, str] = field(default_factory=dict)  # substitution kind
    examples: tuple[Example, ...] = ()
    note: str = ""
    opt_in: bool = False  # runs only when --select names it

    @property
    def category(self) -> str:
        return self.id.split(".", 1)[0]

    def replacement_for(self, match: "regex.Match[str]") -> str | None:
        if self.kind == "substitution":
            key = self._table_key(match.group())
            if key is None:  # cannot happen short of a regex bug: then no change
                return match.group()
            return match_case(match.group(), self.table[key])
        if self.replacement is None:
            return None
        return match.expand(self.replacement)

    def _table_key(self, matched: str) -> str | None:
        key = _fold(matched)
        if key in self.table:
            return key
        # The regex module's case-insensitive match is simple case folding;
        # str.casefold is full folding, and they disagree on a few letters
        # ("İ" matches "i" but folds to "i̇"). Find the key that matched.
        return next(
            (k for k in self.table if regex.fullmatch(_phrase(k), matched, regex.IGNORECASE)),
            None,
        )


def default_rules_dir() -> Path:
    """Rule packs shipped with the tool: inside the wheel, or the checkout's ``rules/``."""
    here = Path(__file__).resolve().parent
    installed = here / "_rules"
    return installed if installed.is_dir() else here.parent / "rules"


def load_rules(dirs: Iterable[Path] | None = None) -> list[Rule]:
    """Load every ``*.toml`` pack below ``dirs`` (default: the shipped packs)."""
    roots = [default_rules_dir()] if dirs is None else [Path(d) for d in dirs]
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for root in roots:
        if not root.is_dir():
            raise RuleError(f"{root}: rule folder not found")
        for path in sorted(root.rglob("*.toml")):
            for rule in load_pack(path, root):
                if rule.id in seen:
                    raise RuleError(
                        f"{path}: rule {rule.id.rsplit('.', 1)[1]!r}: duplicate id {rule.id} "
                        f"(also in {seen[rule.id]})"
                    )
                seen[rule.id] = str(path)
                rules.append(rule)
    return rules


def load_pack(path: Path, root: Path | None = None) -> list[Rule]:
    category = path.stem
    if category not in CATEGORIES:
        raise RuleError(
            f"{path}: file name must be a rule category ({', '.join(CATEGORIES)})"
        )
    folder = path.parent.name if root is None or path.parent != root else "common"
    if folder not in _FOLDERS:
        raise RuleError(f"{path}: folder must be one of {', '.join(_FOLDERS)}")
    if not path.is_file():  # a FIFO or /dev/zero behind a symlink would never end
        raise RuleError(f"{path}: not a regular file")
    if path.stat().st_size > MAX_PACK_BYTES:
        raise RuleError(f"{path}: larger than {MAX_PACK_BYTES // 1024 // 1024} MB; not a rule file")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise RuleError(f"{path}: not valid TOML: {exc}") from None
    except RecursionError:
        raise RuleError(f"{path}: not valid TOML: nested too deep") from None
    except OSError as exc:
        raise RuleError(f"{path}: cannot read: {exc.strerror}") from None
    unknown = set(data) - {"rule"}
    if unknown:
        raise RuleError(f"{path}: unknown top-level key(s) {sorted(unknown)}; rules go in [[rule]]")
    return [_parse_rule(path, category, _FOLDERS[folder], raw) for raw in data.get("rule", [])]


def _parse_rule(path: Path, category: str, folder_lang: str | None, raw: dict) -> Rule:
    name = raw.get("name")
    where = f"{path}: rule {name!r}"
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise RuleError(f"{where}: 'name' must be lower_snake_case")
    unknown = set(raw) - _RULE_KEYS
    if unknown:
        raise RuleError(f"{where}: unknown key(s) {sorted(unknown)}")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise RuleError(f"{where}: unknown kind {kind!r} (valid kinds: {', '.join(KINDS)})")
    message = raw.get("message")
    if not isinstance(message, str) or not message.strip():
        raise RuleError(f"{where}: 'message' is required")
    confidence = raw.get("confidence")
    if isinstance(confidence, bool) or not isinstance(confidence, (int, float)) or not 0 <= confidence <= 1:
        raise RuleError(f"{where}: 'confidence' must be a number in [0, 1]")
    try:
        max_tier = Tier.parse(raw.get("max_tier", "safe"))
    except (ValueError, AttributeError) as exc:
        raise RuleError(f"{where}: max_tier: {exc}") from None
    lang = raw.get("lang", folder_lang)
    if lang is not None and lang not in LANGS:
        raise RuleError(f"{where}: lang must be one of {', '.join(LANGS)}")
    examples = _parse_examples(where, raw.get("examples"))
    # Language-specific rules carry their language in the id, so that
    # `--ignore punct.ru` is possible and ru/en packs never collide.
    rule_id = f"{category}.{folder_lang}.{name}" if folder_lang else f"{category}.{name}"
    common = dict(
        id=rule_id, kind=kind, message=message.strip(), confidence=float(confidence),
        max_tier=max_tier, lang=lang, source=str(path), examples=examples,
        note=str(raw.get("note", "")), opt_in=bool(raw.get("opt_in", False)),
    )
    if kind == "pattern":
        pattern = raw.get("pattern")
        if not isinstance(pattern, str) or not pattern:
            raise RuleError(f"{where}: kind 'pattern' needs 'pattern'")
        if len(pattern) > MAX_PATTERN_CHARS:
            raise RuleError(
                f"{where}: 'pattern' is {len(pattern)} characters long (limit {MAX_PATTERN_CHARS}); "
                "split it into several rules, or use kind 'substitution' for a word list"
            )
        flags = regex.MULTILINE | (regex.IGNORECASE if raw.get("ignore_case") else 0)
        compiled = _compile(where, pattern, flags)
        replacement = raw.get("replacement")
        if replacement is not None:
            if not isinstance(replacement, str):
                raise RuleError(f"{where}: 'replacement' must be a string")
            _check_template(where, compiled, replacement)
        return Rule(regex=compiled, replacement=replacement, **common)
    # substitution
    table = raw.get("replace")
    if not isinstance(table, dict) or not table or not all(
        isinstance(k, str) and isinstance(v, str) and k.strip() for k, v in table.items()
    ):
        raise RuleError(f"{where}: kind 'substitution' needs a 'replace' table of strings")
    folded = {_fold(k): v for k, v in table.items()}
    alternatives = sorted(folded, key=len, reverse=True)
    body = "|".join(_phrase(k) for k in alternatives)
    compiled = _compile(where, f"{_WORD_EDGE_BEFORE}(?:{body}){_WORD_EDGE_AFTER}", regex.IGNORECASE)
    return Rule(regex=compiled, table=folded, **common)


def _parse_examples(where: str, raw) -> tuple[Example, ...]:
    if not isinstance(raw, list) or not raw:
        raise RuleError(f"{where}: 'examples' are required (an error with its fix, and correct text)")
    out = []
    for item in raw:
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise RuleError(f"{where}: each example needs 'text'")
        unknown = set(item) - _EXAMPLE_KEYS
        if unknown:
            raise RuleError(f"{where}: unknown example key(s) {sorted(unknown)}")
        out.append(Example(item["text"], item.get("fix"), item.get("flag")))
    if not any(e.fix is not None or e.flag is not None for e in out):
        raise RuleError(f"{where}: needs an example of the error ('fix' or 'flag')")
    if not any(e.fix is None and e.flag is None for e in out):
        raise RuleError(f"{where}: needs an example of correct text that stays untouched")
    return tuple(out)


def _compile(where: str, pattern: str, flags: int) -> "regex.Pattern[str]":
    unrolled = unrolled_repeats(pattern)
    if unrolled > MAX_UNROLLED_REPEATS:
        raise RuleError(
            f"{where}: bad regex: its counted repeats multiply to more than "
            f"{MAX_UNROLLED_REPEATS}, too big to compile; use an open repeat such as {{2,}} or +"
        )
    try:
        return regex.compile(pattern, flags)
    except (regex.error, OverflowError, ValueError, RecursionError) as exc:
        raise RuleError(f"{where}: bad regex: {exc}") from None


def unrolled_repeats(pattern: str) -> int:
    """An upper bound on how many copies of its parts the regex module
    unrolls ``pattern`` into: the product of every minimum repeat count.
    Treating all counts as nested over-estimates ``a{300}b{400}``, which is
    fine for rules that fix typing damage; it never under-estimates, which
    a parser of brackets and classes could."""
    product = 1
    for m in _COUNTED_REPEAT.finditer(pattern):
        if m.group(1):
            if len(m.group(1)) > 9:  # int() of a 5000-digit count is itself an error
                return 10**10
            product *= max(1, int(m.group(1)))
            if product > MAX_UNROLLED_REPEATS:
                return product
    return product


def _check_template(where: str, compiled: "regex.Pattern[str]", template: str) -> None:
    # Expand against an empty match with the same groups, to catch \9 or
    # \g<nope> now rather than halfway through a user's batch.
    names = {index: name for name, index in compiled.groupindex.items()}
    probe = "".join(
        f"(?P<{names[i]}>)" if i in names else "()" for i in range(1, compiled.groups + 1)
    )
    try:
        regex.compile(probe).match("").expand(template)
    except (regex.error, IndexError) as exc:
        raise RuleError(f"{where}: bad replacement template: {exc}") from None


def _phrase(key: str) -> str:
    # Words of a phrase may be separated by any run of spaces, including NBSP.
    return r"[^\S\r\n]+".join(regex.escape(part) for part in key.split())


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def match_case(original: str, replacement: str) -> str:
    """Give ``replacement`` the case pattern of ``original`` (UPPER, Title, lower)."""
    letters = [c for c in original if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return replacement.upper()
    if letters and letters[0].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement
