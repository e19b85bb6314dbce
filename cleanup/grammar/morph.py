"""Tokens with morphology: what each grammar check reads.

Words come from one Russian paragraph as offsets into the original text. Each
token knows whether punctuation stands between it and the previous token
(``brk``): agreement and government never reach across a comma, a dash or a
quotation mark, which is where a phrase usually ends.

Parses come from the shared pymorphy3 analyzer (``lexicon.morph()``), cached
per word form. Only dictionary words are analysed: pymorphy3 *guesses* a parse
for unknown words, and a guess is no evidence that a form is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

import regex

from .. import lexicon
from ..rulepack import match_case

# Words (with inner hyphens) and numbers (with a case ending: 70-ти).
_TOKEN = regex.compile(r"\p{L}[\p{L}\p{M}]*(?:[-'’][\p{L}\p{M}]+)*|\d+(?:[-–]\p{L}+)?")
# Between two tokens of one phrase there is only space (a line break inside a
# paragraph is still space).
_SPACE_ONLY = regex.compile(r"\s*")

CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
# pymorphy's second genitive/accusative/locative (чаю, в лесу) agree with
# adjectives in the main case.
_MAIN_CASE = {"gen2": "gent", "acc2": "accs", "loc2": "loct", "gen1": "gent", "loc1": "loct"}


@lru_cache(maxsize=100_000)
def parses(word: str) -> tuple:
    """pymorphy3 parses of a lower-case word; empty when the word is not in the dictionary."""
    if not lexicon.is_known(word, "ru"):
        return ()
    return tuple(p for p in lexicon.morph().parse(word) if _from_dictionary(p))


def _from_dictionary(parse) -> bool:
    return type(parse.methods_stack[0][0]).__name__ == "DictionaryAnalyzer"


def case_of(tag) -> str | None:
    c = tag.case
    if c is None:
        return None
    c = str(c)
    return _MAIN_CASE.get(c, c)


def gram(value) -> str | None:
    """A tag attribute (gender, number, animacy) as a plain string: pymorphy's
    own values refuse comparison with grammemes of other attributes."""
    return None if value is None else str(value)


@dataclass
class Tok:
    start: int
    end: int
    text: str
    brk: bool  # punctuation (not just space) between this token and the previous one

    @cached_property
    def lower(self) -> str:
        return self.text.lower()

    @cached_property
    def parses(self) -> tuple:
        if not self.text[0].isalpha() or not regex.search(r"\p{Cyrillic}", self.text):
            return ()
        return parses(self.lower)

    def score(self, *pos: str) -> float:
        """How much of the parse probability is on these parts of speech."""
        return sum(p.score for p in self.parses if p.tag.POS in pos)

    def of(self, *pos: str) -> list:
        return [p for p in self.parses if p.tag.POS in pos]

    @property
    def is_number(self) -> bool:
        return self.text[0].isdigit()


def tokenize(text: str, start: int, end: int) -> list[Tok]:
    toks: list[Tok] = []
    prev_end = start
    for m in _TOKEN.finditer(text, start, end):
        gap = text[prev_end : m.start()]
        brk = not toks or not _SPACE_ONLY.fullmatch(gap)
        toks.append(Tok(m.start(), m.end(), m.group(), brk))
        prev_end = m.end()
    return toks


def inflect(parse, grammemes: set[str], like: str) -> str | None:
    """The form of ``parse``'s lexeme with ``grammemes``, in the case pattern of
    ``like``; ё written as е when the original did not write ё."""
    try:
        form = parse.inflect(grammemes)
    except ValueError:  # grammemes pymorphy cannot combine
        return None
    if form is None:
        return None
    word = form.word
    if "ё" not in like.lower():
        word = word.replace("ё", "е")
    return match_case(like, word)


# Unstressed vowels sound alike (а/о, е/и/я), so a typist writing by ear
# swaps them in endings: such a swap costs half an ordinary edit.
_CLOSE = {frozenset(p) for p in ("ао", "еи", "ея", "ия", "ая", "ую", "ыи", "еэ", "её", "ьъ")}


def edit_cost(a: str, b: str) -> float:
    """Levenshtein distance with cheap swaps of vowels that sound alike."""
    a, b = a.lower(), b.lower()
    if a == b:
        return 0.0
    prev = [float(j) for j in range(len(b) + 1)]
    for i, ca in enumerate(a, 1):
        cur = [float(i)] + [0.0] * len(b)
        for j, cb in enumerate(b, 1):
            sub = 0.0 if ca == cb else (0.5 if frozenset((ca, cb)) in _CLOSE else 1.0)
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + sub)
        prev = cur
    return prev[-1]
