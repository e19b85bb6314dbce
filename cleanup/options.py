"""What a run is asked to do, and the per-document context detectors read."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from .document import Document
from .model import SAFE_THRESHOLD, Tier
from .segments import Span, paragraphs


def _matches(rule_id: str, prefixes: tuple[str, ...]) -> bool:
    return any(rule_id == p or rule_id.startswith(p + ".") for p in prefixes)


@lru_cache(maxsize=4096)
def _enabled(select: tuple[str, ...], ignore: tuple[str, ...], rule_id: str, opt_in: bool) -> bool:
    """:meth:`Options.enabled`, remembered: it is asked per finding and per
    paragraph, about a few hundred rule ids a run."""
    if (select or opt_in) and not _matches(rule_id, select):
        return False
    return not _matches(rule_id, ignore)


# What the English text is (``Options.english_text``): ``auto`` judges an
# English word inside a paragraph by what the spelling map learnt from OCR'd
# old books; ``typed`` says a person typed it, so a lower-case word there is a
# typist's slip and is weighed as the typing data teaches (cleanup.detectors.spelling).
ENGLISH_TEXTS = ("auto", "typed")


@dataclass(frozen=True)
class Options:
    """Settings for one run. Immutable and picklable, so a worker can take it."""

    lang: str = "auto"  # auto | ru | en
    select: tuple[str, ...] = ()  # rule ids or id prefixes; empty: all
    ignore: tuple[str, ...] = ()
    min_confidence: float = SAFE_THRESHOLD  # what `fix` applies
    regex_timeout: float = 1.0  # seconds a rule's regex may take on one text
    rule_dirs: tuple[Path, ...] = ()  # extra rule packs (user's), beside the shipped ones
    words: frozenset[str] = frozenset()  # project dictionary: accepted words
    languagetool_url: str | None = None
    # Saved review decisions (cleanup.decisions): findings a person rejected,
    # as (rule, text, words before, words after); never raised again.
    rejected: frozenset[tuple[str, str, str, str]] = frozenset()
    inline_suppression: bool = True  # honour [sic] and [verbatim]…[/verbatim] (cleanup.suppress)
    # Config `per-path-ignores`: (glob, rule ids or prefixes), globs relative to project_root.
    per_path_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    project_root: str | None = None
    english_text: str = "auto"  # one of ENGLISH_TEXTS

    def __post_init__(self) -> None:
        if self.english_text not in ENGLISH_TEXTS:
            raise ValueError(f"english_text must be one of {', '.join(ENGLISH_TEXTS)}, not {self.english_text!r}")

    def enabled(self, rule_id: str, opt_in: bool = False) -> bool:
        """Is the rule on? An opt-in rule (reports that most users do not want,
        such as indentation) runs only when ``select`` names it or its prefix."""
        return _enabled(self.select, self.ignore, rule_id, opt_in)

    @property
    def fix_tier(self) -> Tier:
        """The lowest tier `fix` may apply at this threshold."""
        return Tier.SAFE if self.min_confidence >= SAFE_THRESHOLD else Tier.UNSAFE


class Context:
    """One document under check: shared, read-only facts for all detectors,
    plus a place to leave warnings (a rule that timed out, a server that is down)."""

    # A plain class: a dataclass's methods are generated and compiled at
    # every start (~2–3 M instructions each), and nothing compares or
    # prints a Context (the same holds for pipeline._Detected and
    # batch.FileOutcome/Totals).
    def __init__(self, doc: Document, options: Options, warnings: list[str] | None = None) -> None:
        self.doc = doc
        self.options = options
        self.warnings: list[str] = [] if warnings is None else warnings

    @cached_property
    def paragraphs(self) -> list[Span]:
        return paragraphs(self.doc.text, self.options.lang)

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)
