"""Are two aligned editions translations of each other, and how sure is that?

The aligner pairs paragraphs whatever they say, so two unrelated texts (a
Russian article and an English one, alternating in a dev corpus file) are
paired too, and their numbers then "differ". Only what a translation keeps
can tell the two apart:

- **Distinctive anchors shared by a pair of paragraphs**: a year or another
  number of three digits or more, a decimal, or a name whose transliteration
  skeleton has four letters or more (``Baku`` ↔ ``Баку``), or an acronym
  written in capitals on both sides (``EKI`` ↔ ``ЕКИ``). Unrelated
  paragraphs almost never share one: on the bench corpus (684 files of
  alternating unrelated ru/en text) one pair of ~1,700 did (``Bazaar`` ↔
  ``Базаров``), none by a number. Small numbers (``4``, ``13``, ``20``) and
  three-letter skeletons of ordinary words (``Miss``, ``Bill``) are
  shared by chance far more often: they count as
  agreement inside a pair, never as proof that the texts are translations.
- **Agreement outweighs disagreement**: a translation with a typo has many
  numbers and names that agree and a few that differ; in unrelated texts
  the numbers paired by shape mostly differ.

Verdicts:

- not parallel: no pair shares a distinctive anchor, or fewer than
  ``MIN_DISTINCTIVE_SHARE`` of the pairs do, or the differing numbers
  outnumber the anchors that agree. Nothing is reported.
- thin: the document shares one distinctive anchor (however often: a name
  repeated in every pair is still one). Findings are shown only (display):
  one shared name or year could be a coincidence, so no fix is offered on it.
- firm: two or more distinct ones (a year and a name in one sentence pair
  is enough: two coincidences at once are rare). Findings keep their tiers.

Inside a parallel document a difference is reported only in a paragraph
pair that shares some anchor (any number or name) — the evidence that this
pair itself is aligned right — except in a well-anchored document
(``TRUSTED_PAIRS`` or more distinctive pairs and anchors), where the alignment of its
neighbours vouches for the pair, and the finding is shown only.
"""

from __future__ import annotations

from collections.abc import Sequence

from .anchors import Anchor

MIN_DISTINCTIVE_SHARE = 0.25  # of paragraph pairs sharing a distinctive anchor (the sample: 8 of 20)
FIRM_ANCHORS = 2  # distinct distinctive anchors from which findings keep their own tier
TRUSTED_PAIRS = 3  # distinctive pairs (and anchors) from which a pair sharing nothing may still show a difference
DISTINCTIVE_NUMBER = 100  # numbers from here on (years, amounts) rarely coincide by chance
DISTINCTIVE_NAME_KEY = 4  # letters of a transliteration skeleton (``baku``; ``eki`` is not)

NOT_PARALLEL, THIN, FIRM = "not parallel", "thin", "firm"


def distinctive_number(value: float) -> bool:
    return value >= DISTINCTIVE_NUMBER or value != int(value)


class PairEvidence:
    """What one aligned paragraph pair shares and where its numbers differ.
    (A plain class, as :class:`Verdict`: nothing compares, hashes or prints
    one, and a dataclass's generated methods cost ~3.5 M instructions to
    make at every start.)"""

    __slots__ = ("shared_names", "shared_acronyms", "number_pairs")

    def __init__(self, shared_names: frozenset[str], shared_acronyms: frozenset[str],
                 number_pairs: tuple[tuple[Anchor | None, Anchor | None], ...]) -> None:
        self.shared_names = shared_names
        self.shared_acronyms = shared_acronyms  # of ``shared_names``, those written in capitals on both sides
        self.number_pairs = number_pairs

    @property
    def agreeing(self) -> int:
        return len(self.shared_names) + sum(1 for x, y in self.number_pairs
                                            if x is not None and y is not None and x.value == y.value)

    @property
    def differing(self) -> int:
        return sum(1 for x, y in self.number_pairs if x is not None and y is not None and x.value != y.value)

    @property
    def distinctive_anchors(self) -> frozenset:
        """The distinctive anchors both sides share: name keys (of four
        letters or more, or acronyms) and values of distinctive numbers."""
        names = {("name", k) for k in self.shared_names if len(k) >= DISTINCTIVE_NAME_KEY}
        names |= {("name", k) for k in self.shared_acronyms}
        numbers = {("number", x.value) for x, y in self.number_pairs
                   if x is not None and y is not None and x.value == y.value and distinctive_number(x.value)}
        return frozenset(names | numbers)

    @property
    def distinctive(self) -> bool:
        return bool(self.distinctive_anchors)


class Verdict:
    """Are two editions translations of each other, and how surely."""

    __slots__ = ("level", "pairs", "distinctive_pairs", "distinctive_anchors", "agreeing", "differing")

    def __init__(self, level: str, pairs: int, distinctive_pairs: int, distinctive_anchors: int, agreeing: int,
                 differing: int) -> None:
        self.level = level  # NOT_PARALLEL | THIN | FIRM
        self.pairs = pairs
        self.distinctive_pairs = distinctive_pairs
        # distinct ones over the document (a name repeated in every pair is one)
        self.distinctive_anchors = distinctive_anchors
        self.agreeing = agreeing
        self.differing = differing

    @property
    def parallel(self) -> bool:
        return self.level != NOT_PARALLEL

    @property
    def trusted(self) -> bool:
        """Enough distinctive pairs that a pair sharing nothing is taken as aligned."""
        return self.distinctive_pairs >= TRUSTED_PAIRS and self.distinctive_anchors >= TRUSTED_PAIRS

    def explain(self) -> str:
        return (f"{self.distinctive_pairs} of {self.pairs} paragraph pairs share a year, a number of three "
                f"digits or a name; {self.agreeing} anchors agree, {self.differing} differ")


def verdict(evidence: Sequence[PairEvidence]) -> Verdict:
    pairs = len(evidence)
    distinctive = sum(1 for e in evidence if e.distinctive)
    anchors = len(frozenset().union(*(e.distinctive_anchors for e in evidence))) if evidence else 0
    agreeing = sum(e.agreeing for e in evidence)
    differing = sum(e.differing for e in evidence)
    if not distinctive or distinctive < MIN_DISTINCTIVE_SHARE * pairs or differing > agreeing:
        level = NOT_PARALLEL
    elif anchors < FIRM_ANCHORS:
        level = THIN
    else:
        level = FIRM
    return Verdict(level, pairs, distinctive, anchors, agreeing, differing)
