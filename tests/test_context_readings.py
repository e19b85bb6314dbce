"""The context step (cleanup/spelling/context.py) reads words through the
grammar checks' light per-form memo (scan.raw: light tags, scores only when
asked). Here it is compared with the same relations read from
morph.lookup's Parse objects — what it read before, and what pymorphy3's
own parse gives (tests/test_grammar.py) — on every word of the sample and
the test sentences, beside the neighbours the relations read."""

from __future__ import annotations

import random

from cleanup.grammar.government import PREPOSITION_CASES
from cleanup.grammar.morph import lookup
from cleanup.grammar.verbs import SUBJECT_FEATURES
from cleanup.segments import paragraphs
from cleanup.spelling import context, neighbour_evidence

from test_grammar_gate import _texts


# --- the relations read from Parse objects (the reference) ----------------------

def _dominant(word, kinds):
    mine = tuple(p for p in lookup(word).parses if p.tag.POS in kinds)
    if not mine or sum(p.score for p in mine) < neighbour_evidence.DOMINANT:
        return ()
    return mine


def _finite(word):
    return tuple(p for p in _dominant(word, ("VERB",)) if "indc" in p.tag.grammemes)


def _subjects(word):
    nouns = [n for n in _dominant(word, ("NOUN",)) if n.tag.case == "nomn"]
    return nouns if nouns and sum(n.score for n in nouns) >= 0.5 else []


def _agree(a, n):
    return context._agree(a.tag, n.tag)


def _verb_agrees(p, person, number, gender):
    return context._verb_agrees(p.tag, person, number, gender)


def _reference_fits(word, left, right):
    parses = lookup(word).parses
    if not parses:
        return 0
    verdicts = []
    if left is not None:
        cases = PREPOSITION_CASES.get(left)
        if cases is not None and left not in context._LOOSE:
            declined = [p for p in parses if p.tag.POS in context._DECLINABLE]
            if declined:
                verdicts.append(any(p.tag.main_case in cases for p in declined))
        else:
            finite = [p for p in parses if p.tag.POS == "VERB" and "indc" in p.tag.grammemes]
            if finite:
                subject = SUBJECT_FEATURES.get(left)
                if subject is not None:
                    verdicts.append(any(_verb_agrees(p, *subject) for p in finite))
                elif _subjects(left):
                    verdicts.append(any(_verb_agrees(p, "3per", n.tag.number, n.tag.gender)
                                        for p in finite for n in _subjects(left)))
            nouns = [p for p in parses if p.tag.POS == "NOUN"]
            adjs = _dominant(left, neighbour_evidence.ADJECTIVE)
            if nouns and adjs:
                verdicts.append(any(_agree(a, n) for a in adjs for n in nouns))
    if right is not None:
        adjs = [p for p in parses if p.tag.POS in neighbour_evidence.ADJECTIVE]
        nouns = _dominant(right, ("NOUN",))
        if adjs and nouns:
            verdicts.append(any(_agree(a, n) for a in adjs for n in nouns))
        nouns = [p for p in parses if p.tag.POS == "NOUN" and p.tag.case == "nomn"]
        finite = _finite(right)
        if nouns and finite:
            verdicts.append(any(_verb_agrees(v, "3per", n.tag.number, n.tag.gender) for v in finite for n in nouns))
    if not verdicts:
        return 0
    return 1 if all(verdicts) else -1


def _reference_may_relate(left, right):
    on_left = left is not None and (
        PREPOSITION_CASES.get(left) is not None and left not in context._LOOSE
        or SUBJECT_FEATURES.get(left) is not None or bool(_subjects(left))
        or bool(_dominant(left, neighbour_evidence.ADJECTIVE)))
    on_right = right is not None and (bool(_dominant(right, ("NOUN",))) or bool(_finite(right)))
    return on_left, on_right


# --- the words -------------------------------------------------------------------

_NEIGHBOURS = ("с под в на о по к без для из у от за над при через около "
               "я ты он она оно мы вы они кто это "
               "стол столы дети мама день ночь время люди мужчина вода "
               "новый новая новые нового красивую большим старых его её их "
               "читает читают читала читали был была было были идёт шли "
               "и что не быстро очень вчера тоже").split()


def _words() -> tuple[list[str], list[tuple[str | None, str | None, str]]]:
    """The forms of the texts, and each word with its neighbours as it stands."""
    forms, standing = set(), []
    for text in _texts()[:2]:
        for para in paragraphs(text):
            words = [w.lower() for w in text[para.start:para.end].split()]
            words = [w.strip(".,:;!?«»()\"—") for w in words]
            forms.update(w for w in words if w)
            for i, w in enumerate(words):
                left = words[i - 1] if i > 0 else None
                right = words[i + 1] if i + 1 < len(words) else None
                standing.append((left or None, right or None, w))
    forms.update(_NEIGHBOURS)
    forms.update(("ещё", "еще", "ёлка", "елка", "столо", "новыи", "читаеть", "", "-", "стол-то"))
    return sorted(forms), standing


def test_a_candidates_fit_read_from_the_light_readings_is_the_parses_own():
    forms, standing = _words()
    rng = random.Random(16)
    triples = set(standing)
    for word in forms:
        for _ in range(6):
            triples.add((rng.choice((None, *_NEIGHBOURS)), rng.choice((None, *_NEIGHBOURS)), word))
    verdicts = set()
    for left, right, word in sorted(triples, key=str):
        got = context.fits.__wrapped__(word, left, right)
        assert got == _reference_fits(word, left, right), (left, word, right)
        verdicts.add(got)
    assert verdicts == {-1, 0, 1}
    assert len(triples) > 3000


def test_a_neighbours_evidence_read_from_the_light_readings_is_the_parses_own():
    forms, _ = _words()
    seen = {"left": 0, "right": 0}
    for form in forms:
        on_left, on_right = _reference_may_relate(form, form)
        assert context._may_relate_on_left.__wrapped__(form) == on_left, form
        assert context._may_relate_on_right.__wrapped__(form) == on_right, form
        seen["left"] += on_left
        seen["right"] += on_right
        # The dominant readings: the same tags in the same order, the same
        # scores to the last bit (their sums decide).
        for kinds in (("NOUN",), neighbour_evidence.ADJECTIVE, ("VERB",)):
            expected = [(p.tag, p.score) for p in _dominant(form, kinds)]
            assert list(neighbour_evidence.dominant(form, kinds)) == expected, (form, kinds)
    assert seen["left"] > 50 and seen["right"] > 50


def test_the_tables_evidence_of_a_neighbour_is_the_parses_own():
    """The neighbour evidence kept per form in the grammar form table (what
    settles most neighbours without reading them) says which of the four
    neighbour tests find readings, as the Parse objects do."""
    from cleanup.grammar import formtable

    table = formtable.table()
    forms, _ = _words()
    held = [form for form in forms if table.evidence(form) is not None]
    assert len(held) > 200
    seen = 0
    for form in held:
        expected = ((neighbour_evidence.NOUNS if _dominant(form, ("NOUN",)) else 0)
                    | (neighbour_evidence.ADJECTIVES if _dominant(form, neighbour_evidence.ADJECTIVE) else 0)
                    | (neighbour_evidence.FINITE if _finite(form) else 0)
                    | (neighbour_evidence.SUBJECT if _subjects(form) else 0))
        assert table.evidence(form) == expected, form
        assert neighbour_evidence.evidence_bits(form) == expected, form
        seen |= expected
    assert seen == (neighbour_evidence.NOUNS | neighbour_evidence.ADJECTIVES
                    | neighbour_evidence.FINITE | neighbour_evidence.SUBJECT)
