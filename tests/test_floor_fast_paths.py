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
