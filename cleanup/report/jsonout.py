"""The JSON report — the contract other tools rely on (docs/json-schema.json).

``offset``/``length`` are in code points of the decoded text, ``line``/``column``
1-based, suggestions sorted best first. Version 1; fields may be added, never
removed or changed.

The report is written as files finish, never held whole: a 4 MB file with
40,000 findings made a 27 MB report, and building it as one object (dicts,
then the pure-Python indenting encoder's fragments) peaked near 500 MB. Each
finding is serialised once, where it is found, into the text it will have in
the report; :class:`Streamed` only joins those texts. The output is the same,
byte for byte, as ``json.dumps(report, ensure_ascii=False, indent=2)``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from ..document import Document
from ..model import Finding

SCHEMA_VERSION = 1

# The report up to its list of files.
_HEAD = f'{{\n  "version": {SCHEMA_VERSION},\n  "files": ['
# Where a finding object stands in the report: report → "files" → file →
# "findings" → finding, two spaces a level.
_FINDING_INDENT = " " * 8


def finding_dict(doc: Document, f: Finding) -> dict:
    line, column = doc.line_col(f.start)
    return {
        "rule": f.rule,
        "category": f.category,
        "message": f.message,
        "line": line,
        "column": column,
        "offset": f.start,
        "length": f.end - f.start,
        "text": f.text,
        "confidence": round(f.confidence, 4),
        "tier": str(f.tier),
        "suggestions": [
            {"text": s.text, "confidence": round(s.confidence, 4)} for s in f.suggestions
        ],
    }


def finding_json(doc: Document, f: Finding) -> str:
    """One finding as it will read in the report (indented for its place)."""
    return _indented(finding_dict(doc, f), _FINDING_INDENT)


def encoding_label(encoding: str | None, bom: bytes) -> str:
    """The report's name for a file's encoding (utf-8-sig: with a BOM)."""
    return (encoding or "utf-8") + ("-sig" if bom and encoding == "utf-8" else "")


def file_dict(doc: Document, findings: Iterable[Finding]) -> dict:
    return {
        "path": doc.path,
        "encoding": encoding_label(doc.encoding, doc.bom),
        "findings": [finding_dict(doc, f) for f in findings],
    }


def dumps(files: list[dict], warnings: list[str], errors: list[dict]) -> str:
    report = {"version": SCHEMA_VERSION, "files": files}
    if warnings:
        report["warnings"] = warnings
    if errors:
        report["errors"] = errors
    return json.dumps(report, ensure_ascii=False, indent=2)


class Streamed:
    """The JSON report written piece by piece, each call returning the text to
    print now: a file's entry is opened, its findings follow as they are found
    (a 20 MB file's 200,000 findings are never held), then it is closed."""

    def __init__(self) -> None:
        self._files = 0
        self._findings = 0

    def open_file(self, path: str, encoding: str) -> str:
        head = _HEAD + "\n" if self._files == 0 else ",\n"
        self._files += 1
        self._findings = 0
        return (f"{head}    {{\n"
                f'      "path": {_str(path)},\n'
                f'      "encoding": {_str(encoding)},\n'
                f'      "findings": [')

    def finding(self, text: str) -> str:
        """``text``: from :func:`finding_json`."""
        self._findings += 1
        return f"{',' if self._findings > 1 else ''}\n{_FINDING_INDENT}{text}"

    def close_file(self) -> str:
        return ("\n      ]" if self._findings else "]") + "\n    }"

    def close(self, warnings: list[str], errors: list[dict]) -> str:
        out = _HEAD + "]" if self._files == 0 else "\n  ]"
        if warnings:
            out += ',\n  "warnings": ' + _indented(warnings, "  ")
        if errors:
            out += ',\n  "errors": ' + _indented(errors, "  ")
        return out + "\n}\n"


def _str(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def _indented(value, indent: str) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + indent)
