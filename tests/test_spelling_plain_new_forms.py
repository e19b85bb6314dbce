"""The spelling detector's pass over a paragraph's new forms: the compiled
``plain_new_forms`` and its twin ``_plain_new_forms`` give the common words
the shared known verdict and leave the same other forms to be judged (the
kernel also leaves words with characters beyond ASCII and the basic
Cyrillic letters, which judging gives the same verdict); and the verdicts
the detector ends with are those of judging every form alone."""

from __future__ import annotations

from functools import partial

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleanup.detectors import spelling as detector
from cleanup.spelling import commonforms, speedups

_COMMON = {"the", "well", "hath", "стол", "ёлка", "еще", "word-play", "o'clock", "ѐа", "џ", "café", "ab" * 200}
_ARCHAIC = frozenset({"hath", "Hath", "HATH"})
_TABLE = commonforms.hashed_table(sorted(_COMMON))


def _plain_form(lower: str):
    return 1 if lower in _COMMON else None


@pytest.fixture(autouse=True)
def _twin_table(monkeypatch):
    """The twin asks the module's look-up: the same forms as the kernel's table."""
    monkeypatch.setattr(detector, "_plain_form", _plain_form)


def _handled(word: str) -> bool:
    """Does the kernel look the word up itself? (Else it leaves it to the
    caller: a character it does not lower, or longer than the table's keys.)"""
    return all(c < "\x80" or "\u0400" <= c <= "\u045f" for c in word) and len(word.lower().encode()) < 256


_LETTERS = "abcwelhtHTWEзсСтТоОлЛёЁеЕкКаѐЀџЏ-'’İßǅ\u212a1é"
_WORDS = st.one_of(
    st.sampled_from(sorted(_COMMON) + ["The", "THE", "tHe", "WeLL", "weU", "Hath", "HATH", "hAth", "Стол",
                                       "СТОЛ", "сТОЛ", "ЁЛКА", "Ёлка", "ЕЩЕ", "Word-Play", "WORD-PLAY", "X", "",
                                       "the’", "İthe", "ǅthe", "Сто", "стоЛ", "O'Clock", "O'CLOCK",
                                       "ЀА", "Ѐа", "Џ", "Café", "CAFÉ", "ab" * 200, "AB" * 200,
                                       "Ab" * 200]),
    st.text(_LETTERS, max_size=6),
)


@pytest.fixture(scope="module")
def kernel():
    module = speedups.compiled()
    if module is None:
        pytest.skip("the compiled extension is not built (or not wanted)")
    return module.plain_new_forms


@settings(max_examples=400, deadline=None)
@given(st.lists(_WORDS, max_size=12), st.lists(_WORDS, max_size=4))
def test_kernel_equals_twin(kernel, texts, seen):
    texts = [str(w) for w in texts]  # (equal strings, not always the same objects)
    old = object()
    forms_c = dict.fromkeys(seen, old)
    forms_py = dict(forms_c)
    signs_c, signs_py = set(), set()
    known = detector._KNOWN
    rest_c = kernel(_TABLE, forms_c, texts, known, _ARCHAIC, signs_c)
    rest_py = detector._plain_new_forms(forms_py, texts, known, _ARCHAIC, signs_py)
    # The kernel leaves to the caller the words it does not lower itself.
    passed_by_twin = [i for i in range(len(texts)) if i not in rest_py and texts[i] not in seen]
    extra = sorted(set(rest_c) - set(rest_py))
    assert all(not _handled(texts[i]) for i in extra)
    assert sorted(rest_c) == sorted(set(rest_py) | set(extra)) and rest_c == sorted(rest_c)
    assert set(rest_py) <= set(rest_c)
    for i in passed_by_twin:
        if i not in extra:
            assert forms_c[texts[i]] is known
    assert {w: v for w, v in forms_c.items()} == {w: v for w, v in forms_py.items()
                                                   if w not in {texts[i] for i in extra}}
    assert signs_c == {w for w in signs_py if _handled(w)}
    # A word is passed exactly when it is a common word in lower case, Title or ALL CAPS.
    for i, w in enumerate(texts):
        if w not in seen and i not in rest_py:
            assert _plain_form(w.lower()) and (w.islower() or w[1:].islower() or w.isupper()), w


def test_kernel_rejects_wrong_arguments(kernel):
    with pytest.raises(TypeError):
        kernel(_TABLE, {}, ("a",), detector._KNOWN, _ARCHAIC, set())
    with pytest.raises(TypeError):
        kernel(_TABLE, {}, [1], detector._KNOWN, _ARCHAIC, set())
    with pytest.raises(TypeError):  # (the table is a buffer)
        kernel(_plain_form, {}, ["the"], detector._KNOWN, _ARCHAIC, set())
    for bad in (b"CFH1", b"XXXX" + _TABLE[4:], _TABLE[:40]):
        with pytest.raises(ValueError):
            kernel(bad, {}, ["the"], detector._KNOWN, _ARCHAIC, set())


def test_an_empty_table_holds_no_form(kernel):
    forms: dict = {}
    assert kernel(b"", forms, ["the", "The", "стол"], detector._KNOWN, _ARCHAIC, set()) == [0, 1, 2]
    assert forms == {}


def test_the_hashed_table_holds_its_forms_and_no_other():
    # (The layout's own reader; the kernel's answers are the twin's, above.)
    table = commonforms.hashed_table(sorted(_COMMON))
    for form in _COMMON - {"ab" * 200}:
        assert commonforms.in_hashed_table(table, form), form
    for form in ("The", "th", "thee", "", "стола", "ёлк", "елка", "ab" * 200):
        assert not commonforms.in_hashed_table(table, form), form
    assert not commonforms.in_hashed_table(commonforms.hashed_table([]), "the")
    assert not commonforms.in_hashed_table(b"", "the")


@pytest.mark.parametrize("pure", [False, True])
def test_paragraph_verdicts_equal_judging_each_form(monkeypatch, pure):
    """_made_verdicts (the pass, then judging the rest) leaves each form the
    verdict :func:`_form` gives it alone, with the real table of common forms
    (the kernel reading its hashed copy, the twin its trie)."""
    monkeypatch.setattr(detector, "_plain_form", commonforms.lookup())
    accepted = detector._accepted(frozenset())
    texts = ("The well known STALTN said: Hath the cafe Café ёлка Ёлка ЁЛКА ещё ЕЩЁ сТАЛИН стол Стол "
             "weU yoU McDonald XIX word-play Word-Play проголосивших travailed the’ İzmir o'clock "
             "O'Clock don't DON'T тётя Тётя ТЁТЯ").split()
    forms: dict = {}
    if pure:
        new_forms = detector._plain_new_forms
    else:
        module = speedups.compiled()
        if not module:
            pytest.skip("the compiled extension is not built")
        new_forms = partial(module.plain_new_forms, commonforms.hashed())
    detector._made_verdicts(texts, accepted, forms, detector.ALL_RULES, new_forms)
    for w in texts:
        alone = detector._form(w, accepted, {})
        made = forms[w]
        if alone in (detector._KNOWN, detector._UNKNOWN_FORM, detector._NOT_COUNTED):
            assert made is alone, w
        else:
            assert (made.counted, made.unknown, made.question.rule) == \
                   (alone.counted, alone.unknown, alone.question.rule), w
    assert forms["the"] is detector._KNOWN and forms["ЁЛКА"] is detector._KNOWN


def test_the_hashed_copy_holds_what_the_trie_holds():
    """The real table: every form of a sample of the word lists (and its
    misspellings) is in the compiled pass's hashed copy exactly when it is
    in the trie the Python code asks."""
    from cleanup.spelling import index

    trie = commonforms.lookup()
    if trie is commonforms.no_table:
        pytest.skip("no writable cache for the table")
    table = commonforms.hashed()
    for lang in ("ru", "en"):
        keys = index.get(lang).freq.keys()
        for form in keys[:: max(1, len(keys) // 3000)]:
            for probe in (form, form + "ь", form[:-1], form.replace("е", "ё")):
                assert commonforms.in_hashed_table(table, probe) == (trie(probe) is not None), probe
