"""A CriticMarkup edition: the text with each fix written as a proposal,
``{~~old~>new~~}{>>rule, confidence<<}``, that a reviewer can read, or accept
and reject one by one in an editor that knows CriticMarkup.

Deletions are ``{--old--}``, insertions ``{++new++}``. Only the edits given
(those ``fix`` would apply at the same threshold, in original offsets) are
marked; the rest of the text is unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Edit


def _comment(edit: Edit) -> str:
    return f"{{>>{edit.rule}, {edit.confidence:.2f}<<}}"


def markup(text: str, edits: Iterable[Edit]) -> str:
    parts: list[str] = []
    pos = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        old = text[edit.start : edit.end]
        parts.append(text[pos : edit.start])
        if not old:
            parts.append(f"{{++{edit.replacement}++}}")
        elif not edit.replacement:
            parts.append(f"{{--{old}--}}")
        else:
            parts.append(f"{{~~{old}~>{edit.replacement}~~}}")
        parts.append(_comment(edit))
        pos = edit.end
    parts.append(text[pos:])
    return "".join(parts)
