"""The optional compiled twins of the spelling search's inner loops.

``_speedups`` is built from ``_speedups.c`` when the package is installed
on a machine with a C compiler; without one the install still succeeds and
the pure-Python code (the reference, in errormodel.py and index.py) runs
instead, with the same results. ``CLEANUP_PURE_PYTHON=1`` in the environment
forces the Python code even when the extension is there (the tests compare
the two). Imported on first use, never at start-up.
"""

from __future__ import annotations

import os

PURE_PYTHON_VARIABLE = "CLEANUP_PURE_PYTHON"

_NOT_TRIED = object()
_module = _NOT_TRIED


def compiled():
    """The compiled module, or None when it is not built (or not wanted)."""
    global _module
    if _module is _NOT_TRIED:
        _module = None
        if os.environ.get(PURE_PYTHON_VARIABLE, "") in ("", "0"):
            try:
                from . import _speedups
            except ImportError:
                pass
            else:
                _module = _speedups
    return _module


def available() -> bool:
    """Is the extension built, whatever the environment asks? (For tests.)"""
    try:
        from . import _speedups  # noqa: F401
    except ImportError:
        return False
    return True
