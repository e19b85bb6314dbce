"""ValueClass: compared, hashed and printed as a frozen dataclass of the same
fields would be."""

from __future__ import annotations

from dataclasses import dataclass

from cleanup.valueclass import ValueClass


class Point(ValueClass):
    __slots__ = ("x", "y")

    def __init__(self, x, y=None):
        self.x = x
        self.y = y


@dataclass(frozen=True)
class DataPoint:
    x: object
    y: object = None


class Other(ValueClass):
    __slots__ = ("x", "y")

    def __init__(self, x, y=None):
        self.x = x
        self.y = y


def test_equal_and_hashed_by_the_values_in_order():
    cases = [(1, 2), (2, 1), (1, None), ("a", (1, 2)), (1.0, 2)]
    for a in cases:
        for b in cases:
            assert (Point(*a) == Point(*b)) == (DataPoint(*a) == DataPoint(*b)) == (a == b)
            assert (Point(*a) != Point(*b)) == (a != b)
        assert hash(Point(*a)) == hash(a) == hash(DataPoint(*a))
    assert len({Point(1, 2), Point(1, 2), Point(2, 1)}) == 2


def test_another_class_is_never_equal():
    assert Point(1, 2) != Other(1, 2)
    assert Point(1, 2) != (1, 2)
    assert Point(1, 2) != DataPoint(1, 2)


def test_printed_as_a_dataclass():
    assert repr(Point("a", None)) == "Point(x='a', y=None)"
    assert repr(Point(1, [2])) == repr(DataPoint(1, [2])).replace("DataPoint", "Point")
