"""English articles: `a` before a vowel sound, `an` before a consonant sound.

Spelling decides only when the next word is a real, lower-case word: OCR
damage (`a eteel` for `a steel`, `an swered` for `answered`) makes the
article look wrong when the word after it is what is broken, and an acronym
is read by its letters (`an MP`, `a NATO base`).
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import lexicon
from ..rulepack import match_case
from .morph import Tok

# Vowel-initial function words after which `a` is a letter or a variable
# name (`a and b`, `if a is zero`), not an article.
_FUNCTION_WORDS = frozenset(
    "and or of in on at is as if it its into onto upon out our ours are am an "
    "else even ever every each either i".split()
)


def _vowel_sound(word: str) -> bool | None:
    """True/False when spelling tells the first sound; None when it does not."""
    if word[0] in "aio":
        return True
    if word[0] == "e":
        return None if word.startswith(("eu", "ewe")) else True
    if word[0] == "u":
        return None  # an umbrella, a unique
    if word[0] in "hy":
        return None  # an hour, a house; a year, an yttrium
    if word.startswith("one") or word.startswith("once"):
        return False
    return False


def check(toks: list[Tok]) -> Iterator[tuple[str, Tok, str, float]]:
    """(rule suffix, token, replacement, confidence) — rules grammar.en.*."""
    for art, word in zip(toks, toks[1:]):
        if word.brk or art.lower not in ("a", "an"):
            continue
        nxt = word.text
        if len(nxt) < 2 or not nxt.islower() or nxt in _FUNCTION_WORDS:
            continue
        if not lexicon.is_known(nxt, "en"):
            continue
        vowel = _vowel_sound(nxt)
        if vowel is True and art.lower == "a":
            yield "a_an", art, match_case(art.text, "an"), 0.7
        elif vowel is False and art.lower == "an":
            yield "an_a", art, match_case(art.text, "a"), 0.7
