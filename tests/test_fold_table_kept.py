"""The trigger scan's fold table is kept on disk (rulepack._fold_table): the
kept table is the table made afresh, surrogates included, and a damaged entry
is made again."""

from __future__ import annotations

import pytest

from cleanup import rulepack


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    rulepack._fold_table.cache_clear()
    yield tmp_path / "cache"
    rulepack._fold_table.cache_clear()


def _kept(cache_home):
    return list(cache_home.glob("cleanup/foldtable-*.json"))


def test_the_kept_table_is_the_made_one(cache_home):
    made = rulepack._made_fold_table()
    assert made is not None and len(made) == 0x10000
    assert rulepack._fold_table() == made  # made, and kept
    (entry,) = _kept(cache_home)
    rulepack._fold_table.cache_clear()
    entry.write_bytes(entry.read_bytes())  # (the same bytes: read back below, not made)
    kept = rulepack._fold_table()
    assert kept == made
    assert kept[0xD800:0xE000] == "".join(map(chr, range(0xD800, 0xE000)))
    assert kept[ord("ß")] == "\uffff" and kept[0x212A] == "k"


def test_the_kept_table_is_what_is_read(cache_home):
    rulepack._fold_table()
    (entry,) = _kept(cache_home)
    data = bytearray(entry.read_bytes())
    data[4 * ord("A"):4 * ord("A") + 4] = "z".encode("utf-32-le")  # (a readable, different table)
    entry.write_bytes(bytes(data))
    rulepack._fold_table.cache_clear()
    assert rulepack._fold_table()[ord("A")] == "z"


@pytest.mark.parametrize("damage", [b"", b"\0" * 7, b"\xff" * (4 * 0x10000)])
def test_a_damaged_entry_is_made_again(cache_home, damage):
    made = rulepack._made_fold_table()
    rulepack._fold_table()
    (entry,) = _kept(cache_home)
    entry.write_bytes(damage)
    rulepack._fold_table.cache_clear()
    assert rulepack._fold_table() == made
    assert entry.read_bytes() == made.encode("utf-32-le", "surrogatepass")  # kept again
