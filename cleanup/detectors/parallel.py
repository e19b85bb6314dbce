"""Two editions inside one file (a translation and its original, as in the
sample) checked against each other: see :mod:`cleanup.parallel`.

Pairs of files (``cleanup check --parallel A B``, ``speech.ru.txt`` with
``speech.en.txt``) go through :func:`cleanup.parallel.pairing.check_pair`,
which uses the same comparison.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from operator import attrgetter

from ..model import Finding, Tier
from ..options import Context
from ..parallel import NAME_RULE, NUMBER_RULE
from .base import Detector, RuleDoc

_LANG = attrgetter("lang")


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
        languages = set(map(_LANG, ctx.paragraphs))
        languages.discard(None)
        if len(languages) < 2:
            # One language, one edition (most documents): told before the
            # comparison's modules are loaded, so that a run that never
            # meets a bilingual document never loads them.
            return
        editions, gate = _gate()
        text = ctx.doc.text
        pair = editions.bilingual_spans(text, ctx.paragraphs)
        if pair is None or not gate.sides_may_be_translations(text, *pair):
            # Not bilingual, or no translation (most bilingual documents):
            # told from the paragraphs' spans, without loading the comparison.
            return
        compare = _comparison()
        a, b = editions.editions_of(ctx.doc, pair)
        if not compare.may_find(a, b):
            return  # nothing the comparison could report: no alignment built
        yield from compare.compare(a, b, links=False).findings_for(ctx.doc)


# The modules a bilingual document needs, imported at the first one (an
# import statement run per document costs a few Python calls of its own).
@lru_cache(maxsize=1)
def _gate():
    from ..parallel import editions, gate

    return editions, gate


@lru_cache(maxsize=1)
def _comparison():
    from ..parallel import compare

    return compare
