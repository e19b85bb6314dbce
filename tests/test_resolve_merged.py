"""resolve's last step — duplicates merged, findings ordered by (start, end,
rule) — made by the ``_speedups`` kernel ``merged_findings`` (a merge of the
detectors' runs) must give the very objects, in the very order, of its Python
twin ``resolve._merged`` (a dict of keys, then a stable sort)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleanup import resolve as resolve_module
from cleanup.extensions import afresh
from cleanup.model import Finding, Suggestion, Tier
from cleanup.options import Options
from cleanup.spelling import speedups

RULES = ["spelling.ru.typo", "grammar.ru.case", "boundary.ru.split", "punct.space", "punct.Space", "x"]
TEXTS = ["a", "b", "\0x", "\0punct.space", "я", ""]
# Ties on purpose: equal confidences (then the tier decides: max_tier caps it), -0.0 and 0.0, NaN.
CONFIDENCES = [0.0, -0.0, 0.3, 0.5, 0.7, 0.9, 0.95, 1.0]
DETECTION = st.sampled_from(CONFIDENCES + [float("nan"), 1.5])


@st.composite
def findings(draw):
    """A few detectors' runs, each in order of span (as the detectors yield them), or any order at all."""
    made = []
    for _ in range(draw(st.integers(0, 6))):
        run = []
        for _ in range(draw(st.integers(0, 12))):
            start = draw(st.integers(0, 6))
            end = start + draw(st.integers(0, 2))
            suggestions = tuple(Suggestion(draw(st.sampled_from(TEXTS)), draw(st.sampled_from(CONFIDENCES)))
                                for _ in range(draw(st.integers(0, 3))))
            run.append(Finding(draw(st.sampled_from(RULES)), "m", start, end, "t", suggestions,
                               draw(DETECTION), draw(st.sampled_from(list(Tier)))))
        if draw(st.booleans()):
            run.sort(key=lambda f: (f.start, f.end))
        made += run
    return made


def _kernel():
    kernel = speedups.function("merged_findings")
    if kernel is None:
        pytest.skip("the _speedups extension is not built")
    return kernel


def _merged_by_kernel(findings):
    return _kernel()(findings, *resolve_module._FIELDS)


@settings(max_examples=400, deadline=None)
@given(findings())
def test_the_kernel_keeps_and_orders_the_findings_of_its_python_twin(made):
    by_kernel = _merged_by_kernel(list(made))
    twin = resolve_module._merged(list(made))
    assert len(by_kernel) == len(twin)
    assert all(a is b for a, b in zip(by_kernel, twin))


def test_ties_keep_the_first_and_the_tier_decides_equal_confidences():
    first = Finding("spelling.ru.typo", "m", 0, 3, "abc", (Suggestion("x", 0.9),), max_tier=Tier.UNSAFE)
    same = Finding("grammar.ru.case", "m", 0, 3, "abc", (Suggestion("x", 0.9),))  # same key, higher tier
    again = Finding("punct.space", "m", 0, 3, "abc", (Suggestion("x", 0.9),))  # equal to `same`: not kept
    other = Finding("punct.space", "m", 0, 3, "abc", (Suggestion("y", 0.5),))
    bare = Finding("x", "m", 0, 3, "abc", detection_confidence=0.4)
    clash = Finding("punct.space", "m", 0, 3, "abc", (Suggestion("\0x", 0.3),))  # the key of `bare`
    later = Finding("a.rule", "m", 1, 2, "b")
    made = [later, first, same, again, other, bare, clash]
    twin = resolve_module._merged(list(made))
    assert twin == [same, other, bare, later]
    assert all(a is b for a, b in zip(_merged_by_kernel(made), twin))


def test_the_kernel_reads_other_objects_by_name_and_leaves_huge_spans_to_the_twin():
    class Shown(Finding):
        __slots__ = ()

    made = [Shown("b.rule", "m", 2, 4, "ab", (Suggestion("x", 0.9),)), Finding("a.rule", "m", 1, 4, "ab"),
            Shown("a.rule", "m", 2, 4, "ab", (Suggestion("x", 0.95),))]
    assert _merged_by_kernel(made) == [made[1], made[2]]
    huge = [Finding("a.rule", "m", 2**70, 2**70 + 1, "a"), Finding("a.rule", "m", 0, 1, "a")]
    assert _merged_by_kernel(huge) is None
    assert resolve_module.resolve(huge, Options()) == [huge[1], huge[0]]


def test_the_kinds_kernel_finds_the_rules_and_categories_of_its_twin():
    kinds = speedups.function("finding_kinds")
    if kinds is None:
        pytest.skip("the _speedups extension is not built")

    class Shown(Finding):
        __slots__ = ()

    made = [Finding("spelling.ru.typo", "m", 0, 1, "a"), Finding("x.y", "m", 0, 1, "a", category="grammar"),
            Shown("punct.space", "m", 1, 2, "b"), Finding("spelling.ru.typo", "m", 3, 4, "c")]
    for findings in (made, [], made[2:]):
        assert kinds(findings, *resolve_module._KIND_FIELDS) == resolve_module._kinds(findings)
    assert kinds(made, *resolve_module._KIND_FIELDS) == ({"spelling.ru.typo", "x.y", "punct.space"},
                                                         {"spelling", "grammar", "punct"})


@pytest.mark.parametrize("kernels", [True, False])
def test_resolve_is_the_same_with_and_without_the_kernels(kernels):
    """A run-together split and what it settles, an off rule, duplicates: resolve's answer either way."""
    split = Finding("boundary.ru.run_together", "m", 6, 18, "иностранныхи", (Suggestion("иностранных и", 0.95),))
    made = [Finding("spelling.ru.typo", "m", 6, 18, "иностранныхи", (Suggestion("иностранных", 0.9),)),
            Finding("punct.space", "m", 0, 1, " ", (Suggestion("", 0.9),)),
            Finding("punct.space", "m", 0, 1, " ", (Suggestion("", 0.95),)), split]
    with afresh(pure_python=not kernels):
        assert resolve_module.resolve(made, Options()) == [made[2], split]
