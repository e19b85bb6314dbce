"""Spelling: the error model, candidates, case, names held back, project words."""

from __future__ import annotations

import pytest

from cleanup import lexicon
from cleanup.document import Document
from cleanup.model import Tier
from cleanup.options import Options
from cleanup.pipeline import Checker, check_text, fix_text
from cleanup.spelling import calibration, errormodel
from conftest import SAMPLE


def spelling(text: str, **kw) -> dict[str, object]:
    found = check_text(text, Options(select=("spelling",), **kw))
    return {f.text: f for f in found}


@pytest.fixture(scope="module")
def sample_findings():
    doc = Document.from_bytes(SAMPLE.read_bytes(), path="sample")
    return Checker(Options(select=("spelling", "script"))).check(doc).findings


@pytest.mark.parametrize(
    "typo, right",
    [("STALTN", "STALIN"), ("СТАЛТНУ", "СТАЛИНУ"), ("Хрущщовского", "Хрущёвского"),
     ("ели-ели", "еле-еле"), ("проголосивших", "проголосовавших"), ("Х!Х", "XIX"), ("ХХ", "XX")],
)
def test_sample_errors_found_with_right_first_suggestion(sample_findings, typo, right):
    hits = [f for f in sample_findings if f.text == typo]
    assert hits, f"{typo} not found"
    assert all(f.best.text == right for f in hits)


@pytest.mark.parametrize("name", ["Чешме", "Сяопин", "ЕКИ", "комдвижение", "комдвижении", "Nurullayev", "Cesme", "Karabakh", "EKI"])
def test_names_and_coinages_of_the_sample_are_never_above_display(sample_findings, name):
    assert not [f for f in sample_findings if f.text == name and f.tier > Tier.DISPLAY]


def test_correct_text_is_left_alone():
    text = ("Первым долгом разрешите выразить благодарность организаторам встречи. "
            "Хрущёв пришёл к власти после смерти Сталина. The committee will meet in Baku tomorrow.")
    assert not [f for f in spelling(text).values() if f.tier > Tier.DISPLAY]


def test_case_pattern_is_kept():
    found = spelling("Вчера пришла одна женшина. Потом ЖЕНШИНА ушла. Женшина вернулась.")
    assert {f.best.text for f in found.values()} <= {"женщина", "ЖЕНЩИНА", "Женщина"}
    assert found["ЖЕНШИНА"].best.text == "ЖЕНЩИНА"
    assert found["Женшина"].best.text == "Женщина"


def test_clear_typo_is_safe_and_fix_applies_it():
    text = "Спасибо за подержку и за внимание."
    found = spelling(text)
    assert found["подержку"].best.text == "поддержку"
    assert found["подержку"].tier == Tier.SAFE
    assert fix_text(text, Options(select=("spelling",))) == "Спасибо за поддержку и за внимание."


def test_colloquial_spellings_seen_in_web_text_are_not_fixed():
    # "ваще", "шта" are deliberate colloquial spellings (common on the web, and
    # kept by the RUSpellRU annotators): at most a display note.
    text = "Он сказал шта нет, ну ваще классно было вчера вечером у нас."
    assert all(f.tier == Tier.DISPLAY for f in spelling(text).values())
    assert fix_text(text, Options(select=("spelling",))) == text


def test_unknown_capitalised_word_without_a_close_common_candidate_is_display():
    found = spelling("Мы встретились с товарищем Нуруллаевым в Измире.")
    assert all(f.tier == Tier.DISPLAY for f in found.values())


def test_project_words_accept_their_inflected_forms():
    text = "Мы говорили о комдвижении и о международном комдвижению."
    assert spelling(text)  # flagged (at display) without the project dictionary
    assert not spelling(text, words=frozenset({"комдвижение"}))


def test_project_words_english():
    assert "Nurullayevs" not in spelling("Nurullayevs said so.", words=frozenset({"nurullayevs"}))


def test_keyboard_neighbours_and_yo_are_cheap():
    assert errormodel.cost("сталтну", "сталину") < errormodel.cost("сталшну", "сталину")
    assert errormodel.cost("ел", "ёл") < 0.1
    assert errormodel.cost("хрущщовского", "хрущёвского") < errormodel.cost("хрущщовского", "хрущевского")
    assert errormodel.cost("modem", "modern") < 1.0  # OCR: rn read as m
    assert errormodel.cost("same", "same") == 0


def test_zipf_matches_wordfreq():
    from wordfreq import zipf_frequency

    for word, lang in [("привет", "ru"), ("сталину", "ru"), ("еле-еле", "ru"), ("hello", "en"), ("qwzx", "en")]:
        assert lexicon.zipf(word, lang) == zipf_frequency(word, lang, wordlist="large")


def test_calibration_has_every_feature_and_lower_cost_means_higher_confidence():
    weights = calibration.weights()
    assert set(calibration.FEATURES) <= set(weights)
    assert weights["cost"] < 0


def test_roman_numerals_in_latin_capitals_are_numbers_not_misspellings():
    text = ("В XIX веке и в начале XX века, в главе XIV.\n\n"
            "In the XIX century, Louis XIV and MCMLXXX; STALTN is still a typo.\n")
    flagged = {text[f.start:f.end] for f in check_text(text) if f.rule.startswith("spelling.")}
    assert flagged == {"STALTN"}


def test_a_line_of_letters_with_no_space_costs_linear_time_and_memory():
    # Regression (property tests, thorough profile): the candidate search of
    # a 100,000-letter "word" took ~n² memory (MemoryError, then the OOM
    # killer). Longer than any word, it gets only the held-letter collapse.
    from cleanup.spelling import candidates

    word = "".join("абвгдежзиклмнопрстуфхцчшщыэюя"[i * 7 % 29] for i in range(candidates.MAX_WORD_LENGTH + 1))
    assert candidates.analyse(word, "ru").candidates == ()
    assert check_text("Слово " + word * 1500 + " здесь.") == []
    assert not [f for f in check_text("Слово " + "ааа-" * 20_000 + " здесь.") if f.rule.startswith("spelling.")]
    # A held key is still collapsed, however long the run.
    found = check_text("Слово " + "а" * 300 + " здесь.")
    assert [s.text for f in found for s in f.suggestions][:1] == ["а"]


def test_unknown_word_without_a_plausible_correction_is_reported_without_one(sample_findings):
    # Сяопин's nearest dictionary word (Скопин) is a ~0 % guess: the name is
    # still reported (a reader may add it to the dictionary), with no suggestion.
    found = [f for f in sample_findings if f.text == "Сяопин"]
    assert found and all(f.rule == "spelling.ru.word" and not f.suggestions and f.tier == Tier.DISPLAY
                         for f in found)
    # a likely correction is still offered
    assert any(f.text == "СТАЛТНУ" and f.best.text == "СТАЛИНУ" for f in sample_findings)


@pytest.mark.parametrize("ignored, lang", [(("spelling.en",), "en"), (("spelling.ru",), "ru")])
def test_words_of_a_language_whose_rules_are_off_are_not_analysed(monkeypatch, ignored, lang):
    """``--ignore spelling.en`` spares the English words their analysis (the
    candidate search), and the other language's findings stay the same."""
    from cleanup.detectors import spelling

    # Words no other test uses: the per-process caches have not seen them.
    text = "Он сказлал это вчерв вечером.\n\nHe sayd it yesterdai evening."
    everything = check_text(text, Options(select=("spelling",)))
    asked: list[tuple[str, str]] = []
    real = spelling.analyse
    monkeypatch.setattr(spelling, "analyse", lambda word, lang_: asked.append((word, lang_)) or real(word, lang_))
    spelling._forms.cache_clear()
    spelling._question.cache_clear()
    found = check_text(text, Options(select=("spelling",), ignore=ignored))
    assert asked and all(lang_ != lang for _, lang_ in asked)
    assert found == [f for f in everything if not f.rule.startswith(ignored[0] + ".")]
    assert any(f.rule.startswith(ignored[0] + ".") for f in everything)  # something was there to skip


def test_every_rule_the_detector_can_emit_is_documented():
    # `cleanup rules`, --select and the SARIF rule list are made from RULES.
    from cleanup.detectors.spelling import ALL_RULES, SpellingDetector

    assert {r.id for r in SpellingDetector.RULES} == ALL_RULES


def test_turkish_dotted_capital_i_is_looked_up_as_i():
    # Python lowers İ to "i" and a combining dot, which no word list holds:
    # İzmir and İSTANBUL were "unknown words" only because of that.
    assert "İzmir" not in spelling("The meeting was held in İzmir, not in İSTANBUL, this year.")
    assert "İSTANBUL" not in spelling("The meeting was held in İzmir, not in İSTANBUL, this year.")
    typo = spelling("The meeting was held in İzmjr this year.")["İzmjr"]
    assert typo.best.text.lower() == "izmir"


def test_dotless_i_is_a_lookalike_of_i():
    # A Turkish keyboard or an OCR engine gives ı for i: the error model
    # weighs it as the lookalike it is, so the plain spelling comes first.
    found = spelling("It was a naıve plan, and the vısıt was short.")
    assert found["naıve"].best.text == "naive"
    assert found["vısıt"].best.text == "visit"
    # A Turkish name keeps its ı: never more than displayed.
    names = spelling("We drove from Aydın to Kırıkkale and back.")
    assert not [f for f in names.values() if f.tier > Tier.DISPLAY]
