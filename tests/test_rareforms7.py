"""Russian forms the morphology knows but the frequency list lacks
(cleanup/spelling/rareforms.py): a typo of such a form is corrected to it,
not to a far frequent word; a frequent word still wins when the rare form
is no nearer; a known word is never offered one.

The words are made up for these tests (other verbs of the dev sets'
patterns, not their sentences). Each test failed before rareforms: the
index held no form below Zipf 1.0, so the rare form was never a candidate
when any other was."""

from __future__ import annotations

import pytest

from cleanup import lexicon
from cleanup.pipeline import check_text
from cleanup.spelling import calibration, candidates, rareforms


def ranked(word: str) -> list[str]:
    a = candidates.analyse(word, "ru")
    return [c.word for c in a.candidates] if a else []


@pytest.mark.parametrize(
    "typo, meant, far",
    [
        # 2nd person singular, ь left out (-шь, -шься): the 3rd person is
        # far more common, and one letter away by a dear substitution.
        ("расшифровываешся", "расшифровываешься", "расшифровывается"),
        ("пересчитываеш", "пересчитываешь", "пересчитывает"),
        ("отредактируеш", "отредактируешь", "отредактирую"),
        # a vowel left out of a 1st person plural that the dictionary spells with ё
        ("выкорчевывем", "выкорчевываем", "выкорчевывает"),
    ],
)
def test_a_typo_of_a_rare_form_is_corrected_to_it(typo, meant, far):
    assert lexicon.is_known(meant, "ru") and lexicon.zipf(meant, "ru") < 1.0  # the case this is about
    words = ranked(typo)
    assert words[0] == meant
    assert far in words  # … and the frequent word is still offered, below it


def test_the_rare_form_keeps_the_writers_e_for_yo():
    # The dictionary has выкорчёвываем; the writer wrote е, and so does the suggestion.
    a = candidates.analyse("выкорчевывем", "ru")
    assert a.best.word == "выкорчевываем" and a.best.kind == "rare"


def test_a_rare_form_is_offered_in_a_check_with_a_real_confidence():
    findings = [f for f in check_text("Ты опять всё пересчитываеш заново.") if f.rule.startswith("spelling")]
    assert [f.best.text for f in findings] == ["пересчитываешь"]
    assert 0.5 <= findings[0].confidence < 1.0


@pytest.mark.parametrize(
    "typo, frequent, rare",
    [
        ("перевозфами", "перевозками", "перевозами"),
        ("подфчитано", "подсчитано", "подчитано"),
    ],
)
def test_a_frequent_word_wins_when_the_rare_form_is_no_nearer(typo, frequent, rare):
    # The search finds the rare form one slip away, but a guessed frequency
    # must not outweigh a counted word as near: it is not offered.
    found = {c.word: c for c in rareforms.candidates(typo)}
    assert rare in found
    a = candidates.analyse(typo, "ru")
    by_word = {c.word: c for c in a.candidates}
    assert a.best.word == frequent
    assert found[rare].cost >= by_word[frequent].cost
    assert rare not in by_word


def test_a_name_s_rare_form_is_not_offered():
    # Кирсановых (a surname's plural) is one slip from the dictionary's
    # Кирсановы; a name's case form is no correction of a name.
    assert rareforms.estimated_zipf("кирсановы") is None
    assert all(c.kind != "rare" for c in rareforms.candidates("кирсановых"))


def test_a_known_word_is_not_replaced_by_a_rare_form():
    # проголосивших is a real, unused form: questioned, but only towards
    # much more common words, never towards another unlisted one.
    a = candidates.analyse("проголосивших", "ru")
    assert a is not None and a.known
    assert all(c.kind != "rare" for c in a.candidates)
    assert rareforms.candidates("проголосивших")  # (there are rare forms one slip away)


def test_a_cheap_slip_to_a_counted_word_is_not_searched_further():
    # обрабатываем: one vowel left out of a counted form (cost below the search's bar).
    a = candidates.analyse("обрабатывем", "ru")
    assert a.best.word == "обрабатываем"
    assert all(c.kind != "rare" for c in a.candidates)


def test_the_estimate_follows_the_slot():
    # Of one lexeme, a 2nd person singular is estimated rarer than the
    # 3rd person, and an estimate lands near wordfreq's count for a counted
    # form (the offsets are fitted on the frequency list; a slot's spread
    # across lexemes is about 0.5–0.8 Zipf, so within two of them).
    second = rareforms.estimated_zipf("расшифровываешься")
    third = rareforms.estimated_zipf("расшифровывается")
    assert 0 < second < third
    assert abs(third - lexicon.zipf("расшифровывается", "ru")) < 1.0
    assert abs(rareforms.estimated_zipf("читаешь") - lexicon.zipf("читаешь", "ru")) < 1.6


def test_the_confidence_map_knows_the_frequency_is_estimated():
    a = candidates.analyse("пересчитываеш", "ru")
    feats = calibration.features(a, upper=False, title=False)
    assert feats["estimated"] == 1.0
    b = candidates.analyse("обрабатывем", "ru")
    assert calibration.features(b, upper=False, title=False)["estimated"] == 0.0


def test_slots_leave_out_what_belongs_to_the_lexeme():
    tag = lexicon.morph().parse("определяешься")[0].tag
    assert rareforms.slot(tag) == "VERB,2per,indc,pres,sing"  # not impf/intr
    noun = lexicon.morph().parse("столом")[0].tag
    assert rareforms.slot(noun) == "NOUN,ablt,sing"  # not masc/inan


def test_the_lexeme_s_words_are_pymorphys_own():
    """estimated_zipf reads a lexeme's words from the paradigm table: the
    words, in the order, of pymorphy3's ``lexeme`` (which builds a parse per
    form), for dictionary words and for guesses alike."""
    from cleanup import lexicon

    morph = lexicon.morph()
    kinds = set()
    for word in ("определяешься", "класснее", "перефразируешь", "кто-то", "по-моему", "ёлка", "шёл", "стол",
                 "красивейший", "бегемотик", "сталтну", "проголосивших", "квазибегемоты", "ежик"):
        for p in morph.parse(word)[:4]:
            assert rareforms._lexeme_words(p) == [q.word for q in p.lexeme], (word, p)
            kinds.add(len(p.methods_stack) == 1)
    assert kinds == {True, False}  # (the paradigm table's way and pymorphy3's own both ran)
