from __future__ import annotations

from hypothesis import given, strategies as st

from cleanup.apply import apply_edits, choose
from cleanup.model import Edit


def test_more_confident_edit_wins_an_overlap():
    text = "abcdef"
    low = Edit(1, 4, "X", 0.6)
    high = Edit(3, 5, "Y", 0.9)
    new, applied = apply_edits(text, [low, high])
    assert new == "abcYf" and applied == [high]


def test_adjacent_edits_both_apply():
    new, applied = apply_edits("ab  cd", [Edit(2, 4, " ", 0.9), Edit(0, 1, "A", 0.9), Edit(6, 6, "!", 0.9)])
    assert new == "Ab cd!" and len(applied) == 3


def test_two_insertions_at_one_point_conflict():
    new, applied = apply_edits("ab", [Edit(1, 1, "x", 0.5), Edit(1, 1, "y", 0.7)])
    assert new == "ayb"


def test_insertion_inside_replacement_conflicts():
    new, _ = apply_edits("abcd", [Edit(0, 4, "Z", 0.9), Edit(2, 2, "y", 0.95)])
    assert new == "abycd"


@given(
    st.text(max_size=40),
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 5), st.text(max_size=3), st.floats(0, 1)), max_size=12),
)
def test_chosen_edits_never_overlap_and_text_outside_survives(text, raw):
    edits = [Edit(min(s, len(text)), min(s + n, len(text)), r, c) for s, n, r, c in raw]
    chosen = choose(edits)
    for a, b in zip(chosen, chosen[1:]):
        assert a.end <= b.start
        assert not (a.start == a.end == b.start == b.end)
    new, applied = apply_edits(text, edits)
    # Rebuild from the pieces outside the edits: they must be untouched.
    pos, rebuilt = 0, []
    for e in applied:
        rebuilt.append(text[pos:e.start])
        rebuilt.append(e.replacement)
        pos = e.end
    rebuilt.append(text[pos:])
    assert new == "".join(rebuilt)


def test_edits_already_chosen_are_applied_as_choose_would() -> None:
    """apply_edits skips choosing again when the edits are in order and
    compatible; that shortcut must give what choose gives, for any edits."""
    from hypothesis import given, settings, strategies as st

    from cleanup.apply import _compatible_in_order, choose

    edit = st.builds(
        lambda start, length, text, confidence: Edit(start, start + length, text, confidence),
        st.integers(0, 12), st.integers(0, 3), st.sampled_from(["", "x", "yz"]), st.sampled_from([0.5, 0.9, 1.0]),
    )

    @settings(max_examples=300, deadline=None)
    @given(st.lists(edit, max_size=8))
    def check(edits):
        if _compatible_in_order(edits):
            assert choose(edits) == edits
        chosen = choose(edits)
        assert _compatible_in_order(chosen)
        assert choose(chosen) == chosen

    check()
