"""The optional C twins of the spelling search (cleanup/spelling/_speedups.c)
must compute exactly what their pure-Python references compute.

Skipped, with the reason, where the extension is not built (no compiler at
install time); a machine with gcc builds it on `pip install`, so there
these run."""

from __future__ import annotations

from array import array
import json
import os
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleanup.extensions import afresh
from cleanup.spelling import errormodel, index, speedups

ROOT = Path(__file__).resolve().parents[1]

needs_extension = pytest.mark.skipif(
    not speedups.available(),
    reason="cleanup.spelling._speedups is not built, or is older than its source (no C compiler at install "
    "time; after a change to the C source, reinstall: pip install -e .): nothing to compare",
)


def _kernel():
    from cleanup.spelling import _speedups

    return _speedups


# Letters where the error model's tables differ from an ordinary edit:
# keyboard and sound pairs, OCR lookalikes in both scripts, ё after sibilants,
# soft and hard signs, the several-letter confusions (rn/m, ьі/ы, нн/н...),
# hyphen and apostrophe; and a letter no table knows.
_LETTERS = list("аоеёиыяэюужшщчцсзбпвфгкдтйьънмрлх") + list("abcdeilmnorstuvwxyz") + list("-'0O1l!|3З6б€")
# (U, h, ı: the one letter of OCR's ll, li, lı; K shares ы's low byte, which the kernel's filter of the
# several-letter confusions goes by.)
_PIECES = _LETTERS + ["rn", "cl", "vv", "ii", "ri", "in", "ni", "ьі", "ъі", "тт", "нн", "шё", "жо", "щё", "ться", "цца",
                      "U", "h", "ı", "ll", "li", "lı", "il", "K"]
words = st.lists(st.sampled_from(_PIECES), max_size=8).map("".join)


def _bits(x: float) -> str:
    return x.hex()


@needs_extension
@settings(max_examples=1500, deadline=None)
@given(words, words)
def test_weighted_distance_is_the_python_table_to_the_bit(typed, intended):
    assert _bits(_kernel_distance()(typed, intended)) == _bits(errormodel._python_distance(typed, intended))


@lru_cache(maxsize=1)
def _model():
    # Built here rather than taken from errormodel, which chooses the Python
    # twin under CLEANUP_PURE_PYTHON: the comparison wants the kernel regardless.
    return errormodel.compiled_model(_kernel())


def _kernel_distance():
    return _model().distance


@needs_extension
@settings(max_examples=1000, deadline=None)
@given(words, words)
def test_quick_cost_weighs_the_alignment_as_the_python_loop_does(typed, intended):
    a, b = intended.lower(), typed.lower()
    ops = errormodel.editops(a, b).as_list()
    assert _bits(_model().weigh_editops(ops, b, a)) == _bits(errormodel._python_weigh_editops(ops, b, a))


@needs_extension
@settings(max_examples=1500, deadline=None)
@given(words, words)
def test_quick_cost_aligns_as_rapidfuzz_does(typed, intended):
    """The compiled quick_cost makes rapidfuzz's alignment itself: the same
    ops (so the same weight, to the bit) as Levenshtein.editops."""
    a, b = intended.lower(), typed.lower()
    assert _bits(_model().quick_cost(b, a)) == _bits(errormodel._python_quick(b, a))


@needs_extension
def test_quick_cost_on_repeats_and_long_words():
    for typed, intended in [("", ""), ("", "аб"), ("аб", ""), ("ааааа", "аа"), ("abab" * 8, "baba" * 8),
                            ("ы" * 62, "ы" * 60 + "ьі"), ("я" + "ю" * 60, "ю" * 61 + "я")]:
        assert _bits(_model().quick_cost(typed, intended)) == _bits(errormodel._python_quick(typed, intended))
    with pytest.raises(ValueError):
        _model().quick_cost("a" * 70, "b" * 70)
    assert errormodel.quick_cost("b" * 70, "a" * 70) == errormodel._python_quick("b" * 70, "a" * 70)


@needs_extension
@settings(max_examples=300, deadline=None)
@given(st.data())
def test_weighted_distance_agrees_on_near_words(data):
    """Most random pairs are far apart; typos are near: a word and a few edits of it."""
    intended = data.draw(words)
    typed = list(intended)
    for _ in range(data.draw(st.integers(0, 3))):
        where = data.draw(st.integers(0, len(typed)))
        kind = data.draw(st.sampled_from("insert delete swap replace repeat".split()))
        if kind == "repeat" and len(typed) >= 2:  # a chunk of 2 or 3 letters typed twice
            k = data.draw(st.integers(2, 3))
            end = max(k, min(where, len(typed)))
            typed[end:end] = typed[end - k:end]
        elif kind == "insert":
            typed.insert(where, data.draw(st.sampled_from(_LETTERS)))
        elif typed and kind == "delete":
            del typed[min(where, len(typed) - 1)]
        elif len(typed) > 1 and kind == "swap":
            k = min(where, len(typed) - 2)
            typed[k], typed[k + 1] = typed[k + 1], typed[k]
        elif typed:
            typed[min(where, len(typed) - 1)] = data.draw(st.sampled_from(_LETTERS))
    typed = "".join(typed)
    assert _bits(_kernel_distance()(typed, intended)) == _bits(errormodel._python_distance(typed, intended))


@needs_extension
def test_weighted_distance_examples_and_long_words():
    distance = _kernel_distance()
    for typed, intended in [("сталтну", "сталину"), ("хрущщовского", "хрущёвского"), ("", ""), ("", "аб"),
                            ("modern", "modem"), ("ы" * 70, "ы" * 69 + "ьі"), ("abc" * 40, "acb" * 40),
                            ("невозмозможно", "невозможно"), ("неососознанно", "неосознанно"),
                            ("х" * 60 + "абаб" + "ю" * 10, "х" * 60 + "аб" + "ю" * 10),
                            # (lengths further apart than the band, either way: the cells a row
                            # leaves alone must read as INF, whatever the rows before wrote there)
                            ("а" * 20, "б"), ("б", "а" * 20), ("ab" * 40, "ba"), ("стол", "столоверчение" * 3),
                            ("абвгдеёжзийклмн", "абвгдежзийклмнопрст"), ("абвгдежзийклмнопрст", "абвгдеёжзийклмн")]:
        assert _bits(distance(typed, intended)) == _bits(errormodel._python_distance(typed, intended))
    assert round(distance("сталтну", "сталину"), 3) == errormodel.KEYBOARD


# The letters of the kernel's dense cost tables (a-z, U+0430..U+0451) and some without a slot (the maps').
_SLOTTED = [chr(c) for c in range(ord("a"), ord("z") + 1)] + [chr(c) for c in range(0x430, 0x452)]
_UNSLOTTED = list("AZ'-|0ı\u0450\u0452\u042fі€")


@needs_extension
def test_weighted_distance_reads_every_letter_pair_as_the_tables_say():
    """Each substitution, sibilant-vowel and several-letter confusion cost the
    kernel reads from its dense tables (and the maps' for other letters) is
    the Python table's: every pair of letters, alone, after a sibilant, and
    beside the letters of the several-letter confusions."""
    distance, model = _kernel_distance(), _model()
    letters = _SLOTTED + _UNSLOTTED
    for x in letters:
        for y in letters:
            for typed, intended in [(y, x), ("ш" + y, "ш" + x), ("ж" + y + "а", "ж" + x + "а"), ("r" + y, "r" + x),
                                    (y + "n", x + "n"), (x + y, "m"), ("m", x + y), ("ь" + y, "ы" + x)]:
                assert _bits(distance(typed, intended)) == _bits(errormodel._python_distance(typed, intended)), (
                    typed, intended)
            a, b = "ш" + x + "ок", "ш" + y + "ок"
            ops = errormodel.editops(a, b).as_list()
            assert _bits(model.weigh_editops(ops, b, a)) == _bits(errormodel._python_weigh_editops(ops, b, a))


@needs_extension
def test_weighted_distance_refuses_wrong_arguments():
    distance = _kernel_distance()
    with pytest.raises(TypeError):
        distance("a", 1)
    with pytest.raises(RuntimeError):
        _kernel().WeightedOSA.__new__(_kernel().WeightedOSA).distance("a", "b")


def _vocabulary(lang: str) -> list[str]:
    text = index.get(lang)._mapped_tables()[0]
    return bytes(text).decode("utf-8").split("\n")[:-1]


@pytest.fixture(scope="module")
def vocabularies():
    return {lang: _vocabulary(lang) for lang in ("ru", "en")}


_TYPING = {"ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя-", "en": "abcdefghijklmnopqrstuvwxyz'"}


def _typed(data, vocabularies, kinds: str) -> tuple[str, str]:
    """A language and a word of its vocabulary with up to three typing slips
    of the given kinds (letters typed in, left out, swapped, replaced)."""
    lang = data.draw(st.sampled_from(["ru", "en"]))
    vocabulary = vocabularies[lang]
    word = list(vocabulary[data.draw(st.integers(0, len(vocabulary) - 1))])
    for _ in range(data.draw(st.integers(0, 3))):
        where = data.draw(st.integers(0, len(word)))
        kind = data.draw(st.sampled_from(kinds.split()))
        if kind == "insert":
            word.insert(where, data.draw(st.sampled_from(_TYPING[lang])))
        elif len(word) > 1 and kind == "delete":
            del word[min(where, len(word) - 1)]
        elif len(word) > 1 and kind == "swap":
            k = min(where, len(word) - 2)
            word[k], word[k + 1] = word[k + 1], word[k]
        elif word:
            word[min(where, len(word) - 1)] = data.draw(st.sampled_from(_TYPING[lang]))
    return lang, "".join(word)


@needs_extension
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_close_finds_what_the_python_search_finds(vocabularies, data):
    lang, word = _typed(data, vocabularies, "insert delete swap replace")
    if data.draw(st.booleans()):
        word = word.capitalize()  # a capital the vocabulary never has
    idx = index.get(lang)
    for reach in (1, 2):
        assert idx._close_compiled(_kernel(), word, reach) == idx._close_python(word, reach)


@needs_extension
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_weigh_close_ranks_as_the_python_search_does(vocabularies, data):
    """_speedups.weigh_close is candidates._to_weigh in one call: the same
    (Zipf, word) pairs, in the same order, as close() and quick_cost in Python."""
    from cleanup.spelling import candidates

    lang, word = _typed(data, vocabularies, "insert delete replace")
    for reach in (1, 2):
        compiled = index.get(lang).weigh_close(_kernel(), _model(), word, reach, candidates.MAX_QUICK,
                                               candidates.MAX_WEIGHED, candidates.FREQ_WEIGHT)
        assert compiled == candidates._to_weigh_python(word, lang, reach)


@needs_extension
def test_weigh_close_on_words_of_every_shape():
    from cleanup.spelling import candidates

    for word in ["", "а", "ели", "проголосивших", "сталтну", "комдвижение", "ы" * 58, "по-моему", "x",
                 "стол", "столл", "кот"]:
        for reach in (0, 1, 2):
            for quick, weighed in ((60, 8), (3, 1), (0, 0), (1000, 1000)):
                compiled = index.get("ru").weigh_close(_kernel(), _model(), word, reach, quick, weighed,
                                                       candidates.FREQ_WEIGHT)
                saved = candidates.MAX_QUICK, candidates.MAX_WEIGHED
                candidates.MAX_QUICK, candidates.MAX_WEIGHED = quick, weighed
                try:
                    assert compiled == candidates._to_weigh_python(word, "ru", reach), (word, reach, quick)
                finally:
                    candidates.MAX_QUICK, candidates.MAX_WEIGHED = saved


@needs_extension
@pytest.mark.parametrize("lang, typed", [("ru", ["касса", "каса", "ванна", "сумма", "алея", "стол", "столл"]),
                                         ("en", ["leter", "coffee", "sucess", "acommodate", "mispell"])])
def test_weigh_close_shares_rows_only_of_a_common_beginning(lang, typed):
    """weigh_close weighs its candidates in their letters' order, each
    keeping the table rows of its common beginning with the one weighed
    before it; row i depends on letter i + 1 too (a doubled letter costs
    less to drop): every hit weighed, against the Python reference."""
    from cleanup.spelling import candidates

    for word in typed:
        for reach in (1, 2):
            compiled = index.get(lang).weigh_close(_kernel(), _model(), word, reach, 1000, 1000,
                                                   candidates.FREQ_WEIGHT)
            saved = candidates.MAX_WEIGHED
            candidates.MAX_WEIGHED = 1000
            try:
                assert compiled == candidates._to_weigh_python(word, lang, reach), (word, reach)
            finally:
                candidates.MAX_WEIGHED = saved


# Queries at the edges of the compiled search: no run to read (letters no
# prefix has, the empty word), ё, words one letter short of and at the
# longest the compiled ranking takes (errormodel.QUICK_IN_C - reach),
# doubled letters, a hyphen and an apostrophe.
_EDGE_WORDS = {
    "ru": ["", "ё", "ёж", "ёлка", "еёлка", "щётка", "щетка", "зёрнышко", "ъъъъ", "жжжжжжжжж", "xyz", "по-моему",
           "ы" * 59, "ы" * 60, "о" * 61, "пере" * 15, "привет" * 10 + "ик", "в", "во", "вёл"],
    "en": ["", "a", "i", "it's", "zzzz", "qwxz", "ёж", "e" * 61, "ab" * 30, "the", "teh", "recieve",
           "misspell", "mispell", "accommodate", "acomodate"],
}


@needs_extension
@pytest.mark.parametrize("lang", ["ru", "en"])
def test_weigh_close_equals_the_python_reference_at_the_edges(lang):
    """weigh_close (the run records, the delete table) against
    candidates._to_weigh_python, at every reach the search is asked with
    and one more, on _EDGE_WORDS: the same tuples in the same order."""
    from cleanup.spelling import candidates, errormodel

    idx = index.get(lang)
    for word in _EDGE_WORDS[lang]:
        for reach in (0, 1, 2, 3):
            if len(word) > errormodel.QUICK_IN_C - reach:
                continue
            compiled = idx.weigh_close(_kernel(), _model(), word, reach, candidates.MAX_QUICK,
                                       candidates.MAX_WEIGHED, candidates.FREQ_WEIGHT)
            assert compiled == candidates._to_weigh_python(word, lang, reach), (word, reach)


@needs_extension
@pytest.mark.parametrize("lang", ["ru", "en"])
def test_close_equals_the_python_reference_at_the_edges(lang):
    """The compiled close() against the Python one on _EDGE_WORDS, as
    typed and with capitals (which no vocabulary word has), with the run
    records and without them (every run pointed to read)."""
    idx = index.get(lang)
    for word in _EDGE_WORDS[lang]:
        for shape in (word, word.capitalize(), word.upper(), word[:1] + word[1:].upper()):
            if len(shape) > index.COMPILED_LETTERS:
                continue
            for reach in (0, 1, 2, 3):
                expected = idx._close_python(shape, reach)
                assert idx._close_compiled(_kernel(), shape, reach) == expected, (shape, reach)
                assert _close_hits(lang, shape, reach, None) == _close_hits(lang, shape, reach, idx.run_heads())


@needs_extension
def test_close_on_words_of_every_shape():
    idx = index.get("ru")
    # (а0: two letters of the query share a low byte, а is U+0430; reach 3: the masks' loop, not unrolled;
    # the longest query the compiled search takes, whose last column is the row's top bit.)
    for word in ["", "а", "ели", "проголосивших", "сталтну", "комдвижение", "ы" * 60, "по-моему", "x",
                 "а0", "прива0т", "0привет", "ё" * index.COMPILED_LETTERS, "е" * (index.COMPILED_LETTERS - 1) + "ё",
                 "превысокомногорассмотрительствующий"]:
        for reach in (0, 1, 2, 3):
            assert idx._close_compiled(_kernel(), word, reach) == idx._close_python(word, reach), (word, reach)


@needs_extension
def test_close_takes_longer_words_in_python():
    """A row of the compiled search's table is one 64-bit word: a longer
    query is refused there, and close() searches it in Python."""
    idx = index.get("ru")
    word = "а" * (index.COMPILED_LETTERS + 1)
    with pytest.raises(ValueError):
        idx._close_compiled(_kernel(), word, 2)
    assert idx.close(word, 2) == idx._close_python(word, 2)
    assert idx.close("с" + "тол" * 21, 2) == idx._close_python("с" + "тол" * 21, 2)


@needs_extension
def test_close_searches_farther_in_python():
    """A row of the compiled search keeps a mask per distance up to
    COMPILED_REACH: a farther search is refused there, and close() makes it
    in Python."""
    idx = index.get("ru")
    with pytest.raises(ValueError):
        idx._close_compiled(_kernel(), "сталтну", index.COMPILED_REACH + 1)
    assert idx.close("сталтну", index.COMPILED_REACH + 1) == idx._close_python("сталтну", index.COMPILED_REACH + 1)
    assert idx.close("сталтну", index.COMPILED_REACH) == idx._close_python("сталтну", index.COMPILED_REACH)


@needs_extension
def test_close_hits_refuses_ids_outside_the_index():
    idx = index.get("en")
    text, starts, offsets, owners, first_lines, line_zipfs, lines = idx._mapped_tables()
    heads = idx.run_heads()
    with pytest.raises(IndexError):
        _kernel().close_hits("word", 2, index.PREFIX, [len(offsets) + 5], offsets, owners, starts, text,
                             first_lines, line_zipfs, lines, heads)
    with pytest.raises(IndexError):  # tables that do not fit each other
        _kernel().close_hits("word", 2, index.PREFIX, [idx.dkeys["word"]], offsets, owners, starts,
                             text, first_lines[:1], line_zipfs, lines, heads)
    with pytest.raises(TypeError):
        _kernel().close_hits("word", 2, index.PREFIX, [], offsets, owners, starts, "not bytes",
                             first_lines, line_zipfs, lines, heads)
    with pytest.raises(ValueError):  # a line table of another vocabulary
        _kernel().close_hits("word", 2, index.PREFIX, [idx.dkeys["word"]], offsets, owners, starts,
                             text, first_lines, line_zipfs, lines[:-1], None)
    with pytest.raises(IndexError):  # run heads of fewer prefixes
        _kernel().close_hits("word", 2, index.PREFIX, [idx.dkeys["word"]], offsets, owners, starts,
                             text, first_lines, line_zipfs, lines, (heads[0], heads[1][:1]))
    with pytest.raises(TypeError):
        _kernel().close_hits("word", 2, index.PREFIX, [idx.dkeys["word"]], offsets, owners, starts,
                             text, first_lines, line_zipfs, lines, heads[1])


def _close_hits(lang: str, word: str, reach: int, heads) -> list:
    idx = index.get(lang)
    text, starts, offsets, owners, first_lines, line_zipfs, lines = idx._mapped_tables()
    kids = _kernel().delete_kids(word, index.PREFIX, reach, idx.delete_table())
    return sorted(_kernel().close_hits(word, reach, index.PREFIX, kids, offsets, owners, starts, text,
                                       first_lines, line_zipfs, lines, heads))


@needs_extension
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_the_run_heads_pass_over_only_runs_without_hits(vocabularies, data):
    """The runs passed over by their heads (too far by length or by prefix)
    hold no hit: the scan of every run it is pointed to finds the same."""
    lang, word = _typed(data, vocabularies, "insert delete swap replace")
    for reach in (0, 1, 2, 3):
        assert _close_hits(lang, word, reach, index.get(lang).run_heads()) == _close_hits(lang, word, reach, None)


@needs_extension
def test_the_run_heads_are_read():
    """Heads that say every run's words are of no letters: every run is
    passed over (so the scan does read them: the test above can fail)."""
    letters, runs = index.get("ru").run_heads()
    empty = array("Q", (r & (1 << 56) - 1 if k % 2 == 0 else r for k, r in enumerate(runs)))
    assert _close_hits("ru", "сталтну", 2, None)
    assert _close_hits("ru", "сталтну", 2, (letters, empty)) == []


def _check(env_extra: dict[str, str]) -> tuple[dict, str]:
    env = {k: v for k, v in os.environ.items() if k != speedups.PURE_PYTHON_VARIABLE}
    env.update({"CLEANUP_NO_CACHE": "1", **env_extra})
    proc = subprocess.run(
        [sys.executable, "-c",
         "import sys; from cleanup.cli import run; from cleanup.spelling import speedups;"
         "sys.argv = ['cleanup', 'check', '--format', 'json', '-j', '1', '--no-progress', 'samples/'];"
         "import atexit; atexit.register(lambda: print('\\nKERNEL', speedups.compiled() is not None, file=sys.stderr));"
         "run()"],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=300,
    )
    assert proc.returncode in (0, 1), proc.stderr[-2000:]
    return json.loads(proc.stdout), proc.stderr


@needs_extension
def test_a_run_with_the_extension_equals_a_run_without():
    compiled, compiled_err = _check({})
    pure, pure_err = _check({"CLEANUP_PURE_PYTHON": "1"})
    assert "KERNEL True" in compiled_err and "KERNEL False" in pure_err
    assert any(f["rule"].startswith("spelling.") for entry in compiled["files"] for f in entry["findings"])
    assert compiled["files"] == pure["files"]


def test_start_up_does_not_load_the_extension():
    proc = subprocess.run(
        [sys.executable, "-c", "import sys, cleanup.cli, cleanup.pipeline; print('cleanup.spelling._speedups' in sys.modules)"],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
    )
    assert proc.stdout.strip() == "False", proc.stderr


def test_a_build_of_another_version_is_ignored(monkeypatch):
    monkeypatch.setattr(speedups.EXTENSION, "version", speedups.VERSION + 1)
    monkeypatch.delenv(speedups.PURE_PYTHON_VARIABLE, raising=False)
    with afresh():
        assert speedups.compiled() is None and speedups.function("small_kinds") is None
        assert not speedups.available()


def test_pure_python_switch():
    code = "from cleanup.spelling import speedups; print(speedups.compiled() is None)"
    for value, expected in (("1", "True"), ("0", str(not speedups.available())), ("", str(not speedups.available()))):
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60,
                              env={**os.environ, speedups.PURE_PYTHON_VARIABLE: value})
        assert proc.stdout.strip() == expected, (value, proc.stderr)
