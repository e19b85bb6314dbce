"""The signature gate of the parallel detector (``names.RU_SIGNATURES``,
``gate._may_share_name_keys``) never says "no shared name key" where the
keys themselves (iuliia through ``ru_keys``, ``en_key``) share one."""

from __future__ import annotations

from itertools import product

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleanup.document import Document
from cleanup.extensions import afresh
from cleanup.parallel import names, speedups
from cleanup.parallel.gate import _may_share_name_keys, edition_keys, side_of
from cleanup.parallel.editions import split_editions
from cleanup.parallel.evidence import DISTINCTIVE_NAME_KEY

RUSSIAN = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
RUSSIAN_WORDS = st.text(alphabet=RUSSIAN, min_size=1, max_size=12)


def _cased(word: str, case: int) -> str:
    return (word, word.upper(), word.capitalize(), word[:1] + word[1:].upper())[case]


@settings(max_examples=1500, deadline=None)
@given(RUSSIAN_WORDS, st.integers(0, 3))
def test_every_key_of_a_russian_word_has_one_of_its_signatures(word, case):
    word = _cased(word, case)
    found = names.RU_SIGNATURES[word]
    if found == {names.ANY_SIGNATURE}:
        return
    for key in names.ru_keys(word):
        assert names.signature(key) in found, (word, key, sorted(found))


@given(st.text(alphabet=RUSSIAN + "xAbЖ-' ", min_size=1, max_size=8))
def test_a_word_not_read_letter_by_letter_may_have_any_key(word):
    if not (word.islower() or word.isupper() or word.istitle()) or any(c not in RUSSIAN for c in word.lower()):
        assert names.RU_SIGNATURES[word] == {names.ANY_SIGNATURE}


def test_names_with_letters_the_schemas_disagree_on():
    for word in ("Михаил", "Хрущёв", "Цой", "Щукин", "Игорь", "Подъезд", "Пётр", "Чайковский", "ЦСКА"):
        found = names.RU_SIGNATURES[word]
        assert found != {names.ANY_SIGNATURE}
        assert all(names.signature(key) in found for key in names.ru_keys(word)), word


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="abcdeghijklnorstuvwxyzABCHKSZ'’ſ-é", min_size=1, max_size=12))
def test_english_keys(word):
    assert names.en_key(word) == names.skeleton(names._POSSESSIVE.sub("", word))


# Editions made of names that transliterate into each other (and some that nearly do).
_RU_NAMES = ["Сталин", "Сталина", "СТАЛИНУ", "Хрущёв", "Михаил", "Чешме", "Нуруллаев", "Цой", "Щукин",
             "Игорь", "ЕКИ", "СССР", "Баку", "Ельцин", "Ивановыми", "Юлия", "Пётр", "Бах"]
_EN_NAMES = ["Stalin", "STALIN", "Khrushchev", "Mikhail", "Cesme", "Cheshme", "Nurullayev", "Tsoi", "Choi",
             "Shchukin", "Igor", "EKI", "USSR", "Baku", "Yeltsin", "Ivanov", "Yulia", "Pyotr", "Bach", "Peter",
             "Stallone", "Bake"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_RU_NAMES), min_size=1, max_size=4),
       st.lists(st.sampled_from(_EN_NAMES), min_size=1, max_size=4))
def test_gate_answers_as_the_keys_do(ru_names, en_names):
    ru = "Мы долго говорили о погоде и о делах, и потом " + " и ".join(ru_names) + " пришли."
    en = "We talked for a long time about the weather, and then " + " and ".join(en_names) + " came."
    editions = split_editions(Document(ru + "\n\n" + en, "-"))
    assert editions is not None
    keys_ru, acronyms_ru = edition_keys(editions[0])
    keys_en, acronyms_en = edition_keys(editions[1])
    shared = any(len(k) >= DISTINCTIVE_NAME_KEY for k in keys_ru & keys_en) or bool(acronyms_ru & acronyms_en)
    assert _may_share_name_keys(editions[0].doc.text, side_of(editions[0])[1], side_of(editions[1])[1]) == shared


def _by_length_plainly(counts: dict[str, int]) -> dict:
    """``VariantIndex.by_length`` of Russian words as first written: every
    word's (case shape, shortest stem), support summed, kept from two."""
    support: dict = {}
    for word, n in counts.items():
        key = (names.case_shape(word), min(names.ru_stems(word), key=len))
        support[key] = support.get(key, 0) + n
    out: dict = {}
    for (shape, stem), n in support.items():
        if n >= 2:
            out.setdefault((shape, len(stem)), []).append((stem, n))
    return out


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(st.builds(lambda stem, ending, case: _cased(stem + ending, case),
                                 st.sampled_from(["стал", "сталин", "ст", "баку", "иван", "ива", "ёж", "с"]),
                                 st.sampled_from(["", "а", "у", "ом", "ами", "ого", "ин", "о"]), st.integers(0, 3)),
                       st.integers(1, 3), max_size=12))
def test_stems_seen_twice_are_found_from_the_words_that_can_make_them(counts):
    assert names.VariantIndex(counts, "ru").by_length == _by_length_plainly(counts)


def _choice_signatures_by_readings(word: str) -> frozenset[str]:
    """``names._choice_signatures`` as first written: every reading joined,
    each length's prefix single-lettered."""
    table, choices = names._ru_signature_table()
    lower = word.lower()
    letters = lower.translate(table)
    n = len(letters)
    lengths = range(min(n, max(n - 3, 3)), n + 1)
    parts = [choices[c] if x == names._CHOICE else x for c, x in zip(lower, letters)]
    readings = 1
    for part in parts:
        readings *= len(part)
    if readings > names._MAX_READINGS:
        return names._ANY
    return frozenset(names._single_letters("".join(reading[:k])) for reading in product(*parts) for k in lengths)


# Words full of the letters with several signatures, and doubles around them.
_CHOICE_HEAVY = st.text(alphabet="хцщъьёаоннсткк", min_size=1, max_size=14)


@settings(max_examples=1500, deadline=None)
@given(st.one_of(RUSSIAN_WORDS, _CHOICE_HEAVY))
def test_choice_signatures_piece_by_piece_equal_every_reading_joined(word):
    if names._CHOICE not in word.translate(names._ru_signature_table()[0]):
        return
    assert names._ru_signatures(word) == _choice_signatures_by_readings(word), word


def test_choice_signatures_edge_cases():
    for word in ("ь", "ъь", "хх", "ххх", "цц", "оьо", "ньн", "сщ", "щс", "ёё", "ахцщ", "кх", "хк", "ььььь",
                 "ццццц", "хцщъьё", "сталинъ", "подъезд", "хрущёв", "щщщщщщ", "нннь", "ьннн", "аьа"):
        assert names._ru_signatures(word) == _choice_signatures_by_readings(word), word
    assert names._ru_signatures("цццц") == names._ANY  # 4 ** 4 readings


# ---- the compiled twin, _align_dp.prefix_signatures ----

_kernel = speedups.EXTENSION.load()
needs_kernel = pytest.mark.skipif(_kernel is None, reason="the _align_dp extension is not built")


@needs_kernel
@settings(max_examples=1000, deadline=None)
@given(st.one_of(RUSSIAN_WORDS, _CHOICE_HEAVY), st.integers(1, 14), st.sampled_from((1, 2, 4, 32, 10_000)))
def test_compiled_prefix_signatures_are_the_python_ones(word, start, max_readings):
    table, choices = names._ru_signature_table()
    letters = word.translate(table)
    start = min(start, len(letters))
    assert _kernel.prefix_signatures(word, letters, start, choices, max_readings) == \
        names._prefix_signatures(word, letters, start, choices, max_readings), (word, start, max_readings)


# Made-up tables: options empty, long, repeating their neighbours, beyond
# Latin-1; signatures, so without doubled letters, as the real ones.
_OPTIONS = st.lists(st.text(alphabet="abVЖ\U0001d400", max_size=3).map(names._single_letters),
                    min_size=1, max_size=3).map(tuple)
_PIECES = st.lists(st.one_of(st.sampled_from("abVЖ\U0001d400"), st.sampled_from("xyz").map(lambda c: (c,))),
                   min_size=1, max_size=10)


@needs_kernel
@settings(max_examples=1000, deadline=None)
@given(_PIECES, st.fixed_dictionaries({c: _OPTIONS for c in "xyz"}), st.integers(1, 10))
def test_compiled_prefix_signatures_on_made_up_tables(pieces, choices, start):
    lower = "".join(p if isinstance(p, str) else p[0] for p in pieces)
    letters = "".join(p if isinstance(p, str) else names._CHOICE for p in pieces)
    start = min(start, len(letters))
    assert _kernel.prefix_signatures(lower, letters, start, choices, 64) == \
        names._prefix_signatures(lower, letters, start, choices, 64), (lower, letters, start)


@needs_kernel
def test_compiled_prefix_signatures_edge_cases():
    choices = {"x": ("", "a"), "y": ("ab", "b", "ba")}
    for lower, letters in (("x", "\x01"), ("xx", "\x01\x01"), ("axa", "a\x01a"), ("yby", "\x01b\x01"),
                           ("aab", "aab"), ("a", "a"), ("xyxyx", "\x01\x01\x01\x01\x01")):
        for start in range(1, len(letters) + 1):
            for max_readings in (1, 2, 6, 100):
                assert _kernel.prefix_signatures(lower, letters, start, choices, max_readings) == \
                    names._prefix_signatures(lower, letters, start, choices, max_readings), (lower, start)
    with pytest.raises(KeyError):
        _kernel.prefix_signatures("q", "\x01", 1, choices, 32)
    with pytest.raises(TypeError):
        _kernel.prefix_signatures("x", "\x01", 1, {"x": ["a", "b"]}, 32)
    with pytest.raises(ValueError):
        _kernel.prefix_signatures("xx", "\x01", 1, choices, 32)


@settings(max_examples=300, deadline=None)
@given(st.one_of(RUSSIAN_WORDS, _CHOICE_HEAVY), st.integers(0, 3))
def test_ru_signatures_the_same_without_the_kernel(word, case):
    word = _cased(word, case)
    with_kernel = names._ru_signatures(word)
    with afresh(pure_python=True):
        assert names._ru_signatures(word) == with_kernel, word


# ---- the compiled batch, _align_dp.ru_signatures (names.ru_signatures_of) ----

def _compiled_ru_signatures(words: list[str]) -> list:
    table, choices = names._ru_signature_table()
    return _kernel.ru_signatures(words, names._ru_signs(), choices, names._MAX_READINGS, names._ANY)


@needs_kernel
@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.one_of(RUSSIAN_WORDS, _CHOICE_HEAVY, st.text(max_size=6),
                                    st.text(alphabet=RUSSIAN + RUSSIAN.upper() + "-'ǅ", max_size=70)),
                          st.integers(0, 3)), max_size=8))
def test_compiled_ru_signatures_are_the_python_ones(cased_words):
    words_ = [_cased(word, case) for word, case in cased_words]
    assert _compiled_ru_signatures(words_) == [names._ru_signatures(w) for w in words_], words_


@needs_kernel
def test_compiled_ru_signatures_on_every_character():
    # The kernel reads a word as Russian letters by ranges, and its case by
    # them: every BMP character alone, first, and among Russian letters,
    # against the Python (str.islower, str.lower, the table).
    words_ = []
    for code in range(0x10000):
        c = chr(code)
        if not 0xD800 <= code <= 0xDFFF:
            words_ += [c, c + "ан", "Та" + c + "н", "ТА" + c]
    words_ += ["\U0001d400ан", "Ёж" * 40, "ЦЦЦЦЦЦ", "ц" * 70]
    assert _compiled_ru_signatures(words_) == [names._ru_signatures(w) for w in words_]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(RUSSIAN_WORDS, _CHOICE_HEAVY, st.text(max_size=5)), unique=True))
def test_ru_signatures_of_answers_as_the_memo(words_):
    names.RU_SIGNATURES.clear()
    want = [names._ru_signatures(w) for w in words_]
    assert list(names.ru_signatures_of(words_)) == want
    assert list(names.ru_signatures_of(words_)) == want  # (from the memo)
    assert all(names.RU_SIGNATURES[w] == s for w, s in zip(words_, want))
    names.RU_SIGNATURES.clear()
    with afresh(pure_python=True):
        assert list(names.ru_signatures_of(words_)) == want


def _python_skeleton(word: str) -> str:
    return names._finish_skeleton(word.translate(names._CHAR_SKELETONS))


def _python_signature(key: str) -> str:
    return names._single_letters(key.translate(names._VOWELS_AS_V))


_SKELETON_EDGES = ["", "h", "hh", "Shh", "chh", "xh", "XH", "wh", "qh", "jh", "yh", "Khrushchev", "Mississippi",
                   "O'Neill", "USSR", "a1b2c", "x" * 80, "Thh" * 50, "\x00\x7f~", "zzh", "Bjørn", "Zoë", "Ж"]


@needs_kernel
@settings(max_examples=1000, deadline=None)
@given(st.one_of(st.text(alphabet="abcdeghijklnoqrstuvwxyzABCHKSQWXYZ'’-. 19\n", max_size=70),
                 st.text(max_size=12), st.sampled_from(_SKELETON_EDGES)))
def test_compiled_ascii_skeleton_is_the_python_one(word):
    found = _kernel.ascii_skeleton(word)
    if word.isascii():
        assert found == _python_skeleton(word), word
    else:
        assert found is None
    assert names.skeleton(word) == _python_skeleton(word)


@needs_kernel
@settings(max_examples=1000, deadline=None)
@given(st.one_of(st.text(alphabet="abcdeiouVkhsx\n", max_size=80), st.text(max_size=12),
                 st.sampled_from(_SKELETON_EDGES)))
def test_compiled_signature_is_the_python_one(key):
    assert _kernel.signature(key) == _python_signature(key), key
    assert names.signature(key) == _python_signature(key)
