"""Compare two aligned editions anchor by anchor; a mismatch becomes a finding.

Within each aligned bead:

- **Numbers** (years, percentages, ordinals, Roman centuries) of the two sides
  are aligned in text order by edit distance; a value that faces a different
  value of the same shape is a *substitution*. It is reported on the side that
  looks damaged — the side that repeats a value where the other has two
  distinct ones (``the end of the 20th and early 20th centuries`` against
  ``в конце Х!Х и в начале ХХ века``) — with the other side's value as the
  suggestion (``19th``). When neither side looks damaged, both are shown
  (display only): the tool cannot tell which edition is right.
- **Names** are linked through transliteration (:mod:`.names`). An unknown
  name that has a more frequent spelling one letter away in its own edition,
  which the other edition confirms, is reported with that spelling
  (``STALTN`` → ``STALIN``, linked to ``СТАЛТНУ``).
- A numeral written with look-alike characters (``2O18``, ``Х!Х``) whose
  reading the other edition confirms gets its proper form as the suggestion. An unknown name facing a
  known one that it nearly transliterates to is shown, without a suggestion.

Nothing is compared unless the aligned editions look like translations of
each other, and a difference is reported only in a pair that also agrees on
something (:mod:`.evidence`): unrelated Russian and English paragraphs side
by side are paired by the aligner all the same, and their numbers "differ".

All findings are ``style.parallel.*``: consistency between editions. Their
suggestions are never safe — a translation may legitimately differ.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from ..document import Document
from ..model import Finding, Suggestion, Tier
from . import NAME_RULE, NUMBER_RULE, names
from .align import Bead, align, shared_anchor_count
from .anchors import Anchor, english_ordinal, to_roman
from .editions import Edition, lang_name
from .evidence import THIN, PairEvidence, Verdict, verdict
from .gate import may_be_translations


SUBSTITUTION_COST = 1.5  # > 1 indel: two values swapped are not two errors
NAME_LINK = 0.8  # similarity from which two names are taken for one
# Confidence of a suggestion taken from the other edition with evidence of
# damage on this side; capped at unsafe (a person confirms it).
FROM_OTHER_EDITION = 0.7
# A broken numeral whose look-alike reading the other edition confirms (2O18 ↔ 2018).
LOOKALIKE_CONFIRMED = 0.8
# A broken numeral whose reading the other edition contradicts: which value
# was meant is less sure.
FROM_BROKEN = 0.55
NAME_FROM_VARIANT = 0.8  # the within-document variant, confirmed by the other edition


@dataclass(frozen=True)
class Link:
    """Two anchors taken for the same thing; ``same`` when they agree."""

    kind: str  # "number" | "name"
    a: str
    b: str
    same: bool


@dataclass
class BeadReport:
    bead: Bead
    links: list[Link] = field(default_factory=list)


@dataclass
class Comparison:
    beads: list[BeadReport]
    findings: list[tuple[Document, Finding]]
    anchored_pairs: int = 0  # paragraph pairs whose sides share an anchor
    pairs: int = 0  # paragraph pairs with text on both sides
    verdict: Verdict | None = None  # are the editions translations (:mod:`.evidence`)

    @property
    def parallel(self) -> bool:
        return self.verdict is not None and self.verdict.parallel

    def findings_for(self, doc: Document) -> list[Finding]:
        return [f for d, f in self.findings if d is doc]


def compare(a: Edition, b: Edition, is_known=None, links: bool = True) -> Comparison:
    """Align the two editions and compare every bead.

    ``links=False`` leaves out the names linked across editions in each
    bead's report (what ``cleanup align`` shows), which the findings do not
    need: only the names that look unknown are then compared."""
    if is_known is None:
        from ..lexicon import is_known
    beads = align(a.paragraphs, b.paragraphs)
    pairs = [x for x in beads if x.a and x.b]
    anchored = sum(1 for x in pairs if shared_anchor_count(x.a, x.b))
    evidence = {id(x): pair_evidence(x) for x in pairs}
    judged = verdict(list(evidence.values()))
    if not judged.parallel:
        # Two texts in two languages that are not translations of each other
        # (a Russian article with long English quotations, unrelated
        # paragraphs side by side): nothing to compare.
        return Comparison([BeadReport(x) for x in beads], [], anchored, len(pairs), judged)
    counts = {e.lang: _name_counts(e) for e in (a, b)}
    indexes = {lang: names.VariantIndex(c, lang) for lang, c in counts.items()}
    reports: list[BeadReport] = []
    findings: list[tuple[Document, Finding]] = []
    unknown: dict[tuple[str, str | None], bool] = {}  # looks_unknown, once per word form
    for bead in beads:
        report = BeadReport(bead)
        if bead.a and bead.b:
            _compare_numbers(bead, a, b, report, findings, evidence[id(bead)], judged)
            if {a.lang, b.lang} == {"ru", "en"}:
                _compare_names(bead, a, b, counts, indexes, report, findings, is_known, links, unknown)
        reports.append(report)
    if judged.level == THIN:
        # One shared name or year is all that says these are translations:
        # a coincidence is not ruled out, so nothing is offered as a fix.
        findings = [(doc, replace(f, max_tier=Tier.DISPLAY,
                                  message=f.message + " (shown only: few paragraphs confirm the editions are translations)"))
                    for doc, f in findings]
    return Comparison(reports, findings, anchored, len(pairs), judged)


def pair_evidence(bead: Bead) -> PairEvidence:
    """What the two sides of an aligned pair share: names (transliteration
    skeletons) and numbers paired in text order (:func:`pair_anchors`)."""
    names_a = frozenset().union(*(p.name_keys for p in bead.a))
    names_b = frozenset().union(*(p.name_keys for p in bead.b))
    shared = names_a & names_b
    acronyms = frozenset()
    if shared:
        acronyms = (shared & frozenset().union(*(p.acronym_keys for p in bead.a))
                    & frozenset().union(*(p.acronym_keys for p in bead.b)))
    return PairEvidence(shared, acronyms, tuple(pair_anchors(_bead_anchors(bead.a), _bead_anchors(bead.b))))


def may_find(a: Edition, b: Edition, is_known=None) -> bool:
    """Can :func:`compare` of ``a`` and ``b`` report anything? False only when
    it surely cannot, proved without aligning the editions: each condition
    below is one that every finding of :func:`compare` needs, checked for
    every pairing of paragraphs at once (the whole editions), so the real
    beads can only offer less.

    - A number finding pairs an anchor of ``a`` with one of ``b`` that has
      the same value or the same shape (:func:`pair_anchors` pairs nothing
      else).
    - A name finding (ru/en editions only) is about a name that looks
      unknown, and needs either a variant of it in its own edition that the
      other edition confirms, or a known name in the other edition that it
      nearly (not exactly) transliterates to.

    Two texts in two languages that are not translations of each other (a
    Russian article with English quotations) usually fail all of these, and
    then neither the alignment nor its anchors are built. Before all of
    them comes :func:`may_be_translations`, which most such texts fail.
    """
    if not may_be_translations(a, b):
        return False
    if is_known is None:
        from ..lexicon import is_known
    if _numbers_may_differ(a, b):
        return True
    if {a.lang, b.lang} != {"ru", "en"}:
        return False
    counts = {e.lang: _name_counts(e) for e in (a, b)}
    for edition, other in ((a, b), (b, a)):
        lang, other_lang = edition.lang, other.lang
        unknown = [w for w in counts[lang]
                   if names.looks_unknown(names.base_form(w, lang), lang, is_known)]
        if not unknown:
            continue
        index = names.VariantIndex(counts[lang], lang)
        # The other edition's names as the tokens hold them (base forms are
        # what ``counts`` keys; a partner is any token, possessive or not).
        partners = None
        for word in _unknown_tokens(edition, unknown):
            variant = index.near_variant(word, is_known)
            if variant is not None and any(_similar(variant[0], lang, o) == 1.0 for o in counts[other_lang]):
                return True
            if partners is None:
                known = [o for o in dict.fromkeys(w for p in other.paragraphs for _, _, w in p.name_tokens)
                         if is_known(names.base_form(o, other_lang), other_lang)]
                partners = _PartnerKeys(known, other_lang)
            for o in partners.near(word, lang):
                if NAME_LINK <= _similar(word, lang, o) < 1.0:
                    return True
    return False


class _PartnerKeys:
    """The transliteration keys of one edition's known names, searched for
    keys near another name's in one C call per key (rapidfuzz): a name whose
    similarity to a partner (1 − distance / longer length, over the keys)
    reaches ``NAME_LINK`` has a key among those found. The cut-off is set a
    little lower than ``NAME_LINK`` so that no rounding can lose one; the
    caller computes the exact similarity of the few found."""

    CUTOFF = NAME_LINK - 0.01

    def __init__(self, words: list[str], lang: str | None) -> None:
        self.keys: list[str] = []
        self.owners: list[str] = []
        for w in words:
            for key in ((names.en_key(w),) if lang == "en" else names.ru_keys(w)):
                if key:
                    self.keys.append(key)
                    self.owners.append(w)

    def near(self, word: str, lang: str | None) -> list[str]:
        if not self.keys:
            return []
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        queries = (names.en_key(word),) if lang == "en" else names.ru_keys(word)
        found: dict[str, None] = {}
        for query in queries:
            if not query:
                continue
            for _, _, k in process.extract(query, self.keys, scorer=Levenshtein.normalized_similarity,
                                           score_cutoff=self.CUTOFF, limit=None):
                found[self.owners[k]] = None
        return list(found)


def _unknown_tokens(edition: Edition, unknown_bases: list[str]) -> list[str]:
    """The distinct name tokens of ``edition`` whose base form is one of ``unknown_bases``."""
    bases = set(unknown_bases)
    lang = edition.lang
    return [w for w in dict.fromkeys(w for p in edition.paragraphs for _, _, w in p.name_tokens)
            if names.base_form(w, lang) in bases]


def _numbers_may_differ(a: Edition, b: Edition) -> bool:
    """Do the editions hold anchors of one value or of one shape (the only
    anchors :func:`pair_anchors` pairs)?"""
    anchors_a = [x for p in a.paragraphs for x in p.anchors]
    if not anchors_a:
        return False
    anchors_b = [x for p in b.paragraphs for x in p.anchors]
    if not anchors_b:
        return False
    return not ({x.shape for x in anchors_a}.isdisjoint({x.shape for x in anchors_b})
                and {x.value for x in anchors_a}.isdisjoint({x.value for x in anchors_b}))


# ---- numbers -----------------------------------------------------------------

def _bead_anchors(paragraphs) -> list[Anchor]:
    return [x for p in paragraphs for x in p.anchors]


def pair_anchors(xs: Sequence[Anchor], ys: Sequence[Anchor]) -> list[tuple[Anchor | None, Anchor | None]]:
    """Order-preserving alignment of two anchor sequences: equal values match
    (cost 0), values of one shape may substitute (``SUBSTITUTION_COST``),
    anything else is left unpaired (cost 1)."""
    n, m = len(xs), len(ys)
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    cost[0] = [float(j) for j in range(m + 1)]
    for i in range(1, n + 1):
        cost[i][0] = float(i)
        for j in range(1, m + 1):
            x, y = xs[i - 1], ys[j - 1]
            pair = 0.0 if x.value == y.value else SUBSTITUTION_COST if x.shape == y.shape else inf
            cost[i][j] = min(cost[i - 1][j] + 1, cost[i][j - 1] + 1, cost[i - 1][j - 1] + pair)
    out: list[tuple[Anchor | None, Anchor | None]] = []
    i, j = n, m
    while i or j:
        # Prefer leaving unpaired over substituting on ties (precision first).
        if i and cost[i][j] == cost[i - 1][j] + 1:
            out.append((xs[i - 1], None))
            i -= 1
        elif j and cost[i][j] == cost[i][j - 1] + 1:
            out.append((None, ys[j - 1]))
            j -= 1
        else:
            out.append((xs[i - 1], ys[j - 1]))
            i, j = i - 1, j - 1
    out.reverse()
    return out


def _compare_numbers(bead: Bead, ea: Edition, eb: Edition, report: BeadReport, findings,
                     evidence: PairEvidence, judged: Verdict) -> None:
    """Number findings of one bead. A difference is reported only where the
    two sides also agree on something (an equal number, a name in common):
    else the pairing itself may be wrong. In a document whose alignment is
    well anchored elsewhere (``judged.trusted``) such a difference is still
    shown (display); otherwise it is dropped."""
    found: list[tuple[Document, Finding]] = []
    _number_findings(bead, ea, eb, report, found, evidence.number_pairs)
    if found and not evidence.agreeing:
        if not judged.trusted:
            return
        found = [(doc, replace(f, max_tier=Tier.DISPLAY,
                               message=f.message + " (the paragraphs share no other anchor)"))
                 for doc, f in found]
    findings.extend(found)


def _number_findings(bead: Bead, ea: Edition, eb: Edition, report: BeadReport, findings,
                     pairs: Sequence[tuple[Anchor | None, Anchor | None]]) -> None:
    xs, ys = _bead_anchors(bead.a), _bead_anchors(bead.b)
    for x, y in pairs:
        if x is None or y is None:
            continue
        report.links.append(Link("number", x.text, y.text, x.value == y.value))
        if x.value == y.value:
            # Same value, but one side written with look-alikes (2O18, Х!Х):
            # the other edition confirms the reading.
            if x.broken != y.broken:
                here, there, doc, other = (x, y, ea.doc, eb.lang) if x.broken else (y, x, eb.doc, ea.lang)
                findings.append((doc, _lookalike_finding(here, there, other)))
            continue
        damaged = _damaged_side(x, y, xs, ys)
        if damaged == "b":
            findings.append((eb.doc, _number_finding(y, x, ea.lang, suggest=True)))
        elif damaged == "a":
            findings.append((ea.doc, _number_finding(x, y, eb.lang, suggest=True)))
        elif x.broken != y.broken:
            here, there, doc, other = (x, y, ea.doc, eb.lang) if x.broken else (y, x, eb.doc, ea.lang)
            findings.append((doc, _number_finding(here, there, other, suggest=True, broken=True)))
        else:
            findings.append((ea.doc, _number_finding(x, y, eb.lang, suggest=False)))
            findings.append((eb.doc, _number_finding(y, x, ea.lang, suggest=False)))


def _damaged_side(x: Anchor, y: Anchor, xs: Sequence[Anchor], ys: Sequence[Anchor]) -> str | None:
    """Which side of a substitution looks damaged: the one that repeats a value
    (y's value occurs again on its own side) where the other side has a value
    that its counterpart lacks altogether."""
    b_repeats = sum(1 for v in ys if v.value == y.value) > 1 and not any(v.value == x.value for v in ys)
    a_repeats = sum(1 for v in xs if v.value == x.value) > 1 and not any(v.value == y.value for v in xs)
    if b_repeats and not a_repeats:
        return "b"
    if a_repeats and not b_repeats:
        return "a"
    return None


def render_value(like: Anchor, value: float) -> str:
    """``value`` written the way ``like`` is written (ordinal suffix, Roman, %)."""
    if value != int(value):
        number = f"{value:g}"
    else:
        number = str(int(value))
    if like.roman:
        return to_roman(int(value))
    if like.broken:
        return number
    text = like.text
    if text[-2:] in ("st", "nd", "rd", "th"):
        return english_ordinal(int(value))
    digits_end = 0
    while digits_end < len(text) and (text[digits_end].isdigit() or text[digits_end] in ".,\u00a0 "):
        digits_end += 1
    return number + text[digits_end:].lstrip() if text[digits_end:].startswith("%") else number + text[digits_end:]


def _lookalike_finding(here: Anchor, there: Anchor, other_lang: str | None) -> Finding:
    message = (f"number written with look-alike characters; the {lang_name(other_lang)} edition "
               f"has {there.text!r}, the same value")
    return Finding(NUMBER_RULE, message, here.start, here.end, here.text,
                   (Suggestion(here.clean, LOOKALIKE_CONFIRMED),),
                   detection_confidence=LOOKALIKE_CONFIRMED, max_tier=Tier.UNSAFE)


def _number_finding(here: Anchor, there: Anchor, other_lang: str | None, suggest: bool,
                    broken: bool = False) -> Finding:
    other = lang_name(other_lang)
    if suggest:
        why = ("this side is written with look-alike characters" if broken else
               f"this side repeats it where the {other} edition has two values")
        message = f"number differs from the {other} edition ({there.text!r}), and {why}"
        confidence = FROM_BROKEN if broken else FROM_OTHER_EDITION
        suggestions = (Suggestion(render_value(here, there.value), confidence),)
        return Finding(NUMBER_RULE, message, here.start, here.end, here.text, suggestions,
                       detection_confidence=confidence, max_tier=Tier.UNSAFE)
    message = f"number differs from the {other} edition ({there.text!r}); one of them is wrong"
    return Finding(NUMBER_RULE, message, here.start, here.end, here.text,
                   detection_confidence=0.4, max_tier=Tier.DISPLAY)


# ---- names ---------------------------------------------------------------------

def _name_counts(edition: Edition) -> dict[str, int]:
    """How often each capitalised base form occurs in the edition (in order of
    first occurrence), counted per distinct word."""
    forms = Counter(word for p in edition.paragraphs for _, _, word in p.name_tokens)
    if edition.lang != "en":
        return dict(forms)  # base_form strips an English possessive only
    counter: Counter[str] = Counter()
    for word, n in forms.items():
        counter[names.base_form(word, edition.lang)] += n
    return dict(counter)


def _similar(word_a: str, lang_a: str | None, word_b: str) -> float:
    return names.similarity(word_a, word_b) if lang_a == "en" else names.similarity(word_b, word_a)


def _compare_names(bead: Bead, ea: Edition, eb: Edition, counts, indexes, report: BeadReport, findings,
                   is_known, links: bool = True, unknown: dict | None = None) -> None:
    toks_a = [t for p in bead.a for t in p.name_tokens]
    toks_b = [t for p in bead.b for t in p.name_tokens]
    if not toks_a or not toks_b:
        return
    sims = None  # without links: each unknown name computes its own row
    if links:
        sims = _link_similarities(toks_a, ea.lang, toks_b)
        linked_a: set[int] = set()
        linked_b: set[int] = set()
        for (i, j), s in sorted(sims.items(), key=lambda kv: -kv[1]):
            if s < NAME_LINK:
                break
            if i in linked_a or j in linked_b:
                continue
            linked_a.add(i)
            linked_b.add(j)
            report.links.append(Link("name", toks_a[i][2], toks_b[j][2], s == 1.0))
    for side, toks, others, edition, other_edition in (
        ("a", toks_a, toks_b, ea, eb),
        ("b", toks_b, toks_a, eb, ea),
    ):
        lang = edition.lang
        for k, (start, end, word) in enumerate(toks):
            if unknown is not None and unknown.get((word, lang)) is False:
                continue  # a known word (asked before in this comparison) has no finding
            finding = _name_finding(side, k, start, end, word, others, sims, edition,
                                    other_edition, counts, indexes, is_known, unknown)
            if finding is not None:
                findings.append((edition.doc, finding))


def _link_similarities(toks_a, lang_a: str | None, toks_b) -> dict[tuple[int, int], float]:
    """``_similar`` of every pair of names (a's i-th, b's j-th) that can reach
    ``NAME_LINK``, in row order; the pairs left out are below it."""
    sims: dict[tuple[int, int], float] = {}
    for i, ta in enumerate(toks_a):
        for j, tb in enumerate(toks_b):
            s = _similar_if_linkable(ta[2], lang_a, tb[2])
            if s is not None:
                sims[(i, j)] = s
    return sims


def _similar_if_linkable(word_a: str, lang_a: str | None, word_b: str) -> float | None:
    """``_similar(word_a, lang_a, word_b)``, or None when it is surely below
    ``NAME_LINK``.

    Similarity is 1 − d / max(len) over the Russian name's keys, and the edit
    distance d is at least the difference in length, so a pair none of whose
    key lengths is close enough to the English key's length needs no
    distance at all (most pairs of a paragraph: different names)."""
    en_word, ru_word = (word_a, word_b) if lang_a == "en" else (word_b, word_a)
    en_length = len(names.en_key(en_word))
    ru_lengths = names.key_lengths(ru_word)
    if not en_length or ru_lengths.isdisjoint(_linkable_lengths(en_length)):
        return None
    return _similar(word_a, lang_a, word_b)


@lru_cache(maxsize=None)
def _linkable_lengths(length: int) -> frozenset[int]:
    """Key lengths that may be within ``NAME_LINK`` of a key of ``length``:
    those with 1 − |difference| / max ≥ NAME_LINK, the bound that
    :func:`names.similarity` cannot exceed (computed in the same float steps)."""
    return frozenset(n for n in range(1, 2 * length + 2)
                     if 1.0 - abs(n - length) / max(n, length) >= NAME_LINK)


def _name_finding(side, k, start, end, word, others, sims, edition, other_edition, counts, indexes, is_known,
                  unknown: dict | None = None):
    lang, other_lang = edition.lang, other_edition.lang
    is_unknown = None if unknown is None else unknown.get((word, lang))
    if is_unknown is None:
        is_unknown = names.looks_unknown(names.base_form(word, lang), lang, is_known)
        if unknown is not None:
            unknown[(word, lang)] = is_unknown
    if not is_unknown:
        return None

    def sim(j: int) -> float:
        # Pairs missing from ``sims`` are below NAME_LINK: 0.0 stands for them,
        # which changes no decision below (each needs best_sim ≥ NAME_LINK).
        if sims is None:
            s = _similar_if_linkable(word, lang, others[j][2])
            return 0.0 if s is None else s
        return sims.get((k, j) if side == "a" else (j, k), 0.0)

    # The first of the most similar partners (a stable sort by similarity).
    best, best_sim = None, 0.0
    for j in range(len(others)):
        s = sim(j)
        if best is None or s > best_sim:
            best, best_sim = j, s
    variant = indexes[lang].near_variant(word, is_known)
    if variant is not None:
        stem, fixed, n = variant
        # The other edition must know the variant too (else the "variant" may
        # be a different name that happens to be one letter away).
        confirmed = any(_similar(stem, lang, o) == 1.0 for o in counts[other_lang])
        if confirmed:
            evidence = f"; the {lang_name(other_lang)} edition has {others[best][2]!r} here" \
                if best is not None and best_sim >= NAME_LINK else ""
            message = (f"name written {stem!r} {n} times in this edition and one letter "
                       f"differently here{evidence}")
            return Finding(NAME_RULE, message, start, end, word,
                           (Suggestion(fixed, NAME_FROM_VARIANT),),
                           detection_confidence=NAME_FROM_VARIANT, max_tier=Tier.UNSAFE)
    if best is None or best_sim == 1.0 or best_sim < NAME_LINK:
        return None
    partner = others[best][2]
    if not is_known(names.base_form(partner, other_lang), other_lang):
        return None
    message = (f"not a known word; the {lang_name(other_lang)} edition has {partner!r}, "
               f"which it nearly transliterates to")
    return Finding(NAME_RULE, message, start, end, word, detection_confidence=0.4, max_tier=Tier.DISPLAY)
