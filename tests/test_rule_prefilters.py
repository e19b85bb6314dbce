"""The cheap tests that let the rule engine and the character-level detectors
skip text must never skip a finding: triggers, gates and ``made_of`` runs
(cleanup/rulepack.py), the digit and inverted-case scans (script, mojibake).

Each is checked against the full computation it replaces, on texts built from
the pieces the rules care about (their examples' words, every kind of space,
brackets, dashes, letters whose case folding is odd), in any case."""

from __future__ import annotations

import regex
import pytest
from hypothesis import example, given, settings, strategies as st

from cleanup.detectors import mojibake, rulepacks, script
from cleanup.detectors.rulepacks import RulePackDetector
from cleanup.document import Document
from cleanup.options import Context, Options
from cleanup.lazypattern import compiled_once
from cleanup.rulepack import GATE_SPANS, GATES, RuleError, TriggerIndex, load_pack, load_rules, substitution_triggers, trigger_plan
from cleanup.segments import paragraphs

RULES = [r for r in load_rules() if r.trigger_keys or r.gate or r.made_of is not None]

# Pieces of text: the words of every rule example, and what stands between.
_WORDS = sorted({w for r in load_rules() for e in r.examples for t in (e.text, e.fix or "")
                 for w in regex.findall(r"[\p{L}\p{N}]+|[^\p{L}\p{N}\s]", t)})
_BETWEEN = [" ", " ", " ", "\u00a0", "  ", " \u00a0", "\t", "\u2007", "\u202f", "\u2009", "\n", "\r\n", "\r",
            "\n\n", " \n", "\u00a0\n", "\r \n", ", ", ",", ". ", ".", " ,", " .", " ?", "!", ";", ":", " - ",
            "-", "--", "- -", " -- ", "(", ")", " (", "( ", " )", "«", "»", "« ", " »", "“", "”", "„", "[", "]",
            "'", "’", "1", "5", "²"]
_ODD = ["ß", "ﬁ", "İ", "ı", "I", "i", "ſ", "K", "ẞ", "ﬀ", "e\u0301", "\u0301"]
_CASES = [str, str.upper, str.title, str.lower, lambda w: w[:1].lower() + w[1:].upper()]

pieces = st.lists(
    st.one_of(
        st.tuples(st.sampled_from(_WORDS), st.sampled_from(_CASES)).map(lambda wc: wc[1](wc[0])),
        st.sampled_from(_BETWEEN),
        st.sampled_from(_ODD),
    ),
    max_size=40,
).map("".join)


def _full_scan(rule, text: str, lang_opt: str = "auto") -> list[tuple]:
    """The rule run as the engine ran it before any prefilter: every
    paragraph of its language, or the whole text for a rule of any language."""
    if rule.lang is None:
        spans = [(0, len(text))]
    else:
        spans = [(p.start, p.end) for p in paragraphs(text, lang_opt) if p.lang == rule.lang]
    out = []
    for start, end in spans:
        for m in rule.regex.finditer(text, start, end):
            replacement = rule.replacement_for(m)
            if replacement != m.group():
                out.append((m.start(), m.end(), replacement))
    return out


def _engine(rule, text: str) -> list[tuple]:
    detector = RulePackDetector(Options(select=(rule.id,)), rules=[rule])
    found = detector.detect(Context(Document(text), Options()))
    return [(f.start, f.end, f.best.text if f.best else None) for f in found]


@settings(max_examples=300, deadline=None)
@given(text=pieces)
def test_prefilters_never_lose_a_finding(text):
    for rule in RULES:
        assert _engine(rule, text) == _full_scan(rule, text), rule.id


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_prefilters_keep_every_example(rule):
    for example in rule.examples:
        for text in (example.text, example.fix, f"İ ﬁ {example.text}", example.text.replace(" ", "\u00a0")):
            if text is not None:
                assert _engine(rule, text) == _full_scan(rule, text)


MADE_OF = [r for r in RULES if r.made_of is not None]


@settings(max_examples=300, deadline=None)
@given(text=pieces)
def test_made_of_runs_find_what_a_scan_finds_however_many_hits(monkeypatch_module, text):
    # Short texts have few characters per hit: with one hit allowed a
    # character the rules made of runs are tried on the runs by their
    # triggers, never by the scan that a crowded text falls back to.
    monkeypatch_module.setattr(rulepacks, "_CHARS_PER_RUN", 1)
    for rule in MADE_OF:
        assert _engine(rule, text) == _full_scan(rule, text), rule.id


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as mp:
        yield mp


def test_the_runs_are_tried_not_the_scan_when_hits_are_few(monkeypatch):
    rule = next(r for r in MADE_OF if r.id == "whitespace.before_punct")
    scans = []
    monkeypatch.setattr(rulepacks, "_run_within", lambda *a: scans.append(a) or [])
    text = "Слово , и ещё одно слово, и ещё одно, а потом ещё ; и так далее ." * 3
    found = _engine(rule, text)
    assert scans == [] and found == _full_scan(rule, text) and len(found) == 7


@pytest.mark.parametrize("made_of", ["[ ]", r"[\p{Zs}]"])  # a class listed, and one asked of the regex module
def test_a_run_just_before_or_after_a_trigger_is_tried(tmp_path, made_of):
    # The trigger "x" holds no run character: the runs it touches are the
    # one ending where it starts and the one starting where it ends.
    path = _pack(tmp_path, f"trigger = 'x'\nmade_of = '{made_of}'", pattern="(?<=a) +(?=x)| +(?<=x +)(?=b)",
                 examples='{ text = "a  x  b", fix = "ax yb" }, { text = "axb" }')
    rule = load_pack(path)[0]
    for text in ("a  x  b", "a x", "x   b" * 3, "ya   x  bz", "a" + " " * 20 + "x" + " " * 30 + "b"):
        assert _engine(rule, text) == _full_scan(rule, text) != []


@pytest.mark.parametrize("made_of", ["[ ]", r"[\p{Zs}]"])
def test_a_match_inside_a_run_by_a_trigger_is_found(tmp_path, monkeypatch, made_of):
    # The trigger is two spaces and the match its second one: the whole run
    # is tried, not only where it starts (the runs, not the scan: see above).
    monkeypatch.setattr(rulepacks, "_CHARS_PER_RUN", 1)
    (tmp_path / "common").mkdir()
    path = tmp_path / "common" / "whitespace.toml"
    path.write_text(f"""[[rule]]\nname = "r"\nkind = "pattern"\nmessage = "m"\npattern = '(?<= ) (?=y)'
replacement = ""\nconfidence = 0.9\ntrigger = "  "\nmade_of = '{made_of}'
examples = [{{ text = "a  y", fix = "a y" }}, {{ text = "ay" }}]\n""", encoding="utf-8")
    rule = load_pack(path)[0]
    for text in ("a  y", "  y", "a" + " " * 5 + "y", "b   y a y", "x  y" * 4):
        assert _engine(rule, text) == _full_scan(rule, text) != []


# The regex _listed once was: its reference.
_LISTED = r"\[((?:[^\\\[\]^&|~-]|\\[tnr]|\\u[0-9a-fA-F]{4}|\\x[0-9a-fA-F]{2})(?:[^\\\[\]&|~-]|\\[tnr]|\\u[0-9a-fA-F]{4}|\\x[0-9a-fA-F]{2})*-?)\]"
_LISTED_ITEM = r"\\u[0-9a-fA-F]{4}|\\x[0-9a-fA-F]{2}|\\[tnr]|."


def _listed_by_regex(cls: str) -> str | None:
    m = regex.fullmatch(_LISTED, cls)
    if m is None:
        return None
    return "".join({"\\t": "\t", "\\n": "\n", "\\r": "\r"}.get(item) or (chr(int(item[2:], 16)) if item.startswith("\\") else item)
                   for item in regex.findall(_LISTED_ITEM, m.group(1), regex.DOTALL))


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(["[", "]", "^", "-", "&", "|", "~", "\\", "t", "n", "r", "u", "x", "U", "0", "4", "1", "f",
                                  "A", "g", "z", " ", "\n", "\u00a0", "p", "{", "}"]), max_size=10).map("".join))
@example("[ \\t\\u00a0\\x41-]")
@example("[\\u00A0\\x4f^]")
def test_listed_reads_a_class_as_the_regex_it_replaced(body):
    for cls in (body, "[" + body + "]"):
        assert rulepacks._listed(cls) == _listed_by_regex(cls), cls


def test_a_class_of_listed_characters_is_a_set_and_anything_else_is_asked():
    assert rulepacks._listed(r"[ \t\u00a0\x41-]") == " \t\u00a0A-"
    for cls in (r"[a-z]", r"[^ ]", r"[\p{Zs}]", r"[-a]", r"[\s]", r"[[a]]", r"[a&&b]", "[]"):
        assert rulepacks._listed(cls) is None, cls
    assert rulepacks._members(r"[ \u00a0]+") == frozenset(" \u00a0")
    members = rulepacks._members(r"[\p{Zs}]+")
    assert " " in members and "\u2007" in members and "x" not in members and "\n" not in members


def test_a_text_without_triggers_runs_no_rule_of_any_language():
    # No double space, no space before punctuation, no no-break space: the
    # whitespace rules' triggers are absent, so none of them is tried.
    index = TriggerIndex("Plain words, plain text.", trigger_plan(tuple(k for r in RULES for k in r.trigger_keys)))
    idle = [r.id for r in RULES if r.lang is None and r.trigger_keys and not index.any(r)]
    assert "whitespace.space_run" in idle and "whitespace.before_punct" in idle


def test_triggers_are_found_case_folded_even_next_to_ligatures():
    rule = next(r for r in load_rules() if r.id == "boundary.en.reflexive")
    text = "The ﬁrst time I did it MY SELF. Straße."
    assert _engine(rule, text) == _full_scan(rule, text) == [(23, 30, "MYSELF")]


def test_a_trigger_the_regex_module_folds_otherwise_switches_the_prefilter_off(tmp_path):
    # The regex module lets "İ" match "i", but "İ".casefold() is "i̇": a
    # case-insensitive trigger with an "i" cannot be looked for case-folded.
    (tmp_path / "common").mkdir()
    path = tmp_path / "common" / "style.toml"
    path.write_text(
        '[[rule]]\nname = "its"\nkind = "pattern"\nmessage = "m"\npattern = \'its a\'\nreplacement = "it is a"\n'
        'ignore_case = true\ntrigger = "its"\nconfidence = 0.9\n'
        'examples = [{ text = "its a", fix = "it is a" }, { text = "it is a" }]\n', encoding="utf-8")
    rule = load_pack(path)[0]
    assert rule.triggers == ("its",) and rule.trigger_keys == ()
    assert _engine(rule, "İTS A test") == [(0, 5, "it is a")]


def _pack(tmp_path, extra: str, pattern: str = "x  y", examples: str = '{ text = "x  y", fix = "x y" }, { text = "x y" }'):
    (tmp_path / "common").mkdir()
    path = tmp_path / "common" / "whitespace.toml"
    path.write_text(
        f'[[rule]]\nname = "r"\nkind = "pattern"\nmessage = "m"\npattern = \'{pattern}\'\nreplacement = "x y"\n'
        f'confidence = 0.9\n{extra}\nexamples = [{examples}]\n', encoding="utf-8")
    return path


@pytest.mark.parametrize("extra, message", [
    ('trigger = "zz"', "no trigger"),
    ('trigger = ""', "'trigger' must be"),
    ('trigger = ["  "]\nmade_of = "[ ]"', "not made of"),
    ('made_of = "[ ]"', "needs a 'trigger'"),
    ('trigger = ["  "]\nmade_of = "[ ]+"', "one character class"),
    ('gate = "nope"', "unknown gate"),
    ('trigger = ["  "]\nfollows = "[x]"', "'follows' needs 'made_of'"),
    ('trigger = ["  "]\nmade_of = "[ ]"\nfollows = "x"', "'follows' must be one character class"),
])
def test_a_wrong_prefilter_is_refused_with_a_message(tmp_path, extra, message):
    with pytest.raises(RuleError, match=message):
        load_pack(_pack(tmp_path, extra))


def test_made_of_refuses_a_pattern_with_keep_out(tmp_path):
    with pytest.raises(RuleError, match=r"\\K"):
        load_pack(_pack(tmp_path, 'trigger = "x "\nmade_of = "[ ]"', pattern=r"x\K  (?=y)"))


def test_follows_refuses_a_rule_whose_example_match_follows_another_character(tmp_path):
    with pytest.raises(RuleError, match="does not follow"):
        load_pack(_pack(tmp_path, 'trigger = "  "\nmade_of = "[ ]"\nfollows = "[a]"', pattern="(?<=x)  (?=y)"))


def _engine_counting(rule, text: str) -> tuple[list, list[int]]:
    """The engine's findings of ``rule`` in ``text`` and the places its
    pattern was tried at (``match``); a scan of the whole text
    (``finditer``) fails the test."""
    tried, real = [], rule.regex

    class Counting:
        def match(self, text, pos, *args, **kw):
            tried.append(pos)
            return real.match(text, pos, *args, **kw)

        def finditer(self, *args, **kw):
            raise AssertionError("scanned")

    rule.compiled[0] = Counting()
    try:
        return _engine(rule, text), tried
    finally:
        rule.compiled[0] = real


@pytest.mark.parametrize("letter, follows", [("a", "[a]"), ("A", r"[\p{Lu}]")])  # a class listed, one asked of regex
def test_a_place_after_a_character_outside_follows_is_passed_over_without_a_regex_call(tmp_path, monkeypatch, letter,
                                                                                         follows):
    monkeypatch.setattr(rulepacks, "_CHARS_PER_RUN", 1)
    path = _pack(tmp_path, f'trigger = "  "\nmade_of = "[ ]"\nfollows = \'{follows}\'', pattern=f"(?<={letter})  +(?=y)",
                 examples=f'{{ text = "{letter}  y", fix = "{letter}x yy" }}, {{ text = "b  y" }}')
    rule = load_pack(path)[0]
    text = f"{letter}  y b  y  {letter}   y 1  y"
    found, tried = _engine_counting(rule, text)
    assert found == _full_scan(rule, text) == [(1, 3, "x y"), (12, 15, "x y")]
    assert tried == [1, 12]  # not after "b", "y" or "1", nor inside a run


def test_substitution_triggers_cover_every_way_to_separate_the_words():
    triggers = substitution_triggers(["из за", "то-есть"])
    assert {"то-есть", "из за", "из\u00a0за", "из  ", "из \u00a0", "из\u00a0\u00a0", "\t", "\u2009"} <= set(triggers)
    assert " " not in triggers and "\u00a0" not in triggers


_DOUBLED = regex.compile(r"(?<![\p{L}\x27’-])(\p{L}{2,})(?:\s+\1)+(?![\p{L}\x27’-])", regex.IGNORECASE)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("thTHeE ſsSKkİıiIß“”—ﬁﬀ£½") + ["\u0301", "\u00a0", "\n", "-", "'", "’", "²", "5", ",", "(",
                                                               "\x0b", "\x1c", "\x85", "_", "\t"]),
               max_size=30))
def test_repeated_word_gate_passes_every_doubled_word(text):
    if _DOUBLED.search(text):
        assert GATES["repeated_word"](text, 0, len(text))


_TWIN_WORDS = ["the", "The", "THE", "tHe", "had", "that", "is", "do", "ﬁne", "fine", "FINE", "İs", "ıs", "IS",
               "cat", "cats", "don't", "it’s", "self-made", "made", "a", "I", "ſelf", "self", "straße", "STRASSE"]
_TWIN_GAPS = [" ", " ", " ", "  ", "\n", "\n\n", "\r\n", "\u00a0", ", ", ". ", "-", "'", "’", "\t", " (", ") ", "“",
              "”", "5", "é", "\u0301", "\x0b"]
_twin = st.tuples(st.sampled_from(_TWIN_WORDS), st.sampled_from(_CASES), st.sampled_from([" ", "  ", "\n", "\u00a0", "\t"]),
                  st.sampled_from(_CASES)).map(lambda t: t[1](t[0]) + t[2] + t[3](t[0]))
twins = st.lists(st.one_of(st.sampled_from(_TWIN_WORDS), st.sampled_from(_TWIN_GAPS), _twin), max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(text=twins)
def test_doubled_words_are_found_in_the_gate_pieces_as_in_the_whole_paragraphs(text):
    rule = next(r for r in load_rules() if r.id == "grammar.en.doubled_word")
    assert _engine(rule, text) == _full_scan(rule, text)


@settings(max_examples=400, deadline=None)
@given(text=twins)
def test_every_doubled_word_lies_in_one_gate_piece(text):
    pieces = GATE_SPANS["repeated_word"](text, 0, len(text))
    if pieces is None:
        return
    for m in _DOUBLED.finditer(text):
        assert any(a <= m.start() and m.end() < b or m.end() == b == len(text) for a, b in pieces), (m, pieces)


def test_repeated_word_gate_says_no_without_neighbouring_twins():
    assert not GATES["repeated_word"]("the cat and the dog", 0, 19)
    assert GATES["repeated_word"]("(The the.", 0, 9)
    assert GATES["repeated_word"]("“The the.”", 0, 10)
    assert not GATES["repeated_word"]("“The cat.”", 0, 10)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ao0о1з3б6ч4l5s8 \n-") + ["\u0301", "²", "Ⅻ", "٣", "_"]), max_size=24))
def test_digit_words_are_those_of_a_scan_of_every_paragraph(text):
    paras = paragraphs(text)
    scanned = [m.span() for p in paras for m in compiled_once(script._DIGIT_WORD).finditer(text, p.start, p.end)]
    assert [m.span() for m in script.digit_words(text, paras)] == scanned


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("аяёАЯЁЈ .-\n") + ["\u0301", "b", "B"]), max_size=20))
def test_inverted_case_gate_passes_every_inverted_case_marker(text):
    if mojibake._INVERTED_CASE.search(text):
        assert mojibake._LOWER_THEN_CAPITAL.search(text)


@pytest.mark.parametrize("codec, lo, hi", [("cp1251", 0x80, 0xBF), ("cp1252", 0xC2, 0xF4), ("koi8-r", 0x80, 0xBF)])
def test_marker_classes_as_ranges_hold_the_same_characters(codec, lo, hi):
    chars = mojibake._chars(codec, lo, hi)
    klass = regex.compile(mojibake._klass(chars))
    probe = "".join(map(chr, range(0x3000)))
    assert set(klass.findall(probe)) == set(chars)


def test_the_letters_folded_unlike_python_are_all_known():
    # Every letter that the regex module matches case-insensitively to one
    # that str.casefold folds otherwise: the gate handles the i's itself and
    # passes any text holding one of the others.
    from regex import _regex

    from cleanup.rulepack import _FOLDS_UNLIKE_PYTHON

    flags = regex.UNICODE | regex.IGNORECASE
    odd = "".join(
        chr(cp) for cp in range(0x110000)
        if not 0xD800 <= cp < 0xE000
        and any(chr(x).casefold() != chr(cp).casefold() for x in _regex.get_all_cases(flags, cp))
    )
    missing = [c for c in odd if c not in "Iiİı" and c not in _FOLDS_UNLIKE_PYTHON]
    assert not missing


def test_characters_folding_to_several_are_all_in_the_basic_plane():
    from cleanup.rulepack import _casefold_aligned, _folds_to_several

    several = [chr(cp) for cp in range(0x110000) if not 0xD800 <= cp < 0xE000 and len(chr(cp).casefold()) != 1]
    assert set(several) == set(_folds_to_several())
    assert _casefold_aligned("Straße ﬁne İ") == "stra\uffffe \uffffne \uffff"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("абвЁAbzé ,.\n1") + ["\u0485", "\u0486", "\u0500", "ӿ", "😀", "\u0301"]),
               max_size=16), st.data())
def test_language_by_script_is_the_count_of_both_scripts(text, data):
    # detect_lang decides most spans without counting Latin letters (an ASCII
    # span has no Cyrillic; a span half Cyrillic cannot be mostly Latin).
    from cleanup.segments import _CYRILLIC, _LATIN, detect_lang

    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    cyr, lat = len(_CYRILLIC.findall(text, start, end)), len(_LATIN.findall(text, start, end))
    expected = None if cyr == lat == 0 else "ru" if cyr >= lat else "en"
    assert detect_lang(text, start, end) == expected


def test_triggers_are_found_across_chunk_edges_and_at_the_end(monkeypatch):
    monkeypatch.setattr(TriggerIndex, "_CHUNK", 8)
    keys = (("ab", False), (" \n", False), ("\n", False), ("кое", True))
    plan = trigger_plan(keys)
    for text in ["", "ab", "ab ", "xxab abab ab", "a" * 7 + "ab" + "c" * 6 + "ab ", "КОЕ кое\nКоЕ", "abcdefgab"]:
        index, hay = TriggerIndex(text, plan), text + "\n"
        for key in keys:
            expected = [i for i in range(len(hay)) if (hay[i:].casefold() if key[1] else hay[i:]).startswith(key[0])]
            assert list(index.starts(key)) == expected, (text, key)


def test_odd_letters_are_seen_in_either_plane():
    from cleanup.rulepack import _has_odd_letters

    assert _has_odd_letters("Straße") and _has_odd_letters("a \U00010d50 b")
    assert not _has_odd_letters("plain text 😀 ﬁne")


def test_the_shipped_packs_pass_the_trigger_check_that_user_packs_get_at_load():
    """Shipped packs skip the check at run time (it costs every start); here it runs."""
    assert len(load_rules(verify=True)) == len(load_rules())


def test_a_user_pack_is_checked_at_load_and_a_shipped_one_is_not(tmp_path, monkeypatch):
    import cleanup.rulepack as rulepack

    checked = []
    monkeypatch.setattr(rulepack, "_check_triggers", lambda where, rule: checked.append(rule.id))
    load_rules()
    assert checked == []
    root = tmp_path / "mine"
    (root / "common").mkdir(parents=True)
    (root / "common" / "style.toml").write_text(
        '[[rule]]\nname = "teh"\nkind = "pattern"\nmessage = "m"\npattern = "teh"\nreplacement = "the"\n'
        'trigger = "teh"\nconfidence = 0.95\nexamples = [{ text = "teh", fix = "the" }, { text = "the" }]\n',
        encoding="utf-8")
    load_rules([root])
    assert checked == ["style.teh"]


_ALL_KEYS = tuple(dict.fromkeys(k for r in load_rules() for k in r.trigger_keys)) + (
    ("Кое", False), ("кОе", True), ("Straße", False), ("ﬁne", False), ("K,", False))


@settings(max_examples=200, deadline=None)
@given(text=pieces | st.sampled_from(["Straße STRASSE straße", "ﬁne ﬁNE fine", "Кое кОе КОЕ кое", "K, k, K,",
                                      "a\u2000b\u3000ﬀ ﬄ\uffff ﬁ\u200a;\n", "\uffffß\u2004\u1680\x85"]))
def test_one_pass_over_the_folded_text_finds_every_key_where_it_is(text):
    # trigger_plan looks for most case-sensitive keys in the case-folded text
    # (one automaton pass, not two) and checks each place against the text;
    # every key must still be found exactly where it occurs (a key with a
    # character folding to several, "Straße", stays in a pass of its own; a
    # single one, "ﬁ", is looked for as the U+FFFF it becomes there).
    from cleanup.rulepack import _casefold_aligned

    plan = trigger_plan(_ALL_KEYS)
    index = TriggerIndex(text, plan)
    hay = text + "\n"
    folded = _casefold_aligned(hay)
    for key in _ALL_KEYS:
        where = folded if key[1] else hay
        expected = [i for i in range(len(hay)) if where.startswith(key[0], i)]
        assert list(index.starts(key)) == expected, key
        assert index.has(key) == bool(expected), key


_GLUED = [r for r in load_rules() if r.gate == "glued_punct"]
_GLUED_PIECES = ["слово", "Слово", "word", "Word", "WORD", "т", "е", "Е", "U", "S", "ß", "İ", "ǅ", "ﬁ", "1", "5", " ", " ",
                 "\n", "\u00a0", "\t", "\u2009", "\x85", ",", ";", ":", ".", "!", "?", "...", "»", "«", "—", "-", "'",
                 "’", "(", ")", "\u0301", "_", "²", "Ⅻ", "\U00010400", "\U00010428"]
glued_texts = st.lists(st.sampled_from(_GLUED_PIECES), max_size=40).map("".join)


@settings(max_examples=500, deadline=None)
@given(text=glued_texts)
def test_glued_punct_rules_find_in_the_gate_pieces_what_a_scan_finds(text):
    assert len(_GLUED) == 2
    for rule in _GLUED:
        assert _engine(rule, text) == _full_scan(rule, text), rule.id


@settings(max_examples=500, deadline=None)
@given(text=glued_texts, cut=st.integers(0, 40), stop=st.integers(0, 40))
def test_glued_punct_gate_passes_every_match_and_its_pieces_hold_it(text, cut, stop):
    start, end = min(cut, len(text)), max(min(stop, len(text)), min(cut, len(text)))
    for rule in _GLUED:
        matches = list(rule.regex.finditer(text, start, end))
        if not matches:
            continue
        assert GATES["glued_punct"](text, start, end), (rule.id, text)
        pieces = GATE_SPANS["glued_punct"](text, start, end)
        assert all(a < b <= c for (_, a), (b, c) in zip(pieces, pieces[1:])), pieces  # in order, apart
        for m in matches:  # the mark the match consumes (before \K) and its look-ahead
            assert any(a <= m.start() - 1 and m.end() + 2 <= b or b == end for a, b in pieces), (m, pieces)


def test_glued_punct_gate_says_no_where_every_mark_has_a_space_or_digit_after_it():
    text = "Да, нет; 1,5 и 12:30. Конец! Да? (так), «вот»."
    assert not GATES["glued_punct"](text, 0, len(text))
    assert GATES["glued_punct"]("у нас.Только", 0, 12)
    assert not GATES["glued_punct"]("у нас.Только", 6, 12)  # the mark is before the span
    assert GATES["glued_punct"]("a,é", 0, 3) and GATES["glued_punct"]("a,»", 0, 3)  # non-ASCII: may be a letter
    assert GATE_SPANS["glued_punct"]("ab,cd ef.gh.ij k", 0, 16) == [(2, 6), (8, 15)]


def test_the_wide_inverted_case_classes_hold_the_exact_ones():
    probe = "".join(map(chr, range(0x3000)))
    exact = regex.compile(r"[А-ЯЁЈ]").findall(probe), regex.compile(r"[а-яё]").findall(probe)
    wide = regex.compile(r"[\u0401-\u042f]").findall(probe), regex.compile(r"[\u0430-\u0451]").findall(probe)
    assert set(exact[0]) <= set(wide[0]) and set(exact[1]) <= set(wide[1])
    assert mojibake._LOWER_THEN_CAPITAL_WIDE.count(r"[\u0401-\u042f]") == 2


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("аяёѐАЯЁЈЀЏ .-\n") + ["\u0301", "b", "B"]), max_size=20))
def test_inverted_case_is_found_as_the_exact_marker_finds_it(text):
    assert mojibake._inverted_case(text) == (mojibake._LOWER_THEN_CAPITAL.search(text) is not None)


def test_a_marker_split_by_its_first_character_matches_where_the_marker_does():
    leads = "".join(chr(c) for c in range(0x400, 0x460)) + "abп"
    follows = "".join(map(chr, range(0x3000)))
    for rule, parts in mojibake._UTF8_MARKER_BY_LEAD.items():
        marker = mojibake._UTF8_MARKERS[rule]
        for lead in leads:
            text = " ".join(lead + f for f in follows)
            want = [m.span() for m in marker.finditer(text)]
            assert sorted(m.span() for p in parts for m in regex.finditer(p, text)) == want, (rule, lead)
            assert want or lead not in "пя"



_PREFIX_TWINS = st.lists(st.sampled_from(["cat", "cats", "a", "an", "the", "then", "The", " ", " ", "  ", "\n", ", ",
                                          "“", "é", "-", "\t", "\x0b", "\x1c"]), max_size=12).map("".join)


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(twins, _PREFIX_TWINS))
@example(text="the cat cats the the the")
def test_twins_of_ascii_text_are_found_in_bytes_as_word_by_word(text):
    from cleanup import rulepack

    for start, end in [(0, len(text))] + [(i, len(text)) for i in range(1, len(text))] + [(0, i) for i in range(len(text))]:
        segment = rulepack._typography_as_spaces(text[start:end])
        if not segment.isascii():
            continue
        pairs = [(start + a, start + b) for a, b in rulepack._ascii_twin_pairs(rulepack._ascii_letter_runs(segment))]
        assert pairs == rulepack._twin_pairs(text, start, end), (start, end)


def _ru_pack(tmp_path, extra: str, pattern: str, examples: str):
    (tmp_path / "ru").mkdir()
    path = tmp_path / "ru" / "boundary.toml"
    path.write_text(
        f'[[rule]]\nname = "r"\nkind = "pattern"\nmessage = "m"\npattern = \'{pattern}\'\nreplacement = "\\\\1-\\\\2"\n'
        f'confidence = 0.9\n{extra}\nexamples = [{examples}]\n', encoding="utf-8")
    return path


_TAKI = r"(?<![\p{L}-])(все|довольно)[ ](таки)(?![\p{L}-])"
_TAKI_EXAMPLES = '{ text = "Он довольно таки прав.", fix = "Он довольно-таки прав." }, { text = "Все-таки." }'


@pytest.mark.parametrize("extra, message", [
    ('trigger = "таки"\nstarts_within = 3', "starts more than 3 characters before"),
    ('trigger = "таки"\nstarts_within = -1', "'starts_within' must be a whole number"),
    ('trigger = "таки"\nstarts_within = true', "'starts_within' must be a whole number"),
    ('starts_within = 9', "needs a 'trigger'"),
    ('trigger = "таки"\nstarts_within = 9\nmade_of = "[а-я ]"', "'starts_within' with 'made_of'"),
    ('trigger = "таки"\nstarts_within = 9\nfollows = "[а]"', "does not follow"),
])
def test_a_wrong_starts_within_is_refused_with_a_message(tmp_path, extra, message):
    with pytest.raises(RuleError, match=message):
        load_pack(_ru_pack(tmp_path, extra, _TAKI, _TAKI_EXAMPLES))


def test_starts_within_needs_a_language(tmp_path):
    with pytest.raises(RuleError, match="and a language"):
        load_pack(_pack(tmp_path, 'trigger = "  "\nstarts_within = 1'))


@pytest.mark.parametrize("follows", [None, r"[^\p{L}-]"])
def test_a_rule_with_starts_within_is_tried_only_near_its_triggers(tmp_path, follows):
    extra = 'trigger = "таки"\nstarts_within = 9' + ("" if follows is None else f"\nfollows = '{follows}'")
    rule = load_pack(_ru_pack(tmp_path, extra, _TAKI, _TAKI_EXAMPLES))[0]
    text = ("Слово " * 40 + "все таки, и довольно таки хорошо.\n\n" + "Слово " * 40 + "\n\nВсе таки.")
    found, tried = _engine_counting(rule, text)
    assert found == _full_scan(rule, text) == [(240, 248, "все-таки"), (252, 265, "довольно-таки")]
    hits = [m.start() for m in regex.finditer("таки", text)]
    assert all(any(h - 9 <= pos <= h + 4 for h in hits) for pos in tried)
    if follows is not None:  # only after a space, a comma or a line break, not within words
        assert tried == [240, 252, 515, 517, 521]


def test_a_place_a_match_near_an_earlier_trigger_covers_is_not_tried_again(tmp_path):
    # A scan goes on from a match's end: a place of a later trigger's window
    # inside that match is no match's start, though the pattern matches there.
    pattern = r"(?<![\p{L}-])(ну)[ ](таки)(?:[ ]\p{L}+)*"
    path = _ru_pack(tmp_path, 'trigger = "таки"\nstarts_within = 3\nfollows = \'[^\\p{L}-]\'', pattern,
                    '{ text = "ну таки", fix = "ну-таки" }, { text = "ну-таки" }')
    rule = load_pack(path)[0]
    text = "ну таки раз ну таки."  # (two hits: within the engine's budget for one paragraph)
    assert _engine(rule, text) == _full_scan(rule, text) == [(0, 19, "ну-таки")]
