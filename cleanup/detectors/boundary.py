"""Split words: two adjacent tokens that should be one word (``не дуги`` → ``недуги``),
and words of the ``по-нашему`` / ``встретил-таки`` kind that lost their hyphen.

Every half of ``не дуги`` is a real word, so a spellchecker passes it. The
evidence that a pair is one word split in two, strongest first:

1. the joined form is a real word and one half is not (``не устанно``,
   ``t he``, ``re ceived``);
2. the second half cannot follow the first: a preposition before an adverb,
   a predicative or another preposition (``у местно``, ``из вне``, ``до нельзя``);
3. the joined word is far more frequent than the second half alone, and the
   first half is a prefix-like function word (``к стати``: ``кстати`` is 60
   times more frequent than ``стати``);
4. ``не`` before an adjective, adverb or noun: Russian writes these together
   unless there is a contrast (``не X, а Y``) or an intensifier (``вовсе не``),
   which a speller cannot always see, so these are never applied by default
   (``unsafe``); where the joined word is much rarer than the negated one
   (``не видно``, ``не просто``) nothing is said.

Pairs of two particles or conjunctions (``что бы``/``чтобы``, ``так же``/
``также``, ``то же``/``тоже``) are correct both ways depending on the
sentence: they are left to grammar, not guessed here.

When the joined form is not a word but one letter away from a frequent one
(``по тихонько`` → ``потихонько`` → ``потихоньку``) and the pair itself is
ungrammatical, the corrected join is offered at a lower confidence.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache, partial
from itertools import compress, islice, repeat
from operator import itemgetter, not_

import re

import regex

from ..lazypattern import LazyPattern
from ..valueclass import ValueClass
from .. import lexicon
from ..formmemo import learn, small_facts_of
from ..model import Finding, Suggestion, Tier
from ..options import Context
from ..rulepack import match_case
from ..segments import Token, detect_lang
from ..spelling import speedups
from . import spelling
from .base import Detector, RuleDoc
from .boundaryforms import dictionary_facts, fast_tags_ok, summary_of
from .boundaryforms import table as forms_table
from .wordscan import scan

# Only horizontal space between the halves: a pair split over a line break is
# layout's business (line-end hyphenation), not a typing slip.
_GAP = re.compile(r"[ \t\u00a0]+")  # (stdlib re: a plain class, and half the cost per call of regex's)

# No real word is longer; longer tokens (garbage, URLs) are not looked up.
MAX_JOINED = 40

# Closed classes (small, fixed lists of function words).
RU_PREPOSITIONS = frozenset(
    "в во на за из до от к ко у с со без при про под над об о обо по через для перед".split()
)
RU_NEGATIONS = frozenset({"не", "ни"})
# First parts of compounds that are not words on their own in this use.
RU_COMPOUND_HEADS = frozenset({"много", "мало", "полу", "пол", "само", "обще", "ново", "старо"})
# Particles that attach with a hyphen or stand apart; never joined into one word.
RU_PARTICLES = frozenset("бы б же ж ли ль то либо нибудь таки ка де мол".split())
# Words that make a following "не" + adjective a plain negation ("вовсе не плохо").
RU_INTENSIFIERS = frozenset(
    "вовсе отнюдь далеко ничуть нисколько совсем совершенно никогда ничем никому "
    "ни нисколечко абсолютно".split()
)
# Adverbs of degree, which may stand between a preposition and its phrase
# ("с очень большим", "до слишком поздна").
RU_DEGREE_ADVERBS = frozenset(
    "очень более менее слишком совсем почти довольно крайне весьма чуть едва вполне "
    "абсолютно совершенно особенно".split()
)
# One-letter words; any other single letter is a fragment of a word.
SINGLE_LETTER_WORDS = {"ru": frozenset("абвжикосуяэ"), "en": frozenset("ai")}

# The cases each preposition governs (OpenCorpora case tags): "в" + a
# nominative ("в сера") or a verb ("в веселились") is no phrase.
RU_PREPOSITION_CASES: dict[str, frozenset[str]] = {
    p: frozenset(cases.split())
    for ps, cases in (
        ("в во", "accs loct loc2 acc2"),
        ("на", "accs loct loc2 acc2"),
        ("за", "accs ablt acc2"),
        ("из до от у без для", "gent gen2"),
        ("к ко", "datv"),
        ("с со", "gent gen2 ablt"),  # "с неделю" (accusative) is rare
        ("при", "loct"),
        ("про через", "accs"),
        ("под над перед", "accs ablt"),
        ("об о обо", "accs loct"),
        ("по", "datv loct accs"),
    )
    for p in ps.split()
}
_ADJECTIVAL = frozenset({"ADJF", "ADJS", "ADVB", "PRTF", "PRTS", "NOUN", "PRED", "COMP"})


class Join(ValueClass):
    """A join the judges propose: the joined text, how sure, the rule and why.
    (A :class:`ValueClass`, equal by value as a frozen dataclass: making a
    dataclass's methods costs ~3.5 M instructions at every start.)"""

    __slots__ = _FIELD_NAMES = ("text", "confidence", "rule", "reason", "max_tier")

    def __init__(self, text: str, confidence: float, rule: str, reason: str, max_tier: Tier = Tier.SAFE) -> None:
        self.text = text
        self.confidence = confidence
        self.rule = rule
        self.reason = reason
        self.max_tier = max_tier


@lru_cache(maxsize=100_000)
def parses(word: str) -> tuple:
    """pymorphy3 parses of ``word`` (lower-cased), cached: a parse costs ~0.1–1 ms."""
    return tuple(lexicon.morph().parse(word.lower()))


@lru_cache(maxsize=100_000)
def tags(word: str) -> tuple:
    """pymorphy3 tags of ``word`` (lower-cased), cached: the tags of its parses at
    about half the cost (no normal forms). The order may differ from the parses'
    for a word pymorphy3 only guesses, so only for questions about any or all tags."""
    return tuple(_unordered_tags(word.lower()))


def _unordered_tags(lower: str) -> list:
    """``morph().tag(lower)`` before pymorphy3 sorts it by probability (a
    third of its cost, and :func:`tags` promises no order): the same
    analysers asked the same way. Falls back to ``tag`` itself should
    pymorphy3's internals change."""
    morph = lexicon.morph()
    units = getattr(morph, "_units", None)
    if units is None:
        return morph.tag(lower)
    found: list = []
    seen: set = set()
    for analyzer, is_terminal in units:
        found.extend(analyzer.tag(lower, lower, seen))
        if is_terminal and found:
            break
    return found


@lru_cache(maxsize=100_000)
def pos_set(word: str) -> frozenset[str]:
    """The parts of speech ``word`` may be ("None" for a tag without one)."""
    return _summary(word.lower())[0]


@lru_cache(maxsize=100_000)
def _summary(lower: str) -> tuple[frozenset[str], frozenset[str], bool]:
    """:func:`.boundaryforms.summary_of` the form's facts: read from the
    table of common forms (:mod:`.boundaryforms`, made by its
    :func:`~.boundaryforms.dictionary_summary`) when it holds the form,
    else worked out."""
    table = forms_table()
    found = None if table is None else table.get(lower)
    return summary_of(_form_facts(lower)) if found is None else found


@lru_cache(maxsize=100_000)
def _form_facts(lower: str) -> tuple:
    """:func:`_tag_facts` of each of ``tags(lower)``. For a word of the
    dictionary these are its readings' tags and no others (the next
    analysers read single capital letters, and the third ends the search),
    so they are read by tag id straight from the dictionary, each tag's
    facts worked out once; other words ask :func:`tags`."""
    found = dictionary_facts(lower) if fast_tags_ok() else None
    if found is None:
        return tuple(_tag_facts(t) for t in tags(lower))
    return found


_TAG_FACTS: dict[str, tuple[str, str | None, bool]] = {}


def _tag_facts(tag) -> tuple[str, str | None, bool]:
    """``(str(tag.POS), tag.case, "Fixd" in tag)`` as plain strings, once per
    distinct tag (a few thousand): pymorphy3 works out each attribute of a
    tag, with checks, on every access."""
    key = str(tag)
    facts = _TAG_FACTS.get(key)
    if facts is None:
        case = tag.case
        facts = _TAG_FACTS[key] = (str(tag.POS), None if case is None else str(case), "Fixd" in tag)
    return facts


def governed_by(preposition: str, word: str) -> bool:
    """Can ``word`` follow ``preposition`` (a noun-phrase word in a case it governs)?"""
    return _governed(preposition.lower(), _summary(word.lower()))


def _governed(preposition: str, summary: tuple[frozenset[str], frozenset[str], bool]) -> bool:
    """:func:`governed_by` of the lower-case ``preposition`` and a word of this :func:`_summary`."""
    cases = RU_PREPOSITION_CASES.get(preposition)
    if cases is None:
        return True
    _, word_cases, any_case = summary
    return any_case or not cases.isdisjoint(word_cases)


def _stray_capital(a: str, b: str) -> bool:
    """A capital letter that is no word before a word ("Х и"): a numeral, an
    initial or a label. Before a fragment ("W estern", a drop capital in OCR)
    it is the start of a split word."""
    lang = "ru" if word_lang(a) == "ru" else "en"
    if len(a) == 1 and a.isupper() and _is_fragment(a, lang):
        return not _is_fragment(b, lang)
    return len(b) == 1 and b.isupper()


def _is_fragment(word: str, lang: str) -> bool:
    """Is ``word`` not a word on its own (unknown, or a stray single letter)?"""
    if len(word) == 1:
        return word.lower() not in SINGLE_LETTER_WORDS.get(lang, frozenset())
    # lexicon.is_known lower-cases; asking for the lower-case form shares its cache with spelling's.
    return not lexicon.is_known(word.lower(), lang)


def _case_ok(a: str, b: str) -> bool:
    """``К стати`` and ``НЕ ДУГИ`` may be one word; ``мы Сирия`` (a name after) may not."""
    if b.isupper() and len(b) > 1:
        return a.isupper()
    return b[:1].islower() or (len(a) == 1 and a.isupper() and b[1:].islower())


def _joined_case(a: str, b: str) -> str:
    joined = (a + b).lower()
    if a.isupper() and b.isupper() and len(a + b) > 2:
        return joined.upper()
    return match_case(a, joined) if a[:1].isupper() else joined


_ALPHABETS = {"ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя", "en": "abcdefghijklmnopqrstuvwxyz"}


@lru_cache(maxsize=20_000)
def one_letter_away(word: str, lang: str, keep_prefix: int) -> list[str]:
    """Known words one substitution/insertion/deletion from ``word`` that keep
    its first ``keep_prefix`` letters (the preposition that was split off)."""
    if lang == "ru" and _ru_words_by_prefix() is not None:
        seen = _edits_with_live_prefix(word, keep_prefix)
        seen.discard(word)
        return sorted(_known_ru(seen))
    seen = _edits(word, lang, keep_prefix)
    seen.discard(word)
    known = known_test(lang)
    return sorted(w for w in seen if known(w))


def _known_ru(strings: set[str]) -> list[str]:
    """The strings :func:`known_test` ("ru") knows: the dictionary's own
    looked up in one C pass, the е/ё look-up only for the rest with an е."""
    morph = lexicon.morph()
    forms, substitutes = morph.dictionary.words, morph.char_substitutes
    exact = list(filter(forms.__contains__, strings))
    rest = [w for w in strings.difference(exact) if "е" in w]
    return exact + [w for w in rest if forms.similar_keys(w, substitutes)]


def _edits(word: str, lang: str, keep_prefix: int) -> set[str]:
    """Every string one substitution, insertion or deletion from ``word``
    past its first ``keep_prefix`` letters."""
    alphabet = _ALPHABETS["ru" if lang == "ru" else "en"]
    seen: set[str] = set()
    for i in range(keep_prefix, len(word) + 1):
        head, tail = word[:i], word[i:]
        if tail:
            rest = tail[1:]
            seen.add(head + rest)
            seen.update([head + c + rest for c in alphabet])
        seen.update([head + c + tail for c in alphabet])
    return seen


@lru_cache(maxsize=1)
def _ru_words_by_prefix():
    """pymorphy3's dictionary, asked whether any word starts with a prefix
    (None if it cannot be asked)."""
    words = lexicon.morph().dictionary.words
    if not (hasattr(words, "has_keys_with_prefix") and hasattr(words, "iterkeys")):
        return None
    return words.has_keys_with_prefix


def _live(variants: list[str], c: str, has_prefix) -> list[str]:
    """The prefixes ``v + c`` (and ``v + "ё"`` for ``c`` = "е": the dictionary
    spells ё, which :func:`known_test` lets "е" stand for) that some word
    of the dictionary starts with."""
    out = [v + c for v in variants if has_prefix(v + c)]
    if c == "е":
        out += [v + "ё" for v in variants if has_prefix(v + "ё")]
    return out


# At these many letters, the dictionary's words that begin as the word
# does are usually few: listing them (up to ``_FEW_WORDS``) is then quicker
# than asking about every letter at every later position.
_LIST_FROM = (4, 6)
_FEW_WORDS = 150


def _edits_with_live_prefix(word: str, keep_prefix: int) -> set[str]:
    """A subset of :func:`_edits` holding every string :func:`known_test`
    knows (tests/test_boundary_fast_paths.py compares the two). An edit at
    position i keeps ``word[:i]``, so it can be a word only if some word of
    the dictionary begins with ``word[:i]`` and the edited letter (up to е/ё);
    once ``word[:i]`` begins none, no later edit can make a word either. And
    once the words beginning with ``word[:i]`` are few, the edits at i and
    after that can be words are among those words (with ё read as е)."""
    has_prefix = _ru_words_by_prefix()
    iterkeys = lexicon.morph().dictionary.words.iterkeys
    alphabet = _ALPHABETS["ru"]
    seen: set[str] = set()
    head_variants = [""]  # the spellings of word[:i] (е or ё) that begin a word
    for c in word[:keep_prefix]:
        head_variants = _live(head_variants, c, has_prefix)
        if not head_variants:
            return seen
    for i in range(keep_prefix, len(word) + 1):
        head, tail = word[:i], word[i:]
        if i in _LIST_FROM:
            listed = [k for v in head_variants for k in islice(iterkeys(v), _FEW_WORDS + 1)]
            if len(listed) <= _FEW_WORDS:
                near = set()
                lengths = (len(word) - 1, len(word), len(word) + 1)
                for k in listed:
                    if len(k) in lengths:
                        near.update(_e_spellings(k))
                seen.update(_edits(word, "ru", i) & near)
                return seen
        rest = tail[1:]
        if tail:
            seen.add(head + rest)
        # The letters that may follow word[:i] in some word: an "е" also
        # where the dictionary has "ё".
        letters = {c for v in head_variants for c in alphabet if has_prefix(v + c)}
        if "ё" in letters:
            letters.add("е")
        if tail:
            seen.update([head + c + rest for c in letters])
        seen.update([head + c + tail for c in letters])
        if not tail:
            break
        head_variants = _live(head_variants, tail[0], has_prefix)
        if not head_variants:
            break
    return seen


def _e_spellings(key: str) -> list[str]:
    """``key`` and every spelling of it with some of its ё written е: the
    strings :func:`known_test` finds ``key`` for."""
    if "ё" not in key:
        return [key]
    out = [""]
    for c in key:
        out = [o + c for o in out] + ([o + "е" for o in out] if c == "ё" else [])
    return out


@lru_cache(maxsize=2)
def known_test(lang: str):
    """``lexicon.is_known`` for lower-case words without apostrophes, for the
    ~600 strings of one :func:`one_letter_away` call, without the lexicon's
    per-call overhead (tests/test_boundary_fast_paths.py checks they agree). Russian:
    pymorphy3's dictionary, where "е" may stand for "ё" (its only fuzzy
    match); English: pyspellchecker's words, as the lexicon reads them."""
    from ..spelling import index

    if lang == "ru":
        return lexicon.russian_form_test()
    if lang == "en":
        speller = index.get("en").speller
        return speller.__contains__
    return lambda w: lexicon.is_known(w, lang)


def _known(lower: str, lang: str) -> bool:
    """``lexicon.is_known`` of a lower-case join, through :func:`known_test`
    (the same answer without the lexicon's cache, which a join asked once
    would only crowd) when it has no apostrophe."""
    if "'" in lower or "’" in lower:
        return lexicon.is_known(lower, lang)
    return known_test(lang)(lower)


# "не X, а Y", "не X, но Y": a contrast keeps "не" apart.
_CONTRAST = LazyPattern(regex.compile, r"^[^.!?;]{0,60}?,[ \u00a0]*(?:а|но)(?!\p{L})")
# A gerund with a personal pronoun for its object is the verb, not the
# preposition made of it: "не смотря на него" (not looking at him), where
# "несмотря на него" (in spite of him) is the rarer reading. The possessive
# "их", "его", "её" ("несмотря на их усилия") is no object and not matched.
_PRONOUN_OBJECT = LazyPattern(
    regex.compile,
    r"^[ \u00a0]+(?:\p{L}{1,3}[ \u00a0]+)?(?:него|неё|нее|них|нему|ней|ним|нём|меня|тебя|себя|нас|вас)(?![\p{L}-])"
)


def judge_ru(a: str, b: str, before: str | None, after: str | None, rest: str = "") -> Join | None:
    """Should Russian ``a b`` be one word? ``before``/``after``: the neighbouring
    words; ``rest``: the text after ``b`` (for a contrast further on)."""
    al, bl = a.lower(), b.lower()
    if bl in RU_PARTICLES or al in RU_PARTICLES:
        return None
    a_frag, b_frag = _is_fragment(a, "ru"), _is_fragment(b, "ru")
    prefix_like = al in RU_PREPOSITIONS or al in RU_NEGATIONS or al in RU_COMPOUND_HEADS
    if not (a_frag or b_frag or prefix_like):
        return None  # two ordinary words: nothing here can say they are one
    joined_text = _joined_case(a, b)
    joined = joined_text.lower()
    known = _known(joined, "ru")
    if known and (a_frag or b_frag):
        if lexicon.zipf(joined, "ru") >= 2.5:
            return Join(joined_text, 0.92, "boundary.ru.split_word", "one half is not a word")
        return Join(joined_text, 0.6, "boundary.ru.split_word", "one half is not a word; rare join")
    # Everything below needs a prefix-like first word; and, but for a
    # preposition before a misspelt word, a joined form that is a word.
    if not prefix_like:
        return None
    if not known and (al not in RU_PREPOSITIONS or len(bl) < 4 or b_frag):
        return None

    b_pos = pos_set(bl)
    if al in RU_PREPOSITIONS:
        ungrammatical = _cannot_follow(al, bl, after)
        if not known:
            return _corrected_join(joined, a, b) if ungrammatical else None
        zj, zb = lexicon.zipf(joined, "ru"), lexicon.zipf(bl, "ru")
        if ungrammatical and zj >= 2.5:  # "сочень" is a word, but a rare one
            return Join(joined_text, 0.85, "boundary.ru.split_word",
                        "a preposition cannot stand before this word")
        if zj - zb >= 0.8 and zj >= 4.0:
            return Join(joined_text, 0.7, "boundary.ru.split_word",
                        "the joined word is far more frequent than the second half")
        return None
    # Every other first word needs a joined form that is a word (known is true here).
    zj, zb = lexicon.zipf(joined, "ru"), lexicon.zipf(bl, "ru")
    if al == "ни":
        if known and (zj - zb >= 0.8 or b_frag):
            return Join(joined_text, 0.7, "boundary.ru.split_word",
                        "the joined word is far more frequent than the second half")
        return None
    if al == "не":
        if not known:
            return None
        if before and before.lower() in RU_INTENSIFIERS:
            return None
        if (after and after.lower() in {"а", "но", "ли", "же"}) or _CONTRAST.match(rest):
            return None  # "не X, а Y", "не X ли": a plain negation
        if b_pos & {"GRND", "VERB", "INFN"}:
            # "несмотря" is a preposition: the negated gerund rarely outweighs it,
            # unless it has a pronoun for its object.
            if zj - zb >= 0.8 and not _PRONOUN_OBJECT.match(rest):
                return Join(joined_text, 0.6, "boundary.ru.ne_together",
                            "the joined word is far more frequent", Tier.UNSAFE)
            return None
        if b_pos & _ADJECTIVAL:
            if zj < zb - 1.2:
                return None  # "не видно", "не просто": the negated word is the usual reading
            # Right in 9 of 10 such findings on the dev sets, but a contrast
            # or an intensifier far away cannot be seen: never applied by default.
            return Join(joined_text, 0.6, "boundary.ru.ne_together",
                        "'не' is written together with adjectives, adverbs and nouns "
                        "unless there is a contrast", Tier.UNSAFE)
        return None
    if al == "полу" and known and not (before and before.lower() in {"на", "в", "во", "по", "о", "об", "при", "к", "ко"}):
        # "полу" alone is "на полу" (on the floor); before a word it is the
        # prefix of "полуслова", "полукруг" ("с полу слова" is the idiom).
        return Join(joined_text, 0.8, "boundary.ru.split_word", "'полу-' is a prefix, written together")
    if al == "пол" and known and _genitive_noun(bl):
        # "пол часа" → "полчаса"; but "пол кухни" (the kitchen floor) is a
        # phrase, and "полкухни" a word too: never applied by default.
        return Join(joined_text, 0.6, "boundary.ru.split_word", "'пол-' (half) is written together",
                    Tier.UNSAFE)
    if al in RU_COMPOUND_HEADS and known:
        # "много национальной валюты" (a genitive noun after) is a phrase;
        # "много национальной стране" is not.
        if "ADJF" in b_pos and not _plural_genitive(bl) and not (after and _genitive_noun(after)):
            return Join(joined_text, 0.7, "boundary.ru.split_word",
                        "a compound adjective written in two words")
        if zj - zb >= 0.8 and zj >= 3.0:
            return Join(joined_text, 0.6, "boundary.ru.split_word",
                        "the joined word is far more frequent than the second half")
    return None


def _cannot_follow(preposition: str, word: str, after: str | None) -> bool:
    """Can the lower-case ``word`` not stand after the lower-case
    ``preposition``, ``after`` the word next (None: none)? "до очень
    высокого": an adverb may stand between a preposition and its phrase;
    "с ну" is a particle, not half a word. (The word's summary asked
    once: most callers ask about a word first seen here.)"""
    summary = _summary(word)
    return (
        not _governed(preposition, summary)
        and not (after and pos_set(after) & {"NOUN", "ADJF", "NUMR", "NPRO"})
        and word not in RU_DEGREE_ADVERBS
        and not summary[0] <= {"PRCL", "INTJ", "CONJ"}
    )


def _genitive_noun(word: str) -> bool:
    return any(t.POS == "NOUN" and t.case in {"gent", "gen2"} for t in tags(word))


def _plural_genitive(word: str) -> bool:
    return any({"plur", "gent"} <= set(str(t).replace(" ", ",").split(",")) for t in tags(word))


def _corrected_join(joined: str, a: str, b: str) -> Join | None:
    """``по тихонько``: the join is not a word, but one letter from a frequent one.

    Only for a content word after the preposition, and only a change past
    its first two letters, so the stem the writer typed is kept ("из за" is
    no misspelt "изба")."""
    if len(b) < 4 or pos_set(b) & {"PREP", "CONJ", "PRCL", "INTJ", "NPRO"}:
        return None
    candidates = one_letter_away(joined, "ru", keep_prefix=len(a) + 2)
    scored = sorted(((lexicon.zipf(w, "ru"), w) for w in candidates), reverse=True)
    scored = [(z, w) for z, w in scored if z >= 3.0]
    if not scored:
        return None
    best = match_case(a, scored[0][1]) if a[:1].isupper() else scored[0][1]
    # A clear winner is a likely fix; several close ones are a guess.
    confident = len(scored) == 1 or scored[0][0] - scored[1][0] >= 1.0
    return Join(best, 0.6 if confident else 0.4, "boundary.ru.split_word",
                "a preposition cannot stand before this word; joined and corrected")


def judge_en(a: str, b: str) -> Join | None:
    """English: join only when a half is not a word (OCR ``t he``, ``man ner``).

    Pairs of two real words (``some times``, ``with out``) are often right
    apart; the rule pack ``rules/en/boundary.toml`` lists the few that are not.
    """
    joined_text = _joined_case(a, b)
    joined = joined_text.lower()
    if not _known(joined, "en"):
        return None
    if not (_is_fragment(a, "en") or _is_fragment(b, "en")):
        return None
    if len(b) == 1:
        return None  # "Martin s", "don t": an apostrophe lost, not a split word
    zj = lexicon.zipf(joined, "en")
    if zj >= 3.0:
        return Join(joined_text, 0.9, "boundary.en.split_word", "one half is not a word")
    return Join(joined_text, 0.6, "boundary.en.split_word", "one half is not a word; rare join")


_QUESTION = LazyPattern(regex.compile, r"[^.!?]*\?")
_DATIVE_ENDING = LazyPattern(regex.compile, r"[оеё]му$")
_NEXT_WORDS = LazyPattern(regex.compile, r"[ \u00a0]+(\p{L}+)(?:[ \u00a0]+(\p{L}+))?")


def chtoby(a: str, b: str, rest: str) -> Join | None:
    """``что бы написать`` → ``чтобы написать``: "что бы" before an infinitive
    (perhaps after one adverb) is the conjunction of purpose. Not in a
    question ("Что бы почитать?" — what should I read) and not before "ни"
    ("что бы ни говорил")."""
    if a.lower() != "что" or b.lower() != "бы":
        return None
    m = _NEXT_WORDS.match(rest)
    if not m or _QUESTION.match(rest):
        return None
    first, second = m.group(1), m.group(2)
    infinitive = "INFN" in pos_set(first) or (
        second is not None and pos_set(first) <= {"ADVB", "COMP", "PRED", "PRCL"} and "INFN" in pos_set(second)
    )
    if not infinitive:
        return None
    return Join(match_case(a, "чтобы") if a[:1].isupper() else "чтобы", 0.85, "boundary.ru.chtoby",
                "'чтобы' (in order to) before an infinitive is one word")


def hyphen_ru(a: str, b: str, after: str | None) -> Join | None:
    """``по нашему`` → ``по-нашему``, ``встретил таки`` → ``встретил-таки``."""
    al, bl = a.lower(), b.lower()
    if al == "по":
        hyphenated = f"{a}-{b}"
        if not lexicon.is_known(hyphenated, "ru"):
            return None
        btags = tags(bl)
        adverb_only = all(str(t.POS) in {"ADVB", "PRED"} or t.POS is None for t in btags)
        if adverb_only:  # по-русски, по-английски: "русски" is no word alone
            return Join(hyphenated, 0.92, "boundary.ru.po_hyphen",
                        "'по-' with an adverb in -ски is written with a hyphen")
        datives = [t for t in btags if t.POS == "ADJF" and "datv" in t and "plur" not in t]
        if not datives or not _DATIVE_ENDING.search(bl):
            return None
        if after and _agrees_dative(after):
            return None  # "по нашему мнению": a preposition and its noun phrase
        return Join(hyphenated, 0.9, "boundary.ru.po_hyphen",
                    "'по-' with an adjective in -ому/-ему is written with a hyphen")
    if bl == "таки":
        if pos_set(al) & {"VERB", "INFN", "PRTS", "GRND"}:
            return Join(f"{a}-{b}", 0.8, "boundary.ru.taki_hyphen",
                        "the particle '-таки' after a verb is written with a hyphen")
    return None


def _agrees_dative(word: str) -> bool:
    """Could ``word`` continue a dative phrase ("по нашему мнению")? Letters
    that are also abbreviations ("в" = volt) do not count."""
    found = parses(word)
    if found and found[0].tag.POS in {"PREP", "CONJ", "PRCL", "INTJ"}:
        return False
    return any(
        p.tag.POS in {"NOUN", "ADJF", "NPRO", "PRTF", "NUMR"} and "datv" in p.tag
        and "Abbr" not in p.tag and "Fixd" not in p.tag
        for p in found
    )


# (stdlib re: plain classes, asked of every pair and many words; half the cost per call of regex's)
_ALL_CYRILLIC = re.compile(r"[а-яёА-ЯЁ]+")
_ALL_LATIN = re.compile(r"[a-zA-Z]+")
_ONE_ALPHABET = {"ru": _ALL_CYRILLIC, "en": _ALL_LATIN}


@lru_cache(maxsize=100_000)
def word_lang(word: str) -> str | None:
    """``detect_lang`` of one word, asked for every word of every pair: once per word form,
    and without counting letters for the usual word of one alphabet."""
    if _ALL_CYRILLIC.fullmatch(word):
        return "ru"
    if _ALL_LATIN.fullmatch(word):
        return "en"
    return detect_lang(word)


# Per word form (per language): can it be half of a split word at all?
_ELIGIBLE = 1  # a word of the paragraph's language, without hyphen or apostrophe
_FRAGMENT = 2  # not a word on its own: may be either half
_HEAD = 4  # a function word that may be the first half (a preposition, "не", "по", "что", "полу")
_TAIL = 8  # "таки": may be the second half
_PREPOSITION = 16  # a preposition but "по" (a head: _rule_out_joins sorts its pairs by this)
RU_JOINED_PREPOSITIONS = RU_PREPOSITIONS - {"по"}
RU_PAIR_HEADS = RU_PREPOSITIONS | RU_NEGATIONS | RU_COMPOUND_HEADS | {"что", "по"}
_FORM_FLAGS: dict[str, dict[str, int]] = {"ru": {}, "en": {}}
FORM_CACHE_LIMIT = 200_000  # forms per language (a few tens of MB at most)


def _form_flags(word: str, lang: str) -> int:
    # A word of the language's own letters only (most words) needs no other test to be eligible.
    if _ONE_ALPHABET[lang].fullmatch(word) is None and (
        word_lang(word) != lang or "-" in word or "'" in word or "’" in word
    ):
        return 0
    flags = _ELIGIBLE | (_FRAGMENT if _is_fragment(word, lang) else 0)
    return flags | _head_flags(word.lower(), lang)


def _head_flags(lower: str, lang: str) -> int:
    """The flags a lower-case word has as a function word that may be a
    half (Russian: a head, a preposition, "таки")."""
    if lang != "ru":
        return 0
    if lower in RU_PAIR_HEADS:
        return _HEAD | _PREPOSITION if lower in RU_JOINED_PREPOSITIONS else _HEAD
    return _TAIL if lower == "таки" else 0


# Lines of one alphabet, to find the usual words among many at once (in
# "\n" + lines + "\n": a search for a line break is a memchr where "^" of
# a multi-line pattern is tried at every character; the line break after
# each word is looked at, not taken, so that the next word's is left).
_PLAIN_LINES = {"ru": LazyPattern(re.compile, r"\n([а-яёА-ЯЁ]+)(?=\n)"),
                "en": LazyPattern(re.compile, r"\n([a-zA-Z]+)(?=\n)")}


def _plain(words: Iterable[str], lang: str) -> list[str]:
    """The words of ``words`` (which hold no line break) that are letters
    of ``lang``'s alphabet only, in order: one regex pass over them all."""
    return _PLAIN_LINES[lang].findall("\n" + "\n".join(words) + "\n")


def _plain_lowered(words: Iterable[str], latin: bool) -> tuple[list[str], list[str]]:
    """:func:`_plain` of ``words`` for English (``latin``) or Russian, and
    the lower case of each: what the compiled ``new_form_flags`` and
    ``pair_joins`` read as a word of one alphabet."""
    plain = _plain(words, "en" if latin else "ru")
    # (Letters of one alphabet: lower-casing keeps each word's length and line.)
    return plain, "\n".join(plain).lower().split("\n") if plain else []


def _flags_of_new(new: set[str], lang: str) -> dict[str, int]:
    """:func:`_form_flags` of each of ``new``, sorted by what each needs
    (:func:`_sorted_new_forms`, one C pass): a word of the language's own
    letters (most) is eligible, and a fragment unless the lexicon knows it —
    which the spelling detector, which runs first, has found of most of
    them already. Only the others are then looked at here: the few not of
    one alphabet, the words it has not vouched for, and those that may be
    otherwise (one letter long, or a function word that may be a half)."""
    out, others, unsure, unsure_lowers, special, special_lowers = (
        speedups.function("new_form_flags") or _sorted_new_forms)(
        new, lang == "en", *spelling.verdicts(), _SPECIAL_PLAIN[lang], _SPECIAL_LONGEST[lang],
        _ELIGIBLE)
    for word in others:
        out[word] = _form_flags(word, lang)
    if unsure:
        # Of the words the spelling detector has not vouched for, the
        # lexicon's first, exact look-up (the dictionary's, the speller's)
        # answers most, as one C pass over them all; only the others ask
        # lexicon.is_known itself.
        for word, lower in compress(zip(unsure, unsure_lowers),
                                    map(not_, map(lexicon.exact_lookup(lang), unsure_lowers))):
            if not lexicon.is_known(lower, lang):
                out[word] = _ELIGIBLE | _FRAGMENT
    if special:
        single = SINGLE_LETTER_WORDS.get(lang, frozenset())
        for word, lower in zip(special, special_lowers):
            fragment = (lower not in single) if len(word) == 1 else not lexicon.is_known(lower, lang)
            out[word] = (_ELIGIBLE | _FRAGMENT if fragment else _ELIGIBLE) | _head_flags(lower, lang)
    return out


def _sorted_new_forms(words: Iterable[str], latin: bool, verdicts: dict, known: object, special: frozenset[str],
                      longest: int, eligible: int
                      ) -> tuple[dict[str, int], list[str], list[str], list[str], list[str], list[str]]:
    """The new forms ``words`` sorted for :func:`_flags_of_new`, in their
    order: those not letters of one alphabet only (Latin for ``latin``,
    else Cyrillic; as :func:`_plain_lowered`); of the rest, those whose lower
    case is in ``special`` (none longer than ``longest``), with it; and every
    other one ``eligible`` in a dict, and also among the unsure, with its
    lower case, unless its verdict in ``verdicts`` (the spelling detector's)
    is ``known``. (The twin of the compiled ``new_form_flags``, which makes
    no lower-case string for a known word but a short one.)"""
    words = list(words)
    plain, lowers = _plain_lowered(words, latin)
    is_plain = set(plain)
    others = [w for w in words if w not in is_plain]
    flags: dict[str, int] = {}
    unsure, unsure_lowers, specials, special_lowers = [], [], [], []
    for word, lower in zip(plain, lowers):
        if len(lower) <= longest and lower in special:
            specials.append(word)
            special_lowers.append(lower)
            continue
        flags[word] = eligible
        if verdicts.get(word) is not known:
            unsure.append(word)
            unsure_lowers.append(lower)
    return flags, others, unsure, unsure_lowers, specials, special_lowers


# The lower-case words of one alphabet whose flags are not just the above:
# every one-letter word, and the words that may be a first or second half.
_SPECIAL_PLAIN = {"ru": frozenset(_ALPHABETS["ru"]) | RU_PAIR_HEADS | {"таки"}, "en": frozenset(_ALPHABETS["en"])}
_SPECIAL_LONGEST = {lang: max(map(len, words)) for lang, words in _SPECIAL_PLAIN.items()}


def whole_word(word: str, lang: str) -> bool:
    """Did this detector already find ``word`` to be no fragment — a known
    word of ``lang``, or no word of ``lang`` at all? (False: not asked yet, or
    a fragment.) The run-together detector, which asks after this one, then
    need not look the word up again."""
    flags = _FORM_FLAGS[lang].get(word)
    return flags is not None and not flags & _FRAGMENT


def flags_of(forms: list[str], lang: str) -> bytes:
    """:func:`_form_flags` of each word, answered once per word form: one
    byte a word (see :func:`.formmemo.small_facts_of`).

    The flags of each paragraph's words are kept while the words are those
    ``segments`` hands out for the document being checked (both detectors
    get the same list object for a paragraph), so the run-together
    detector, which asks next, gets them without a look-up per word."""
    kept = _PARAGRAPH_FLAGS.get(id(forms))
    if kept is not None and kept[0] is forms and kept[1] == lang:
        return kept[2]
    flags = small_facts_of(forms, _FORM_FLAGS[lang], _FLAGS_OF_NEW[lang], FORM_CACHE_LIMIT)
    _keep_flags(forms, lang, flags)
    return flags


def _keep_flags(forms: list[str], lang: str, flags: bytes) -> None:
    """Keep ``flags``, the flags of ``forms``, for :func:`flags_of`."""
    global _paragraph_flags_words
    if _paragraph_flags_words + len(forms) > PARAGRAPH_FLAGS_LIMIT:
        _PARAGRAPH_FLAGS.clear()
        _paragraph_flags_words = 0
    _PARAGRAPH_FLAGS[id(forms)] = (forms, lang, flags)
    _paragraph_flags_words += len(forms)


# _flags_of_new for each language, made once (not a closure per paragraph).
_FLAGS_OF_NEW = {lang: (lambda new, lang=lang: _flags_of_new(new, lang)) for lang in ("ru", "en")}


def _flag_table(wanted: int) -> bytes:
    """A ``bytes.translate`` table taking a word's flags to 1 when any of
    ``wanted`` is set, else to 0."""
    return bytes(1 if flags & wanted else 0 for flags in range(256))


_MAY_BE_FIRST = _flag_table(_FRAGMENT | _HEAD)
_MAY_BE_SECOND = _flag_table(_FRAGMENT | _TAIL)
_IS_ELIGIBLE = _flag_table(_ELIGIBLE)
_IS_FRAGMENT = _flag_table(_FRAGMENT)


def pair_candidates(flags: bytes) -> bytes:
    """For each pair of neighbouring words (``n - 1`` of ``n`` words), 1
    when it may be one word — both halves eligible, and a fragment or a
    function word in its place: the first may be a first half, or the
    second a second half — else 0. (Table look-ups a word, and an OR and
    ANDs of the rows as whole numbers, all at C speed: a row's byte k is
    word k's, and shifted by a byte, word k + 1's.)"""
    n = len(flags)
    if n < 2:
        return b""
    eligible = int.from_bytes(flags.translate(_IS_ELIGIBLE), "little")
    firsts = int.from_bytes(flags.translate(_MAY_BE_FIRST), "little")
    seconds = int.from_bytes(flags.translate(_MAY_BE_SECOND), "little") >> 8
    return ((firsts | seconds) & eligible & eligible >> 8).to_bytes(n, "little")[:-1]


def _pair_verdicts(flag_memo: dict[str, int], forms: list[str], verdicts: dict, learn_new, unseen
                   ) -> tuple[bytes, list[int], list, list[int]]:
    """A paragraph's flags (``flag_memo``'s, as :func:`flags_of` reads
    them; the forms it lacks given to ``learn_new(forms, new_forms)``
    first, which adds them) and its candidate pairs
    (:func:`pair_candidates`) whose verdict in ``verdicts`` (first form →
    second form → verdict) is not False: the position of each one's first
    half and its verdict; and the positions of the pairs with no verdict
    yet, for which ``unseen`` is recorded (so that a pair new to the table
    is given once, however often the paragraph holds it). (The twin of the
    compiled ``split_pairs``, which makes no list of all the pairs and no
    bytes but the flags, and reads the paragraph once.)"""
    try:
        flags = bytes(map(flag_memo.__getitem__, forms))
    except KeyError:  # a form not seen yet
        learn_new(forms, set(forms).difference(flag_memo))
        flags = bytes(map(flag_memo.__getitem__, forms))
    candidates = pair_candidates(flags)
    firsts, found, new = [], [], []
    for k in compress(range(len(candidates)), candidates):
        a, b = forms[k], forms[k + 1]
        row = verdicts.get(a)
        verdict = None if row is None else row.get(b)
        if verdict is None:
            if row is None:
                row = verdicts[a] = {}
            row[b] = unseen
            new.append(k)
        elif verdict is not False:
            firsts.append(k)
            found.append(verdict)
    return flags, firsts, found, new


def _learn_flags(lang: str, forms: list[str], new: set[str]) -> None:
    """Add the flags of ``new``, forms of ``forms`` not seen yet, to the
    language's memo (see :func:`.formmemo.learn`): what the pass over a
    paragraph's pairs asks when it meets new forms."""
    learn(forms, _FORM_FLAGS[lang], _FLAGS_OF_NEW[lang], FORM_CACHE_LIMIT, new)


_LEARN_FLAGS = {lang: partial(_learn_flags, lang) for lang in ("ru", "en")}


# Flags of the word lists last asked about, by the list's id; holding the
# list keeps the identity test sound. Bounded by the words held (the lists
# are the ones ``segments`` keeps for the document being checked; only an
# earlier document's are held here alone): emptied when full. (Not at each
# new document: the CLI ends without freeing what is held, and a check of
# a few hundred files stays below the bound, so letting go of each
# document's lists would only add the work of freeing them.)
_PARAGRAPH_FLAGS: dict[int, tuple[list[str], str, list[int]]] = {}
_paragraph_flags_words = 0
PARAGRAPH_FLAGS_LIMIT = 500_000  # words


def fragments(forms: list[str], lang: str) -> list[int]:
    """Positions of the words of ``forms`` that are no word of ``lang`` on
    their own (:func:`_is_fragment`, among words of its letters without a
    hyphen or apostrophe): the only ones :func:`whole_word` does not vouch for."""
    return list(compress(range(len(forms)), flags_of(forms, lang).translate(_IS_FRAGMENT)))


def _is_gap(text: str, a: Token, b: Token) -> bool:
    """Only horizontal space between ``a`` and ``b``?"""
    if b.start - a.end == 1:
        return text[a.end] in " \t\u00a0"
    return _GAP.fullmatch(text, a.end, b.start) is not None


# The verdicts of pairs of forms, per language: first form → second form →
# verdict. (Keyed by the first form, then the second, not by the pair: on
# fresh text most pairs are new, and a tuple per pair — made for each
# look-up, kept as a key, tracked by the garbage collector — cost more
# than a second dict look-up.)
_VERDICTS: dict[str, dict[str, dict[str, Join | bool]]] = {"ru": {}, "en": {}}
_PAIRS_HELD = {"ru": 0, "en": 0}  # pairs recorded in _VERDICTS (at most; emptied past the limit in detect)
PAIR_CACHE_LIMIT = 100_000  # pairs of forms per language


def may_join(lang: str, a: str, b: str) -> Join | bool:
    """Can the pair ``a b`` be one word in some context? ``False`` when no
    context makes it one; for English (which reads no context) the join itself.

    Every context condition of :func:`judge_ru` vetoes a join, or chooses
    between two joins, and is off when there are no neighbours and no rest
    of the sentence; so a pair with no join without context has none in any.
    The exception is ``что бы``, which the rest of the sentence makes one word.
    Most word pairs of a paragraph end here (asked once per pair of forms)."""
    # The judges' commonest "no", first: but after a preposition (which may
    # come before a misspelt word, "по тихонько"), no join is offered unless
    # the joined form is a word. (``known_test`` answers as lexicon.is_known;
    # the join's case does not matter to it, so for words of one alphabet the
    # joined form is simply lower-cased.)
    joined = a + b
    if lang == "en" and joined.isascii():
        # (No Russian function word here; and ASCII letters alone is what
        # _ALL_LATIN's fullmatch says: the same test without a regex call.)
        joined = joined.lower() if joined.isalpha() else _joined_case(a, b).lower()
        if not known_test(lang)(joined):
            return False
        al = bl = ""
    else:
        al, bl = a.lower(), b.lower()
        if al not in RU_PREPOSITIONS and al != "по" and bl != "таки" and not (al == "что" and bl == "бы"):
            joined = joined.lower() if _ONE_ALPHABET[lang].fullmatch(joined) else _joined_case(a, b).lower()
            if not known_test(lang)(joined):
                return False
    if not _case_ok(a, b) or _stray_capital(a, b):
        return False
    if lang == "en":
        return judge_en(a, b) or False
    if al == "что" and bl == "бы":
        return True
    return (hyphen_ru(a, b, None) or judge_ru(a, b, None, None, "")) is not None


# A pair's verdict once :func:`_rule_out_joins` has let it through: not
# ruled out, :func:`may_join` not asked yet (it is asked only of a pair with
# nothing but space between the halves, where it may be a finding).
_NOT_RULED_OUT = object()


def _pair_joins(forms: list[str], new: list[int], flags: bytes, latin: bool, tail: int, head: int,
                preposition: int, fragment: int) -> tuple[list[int], list[str], list[int], list[str], list[int]]:
    """The pairs of ``new`` (the positions in ``forms`` of their first
    halves; ``flags`` the words' flags) sorted as :func:`_rule_out_joins`
    looks at them — none whose second half is a ``tail``; a ``head`` that is
    a ``preposition`` before a word, neither a ``fragment``: prepositional;
    any other head: for a look one by one; any other pair: asked about its
    join —, the asked and the prepositional with the lower case of their
    join, when it is letters of one alphabet only (Latin for ``latin``, else
    Cyrillic; as :func:`_plain_lowered`), and only then. (The twin of the
    compiled ``pair_joins``: one pass, and no joined string made but the
    lowered ones.)"""
    asked, prepositional, heads = [], [], []
    for k in new:
        if flags[k + 1] & tail:
            continue
        if flags[k] & head:
            if not flags[k] & preposition:
                heads.append(k)
            elif not (flags[k] | flags[k + 1]) & fragment:
                prepositional.append(k)
            continue
        asked.append(k)
    one_alphabet = (_ALL_LATIN if latin else _ALL_CYRILLIC).fullmatch
    out = []
    for places in (asked, prepositional):
        joined = [(k, forms[k] + forms[k + 1]) for k in places]
        plain = [(k, made.lower()) for k, made in joined if one_alphabet(made)]
        out += [[k for k, _ in plain], [lower for _, lower in plain]]
    return out[0], out[1], out[2], out[3], heads


def _known_forms(lang: str, lowers: list[str]) -> bytes:
    """1 for each lower-case word of ``lowers`` that ``lexicon.is_known``
    says yes to in ``lang`` (as :func:`known_test`), else 0. (For Russian
    the twin of the compiled ``known_ru_forms``, which walks the
    dictionary's DAWG itself.)"""
    return bytes(map(known_test(lang), lowers))


@speedups.EXTENSION.keep  # (per language; forgotten with the extension's answers, as in tests)
def _joins_known(lang: str):
    """``(lowers) -> bytes``: :func:`_known_forms` of ``lang`` — for Russian
    the compiled ``known_ru_forms`` given the dictionary's DAWG when it can
    be read (bound with ``partial``: the units are a memory map, which
    ``speedups.function`` cannot key on). English joins need the speller."""
    twin = partial(_known_forms, lang)
    if lang != "ru":
        return twin
    from ..spelling import rareforms

    kernel = speedups.function("known_ru_forms")
    units = rareforms.dictionary_units() if kernel is not None else None
    return twin if units is None else partial(kernel, units)


# A bytes.translate table taking 0 to 1 and anything else to 0.
_IS_ZERO = bytes([1]) + bytes(255)


def _rule_out_joins(lang: str, forms: list[str], new: list[int], flags: bytes, verdicts: dict) -> list[int]:
    """Judge first the pairs of forms of ``new`` (the positions in ``forms``
    of their first halves), which :func:`_pair_verdicts` found new and
    recorded as :data:`_NOT_RULED_OUT`: record ``False`` (never one word)
    for those that :func:`may_join` surely says no to, and give back the
    others' positions. ``verdicts``: first form → second form → verdict.

    Found in C-level passes over them all: letters of one alphabet joined
    into no word, where may_join asks that first (not after a preposition
    or "по", nor before "таки", nor "что бы"); and, among the pairs of a
    preposition (but "по") and a word, neither a fragment, those whose
    join is no word and whose second half is short or may follow the
    preposition — the commonest pairs of all, which may_join would look at
    one by one only to say the same (judge_ru without neighbours)."""
    latin = lang == "en"
    sorted_joins = speedups.function("pair_joins") or _pair_joins
    asked, asked_lowers, prepositional, prepositional_lowers, heads = sorted_joins(
        forms, new, flags, latin, _TAIL, _HEAD, _PREPOSITION, _FRAGMENT)
    if heads:  # (a few: "не", "что", "полу"... and "по", which may_join looks at whole)
        asked_heads = [k for k in heads if (head := forms[k].lower()) != "по"
                       and not (head == "что" and forms[k + 1].lower() == "бы")]
        if asked_heads:
            more, more_lowers, _, _, _ = sorted_joins(forms, asked_heads, flags, latin, _TAIL, 0, 0, _FRAGMENT)
            asked, asked_lowers = asked + more, asked_lowers + more_lowers
    known = _joins_known(lang)
    # (English pairs have no prepositional ones, and many a paragraph no
    # asked ones: a look-up of no joins is not made.)
    never = list(compress(asked, known(asked_lowers).translate(_IS_ZERO))) if asked else []
    if prepositional:
        for k in compress(prepositional, known(prepositional_lowers).translate(_IS_ZERO)):
            bl = forms[k + 1].lower()
            if len(bl) < 4 or not _cannot_follow(forms[k].lower(), bl, None):
                never.append(k)
    if not never:
        return new
    return (speedups.function("rule_out_pairs") or _ruled_out_pairs)(forms, new, never, verdicts, False)


def _ruled_out_pairs(forms: list[str], new: list[int], never: list[int], verdicts: dict, verdict: object
                     ) -> list[int]:
    """Record ``verdict`` for each pair of ``never`` (the positions in
    ``forms`` of their first halves) in ``verdicts`` (first form → second
    form → verdict), and give back the others of ``new``, in order. (The
    twin of the compiled ``rule_out_pairs``: most of a paragraph's new pairs
    are ruled out, each a Python step here.)"""
    for k in never:
        verdicts[forms[k]][forms[k + 1]] = verdict
    ruled_out = set(never)
    return [k for k in new if k not in ruled_out]


class SplitWordDetector(Detector):
    LOCALITY = "paragraph"  # neighbouring words of one paragraph
    RULES = (
        RuleDoc("boundary.ru.split_word", "One word written as two", "не устанно → неустанно", "ru"),
        RuleDoc("boundary.ru.ne_together", "'не' written apart where it is usually written together",
                "все не дуги → все недуги", "ru", Tier.UNSAFE),
        RuleDoc("boundary.ru.po_hyphen", "'по-' adverb written without its hyphen",
                "по нашему → по-нашему", "ru"),
        RuleDoc("boundary.ru.taki_hyphen", "Particle '-таки' after a verb written without its hyphen",
                "встретил таки → встретил-таки", "ru", Tier.UNSAFE),
        RuleDoc("boundary.ru.chtoby", "'чтобы' before an infinitive written as two words",
                "что бы написать → чтобы написать", "ru"),
        RuleDoc("boundary.en.split_word", "One word written as two", "t he → the", "en"),
    )

    def detect(self, ctx: Context) -> Iterable[Finding]:
        text = ctx.doc.text
        enabled = {r.id for r in self.RULES if ctx.options.enabled(r.id)}
        if not enabled:
            return
        # (The compiled split_pairs given this module's flags; the twin reads them.)
        split_pairs = (speedups.function("split_pairs", _ELIGIBLE, _FRAGMENT | _HEAD, _FRAGMENT | _TAIL)
                       or _pair_verdicts)
        for para in ctx.paragraphs:
            lang = para.lang
            if lang not in ("ru", "en"):
                continue
            tokens, forms = scan(text, para.start, para.end)
            n = len(forms)
            if n < 2:
                continue
            # The flags of the words (the new forms' made first), and the
            # pairs that may be one word (a fragment, or a function word in
            # its place) but for those already judged "never one word" (most
            # of them, once a few paragraphs are done: the verdict of a pair
            # of forms is the same wherever it stands), with their verdicts;
            # and the pairs not judged yet: one C pass. (The table is emptied
            # when full before a paragraph's new pairs go in: they are read
            # back below.)
            verdicts = _VERDICTS[lang]
            if _PAIRS_HELD[lang] > PAIR_CACHE_LIMIT:
                verdicts.clear()
                _PAIRS_HELD[lang] = 0
            flags, firsts, known, new = split_pairs(_FORM_FLAGS[lang], forms, verdicts, _LEARN_FLAGS[lang],
                                                    _NOT_RULED_OUT)
            _keep_flags(forms, lang, flags)  # for the run-together detector
            if new:
                _PAIRS_HELD[lang] += len(new)
                new = _rule_out_joins(lang, forms, new, flags, verdicts)
            if new:  # (a few: most new pairs are never one word)
                pairs = sorted([*zip(firsts, known), *zip(new, repeat(_NOT_RULED_OUT))], key=itemgetter(0))
            elif firsts:
                pairs = zip(firsts, known)
            else:
                continue
            for k, verdict in pairs:
                a, b = forms[k], forms[k + 1]
                # Only horizontal space between the halves.
                if not _is_gap(text, tokens[k], tokens[k + 1]):
                    continue
                if len(a) + len(b) > MAX_JOINED:
                    continue
                if verdict is _NOT_RULED_OUT:
                    # (Its row may be gone: _rule_out_joins empties the table when full.)
                    verdict = verdicts.setdefault(a, {})[b] = may_join(lang, a, b)
                if verdict is False:
                    continue
                a_start, b_end = tokens[k].start, tokens[k + 1].end
                # A token glued to digits, a hyphen or other marks ("Х!Х и")
                # belongs to something larger.
                if a_start > 0 and not (text[a_start - 1].isspace() or text[a_start - 1] in "«\"„“'("):
                    continue
                if b_end < len(text) and (
                    text[b_end] in "-‐0123456789"
                    # "т. е.", "и т. д.": a letter before a period is an abbreviation.
                    or (text[b_end] == "." and len(b) <= 2)
                ):
                    continue
                if lang == "en":
                    join = verdict
                else:
                    before = forms[k - 1] if k > 0 and _is_gap(text, tokens[k - 1], tokens[k]) else None
                    after = forms[k + 2] if k + 2 < n and _is_gap(text, tokens[k + 1], tokens[k + 2]) else None
                    rest = text[b_end:min(b_end + 80, para.end)]
                    join = chtoby(a, b, rest) or hyphen_ru(a, b, after) or judge_ru(a, b, before, after, rest)
                if join is None or join.rule not in enabled:
                    continue
                yield Finding(
                    rule=join.rule,
                    message=f"{join.reason}: {a} {b} → {join.text}",
                    start=a_start,
                    end=b_end,
                    text=text[a_start:b_end],
                    suggestions=(Suggestion(join.text, join.confidence),),
                    detection_confidence=join.confidence,
                    max_tier=join.max_tier,
                )
