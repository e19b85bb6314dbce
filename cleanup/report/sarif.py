"""SARIF 2.1.0: the report code-scanning services (GitHub, GitLab, IDEs) read.

A rendering of the JSON report (``jsonout.file_dict``), so that whatever
produces the JSON report — one process or many — can produce SARIF too.
One run; the driver lists the rules that appear; each result carries its
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
from ..document import NEWLINE
from ..model import Tier

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/cleanup/"


def _uri(path: str) -> str:
    if path == "-":
        return "stdin"
    p = PurePath(path)
    return p.as_uri() if p.is_absolute() else quote(p.as_posix())


def end_of(line: int, column: int, text: str) -> tuple[int, int]:
    """Line and column just after ``text`` that starts at ``line``:``column``."""
    breaks = list(NEWLINE.finditer(text))
    if not breaks:
        return line, column + len(text)
    return line + len(breaks), len(text) - breaks[-1].end() + 1


def _region(f: dict, snippet: bool = True) -> dict:
    end_line, end_column = end_of(f["line"], f["column"], f["text"])
    region = {
        "startLine": f["line"],
        "startColumn": f["column"],
        "endLine": end_line,
        "endColumn": end_column,
        "charOffset": f["offset"],
        "charLength": f["length"],
    }
    if snippet:
        region["snippet"] = {"text": f["text"]}
    return region


def _result(path: str, f: dict, rule_index: int, fail_tier: Tier) -> dict:
    artifact = {"uri": _uri(path)}
    result = {
        "ruleId": f["rule"],
        "ruleIndex": rule_index,
        "level": "warning" if Tier.parse(f["tier"]) >= fail_tier else "note",
        "message": {"text": f["message"]},
        "locations": [{"physicalLocation": {"artifactLocation": artifact, "region": _region(f)}}],
        "properties": {"confidence": f["confidence"], "tier": f["tier"], "category": f["category"]},
    }
    if f["suggestions"]:
        result["fixes"] = [
            {
                "description": {"text": f"Replace with {s['text']!r} (confidence {s['confidence']:.2f})"},
                "artifactChanges": [{
                    "artifactLocation": artifact,
                    "replacements": [{
                        "deletedRegion": _region(f, snippet=False),
                        "insertedContent": {"text": s["text"]},
                    }],
                }],
                "properties": {"confidence": s["confidence"]},
            }
            for s in f["suggestions"]
        ]
    return result


def report(files: Iterable[dict], rule_docs: Iterable[RuleDoc] = (), fail_tier: Tier = Tier.UNSAFE,
           notes: Iterable[str] = ()) -> dict:
    """SARIF for the JSON report's ``files`` entries."""
    known = {d.id: d for d in rule_docs}
    rules: list[dict] = []
    index: dict[str, int] = {}
    results = []
    for file in files:
        for f in file["findings"]:
            rule_id = f["rule"]
            if rule_id not in index:
                index[rule_id] = len(rules)
                d = known.get(rule_id)
                rule = {"id": rule_id, "shortDescription": {"text": d.message if d else f["message"]}}
                if d is not None and d.example:
                    rule["help"] = {"text": f"Example: {d.example}"}
                rule["properties"] = {"category": f["category"]}
                rules.append(rule)
            results.append(_result(file["path"], f, index[rule_id], fail_tier))
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


class Collected:
    """SARIF as a batch report (see jsonout.Streamed): one document whose rule
    list comes before its results, so the files are kept and written at the end."""

    def __init__(self, rule_docs: Iterable[RuleDoc], fail_tier: Tier) -> None:
        self._rule_docs, self._fail_tier = rule_docs, fail_tier
        self._files: list[dict] = []

    def open_file(self, path: str, encoding: str) -> str:
        self._files.append({"path": path, "encoding": encoding, "findings": []})
        return ""

    def finding(self, text: str) -> str:
        self._files[-1]["findings"].append(json.loads(text))
        return ""

    def close_file(self) -> str:
        return ""

    def close(self, warnings: list[str], errors: list[dict]) -> str:
        notes = warnings + [f"{e['path']}: {e['message']}" for e in errors]
        return dumps(report(self._files, self._rule_docs, self._fail_tier, notes)) + "\n"
