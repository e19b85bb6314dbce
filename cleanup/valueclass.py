"""Equality, hashing and a printed form by value for small plain classes.

A dataclass makes its methods by exec'ing their generated source, ~3.5 M
instructions a class at every start of the tool. A class that only needs to
compare and hash by its fields (as ``@dataclass(frozen=True)`` would) names
them in ``_FIELD_NAMES``, writes its ``__init__`` and inherits the rest from
:class:`ValueClass`, which is made once for all of them. (The spelling
candidates spell ``_fields`` out: they are compared per occurrence.)
"""

from __future__ import annotations


class ValueClass:
    """Equality, hash and repr as a frozen dataclass has them, over the
    fields ``_fields()`` returns (by default the attributes named by
    ``_FIELD_NAMES``, in order; a subclass may spell them out, which is
    faster). Another class is never equal."""

    __slots__ = ()
    _FIELD_NAMES: tuple[str, ...] = ()

    def _fields(self) -> tuple:
        return tuple(map(self.__getattribute__, self._FIELD_NAMES))

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={value!r}" for name, value in zip(self._FIELD_NAMES, self._fields()))
        return f"{self.__class__.__qualname__}({shown})"
