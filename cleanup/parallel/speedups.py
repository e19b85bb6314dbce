"""The optional compiled twin of the alignment's dynamic programme.

``_align_dp`` is built from ``_align_dp.c`` when the package is installed on
a machine with a C compiler; without one the install still succeeds and the
pure-Python loop (the reference, ``align._python_dp``) runs instead, with the
same beads and costs. ``CLEANUP_PURE_PYTHON=1`` forces the Python code even
when the extension is there (as for the spelling kernel). Imported on first
use, never at start-up.
"""

from __future__ import annotations

import math

from .. import extensions

PURE_PYTHON_VARIABLE = extensions.PURE_PYTHON_VARIABLE
# What _align_dp.c says it is (ALIGN_DP_VERSION): a build left over from an
# older checkout (an editable install is not rebuilt by `git pull`) is
# ignored, not called with arguments it does not take. Raise both together.
VERSION = 13


def _import():
    from . import _align_dp

    return _align_dp


EXTENSION = extensions.Extension(_import, VERSION)
# compiled(): the compiled module, or None when it is not built (or not
# wanted): for its kernels that do no floating-point arithmetic (counts, name
# signatures, skeletons, capitalised tokens, headings). The alignment asks
# :func:`compiled_dp`.
compiled = EXTENSION.compiled


@EXTENSION.keep
def compiled_dp():
    """:func:`compiled` when its libm gives Python's length costs
    (:func:`_same_arithmetic`), else None: for ``align_dp`` and
    ``length_cost``. Checked on first use, not on loading the module: the
    check imports the alignment, which a run whose bilingual documents are
    no translations (most) never needs."""
    module = compiled()
    return module if module is not None and _same_arithmetic(module) else None


def _load_dp():
    """:func:`compiled_dp` whatever the environment asks (for tests)."""
    module = EXTENSION.load()
    return module if module is not None and _same_arithmetic(module) else None


def _same_arithmetic(module) -> bool:
    """Does the extension's libm give Python's length costs, to the bit (and
    never a negative one)?

    CPython's math.erfc, log and sqrt are the C library's where it has them
    (Linux, macOS); a Python built with its own erfc would differ in the last
    bits, and the alignment could then tie differently. A few hundred costs
    across the range the alignment meets (equal, unequal, one side empty,
    the 1e-12 floor) are compared once; any difference keeps the Python code."""
    from .align import VARIANCE, _length_cost

    sqrt2 = math.sqrt(2)
    # The compiled programme skips a step whose cost could not win even with
    # a length cost of 0: exact only if the length cost is never negative,
    # that is erfc(x) <= 1 for x >= 0 (true of erfc; here of this libm's,
    # down to the smallest x, where it comes closest to 1).
    if any(math.erfc(x) > 1.0 for x in [0.0] + [2.0 ** -k for k in range(1075)] + [k / 64 for k in range(1, 128)]):
        return False
    for ratio in (1.0, 1.08, 1 / 1.08, 0.37, 2.9):
        for la in (0, 1, 2, 7, 40, 333, 1200, 9000):
            for lb in (0, 1, 3, 8, 45, 310, 1500, 20000):
                if module.length_cost(la, lb, ratio, VARIANCE, sqrt2).hex() != _length_cost(la, lb, ratio).hex():
                    return False
    return True


def available() -> bool:
    """Is the extension built (and current), with Python's arithmetic,
    whatever the environment asks? (For tests.)"""
    return _load_dp() is not None
