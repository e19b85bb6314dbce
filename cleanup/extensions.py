"""Loading an optional C extension: one switch, one version check and one
loader for all.

The spelling search (``cleanup.spelling._speedups``), the grammar gate
(``cleanup.grammar._scan``) and the paragraph alignment
(``cleanup.parallel._align_dp``) each have a compiled twin that is built only
where a C compiler exists. All are chosen the same way: not at all when
``CLEANUP_PURE_PYTHON`` asks for the Python code, and only when the build says
it is the version the Python side expects (an editable install is not rebuilt
by ``git pull``, so an old build must be ignored, not called with arguments it
does not take). Each is an :class:`Extension`, looked for on first use (never
at start-up) and kept; tests reach the Python twins through :func:`afresh`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache, partial
from types import ModuleType

PURE_PYTHON_VARIABLE = "CLEANUP_PURE_PYTHON"


def wanted() -> bool:
    """May a compiled twin be used? (``CLEANUP_PURE_PYTHON`` unset, empty or 0.)"""
    return os.environ.get(PURE_PYTHON_VARIABLE, "") in ("", "0")


def load(import_it: Callable[[], ModuleType], version: int) -> ModuleType | None:
    """The extension module ``import_it`` imports (a plain ``from . import``,
    so that no module name is ever taken from data) when it is built and
    says it is ``version``; else None."""
    try:
        module = import_it()
    except ImportError:
        return None
    return module if getattr(module, "VERSION", None) == version else None


class Extension:
    """One optional extension, asked for on first use and kept (the answer
    does not change within a run): :meth:`compiled` gives the module or None,
    :meth:`function` a kernel of it or None. Each answer is kept by
    ``lru_cache``, whose C wrapper costs a caller less than a Python
    function's frame would, so a call site asks every time, in one line
    (``(speedups.function("name") or twin)(...)``), instead of keeping a
    loader of its own."""

    def __init__(self, import_it: Callable[[], ModuleType], version: int) -> None:
        self.import_it = import_it  # (a plain ``from . import``: see :func:`load`)
        self.version = version
        self._kept: list = []
        self.compiled = self.keep(self._compiled)
        self.function = self.keep(self._function)
        _EXTENSIONS.append(self)

    def keep(self, find: Callable) -> Callable:
        """``find``, its answers kept until :meth:`forget` (for what is
        derived from the module once: the alignment's arithmetic check)."""
        kept = lru_cache(maxsize=None)(find)
        self._kept.append(kept)
        return kept

    def load(self) -> ModuleType | None:
        """The module when it is built (and current), whatever the environment asks (for tests)."""
        return load(self.import_it, self.version)

    def available(self) -> bool:
        """Is the extension built (and current), whatever the environment asks? (For tests.)"""
        return self.load() is not None

    def _compiled(self) -> ModuleType | None:
        return self.load() if wanted() else None

    def _function(self, name: str, *bound) -> Callable | None:
        """The compiled function ``name``, given its first arguments ``bound``
        (a partial of a built-in is called without a Python frame; its Python
        twin reads those from its own module), or None when the extension is
        not built or not wanted. (Asked by name alone, the key is the string
        itself: no tuple is made per call, as for a name and a twin.)"""
        module = self.compiled()
        if module is None:
            return None
        kernel = getattr(module, name)
        return partial(kernel, *bound) if bound else kernel

    def forget(self) -> None:
        for kept in self._kept:
            kept.cache_clear()


_EXTENSIONS: list[Extension] = []


@contextmanager
def afresh(pure_python: bool = False) -> Iterator[None]:
    """For tests: within the block every extension is looked for again on
    first use (what :class:`Extension` kept is forgotten on entry and on
    exit); with ``pure_python``, as under ``CLEANUP_PURE_PYTHON=1``, so that
    each kernel's Python twin runs. (What a module keeps for the whole
    process, as ``model.made_finding``'s kernel, is not reached: a test of
    those runs a child process.)"""
    saved = os.environ.get(PURE_PYTHON_VARIABLE)
    if pure_python:
        os.environ[PURE_PYTHON_VARIABLE] = "1"
    _forget_all()
    try:
        yield
    finally:
        if pure_python:
            if saved is None:
                del os.environ[PURE_PYTHON_VARIABLE]
            else:
                os.environ[PURE_PYTHON_VARIABLE] = saved
        _forget_all()


def _forget_all() -> None:
    for extension in _EXTENSIONS:
        extension.forget()
