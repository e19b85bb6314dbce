"""The split-word detector's pass over a paragraph's pairs
(``boundary._pair_verdicts`` and its compiled twin ``split_pairs``) against
the plain definition: the words' flags (the forms without flags yet made
first, by the callback), the candidate pairs not judged "never one word",
with their verdicts, and the candidate pairs not judged yet, recorded as
unseen."""

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
_UNSEEN = object()  # what a new pair is recorded as


class _Learner:
    """The callback for the forms without flags: gives them their flags
    (those of ``_MEMO``, or of a form's number after "n") and keeps what it
    was asked."""

    def __init__(self, memo: dict) -> None:
        self.memo, self.asked = memo, []

    def __call__(self, forms: list[str], new: set[str]) -> None:
        self.asked.append(set(new))
        self.memo.update({f: int(f[1:]) % 16 for f in new})


def _defined(memo: dict, forms: list[str], verdicts: dict):
    """What the pass means, written out one pair at a time (on a copy of
    the memo and of the verdicts, which it gives back)."""
    memo, verdicts = dict(memo), {a: dict(row) for a, row in verdicts.items()}
    learner = _Learner(memo)
    missing = {f for f in forms if f not in memo}
    if missing:
        learner(forms, missing)
    flags = bytes(memo[f] for f in forms)
    eligible, first, second = _FLAGS
    firsts, found, new = [], [], []
    for k in range(len(forms) - 1):
        a, b = flags[k], flags[k + 1]
        if a & eligible and b & eligible and (a & first or b & second):
            verdict = verdicts.get(forms[k], {}).get(forms[k + 1])
            if verdict is None:
                verdicts.setdefault(forms[k], {})[forms[k + 1]] = _UNSEEN
                new.append(k)
            elif verdict is not False:
                firsts.append(k)
                found.append(verdict)
    return (flags, firsts, found, new), memo, verdicts, learner.asked


def _run(pass_over_pairs, memo: dict, forms: list[str], verdicts: dict):
    """What one of the two passes gives, on copies, as :func:`_defined`."""
    memo, verdicts = dict(memo), {a: dict(row) for a, row in verdicts.items()}
    learner = _Learner(memo)
    return pass_over_pairs(memo, forms, verdicts, learner, _UNSEEN), memo, verdicts, learner.asked


def _kernel():
    from cleanup.spelling import speedups

    module = speedups.compiled()
    if module is None:
        pytest.skip("the compiled extension is not built (or CLEANUP_PURE_PYTHON is set)")
    return partial(module.split_pairs, *_FLAGS)


def _same(a, b) -> bool:
    """Equal results — the pass's, the memo and verdict table it leaves, what
    it asked the callback —, the verdicts compared by identity (as the
    detector tells them apart)."""
    (result_a, memo_a, table_a, asked_a), (result_b, memo_b, table_b, asked_b) = a, b

    def identities(table):
        return {(x, y): id(v) for x, row in table.items() for y, v in row.items()}

    return (result_a[:2] == result_b[:2] and result_a[3] == result_b[3] and len(result_a[2]) == len(result_b[2])
            and all(x is y for x, y in zip(result_a[2], result_b[2]))
            and memo_a == memo_b and identities(table_a) == identities(table_b) and asked_a == asked_b)


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
    assert _same(_run(boundary._pair_verdicts, _MEMO, forms, verdicts), expected)
    assert _same(_run(_kernel(), _MEMO, forms, verdicts), expected)


def _learn_nothing(forms, new):
    pass


def test_the_compiled_pass_refuses_what_it_cannot_read():
    kernel = _kernel()
    with pytest.raises(TypeError):
        kernel({}, ("a", "b"), {}, _learn_nothing, _UNSEEN)  # a tuple, not a list
    with pytest.raises(TypeError):
        kernel(_MEMO, ["w1"], {})
    with pytest.raises(TypeError):
        kernel(_MEMO, ["w1"], {}, None, _UNSEEN)  # no callback
    for pass_over_pairs in (kernel, boundary._pair_verdicts):
        with pytest.raises(ValueError):
            pass_over_pairs({"a": 256}, ["a"], {}, _learn_nothing, _UNSEEN)  # no byte: as bytes() says
        # A form the callback did not give flags to.
        with pytest.raises(KeyError):
            pass_over_pairs({"a": 1}, ["b", "a", "c"], {}, _learn_nothing, _UNSEEN)
        with pytest.raises(ZeroDivisionError):  # (what the callback raises goes through)
            pass_over_pairs({"a": 1}, ["b"], {}, lambda forms, new: 1 / 0, _UNSEEN)
    with pytest.raises(TypeError):
        kernel(_MEMO, ["w1", "w3"], {"w1": ("w3",)}, _learn_nothing, _UNSEEN)  # a first form's verdicts: a dict


def test_the_callback_is_asked_once_for_the_new_forms_only():
    """The forms without flags, each once, in one call, with the paragraph;
    none when every form has its flags."""
    forms = ["w1", "n3", "w2", "n3", "n5", "w1"]
    for pass_over_pairs in (boundary._pair_verdicts, *([_kernel()] if _kernel_or_none() else [])):
        result, memo, _, asked = _run(pass_over_pairs, _MEMO, forms, {})
        assert asked == [{"n3", "n5"}]
        assert result[0] == bytes([1, 3, 2, 3, 5, 1]) and memo["n5"] == 5
        assert _run(pass_over_pairs, memo, forms, {})[3] == []


def _kernel_or_none():
    from cleanup.spelling import speedups

    return speedups.compiled()


# The joins of new pairs: letters of both alphabets, their neighbours in
# Unicode, marks and digits; flags of every bit the sorting reads.
_LETTERS = "аяАЯёЁжЖzZaAqQЀЂЏѐђџІЄ@[`{-'’0 \u0301"
_SORTING = (boundary._TAIL, boundary._HEAD, boundary._PREPOSITION, boundary._FRAGMENT)


def _joins_defined(forms, new, flags, latin):
    """What the sorting of new pairs means, one pair at a time."""
    tail, head, preposition, fragment = _SORTING
    letters = "abcdefghijklmnopqrstuvwxyz" if latin else "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
    asked, prepositional, heads = [], [], []
    for k in new:
        if flags[k + 1] & tail:
            continue
        if flags[k] & head and not flags[k] & preposition:
            heads.append(k)
        elif flags[k] & head:
            if not (flags[k] | flags[k + 1]) & fragment:
                prepositional.append(k)
        else:
            asked.append(k)

    def plain(places):
        kept = [k for k in places if forms[k] + forms[k + 1] and all(
            c.lower() in letters and c.isalpha() for c in forms[k] + forms[k + 1])]
        return kept, [(forms[k] + forms[k + 1]).lower() for k in kept]

    return (*plain(asked), *plain(prepositional), heads)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.text(_LETTERS, max_size=5), min_size=2, max_size=12), st.data(), st.booleans())
@example(["", ""], None, False)
@example(["в", "доме"], None, False)
@example(["the", "cat"], None, True)
def test_the_joins_of_new_pairs_are_their_definition(forms, data, latin):
    n = len(forms)
    if data is None:
        flags, new = bytes([boundary._ELIGIBLE | boundary._HEAD | boundary._PREPOSITION, 1]), [0]
    else:
        flags = bytes(data.draw(st.lists(st.integers(0, 31), min_size=n, max_size=n)))
        new = sorted(set(data.draw(st.lists(st.integers(0, n - 2), max_size=n))))
    expected = _joins_defined(forms, new, flags, latin)
    twin = boundary._pair_joins(forms, new, flags, latin, *_SORTING)
    assert twin == expected
    module = _kernel_or_none()
    if module is not None:
        compiled = module.pair_joins(forms, new, flags, latin, *_SORTING)
        assert compiled == expected
        # (the lowered joins are ordinary strings: they hash and compare as str.lower's)
        assert all(hash(w) == hash(w.lower()) and w == "".join(w) for w in compiled[1] + compiled[3])


def test_the_compiled_joins_refuse_what_they_cannot_read():
    module = _kernel_or_none()
    if module is None:
        pytest.skip("the compiled extension is not built (or CLEANUP_PURE_PYTHON is set)")
    with pytest.raises(IndexError):
        module.pair_joins(["a", "b"], [1], b"\x01\x01", True, *_SORTING)  # no word after the last
    with pytest.raises(TypeError):
        module.pair_joins(["a", 1], [0], b"\x01\x01", True, *_SORTING)
    with pytest.raises(TypeError):
        module.pair_joins(("a", "b"), [0], b"\x01\x01", True, *_SORTING)
