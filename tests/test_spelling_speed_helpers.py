"""The shortcuts taken for speed in the spelling search give what the plain
computation gives: the flat delete index, shared table rows of the weighted
distance, calibration weighed once per analysis, stale index clean-up."""

from __future__ import annotations

import os
import time
from itertools import combinations

import pytest
from rapidfuzz.distance import OSA

from cleanup import lexicon
from cleanup.spelling import calibration, errormodel, index
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


def test_weighted_distance_does_not_depend_on_the_order_of_questions():
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
    old = time.time() - index.STALE_AFTER - 60
    os.utime(stale / "done", (old, old))
    assert not index._idle(fresh)
    assert index._idle(stale)
    assert index._idle(broken)
    index._mark_used(stale)
    assert not index._idle(stale)


def test_near_is_the_same_from_the_memory_map_and_from_memory(monkeypatch):
    fresh = index.LangIndex(index.get("ru")._dir, "ru")
    words = ["сталтну", "проблкма", "хрущщовского", "кот"] * 2
    mapped = [fresh.near(w) for w in words[:4]]
    monkeypatch.setattr(index, "WARM_SEARCHES", 3)  # the next search reads the tables into memory
    in_memory = [fresh.near(w) for w in words[4:]]
    assert fresh._in_memory
    assert mapped == in_memory
