"""Loading an optional C extension: one switch and one version check for all.

The spelling search (``cleanup.spelling._speedups``) and the paragraph
alignment (``cleanup.parallel._align_dp``) each have a compiled twin that is
built only where a C compiler exists. Both are chosen the same way: not at
all when ``CLEANUP_PURE_PYTHON`` asks for the Python code, and only when the
build says it is the version the Python side expects (an editable install is
not rebuilt by ``git pull``, so an old build must be ignored, not called with
arguments it does not take).
"""

from __future__ import annotations

import os
from collections.abc import Callable
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
