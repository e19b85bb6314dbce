"""The kernels of ``_align_dp`` the consistency and parallel detectors map
over a document's paragraphs (``capitalised_tokens``, ``is_heading``)
equal their Python twins, and the paths that use them answer as before:
the editions told from spans, the variant probes, the gate without the
comparison loaded."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleanup.document import Document
from cleanup.extensions import afresh
from cleanup.parallel import names, speedups
from cleanup.parallel.editions import Paragraph, bilingual_spans, split_editions
from cleanup.parallel.headings import heading_test, is_heading
from cleanup.segments import Token, paragraphs, word_sequence, word_texts

_kernel = speedups.EXTENSION.load()
needs_kernel = pytest.mark.skipif(_kernel is None, reason="the _align_dp extension is not built")

# First characters of every sort: capitals, title case (ǅ), lower case,
# uncased letters, digits, marks, astral capitals, a lone surrogate.
_FIRSTS = ["A", "Z", "a", "Я", "я", "Ё", "ǅ", "ǆ", "Ǆ", "ß", "ẞ", "中", "5", "Ⅻ", "ⅻ", "Ⓐ", "\u0301", "𝐀", "𐐀",
           "𐐨", "'", "-", "\ud800", "İ", "ſ"]


@needs_kernel
@pytest.mark.parametrize("rest", ["", "a", "A", "bc", "\u0301x"])
def test_capitalised_tokens_kernel_is_the_python_one_on_any_first_character(rest):
    texts = [c + rest for c in _FIRSTS]
    tokens = tuple(Token(i, i + len(t), t) for i, t in enumerate(texts))
    assert _kernel.capitalised_tokens(tokens, texts) == names.capitalised_tokens(tokens, texts)


@needs_kernel
def test_capitalised_tokens_kernel_on_every_code_point():
    texts = [chr(c) + "x" for c in [*range(0x20000), 0xE0041, 0x10FFFF]]
    tokens = tuple(Token(c, c + 2, t) for c, t in enumerate(texts))
    kept = _kernel.capitalised_tokens(tokens, texts)
    assert kept == names.capitalised_tokens(tokens, texts)
    assert len(kept) > 1000 and all(t[2][0].isupper() for t in kept)


class _CountedReads:
    """A sequence of tokens that counts the reads of each."""

    def __init__(self, tokens):
        self.tokens, self.reads = tokens, Counter()

    def __len__(self):
        return len(self.tokens)

    def __getitem__(self, i):
        self.reads[i] += 1
        return self.tokens[i]


@needs_kernel
def test_capitalised_tokens_read_only_the_tokens_they_keep():
    """Given a sequence (segments' compiled one makes a Token when one is
    read), the kernel and the twin read only the tokens they keep."""
    text = "Иван и Пётр met John and mary in Москва, a Я."
    tokens, texts = word_sequence(text, 0, len(text))
    want = tuple(t for t in tokens if len(t[2]) >= 2 and t[2][0].isupper())
    assert [t[2] for t in want] == ["Иван", "Пётр", "John", "Москва"]
    for pick in (_kernel.capitalised_tokens, names.capitalised_tokens):
        counted = _CountedReads(tuple(tokens))
        assert pick(counted, list(texts)) == want
        assert sorted(counted.reads) == [i for i, t in enumerate(texts) if t in ("Иван", "Пётр", "John", "Москва")]
        assert set(counted.reads.values()) == {1}


@needs_kernel
def test_capitalised_tokens_kernel_rejects_what_the_twin_cannot_read():
    with pytest.raises(ValueError):
        _kernel.capitalised_tokens((Token(0, 2, "Ab"),), [])
    with pytest.raises(TypeError):
        _kernel.capitalised_tokens((Token(0, 2, "Ab"),), [None])
    assert _kernel.capitalised_tokens((), []) == ()


@needs_kernel
@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("Аа Бб Ёё Zz Ǆǅǆ-'’.,1\n\u0301中") | st.characters(), max_size=80))
def test_capitalised_words_of_the_tokens_with_and_without_the_kernel(text):
    tokens, texts = tuple(word_sequence(text, 0, len(text))[0]), word_texts(text, 0, len(text))
    assert _kernel.capitalised_tokens(tokens, texts) == names.capitalised_tokens(tokens, texts)
    # ... and the words the pattern finds without the tokens.
    assert names.capitalised_tokens(tokens, texts) == names._capitalised_in(text, 0)


@needs_kernel
@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("AБЁǅǆ aб1 .\n\u0301中") | st.characters(), max_size=40))
def test_is_heading_kernel_is_the_python_one(text):
    for start in range(len(text) + 1):
        for end in range(start, len(text) + 1):
            assert _kernel.is_heading(text, start, end) is is_heading(text, start, end), (text, start, end)


@needs_kernel
def test_is_heading_kernel_at_the_edges():
    for text in ["", " ", "A", "a", "12", "ǅ", "Ⓐ", "A" * 120, "A" * 121, "A " * 120 + "1", "A" * 119 + "Ab",
                 "CHAPTER 1.\n", "Глава ПЕРВАЯ", "ГЛАВА ПЕРВАЯ"]:
        assert _kernel.is_heading(text, 0, len(text)) is is_heading(text, 0, len(text)), text
    assert _kernel.is_heading("xAB", 1, 99) is True  # clamped as a slice
    assert _kernel.is_heading("AB", 2, 1) is False


def test_heading_test_without_the_kernel():
    with afresh(pure_python=True):
        assert heading_test() is is_heading


_RU = "Сталин выступал в Москве в 1937 году. Потом Сталин уехал в Ленинград и Баку."
_EN = "Stalin spoke in Moscow in 1937. Then Stalin went to Leningrad."
_TEXTS = [
    _RU, _EN, _RU + "\n\n" + _EN, _EN + "\n\n" + _RU, _RU + "\n\n" + _EN + "\n\n" + _RU,
    _RU + "\n\nOK.", "x\n\n" + _RU + "\n\n" + _EN + "\n\n12 34", "",
    "\n\n".join([_RU, _EN, _RU, _RU, _RU, _RU, _EN]),  # one edition far larger
]


@pytest.mark.parametrize("text", _TEXTS)
def test_bilingual_spans_are_the_editions_of_paragraphs(text):
    """The editions told from the spans are those of Paragraph sizes (the
    reference: each language's paragraphs summed, the larger first, the
    share and ratio tests, the first to start first)."""
    spans = paragraphs(text)
    pair = bilingual_spans(text, spans)
    by_lang: dict = {}
    for s in spans:
        if s.lang is not None:
            by_lang.setdefault(s.lang, []).append(s)
    doc = Document(text, "-")
    sizes = {lang: sum(Paragraph(doc, s, 0).size for s in group) for lang, group in by_lang.items()}
    if len(sizes) < 2:
        assert pair is None
        return
    (big, n1), (small, n2) = sorted(sizes.items(), key=lambda kv: -kv[1])[:2]
    if not n1 + n2 or n2 / (n1 + n2) < 0.2 or n1 > 2.5 * n2:
        assert pair is None and split_editions(doc) is None
        return
    assert pair is not None and {pair[0][0], pair[1][0]} == {big, small}
    assert pair[0][1] == by_lang[pair[0][0]] and pair[1][1] == by_lang[pair[1][0]]
    assert pair[0][1][0].start < pair[1][1][0].start
    a, b = split_editions(doc)
    assert (a.lang, [p.span for p in a.paragraphs]) == pair[0]
    assert [p.index for p in b.paragraphs] == list(range(len(pair[1][1])))


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["Сталин", "Сталина", "СТАЛИН", "Сталтн", "СТАЛТН", "Stalin", "STALIN",
                                        "Staltn", "Stalin's", "Staiin’s", "Баку", "Бaку", "Ивановыми", "Иванов",
                                        "ABCD", "ABC", "Ǆemal", "Nurullayev", "Nurulayev", "Qu", "Ёлка", "Елка"]),
                       st.integers(1, 4)),
       st.sampled_from(["ru", "en", None]))
def test_variant_probes_answer_as_the_index_did(counts, lang):
    """``may_have_variants`` is ``may_have_variant`` of each word, and
    either is False only where ``near_variant`` finds nothing."""
    index = names.VariantIndex(Counter(counts), lang)
    words = list(counts) + ["Сталинград", "X", "Stalinist"]
    picked = index.may_have_variants(words)
    assert picked == [w for w in words if index.may_have_variant(w)]
    for word in words:
        if word not in picked:
            assert index.near_variant(word, lambda w, lang_: False) is None


_IMPORTS_AFTER_CHECK = """
import sys
from cleanup.document import Document
from cleanup.options import Options
from cleanup.pipeline import Checker
Checker(Options()).check(Document(sys.argv[1], "-"))
print(sorted(m for m in sys.modules if m.startswith("cleanup.parallel")))
"""


def test_a_bilingual_document_that_is_no_translation_loads_no_comparison():
    import os

    text = ("Мы долго шли по лесу и говорили о погоде. Потом пошёл дождь, и мы вернулись домой.\n\n"
            "The committee met on a quiet morning. Nobody spoke about the weather at all.\n")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    out = subprocess.run([sys.executable, "-c", _IMPORTS_AFTER_CHECK, text],
                         capture_output=True, text=True, check=True, env=env)
    loaded = eval(out.stdout.strip().splitlines()[-1])
    assert "cleanup.parallel.gate" in loaded  # it was asked
    assert "cleanup.parallel.compare" not in loaded
    assert "cleanup.parallel.align" not in loaded


def _case_shape_plainly(word: str) -> str:
    """``names.case_shape`` as first written, letter by letter."""
    letters = [c for c in word if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return "upper"
    if letters and letters[0].isupper():
        return "title"
    return "lower"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from("AaЯяǅǆ中Ⓐ'’-1\u0301") | st.characters(), max_size=12))
def test_case_shape_is_the_letter_by_letter_one(word):
    assert names._case_shape(word) == _case_shape_plainly(word)


# ---- the consistency detector's name gate: kernels and twins ------------------

_NAME_WORDS = ["Сталин", "Сталина", "Сталину", "СТАЛИН", "СТАЛИНА", "Сталтн", "СТАЛТНУ", "Stalin", "STALIN",
               "Staltn", "Stalin's", "Staiin’s", "Баку", "Ивановыми", "Иванов", "Иванова", "ABCD", "ABC", "Ab",
               "Ǆemal", "Ǆemai", "İstanbul", "İstanbui", "Nurullayev", "Nurulayev", "Ёлка", "Елка", "ΣΟΦΙΑ", "ΣΟΦΙΣ"]
_NAME_WORD = st.sampled_from(_NAME_WORDS) | st.text(alphabet="abАБaаİΣ'", min_size=1, max_size=7)


def _gate_plainly(index, words) -> list:
    """The gate as it was first written: a word may have a variant when a
    stem of ``index.by_length`` (three letters or more) of its case shape,
    one letter longer, shorter or as long as its stem (four letters or
    more), shares the stem's first two or last two letters in lower case."""
    found = []
    for word in words:
        base = names.base_form(word, index.lang)
        stem = names.shortest_ru_stem(base) if index.lang == "ru" else base
        if len(base) < 4 or len(stem) < 4:
            continue
        shape, lowered = names.case_shape(base), stem.lower()
        if any(length >= 3 and abs(length - len(stem)) <= 1
               and (other.lower()[:2] == lowered[:2] or other.lower()[-2:] == lowered[-2:])
               for (other_shape, length), entries in index.by_length.items() if other_shape == shape
               for other, _ in entries):
            found.append(word)
    return found


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(_NAME_WORD, st.integers(1, 3), max_size=12), st.lists(_NAME_WORD, max_size=8),
       st.sampled_from(["ru", "en", None]))
def test_variant_candidates_twin_is_the_gate_as_first_written(counts, extra, lang):
    index = names.VariantIndex(Counter(counts), lang)
    words = list(counts) + extra
    base_of = {word: names.base_form(word, lang) for word in words}
    memo = names.LangMemo(names._stem_ends)[lang]
    stems: dict = {}
    found = names._variant_candidates(words, base_of, counts, memo, lang == "ru", stems)
    assert found == _gate_plainly(index, words)
    # The stems it hands over are the index's own of three letters or more
    # (all near_variant reads), in its order, when a word is found.
    assert list(stems.items()) == ([(key, entries) for key, entries in index.by_length.items() if key[1] >= 3]
                                   if found else [])
    handed = names.VariantIndex(Counter(counts), lang, stems or None)
    assert [handed.near_variant(word, lambda *_: False) for word in found] == \
        [index.near_variant(word, lambda *_: False) for word in found]


@needs_kernel
@settings(max_examples=400, deadline=None)
@given(st.dictionaries(_NAME_WORD, st.integers(1, 3), max_size=12), st.lists(_NAME_WORD, max_size=8),
       st.sampled_from(["ru", "en", None]), st.booleans())
def test_variant_candidates_kernel_is_the_python_one(counts, extra, lang, merges):
    words = list(counts) + extra
    base_of = {word: names.base_form(word, lang) for word in words}
    kernel_memo, twin_memo = (names.LangMemo(names._stem_ends)[lang] for _ in range(2))
    kernel_stems, twin_stems = {}, {}
    assert _kernel.variant_candidates(words, base_of, counts, kernel_memo, merges, kernel_stems) == \
        names._variant_candidates(words, base_of, counts, twin_memo, merges, twin_stems)
    assert list(kernel_stems.items()) == list(twin_stems.items())


@needs_kernel
def test_variant_candidates_kernel_at_the_edges():
    memo, en = names.LangMemo(names._stem_ends)["ru"], names.LangMemo(names._stem_ends)["en"]
    # No words, stems too short to probe, stems seen once (merged or not), lengths one apart.
    assert _kernel.variant_candidates([], {}, {"Сталин": 3}, memo, True) == []
    assert _kernel.variant_candidates(["Баку"], {"Баку": "Баку"}, {"Бака": 2}, memo, True) == []  # stem бак
    assert _kernel.variant_candidates(["Baku"], {"Baku": "Baku"}, {"Baka": 2}, en, False) == ["Baku"]
    assert _kernel.variant_candidates(["Baku"], {"Baku": "Baku"}, {"Baka": 1}, en, False) == []
    assert _kernel.variant_candidates(["Baku"], {"Baku": "Baku"}, {"BAKA": 2, "Bak": 2}, en, False) == ["Baku"]
    counts = {"Сталина": 1, "Сталину": 1, "Сталтну": 1}
    base_of = dict(zip(counts, counts))
    assert _kernel.variant_candidates(["Сталтну"], base_of, counts, memo, True) == ["Сталтну"]
    assert _kernel.variant_candidates(["Сталтну"], base_of, counts, memo, False) == []
    assert _kernel.variant_candidates(["Сталтну"], base_of, {"Сталин": 2, "Ст": 5}, memo, False) == ["Сталтну"]
    assert _kernel.variant_candidates(["Сталтну"], base_of, {"Сталинград": 2}, memo, False) == []
    # A stem too long for the kernel's keys: None, and the caller asks the twin.
    long = "Ab" * (1 << 20)
    assert _kernel.variant_candidates([long], {long: long}, {long: 2}, en, False) is None
    assert names.variant_candidates([long], {long: long}, {long: 2}, "en") == [long]
    with pytest.raises(KeyError):
        _kernel.variant_candidates(["Сталтну"], {}, counts, memo, True)
    with pytest.raises(TypeError):
        _kernel.variant_candidates(["Baku"], {"Baku": "Baku"}, {"Baka": 2}, en, False, [])
    stems = {}
    assert _kernel.variant_candidates(["Baku"], {"Baku": "Baku"}, {"Baka": 2, "Bak": 3, "Rome": 1}, en, False,
                                      stems) == ["Baku"]
    assert stems == {("title", 4): [("Baka", 2)], ("title", 3): [("Bak", 3)]}
    stems = {}
    assert _kernel.variant_candidates(["Baku"], {"Baku": "Baku"}, {"Baka": 1}, en, False, stems) == [] and stems == {}


# Words whose stem, case shape and lowering are worth trying: Russian endings
# in both cases, letters that lower-case to two (İ) or by context (Σ), marks,
# apostrophes, title case, uncased letters.
_STEM_WORD = _NAME_WORD | st.text(alphabet="СтАЛИНаяуюеыиогмхвйОГЕМУЯİΣσςǅ'\u0301中5-", min_size=0, max_size=9)


@needs_kernel
@settings(max_examples=2000, deadline=None)
@given(_STEM_WORD, st.sampled_from(["ru", "en", None]))
def test_stem_ends_kernel_is_the_python_one(word, lang):
    assert _kernel.stem_ends(word, lang == "ru", names._RU_ENDINGS_BY_LAST) == names._stem_ends(word, lang)


@needs_kernel
def test_stem_ends_kernel_on_every_code_point():
    # Each code point X as the first letter (the shape), among capitals, as
    # the last character (the endings looked up by its lower case) and
    # before an ending (the stem lowered); every BMP code point and every
    # 7th astral one.
    templates = ("Xbcd", "ЯXБВ", "XX", "АбвX", "СтаX", "СтаXого", "XТАЛИНУ")
    codes = [*range(0xD800), *range(0xE000, 0x10000), *range(0x10000, 0x110000, 7)]
    for template in templates:
        for code in codes:
            word = template.replace("X", chr(code))
            for lang in ("ru", "en"):
                assert _kernel.stem_ends(word, lang == "ru", names._RU_ENDINGS_BY_LAST) == \
                    names._stem_ends(word, lang), (template, hex(code), lang)


@needs_kernel
@settings(max_examples=400, deadline=None)
@given(st.dictionaries(_STEM_WORD, st.integers(1, 3), max_size=12), st.lists(_STEM_WORD, max_size=8),
       st.sampled_from(["ru", "en", None]), st.integers(1, 6))
def test_variant_candidates_kernel_answers_misses_as_the_memo(counts, extra, lang, maxsize):
    # With the endings handed in, the kernel answers a base its memo lacks
    # itself and keeps it as the memo's __missing__ does (emptied at
    # maxsize): the same words, stems and memo as the twin's.
    words = list(counts) + extra
    base_of = {word: names.base_form(word, lang) for word in words}
    kernel_memo, twin_memo = (names.LangMemo(names._stem_ends, maxsize)[lang] for _ in range(2))
    kernel_stems, twin_stems = {}, {}
    assert _kernel.variant_candidates(words, base_of, counts, kernel_memo, lang == "ru", kernel_stems,
                                      names._RU_ENDINGS_BY_LAST) == \
        names._variant_candidates(words, base_of, counts, twin_memo, lang == "ru", twin_stems)
    assert list(kernel_stems.items()) == list(twin_stems.items())
    assert kernel_memo == twin_memo


@needs_kernel
def test_variant_candidates_kernel_with_endings_at_the_edges():
    memo = names.LangMemo(names._stem_ends)["ru"]
    endings = names._RU_ENDINGS_BY_LAST
    counts = {"Сталина": 1, "Сталину": 1, "Сталтну": 1}
    base_of = dict(zip(counts, counts))
    assert _kernel.variant_candidates(["Сталтну"], base_of, counts, memo, True, None, endings) == ["Сталтну"]
    assert memo == {word: names._stem_ends(word, "ru") for word in counts}
    with pytest.raises(TypeError):  # the endings are a dict
        _kernel.variant_candidates(["Сталтну"], base_of, counts, memo, True, None, [])
    with pytest.raises(AttributeError):  # a memo with endings has a maxsize
        _kernel.variant_candidates(["Сталтну"], base_of, counts, {}, True, None, endings)
    with pytest.raises(TypeError):
        _kernel.stem_ends("Сталина", True, {"а": ["а"]})


@needs_kernel
@settings(max_examples=300, deadline=None)
@given(st.dictionaries(_NAME_WORD, _NAME_WORD, max_size=12), st.sets(_NAME_WORD, max_size=6))
def test_unknown_names_kernel_is_the_python_one(base_of, known):
    kernel_memo, twin_memo = (names.Memo(known.__contains__) for _ in range(2))
    assert _kernel.unknown_names(base_of, kernel_memo) == names._unknown_names(base_of, twin_memo)
    assert kernel_memo == twin_memo  # each base of four letters or more asked once


@needs_kernel
def test_unknown_names_kernel_passes_on_errors():
    def fails(word):
        raise RuntimeError(word)

    with pytest.raises(RuntimeError):
        _kernel.unknown_names({"Staltn": "Staltn"}, names.Memo(fails))
    with pytest.raises(TypeError):
        _kernel.unknown_names({"Staltn": None}, names.Memo(fails))
    assert _kernel.unknown_names({"Abc": "Abc"}, names.Memo(fails)) == []


_CASED = st.sampled_from(["СТАЛИН", "Сталин", "STALIN’S", "STALIN's", "ǅEMAL", "ǄEMAL", "ΣΟΦΙΑ", "AB", "ABC", "A-B",
                          "X1Y", "Ⅻ", "ⅫII", "ﬀ", "ß", "ẞSS", "İSTANBUL", "a", ""]) | st.text(alphabet="AaБбǅǄ-'1Ⅻ", max_size=5)


@needs_kernel
@settings(max_examples=300, deadline=None)
@given(st.dictionaries(_CASED, _CASED, max_size=10), st.sampled_from(["ru", "en"]))
def test_upper_names_kernel_is_the_python_one(bases, lang):
    from cleanup.detectors.consistency import _info

    kernel_memo, twin_memo = (names.LangMemo(_info)[lang] for _ in range(2))
    assert _kernel.upper_names(bases, kernel_memo) == names._upper_names(bases, twin_memo)
    assert kernel_memo == twin_memo  # asked of the same words


@needs_kernel
def test_str_tests_of_the_upper_names_kernel_on_every_code_point():
    """The kernel's str.isupper and str.isalpha: a base of three characters
    is asked of when it is in capitals or not all letters."""
    asked = []
    memo = names.Memo(lambda word: asked.append(word) or ("lower", None))
    bases = {str(c): chr(c) * 3 for c in range(0x30000)} | {"mixed": "AǅB", "x": "Aa1", "y": "ǅǅ"}
    _kernel.upper_names(bases, memo)
    assert asked == [word for word, base in bases.items() if len(base) >= 3 and (base.isupper() or not base.isalpha())]


@needs_kernel
@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["Stalin's", "STALIN’S", "Stalin", "O'Brien", "O’Brien's", "'s", "’", "s",
                                        "Don't", "A’s’s"]) | st.text(alphabet="aS'’\u2018`", max_size=5),
                       st.integers(1, 3), max_size=10))
def test_base_forms_kernel_is_the_python_one(words):
    bases = _kernel.base_forms(words, names.Memo(names._without_possessive))
    assert bases == names.base_forms(list(words), "en")  # (a list: the Python maps)
    assert list(bases) == list(words)
    with pytest.raises(TypeError):
        _kernel.base_forms({1: 1}, names.Memo(names._without_possessive))


@settings(max_examples=300, deadline=None)
@given(st.lists(_CASED | _NAME_WORD, max_size=12), st.sampled_from(["ru", "en"]))
def test_case_candidates_twin_is_the_maps_it_replaced(words, lang):
    """The words of the first maps of ``_case_variants``: those in capitals,
    and those of three letters or more whose first letter lower-cased is a
    key's in capitals."""
    from cleanup.detectors.consistency import _info

    bases = names.base_forms(words, lang)
    case_info = names.LangMemo(_info)[lang]
    upper = names._upper_names(bases, case_info)
    initials = {case_info[word][1][:1] for word in upper}
    words = {word for word, base in bases.items() if len(base) >= 3 and base[:1].lower()[:1] in initials} | set(upper)
    assert names._case_candidates(bases, case_info, upper) == {word: case_info[word] for word in words}


_INITIALS = [chr(c) for c in (*range(0x20, 0x250), *range(0x370, 0x530), 0x130, 0x1E9E, 0x2C00, 0x10400)]


@needs_kernel
@settings(max_examples=300, deadline=None)
@given(st.lists(_CASED | _NAME_WORD | st.builds(str.__add__, st.sampled_from(_INITIALS),
                                                st.text("aAбБ", min_size=2, max_size=4)), max_size=12),
       st.sampled_from(["ru", "en"]))
def test_case_candidates_kernel_is_the_python_one(words, lang):
    from cleanup.detectors.consistency import _info

    bases = names.base_forms(words, lang)
    kernel_memo, twin_memo = (names.LangMemo(_info)[lang] for _ in range(2))
    upper = names._upper_names(bases, kernel_memo)
    names._upper_names(bases, twin_memo)
    assert _kernel.case_candidates(bases, kernel_memo, upper) == names._case_candidates(bases, twin_memo, upper)
    assert kernel_memo == twin_memo


@needs_kernel
@settings(max_examples=400, deadline=None)
@given(st.lists(_CASED | _STEM_WORD | st.sampled_from(["STALIN's", "Stalin’s", "СТАЛИНА", "Сталину", "İSTANBUL"])
                | st.builds(str.__add__, st.sampled_from(_INITIALS), st.text("aAбБ'’ая", min_size=1, max_size=5)),
                max_size=12),
       st.sampled_from(["ru", "en", "de"]), st.integers(1, 6))
def test_name_gate_kernels_answer_misses_as_the_info_memo(words, lang, maxsize):
    # With info_lang, upper_names' and case_candidates' kernels answer a
    # word the memo lacks whose base is itself (other words: the memo's
    # __missing__), kept as the memo keeps it (emptied at maxsize): the same
    # answers and the same memo as the twins'.
    from cleanup.detectors.consistency import _info

    bases = names.base_forms(words, lang)
    kernel_memo, twin_memo = (names.LangMemo(_info, maxsize)[lang] for _ in range(2))
    endings = names._info_endings(lang)
    upper = _kernel.upper_names(bases, kernel_memo, *endings)
    assert upper == names._upper_names(bases, twin_memo)
    assert kernel_memo == twin_memo
    assert _kernel.case_candidates(bases, kernel_memo, upper, *endings) == \
        names._case_candidates(bases, twin_memo, upper)
    assert kernel_memo == twin_memo
    for word in words:  # (the info of every word, a word the memo lacks answered by the kernel)
        kernel_memo.clear()
        _kernel.case_candidates({word: bases[word]}, kernel_memo, [], *endings)
        got = _kernel.case_candidates({"KEY": "KEY", word: bases[word]}, names.Memo(
            lambda w: ("upper", bases[word][:1].lower()[:1] + "x") if w == "KEY" else _info(w, lang)), ["KEY"])
        assert got.get(word, _info(word, lang)) == _info(word, lang)


@needs_kernel
def test_info_kernel_on_every_code_point():
    # Each code point X as the first letter (the shape), among capitals and
    # before a Russian ending (the key lowered), in both languages.
    from cleanup.detectors.consistency import _info

    codes = [*range(0xD800), *range(0xE000, 0x10000), *range(0x10000, 0x110000, 7)]
    for template in ("XТАЛИНА", "СтаXого", "AX", "Xbc"):
        for code in codes:
            word = template.replace("X", chr(code))
            for lang in ("ru", "en"):
                assert _kernel.case_info(word, *names._info_endings(lang)) == _info(word, lang), \
                    (template, hex(code), lang)


@needs_kernel
def test_case_candidates_kernel_on_every_initial():
    """The kernel's first letter in lower case is str.lower's, for every
    character a word can begin with."""
    info = {"KEY": ("upper", None)}
    for c in range(0x10FFFF + 1):
        if 0xD800 <= c < 0xE000:
            continue
        initial = chr(c).lower()[:1]
        memo = names.Memo(lambda word: ("upper", initial + "xx") if word == "KEY" else ("title", "k"))
        got = _kernel.case_candidates({"KEY": "KEY", "w": chr(c) + "bc"}, memo, ["KEY"])
        assert set(got) == {"KEY", "w"}, hex(c)


_COUNTED = st.sampled_from(["Stalin", "Stalin's", "STALIN", "O’Brien's", "O’Brien", "", "ǅ"]) | st.text(alphabet="aS'’", max_size=3)


@needs_kernel
@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9), _COUNTED), max_size=20))
def test_word_counts_kernel_is_the_python_one(capitalised):
    counts = _kernel.word_counts(capitalised)
    assert counts == names._word_counts(capitalised) == Counter(word for _, _, word in capitalised)
    assert list(counts) == list(names._word_counts(capitalised))  # the order first seen
    with pytest.raises(TypeError):
        _kernel.word_counts([(1, 2)])


@needs_kernel
@settings(max_examples=300, deadline=None)
@given(st.lists(_COUNTED, max_size=20), st.sampled_from(["en", "ru"]))
def test_base_counts_kernel_is_the_python_one(words, lang):
    """Each base as often as its words occur, in the order the bases of the
    occurrences are first seen; the counts themselves when no word differs."""
    forms = Counter(words)
    base_of = names.base_forms(forms, lang)
    summed = _kernel.base_counts(forms, base_of)
    expected = Counter(base_of[word] for word in words)  # counted per occurrence
    assert summed == names._base_counts(forms, base_of) == expected
    assert list(summed) == list(names._base_counts(forms, base_of)) == list(expected)
    if all(base == word for word, base in base_of.items()):
        assert summed is forms and names._base_counts(forms, base_of) is forms
    with pytest.raises(KeyError):
        _kernel.base_counts({"Stalin's": 1}, {})


@needs_kernel
def test_base_counts_kernel_adds_equal_bases_that_are_other_objects():
    """A base equal to its word but not the same object is the word itself."""
    word = "".join(["Sta", "lin"])
    forms = {"Stalin": 2, "Stalin's": 3, "Beria": 1}
    base_of = {"Stalin": word, "Stalin's": "Stalin", "Beria": "Beria"}
    assert _kernel.base_counts(forms, base_of) == {"Stalin": 5, "Beria": 1}
    assert _kernel.base_counts({"Stalin": 2}, {"Stalin": word}) == {"Stalin": 2}


_LATIN_BASES = st.sampled_from(["Cesme", "Cheshme", "Češme", "O'Brien", "O’Brien", "Jean-Luc", "Чешме", "Cesme1", "",
                                "-", "'", "ǅemal", "Ab c", "Ʒ"]) | st.text(alphabet="aZ'’-1 éЖ_`", max_size=4)


@needs_kernel
@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(alphabet="abc", min_size=1, max_size=3), _LATIN_BASES, max_size=10))
def test_latin_skeletons_kernel_is_the_python_one(base_of):
    from cleanup.detectors.consistency import _LATIN_WORD

    words = list(base_of)
    memos = [(names.Memo(lambda base: _LATIN_WORD.fullmatch(base) is not None), names.Memo(names.skeleton))
             for _ in range(2)]
    found = _kernel.latin_skeletons(words, base_of, *memos[0])
    assert list(found.items()) == list(names._latin_skeletons(words, base_of, *memos[1]).items())
    with pytest.raises(KeyError):
        _kernel.latin_skeletons(["x"], {}, *memos[0])


@needs_kernel
def test_latin_skeletons_kernel_on_every_ascii_character():
    """The kernel tells an ASCII base Latin only itself: as the pattern does."""
    from cleanup.detectors.consistency import _LATIN_WORD

    asked = []
    latin_only = names.Memo(lambda base: asked.append(base) or True)
    base_of = {str(c): f"a{chr(c)}b" for c in range(128)} | {"one": chr(65), "none": ""}
    found = _kernel.latin_skeletons(list(base_of), base_of, latin_only, names.Memo(names.skeleton))
    assert asked == []
    assert list(found) == [word for word, base in base_of.items() if _LATIN_WORD.fullmatch(base)]


# ``may_read_100_or_fraction``: the kernel against its twin, the pattern.
_NUMBER_PIECES = st.sampled_from(
    list("0123456789OoОоlI|ЗзIVXLCDMХІСМӀ!1.,-–— \u00a0\u2009\t\n\r%аzЯ٣𝟘ᲀВвЕеКкTtUuRrNn") +
    ["век", "ВЕК", "вЕк", "вв.", "ВВ.", "в.", "ᲀ.", "century", "CENTUR", "centu", "C.", "c.", "ce"])


@needs_kernel
@settings(max_examples=3000, deadline=None)
@given(st.lists(_NUMBER_PIECES, max_size=16).map("".join), st.integers(-3, 24), st.integers(-3, 24))
def test_may_read_100_or_fraction_kernel_is_the_pattern(text, start, end):
    """On any span, clamped as a slice is (the pattern searches the slice)."""
    from cleanup.parallel.anchors import _may_read_100_or_fraction_by_pattern

    clamped = slice(start, end).indices(len(text))[:2]
    assert _kernel.may_read_100_or_fraction(text, start, end) is \
        _may_read_100_or_fraction_by_pattern(text, *clamped)


# Each template puts a code point (X) where one branch of the pattern reads
# a character: a digit, a point or comma, a look-alike of a digit, a Roman
# numeral character, C/D/M, a space or dash before a century word, each
# letter of the century words (matched ignoring case).
_TEMPLATES = ("1X2", "X00", "1X", "5X", "X5", "MX", "XM", "XI", "IX", "MX век", "M -Xвек", "MXвек", "M Xек", "M вXк",
              "MвеX", "MвX.", "MвX", "MXentury", "McXntury", "MceXtury", "McenXury", "McentXry", "McentuX", "McX",
              "MXc.", "MX.", "XX")


def _code_points_to_try() -> list[str]:
    """Every code point of the BMP; beyond it, those that are digits,
    spaces or cased, and every 97th other."""
    astral = range(0x10000, 0x110000)
    return [chr(c) for c in range(0x10000)] + [
        x for c in astral if (x := chr(c)).isdecimal() or x.isspace() or x.lower() != x or x.upper() != x
        or c % 97 == 0]


@needs_kernel
def test_may_read_100_or_fraction_kernel_on_every_code_point():
    """Each template with each code point: the kernel's answers are the
    pattern's. The pattern is run over all instances joined by '#' (a
    character no branch reads, so no match crosses it) and an instance
    holds a match when one starts inside it."""
    from cleanup.parallel.anchors import _MAY_READ_100_OR_FRACTION

    points = _code_points_to_try()
    kernel = _kernel.may_read_100_or_fraction
    for template in _TEMPLATES:
        text = "#".join(template.replace("X", x) for x in points)
        width = len(template) + 1
        starts = range(0, len(text), width)
        found = bytearray(len(points))
        for m in _MAY_READ_100_OR_FRACTION.finditer(text):
            found[m.start() // width] = 1
        expected = bytes(found)
        got = bytes(kernel(text, s, s + width - 1) for s in starts)
        assert got == expected, (template, [points[i] for i in range(len(points)) if got[i] != expected[i]][:10])
        assert 0 < sum(got), template
