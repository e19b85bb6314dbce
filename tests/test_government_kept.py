"""The verb government table is parsed once and kept as JSON
(diskcache.kept_for_files): what the kept entry gives is what tomllib reads."""

from __future__ import annotations

import tomllib

from cleanup.grammar import government


def _read_with_tomllib() -> dict:
    with government.VERB_GOVERNMENT_FILE.open("rb") as fh:
        data = tomllib.load(fh)
    return {case: {"lemmas": frozenset(entry["lemmas"].split()),
                   "examples": [tuple(e) for e in entry.get("examples", [])],
                   "correct": list(entry.get("correct", []))} for case, entry in data.items()}


def test_the_kept_table_is_the_parsed_table(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    expected = _read_with_tomllib()
    try:
        for _ in range(2):  # parsed and kept, then from what was kept
            government.verb_government.cache_clear()
            assert government.verb_government() == expected
            assert list((tmp_path / "cache" / "cleanup").glob("verbgovernment-*.json"))
        assert all(type(e) is tuple for entry in government.verb_government().values() for e in entry["examples"])
    finally:
        government.verb_government.cache_clear()
