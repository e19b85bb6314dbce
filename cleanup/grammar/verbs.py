"""Verb forms: an infinitive is required, and -тся/-ться.

After a modal, phase or wish word (`может`, `хочу`, `хотелось`, `разрешите`,
`должны`, `стали`, `будет`) Russian needs an infinitive. A transcript that
lost the soft sign has a finite form there instead: `выразит` (she will
express) for `выразить`, `освободится` for `освободиться`. The repair adds
the soft sign only when the result is an infinitive of the same verb.

The reverse slip — `он учиться` for `он учится` — is caught after a
singular subject pronoun, where an infinitive cannot stand.

A personal pronoun in the nominative (and `кто`, `никто`) right before a
finite verb is its subject, so the verb must agree with it in person and
number (and, in the past, gender): `никто не вспоминают` → `вспоминает`.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import lexicon
from .morph import Tok, gram, parses, per_form

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


@per_form
def _governs_infinitive(tok: Tok) -> bool:
    if tok.lower in _FUTURE_AUX:
        return True
    return any(
        p.tag.POS in ("VERB", "ADJS", "PRED", "ADVB") and p.normal_form in INFINITIVE_GOVERNORS
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


# Subject pronoun → (person, number, gender or None for any).
SUBJECT_FEATURES = {
    "я": ("1per", "sing", None), "ты": ("2per", "sing", None),
    "он": ("3per", "sing", "masc"), "она": ("3per", "sing", "femn"), "оно": ("3per", "sing", "neut"),
    "мы": ("1per", "plur", None), "вы": ("2per", "plur", None), "они": ("3per", "plur", None),
    "кто": ("3per", "sing", None), "никто": ("3per", "sing", None),
}
# Words that may stand between a subject and its verb without changing either.
_BETWEEN = frozenset("не же ведь тоже также уже ещё только даже".split())


def _agrees(parse, person: str, number: str, gender: str | None) -> bool:
    tag = parse.tag
    if "past" in tag.grammemes:
        if gram(tag.number) != number:
            return False
        return number == "plur" or gender is None or gram(tag.gender) == gender
    return gram(tag.person) == person and gram(tag.number) == number


def subject_verb(toks: list[Tok]) -> Iterator[tuple[str, Tok, str, float]]:
    for i, subj in enumerate(toks):
        features = SUBJECT_FEATURES.get(subj.lower)
        if features is None:
            continue
        j = i + 1
        while j < len(toks) and not toks[j].brk and toks[j].lower in _BETWEEN:
            j += 1
        if j >= len(toks) or toks[j].brk:
            continue
        verb = toks[j]
        finite = [p for p in verb.of("VERB") if "indc" in p.tag.grammemes]
        if not finite or verb.score("VERB") < 0.5 or any(_agrees(p, *features) for p in finite):
            continue
        if verb.of("PRTS", "ADJS"):
            continue  # кто не пристегнут: a short participle, not the verb's plural
        person, number, gender = features
        top = max(finite, key=lambda p: p.score)
        if "past" in top.tag.grammemes:
            wanted = {number} | ({gender} if number == "sing" and gender else set())
        else:
            wanted = {person, number}
        try:
            form = top.inflect(wanted)
        except ValueError:
            form = None
        if form is None or form.word == verb.lower:
            continue
        word = form.word if "ё" in verb.lower else form.word.replace("ё", "е")
        yield "subject_verb", verb, _like(verb.text, word), 0.6


def check(toks: list[Tok]) -> Iterator[tuple[str, Tok, str, float]]:
    """(rule suffix, token, replacement, confidence)."""
    yield from subject_verb(toks)
    yield from infinitive_forms(toks)


def infinitive_forms(toks: list[Tok]) -> Iterator[tuple[str, Tok, str, float]]:
    """An infinitive that lost its soft sign, a finite -тся that gained one."""
    for i in range(1, len(toks)):
        tok = toks[i]
        if tok.brk:
            continue
        j = i - 1
        if toks[j].lower == "не" and j > 0 and not toks[j].brk:
            j -= 1  # может не быть
        low = tok.lower
        # Only a form in -т or -тся can be an infinitive that lost its soft
        # sign, and only one in -ться a finite verb that gained one: most
        # tokens are neither, and need no look at the word before.
        if low.endswith(("т", "тся")):
            if _governs_infinitive(toks[j]):
                inf = _infinitive_of(tok)
                if inf is not None:
                    yield "infinitive", tok, _like(tok.text, inf), 0.85
        elif low.endswith("ться") and toks[i - 1].lower in _SUBJECT_PRONOUNS and not _governs_infinitive(toks[j]):
            finite = tok.lower[:-4] + "тся"
            if any(p.tag.POS == "VERB" and "3per" in p.tag.grammemes for p in parses(finite)):
                yield "finite_tsya", tok, _like(tok.text, finite), 0.75


def _like(original: str, word: str) -> str:
    from ..rulepack import match_case

    return match_case(original, word)
