"""Russian grammar: agreement, government and verb forms, with inflected corrections.

The checks live in :mod:`cleanup.grammar` (one module per family); this
detector runs them over the Russian paragraphs and turns what they find into
findings. Every correction is produced by inflecting the word that breaks
the phrase, never looked up in a list of phrases.

Confidence is deliberately modest and every rule is capped at ``unsafe``:
on the GERA dev set (bench/quality_grammar.py) no pattern reaches the 95 %
precision that `safe` requires, so plain `cleanup fix` never applies a
grammar fix; `--unsafe` does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

import regex

from ..lazypattern import LazyPattern
from ..model import Finding, Suggestion, Tier
from ..options import Context
from .base import Detector, RuleDoc

_U = Tier.UNSAFE


def _rule(name: str, message: str, example: str) -> RuleDoc:
    return RuleDoc(f"grammar.ru.{name}", message, example, "ru", _U)


RULES = (
    _rule("agreement", "Modifier does not agree with its noun in gender, number or case",
          "международный солидарность → международную солидарность"),
    _rule("preposition_case", "Noun phrase is not in a case this preposition takes",
          "от других регионах → от других регионов"),
    _rule("word_government", "Noun phrase is not in the case the word before it requires",
          "благодарность организатором → благодарность организаторам"),
    _rule("numeral_noun", "After два/три/четыре/оба the noun is genitive singular",
          "три условии → три условия"),
    _rule("genitive_plural", "After genitive plural modifiers the noun is genitive plural",
          "коммунистических и рабочих партии → коммунистических и рабочих партий"),
    _rule("case_ending", "A wrong case ending made a non-word after this preposition",
          "в жизне → в жизни"),
    _rule("double_preposition", "Two prepositions in a row: the first one is superfluous",
          "в среди населения → среди населения"),
    _rule("infinitive", "An infinitive is needed here (soft sign lost)",
          "разрешите выразит → разрешите выразить"),
    _rule("subject_verb", "The verb does not agree with its subject pronoun",
          "никто не вспоминают → никто не вспоминает"),
    _rule("finite_tsya", "A finite verb is needed here: -тся, not -ться",
          "он учиться → он учится"),
    _rule("est_est", "`ест` (eats) where `есть` (there is) is meant",
          "у Запада ест все средства → у Запада есть все средства"),
    _rule("gorazdo", "`горазда` where the adverb `гораздо` is meant",
          "горазда больше → гораздо больше"),
    _rule("v_techenie", "`в течение` (during) is written with -е before a time span",
          "в течении 70 лет → в течение 70 лет"),
    _rule("ni_ne", "`ни` and `не` confused",
          "Ни пора ли → Не пора ли; не на одном документе не → ни на одном документе не"),
    RuleDoc("grammar.en.a_an", "`an` before a vowel sound", "a old house → an old house", "en", _U),
    RuleDoc("grammar.en.an_a", "`a` before a consonant sound", "an dog → a dog", "en", _U),
)

# Calibration of the noun-phrase rules (see bench/quality_grammar.py): the
# first suggestion is right less often when another rewrite is nearly as cheap
# or when the rewrite is long.
_BASE = {
    "agreement": 0.6,
    "preposition_case": 0.65,
    "word_government": 0.6,
    "numeral_noun": 0.7,
    "genitive_plural": 0.7,
}


RESPELLED_MAX = 0.4


class GrammarDetector(Detector):
    LOCALITY = "paragraph"  # the words of one paragraph
    RULES = RULES

    def detect(self, ctx: Context) -> Iterator[Finding]:
        english, tokenize, _ = _english_check()
        text = ctx.doc.text
        enabled = ctx.options.enabled
        for para in ctx.paragraphs:
            if para.lang == "en":
                for toks in _article_windows(text, para.start, para.end, tokenize):
                    for rule, tok, replacement, confidence in english.check(toks):
                        if enabled(f"grammar.en.{rule}"):
                            yield self._word_finding(text, f"grammar.en.{rule}", tok.start, tok.end, replacement, confidence)
                continue
            if para.lang != "ru":
                continue
            for hit in _russian(text, para.start, para.end):
                if isinstance(hit, tuple):
                    rule, start, end, replacement, confidence = hit
                    rule_id = f"grammar.ru.{rule}"
                    if enabled(rule_id):
                        yield self._word_finding(text, rule_id, start, end, replacement, confidence)
                elif enabled(f"grammar.ru.{hit.rule}"):
                    yield _phrase_finding(text, hit)

    @staticmethod
    def _word_finding(text: str, rule_id: str, start: int, end: int, replacement: str, confidence: float) -> Finding:
        return Finding(
            rule=rule_id, message=_MESSAGES[rule_id], start=start, end=end, text=text[start:end],
            suggestions=(Suggestion(replacement, confidence),), detection_confidence=confidence, max_tier=_U,
        )


_MESSAGES = {r.id: r.message for r in RULES}

# Where an English article can stand: `a`/`an` not inside a word (a letter
# before it would have made it part of that word's token), then space — or a
# digit, which starts a token of its own.
_ARTICLE = LazyPattern(regex.compile, r"(?<!\p{L})[Aa][Nn]?(?![\p{L}\p{M}])(?=\s|\d)")
# english.check flags `a` only before a word that begins with a, e, i or o,
# and `an` only before one that begins with none of a, e, i, o, u, h, y; the
# word follows after nothing but space (the tokenizer's own \s). Other
# articles need no window.
_FLAGGABLE_AFTER_A = LazyPattern(regex.compile, r"\s+[aeio]")
_FLAGGABLE_AFTER_AN = LazyPattern(regex.compile, r"\s*+[^aeiouhy]")
# Every match of _ARTICLE that one of those follows is a match of this
# looser pattern — no ASCII letter before it; an ASCII space or digit after
# it is one for both libraries, and any non-ASCII character passes (the two
# libraries' Unicode tables differ in version) — which the standard
# library's scanner finds faster than the regex module tries _ARTICLE's
# lookbehind at every position: candidates, each confirmed by _ARTICLE and
# the pattern after it. Most articles (`a` before a consonant) are none.
# (The letter first, the look behind it after: a pattern that begins with
# one character is scanned for it by a tight C loop, much faster than for a
# set of characters; hence one pattern per case of the letter, the capital
# one searched only in text that holds a capital A.)
_ARTICLE_AFTER = r"(?<![A-Za-z][Aa])(?:[Nn](?=[\t\n\v\f\r \x1c-\x1f0-9]|[^\x00-\x7f])" \
                 r"|(?=(?:[\t\n\v\f\r \x1c-\x1f]|[^\x00-\x7f])+[aeio]))"
_ARTICLE_CANDIDATE_LOWER = LazyPattern(re.compile, "a" + _ARTICLE_AFTER)
_ARTICLE_CANDIDATE_UPPER = LazyPattern(re.compile, "A" + _ARTICLE_AFTER)
_NON_SPACE = LazyPattern(regex.compile, r"\S*")


def _article_candidates(text: str, start: int, end: int) -> list[int]:
    """Where in text[start:end] the looser pattern above matches, in order
    (the compiled twin tests each `a` in one C pass: the scanner's search
    for the letter stops at every `a` inside a word)."""
    kernel = _english_check()[2]
    if kernel is not None:
        return kernel.article_candidates(text, start, end)
    return _article_candidates_python(text, start, end)


def _article_candidates_python(text: str, start: int, end: int) -> list[int]:
    found = [m.start() for m in _ARTICLE_CANDIDATE_LOWER.finditer(text, start, end)]
    if text.find("A", start, end) >= 0:
        found = sorted(found + [m.start() for m in _ARTICLE_CANDIDATE_UPPER.finditer(text, start, end)])
    return found


def _article_windows(text: str, start: int, end: int, tokenize):
    """The tokens around each article of an English paragraph that
    english.check could flag, in stretches that begin and end at white space.

    The English check only reads an article and the token after it, and no
    token spans white space, so tokenizing from the white space before an
    article to the end of the word after it gives exactly the tokens a
    tokenization of the whole paragraph has there — at a fraction of the
    cost, since most of an English paragraph is not next to an article."""
    windows: list[list[int]] = []
    for candidate in _article_candidates(text, start, end):
        m = _ARTICLE.match(text, candidate, end)
        if m is None:
            continue
        flaggable = _FLAGGABLE_AFTER_A if m.end() - m.start() == 1 else _FLAGGABLE_AFTER_AN
        if not flaggable.match(text, m.end(), end, concurrent=False):
            continue
        lo = max(start, max(text.rfind(" ", start, m.start()), text.rfind("\n", start, m.start()),
                            text.rfind("\t", start, m.start()), text.rfind("\r", start, m.start())) + 1)
        hi = m.end()
        while hi < end and text[hi].isspace():
            hi += 1
        hi = _NON_SPACE.match(text, hi, end).end()
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], hi)
        else:
            windows.append([lo, hi])
    for lo, hi in windows:
        yield tokenize(text, lo, hi)


@lru_cache(maxsize=None)
def _english_check():
    """The English check, the tokenizer and the compiled twin of
    :func:`_article_candidates` (None when not built), imported at first
    use, as :func:`_russian_checks` (an import statement in ``detect`` cost
    a package look-up per document)."""
    from ..grammar import english
    from ..grammar.morph import tokenize
    from ..grammar.speedups import compiled

    return english, tokenize, compiled()


@lru_cache(maxsize=None)
def _russian_checks():
    """The Russian checks' modules, imported at first use (not at start-up)
    and then handed out by one call: three imports a paragraph were a third
    of the cost of a short paragraph."""
    from ..grammar import confusions, nounphrase, scan, verbs
    from ..grammar.double import check as double_prepositions
    from ..grammar.endings import check as case_endings

    return confusions, nounphrase, scan, verbs, double_prepositions, case_endings


def _russian(text: str, start: int, end: int):
    """What the Russian checks find in one paragraph, in the order of
    :func:`_russian_ungated`: the noun-phrase problems, then the word hits.
    Only the runs that :func:`cleanup.grammar.scan.gate` lets through are
    checked (every check reads one run; confusions read the paragraph),
    and of the noun phrases only those it cannot prove right."""
    confusions, nounphrase, scan, verbs, double_prepositions, case_endings = _russian_checks()
    para = scan.Paragraph(text, start, end)
    marks, phrases = scan.gate(para)
    for lo, j, hi in phrases:
        phrase = nounphrase.phrase_at(para.toks(lo, hi), j - lo)
        if phrase is not None:
            found = nounphrase.problem(phrase)
            if found is not None:
                yield found
    if not marks:
        return
    runs = [(lo, hi, marks[lo]) for lo, hi in para.runs() if lo in marks]
    made: dict[int, list] = {}

    def toks(lo: int, hi: int) -> list:
        found = made.get(lo)
        if found is None:
            found = made[lo] = para.toks(lo, hi)
        return found

    for lo, hi, mark in runs:
        if mark & scan.SUBJECT:
            for rule, tok, replacement, confidence in verbs.subject_verb(toks(lo, hi)):
                yield rule, tok.start, tok.end, replacement, confidence
    for lo, hi, mark in runs:
        if mark & scan.VERB_FORM:
            for rule, tok, replacement, confidence in verbs.infinitive_forms(toks(lo, hi)):
                yield rule, tok.start, tok.end, replacement, confidence
    if any(mark & scan.CONFUSION for _, _, mark in runs):
        for rule, tok, replacement, confidence in confusions.check(para.all_toks(), text):
            yield rule, tok.start, tok.end, replacement, confidence
    for lo, hi, mark in runs:
        if mark & scan.DOUBLE:
            yield from double_prepositions(toks(lo, hi), text)
    for lo, hi, mark in runs:
        if mark & scan.ENDING:
            for rule, tok, replacement, confidence in case_endings(toks(lo, hi)):
                yield rule, tok.start, tok.end, replacement, confidence


def _russian_ungated(text: str, start: int, end: int):
    """The same as :func:`_russian`, every check over the whole paragraph:
    what the gate must agree with (tests/test_grammar.py)."""
    from ..grammar import confusions, nounphrase, verbs
    from ..grammar.morph import tokenize

    toks = tokenize(text, start, end)
    for phrase in nounphrase.phrases(toks):
        found = nounphrase.problem(phrase)
        if found is not None:
            yield found
    yield from _word_hits(toks, text, verbs, confusions)


def _word_hits(toks, text, verbs, confusions):
    from ..grammar.double import check as double_prepositions
    from ..grammar.endings import check as case_endings

    for rule, tok, replacement, confidence in verbs.check(toks):
        yield rule, tok.start, tok.end, replacement, confidence
    for rule, tok, replacement, confidence in confusions.check(toks, text):
        yield rule, tok.start, tok.end, replacement, confidence
    yield from double_prepositions(toks, text)
    for rule, tok, replacement, confidence in case_endings(toks):
        yield rule, tok.start, tok.end, replacement, confidence


def _rewrite(text: str, start: int, end: int, changes) -> str:
    out, pos = [], start
    for tok, form in changes:
        out.append(text[pos : tok.start])
        out.append(form)
        pos = tok.end
    out.append(text[pos:end])
    return "".join(out)


def _phrase_finding(text: str, found) -> Finding:
    confidence = _BASE[found.rule]
    if found.margin < 0.5:
        confidence -= 0.15  # another rewrite is about as likely
    if found.cost > 2:
        confidence -= 0.1  # a long way from what was typed
    if found.respelled:
        # Which noun was meant is a guess from word frequency (уголке for
        # угольке): shown by `check`, never applied by `fix --unsafe`.
        confidence = min(confidence, RESPELLED_MAX)
    # One span for every suggestion: from the first to the last word any of them changes.
    every = [found.changes, *found.alternatives]
    start = min(c[0][0].start for c in every)
    end = max(c[-1][0].end for c in every)
    best = _rewrite(text, start, end, found.changes)
    suggestions = [Suggestion(best, round(confidence, 2))]
    for alt in found.alternatives:
        suggestions.append(Suggestion(_rewrite(text, start, end, alt), round(confidence / 2, 2)))
    rule_id = f"grammar.ru.{found.rule}"
    return Finding(
        rule=rule_id, message=_MESSAGES[rule_id], start=start, end=end, text=text[start:end],
        suggestions=tuple(suggestions), detection_confidence=confidence, max_tier=_U,
    )
