"""The quick paths of the name and parallel code give the answers of the plain ones.

Speed work replaced per-character and per-token Python with table look-ups
and single regex passes; each is checked here against the straightforward
definition it replaces (iuliia itself, ``segments.words``, ``str.isalnum``).
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cleanup.parallel import names
from cleanup.parallel.anchors import anchors
from cleanup.parallel.compare import NAME_LINK, _similar, _similar_if_linkable
from cleanup.parallel.editions import alnum_count, is_heading
from cleanup.segments import words

RUSSIAN = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"


def _capitalised_by_words(text: str) -> list[tuple[int, int, str]]:
    return [(t.start, t.end, t.text) for t in words(text) if t.text[:1].isupper() and len(t.text) >= 2]


def test_capitalised_words_are_the_capitalised_tokens():
    text = ("Сталин и СТАЛИН’s. foUowed by Uy; McDonald’s, Нью-Йорк, O'Brien, a-B c--D "
            "’Hello’ \u0301Ab é É Ǆx and I, Я. x’Y")
    assert list(names.capitalised_words(text)) == _capitalised_by_words(text)


def test_capitalised_words_of_a_slice_ignore_what_is_before_it():
    text = "abcDef Ghi"
    assert list(names.capitalised_words(text, 3, len(text))) == [(3, 6, "Def"), (7, 10, "Ghi")]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aBcDЖжЁё-'’ .\u0301Ǆǅ1", max_size=30))
def test_capitalised_words_property(text):
    assert list(names.capitalised_words(text)) == _capitalised_by_words(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aBcDЖжЁё-'’ .\u0301Ǆǅ1ßİ", max_size=30), st.data())
def test_capitalised_words_from_remembered_tokens(text, data):
    # When a detector has already tokenised the span, the capitalised words
    # are picked from its tokens: the same as the patterns find.
    from cleanup.segments import remembered_sequence, word_texts

    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    text = "".join(text)  # a new string: no earlier document's memo
    word_texts(text, start, end)
    assert remembered_sequence(text, start, end) is not None
    via_tokens = list(names.capitalised_words(text, start, end))
    plainly = [(t.start, t.end, t.text) for t in words(text, start, end) if t.text[:1].isupper() and len(t.text) >= 2]
    assert via_tokens == plainly == list(names._capitalised_in(text[start:end], start))


def test_russian_keys_equal_iuliia_on_words_with_context_rules():
    # е after a vowel (ye), ий/ый endings, ъ/ь before a vowel, тс, шч, ц before е,
    # ё, щ, х: each schema's context rules and divergent letters.
    for word in ("Нуруллаев", "Достоевский", "Красный", "Ильин", "Объект", "Мытищи",
                 "Тсарь", "Шчука", "Цыганов", "Ёлкин", "Хрущёв", "ЧЕШМЕ", "Чешме", "Еремеев",
                 "Подъезд", "Соловьёв", "сталина", "МакДональд", "Нью-Йорк"):
        assert names._fast_keys(word) in (None, names._slow_keys(word)), word
        assert names.ru_keys(word) == names._slow_keys(word), word


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=RUSSIAN, min_size=1, max_size=10), st.sampled_from(["lower", "upper", "title"]))
def test_russian_keys_property(word, case):
    word = getattr(word, case)() if case != "title" else word.capitalize()
    assert names._fast_keys(word) == names._slow_keys(word)


def _rule_pattern(prev, next_, endings=()):
    """The pattern the schemas' rule finders once were: a letter pair of a
    prev or next rule anywhere, a one-letter prev rule's letter first, a
    one-letter next rule's letter or an ending last."""
    import re

    alternatives = [re.escape(k) for k in (*prev, *next_) if len(k) == 2]
    alternatives += [rf"\A{re.escape(k)}" for k in prev if len(k) == 1]
    alternatives += [rf"{re.escape(k)}\Z" for k in (*(k for k in next_ if len(k) == 1), *endings)]
    return re.compile("|".join(alternatives)) if alternatives else None


def test_rule_finders_find_what_the_rule_patterns_find():
    # Every word of one to three Russian letters (every pair, first and
    # last letter), in each schema and in the finder of any schema's rule.
    import itertools

    schemas, any_rule = names._fast_schemas()[:2]
    finders = [(s.context, _rule_pattern(s.prev, s.next)) for s in schemas]
    finders.append((any_rule, _rule_pattern([k for s in schemas for k in s.prev],
                                            [k for s in schemas for k in s.next],
                                            [k for s in schemas for k in s.endings])))
    assert any(pattern is None for _, pattern in finders)  # a schema without context rules is covered
    words = ["".join(p) for n in (1, 2, 3) for p in itertools.product(RUSSIAN, repeat=n)]
    for finder, pattern in finders:
        found = [w for w in words if finder.search(w)]
        assert found == ([] if pattern is None else [w for w in words if pattern.search(w)])
    assert any_rule.search("красный") and any_rule.search("еда") and not any_rule.search("сталин")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.text(alphabet=RUSSIAN, max_size=7), st.sampled_from(["lower", "upper", "title"])),
                min_size=2, max_size=3))
def test_hyphenated_russian_keys_equal_iuliia(parts):
    # Кто-то, Санто-Доминго, Лебедева-Кумача: each part a word of its own.
    word = "-".join(part.capitalize() if case == "title" else getattr(part, case)() for part, case in parts)
    assert names._fast_keys(word) == names._slow_keys(word)
    for known in ("Кто-то", "Санто-Доминго", "Лебедева-Кумача", "Аль-Ая", "Сан-ую", "ИВАНОВ-Петров"):
        assert names._fast_keys(known) == names._slow_keys(known)
    assert names._fast_keys("МакДональд-Ли") is None  # a part of irregular case
    assert names._fast_keys("Нью-York") is None


def test_mixed_case_words_take_iuliia_itself():
    assert names._fast_keys("МакДональд") is None
    assert names.ru_keys("МакДональд") == names._slow_keys("МакДональд")


def test_iuliia_maps_cyrillic_letters_only():
    """What lets a word without Cyrillic letters skip iuliia."""
    for schema in names._schemas():
        schema.translate("а")
        tables = schema._schema
        for table in (tables.map, tables.prev_map, tables.next_map, tables.ending_map):
            assert all(names._CYRILLIC_BLOCK.fullmatch(c) for key in table for c in key)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcXIVxhHsS-'’ 1.Éé\u0301", min_size=1, max_size=14))
def test_russian_keys_of_words_without_cyrillic_letters_are_iuliia_s(word):
    assert names.ru_keys(word) == names._slow_keys(word)
    for known in ("Facebook", "XII", "DreamWorks", "O'Brien"):
        assert names.ru_keys(known) == names._slow_keys(known)


def test_key_lengths():
    assert names.key_lengths("Сталин") == frozenset(len(k) for k in names.ru_keys("Сталин"))


def test_alnum_count_counts_what_isalnum_does():
    for text in ("", "abc 123", "Привет, мир! Ёж — «ёлка» № 5", "Češme, naïve, ½ ² ٣ 中文",
                 "\u00a0\u2009…", "Ǆ\u0301"):
        assert alnum_count(text) == sum(1 for c in text if c.isalnum()), text


def test_is_heading():
    assert is_heading("ПАРТИИ В ИЗМИРЕ", 0, 15)
    assert not is_heading("Партии в Измире", 0, 15)
    assert not is_heading("123 456", 0, 7)  # no letters
    long_caps = "А" * 121
    assert not is_heading(long_caps, 0, len(long_caps))
    assert is_heading("x ABC", 2, 5)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["Stalin", "Nurullayev", "Cheshme", "Gagarim", "Korolev", "Tchaikovsky", "Xiaoping",
                        "EKI", "MARX", "Sun"]),
       st.sampled_from(["Сталин", "Нуруллаев", "Чешме", "Гагарин", "Королёв", "Чайковский", "Сяопин",
                        "ЕКИ", "МАРКСОМ", "Солнце", "СТАЛТНУ"]))
def test_pairs_left_out_are_below_the_link_threshold(en, ru):
    s = _similar_if_linkable(en, "en", ru)
    exact = _similar(en, "en", ru)
    if s is None:
        assert exact < NAME_LINK
    else:
        assert s == exact
    assert _similar_if_linkable(ru, "ru", en) == s


def test_anchor_gates_keep_broken_numbers():
    text = "в 2O18 году, l917 и 19l7; Х!Х век; 1,000 и 3,5%"
    values = sorted(a.value for a in anchors(text, 0, len(text), "ru"))
    assert 2018 in values and 1917 in values and 19 in values and 1000 in values and 3.5 in values
    assert anchors("Никаких чисел здесь нет.", 0, 24, "ru") == []


def test_variant_index_scan_and_deletion_table_agree(monkeypatch):
    # Many stems of one shape and length: the one-deletion table; few: a scan.
    counts = {f"Name{chr(ord('a') + i)}{chr(ord('a') + j)}x": 2 for i in range(6) for j in range(7)}
    counts.update({"Stalin": 3, "Stalim": 1, "Nameabx": 5, "Namebax": 1})
    known = lambda word, lang: False  # noqa: E731 — every word unknown
    results = {}
    for scan_max in (0, 1000):
        monkeypatch.setattr(names.VariantIndex, "SCAN_MAX", scan_max)
        index = names.VariantIndex(counts, None)
        results[scan_max] = [index.near_variant(w, known) for w in ("Stalim", "Namebax", "Nameaax", "Zzzzzz")]
    assert results[0] == results[1000]
    assert results[0][0] == ("Stalin", "Stalin", 3)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="aBcDЖжЁёЯя-'’ .,«»—1\u00a0", max_size=30))
def test_capitalised_words_of_plain_text_property(text):
    # Plain text (ASCII, Russian letters, common punctuation) takes the quick pattern.
    assert not names._NOT_PLAIN.search(text)
    assert list(names.capitalised_words(text)) == _capitalised_by_words(text)


def test_base_forms_are_base_form_of_each_word():
    words = ["STALIN’s", "Stalin's", "STALIN", "Jones’S", "s", "'s", "Сталин’s", "It’s"]
    # Both apostrophes, one of them, and neither (base_forms scans for each first).
    for group in (words, words[1:2] + words[2:], words[:1] + words[2:4], words[2:3] + words[4:5]):
        for lang in ("en", "ru", None):
            assert names.base_forms(group, lang) == {w: names.base_form(w, lang) for w in group}


_NUMERAL_PIECES = st.sampled_from(
    list("0123456789OoОоlI|ЗзIVXLCDMХІСМӀ!1.,-–— \u00a0\n\r%аzЯ٣") + ["век", "ВЕК", "вв.", "в.", "century", "C.", "c."])


@settings(max_examples=1000, deadline=None)
@given(st.lists(_NUMERAL_PIECES, max_size=16).map("".join), st.integers(0, 20), st.integers(0, 20))
def test_one_pattern_for_distinctive_numbers_is_the_three(text, start, length):
    """``may_read_100_or_fraction`` (one pattern, on the span cut out) says
    what the three patterns it replaced say, on any span of the text."""
    from cleanup.parallel.anchors import _may_read_100_or_fraction_plainly, may_read_100_or_fraction

    start = min(start, len(text))
    end = min(len(text), start + length)
    assert may_read_100_or_fraction(text, start, end) == _may_read_100_or_fraction_plainly(text, start, end)


_ASCII_NUMERAL_PIECES = st.sampled_from(
    list("0123456789OolI|IVXLCDM!1.,- \t\x1c\x1f\n\r%az") + ["century", "C.", "c.", "Centur"])


@settings(max_examples=1000, deadline=None)
@given(st.lists(_ASCII_NUMERAL_PIECES, max_size=16).map("".join), st.integers(0, 20), st.integers(0, 20))
def test_ascii_pattern_for_distinctive_numbers_is_the_three(text, start, length):
    """On ASCII text (its own pattern, 0–9 for \\d) too."""
    from cleanup.parallel.anchors import _may_read_100_or_fraction_plainly, may_read_100_or_fraction

    start = min(start, len(text))
    end = min(len(text), start + length)
    assert text[start:end].isascii()
    assert may_read_100_or_fraction(text, start, end) == _may_read_100_or_fraction_plainly(text, start, end)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="aBcDxYZ-'’ .,1\n", max_size=40))
def test_capitalised_words_of_ascii_and_plain_text(text):
    """The ASCII pattern (and the plain one, where ’ makes the text non-ASCII)
    against the tokens of ``segments.words``."""
    assert list(names.capitalised_words(text)) == _capitalised_by_words(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="AbSsЯя'’- x", min_size=1, max_size=8), unique=True),
       st.sampled_from(["en", "ru", None]))
def test_base_forms_are_the_possessive_pattern_applied_to_each_word(words_, lang):
    # base_forms leaves a word without an apostrophe as it is, unasked:
    # compared with the pattern itself, on every word.
    want = {w: names._POSSESSIVE.sub("", w) if lang == "en" else w for w in words_}
    got = names.base_forms(words_, lang)
    assert got == want and list(got) == list(want)
    assert all(names.base_form(w, lang) == want[w] for w in words_)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=RUSSIAN + RUSSIAN.upper() + "-xZ", max_size=9))
def test_shortest_ru_stem_is_the_shortest_of_the_stems(word):
    assert names.shortest_ru_stem(word) == min(names.ru_stems(word), key=len)


def test_memo_each_answers_as_its_look_up_and_keeps_the_answers():
    calls = []

    def twice(x):
        calls.append(x)
        return 2 * x

    memo = names.Memo(twice, maxsize=5)
    memo[1]
    assert list(memo.each([1, 2, 3, 2])) == [2, 4, 6, 4]
    assert sorted(set(calls)) == [1, 2, 3] and calls.count(1) == 1  # 1 was known
    assert list(memo.each({3, 4})) == [twice(k) for k in {3, 4}]
    # Past maxsize the memo is emptied first, as its look-up empties it.
    assert list(memo.each([7, 8, 9])) == [14, 16, 18] and len(memo) <= 5
    # A batch twin answers the new keys only, in their order.
    assert list(memo.each([9, 10, 11], lambda new: [-k for k in new])) == [18, -10, -11]
