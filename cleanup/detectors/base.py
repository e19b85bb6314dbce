"""What a detector is: something that reads a Context and yields Findings.

Detectors never change the text and never see each other's results. Each
declares the rules it can emit (:class:`RuleDoc`), so that ``cleanup rules``
can list them and a run can skip a detector whose rules are all ignored —
which also keeps its heavy resources (lexicons, morphology) unloaded.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar, NamedTuple

from ..model import Finding, Tier
from ..options import Context, Options


class RuleDoc(NamedTuple):  # (not a frozen dataclass: see fileio.FileRef)
    id: str
    message: str
    example: str = ""  # "bad → good", shown by `cleanup rules`
    lang: str | None = None
    max_tier: Tier = Tier.SAFE
    opt_in: bool = False


# What a detector's findings depend on (:attr:`Detector.LOCALITY`).
DOCUMENT = "document"
PARAGRAPH = "paragraph"
LOCALITIES = (DOCUMENT, PARAGRAPH)


class Detector:
    """Base class. Subclasses set ``RULES`` and implement :meth:`detect`."""

    RULES: ClassVar[tuple[RuleDoc, ...]] = ()
    # What the findings depend on, so that `fix` knows what to look at again
    # after it changed the text:
    # - "document" (the default, always right): anything in the text. `fix`
    #   runs the detector over the whole fixed text again.
    # - "paragraph": :meth:`detect` goes through ``ctx.paragraphs`` (and
    #   nothing else) and what it finds in a paragraph lies inside it and
    #   depends only on that paragraph's text and language (beyond its ends
    #   there is a line break or the edge of the text, and the detector may
    #   read them as no more than that); no warnings, and no state that
    #   outlives a call other than answers per word form. `fix` then looks
    #   again only at the paragraphs its edits touched (through a Context
    #   whose ``paragraphs`` are those) and moves the other findings along.
    #   A detector that counts across paragraphs (the same name written two
    #   ways), compares them (parallel editions), joins them (page breaks)
    #   or scans the text as a whole (a regex that may cross a blank line)
    #   is "document". tests/test_fix_incremental.py holds both to giving
    #   the same result.
    LOCALITY: ClassVar[str] = DOCUMENT

    def __init__(self, options: Options) -> None:
        self.options = options

    def rules(self) -> tuple[RuleDoc, ...]:
        return self.RULES

    def detect(self, ctx: Context) -> Iterable[Finding]:  # pragma: no cover - interface
        raise NotImplementedError
