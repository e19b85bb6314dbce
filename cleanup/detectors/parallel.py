"""Two editions inside one file (a translation and its original, as in the
sample) checked against each other: see :mod:`cleanup.parallel`.

Pairs of files (``cleanup check --parallel A B``, ``speech.ru.txt`` with
``speech.en.txt``) go through :func:`cleanup.parallel.pairing.check_pair`,
which uses the same comparison.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Finding, Tier
from ..options import Context
from ..parallel.compare import NAME_RULE, NUMBER_RULE, compare, may_find
from ..parallel.editions import split_editions
from .base import Detector, RuleDoc


class ParallelDetector(Detector):
    LOCALITY = "document"  # compares two editions
    RULES = (
        RuleDoc(
            NUMBER_RULE,
            "A number, year, percentage, ordinal or century differs from the other edition "
            "(suggested from it when this side looks damaged, e.g. repeats a value).",
            "the end of the 20th and early 20th centuries ↔ в конце XIX и в начале XX века → 19th",
            max_tier=Tier.UNSAFE,
        ),
        RuleDoc(
            NAME_RULE,
            "A name is unknown here, its other-edition counterpart (by transliteration) and a more "
            "frequent spelling one letter away agree on another form.",
            "approach to STALTN (STALIN ×3; СТАЛТНУ in the Russian edition) → STALIN",
            max_tier=Tier.UNSAFE,
        ),
    )

    def detect(self, ctx: Context) -> Iterator[Finding]:
        editions = split_editions(ctx.doc, ctx.paragraphs)
        if editions is None or not may_find(*editions):
            return  # not bilingual, or nothing the comparison could report: no alignment built
        yield from compare(*editions, links=False).findings_for(ctx.doc)
