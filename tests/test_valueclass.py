"""ValueClass: compared, hashed and printed as a frozen dataclass of the same
fields would be."""

from __future__ import annotations

from dataclasses import dataclass

from cleanup.valueclass import ValueClass


class Point(ValueClass):
    __slots__ = _FIELD_NAMES = ("x", "y")

    def __init__(self, x, y=None):
        self.x = x
        self.y = y


@dataclass(frozen=True)
class DataPoint:
    x: object
    y: object = None


class Other(ValueClass):
    __slots__ = _FIELD_NAMES = ("x", "y")

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


class Ranked(ValueClass):
    """Fields spelled out, and a slot that is not a field."""

    __slots__ = ("word", "cost", "rank")
    _FIELD_NAMES = ("word", "cost")

    def __init__(self, word, cost):
        self.word = word
        self.cost = cost
        self.rank = -cost

    def _fields(self):
        return (self.word, self.cost)


def test_only_the_named_fields_count():
    assert Ranked("a", 1) == Ranked("a", 1) and Ranked("a", 1) != Ranked("a", 2)
    assert hash(Ranked("a", 1)) == hash(("a", 1))
    assert repr(Ranked("a", 1)) == "Ranked(word='a', cost=1)"
