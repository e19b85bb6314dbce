"""The run-together detector's first test of a fragment (may it be split at
all?): the compiled may_split_ru / may_split_en against their Python twins,
and the twins against split_ru / split_en themselves: no split they would
make is ever passed over."""

import pytest

from cleanup.detectors import runtogether as rt
from cleanup.spelling import index, rareforms, speedups
from conftest import glued_words

needs_kernel = pytest.mark.skipif(speedups.compiled() is None,
                                  reason="the _speedups extension is not built (or not wanted)")

# Glued function words, enclitics, glued tails, content words (the two-word
# relations), hyphenated words of the dictionary, е/ё, one-letter parts,
# and letters no dictionary word has.
_RU_PARTS = ["не", "ни", "в", "во", "по", "из", "за", "с", "со", "к", "кто", "что", "как", "то", "же", "ли", "бы",
             "б", "ж", "нибудь", "либо", "таки", "кое", "и", "а", "но", "или", "я", "он", "она", "мы", "очень",
             "слишком", "моему", "общем", "было", "хочу", "постелила", "выгребает", "суровом", "продвинутого",
             "профессиональная", "карьера", "болезнь", "матки", "сергей", "викторович", "скачать", "программу",
             "приведем", "примеры", "иностранных", "работать", "дети", "ёлка", "елка", "ещё", "еще", "всё", "все",
             "самой", "дом", "стол", "день", "э", "ы", "ь", "ъ", "ё", "е", "зззз", "q", "-", "İ", "Σ"]
_EN_PARTS = ["a", "i", "the", "of", "to", "in", "on", "by", "and", "not", "lot", "cat", "heart", "sweet", "receive",
             "tothe", "some", "times", "with", "out", "would", "can", "ly", "ie", "e", "s", "zzq", "İ", "Σ", "é"]


def _words(parts: list[str], count: int, seed: int) -> list[str]:
    """Words glued of one to three parts, a third of them with a slip, in lower case."""
    return [word.lower() for word in glued_words(parts, count, seed, "аеёоиьxyz")]


def _ru_words() -> list[str]:
    return ["ктобы", "ктонибудь", "изза", "вообщем", "вобщем", "помоему", "неторопясь", "всуровом", "япостелила",
            "иностранныхи", "работатьне", "понемецки", "помужски", "подурацки", "оченьпродвинутого", "профессиональнаякарьера", "болезньматки",
            "сергейвикторович", "нихочу", "самойто", "кое", "ка", "а", "", "ё", "неёлка", "неелка", "не-",
            "кто" * 30, "в" + "а" * 70, *_words(_RU_PARTS, 2500, 11)]


def _en_words() -> list[str]:
    return ["alot", "ofthe", "tothe", "inthe", "sometimes", "withe", "ai", "ia", "aa", "", "a", "théy", "the" * 30,
            *_words(_EN_PARTS, 2500, 12)]


def _twin(lang: str):
    return rt._may_split_ru if lang == "ru" else rt._may_split_en


@needs_kernel
@pytest.mark.parametrize("lang, words", [("ru", _ru_words()), ("en", _en_words())])
def test_the_kernel_answers_as_its_twin(lang, words):
    kernel = rt._may_split(lang)
    assert kernel not in (rt._may_split_ru, rt._may_split_en)  # (the compiled one, bound to the tables)
    twin = _twin(lang)
    words = [word for word in words if "-" not in word]  # (splittable asks of no hyphenated word)
    answers = [kernel(word) for word in words]
    assert answers == [twin(word) for word in words]
    assert 0.05 < sum(answers) / len(answers) < 0.95  # (both answers are tested)


def test_a_hyphenated_word_of_the_dictionary_may_be_split():
    """"понемецки": no part is a word the first test knows but the hyphenated
    whole ("по-немецки"), which split_ru looks up after a proclitic."""
    assert rt._may_split_ru("понемецки") and rt._may_split("ru")("понемецки")
    assert not rt._may_split_ru("понемецкы")


@needs_kernel
def test_the_kernel_reads_what_it_is_given():
    """Errors go through; an empty table is refused."""
    table, units = index.get("ru").split_table(), rareforms.dictionary_units()
    kernel = speedups.function("may_split_ru")
    bound = (rt._RU_LEFT_WORDS, rt._RU_LONGEST_LEFT_WORD, rt._RU_RIGHT_WORDS, rt._RU_LONGEST_RIGHT_WORD,
             rt._RU_ONE_LETTER_PARTS)
    assert kernel(table, units, *bound, "ктобы") is True
    assert kernel(table, units, *bound, "ывщшг") is False
    with pytest.raises(ValueError):
        kernel(memoryview(b"").cast("I"), units, *bound, "ктобы")
    with pytest.raises(TypeError):
        kernel(table, units, *bound, 5)
    with pytest.raises(TypeError):
        kernel(table, units, *bound)
    en = speedups.function("may_split_en")
    assert en(index.get("en").split_table(), rt.EN_FUNCTION_WORDS, rt._EN_LONGEST,
              rt.SINGLE_LETTER_WORDS["en"], "ofthe") is True
    with pytest.raises(TypeError):
        en(index.get("en").split_table(), list(rt.EN_FUNCTION_WORDS), rt._EN_LONGEST,
           rt.SINGLE_LETTER_WORDS["en"], "ofthe")


@needs_kernel
def test_the_kernel_reads_sets_of_any_kind():
    """Frozensets are read once into the shapes of their words (length,
    first and last letter), which pass over most parts; any other set is
    looked up part by part: the same answers."""
    table, units = index.get("ru").split_table(), rareforms.dictionary_units()
    kernel = speedups.function("may_split_ru")
    words = _ru_words()[:600]
    for sets in ((set(rt._RU_LEFT_WORDS), set(rt._RU_RIGHT_WORDS), set(rt._RU_ONE_LETTER_PARTS)),
                 (frozenset(rt._RU_LEFT_WORDS | {5}), frozenset(rt._RU_RIGHT_WORDS | {""}), rt._RU_ONE_LETTER_PARTS)):
        lefts, rights, one_letter = sets
        answers = [kernel(table, units, lefts, rt._RU_LONGEST_LEFT_WORD, rights, rt._RU_LONGEST_RIGHT_WORD,
                          one_letter, word) for word in words]
        assert answers == [rt._may_split_ru(word) for word in words]


@pytest.mark.parametrize("lang, words", [("ru", _ru_words()[:1500]), ("en", _en_words()[:1500])])
def test_no_split_is_passed_over(lang, words):
    """Where the twin says no, split_ru / split_en find no split (and where
    they find one, it says yes): the first test is only a shortcut."""
    twin = _twin(lang)
    split = rt.split_ru if lang == "ru" else rt.split_en
    splits = 0
    for word in words:
        if "-" in word or len(word) < 3:
            continue  # (splittable asks of no such word)
        found = split(word) if lang == "ru" else split(word)
        if found is not None:
            splits += 1
            assert twin(word), (word, found.text)
    assert splits >= 50  # (the words hold splits of many kinds)


@pytest.mark.parametrize("word, kind", [("иностранныхи", "glued_tail"), ("оченьпродвинутого", "adverb"),
                                        ("ктонибудь", None), ("вообщем", "vowel_preposition"),
                                        ("япостелила", "pronoun_verb"), ("профессиональнаякарьера", "agreement"),
                                        ("болезньматки", "genitive"), ("всуровом", "preposition_rare")])
def test_each_kind_of_split_passes(word, kind):
    """Each kind of split split_ru makes: the first test lets it through."""
    found = rt.split_ru(word)
    assert found is not None and (kind is None or found.kind == kind)
    assert rt._may_split_ru(word) and rt._may_split("ru")(word)
