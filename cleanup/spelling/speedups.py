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
VERSION = 69


def _import():
    from . import _speedups

    return _speedups


EXTENSION = extensions.Extension(_import, VERSION)
# compiled(): the compiled module, or None when it is not built (or not wanted).
compiled = EXTENSION.compiled
# function(name, *bound): the compiled function ``name`` (a kernel of another
# module, kept in this extension: the script detector's places, the rule
# engine's), or None when the extension is not built or not wanted. Kept per
# name: a call site asks each time, ``(speedups.function(name) or twin)(...)``.
function = EXTENSION.function
# available(): is the extension built (and current), whatever the environment asks? (For tests.)
available = EXTENSION.available
