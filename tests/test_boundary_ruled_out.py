"""The split-word detector's pairs ruled out: the compiled ``rule_out_pairs``
against its Python twin ``boundary._ruled_out_pairs`` (the verdicts each
records, the pairs each leaves), and ``_rule_out_joins`` the same with the
kernel and without it."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleanup import extensions
from cleanup.detectors import boundary
from cleanup.spelling import speedups

_VERDICT = object()


def _kernel():
    module = speedups.compiled()
    if module is None:
        pytest.skip("the compiled extension is not built (or CLEANUP_PURE_PYTHON is set)")
    return module.rule_out_pairs


def _verdicts(forms: list[str]) -> dict:
    """Every form's dict of verdicts, some already holding one."""
    return {a: ({b: True} if len(a) % 2 else {}) for a, b in zip(forms, forms[1:] + [""])}


def _both(forms: list[str], new: list[int], never: list[int]):
    mine, twins = _verdicts(forms), _verdicts(forms)
    kept = _kernel()(forms, new, never, mine, _VERDICT)
    twin_kept = boundary._ruled_out_pairs(forms, new, never, twins, _VERDICT)
    return (kept, mine), (twin_kept, twins)


@st.composite
def _pairs(draw):
    forms = draw(st.lists(st.sampled_from("не по дом Дом ДОМ the t he а я ёж x".split()), min_size=0, max_size=30))
    places = list(range(len(forms) - 1))
    new = sorted(draw(st.sets(st.sampled_from(places)))) if places else []
    never = draw(st.permutations(sorted(draw(st.sets(st.sampled_from(new)))))) if new else []
    return forms, new, list(never)


@settings(max_examples=300, deadline=None)
@given(_pairs())
@example((["не", "дом"], [0], [0]))
@example((["а", "б", "в", "г"], [0, 1, 2], [2, 0, 2]))  # (a position twice: recorded twice, dropped once)
@example((["а", "б", "в"], [2, 0, 5, 1], [1]))  # (positions of new out of order, one beyond the forms)
def test_kernel_is_the_twin(case):
    forms, new, never = case
    found, twin = _both(forms, new, never)
    assert found == twin
    kept, verdicts = found
    assert all(verdicts[forms[k]][forms[k + 1]] is _VERDICT for k in never)
    assert kept == [k for k in new if k not in never]


def test_every_pair_ruled_out_leaves_none():
    forms = ["в", "доме", "на", "столе"]
    (kept, verdicts), _ = _both(forms, [0, 1, 2], [2, 1, 0])
    assert kept == []
    assert verdicts["в"]["доме"] is verdicts["на"]["столе"] is _VERDICT


def test_bad_input_raises():
    kernel = _kernel()
    forms = ["а", "б"]
    with pytest.raises(TypeError):
        kernel(forms, [0], [0], {"а": {}})  # (a missing argument)
    with pytest.raises(TypeError):
        kernel(tuple(forms), [0], [0], {"а": {}}, False)
    with pytest.raises(TypeError):
        kernel(forms, [0], [0], {"а": []}, False)  # (a first form's verdicts not a dict)
    with pytest.raises(KeyError):
        kernel(forms, [0], [0], {}, False)
    with pytest.raises(IndexError):
        kernel(forms, [0, 1], [1], {"а": {}, "б": {}}, False)  # (no second half)
    with pytest.raises(IndexError):
        kernel(forms, [0], [-1], {"а": {}}, False)
    with pytest.raises(TypeError):
        kernel(forms, ["0"], [], {"а": {}}, False)
    with pytest.raises(TypeError):
        kernel([["а"], "б"], [0], [0], {"а": {}}, False)  # (an unhashable first form)


def _judged(lang: str, forms: list[str], pure_python: bool):
    """_rule_out_joins of every pair of ``forms``: the pairs left, and the verdicts recorded."""
    with extensions.afresh(pure_python=pure_python):
        flags = bytes(boundary._form_flags(w, lang) for w in forms)
        verdicts = {w: {} for w in forms}
        left = boundary._rule_out_joins(lang, forms, list(range(len(forms) - 1)), flags, verdicts)
    return left, {a: dict(seconds) for a, seconds in verdicts.items()}


@pytest.mark.parametrize("lang, text", [
    ("ru", "не устанно в доме на столе по нашему что бы из за книга стол дом пере делка с ну до очень"),
    ("en", "t he man re ceived the word of the day"),
])
def test_rule_out_joins_the_same_without_the_kernel(lang, text):
    _kernel()
    forms = text.split()
    found = _judged(lang, forms, False)
    assert found == _judged(lang, forms, True)
    left, verdicts = found
    assert 0 < len(left) < len(forms) - 1  # (some pairs ruled out, some left: both paths taken)
    assert all(verdicts[forms[k]].get(forms[k + 1]) is not False for k in left)
