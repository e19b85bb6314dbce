"""Signs that an English paragraph is period text (an old book, its
spelling kept), counted from the paragraph's own words.

In period text an unknown word is more often an old spelling that nobody
should modernise (returne, himselfe, vpon, giueth) than a slip, so the
spelling confidence weighs how many such signs the paragraph shows
(:mod:`.calibration`'s ``period`` feature, fit on ICDAR 2017, whose gold
keeps old spelling): a modern paragraph shows none.

A sign is one of:
- an archaic function word (a small closed class: thee, hath, unto, …);
- the long s (ſ);
- an unknown word that an old printer's habit explains, i.e. undoing it
  gives a known word: v for u at the start (vpon), u for v between vowels
  (haue, giue), i for j at the start (iust), the verb ending -eth (maketh),
  a final e (returne, selfe, beene).
"""

from __future__ import annotations

from .. import lexicon

# Pronouns, verb forms and adverbs that modern English no longer uses
# (a closed class; every one a dictionary word, so only this list finds them).
ARCHAIC = frozenset(
    "thee thou thy thine hath doth hast dost shalt saith quoth ye unto betwixt twixt hither thither "
    "whither whence thence wherefore whereunto thereunto spake".split()
)
# … as a text writes them (a C-level look-up per word, no call)
ARCHAIC_FORMS = frozenset(f for w in ARCHAIC for f in (w, w.capitalize(), w.upper()))
_VOWELS = frozenset("aeiouy")


def count(texts) -> int:
    """How many of a paragraph's words (its word strings) are signs of period text."""
    return sum(map(is_sign, texts))


def is_sign(word: str) -> bool:
    return word in ARCHAIC_FORMS or old_spelling(word)


def old_spelling(word: str) -> bool:
    """Is an unknown word the long s's, or one an old printer's habit
    explains? (Asked once per new unknown form by the spelling detector:
    the cheap string tests come before each look-up.)"""
    lower = word.lower()
    if "ſ" in lower:
        return True
    n = len(lower)
    if n < 3 or not lower.isalpha() or lower in ARCHAIC or _known(lower):
        return False
    first, second = lower[0], lower[1]
    if first == "v" and second not in _VOWELS and _known("u" + lower[1:]):
        return True  # vpon, vnto
    if first == "i" and second in _VOWELS and _known("j" + lower[1:]):
        return True  # iust, ioyne
    i = lower.find("u", 1, n - 1)
    while i > 0:
        if lower[i - 1] in _VOWELS and lower[i + 1] in _VOWELS and _known(lower[:i] + "v" + lower[i + 1:]):
            return True  # haue, giue, euer
        i = lower.find("u", i + 1, n - 1)
    if n > 5 and lower.endswith("eth"):
        stem = lower[:-3]
        if _known(stem) or _known(stem + "e") or _known(stem + "s"):
            return True  # maketh, giueth's modern twin giveth
    return n > 3 and lower.endswith("e") and _known(lower[:-1])  # returne, selfe


def _known(word: str) -> bool:
    return lexicon.is_known(word, "en")
