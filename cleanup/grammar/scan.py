"""Where in a Russian paragraph a grammar check can find anything: an exact gate.

Every Russian check reads the words of one *run* only — words with nothing
but space between them (a token whose ``brk`` is false continues the run of
the token before it): agreement and government stop at punctuation, and so
do the verb and word checks. So a paragraph can be checked run by run, and
a run in which no check can fire need not be checked at all.

Most runs are such runs: nearly every noun phrase of a text agrees and is in
a case its preposition takes. This module proves it from facts about each
word form (is it noun-like, adjective-like, a preposition; which
case-number-gender-animacy slots its readings fill), worked out once per
form and kept as small ints and bit masks, before any token object or
phrase is built. The gate may let through a run that turns out fine (the
checks then find nothing there); it never holds back one where a check
fires: ``tests/test_grammar.py`` compares gated and ungated findings.

The paragraph is split into words and the gaps between them by one regex
call; token objects (:class:`~.morph.Tok`) are built only for the runs that
pass, and for the whole paragraph only when the `ни`/`не` checks need to see
the sentence around a word.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from functools import lru_cache
from itertools import accumulate, compress, repeat
from operator import and_

import regex

from ..lazypattern import LazyPattern
from .. import lexicon
from ..formmemo import facts_of, learn
from ..segments import PLAIN_LETTERS, PLAIN_WORD, is_plain, word_sequence
from . import confusions, nounphrase, verbs
from .formtable import spelling_bits_of
from .government import (
    ADVERB_PREPOSITIONS,
    COMPLEX_PREPOSITIONS,
    PAUCAL_NUMERALS,
    PREPOSITION_CASES,
    SIMPLE_PREPOSITIONS,
    THANKS_OBJECT_CASES,
    WITH_INSTRUMENTAL_LEMMAS,
)
from .morph import _CYRILLIC, _GAPS, _TOKEN, CASES, Tok, _is_break, case_of, gram, lookup
from .morph import _tag as _light_tag
from .speedups import compiled as _kernel  # the compiled twin of Paragraph's per-word steps, or None

# The tokenizer's pattern as one capturing group: split() then hands back
# the gaps and the words in turn (gap, word, gap, ..., word, gap).
_SPLIT = LazyPattern(regex.compile, "(" + _TOKEN.pattern + ")")
# The same for text of segments' plain characters only, where its letters
# and marks are all the \p{L} and \p{M} and 0-9 all the \d: segments' own
# plain word or a number, which the standard library's scanner splits in
# half the time (possessive repeats: giving a letter back never lets a match go on).
_PLAIN_SPLIT = LazyPattern(re.compile, f"({PLAIN_WORD}|[0-9]++(?:[-–][{PLAIN_LETTERS}]++)?)")
# What starts the tokenizer's numbers: without one, its tokens are segments' words.
_DIGIT = LazyPattern(regex.compile, r"\d")
# Shorter spans segments does not keep (segments._MEMO_MIN_CHARS): split here.
_SHARED_MIN_CHARS = 64

# --- facts about a word form, as bits -----------------------------------------

NOUN_LIKE = 1
ADJ_LIKE = 2
PREP = 4  # has a reading as a preposition
VERB_INDC = 8  # has a finite indicative verb reading
KNOWN = 16  # has dictionary readings at all
GOVERNS_INFINITIVE = 32  # a word after which the verb is an infinitive (verbs._governs_infinitive)

_FLAGS: dict[str, int] = {}
_FORM_TOKS: dict[str, Tok] = {}
_CACHE_MAX = 200_000  # forms; each cache is dropped whole when it is full
# Caches of objects (readings, tokens with their parses: a few hundred bytes
# to a few kB a form) are kept smaller, so that a long file's rare forms
# cannot fill the memory.
_OBJECT_CACHE_MAX = 50_000


def form_tok(lower: str) -> Tok:
    """A token standing for the form ``lower`` (the per-form facts of
    :mod:`.morph` read nothing else), with its :class:`~.morph.Word`."""
    tok = _FORM_TOKS.get(lower)
    if tok is None:
        if len(_FORM_TOKS) >= _OBJECT_CACHE_MAX:
            _FORM_TOKS.clear()
        tok = _FORM_TOKS[lower] = Tok(0, len(lower), lower, False)
        tok._word = lookup(lower)
    return tok


def flags(lower: str) -> int:
    """The gate's facts about a form (the bits above): from the table of
    common forms (:mod:`.formtable`) when it holds the form, else worked
    out; with the bits of its spelling (:func:`spelling_bits`) beside them."""
    found = _FLAGS.get(lower)
    if found is None:
        if len(_FLAGS) >= _CACHE_MAX:
            _FLAGS.clear()
        table = _table()
        if table is not None:
            found = table.get(lower)
        if found is None:
            found = _form_flags(lower)
        found |= spelling_bits(lower)
        _FLAGS[lower] = found
    return found


def _new_flags(new: set[str]) -> dict[str, int]:
    """:func:`flags` of each of ``new`` (forms not asked about yet): the
    table's forms in one pass over them all (compiled: the look-ups, the
    spelling bits and the slots in C), which leaves their noun and modifier
    slots in the slot caches on the way; a paragraph's new forms are many
    on a fresh process. The forms the table lacks are worked out."""
    out: dict[str, int] = {}
    table = _table()
    if table is None:
        rest = new
    else:
        for slots in (_NOUN_SLOTS, _MOD_SLOTS):
            if len(slots) + len(new) > _CACHE_MAX:
                slots.clear()
        rest = table.learn(new, _SPELLING, out, _NOUN_SLOTS, _MOD_SLOTS)
    for w in rest:
        out[w] = _form_flags(w) | spelling_bits(w)
    return out


# What the gate looks for around a word, read from its spelling alone (the
# bits above the table's byte), so that one pass over the flags of a
# paragraph's words finds every place a check may start.
VERB_ENDING = 1 << 8  # ends in -т, -тся or -ться (_VERB_ENDINGS)
PREPOSITION_WORD = 1 << 9  # one of government.PREPOSITION_CASES
STARTER = 1 << 10  # a subject pronoun or a word of the confusion checks (_STARTERS)
THANKS_STEM = 1 << 11  # holds a stem of the words of thanks (_THANKS_STEMS)
PAUCAL = 1 << 12  # два, три, четыре, оба ... (government.PAUCAL_NUMERALS)
# The word before a noun in a phrase that _phrase_gate can find wrong: a
# modifier, a preposition, a numeral or a word of thanks; after any other
# word a noun starts a phrase with neither modifier nor governor.
_OPENS_PHRASE = ADJ_LIKE | PREPOSITION_WORD | PAUCAL | THANKS_STEM


def spelling_bits(lower: str) -> int:
    """The bits above the table's byte, as _SPELLING defines them."""
    return spelling_bits_of(_SPELLING, lower)


def _table():
    global _table
    from .formtable import table

    _table = table  # later calls go straight to the (cached) table
    return table()


def compute_flags(lower: str) -> int:
    """The flags of a form, worked out (what the table of common forms holds)."""
    return _form_flags(lower)


def compute_noun_slots(lower: str) -> int:
    return _noun_slots(lower)


def adjective_tags(lower: str) -> tuple[int, ...]:
    """The tag ids of the form's adjective and participle readings: what its mod_slots are made of."""
    r = raw(lower)
    if r is None:
        return ()
    return tuple(sorted({f.tag_id for f in r.facts if f.bits & _T_ADJ}))


def forget() -> None:
    """Drop the per-form caches (the table builder runs through formtable.TOP forms)."""
    for cache in (_FLAGS, _FORM_TOKS, _RAW, _NOUN_SLOTS, _MOD_SLOTS, _SUBJECT_PAIRS, _WITH_INSTRUMENTAL):
        cache.clear()
    lookup.cache_clear()


# Facts about one pymorphy3 tag (by its id in the dictionary's tag table), as bits.
_T_NOUN = 1
_T_ADJ = 2  # ADJF or PRTF
_T_PREP = 4
_T_VERB_INDC = 8
_T_NAME_NOUN = 16  # a noun reading of a name (nounphrase._NAME_TAGS)
_T_FIXD_ADJ = 32  # an adjective that never inflects (его, её, их)
_T_SURN = 64
_T_CASE_NOUN = 128  # a noun reading in one of the six main cases (nounphrase._noun_readings)
_T_INFINITIVE_GOVERNOR_POS = 256  # VERB, ADJS, PRED, ADVB: the readings verbs._governs_infinitive reads


class _TagFacts:
    """What the gate reads of one dictionary tag, worked out when first met."""

    __slots__ = ("tag_id", "tag", "text", "bits", "slot", "_fits", "boundary")

    def __init__(self, tag_id: int, ptag) -> None:
        self.tag_id = tag_id
        tag = self.tag = _light_tag(ptag)  # a Parse-like holder for nounphrase._mod_fits: it reads .tag
        self.text = tag._str
        pos, grammemes = tag.POS, tag.grammemes
        # What the word-boundary detectors read of a tag (boundary._tag_facts),
        # from the light tag (pymorphy3's own attributes are slow on first
        # use): one table of facts by tag id serves both.
        self.boundary = (str(pos), tag.case, "Fixd" in grammemes)
        bits = 0
        self.slot = 0
        if pos == "NOUN":
            bits |= _T_NOUN
            if nounphrase._NAME_TAGS & grammemes:
                bits |= _T_NAME_NOUN
            if case_of(tag) in CASES:
                bits |= _T_CASE_NOUN
                self.slot = _slot(case_of(tag), gram(tag.number), gram(tag.gender), gram(tag.animacy))
        if pos in nounphrase._ADJ:
            bits |= _T_ADJ
            if "Fixd" in grammemes:
                bits |= _T_FIXD_ADJ
        if pos == "PREP":
            bits |= _T_PREP
        if pos == "VERB" and "indc" in grammemes:
            bits |= _T_VERB_INDC
        if "Surn" in grammemes:
            bits |= _T_SURN
        if pos in ("VERB", "ADJS", "PRED", "ADVB"):
            bits |= _T_INFINITIVE_GOVERNOR_POS
        self.bits = bits
        self._fits = [None, None]

    def fits(self, loose: bool) -> int:
        """The noun slots this (adjective) tag fits: nounphrase._mod_fits, asked for every slot of its case."""
        mask = self._fits[loose]
        if mask is None:
            tag = self.tag
            # What _mod_fits reads of the tag: tags that differ elsewhere
            # (part of speech, aspect, Qual ...) share the answer.
            key = (case_of(tag), tag.number, tag.gender, tag.animacy, "Anum" in tag.grammemes, loose)
            mask = _FITS.get(key)
            if mask is None:
                mask = _FITS[key] = self._fits_of(loose)
            self._fits[loose] = mask
        return mask

    def _fits_of(self, loose: bool) -> int:
        mask = 0
        case = case_of(self.tag)
        if case in CASES:  # _mod_fits is asked for the noun's case, always one of CASES
            for number in _NUMBERS:
                for gender in _GENDERS:
                    for anim in _ANIMACY:
                        if nounphrase._mod_fits(self, case, number, gender, anim, loose):
                            mask |= _slot(case, number, gender, anim)
        return mask


_FITS: dict[tuple, int] = {}  # TagFacts.fits by what _mod_fits reads of a tag


_TAG_FACTS: list = []  # by tag id; None until first met


def _tag_facts(tag_id: int) -> _TagFacts:
    if not _TAG_FACTS:
        _dictionary()  # sizes the list
    facts = _TAG_FACTS[tag_id]
    if facts is None:
        facts = _TAG_FACTS[tag_id] = _TagFacts(tag_id, _dictionary()[5][tag_id])
    return facts


@lru_cache(maxsize=1)
def _dictionary() -> tuple:
    from .. import lexicon

    morph = lexicon.morph()
    table = morph.prob_estimator.p_t_given_w
    gramtab = morph.dictionary.gramtab
    _TAG_FACTS[:] = [None] * len(gramtab)
    return (morph.dictionary.words.similar_items, morph.char_substitutes, morph.dictionary.paradigms,
            table.get, table.MULTIPLIER, gramtab, morph.dictionary.build_normal_form,
            lexicon.russian_form_test())


class _Raw:
    """The dictionary readings of one form as morph.parses finds them — tag
    ids, and where each reading's lemma can be built from — without
    building :class:`~.morph.Parse` objects; scores only when asked."""

    __slots__ = ("lower", "facts", "refs", "every", "_scores", "_order")

    def __init__(self, lower: str, found) -> None:
        self.lower = lower
        paradigms = _dictionary()[2]
        facts, refs = [], []
        table = _TAG_FACTS
        every = 0
        for fixed, pairs in found:
            for para, idx in pairs:
                paradigm = paradigms[para]
                tag_id = paradigm[len(paradigm) // 3 + idx]
                f = table[tag_id]
                if f is None:
                    f = _tag_facts(tag_id)
                facts.append(f)
                refs.append((fixed, para, idx))
                every |= f.bits
        self.facts = facts
        self.refs = refs
        self.every = every
        self._scores = None
        self._order = None

    def scored(self) -> tuple[list[float], list[int]]:
        """Each reading's score, and the readings' order in morph.parses
        (likeliest first, ties in dictionary order)."""
        if self._scores is None:
            probability, multiplier = _dictionary()[3:5]
            lower = self.lower
            n = len(self.facts)
            scores = [probability(f"{lower}:{f.text}", 0) / multiplier for f in self.facts]
            if any(scores):
                self._order = sorted(range(n), key=scores.__getitem__, reverse=True)
            else:
                # No P(tag | word) for this word: pymorphy3 spreads the score evenly.
                scores = [1.0 / float(n)] * n
                self._order = list(range(n))
            self._scores = scores
        return self._scores, self._order

    def normal_form(self, i: int) -> str:
        fixed, para, idx = self.refs[i]
        return _dictionary()[6](para, idx, fixed)


_RAW: dict[str, _Raw | None] = {}
_UNSEEN = object()


def raw(lower: str) -> _Raw | None:
    """The readings of a lower-case form; None when it has none (as :func:`.morph.lookup`)."""
    found = _RAW.get(lower, _UNSEEN)  # (not a KeyError caught: most forms asked first are typos)
    if found is not _UNSEEN:
        return found
    if len(_RAW) >= _OBJECT_CACHE_MAX:
        _RAW.clear()
    found = None
    first = lower[:1]
    # As morph.lookup: only Cyrillic words have readings. The lexicon's
    # test of a form answers what the dictionary's look-up does, for a
    # fraction of its cost on a form it does not hold (morph.parses).
    if first.isalpha() and ("\u0400" <= first <= "\u04ff" or _CYRILLIC.search(lower, concurrent=False)):
        dictionary = _dictionary()
        if dictionary[7](lower):  # lexicon.russian_form_test()
            items = dictionary[0](lower, dictionary[1])
            if items:
                found = _Raw(lower, items)
    _RAW[lower] = found
    return found


# Adjective forms whose lemma may be a pronoun that is no modifier
# (nounphrase._NOT_MODIFIERS: который, какой, каковой, чей): every form of
# those lemmas begins so (tests/test_grammar.py checks their lexemes).
_NOT_MODIFIER_STARTS = ("котор", "как", "ч")


def _form_flags(lower: str) -> int:
    """:func:`flags_slow`, read straight from pymorphy3's dictionary: the tag
    ids of the form's readings, and their probabilities only when the form
    may be a noun or an adjective. No reading objects are built."""
    r = raw(lower)
    if r is None:
        return 0
    every = r.every
    f = KNOWN
    if every & _T_PREP:
        f |= PREP
    if every & _T_VERB_INDC:
        f |= VERB_INDC
    if _governs_infinitive_raw(lower):
        f |= GOVERNS_INFINITIVE
    noun = every & _T_NOUN and not every & _T_NAME_NOUN
    adj = every & _T_ADJ and not every & (_T_FIXD_ADJ | _T_SURN) and lower not in nounphrase._PARTICLE_FORMS
    if adj and lower.startswith(_NOT_MODIFIER_STARTS):
        # nounphrase._adj_like: no modifier when an adjective reading's lemma is one of those pronouns.
        adj = not any(fact.bits & _T_ADJ and r.normal_form(i) in nounphrase._NOT_MODIFIERS
                      for i, fact in enumerate(r.facts))
    if noun or adj:
        # Summed in morph.parses' order, so that the sums are the same to the last bit.
        scores, order = r.scored()
        facts = r.facts
        if noun and sum(scores[i] for i in order if facts[i].bits & _T_NOUN) >= 0.4:
            f |= NOUN_LIKE
        if adj and sum(scores[i] for i in order if facts[i].bits & _T_ADJ) >= 0.4:
            f |= ADJ_LIKE
    return f


def flags_slow(tok: Tok) -> int:
    """The flags of a form from its :class:`~.morph.Word` and the checks' own
    per-form facts: what :func:`_form_flags` must agree with."""
    if not tok.parses:
        return 0
    f = KNOWN
    if nounphrase._noun_like(tok):
        f |= NOUN_LIKE
    if nounphrase._adj_like(tok):
        f |= ADJ_LIKE
    if tok.of("PREP"):
        f |= PREP
    if any("indc" in p.tag.grammemes for p in tok.of("VERB")):
        f |= VERB_INDC
    if verbs._governs_infinitive(tok):
        f |= GOVERNS_INFINITIVE
    return f


# Agreement as bit masks. A *slot* is what a noun reading asks of its
# modifiers: (case, number, gender, animacy), each of the last three possibly
# absent. A noun form fills the slots of its readings; a modifier form fits
# the slots some reading of it fits (nounphrase._mod_fits, asked once per tag).
# The modifiers and the noun agree in a case iff the noun's slots, ANDed with
# every modifier's, keep a slot of that case.
_NUMBERS = ("sing", "plur", None)
_GENDERS = ("masc", "femn", "neut", "ms-f", None)
_ANIMACY = ("anim", "inan", None)
_PER_CASE = len(_NUMBERS) * len(_GENDERS) * len(_ANIMACY)


def _slot(case: str, number, gender, animacy) -> int:
    return 1 << (((CASES.index(case) * 3 + _NUMBERS.index(number)) * 5 + _GENDERS.index(gender)) * 3
                 + _ANIMACY.index(animacy))


_CASE_SLOTS = {case: ((1 << _PER_CASE) - 1) << (i * _PER_CASE) for i, case in enumerate(CASES)}
# The slots of a genitive singular: a counted noun that fits два/три/четыре.
_GENT_SING_SLOTS = sum(_slot("gent", "sing", g, a) for g in _GENDERS for a in _ANIMACY)
_ALLOWED_SLOTS: dict[frozenset, int] = {}


def allowed_slots(cases: frozenset) -> int:
    mask = _ALLOWED_SLOTS.get(cases)
    if mask is None:
        mask = _ALLOWED_SLOTS[cases] = sum(_CASE_SLOTS[c] for c in cases)
    return mask


_NOUN_SLOTS: dict[str, int] = {}


def noun_slots(lower: str) -> int:
    """The slots of the readings :func:`nounphrase.agreeing_cases` tries
    for this noun form (those of ``nounphrase._noun_readings``)."""
    mask = _NOUN_SLOTS.get(lower)
    if mask is None:
        if len(_NOUN_SLOTS) >= _CACHE_MAX:
            _NOUN_SLOTS.clear()
        table = _table()
        found = table.noun_slots(lower) if table is not None else None
        mask = _NOUN_SLOTS[lower] = _noun_slots(lower) if found is None else found
    return mask


def _noun_slots(lower: str) -> int:
    r = raw(lower)
    if r is None or not r.every & _T_CASE_NOUN:
        return 0
    scores, order = r.scored()
    facts = r.facts
    readings = [i for i in order if facts[i].bits & _T_CASE_NOUN]
    top = None
    mask = 0
    for i in readings:
        if scores[i] >= 0.1:
            mask |= facts[i].slot
            continue
        # A rare reading: kept if it is the likeliest reading's lemma, or a common word.
        if top is None:
            best = max(readings, key=scores.__getitem__)  # the first of the likeliest, as max() over parses
            top = r.normal_form(best)
        lemma = r.normal_form(i)
        if lemma == top or lexicon.zipf(lemma, "ru") >= 2.5:
            mask |= facts[i].slot
    return mask


def noun_slots_slow(tok: Tok) -> int:
    """noun_slots from nounphrase._noun_readings itself (for the tests)."""
    mask = 0
    for p in nounphrase._noun_readings(tok):
        tag = p.tag
        mask |= _slot(case_of(tag), gram(tag.number), gram(tag.gender), gram(tag.animacy))
    return mask


_MOD_SLOTS: dict[tuple, int] = {}


def mod_slots(lower: str, loose: bool) -> int:
    """The noun slots some adjective or participle reading of this form fits."""
    key = (lower, loose)
    mask = _MOD_SLOTS.get(key)
    if mask is None:
        if len(_MOD_SLOTS) >= _CACHE_MAX:
            _MOD_SLOTS.clear()
        table = _table()
        mask = table.mod_slots(lower, loose) if table is not None else None
        if mask is None:
            mask = tagset_slots(adjective_tags(lower), loose)
        _MOD_SLOTS[key] = mask
    return mask


_TAGSET_SLOTS: dict[tuple, int] = {}


def tagset_slots(tags: tuple[int, ...], loose: bool) -> int:
    """The noun slots some of these (adjective) tags fit: mod_slots of a form with these tags."""
    key = (tags, loose)
    mask = _TAGSET_SLOTS.get(key)
    if mask is None:
        mask = 0
        for tag_id in tags:
            mask |= _tag_facts(tag_id).fits(loose)
        _TAGSET_SLOTS[key] = mask
    return mask


def mod_slots_slow(tok: Tok, loose: bool) -> int:
    """mod_slots from the token's own readings and nounphrase._mod_fits (for the tests)."""
    mask = 0
    for p in tok.of(*nounphrase._ADJ):
        case = case_of(p.tag)
        for number in _NUMBERS:
            for gender in _GENDERS:
                for anim in _ANIMACY:
                    if case in CASES and nounphrase._mod_fits(p, case, number, gender, anim, loose):
                        mask |= _slot(case, number, gender, anim)
    return mask


# --- the gate -----------------------------------------------------------------

# What a run may hold, as bits of the run's entry in the gate's answer.
PHRASE = 1  # a noun phrase that disagrees or is in a case its governor does not take
SUBJECT = 2  # a subject pronoun before a finite verb
VERB_FORM = 4  # a form in -т/-тся after a word that wants an infinitive, -ться after a pronoun
CONFUSION = 8  # ест, горазда, в течении, ни/не in the shape their checks read
DOUBLE = 16  # two prepositions in a row
ENDING = 32  # an unknown word after a preposition


def _holds_digit(kernel, text: str, start: int, end: int) -> bool:
    """Is there a digit (the regex module's \\d) in text[start:end]?"""
    if kernel is not None:
        found = kernel.may_hold_digit(text, start, end)
        if found is not None:
            return found
    return _DIGIT.search(text, start, end, concurrent=False) is not None


def _gap_breaks(text: str, spans: Sequence[tuple]) -> list[bool]:
    """[True] + whether each gap between the spans (start, end, ...) breaks
    a run: holds anything but white space (empty with no spans)."""
    gaps = _GAPS
    ends = [s[1] for s in spans]
    return [True] + [b if (b := gaps.get(g := text[e:s[0]])) is not None else _is_break(g)
                     for e, s in zip(ends, spans[1:])] if spans else []


class Paragraph:
    """One Russian paragraph split into words and gaps, tokens built on demand.

    The words of a paragraph without digits are exactly the words
    :mod:`cleanup.segments` finds (the tokenizer's other kind of token is a
    number), and segments keeps those for the document being checked — the
    spelling detector found them already: they are taken from there. A
    paragraph with a digit, or too short for segments to keep, is split here."""

    __slots__ = ("text", "start", "words", "lowers", "brk", "_spans", "_pieces", "_offsets", "_toks")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text = text
        self.start = start
        self._spans = self._pieces = self._offsets = self._toks = None
        kernel = _kernel()  # the compiled twin of the steps below, or None
        if end - start >= _SHARED_MIN_CHARS and not _holds_digit(kernel, text, start, end):
            # (The tokens as segments keeps them: the compiled tokenizer's
            # sequence makes a Token only when toks() reads one. The kernel
            # finds the gaps from the strings, no Token per word.)
            spans, words = word_sequence(text, start, end)
            self._spans, self.words = spans, words
            brk = None if kernel is None else kernel.breaks(text, start, words)
            self.brk = _gap_breaks(text, spans) if brk is None else brk
        else:
            span = text[start:end]
            pieces = self._pieces = (_PLAIN_SPLIT if is_plain(span) else _SPLIT).split(span)
            words = self.words = pieces[1::2]
            gaps = _GAPS
            self.brk = [True] + [b if (b := gaps.get(g)) is not None else _is_break(g) for g in pieces[2:-1:2]] \
                if words else []
        self.lowers = list(map(str.lower, words)) if kernel is None else kernel.lowers(words)

    def runs(self) -> list[tuple[int, int]]:
        """[start, end) word indices of each run."""
        brk = self.brk
        starts = list(compress(range(len(brk)), brk))  # (in C: no Python step per word)
        return list(zip(starts, starts[1:] + [len(brk)]))

    def toks(self, lo: int, hi: int) -> list[Tok]:
        """The tokens of words lo..hi-1, as :func:`.morph.tokenize` of the
        paragraph has them. Their readings are looked up when a check first
        asks for them (most words of a run are only read as strings)."""
        if self._toks is not None:
            return self._toks[lo:hi]
        words, brk = self.words, self.brk
        if self._spans is not None:
            spans = self._spans
            return [Tok(spans[i][0], spans[i][1], words[i], brk[i]) for i in range(lo, hi)]
        if self._offsets is None:
            self._offsets = list(accumulate(map(len, self._pieces), initial=self.start))
        off = self._offsets
        return [Tok(off[2 * i + 1], off[2 * i + 2], words[i], brk[i]) for i in range(lo, hi)]

    def all_toks(self) -> list[Tok]:
        if self._toks is None:
            self._toks = self.toks(0, len(self.words))
        return self._toks


def gate(para: Paragraph) -> tuple[dict[int, int], list[tuple[int, int, int]]]:
    """Run start index → what it may hold (bits above), for the runs that
    may hold anything (the word checks); and for the noun phrases that may
    be wrong, (lo, j, hi): its noun is word j, and words lo..hi-1 are all
    that nounphrase.phrase_at reads of it.

    Each check's starting points are picked out by one comprehension over
    the words (a noun-like word inside a run, a word in -т, a word after a
    preposition, a closed-class word), and only those are looked at."""
    lowers, brk = para.lowers, para.brk
    n = len(lowers)
    kernel = _kernel()
    fl, verb_places, after_prepositions, starters = _gate_places(kernel, lowers, brk)
    starts = list(compress(range(n), brk))  # where each run begins

    def run_of(j: int) -> int:
        return starts[bisect_right(starts, j) - 1]

    marks: dict[int, int] = {}

    def mark(j: int, what: int) -> None:
        run = run_of(j)
        marks[run] = marks.get(run, 0) | what

    phrases = []
    if kernel is not None:
        nouns = kernel.unsettled_phrases(lowers, brk, fl, _NOUN_SLOTS, _MOD_SLOTS, *_phrase_tables())
    else:
        nouns = _unsettled_phrases(lowers, brk, fl, _triggers(fl))
    for j in nouns:
        k = _phrase_gate(lowers, brk, fl, j)
        if k >= 0:
            phrases.append((max(run_of(j), k - 2), j, j + 2 if j + 1 < n and not brk[j + 1] else j + 1))
    for j in verb_places:
        low, prev = lowers[j], lowers[j - 1]
        if low.endswith("ться"):
            if prev in verbs._SUBJECT_PRONOUNS:
                mark(j, VERB_FORM)
        else:
            i = j - 1
            if prev == "не" and i > 0 and not brk[i]:
                i -= 1
            if fl[i] & GOVERNS_INFINITIVE:
                mark(j, VERB_FORM)
    for j in after_prepositions:
        prev, low = lowers[j - 1], lowers[j]
        if prev in SIMPLE_PREPOSITIONS and low in COMPLEX_PREPOSITIONS:
            mark(j, DOUBLE)
        if fl[j - 1] & PREP and not fl[j] & KNOWN and _ending_gate(para.words[j]):
            mark(j, ENDING)
    for j in starters:
        low = lowers[j]
        if low in verbs.SUBJECT_FEATURES and _subject_gate(lowers, brk, fl, j):
            mark(j, SUBJECT)
        if low in _CONFUSION_WORDS and _confusion_gate(lowers, brk, fl, j):
            mark(j, CONFUSION)
    return marks, phrases


def _gate_places(kernel, lowers: list[str], brk: list[bool]) -> tuple[list[int], list[int], list[int], list[int]]:
    """The flags of the words, and where the gate's word checks may start:
    the words in -т/-тся/-ться inside a run, the words right after a
    preposition inside a run, and the subject pronouns and confusable
    words. The compiled twin reads the flags from the memo and finds the
    places in one C pass; the forms the memo lacks, gathered on the way, it
    has learnt by one call (:func:`_learn_flags`) before it reads them."""
    if kernel is not None:
        return kernel.gate_places(lowers, brk, _FLAGS, VERB_ENDING, PREPOSITION_WORD, STARTER, _learn_flags)
    fl = facts_of(lowers, _FLAGS, _new_flags, _CACHE_MAX)
    at = _triggers(fl)
    n = len(fl)
    return (fl, [j for j in at if fl[j] & VERB_ENDING and not brk[j]],
            [i + 1 for i in at if fl[i] & PREPOSITION_WORD and i + 1 < n and not brk[i + 1]],
            [j for j in at if fl[j] & STARTER])


def _learn_flags(lowers: list[str], new: set[str]) -> None:
    """The memo learns the flags of ``new``, the forms of the paragraph ``lowers`` it lacks."""
    learn(lowers, _FLAGS, _new_flags, _CACHE_MAX, new=new)


def _triggers(fl: list[int]) -> list[int]:
    """Every place a check may start, in one pass: a noun, a word in -т, a
    preposition, a pronoun or a confusable word."""
    return list(compress(range(len(fl)), map(and_, fl, repeat(_TRIGGERS))))


# A form in -т or -тся may be an infinitive that lost its soft sign, one in
# -ться a finite verb that gained one (verbs.infinitive_forms).
_VERB_ENDINGS = ("т", "тся", "ться")
_TRIGGERS = NOUN_LIKE | VERB_ENDING | PREPOSITION_WORD | STARTER


def _unsettled_phrases(lowers: list[str], brk: list[bool], fl: list[int], at: list[int]) -> list[int]:
    """The nouns (of ``at``, the words with a trigger bit) the phrase check
    must look at: each one a noun-like word inside a run after a word that
    can open its phrase, less those :func:`_settled` proves agree.
    (brk[0] is true: every such noun has a word before it in its run.)"""
    return [j for j in at if fl[j] & NOUN_LIKE and not brk[j] and fl[j - 1] & _OPENS_PHRASE
            and not _settled(lowers, brk, fl, j)]


# Prepositions whose cases depend on the word before them (_preposition_cases).
_HEAD_PREPOSITIONS = frozenset({"за", "с", "со"})
_COORDINATORS = ("и", "или")


@lru_cache(maxsize=1)
def _phrase_tables() -> tuple:
    """What :func:`_settled` reads besides the words and the slot caches, as
    the compiled twin takes it: each preposition's allowed slots (None for
    the ones that are adverbs as often: they govern nothing we check), the
    prepositions whose word before decides, the coordinators, the forms'
    known with-instrumental answers and the instrumental's slots, and the
    flag bits."""
    slots = {prep: None if prep in ADVERB_PREPOSITIONS else allowed_slots(cases)
             for prep, cases in PREPOSITION_CASES.items()}
    bits = (NOUN_LIKE, ADJ_LIKE, _OPENS_PHRASE, PAUCAL, PREPOSITION_WORD, PREP, THANKS_STEM)
    instrumental = allowed_slots(frozenset({"ablt"}))
    return slots, _HEAD_PREPOSITIONS, _COORDINATORS, _WITH_INSTRUMENTAL, instrumental, bits


def _settled(lowers: list[str], brk: list[bool], fl: list[int], j: int) -> bool:
    """Does :func:`_phrase_gate` answer -1 for noun j the common way: the
    phrase's modifiers and noun agree in a case its governor (a plain
    preposition, or none) allows? Read from the flags and the slot caches
    alone; False whenever the full gate must decide (a numeral, a word of
    thanks, perhaps coordinated modifiers, a preposition after a word of
    thanks or after a form whose with-instrumental answer is not known yet,
    a form whose slots are not worked out yet).
    Every True here is a -1 of _phrase_gate (tests/test_grammar_speedups.py);
    the compiled twin (_scan.c) reads the same, so most nouns are settled
    without a Python step."""
    k = j
    while k > 0 and not brk[k] and fl[k - 1] & ADJ_LIKE:
        k -= 1
    nmods = j - k
    if nmods and k >= 2 and not brk[k] and not brk[k - 1] and fl[k - 2] & ADJ_LIKE and lowers[k - 1] in _COORDINATORS:
        return False
    allowed = None
    if k > 0 and not brk[k]:
        before, f = lowers[k - 1], fl[k - 1]
        if f & PAUCAL:
            return False
        if before[0].isdigit():
            return True
        if f & PREPOSITION_WORD and f & PREP:  # (PREPOSITION_WORD: one of PREPOSITION_CASES)
            tables = _phrase_tables()
            allowed = tables[0][before]
            if allowed is not None and k >= 2 and not brk[k - 1] and before in _HEAD_PREPOSITIONS:
                # _preposition_cases: the word before decides (за after
                # что, after a word of thanks; с/со after a word that takes
                # the instrumental), when its answer is known.
                head = lowers[k - 2]
                if before == "за":
                    if head == "что":
                        return True
                    if fl[k - 2] & THANKS_STEM:
                        return False
                else:
                    takes = _WITH_INSTRUMENTAL.get(head)
                    if takes is None:
                        return False
                    if takes:
                        allowed = tables[4]
        elif not nmods and f & THANKS_STEM:
            return False
    if allowed is None and not nmods:
        return True
    slots = _NOUN_SLOTS.get(lowers[j])
    if slots is None:
        return False
    if not slots:
        return True
    for m in range(k, j):
        mod = _MOD_SLOTS.get((lowers[m], False))
        if mod is None:
            return False
        slots &= mod
    if allowed is not None:
        slots &= allowed
    return bool(slots)


def _phrase_gate(lowers: list[str], brk: list[bool], fl: list[int], j: int) -> int:
    """Could :func:`nounphrase.phrases` yield a phrase ending at word j for
    which :func:`nounphrase.problem` is not None? (j > 0, not brk[j].)

    Follows ``phrases`` step by step where it decides the phrase (its
    modifiers, coordination, governor and allowed cases), skips its other
    reasons to pass a word by (they only remove phrases), and answers "no"
    only where ``problem`` returns None before any rewriting: the noun has
    no reading to repair, or the phrase agrees in a case its governor allows.
    ``fl`` holds the flags of the words; word j is noun-like. Returns the
    index of the phrase's first word (governor excluded), or -1: no problem.
    """
    k = j
    while k > 0 and not brk[k] and fl[k - 1] & ADJ_LIKE:
        k -= 1
    nmods = j - k
    coordinated = False
    if nmods and k >= 2 and not brk[k] and lowers[k - 1] in ("и", "или") and not brk[k - 1] \
            and fl[k - 2] & ADJ_LIKE and nounphrase._share_case(form_tok(lowers[k - 2]), form_tok(lowers[k])):
        coordinated = True
        k -= 2
    allowed = None
    governor = ""
    if k > 0 and not brk[k]:
        before = lowers[k - 1]
        if before in PAUCAL_NUMERALS:
            # problem() passes a counted noun with a genitive singular
            # reading (_fits_numeral); the rest is left to the full check.
            return -1 if noun_slots(lowers[j]) & _GENT_SING_SLOTS else k
        if before[0].isdigit():
            return -1
        if before in PREPOSITION_CASES and fl[k - 1] & PREP:
            if before in ADVERB_PREPOSITIONS:
                pass
            elif before == "за" and k >= 2 and lowers[k - 2] == "что" and not brk[k - 1]:
                return -1
            else:
                allowed = _preposition_cases(lowers, brk, k - 1)
                governor = "preposition"
        elif not nmods and fl[k - 1] & THANKS_STEM and nounphrase._thanks_word(form_tok(before)):
            allowed = THANKS_OBJECT_CASES
    if allowed is None and not nmods:
        return -1
    noun = noun_slots(lowers[j])
    if not noun:
        return -1
    slots = noun
    # The modifiers: a coordinated phrase's conjunction (word k + 1) is none.
    mods = range(k + 2, j) if coordinated else range(k + 1, j)
    if nmods:
        slots &= mod_slots(lowers[k], coordinated)
    for m in mods:
        slots &= mod_slots(lowers[m], coordinated)
    agree = slots
    if allowed is not None:
        slots &= allowed_slots(allowed)
    if slots:
        return -1
    if allowed is None and _governs_phrase(lowers[k]):
        # phrase_at: a participle that governs the phrase after it is no
        # modifier of its noun; what is left is checked, and passes when
        # the rest agrees (not coordinated), or is the bare noun.
        slots = noun
        for m in mods:
            slots &= mod_slots(lowers[m], False)
        return -1 if slots else k
    if not agree and nmods:
        governed = None
        if allowed is None and k > 0 and not brk[k]:
            governed = nounphrase._verb_case(form_tok(lowers[k - 1]))
        if _complement([lowers[k], *(lowers[m] for m in mods)], noun, governor, governed):
            return -1  # problem() passes a modifier with its complement
    return k


def _cases(slots: int) -> set[str]:
    return {case for case, mask in _CASE_SLOTS.items() if slots & mask}


def _complement(mods: list[str], noun: int, governor: str, governed: str | None) -> bool:
    """nounphrase._complement of a phrase whose modifiers (these forms) do not
    agree with its noun (these slots), from the forms' slots: the words
    after a modifier are its complement, in a case of their own."""
    rest = noun
    for i in range(len(mods) - 1, -1, -1):
        # agreeing_cases of the modifiers after i and the noun (not coordinated).
        rest_cases = _cases(rest)
        gov = mods[i]
        rest &= mod_slots(gov, False)
        if not rest_cases:
            continue
        # The cases of gov's adjective readings, as far as any of CASES: each
        # such reading fits a slot of its case.
        gov_cases = _cases(mod_slots(gov, False))
        tok = form_tok(gov)
        participles = tok.of("PRTF")
        if participles:
            if nounphrase.participle_governs(participles, rest_cases):
                return True
            continue
        oblique = set() if governor == "preposition" else {"datv", "ablt"}
        if not gov_cases & rest_cases and governed not in rest_cases and rest_cases & (oblique | {"gent"}):
            return True
    return False


def _governs_phrase(lower: str) -> bool:
    """nounphrase's test of a first modifier that governs what follows it
    (transitive, or with its object's case in the verb table)."""
    tok = form_tok(lower)
    return bool(nounphrase._transitive(tok) or nounphrase._verb_case(tok))


# Every form of the words of thanks (government.THANKS_LEMMAS) holds one of
# these (tests/test_grammar.py checks their lexemes): no other form need be
# looked up to know it is none of them.
_THANKS_STEMS = ("спасиб", "благодар", "признател")


def _preposition_cases(lowers: list[str], brk: list[bool], i: int) -> frozenset[str]:
    """nounphrase._preposition_cases, read from the forms."""
    prep = lowers[i]
    if i > 0 and not brk[i]:
        head = lowers[i - 1]
        if prep == "за" and any(stem in head for stem in _THANKS_STEMS) and nounphrase._thanks_head(form_tok(head)):
            return frozenset({"accs"})
        if prep in ("с", "со") and _takes_with_instrumental(head):
            return frozenset({"ablt"})
    return PREPOSITION_CASES[prep]


def _subject_gate(lowers: list[str], brk: list[bool], fl: list[int], i: int) -> bool:
    j = i + 1
    n = len(lowers)
    while j < n and not brk[j] and lowers[j] in verbs._BETWEEN:
        j += 1
    if j >= n or brk[j] or not fl[j] & VERB_INDC:
        return False
    # Whether verbs.subject_verb objects depends on the two forms alone.
    pair = (lowers[i], lowers[j])
    found = _SUBJECT_PAIRS.get(pair)
    if found is None:
        if len(_SUBJECT_PAIRS) >= _CACHE_MAX:
            _SUBJECT_PAIRS.clear()
        if _verb_agrees(pair[1], verbs.SUBJECT_FEATURES[pair[0]]):
            found = False  # subject_verb passes a verb with a reading that agrees, first of all
        else:
            two = [Tok(0, len(pair[0]), pair[0], True),
                   Tok(len(pair[0]) + 1, len(pair[0]) + 1 + len(pair[1]), pair[1], False)]
            found = any(True for _ in verbs.subject_verb(two))
        _SUBJECT_PAIRS[pair] = found
    return found


def _verb_agrees(lower: str, features: tuple) -> bool:
    """Has the form a finite indicative reading that agrees with a subject of these features?"""
    r = raw(lower)
    # verbs._agrees reads only .tag, as _TagFacts has it.
    return r is not None and any(f.bits & _T_VERB_INDC and verbs._agrees(f, *features) for f in r.facts)


_SUBJECT_PAIRS: dict[tuple[str, str], bool] = {}


def _governs_infinitive_raw(lower: str) -> bool:
    """verbs._governs_infinitive, from the form's raw readings."""
    if lower in verbs._FUTURE_AUX:
        return True
    r = raw(lower)
    if r is None or not r.every & _T_INFINITIVE_GOVERNOR_POS:
        return False
    return any(f.bits & _T_INFINITIVE_GOVERNOR_POS and r.normal_form(i) in verbs.INFINITIVE_GOVERNORS
               for i, f in enumerate(r.facts))


def _takes_with_instrumental(lower: str) -> bool:
    """_lemma_in(lower, WITH_INSTRUMENTAL_LEMMAS), once per form: the
    lemmas of every reading are built anew on each look-up. (The answers
    kept are read by _settled and its compiled twin.)"""
    found = _WITH_INSTRUMENTAL.get(lower)
    if found is None:
        if len(_WITH_INSTRUMENTAL) >= _CACHE_MAX:
            _WITH_INSTRUMENTAL.clear()
        found = _WITH_INSTRUMENTAL[lower] = lower.startswith(_WITH_INSTRUMENTAL_STARTS) and \
            _lemma_in(lower, WITH_INSTRUMENTAL_LEMMAS)
    return found


_WITH_INSTRUMENTAL: dict[str, bool] = {}
# Every form of WITH_INSTRUMENTAL_LEMMAS begins so (tests/test_grammar_gate.py
# checks their lexemes): a form that does not needs no readings looked up or
# lemmas built to know it is none of them (most words before с/со).
_WITH_INSTRUMENTAL_STARTS = ("свя", "посвяз", "вмест", "ряд", "наряд", "бор", "сотруднич", "познаком", "знаком",
                             "встре", "соедин", "ср", "согла", "посогл", "спор", "справ", "столкн", "сталкив",
                             "друж", "общ")


def _lemma_in(lower: str, lemmas: frozenset) -> bool:
    """nounphrase._lemma_in without parts of speech, from the form's raw readings."""
    if lower in lemmas:
        return True
    r = raw(lower)
    return r is not None and any(r.normal_form(i) in lemmas for i in range(len(r.facts)))


def _ending_gate(word: str) -> bool:
    """endings.check reads only lower-case Cyrillic words of four letters or
    more that are not known (the caller has checked the form has no
    dictionary readings: a form with some is known, since lexicon.is_known
    finds what pymorphy's look-up with ё for е finds)."""
    return len(word) >= 4 and word.islower() and ("а" <= word[0] <= "я" or word[0] == "ё")


_CONFUSION_WORDS = frozenset({"ест", "горазда", "течении", "ни", "не"})
_STARTERS = frozenset(verbs.SUBJECT_FEATURES) | _CONFUSION_WORDS
# The spelling bits (VERB_ENDING ... PAUCAL), as formtable.spelling_bits_of
# and its compiled twin read them: the ending bit and endings, each bit and
# its words, the stem bit and stems.
_SPELLING = (VERB_ENDING, _VERB_ENDINGS,
             ((PREPOSITION_WORD, frozenset(PREPOSITION_CASES)), (STARTER, _STARTERS), (PAUCAL, PAUCAL_NUMERALS)),
             THANKS_STEM, _THANKS_STEMS)


def _confusion_gate(lowers: list[str], brk: list[bool], fl: list[int], i: int) -> bool:
    low = lowers[i]
    n = len(lowers)
    has_next = i + 1 < n and not brk[i + 1]
    if low == "ест":
        return True
    if low == "горазда":
        return has_next
    if low == "течении":
        return i > 0 and not brk[i] and lowers[i - 1] == "в"
    if low == "ни":
        return has_next and confusions.finite_after_ni(form_tok(lowers[i + 1]))
    # не: confusions._ne_for_ni before it looks at the sentence.
    j = i + 1
    if j < n and not brk[j] and fl[j] & PREP:
        j += 1
    if j >= n or brk[j] or lowers[j] == "один" or not lowers[j].startswith("од"):
        return False  # every form of один begins so (tests/test_grammar.py)
    return confusions.form_of_odin(form_tok(lowers[j]))
