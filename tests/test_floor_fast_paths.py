"""Fast paths of the per-token floor (speed round 4) against the plain
computations they replace: same answers."""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from cleanup.detectors import rulepacks
from cleanup.rulepack import load_rules

_NO_BACKSLASH = st.text(alphabet=st.characters(blacklist_characters="\\"), max_size=8)


@settings(max_examples=300, deadline=None)
@given(_NO_BACKSLASH, st.text(max_size=20))
def test_a_template_without_a_backslash_expands_to_itself(template, text):
    m = regex.compile(r"(\w*)(?P<tail>.?)").match(text)
    assert m.expand(template) == template


def test_shipped_rules_give_the_same_findings_as_expanding_each_match():
    text = ("Слово , ещё слово .Так ( скобка ) и « кавычки » . Word , word ; and - dash.\n\n"
            "Кое как, всё таки , и т. д. Hello  world !")
    for rule in load_rules():
        matches = list(rule.regex.finditer(text))
        fast = list(rulepacks._findings(rule, matches))
        plain = [(m.start(), m.end(), m.group(), rule.replacement_for(m)) for m in matches
                 if rule.replacement_for(m) != m.group()]
        assert [(f.start, f.end, f.text, f.best.text if f.best else None) for f in fast] == plain
        assert all(f.suggestions == (() if f.best is None else (f.best,)) for f in fast)


def _yo_groups_plain(forms):
    """consistency's ё/е groups as they were computed: every distinct form."""
    from collections import Counter, defaultdict

    groups = defaultdict(Counter)
    for word, n in forms.items():
        lower = word.lower()
        if "е" in lower or "ё" in lower:
            groups[lower.replace("ё", "е")][lower] += n
    return {k: list(g.items()) for k, g in groups.items() if len(g) >= 2}


_YO_WORDS = ["еще", "ещё", "Еще", "ЕЩЁ", "всё", "все", "Всё", "елка", "ёлка", "Ёлка", "мед", "мёд", "дом", "лес"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_YO_WORDS), min_size=1, max_size=30))
def test_yo_findings_come_from_the_same_groups_as_every_form_gives(words_):
    from collections import Counter

    from cleanup.detectors import consistency
    from cleanup.segments import paragraphs

    text = " ".join(words_) + "."
    spans = paragraphs(text)
    got = list(consistency._yo_variants(text, spans))
    groups = _yo_groups_plain(Counter(words_))
    reported = {k for k in groups if consistency._yo_is_optional(k)}
    # Every finding is about a reported group, with the message its counts give.
    assert {f.text.lower().replace("ё", "е") for f in got} <= reported
    for f in got:
        key = f.text.lower().replace("ё", "е")
        assert f.message == consistency._forms_message("this word", Counter(dict(groups[key])))
    # And every reported group that is not a tie of one spelling shows up.
    for key in reported:
        counts = Counter(dict(groups[key]))
        if consistency._majority(counts) is not None:
            assert any(f.text.lower().replace("ё", "е") == key for f in got)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(list("аб ab-\u2010\u00ad\t\r\n\u00a0.X") + ["сло", "во", "word"]), max_size=40))
def test_line_end_hyphens_are_the_scans_matches(pieces):
    text = "".join(pieces)
    from cleanup.detectors import layout

    assert [m.span() for m in layout._line_end_hyphens(text)] == \
        [m.span() for m in layout._LINE_END_HYPHEN.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Пpивет", "пpоблема", "Hеllo", "hеllo", "мир", "world", " ", ", ", "\u0301", "аb",
                                 "ХХ", "caфе", "á", "ǅ", "-", "1"]), max_size=20))
def test_mixed_script_runs_are_the_letter_runs_with_both_scripts(pieces):
    from cleanup.detectors import script

    text = "".join(pieces)
    detector = script.ScriptDetector.__new__(script.ScriptDetector)
    got = [(f.start, f.end, f.text) for f in detector._mixed_runs(text, 0, len(text))]
    want = []
    for m in script._LETTER_RUN.finditer(text):
        word = m.group()
        if script._LATIN_LETTER.search(word) and script._CYRILLIC_LETTER.search(word):
            lang = script._script_of(word)
            fixed = script._convert(word, lang) if lang else None
            if fixed is not None and script.lexicon.is_known(fixed, lang):
                want.append((m.start(), m.end(), word))
    assert got == want
