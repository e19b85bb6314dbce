"""A finding's probability placed by its neighbours and tested against the
suggestion floor in one call: the compiled ``placed_probability`` gives the
Python twin's float (to the bit) and verdict on varied input."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleanup.detectors import spelling as spelling_detector
from cleanup.spelling import context, findings

_placed = spelling_detector._placed
FLOOR = spelling_detector.SUGGESTION_FLOOR


def _compiled():
    """The compiled ``placed_probability`` when the extension is built (the C kernel, not its twin)."""
    from cleanup.spelling import speedups

    return speedups.EXTENSION.load().placed_probability if speedups.available() else None


def _bits(placed: tuple[float, bool]) -> tuple[str, bool]:
    p, below = placed
    assert type(below) is bool
    return p.hex(), below


# p near round3's ties and the floor, at and beyond the shift's clamps, and the ends of the unit interval
_EDGES = [0.0, 1e-12, 1e-9, 0.0005, 0.0015, 0.0494999999, 0.0495, 0.0495000001, 0.04950000001, 0.05, 0.5,
          0.9995, 1 - 1e-9, 1 - 1e-12, 1.0, math.nextafter(0.0, 1.0), math.nextafter(1.0, 0.0)]
# The fitted maps, none, and slopes and offsets that reach the ±30 clamp (one with int members, as JSON may give)
_WHERE = [None, *context.params().values(), (1.0, 0.0), (40.0, 3.0), (-5.0, -40.0), (2, -1), (0.0, 0.0)]


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.sampled_from(_EDGES), st.floats(0.0, 1.0)),
       st.one_of(st.sampled_from(_WHERE), st.tuples(st.floats(-50.0, 50.0), st.floats(-50.0, 50.0))),
       st.sampled_from([None, FLOOR, 0.5]))
def test_the_compiled_placing_is_the_python_one(p, where, floor):
    want = _placed(p, where, floor)
    kernel = _compiled()
    if kernel is None:
        pytest.skip("the extension is not built")
    assert _bits(kernel(p, where, floor)) == _bits(want)


def test_the_python_placing_is_shifted_and_round3():
    where = context.params()["misfit"]
    p = 0.3
    assert _placed(p, None, None) == (0.3, False)
    assert _placed(p, where, None) == (context.shifted(p, *where), False)
    # The floor compares round3 of the placed p: 0.0495 rounds to the floor itself, 0.0494 below it.
    assert _placed(0.0495, None, FLOOR) == (0.0495, False)
    assert _placed(0.0494, None, FLOOR) == (0.0494, True)
    assert findings.round3(0.0495) == FLOOR


@pytest.mark.parametrize("p", _EDGES)
def test_the_compiled_placing_at_the_edges(p):
    kernel = _compiled()
    if kernel is None:
        pytest.skip("the extension is not built")
    for where in _WHERE:
        for floor in (None, FLOOR):
            assert _bits(kernel(p, where, floor)) == _bits(_placed(p, where, floor)), (p, where, floor)


def test_the_compiled_placing_refuses_what_it_cannot_read():
    kernel = _compiled()
    if kernel is None:
        pytest.skip("the extension is not built")
    for args in [(1, None, None), (0.5, (1.0,), None), (0.5, [1.0, 0.0], None), (0.5, None, 1), (0.5, None)]:
        with pytest.raises(TypeError):
            kernel(*args)
    with pytest.raises(TypeError):
        kernel(0.5, ("a", 0.0), None)
