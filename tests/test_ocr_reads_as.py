"""ocr.reads_as, sped up (the confusions indexed by both sides' first
letters, the first different letter found in C), answers what the plain
walk over every confusion of the letter answers."""

from __future__ import annotations

from os.path import commonprefix

from hypothesis import given, settings
from hypothesis import strategies as st

from cleanup.spelling import ocr


def _reads_as_plain(reading: str, meant: str, most: int = ocr.MAX_CONFUSIONS) -> bool:
    """reads_as as first written: every confusion of the letter tried."""
    if reading == meant or most == 0 or abs(len(reading) - len(meant)) > most:
        return False
    i = len(commonprefix((reading, meant)))
    for typed, intended, one in ocr._READ.get(reading[i:i + 1], ()):
        if (one or reading.startswith(typed, i)) and meant.startswith(intended, i):
            rest, rest_meant = reading[i + len(typed):], meant[i + len(intended):]
            if rest == rest_meant or _reads_as_plain(rest, rest_meant, most - 1):
                return True
    return False


# The letters the confusions are made of, so that random pairs often read as each other.
_LETTERS = sorted({ch for entries in ocr._READ.values() for typed, intended, _ in entries for ch in typed + intended}
                  | set("aeilnrstu"))


def test_known_misreadings_read_as_their_words():
    for reading, meant in (("stdl", "still"), ("tbe", "the"), ("weU", "well"), ("Hkewise", "likewise")):
        assert ocr.reads_as(reading, meant) == _reads_as_plain(reading, meant)
    assert ocr.reads_as("tbe", "the") and not ocr.reads_as("the", "the") and not ocr.reads_as("cat", "dog")


@settings(max_examples=3000, deadline=None)
@given(st.text(_LETTERS, max_size=7), st.text(_LETTERS, max_size=7), st.integers(0, 3), st.data())
def test_reads_as_answers_what_trying_every_confusion_answers(reading, meant, most, data):
    # Half the time the meant word is the reading with one confusion undone somewhere.
    if reading and data.draw(st.booleans()):
        at = data.draw(st.integers(0, len(reading) - 1))
        entries = ocr._READ.get(reading[at], ())
        if entries:
            typed, intended, _ = data.draw(st.sampled_from(entries))
            if reading.startswith(typed, at):
                meant = reading[:at] + intended + reading[at + len(typed):]
    assert ocr.reads_as(reading, meant, most) == _reads_as_plain(reading, meant, most)
