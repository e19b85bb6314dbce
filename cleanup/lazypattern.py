"""A regex pattern compiled at its first use."""

from __future__ import annotations

import regex


class LazyPattern:
    """``regex.compile(source)``, made when one of its methods is first
    asked for. For patterns only some texts need (a ``[/verbatim]`` after a
    ``[verbatim]``, the word before a ``[sic]``): the ``regex`` module
    compiles slowly (~2 M instructions a pattern), and compiled at import
    each would cost every start of the command."""

    __slots__ = ("source", "_compiled")

    def __init__(self, source: str) -> None:
        self.source = source
        self._compiled = None

    def __getattr__(self, name: str):
        # (Asked only for what the slots lack: search, finditer, pattern…)
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = regex.compile(self.source)
        return getattr(compiled, name)
