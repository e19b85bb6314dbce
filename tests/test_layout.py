"""Layout: line-end hyphenation, paragraphs cut by page breaks, page numbers
and running headers — with every newline convention the Document keeps."""

from __future__ import annotations

import pytest

from cleanup.document import Document
from cleanup.options import Options
from cleanup.pipeline import Checker, check_text, fix_text

LAYOUT = Options(select=("layout",))

LONG_RU = (
    "Возникает логический вопрос: почему партии так относятся к нам? Не надо забывать вклад "
    "левых партий Кавказа, которые сыграли немаловажную роль в победе Великой Октябрьской Социалистической"
)
LONG_EN = (
    "A logical question arises: why do the parties treat us this way? We must not forget the "
    "contribution of the left parties, who played a role in the victory of the Great October Socialist"
)


@pytest.mark.parametrize("nl", ["\n", "\r\n", "\r"])
def test_line_end_hyphenation_is_joined_and_the_break_moves_after_the_word(nl):
    text = f"Каждое сло-{nl}во на своём месте"
    assert fix_text(text, LAYOUT) == f"Каждое слово{nl}на своём месте"
    text = f"the trans-{nl}port of goods"
    assert fix_text(text, LAYOUT) == f"the transport{nl}of goods"


def test_hyphenation_at_the_end_of_a_line_keeps_punctuation_and_line_end():
    assert fix_text("Это сло-\nво.\nДальше", LAYOUT) == "Это слово.\nДальше"
    assert fix_text("Это сло- \n  во и дальше", LAYOUT) == "Это слово\nи дальше"


def test_a_compound_broken_at_its_own_hyphen_keeps_the_hyphen():
    assert fix_text("дул северо-\nзападный ветер", LAYOUT) == "дул северо-западный\nветер"


def test_hyphen_with_a_capitalised_or_unknown_continuation_is_left_alone():
    for text in ("Нью-\nЙорк велик", "абв-\nгдеж и всё", "a dash -\nthen more"):
        assert fix_text(text, LAYOUT) == text


@pytest.mark.parametrize("nl", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize(
    ("first", "second", "joined_at"),
    [
        (LONG_RU, "Революции\u00a0большевики Кавказа! Хочу отметить факт.", "Социалистической Революции"),
        (LONG_EN, "Revolutions Bolsheviks of the Caucasus! I would like to note.", "Socialist Revolutions"),
        (LONG_EN.rsplit(" ", 3)[0] + " of the", "great October revolution, and more.", "of the great"),
    ],
)
def test_paragraph_cut_by_a_page_break_is_joined_with_one_space(nl, first, second, joined_at):
    text = f"{first}{nl}{nl}{nl}{nl}{second}{nl}"
    fixed = fix_text(text, LAYOUT)
    assert joined_at in fixed
    assert fixed == f"{first} {second}{nl}"


@pytest.mark.parametrize(
    "text",
    [
        f"{LONG_RU}.\n\n\nРеволюции большевики Кавказа!",  # the paragraph is finished
        "Дорогие товарищи\n\n\nРазрешите выразить благодарность.",  # a short heading
        f"{LONG_EN} people\n\n\nThen we went home.",  # a new sentence may begin: not sure enough
        f"{LONG_EN}\n\n\n- a list item",
        f"{LONG_RU}\n\n\nThe English translation follows.",  # another language
    ],
)
def test_finished_or_unrelated_paragraphs_stay_apart(text):
    assert fix_text(text, LAYOUT) == text


def test_ignore_layout_turns_paragraph_work_off():
    text = f"{LONG_EN}\n\n\nrevolutions of the Caucasus."
    assert fix_text(text, Options()) != text
    assert fix_text(text, Options(ignore=("layout",))) == text


def test_page_numbers_and_running_headers_are_reported_not_changed():
    pages = []
    for n in range(1, 5):
        pages.append(f"ИСТОРИЯ ПАРТИИ\n\nТекст страницы номер {n} идёт здесь.\n\n- {n} -")
    text = "\n\n".join(pages) + "\n\nКонец."
    findings = check_text(text, LAYOUT)
    numbers = [f for f in findings if f.rule == "layout.page_number"]
    headers = [f for f in findings if f.rule == "layout.running_header"]
    assert [f.text for f in numbers] == ["- 1 -", "- 2 -", "- 3 -", "- 4 -"]
    assert len(headers) == 4 and {f.text for f in headers} == {"ИСТОРИЯ ПАРТИИ"}
    assert all(f.best is None and f.tier == f.tier.DISPLAY for f in numbers + headers)
    assert fix_text(text, LAYOUT) == text


def test_sample_page_breaks_are_joined(sample_text):
    fixed = Checker(Options(select=("layout.page_break",))).fix(Document(sample_text)).text
    assert "Great October Socialist Revolutions Bolsheviks" in fixed
    assert "Великой Октябрьской Социалистической Революции" in fixed
    assert fixed.count("\n") < sample_text.count("\n")


def test_a_page_number_inside_a_cut_sentence_is_dropped_only_when_asked():
    text = f"{LONG_RU}\n\n- 12 -\n\nРеволюции большевики Кавказа!"
    assert fix_text(text, LAYOUT) == text  # not safe: it deletes the number
    unsafe = Options(select=("layout",), min_confidence=0.5)
    assert fix_text(text, unsafe) == f"{LONG_RU} Революции большевики Кавказа!"


def test_repeated_speaker_labels_and_stage_directions_are_not_headers():
    text = "\n\n".join(["ВОПРОС:", "Что дальше?", "(Аплодисменты)", "Да.", "ВОПРОС:", "(Аплодисменты)",
                        "Нет.", "ВОПРОС:", "(Аплодисменты)"])
    assert not [f for f in check_text(text, LAYOUT) if f.rule == "layout.running_header"]


def test_cli_fix_stdout_joins_the_sample_page_breaks_unless_layout_is_ignored(run_cli):
    from conftest import SAMPLE

    code, out, _ = run_cli("fix", "--stdout", str(SAMPLE))
    assert code == 1
    assert "Great October Socialist Revolutions" in out
    assert "Великой Октябрьской Социалистической Революции" in out
    code, out, _ = run_cli("fix", "--stdout", "--ignore", "layout", str(SAMPLE))
    assert "Great October Socialist Revolutions" not in out
    assert "Социалистической Революции" not in out


@pytest.mark.parametrize("nl", ["\n", "\r\n", "\r"])
def test_a_paragraph_cut_at_every_line_is_joined_in_one_fix(nl):
    # Regression (fuzz): each short line alone is too short to be cut from the
    # next, but once joined to the long paragraph before it, it is; one `fix`
    # must join the whole chain, or every later `fix` joins one line more.
    lines = ["and the parties of", "the whole world", "remained silent on", "this long conflict",
             "between two peoples", "who were once", "on friendly terms"]
    text = nl.join([LONG_EN.rsplit(" ", 3)[0] + " of the", *lines]) .replace(nl, nl * 2) + nl
    result = Checker(LAYOUT).fix(Document(text))
    assert result.text == " ".join([LONG_EN.rsplit(" ", 3)[0] + " of the", *lines]) + nl
    assert not result.warnings
    assert fix_text(result.text, LAYOUT) == result.text
    assert fix_text(result.text) == fix_text(text) == fix_text(fix_text(text))


def test_a_cut_fix_does_not_apply_starts_no_chain():
    # Below the fix threshold (a capitalised line after a common word: 0.45)
    # nothing is joined, so the line after it is judged on its own.
    text = f"{LONG_EN} people\n\nThen we went\n\nhome together"
    assert fix_text(text, LAYOUT) == text


def test_page_numbers_are_the_paragraphs_the_pattern_matches_whole():
    from cleanup.detectors.layout import _PAGE_NUMBER, _page_numbers
    from cleanup.segments import Span

    paras = ["12", " - 12 - ", "Page 3", "page 3", "PAGE 3", "p. 3", "P.3", "стр. 7", "Стр 7", "СТРАНИЦА 9",
             "с. 5", "С. 5", "\u1c83. 5", "Привет 12", "The 12", "12 apples", "\u00a012", "—12—", "", "x", "٣"]
    text = "\n\n".join(paras)
    spans, pos = [], 0
    for para in paras:
        spans.append(Span(pos, pos + len(para), None))
        pos += len(para) + 2
    want = [_PAGE_NUMBER.fullmatch(text, p.start, p.end) is not None for p in spans]
    assert _page_numbers(text, spans) == want
    assert want.count(True) >= 12  # (the test covers both answers)
