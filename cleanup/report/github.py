"""GitHub Actions workflow commands: one ``::warning``/``::notice`` line per
finding, which the Actions runner shows as an annotation on the changed line.

A rendering of the JSON report's file entries (``jsonout.file_dict``).
Findings at or above the fail level are warnings, the rest notices. Values are
escaped as the runner requires (``%``, CR, LF; and ``:``/``,`` in properties).
"""

from __future__ import annotations

import json

from ..model import Tier
from .sarif import end_of
from .text import visible


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(path: str, f: dict, fail_tier: Tier = Tier.UNSAFE) -> str:
    """One workflow command for one finding of the JSON report."""
    line, col = f["line"], f["column"]
    end_line, end_col = end_of(line, col, f["text"])
    kind = "warning" if Tier.parse(f["tier"]) >= fail_tier else "notice"
    props = [f"file={_prop(path)}", f"line={line}", f"col={col}"]
    props.append(f"endColumn={end_col}" if end_line == line else f"endLine={end_line}")
    props.append(f"title={_prop(f['rule'])}")
    message = f"{f['message']} {visible(f['text'])}"
    if f["suggestions"]:
        message += f" → {visible(f['suggestions'][0]['text'])}"
    message += f" ({f['confidence']:.2f}, {f['tier']})"
    return f"::{kind} {','.join(props)}::{_data(message)}"


def annotations(file: dict, fail_tier: Tier = Tier.UNSAFE) -> list[str]:
    return [annotation(file["path"], f, fail_tier) for f in file["findings"]]


class Streamed:
    """Annotations as a batch report (see jsonout.Streamed): a line per finding
    as soon as it is found."""

    def __init__(self, fail_tier: Tier) -> None:
        self._fail_tier = fail_tier
        self._path = ""

    def open_file(self, path: str, encoding: str) -> str:
        self._path = path
        return ""

    def finding(self, text: str) -> str:
        return annotation(self._path, json.loads(text), self._fail_tier) + "\n"

    def close_file(self) -> str:
        return ""

    def close(self, warnings: list[str], errors: list[dict]) -> str:
        return ""  # a clean run is no lines at all
