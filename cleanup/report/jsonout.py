"""The JSON report — the contract other tools rely on (docs/json-schema.json).

``offset``/``length`` are in code points of the decoded text, ``line``/``column``
1-based, suggestions sorted best first. Version 1; fields may be added, never
removed or changed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from ..document import Document
from ..model import Finding

SCHEMA_VERSION = 1


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


def file_dict(doc: Document, findings: Iterable[Finding]) -> dict:
    return {
        "path": doc.path,
        "encoding": doc.encoding + ("-sig" if doc.bom and doc.encoding == "utf-8" else ""),
        "findings": [finding_dict(doc, f) for f in findings],
    }


def dumps(files: list[dict], warnings: list[str], errors: list[dict]) -> str:
    report = {"version": SCHEMA_VERSION, "files": files}
    if warnings:
        report["warnings"] = warnings
    if errors:
        report["errors"] = errors
    return json.dumps(report, ensure_ascii=False, indent=2)
