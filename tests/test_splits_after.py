"""splits_into_words: the splits_in_two kernel against the Python path, and
both (with the hyphenated words' cuts) against the definition, every cut tried."""

import random
from array import array

import pytest

from cleanup import lexicon
from cleanup.spelling import candidates, index, rareforms, speedups

needs_kernel = pytest.mark.skipif(speedups.compiled() is None,
                                  reason="the _speedups extension is not built (or not wanted)")


def _splits_by_every_cut(word: str, lang: str) -> bool:
    return any(lexicon.zipf(word[:i], lang) >= 4.0 and lexicon.zipf(word[i:], lang) >= 3.0
               and lexicon.is_known(word[i:], lang) for i in range(1, len(word)))


_RU_PARTS = ["не", "на", "в", "во", "по", "за", "как", "что", "так", "было", "общем", "будто", "то", "же", "ли",
             "самом", "деле", "всё", "все", "ещё", "еще", "елка", "ёлка", "ел", "ёж", "ежик", "день", "берёза",
             "стол", "дом", "ом", "а", "и", "ы", "ь", "ё", "е", "зззз", "q", "ok", "’", "'", "1", "İ", "Σ", "НЕ"]
_EN_PARTS = ["the", "of", "in", "a", "to", "it", "takes", "cat", "lot", "receive", "day", "night", "heart",
             "sweet", "on", "e", "s", "ing", "don’t", "o'clock", "zzq", "İ", "Σ", "Ab"]


def _words(parts: list[str], count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        word = "".join(rng.choice(parts) for _ in range(rng.randint(1, 4)))
        if rng.random() < 0.3:  # a slip in it
            i = rng.randrange(len(word))
            word = word[:i] + rng.choice("аеёоиxyz") + word[i + 1:]
        out.append(word)
    return out


def _ru_words() -> list[str]:
    return ["небыло", "вобщем", "какбудто", "насамомделе", "неелка", "неёлка", "нееще", "неещё", "ведь", "вдом",
            "неъ", "вİ", "неΣ", "не", "в", "", "ё", *_words(_RU_PARTS, 1500, 17)]


def _en_words() -> list[str]:
    return ["ofthe", "alot", "inthe", "ittakes", "thecat", "returne", "a", "", "theİ", "theΣ", "theAb",
            *_words(_EN_PARTS, 1500, 18)]


def _python_path(lang: str):
    idx = index.get(lang)
    return lambda word: candidates._splits_after(idx.freq.get, idx.freq_zipf, candidates._COMMON_SECOND, lang,
                                                 lexicon.is_known, word, candidates._common_prefixes(idx, word))


@pytest.mark.parametrize("lang, words", [("ru", _ru_words()[:400]), ("en", _en_words()[:400])])
def test_splits_into_words_is_its_definition(lang, words):
    for word in words:
        word = word.lower()
        assert candidates.splits_into_words(word, lang) == _splits_by_every_cut(word, lang), word


_HYPHENATED = {
    "ru": ["кто-то", "как-то", "как-то-так", "потому-что", "он-то", "чудо-человек", "руки-ноги", "супер-маркете",
           "арт-фотографии", "ели-ели", "во-первых", "не-было", "небыло-бы", "-как", "как-", "как--то", "-", "--",
           "в-в", "всё-таки", "все-таки", "ещё-бы", "нибудь-кто", "кое-как", "то-то-то", "а-а-а", "е-ё",
           "как’-то", "как-то’", "так-’то", "İ-то", "как-İ"],
    "en": ["sweet-heart", "to-day", "to-morrow", "on-the", "lock-up", "gun-boats", "steam-ship", "de-parted",
           "gentle-man's", "gentle-man’s", "don’t-know", "don't-know", "o’clock-tower", "good-will", "p-or",
           "w-aggon", "m-patient", "d-d", "a-a", "-the", "the-", "of-the-day", "in-the-end", "’-a", "a-’",
           "half-an-hour", "mother-in-law", "theİ-day", "e-mail", "t-shirt"],
}


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_a_hyphenated_word_splits_as_every_cut_says(lang):
    rng = random.Random(5)
    parts = _RU_PARTS if lang == "ru" else _EN_PARTS
    made = ["-".join(rng.choice(parts) for _ in range(rng.randint(2, 3))) for _ in range(300)]
    for word in _HYPHENATED[lang] + made:
        word = word.lower()
        assert candidates.splits_into_words(word, lang) == _splits_by_every_cut(word, lang), word


def test_the_hyphenated_words_cuts_hold_every_cut_that_can_pass():
    for lang, words in _HYPHENATED.items():
        idx = index.get(lang)
        for word in words:
            cuts = set(candidates._cuts_after_common_pieces(word, idx))
            for i in range(1, len(word)):
                if lexicon.zipf(word[:i], lang) >= 4.0 and lexicon.zipf(word[i:], lang) >= 3.0:
                    assert i in cuts, (word, i)


def _table_dict(table) -> "dawg.IntDAWG":
    import struct

    import dawg

    return dawg.IntDAWG().frombytes(struct.pack("=I", len(table)) + bytes(table))


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_split_table_holds_the_words_of_zipf_3_with_their_zipf(lang):
    idx = index.get(lang)
    table = idx.split_table()
    assert table is not None
    held = _table_dict(table)
    zipfs = idx.freq_zipf
    wrong = [w for w, key in idx.freq.items() if held.get(w) != (zipfs[key] if zipfs[key] >= index.SPLIT_ZIPF100 else None)]
    assert wrong == []
    assert held.get("не" if lang == "ru" else "the", 0) >= index.COMMON_ZIPF100


def _asking(asked: list):
    def is_known(word, lang):
        asked.append(word)
        return lexicon.is_known(word, lang)
    return is_known


@needs_kernel
@pytest.mark.parametrize("lang, words", [("ru", _ru_words()), ("en", _en_words())])
def test_splits_in_two_is_the_twin_with_and_without_the_dictionary(lang, words):
    idx = index.get(lang)
    kernel = speedups.compiled().splits_in_two
    table = idx.split_table()
    units = rareforms.dictionary_units() if lang == "ru" else None
    asked_twin, asked_kernel = [], []
    twin = _python_path(lang)
    for word in words:
        want = twin(word)
        assert kernel(table, candidates._COMMON_FIRST, units, lang, lexicon.is_known, word) == want, word
        assert kernel(table, candidates._COMMON_FIRST, None, lang, lexicon.is_known, word) == want, word
        # Without the dictionary, is_known is asked of the same second parts, in the same order.
        candidates._splits_after(idx.freq.get, idx.freq_zipf, candidates._COMMON_SECOND, lang,
                                 _asking(asked_twin), word, candidates._common_prefixes(idx, word))
        kernel(table, candidates._COMMON_FIRST, None, lang, _asking(asked_kernel), word)
        assert asked_kernel == asked_twin, word


@needs_kernel
def test_splits_in_two_is_the_twin_on_made_up_tables():
    import dawg

    kernel = speedups.compiled().splits_in_two
    for seed in range(150):
        rng = random.Random(seed)
        letters = "abcаб" + ("İΣ" if seed % 5 == 0 else "")
        vocab = {"".join(rng.choice(letters) for _ in range(rng.randint(1, 4))): rng.choice([300, 350, 399, 400, 401, 650])
                 for _ in range(rng.randint(1, 40))}
        vocab = {w.lower(): z for w, z in vocab.items()}
        units = array("I", _table_bytes(dawg.IntDAWG(vocab.items())))
        known = {w for w in vocab if rng.random() < 0.7}
        ids = {w: i for i, w in enumerate(vocab)}
        zipfs = array("H", vocab.values())
        for _ in range(40):
            word = "".join(rng.choice(letters + "AБ") for _ in range(rng.randint(0, 8)))
            firsts = [word[:i] for i in range(len(word) + 1) if vocab.get(word[:i], 0) >= 400]
            asked_twin, asked_kernel = [], []
            want = candidates._splits_after(ids.get, zipfs, 300, "xx", _fake_known(known, asked_twin), word, firsts)
            got = kernel(units, 400, None, "xx", _fake_known(known, asked_kernel), word)
            assert (got, asked_kernel) == (want, asked_twin), (seed, word)


def _table_bytes(table) -> bytes:
    return table.tobytes()[4:]


def _fake_known(known: set, asked: list):
    def is_known(word, lang):
        asked.append(word)
        return word in known
    return is_known


@needs_kernel
def test_splits_in_two_lets_errors_through():
    import dawg

    kernel = speedups.compiled().splits_in_two
    units = array("I", _table_bytes(dawg.IntDAWG([("ab", 500), ("c", 500)])))

    def fails(word, lang):
        raise KeyError(word)

    with pytest.raises(KeyError):
        kernel(units, 400, None, "xx", fails, "abc")
    with pytest.raises(TypeError):
        kernel(units, 400, None, "xx", fails, b"abc")
    with pytest.raises(TypeError):
        kernel(units, "400", None, "xx", fails, "abc")
    with pytest.raises(ValueError):
        kernel(array("I"), 400, None, "xx", fails, "abc")
    assert kernel(units, 600, None, "xx", fails, "abc") is False  # no common first part: nothing asked
