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
