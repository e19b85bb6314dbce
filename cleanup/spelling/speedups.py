"""The optional compiled twins of the spelling search's inner loops.

``_speedups`` is built from ``_speedups.c`` when the package is installed
on a machine with a C compiler; without one the install still succeeds and
the pure-Python code (the reference, in errormodel.py and index.py) runs
instead, with the same results. ``CLEANUP_PURE_PYTHON=1`` in the environment
forces the Python code even when the extension is there (the tests compare
the two). Imported on first use, never at start-up.
"""

from __future__ import annotations

from .. import extensions

PURE_PYTHON_VARIABLE = extensions.PURE_PYTHON_VARIABLE
# What _speedups.c says it is: a build left over from an older checkout (an
# editable install is not rebuilt by `git pull`) is ignored, not called
# with arguments it does not take. Raise both together.
VERSION = 34

_NOT_TRIED = object()
_module = _NOT_TRIED


def compiled():
    """The compiled module, or None when it is not built (or not wanted)."""
    global _module
    if _module is _NOT_TRIED:
        _module = _load() if extensions.wanted() else None
    return _module


def function(name: str, twin=None):
    """The compiled function ``name`` (a kernel of another module, kept in
    this extension: the script detector's places, the rule engine's), or
    ``twin`` (its Python twin; None by default) when the extension is not
    built or not wanted. Asked once per kernel: the answer does not change."""
    module = compiled()
    return twin if module is None else getattr(module, name)


def _load():
    return extensions.load(_import, VERSION)


def _import():
    from . import _speedups

    return _speedups


def available() -> bool:
    """Is the extension built (and current), whatever the environment asks? (For tests.)"""
    return _load() is not None
