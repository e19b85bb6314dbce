"""CheckResult and FixResult, plain classes now (a dataclass costs an exec at
every start): the same fields, defaults, equality, printed form, pickling and
mutability as the (non-frozen) dataclasses they were, which the reference
classes below are."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from cleanup.document import Document
from cleanup.model import Edit, Finding
from cleanup.pipeline import Checker, CheckResult, FixResult


@dataclasses.dataclass
class CheckResult_:
    doc: Document
    findings: list
    warnings: list = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class FixResult_:
    doc: Document
    text: str
    edits: list
    remaining: list
    warnings: list = dataclasses.field(default_factory=list)
    rounds: list = dataclasses.field(default_factory=list)


_DOC = Document("Dear  comrades !", "a.txt")
_FINDING = Finding("whitespace.space_run", "Run of spaces", 4, 6, "  ")
_EDIT = Edit(4, 6, " ", 0.98, "whitespace.space_run")


def _pairs():
    yield CheckResult(_DOC, [_FINDING]), CheckResult_(_DOC, [_FINDING])
    yield CheckResult(_DOC, [], ["w"]), CheckResult_(_DOC, [], ["w"])
    yield (FixResult(_DOC, "Dear comrades !", [_EDIT], []),
           FixResult_(_DOC, "Dear comrades !", [_EDIT], []))
    yield (FixResult(_DOC, "x", [_EDIT], [_FINDING], ["w"], [[_EDIT]]),
           FixResult_(_DOC, "x", [_EDIT], [_FINDING], ["w"], [[_EDIT]]))


def test_fields_and_printed_form_are_the_dataclasses():
    for plain, reference in _pairs():
        assert plain._FIELD_NAMES == tuple(f.name for f in dataclasses.fields(reference))
        assert plain._fields() == tuple(getattr(reference, f.name) for f in dataclasses.fields(reference))
        assert repr(plain) == repr(reference).replace(type(reference).__name__, type(plain).__name__, 1)


def test_defaults_are_fresh_lists_per_instance():
    a, b = CheckResult(_DOC, []), CheckResult(_DOC, [])
    assert a.warnings == [] and a.warnings is not b.warnings
    f, g = FixResult(_DOC, "", [], []), FixResult(_DOC, "", [], [])
    assert f.warnings == [] == f.rounds and f.warnings is not g.warnings and f.rounds is not g.rounds
    assert CheckResult(doc=_DOC, findings=[], warnings=["w"]).warnings == ["w"]  # (by keyword, as before)


def test_compared_by_value_unhashable_and_changeable():
    assert CheckResult(_DOC, [_FINDING]) == CheckResult(_DOC, [_FINDING])
    assert CheckResult(_DOC, [_FINDING]) != CheckResult(_DOC, [])
    assert CheckResult(_DOC, []) != CheckResult_(_DOC, [])  # (another class is never equal)
    assert FixResult(_DOC, "a", [], []) != FixResult(_DOC, "b", [], [])
    for plain, _ in _pairs():
        with pytest.raises(TypeError):
            hash(plain)
    result = CheckResult(_DOC, [])
    result.findings = [_FINDING]  # (batch.py adds the findings made outside the file's own check)
    assert result == CheckResult(_DOC, [_FINDING])
    with pytest.raises(AttributeError):
        result.other = 1  # (slots: no field beyond the dataclass's)


def test_pickled_and_changed():
    for plain, _ in _pairs():
        assert pickle.loads(pickle.dumps(plain)) == plain
    assert FixResult(_DOC, "Dear comrades !", [], []).changed
    assert not FixResult(_DOC, _DOC.text, [], []).changed


def test_the_checker_makes_them():
    checker = Checker()
    result = checker.check(_DOC)
    assert type(result) is CheckResult and result.doc is _DOC and isinstance(result.warnings, list)
    fixed = checker.fix(_DOC)
    assert type(fixed) is FixResult and fixed.changed and fixed.rounds[0] == fixed.edits
