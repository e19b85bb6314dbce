"""PDF ligatures (ﬁ, ﬂ, ﬃ …): the script.ligature_* rules undo them, and the
spelling detector leaves a word holding one alone until they have (as
"oﬃce" it would only draw a wrong suggestion)."""

from cleanup.pipeline import check_text, fix_text

EXTRACTED = "The ﬁrst oﬃce of the eﬀective oﬃcial was ﬂooded; the ﬁnal ﬁgures were baﬄing.\n"


def test_every_ligature_is_reported_by_its_rule_and_nothing_else_is_said_of_its_word():
    findings = check_text(EXTRACTED)
    assert findings, "the ligatures are found"
    assert {f.rule.rsplit("_", 1)[0] for f in findings} == {"script.ligature"}
    assert sorted(f.text for f in findings) == sorted("ﬁﬃﬀﬃﬂﬁﬁﬄ")


def test_fix_gives_the_letters():
    assert fix_text(EXTRACTED) == (
        "The first office of the effective official was flooded; the final figures were baffling.\n"
    )


def test_a_real_typo_under_a_ligature_is_spelt_once_the_ligature_is_undone():
    fixed = fix_text("The oﬃcal report.\n")
    # The ligature undone; the typo then left for a person, or spelt when its
    # confidence is safe (a three-word line is an isolated word's: 0.9+).
    assert fixed in ("The offical report.\n", "The official report.\n")
    typo = [f for f in check_text("The offical report.\n") if f.rule.startswith("spelling.")]
    assert [(f.text, f.best.text) for f in typo] == [("offical", "official")]


def test_text_without_ligatures_is_untouched_by_them():
    text = "The first office of the official, and финансы.\n"
    assert not [f for f in check_text(text) if f.rule.startswith("script.ligature")]


def test_the_historical_st_ligatures_are_kept():
    # U+FB05 (long s + t) and U+FB06 (st) come from transcribers of old prints
    # who kept them on purpose, not from PDF extraction.
    assert fix_text("the laﬅ and the beﬆ\n") == "the laﬅ and the beﬆ\n"
