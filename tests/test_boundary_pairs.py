"""The split-word detector's pass over a paragraph's pairs
(``boundary._pair_verdicts`` and its compiled twin ``split_pairs``) against
the plain definition: the words' flags, and the candidate pairs not judged
"never one word", with their verdicts; or the forms without flags yet."""

from __future__ import annotations

from functools import partial

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleanup.detectors import boundary

_FLAGS = (boundary._ELIGIBLE, boundary._FRAGMENT | boundary._HEAD, boundary._FRAGMENT | boundary._TAIL)
# A few forms with every combination of the four flags, and one without any.
_FORMS = [f"w{k}" for k in range(17)]
_MEMO = {form: k for k, form in enumerate(_FORMS[:16])}  # _FORMS[16]: no flags yet
# Verdicts of pairs: never, the joins' (a Join, True), not ruled out; or none yet.
_JOIN = boundary.Join("ww", 0.9, "boundary.en.split_word", "test")
_VERDICT_KINDS = (False, True, _JOIN, boundary._NOT_RULED_OUT, None)


def _defined(memo: dict, forms: list[str], verdicts: dict):
    """What the pass means, written out one pair at a time."""
    missing = {f for f in forms if f not in memo}
    if missing:
        return missing
    flags = bytes(memo[f] for f in forms)
    eligible, first, second = _FLAGS
    firsts, found = [], []
    for k in range(len(forms) - 1):
        a, b = flags[k], flags[k + 1]
        if a & eligible and b & eligible and (a & first or b & second):
            verdict = verdicts.get(forms[k], {}).get(forms[k + 1])
            if verdict is not False:
                firsts.append(k)
                found.append(verdict)
    return flags, firsts, found


def _kernel():
    from cleanup.spelling import speedups

    module = speedups.compiled()
    if module is None:
        pytest.skip("the compiled extension is not built (or CLEANUP_PURE_PYTHON is set)")
    return partial(module.split_pairs, *_FLAGS)


def _same(a, b) -> bool:
    """Equal results, the verdicts compared by identity (as the detector tells them apart)."""
    if type(a) is set or type(b) is set:
        return type(a) is type(b) and a == b
    return a[:2] == b[:2] and len(a[2]) == len(b[2]) and all(x is y for x, y in zip(a[2], b[2]))


paragraphs = st.lists(st.integers(0, 16), max_size=30)


@settings(max_examples=400, deadline=None)
@given(paragraphs, st.lists(st.integers(0, len(_VERDICT_KINDS) - 1), min_size=17 * 17, max_size=17 * 17),
       st.booleans())
@example([], [0] * 289, False)
@example([3], [0] * 289, False)
@example([16], [0] * 289, False)  # only a form without flags
@example([1, 3, 5, 16], [4] * 289, True)  # the form without flags last
@example([16, 2, 16, 16, 0], [4] * 289, True)  # the form without flags first, and again
@example([1, 3, 3, 7, 15, 9, 11, 2], [1, 2, 3, 4, 0] * 57 + [0] * 4, True)
def test_the_pass_over_pairs_is_its_definition(kinds, verdict_kinds, new_strings):
    verdicts = {}
    for i, a in enumerate(_FORMS):
        for j, b in enumerate(_FORMS):
            verdict = _VERDICT_KINDS[verdict_kinds[i * 17 + j]]
            if verdict is not None:
                verdicts.setdefault(a, {})[b] = verdict
    # (new strings: equal to the tables' keys, not the same objects, as a paragraph's are)
    forms = [("" + _FORMS[k] + "x")[:-1] if new_strings else _FORMS[k] for k in kinds]
    expected = _defined(_MEMO, forms, verdicts)
    assert _same(boundary._pair_verdicts(_MEMO, forms, verdicts), expected)
    assert _same(_kernel()(_MEMO, forms, verdicts), expected)


def test_the_compiled_pass_refuses_what_it_cannot_read():
    kernel = _kernel()
    with pytest.raises(TypeError):
        kernel({}, ("a", "b"), {})  # a tuple, not a list
    with pytest.raises(TypeError):
        kernel(_MEMO, ["w1"])
    with pytest.raises(ValueError):
        kernel({"a": 256}, ["a"], {})  # no byte: as bytes() says
    with pytest.raises(TypeError):
        kernel(_MEMO, ["w1", "w3"], {"w1": ("w3",)})  # a first form's verdicts: a dict
    with pytest.raises(ValueError):
        boundary._pair_verdicts({"a": 256}, ["a"], {})
    # A form without flags before it: only the missing forms are asked for.
    assert kernel({"a": 256}, ["b", "a", "c"], {}) == boundary._pair_verdicts({"a": 256}, ["b", "a", "c"], {}) == {"b", "c"}
