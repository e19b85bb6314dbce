"""cleanup.formmemo: facts per word form, made once per process."""

from __future__ import annotations


def test_facts_of_makes_each_new_form_once_and_empties_a_full_memo():
    from cleanup.formmemo import facts_of

    asked = []

    def make(new):
        asked.append(sorted(new))
        return {form: len(form) for form in new}

    memo: dict = {}
    assert facts_of(["aa", "b", "aa"], memo, make, limit=10) == [2, 1, 2]
    assert facts_of(["b", "ccc"], memo, make, limit=10) == [1, 3]
    assert asked == [["aa", "b"], ["ccc"]]  # the known forms are not made again
    assert facts_of(["dddd", "b"], memo, make, limit=3) == [4, 1]
    assert asked[-1] == ["b", "dddd"] and set(memo) == {"b", "dddd"}  # full: emptied, the paragraph's forms made anew


def test_small_facts_of_answers_as_facts_of_in_bytes():
    from cleanup.formmemo import facts_of, small_facts_of

    asked = []

    def make(new):
        asked.append(sorted(new))
        return {form: len(form) for form in new}

    memo: dict = {}
    assert small_facts_of(["aa", "b", "aa"], memo, make, limit=10) == bytes([2, 1, 2])
    assert small_facts_of(["b", "ccc"], memo, make, limit=10) == bytes([1, 3])
    assert small_facts_of([], memo, make, limit=10) == b""
    assert asked == [["aa", "b"], ["ccc"]]  # the known forms are not made again
    assert small_facts_of(["dddd", "b"], memo, make, limit=3) == bytes([4, 1])
    assert asked[-1] == ["b", "dddd"] and set(memo) == {"b", "dddd"}  # full: emptied, the paragraph's forms made anew
    # The same answers as facts_of, from the same memo state.
    twin: dict = {}
    for forms in (["x", "yy"], ["yy", "zzz", "x"], ["zzz"]):
        assert list(small_facts_of(forms, memo, make, 4)) == facts_of(forms, twin, make, 4)


def test_learn_makes_only_the_missing_forms_and_empties_a_full_memo():
    from cleanup.formmemo import learn

    asked = []

    def make(new):
        asked.append(sorted(new))
        return {form: len(form) for form in new}

    memo: dict = {"b": 1}
    learn(["aa", "b", "aa"], memo, make, limit=10)
    assert asked == [["aa"]] and memo == {"aa": 2, "b": 1}
    learn(["ccc", "b"], memo, make, limit=10, new={"ccc"})  # the caller found the new forms
    assert asked[-1] == ["ccc"] and memo == {"aa": 2, "b": 1, "ccc": 3}
    learn(["dddd", "b"], memo, make, limit=3, new={"dddd"})
    assert asked[-1] == ["b", "dddd"] and memo == {"b": 1, "dddd": 4}  # full: emptied, the paragraph's forms made anew
