"""The shortcuts taken for speed in the spelling search give what the plain
computation gives: the flat delete index, shared table rows of the weighted
distance, calibration weighed once per analysis, stale index clean-up."""

from __future__ import annotations

import dataclasses
import os
import time
from itertools import combinations
from operator import attrgetter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import OSA

from cleanup import diskcache, lexicon, segments
from cleanup.detectors import spelling as spelling_detector
from cleanup.extensions import afresh
from cleanup.options import Options
from cleanup.segments import words
from cleanup.spelling import calibration, candidates, errormodel, index
from cleanup.spelling.candidates import Analysis, Candidate


def _deletes_by_combinations(s: str, most: int) -> set[str]:
    out = {s}
    for k in range(1, most + 1):
        if len(s) - k < 1:
            break
        for drop in combinations(range(len(s)), k):
            out.add("".join(ch for i, ch in enumerate(s) if i not in drop))
    return out


@pytest.mark.parametrize("word", ["а", "аб", "абв", "сталину", "aab", "abcdefg", "ёлка"])
@pytest.mark.parametrize("most", [0, 1, 2])
def test_deletes_are_every_string_made_by_deleting_up_to_most_letters(word, most):
    assert index._deletes(word, most) == _deletes_by_combinations(word, most)


@pytest.mark.parametrize("typo, meant, lang", [("сталтну", "сталину", "ru"), ("проблкма", "проблема", "ru"),
                                               ("recieve", "receive", "en"), ("helo", "hello", "en")])
def test_near_finds_the_meant_word_and_only_vocabulary_words_within_reach(typo, meant, lang):
    reach = 1 if len(typo) <= 4 else 2
    found = index.get(lang).near(typo, reach)
    assert meant in found
    assert found[meant] == (OSA.distance(typo, meant), index.get(lang).vocab_zipf(meant))
    for word, (distance, zipf) in found.items():
        assert distance == OSA.distance(typo, word) <= reach
        assert index.get(lang).vocab_zipf(word) == zipf


def test_zipf_lookups_agree_with_the_vocabulary_record_trie():
    idx = index.get("ru")
    for word in ["сталину", "проблема", "еле", "qwzx", "ёлка"]:
        hit = idx.vocab.get(word)
        assert idx.vocab_zipf(word) == (hit[0][0] / 100 if hit else None)
    assert lexicon.zipf("привет", "ru") > 4 and lexicon.zipf("ываолдж", "ru") == 0.0


@pytest.fixture
def python_twin(monkeypatch):
    """These tests are about the pure-Python search (the reference of the
    optional C twins, compared in tests/test_kernel.py): use it."""
    monkeypatch.setattr(errormodel, "_distance", errormodel._python_distance)
    errormodel.cost.cache_clear()
    with afresh(pure_python=True):
        yield
    errormodel.cost.cache_clear()


def test_weighted_distance_does_not_depend_on_the_order_of_questions(python_twin):
    pairs = [("хрущщовского", "хрущёвского"), ("хрущщовского", "хрущевского"), ("сталтну", "сталину"),
             ("хрущщовского", "хрущёвскому"), ("modem", "modern"), ("сталтну", "сталину"), ("arme", "arnie"),
             ("хрущщовского", "хрущ"), ("ааб", "абб"), ("шол", "шёл")]
    first = []
    for typed, meant in pairs:
        errormodel.cost.cache_clear()
        errormodel._LAST.clear()  # each alone, with a fresh table
        first.append(errormodel.cost(typed, meant))
    errormodel.cost.cache_clear()
    assert [errormodel.cost(t, m) for t, m in pairs] == first  # rows shared along the way
    errormodel.cost.cache_clear()
    assert [errormodel.cost(t, m) for t, m in reversed(pairs)] == first[::-1]


def test_scorer_gives_the_same_probability_as_the_features():
    a = Analysis("сталтну", "ru", False, False, 0.0,
                 (Candidate("сталину", 0.55, 3.1), Candidate("сталину", 1.0, 2.0, "morph")))
    for lang in ("ru", "en"):
        scorer = calibration.Scorer(a, lang)
        for upper in (False, True):
            for title in (False, True):
                for rate in (None, 0.0, 0.25, 1.0):
                    want = calibration.probability(calibration.features(a, upper, title, rate), lang)
                    assert scorer.probability(upper, title, rate) == want


def test_an_old_index_is_removed_only_when_nothing_used_it_for_a_while(tmp_path):
    fresh, stale, broken = tmp_path / "index-a", tmp_path / "index-b", tmp_path / "index-c"
    for d in (fresh, stale, broken):
        d.mkdir()
    (fresh / "done").write_text("x")
    (stale / "done").write_text("x")
    old = time.time() - diskcache.STALE_AFTER - 60
    os.utime(stale / "done", (old, old))
    assert not diskcache.idle(fresh)
    assert diskcache.idle(stale)
    assert diskcache.idle(broken)
    diskcache.mark_used(stale)
    assert not diskcache.idle(stale)


def test_near_is_the_same_from_the_memory_map_and_from_memory(monkeypatch, python_twin):
    fresh = index.LangIndex(index.get("ru")._dir, "ru")
    words = ["сталтну", "проблкма", "хрущщовского", "кот"] * 2
    mapped = [fresh.near(w) for w in words[:4]]
    monkeypatch.setattr(index, "WARM_SEARCHES", 3)  # the next search reads the tables into memory
    in_memory = [fresh.near(w) for w in words[4:]]
    assert fresh._in_memory
    assert mapped == in_memory


def test_near_is_the_same_when_the_runs_are_already_decoded(monkeypatch, python_twin):
    fresh = index.LangIndex(index.get("ru")._dir, "ru")
    words = ["сталтну", "проблкма", "хрущщовского", "кот", "ели"]
    mapped = [fresh.near(w) for w in words]
    monkeypatch.setattr(index, "WARM_SEARCHES", 3)
    first = [fresh.near(w) for w in words]  # runs decoded as they are asked for
    again = [fresh.near(w) for w in words]  # from the decoded runs
    assert fresh._runs is not None and any(r is not None for r in fresh._runs)
    assert mapped == first == again
    assert [fresh.close(w) for w in words] == [sorted((d, -z, c) for c, (d, z) in n.items()) for n in again]


_WORDS = ["сталтну", "проголосивших", "хрущщовского", "симпатичнейшое", "провозглашённых", "колхозников",
          "recieve", "goverment", "abolishe", "tyme", "ели", "мама"]


@pytest.mark.parametrize("word", _WORDS)
@pytest.mark.parametrize("floor", [0.0, 2.5, 3.0, 4.5])
def test_a_known_word_weighs_what_it_could_keep_and_no_more(word, floor):
    lang = "en" if word.isascii() else "ru"
    everything = candidates._edit_candidates(word, lang)
    kept, rarer = candidates._known_edit_candidates(word, lang, floor)
    assert kept == [c for c in everything if c.zipf >= floor]
    # rarer: the error costs of the weighed words below the floor, in order
    assert [cost for cost in rarer if cost <= candidates.MAX_COST] == [c.cost for c in everything if c.zipf < floor]
    weighed = candidates._to_weigh(word, lang)
    assert rarer == [cost for z, c, cost in weighed if z < floor]
    assert all(cost == errormodel.cost(word, c) for z, c, cost in weighed)


@pytest.mark.parametrize("word", ["проголосивших", "симпатичнейшое", "хрущщовского", "провозглашённых"])
@pytest.mark.parametrize("floor", [0.0, 2.0, 3.0, 4.0])
def test_morphology_candidates_above_a_floor_are_the_common_ones(word, floor):
    assert candidates._morph_candidates(word, floor) == [
        c for c in candidates._morph_candidates(word) if c.zipf >= floor
    ]


_FORMS = ["мама", "Мама", "МАМА", "ёлка", "елка", "проголосивших", "сталтну", "СТАЛТНУ", "STALTN", "the", "The",
          "recieve", "McDonald", "iPhone", "ab", "ели-ели", "кто-то", "XIX", "Хрущщовского", "Москва", "ибо",
          "don’t", "it's", "mixedкириллица", "колхозников", "провозглашённых", "tyme", "Tyme", "TYME", "abolishe",
          "weU", "foUowing", "Stratford-on-Avon", "ВКонтакте", "СталТну", "aU", "AbU", "Hke"]


def test_a_forms_verdict_is_what_the_word_by_word_questions_say():
    accepted = spelling_detector._accepted(frozenset())
    forms: dict = {}
    for word in _FORMS:
        form = spelling_detector._form(word, accepted, forms)
        counted = spelling_detector._unknown(word)
        assert form.counted == (counted is not None), word
        assert form.unknown == bool(counted), word
        questioned = spelling_detector._question(word, accepted)
        letters = [c for c in word if c.isalpha()]
        upper = len(letters) > 1 and all(c.isupper() for c in letters)
        # (or OCR's capital for letters, weU: read through the confusions)
        keeps_case = upper or not any(c.isupper() for c in word[1:]) or spelling_detector._ocr_read(word) is not None
        assert (form.question is not None) == (questioned is not None and keeps_case), word
        assert forms[word] is form


@pytest.mark.parametrize("text", ["Вот сталтну пишет. Сталтну тоже.", "He said recieve. Recieve it, Tyme.",
                                  "Сяопин приехал, и Сяопин уехал.", "В колхозе проголосивших не было."])
def test_a_questioned_forms_finding_is_the_examined_one(text):
    detector = spelling_detector.SpellingDetector(Options())
    accepted = spelling_detector._accepted(frozenset())
    forms: dict = {}
    for tok in words(text):
        form = spelling_detector._form(tok.text, accepted, forms)
        if form.question is None:
            continue
        for rate in (None, 0.0, 0.3, 0.9, None, 0.3):  # twice each: made once, then remembered
            want, _ = detector.examine(text, tok.start, tok.end, 0, accepted, rate)
            if not want.rule.endswith(".rare") and want.best.confidence < spelling_detector.SUGGESTION_FLOOR:
                want = dataclasses.replace(want, message="Unknown word", suggestions=())
            assert form.question.finding(text, tok.start, tok.end, 0, rate) == want


_TEXTY = st.text(alphabet=st.sampled_from(list("абвёЁaB́̈-'’ 1.\n\r\t\u00a0ʼ") + ["\u0301", "\u200d", "ǅ", "ß"]),
                 max_size=60)


@settings(max_examples=400, deadline=None)
@given(_TEXTY, st.integers(0, 70), st.integers(0, 70))
def test_tokens_from_findall_and_find_are_the_match_objects_tokens(text, a, b):
    start, end = min(a, b, len(text)), min(max(a, b), len(text))
    want = tuple(segments.Token(m.start(), m.end(), m.group()) for m in segments.WORD.finditer(text, start, end))
    assert segments._tokens(text, start, end) == want


@pytest.mark.parametrize("word", ["сталтну", "ели", "хрущщовского", "recieve", "tyme", "ктото", "колхозников"])
def test_weighing_only_the_wanted_neighbours_keeps_the_same_candidates(word):
    lang = "en" if word.isascii() else "ru"
    for wanted in (lambda c: True, lambda c: False, lambda c: len(c) % 2 == 0, lambda c: "а" in c or "e" in c):
        assert candidates._edit_candidates_where(word, lang, wanted) == [
            c for c in candidates._edit_candidates(word, lang) if wanted(c.word)
        ]


@pytest.mark.parametrize("word", ["кто-то", "из-за", "ёлка", "елка", "по-моему", "северо-запад", "еле-еле",
                                  "всё-таки", "все-таки", "черно-белый", "мама"])
def test_a_known_word_may_begin_with_each_of_its_beginnings(word):
    assert lexicon.is_known(word, "ru")
    for i in range(1, len(word) + 1):
        assert candidates._may_begin_a_word(word[:i]), word[:i]


def test_no_known_word_begins_with_a_beginning_the_dictionary_lacks():
    assert not candidates._may_begin_a_word("ктоф-")
    assert not candidates._may_begin_a_word("сталтну-")


@pytest.mark.parametrize("word", ["ели-ели", "еле-ели", "кто-та", "кото-то", "из-зо", "по-моиму", "чорно-белый",
                                  "сталтну-сталтну", "пол-года", "какой-ниубдь", "жж-игра"])
def test_hyphen_candidates_are_the_ones_weighing_every_neighbour_finds(word):
    left, right = word.split("-")
    seen, want = set(), []

    def consider(new, cost):
        if new not in seen and new != word and lexicon.is_known(new, "ru"):
            seen.add(new)
            want.append(Candidate(new, cost, lexicon.zipf(new, "ru"), "hyphen"))

    for c in candidates._edit_candidates(left, "ru"):
        if left == right:
            consider(f"{c.word}-{c.word}", c.cost)
        consider(f"{c.word}-{right}", c.cost)
    for c in candidates._edit_candidates(right, "ru"):
        consider(f"{left}-{c.word}", c.cost)
    if left != right:  # the solid spelling itself (пол-года → полгода), unless a part is said twice
        consider(left + right, errormodel.SOFT_SIGN)
    for c in candidates._edit_candidates(left + right, "ru"):
        consider(c.word, c.cost + errormodel.SOFT_SIGN)
    assert candidates._hyphen_candidates(word) == want


def _splits_by_every_cut(word: str, lang: str) -> bool:
    return any(lexicon.zipf(word[:i], lang) >= 4.0 and lexicon.zipf(word[i:], lang) >= 3.0
               and lexicon.is_known(word[i:], lang) for i in range(1, len(word)))


@pytest.mark.parametrize("word, lang", [("небыло", "ru"), ("вобщем", "ru"), ("сталтну", "ru"), ("неприятно", "ru"),
                                        ("кто-то", "ru"), ("потому-что", "ru"), ("ittakes", "en"),
                                        ("recieve", "en"), ("thecat", "en"), ("a", "en"), ("ё", "ru")])
def test_run_together_search_asks_only_common_first_parts_and_finds_what_every_cut_finds(word, lang):
    assert candidates.splits_into_words(word, lang) == _splits_by_every_cut(word, lang)


@pytest.mark.parametrize("stem", ["провозгл", "колхоз", "голосов", "сталин", "хрущёвск", "симпатич", "ёлк"])
def test_a_vocabulary_words_grammar_is_its_first_parses(stem):
    morph = lexicon.morph()
    for word in index.get("ru").with_prefix(stem)[:60]:
        tag = morph.parse(word)[0].tag
        assert candidates._grammar(word) == (tag.POS, {g for g in candidates._CASE_NUMBER if g in tag}), word


@pytest.mark.parametrize("word, lang", [("сталтну", "ru"), ("проголосивших", "ru"), ("хрущщовского", "ru"),
                                        ("ели-ели", "ru"), ("recieve", "en"), ("tyme", "en"), ("сяопин", "ru"),
                                        ("колхозникоф", "ru"), ("небыло", "ru"), ("оооочень", "ru")])
def test_the_scorers_feature_values_are_the_features(word, lang):
    a = candidates.analyse(word, lang)
    assert a is not None and a.best is not None
    feats = calibration.features(a, False, False, None)
    assert tuple(feats) == calibration.FEATURES
    assert calibration._values(a, False, False, None) == list(feats.values())
    scorer = calibration.Scorer(a, lang)
    for upper, title, rate in ((False, False, None), (True, False, 0.25), (False, True, 1.0)):
        assert scorer.probability(upper, title, rate) == calibration.probability(
            calibration.features(a, upper, title, rate), lang)


@pytest.mark.parametrize("stem", ["сталин", "москв", "иван", "петров", "хрущ", "кто-", "ёлк", "елк"])
def test_a_dictionary_words_first_tag_is_its_first_parses_tag(stem):
    morph = lexicon.morph()
    for word in morph.dictionary.words.keys(stem)[:80]:
        assert morph.tag(word)[0] == morph.parse(word)[0].tag, word


def _morph_candidates_parsing_first(word: str, floor: float | None = None) -> list[Candidate]:
    if len(word) < 8:
        return []
    tag = lexicon.morph().parse(word)[0].tag
    if tag.POS is None:
        return []
    want = {g for g in candidates._CASE_NUMBER if g in tag}
    idx = index.get("ru")
    out = []
    for c in idx.with_prefix(word[: max(6, len(word) - 6)])[:120]:
        if c == word or abs(len(c) - len(word)) > 4:
            continue
        zipf = idx.vocab_zipf(c) or 0.0
        if floor is not None and not zipf >= floor:
            continue
        ctag = lexicon.morph().parse(c)[0].tag
        if ctag.POS != tag.POS or not want <= {g for g in candidates._CASE_NUMBER if g in ctag}:
            continue
        out.append(Candidate(c, round(min(2.5, 1.0 + 0.35 * errormodel.cost(word, c)), 3), zipf, "morph"))
    return out


@pytest.mark.parametrize("word", ["проголосивших", "симпатичнейшое", "провозглашённых", "колхозникоф",
                                  "ываолджэзщш", "qwertyuiop", "сталтнуууу", "естественноо", "пофотографировав"])
@pytest.mark.parametrize("floor", [None, 2.0, 4.0])
def test_morphology_candidates_are_the_ones_found_by_parsing_the_word_first(word, floor):
    # (In an order of their own: a stem's words are walked in the key-id
    # trie's order; analyse ranks them by rank and word, see
    # tests/test_rareforms17.py.)
    by_word = attrgetter("word")
    assert sorted(candidates._morph_candidates(word, floor), key=by_word) == sorted(
        _morph_candidates_parsing_first(word, floor), key=by_word)
