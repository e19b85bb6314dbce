"""The shipped packs are kept parsed on disk (rulepack._shipped_rules): what
the cache gives is what a fresh parse gives, and a changed pack is parsed again."""

from __future__ import annotations

import shutil

import pytest

from cleanup import rulepack


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _fields(rule):
    return {name: getattr(rule, name) for name in rule.__dataclass_fields__ if name != "compiled"}


def test_rules_from_the_cache_are_the_rules_of_a_fresh_parse(cache_home):
    root = rulepack.default_rules_dir()
    fresh = rulepack._load_rules([root], False)
    first = rulepack.load_rules()  # parses, and keeps
    assert list(cache_home.glob("cleanup/rulepacks-*.json"))
    kept = rulepack.load_rules()  # from the cache
    assert all(r.compiled == [None, None] for r in kept)  # nothing compiled yet
    for rules in (first, kept):
        assert [_fields(r) for r in rules] == [_fields(r) for r in fresh]
        for r, f in zip(rules, fresh):
            assert (r.regex.pattern, r.regex.flags) == (f.regex.pattern, f.regex.flags)
            assert (r.made_of is None) == (f.made_of is None)
            if r.made_of is not None:
                assert r.made_of.pattern == f.made_of.pattern
            for example in r.examples:  # compiled on first use, matching as the fresh one
                assert [m.span() for m in r.regex.finditer(example.text)] == \
                    [m.span() for m in f.regex.finditer(example.text)]


def test_a_changed_pack_is_parsed_again(cache_home, tmp_path):
    root = tmp_path / "rules"
    shutil.copytree(rulepack.default_rules_dir(), root)
    before = {r.id: r.message for r in rulepack._shipped_rules(root)}
    pack = root / "common" / "whitespace.toml"
    pack.write_text(pack.read_text(encoding="utf-8").replace(
        'message = "Space before punctuation"', 'message = "Space before a mark"'), encoding="utf-8")
    after = {r.id: r.message for r in rulepack._shipped_rules(root)}
    assert before["whitespace.before_punct"] == "Space before punctuation"
    assert after["whitespace.before_punct"] == "Space before a mark"
    assert len(list(cache_home.glob("cleanup/rulepacks-*.json"))) == 2


def test_a_broken_pack_is_never_kept(cache_home, tmp_path):
    root = tmp_path / "rules"
    (root / "common").mkdir(parents=True)
    (root / "common" / "punct.toml").write_text('[[rule]]\nname = "x"\nkind = "pattern"\n', encoding="utf-8")
    for _ in range(2):
        with pytest.raises(rulepack.RuleError):
            rulepack._shipped_rules(root)
    assert not list(cache_home.glob("cleanup/rulepacks-*.json"))


def test_an_unreadable_entry_is_parsed_again(cache_home):
    rulepack.load_rules()
    (entry,) = cache_home.glob("cleanup/rulepacks-*.json")
    entry.write_bytes(b'[{"id": 1')
    assert [r.id for r in rulepack.load_rules()] == [r.id for r in rulepack._load_rules([rulepack.default_rules_dir()], False)]
    assert entry.read_bytes().startswith(b"[{")  and len(entry.read_bytes()) > 100  # kept again, whole


def test_an_old_entry_that_cannot_be_touched_is_still_used(cache_home, monkeypatch):
    """A read-only cache: the entry's time stamp cannot be refreshed, but it is read."""
    import os

    from cleanup import diskcache

    rulepack.load_rules()
    (entry,) = cache_home.glob("cleanup/rulepacks-*.json")
    os.utime(entry, (0, 0))

    def refuse(*args, **kwargs):
        raise PermissionError("read-only")

    monkeypatch.setattr(os, "utime", refuse)
    key = entry.name[len("rulepacks-"):-len(".json")]
    assert diskcache.read_kept("rulepacks", key) == entry.read_bytes()
