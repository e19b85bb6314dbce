"""Parallel editions: anchors, transliteration, alignment, findings, CLI.

``tests/data/parallel/{science,music,war}.{ru,en}.txt`` are small correct
parallel texts written for these tests (numbers, years, percentages, names in
conventional English spellings such as Tchaikovsky, centuries, ordinals,
dotted dates, decades, times, decimal commas):
the precision check runs on them, and damage is put into the first.
"""

from __future__ import annotations

import json

import pytest

from cleanup.document import Document
from cleanup.model import Tier
from cleanup.options import Options
from cleanup.parallel import names
from cleanup.parallel.align import align
from cleanup.parallel.anchors import anchors, roman_value
from cleanup.parallel.compare import NAME_RULE, NUMBER_RULE, compare, pair_anchors
from cleanup.parallel.editions import edition_of, split_editions
from cleanup.parallel.pairing import pair_by_name, pair_key
from cleanup.pipeline import Checker
from conftest import ROOT

DATA = ROOT / "tests" / "data" / "parallel"
RU = (DATA / "science.ru.txt").read_text(encoding="utf-8")
EN = (DATA / "science.en.txt").read_text(encoding="utf-8")


def _values(text: str) -> list[float]:
    return [a.value for a in anchors(text, 0, len(text), None)]


def _compare_texts(ru: str, en: str):
    a = edition_of(Document(ru, "x.ru.txt"))
    b = edition_of(Document(en, "x.en.txt"))
    return a, b, compare(a, b)


def _paragraphs(text: str) -> list[str]:
    return text.strip().split("\n\n")


# ---- anchors -------------------------------------------------------------------

def test_roman_numerals_with_cyrillic_and_lookalike_letters():
    assert roman_value("XIX") == (19, False)
    assert roman_value("Х!Х") == (19, True)  # Cyrillic Х, "!" for I
    assert roman_value("ХХ") == (20, True)
    assert roman_value("IIII") is None  # not canonical
    assert roman_value("СМ") == (900, True)  # a value, but see the plausibility test


def test_anchor_values_and_shapes():
    assert _values("в конце Х!Х и в начале ХХ века") == [19, 20]
    assert _values("the 23rd meeting, 20% of it, 1,000 people") == [23, 20, 1000]
    assert _values("23-й встрече, 70-ти лет, 1 000 человек, 3,5 раза") == [23, 70, 1000, 3.5]
    shapes = [a.shape for a in anchors("in 1987, 20%, 23rd, XIX", 0, 23, "en")]
    assert shapes == ["year", "percent", "ordinal", "ordinal"]


def test_words_and_initials_are_not_roman_numerals():
    assert _values("I hope I! Dear comrades! K. MARX and F. ENGELS, DC, CD, СМ, С ним") == []
    assert _values("в V веке") == [5]  # a single letter only before a century word


# ---- names through transliteration ----------------------------------------------

@pytest.mark.parametrize("en,ru", [
    ("Nurullayev", "Нуруллаев"), ("Nurullaev", "Нуруллаев"), ("Cheshme", "Чешме"),
    ("Cesme", "Чешме"), ("STALTN", "СТАЛТНУ"), ("STALIN’s", "СТАЛИНА"), ("MARX", "МАРКСОМ"),
    ("EKI", "ЕКИ"), ("Karabakh", "Карабаха"), ("Yuri", "Юрий"), ("Tolstoy", "Толстой"),
])
def test_names_that_transliterate_to_each_other(en, ru):
    assert names.similarity(en, ru) == 1.0


@pytest.mark.parametrize("en,ru", [("West", "Запад"), ("Athens", "Афинах"), ("STALTN", "СТАЛИНА")])
def test_names_that_do_not(en, ru):
    assert names.similarity(en, ru) < 1.0


# ---- alignment -------------------------------------------------------------------

def _kinds(beads) -> list[str]:
    return [b.kind for b in beads]


def test_correct_parallel_text_aligns_one_to_one_after_the_untranslated_heading():
    a, b, comparison = _compare_texts(RU, EN)
    assert _kinds(b.paragraphs and align(a.paragraphs, b.paragraphs)) == ["1-0"] + ["1-1"] * 6


def test_paragraph_split_in_one_edition_aligns_two_to_one():
    en = _paragraphs(EN)
    cut = en[2].index(" In 40 years")
    en[2:3] = [en[2][:cut], en[2][cut + 1:]]  # a page break cut the paragraph in two
    a, b, comparison = _compare_texts(RU, "\n\n".join(en))
    kinds = _kinds(align(a.paragraphs, b.paragraphs))
    assert kinds == ["1-0", "1-1", "1-1", "1-2", "1-1", "1-1", "1-1"]
    assert not comparison.findings


def test_paragraphs_merged_in_one_edition_align_one_to_two():
    ru = _paragraphs(RU)
    ru[4:6] = [ru[4] + " " + ru[5]]
    a, b, comparison = _compare_texts("\n\n".join(ru), EN)
    kinds = _kinds(align(a.paragraphs, b.paragraphs))
    assert kinds == ["1-0", "1-1", "1-1", "1-1", "1-2", "1-1"]
    assert not comparison.findings


def test_editions_of_different_lengths():
    # The translation lacks the last two paragraphs and one in the middle.
    en = _paragraphs(EN)
    shorter = "\n\n".join(en[:2] + en[3:4])
    a, b, comparison = _compare_texts(RU, shorter)
    beads = align(a.paragraphs, b.paragraphs)
    pairs = [([p.index for p in x.a], [p.index for p in x.b]) for x in beads]
    assert ([1], [0]) in pairs and ([2], [1]) in pairs and ([4], [2]) in pairs
    assert ([3], []) in pairs and ([5], []) in pairs and ([6], []) in pairs
    assert not comparison.findings


# ---- findings ------------------------------------------------------------------------

def test_precision_correct_parallel_text_raises_nothing_above_display():
    checker = Checker(Options(select=("style.parallel", "style.consistency")))
    others = [
        tuple((DATA / f"{name}.{lang}.txt").read_text(encoding="utf-8") for lang in ("ru", "en"))
        for name in ("music", "war")
    ]
    for ru, en in [(RU, EN), *others]:
        # As two files …
        a, b, comparison = _compare_texts(ru, en)
        assert [f for _, f in comparison.findings if f.tier > Tier.DISPLAY] == []
        # … and as one bilingual file, through the whole checker.
        both = Document(en + "\n\n" + ru, "both.txt")
        assert split_editions(both) is not None
        findings = checker.check(both).findings
        assert [f for f in findings if f.tier > Tier.DISPLAY] == [], findings
        assert [f for f in findings if f.rule.startswith("style.parallel")] == []


def test_repeated_value_is_the_damaged_side_and_gets_the_other_value():
    en = EN.replace("from 1863 to 1869", "from 1863 to 1863")
    a, b, comparison = _compare_texts(RU, en)
    [(doc, f)] = comparison.findings
    assert doc is b.doc and f.rule == NUMBER_RULE
    assert en[f.start:f.end] == "1863" and f.start == en.index("to 1863") + 3
    assert f.best.text == "1869" and f.tier == Tier.UNSAFE
    assert "'1869'" in f.message


def test_undecidable_number_mismatch_is_shown_on_both_sides_without_suggestion():
    en = EN.replace("contained 63 elements", "contained 36 elements")
    a, b, comparison = _compare_texts(RU, en)
    found = comparison.findings
    assert sorted(f.text for _, f in found) == ["36", "63"]
    assert all(f.tier == Tier.DISPLAY and f.best is None for _, f in found)


def test_swapped_values_are_not_reported_as_two_errors():
    xs = anchors("5 и 7", 0, 5, "ru")
    ys = anchors("7 and 5", 0, 7, "en")
    assert not [p for p in pair_anchors(xs, ys) if p[0] and p[1] and p[0].value != p[1].value]


def test_sample_editions_found_automatically(sample_text):
    editions = split_editions(Document(sample_text))
    assert editions is not None
    assert [e.lang for e in editions] == ["en", "ru"]


def test_sample_20th_for_xix_is_found_with_19th(sample_text):
    findings = Checker(Options(select=("style.parallel",))).check(Document(sample_text)).findings
    numbers = [f for f in findings if f.rule == NUMBER_RULE]
    assert len(numbers) == 1
    f = numbers[0]
    assert sample_text[f.start - 11:f.end] == "end of the 20th"
    assert f.best.text == "19th" and "Х!Х" in f.message


def test_sample_staltn_is_linked_to_its_russian_twin(sample_text):
    findings = Checker(Options(select=("style.parallel",))).check(Document(sample_text)).findings
    by_text = {f.text: f for f in findings if f.rule == NAME_RULE}
    assert set(by_text) == {"STALTN", "СТАЛТНУ"}
    assert "СТАЛТНУ" in by_text["STALTN"].message and "STALTN" in by_text["СТАЛТНУ"].message
    assert by_text["STALTN"].best.text == "STALIN"
    assert by_text["СТАЛТНУ"].best.text == "СТАЛИНУ"


def test_sample_agreeing_years_percentages_and_names_raise_nothing(sample_text):
    findings = Checker(Options(select=("style.parallel",))).check(Document(sample_text)).findings
    assert sorted(f.text for f in findings) == ["20th", "STALTN", "СТАЛТНУ"]


def test_monolingual_text_has_no_editions():
    assert split_editions(Document(RU)) is None
    # A Russian text quoting one English sentence is not bilingual.
    assert split_editions(Document(RU + "\n\nAs Gagarin said: let's go.\n")) is None


# ---- pairing and CLI ------------------------------------------------------------------

def test_pair_by_name():
    assert pair_key("dir/speech.ru.txt") == ("dir/speech.txt", "ru")
    assert pair_key("notes.txt") is None
    paths = ["a/speech.ru.txt", "a/speech.en.txt", "a/other.ru.txt", "b/speech.en.txt"]
    assert pair_by_name(paths) == [("a/speech.ru.txt", "a/speech.en.txt")]


def _damaged_pair(tmp_path):
    ru = tmp_path / "book.ru.txt"
    en = tmp_path / "book.en.txt"
    ru.write_text(RU, encoding="utf-8")
    en.write_text(EN.replace("from 1863 to 1869", "from 1863 to 1863"), encoding="utf-8")
    return ru, en


def test_cli_pairs_files_by_name_and_with_parallel(tmp_path, run_cli):
    ru, en = _damaged_pair(tmp_path)
    code, out, _ = run_cli("check", "--no-color", "--select", "style.parallel", str(ru), str(en))
    assert code == 1 and f"{en}:11:" in out and '"1863" → "1869"' in out
    other = tmp_path / "translation.txt"
    other.write_text(en.read_text(encoding="utf-8"), encoding="utf-8")
    code, out, _ = run_cli("check", "--no-color", "--select", "style.parallel", str(other))
    assert code == 0 and out == ""
    code, out, _ = run_cli("check", "--format", "json", "--select", "style.parallel",
                           "--parallel", str(ru), str(other))
    report = json.loads(out)
    found = [f for file in report["files"] for f in file["findings"]]
    assert code == 1 and [f["suggestions"][0]["text"] for f in found] == ["1869"]


def test_cli_align_shows_pairs_side_by_side(tmp_path, run_cli, sample_text):
    ru, en = _damaged_pair(tmp_path)
    code, out, _ = run_cli("align", "--width", "100", str(ru), str(en))
    assert code == 0
    assert "1869 ≠ 1863" in out and "Толстой = Tolstoy" in out
    assert "[1-0," in out  # the heading only the Russian edition has
    assert any("│" in line and "Менделеев" in line and "Mendeleev" in line for line in out.splitlines())
    sample = tmp_path / "sample.txt"
    sample.write_text(sample_text, encoding="utf-8")
    code, out, _ = run_cli("align", "--format", "json", str(sample))
    report = json.loads(out)
    beads = report["beads"]
    assert code == 0 and any(
        f["text"] == "20th" and f["suggestions"] == ["19th"] for b in beads for f in b["findings"]
    )
    assert report["parallel"] and report["evidence"]["level"] == "firm"
    assert report["evidence"]["agreeing"] > report["evidence"]["differing"] >= 1


def test_cli_align_errors(tmp_path, run_cli):
    mono = tmp_path / "mono.txt"
    mono.write_text(RU, encoding="utf-8")
    code, _, err = run_cli("align", str(mono))
    assert code == 2 and "not two editions" in err
    code, _, err = run_cli("align", str(tmp_path / "missing.txt"))
    assert code == 2 and "no such file" in err
    code, _, err = run_cli("check")
    assert code == 2 and "no files given" in err


def test_unknown_name_facing_a_known_one_is_shown_without_suggestion():
    en = EN.replace("Yuri Gagarin made", "Yuri Gagarim made")
    a, b, comparison = _compare_texts(RU, en)
    [(doc, f)] = comparison.findings
    assert doc is b.doc and f.rule == NAME_RULE and f.text == "Gagarim"
    assert f.tier == Tier.DISPLAY and f.best is None and "'Гагарин'" in f.message


def test_interleaved_editions_in_one_file():
    ru, en = _paragraphs(RU)[1:], _paragraphs(EN)
    mixed = "\n\n".join(p for pair in zip(ru, en) for p in pair).replace("to 1869", "to 1863")
    editions = split_editions(Document(mixed))
    assert editions is not None and [e.lang for e in editions] == ["ru", "en"]
    comparison = compare(*editions)
    assert _kinds(r.bead for r in comparison.beads) == ["1-1"] * 6
    assert [(f.text, f.best.text) for _, f in comparison.findings] == [("1863", "1869")]


def test_degenerate_editions_do_not_break(run_cli, tmp_path):
    empty = edition_of(Document(""))
    full = edition_of(Document(EN))
    assert _kinds(align(empty.paragraphs, full.paragraphs)) == ["0-1"] * 6
    assert compare(empty, full).findings == []
    numbers_only = edition_of(Document("1\n\n2\n\n3"))
    assert numbers_only.paragraphs == []
    (tmp_path / "e.ru.txt").write_text("", encoding="utf-8")
    (tmp_path / "e.en.txt").write_text(EN, encoding="utf-8")
    code, out, _ = run_cli("check", "--select", "style.parallel", str(tmp_path / "e.ru.txt"),
                           str(tmp_path / "e.en.txt"))
    assert code == 0 and out == ""


def test_unsafe_fix_of_the_sample_makes_exactly_the_four_corrections(sample_text):
    from cleanup.pipeline import fix_text

    fixed = fix_text(sample_text, Options(select=("style.parallel", "style.consistency"), min_confidence=0.5))
    assert fixed.count("the end of the 19th and early 20th centuries") == 1
    assert "STALTN" not in fixed and "СТАЛТНУ" not in fixed
    assert "approach to STALIN," in fixed and "подхода к СТАЛИНУ," in fixed
    changed = [(x, y) for x, y in zip(sample_text.split(), fixed.split()) if x != y]
    # Once 20th is 19th, the English confirms the reading of Х!Х as XIX.
    assert changed == [("STALTN,", "STALIN,"), ("20th", "19th"), ("СТАЛТНУ,", "СТАЛИНУ,"), ("Х!Х", "XIX")]


def test_lookalike_numeral_confirmed_by_the_other_edition():
    ru = RU.replace("с 1863 по 1869", "с l863 по 1869")
    a, b, comparison = _compare_texts(ru, EN)
    [(doc, f)] = comparison.findings
    assert doc is a.doc and f.text == "l863" and f.best.text == "1863" and f.tier == Tier.UNSAFE
    # A broken numeral that the other edition contradicts is the damaged side.
    ru = RU.replace("с 1863 по 1869", "с 1863 по l86O")
    a, b, comparison = _compare_texts(ru, EN)
    [(doc, f)] = comparison.findings
    assert doc is a.doc and f.text == "l86O" and f.best.text == "1869" and f.confidence < 0.6


# ---- robustness -----------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = st.sampled_from([
    "Сталин", "СТАЛИНА", "СТАЛТНУ", "STALIN", "STALTN", "Cheshme", "Чешме", "XIX", "Х!Х", "ХХ", "I",
    "20th", "19-й", "23rd", "2O18", "l917", "1 000", "1,000", "20%", "3,5", "года", "г.", "ещё", "еще",
    "века", "century", "the", "и", "!", ".", " ", "\u00a0", "\n", "\r\n", "\n\n", "\r\r", "-", "’s",
])


@settings(max_examples=60, deadline=None)
@given(st.lists(_PIECES, max_size=60))
def test_any_text_gives_well_formed_findings(pieces):
    text = " ".join(pieces)
    doc = Document(text)
    for f in Checker(Options(select=("style.parallel", "style.consistency"))).check(doc).findings:
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start:f.end] == f.text
        assert f.tier <= Tier.UNSAFE


def test_cli_uses_the_other_edition_beside_a_file_as_evidence(tmp_path, run_cli):
    ru, en = _damaged_pair(tmp_path)
    code, out, _ = run_cli("check", "--no-color", "--select", "style.parallel", str(en))
    assert code == 1 and '"1863" → "1869"' in out and str(ru) not in out
    code, out, _ = run_cli("check", "--no-color", "--select", "style.parallel", str(ru))
    assert code == 0 and out == ""  # the damage is in the English file, not shown here


def test_number_mismatch_needs_an_agreeing_anchor_and_a_firm_document():
    # One sentence pair: 1987 agrees, so the pair is aligned and the repeat
    # points at the damaged side; but one shared year is thin evidence that
    # the two are translations at all: shown, with the suggestion, not fixed.
    ru = "Мы встретились в 1987 году и ещё раз в 1988 году."
    en = "We met in 1987 and once more in 1987."
    a, b, comparison = _compare_texts(ru, en)
    [(_, f)] = comparison.findings
    assert f.text == "1987" and f.best.text == "1988" and f.tier == Tier.DISPLAY
    # A second pair sharing a name makes the editions firm: the fix is offered.
    more_ru, more_en = "\n\nПотом мы поехали в Тобольск.", "\n\nThen we went to Tobolsk."
    a, b, comparison = _compare_texts(ru + more_ru, en + more_en)
    [(_, f)] = comparison.findings
    assert f.text == "1987" and f.best.text == "1988" and f.tier == Tier.UNSAFE
    # Sharing nothing, the pair's differences outnumber what the editions agree on: not compared.
    ru = "Мы встретились в 1986 году и ещё раз в 1988 году."
    a, b, comparison = _compare_texts(ru + more_ru, en + more_en)
    assert not comparison.parallel and comparison.findings == []


def test_texts_that_are_not_translations_are_not_compared(run_cli, tmp_path):
    music_en = (DATA / "music.en.txt").read_text(encoding="utf-8")
    a, b, comparison = _compare_texts(RU, music_en)
    assert not comparison.parallel and comparison.findings == []
    (tmp_path / "x.ru.txt").write_text(RU, encoding="utf-8")
    (tmp_path / "x.en.txt").write_text(music_en, encoding="utf-8")
    code, out, _ = run_cli("align", str(tmp_path / "x.ru.txt"), str(tmp_path / "x.en.txt"))
    assert code == 0 and "do not look like translations" in out
    code, out, _ = run_cli("align", "--format", "json", str(tmp_path / "x.ru.txt"), str(tmp_path / "x.en.txt"))
    assert code == 0 and json.loads(out)["evidence"]["level"] == "not parallel"
    code, out, _ = run_cli("check", "--select", "style.parallel", "--parallel",
                           str(tmp_path / "x.ru.txt"), str(tmp_path / "x.en.txt"))
    assert code == 0 and out == ""


def test_dotted_dates_and_decades_are_read_like_their_translations():
    assert _values("08.05.1945 поздно вечером") == [8, 1945]
    assert _values("в 1990-х и в 80-х") == [1990, 80]
    assert _values("in the 1990s and the ’80s") == [1990, 80]
