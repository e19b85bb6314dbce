"""The optional compiled twin of the grammar gate's per-word steps.

``_scan`` is built from ``_scan.c`` when the package is installed on a
machine with a C compiler; without one the install still succeeds and
:class:`cleanup.grammar.scan.Paragraph`'s own Python code (the reference)
runs instead, with the same words, breaks and lower-case forms.
``CLEANUP_PURE_PYTHON=1`` forces the Python code even when the extension is
there (as for the other kernels). Imported on first use, never at start-up.
"""

from __future__ import annotations

from .. import extensions

# What _scan.c says it is (GRAMMAR_SCAN_VERSION): a build left over from an
# older checkout (an editable install is not rebuilt by `git pull`) is
# ignored, not called with arguments it does not take. Raise both together.
VERSION = 10  # 2: unsettled_phrases; 3: edit_cost; 4: table_records; 5: unsettled_phrases reads с/со/за heads;
# 6: gate_places; 7: article_candidates; 8: gate_places hands back the forms the memo lacks;
# 9: breaks finds the gaps from the words' strings (no spans);
# 10: table_learn (was table_records): the spelling bits added and the memos filled in C


def _import():
    from . import _scan

    return _scan


EXTENSION = extensions.Extension(_import, VERSION)
# compiled(): the compiled module, or None when it is not built (or not wanted).
compiled = EXTENSION.compiled
