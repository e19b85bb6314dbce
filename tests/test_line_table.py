"""The index's line table (each vocabulary line's length in bytes and in
letters and the letters it shares with the line before) is what the
vocabulary's lines are, and the compiled run scan that skips lines by it
finds what the Python search finds (tests/test_kernel.py compares the two
on typed words; here the table itself and an index without it)."""

from __future__ import annotations

import pytest

from cleanup.spelling import candidates, index, speedups

needs_extension = pytest.mark.skipif(not speedups.available(), reason="cleanup.spelling._speedups is not built")


def test_line_facts_of_a_few_words():
    words = ["а", "ав", "авё", "б", "ё-ё", "ёж"]
    facts = index.line_facts(words)
    assert [(f & 0xFF, f >> 8 & 0xFF, f >> 16) for f in facts] == [
        (2, 1, 0), (4, 2, 1), (6, 3, 2), (2, 1, 0), (5, 3, 0), (4, 2, 1)]
    assert index.line_facts(["я" * 200]) is None  # 400 bytes: too long for a byte


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_line_table_describes_every_line_of_the_vocabulary(lang):
    tables = index.get(lang)._mapped_tables()
    words = bytes(tables[0]).decode("utf-8").split("\n")[:-1]
    lines = tables[6]
    assert lines is not None and len(lines) == len(words) == len(tables[5])
    assert list(lines) == list(index.line_facts(words))


@needs_extension
def test_an_index_without_the_line_table_searches_in_python(monkeypatch):
    words = ("сталтну", "проблкма", "комдвижение", "ёжик")
    idx = index.get("ru")
    compiled = [idx.close(w) for w in words]
    weighed = [candidates._to_weigh_python(w, "ru", 1 if len(w) <= candidates.SHORT else 2) for w in words]
    monkeypatch.setattr(idx, "_mapped", idx._mapped_tables()[:6] + (None,))
    assert not idx.compiled_search()
    assert [idx.close(w) for w in words] == compiled
    candidates._to_weigh.cache_clear()
    try:
        assert [candidates._to_weigh(w, "ru") for w in words] == weighed
    finally:
        candidates._to_weigh.cache_clear()
