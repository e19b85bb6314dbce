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
    return {name: getattr(rule, name) for name in rule._FIELD_NAMES}


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


def _program_of(pattern):
    return rulepack._pattern_reduce(pattern)


def test_patterns_rebuilt_from_the_cache_are_the_compiled_patterns(cache_home, monkeypatch):
    """Every kept rule gets its pattern (and made_of) from the kept program,
    never by compiling it, and that is the program a fresh compile makes."""
    fresh = rulepack._load_rules([rulepack.default_rules_dir()], False)
    rulepack.load_rules()  # parses, and keeps
    kept = rulepack.load_rules()
    assert all(r.programs is not None and r.programs[0] is not None for r in kept)

    def refuse(*args, **kwargs):
        raise AssertionError("compiled instead of rebuilt")

    monkeypatch.setattr(rulepack.regex, "compile", refuse)
    for r, f in zip(kept, fresh):
        assert _program_of(r.regex) == _program_of(f.regex)
        assert (r.made_of is None) == (f.made_of is None)
        if r.made_of is not None:
            assert _program_of(r.made_of) == _program_of(f.made_of)


def test_a_program_that_does_not_fit_its_rule_is_compiled_again(cache_home):
    """A kept program for another pattern or flags, or one that is garbled,
    is not used: the rule's own pattern is compiled."""
    rulepack.load_rules()
    rule = next(r for r in rulepack.load_rules() if r.id == "whitespace.before_punct")
    other = rulepack.regex.compile("x+")
    source, flags, data = rule.programs[0]
    garbled = [["t", [[]]]]  # not the arguments of a compile
    for program in ([source, flags, rulepack._tagged(_program_of(other)[1])],  # another pattern's program
                    ["x+", flags, rulepack._tagged(_program_of(other)[1])],  # kept for another pattern
                    [source, flags + 1, data],  # kept for other flags
                    [source, flags, garbled]):
        again = type(rule)(**{name: getattr(rule, name) for name in rule._FIELD_NAMES}, programs=(program, None))
        assert again.regex.pattern == rule.pattern
        assert _program_of(again.regex) == _program_of(rulepack.regex.compile(rule.pattern, rule.flags))


def test_program_data_keeps_every_type_apart():
    value = ("p", 8232, b"\x00\xff a", {"g": 1}, {1: "g"}, {}, [None, (1, 2)], 0, (3, 4), True, -1)
    import json

    assert rulepack._untagged(json.loads(json.dumps(rulepack._tagged(value)))) == value
    with pytest.raises(TypeError):
        rulepack._tagged(frozenset({1}))


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
