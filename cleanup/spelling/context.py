"""Choose between close Russian candidates with the neighbouring words.

The spelling analysis is context-free: one unknown form, one ranked list.
When the first few candidates are near in rank — often forms of one lexeme
(рисунко → рисунков / рисунка / рисунком) — only the sentence can decide.
Here each close candidate is asked whether it fits its immediate
neighbours, by three grammar-book relations:

- a preposition on the left governs the case of a noun, adjective or
  pronoun (с рисунком, not с рисунков);
- an adjective agrees with the noun on its right in case, number and
  (in the singular) gender; a noun with the adjective on its left;
- a finite verb agrees in number (person, or past-tense gender) with a
  subject pronoun or a nominative noun on its left.

The order of the candidates is kept (putting a fitting rival first was
measured and did not help on both halves); the first one's confidence
moves with whether it fits and its close rivals do not. How much (the offsets in
``context.json``) is fitted by ``bench/fit_context.py`` on the even dev rows and
checked on the odd ones; nothing here is tuned to a sentence.

Only a word whose candidates are close pays for this (a few per cent of
the questioned words); the readings come from the grammar checks' light
per-form memo (:func:`cleanup.grammar.scan.raw`); what a neighbour is
evidence of is worked out in :mod:`cleanup.spelling.neighbour_evidence`.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

from ..grammar.government import PREPOSITION_CASES
from ..grammar.verbs import SUBJECT_FEATURES
from ..segments import WORD
from . import neighbour_evidence as _evidence
from .candidates import Analysis
from .neighbour_evidence import ADJECTIVE, ADJECTIVES, FINITE, NOUNS, SUBJECT, dominant, finite_of, subjects

PARAMS = Path(__file__).with_name("context.json")

# A rival within this rank distance of the first candidate (one rank unit is
# one edit, or 1 / FREQ_WEIGHT Zipf steps) is close enough for the sentence
# to decide between them.
CLOSE = 1.0
RIVALS = 3  # the first candidate and the next two (what the finding shows)

_DECLINABLE = frozenset(("NOUN", "ADJF", "PRTF", "NPRO", "NUMR"))
# Prepositions that are adverbs as often, or govern through an omitted word:
# no evidence.
_LOOSE = frozenset("около после вокруг мимо против внутри вдоль посреди согласно навстречу".split())


def close(a: Analysis) -> bool:
    """Has the analysis a rival near enough to the first candidate for the
    neighbours to choose? (Once per form: only these pay for the context.)"""
    if a.lang != "ru" or len(a.candidates) < 2:
        return False
    reach = a.candidates[0].rank + CLOSE
    return a.candidates[1].rank <= reach


@lru_cache(maxsize=50_000)
def fits(word: str, left: str | None, right: str | None) -> int:
    """+1 when ``word`` fits a neighbour by one of the relations and fits
    none worse, −1 when a relation applies and it fits none, 0 when no
    relation applies. ``left`` / ``right`` are the adjacent words (lower
    case; None across punctuation or at a paragraph's edge)."""
    tags = _tags(word)
    if not tags:
        return 0
    verdicts = []
    if left is not None:
        cases = PREPOSITION_CASES.get(left)
        if cases is not None and left not in _LOOSE:
            declined = [t for t in tags if t.POS in _DECLINABLE]
            if declined:
                verdicts.append(any(t.main_case in cases for t in declined))
        else:
            verdicts += _verb_fit(tags, left)
            verdicts += _noun_after_adjective(tags, left)
    if right is not None:
        verdicts += _adjective_before_noun(tags, right)
        verdicts += _subject_before_verb(tags, right)
    if not verdicts:
        return 0
    return 1 if all(verdicts) else -1


# --- the readings -------------------------------------------------------------
# A word's readings are read through the grammar checks' light per-form memo
# (cleanup.grammar.scan.raw: tag ids and light tags, scores only when asked),
# not morph.lookup's Parse objects: a candidate's fit reads its tags alone,
# and only a neighbour's dominance needs the readings' probabilities. The
# same form read later by the grammar checks is then already known.

def _tags(word: str) -> tuple:
    """The light tags (:class:`cleanup.grammar.morph.Tag`) of ``word``'s
    dictionary readings, in the dictionary's order; () for a word without."""
    r = _evidence.readings(word)
    return () if r is None else tuple(f.tag for f in r.facts)


@lru_cache(maxsize=50_000)
def _may_relate_on_left(left: str | None) -> bool:
    """Might one of :func:`fits`' relations to a left neighbour apply to
    some word? False only when none can, whatever the word's readings: the
    left-hand tests of :func:`fits`, :func:`_verb_fit` and
    :func:`_noun_after_adjective` that read the neighbour alone."""
    if left is None:
        return False
    if PREPOSITION_CASES.get(left) is not None and left not in _LOOSE:
        return True  # (fits' preposition relation)
    if SUBJECT_FEATURES.get(left) is not None:
        return True  # (_verb_fit's subject pronoun)
    bits = _table_evidence(left)
    if bits is not None:
        return bool(bits & (SUBJECT | ADJECTIVES))  # (the two below, kept in the table)
    if _likely_subject(left):
        return True  # (_verb_fit's likely subject)
    return bool(_only_adjectives(left))  # (_noun_after_adjective)


@lru_cache(maxsize=50_000)
def _may_relate_on_right(right: str | None) -> bool:
    """The same for a right neighbour (:func:`_adjective_before_noun`,
    :func:`_subject_before_verb`)."""
    if right is None:
        return False
    bits = _table_evidence(right)
    if bits is not None:
        return bool(bits & (NOUNS | FINITE))  # (the two below, kept in the table)
    return bool(_only_nouns(right)) or bool(_finite(right))


def _agree(a, n) -> bool:
    """Does one adjective reading's tag ``a`` agree with one noun reading's tag ``n``?"""
    if a.main_case is None or n.main_case is None or a.main_case != n.main_case or a.number != n.number:
        return False
    if n.number == "sing" and a.gender is not None and n.gender is not None and n.gender != "Ms-f":
        return a.gender == n.gender
    return True


# A neighbour's evidence of each kind (neighbour_evidence.evidence_bits) is
# kept, as bits, for the commonest forms in the grammar checks' table
# (cleanup.grammar.formtable, built once): there a neighbour without
# evidence of a kind costs a table look-up, not a reading of its dictionary
# entries and their probabilities.

@lru_cache(maxsize=50_000)
def _table_evidence(word: str) -> int | None:
    """The evidence bits of ``word`` kept in the table
    (:func:`~cleanup.spelling.neighbour_evidence.evidence_bits`); None when
    the table does not hold the form (or there is no table)."""
    table = _form_table()
    return None if table is None else table.evidence(word)


def _form_table():
    """formtable.table, imported when first needed (as neighbour_evidence.readings imports scan)."""
    global _form_table
    from ..grammar.formtable import table

    _form_table = table
    return table()


def _lacks(word: str, bit: int) -> bool:
    """Does the table say that ``word`` has no evidence of this kind?"""
    bits = _table_evidence(word)
    return bits is not None and not bits & bit


@lru_cache(maxsize=50_000)
def _only_nouns(word: str) -> tuple:
    return () if _lacks(word, NOUNS) else dominant(word, ("NOUN",))


@lru_cache(maxsize=50_000)
def _only_adjectives(word: str) -> tuple:
    return () if _lacks(word, ADJECTIVES) else tuple(tag for tag, _ in dominant(word, ADJECTIVE))


@lru_cache(maxsize=50_000)
def _finite(word: str) -> tuple:
    return () if _lacks(word, FINITE) else finite_of(dominant(word, ("VERB",)))


@lru_cache(maxsize=50_000)
def _likely_subject(word: str) -> tuple:
    return () if _lacks(word, SUBJECT) else subjects(_only_nouns(word))


def _adjective_before_noun(tags, right: str) -> list[bool]:
    """An adjective reading of the candidate, before a noun: agreement. A
    candidate with no adjective reading is not judged by this relation."""
    adjs = [t for t in tags if t.POS in ADJECTIVE]
    if not adjs:
        return []
    nouns = _only_nouns(right)
    if not nouns:
        return []
    return [any(_agree(a, n) for a in adjs for n, _ in nouns)]


def _noun_after_adjective(tags, left: str) -> list[bool]:
    nouns = [t for t in tags if t.POS == "NOUN"]
    if not nouns:
        return []
    adjs = _only_adjectives(left)
    if not adjs:
        return []
    return [any(_agree(a, n) for a in adjs for n in nouns)]


def _verb_fit(tags, left: str) -> list[bool]:
    """A finite verb after a subject pronoun."""
    finite = [t for t in tags if t.POS == "VERB" and "indc" in t.grammemes]
    if not finite:
        return []
    subject = SUBJECT_FEATURES.get(left)
    if subject is not None:
        person, number, gender = subject
        return [any(_verb_agrees(t, person, number, gender) for t in finite)]
    nouns = _likely_subject(left)
    if not nouns:
        return []  # (an object stands before its verb as often: only a likely subject counts)
    return [any(_verb_agrees(t, "3per", n.number, n.gender) for t in finite for n in nouns)]


def _subject_before_verb(tags, right: str) -> list[bool]:
    """A nominative noun reading of the candidate before a finite verb: the
    verb's number (and past-tense gender) is the subject's."""
    nouns = [t for t in tags if t.POS == "NOUN" and t.case == "nomn"]
    if not nouns:
        return []
    finite = _finite(right)
    if not finite:
        return []
    return [any(_verb_agrees(v, "3per", n.number, n.gender) for v in finite for n in nouns)]


def _verb_agrees(tag, person: str, number: str | None, gender: str | None) -> bool:
    if number is None:
        return True
    if "past" in tag.grammemes:
        if tag.number != number:
            return False
        return number == "plur" or gender is None or tag.gender is None or tag.gender == gender
    return tag.person == person and tag.number == number


def _joined(gap: str) -> bool:
    """Is ``gap`` (the text between two words) only space, within one
    paragraph (at most one line break)? Anything else — a comma, a dash, a
    quotation mark, a blank line — ends a phrase."""
    if not gap.isspace():
        return False
    breaks = gap.count("\n") + gap.count("\r") - gap.count("\r\n")
    return breaks < 2


def neighbours(text: str, tokens, i: int) -> tuple[str | None, str | None]:
    """The words next to token ``i`` of a paragraph's ``tokens`` (lower case),
    each None across anything but space or at the paragraph's edge."""
    tok = tokens[i]
    left = right = None
    if i > 0:
        prev = tokens[i - 1]
        if _joined(text[prev.end:tok.start]):
            left = prev.text.lower()
    if i + 1 < len(tokens):
        nxt = tokens[i + 1]
        if _joined(text[tok.end:nxt.start]):
            right = nxt.text.lower()
    return left, right


_REACH = 80  # characters looked at either side for a neighbour (a word is shorter)


def neighbours_at(text: str, start: int, end: int, floor: int = 0) -> tuple[str | None, str | None]:
    """:func:`neighbours` of the word at ``text[start:end]``, found in the
    text itself (for one word examined alone; ``floor``: where its
    paragraph begins)."""
    left = right = None
    before = list(WORD.finditer(text, max(floor, start - _REACH), start))
    if before and _joined(text[before[-1].end():start]):
        left = before[-1].group().lower()
    after = WORD.search(text, end, min(len(text), end + _REACH))
    if after is not None and _joined(text[end:after.start()]):
        right = after.group().lower()
    return left, right


# --- the step ---------------------------------------------------------------

@lru_cache(maxsize=1)
def params() -> dict[str, float]:
    """The fitted maps (slope, offset on the log-odds scale): "agree" where
    the first candidate fits and a close rival does not, "misfit" where the
    first does not fit."""
    return {k: tuple(v) for k, v in json.loads(PARAMS.read_text(encoding="utf-8"))["maps"].items()}


def situation(a: Analysis, left: str | None, right: str | None) -> str | None:
    """How the first candidate stands with its neighbours against its close
    rivals: "agree" (it fits and a rival does not), "misfit" (it fits no
    relation that applies), or None (the neighbours say nothing)."""
    if not (_may_relate_on_left(left) or _may_relate_on_right(right)):
        # (Also when both are None.) No relation can apply, whatever the
        # candidate: fits would say 0 of each, after parsing each. Asked of
        # the neighbours alone, memoised per neighbour: most close words
        # stand beside words no relation reads (и, что, an adverb).
        return None
    first = fits(a.candidates[0].word, left, right)
    if first < 0:
        return "misfit"
    # (The rivals are asked only when they decide: each new one is parsed.)
    if first > 0 and _a_rival_misfits(a, left, right):
        return "agree"
    return None


def shift(a: Analysis, left: str | None, right: str | None) -> tuple[float, float] | None:
    """The (slope, offset) on the log-odds scale of the first candidate's
    confidence where it stands (the map of its :func:`situation`); None
    when the neighbours say nothing."""
    where = situation(a, left, right)
    return None if where is None else params().get(where)


def shifted(p: float, slope: float, offset: float) -> float:
    """``p`` mapped on the log-odds scale: slope · logit(p) + offset."""
    p = min(max(p, 1e-9), 1 - 1e-9)
    z = max(-30.0, min(30.0, slope * math.log(p / (1 - p)) + offset))
    return 1.0 / (1.0 + math.exp(-z))


def _a_rival_misfits(a: Analysis, left: str | None, right: str | None) -> bool:
    """Does one of the first candidate's close rivals fit none of the
    relations that apply to it (:func:`fits` −1)? (Asked in rank order,
    until one does.)"""
    cands = a.candidates[:RIVALS]
    reach = cands[0].rank + CLOSE
    for c in cands[1:]:
        if c.rank > reach:
            break
        if fits(c.word, left, right) < 0:
            return True
    return False
