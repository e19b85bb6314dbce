"""Patterns compiled on first use, not at import.

Compiling is Python code in both ``re`` and ``regex`` (parsing, case
folding, character-set bitmaps): the parallel and consistency detectors'
patterns cost some tens of millions of instructions a run, paid at start-up
by every check although most are needed only by some texts (a bilingual
one, a Russian one with years, one with damaged numbers). A
:class:`LazyPattern` stands in for the compiled pattern until then.
"""

from __future__ import annotations


class LazyPattern:
    """``compile(pattern, flags)`` on first use.

    Any attribute (``search``, ``finditer``, ``split``…) compiles the pattern
    and is then kept in the instance's ``__dict__``, so that later look-ups
    of it are plain instance attributes (``__getattr__`` is only asked for a
    name not found there). The pattern's text is ``source``, readable
    without compiling."""

    def __init__(self, compile, source, flags: int = 0) -> None:
        self.source = source
        self._compile = compile
        self._flags = flags

    def __getattr__(self, name: str):
        if name.startswith("__") or name in ("_compile", "_flags", "source"):
            raise AttributeError(name)  # (copying and pickling probe for these)
        compiled = self.__dict__.get("_compiled")
        if compiled is None:
            compiled = self.__dict__["_compiled"] = self._compile(self.source, self._flags)
        value = self.__dict__[name] = getattr(compiled, name)
        return value

    def __repr__(self) -> str:
        return f"LazyPattern({self.source!r})"
