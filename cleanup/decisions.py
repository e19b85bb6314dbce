"""Saved decisions and the project dictionary: review once, never be asked again.

Both live in the repository, next to each other, and are meant to be committed:

- ``.cleanup/decisions.toml`` — findings a person rejected. A rejection is
  keyed by the rule, the exact text of the finding and a few words of
  context on each side — never by line or offset — so an edit elsewhere in
  the file that moves it to another line does not bring the question back.
  Entries are sorted and one key a line, so the file diffs and merges well.
- ``.cleanup/dictionary.txt`` — words the project accepts (names, coinages),
  one a line, matched in any case. It feeds ``Options.words``, which the
  spelling detector honours (for Russian, inflected forms too).

:func:`settled` is the filter the pipeline runs after resolving: it drops
what inline marks (:mod:`cleanup.suppress`), the dictionary or a rejection
already settled, for ``check``, ``fix`` and ``review`` alike.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import regex

from .document import Document
from .lazypattern import LazyPattern
from .model import Finding
from .options import Options
from .options import _matches as options_matches
from .markdown import code_spans, is_markdown
from .suppress import drop_protected, drop_touching
from .valueclass import ValueClass

DEFAULT_DIR = ".cleanup"
DECISIONS_NAME = "decisions.toml"
DICTIONARY_NAME = "dictionary.txt"
FORMAT_VERSION = 1

# How much context identifies a finding: enough words that the same typo in
# another sentence is asked about again, few enough that a fix a few words
# away does not break the key. A match on either side suffices (below).
CONTEXT_WORDS = 3
_CONTEXT_WINDOW = 80  # characters looked at on each side
_CONTEXT_TOKEN = LazyPattern(regex.compile, r"[\p{L}\p{N}]+")

_DECISIONS_HEADER = """\
# Decisions made with `cleanup review`; commit this file.
# Each [[rejected]] entry is a finding a person judged correct as it is:
# `cleanup check`, `fix` and `review` do not raise it again. It is matched by
# rule, exact text and a few words of context, not by line, so unrelated
# edits do not bring it back. Delete an entry to be asked again.
"""
_DICTIONARY_HEADER = """\
# Words this project accepts (names, coinages, spellings kept on purpose); commit this file.
# One word a line, matched in any case.
"""


class DecisionsError(Exception):
    """The decisions file or dictionary cannot be read; the message names the file."""


class Rejection(ValueClass):
    """A finding the user rejected, with its words around. (A
    :class:`ValueClass`, equal and hashed by value as a frozen dataclass:
    making a dataclass's methods costs ~3.5 M instructions at every start.)"""

    __slots__ = _FIELD_NAMES = ("rule", "text", "before", "after")

    def __init__(self, rule: str, text: str, before: str, after: str) -> None:
        self.rule = rule
        self.text = text
        self.before = before  # up to CONTEXT_WORDS words before the span, lower-cased, space-joined
        self.after = after

    def key(self) -> tuple[str, str, str, str]:
        return (self.rule, self.text, self.before, self.after)


def context(text: str, start: int, end: int) -> tuple[str, str]:
    """The words around ``[start, end)``, normalised so that spacing,
    punctuation and case fixes nearby do not change them."""
    lo, hi = max(0, start - _CONTEXT_WINDOW), min(len(text), end + _CONTEXT_WINDOW)
    before = [m for m in _CONTEXT_TOKEN.finditer(text, lo, start)]
    after = [m for m in _CONTEXT_TOKEN.finditer(text, end, hi)]
    # A token cut by the window's edge is not a whole word; leave it out.
    if before and before[0].start() == lo and lo > 0 and text[lo - 1].isalnum():
        before = before[1:]
    if after and after[-1].end() == hi and hi < len(text) and text[hi].isalnum():
        after = after[:-1]
    before = [m.group() for m in before]
    after = [m.group() for m in after]
    return (
        " ".join(w.lower() for w in before[-CONTEXT_WORDS:]),
        " ".join(w.lower() for w in after[:CONTEXT_WORDS]),
    )


def rejection_for(text: str, finding: Finding) -> Rejection:
    before, after = context(text, finding.start, finding.end)
    return Rejection(finding.rule, finding.text, before, after)


class RejectionIndex:
    """Answers "was this finding rejected?" for one set of rejections.

    Same rule and text, and the same context on at least one side (a side
    with no words does not count as a match on its own): a fix or an edit on
    one side of the finding keeps it rejected.
    """

    def __init__(self, keys: Iterable[tuple[str, str, str, str]]) -> None:
        self._by_text: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
        for rule, text, before, after in keys:
            self._by_text[(rule, text)].append((before, after))

    def __bool__(self) -> bool:
        return bool(self._by_text)

    def rejected(self, text: str, finding: Finding) -> bool:
        saved = self._by_text.get((finding.rule, finding.text))
        if not saved:
            return False
        before, after = context(text, finding.start, finding.end)
        return any(
            (b == before and a == after) or (b == before and b) or (a == after and a)
            for b, a in saved
        )


def in_dictionary(word: str, words: frozenset[str] | set[str]) -> bool:
    """Case-insensitive, as the spelling detector matches ``Options.words``."""
    return word in words or word.lower() in {w.lower() for w in words}


def settled(doc: Document, findings: list[Finding], options: Options) -> list[Finding]:
    """Drop the findings the project has already settled: rules ignored for
    this path, inline marks, dictionary words, rejections."""
    text = doc.text
    if options.per_path_ignores and doc.path != "-":
        from .config import ignored_for_path

        ignored = ignored_for_path(doc.path, options.per_path_ignores, options.project_root)
        if ignored:
            findings = [f for f in findings if not options_matches(f.rule, ignored)]
    if options.inline_suppression:
        findings = drop_protected(text, findings)
    if findings and is_markdown(doc.path):
        findings = drop_touching(findings, code_spans(text))  # code is not prose
    if options.words:
        lower = frozenset(w.lower() for w in options.words)
        findings = [
            f for f in findings if not (f.category == "spelling" and f.text.strip().lower() in lower)
        ]
    if options.rejected:
        index = _index(options.rejected)
        findings = [f for f in findings if not index.rejected(text, f)]
    return findings


_INDEX_CACHE: dict[frozenset, RejectionIndex] = {}


def _index(keys: frozenset[tuple[str, str, str, str]]) -> RejectionIndex:
    index = _INDEX_CACHE.get(keys)
    if index is None:
        if len(_INDEX_CACHE) > 8:
            _INDEX_CACHE.clear()
        index = _INDEX_CACHE[keys] = RejectionIndex(keys)
    return index


# ---- the files -------------------------------------------------------------


class DecisionStore:
    """``decisions.toml`` in memory; :meth:`save` rewrites it sorted."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.rejections: set[Rejection] = set()
        if self.path.exists():
            self.rejections = load_rejections(self.path)

    def add(self, rejection: Rejection) -> None:
        self.rejections.add(rejection)

    def keys(self) -> frozenset[tuple[str, str, str, str]]:
        return frozenset(r.key() for r in self.rejections)

    def save(self) -> None:
        from .fileio import write_atomic

        entries = [
            {"rule": r.rule, "text": r.text, "before": r.before, "after": r.after}
            for r in sorted(self.rejections, key=Rejection.key)  # (key: order=True would compile four more methods at each start)
        ]
        import tomli_w  # (here: only saving decisions writes TOML)

        body = tomli_w.dumps({"version": FORMAT_VERSION, "rejected": entries})
        data = (_DECISIONS_HEADER + body).encode("utf-8")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if not self.path.exists():
            self.path.touch()
        write_atomic(str(self.path), data)


def load_rejections(path: Path) -> set[Rejection]:
    import tomllib  # (here: only a project with saved decisions reads them)

    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise DecisionsError(f"{path}: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise DecisionsError(f"{path}: not valid TOML: {exc}") from None
    unknown = set(data) - {"version", "rejected"}
    if unknown:
        raise DecisionsError(f"{path}: unknown key {sorted(unknown)[0]!r} (valid: version, rejected)")
    if data.get("version", FORMAT_VERSION) != FORMAT_VERSION:
        raise DecisionsError(f"{path}: version {data['version']!r} is not supported (expected {FORMAT_VERSION})")
    out: set[Rejection] = set()
    for i, entry in enumerate(data.get("rejected", []), 1):
        fields = ("rule", "text", "before", "after")
        if not isinstance(entry, dict) or set(entry) != set(fields) or not all(
            isinstance(entry[k], str) for k in fields
        ):
            raise DecisionsError(
                f"{path}: [[rejected]] entry {i} needs exactly the string keys rule, text, before, after"
            )
        out.add(Rejection(*(entry[k] for k in fields)))
    return out


class Dictionary:
    """``dictionary.txt``: comment lines kept at the top, words sorted below."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.words: set[str] = set()
        if self.path.exists():
            self.words = load_dictionary(self.path)

    def add(self, word: str) -> None:
        self.words.add(word)

    def discard(self, word: str) -> None:
        self.words.discard(word)

    def save(self) -> None:
        from .fileio import write_atomic

        header = _DICTIONARY_HEADER
        if self.path.exists():
            lines = self.path.read_text(encoding="utf-8").splitlines()
            comments = [line for line in lines if line.startswith("#")]
            header = "".join(c + "\n" for c in comments) if comments else header
        body = "".join(w + "\n" for w in sorted(self.words, key=lambda w: (w.casefold(), w)))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if not self.path.exists():
            self.path.touch()
        write_atomic(str(self.path), (header + body).encode("utf-8"))


def load_dictionary(path: Path) -> set[str]:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise DecisionsError(f"{path}: cannot read: {exc}") from None
    return {w for line in lines if (w := line.strip()) and not w.startswith("#")}
