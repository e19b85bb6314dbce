"""The index's tables made for speed answer what the tries they stand for
answer: the delete table (the compiled search's look-ups of the query's
delete strings, a binary search in C) gives the delete trie's key ids, and
the dictionary's ё-forms spelt with е tell exactly which strings the
dictionary holds once some of their е are read as ё."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleanup import lexicon
from cleanup.spelling import candidates, errormodel, index, rareforms, speedups

needs_extension = pytest.mark.skipif(not speedups.available(), reason="cleanup.spelling._speedups is not built")

_LETTERS = {"ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя-", "en": "abcdefghijklmnopqrstuvwxyz'"}


def _kernel():
    from cleanup.spelling import _speedups

    return _speedups


def _trie_ids(lang: str, word: str, most: int) -> list[int]:
    get = index.get(lang).dkeys.get
    return sorted(kid for kid in map(get, index._deletes(word[: index.PREFIX], most)) if kid is not None)


def _near_vocabulary_words(lang: str) -> st.SearchStrategy[str]:
    """Words of the vocabulary with a letter or two changed, and strings of any letters."""
    vocabulary = bytes(index.get(lang)._mapped_tables()[0][:400_000]).decode("utf-8", "ignore").split("\n")[1:-1]
    letters = st.sampled_from(_LETTERS[lang] + "Aё1 Ж")
    changed = st.tuples(st.sampled_from(vocabulary), st.integers(0, 12), letters).map(
        lambda t: t[0][: t[1]] + t[2] + t[0][t[1] + 1:])
    return st.one_of(changed, st.lists(letters, max_size=10).map("".join))


def test_the_index_has_a_delete_table():
    for lang in ("ru", "en"):
        letters, codes, kids = index.get(lang).delete_table()
        assert len(codes) == len(kids) == len(index.get(lang).dkeys)
        assert list(codes) == sorted(codes) and len(set(codes)) == len(codes)


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_every_delete_string_is_in_the_table_with_its_trie_id(lang):
    idx = index.get(lang)
    letters, codes, kids = idx.delete_table()
    places = {chr(letters[i]): letters[i + 1] for i in range(0, len(letters), 2)}
    sample = [key for n, key in enumerate(idx.dkeys.iterkeys()) if n % 997 == 0]
    position = {code: i for i, code in enumerate(codes)}
    for key in sample:
        at = position[index.packed(key, places)]
        assert kids[at] == idx.dkeys[key]


@needs_extension
@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_compiled_look_ups_are_the_trie_s(lang):
    table = index.get(lang).delete_table()

    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(_near_vocabulary_words(lang), st.integers(0, 2))
    def check(word, most):
        assert sorted(_kernel().delete_kids(word, index.PREFIX, most, table)) == _trie_ids(lang, word, most)

    check()
    for word in ["", "а", "ёлка", "сталину", "ЁЛКА", "x" * 40, "по-моему", "don't", "z"]:
        for most in (0, 1, 2):
            assert sorted(_kernel().delete_kids(word, index.PREFIX, most, table)) == _trie_ids(lang, word, most)


@needs_extension
def test_weigh_close_with_the_table_equals_weigh_close_asking_the_trie():
    model = errormodel._compiled_model()
    for lang, words in (("ru", ["сталтну", "проблкма", "ели", "комдвижение", "ёжик", "по-моему"]),
                        ("en", ["recieve", "helo", "teh", "don't"])):
        idx = index.get(lang)
        table = idx.delete_table()
        for word in words:
            for reach in (1, 2):
                args = (word, reach, index.PREFIX)
                text, starts, offsets, owners, first_lines, line_zipfs, lines = idx._mapped_tables()
                rest = (offsets, owners, starts, text, first_lines, line_zipfs, lines, idx.run_heads(),
                        candidates.MAX_QUICK, candidates.MAX_WEIGHED, candidates.FREQ_WEIGHT)
                by_table = _kernel().weigh_close(model, *args, table, *rest)
                by_trie = _kernel().weigh_close(model, *args, idx.dkeys.get, *rest)
                assert by_table == by_trie, (word, reach)


@needs_extension
def test_the_look_ups_in_a_table_of_a_few_codes():
    """The binary searches at their ends: tables of no, one and a few codes
    (a slice of the real one), each string found exactly when its code is there."""
    letters, codes, kids = index.get("ru").delete_table()
    places = {chr(letters[i]): letters[i + 1] for i in range(0, len(letters), 2)}
    middle = len(codes) // 2
    for lo, hi in ((0, 0), (0, 1), (0, 2), (0, 3), (middle, middle + 1), (middle, middle + 5),
                   (len(codes) - 2, len(codes))):
        held = {codes[i]: kids[i] for i in range(lo, hi)}
        words = [w for code in list(held)[:3] for w in (_unpacked(code, places), _unpacked(code, places) + "а")]
        for word in words + ["а", "ёлка", "сталину", ""]:
            for most in (0, 1, 2):
                made = {index.packed(d, places) for d in index._deletes(word[:index.PREFIX], most)}
                expected = sorted(held[c] for c in made if c in held)
                got = _kernel().delete_kids(word, index.PREFIX, most, (letters, codes[lo:hi], kids[lo:hi]))
                assert sorted(got) == expected, (lo, hi, word, most)


def _unpacked(code: int, places: dict[str, int]) -> str:
    letter = {place: ch for ch, place in places.items()}
    return "".join(letter[b] for b in code.to_bytes(8, "little") if b)


@needs_extension
def test_a_broken_table_is_refused_not_read_past():
    letters, codes, kids = index.get("en").delete_table()
    with pytest.raises(ValueError):
        _kernel().delete_kids("word", index.PREFIX, 2, (letters, codes, kids[:10]))
    with pytest.raises(TypeError):
        _kernel().delete_kids("word", index.PREFIX, 2, (letters, codes))


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_run_heads_are_the_prefixes_and_their_longest_words(lang):
    """Each run head unpacks to its prefix (the letters every word of its
    run begins with) and the letters of the run's longest word; beside it,
    where its run starts in the text and in the lines, and after the last
    run a record of where it ends."""
    idx = index.get(lang)
    text, starts, *_ = idx._mapped_tables()
    letters, runs = idx.run_heads()
    heads = runs[0:-2:2]
    assert list(letters) == list(idx.delete_table()[0])
    letter_of = {place: chr(code) for code, place in zip(letters[::2], letters[1::2])}
    words = bytes(text).decode("utf-8").split("\n")[:-1]
    first_lines = idx._mapped_tables()[4]
    assert len(runs) == 2 * len(first_lines) == 2 * len(starts)
    assert [r & 0xFFFFFFFF for r in runs[1::2]] == list(starts)
    assert [r >> 32 for r in runs[1::2]] == list(first_lines)
    assert runs[-2] == 0
    for p in range(0, len(heads), 1 if lang == "en" else 7):
        run = words[first_lines[p]:first_lines[p + 1]]
        head = heads[p]
        prefix = "".join(letter_of[b] for b in head.to_bytes(8, "little")[:7] if b)
        assert {w[:index.PREFIX] for w in run} == {prefix}
        assert head >> 56 == max(map(len, run))


def test_run_records_put_each_head_beside_its_starts():
    records = index.run_records([7, 9], index._u32([0, 10, 25]), index._u32([0, 3, 5]))
    assert list(records) == [7, 0, 9, 10 | 3 << 32, 0, 25 | 5 << 32]


def test_run_head_packs_the_prefix_below_the_length():
    places = {"а": 1, "б": 2, "ё": 3}
    assert index.run_head("абё", 9, places) == 1 | 2 << 8 | 3 << 16 | 9 << 56
    assert index.run_head("а", 300, places) == 1 | 255 << 56


def test_an_index_without_the_table_still_searches(monkeypatch):
    """An index built without a delete table (the letters did not fit the
    packing): the compiled search asks the trie, with the same hits."""
    idx = index.get("ru")
    with_table = [idx.close(w) for w in ("сталтну", "проблкма")]
    monkeypatch.setattr(idx, "_delete_table", None)
    monkeypatch.setattr(idx, "_run_heads", False)
    assert idx.run_heads() is None
    assert [idx.close(w) for w in ("сталтну", "проблкма")] == with_table


_RU_WITH_E = st.lists(st.sampled_from("еееееёаопрстлнвкмиыйьзд"), min_size=2, max_size=10).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.one_of(_RU_WITH_E, st.sampled_from(["еще", "ее", "елка", "ежик", "шел", "черт", "трехъемкостный", "все",
                                              "зеленый", "еж", "ееее"])))
def test_the_folded_yo_forms_tell_what_the_yo_blind_search_finds(e):
    """For a string without ё that the dictionary lacks as spelt: it is a
    dictionary form with some е read as ё exactly when the folded forms hold it."""
    forms = lexicon.morph().dictionary.words
    if "ё" in e or e in forms:
        return
    assert (e in index.get("ru").yo_folded()) == bool(forms.similar_keys(e, lexicon.morph().char_substitutes))


@pytest.mark.parametrize("word", ["определяешся", "перефразирешь", "пересчетаешь", "ечшо", "зеленнький",
                                  "выкорчевывем", "трехъемкосный", "расчесываешьь", "ееелка"])
def test_rare_forms_are_the_same_without_the_folded_forms(word, monkeypatch):
    rareforms.candidates.cache_clear()
    fast = rareforms.candidates(word)
    rareforms.candidates.cache_clear()
    monkeypatch.setattr(index.get("ru"), "_yo_folded", None)
    try:
        assert rareforms.candidates(word) == fast
    finally:
        rareforms.candidates.cache_clear()


def test_the_grammar_table_is_the_first_parse_of_each_vocabulary_word():
    """The index's grammar of a vocabulary word is candidates._grammar's
    (pymorphy3's first parse: part of speech, case and number)."""
    idx = index.get("ru")
    names, codes, masks = idx.grammar_table()
    sample = [w for n, w in enumerate(idx.vocab_ids.iterkeys()) if n % 499 == 0]
    sample += ["стол", "красивая", "бежать", "быстро", "и", "в", "ой", "проголосовавших", "столами"]
    for word in sample:
        key = idx.vocab_ids.get(word)
        if key is None:
            continue
        code = codes[key]
        candidates._grammar.cache_clear()
        assert (names[code & 0xFF], masks[code >> 8]) == candidates._grammar(word), word


@pytest.mark.parametrize("word", ["проголосивших", "расставаньям", "красивейщего", "перевозчеками", "столаммми",
                                  "преподователей", "выключатьель"])
def test_morph_candidates_are_the_same_without_the_grammar_table(word, monkeypatch):
    with_table = (candidates._morph_candidates(word), candidates._morph_candidates(word, 3.0))
    monkeypatch.setattr(index.get("ru"), "_grammar", None)
    candidates._grammar.cache_clear()
    assert (candidates._morph_candidates(word), candidates._morph_candidates(word, 3.0)) == with_table


def test_the_common_words_are_the_frequency_list_s_words_of_zipf_4():
    for lang in ("ru", "en"):
        idx = index.get(lang)
        common = idx.common_words()
        sample = [w for n, w in enumerate(idx.freq.iterkeys()) if n % 211 == 0]
        for word in sample:
            assert (word in common) == (idx.zipf(word) >= 4.0), word


@pytest.mark.parametrize("word, lang", [("небыло", "ru"), ("вобщем", "ru"), ("когдато", "ru"), ("стол", "ru"),
                                        ("проголосивших", "ru"), ("какбудто", "ru"), ("ofthe", "en"),
                                        ("alot", "en"), ("recieve", "en"), ("inthe", "en"), ("ели-ели", "ru")])
def test_splits_into_words_is_the_same_without_the_common_words(word, lang, monkeypatch):
    fast = candidates.splits_into_words(word, lang)
    monkeypatch.setattr(index.get(lang), "_common", None)
    assert candidates.splits_into_words(word, lang) == fast


def _parsed_as_name(word: str) -> bool:
    return not index.NAME_GRAMMEMES.isdisjoint(lexicon.morph().tag(word)[0].grammemes)


def test_the_name_table_is_the_first_parse_of_each_vocabulary_word():
    """The index's name flag of a vocabulary word is whether pymorphy3's
    first parse of it is a name's (what calibration._is_name asked it)."""
    from cleanup.spelling import calibration

    idx = index.get("ru")
    get, flags = idx.name_table()
    sample = [w for n, w in enumerate(idx.vocab_ids.iterkeys()) if n % 97 == 0]
    sample += ["москва", "иван", "иванович", "петров", "стол", "газпром", "лада"]
    named = 0
    for word in sample:
        key = get(word)
        if key is None:
            continue
        assert (flags[key] == 1) == _parsed_as_name(word), word
        calibration._is_name.cache_clear()
        assert calibration._is_name(word, "ru") == _parsed_as_name(word), word
        named += flags[key] == 1
    assert named > 10  # names among the sample: the flag is not all zero
    assert index.get("en").name_table() is None


@pytest.mark.parametrize("word", ["ивановна", "стол", "шмоскваы", "по-московски"])
def test_is_name_is_the_same_without_the_name_table(word, monkeypatch):
    from cleanup.spelling import calibration

    calibration._is_name.cache_clear()
    with_table = calibration._is_name(word, "ru")
    monkeypatch.setattr(index.get("ru"), "_names", None)
    calibration._is_name.cache_clear()
    try:
        assert calibration._is_name(word, "ru") == with_table == _parsed_as_name(word)
    finally:
        calibration._is_name.cache_clear()
