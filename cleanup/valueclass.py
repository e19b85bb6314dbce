"""Equality, hashing and a printed form by value for small plain classes.

A dataclass makes its methods by exec'ing their generated source, ~3.5 M
instructions a class at every start of the tool. A class that only needs to
compare and hash by its fields (as ``@dataclass(frozen=True)`` would) lists
them in ``__slots__``, writes its ``__init__`` and inherits the rest from
:class:`ValueClass`, which is made once for all of them.
"""

from __future__ import annotations


class ValueClass:
    """Compared, hashed and printed by the values of ``__slots__``, in order,
    as a frozen dataclass of those fields is (another class: not equal)."""

    __slots__ = ()

    def _values(self) -> tuple:
        return tuple(map(self.__getattribute__, self.__slots__))

    def __eq__(self, other: object):
        if type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={value!r}" for name, value in zip(self.__slots__, self._values()))
        return f"{type(self).__qualname__}({fields})"
