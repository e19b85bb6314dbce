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
import math
from collections.abc import Iterable
from json.encoder import encode_basestring as _quoted  # what json.dumps(s, ensure_ascii=False) gives, in C

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
    """One finding as it will read in the report (indented for its place):
    ``_indented(finding_dict(doc, f), _FINDING_INDENT)``, written out here
    because ``json.dumps`` with ``indent`` runs its pure-Python encoder (some
    18 µs a finding, a tenth of a second per MB of error-dense text; a test
    holds the two equal)."""
    line, column = doc.line_col(f.start)
    best = f.suggestions
    if best:
        inner = _FINDING_INDENT + "    "
        items = ",\n".join(
            f'{inner}{{\n{inner}  "text": {_quoted(s.text)},\n{inner}  "confidence": {_number(round(s.confidence, 4))}\n{inner}}}'
            for s in best
        )
        suggestions = f"[\n{items}\n{_FINDING_INDENT}  ]"
    else:
        suggestions = "[]"
    i = _FINDING_INDENT + "  "
    return (
        f'{{\n{i}"rule": {_quoted(f.rule)},\n{i}"category": {_quoted(f.category)},\n'
        f'{i}"message": {_quoted(f.message)},\n{i}"line": {_number(line)},\n{i}"column": {_number(column)},\n'
        f'{i}"offset": {_number(f.start)},\n{i}"length": {_number(f.end - f.start)},\n'
        f'{i}"text": {_quoted(f.text)},\n{i}"confidence": {_number(round(f.confidence, 4))},\n'
        f'{i}"tier": {_quoted(str(f.tier))},\n{i}"suggestions": {suggestions}\n{_FINDING_INDENT}}}'
    )


def _number(x) -> str:
    """``json.dumps(x)`` of an int or a float."""
    if x.__class__ is int:
        return int.__repr__(x)
    if x.__class__ is float and math.isfinite(x):
        return float.__repr__(x)
    return json.dumps(x)


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
