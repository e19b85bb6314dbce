"""Run-together words: one token that is two words typed without the space
(``ктобы`` → ``кто бы``, ``помоему`` → ``по-моему``, ``alot`` → ``a lot``).

A token is split only when the token is not a word, both parts are, and one
part is a function word from a closed list (a preposition, particle,
conjunction or pronoun). Without that last condition every unknown compound
would fall apart: ``комдвижение`` is not in the dictionary, yet ``ком`` and
``движение`` are words — it is a correct coinage and must stay whole.

Where the parts are a pronoun and a particle (``ктото``), or ``по`` and an
adjective in -ому/-ему (``помоему``), the parts are joined by a hyphen instead
of a space.

The function word may also end the token: a conjunction, negation or
preposition glued to a common word (``иностранныхи`` → ``иностранных и``,
``работатьне`` → ``работать не``). A personal pronoun takes a verb agreeing
with it, however rare (``япостелила`` → ``я постелила``). ``во``, ``со``,
``ко``, ``обо`` never precede a vowel, so ``вообщем`` is ``в общем``.

Two content words are split only when they stand in a relation no compound
makes — a compound's first part is a stem or ends in a linking vowel, never an
inflected form agreeing with or governing the next word: an adjective and
its noun, an infinitive and anything, a noun and a genitive
(``болезньматки``), a name and a patronymic, an adverb and an adjective
(``оченьпродвинутого``), a verb and its object (``приведемпримеры``); and only
when the token was never seen as one word and one split point alone gives
two words. Each split carries its ``kind``; bench/quality_boundary.py
measures each kind's precision.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

import re

import regex

from .. import lexicon
from ..model import Finding, Suggestion
from ..options import Context
from ..segments import Token
from ..spelling import index, speedups  # (the spelling detector imports them too; they open nothing at import)
from .base import Detector, RuleDoc
from .boundary import (
    FORM_CACHE_LIMIT,
    RU_DEGREE_ADVERBS,
    RU_PREPOSITION_CASES,
    RU_PREPOSITIONS,
    SINGLE_LETTER_WORDS,
    governed_by,
    hyphen_ru,
    known_test,
    one_letter_away,
    pos_set,
    tags,
    fragments,
    whole_word,
    word_lang,
)
from .wordscan import scan

RU_FUNCTION_WORDS = RU_PREPOSITIONS | frozenset(
    """не ни и а но да или что чтобы кто как где когда куда если хотя потому поэтому
    тогда там тут здесь так то это этот эта эти тот та те все всё весь вот уже ещё еще
    очень я ты он она оно мы вы они меня мне тебя тебе его её ее ему ей нам вам их им
    мой моя моё мое мои твой наш ваш свой себя себе сам сама сами чем ведь даже
    только нет вот""".split()
)
# Particles that follow a word: written apart (бы, же, ли) or with a hyphen (то, нибудь).
RU_ENCLITICS = frozenset("бы б же ж ли ль то либо нибудь таки ка".split())
RU_HYPHEN_ENCLITICS = frozenset("то либо нибудь таки ка".split())
RU_HYPHEN_PROCLITICS = frozenset({"кое", "кой"})
# Enclitics written apart follow verbs, pronouns, adverbs and conjunctions;
# a noun or adjective before them is more likely a typo ending in -ли
# ("Съездели" is "Съездили", not "Съезде ли").
RU_SPACED_ENCLITIC_HOSTS = frozenset({"VERB", "INFN", "NPRO", "CONJ", "PRCL", "ADVB", "PRED", "PREP", "GRND", "COMP"})

EN_FUNCTION_WORDS = frozenset(
    """a an the to of in on at by for and or as is it be i he she we you they not no so
    all his her my our your their that this with was were had have has but from which
    will would shall should can could may might must""".split()
)

# The longest words that may begin (end) a run-together token's split.
_RU_LONGEST_LEFT = max(map(len, RU_FUNCTION_WORDS | RU_HYPHEN_PROCLITICS | RU_DEGREE_ADVERBS))
_RU_LONGEST_RIGHT = max(map(len, RU_ENCLITICS))
_EN_LONGEST = max(map(len, EN_FUNCTION_WORDS))

# Words that begin a phrase and are glued to the end of the word before
# ("иностранныхи" → "иностранных и", "работатьне" → "работать не",
# "построениз" → "построен из"): conjunctions, negations, prepositions.
# Not pronouns: -я, -ее, -им, -ми, -те are endings ("основая" is a typo of
# "основная", not "основа я"). Of the one-letter words only "и", the commonest
# word glued so: a one-letter preposition or "а" at a word's end is mostly its
# own letter after a slip ("магазино" for "магазинов", "сборк" for "сборку";
# in 90,000 simulated one-letter typos of common words, о, в, с, к, у and а
# made 186 false splits and "и" 41).
RU_GLUED_TAILS = frozenset(p for p in RU_PREPOSITIONS if len(p) > 1) | frozenset(
    "и но да или что чтобы если не ни".split()
)
# Every word that may begin a split split_ru looks at further (a function
# word, a proclitic, an adverb of degree), and every word that may end one
# (an enclitic, a glued tail): a point with neither is passed over.
_RU_LEFT_WORDS = RU_FUNCTION_WORDS | RU_HYPHEN_PROCLITICS | RU_DEGREE_ADVERBS
_RU_RIGHT_WORDS = RU_ENCLITICS | RU_GLUED_TAILS
# The word before a glued tail must be at least this common (Zipf): a rarer
# one is as likely a word's stem with a mistyped ending ("безупречноне" is
# "безупречное").
MIN_TAIL_HOST_ZIPF = 4.0
# Confidences of the kinds of split this round added, from their precision
# measured on the dev data (bench/quality_boundary.py "run_together by kind",
# RUSpellRU + GERA, both halves), and from two simulations on it
# (bench/quality_boundary.py --simulate): every pair of adjacent words of
# GERA's corrected text glued together (does the split give the two words
# back?), and 83,101 one-letter typos of common words (is any split?).
# - a pronoun and its rare agreeing verb, and the content relations of
#   _relation: real splits 16 right of 16; glued pairs split right 1,947 of
#   1,948; 11 of 83,101 typos split (10 of them a letter added before a verb
#   making a pronoun, "яуехала", which a glued "я" explains better): safe;
# - a glued tail: real 9 of 10, glued pairs 681 of 681, but 99 typos split
#   ("силаи" for "силами"): below safe;
# - "во" before a vowel read as "в": 20 of 22, all "вообщем", where a one-letter
#   typo reading ("вообще") would otherwise demote it to 0.4: below safe;
# - a preposition and a rare word it governs: real 3 of 3, glued pairs 66 of
#   67, no typo split (54 were, each outweighed by a typo reading and so
#   silent, as 4 wrong ones on the dev sets): below safe.
TAIL_CONFIDENCE = 0.8
RARE_GOVERNED_CONFIDENCE = 0.7
RARE_VERB_CONFIDENCE = 0.9
CONTENT_SPLIT_CONFIDENCE = 0.9
VOWEL_VARIANT_CONFIDENCE = 0.7
NI_VERB_CONFIDENCE = 0.6  # "нихочу" → "не хочу": ни misspelt as well as glued (unsafe)
# A split a frequent word one letter away outweighs ("давольно" → "да вольно",
# not "довольно"): shown only; measured in _weigh_against_typo.
TYPO_OUTWEIGHED_CONFIDENCE = 0.15
# Personal pronouns, and the person, number and gender a verb agreeing with
# them has ("япостелила" → "я постелила", "онвыгребает" → "он выгребает").
RU_PERSONAL_PRONOUNS = {
    "я": ("1per", "sing", None), "ты": ("2per", "sing", None),
    "он": ("3per", "sing", "masc"), "она": ("3per", "sing", "femn"), "оно": ("3per", "sing", "neut"),
    "мы": ("1per", "plur", None), "вы": ("2per", "plur", None), "они": ("3per", "plur", None),
}
# A preposition's variant in -о stands only before consonants ("во время",
# "со мной", "ко мне", "обо всём"); before a vowel the short one does
# ("вообщем" is "в общем", not "во общем"). Not before "и": "во имя",
# "во избежание", "во исполнение" are set phrases.
RU_VOWEL_VARIANTS = {"во": "в", "со": "с", "ко": "к", "обо": "об"}
_RU_VOWELS = frozenset("аеёоуыэюя")

# Words that take no hyphenated particle: "не то", "и то", "а то".
RU_NO_HYPHEN_HOSTS = RU_PREPOSITIONS | frozenset("не ни и а но да или".split())
# A token this frequent in real text is a word of its own even when the
# dictionary lacks it ("нибудь" after a lost hyphen).
MAX_WHOLE_ZIPF = 4.0

# Longer tokens are no two words typed together (a URL, a chemical name, a
# line of garbage); trying every split point of them only costs time.
MAX_TOKEN = 40

# Below this Zipf frequency a part is too rare to trust as a real word here
# (``ly``, ``ie`` are in word lists but do not stand alone in text).
MIN_PART_ZIPF = 3.0
# No word's Zipf frequency exceeds 9 (a frequency of one: every word).
MAX_ZIPF = 9.0


# (stdlib re: regex tries its backreference at each character some six
# times slower, and this is asked of every new fragment)
_STRETCHED = re.compile(r"(.)\1\1")
_SPACE_OR_HYPHEN = regex.compile(r"[ -]")


class Split:
    """A run-together word's split. (A plain class: nothing compares, hashes
    or prints one, and a dataclass's generated methods cost ~3.5 M
    instructions to make at every start.)"""

    __slots__ = ("text", "confidence", "rule", "score", "both_closed", "kind")

    def __init__(self, text: str, confidence: float, rule: str, score: float, both_closed: bool = False,
                 kind: str = "closed") -> None:
        self.text = text
        self.confidence = confidence
        self.rule = rule
        self.score = score
        self.both_closed = both_closed
        # Which evidence made the split (see KINDS): bench/quality_boundary.py
        # measures each kind's precision, and the confidences below follow it.
        self.kind = kind

    def with_confidence(self, confidence: float) -> Split:
        return Split(self.text, confidence, self.rule, self.score, self.both_closed, self.kind)


def _part_ok(part: str, lang: str) -> bool:
    if len(part) == 1:
        return part in SINGLE_LETTER_WORDS[lang] or (lang == "ru" and part in {"б", "ж"})
    # The frequency first: most strings asked about are no words, and a
    # frequency look-up answers them sooner than the dictionary.
    return lexicon.zipf(part, lang) >= MIN_PART_ZIPF and lexicon.is_known(part, lang)


def split_ru(word: str, after: str | None = None) -> Split | None:
    lower = word.lower()
    if len(lower) < 3 or lexicon.is_known(lower, "ru") or lexicon.zipf(lower, "ru") >= MAX_WHOLE_ZIPF:
        return None
    if _STRETCHED.search(lower):
        return None  # "неее": a stretched word, not two
    best: Split | None = None
    tail: Split | None = None
    n = len(lower)
    # Only where a closed-class word can begin or end the token (a long
    # token's middle split points have neither), in increasing order.
    points = range(1, n) if n <= _RU_LONGEST_LEFT + _RU_LONGEST_RIGHT + 1 else \
        (*range(1, _RU_LONGEST_LEFT + 1), *range(n - _RU_LONGEST_RIGHT, n))
    for i in points:
        left, right = lower[:i], lower[i:]
        if left not in _RU_LEFT_WORDS and right not in _RU_RIGHT_WORDS:
            continue  # (most points: the tests below, in two look-ups)
        closed_left = left in RU_FUNCTION_WORDS or left in RU_HYPHEN_PROCLITICS
        closed_right = right in RU_ENCLITICS
        # A content word, then a conjunction, negation or preposition glued to it.
        glued_tail = not (closed_left or closed_right) and right in RU_GLUED_TAILS and len(left) >= 4
        if not (closed_left or closed_right or glued_tail or left in RU_DEGREE_ADVERBS):
            continue
        if glued_tail:
            split = _glued_tail_split(word, left, right)
            if split is not None and (tail is None or split.score > tail.score):
                tail = split
            continue
        if left in RU_DEGREE_ADVERBS and not (closed_left and _part_ok(right, "ru")):
            # "оченьпродвинутого": an adverb of degree before a rare adjective.
            split = _degree_split(word, left, right)
            if split is not None and (best is None or split.score > best.score):
                best = split
            continue
        hyphen_pair = (left in RU_PREPOSITIONS and right in RU_PREPOSITIONS) or (
            right in RU_HYPHEN_ENCLITICS or left in RU_HYPHEN_PROCLITICS
        )
        if hyphen_pair and lexicon.is_known(f"{left}-{right}", "ru"):
            # "изза" → "из-за", "ктонибудь" → "кто-нибудь": a hyphenated word
            # of the dictionary, whose parts need not stand alone. (Only for
            # particles and preposition pairs: the dictionary also knows the
            # misspelling "то-есть".)
            split = Split(_restore_case(word, f"{left}-{right}"), 0.92, "boundary.ru.run_together",
                          10.0, True)
            if best is None or split.score > best.score:
                best = split
            continue
        kind = "closed"
        right_ok = _part_ok(right, "ru") or (
            # "неторопясь", "неверилось": "не" before a verb form is written
            # apart, even before a rare verb form.
            left == "не" and len(right) >= 4 and lexicon.is_known(right, "ru")
            and bool(pos_set(right) & {"VERB", "INFN", "GRND"})
        )
        if (not right_ok and left in RU_PREPOSITIONS and len(right) >= 5 and lexicon.is_known(right, "ru")
                and _governed_form(left, right)):
            # "всуровом": a preposition and a rarer word in a case it governs.
            right_ok, kind = True, "preposition_rare"
        if left in RU_PERSONAL_PRONOUNS and len(right) >= 4:
            if _verb_agrees(left, right):
                # "япостелила": a pronoun and a verb agreeing with it in person,
                # number and gender, which no compound makes; the verb may be rare.
                right_ok, kind = right_ok or lexicon.is_known(right, "ru"), "pronoun_verb"
            elif pos_set(right) == {"VERB"}:
                continue  # "она пришло", "я возникло": a verb that cannot follow the pronoun
        if not (_part_ok(left, "ru") or left in RU_HYPHEN_PROCLITICS) or not right_ok:
            continue
        if left in RU_VOWEL_VARIANTS and right[0] in _RU_VOWELS:
            # "вообщем": "во" never precedes a vowel; the writer meant "в".
            left, kind = RU_VOWEL_VARIANTS[left], "vowel_preposition"
        if left in RU_PREPOSITIONS and not governed_by(left, right):
            continue  # "ввеселились" is a typo, not "в веселились"
        if closed_right and right not in RU_HYPHEN_ENCLITICS and not closed_left:
            hosts = pos_set(left)
            if not hosts & RU_SPACED_ENCLITIC_HOSTS:
                continue
        if (right in RU_HYPHEN_ENCLITICS and left not in RU_NO_HYPHEN_HOSTS) or left in RU_HYPHEN_PROCLITICS:
            candidate = f"{left}-{right}"
            # "самойто" → "самой-то": the hyphenated form need not be in the
            # dictionary, but its host must be a word.
        else:
            hyphen = hyphen_ru(left, right, after)
            candidate = hyphen.text if hyphen is not None else f"{left} {right}"
        if len(right) == 1 and right in RU_PREPOSITIONS:
            continue  # "сос": a preposition does not end a phrase
        score = min(lexicon.zipf(left, "ru"), lexicon.zipf(right, "ru"))
        # A split into a function word and a rare word is weaker evidence.
        confidence = 0.9 if (closed_left and closed_right) or score >= 3.5 else 0.7
        if kind == "pronoun_verb" and score < 3.5:
            confidence = RARE_VERB_CONFIDENCE
        elif kind == "vowel_preposition":
            confidence = VOWEL_VARIANT_CONFIDENCE
        elif kind == "preposition_rare":
            confidence = RARE_GOVERNED_CONFIDENCE
        negatable = {"VERB", "INFN", "GRND", "PRED", "NPRO", "ADVB", "PRCL", "CONJ"}
        if left == "не" and not any(
            str(t.POS) in negatable and "Infr" not in t for t in tags(right)
        ):
            # "непрекрасный": не- is a productive prefix of adjectives and
            # nouns, so an unknown one is as likely a word as two; and after
            # a slang word ("нефиг") the whole is slang of its own.
            confidence = 0.4
        elif len(lower) <= 4 and right not in RU_ENCLITICS:
            # "ктоя", "иво": in a word this short a typo is as likely.
            confidence = min(confidence, 0.6)
        if left == "ни" and _verbal(right):
            # "нихочу", "нибыло": ни stands before a verb only in a
            # concessive clause ("как ни старался"), written apart already;
            # glued to one it is the negation misspelt. "ни хочу" would be
            # a wrong text: offer "не хочу", and not as a plain fix (the
            # dev sets hold no such word to measure it on).
            candidate, confidence, kind = f"не {right}", min(confidence, NI_VERB_CONFIDENCE), "ni_verb"
        split = Split(_restore_case(word, candidate), confidence, "boundary.ru.run_together", score,
                      closed_left and closed_right, kind)
        if best is None or split.score > best.score:
            best = split
    if best is None:
        # A glued tail only where nothing else reads: "идети" is "и дети",
        # not "идет и"; "отказни" is "от казни".
        best = tail
    if best is None:
        best = _content_split(word, lower)
    return _weigh_against_typo(lower, best, "ru")


_VERBAL = frozenset({"VERB", "INFN", "GRND", "PRTS"})


def _verbal(word: str) -> bool:
    """Can ``word`` be a verb form (finite, infinitive, gerund, short
    participle)? "хочу", "было" (also a particle, as in "как бы то ни
    было", but that is written apart), not "разу"."""
    return any(str(t.POS) in _VERBAL for t in tags(word))


def _glued_tail_split(word: str, left: str, right: str) -> Split | None:
    """"иностранныхи" → "иностранных и": a common content word, then a
    conjunction, negation or preposition typed without the space."""
    if not _part_ok(left, "ru") or lexicon.zipf(left, "ru") < MIN_TAIL_HOST_ZIPF:
        return None
    score = min(lexicon.zipf(left, "ru"), lexicon.zipf(right, "ru"))
    return Split(_restore_case(word, f"{left} {right}"), TAIL_CONFIDENCE, "boundary.ru.run_together", score,
                 False, "glued_tail")


# What an adverb of degree modifies: adjectives, participles, adverbs.
_DEGREE_MODIFIED = frozenset({"ADJF", "ADJS", "PRTF", "PRTS", "ADVB", "COMP"})


def _degree_split(word: str, left: str, right: str) -> Split | None:
    """"оченьпродвинутого" → "очень продвинутого": an adverb of degree and
    a word of the dictionary it modifies, however rare; no compound begins
    with one ("более-менее", "чуть-чуть" are hyphenated: never here)."""
    if len(right) < 4 or right in RU_DEGREE_ADVERBS or not lexicon.is_known(right, "ru"):
        return None
    if not pos_set(right) & _DEGREE_MODIFIED or lexicon.is_known(f"{left}-{right}", "ru"):
        return None
    score = min(lexicon.zipf(left, "ru"), lexicon.zipf(right, "ru"))
    return Split(_restore_case(word, f"{left} {right}"), CONTENT_SPLIT_CONFIDENCE, "boundary.ru.run_together",
                 score, False, "adverb")


def _governed_form(preposition: str, word: str) -> bool:
    """Is every reading of ``word`` a noun-phrase word in a case
    ``preposition`` governs (no verb or adverb reading a typo could be)?"""
    facts = tags(word)
    cases = RU_PREPOSITION_CASES.get(preposition)
    return bool(facts) and cases is not None and all(
        t.POS in {"NOUN", "ADJF", "PRTF", "NPRO", "NUMR"} and t.case in cases and "Fixd" not in t for t in facts)


def _verb_agrees(pronoun: str, verb: str) -> bool:
    """Is ``verb`` a finite verb form agreeing with the personal ``pronoun``
    (present or future: person and number; past: number, and gender in the
    singular where the pronoun has one)?"""
    person, number, gender = RU_PERSONAL_PRONOUNS[pronoun]
    for t in tags(verb):
        if t.POS != "VERB" or "impr" in t:
            continue
        if t.number != number:
            continue
        if t.tense == "past":
            # "я", "ты" are a man or a woman: never a neuter past ("я возникло").
            if number == "sing" and t.gender != gender and (gender is not None or t.gender == "neut"):
                continue
            return True
        if t.person == person:
            return True
    return False


def _relation(left: str, right: str) -> str | None:
    """Do ``left`` and ``right`` read as two words of one phrase that no
    compound could make, and which relation is it? A compound's first part is
    a bare stem or ends in a linking vowel ("комдвижение", "железобетон",
    "быстрорастущий"), never an inflected form governing or agreeing with
    the next word:

    - "agreement": an adjective agreeing with the next word in case, number
      and gender ("профессиональная карьера");
    - "infinitive": an infinitive before anything ("скачать программу");
    - "genitive": a noun, then a noun in the genitive ("болезнь матки");
    - "name_patronymic": a first name, then a patronymic ("сергей викторович");
    - "adverb": an adverb that ends in no linking vowel, before an adjective,
      participle or verb ("очень продвинутого");
    - "verb_object": a finite verb in the indicative, then a noun phrase
      word in an oblique case ("приведем примеры").
    """
    left_tags, right_tags = tags(left), tags(right)
    for tl in left_tags:
        if tl.POS == "INFN":
            return "infinitive"
        if tl.POS not in {"ADJF", "PRTF"} or "Fixd" in tl:
            continue  # (an indeclinable "супер", "мини" agrees with anything: a compound's head)
        for tr in right_tags:
            if tr.POS not in {"NOUN", "ADJF", "PRTF"}:
                continue
            if tl.case != tr.case or tl.number != tr.number:
                continue
            if tl.number == "sing" and tl.gender and tr.gender and tl.gender != tr.gender:
                continue
            return "agreement"
    if any("Name" in tl for tl in left_tags) and any(
        "Patr" in tr and any("Name" in tl and tl.gender == tr.gender for tl in left_tags) for tr in right_tags
    ):
        return "name_patronymic"
    if left[-1] in "ое" or lexicon.is_known(f"{left}-{right}", "ru"):
        # A linking vowel, or a hyphenated compound of the dictionary
        # ("интернет-магазина"): maybe one word.
        return None
    left_pos = {str(t.POS) for t in left_tags}
    nouns = [t for t in left_tags if t.POS == "NOUN" and "Fixd" not in t
             and not {"Name", "Surn", "Patr", "Abbr"} & t.grammemes]
    genitives = [t for t in right_tags if t.POS == "NOUN" and t.case in {"gent", "gen2"} and "Fixd" not in t]
    if nouns and genitives and not _compound_head(left) and not any(
        # Two nouns in one case, one of them a person: an apposition written
        # with a hyphen ("врача-терапевта"), not a noun and its genitive.
        tl.case == tr.case and tl.number == tr.number and ("anim" in tl or "anim" in tr)
        for tl in nouns for tr in genitives
    ):
        return "genitive"
    if left_pos == {"ADVB"} and any(
        t.POS in {"ADJF", "PRTF", "VERB"} for t in right_tags
    ):
        return "adverb"
    if any(t.POS == "VERB" and "indc" in t for t in left_tags) and any(
        t.POS in {"NOUN", "ADJF", "PRTF", "NPRO"} and t.case not in {None, "nomn"} and "Fixd" not in t
        for t in right_tags
    ):
        return "verb_object"
    return None


def _compound_head(left: str) -> bool:
    """Does ``left`` begin compounds ("бизнесмен", "интернет-магазин")? Then
    a token it begins may be a compound of it: a word of the dictionary
    ``left`` + a hyphen, or one of the frequency list ``left`` + a common
    word of three letters or more, or + a hyphen."""
    # pymorphy3's dictionary holds hyphenated compounds ("интернет-магазин",
    # "бизнес-центр"): one prefix walk of its word graph.
    words = getattr(getattr(lexicon.morph(), "dictionary", None), "words", None)
    if words is not None and next(iter(words.iterkeys(left + "-")), None) is not None:
        return True
    freq = index.get("ru").freq
    n = len(left)
    for w in freq.keys(left):
        rest = w[n:]
        if rest[:1] == "-" or (len(rest) >= 3 and lexicon.zipf(rest, "ru") >= MIN_PART_ZIPF
                               and lexicon.is_known(rest, "ru")):
            return True
    return False


def _content_split(word: str, lower: str) -> Split | None:
    """Two content words typed together ("профессиональнаякарьера"): only
    when the token was never seen as one word, both parts are frequent words
    of four letters or more, they read as a phrase (:func:`_relation`), and
    exactly one split point gives two words."""
    if len(lower) < 9 or lexicon.zipf(lower, "ru") > 0:
        return None
    found = []
    words = 0
    for i in _split_points(lower):
        left, right = lower[:i], lower[i:]
        if not (_part_ok(left, "ru") and _part_ok(right, "ru")):
            continue
        words += 1
        kind = _relation(left, right)
        if kind is not None:
            found.append((left, right, kind))
    if len(found) != 1 or words != 1:
        # Two readings ("спорт|управления" and "спорту|правления"): a
        # compound is as likely as either phrase.
        return None
    left, right, kind = found[0]
    score = min(lexicon.zipf(left, "ru"), lexicon.zipf(right, "ru"))
    return Split(_restore_case(word, f"{left} {right}"), CONTENT_SPLIT_CONFIDENCE, "boundary.ru.run_together",
                 score, False, kind)


def _split_points(lower: str) -> list[int]:
    """The split points 4 … len − 4 of ``lower`` whose left part may pass
    :func:`_part_ok`, in order. A part that does is a word of the frequency
    list (Zipf ≥ 3), so for a word without a hyphen (whose Zipf is the
    list's own) only the list's words that begin ``lower`` are tried: found
    by one walk of its trie, not a look-up per split point."""
    points = range(4, len(lower) - 3)
    if "-" in lower:
        return list(points)
    return sorted({len(p) for p in index.get("ru").freq.prefixes(lower)}.intersection(points))


def _weigh_against_typo(word: str, split: Split | None, lang: str) -> Split | None:
    """A frequent word one letter away ("сначало" → "сначала") is the likelier
    reading: the split is then only shown, never applied."""
    if split is None or split.confidence < 0.5:
        return split
    parts = set(_SPACE_OR_HYPHEN.split(split.text.lower()))
    # Two function words ("кто бы") are strong evidence of their own: a
    # typo reading must then be clearly more frequent to win. A glued tail
    # ("мужчинаи") rests on its host word alone (the tail is always common):
    # a typo reading must be at least as common as the host ("своеи" is
    # "своей", but "мужчинам" is rarer than "мужчина").
    margin = 1.0 if split.both_closed else 0.0 if split.kind == "glued_tail" else -0.5
    if split.score + margin > MAX_ZIPF:
        return split  # (a dictionary hyphen word, score 10): no word is that frequent
    for candidate in frequent_one_letter_away(word, lang, split.score + margin):
        if candidate in parts:
            continue  # dropping "в" from "вобщем" is the split itself
        if lexicon.zipf(candidate, lang) >= split.score + margin:
            # Observed on the dev sets (bench/quality_boundary.py --by-evidence,
            # RUSpellRU + GERA): right in 3 of 22 Russian cases on the even
            # rows, 0 of 9 on the odd; in almost none of the English (old and
            # OCR spellings).
            demoted = TYPO_OUTWEIGHED_CONFIDENCE if lang == "ru" else 0.1
            if split.kind == "vowel_preposition":
                # The blend of "вообще" and "в общем" is that split, not the
                # typo (see VOWEL_VARIANT_CONFIDENCE).
                demoted = split.confidence
            elif split.kind in _SILENT_WHEN_OUTWEIGHED:
                return None
            return split.with_confidence(demoted)
    return split


# Kinds of split not even shown when a typo reading outweighs them: on the dev
# sets none of those was right ("своеи", "однао", "поетому", "постеле": 0 of 9).
_SILENT_WHEN_OUTWEIGHED = frozenset({"glued_tail", "preposition_rare"})


# Words of one alphabet (lower case), whose every one-letter edit in
# one_letter_away's alphabet is a word of the spelling index's letters.
_PLAIN_LOWER = {"ru": regex.compile(r"[а-яё]+"), "en": regex.compile(r"[a-z]+")}


def frequent_one_letter_away(word: str, lang: str, floor: float) -> list[str]:
    """The words of :func:`one_letter_away` (``word``, "ru" or "en", no
    prefix kept) at least ``floor`` frequent (Zipf), perhaps with some
    rarer ones: the callers test the frequency themselves.

    Building and looking up every edit of a word costs about half a
    millisecond; when ``floor`` is at least the spelling index's
    vocabulary floor, every such word is in that vocabulary (Russian: a
    word of wordfreq that pymorphy3 knows, as :func:`known_test` asks;
    English: one of wordfreq that pyspellchecker knows, or more common),
    so the index's own search for words one edit away finds them all, in
    a few tens of microseconds. What it finds besides (a transposition,
    an added hyphen or apostrophe, an English word pyspellchecker lacks)
    is dropped here.
    tests/test_boundary_fast_paths.py compares both ways."""
    if floor < index.MIN_ZIPF.get(lang, MAX_ZIPF + 1) or not _PLAIN_LOWER[lang].fullmatch(word):
        return one_letter_away(word, lang, keep_prefix=0)
    known, plain = known_test(lang), _PLAIN_LOWER[lang].fullmatch
    n = len(word)
    found = []
    for _, _, w in index.get(lang).close(word, 1):
        if w == word or not plain(w) or not known(w):
            continue  # (a hyphen or an apostrophe is no letter of one_letter_away's)
        if len(w) == n and sum(map(str.__ne__, w, word)) != 1:
            continue  # a transposition: two edits for one_letter_away
        found.append(w)
    return sorted(found)


def split_en(word: str) -> Split | None:
    lower = word.lower()
    if len(lower) < 3 or lexicon.is_known(lower, "en"):
        return None
    whole = lexicon.zipf(lower, "en")
    best: Split | None = None
    n = len(lower)
    points = range(1, n) if n <= 2 * _EN_LONGEST + 1 else (*range(1, _EN_LONGEST + 1), *range(n - _EN_LONGEST, n))
    for i in points:
        left, right = lower[:i], lower[i:]
        if left not in EN_FUNCTION_WORDS and right not in EN_FUNCTION_WORDS:
            continue
        if len(right) == 1 or left == right or (left == "i" and not word[:1] == "I"):
            continue  # "asi", "anan", "iby": OCR debris, not two words
        if not (_part_ok(left, "en") and _part_ok(right, "en")):
            continue
        score = min(lexicon.zipf(left, "en"), lexicon.zipf(right, "en"))
        # Old spellings ("anone", "againe") are rare words of their own:
        # the whole must be much rarer than its rarer part.
        if whole >= score - 1.0:
            continue
        shown = left.upper() if left == "i" else left
        candidate = f"{shown} {right}"
        both_closed = left in EN_FUNCTION_WORDS and right in EN_FUNCTION_WORDS
        # English typos of a doubled letter read as "a" + a word ("aranging",
        # "adress") and "by" + a word ("bycycle"): only two function words
        # ("tothe", "ofthe") are safe.
        confidence = 0.9 if both_closed else 0.7
        if whole >= 1.0 and not both_closed:
            # Seen in real text as one word: more often an old or variant
            # spelling ("onely", "soone") than two words; shown, not applied.
            confidence = min(confidence, 0.1)
        split = Split(_restore_case(word, candidate), confidence, "boundary.en.run_together", score,
                      both_closed)
        if best is None or split.score > best.score:
            best = split
    return _weigh_against_typo(lower, best, "en")


def _restore_case(original: str, candidate: str) -> str:
    if original.isupper() and len(original) > 1:
        return candidate.upper()
    if original[:1].isupper():
        return candidate[:1].upper() + candidate[1:]
    return candidate


def _sentence_start(text: str, pos: int, floor: int) -> bool:
    i = pos - 1
    while i >= floor and text[i] in " \t\u00a0«\"„“(":
        i -= 1
    return i < floor or text[i] in ".!?…\r\n"


class RunTogetherDetector(Detector):
    LOCALITY = "paragraph"  # the words of one paragraph
    RULES = (
        RuleDoc("boundary.ru.run_together", "Two words typed without a space", "ктобы → кто бы", "ru"),
        RuleDoc("boundary.en.run_together", "Two words typed without a space", "alot → a lot", "en"),
    )

    def detect(self, ctx: Context) -> Iterable[Finding]:
        text = ctx.doc.text
        # Which of the two rules are on: asked once, not per paragraph.
        on = {lang for lang in ("ru", "en") if ctx.options.enabled(f"boundary.{lang}.run_together")}
        for para in ctx.paragraphs:
            lang = para.lang
            if lang not in on:
                continue
            tokens, forms = scan(text, para.start, para.end)
            # Only a word that is no word on its own can be split (the
            # split-word detector has the answer for every word already).
            cache = _SPLITTABLE[lang]
            for k in fragments(forms, lang):
                word = forms[k]
                found = cache.get(word, _UNSEEN)
                if found is _UNSEEN:
                    if len(cache) >= FORM_CACHE_LIMIT:
                        cache.clear()
                    found = cache[word] = splittable(word, lang)
                if found is None:
                    continue
                start, end = tokens[k].start, tokens[k].end
                where, split = found
                # Capitalised: a name, unless it opens a sentence ("Вобщем, …").
                if where == _AT_SENTENCE_START and not _sentence_start(text, start, para.start):
                    continue
                # Glued to digits or a hyphen: part of a code, a number, a compound.
                if (start > 0 and text[start - 1] in "-0123456789_/@") or (
                    end < len(text) and text[end] in "-0123456789_/@"
                ):
                    continue
                if _half_of_split_word(text, tokens, k, lang):
                    continue
                if lang == "ru" and word[:2].lower() == "по":
                    # "помоему" → "по-моему", but "помоему мнению" → "по моему": the next word decides.
                    split = split_ru(word, forms[k + 1] if k + 1 < len(forms) else None)
                yield Finding(
                    rule=split.rule,
                    message=f"Two words typed without a space: {word} → {split.text}",
                    start=start,
                    end=end,
                    text=word,
                    suggestions=(Suggestion(split.text, split.confidence),),
                    detection_confidence=split.confidence,
                )


# Per word form: where it may be split — anywhere (lower case) or only at a
# sentence start (capitalised) — and how; None: never (known words,
# abbreviations, no split).
_ANYWHERE, _AT_SENTENCE_START = 1, 2
_UNSEEN = object()
_SPLITTABLE: dict[str, dict[str, tuple[int, Split] | None]] = {"ru": {}, "en": {}}


def splittable(word: str, lang: str) -> tuple[int, Split] | None:
    """Could ``word`` be split, where, and how? The next word only chooses
    between a hyphen and a space after "по" (``помоему`` → ``по-моему``, but
    ``помоему мнению`` → ``по моему``), never whether there is a split: so
    this is asked once per form, and again for a form starting with "по"."""
    if whole_word(word, lang):
        return None  # a known word (or one of another language): the split-word detector looked it up
    if len(word) > MAX_TOKEN or "-" in word or "'" in word or "’" in word:
        return None
    lower = word.lower()
    if len(lower) < 3 or not _may_split(lang)(lower):
        return None  # as split_ru/split_en would say, sooner (whatever the word's case and letters)
    if word_lang(word) != lang:
        return None
    if word.islower():
        where = _ANYWHERE
    elif word.isupper():
        return None  # abbreviations
    elif word[0].isupper() and word[1:].islower():
        where = _AT_SENTENCE_START
    else:
        return None
    if lexicon.is_known(lower, lang):
        return None  # as split_ru/split_en would say, sooner
    split = split_ru(word, None) if lang == "ru" else split_en(word)
    return None if split is None else (where, split)


# Most fragments (nine in ten on the dense corpus) are misspelt words with no
# split at all, which split_ru and split_en find out only after slicing
# every split point and asking the lexicon about the parts that pass their
# closed-class tests (each a frequency and a dictionary look-up, most of
# them first seen there). What every split needs of its point is far less:
# the tests below, which the compiled twins answer in one C pass over the
# index's split table (the frequency list's words of Zipf >= 3) and the
# dictionary's DAWG (the forms is_known knows, ё read for е as it reads it),
# without a look-up per part in Python.

# One-letter parts that pass _part_ok.
_RU_ONE_LETTER_PARTS = SINGLE_LETTER_WORDS["ru"] | {"б", "ж"}
_RU_LONGEST_RIGHT_WORD = max(map(len, _RU_RIGHT_WORDS))
_RU_LONGEST_LEFT_WORD = max(map(len, _RU_LEFT_WORDS))


def _may_split_ru(lower: str) -> bool:
    """Could :func:`split_ru` split the lower-case ``lower`` (no hyphen)?
    False only when no split point passes what every split of it needs
    (tests/test_runtogether_may_split.py checks this against split_ru):
    after a word that may begin a split (a function word, a proclitic, an
    adverb of degree), a second part the dictionary knows (or a one-letter
    word), or the two parts a hyphenated word of the dictionary; before a
    word that may end one (an enclitic, a glued tail), a first part that is
    a word (:func:`_part_ok`), or again a hyphenated word; and two content
    words (:func:`_content_split`): both parts words of four letters or
    more in a token of nine or more. (The twin of the compiled
    ``may_split_ru``.)"""
    n = len(lower)
    for i in range(1, n):
        left, right = lower[:i], lower[i:]
        if left in _RU_LEFT_WORDS and (lexicon.is_known(right, "ru") or right in _RU_ONE_LETTER_PARTS
                                       or lexicon.is_known(f"{left}-{right}", "ru")):
            return True
        if right in _RU_RIGHT_WORDS and (_part_ok(left, "ru") or lexicon.is_known(f"{left}-{right}", "ru")):
            return True
        if n >= 9 and 4 <= i <= n - 4 and _part_ok(left, "ru") and _part_ok(right, "ru"):
            return True
    return False


def _may_split_en(lower: str) -> bool:
    """Could :func:`split_en` split the lower-case ``lower`` (no hyphen)?
    False only when no split point has a function word for one part, a
    second part of two letters or more and of Zipf >= 3, and a first part
    of Zipf >= 3 or a one-letter word: what its every split needs (of
    :func:`_part_ok`, the frequencies; the dictionary is not asked). (The
    twin of the compiled ``may_split_en``.)"""
    for i in range(1, len(lower) - 1):
        left, right = lower[:i], lower[i:]
        if (left in EN_FUNCTION_WORDS or right in EN_FUNCTION_WORDS) and (
                left in SINGLE_LETTER_WORDS["en"] if len(left) == 1 else lexicon.zipf(left, "en") >= MIN_PART_ZIPF
        ) and lexicon.zipf(right, "en") >= MIN_PART_ZIPF:
            return True
    return False


@speedups.EXTENSION.keep  # (per language; forgotten with the extension's answers, as in tests)
def _may_split(lang: str):
    """``(lower) -> bool``: :func:`_may_split_ru` or :func:`_may_split_en`,
    the compiled twin given the index's split table (and for Russian the
    dictionary's DAWG) when they can be read. (Bound with ``partial``: the
    tables are memory views, which ``speedups.function`` cannot key on.)"""
    from ..spelling import rareforms

    kernel = speedups.function("may_split_ru" if lang == "ru" else "may_split_en")
    table = index.get(lang).split_table() if kernel is not None else None
    if lang == "ru":
        units = rareforms.dictionary_units() if table is not None else None
        if units is None:
            return _may_split_ru
        return partial(kernel, table, units, _RU_LEFT_WORDS, _RU_LONGEST_LEFT_WORD, _RU_RIGHT_WORDS,
                       _RU_LONGEST_RIGHT_WORD, _RU_ONE_LETTER_PARTS)
    if table is None:
        return _may_split_en
    return partial(kernel, table, EN_FUNCTION_WORDS, _EN_LONGEST, SINGLE_LETTER_WORDS["en"])


def _half_of_split_word(text: str, tokens: tuple[Token, ...], i: int, lang: str) -> bool:
    """"remem bered": token ``i`` is the tail (or head) of a split word,
    which the split-word detector joins; splitting it would be nonsense."""
    for j, k in ((i - 1, i), (i, i + 1)):
        if j < 0 or k >= len(tokens) or not text[tokens[j].end:tokens[k].start].strip(" \t\u00a0") == "":
            continue
        if lexicon.is_known(tokens[j].text + tokens[k].text, lang):
            return True
        stray = tokens[j].text if k == i else tokens[k].text
        if len(stray) == 1 and stray.lower() not in SINGLE_LETTER_WORDS[lang]:
            return True  # "н авнутренний": the letters belong elsewhere
    return False
