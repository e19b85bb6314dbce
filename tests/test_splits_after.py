"""splits_into_words: the splits_after kernel against its Python twin, and both
(with the hyphenated words' cuts) against the definition, every cut tried."""

import random
from array import array

import pytest

from cleanup import lexicon
from cleanup.spelling import candidates, index, rareforms, speedups

needs_kernel = pytest.mark.skipif(not speedups.available(), reason="the _speedups extension is not built")


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


def _test(lang: str, kernel, units):
    idx = index.get(lang)
    return lambda word: kernel(idx.freq.get, idx.freq_zipf, candidates._COMMON_SECOND, units, lang,
                               lexicon.is_known, word, candidates._common_prefixes(idx, word))


@needs_kernel
@pytest.mark.parametrize("lang, words", [("ru", _ru_words()), ("en", _en_words())])
def test_the_kernel_is_its_twin_with_and_without_the_dictionary(lang, words):
    kernel = speedups.compiled().splits_after
    twin = _test(lang, candidates._splits_after_python, None)
    units = rareforms.dictionary_units() if lang == "ru" else None
    if lang == "ru":
        assert units is not None
    compiled, compiled_alone = _test(lang, kernel, units), _test(lang, kernel, None)
    for word in words:
        want = twin(word)
        assert compiled(word) == want, word
        assert compiled_alone(word) == want, word


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


def _fake_tables(seed: int):
    rng = random.Random(seed)
    ids = {}
    zipfs = array("H")
    for s in ("b", "bc", "c", "cd", "d", "é", "x", "ab", "abc"):
        if rng.random() < 0.8:
            ids[s] = len(zipfs)
            zipfs.append(rng.choice((0, 299, 300, 301, 700)))
    known = {s for s in ("b", "bc", "c", "cd", "d", "É", "é", "x", "abc") if rng.random() < 0.6}
    return ids.get, memoryview(zipfs), known


@needs_kernel
def test_the_kernel_reads_any_tables_as_its_twin_does():
    kernel = speedups.compiled().splits_after
    for seed in range(200):
        key_of, zipfs, known = _fake_tables(seed)
        asked_twin, asked_kernel = [], []

        def is_known(asked):
            return lambda b, lang: (asked.append((b, lang)), b in known)[1]

        for word, firsts in (("abcd", ["a", "ab", "abc", "abcd", ""]), ("aÉ", ["a"]), ("ax", ["", "a", "ax"]),
                             ("abc", []), ("", ["a"]), ("abcd", ["abcd", "abc", "ab", "a"])):
            want = candidates._splits_after_python(key_of, zipfs, 300, None, "xx", is_known(asked_twin), word,
                                                   list(firsts))
            got = kernel(key_of, zipfs, 300, None, "xx", is_known(asked_kernel), word, list(firsts))
            assert got is want, (seed, word, firsts)
        # Without a dictionary the kernel asks is_known exactly what the twin asks, in order.
        assert asked_kernel == asked_twin


@needs_kernel
def test_the_kernel_refuses_what_it_cannot_read():
    kernel = speedups.compiled().splits_after
    zipfs = memoryview(array("H", [500]))
    with pytest.raises(TypeError):
        kernel({"b": 0}.get, zipfs, 300, None, "en", lambda b, lang: True, "ab", ("a",))
    with pytest.raises(TypeError):
        kernel({"b": 0}.get, zipfs, 300, None, "en", lambda b, lang: True, "ab", [1])
    with pytest.raises(TypeError):
        kernel({"b": 0}.get, memoryview(array("I", [500])), 300, None, "en", lambda b, lang: True, "ab", ["a"])
    with pytest.raises(IndexError):
        kernel({"b": 1}.get, zipfs, 300, None, "en", lambda b, lang: True, "ab", ["a"])
    with pytest.raises(ZeroDivisionError):
        kernel({"b": 0}.get, zipfs, 300, None, "en", lambda b, lang: 1 / 0, "ab", ["a"])
    assert kernel({"b": 0}.get, zipfs, 300, None, "en", lambda b, lang: True, "ab", ["a"]) is True
    assert kernel({"b": 0}.get, zipfs, 501, None, "en", lambda b, lang: True, "ab", ["a"]) is False
