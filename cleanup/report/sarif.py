"""SARIF 2.1.0: the report code-scanning services (GitHub, GitLab, IDEs) read.

One run; the driver lists the rules that appear, each result carries its
region in code points (``columnKind: unicodeCodePoints``, the unit of our
offsets), the suggestions as SARIF ``fixes``, and confidence and tier as
properties. Findings at or above the fail level are ``warning``, the rest
``note``. Checked against the OASIS schema in tests/test_formats.py.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import PurePath
from urllib.parse import quote

from .. import __version__
from ..detectors import RuleDoc
from ..document import Document
from ..model import Finding, Tier

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/cleanup/"


def _uri(path: str) -> str:
    if path == "-":
        return "stdin"
    p = PurePath(path)
    return p.as_uri() if p.is_absolute() else quote(p.as_posix())


def _region(doc: Document, start: int, end: int, snippet: bool = True) -> dict:
    line, column = doc.line_col(start)
    end_line, end_column = doc.line_col(end)
    region = {
        "startLine": line,
        "startColumn": column,
        "endLine": end_line,
        "endColumn": end_column,
        "charOffset": start,
        "charLength": end - start,
    }
    if snippet:
        region["snippet"] = {"text": doc.text[start:end]}
    return region


def _result(doc: Document, f: Finding, rule_index: int, fail_tier: Tier) -> dict:
    location = {"artifactLocation": {"uri": _uri(doc.path)}}
    result = {
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": "warning" if f.tier >= fail_tier else "note",
        "message": {"text": f.message},
        "locations": [{"physicalLocation": {**location, "region": _region(doc, f.start, f.end)}}],
        "properties": {"confidence": round(f.confidence, 4), "tier": str(f.tier), "category": f.category},
    }
    if f.suggestions:
        result["fixes"] = [
            {
                "description": {"text": f"Replace with {s.text!r} (confidence {s.confidence:.2f})"},
                "artifactChanges": [{
                    "artifactLocation": location["artifactLocation"],
                    "replacements": [{
                        "deletedRegion": _region(doc, f.start, f.end, snippet=False),
                        "insertedContent": {"text": s.text},
                    }],
                }],
                "properties": {"confidence": round(s.confidence, 4)},
            }
            for s in f.suggestions
        ]
    return result


def report(files: Iterable[tuple[Document, list[Finding]]], rule_docs: Iterable[RuleDoc],
           fail_tier: Tier = Tier.UNSAFE, notes: Iterable[str] = ()) -> dict:
    known = {d.id: d for d in rule_docs}
    rules: list[dict] = []
    index: dict[str, int] = {}
    results = []
    for doc, findings in files:
        for f in findings:
            if f.rule not in index:
                index[f.rule] = len(rules)
                d = known.get(f.rule)
                rule = {"id": f.rule, "shortDescription": {"text": d.message if d else f.message}}
                if d is not None and d.example:
                    rule["help"] = {"text": f"Example: {d.example}"}
                rule["properties"] = {"category": f.category}
                rules.append(rule)
            results.append(_result(doc, f, index[f.rule], fail_tier))
    run = {
        "tool": {"driver": {
            "name": "cleanup", "version": __version__, "informationUri": INFORMATION_URI, "rules": rules,
        }},
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    notes = list(notes)
    if notes:
        run["invocations"] = [{
            "executionSuccessful": True,
            "toolExecutionNotifications": [{"message": {"text": n}, "level": "warning"} for n in notes],
        }]
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def dumps(report_: dict) -> str:
    return json.dumps(report_, ensure_ascii=False, indent=2)
