"""Verb forms: an infinitive is required, and -тся/-ться.

After a modal, phase or wish word (`может`, `хочу`, `хотелось`, `разрешите`,
`должны`, `стали`, `будет`) Russian needs an infinitive. A transcript that
lost the soft sign has a finite form there instead: `выразит` (she will
express) for `выразить`, `освободится` for `освободиться`. The repair adds
the soft sign only when the result is an infinitive of the same verb.

The reverse slip — `он учиться` for `он учится` — is caught after a
singular subject pronoun, where an infinitive cannot stand.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import lexicon
from .morph import Tok, parses

# Words after which the next verb is an infinitive: modal, wish, permission,
# phase verbs and predicatives (lemmas), and the future auxiliary.
INFINITIVE_GOVERNORS = frozenset(
    """мочь хотеть хотеться захотеть разрешить позволить должный надо нужно
    можно нельзя необходимо пора стать начать начинать продолжать продолжить
    перестать переставать уметь суметь пытаться попытаться стараться постараться
    собираться собраться решить решать следовать прийтись приходиться""".split()
)
_FUTURE_AUX = frozenset("буду будешь будет будем будете будут".split())
_SUBJECT_PRONOUNS = frozenset("он она оно кто который которая которое".split())


def _governs_infinitive(tok: Tok) -> bool:
    if tok.lower in _FUTURE_AUX:
        return True
    return any(
        p.normal_form in INFINITIVE_GOVERNORS and p.tag.POS in ("VERB", "ADJS", "PRED", "ADVB")
        for p in tok.parses
    )


def _infinitive_of(tok: Tok) -> str | None:
    """The infinitive this finite form lost its soft sign from, if any."""
    low = tok.lower
    if low.endswith("тся"):
        candidate = low[:-3] + "ться"
    elif low.endswith("т"):
        candidate = low + "ь"
    else:
        return None
    inf = [p for p in parses(candidate) if p.tag.POS == "INFN"]
    if not inf or any(p.tag.POS == "INFN" for p in tok.parses):
        return None
    finite = [p for p in tok.parses if p.tag.POS == "VERB"]
    if finite:
        if not {p.normal_form for p in finite} & {p.normal_form for p in inf}:
            return None
    elif tok.parses and lexicon.zipf(candidate, "ru") - lexicon.zipf(low, "ru") < 2:
        # `быт` for `быть`: a noun, but one far rarer than the verb it looks like.
        return None
    return candidate


def check(toks: list[Tok]) -> Iterator[tuple[str, Tok, str, float]]:
    """(rule suffix, token, replacement, confidence)."""
    for i in range(1, len(toks)):
        tok = toks[i]
        if tok.brk:
            continue
        j = i - 1
        if toks[j].lower == "не" and j > 0 and not toks[j].brk:
            j -= 1  # может не быть
        if _governs_infinitive(toks[j]):
            inf = _infinitive_of(tok)
            if inf is not None:
                yield "infinitive", tok, _like(tok.text, inf), 0.85
        elif toks[i - 1].lower in _SUBJECT_PRONOUNS and tok.lower.endswith("ться"):
            finite = tok.lower[:-4] + "тся"
            if any(p.tag.POS == "VERB" and "3per" in p.tag for p in parses(finite)):
                yield "finite_tsya", tok, _like(tok.text, finite), 0.75


def _like(original: str, word: str) -> str:
    from ..rulepack import match_case

    return match_case(original, word)
