"""Saved decisions and the project dictionary, and inline suppression."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleanup import Options, check_text, fix_text
from cleanup.decisions import (
    DecisionsError, DecisionStore, Dictionary, Rejection, load_rejections, rejection_for, settled,
)
from cleanup.document import Document
from cleanup.model import Finding, Suggestion
from cleanup.suppress import protected_spans

LINE = "This is logical - the capitalist West can handle it!\n"


def _hyphen_rejection(text: str) -> tuple[str, str, str, str]:
    (f,) = [f for f in check_text(text) if f.rule == "punct.spaced_hyphen"]
    return rejection_for(text, f).key()


def test_rejection_survives_unrelated_edits_that_move_it():
    key = _hyphen_rejection(LINE)
    options = Options(rejected=frozenset({key}))
    moved = "A new first line.\n\nAnd another paragraph  here.\n\n" + LINE
    rules = [f.rule for f in check_text(moved, options)]
    assert "punct.spaced_hyphen" not in rules
    assert "whitespace.space_run" in rules  # other findings still raised
    # fix does not apply it either
    assert " - the capitalist" in fix_text(moved, options)


def test_rejection_is_keyed_by_context_not_just_text():
    options = Options(rejected=frozenset({_hyphen_rejection(LINE)}))
    elsewhere = "It rained - we stayed home.\n"
    assert [f.rule for f in check_text(elsewhere, options)] == ["punct.spaced_hyphen"]


def test_rejection_survives_an_edit_on_one_side():
    options = Options(rejected=frozenset({_hyphen_rejection(LINE)}))
    edited = "Yes, this is logical - the capitalist world can handle it!\n"  # after-context changed
    assert not [f for f in check_text(edited, options) if f.rule == "punct.spaced_hyphen"]
    both = "So it goes - the world turns.\n"
    assert [f.rule for f in check_text(both, options)] == ["punct.spaced_hyphen"]


def test_decisions_file_round_trip_sorted_and_diff_friendly(tmp_path):
    path = tmp_path / ".cleanup" / "decisions.toml"
    store = DecisionStore(path)
    store.add(Rejection("z.rule", "b", "x", "y"))
    store.add(Rejection("a.rule", 'quote " and \\ and \u00a0', "", "after"))
    store.save()
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Decisions made with `cleanup review`")
    assert text.index('rule = "a.rule"') < text.index('rule = "z.rule"')
    assert "line" not in text.split("version")[1]  # no line numbers or offsets
    assert DecisionStore(path).rejections == store.rejections


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("version = 1\n[[rejected]]\nrule = 'x'\n", "needs exactly"),
        ("version = 2\n", "version 2"),
        ("verson = 1\n", "unknown key 'verson'"),
        ("[[rejected]\n", "not valid TOML"),
    ],
)
def test_bad_decisions_file(tmp_path, content, message, run_cli, monkeypatch):
    path = tmp_path / ".cleanup" / "decisions.toml"
    path.parent.mkdir()
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DecisionsError, match=message):
        load_rejections(path)
    (tmp_path / "a.txt").write_text(LINE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli("check", "a.txt")
    assert code == 2 and "decisions.toml" in err and "Traceback" not in err


def test_dictionary_words_settle_spelling_findings_only():
    text = "Cesme is nice. Cesme again. CESME."
    spelling = [Finding("spelling.en.unknown", "Unknown word", m, m + 5, text[m : m + 5], (Suggestion("Cheshme", 0.6),))
                for m in (0, 15, 28)]
    grammar = Finding("grammar.x", "Agreement", 0, 5, "Cesme", (Suggestion("Cesmes", 0.6),))
    kept = settled(Document(text), spelling + [grammar], Options(words=frozenset({"Cesme"})))
    assert [(f.rule, f.start) for f in kept] == [("grammar.x", 0)]  # any case; grammar still raised
    kept = settled(Document(text), spelling, Options(words=frozenset({"Cheshme"})))
    assert len(kept) == 3


def test_dictionary_file(tmp_path):
    path = tmp_path / "dictionary.txt"
    d = Dictionary(path)
    d.add("Нуруллаев")
    d.add("Cesme")
    d.add("apple")
    d.save()
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [line for line in lines if not line.startswith("#")] == ["apple", "Cesme", "Нуруллаев"]
    assert Dictionary(path).words == {"apple", "Cesme", "Нуруллаев"}


def test_project_dictionary_feeds_options_words(tmp_path, monkeypatch):
    """The CLI reads .cleanup/dictionary.txt into Options.words (what the spelling detector honours)."""
    from cleanup import cli

    (tmp_path / ".cleanup").mkdir()
    (tmp_path / ".cleanup" / "dictionary.txt").write_text("# words\nCesme\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    project = cli._Project(None)
    assert cli._options(None, None, None, None, project).words == frozenset({"Cesme"})


# ---- inline suppression ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("He wrote  recieve [sic] twice.", "recieve [sic]"),
        ("He wrote  recieve (sic!) twice.", "recieve (sic!)"),
        ("Она писала «ехай , сюда» [sic] тогда.", "«ехай , сюда» [sic]"),
        ('He wrote "a  b" [SIC] twice.', '"a  b" [SIC]'),
        ("before [verbatim]a  b ,c[/verbatim] after", "[verbatim]a  b ,c[/verbatim]"),
        ("x <!-- cleanup: off -->a  b<!-- cleanup: on --> y", "<!-- cleanup: off -->a  b<!-- cleanup: on -->"),
    ],
)
def test_protected_spans(text, kept):
    (span,) = protected_spans(text)
    assert text[span[0] : span[1]] == kept


def test_unclosed_block_protects_to_the_end():
    text = "a  b [verbatim] c  d"
    assert protected_spans(text) == [(5, len(text))]


def test_suppression_in_check_and_fix():
    text = "Dear  comrades , he said  «товарищи ,» [sic] and left  .\n"
    rules = [(f.rule, f.text) for f in check_text(text)]
    assert ("whitespace.before_punct", " ") in rules
    starts = [f.start for f in check_text(text)]
    quote = text.index("«")
    assert not [s for s in starts if quote <= s < text.index("[sic]") + 5]
    fixed = fix_text(text)
    assert "«товарищи ,» [sic]" in fixed and fixed.startswith("Dear comrades,")
    # can be turned off (config: inline-suppression = false)
    assert "«товарищи,» [sic]" in fix_text(text, Options(inline_suppression=False))


def test_sic_never_fires_without_the_mark():
    assert protected_spans("The basic sickness of a classic music") == []


def test_project_dictionary_silences_the_spelling_detector_end_to_end(tmp_path, monkeypatch, run_cli):
    (tmp_path / ".git").mkdir()
    (tmp_path / "a.txt").write_text("Товарищ Сяопин выступил.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run_cli("check", "--select", "spelling", "--format", "json", "a.txt")
    assert [f["text"] for f in json.loads(out)["files"][0]["findings"]] == ["Сяопин"]
    (tmp_path / ".cleanup").mkdir()
    (tmp_path / ".cleanup" / "dictionary.txt").write_text("Сяопин\n", encoding="utf-8")
    code, out, _ = run_cli("check", "--select", "spelling", "--format", "json", "a.txt")
    assert code == 0 and json.loads(out)["files"][0]["findings"] == []


def _sic_spans_as_first_written(text):
    """protected_spans' [sic] part as it was first written (the paragraph
    found by scanning the text from its start for every mark): the reference."""
    from cleanup.suppress import _BLANK_LINE, _CLOSING_QUOTES, _WORD_BEFORE, SIC

    spans = []
    for m in SIC.finditer(text):
        mark = m.start()
        before = text[:mark].rstrip()
        start = None
        if before and before[-1] in _CLOSING_QUOTES:
            opening = _CLOSING_QUOTES[before[-1]]
            paragraph_start = max((b.end() for b in _BLANK_LINE.finditer(text, 0, len(before))), default=0)
            quote_start = text.rfind(opening, paragraph_start, len(before) - 1)
            if quote_start >= 0:
                start = quote_start
        if start is None:
            w = _WORD_BEFORE.search(text, max(0, mark - 100), mark)
            start = w.start() if w else mark
        spans.append((start, m.end()))
    return spans


@given(st.lists(st.sampled_from(["[sic]", "(sic!)", "«", "»", "“", "”", '"', "„", "\n", "\r", "\r\n", " ", "\t",
                                 "\u00a0", "слово", "word", ","]), max_size=40).map("".join))
@settings(max_examples=300)
def test_sic_targets_are_those_of_a_scan_from_the_start(text):
    # The paragraph starts are found once per text now, not once per mark
    # (a text with thousands of quoted [sic] took minutes).
    assert protected_spans(text) == sorted(_sic_spans_as_first_written(text))


_MARK_PIECES = ["[", "(", "]", ")", "sic", "SiC", "sIc", "!", " ", "\n", "\t", "verbatim", "VerBatim", "[verbatim]",
                "[/verbatim]", "<!-- cleanup: off -->", "<!--CLEANUP:Off-->", "<", "<!--", "<!-- ", "-->", " -->",
                "cleanup:", "CLEANUP: ", "off", "on", "x", "«", "»"]


@given(st.lists(st.sampled_from(_MARK_PIECES), max_size=30).map("".join))
@settings(max_examples=300)
def test_marks_found_from_their_first_characters_are_those_of_a_regex_scan(text):
    # suppress.sic_marks and block_start try the patterns only where "[",
    # "(" or "<!--" begins (found by str.find) instead of a regex scan of
    # every character: they must find exactly what the scan finds.
    from cleanup.suppress import BLOCK_START, SIC, block_start, sic_marks

    assert [m.span() for m in sic_marks(text)] == [m.span() for m in SIC.finditer(text)]
    for pos in range(len(text) + 1):
        expected = BLOCK_START.search(text, pos)
        got = block_start(text, pos)
        assert (got and got.span()) == (expected and expected.span()), pos
