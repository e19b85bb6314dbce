"""Noun phrases: agreement inside them and the case their governor requires.

A phrase is ``[preposition] [numeral] modifier* noun`` with only spaces
between its words (modifiers are adjectives, participles and pronoun
adjectives: `на этой прекрасной угольке`). Two things can be wrong:

- agreement: no single case, number and gender fits the modifiers and the
  noun together (`международный солидарность`);
- government: the phrase agrees, but not in a case its governor allows — a
  preposition (`от других регионах`), a paucal numeral (`три условии`), or a
  word whose complement is fixed (`благодарность организатором`,
  `связанной с интервенции`).

The correction is produced by inflection, never looked up: every case and
number the governor allows is tried, the modifiers are inflected to the
noun's gender (and the noun to the case), and the cheapest rewrite wins. Its
cost is the edit distance between what was typed and the inflected forms,
with unstressed vowels that sound alike (а/о, е/и/я) swapping cheaply — the
way a transcript's endings usually go wrong. Ties keep the modifiers' own
number and case, then leave the noun alone (the dependent is usually wrong).
"""

from __future__ import annotations

from collections.abc import Iterator

from functools import lru_cache

from .. import lexicon
from .government import (
    ADVERB_PREPOSITIONS,
    verb_cases,
    PAUCAL_NUMERALS,
    PREPOSITION_CASES,
    THANKS_LEMMAS,
    THANKS_OBJECT_CASES,
    WITH_INSTRUMENTAL_LEMMAS,
)
from ..rulepack import match_case
from .morph import CASES, Tok, case_of, edit_cost, gram, inflect, per_form

_ADJ = ("ADJF", "PRTF")
# A rewrite dearer than this is more likely a misreading of the phrase than
# a slip in it: stay silent.
MAX_COST = 3.5
# What leaving the case a governing verb requires costs in the ranking (see
# verb_government.toml), in edits: one, so that `способствует экономическое
# развитию` keeps the dative the writer typed rather than the nominative one
# letter away.
GOVERNMENT_WEIGHT = 1.0
_NAME_TAGS = {"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr", "Init"}


class Phrase:
    """A noun phrase: its words, modifiers, noun and what governs it. (A plain
    class: nothing compares, hashes or prints one, and a dataclass's
    generated methods cost ~3.5 M instructions to make at every start.)"""

    __slots__ = ("toks", "mods", "noun", "allowed", "governor", "coordinated", "after_transitive",
                 "governed_case", "typed_noun")

    def __init__(self, toks: list[Tok], mods: list[Tok], noun: Tok, allowed: frozenset[str] | None, governor: str,
                 coordinated: bool, after_transitive: bool = False, governed_case: str | None = None,
                 typed_noun: Tok | None = None) -> None:
        self.toks = toks  # every word, governor excluded
        self.mods = mods
        self.noun = noun
        self.allowed = allowed  # cases the governor allows; None: any
        self.governor = governor  # "", "preposition", "numeral", "word"
        self.coordinated = coordinated  # `коммунистических и рабочих партии`: modifiers joined by и/или
        self.after_transitive = after_transitive  # a transitive verb right before: its object is accusative
        # A verb right before whose object has this case (`придерживаться` + gent):
        # among equally cheap repairs of a broken phrase, the one in this case.
        self.governed_case = governed_case
        # The noun as typed, when ``noun`` is a more frequent word one cheap edit
        # away standing in for it (`угольке` → `уголке`).
        self.typed_noun = typed_noun

    def with_noun(self, noun: Tok, typed_noun: Tok) -> Phrase:
        """The same phrase with ``noun`` standing in for ``typed_noun``."""
        return Phrase(self.toks, self.mods, noun, self.allowed, self.governor, self.coordinated,
                      self.after_transitive, self.governed_case, typed_noun)


class Problem:
    """The cheapest repair of a broken phrase. (A plain class: nothing
    compares or prints one, and a dataclass's generated methods cost ~3.5 M
    instructions to make at every start.)"""

    __slots__ = ("rule", "phrase", "changes", "cost", "margin", "alternatives", "respelled")

    def __init__(self, rule: str, phrase: Phrase, changes: list[tuple[Tok, str]], cost: float, margin: float,
                 alternatives: list[list[tuple[Tok, str]]], respelled: bool = False) -> None:
        self.rule = rule  # rule id suffix
        self.phrase = phrase
        self.changes = changes  # (token, its new form), in text order
        self.cost = cost
        self.margin = margin  # cost of the next-best distinct rewrite minus this one
        self.alternatives = alternatives
        self.respelled = respelled  # the first repair also respells the noun as a commoner word


# Pronoun adjectives that open a clause or stand alone rather than modify
# the next noun (`которая своим текстом`, `прежде всего творчество`).
_NOT_MODIFIERS = frozenset("который какой чей каковой".split())
_PARTICLE_FORMS = frozenset({"всего"})
_NUMERAL_NOUNS = frozenset("тысяча миллион миллиард".split())
_NUMERAL_NOUN_STEMS = ("тысяч", "миллион", "миллиард")


# The facts below depend on the word form alone (its parses), and the phrase
# scan asks them several times for each token: answered once per form.
@per_form
def _adj_like(tok: Tok) -> bool:
    adjs = tok.of(*_ADJ)
    if not adjs:
        return False  # no reading as an adjective or participle at all
    if any("Fixd" in p.tag.grammemes for p in adjs):
        return False  # его, её, их: possessives that never inflect
    if tok.lower in _PARTICLE_FORMS or any(p.normal_form in _NOT_MODIFIERS for p in adjs):
        return False
    if any("Surn" in p.tag.grammemes for p in tok.parses):
        return False  # А. Н. Островского: a surname that declines like an adjective
    return tok.score(*_ADJ) >= 0.4


@per_form
def _noun_like(tok: Tok) -> bool:
    nouns = tok.of("NOUN")
    if not nouns or tok.score("NOUN") < 0.4:
        return False
    return not any(_NAME_TAGS & p.tag.grammemes for p in nouns)


def phrases(toks: list[Tok]) -> Iterator[Phrase]:
    """The noun phrases that may be wrong: each has modifiers or a governor
    (a bare noun with neither has nothing to disagree with)."""
    for j in range(1, len(toks)):
        phrase = phrase_at(toks, j)
        if phrase is not None:
            yield phrase


def phrase_at(toks: list[Tok], j: int) -> Phrase | None:
    """The phrase :func:`phrases` yields with ``toks[j]`` as its noun, if any.
    It reads the tokens of that phrase, two before it and one after it."""
    n = len(toks)
    tok = toks[j]
    if j == 0 or tok.brk:
        return None  # nothing before it in its phrase: no modifier, no governor
    if not _noun_like(tok):
        return None
    nxt = toks[j + 1] if j + 1 < n else None
    if nxt is not None and not nxt.brk and _adj_like(tok) and (_noun_like(nxt) or _adj_like(nxt)):
        return None  # рабочих партии, в правом верхнем углу: here the word modifies what follows
    mods: list[Tok] = []
    k = j
    coordinated = False
    while k > 0 and not toks[k].brk and _adj_like(toks[k - 1]):
        k -= 1
        mods.insert(0, toks[k])
    if mods and k >= 2 and not toks[k].brk and toks[k - 1].lower in ("и", "или") \
            and not toks[k - 1].brk and _adj_like(toks[k - 2]) and _share_case(toks[k - 2], toks[k]):
        coordinated = True
        k -= 2
        mods.insert(0, toks[k])
    if nxt is not None and not nxt.brk and nxt.of("NUMR"):
        return None  # в тысяча девятьсот ...: a compound numeral, not a noun phrase
    if nxt is not None and not nxt.brk and _noun_like(nxt) and mods and _agree_with(mods, nxt):
        return None  # старая рок звезда: the modifiers belong to the next noun
    if k > 0 and not toks[k].brk and toks[k - 1].lower in ("что", "же") and mods:
        return None  # что такое ...: a question, not a modifier and its noun
    if any(a.lower == "тем" and b.lower == "самым" for a, b in zip(toks[k:j], toks[k + 1 : j])):
        return None  # тем самым: an adverb
    if _numeral_noun(tok):
        return None  # в тысяча восемьсот ...: stays uninflected inside a compound ordinal
    words = toks[k : j + 1]
    allowed, governor = None, ""
    before = toks[k - 1] if k > 0 and not toks[k].brk else None
    if before is not None and before.lower in PAUCAL_NUMERALS:
        numeral_at = k - 1
        if numeral_at > 0 and not before.brk and _noun_like(toks[numeral_at - 1]):
            return None  # недели три: an approximate number after its noun
        if any(m.of("NOUN") for m in mods):
            return None  # оба выходных: the modifier is itself the counted noun
        allowed, governor = frozenset({"gent"}), "numeral"
    elif before is not None and before.is_number:
        return None  # `2 больших дома`, years: the number decides, and we cannot read it
    elif before is not None and before.lower in PREPOSITION_CASES and before.of("PREP"):
        if mods and _hyphenless_adverb(before, mods[0]):
            return None  # по настоящему, во первых: по-настоящему, во-первых without the hyphen
        if before.lower in ADVERB_PREPOSITIONS:
            pass  # вокруг, после, мимо ... are adverbs as often: no evidence of government
        elif before.lower == "за" and k >= 2 and toks[k - 2].lower == "что" and not before.brk:
            return None  # что за ерунда: `что за` takes the nominative
        else:
            allowed, governor = _preposition_cases(toks, k - 1), "preposition"
    elif before is not None and not mods and _thanks_word(before):
        allowed, governor = THANKS_OBJECT_CASES, "word"
    if allowed is None and not mods:
        return None  # a bare noun, governed by nothing we know: nothing to check
    governed = _verb_case(before) if before is not None and allowed is None else None
    transitive = before is not None and governed is None and _transitive(before)
    phrase = Phrase(words, mods, tok, allowed, governor, coordinated, transitive, governed)
    if allowed is None and mods and (_transitive(mods[0]) or _verb_case(mods[0])) and not agreeing_cases(phrase):
        # `предусматривавшие международный солидарность`: an active transitive
        # participle (or one with an oblique object: `придерживающиеся`)
        # governs the phrase after it rather than modifying its noun.
        governed = _verb_case(mods[0])
        phrase = Phrase(words[1:], mods[1:], tok, None, "", False, governed is None, governed)
    return phrase


@per_form
def _numeral_noun(tok: Tok) -> bool:
    # Every form of тысяча, миллион, миллиард begins with its stem: only
    # those need their lemmas built.
    return tok.lower.startswith(_NUMERAL_NOUN_STEMS) and any(p.normal_form in _NUMERAL_NOUNS for p in tok.of("NOUN"))


def _hyphenless_adverb(prep: Tok, mod: Tok) -> bool:
    if prep.lower == "по":
        return mod.lower.endswith(("ому", "ему", "ски", "цки"))
    if prep.lower in ("в", "во"):
        return any("Anum" in p.tag.grammemes and case_of(p.tag) == "loct" and gram(p.tag.number) == "plur" for p in mod.parses)
    return False


def _agree_with(mods: list[Tok], noun: Tok) -> bool:
    return bool(agreeing_cases(Phrase([*mods, noun], mods, noun, None, "", False)))


def _share_case(a: Tok, b: Tok) -> bool:
    def forms(t: Tok) -> set:
        return {(case_of(p.tag), gram(p.tag.number)) for p in t.of(*_ADJ)}

    return bool(forms(a) & forms(b))


def participle_governs(participles, cases: set[str]) -> bool:
    """Can a word in one of ``cases`` be the agent or object of one of these
    participle readings (instrumental, dative, genitive; accusative for an
    active transitive one)?"""
    objects = {"ablt", "datv", "gent"}
    if any("actv" in p.tag.grammemes and "tran" in p.tag.grammemes for p in participles):
        objects.add("accs")
    return bool(cases & objects)


def _complement(phrase: Phrase) -> bool:
    """`сильный духом`, `выдвинутые автором`, `жаждущий изменений`,
    `сдавленному стальными тросами`: the words after a modifier are its
    complement, in a case of their own, not its head and its agreeing words."""
    for i in range(len(phrase.mods) - 1, -1, -1):
        gov = phrase.mods[i]
        rest = Phrase(phrase.toks, phrase.mods[i + 1 :], phrase.noun, None, "", False)
        rest_cases = agreeing_cases(rest)
        if not rest_cases:
            continue  # the words after this modifier disagree among themselves
        gov_cases = {case_of(p.tag) for p in gov.of(*_ADJ)}
        shared = gov_cases & rest_cases
        participles = gov.of("PRTF")
        if participles:
            # a participle with its agent or object (`принятые решении` is no such thing)
            if participle_governs(participles, rest_cases):
                return True
            continue
        # After a preposition the modifier is the preposition's, so only a
        # genitive (which attaches to a word further back: `к этому человека`)
        # shows the noun is not its head; `в коем случаю` is a slip.
        oblique = set() if phrase.governor == "preposition" else {"datv", "ablt"}
        # After a verb that governs the noun's case (`добились хорошая
        # результатов`) the verb, not the adjective, explains that case.
        explained = phrase.governed_case in rest_cases
        if not shared and not explained and rest_cases & (oblique | {"gent"}):
            return True
    return False


@per_form
def _transitive(tok: Tok) -> bool:
    return any(
        "tran" in p.tag.grammemes and (p.tag.POS in ("VERB", "INFN", "GRND") or "actv" in p.tag.grammemes)
        for p in tok.parses
    )


@per_form
def _verb_case(tok: Tok) -> str | None:
    """The case of the object of this verb form (any form: finite,
    infinitive, gerund, participle), when the verb is in the government table."""
    table = verb_cases()
    for p in tok.parses:
        if p.tag.POS in ("VERB", "INFN", "GRND", "PRTF") and p.normal_form in table:
            return table[p.normal_form]
    return None


@per_form
def _thanks_word(tok: Tok) -> bool:
    """спасибо, благодарность, признательны: a word of thanks whose object follows."""
    return _lemma_in(tok, THANKS_LEMMAS, ("NOUN", "ADJS", "PRCL", "INTJ"))


@per_form
def _thanks_head(tok: Tok) -> bool:
    return _lemma_in(tok, THANKS_LEMMAS)


@per_form
def _takes_with_instrumental(tok: Tok) -> bool:
    return _lemma_in(tok, WITH_INSTRUMENTAL_LEMMAS)


def _lemma_in(tok: Tok, lemmas: frozenset[str], pos: tuple[str, ...] | None = None) -> bool:
    return any((pos is None or p.tag.POS in pos) and p.normal_form in lemmas for p in tok.parses) or (
        tok.lower in lemmas
    )


def _preposition_cases(toks: list[Tok], i: int) -> frozenset[str]:
    prep = toks[i]
    cases = PREPOSITION_CASES[prep.lower]
    head = toks[i - 1] if i > 0 and not prep.brk else None
    if head is not None and prep.lower == "за" and _thanks_head(head):
        return frozenset({"accs"})  # спасибо за ваше терпение
    if head is not None and prep.lower in ("с", "со") and _takes_with_instrumental(head):
        return frozenset({"ablt"})  # связанной с интервенцией
    return cases


# --- agreement -------------------------------------------------------------

@per_form
def _noun_readings(noun: Tok) -> tuple:
    readings = [p for p in noun.of("NOUN") if case_of(p.tag) in CASES]
    if not readings:
        return ()
    # A rare lemma that happens to share the form (`роль` as genitive plural
    # of `роля`) is not a reading worth repairing towards.
    top = max(readings, key=lambda p: p.score).normal_form
    return tuple(
        p for p in readings
        if p.normal_form == top or p.score >= 0.1 or lexicon.zipf(p.normal_form, "ru") >= 2.5
    )


@lru_cache(maxsize=20_000)
def _numbers(lemma_parse) -> tuple[str, ...]:
    tag = lemma_parse.tag
    if "Sgtm" in tag.grammemes:
        return ("sing",)
    if "Pltm" in tag.grammemes:
        return ("plur",)
    # Abstract nouns whose plural nobody writes (`терпение`): the dictionary
    # lists a plural, word frequencies show it unused.
    plural = inflect(lemma_parse, {"datv", "plur"}, "x")
    singular = inflect(lemma_parse, {"ablt", "sing"}, "x")
    if plural and singular and lexicon.zipf(plural, "ru") < 1.0 <= lexicon.zipf(singular, "ru") - 1.0:
        return ("sing",)
    return ("sing", "plur")


def _mod_fits(parse, case: str, number: str, gender: str | None, anim: str | None, loose_number: bool) -> bool:
    tag = parse.tag
    if case_of(tag) != case:
        return False
    loose_number = loose_number or "Anum" in tag.grammemes
    if gram(tag.number) != number and not (loose_number and number == "plur"):
        return False
    if gram(tag.number) == "sing" and gender not in (None, "ms-f") and gram(tag.gender) != gender:
        return False
    if case == "accs" and tag.animacy and anim and gram(tag.animacy) != anim:
        return False
    return True


# Answers of agreeing_cases by the words' forms: the same modifier and noun
# meet again and again in a text.
_AGREEING: dict[tuple, frozenset[str]] = {}


def agreeing_cases(phrase: Phrase) -> frozenset[str]:
    """Cases in which the modifiers and the noun agree."""
    key = (phrase.noun.lower, phrase.coordinated, phrase.governor == "numeral", *(m.lower for m in phrase.mods))
    found = _AGREEING.get(key)
    if found is None:
        if len(_AGREEING) >= 50_000:
            _AGREEING.clear()
        found = _AGREEING[key] = frozenset(_agreeing_cases(phrase))
    return found


def _agreeing_cases(phrase: Phrase) -> set[str]:
    found = set()
    for reading in _noun_readings(phrase.noun):
        tag = reading.tag
        case = case_of(tag)
        if phrase.governor == "numeral":
            found.add(case)  # after два/три the modifier's form differs (gent/nomn plur)
            continue
        if all(
            any(
                _mod_fits(p, case, gram(tag.number), gram(tag.gender), gram(tag.animacy), phrase.coordinated)
                for p in m.of(*_ADJ)
            )
            for m in phrase.mods
        ):
            found.add(case)
    return found


def _fits_numeral(phrase: Phrase) -> bool:
    return any(case_of(p.tag) == "gent" and p.tag.number == "sing" for p in _noun_readings(phrase.noun))


# --- rewriting -------------------------------------------------------------

def _rewrites(phrase: Phrase):
    """Every inflected rewrite of the phrase in an allowed case and number:
    (key, changes), the key ranking them (its first item the edit cost plus
    the price of leaving the verb's case, its last the edit cost alone)."""
    cases = sorted(phrase.allowed) if phrase.allowed else list(CASES)
    mod_numbers = {gram(p.tag.number) for m in phrase.mods for p in m.of(*_ADJ)}
    seen_lexemes = set()
    typed = phrase.typed_noun or phrase.noun
    for reading in _noun_readings(phrase.noun):
        lexeme = (reading.normal_form, gram(reading.tag.gender))
        if lexeme in seen_lexemes:
            continue
        seen_lexemes.add(lexeme)
        tag = reading.tag
        numbers = list(_numbers(reading))
        if phrase.governor == "numeral":
            numbers, cases = ["sing"], ["gent"]
        for case in cases:
            for number in numbers:
                noun_form = inflect(reading, {case, number}, typed.text)
                if noun_form is None:
                    continue
                changes = []
                if noun_form != typed.text:
                    changes.append((typed, noun_form))
                cost = edit_cost(typed.text, noun_form)
                ok = True
                for m in phrase.mods:
                    form = _inflect_mod(m, case, number, gram(tag.gender), gram(tag.animacy), phrase)
                    if form is None:
                        ok = False
                        break
                    if form != m.text:
                        changes.append((m, form))
                        cost += edit_cost(m.text, form)
                if not ok or not changes:
                    continue
                changes.sort(key=lambda c: c[0].start)
                changed = {id(t) for t, _ in changes}
                # How likely the words left as typed are in this case and number.
                kept = [t for t in [*phrase.mods, typed] if id(t) not in changed]
                plausible = sum(
                    p.score for t in kept for p in t.of("NOUN", *_ADJ)
                    if case_of(p.tag) == case and gram(p.tag.number) == number
                )
                off_government = phrase.governed_case is not None and case != phrase.governed_case
                key = (
                    # The verb's own government is evidence about the case,
                    # worth one edit; how many words changed is only a prior.
                    cost + GOVERNMENT_WEIGHT * off_government,
                    bool(phrase.mods) and number not in mod_numbers,
                    off_government,
                    len(changes),
                    not (phrase.after_transitive and case == "accs"),
                    -round(plausible, 2),
                    CASES.index(case),
                    cost,  # the edit cost alone (last: it ranks nothing the first did not)
                )
                yield key, changes


def _inflect_mod(m: Tok, case: str, number: str, gender: str | None, anim: str | None, phrase: Phrase) -> str | None:
    if phrase.governor == "numeral":
        return m.text  # два больших дома / две большие комнаты: leave modifiers alone
    # Coordinated singular modifiers of a plural noun stay singular
    # (русский и английский языки).
    if phrase.coordinated and number == "plur" and all(gram(p.tag.number) == "sing" for p in m.of(*_ADJ)):
        number = "sing"
    grammemes = {case, number}
    if number == "sing" and gender and gender != "ms-f":
        grammemes.add(gender)
    if case == "accs" and anim and (number == "plur" or gender == "masc"):
        grammemes.add(anim)
    forms = {inflect(p, grammemes, m.text) for p in m.of(*_ADJ)} - {None}
    if not forms:
        return None
    if m.text in forms:
        return m.text
    return min(forms, key=lambda f: edit_cost(m.text, f))


def problem(phrase: Phrase) -> Problem | None:
    """What is wrong with the phrase and the best inflected repair, or None."""
    if not _noun_readings(phrase.noun) or any(not m.of(*_ADJ) for m in phrase.mods):
        return None
    if phrase.governor == "numeral":
        if _fits_numeral(phrase) or phrase.mods and _adj_like(phrase.noun):
            return None
        rule = "numeral_noun"
    else:
        agree = agreeing_cases(phrase)
        if phrase.allowed is not None and agree & phrase.allowed:
            return None
        if phrase.governor == "preposition" and "nomn" in agree and _into_the_ranks(phrase):
            return None
        if phrase.allowed is None and agree:
            return None
        if not agree and not phrase.mods:
            return None
        if not agree and _complement(phrase):
            return None
        if not agree and _substantive_first(phrase):
            return None
        if agree:
            rule = "preposition_case" if phrase.governor == "preposition" else "word_government"
        else:
            if _predicative_instrumental(phrase):
                return None
            rule = "agreement"
    ranked = sorted(_rewrites(phrase), key=lambda kc: kc[0])
    if not ranked:
        return None
    respelled = False
    if rule == "agreement":
        common = _respelled_rewrite(phrase, ranked[0])
        if common is not None:
            ranked.insert(0, common)
            respelled = True
    (best_key, best), rest = ranked[0], ranked[1:]
    if best_key[-1] > MAX_COST:
        return None
    alternatives, texts = [], {_text(best)}
    for key, changes in rest:
        if _text(changes) not in texts:
            texts.add(_text(changes))
            alternatives.append((key[-1], changes))
    # On edit cost alone: a verb's government may rank a repair first, but
    # does not make it more certain than the letters do.
    margin = alternatives[0][0] - best_key[-1] if alternatives else 9.0
    if phrase.coordinated and any(t is phrase.noun for t, _ in best):
        rule = "genitive_plural" if "gent" in {case_of(p.tag) for p in phrase.mods[-1].of(*_ADJ)} else rule
    return Problem(rule, phrase, best, best_key[-1], margin, [c for _, c in alternatives[:2]], respelled)


# --- a commoner noun one slip away ------------------------------------------

# A broken phrase whose noun is a rare word (`на этой прекрасной угольке`,
# уголёк) next to a far commoner one a single cheap slip away (уголке,
# уголок): the writer more likely meant the common word. "Far commoner" is
# this many Zipf steps (1.5 ≈ 30 times as frequent) ...
RESPELL_MIN_GAIN = 1.5
# ... and "a cheap slip" is a letter added or dropped that the spelling
# error model prices at most like a soft sign: ь/ъ, a doubled letter
# (errormodel.SOFT_SLIP: its costs are estimated from typos, not fixed here).
_CHEAP_INDELS = "ьъ-'"


def _respelled_rewrite(phrase: Phrase, own_best):
    """The best repair of a broken phrase with its noun respelled as a far
    commoner noun one cheap slip away, in the same case and number — when it
    changes no more modifiers than the best repair that keeps the noun, at no
    greater cost besides the slip. None when there is no such noun."""
    own_key, own_changes = own_best
    noun = phrase.noun
    own_mods = sum(1 for t, _ in own_changes if t is not noun)
    found = []
    for word in _commoner_neighbours(noun.lower):
        variant = Tok(noun.start, noun.end, match_case(noun.text, word), noun.brk)
        alt = phrase.with_noun(variant, noun)
        ranked = sorted(_rewrites(alt), key=lambda kc: kc[0])
        if not ranked:
            continue
        key, changes = ranked[0]
        slip = edit_cost(noun.text, variant.text)
        if sum(1 for t, _ in changes if t is not noun) <= own_mods and key[0] - slip <= own_key[0]:
            found.append((key, changes))
    return min(found, key=lambda kc: kc[0]) if found else None


@lru_cache(maxsize=20_000)
def _commoner_neighbours(word: str) -> tuple[str, ...]:
    """Nouns one added or dropped letter away from ``word`` (lower case)
    that are far commoner and share one of its case-and-number readings,
    commonest first."""
    from ..spelling import errormodel, index

    own = lexicon.zipf(word, "ru")
    readings = _case_numbers(word)
    if not readings:
        return ()
    vocabulary = index.get("ru")
    out = []
    for cand in _letter_added_or_dropped(word):
        z = vocabulary.vocab_zipf(cand)
        if z is None or z < own + RESPELL_MIN_GAIN:
            continue
        if errormodel.cost(word, cand) > errormodel.SOFT_SLIP or not _noun_like(Tok(0, len(cand), cand, False)):
            continue
        if readings & _case_numbers(cand):
            out.append((z, cand))
    return tuple(c for _, c in sorted(out, reverse=True))


def _letter_added_or_dropped(word: str) -> set[str]:
    """Every word one ь/ъ (or hyphen, apostrophe) or one doubled letter away:
    what the spelling error model prices at most like a soft sign among
    single insertions and deletions (the others — a vowel, any other letter
    — cost more), spelled out rather than searched for in the vocabulary."""
    out = set()
    for i in range(len(word) + 1):
        for sign in _CHEAP_INDELS:
            out.add(word[:i] + sign + word[i:])
        if i < len(word):
            out.add(word[:i] + word[i] + word[i:])  # a letter doubled
            if word[i] in _CHEAP_INDELS or word[i] == word[i - 1 : i] or word[i] == word[i + 1 : i + 2]:
                out.add(word[:i] + word[i + 1 :])  # a sign or one of a double letter dropped
    out.discard(word)
    return out


def _case_numbers(word: str) -> set[tuple[str | None, str | None]]:
    tok = Tok(0, len(word), word, False)
    return {(case_of(p.tag), gram(p.tag.number)) for p in _noun_readings(tok)}


def _substantive_first(phrase: Phrase) -> bool:
    """`на выходных экземпляром`: the first "modifier" is an adjective used as
    a noun (выходные, рабочие, учёные) and shares no case with the noun after
    it, so the two are not one phrase."""
    first = phrase.mods[0]
    if not first.of("NOUN"):
        return False
    first_cases = {case_of(p.tag) for p in first.of(*_ADJ)}
    return not first_cases & {case_of(p.tag) for p in _noun_readings(phrase.noun)}


def _into_the_ranks(phrase: Phrase) -> bool:
    """`пойти в гости`, `выйти в люди`, `в президенты`: в + an animate plural
    in the form of the nominative."""
    return any(
        case_of(p.tag) == "nomn" and gram(p.tag.number) == "plur" and gram(p.tag.animacy) == "anim"
        for p in _noun_readings(phrase.noun)
    ) and phrase.allowed is not None and "loct" in phrase.allowed and "accs" in phrase.allowed


def _text(changes) -> tuple:
    return tuple((t.start, form) for t, form in changes)


def _predicative_instrumental(phrase: Phrase) -> bool:
    """`казалось странным поведение`, `остались неизвестными народу`: an
    adjective in the instrumental is a predicate, and the noun after it is not
    its head."""
    if phrase.governor:
        return False
    first = phrase.mods[0]
    noun_cases = {case_of(p.tag) for p in _noun_readings(phrase.noun)}
    if phrase.governed_case in noun_cases:
        return False  # избегали прямой ответов: the noun is the verb's object
    return any(case_of(p.tag) == "ablt" for p in first.of(*_ADJ)) and "ablt" not in noun_cases
