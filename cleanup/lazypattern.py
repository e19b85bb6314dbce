"""Patterns compiled on first use, not at import.

Compiling is Python code in both ``re`` and ``regex`` (parsing, case
folding, character-set bitmaps; ~2 M instructions a ``regex`` pattern):
compiled at import, the patterns only some texts need (a bilingual one, a
Russian one with years, a ``[/verbatim]`` after a ``[verbatim]``) would cost
every start of the command. A :class:`LazyPattern` stands in for a module's
compiled pattern until then; :func:`compiled_once` is the same for a
pattern kept as text (rule data, a pattern built in a function).
"""

from __future__ import annotations

from functools import lru_cache

import regex


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


@lru_cache(maxsize=256)
def compiled_once(pattern: str, flags: int = 0) -> "regex.Pattern[str]":
    """``regex.compile(pattern, flags)`` when first asked, then from a C-level
    cache. Also for a pattern used per call: ``regex.search(pattern, text)``
    asks the regex module's own cache, a few microseconds of Python a call."""
    return regex.compile(pattern, flags)
