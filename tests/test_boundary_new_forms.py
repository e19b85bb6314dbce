"""The split-word detector's new forms sorted by what their flags need: the
compiled ``new_form_flags`` against its Python twin
``boundary._sorted_new_forms``, and the flags made from either against
``_form_flags`` one word at a time."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleanup import extensions
from cleanup.detectors import boundary
from cleanup.spelling import speedups

# Letters of both alphabets and their neighbours in Unicode, marks inside
# words, other scripts; and whole words: function words, one letter, in
# any case (the special ones), known and unknown.
_CHARS = "абвнепояюэАБНЕПОЯЮЁёЀЂѐђІіabcizyxABIZYX@[`{-'’ 0123ßÄäΩω\u0301"
_WORDS = ("не НЕ Не ни по По ПО в В во на за через ЧЕРЕЗ перед таки Таки полу пол много что Что и а к я у ё Ё s "
          "a A I i x t he man ner re ceived устанно дуги Дуги недуги the The THE ктобы вобщем Hello hello wor-ld "
          "don't х Х Ёлка ёлка word’s Сталин STALIN ёж еж W ш Ш дом Дом ДОМ").split()
_KNOWN = object()
_OTHER = object()

words = st.lists(st.one_of(st.sampled_from(_WORDS), st.text(alphabet=_CHARS, max_size=7)), max_size=25)


def _kernel():
    module = speedups.compiled()
    if module is None:
        pytest.skip("the compiled extension is not built (or CLEANUP_PURE_PYTHON is set)")
    return module.new_form_flags


def _verdicts(chosen: list[str], seed: int) -> dict:
    """Some words judged known, some judged otherwise, some not judged."""
    return {w: (_KNOWN if (len(w) + k + seed) % 3 == 0 else _OTHER) for k, w in enumerate(chosen) if (k + seed) % 4}


def _both(chosen, lang: str, seed: int):
    args = (chosen, lang == "en", _verdicts(chosen, seed), _KNOWN, boundary._SPECIAL_PLAIN[lang],
            boundary._SPECIAL_LONGEST[lang], boundary._ELIGIBLE)
    return _kernel()(*args), boundary._sorted_new_forms(*args)


@settings(max_examples=500, deadline=None)
@given(words, st.sampled_from(["ru", "en"]), st.integers(0, 11))
@example([], "ru", 0)
@example(["", "Ёё", "ЁЖ", "ЀЁ", "аЯ", "НЕ", "Не", "не", "По", "ЧЕРЕЗ", "Zz", "I", "a", "z[", "`", "{"], "ru", 1)
@example(["", "Ёё", "ЁЖ", "ЀЁ", "аЯ", "НЕ", "Не", "не", "По", "ЧЕРЕЗ", "Zz", "I", "a", "z[", "`", "{"], "en", 2)
@example(["ПЕРЕДЕЛКА", "перед", "ПЕРЕД", "таки", "ТАКИ", "а" * 70, "Я" * 70], "ru", 3)
def test_kernel_is_the_twin(chosen, lang, seed):
    found, twin = _both(chosen, lang, seed)
    assert found == twin
    flags, others, unsure, unsure_lowers, special, special_lowers = found
    # (A lowered string is a proper str of the narrowest kind: equal and hashed as its twin.)
    assert [hash(w) for w in unsure_lowers + special_lowers] == [hash(w.lower()) for w in unsure + special]


def test_each_kind_is_given_back():
    chosen = ["дом", "Дом", "ДОМ", "не", "НЕ", "x-y", "house", "ёж", "таки", "з"]
    verdicts = {"дом": _KNOWN, "Дом": _OTHER, "не": _KNOWN}
    args = (chosen, False, verdicts, _KNOWN, boundary._SPECIAL_PLAIN["ru"], boundary._SPECIAL_LONGEST["ru"], 1)
    expected = ({"дом": 1, "Дом": 1, "ДОМ": 1, "ёж": 1}, ["x-y", "house"], ["Дом", "ДОМ", "ёж"], ["дом", "дом", "ёж"],
                ["не", "НЕ", "таки", "з"], ["не", "не", "таки", "з"])
    assert boundary._sorted_new_forms(*args) == expected
    assert _kernel()(*args) == expected
    assert _kernel()(iter(chosen), *args[1:]) == expected  # (any iterable, in its order)


def test_kernel_refuses_bad_input():
    kernel = _kernel()
    special, longest = boundary._SPECIAL_PLAIN["ru"], boundary._SPECIAL_LONGEST["ru"]
    with pytest.raises(TypeError):
        kernel(["дом", 1], False, {}, _KNOWN, special, longest, 1)
    with pytest.raises(TypeError):
        kernel(3, False, {}, _KNOWN, special, longest, 1)
    with pytest.raises(TypeError):
        kernel(["дом"], False, [], _KNOWN, special, longest, 1)
    with pytest.raises(TypeError):
        kernel(["дом"], False, {}, _KNOWN, special, longest)
    with pytest.raises(TypeError):  # (an unhashable verdict key is looked up as the dict does)
        kernel([["дом"]], False, {}, _KNOWN, special, longest, 1)


@settings(max_examples=150, deadline=None)
@given(st.sets(st.sampled_from(_WORDS), max_size=25), st.sampled_from(["ru", "en"]))
def test_flags_of_new_forms_are_the_form_flags_both_ways(chosen, lang):
    """With the kernel and with the twin, each new form gets the flags of ``_form_flags``."""
    expected = {w: boundary._form_flags(w, lang) for w in chosen}
    assert boundary._flags_of_new(set(chosen), lang) == expected
    with extensions.afresh(pure_python=True):
        assert speedups.function("new_form_flags") is None
        assert boundary._flags_of_new(set(chosen), lang) == expected
