"""``_speedups.slotted`` (model.made_finding's and made_suggestion's kernel)
must make the objects its Python twins make: equal field by field, of the
same class, with the same errors for a value a slot refuses."""

from __future__ import annotations

import gc

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleanup import model
from cleanup.model import Finding, Suggestion, Tier
from cleanup.spelling import speedups

needs_extension = pytest.mark.skipif(not speedups.available(), reason="cleanup.spelling._speedups is not built")


def _kernel():
    from cleanup.spelling import _speedups

    return _speedups.slotted


def _fields(obj) -> tuple:
    return tuple(getattr(obj, name) for name in type(obj).__slots__)


suggestions = st.lists(st.builds(Suggestion, st.text(max_size=6), st.floats(0.0, 1.0)), max_size=3).map(
    lambda s: tuple(sorted(s, key=lambda x: -x.confidence)))


@needs_extension
@given(rule=st.sampled_from(["spelling.ru.word", "spelling.en.rare", "punct.space", "lt.X"]),
       message=st.text(max_size=20), start=st.integers(0, 10**6), length=st.integers(0, 40),
       text=st.text(max_size=10), found=suggestions, confidence=st.floats(0.0, 1.0),
       tier=st.sampled_from(list(Tier)))
def test_kernel_makes_the_findings_of_its_twin_and_of_the_constructor(rule, message, start, length, text, found,
                                                                     confidence, tier):
    category = rule.split(".", 1)[0]
    args = (rule, message, start, start + length, text, found, confidence, tier, category)
    made = _kernel()(Finding, model._FINDING_MEMBERS, *args)
    twin = model._made_finding(*args)
    assert type(made) is Finding
    assert _fields(made) == _fields(twin)
    assert made == twin == Finding(*args)
    assert hash(made) == hash(twin)
    assert gc.is_tracked(made) == gc.is_tracked(twin)


@needs_extension
@given(text=st.text(max_size=10), confidence=st.floats(0.0, 1.0))
def test_kernel_makes_the_suggestions_of_the_constructor(text, confidence):
    made = _kernel()(Suggestion, model._SUGGESTION_MEMBERS, text, confidence)
    assert type(made) is Suggestion
    assert _fields(made) == (text, confidence)
    assert made == Suggestion(text, confidence)


@needs_extension
def test_kernel_refuses_what_a_setter_refuses():
    slotted = _kernel()
    with pytest.raises(TypeError):  # one value short
        slotted(Suggestion, model._SUGGESTION_MEMBERS, "a")
    with pytest.raises(TypeError):  # one too many
        slotted(Suggestion, model._SUGGESTION_MEMBERS, "a", 0.5, 1)
    with pytest.raises(TypeError):  # not a class
        slotted("Suggestion", model._SUGGESTION_MEMBERS, "a", 0.5)
    with pytest.raises(TypeError):  # another class's slots: the descriptor's own check
        slotted(Suggestion, model._FINDING_MEMBERS[:2], "a", 0.5)
    with pytest.raises(TypeError):  # not a descriptor with __set__
        slotted(Suggestion, ("text", "confidence"), "a", 0.5)
    with pytest.raises(TypeError) as twin:  # the Python setter refuses the same thing alike
        model._FINDING_SETTERS[0](Suggestion("a", 0.5), "x")
    with pytest.raises(TypeError) as kernel:
        slotted(Suggestion, model._FINDING_MEMBERS[:1] + model._SUGGESTION_MEMBERS[1:], "x", 0.5)
    assert str(kernel.value) == str(twin.value)


def test_made_finding_uses_the_kernel_when_built():
    # (Else a build that stopped exporting it would leave every run on the slow path unnoticed.)
    made = model.made_finding("spelling.ru.word", "m", 0, 1, "x", (), 0.5, Tier.SAFE, "spelling")
    assert made == Finding("spelling.ru.word", "m", 0, 1, "x", (), 0.5, Tier.SAFE)
    if speedups.compiled() is None:
        assert model.made_finding.func is model._made_finding
    else:
        assert model.made_finding.func is speedups.compiled().slotted
        assert model.made_finding.args == (Finding, model._FINDING_MEMBERS)


def test_made_finding_is_one_object_from_import_on():
    """The detectors take made_finding at import; its first call re-points
    that same object, in each mode (and start-up loads no extension)."""
    import os
    import subprocess
    import sys

    code = ("import sys, cleanup.model as m, cleanup.detectors.rulepacks as r; held = m.made_finding;"
            " print('cleanup.spelling._speedups' in sys.modules);"
            " f = held('a.b', 'm', 0, 1, 'x', (), 0.5, m.Tier.SAFE, 'a');"
            " print(held is m.made_finding is r.made_finding, held.func.__name__, f == m.Finding('a.b', 'm', 0, 1, 'x'))")
    for pure, kernel in (("1", "_made_finding"), ("", "slotted" if speedups.available() else "_made_finding")):
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                              env={**os.environ, speedups.PURE_PYTHON_VARIABLE: pure})
        assert proc.stdout.split() == ["False", "True", kernel, "True"], proc.stderr
