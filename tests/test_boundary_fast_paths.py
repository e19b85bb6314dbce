"""The word-boundary detectors' shortcuts must give the answers of the slow
paths they stand in for: the shortcuts decide what is never judged."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleanup import lexicon
from cleanup.detectors import boundary, boundaryforms
from cleanup.detectors.boundary import (
    RU_PREPOSITION_CASES,
    chtoby,
    governed_by,
    hyphen_ru,
    judge_en,
    judge_ru,
    known_test,
    may_join,
    one_letter_away,
    parses,
    tags,
)
from cleanup.detectors.wordscan import scan
from cleanup.options import Options
from cleanup.pipeline import check_text
from cleanup.segments import WORD, paragraphs, words

SAMPLE = (Path(__file__).resolve().parent.parent / "samples" / "imcwp23-speech.txt").read_text(encoding="utf-8")

# Sentences that reach every branch of the judges, with and without the
# context (neighbours, a contrast, a question) that vetoes a join.
SENTENCES = """\
В основном все не дуги и отрицательные дела. Находясь у власти ни кто не застрахован.
К стати, этот конфликт стал камнем. Не смотря на это, никто не спешил.
Люди по тихонько возвращаются домой. Наши коммунисты не устанно ведут работу.
Управлять такой много национальной страной. У нас много национальной валюты.
Коротко у местно отметить, что это так. Я пришёл из вне. Он встретил таки её.
Слово по нашему – источник! По нашему мнению, это так. Он говорит по русски.
Что бы написать роман, он ездил. Что бы почитать? Что бы он ни говорил.
Это вовсе не плохо. Это не просто дом, а дворец. Разве не видно, что происходит?
Он понял с полу слова. Книга лежит на полу слева. Я ждал пол часа. Это пол кухни.
Мы встретились с очень давним другом. А с ну и ладно. Во время войны мы были в начале пути.
We saw t he man. In a certain man ner of speaking. The W estern road. I do it some times.
"""


def _pairs(text: str):
    """Every pair of adjacent words of ``text`` with the context the detector reads."""
    for para in paragraphs(text):
        toks = list(words(text, para.start, para.end))
        for i in range(len(toks) - 1):
            a, b = toks[i], toks[i + 1]
            before = toks[i - 1].text if i > 0 else None
            after = toks[i + 2].text if i + 2 < len(toks) else None
            yield para.lang, a.text, b.text, before, after, text[b.end:b.end + 80]


def _full_judgement(lang, a, b, before, after, rest):
    if lang == "en":
        return judge_en(a, b)
    return chtoby(a, b, rest) or hyphen_ru(a, b, after) or judge_ru(a, b, before, after, rest)


def test_may_join_never_says_no_to_a_pair_the_judges_would_join():
    checked = joined = 0
    for lang, a, b, before, after, rest in _pairs(SENTENCES + SAMPLE):
        if lang not in ("ru", "en") or "-" in a + b or "'" in a + b or "’" in a + b:
            continue
        if not boundary._case_ok(a, b) or boundary._stray_capital(a, b):
            continue
        full = _full_judgement(lang, a, b, before, after, rest)
        verdict = may_join(lang, a, b)
        checked += 1
        if full is not None:
            joined += 1
            assert verdict is not False, (a, b, full)
            if lang == "en":
                assert verdict == full  # English reads no context: the verdict is the join
    assert checked > 1000 and joined >= 20


def test_known_test_answers_as_the_lexicon():
    forms = {w.lower() for w in WORD.findall(SAMPLE + SENTENCES) if "-" not in w and "'" not in w and "’" not in w}
    probes = set(forms)
    for word in ("сначало", "неустанно", "ёлка", "елка", "manner", "tothe"):
        probes.update(one_letter_away.__wrapped__(word, "ru" if word[0] > "z" else "en", 0))
        probes.update(word[:i] + word[i + 1:] for i in range(len(word)))
    for lang in ("ru", "en"):
        known = known_test(lang)
        for w in probes:
            assert known(w) == lexicon.is_known(w, lang), (w, lang)


def test_one_letter_away_finds_the_typo_reading():
    assert "сначала" in one_letter_away("сначало", "ru", 0)
    assert "потихоньку" in one_letter_away("потихонько", "ru", 4)
    assert all(w.startswith("потих") for w in one_letter_away("потихонько", "ru", 5))


def test_tags_are_the_tags_of_the_parses():
    for w in {w.lower() for w in WORD.findall(SAMPLE + SENTENCES)}:
        assert set(tags(w)) == {p.tag for p in parses(w)}, w


def test_pos_set_read_from_the_dictionary_is_that_of_the_tags():
    """pos_set and the noun-phrase cases of a dictionary word come from its
    tag ids; they must be what the tags (every analyser's) say."""
    from cleanup.detectors.boundary import _form_facts, _tag_facts, pos_set

    from cleanup.detectors.boundaryforms import fast_tags_ok

    assert fast_tags_ok()
    forms = {w for w in WORD.findall(SAMPLE + SENTENCES)} | {
        "кафе", "метро", "ну", "Дом", "ДОМ", "еж", "ёж", "все", "всё", "кто-то", "по-русски", "хыщбр", "t", "the",
        "А", "а", "Б", "б", "Ё", "x", "ёлка", "елка", "по-нашему"}
    for w in forms:
        facts = tuple(_tag_facts(t) for t in tags(w))
        assert _form_facts(w.lower()) == facts, w
        assert pos_set(w) == frozenset(f[0] for f in facts), w


def _summary_by_tags(word: str) -> tuple:
    """What the table of common forms must hold for ``word``: the summary of
    the facts of its tags, every analyser's (the slow path)."""
    from cleanup.detectors.boundaryforms import summary_of

    return summary_of(tuple(boundary._tag_facts(t) for t in tags(word)))


TABLE_FORMS = sorted({w.lower() for w in WORD.findall(SAMPLE + SENTENCES)} | {
    "кафе", "метро", "ну", "еж", "ёж", "елка", "ёлка", "все", "всё", "кто-то", "по-русски", "хыщбр", "the", "а", "б",
    "него", "их", "пять", "который", "сделанный", "сделан", "домой", "нельзя", "вне", "местно", "стати"})


def test_a_table_of_forms_holds_their_worked_out_summaries(tmp_path):
    """The table built from a list holds every dictionary form of it, each
    with the summary the detector would work out; no other form."""
    from cleanup.detectors import boundaryforms

    table = boundaryforms.Table(boundaryforms.build(tmp_path / "boundaryforms-test", TABLE_FORMS))
    held = [w for w in TABLE_FORMS if table.get(w) is not None]
    assert len(held) > 250
    for w in TABLE_FORMS:
        if boundaryforms.dictionary_summary(w) is None:
            assert table.get(w) is None, w
        else:
            assert table.get(w) == _summary_by_tags(w), w


def test_the_table_is_keyed_on_the_code_that_decides_a_summary_and_not_on_the_detector():
    """The table's key digests the modules its summaries come from: the
    summary code lives in one of them (so a change of it builds a new
    table), and the detector's own module is not one (so editing the
    detector keeps the table, which costs each user seconds to build)."""
    import inspect

    from cleanup.detectors import boundaryforms

    root = Path(boundaryforms.__file__).parent.parent
    sources = {(root / s).resolve() for s in boundaryforms._SOURCES}
    for decides in (boundaryforms.summary_of, boundaryforms.dictionary_summary, boundaryforms.dictionary_facts,
                    boundaryforms.fast_tags_ok):
        assert Path(inspect.getsourcefile(inspect.unwrap(decides))).resolve() in sources, decides
    assert Path(boundary.__file__).resolve() not in sources
    # (What the detector asks of the table is what the table's code says.)
    assert boundary.summary_of is boundaryforms.summary_of
    assert boundary.dictionary_facts is boundaryforms.dictionary_facts


def test_the_cached_table_of_common_forms_answers_as_the_tags():
    from cleanup.detectors import boundaryforms

    table = boundaryforms.table()
    assert table is not None
    held = [w for w in TABLE_FORMS if table.get(w) is not None]
    assert len(held) > 200
    for w in held:
        assert table.get(w) == _summary_by_tags(w), w
    # (And the detector reads it: a form it holds is answered from it.)
    boundary._summary.cache_clear()
    assert boundary._summary(held[0]) is table.get(held[0])


def test_governed_by_reads_the_tags_as_before():
    def by_tags(preposition, word):
        cases = RU_PREPOSITION_CASES.get(preposition)
        if cases is None:
            return True
        for tag in tags(word):
            if tag.POS in boundaryforms.GOVERNABLE and (tag.case in cases or tag.case is None):
                return True
            if "Fixd" in tag and tag.POS in boundaryforms.GOVERNABLE:
                return True
        return False

    forms = {w.lower() for w in WORD.findall(SAMPLE + SENTENCES) if w[0] >= "а"} | {"кафе", "метро", "ну"}
    for preposition in ("в", "к", "из", "с", "по", "о", "через", "и"):
        for w in forms:
            assert governed_by(preposition, w) == by_tags(preposition, w), (preposition, w)


def test_scan_is_segments_words_kept_per_document():
    text = "Один два, три.\n\nFour five six."
    tokens, forms = scan(text, 0, 14)
    assert tuple(tokens) == tuple(words(text, 0, 14)) and forms == ["Один", "два", "три"]
    assert scan(text, 0, 14)[1] is forms  # the same document: kept
    other = "".join(["Один два, три.", "\n\nFour five six."])
    assert other is not text and scan(other, 0, 14)[1] is not forms


@pytest.mark.parametrize("text", [SENTENCES, SAMPLE])
def test_run_together_finds_the_same_without_the_split_word_detector(text):
    """The run-together detector skips forms the split-word detector found
    whole; alone (or first), it must find the same."""
    from cleanup.detectors import runtogether

    def fresh():
        for cache in (*boundary._FORM_FLAGS.values(), *runtogether._SPLITTABLE.values()):
            cache.clear()

    fresh()
    alone = Options(select=("boundary.ru.run_together", "boundary.en.run_together"))
    first = [(f.start, f.end, f.best.text) for f in check_text(text, alone)]
    fresh()
    after_split = [(f.start, f.end, f.best.text) for f in check_text(text, Options(select=("boundary",)))
                   if f.rule.endswith("run_together")]
    assert first == after_split


def test_one_letter_away_prunes_no_known_word():
    """The Russian search skips edits after a beginning no word has, and
    lists the few words that share a long beginning: it must find exactly
    what testing every edit finds (е/ё included)."""
    from cleanup.detectors.boundary import _edits

    known = known_test("ru")
    words = sorted({w.lower() for w in WORD.findall(SAMPLE + SENTENCES) if w.isalpha() and "а" <= w.lower()[0] <= "я"})
    words = words[::7] + ["сначало", "потихонько", "елка", "ёлка", "елочка", "еще", "ещё", "всеравно", "е", "ее"]
    for word in words:
        for keep in (0, 2, 5):
            brute = sorted(x for x in _edits(word, "ru", keep) - {word} if known(x))
            assert one_letter_away.__wrapped__(word, "ru", keep) == brute, (word, keep)


@settings(max_examples=200, deadline=None)
@given(st.sets(st.sampled_from(
    "в В во на НА по ПО не НЕ ни что таки Таки полу пол и а к я у s a I i x t he man ner re ceived устанно "
    "дуги Дуги недуги the The THE ктобы вобщем Hello hello wor-ld don't х Х ё Ёлка word’s Сталин STALIN "
    "ёж еж W ш Ш".split()), max_size=25), st.sampled_from(["ru", "en"]))
def test_flags_of_new_forms_are_the_form_flags(words, lang):
    """The C-level passes of ``_flags_of_new`` give each word the flags of ``_form_flags``."""
    assert boundary._flags_of_new(set(words), lang) == {w: boundary._form_flags(w, lang) for w in words}


def test_flags_of_new_forms_are_the_form_flags_where_the_spelling_detector_judged_them():
    """Where the spelling detector (which runs first) has found words known,
    ``_flags_of_new`` takes its word for it: the flags stay ``_form_flags``'s,
    and what it vouches for the lexicon knows."""
    from cleanup.detectors import spelling

    damaged = "устанно дуги недуги Дуги ДУГИ t he re ceived recieved teh Сталин STALIN СТАЛТНУ вобщем ёж еж"
    text = SAMPLE + SENTENCES + "\n\n" + damaged + "\n\n" + damaged.upper() + "\n"
    check_text(text, Options(select=("spelling",)))
    forms = sorted(set(WORD.findall(text)))
    vouched = [w for w, known in zip(forms, spelling.known_words(forms)) if known]
    assert len(vouched) > len(forms) // 2  # (most forms: else nothing is shared)
    for word in vouched:
        assert lexicon.is_known(spelling._lowered(word), spelling._lang_of(word))
    for lang in ("ru", "en"):
        assert boundary._flags_of_new(set(forms), lang) == {w: boundary._form_flags(w, lang) for w in forms}


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(
    "сначало потихонько вобщем ктобы помоему неверилось елка ёлка еще всеравно дуги недуги стол столл сто "
    "коечто кто-то alot tothe ofthe dont cant teh recieved adress bycycle anone againe onely soone".split()),
    st.sampled_from([0.5, 0.99, 1.0, 1.5, 2.5, 3.0, 4.5, 6.0]),
    st.sampled_from([None, 0, 1, -1]))
def test_frequent_one_letter_away_keeps_every_frequent_word(word, floor, change):
    """The spelling index's search stands in for one_letter_away only above
    its vocabulary's floor: it must find every word one_letter_away finds
    that is at least that frequent, and no word one_letter_away does not."""
    from cleanup.detectors.runtogether import frequent_one_letter_away

    if change is not None:  # a one-letter edit of the word: often a real word
        i = min(len(word) - 1, abs(change) * (len(word) // 2))
        word = word[:i] + word[i + 1:] if change < 0 else word[:i] + word[i] + word[i:]
    lang = "ru" if "а" <= word[0] <= "я" or word[0] == "ё" else "en"
    slow = one_letter_away.__wrapped__(word, lang, 0)
    fast = frequent_one_letter_away(word, lang, floor)
    assert set(fast) <= set(slow)
    assert [w for w in fast if lexicon.zipf(w, lang) >= floor] == [w for w in slow if lexicon.zipf(w, lang) >= floor]



def test_shared_tag_facts_are_the_boundary_facts_of_every_tag():
    """The grammar gate's facts by tag id carry what the boundary detectors
    read of a tag: the same as boundary._tag_facts for every tag of the
    dictionary."""
    from cleanup.grammar import scan

    gramtab = lexicon.morph().dictionary.gramtab
    for tag_id, tag in enumerate(gramtab):
        assert scan._TagFacts(tag_id, tag).boundary == boundary._tag_facts(tag), str(tag)


_PIECES = ("профессиональная карьера скачать программу железо бетон ком движение все равно сто стол "
           "лица лицо иначе по моему мнению большой дом книга книги ё е а-то кто-то х ъ").split()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=4))
def test_content_split_points_keep_every_left_part_that_may_pass(pieces):
    """_content_split tries only the split points _split_points gives: every
    point whose left part _part_ok passes must be among them, in order."""
    from cleanup.detectors.runtogether import _part_ok, _split_points

    lower = "".join(pieces)
    points = _split_points(lower)
    assert points == sorted(points) and set(points) <= set(range(4, len(lower) - 3))
    for i in range(4, len(lower) - 3):
        if _part_ok(lower[:i], "ru"):
            assert i in points, (lower, i)


def _may_join_reference(lang, a, b):
    """may_join as it was before its English shortcut (regex fullmatch for the
    one-alphabet test, the Russian exemptions asked of every language)."""
    al, bl = a.lower(), b.lower()
    if al not in boundary.RU_PREPOSITIONS and al != "по" and bl != "таки" and not (al == "что" and bl == "бы"):
        joined = a + b
        plain = boundary._ALL_CYRILLIC if lang == "ru" else boundary._ALL_LATIN
        joined = joined.lower() if plain.fullmatch(joined) else boundary._joined_case(a, b).lower()
        if not known_test(lang)(joined):
            return False
    if not boundary._case_ok(a, b) or boundary._stray_capital(a, b):
        return False
    if lang == "en":
        return judge_en(a, b) or False
    if al == "что" and bl == "бы":
        return True
    return (hyphen_ru(a, b, None) or judge_ru(a, b, None, None, "")) is not None


_PAIR_WORDS = (
    "t he T HE man ner re ceived some times W estern The the a I i x s don't don t o'clock Straße STRASSE "
    "naïve na ive café caf e В в не дуги Не ни кто что бы по нашему к стати у местно из вне пол часа "
    "таки встретил вa в2 x2 ﬁne ﬁ ne".split()
)


def test_may_join_answers_as_before_its_english_shortcut():
    """The ASCII test (isascii and isalpha) stands in for the Latin regex, and
    an ASCII pair holds no Russian function word: the verdict is unchanged
    (every pair of the words, both languages)."""
    for lang in ("ru", "en"):
        for a in _PAIR_WORDS:
            for b in _PAIR_WORDS:
                assert may_join(lang, a, b) == _may_join_reference(lang, a, b), (lang, a, b)


def test_pairs_ruled_out_together_are_those_may_join_says_no_to():
    """``_rule_out_joins`` records "never one word" only for pairs that
    may_join says False to, and for most of those its first test refuses;
    every other pair it is given stays not ruled out (as the pass over the
    pairs recorded it, so that none is given again) and is given back
    (every pair of the words, both languages, as a paragraph's flags give
    them)."""
    words = _PAIR_WORDS + (
        "устанно недуги ктобы хыщбр еж ёж Ёлка елка тихонько потихонько ну "
        # prepositions and the words after them: governed or not, short, an adverb of degree, a particle
        "в В во с со до на за о об из ко через доме дом сера веселились очень нельзя слишком местно "
        "стати место месте сто ним него кафе Москве ДОМЕ Дом ведь ли"
    ).split()
    for lang in ("ru", "en"):
        forms = [w for a in words for b in words for w in (a, b)]
        flags = boundary.flags_of(forms, lang)
        firsts = range(0, len(forms), 2)
        table: dict = {}
        for k in firsts:
            table.setdefault(forms[k], {})[forms[k + 1]] = boundary._NOT_RULED_OUT
        kept = boundary._rule_out_joins(lang, forms, list(firsts), flags, table)
        verdicts = {(a, b): verdict for a, row in table.items() for b, verdict in row.items()}
        assert set(verdicts) == {(forms[k], forms[k + 1]) for k in firsts}
        assert set(verdicts.values()) == {False, boundary._NOT_RULED_OUT}
        assert kept == [k for k in firsts if verdicts[forms[k], forms[k + 1]] is boundary._NOT_RULED_OUT]
        never = [pair for pair, verdict in verdicts.items() if verdict is False]
        assert len(never) > 500, lang
        for a, b in never:
            assert may_join(lang, a, b) is False, (lang, a, b)
        if lang == "ru":
            # The pairs of a preposition and a word it governs are ruled out here, not one by one.
            assert verdicts["в", "доме"] is verdicts["В", "Москве"] is verdicts["через", "него"] is False
            assert verdicts["в", "веселились"] is boundary._NOT_RULED_OUT  # no phrase: may_join looks
            assert verdicts["к", "стати"] is boundary._NOT_RULED_OUT  # "кстати" is a word


def test_pair_candidates_are_the_pairs_with_a_possible_half():
    """``pair_candidates`` marks pair k exactly when both words are eligible
    and word k may be a first half (a fragment or a function word) or word
    k + 1 a second half (a fragment or "таки"), for every combination of flags."""
    from itertools import product

    values = range(16)
    for n in (0, 1, 2, 3, 5):
        for flags in (product(values, repeat=n) if n <= 2 else
                      (tuple((i * 7 + j * 3) % 16 for j in range(n)) for i in range(40))):
            flags = bytes(flags)
            expected = bytes(
                1 if flags[k] & boundary._ELIGIBLE and flags[k + 1] & boundary._ELIGIBLE and (
                    flags[k] & (boundary._FRAGMENT | boundary._HEAD) or flags[k + 1] & (boundary._FRAGMENT | boundary._TAIL))
                else 0 for k in range(n - 1))
            assert boundary.pair_candidates(flags) == expected, flags


def test_plain_words_are_those_of_one_alphabet():
    """``_plain`` finds, in order, the words the multi-line regex it replaced found."""
    import re

    words = ["дом", "Дом", "ёж", "e-mail", "don't", "house", "HOUSE", "дом-2", "x", "я", "", "домa", "Ёлка", "1990"]
    for lang, letters in (("ru", "[а-яёА-ЯЁ]"), ("en", "[a-zA-Z]")):
        old = re.compile(rf"^{letters}+$", re.MULTILINE)
        for k in range(len(words)):
            chosen = words[k:] + words[:k]
            assert boundary._plain(chosen, lang) == old.findall("\n".join(chosen)), (lang, chosen)
        assert boundary._plain([], lang) == []


def test_a_full_verdict_table_is_emptied_and_the_findings_stay(monkeypatch):
    """The pairs' verdicts are bounded by PAIR_CACHE_LIMIT pairs (not by
    first forms, the table's keys; a paragraph's new pairs are added whole):
    past it the table is emptied, and the findings are those of a roomy
    table (a pair whose row went with it is judged afresh)."""
    text = "\n\n".join(["Он пришёл не устанно и сказал что бы все не дуги ушли.", "В доме по нашему встретил таки друга.",
                        "К стати, он пришёл не устанно.", "The t he cat sat on th e mat."] * 3)
    options = Options(select=("boundary",))

    def found():
        for table in boundary._VERDICTS.values():
            table.clear()
        monkeypatch.setattr(boundary, "_PAIRS_HELD", {"ru": 0, "en": 0})
        return [(f.rule, f.start, f.end, f.best.text) for f in check_text(text, options)]

    roomy, roomy_held = found(), dict(boundary._PAIRS_HELD)
    assert len(roomy) >= 9
    monkeypatch.setattr(boundary, "PAIR_CACHE_LIMIT", 4)
    assert found() == roomy
    for lang, table in boundary._VERDICTS.items():
        held = sum(map(len, table.values()))
        assert held <= boundary._PAIRS_HELD[lang] <= roomy_held[lang], lang
    assert boundary._PAIRS_HELD["ru"] < roomy_held["ru"]  # (emptied at least once)


@settings(max_examples=300, deadline=None)
@given(st.text("аабвЁёeE\u0301\n -", max_size=12))
@example("неее")
@example("ааа\nа")
@example("е\u0301е\u0301е\u0301")
def test_a_stretched_word_is_found_as_the_regex_module_found_it(word):
    """The run-together detector's stretched-word test (stdlib re) answers
    as the ``regex`` pattern it replaced, for any string."""
    import regex

    from cleanup.detectors import runtogether

    assert bool(runtogether._STRETCHED.search(word)) == bool(regex.compile(r"(.)\1\1").search(word))
