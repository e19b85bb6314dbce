"""Every rule's own examples, run as tests (after LanguageTool): the error is
found and fixed as the rule says, correct text stays untouched, and the fix
does not itself trigger the rule again."""

from __future__ import annotations

import pytest

from cleanup.apply import apply_edits
from cleanup.detectors.rulepacks import RulePackDetector
from cleanup.document import Document
from cleanup.model import Edit
from cleanup.options import Context, Options
from cleanup.rulepack import load_rules

RULES = load_rules()


def _findings(rule, text):
    detector = RulePackDetector(Options(select=(rule.id,)), rules=[rule])
    ctx = Context(Document(text), Options(lang=rule.lang or "auto"))
    return list(detector.detect(ctx))


def _fixed(rule, text):
    edits = [Edit(f.start, f.end, f.best.text, f.best.confidence) for f in _findings(rule, text) if f.best]
    return apply_edits(text, edits)[0]


def test_there_are_rules():
    assert len(RULES) >= 10


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_examples(rule):
    assert any(e.fix is not None or e.flag is not None for e in rule.examples)
    assert any(e.fix is None and e.flag is None for e in rule.examples)
    for example in rule.examples:
        found = _findings(rule, example.text)
        if example.fix is not None:
            assert found, f"{rule.id} missed the error in {example.text!r}"
            fixed = _fixed(rule, example.text)
            assert fixed == example.fix
            assert not _findings(rule, fixed), f"{rule.id}: its own fix {fixed!r} triggers it again"
        elif example.flag is not None:
            assert example.flag in [f.text for f in found], f"{rule.id} did not report {example.flag!r}"
        else:
            assert not found, f"{rule.id} touched correct text: {[f.text for f in found]}"
