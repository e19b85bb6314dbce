"""Real-word confusions that only context resolves.

Each pair is two correct words; the text around decides which one was meant:

- `ест` (eats) / `есть` (there is): in `у кого-то ест ...` the possessive
  `у` + genitive makes it `есть`;
- `горазда` (short adjective: "good at") / `гораздо` (much): before a
  comparative it is `гораздо`;
- `в течении` (in the flow) / `в течение` (during): before a stretch of time
  it is `в течение`;
- `ни` / `не`: `ни` before a finite verb or predicative (`Ни пора ли`) is a
  negation `не`, unless it is concessive (`как ни старался`, `что бы то ни
  стало`) or paired
  (`ни ест, ни пьёт`); `не на одном ...`, in a sentence that is negated
  already, is the intensifier `ни` (`ни на одном документе не упоминался`).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..rulepack import match_case
from .morph import Tok, case_of, per_form

# Units of time (lemmas) that `в течение` measures.
TIME_NOUNS = frozenset(
    """секунда минута час день сутки неделя месяц год век столетие десятилетие
    тысячелетие время период срок эпоха жизнь ночь утро вечер лето зима весна
    осень сезон семестр квартал полугодие пятилетка""".split()
)
_CONCESSIVE = frozenset("то как что кто где куда откуда когда сколько какой какая какое какие чей чья чьё чье".split())
_NEGATIONS = frozenset("не нет никто ничто ничего никогда нигде никуда никак нельзя".split())
_SENTENCE_END = ".!?…"


def check(toks: list[Tok], text: str) -> Iterator[tuple[str, Tok, str, float]]:
    """(rule suffix, token, replacement, confidence)."""
    for i, tok in enumerate(toks):
        low = tok.lower
        prev = toks[i - 1] if i > 0 and not tok.brk else None
        nxt = toks[i + 1] if i + 1 < len(toks) and not toks[i + 1].brk else None
        if low == "ест" and _after_possessive_u(toks, i):
            yield "est_est", tok, match_case(tok.text, "есть"), 0.75
        elif low == "горазда" and nxt is not None and _comparative(nxt):
            yield "gorazdo", tok, match_case(tok.text, "гораздо"), 0.85
        elif low == "течении" and prev is not None and prev.lower == "в" and _time_follows(toks, i + 1):
            yield "v_techenie", tok, match_case(tok.text, "течение"), 0.8
        elif low == "ни" and nxt is not None and _ni_for_ne(toks, i, text):
            yield "ni_ne", tok, match_case(tok.text, "не"), 0.65
        elif low == "не" and _ne_for_ni(toks, i, text):
            yield "ni_ne", tok, match_case(tok.text, "ни"), 0.7


def _comparative(tok: Tok) -> bool:
    return tok.lower in ("более", "менее") or any(p.tag.POS == "COMP" for p in tok.parses)


def _after_possessive_u(toks: list[Tok], i: int) -> bool:
    """`у нас ест`, `у Запада ест`: у + a genitive (with its modifiers) right before."""
    j = i - 1
    steps = 0
    while j > 0 and steps < 3 and not toks[j + 1].brk:
        if toks[j - 1].lower == "у" and not toks[j].brk and _genitive(toks[j]):
            return True
        if not _genitive(toks[j]):
            return False
        j -= 1
        steps += 1
    return False


def _genitive(tok: Tok) -> bool:
    return any(case_of(p.tag) == "gent" for p in tok.of("NOUN", "NPRO", "ADJF"))


def _time_follows(toks: list[Tok], k: int) -> bool:
    """A stretch of time after `в течении`: a number, or up to two modifiers and a time noun."""
    for step in range(3):
        if k + step >= len(toks) or toks[k + step].brk:
            return False
        tok = toks[k + step]
        if tok.is_number or any(p.tag.POS == "NUMR" for p in tok.parses):
            return True
        if any(p.normal_form in TIME_NOUNS for p in tok.of("NOUN")):
            return True
        if not tok.of("ADJF"):
            return False
    return False


@per_form
def finite_after_ni(tok: Tok) -> bool:
    """A finite verb or predicative (`пора`): what `ни` before it may stand for `не` by."""
    finite = any(p.tag.POS in ("VERB", "PRED") for p in tok.parses) and not tok.of("NOUN", "INFN")
    return finite or tok.lower == "пора"


@per_form
def form_of_odin(tok: Tok) -> bool:
    return any(p.normal_form == "один" for p in tok.parses)


def _ni_for_ne(toks: list[Tok], i: int, text: str) -> bool:
    if not finite_after_ni(toks[i + 1]):
        return False
    # Concessive `ни` (кто бы что ни говорил, что бы он ни делал, как ни
    # старался): a wh-word earlier in the same clause makes `ни` right.
    if any(t.lower in _CONCESSIVE for t in _clause_before(toks, i, text)):
        return False
    # ни ... ни ...: a paired negation is right as it is.
    return sum(1 for t in _sentence_tokens(toks, i, text) if t.lower == "ни") == 1


def _ne_for_ni(toks: list[Tok], i: int, text: str) -> bool:
    """`не на одном документе ... не упоминался`: intensifying `ни` before `один`."""
    j = i + 1
    if j < len(toks) and not toks[j].brk and toks[j].of("PREP"):
        j += 1
    if j >= len(toks) or toks[j].brk:
        return False
    if not form_of_odin(toks[j]) or toks[j].lower == "один":
        return False  # `не один` (more than one) is a phrase of its own
    sentence = _sentence_tokens(toks, i, text)
    return any(t.lower in _NEGATIONS for t in sentence if t is not toks[i])


def _clause_before(toks: list[Tok], i: int, text: str) -> list[Tok]:
    """Tokens before ``toks[i]`` back to the nearest comma, semicolon, colon or sentence end."""
    lo = i
    while lo > 0 and not any(c in ",;:" + _SENTENCE_END for c in text[toks[lo - 1].end : toks[lo].start]):
        lo -= 1
    return toks[lo:i]


def _sentence_tokens(toks: list[Tok], i: int, text: str) -> list[Tok]:
    lo = i
    while lo > 0 and not any(c in _SENTENCE_END for c in text[toks[lo - 1].end : toks[lo].start]):
        lo -= 1
    hi = i
    while hi + 1 < len(toks) and not any(c in _SENTENCE_END for c in text[toks[hi].end : toks[hi + 1].start]):
        hi += 1
    return toks[lo : hi + 1]
