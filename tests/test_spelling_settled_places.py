"""The spelling detector's pass over a paragraph whose forms may be new:
the compiled ``settled_places`` and its twin ``_settled_places`` give the
common new words the shared known verdict on the way, and the places and
counts ``verdict_places`` gives, of the other positions than the other new
forms' (the kernel also leaves words with characters beyond ASCII and the
basic Cyrillic letters, which judging gives the same verdict); and the
verdicts the detector ends with are those of judging every form alone."""

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
    return module.settled_places


_SHARED = (detector._NOT_COUNTED, detector._KNOWN, detector._UNKNOWN_FORM)
# Verdicts a form seen before may have: the shared three and questioned forms' own.
_SEEN = st.sampled_from([*_SHARED, detector._Form(True, True, None), detector._Form(True, False, None)])


def _settle(settle, seen: dict, texts: list[str]):
    forms, signs = dict(seen), set()
    found = settle(forms, texts, *_SHARED, _ARCHAIC, signs)
    return found, forms, signs


@settings(max_examples=400, deadline=None)
@given(st.lists(_WORDS, max_size=12), st.dictionaries(_WORDS, _SEEN, max_size=5))
def test_kernel_equals_twin(kernel, texts, seen):
    texts = [str(w) for w in texts]  # (equal strings, not always the same objects)
    (places_c, not_counted_c, unknown_c, new_c), forms_c, signs_c = _settle(partial(kernel, _TABLE), seen, texts)
    (places_py, not_counted_py, unknown_py, new_py), forms_py, signs_py = _settle(detector._settled_places, seen,
                                                                                   texts)
    # The kernel leaves to the caller the words it does not look up itself,
    # which the twin settles as common words (the known verdict: in no
    # place, in neither count).
    extra = sorted(set(new_c) - set(new_py))
    assert all(not _handled(texts[i]) and forms_py[texts[i]] is detector._KNOWN for i in extra)
    assert new_c == sorted(set(new_py) | set(extra)) and new_py == sorted(new_py)
    assert (places_c, not_counted_c, unknown_c) == (places_py, not_counted_py, unknown_py)
    left = {texts[i] for i in extra}
    assert forms_c == {w: v for w, v in forms_py.items() if w not in left}
    assert signs_c == {w for w in signs_py if _handled(w)}
    # The plain definition: places and counts of the positions with a verdict ...
    judged = [i for i in range(len(texts)) if i not in set(new_py)]
    assert places_py == [i for i in judged if all(forms_py[texts[i]] is not v for v in _SHARED)]
    assert not_counted_py == sum(forms_py[texts[i]] is detector._NOT_COUNTED for i in judged)
    assert unknown_py == sum(forms_py[texts[i]] is detector._UNKNOWN_FORM for i in judged)
    # ... and a new form is settled exactly when it is a common word in lower case, Title or ALL CAPS.
    for i, w in enumerate(texts):
        if w not in seen:
            common = bool(_plain_form(w.lower())) and (w.islower() or w[1:].islower() or w.isupper())
            assert (i not in new_py) == common, w
            assert (forms_py[w] is detector._KNOWN) if common else w not in forms_py
            assert (w in signs_py) == (common and w in _ARCHAIC)


def test_kernel_rejects_wrong_arguments(kernel):
    with pytest.raises(TypeError):
        kernel(_TABLE, {}, ("a",), *_SHARED, _ARCHAIC, set())
    with pytest.raises(TypeError):
        kernel(_TABLE, {}, [1], *_SHARED, _ARCHAIC, set())
    with pytest.raises(TypeError):  # (the table is a buffer)
        kernel(_plain_form, {}, ["the"], *_SHARED, _ARCHAIC, set())
    for bad in (b"CFH1", b"XXXX" + _TABLE[4:], _TABLE[:40]):
        with pytest.raises(ValueError):
            kernel(bad, {}, ["the"], *_SHARED, _ARCHAIC, set())


def test_an_empty_table_holds_no_form(kernel):
    forms: dict = {}
    assert kernel(b"", forms, ["the", "The", "стол"], *_SHARED, _ARCHAIC, set()) == ([], 0, 0, [0, 1, 2])
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
    """The pass and then judging the rest (_made_verdicts) leave each form
    the verdict :func:`_form` gives it alone, with the real table of common
    forms (the kernel reading its hashed copy, the twin its trie), and the
    places and counts of the whole paragraph."""
    monkeypatch.setattr(detector, "_plain_form", commonforms.lookup())
    accepted = detector._accepted(frozenset())
    texts = ("The well known STALTN said: Hath the cafe Café ёлка Ёлка ЁЛКА ещё ЕЩЁ сТАЛИН стол Стол "
             "weU yoU McDonald XIX word-play Word-Play проголосивших travailed the’ İzmir o'clock "
             "O'Clock don't DON'T тётя Тётя ТЁТЯ STALTN проголосивших а и").split()
    forms: dict = {"said:": detector._NOT_COUNTED}
    if pure:
        settle, places_of = detector._settled_places, detector._verdict_places
    else:
        module = speedups.compiled()
        if not module:
            pytest.skip("the compiled extension is not built")
        settle, places_of = partial(module.settled_places, commonforms.hashed()), module.verdict_places
    places, not_counted, unknown, new = settle(forms, texts, *_SHARED, _ARCHAIC, set())
    assert new
    found = detector._made_verdicts(places, not_counted, unknown, new, texts, accepted, forms, detector.ALL_RULES,
                                    places_of)
    assert found == detector._verdict_places(forms, texts, *_SHARED)
    assert found[0] and found[1] and found[2]
    for w in texts:
        alone = detector._form(w, accepted, {})
        made = forms[w]
        if alone in _SHARED:
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
