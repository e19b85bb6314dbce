"""A broken rule file fails loudly, naming the file and the rule."""

from __future__ import annotations

import pytest

from cleanup.rulepack import RuleError, load_rules

GOOD = '''
[[rule]]
name = "x"
kind = "pattern"
message = "m"
pattern = "ab"
replacement = "a"
confidence = 0.9
examples = [{ text = "ab", fix = "a" }, { text = "b" }]
'''


def _pack(tmp_path, body, name="punct.toml", folder="common"):
    d = tmp_path / folder
    d.mkdir(exist_ok=True)
    (d / name).write_text(body, encoding="utf-8")
    return tmp_path


def test_good_pack_loads(tmp_path):
    rules = load_rules([_pack(tmp_path, GOOD)])
    assert [r.id for r in rules] == ["punct.x"]


def test_language_folder_goes_into_the_id(tmp_path):
    rules = load_rules([_pack(tmp_path, GOOD, folder="ru")])
    assert [(r.id, r.lang) for r in rules] == [("punct.ru.x", "ru")]


@pytest.mark.parametrize(
    "change, message",
    [
        (('kind = "pattern"', 'kind = "magic"'), "unknown kind 'magic' (valid kinds: substitution, pattern)"),
        (('pattern = "ab"', 'pattern = "a(b"'), "bad regex"),
        (('replacement = "a"', 'replacement = "\\\\9"'), "bad replacement template"),
        (('confidence = 0.9', 'confidence = 1.5'), "'confidence' must be a number in [0, 1]"),
        (('examples = [{ text = "ab", fix = "a" }, { text = "b" }]', 'examples = [{ text = "ab", fix = "a" }]'),
         "needs an example of correct text"),
        (('examples = [{ text = "ab", fix = "a" }, { text = "b" }]', ''), "'examples' are required"),
        (('message = "m"', 'message = "m"\nshell = "rm -rf /"'), "unknown key(s) ['shell']"),
    ],
)
def test_bad_rule_names_file_and_rule(tmp_path, change, message):
    root = _pack(tmp_path, GOOD.replace(*change))
    with pytest.raises(RuleError) as err:
        load_rules([root])
    text = str(err.value)
    assert "punct.toml" in text and "rule 'x'" in text
    assert message in text


def test_duplicate_id(tmp_path):
    root = _pack(tmp_path, GOOD + GOOD)
    with pytest.raises(RuleError, match=r"punct.toml: rule 'x': duplicate id punct.x"):
        load_rules([root])


def test_file_name_must_be_a_category(tmp_path):
    root = _pack(tmp_path, GOOD, name="misc.toml")
    with pytest.raises(RuleError, match="misc.toml: file name must be a rule category"):
        load_rules([root])


def test_substitution_keeps_case(tmp_path):
    body = '''
[[rule]]
name = "s"
kind = "substitution"
message = "m"
replace = { "в течении" = "в течение" }
confidence = 0.8
examples = [{ text = "В течении года", fix = "В течение года" }, { text = "в течение" }]
'''
    (rule,) = load_rules([_pack(tmp_path, body, name="grammar.toml")])
    m = rule.regex.search("ВСЁ В\u00a0ТЕЧЕНИИ ГОДА")
    assert rule.replacement_for(m) == "В ТЕЧЕНИЕ"
    assert rule.regex.search("в течениие") is None  # whole words only
