"""Round 17's shortcuts in the questioned-word analysis: each equals the
way it replaces (rareforms' lexeme total, the morphology candidates' stem
walk and first tag), and analyse does not depend on the order the
morphology candidates come in."""

from __future__ import annotations

import pytest

from cleanup import lexicon
from cleanup.spelling import candidates, index, rareforms


def _lexeme(word: str) -> list[str]:
    return rareforms._lexeme_words(lexicon.morph().parse(word)[0])


def _reference_total(words: list[str]) -> float:
    return rareforms.total_zipf(rareforms._counted_zipfs(words).values())


@pytest.mark.parametrize("word", ["определяться", "класс", "ёлка", "кто-то", "жёлтый", "перефразировать",
                                  "класснее", "определяешься", "красивый", "идти", "ёж"])
def test_a_lexemes_total_is_its_forms_counted_zipfs_summed(word):
    words = _lexeme(word)
    assert words
    # (repr: the very same float, not a near one)
    assert repr(rareforms._lexeme_total(words)) == repr(_reference_total(words))
    # the same forms in another order, repeated, and with some е spelt ё
    mixed = words[::-1] + words[::3] + [w.replace("е", "ё", 1) for w in words[:7]]
    assert repr(rareforms._lexeme_total(mixed)) == repr(_reference_total(mixed))


@pytest.mark.parametrize("words", [
    [],
    ["ёлка", "елка", "ёлка"],  # one key, its last value wins
    ["елка", "ёлка"],
    ["ёлка", "елка"],
    ["Ёлка", "ёлка", "ЁЛКА"],
    ["класс", "класса", "класс", "zzzz", ""],
    ["кто-то", "кто", "то"],
    ["жёлтый", "желтый", "жёлтого", "желтого", "жёлтый"],
    ["несуществующееслово", "ещёодно"],
])
def test_a_lexemes_total_on_odd_lists(words):
    assert repr(rareforms._lexeme_total(words)) == repr(_reference_total(words))


class _FakeIndex:
    """A frequency list where a ё-spelling is commoner than its е-spelling
    (wordfreq's own counts them alike), so that which of a key's values
    wins shows."""

    def __init__(self, zipf100: dict[str, int]) -> None:
        self.freq = {w: i for i, w in enumerate(zipf100)}
        self.freq_zipf = list(zipf100.values())


@pytest.mark.parametrize("words", [
    ["ёлка", "елка", "ёлка"],
    ["елка", "ёлка", "елка"],
    ["ёлка", "елка"],
    ["елка", "ёлка", "палка", "ёлка"],
    ["палка", "елка", "Ёлка", "ёлка", "елка", "палка"],
])
def test_a_keys_last_value_wins_as_in_the_reference(words, monkeypatch):
    fake = _FakeIndex({"ёлка": 500, "елка": 300, "палка": 400})
    monkeypatch.setattr(index, "get", lambda lang: fake)
    assert repr(rareforms._lexeme_total(words)) == repr(_reference_total(words))


def test_the_fake_index_tells_the_last_value_from_the_first(monkeypatch):
    fake = _FakeIndex({"ёлка": 500, "елка": 300})
    monkeypatch.setattr(index, "get", lambda lang: fake)
    assert _reference_total(["ёлка", "елка", "ёлка"]) == 5.0
    assert _reference_total(["елка", "ёлка", "елка"]) == 3.0


@pytest.mark.parametrize("stem", ["проголо", "колхоз", "естеств", "сталин", "пофото", "симпатичн", "провозгл",
                                  "абвгдеж", "пере", "переда", "ёлк", "пр"])
def test_a_stems_words_are_the_first_120_with_their_key_ids(stem):
    idx = index.get("ru")
    walked = candidates._stem_words(idx, stem)
    listed = idx.with_prefix(stem)[:120]
    assert sorted(w for w, _ in walked) == sorted(listed)
    assert all(idx.vocab_ids.get(w) == key for w, key in walked)
    if len(idx.with_prefix(stem)) > 120:
        # more than are looked at: the record trie's first 120, in its order
        assert [w for w, _ in walked] == listed


def test_some_stems_have_more_than_120_words():
    assert len(index.get("ru").with_prefix("пере")) > 120


@pytest.mark.parametrize("word", ["проголосивших", "проголосовавших", "естественноо", "естественно",
                                  "колхозникоф", "колхозники", "сталинградская", "ёлочка", "елочка",
                                  "пофотографировав", "ываолджэзщш", "стали", "я", "ё", "мама"])
def test_the_first_tag_is_the_first_parses(word):
    tag, parsed = candidates._first_tag(word), lexicon.morph().parse(word)[0].tag
    assert tag.POS == parsed.POS
    assert tag.grammemes == parsed.grammemes


@pytest.mark.parametrize("word", ["проголосивших", "колхозникоф", "естественноо", "симпатичнейшое",
                                  "провозглашённых", "пофотографировав", "рецептеров", "сталинградскоя"])
def test_analyse_does_not_depend_on_the_morphology_candidates_order(word, monkeypatch):
    found = candidates._morph_candidates(word)
    first = candidates.analyse.__wrapped__(word, "ru")
    real = candidates._morph_candidates
    monkeypatch.setattr(candidates, "_morph_candidates", lambda w, floor=None: real(w, floor)[::-1])
    assert candidates.analyse.__wrapped__(word, "ru") == first
    if len(found) > 1:
        monkeypatch.setattr(candidates, "_morph_candidates",
                            lambda w, floor=None: real(w, floor)[1:] + real(w, floor)[:1])
        assert candidates.analyse.__wrapped__(word, "ru") == first


def test_some_of_those_words_have_several_morphology_candidates():
    assert sum(len(candidates._morph_candidates(w)) > 1 for w in ("проголосивших", "рецептеров", "колхозникоф")) >= 2


def test_a_word_with_no_slip_in_the_dictionary_has_no_rare_forms():
    assert rareforms.candidates.__wrapped__("ъъъъъъъъъ") == ()
