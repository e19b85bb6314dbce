"""GitHub Actions workflow commands: one ``::warning``/``::notice`` line per
finding, which the Actions runner shows as an annotation on the changed line.

Findings at or above the fail level are warnings, the rest notices. Values are
escaped as the runner requires (``%``, CR, LF; and ``:``/``,`` in properties).
"""

from __future__ import annotations

from ..document import Document
from ..model import Finding, Tier
from .text import visible


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(doc: Document, f: Finding, fail_tier: Tier = Tier.UNSAFE) -> str:
    line, col = doc.line_col(f.start)
    end_line, end_col = doc.line_col(f.end)
    kind = "warning" if f.tier >= fail_tier else "notice"
    props = [f"file={_prop(doc.path)}", f"line={line}", f"col={col}"]
    if end_line == line:
        props.append(f"endColumn={end_col}")
    else:
        props.append(f"endLine={end_line}")
    props.append(f"title={_prop(f.rule)}")
    message = f"{f.message} {visible(f.text)}"
    if f.best is not None:
        message += f" → {visible(f.best.text)}"
    message += f" ({f.confidence:.2f}, {f.tier})"
    return f"::{kind} {','.join(props)}::{_data(message)}"
