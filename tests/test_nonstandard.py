"""Forms the dictionary marks as misspelt, distorted or colloquial: the
standard form of their lexeme is offered — applied for a slip, only shown
or offered for speech a transcript may keep — and standard words, names and
forms with a standard reading too are left alone."""

from __future__ import annotations

import pytest

from cleanup.detectors.nonstandard import (
    RULE,
    RULE_COLLOQUIAL,
    RULE_MAYBE,
    NonstandardDetector,
    sound_key,
)
from cleanup.model import Tier
from cleanup.options import Options
from cleanup.pipeline import check_text, fix_text

ONLY = Options(select=("spelling.ru.nonstandard", "spelling.ru.colloquial"))


def _ours(text: str, options: Options = ONLY):
    return [f for f in check_text(text, options) if f.rule in (RULE, RULE_COLLOQUIAL, RULE_MAYBE)]


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("Я думаю, ето правда.", "Я думаю, это правда."),  # Dist: этот, neut sing nomn
        ("Ето было давно.", "Это было давно."),  # the case pattern is kept
        ("ЕТО БЫЛО ДАВНО.", "ЭТО БЫЛО ДАВНО."),
        ("Про етого человека я слышал.", "Про этого человека я слышал."),  # inflected as written
        ("Я знаю, што он прав.", "Я знаю, что он прав."),
        ("Прийдя домой, он уснул.", "Придя домой, он уснул."),  # Infr, but sounds as the standard
        ("Нам прийдется подождать.", "Нам придется подождать."),  # typed without ё: no ё added
        ("Нам прийдётся подождать.", "Нам придётся подождать."),
        ("Они ходют туда каждый день.", "Они ходят туда каждый день."),
    ],
)
def test_a_slip_the_dictionary_knows_is_fixed(text, fixed):
    assert fix_text(text, ONLY) == fixed
    (finding,) = _ours(text)
    assert finding.rule == RULE and finding.tier == Tier.SAFE


@pytest.mark.parametrize(
    ("text", "word", "standard"),
    [
        ("Я седня занят.", "седня", "сегодня"),
        ("Ну чё ты молчишь?", "чё", "что"),
        ("Ща приду.", "Ща", "Сейчас"),
    ],
)
def test_colloquial_speech_is_offered_but_kept_by_plain_fix(text, word, standard):
    (finding,) = _ours(text)
    assert finding.rule == RULE_COLLOQUIAL and finding.text == word
    assert finding.best.text == standard and finding.tier == Tier.UNSAFE
    assert fix_text(text, ONLY) == text
    assert fix_text(text, Options(select=ONLY.select, min_confidence=0.5)) == text.replace(word, standard)


def test_a_form_with_a_standard_reading_too_is_only_shown():
    text = "Я тока пришёл."  # только distorted, or the genitive of ток
    (finding,) = _ours(text, Options(select=("spelling.ru",)))
    assert finding.rule == RULE_MAYBE and finding.best.text == "только" and finding.tier == Tier.DISPLAY
    assert fix_text(text, Options(select=("spelling.ru",), min_confidence=0.0)) == text


@pytest.mark.parametrize(
    "text",
    [
        "Это правда, что он пришёл сегодня.",  # standard words
        "Поезд движется вперёд, а он мучается.",  # tagged Infr, but the common form
        "Он смотрел издалека.",  # Dist of издалёка: ё alone is no error
        "Душа наболит и отпустит.",  # Dist of наболеть 'be ill', but a real word of 'hurt'
        "Заболи, душа, и отпусти.",  # the same; the "standard" заболей is too rare to stand for it
        "Иван Саныч пришёл, Михалыч тоже.",  # colloquial patronymics: how people are called
        "Мы стояли на мкаде, в МКАДЕ.",  # a declined abbreviation
        "Он захотел придти пораньше.",  # an older spelling, not ten times rarer
        "Это было еТО.",  # a case pattern a suggestion cannot keep
        "The word ето is Russian for this.",  # an English paragraph
    ],
)
def test_correct_text_stays_untouched(text):
    assert not _ours(text, Options(select=("spelling.ru",))), _ours(text, Options(select=("spelling.ru",)))


def test_sila_toka_is_never_changed():
    text = "Сила тока в цепи велика."
    assert fix_text(text, Options(min_confidence=0.0)) == text


def test_before_a_particle_the_word_alone_is_not_applied():
    text = "Скачай што бы слушать."  # the whole correction is чтобы
    (finding,) = _ours(text)
    assert finding.best.text == "что" and finding.tier == Tier.UNSAFE
    assert fix_text(text, ONLY) == text


def test_a_project_word_is_accepted_with_its_forms():
    words = Options(select=ONLY.select, words=frozenset({"ето"}))
    assert not _ours("Я думаю, ето правда, и етого хватит.", words)
    # accepting a standard word accepts no distortion of it
    assert _ours("Я думаю, ето правда.", Options(select=ONLY.select, words=frozenset({"этот"})))


def test_sound_key_hears_only_silent_letter_swaps():
    assert sound_key("прийдя") == sound_key("придя")
    assert sound_key("ето") == sound_key("это")
    assert sound_key("што") == sound_key("что")
    assert sound_key("седня") != sound_key("сегодня")
    assert sound_key("щас") != sound_key("сейчас")


def test_every_rule_has_an_example_it_finds():
    for rule in NonstandardDetector.RULES:
        bad, good = rule.example.split(" → ")
        found = _ours(f"Я думаю, {bad} так.", Options(select=("spelling.ru",)))
        assert [f.rule for f in found] == [rule.id] and found[0].best.text == good


def test_a_dictionary_typo_is_offered_below_safe():
    # Erro, and its lexeme's other grammemes (Sgtm): never seen often enough
    # on the dev sets to be applied by plain fix.
    (finding,) = _ours("Мы летали в Тайланд.")
    assert finding.rule == RULE and finding.best.text == "Таиланд" and finding.tier == Tier.UNSAFE
    assert fix_text("Мы летали в Тайланд.", ONLY) == "Мы летали в Тайланд."


def _verdicts_reference(new):
    """_verdicts_of_new worked out: each form tested and judged one by one."""
    from cleanup.detectors import nonstandard

    out = {}
    for form in new:
        v = None
        if len(form) > 1 and nonstandard._CYRILLIC_WORD(form) is not None:
            v = nonstandard.verdict(form.lower())
        out[form] = v or nonstandard._NONE
    return out


def _fields(v):
    return (v.rule, v.standard, v.confidence, v.message)


_FORMS = ("ето Ето ЕТО еТо седня Седня тока прийдется што Што ща щас чё че е Е это Это стол х "
          "кое-что ето-то ТОКА-ТО hello Hello straße İstanbul ΣΑΣ ёж Ёж ЁЖ вa 12 ето2 прийдя Прийдя").split()


@pytest.mark.parametrize("size", [1, 3, len(_FORMS)])
def test_new_forms_verdicts_are_those_of_each_form(size):
    """The C-level passes over the table of verdicts give every form the
    verdict worked out for it (and the shared ``_NONE`` where there is none)."""
    from cleanup.detectors import nonstandard

    assert nonstandard._marked_verdicts() is not None
    for start in range(0, len(_FORMS), size):
        new = set(_FORMS[start:start + size])
        got, want = nonstandard._verdicts_of_new(new), _verdicts_reference(new)
        assert got.keys() == want.keys()
        assert all((got[f] is nonstandard._NONE) == (want[f] is nonstandard._NONE) for f in new), new
        assert all(_fields(got[f]) == _fields(want[f]) for f in new), new
    assert any(v is not nonstandard._NONE for v in nonstandard._verdicts_of_new(set(_FORMS)).values())


def test_the_table_of_verdicts_holds_the_worked_out_verdicts():
    """Every verdict kept is the one worked out for its form now; and a
    sample of the marked forms without one has none."""
    from cleanup.detectors import nonstandard

    kept = nonstandard._marked_verdicts()
    assert kept is not None and len(kept) > 100
    for form, v in kept.items():
        worked = nonstandard.verdict(form)
        assert worked is not None and _fields(v) == _fields(worked), form
    marked = sorted(nonstandard._marked_dictionary_forms() - kept.keys())
    assert len(marked) > 10_000
    for form in marked[::40]:
        assert nonstandard.verdict(form) is None, form
