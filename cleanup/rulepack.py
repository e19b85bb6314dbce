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

A rule may name a ``trigger``: a string, or a list of strings, one of which
every match of the rule contains or touches (the text the pattern only looks
at counts: ``trigger = [" ,", " ."]`` for a space before a comma or period).
The engine then runs the rule only on paragraphs (or, for a rule of any
language, documents) where a trigger occurs, and skips the rest without
running the regex: most rules look for something rare, and scanning every
paragraph for it is most of the engine's time. The end of the text counts as
a line break (``" \n"`` is a trigger for spaces at the end of the text too).
A trigger is matched as case-insensitively as the rule (``ignore_case``).
Loading checks it against the rule's examples: a match of an example with no
trigger in reach refuses the rule. A substitution rule gets its triggers
from its table (the longest word of each entry). A rule without a trigger
runs everywhere.

A rule of any language whose matches are runs of a few characters (spaces
before a comma) may say so: ``made_of = "[ \\u00a0]"``, a character class.
With triggers, the rule is then tried only at the runs of those characters
in reach of a trigger, not over the whole text: the same matches, since no
match can hold another character. Loading refuses it with ``\\K`` in the
pattern, or when an example's match is empty or holds another character.
Such a rule may also say what every match follows: ``follows =
"[\\p{L}\\p{N}]"``, a character class that the character before each match
is in, unless the match starts the text (the pattern's leading look-behind,
said again as data). A place of a run after any other character is then
passed over without a call of the regex module, which costs more than the
test. Loading refuses it without ``made_of`` or ``starts_within``, or when an
example's match does not follow such a character.

A rule of one language with triggers may say how far before a trigger its
matches start: ``starts_within = 8`` (every match starts at most 8
characters before the start of a trigger it contains or touches, or at its
end at the latest). The rule is then tried, by a ``match`` call, only at
those places of the paragraphs (those that ``follows`` lets through, when it
is given: a word's start for a rule that starts with a word), not scanned
over the paragraphs: the regex module cannot skip to a pattern that starts
with a look-behind, and tries it at every character. Loading refuses it
with ``made_of`` or a ``gate``, or when an example's match starts elsewhere.

A rule that no literal string announces may name a ``gate`` from
:data:`GATES` instead: a cheap test, written in code, that every paragraph
(or text) the rule matches in passes. ``gate = "repeated_word"`` (two
neighbouring words the same) is the gate of ``grammar.en.doubled_word``.
A gate may come with a second test, in :data:`GATE_SPANS`, that says where
in a span it passed the rule can match; the rule is then scanned only there
(around each pair of twins, for ``repeated_word``).

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

import json
import re
from collections.abc import Iterable
from array import array
from bisect import bisect_left
from functools import lru_cache
from itertools import compress
from operator import eq as _eq  # (map calls it without a tuple of arguments per pair, unlike bytes.__eq__)
from pathlib import Path

import regex

from .lazypattern import LazyPattern, compiled_once
from .model import CATEGORIES, Tier
from .segments import LANGS
from .spelling import speedups
from .valueclass import ValueClass

KINDS = ("substitution", "pattern")
_FOLDERS = {"common": None, **{lang: lang for lang in LANGS}}
_NAME = r"[a-z][a-z0-9_]*"  # (patterns kept as text are compiled when first used: see compiled_once())
_RULE_KEYS = {
    "name", "kind", "message", "confidence", "max_tier", "examples", "lang",
    "pattern", "replacement", "ignore_case", "replace", "note", "opt_in", "trigger",
    "gate", "made_of", "follows", "starts_within",
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
_COUNTED_REPEAT = r"(?s)\\[pPNxu]\{[^}]*\}|\\.|\{([0-9]*)(?:,[0-9]*)?\}"


class RuleError(ValueError):
    """A rule file is wrong; the message names the file and the rule."""


class Example(ValueClass):
    """A rule's example. (A :class:`ValueClass`, equal by value as a frozen
    dataclass: making a dataclass's methods costs ~3.5 M instructions at
    every start.)"""

    __slots__ = _FIELD_NAMES = ("text", "fix", "flag")

    def __init__(self, text: str, fix: str | None = None, flag: str | None = None) -> None:
        self.text = text
        self.fix = fix  # expected text after applying this rule
        self.flag = flag  # for report-only rules: the text to be reported


class Rule(ValueClass):
    """One rule of a pack. (A :class:`ValueClass`, equal and printed by its
    fields but ``compiled`` and ``programs``, as the frozen dataclass it was:
    making a dataclass's methods costs ~3.5 M instructions at every start,
    more for twenty fields.)

    ``lang``: None for any language. ``pattern``: compiled by the regex
    module with ``flags`` (see :attr:`regex`). ``source``: the file it came
    from, for error messages. ``replacement``: pattern kind, a regex
    template; ``table``: substitution kind. ``opt_in``: runs only when
    --select names it. ``triggers``: strings one of which every match
    contains or touches (see the module docstring); empty: no prefilter, the
    rule runs everywhere. ``gate``: a name from GATES, a cheap test a
    paragraph must pass first. ``made_of_pattern``: a character class every
    match is a run of (pattern kind, with triggers), as the pattern
    "[...]+": the rule is then tried only on such runs next to a trigger
    (see :attr:`made_of`). ``follows``: a character class the character
    before every match is in (with ``made_of`` or ``starts_within`` only), or
    None. ``starts_within``: how many characters before a trigger every match
    starts at most, or None. ``trigger_keys``: how to look for the triggers
    (trigger_keys()); None: worked out here; ``trigger_set``, the same as a
    set (its hashes are kept, a tuple's are not), is always worked out here.

    ``compiled``: [regex, made_of] once compiled. A rule from the pack cache
    (load_rules) is compiled when first run: most rules never run on a small
    file, and compiling them all was most of a start. ``programs``: (regex,
    made_of) as the regex module pickles a compiled pattern — its compiled
    program, as data (see _program) — when the pack cache holds them:
    rebuilding a pattern from it costs a hundredth of compiling it (parsing
    and optimising the pattern in Python, some 40 ms for all the shipped
    rules, a few % of checking a few hundred KB). None: compiled."""

    _FIELD_NAMES = ("id", "kind", "message", "confidence", "max_tier", "lang", "pattern", "flags", "source",
                    "replacement", "table", "examples", "note", "opt_in", "triggers", "gate", "made_of_pattern",
                    "trigger_keys", "trigger_set", "follows", "starts_within")
    __slots__ = (*_FIELD_NAMES, "compiled", "programs")

    def __init__(self, id: str, kind: str, message: str, confidence: float, max_tier: Tier, lang: str | None,
                 pattern: str, flags: int, source: str, replacement: str | None = None,
                 table: dict[str, str] | None = None, examples: tuple[Example, ...] = (), note: str = "",
                 opt_in: bool = False, triggers: tuple[str, ...] = (), gate: str | None = None,
                 made_of_pattern: str | None = None, trigger_keys: tuple[tuple[str, bool], ...] | None = None,
                 trigger_set: frozenset = frozenset(), compiled: list | None = None,
                 programs: tuple | None = None, follows: str | None = None,
                 starts_within: int | None = None) -> None:
        self.id = id
        self.kind = kind
        self.message = message
        self.confidence = confidence
        self.max_tier = max_tier
        self.lang = lang
        self.pattern = pattern
        self.flags = flags
        self.source = source
        self.replacement = replacement
        self.table = {} if table is None else table
        self.examples = examples
        self.note = note
        self.opt_in = opt_in
        self.triggers = triggers
        self.gate = gate
        self.made_of_pattern = made_of_pattern
        self.follows = follows
        self.starts_within = starts_within
        self.trigger_keys = trigger_keys
        self.compiled = [None, None] if compiled is None else compiled
        self.programs = programs
        self._work_out_triggers()

    def _work_out_triggers(self) -> None:
        """``trigger_keys`` when not given, and ``trigger_set``. (A method of
        its own: in ``__init__`` the parameter hides the function's name.)"""
        if self.trigger_keys is None:
            self.trigger_keys = trigger_keys(self.triggers, bool(self.flags & regex.IGNORECASE))
        self.trigger_set = frozenset(self.trigger_keys)

    @property
    def regex(self) -> "regex.Pattern[str]":
        compiled = self.compiled[0]
        if compiled is None:
            compiled = self.compiled[0] = _rebuilt(self.programs, 0, self.pattern, self.flags) or regex.compile(self.pattern, self.flags)
        return compiled

    @property
    def made_of(self) -> "regex.Pattern[str] | None":
        if self.made_of_pattern is None:
            return None
        compiled = self.compiled[1]
        if compiled is None:
            compiled = self.compiled[1] = _rebuilt(self.programs, 1, self.made_of_pattern, 0) or regex.compile(self.made_of_pattern)
        return compiled

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


def load_rules(dirs: Iterable[Path] | None = None, verify: bool | None = None) -> list[Rule]:
    """Load every ``*.toml`` pack below ``dirs`` (default: the shipped packs).

    ``verify``: check every trigger against the rule's examples (a trigger an
    example's match lacks would hide that match). Default: for your own packs,
    not for the shipped ones — the test suite checks those, and checking them
    again at every start would cost a pre-commit hook ~40 ms a commit."""
    roots = [default_rules_dir()] if dirs is None else [Path(d) for d in dirs]
    verify = dirs is not None if verify is None else verify
    if dirs is None and not verify:
        return _shipped_rules(roots[0])
    return _load_rules(roots, verify)


def _load_rules(roots: list[Path], verify: bool) -> list[Rule]:
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for root in roots:
        if not root.is_dir():
            raise RuleError(f"{root}: rule folder not found")
        for path in sorted(root.rglob("*.toml")):
            for rule in load_pack(path, root, verify):
                if rule.id in seen:
                    raise RuleError(
                        f"{path}: rule {rule.id.rsplit('.', 1)[1]!r}: duplicate id {rule.id} "
                        f"(also in {seen[rule.id]})"
                    )
                seen[rule.id] = str(path)
                rules.append(rule)
    return rules


# ---- the shipped packs, kept parsed on disk -------------------------------------------

# Parsing the shipped packs (TOML, triggers, compiling every pattern) took
# some 45 ms of each start, a tenth of a pre-commit hook's run. Their rules
# are kept as JSON (data, never pickles) under the user's cache directory,
# keyed by everything the parse depends on, and a rule's pattern is compiled
# when the rule first runs. An entry exists only for packs that parsed
# (and compiled) without error; a changed byte of a pack or of the code
# that parses it is another key.
_PACKS_FORMAT = 5  # 2: with each pattern's compiled program (Rule.programs); 3: its code bytes as hex; 4: Rule.follows;
# 5: Rule.starts_within


def _shipped_rules(root: Path) -> list[Rule]:
    from . import diskcache

    paths = _pack_paths(root)
    key = _packs_key(root, paths)
    data = diskcache.read_kept("rulepacks", key)
    if data is not None:
        try:
            return [_rule_from_json(item) for item in json.loads(data)]
        except (ValueError, KeyError, TypeError):
            pass  # unreadable: parse again, and keep it again
    rules = _load_rules([root], False)
    diskcache.keep("rulepacks", key, json.dumps([_rule_json(r) for r in rules], ensure_ascii=False).encode())
    return rules


def _pack_paths(root: Path) -> list[Path]:
    if not root.is_dir():
        raise RuleError(f"{root}: rule folder not found")
    return sorted(root.rglob("*.toml"))


def _packs_key(root: Path, paths: list[Path]) -> str:
    """The packs' bytes and paths, and the code that turns them into rules:
    this module, the model (tiers, categories), the languages, the regex
    module (its case folding gives the trigger keys) and Python (str.casefold).
    Kept under the files' time stamps (diskcache.kept_digest): a start reads
    no pack and loads no hashlib."""
    import sys

    from . import diskcache, model, segments

    salt = f"{_PACKS_FORMAT}\0{root}\0{regex.__version__}\0{sys.version}\0"
    code = [__file__, model.__file__, segments.__file__]
    packs = [str(path) for path in paths]
    return diskcache.kept_digest(code + packs, lambda files: _packs_digest(salt, code, paths), salt)


def _packs_digest(salt: str, code: list[str], paths: list[Path]) -> str:
    import hashlib

    h = hashlib.blake2b(digest_size=16)
    h.update(salt.encode())
    for name in code:
        h.update(Path(name).read_bytes() + b"\0")
    for path in paths:
        h.update(str(path).encode("utf-8", "surrogateescape") + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def _rule_json(rule: Rule) -> dict:
    return {
        "id": rule.id, "kind": rule.kind, "message": rule.message, "confidence": rule.confidence,
        "max_tier": int(rule.max_tier), "lang": rule.lang, "pattern": rule.pattern, "flags": int(rule.flags),
        "source": rule.source, "replacement": rule.replacement, "table": rule.table,
        "examples": [[e.text, e.fix, e.flag] for e in rule.examples], "note": rule.note,
        "opt_in": rule.opt_in, "triggers": list(rule.triggers), "gate": rule.gate,
        "made_of_pattern": rule.made_of_pattern, "follows": rule.follows,
        "starts_within": rule.starts_within,
        "trigger_keys": [[k, fold] for k, fold in rule.trigger_keys],
        "programs": [_program(rule.regex, rule.pattern, rule.flags),
                     None if rule.made_of_pattern is None else _program(rule.made_of, rule.made_of_pattern, 0)],
    }


def _rule_from_json(item: dict) -> Rule:
    return Rule(
        id=item["id"], kind=item["kind"], message=item["message"], confidence=item["confidence"],
        max_tier=Tier(item["max_tier"]), lang=item["lang"], pattern=item["pattern"], flags=item["flags"],
        source=item["source"], replacement=item["replacement"], table=item["table"],
        examples=tuple(Example(*e) for e in item["examples"]), note=item["note"], opt_in=item["opt_in"],
        triggers=tuple(item["triggers"]), gate=item["gate"], made_of_pattern=item["made_of_pattern"],
        follows=item["follows"], starts_within=item["starts_within"], trigger_keys=tuple((k, fold) for k, fold in item["trigger_keys"]),
        programs=tuple(item["programs"]),
    )


# ---- compiled patterns kept as data ----------------------------------------------------
#
# The regex module pickles a compiled pattern as a call of its C-level
# compile with the pattern's program: the pattern, its flags, its code as
# bytes, group tables (dicts), and a few numbers and tuples of numbers. The
# pack cache keeps those arguments as tagged JSON (never a pickle), under a
# key that holds the regex module's version and the pattern itself; a rule
# rebuilds its pattern from them, checked against its pattern and flags. A
# pattern whose arguments hold anything else is compiled as before.


def _pattern_reduce(pattern: "regex.Pattern[str]"):
    import copyreg

    return copyreg.dispatch_table[type(pattern)](pattern)


@lru_cache(maxsize=1)
def _rebuild_function():
    return _pattern_reduce(regex.compile(""))[0]


def _program(pattern: "regex.Pattern[str]", source: str, flags: int) -> list | None:
    """The compiled ``pattern``'s program as tagged JSON data, or None when it
    cannot be (an argument of a type this does not keep)."""
    rebuild, args = _pattern_reduce(pattern)
    if rebuild is not _rebuild_function():
        return None
    try:
        return [source, flags, _tagged(args)]
    except TypeError:
        return None


def _rebuilt(programs: tuple | None, which: int, source: str, flags: int) -> "regex.Pattern[str] | None":
    """Pattern ``which`` (0: the rule's, 1: made_of) rebuilt from its kept
    program, when it is the program of ``source`` compiled with ``flags``;
    None when there is none or it does not rebuild to that pattern."""
    if programs is None or programs[which] is None:
        return None
    try:
        kept_source, kept_flags, data = programs[which]
        if kept_source != source or kept_flags != flags:
            return None
        pattern = _rebuild_function()(*_untagged(data))
    except (TypeError, ValueError, IndexError, KeyError, regex.error):
        return None
    return pattern if isinstance(pattern, regex.Pattern) and pattern.pattern == source else None


def _tagged(value):
    """JSON data for ``value`` that tells tuples, lists, bytes and dicts with
    number keys apart; TypeError for any other type."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, bytes):
        # (as hex: as latin-1 text, its control bytes became JSON escapes,
        # which took reading the kept packs at every start from 5.1 to 6.5 M)
        return ["b", value.hex()]
    if isinstance(value, tuple):
        return ["t", [_tagged(v) for v in value]]
    if isinstance(value, list):
        return ["l", [_tagged(v) for v in value]]
    if isinstance(value, dict):
        return ["d", [[_tagged(k), _tagged(v)] for k, v in value.items()]]
    raise TypeError(type(value).__name__)


def _untagged(data):
    if not isinstance(data, list):
        return data
    tag, body = data
    if tag == "b":
        return bytes.fromhex(body)
    if tag == "t":
        return tuple(_untagged(v) for v in body)
    if tag == "l":
        return [_untagged(v) for v in body]
    if tag == "d":
        return {_untagged(k): _untagged(v) for k, v in body}
    raise ValueError(tag)


def load_pack(path: Path, root: Path | None = None, verify: bool = True) -> list[Rule]:
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
    import tomllib  # (here: a start reads the shipped packs kept as JSON; the import is ~9 M instructions)

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
    return [_parse_rule(path, category, _FOLDERS[folder], raw, verify) for raw in data.get("rule", [])]


def _parse_rule(path: Path, category: str, folder_lang: str | None, raw: dict, verify: bool = True) -> Rule:
    name = raw.get("name")
    where = f"{path}: rule {name!r}"
    if not isinstance(name, str) or not compiled_once(_NAME).fullmatch(name):
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
        triggers = _parse_triggers(where, raw.get("trigger"))
        made_of = _parse_made_of(where, raw.get("made_of"), pattern, triggers)
        gate = _parse_gate(where, raw.get("gate"))
        starts_within = _parse_starts_within(where, raw.get("starts_within"), triggers, made_of, gate, lang)
        rule = Rule(pattern=pattern, flags=flags, replacement=replacement, triggers=triggers, gate=gate,
                    made_of_pattern=None if made_of is None else made_of.pattern,
                    follows=_parse_follows(where, raw.get("follows"), made_of, starts_within),
                    starts_within=starts_within, compiled=[compiled, made_of], **common)
        if verify:
            _check_triggers(where, rule)
        return rule
    # substitution
    table = raw.get("replace")
    if not isinstance(table, dict) or not table or not all(
        isinstance(k, str) and isinstance(v, str) and k.strip() for k, v in table.items()
    ):
        raise RuleError(f"{where}: kind 'substitution' needs a 'replace' table of strings")
    folded = {_fold(k): v for k, v in table.items()}
    alternatives = sorted(folded, key=len, reverse=True)
    body = "|".join(_phrase(k) for k in alternatives)
    pattern = f"{_WORD_EDGE_BEFORE}(?:{body}){_WORD_EDGE_AFTER}"
    compiled = _compile(where, pattern, regex.IGNORECASE)
    triggers = _parse_triggers(where, raw.get("trigger"))
    if "trigger" not in raw:
        triggers = substitution_triggers(folded)
    rule = Rule(pattern=pattern, flags=regex.IGNORECASE, table=folded, triggers=triggers,
                gate=_parse_gate(where, raw.get("gate")), compiled=[compiled, None], **common)
    if verify:
        _check_triggers(where, rule)
    return rule


def substitution_triggers(keys: Iterable[str]) -> tuple[str, ...]:
    """Triggers of a substitution table: a match is one entry, its words
    joined by any run of blanks (see :func:`_phrase`). A one-word entry is its
    own trigger; a phrase gives its first word, then a space or a no-break
    space, then its second word or another of those two spaces; a run of
    other blanks (tabs, thin spaces) is announced by the blank itself."""
    out: dict[str, None] = {}
    blanks = False
    spaces = (" ", "\u00a0")
    for key in keys:
        words = key.split()
        if len(words) == 1:
            out[key] = None
            continue
        for a in spaces:
            out[words[0] + a + words[1]] = None
            for b in spaces:
                out[words[0] + a + b] = None
        blanks = True
    if blanks:
        out.update(dict.fromkeys(c for c in _blanks() if c not in spaces))
    return tuple(out)


@lru_cache(maxsize=1)
def _blanks() -> str:
    """Every character that separates the words of a phrase (``[^\\S\\r\\n]``)."""
    return "".join(regex.findall(r"[^\S\r\n]", "".join(map(chr, range(0x3001)))))


def _repeated_word(text: str, start: int, end: int) -> bool:
    """Are two neighbouring words of ``text[start:end]`` the same, in any case?

    Passes wherever ``(?<!\\p{L})(\\p{L}{2,})(?:\\s+\\1)+`` matches (ignoring
    case), whatever stands around the words: anything but letters and white
    space becomes a space first (so "(the the." still has two "the"), the
    dotted and dotless i become "i" (the regex module matches "İ" to "i"),
    then the text is case-folded and split at white space (every ``\\s`` of
    the regex module is ``str.isspace``). A text with a letter the regex
    module folds otherwise than Python passes. One pass of C code each: a few
    times cheaper than the regex, which tries every word."""
    found = (speedups.function("ascii_twins") or _ascii_twins)(text, start, end, True, _TYPOGRAPHY)
    if found is not None:  # (ASCII and typography: most English paragraphs)
        return bool(found)
    # A ligature becomes its letters: equal words stay equal.
    segment = _unligatured(_typography_as_spaces(text[start:end]))
    if segment.isascii():
        words = _ascii_letter_runs(segment).split()
        return any(map(_eq, words, words[1:]))
    if _has_odd_letters(text):
        return True
    words = _folded(compiled_once(_NOT_LETTER_OR_SPACE).sub(" ", segment)).split()
    return any(map(_eq, words, words[1:]))


def _typography_as_spaces(segment: str, marks: str = "") -> str:
    """English typography (quotes, dashes, £, ½; or ``marks``), the usual
    non-ASCII, as spaces: neither letter nor space, it becomes a space
    either way (one character for one: offsets stay)."""
    for mark in marks or _TYPOGRAPHY:
        if mark in segment:
            segment = segment.replace(mark, " ")
    return segment


def _ascii_letter_runs(segment: str) -> bytes:
    """An ASCII ``segment`` as :func:`_repeated_word` compares its words, on
    bytes (a few times cheaper): in ASCII the letters are A-Z and a-z,
    folding is lower(), and \\s is \\t\\n\\v\\f\\r and the space; every other
    byte becomes a space. Its letter runs are the segment's, at the same offsets."""
    return segment.encode("ascii").translate(_ASCII_LETTERS_AND_SPACES).lower()


def _unligatured(text: str) -> str:
    """A ligature (ﬁ) as its letters: equal words stay equal."""
    for ligature, letters in _LIGATURES:
        if ligature in text:
            text = text.replace(ligature, letters)
    return text


def _folded(text: str) -> str:
    """As the regex module compares letters ignoring case (in a text without
    _FOLDS_UNLIKE_PYTHON): the dotted and dotless i as "i", then case-folded."""
    return text.replace("İ", "i").replace("ı", "i").casefold()


_TYPOGRAPHY = "’‘“”—–‐‑…«»„•·°§£€½¼¾⅛×′″\u00a0"
_LIGATURES = (("ﬁ", "fi"), ("ﬂ", "fl"), ("ﬀ", "ff"), ("ﬃ", "ffi"), ("ﬄ", "ffl"))
# Every byte but an ASCII letter or an ASCII \s of the regex module becomes a space.
_ASCII_LETTERS_AND_SPACES = bytes(b if chr(b).isalpha() and b < 128 or chr(b) in " \t\n\v\f\r" else 32 for b in range(256))


def _has_odd_letters(text: str) -> bool:
    """Does ``text`` hold one of _FOLDS_UNLIKE_PYTHON? Asked once a text
    (remembered for the last text seen: the gate asks per paragraph): one
    memchr a letter, and none for a letter wider than any in the text."""
    global _odd_memo
    if _odd_memo[0] is not text:
        odd = any(c in text for c in _ODD_BMP) or (
            _ASTRAL.search(text) is not None and any(c in text for c in _ODD_ASTRAL)
        )
        _odd_memo = (text, odd)
    return _odd_memo[1]


_odd_memo: tuple = (None, False)
_NOT_LETTER_OR_SPACE = r"[^\p{L}\s]+"
# Letters whose case-insensitive matches in the regex module fold otherwise
# under str.casefold (most are letters newer than Python's Unicode tables);
# tests/test_rule_prefilters.py recomputes the list from both modules.
_FOLDS_UNLIKE_PYTHON = "".join(
    chr(c)
    for lo, hi in (
        (0xDF, 0xDF), (0x1E9E, 0x1E9E), (0x19B, 0x19B), (0x264, 0x264), (0x277, 0x277), (0x27C, 0x27C),
        (0x1C89, 0x1C8A), (0xA7CB, 0xA7CF), (0xA7D2, 0xA7D5), (0xA7DA, 0xA7DD), (0xA7E2, 0xA7E2),
        (0xAB4B, 0xAB4C), (0xAB6C, 0xAB6D), (0x10D50, 0x10D65), (0x10D70, 0x10D85), (0x16EA0, 0x16EB8),
        (0x16EBB, 0x16ED3), (0x1DF40, 0x1DF41), (0x1DF48, 0x1DF4B), (0x1DF4D, 0x1DF4E), (0x1DF51, 0x1DF52),
        (0x1DF68, 0x1DF6F), (0x1DF72, 0x1DF7F), (0x1DF95, 0x1DF95),
    )
    for c in range(lo, hi + 1)
)
_ODD_BMP = [c for c in _FOLDS_UNLIKE_PYTHON if c <= "\uffff"]
_ODD_ASTRAL = [c for c in _FOLDS_UNLIKE_PYTHON if c > "\uffff"]
# (These three are compiled when first used: only some rules and texts need them.)
_ASTRAL = LazyPattern(regex.compile, "[\U00010000-\U0010ffff]")  # one range: the regex module skips through it fast


def _repeated_word_spans(text: str, start: int, end: int) -> list[tuple[int, int]] | None:
    """Where in ``text[start:end]`` (a span :func:`_repeated_word` passed)
    ``(?<!\\p{L})(\\p{L}{2,})(?:\\s+\\1)+`` and its look-arounds can match:
    the pieces from a word to the neighbouring word it equals (as that gate
    folds them), and one character on (what a look-ahead after the last word
    reads), joined where they meet. Such a match is a run of whole words
    (letter runs) with only white space between, so its words are
    neighbouring letter runs, pairwise equal: it lies in one piece. None
    (look everywhere) for a text with a letter the regex module folds
    otherwise than Python. A scan of the pieces finds what a scan of the
    span finds: no match crosses a piece's edge, and a match's look-ahead
    reads a character inside its piece (the one after a word is no letter)."""
    if _has_odd_letters(text):
        return None
    pairs = (speedups.function("ascii_twins") or _ascii_twins)(text, start, end, False, _TYPOGRAPHY)
    if pairs is None:
        pairs = _twin_pairs(text, start, end)
    spans: list[tuple[int, int]] = []
    for first, second_end in pairs:
        stop = min(end, second_end + 1)
        if spans and first <= spans[-1][1]:
            spans[-1] = (spans[-1][0], stop)
        else:
            spans.append((first, stop))
    return spans


def _twin_pairs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start of the first, end of the second) of every two neighbouring
    letter runs of ``text[start:end]`` that :func:`_word_key` makes equal, in order."""
    pairs = []
    previous, previous_start = None, 0
    for m in _LETTER_RUN.finditer(text, start, end):
        key = _word_key(m.group())
        if key == previous:
            pairs.append((previous_start, m.end()))
        previous, previous_start = key, m.start()
    return pairs


def _ascii_twins(text: str, start: int, end: int, first_only: bool, spaces: str) -> list[tuple[int, int]] | None:
    """What :func:`_twin_pairs` finds in ``text[start:end]`` (only the first
    pair when ``first_only``) when it holds only ASCII and ``spaces`` (the
    _TYPOGRAPHY it takes for spaces), else None. The reference of the
    compiled ``ascii_twins`` (one pass, no object a word), which
    ``speedups.function`` gives when it is built."""
    segment = text[start:end]
    if not segment.isascii():
        segment = _typography_as_spaces(segment, spaces)
        if not segment.isascii():
            return None
    letters = _ascii_letter_runs(segment)
    if first_only:
        words = letters.split()
        if not any(map(_eq, words, words[1:])):
            return []
    pairs = _ascii_twin_pairs(letters)
    return [(start + a, start + b) for a, b in (pairs[:1] if first_only else pairs)]


def _ascii_twin_pairs(letters: bytes) -> list[tuple[int, int]]:
    """What :func:`_twin_pairs` finds, in :func:`_ascii_letter_runs`' bytes
    (their words are the letter runs, white space between): the twin words
    told by C-level passes (split, compare), then each one's places by a
    scan of the ``re`` module for that word, a literal: not a Python step
    (a match object, a folding) per word, as most paragraphs that pass the
    gate have one pair of twins among hundreds of words."""
    words = letters.split()
    pairs = []
    for word in set(compress(words, map(_eq, words, words[1:]))):
        pairs += [(m.start(), m.end(1)) for m in _twin_finder(word)(letters)]
    pairs.sort()
    return pairs


@lru_cache(maxsize=1024)
def _twin_finder(word: bytes):
    # The word where no letter is before it, then (looked ahead at: it may
    # be the first of the next pair, "the the the") white space and the
    # word again, no letter after it (group 1).
    w = re.escape(word)
    return re.compile(w + rb"(?<![a-z]" + w + rb")(?=\s+(" + w + rb")(?![a-z]))").finditer


def _word_key(word: str) -> str:
    """A word as :func:`_repeated_word` compares it."""
    return word.casefold() if word.isascii() else _folded(_unligatured(word))


_LETTER_RUN = LazyPattern(regex.compile, r"\p{L}+")


# ---- the glued_punct gate: a punctuation mark with a letter straight after it ----------
#
# A rule that finds a mark glued to the next word ("слово,слово", "нас.Только")
# runs wherever its mark occurs, and marks are everywhere: scanning the whole
# text for them took the regex module some 100 instructions a character.
# Nearly every mark is followed by a space; the ones followed by something
# that may be a letter are found by the standard ``re`` module, one scan a
# mark (a scan for one literal character runs through the text at a few
# instructions a character, a class of six at sixty), and the rule is
# scanned around them only.

_GLUED_MARKS = ",;:.!?"
# What may be a letter (\p{L} of the regex module): anything but white space
# and ASCII other than letters. A superset: Python's and the regex module's
# Unicode tables may differ on a new letter, never on ASCII or white space.
_MAY_BE_LETTER = r"[^\s\x00-\x40\x5b-\x60\x7b-\x7f]"


@lru_cache(maxsize=4)
def _glued_finders(marks: str) -> tuple:
    # (Compiled when first asked: most starts check a file or two.)
    return tuple(re.compile(re.escape(mark) + _MAY_BE_LETTER).finditer for mark in marks)


def _glued_mark_places(text: str, marks: str) -> list[int]:
    """The places, in order, of every mark of ``marks`` (ASCII) that the next
    character may be a letter after. The Python twin of the ``glued_places``
    kernel (one pass over the text, where this makes one a mark)."""
    return sorted(m.start() for finditer in _glued_finders(marks) for m in finditer(text))


def _glued_places(text: str) -> list[int]:
    """The places, in order, of every mark of _GLUED_MARKS that the next
    character may be a letter after. Remembered for the last text seen:
    each rule with the gate asks, twice."""
    global _glued_memo
    if _glued_memo[0] is not text:
        _glued_memo = (text, (speedups.function("glued_places") or _glued_mark_places)(text, _GLUED_MARKS))
    return _glued_memo[1]


_glued_memo: tuple = (None, [])


def _glued_punct(text: str, start: int, end: int) -> bool:
    """Is a mark of _GLUED_MARKS in ``text[start:end]`` followed by what may be a letter?"""
    places = _glued_places(text)
    i = bisect_left(places, start)
    return i < len(places) and places[i] < end


def _glued_punct_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Where in ``text[start:end]`` a rule with the gate can match: from each
    glued mark to the first white space after it, that one included (what a
    look-ahead reads there), joined where they meet. A rule given this gate
    consumes one glued mark a match and looks ahead no further than the next
    white space, so a scan of these pieces finds what a scan of the span finds."""
    places = _glued_places(text)
    spans: list[tuple[int, int]] = []
    for p in places[bisect_left(places, start) : bisect_left(places, end)]:
        stop = min(end, _NON_SPACE_RUN.match(text, p + 1).end() + 1)
        if spans and p <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(stop, spans[-1][1]))
        else:
            spans.append((p, stop))
    return spans


_NON_SPACE_RUN = LazyPattern(regex.compile, r"\S*")
# Name → test (text, start, end) → may the rule match in text[start:end]?
GATES = {"repeated_word": _repeated_word, "glued_punct": _glued_punct}
# Name → (text, start, end) of a span its gate passed → the parts of it the
# rule can match in (scanned instead of the span), or None: all of it.
GATE_SPANS = {"repeated_word": _repeated_word_spans, "glued_punct": _glued_punct_spans}


_ONE_CLASS = r"\[(?:[^\\\]]|\\.)+\]"  # one character class, as made_of and follows give it


def _parse_made_of(where: str, raw, pattern: str, triggers: tuple[str, ...]) -> "regex.Pattern[str] | None":
    if raw is None:
        return None
    if not isinstance(raw, str) or not regex.fullmatch(_ONE_CLASS, raw, regex.DOTALL):
        raise RuleError(f"{where}: 'made_of' must be one character class such as '[ \\u00a0]'")
    if not triggers:
        raise RuleError(f"{where}: 'made_of' needs a 'trigger' (it says where to look)")
    if "\\K" in pattern:
        raise RuleError(f"{where}: 'made_of' with \\K: the text a match consumes is not its span")
    return _compile(where, raw + "+", 0)


def _parse_follows(where: str, raw, made_of, starts_within: int | None) -> str | None:
    if raw is None:
        return None
    if not isinstance(raw, str) or not regex.fullmatch(_ONE_CLASS, raw, regex.DOTALL):
        raise RuleError(f"{where}: 'follows' must be one character class such as '[\\p{{L}}\\p{{N}}]'")
    if made_of is None and starts_within is None:
        raise RuleError(f"{where}: 'follows' needs 'made_of' or 'starts_within' (it is tried on their places only)")
    _compile(where, raw, 0)
    return raw


def _parse_starts_within(where: str, raw, triggers: tuple[str, ...], made_of, gate: str | None,
                         lang: str | None) -> int | None:
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
        raise RuleError(f"{where}: 'starts_within' must be a whole number of characters, 0 or more")
    if not triggers or lang is None:
        raise RuleError(f"{where}: 'starts_within' needs a 'trigger' and a language (it is tried near the triggers "
                        "in the paragraphs)")
    if made_of is not None or gate is not None:
        raise RuleError(f"{where}: 'starts_within' with 'made_of' or a 'gate': they choose the places already")
    return raw


def _parse_gate(where: str, raw) -> str | None:
    if raw is None:
        return None
    if raw not in GATES:
        raise RuleError(f"{where}: unknown gate {raw!r} (valid gates: {', '.join(GATES)})")
    return raw


def _parse_triggers(where: str, raw) -> tuple[str, ...]:
    if raw is None:
        return ()
    items = [raw] if isinstance(raw, str) else raw
    if not isinstance(items, list) or not items or not all(isinstance(t, str) and t for t in items):
        raise RuleError(f"{where}: 'trigger' must be a non-empty string or a list of them")
    return tuple(dict.fromkeys(items))


class TriggerIndex:
    """Where triggers occur in one text, all found in one pass.

    The end of the text counts as a line break. Triggers come as
    :attr:`Rule.trigger_keys`. Strings of several characters, and every
    trigger of a case-insensitive rule, are found together by the compiled
    trigger scan or Aho-Corasick automata (one pass over the case folding of
    the text, for all of them, however many rules name however many: a
    case-sensitive string is found there by its folding and checked against
    the text; a pass over the text itself only for strings with a character
    that folds to several, or when no trigger is case-insensitive); single
    characters of the others by ``str`` search, a memchr, their places only
    when asked.
    The text is read a chunk at a time, never copied whole (a 100 MB file).
    ``cap`` bounds the places kept per trigger: a trigger found more often
    is only known to be there."""

    _CHUNK = 1 << 18  # characters a chunk

    def __init__(self, text: str, plan: tuple, cap: int = 1 << 62) -> None:
        """``plan``: :func:`trigger_plan` of the triggers to look for."""
        self.text = text
        self._cap = cap
        # Places as C ints where they fit: half the memory of 64-bit ones.
        self._typecode = _PLACE if len(text) < 2**31 - 1 else "q"
        self._present: set[tuple[str, bool]] = set()
        self._starts: dict[tuple[str, bool], "array | None"] = {}
        singles, groups = plan
        for key in singles:
            if key[0] in text or key[0] == "\n":
                self._present.add(key)
        for fold, strings, needles, reach in groups:
            self._scan(fold, strings, needles, reach)

    def _scan(self, fold: bool, strings: tuple, needles: tuple, reach: int) -> None:
        """``strings``: what to look for (case-folded when ``fold``);
        ``needles``: per string, the keys it stands for, each with "check the
        text itself" (a case-sensitive key looked for case-folded).
        ``reach``: how far the longest goes past its first character."""
        places: dict[tuple[str, bool], "array | None"] = {}
        # (A key found more than cap times, or once, is only known to be there.)
        cap, text, n = max(self._cap, 1), self.text, len(self.text)
        # The compiled scan folds each character by a table as it goes (no
        # folded copy of the text); without it, or for a piece beyond the BMP,
        # the case folding of the piece and an Aho-Corasick automaton.
        scan = speedups.function("trigger_scan")
        table = _fold_table() if fold and scan is not None else None
        if fold and table is None:
            scan = None
        for offset in range(0, n + 1, self._CHUNK):
            stop = offset + self._CHUNK  # matches starting before it are this chunk's
            piece = text[offset : stop + reach]
            if offset + len(piece) >= n:
                piece += "\n"  # the end of the text
            found_here = None if scan is None else scan(piece, self._CHUNK, table, strings, needles)
            if found_here is None:
                hay = _casefold_aligned(piece) if fold else piece
                matches = _automaton(strings).find_matches_as_indexes(hay, overlapping=True)
                starts_of = speedups.function("trigger_starts") or _trigger_starts
                found_here = starts_of(matches, needles, piece, self._CHUNK)
            for key, starts in found_here.items():
                found = places.get(key, ())
                if found == ():
                    found = places[key] = array(self._typecode)
                elif found is None:
                    continue
                if len(found) + len(starts) > cap:
                    places[key] = None
                else:
                    found.extend(starts if offset == 0 else [offset + start for start in starts])
        for key, found in places.items():
            self._present.add(key)
            self._starts[key] = found

    def has(self, key: tuple[str, bool]) -> bool:
        return key in self._present

    def any(self, rule: Rule) -> bool:
        return not self._present.isdisjoint(rule.trigger_set)

    def present(self, rule: Rule) -> "set[tuple[str, bool]]":
        """The keys of ``rule`` that occur in the text (one set operation)."""
        return self._present & rule.trigger_set

    def starts(self, key: tuple[str, bool]) -> "array | list[int] | None":
        """Every start of the trigger, overlapping ones included, in order;
        None when there are more than ``cap``."""
        if key not in self._present:
            return []
        found = self._starts.get(key, ())
        if found == ():  # a single character: its places are found when first asked for
            text = self.text
            if text.count(key[0]) > self._cap:
                found = None
            else:
                found = array(self._typecode)
                at = text.find(key[0])
                while at >= 0:
                    found.append(at)
                    at = text.find(key[0], at + 1)
                if key[0] == "\n":
                    found.append(len(text))
            self._starts[key] = found
        return found


def _trigger_starts(matches: list, needles: tuple, piece: str, limit: int) -> dict[tuple[str, bool], list[int]]:
    """The starts of the Aho-Corasick ``matches`` (which, start, end) before
    ``limit``, under each key of ``needles[which]`` (with "check the text":
    only where the key itself stands in ``piece``), in order. The Python twin
    of the compiled ``trigger_starts``."""
    found: dict[tuple[str, bool], list[int]] = {}
    for which, start, _ in matches:
        if start >= limit:
            continue
        for key, check in needles[which]:
            if check and not piece.startswith(key[0], start):
                continue
            found.setdefault(key, []).append(start)
    return found


@lru_cache(maxsize=64)
def trigger_plan(keys: tuple[tuple[str, bool], ...]) -> tuple:
    """How to look for ``keys``: single characters of case-sensitive rules,
    and per text (plain, case-folded) the strings of the rest, each with the
    keys it stands for (found by the compiled scan, or an automaton). Made
    once per set of rules, not per text."""
    keys = tuple(dict.fromkeys(keys))
    singles = tuple(k for k in keys if len(k[0]) == 1 and not k[1])
    folded = [k for k in keys if k[1]]
    plain = [k for k in keys if not k[1] and len(k[0]) > 1]
    # With a pass over the case-folded text to make anyway, a case-sensitive
    # key whose every character folds to one is looked for there too, as its
    # folding (where it occurs, the folded text holds its folding), and
    # checked against the text at each place found: one pass, not two.
    # (No character folds to nothing: the folding is as long as the key
    # exactly when each of its characters folds to one. One C call a key, not
    # a generator step a character: 2,500 of them for the shipped packs.)
    merged = [k for k in plain if len(k[0].casefold()) == len(k[0])] if folded else []
    taken = set(merged)
    plain = [k for k in plain if k not in taken]
    if folded:
        # So is a single character beyond ASCII (the rarer blanks, the
        # ligatures): ``in`` on a text of two-byte characters runs memchr for
        # its low byte, and for U+2000, U+3000 or "ﬀ" (low byte 0) that is
        # the high byte of every ASCII character: a slow scan each.
        merged += [k for k in singles if not k[0].isascii()]
        singles = tuple(k for k in singles if k[0].isascii())
    groups = []
    for fold, group in ((False, [(k, False) for k in plain]),
                        (True, [(k, False) for k in folded] + [(k, True) for k in merged])):
        if group:
            needles: dict[str, list] = {}
            for key, check in group:
                needles.setdefault(_needle(key[0]) if check else key[0], []).append((key, check))
            reach = max(map(len, needles)) - 1
            groups.append((fold, tuple(needles), tuple(tuple(v) for v in needles.values()), reach))
    return singles, tuple(groups)


@lru_cache(maxsize=64)
def _automaton(strings: tuple[str, ...]):
    """An Aho-Corasick automaton of ``strings`` (found by their index in it),
    made when first needed: the compiled scan needs none."""
    import ahocorasick_rs

    # A DFA: twice as fast as the default NFA here; a few hundred short
    # needles keep it small.
    return ahocorasick_rs.AhoCorasick(
        list(strings), matchkind=ahocorasick_rs.MatchKind.Standard,
        implementation=ahocorasick_rs.Implementation.DFA,
    )


def _trigger_scan(piece: str, limit: int, fold: str | None, strings: tuple, needles: tuple):
    """Every place before ``limit`` where one of ``strings`` stands in
    ``piece`` as ``fold`` (:func:`_fold_table`; None: no folding) folds it,
    under each key of ``needles`` for it (a key with "check the text" only
    where the key itself stands in ``piece``), in order; None when folding
    and ``piece`` holds a character beyond the BMP. The Python twin of the
    compiled ``trigger_scan`` (for the tests: without it the trigger index
    looks with an automaton)."""
    if fold is not None and any(ch > "\uffff" for ch in piece):
        return None
    hay = piece if fold is None else "".join(fold[ord(ch)] for ch in piece)
    found: dict[tuple[str, bool], list[int]] = {}
    for string, keys in zip(strings, needles):
        for key, check in keys:
            starts = [i for i in range(min(limit, len(hay))) if hay.startswith(string, i)
                      and (not check or piece.startswith(key[0], i))]
            if starts:
                found[key] = starts
    return found


@lru_cache(maxsize=1)
def _fold_table() -> str | None:
    """:func:`_made_fold_table`, kept on disk beside the shipped packs: making
    it is ~14.6 M instructions of every start, reading it back ~3.3 M. Keyed by Python's Unicode data (str.casefold's) and this module's
    code (the making; its digest is kept under its stat, see
    :func:`diskcache.sources_digest`); a damaged entry is made again."""
    import unicodedata

    from . import diskcache

    code = diskcache.sources_digest(Path(__file__).resolve().parent, (Path(__file__).name,))
    key = f"{_FOLD_FORMAT}-{unicodedata.unidata_version}-{code}"
    kept = diskcache.read_kept("foldtable", key)
    if kept is not None and len(kept) == 4 * 0x10000:
        try:
            return _from_utf32(kept)
        except (UnicodeDecodeError, ValueError):
            pass  # damaged: make it again, and keep it again
    table = _made_fold_table()
    if table is not None:
        diskcache.keep("foldtable", key, table.encode("utf-32-le", "surrogatepass"))
    return table


_FOLD_FORMAT = 1  # the kept table's layout: UTF-32-LE, the surrogates as themselves


def _from_utf32(data: bytes) -> str:
    """The kept table's characters. The surrogates' block, which the strict
    codec refuses (and "surrogatepass" would decode by an error handler's call
    each), is read as numbers."""
    import struct

    first, last = 4 * 0xD800, 4 * 0xE000
    whole = memoryview(data)  # (slices of it are not copies)
    return (str(whole[:first], "utf-32-le")
            + "".join(map(chr, struct.unpack_from(f"<{0xE000 - 0xD800}I", data, first)))
            + str(whole[last:], "utf-32-le"))


def _made_fold_table() -> str | None:
    """The case folding of each character of the BMP, one for one as in
    :func:`_casefold_aligned` (U+FFFF for one that folds to several): the
    compiled trigger scan folds a text by it. None if it is not one for one."""
    # (The BMP holds characters that fold to several: _casefold_aligned's
    # first folding would only find that out, at a third of the cost.)
    table = _several_marked(_bmp()).casefold()
    return table if len(table) == 0x10000 else None


def _bmp() -> str:
    """Every character of the BMP, in order (surrogates included): decoded
    from their UTF-32 bytes, laid out by slices (a tenth of the time of
    65536 calls of chr). The surrogates, which the strict codec refuses, are
    made one by one: decoded with "surrogatepass", each would be an error
    handler's call (3 M instructions in all, a fifth of the table's cost)."""
    units = bytearray(4 * 0x10000)
    units[0::4] = bytes(range(256)) * 256  # the low byte of each code point
    units[1::4] = b"".join(bytes((high,)) * 256 for high in range(256))  # the high one
    first, last = 4 * 0xD800, 4 * 0xE000
    return (units[:first].decode("utf-32-le") + "".join(map(chr, range(0xD800, 0xE000)))
            + units[last:].decode("utf-32-le"))


_PLACE = "i" if array("i").itemsize >= 4 else "q"


def _needle(key: str) -> str:
    """What a case-sensitive key is looked for as in the case-folded text:
    its folding, one character for one; a single character that folds to
    several ("ﬁ") is U+FFFF there (see _casefold_aligned)."""
    folded = key.casefold()
    return folded if len(folded) == len(key) else "\uffff"


def _casefold_aligned(text: str) -> str:
    """``text.casefold()``, one character for one: a character that folds to
    several ("ﬁ" → "fi", "ß" → "ss", "İ" → "i̇"; PDF ligatures are common)
    becomes U+FFFF first. The regex module never lets such a character
    match a :func:`_foldable` one, so no trigger is lost or made."""
    folded = text.casefold()
    if len(folded) == len(text):
        return folded
    return _several_marked(text).casefold()


def _several_marked(text: str) -> str:
    """``text`` with each character str.casefold makes several of as U+FFFF."""
    return (speedups.function("replace_chars") or _replace_chars)(text, _folds_to_several(), "\uffff")


def _replace_chars(text: str, chars: str, by: str) -> str:
    """``text`` with each of ``chars`` made ``by``. The Python twin of the
    compiled ``replace_chars`` (one pass over the text)."""
    for ch in chars:
        if ch in text:  # a memchr each: cheaper than one scan with a class of them all
            text = text.replace(ch, by)
    return text


@lru_cache(maxsize=1)
def _folds_to_several() -> str:
    """The characters str.casefold makes several of: about a hundred, all in
    a few blocks (a test holds that for the whole range)."""
    return "".join(chr(c) for lo, hi in _SEVERAL_BLOCKS for c in range(lo, hi) if len(chr(c).casefold()) != 1)


# Latin-1 to Armenian, Latin Extended Additional and Greek Extended, the
# Alphabetic Presentation Forms (ligatures).
_SEVERAL_BLOCKS = ((0xDF, 0x590), (0x1E00, 0x2000), (0xFB00, 0xFB50))


def trigger_keys(triggers: tuple[str, ...], ignore_case: bool) -> tuple[tuple[str, bool], ...]:
    """How :class:`TriggerIndex` looks for each trigger: (string, in the
    case-folded text?). A case-insensitive trigger is looked for case-folded
    in the case-folded text, which finds what the regex module's
    case-insensitive match finds as long as each of its characters is
    :func:`_foldable` and the text's folding does not change its length. A
    trigger that is not foldable gives the rule no keys: it runs everywhere."""
    keys = []
    for t in triggers:
        if not ignore_case or not _cased(t):
            keys.append((t, False))
        elif all(_foldable(c) for c in t):
            keys.append((t.casefold(), True))
        else:
            return ()
    return tuple(keys)


@lru_cache(maxsize=4096)
def _foldable(ch: str) -> bool:
    """Does every character the regex module lets match ``ch`` case-insensitively
    case-fold (str.casefold) to the one character ``ch`` folds to? Not so for
    "i": the regex module lets "İ" match it, which folds to "i̇"."""
    folded = ch.casefold()
    if len(folded) != 1:
        return False
    try:
        from regex import _regex

        cases = _regex.get_all_cases(regex.UNICODE | regex.IGNORECASE, ord(ch))
    except (ImportError, AttributeError, TypeError):  # the module's insides changed: no folding
        return False
    return all(chr(c).casefold() == folded for c in cases)


def _cased(text: str) -> bool:
    """Can a case-insensitive match of ``text`` be other characters than its own?"""
    return not all(c == c.lower() == c.upper() == c.casefold() and not c.isalpha() for c in text)


def trigger_hits(rule: Rule, text: str) -> list[tuple[int, int]]:
    """Every occurrence of one of ``rule``'s triggers in ``text`` (and the
    line break after it) as ``(start, end)``, overlapping ones included,
    found by the regex module with the rule's own case-insensitivity: what a
    trigger means, whatever :class:`TriggerIndex` does to find it faster."""
    hay = text + "\n"
    flags = rule.flags & regex.IGNORECASE
    return [m.span() for trigger in rule.triggers for m in _literal(trigger, flags).finditer(hay, overlapped=True)]


@lru_cache(maxsize=1024)
def _literal(trigger: str, flags: int) -> regex.Pattern:
    # Compiled once: every start checks the shipped packs' triggers against
    # their examples, thousands of searches with a few hundred triggers.
    return regex.compile(regex.escape(trigger), flags)


def touches(start: int, end: int, hits: list[tuple[int, int]]) -> bool:
    """Does a match at ``[start, end)`` contain or touch one of ``hits``?"""
    return any(a <= end and b >= start for a, b in hits)


def _check_triggers(where: str, rule: Rule) -> None:
    """A trigger that some example's match lacks would hide that match: refuse it."""
    for example in rule.examples:
        for text in (example.text, example.fix):
            if text is None:
                continue
            if rule.made_of is not None:
                for m in rule.regex.finditer(text):
                    if not rule.made_of.fullmatch(m.group()):
                        raise RuleError(
                            f"{where}: its match {m.group()!r} in the example {text!r} is not made of "
                            f"{rule.made_of.pattern[:-1]} only"
                        )
            if rule.follows is not None:
                for m in rule.regex.finditer(text):
                    if m.start() and not compiled_once(rule.follows).fullmatch(text, m.start() - 1, m.start()):
                        raise RuleError(
                            f"{where}: its match {m.group()!r} in the example {text!r} does not follow "
                            f"{rule.follows}"
                        )
            if rule.gate and rule.regex.search(text) and not GATES[rule.gate](text, 0, len(text)):
                raise RuleError(f"{where}: the example {text!r} matches but fails the gate {rule.gate!r}")
            if not rule.triggers:
                continue
            hits = trigger_hits(rule, text)
            for m in rule.regex.finditer(text):
                if not touches(m.start(), m.end(), hits):
                    raise RuleError(
                        f"{where}: no trigger ({', '.join(map(repr, rule.triggers))}) at its match "
                        f"{m.group()!r} in the example {text!r}; every match must contain or touch one"
                    )
                if rule.starts_within is not None and not any(
                        a - rule.starts_within <= m.start() <= b for a, b in hits):
                    raise RuleError(
                        f"{where}: its match {m.group()!r} in the example {text!r} starts more than "
                        f"{rule.starts_within} characters before every trigger"
                    )


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
    for m in compiled_once(_COUNTED_REPEAT).finditer(pattern):
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
    if original.islower():
        return replacement  # (no letter in upper case: the commonest case, told in one C call)
    letters = [c for c in original if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return replacement.upper()
    if letters and letters[0].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement
