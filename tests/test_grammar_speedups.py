"""The compiled twin of the grammar gate's per-word steps (cleanup/grammar/_scan.c)
answers as the Python code it stands for (scan.Paragraph's own steps).

Skipped where the extension is not built (no compiler); the Python code is
the reference and is what runs there."""

from __future__ import annotations

import sys

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from cleanup import segments
from cleanup.extensions import afresh
from cleanup.grammar import scan
from cleanup.grammar.morph import _is_break
from cleanup.grammar.speedups import compiled

kernel = compiled()
needs_kernel = pytest.mark.skipif(kernel is None, reason="the grammar kernel is not built (or not wanted)")

# Every code point but the surrogates, once each.
_ALL = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)


@needs_kernel
def test_a_gap_of_any_one_character_breaks_as_the_python_code_says():
    gaps = [c for c in _ALL if c != "а"]  # (no gap holds a letter: one that did would have begun a word)
    text = "а" + "а".join(gaps) + "а"
    words = ["а"] * (len(gaps) + 1)
    found = kernel.breaks(text, 0, words)
    white = set(regex.findall(r"\s", _ALL))  # what _is_break's \s* passes
    assert found[0] is True
    assert [c for c, brk in zip(gaps, found[1:]) if brk == (c in white)] == []
    spans = [(2 * i, 2 * i + 1) for i in range(len(words))]
    assert found == scan._gap_breaks(text, spans)
    for c in " \t\u00a0\u2003\u3000\u001c,—«\u0301":  # and _is_break itself, on a few
        assert kernel.breaks("а" + c + "а", 0, ["а", "а"])[1] is _is_break(c)


@needs_kernel
def test_the_gaps_are_found_from_the_words_strings_as_from_the_tokens():
    text = "  «Да,  ну» —\u00a0по-русски   дом’а\nёлка!! Straße  İstanbul ΣΟΦΟΣ x"
    for start in range(0, len(text) + 1):
        tokens, words = segments._split_tokens_and_texts(text, start, len(text))
        assert kernel.breaks(text, start, list(words)) == scan._gap_breaks(text, tokens), start
    assert kernel.breaks(text, 0, []) == [] == scan._gap_breaks(text, ())
    # Words that are not the text's, in order: None (the caller reads the tokens instead).
    assert kernel.breaks(text, 0, ["ну", "Да"]) is None
    assert kernel.breaks(text, 0, ["Дом"]) is None
    assert kernel.breaks(text, 0, ["x", "y"]) is None
    assert kernel.breaks("дом", 1, ["дом"]) is None
    # Words of the text's own width (compared as bytes) and of a narrower one.
    for text, words in (("the cat, a dog", ["the", "cat", "a", "dog"]), ("дом, кот ёж", ["дом", "кот", "ёж"]),
                        ("дом cat, кот", ["дом", "cat", "кот"]), ("an 😀 b, c", ["an", "b", "c"])):
        spans = [(m.start(), m.end()) for m in regex.finditer(r"\w+", text)]
        assert kernel.breaks(text, 0, words) == scan._gap_breaks(text, spans), text
    assert kernel.breaks("the cat", 0, ["the", "cap"]) is None and kernel.breaks("дом кот", 0, ["дом", "кит"]) is None


@needs_kernel
def test_a_digit_is_found_wherever_the_regex_finds_one():
    digits = set(regex.findall(r"\d", _ALL))
    for i in range(0, len(_ALL), 512):
        chunk = _ALL[i : i + 512]
        for j, c in enumerate(chunk):
            said = kernel.may_hold_digit(chunk, j, j + 1)
            assert said is None or said == (c in digits), hex(ord(c))
    latin1 = _ALL[:256]  # a text of one byte a character (the chunks above are wider)
    for j, c in enumerate(latin1):
        assert kernel.may_hold_digit(latin1, j, j + 1) is (c in digits), hex(ord(c))
    assert kernel.may_hold_digit("in 1917", 0, 7) is True and kernel.may_hold_digit("in 1917", 0, 3) is False
    assert kernel.may_hold_digit("в 1917 году", 0, 11) is True
    assert kernel.may_hold_digit("в 1917 году", 6, 11) is False
    assert kernel.may_hold_digit("в тысяча — «год»", 0, 16) is False


@needs_kernel
def test_words_kept_as_they_are_are_their_own_lower_case():
    kept = [c for c in _ALL if kernel.lowers([c])[0] is c]
    assert kept and all(c.lower() == c for c in kept)
    assert "Д" not in kept and "A" not in kept and "İ" not in kept


_PIECES = st.sampled_from(
    ["слово", "Слово", "ДОМ", "ёлка", "по-русски", "it's", "Straße", "İstanbul", "ΣΟΦΟΣ", "дом’а", "1917", "70-ти",
     " ", "  ", "\n", "\u00a0", "\u2003", ", ", " — ", "«", "»", ".", "\u0301", "-", "'", "\u001c", "٣", "x"]
)


@needs_kernel
@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=60), st.integers(0, 5))
def test_a_paragraph_splits_alike_with_and_without_the_kernel(pieces, cut):
    text = "".join(pieces)
    start, end = min(cut, len(text)), len(text)
    with_kernel = scan.Paragraph(text, start, end)
    with afresh(pure_python=True):
        without = scan.Paragraph(text, start, end)
    assert with_kernel.words == without.words
    assert with_kernel.brk == without.brk
    assert with_kernel.lowers == without.lowers
    assert [(t.start, t.end, t.text, t.brk) for t in with_kernel.all_toks()] == [
        (t.start, t.end, t.text, t.brk) for t in without.all_toks()]


def test_pure_python_switch_and_start_up():
    """CLEANUP_PURE_PYTHON=1 keeps the Python code; start-up never loads the kernel."""
    import os
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    code = "from cleanup.grammar import speedups; print(speedups.compiled() is None)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root, timeout=60,
                          env={**os.environ, "CLEANUP_PURE_PYTHON": "1"})
    assert proc.stdout.strip() == "True", proc.stderr
    proc = subprocess.run(
        [sys.executable, "-c", "import sys, cleanup.cli, cleanup.pipeline, cleanup.detectors.grammar;"
         "print('cleanup.grammar._scan' in sys.modules)"],
        capture_output=True, text=True, cwd=root, timeout=60,
    )
    assert proc.stdout.strip() == "False", proc.stderr


_GOVERNORS = st.sampled_from(
    ["", "в", "на", "с", "со", "за", "после", "от", "к", "что за", "два", "три", "оба", "1917", "спасибо",
     "благодарность", "связанной с", "предусматривавшие", "Москве", "борьба со", "встреча с", "дом с",
     "спасибо за", "благодарны за", "отвечает за", "вместе с"])
_MODIFIERS = st.lists(st.sampled_from(
    ["новый", "новая", "новых", "большом", "большой", "других", "этой", "нашей", "рабочих", "международный",
     "коммунистических и рабочих", "который", "его", "тем самым", "связанной"]), max_size=2)
_NOUNS = st.sampled_from(
    ["дом", "доме", "домах", "регионах", "регионов", "солидарность", "партии", "условии", "условия", "жизне",
     "организатором", "работы", "интервенции", "угольке", "году", "Москве", "xyz"])
_PHRASE_GAPS = st.sampled_from([" ", " ", " ", ", ", " — ", ". "])
_PHRASES = st.builds(lambda g, m, n: " ".join(w for w in (g, *m, n) if w), _GOVERNORS, _MODIFIERS, _NOUNS)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_PHRASES, _PHRASE_GAPS), min_size=1, max_size=8), st.booleans())
def test_a_settled_noun_is_one_the_phrase_gate_passes_and_the_kernel_settles_the_same(words, cold):
    if cold:
        scan.forget()  # the slot caches empty: the nouns whose slots are not known yet stay unsettled
    text = "".join(w + g for w, g in words)
    para = scan.Paragraph(text, 0, len(text))
    lowers, brk = para.lowers, para.brk
    fl = [scan.flags(w) for w in lowers]
    at = list(range(len(lowers)))
    python = scan._unsettled_phrases(lowers, brk, fl, at)
    if kernel is not None:
        assert kernel.unsettled_phrases(lowers, brk, fl, scan._NOUN_SLOTS, scan._MOD_SLOTS,
                                        *scan._phrase_tables()) == python
    candidates = [j for j in at if j and fl[j] & scan.NOUN_LIKE and not brk[j] and fl[j - 1] & scan._OPENS_PHRASE]
    for j in candidates:
        if j not in python:
            assert scan._phrase_gate(lowers, brk, fl, j) == -1, (text, j)
    scan.gate(para)  # fills the slot caches: the next example may find them known


_PLACE_WORDS = st.sampled_from(
    ["он", "они", "никто", "учиться", "учится", "хочет", "выразит", "разрешите", "не", "ни", "ест", "горазда",
     "в", "течении", "среди", "от", "жизне", "дом", "регионах", "Москве", "1917", "xyz", "один", "одном", "на"])


@needs_kernel
@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_PLACE_WORDS, _PHRASE_GAPS), max_size=12), st.booleans())
def test_the_kernels_flags_and_places_are_the_python_codes(words, cold):
    """gate_places answers as the Python code (facts_of and the comprehensions
    over the trigger words), the forms the memo lacks learnt first by one
    call that is handed exactly those forms (none: no call)."""
    if cold:
        scan.forget()
    text = "".join(w + g for w, g in words)
    para = scan.Paragraph(text, 0, len(text))
    lowers, brk = para.lowers, para.brk
    asked = []

    def learn(forms, new):
        assert forms is lowers
        asked.append(set(new))
        scan._learn_flags(forms, new)

    python = scan._gate_places(None, lowers, brk)  # learns every form of the paragraph
    assert kernel.gate_places(lowers, brk, scan._FLAGS, scan.VERB_ENDING, scan.PREPOSITION_WORD,
                              scan.STARTER, learn) == python
    assert asked == []
    assert scan._gate_places(kernel, lowers, brk) == python
    if lowers:
        # Forgotten: the last form, and (when there are three or more) the
        # first: the look-ups go on past a missing form to the end.
        gone = {lowers[-1]} | ({lowers[0]} if len(lowers) > 2 else set())
        for form in gone:
            scan._FLAGS.pop(form)
        assert kernel.gate_places(lowers, brk, scan._FLAGS, scan.VERB_ENDING, scan.PREPOSITION_WORD,
                                  scan.STARTER, learn) == python
        assert asked == [gone]
        for form in gone:
            scan._FLAGS.pop(form)
        assert scan._gate_places(kernel, lowers, brk) == python  # learnt again on the way
        scan._FLAGS.pop(lowers[-1])
        with pytest.raises(KeyError):  # a learn that learns nothing
            kernel.gate_places(lowers, brk, scan._FLAGS, scan.VERB_ENDING, scan.PREPOSITION_WORD, scan.STARTER,
                               lambda forms, new: None)
        with pytest.raises(ZeroDivisionError):
            kernel.gate_places(lowers, brk, scan._FLAGS, scan.VERB_ENDING, scan.PREPOSITION_WORD, scan.STARTER,
                               lambda forms, new: 1 / 0)


def test_a_phrase_after_za_or_s_is_settled_by_the_word_before_once_its_answer_is_known():
    """с/со after a word that takes the instrumental allow only it; за after
    что is no preposition: settled without the full gate (in Python and in
    the kernel) once the word before has been asked about, and only then."""
    text = "борьба с новыми врагами, дом с новыми окнами, что за новая жизнь, связь с новых регионах"
    scan.forget()
    para = scan.Paragraph(text, 0, len(text))
    fl = [scan.flags(w) for w in para.lowers]
    for w in para.lowers:
        scan.noun_slots(w), scan.mod_slots(w, False)
    every = list(range(len(fl)))
    cold = scan._unsettled_phrases(para.lowers, para.brk, fl, every)
    assert {3, 7} <= set(cold)  # борьба, дом: not asked about yet
    assert 11 not in cold  # что за: settled at once
    for head in ("борьба", "дом", "связь"):
        scan._takes_with_instrumental(head)
    warm = scan._unsettled_phrases(para.lowers, para.brk, fl, every)
    assert warm == [15]  # связь с новых регионах: not in the instrumental
    assert scan._phrase_gate(para.lowers, para.brk, fl, 15) >= 0
    if kernel is not None:
        assert kernel.unsettled_phrases(para.lowers, para.brk, fl, scan._NOUN_SLOTS, scan._MOD_SLOTS,
                                        *scan._phrase_tables()) == warm


def test_the_common_phrase_is_settled_without_the_full_gate():
    text = "в новом доме других регионах от других регионах"
    para = scan.Paragraph(text, 0, len(text))
    scan.gate(para)
    fl = [scan.flags(w) for w in para.lowers]
    found = scan._unsettled_phrases(para.lowers, para.brk, fl, list(range(len(fl))))
    assert 2 not in found  # в новом доме agrees in a case в takes
    assert 7 in found  # от других регионах does not (the full gate finds the problem)
    assert scan._phrase_gate(para.lowers, para.brk, fl, 7) >= 0


_LETTERS = st.text(alphabet="аоеиэяёюуыьъкстнр" + "ab\U0001f600", max_size=9)


@needs_kernel
@settings(max_examples=500, deadline=None)
@given(_LETTERS, _LETTERS)
def test_the_edit_cost_is_the_python_codes(a, b):
    from cleanup.grammar.morph import _CLOSE_PAIRS, _python_edit_cost

    for x, y in ((a, b), ("жизн" + a, "жизн" + b), (a * 5, b * 7)):  # (long: the table leaves the stack)
        found = kernel.edit_cost(x, y, _CLOSE_PAIRS)
        assert type(found) is float and found == _python_edit_cost(x, y), (x, y)


@needs_kernel
def test_the_edit_cost_of_a_few_pairs():
    from cleanup.grammar.morph import _CLOSE_PAIRS

    assert kernel.edit_cost("жизне", "жизни", _CLOSE_PAIRS) == 0.5
    assert kernel.edit_cost("жизне", "жизнь", _CLOSE_PAIRS) == 1.0
    assert kernel.edit_cost("", "дом", _CLOSE_PAIRS) == 3.0
    assert kernel.edit_cost("дом", "дом", _CLOSE_PAIRS) == 0.0
    assert kernel.edit_cost("ао", "оа", _CLOSE_PAIRS) == 1.0


class _CountedMasks(dict):
    """A mask list as formtable's _Masks is one: a dict whose __missing__ makes the entry (here, from the number)."""

    def __missing__(self, n):
        mask = self[n] = 1000 + n
        return mask


def _learned(learn, data, forms, spelling):
    out, nouns, mods, noun_masks, mod_masks = {}, {}, {}, _CountedMasks(), _CountedMasks()
    rest = learn(data, forms, spelling, out, nouns, noun_masks, mods, mod_masks)
    return rest, out, nouns, mods, noun_masks, mod_masks


@needs_kernel
def test_the_table_learns_as_the_python_code():
    """The kernel's look-ups in the grammar table's hash table, with the
    spelling bits added and the slot memos filled, answer as
    formtable._table_learn: over a small full table (long probe runs), and
    over the real one with held and unheld forms, odd characters and
    forms too long for a record included."""
    import random

    from cleanup.grammar import formtable

    rng = random.Random(3)
    letters = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяaz-'\U0001f600\u0800"
    forms = list(dict.fromkeys("".join(rng.choice(letters) for _ in range(rng.randint(1, 9))) for _ in range(2000)))
    long_ones = ["я" * 127, "я" * 128, "ж" * 300, "a" * 255, "\u0800" * 85]  # 254, 256, 600, 255, 255 bytes
    forms += long_ones
    facts = [(rng.randrange(256), rng.choice([formtable.NONE, rng.randrange(9)]),
              rng.choice([formtable.NONE, rng.randrange(9)]), rng.randrange(16)) for _ in forms]
    small = formtable.hash_table(forms, facts)
    asked = forms + [f + "ы" for f in forms] + [""]
    rng.shuffle(asked)
    spelling = (1 << 8, ("т", "ся"), ((1 << 9, frozenset(forms[:50])), (1 << 10, {"аб", "я" * 128})),
                1 << 11, ("аб", "ёж", "\U0001f600"))
    found = _learned(kernel.table_learn, small, asked, spelling)
    assert found == _learned(formtable._table_learn, small, asked, spelling)
    assert 0 < len(found[0]) < len(asked) and found[2] and found[3]
    assert all(any(bits & bit for bits in found[1].values()) for bit in (1 << 8, 1 << 9, 1 << 10, 1 << 11))
    assert "я" * 127 in found[1] and "a" * 255 in found[1] and "\u0800" * 85 in found[1]  # the longest held
    assert "я" * 128 in found[0] and "ж" * 300 in found[0]
    assert _learned(kernel.table_learn, memoryview(small), set(), spelling)[:4] == ([], {}, {}, {})
    real = formtable.table()._data
    words = {"и", "в", "дома", "стол", "красивая", "хыщбр", "qwerty", "Дом", "ёлка", "елка", "по-моему", "идут",
             "спасибо", *forms[:300]}
    found = _learned(kernel.table_learn, real, words, scan._SPELLING)
    assert found == _learned(formtable._table_learn, real, words, scan._SPELLING)
    assert {"хыщбр", "qwerty", "Дом"} <= set(found[0]) and {"и", "дома", "стол"} <= set(found[1])
    with pytest.raises(TypeError):
        kernel.table_learn(small, [1], spelling, {}, {}, {}, {}, {})
    with pytest.raises(TypeError):
        kernel.table_learn(small, forms[:1], (1, ("т",), ((2, ["дом"]),), 4, ()), {}, {}, {}, {}, {})  # not a set
    with pytest.raises(UnicodeEncodeError):
        kernel.table_learn(small, ["д\ud800"], spelling, {}, {}, {}, {}, {})
    with pytest.raises(ValueError):
        kernel.table_learn(b"\x03\x00\x00\x00\x00\x00\x00\x00", ["дом"], spelling, {}, {}, {}, {}, {})  # 3 slots


_ARTICLE_PIECES = st.sampled_from(
    ["a", "A", "n", "N", "b", " ", "\u00a0", "\u2028", "\x1c", "\x1f", "\x85", "\u3000", "1", "\u0661", "\u0301",
     "я", "-", ".", "\t", "\r\n", "x", "\U00010d40", "\x0b", "_", "e", "i", "o", "u", "h", "é", "ä", "an ",
     "An\t", "a\u2003", " apple", "n1", "Ba", "za"])


@needs_kernel
@settings(max_examples=2000, deadline=None)
@given(st.lists(_ARTICLE_PIECES, max_size=14), st.integers(0, 40), st.integers(0, 40))
def test_the_kernels_article_candidates_are_the_patterns(pieces, start, end):
    """article_candidates finds what the two candidate patterns find: the
    look-behind reaching before start, the look-ahead stopping at end."""
    from cleanup.detectors.grammar import _article_candidates_python

    text = "".join(pieces)
    start, end = min(start, end, len(text)), min(max(start, end), len(text))
    assert kernel.article_candidates(text, start, end) == _article_candidates_python(text, start, end), (
        text, start, end)


@needs_kernel
def test_the_kernels_article_candidates_on_an_english_paragraph():
    from cleanup.detectors.grammar import _article_candidates_python

    text = "Mia had a apple, an dog and a old cat. A idea: an\u00a0owl at a\u2003ice rink; Aa an1 a"
    for start, end in ((0, len(text)), (1, len(text)), (8, 20), (0, len(text) - 1)):
        found = kernel.article_candidates(text, start, end)
        assert found == _article_candidates_python(text, start, end)
    assert kernel.article_candidates(text, 0, len(text))  # (not a test of an empty answer)
