"""Misspelt words in Russian and English, with an error model and calibrated
confidence.

A word is questioned when the lexicon does not know it — ALL CAPS and
Capitalised words too, since transcripts shout names (STALTN) — or when it
is a real form that nobody writes (wordfreq never saw it). Suggestions come
from :mod:`cleanup.spelling.candidates`; their confidence is the calibrated
probability that the first one is right.

Names, abbreviations, coinages and foreign words are the risk: a
Capitalised word inside a sentence or an all-caps word is held at
``display`` unless a close and much more common word stands beside it, and
a short all-caps word (ЕКИ, NATO) is an abbreviation and never fixed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from functools import lru_cache
from itertools import compress, repeat
from operator import is_

import regex

from .. import lexicon
from ..model import Finding, Suggestion, Tier, made_finding
from ..options import Context
from ..rulepack import match_case
from ..segments import word_sequence, word_texts, words
from ..spelling import calibration, commonforms, context, errormodel, findings, index, ocr, period, speedups
from ..spelling.candidates import RARE_KNOWN_ZIPF, SHORT_KNOWN, Analysis, analyse
from .base import Detector, RuleDoc
from .script import VALID_ROMAN

_CYRILLIC = regex.compile(r"^[\p{Script=Cyrillic}\-]+$")
_LATIN = regex.compile(r"^[\p{Script=Latin}\-'’]+$")
# What may stand between a sentence end and the next sentence's first word.
_OPENERS = set(" \t\r\n\u00a0\"'«„“”‘’([{-–—*•")
_SENTENCE_END = set(".!?…:;")

MIN_LENGTH = 3
ABBREVIATION_MAX = 4  # all-caps words this short are taken for abbreviations
# An unknown name-like word (Capitalised inside a sentence, or ALL CAPS) may
# be corrected only towards a close and much more common word.
NAME_MAX_COST = 1.0
NAME_MIN_GAIN = 2.0
NAME_MIN_ZIPF = 2.5
ALTERNATIVES = 3
RATE_MIN_WORDS = 8


def _lang_of(word: str) -> str | None:
    """"ru" when ``_CYRILLIC`` matches the word, else "en" when ``_LATIN``
    does, else None. Most words are plain Russian or plain ASCII letters,
    told apart here without the regex module (several times dearer per
    word): a word of only Cyrillic-block letters, or only ASCII letters."""
    if word.isascii():
        if word.isalpha():
            return "en"  # ASCII letters are Latin, and not Cyrillic
    elif _CYRILLIC_BLOCK_WORD(word) is not None:
        return "ru"
    elif _LATIN_LIGATURE(word) is not None:
        # oﬃce: a PDF's ligature, undone by the script.ligature_* rules; the
        # word is spelt (and counted) once it is letters again, as "oﬃce"
        # it would only draw a wrong suggestion ("once").
        return None
    return "ru" if _CYRILLIC.match(word) else "en" if _LATIN.match(word) else None


def _lowered(word: str) -> str:
    """The form the lexicons are asked about: lower case, with the typewriter
    apostrophe. Python lowers the Turkish dotted İ to i and a combining dot
    (İzmir → "i̇zmir", one letter longer), which no word list holds: the dot
    goes, so İzmir and İSTANBUL are the names the lexicons know."""
    lower = word.lower().replace("’", "'")
    if "\u0307" in lower:
        lower = lower.replace("i\u0307", "i")
    return lower


# U+0400–U+04FF is Cyrillic script but for two combining marks (Inherited);
# the standard library's engine tests a range several times cheaper.
_CYRILLIC_BLOCK_INHERITED = "\u0485\u0486"
_CYRILLIC_BLOCK_WORD = re.compile("[\u0400-\u0484\u0487-\u04ff\\-]+").fullmatch
# The Latin ligatures of the Alphabetic Presentation Forms (ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ).
_LATIN_LIGATURE = re.compile("[\ufb00-\ufb06]").search


def _ocr_read(word: str) -> str | None:
    """An English word with a capital inside it that OCR writes for
    letters (weU, chappeU: U for ll), as the error model reads it (the
    capital kept); None for any other word, and for a case pattern that is
    no misreading (McDonald, iPhone, camelCase): those stay unread."""
    if word[1:].islower() or word.isupper() or not word.isascii() or not word.isalpha():
        return None  # (no capital after the first letter, or all of them)
    reading = errormodel.ocr_reading(word)
    if reading.islower() or not ocr.readable(reading):
        return None
    return reading


# OCR's "aU" (all) is two letters long: a word with a capital read back may be this short.
OCR_MIN_LENGTH = 2


def _sentence_initial(text: str, start: int, floor: int) -> bool:
    i = start - 1
    while i >= floor and text[i] in _OPENERS:
        i -= 1
    return i < floor or text[i] in _SENTENCE_END


@lru_cache(maxsize=8)
def _accepted(words_: frozenset[str]) -> tuple[frozenset[str], frozenset[str]]:
    """The project's words (lower case) and, for Russian, their lemmas, so
    that accepting a word accepts its inflected forms."""
    lower = frozenset(map(_lowered, words_))
    lemmas = set()
    for w in lower:
        if _CYRILLIC.match(w):
            lemmas.update(p.normal_form for p in lexicon.morph().parse(w))
    return lower, frozenset(lemmas)


def _is_accepted(word: str, lang: str, accepted: tuple[frozenset[str], frozenset[str]]) -> bool:
    lower, lemmas = accepted
    if word in lower:
        return True
    if lang == "ru" and lemmas:
        return any(p.normal_form in lemmas for p in lexicon.morph().parse(word))
    return False


@lru_cache(maxsize=200_000)
def _question(word: str, accepted: tuple[frozenset[str], frozenset[str]]) -> tuple[str, Analysis] | None:
    """The language and analysis of a word that needs a suggestion, else None.
    A function of the word alone (and the project's words), asked for every
    token: most tokens are common words, answered here once per process."""
    read = _ocr_read(word)
    if len(word) < (MIN_LENGTH if read is None else OCR_MIN_LENGTH):
        return None
    lang = _lang_of(word)
    if lang is None:
        return None  # mixed scripts: the script detector's business
    return _questioned(word, read, lang, _lowered(word), accepted)


def _questioned(word: str, read: str | None, lang: str, lower: str,
                accepted: tuple[frozenset[str], frozenset[str]]) -> tuple[str, Analysis] | None:
    """:func:`_question` of a word long enough for it, whose OCR reading
    ``read``, language ``lang`` (not None) and :func:`_lowered` form
    ``lower`` are known: what :func:`_judged` asks, once per new form,
    having worked them out already (so neither they nor the memo are
    made again)."""
    if lang == "en" and word.isupper() and VALID_ROMAN.fullmatch(word):
        return None  # XIX, XIV: a number in Roman digits, not a misspelt word
    if _is_accepted(lower, lang, accepted):
        return None
    analysis = analyse(read or lower, lang)
    if analysis is None or analysis.best is None:
        return None
    return lang, analysis


class SpellingDetector(Detector):
    LOCALITY = "paragraph"  # the words of one paragraph and its share of unknown ones
    RULES = (
        RuleDoc("spelling.ru.word", "Unknown Russian word", "СТАЛТНУ → СТАЛИНУ", "ru"),
        RuleDoc("spelling.ru.rare", "A real but unused Russian form; a common word is near",
                "проголосивших → проголосовавших", "ru"),
        RuleDoc("spelling.en.word", "Unknown English word", "STALTN → STALIN", "en"),
        RuleDoc("spelling.en.rare", "A real but unused English form; a common word is near",
                "travailed → travelled", "en"),
    )

    def detect(self, ctx: Context) -> Iterator[Finding]:
        text = ctx.doc.text
        accepted = _accepted(ctx.options.words)
        enabled = ctx.options.enabled
        # The rules --select/--ignore leave on: a word whose rule is off is
        # not analysed at all (``--ignore spelling.en`` spares every English
        # word's candidate search), and its verdict is kept apart.
        wanted = frozenset(filter(enabled, ALL_RULES))
        if not wanted:
            return
        forms = _forms(accepted, wanted)
        global _plain_form, _last_forms
        _last_forms = forms
        if _plain_form is commonforms.no_table:
            _plain_form = commonforms.lookup()
        # english_text = "typed": a person typed the English, so a lower-case
        # word in a paragraph is weighed as a typist's slip (as an isolated
        # word: the typing slopes), not by the OCR'd books the paragraph map
        # is fit on. Names and ALL CAPS keep their treatment.
        typed = ctx.options.english_text == "typed"
        places_of = speedups.function("verdict_places") or _verdict_places
        # (The compiled pass reads the table of common forms from its own
        # memory map; the twin asks _plain_form.)
        settled_places = speedups.function("settled_places", commonforms.hashed()) or _settled_places
        for para in ctx.paragraphs:
            # Each form's verdict is looked up (or made once per process) by
            # one pass over the paragraph's word strings (shared with the
            # other detectors), which also counts the forms the unknown-word
            # share needs and settles the new forms that are common words;
            # only the other new forms and the questioned places are
            # visited in Python.
            texts = word_texts(text, para.start, para.end)
            verdict_of = forms
            if len(forms) + len(texts) > FORM_CACHE:
                # (Emptied before the paragraph, not inside it: its verdicts
                # stay in the table for the passes that read them.)
                forms.clear()
            if len(texts) <= FORM_CACHE:
                places, not_counted, unknown, new = settled_places(forms, texts, _NOT_COUNTED, _KNOWN, _UNKNOWN_FORM,
                                                                   period.ARCHAIC_FORMS, _SIGNS)
                if new:
                    places, not_counted, unknown = _made_verdicts(places, not_counted, unknown, new, texts,
                                                                  accepted, forms, wanted, places_of)
            else:  # (the paragraph has more forms than the table holds)
                verdict_of = {}
                for word in texts:
                    verdict_of[word] = verdict_of.get(word) or _form(word, accepted, {}, wanted)
                places, not_counted, unknown = places_of(verdict_of, texts, _NOT_COUNTED, _KNOWN, _UNKNOWN_FORM)
            if not places:
                continue
            total = len(texts) - not_counted
            rate = None
            if total >= RATE_MIN_WORDS:
                unknown += sum(verdict_of[texts[i]].unknown for i in places)
                rate = unknown / total
            tokens = word_sequence(text, para.start, para.end)[0]  # (a Token made for each place read)
            # The paragraph's signs of period text, counted where an English
            # finding in a paragraph long enough to judge needs them.
            signs = None
            for i in places:
                q = verdict_of[texts[i]].question
                if q.rule in wanted:  # (enabled(q.rule): wanted holds the rule ids left on)
                    tok = tokens[i]
                    # (Close Russian candidates: the neighbours may move the confidence.)
                    where = context.shift(q.analysis, *context.neighbours(text, tokens, i)) if q.close else None
                    if signs is None and rate is not None and q.lang == "en":
                        # (Most paragraphs have none: one C-level pass says so.)
                        signs = 0 if _SIGNS.isdisjoint(texts) else sum(map(_SIGNS.__contains__, texts))
                    judged = None if typed and q.lang == "en" and q.word.islower() else rate
                    yield q.finding(text, tok.start, tok.end, para.start, judged, where, signs or 0)

    def check_word(self, text, start, end, floor, accepted=(frozenset(), frozenset()), rate=None,
                   signs: int = 0) -> Finding | None:
        result = self.examine(text, start, end, floor, accepted, rate, signs)
        return result[0] if result else None

    def examine(self, text: str, start: int, end: int, floor: int = 0,
                accepted=(frozenset(), frozenset()), rate: float | None = None,
                signs: int = 0) -> tuple[Finding, dict] | None:
        """The finding for one word and the features behind its confidence
        (``rate``: the paragraph's :func:`unknown_rate`; ``signs``: its
        signs of period text, :func:`period.count`)."""
        word = text[start:end]
        questioned = _question(word, accepted)
        if questioned is None:
            return None
        lang, analysis = questioned
        letters = [c for c in word if c.isalpha()]
        upper = len(letters) > 1 and all(c.isupper() for c in letters)
        if not upper and any(c.isupper() for c in word[1:]) and _ocr_read(word) is None:
            return None  # McDonald, iPhone: a case pattern we cannot keep (OCR's weU is read)
        inside = not upper and word[0].isupper() and not _sentence_initial(text, start, floor)
        misread = not upper and word[0].isupper() and ocr.capital_misread(analysis.word, analysis.best.word)
        title = inside and not misread
        shown = word.lower() if inside and misread else word
        if isinstance(rate, _Lazy):
            rate = rate.value
        feats = calibration.features(analysis, upper, title, rate, signs)
        p = calibration.probability(feats, lang)
        if context.close(analysis):
            where = context.shift(analysis, *context.neighbours_at(text, start, end, floor))
            if where is not None:
                p = context.shifted(p, *where)
        max_tier = _name_cap(analysis, upper, title)
        rule = _rule_id(lang, analysis.known)
        return Finding(
            rule=rule,
            message=f"{'Rare' if analysis.known else 'Unknown'} word; did you mean "
                    f"“{match_case(shown, analysis.best.word)}”?",
            start=start,
            end=end,
            text=word,
            suggestions=_suggestions(shown, analysis, p),
            detection_confidence=p,
            max_tier=max_tier,
        ), feats


class _Form:
    """What the detector knows about one word form, whatever its place."""

    __slots__ = ("counted", "unknown", "question")

    def __init__(self, counted: bool, unknown: bool, question: "_Question | None") -> None:
        self.counted, self.unknown, self.question = counted, unknown, question


class _Question:
    """A questioned form: everything about its finding that does not depend
    on where it stands (only Capitalised-inside-a-sentence and the
    paragraph's unknown-word share do). Gives the same finding as
    :meth:`SpellingDetector.examine`."""

    __slots__ = ("word", "lang", "analysis", "upper", "may_be_title", "misread", "scorer", "rule", "floored",
                 "caps_tier", "close", "_offer", "_made")

    def __init__(self, word: str, lang: str, analysis: Analysis, upper: bool | None = None) -> None:
        self.word, self.lang, self.analysis = word, lang, analysis
        if upper is None:
            letters = [c for c in word if c.isalpha()]
            upper = len(letters) > 1 and all(c.isupper() for c in letters)
        self.upper = upper
        self.may_be_title = not upper and word[0].isupper()
        # Hke for "like": the capital is OCR's H for li, not a name's; inside
        # a sentence the word is neither a name nor Capitalised.
        self.misread = self.may_be_title and ocr.capital_misread(analysis.word, analysis.best.word)
        self.scorer = calibration.Scorer(analysis, lang)
        self.rule = _RULE_IDS[lang, analysis.known]
        self.floored = not analysis.known  # (a rare real word keeps its suggestions: SUGGESTION_FLOOR)
        self._offer: tuple | None = None  # (:meth:`_offered`)
        if upper:  # (ALL CAPS is capped alike at a sentence's start and inside it)
            tier = _name_cap(analysis, True, False)
            self.caps_tier = (tier, tier)
        else:  # (a word neither ALL CAPS nor Capitalised inside a sentence is never capped)
            self.caps_tier = (_SAFE, _name_cap(analysis, False, True))
        self.close = context.close(analysis)  # the neighbours may move its confidence (context.shift)
        self._made: dict[tuple, tuple] = {}

    def finding(self, text: str, start: int, end: int, floor: int, rate: float | None,
                where: tuple[float, float] | None = None, signs: int = 0) -> Finding:
        """The finding at one place. Below :data:`SUGGESTION_FLOOR` an unknown
        word is reported without a suggestion; a rare real word is only worth
        reporting with its likely correction, so it keeps it. ``where``: how
        the neighbours map the confidence (:func:`context.shift`), if at all."""
        inside = self.may_be_title and not _sentence_initial(text, start, floor)
        # A word repeats within a paragraph (one rate) and a text: the
        # parts of its finding that depend on (inside, rate, where) are made once.
        key = (inside, rate, where, signs)
        made = self._made.get(key)
        if made is None:
            title = inside and not self.misread
            # (The first suggestion's confidence, round3(p), decides first:
            # most unknown words of a damaged text fall below the floor, and
            # theirs are never made. One C call places p and tests it.)
            p, below = (speedups.function("placed_probability") or _placed)(
                self.scorer.probability(self.upper, title, rate, signs), where,
                SUGGESTION_FLOOR if self.floored else None)
            if below:
                message, suggestions = "Unknown word", ()
            else:
                caps, message, shares = self._offer or self._offered()
                if inside and self.misread:
                    lowered = [c.word for c in self.analysis.candidates[:ALTERNATIVES]]
                    message = message.replace(f"“{caps[0]}”", f"“{lowered[0]}”")
                    caps = lowered
                # (One C call makes them all, in Finding's order.)
                suggestions = (speedups.function("shared_suggestions", Suggestion, findings.SUGGESTION_MEMBERS)
                               or _suggested)(caps, shares, p)
            if len(self._made) >= 64:
                self._made.clear()
            made = self._made[key] = (message, suggestions, p, self.caps_tier[title])
        message, suggestions, p, tier = made
        # (Made thousands of times a megabyte: the slots set directly, the
        # values being ones Finding's checks leave as they are: findings.finding's
        # call, without its frame.)
        return made_finding(self.rule, message, start, end, self.word, suggestions, p, tier, "spelling")

    def _offered(self) -> tuple[list[str], str, list[tuple[float, float]]]:
        """What its suggestions are made of: the candidates in the word's
        case, the message naming the first and their shares of the
        confidence (:func:`_shares`). Made on its first finding with suggestions (an unknown word below
        the floor has none, and most of a damaged text's never do)."""
        word, analysis = self.word, self.analysis
        if word.islower():
            # No capital: match_case gives each candidate as it is.
            caps = [c.word for c in analysis.candidates[:ALTERNATIVES]]
        elif self.upper:
            # ALL CAPS by match_case's own test (made once, when the form was
            # judged): it gives each candidate in capitals.
            caps = [c.word.upper() for c in analysis.candidates[:ALTERNATIVES]]
        else:
            caps = [match_case(word, c.word) for c in analysis.candidates[:ALTERNATIVES]]
        message = f"{'Rare' if analysis.known else 'Unknown'} word; did you mean “{caps[0]}”?"
        self._offer = offer = (caps, message, _shares(analysis))
        return offer


def _rule_id(lang: str, known: bool) -> str:
    """spelling.<lang>.word for an unknown word, spelling.<lang>.rare for a
    known but unused one."""
    return f"spelling.{lang}.{'rare' if known else 'word'}"


# Every rule id the detector emits.
ALL_RULES = frozenset(_rule_id(lang, known) for lang in ("ru", "en") for known in (False, True))
_RULE_IDS = {(lang, known): _rule_id(lang, known) for lang in ("ru", "en") for known in (False, True)}

# Word forms seen by this process, per set of project words; cleared when full
# (each is a few hundred bytes).
FORM_CACHE = 100_000


@lru_cache(maxsize=8)
def _forms(accepted: tuple[frozenset[str], frozenset[str]], wanted: frozenset[str] = ALL_RULES) -> dict[str, _Form]:
    """The verdicts per form for one set of project words and of rules on."""
    return {}


# The word forms seen by this process that are signs of period text
# (:func:`period.is_sign`; filled as each form's verdict is made, and
# small: such forms are a closed class and old spellings).
_SIGNS: set[str] = set()

# The verdicts of forms that are not questioned, shared: most forms are these,
# and every other verdict is a questioned form's own.
_NOT_COUNTED = _Form(False, False, None)
_KNOWN = _Form(True, False, None)
_UNKNOWN_FORM = _Form(True, True, None)
_QUESTIONED = repeat(True)
_NONES = repeat(None)
_KNOWNS = repeat(_KNOWN)


# The verdicts the last detect used (any table serves :func:`known_words`:
# a form's being a known word does not depend on the options).
_last_forms: dict[str, _Form] = {}


def known_words(words: list[str]) -> list[bool]:
    """For each of ``words``, True when this detector has found it a known
    word of its script's language — ``lexicon.is_known(_lowered(word),
    _lang_of(word))``: for a word of Cyrillic letters, or of ASCII ones,
    ``is_known(word.lower(), "ru" or "en")`` — and False when it has not (no
    verdict on it yet, or another).
    For a detector that asks the lexicon after this one: most forms of a
    text it need not ask again. (One C-level pass: the verdict of a form
    that is plainly known is the one shared object.)"""
    return list(map(is_, map(_last_forms.get, words), _KNOWNS))


def verdicts() -> tuple[dict[str, _Form], _Form]:
    """What :func:`known_words` reads, for a kernel that reads it itself
    (the split-word detector's ``new_form_flags``): the verdicts the last
    detect used (form → verdict) and the one verdict every plainly known
    form shares (a form is known when its verdict *is* that object)."""
    return _last_forms, _KNOWN


def _verdict_places(verdicts: dict[str, _Form], texts: list[str], not_counted: _Form, known: _Form,
                    unknown: _Form) -> tuple[list[int], int, int] | None:
    """The positions of ``texts`` (a paragraph's word strings) whose verdict
    in ``verdicts`` is a questioned form's, none of the three shared ones
    (``not_counted``, ``known``, ``unknown``); how many are ``not_counted``;
    and how many ``unknown``. None when some form has no verdict yet. (The
    twin of the compiled ``verdict_places``: C-level passes over the list
    of verdicts, the shared ones found by a dict look-up by identity.)"""
    found = list(map(verdicts.get, texts))
    if None in found:
        return None
    shared = {not_counted: False, known: False, unknown: False}  # (else: questioned, True)
    places = list(compress(range(len(found)), map(shared.get, found, _QUESTIONED)))
    return places, found.count(not_counted), found.count(unknown)


def _made_verdicts(places: list[int], not_counted: int, unknown: int, new: list[int], texts: list[str], accepted,
                   forms: dict[str, _Form], wanted: frozenset[str], places_of) -> tuple[list[int], int, int]:
    """The places and counts of a paragraph's word strings ``texts`` (as
    :func:`_verdict_places` gives them), from those of all but the positions
    ``new`` (``places``, ``not_counted``, ``unknown``: what
    :func:`_settled_places` found) and those of ``new``, whose forms are
    judged first, one by one (:func:`_judged`), and then passed over by
    ``places_of`` (the compiled ``verdict_places`` or its twin)."""
    for i in new:
        word = texts[i]
        if word not in forms:  # (made by now if the form came earlier in the paragraph)
            _judged(word, accepted, forms, wanted)
    new_places, new_not_counted, new_unknown = places_of(forms, [texts[i] for i in new], _NOT_COUNTED, _KNOWN,
                                                         _UNKNOWN_FORM)
    if new_places:
        places = sorted(places + [new[k] for k in new_places])
    return places, not_counted + new_not_counted, unknown + new_unknown


def _settled_places(forms: dict[str, _Form], texts: list[str], not_counted: _Form, known: _Form, unknown: _Form,
                    archaic: frozenset[str], signs: set[str]) -> tuple[list[int], int, int, list[int]]:
    """:func:`_verdict_places` of a paragraph's word strings ``texts`` whose
    forms may be new, and the positions of the new ones to be judged: each
    new form that is a common word first gets the verdict ``known``
    (:func:`_plain_new_forms`); the positions of the other new forms are
    left out of the places and counts and returned last, for the caller to
    judge. (The twin of the compiled ``settled_places``, which reads the
    table's hashed copy and leaves to the caller also the words with a
    character other than ASCII and the basic Cyrillic letters: judged, they
    get the same verdict.)"""
    found = _verdict_places(forms, texts, not_counted, known, unknown)
    if found is not None:  # (no form is new: most paragraphs, once a few are done)
        return (*found, [])
    new = _plain_new_forms(forms, texts, known, archaic, signs)
    fresh = set(new)
    settled = [i for i in range(len(texts)) if i not in fresh]
    places, n_not_counted, n_unknown = _verdict_places(forms, [texts[i] for i in settled], not_counted, known,
                                                       unknown)
    return [settled[k] for k in places], n_not_counted, n_unknown, new


def _plain_new_forms(forms: dict[str, _Form], texts: list[str], known: _Form, archaic: frozenset[str],
                     signs: set[str]) -> list[int]:
    """Gives each of ``texts`` not in ``forms`` that is a common word
    (:func:`_plainly_passed` by ``_plain_form``) the verdict ``known`` (and
    puts it in ``signs`` when ``archaic`` holds it); the positions of the
    other new forms, for the caller to judge. (:func:`_settled_places`' first
    step.)"""
    rest = []
    plain_form = _plain_form
    for i, word in enumerate(texts):
        if word in forms:
            continue
        if _plainly_passed(word, plain_form):
            if word in archaic:  # (thee, hath: known words, and signs)
                signs.add(word)
            forms[word] = known
        else:
            rest.append(i)
    return rest


def _plainly_passed(word: str, plain_form) -> bool:
    """Is ``word`` a common real word, in lower case, Title or ALL CAPS (no
    OCR reading applies), by the table made once from the word lists
    (:mod:`.commonforms`; ``plain_form`` its look-up)? Then its verdict is
    ``_KNOWN``, what :func:`_judged` would say."""
    return plain_form(word.lower()) is not None and (word.islower() or word[1:].islower() or word.isupper())


def _form(word: str, accepted, forms: dict[str, _Form], wanted: frozenset[str] = ALL_RULES) -> _Form:
    """The verdict on one form: what :func:`_unknown` and :func:`_question`
    say of it, asked in one pass. A form whose rule is not in ``wanted`` (the
    rule ids left on) is counted but never analysed: its finding would be
    dropped."""
    if _plainly_passed(word, _plain_form):
        form = _KNOWN
        if word in period.ARCHAIC_FORMS:  # (thee, hath: known words, and signs)
            _SIGNS.add(word)
        if len(forms) >= FORM_CACHE:
            forms.clear()
        forms[word] = form
        return form
    return _judged(word, accepted, forms, wanted)


def _judged(word: str, accepted, forms: dict[str, _Form], wanted: frozenset[str] = ALL_RULES) -> _Form:
    """:func:`_form`'s verdict the long way, the table of common forms not
    asked (it gives the same verdict)."""
    read = None if word.islower() else _ocr_read(word)  # OCR's weU, as the error model reads it
    lang = _lang_of(word) if len(word) >= MIN_LENGTH or (len(word) >= OCR_MIN_LENGTH and read) else None
    if lang is None:
        form = _NOT_COUNTED  # short or mixed scripts: neither counted nor questioned
    else:
        lower = _lowered(word)
        # (weU is not "weu", a word or not: it is OCR's reading of something.)
        known = lexicon.is_known(lower, lang) and read is None
        # Most forms are real and common words: answered here without asking
        # for an analysis (which would say None: a known word shorter than
        # SHORT_KNOWN letters or one wordfreq has seen is never questioned).
        if known and (len(lower) < SHORT_KNOWN or ("-" not in lower and _seen_enough(lower, lang))):
            form = _KNOWN
        else:
            question = None
            if word.islower():  # (most: no letter is a capital, so neither ALL CAPS nor McDonald)
                upper = capital_inside = False
            else:
                letters = [c for c in word if c.isalpha()]
                upper = len(letters) > 1 and all(c.isupper() for c in letters)
                capital_inside = any(c.isupper() for c in word[1:])
            # McDonald, iPhone, OCR's weU: a case pattern we cannot keep is
            # never questioned, so its word is not analysed at all.
            if _RULE_IDS[lang, known] in wanted and (upper or not capital_inside or read is not None):
                # (_question's answer: the form is long enough and lang is its language.)
                questioned = _questioned(word, read, lang, lower, accepted)
                if questioned is not None:
                    lang, analysis = questioned
                    question = _Question(word, lang, analysis, upper)
            if question is None:
                form = _KNOWN if known else _UNKNOWN_FORM
            else:
                form = _Form(True, not known, question)
            if not known and lang == "en" and period.old_spelling(word):
                _SIGNS.add(word)
    if word in period.ARCHAIC_FORMS:  # (ye is too short to count, yet a sign)
        _SIGNS.add(word)
    if len(forms) >= FORM_CACHE:
        forms.clear()
    forms[word] = form
    return form


def plainly_known(lower: str, lang: str, is_known=lexicon.is_known) -> bool:
    """Does :func:`_form` answer ``_KNOWN`` for ``lower`` (a lower-case
    form) and for its Title and ALL CAPS spellings, as a word of ``lang``?
    A form of at least MIN_LENGTH letters, of ``lang``'s script, as the
    lexicons are asked about it, that the lexicon knows and that is short or
    seen often enough never to be questioned. (What :mod:`.commonforms`
    lists; ``is_known``: :func:`lexicon.is_known` or its uncached twin.)"""
    return (len(lower) >= MIN_LENGTH and _lowered(lower) == lower and _lang_of(lower) == lang
            and is_known(lower, lang)
            and (len(lower) < SHORT_KNOWN or ("-" not in lower and _seen_enough(lower, lang))))


# (form → not None when it is one :func:`plainly_known` says yes to; set by
# the first detect: the table is built or mapped then, never at import.)
_plain_form = commonforms.no_table


def _seen_enough(lower: str, lang: str) -> bool:
    """``lexicon.zipf(lower, lang) >= RARE_KNOWN_ZIPF`` for a lower-case
    word without a hyphen (what lexicon.zipf then answers: the index's
    Zipf of it), asked of the index directly: only this detector asks it of
    most forms, so lexicon's cache of it would serve nobody."""
    tables = _FREQ.get(lang)
    if tables is None:
        idx = index.get(lang)
        tables = _FREQ[lang] = (idx.freq.get, idx.freq_zipf)
    get, zipf100 = tables
    hit = get(lower)
    return hit is not None and zipf100[hit] / 100 >= RARE_KNOWN_ZIPF


_FREQ: dict[str, tuple] = {}  # language → (its frequency trie's get, the Zipf × 100 by key id)


class _Lazy:
    def __init__(self, compute) -> None:
        self._compute = compute
        self._done = False
        self._value = None

    @property
    def value(self):
        if not self._done:
            self._value, self._done = self._compute(), True
        return self._value


def unknown_rate(text: str, start: int, end: int) -> float | None:
    """Share of the paragraph's words the lexicon does not know. Old spelling
    (himselfe, ioyning), foreign passages and heavy OCR damage make it high,
    and there a "correction" is more often a modernisation nobody asked for."""
    total = unknown = 0
    for tok in words(text, start, end):
        counted = _unknown(tok.text)
        if counted is None:
            continue
        total += 1
        unknown += counted
    # A handful of words says nothing about the text (a one-word list entry
    # is 100 % unknown): None, "too little context to tell".
    return unknown / total if total >= RATE_MIN_WORDS else None


@lru_cache(maxsize=200_000)
def _unknown(w: str) -> bool | None:
    """Is a word unknown to the lexicon? None: not counted (short, mixed script).
    An OCR reading (weU, aU) is damage, never a word: unknown."""
    read = None if w.islower() else _ocr_read(w)
    if len(w) < (MIN_LENGTH if read is None else OCR_MIN_LENGTH):
        return None
    lang = _lang_of(w)
    if lang is None:
        return None
    return read is not None or not lexicon.is_known(_lowered(w), lang)


# (Read as module globals: on Python 3.11 the enum's metaclass defines
# __getattr__, so each ``Tier.SAFE`` goes through its slower attribute hook,
# ~10 times a plain global's cost; asked once or twice per questioned form.)
_SAFE, _DISPLAY = Tier.SAFE, Tier.DISPLAY


def _name_cap(a: Analysis, upper: bool, title: bool) -> Tier:
    best = a.best
    if upper and len(a.word) <= ABBREVIATION_MAX:
        return _DISPLAY
    if upper or title:
        close = best.cost <= NAME_MAX_COST and best.kind == "edit"
        common = best.zipf >= NAME_MIN_ZIPF and best.zipf - a.zipf >= NAME_MIN_GAIN
        if not (close and common):
            return _DISPLAY
    return _SAFE


# Below this calibrated confidence a suggestion for an unknown word is right
# about once in fifty (on the dev sets: 4 of 287 on RUSpellRU, 0 of 1 on
# Norvig, 24 of 1,278 on ICDAR OCR): `imcwp → mcp`, `Сяопин → Скопин`. Shown, it is noise that teaches users to skim
# the report, so an unknown word is reported without one.
SUGGESTION_FLOOR = 0.05


def _suggestions(word: str, a: Analysis, p: float) -> tuple[Suggestion, ...]:
    """The first candidate at the calibrated confidence; the rest share what is left."""
    return _shared_suggestions([match_case(word, c.word) for c in a.candidates[:ALTERNATIVES]], _shares(a), p)


def _shares(a: Analysis) -> list[tuple[float, float]]:
    """(weight, total) of each alternative: how the leftover 1 − p is shared."""
    rest = a.candidates[1:ALTERNATIVES]
    if not rest:
        return []
    top = a.candidates[0].rank  # (a.best's, read once: not a property call per alternative)
    weights = [math.exp(-(c.rank - top)) for c in rest]
    total = sum(weights) + 1.0
    return [(w, total) for w in weights]


def _shared_suggestions(words_: list[str], shares: list[tuple[float, float]], p: float) -> tuple[Suggestion, ...]:
    """Each alternative shares what the first leaves, 1 − p, by its weight w
    (its odds against the first by rank, at most 1), and is never more
    likely than the first times those odds: at a low p the leftover share
    alone would put the runner-up level with the first (received 0.07,
    relieved 0.07), though the ranking put it behind."""
    suggestion, round3 = findings.suggestion, findings.round3  # (Suggestion(..., round(.., 3)), cheaper)
    out = [suggestion(words_[0], round3(p))]
    for word, (w, total) in zip(words_[1:], shares):
        out.append(suggestion(word, round3(min(p * w, (1 - p) * w / total))))
    return tuple(out)


def _placed(p: float, where: tuple[float, float] | None, floor: float | None) -> tuple[float, bool]:
    """An occurrence's probability ``p`` moved by its neighbours
    (:func:`context.shifted`, when ``where`` says how), and whether its
    first suggestion's confidence, round3 of it, falls below ``floor``
    (never, when ``floor`` is None: a rare real word keeps its
    suggestions). The twin of the compiled ``placed_probability``."""
    if where is not None:
        p = context.shifted(p, *where)
    return p, floor is not None and findings.round3(p) < floor


def _suggested(words_: list[str], shares: list[tuple[float, float]], p: float) -> tuple[Suggestion, ...]:
    """:func:`_shared_suggestions` in the order Finding keeps them (by
    confidence, a stable sort: what :func:`findings.finding` needs, since it
    does not sort them). The twin of the compiled ``shared_suggestions``,
    which is given the Suggestion class and its members
    (:data:`findings.SUGGESTION_MEMBERS`) first."""
    return findings.in_finding_order(_shared_suggestions(words_, shares, p))
