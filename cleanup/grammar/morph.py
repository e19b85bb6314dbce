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

from functools import lru_cache
from typing import NamedTuple

import regex

from .. import lexicon
from ..lazypattern import LazyPattern
from ..rulepack import match_case
from .speedups import compiled as _kernel  # the compiled twin of edit_cost, or None

# Words (with inner hyphens) and numbers (with a case ending: 70-ти).
_TOKEN = regex.compile(r"\p{L}[\p{L}\p{M}]*(?:[-'’][\p{L}\p{M}]+)*|\d+(?:[-–]\p{L}+)?")
# Between two tokens of one phrase there is only space (a line break inside a
# paragraph is still space).
_SPACE_ONLY = regex.compile(r"\s*")
_CYRILLIC = LazyPattern(regex.compile, r"\p{Cyrillic}")

CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
# pymorphy's second genitive/accusative/locative (чаю, в лесу) agree with
# adjectives in the main case.
_MAIN_CASE = {"gen2": "gent", "acc2": "accs", "loc2": "loct", "gen1": "gent", "loc1": "loct"}


class Tag:
    """The grammemes of one pymorphy3 tag as plain strings, read once.

    pymorphy3 computes each attribute of its tags (``POS``, ``case`` …) on
    every access from a set intersection; the checks read them hundreds of
    thousands of times per megabyte, so each distinct tag is copied into one
    of these (same attribute names, same ``in`` test, same ``str``)."""

    __slots__ = ("POS", "case", "main_case", "number", "gender", "animacy", "person", "grammemes", "_str")

    def __init__(self, tag) -> None:
        # Read from the tag's text ("NOUN,anim,masc sing,nomn"): pymorphy3's
        # own attributes cost tens of microseconds each on first use.
        # tests/test_grammar.py checks both ways agree on every tag of the
        # dictionary.
        self._str = str(tag)
        parts = self._str.replace(" ", ",").split(",")
        grams = self.grammemes = frozenset(parts)
        cls = type(tag)
        # Each grammeme's category from one dict (a set intersection per
        # category cost ~20,000 instructions a tag); a tag with two
        # grammemes of one category is read the slow way (:func:`_one`).
        categories = _CATEGORIES.get(cls) or _categories(cls)
        found = [None] * 6
        for g in parts:
            i = categories.get(g)
            if i is not None:
                if i < 0 or found[i] is not None and found[i] != g:
                    found = [_one(parts, category) for category in _categories_of(cls)]
                    break
                found[i] = g
        self.POS, self.case, self.number, self.gender, self.animacy, self.person = found
        self.main_case = None if self.case is None else _MAIN_CASE.get(self.case, self.case)

    def __contains__(self, grammeme: str) -> bool:
        return grammeme in self.grammemes

    def __str__(self) -> str:
        return self._str

    __repr__ = __str__


def _one(parts: list[str], category: frozenset) -> str | None:
    """The tag's grammeme of ``category``; of two, the one written last.
    A tag such as "NOUN,anim,masc,Inmx sing,accs,inan" holds both
    animacies: the lexeme's (before the space) and this form's own (after
    it), which is the one that applies to the form. (pymorphy3's attribute
    takes whichever its set yields first, which depends on the process's
    hash seed: the same text could get other findings from run to run.)"""
    for g in reversed(parts):
        if g in category:
            return g
    return None


def _categories_of(cls) -> tuple:
    """The tag class's categories, in the order of Tag's attributes."""
    return (cls.PARTS_OF_SPEECH, cls.CASES, cls.NUMBERS, cls.GENDERS, cls.ANIMACY, cls.PERSONS)


_CATEGORIES: dict[type, dict[str, int]] = {}


def _categories(cls) -> dict[str, int]:
    """Grammeme → the number of its category in :func:`_categories_of`
    (-1 for one of several categories: a tag holding it is read the old way)."""
    seen: dict[str, list[int]] = {}
    for i, category in enumerate(_categories_of(cls)):
        for g in category:
            seen.setdefault(str(g), []).append(i)
    found = _CATEGORIES[cls] = {g: where[0] if len(where) == 1 else -1 for g, where in seen.items()}
    return found


_TAGS: dict[str, Tag] = {}  # one per distinct tag string (a few thousand in all)


def _tag(tag) -> Tag:
    key = str(tag)
    light = _TAGS.get(key)
    if light is None:
        light = _TAGS[key] = Tag(tag)
    return light


class Parse:
    """One dictionary reading of a word: its tag and probability, its lemma
    (built when first asked for), and pymorphy3's own parse for inflecting
    (likewise built on demand: few readings are ever inflected)."""

    __slots__ = ("tag", "score", "_ptag", "_fixed", "_para", "_idx", "_normal", "_raw", "_lexeme", "_inflected")

    def __init__(self, ptag, score: float, fixed: str, para: int, idx: int, tag: Tag) -> None:
        self.tag = tag
        self.score = score
        self._ptag = ptag
        self._fixed = fixed  # the word as the dictionary spells it (ё restored)
        self._para = para
        self._idx = idx
        self._normal = None
        self._raw = None
        self._lexeme = None
        self._inflected = None

    @property
    def normal_form(self) -> str:
        if self._normal is None:
            self._normal = lexicon.morph().dictionary.build_normal_form(self._para, self._idx, self._fixed)
        return self._normal

    @property
    def raw(self):
        """The pymorphy3 ``Parse`` of this reading, as ``morph().parse`` gives it."""
        if self._raw is None:
            self._raw = _make_raw(self)
        return self._raw

    def inflect(self, grammemes):
        """``raw.inflect(grammemes)``, with the lexeme built once: pymorphy3
        rebuilds all the forms of the word on every call, and a repair asks
        for a dozen (every case and number). The choice among the forms is
        pymorphy3's own (``MorphAnalyzer._inflect``), step by step."""
        # A phrase's repairs ask for the same forms again (every reading of
        # the noun, the respelled noun's repairs): each answer is kept.
        key = frozenset(grammemes)
        if self._inflected is None:
            self._inflected = {}
        elif key in self._inflected:
            return self._inflected[key]
        morph = lexicon.morph()
        if self._lexeme is None:
            self._lexeme = _lexeme_grammemes(self._para, self._idx, self._fixed)
        required = grammemes
        possible = [f for f, grams in self._lexeme if required <= grams]
        if not possible:
            required = morph.TagClass.fix_rare_cases(required)
            possible = [f for f, grams in self._lexeme if required <= grams]
        wanted = self._ptag.updated_grammemes(required)

        def similarity(form) -> float:
            tag = form[1]
            return len(wanted & tag.grammemes) - 0.1 * len(wanted ^ tag.grammemes)

        found = self._inflected[key] = max(possible, key=similarity) if possible else None
        return found

    def lexeme(self) -> list["Form"]:
        """The forms of this reading's lexeme, as ``morph().get_lexeme(raw)``
        lists them (their words and tags, in the paradigm's order), read
        straight from the paradigm: pymorphy3 also builds a parse, a
        methods stack and the lemma for each (tests/test_grammar.py compares)."""
        return [form for form, _ in _lexeme_grammemes(self._para, self._idx, self._fixed)]

    def __repr__(self) -> str:
        return f"Parse({self._fixed!r}, {self.tag}, {self.score})"


# The forms of a lexeme with their grammemes, by paradigm and stem: the
# readings of one word (новых: genitive, accusative, locative) and the forms
# of one lemma met in a text share them.
_LEXEMES: dict[tuple[int, str], list] = {}


def _lexeme_grammemes(para: int, idx: int, fixed: str) -> list[tuple["Form", frozenset]]:
    """[(form, its tag's grammemes)] of the lexeme of the reading (para, idx)
    of ``fixed``, in the paradigm's order (shared: never changed)."""
    dictionary = lexicon.morph().dictionary
    paradigm = dictionary.paradigms[para]
    stem = dictionary.build_stem(paradigm, idx, fixed)
    found = _LEXEMES.get((para, stem))
    if found is None:
        if len(_LEXEMES) >= 20_000:
            _LEXEMES.clear()
        n = len(paradigm) // 3
        gramtab = dictionary.gramtab
        forms = [Form(word, gramtab[paradigm[n + i]])
                 for i, word in enumerate(_paradigm_words(dictionary, paradigm, stem))]
        found = _LEXEMES[para, stem] = [(f, f.tag.grammemes) for f in forms]
    return found


def lexeme_words(para: int, idx: int, word: str) -> list[str]:
    """The words of the lexeme of the dictionary reading (para, idx) of
    ``word`` (a pymorphy3 parse's paradigm and form index), in the
    paradigm's order: what ``[q.word for q in parse.lexeme]`` lists, without
    the parse, tag and methods stack pymorphy3 builds for each form."""
    dictionary = lexicon.morph().dictionary
    paradigm = dictionary.paradigms[para]
    return _paradigm_words(dictionary, paradigm, dictionary.build_stem(paradigm, idx, word))


def _paradigm_words(dictionary, paradigm, stem: str) -> list[str]:
    """A paradigm's forms of ``stem``: pymorphy3's paradigm is three runs of
    n numbers (suffix ids, tag ids, prefix ids)."""
    n = len(paradigm) // 3
    prefixes, suffixes = dictionary.paradigm_prefixes, dictionary.suffixes
    return [prefixes[paradigm[2 * n + i]] + stem + suffixes[paradigm[i]] for i in range(n)]


class Form(NamedTuple):
    """One form of a lexeme: what :meth:`Parse.inflect` hands back (the
    callers read its word; pymorphy3's own parse has the same first two items)."""

    word: str
    tag: object  # pymorphy3's tag


class Word:
    """What the checks know about one lower-case word form: its dictionary
    readings, and per-form answers computed once (by part of speech, and the
    facts the checks cache in ``facts``)."""

    __slots__ = ("parses", "_of", "facts")

    def __init__(self, parses: tuple) -> None:
        self.parses = parses
        self._of: dict[tuple, tuple] = {}
        self.facts: dict[str, object] = {}

    def of(self, pos: tuple) -> tuple:
        found = self._of.get(pos)
        if found is None:
            found = self._of[pos] = tuple(p for p in self.parses if p.tag.POS in pos)
        return found

    def score(self, pos: tuple) -> float:
        return sum(p.score for p in self.of(pos))


@lru_cache(maxsize=100_000)
def lookup(lower: str) -> Word:
    """The :class:`Word` of a lower-case form; no readings unless it is a
    Cyrillic dictionary word."""
    first = lower[:1]
    if not first.isalpha():
        return Word(())
    # A letter of the Cyrillic block is a Cyrillic letter: no search needed.
    if not "\u0400" <= first <= "\u04ff" and not _CYRILLIC.search(lower, concurrent=False):
        return Word(())
    return Word(parses(lower))


def per_form(fact):
    """Cache a fact about a token that depends on its form (lower case) alone
    — its part of speech, lemma, what it governs — on the form's
    :class:`Word`: worked out once per form, however often the form occurs."""

    def cached(tok):
        word = tok._word  # the slot itself: this runs for every token, many times
        if word is None:
            word = tok.word
        facts = word.facts
        try:
            return facts[fact]
        except KeyError:
            value = facts[fact] = fact(tok)
            return value

    cached.__name__ = fact.__name__
    cached.__doc__ = fact.__doc__
    cached.uncached = fact
    return cached


@lru_cache(maxsize=100_000)
def parses(word: str) -> tuple:
    """The dictionary readings of a lower-case word, likeliest first, as
    ``morph().parse(word)`` gives them (its guesses for unknown words left
    out); empty when the word is not in the dictionary.

    Read straight from pymorphy3's dictionary and probability table, as its
    ``parse`` does: ``parse`` also runs its guessers on every unknown word
    and builds every lemma, which is most of its cost and which we throw
    away (tests/test_grammar.py checks that the readings are the same)."""
    similar_items, substitutes, build_tag, probability, multiplier, known = _dictionary()
    # The lexicon's test of a form (lexicon.russian_form_test) is the
    # dictionary's own ё-blind look-up, made cheap for the forms it does not
    # hold: it says no exactly when similar_items finds nothing.
    if not known(word):
        return ()
    found = similar_items(word, substitutes)
    if not found:
        return ()
    items = []
    for fixed, pairs in found:
        for para, idx in pairs:
            ptag = build_tag(para, idx)
            known = _TAG_BY_ID.get(id(ptag))
            tag = known[1] if known is not None and known[0] is ptag else _tag_by_id(ptag)
            # ProbabilityEstimator.apply_to_parses: P(tag | word) from its table.
            items.append((ptag, probability(f"{word}:{tag._str}", 0) / multiplier, fixed, para, idx, tag))
    if not any(item[1] for item in items):
        # No P(tag | word) for this word: pymorphy3 spreads the score evenly.
        even = 1.0 / float(len(items))
        return tuple(Parse(ptag, even, fixed, para, idx, tag) for ptag, _, fixed, para, idx, tag in items)
    readings = [Parse(*item) for item in items]
    return tuple(sorted(readings, key=_score, reverse=True))


def _score(reading) -> float:
    return reading.score


@lru_cache(maxsize=1)
def _dictionary() -> tuple:
    """pymorphy3's look-ups that :func:`parses` makes, fetched once."""
    morph = lexicon.morph()
    table = morph.prob_estimator.p_t_given_w
    return (morph.dictionary.words.similar_items, morph.char_substitutes, morph.dictionary.build_tag_info,
            table.get, table.MULTIPLIER, lexicon.russian_form_test())


# pymorphy3's tags are shared objects (one per distinct tag in its
# dictionary): their light copies by object identity, the object kept to
# make sure the identity still means it.
_TAG_BY_ID: dict[int, tuple] = {}


def _tag_by_id(ptag) -> Tag:
    tag = _tag(ptag)
    _TAG_BY_ID[id(ptag)] = (ptag, tag)
    return tag


@lru_cache(maxsize=1)
def _dictionary_analyzer():
    for unit in lexicon.morph()._units:
        if type(unit.analyzer).__name__ == "DictionaryAnalyzer":
            return unit.analyzer
    raise RuntimeError("pymorphy3 has no dictionary analyzer")


def _make_raw(reading: Parse):
    method = ((_dictionary_analyzer(), reading._fixed, reading._para, reading._idx),)
    # The analyzer's own Parse class: it knows its analyzer, so it can inflect.
    make = lexicon.morph()._result_type
    return make(reading._fixed, reading._ptag, reading.normal_form, reading.score, method)


def pymorphy_dictionary_parses(word: str) -> list:
    """``morph().parse(word)`` of a known word kept to the dictionary's
    readings (a guess built on a dictionary word, such as a prefix glued to
    it, starts from the dictionary analyzer too: hence the word must be
    known): what :func:`parses` must agree with."""
    if not lexicon.is_known(word, "ru"):
        return []
    return [p for p in lexicon.morph().parse(word) if type(p.methods_stack[0][0]).__name__ == "DictionaryAnalyzer"]


def case_of(tag) -> str | None:
    """The case of a tag, pymorphy's second genitive/locative (чаю, в лесу) as the main one."""
    return tag.main_case


def gram(value) -> str | None:
    """A tag attribute (gender, number, animacy) as a plain string: pymorphy's
    own values refuse comparison with grammemes of other attributes."""
    return None if value is None else str(value)


class Tok:
    """One word (or number) of a paragraph, as offsets into the original text."""

    __slots__ = ("start", "end", "text", "brk", "lower", "_word")

    def __init__(self, start: int, end: int, text: str, brk: bool) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.brk = brk  # punctuation (not just space) between this token and the previous one
        self.lower = text.lower()
        self._word = None

    @property
    def word(self) -> Word:
        w = self._word
        if w is None:
            w = self._word = lookup(self.lower)
        return w

    @property
    def parses(self) -> tuple:
        w = self._word
        if w is None:
            w = self._word = lookup(self.lower)
        return w.parses

    def score(self, *pos: str) -> float:
        """How much of the parse probability is on these parts of speech."""
        return self.word.score(pos)

    def of(self, *pos: str) -> tuple:
        word = self._word
        if word is None:
            word = self.word
        return word.of(pos)

    @property
    def is_number(self) -> bool:
        return self.text[0].isdigit()

    def __repr__(self) -> str:
        return f"Tok({self.start}, {self.end}, {self.text!r}, {self.brk})"


# Whether the text between two tokens is only space, by the text (a handful
# of distinct gaps make up nearly all of them).
_GAPS: dict[str, bool] = {}


def _is_break(gap: str) -> bool:
    brk = _GAPS.get(gap)
    if brk is None:
        brk = not _SPACE_ONLY.fullmatch(gap)
        if len(_GAPS) < 10_000:
            _GAPS[gap] = brk
    return brk


def tokenize(text: str, start: int, end: int) -> list[Tok]:
    toks: list[Tok] = []
    prev_end = start
    # concurrent=False: keep the GIL; releasing and taking it back around
    # every match costs more than these short matches themselves.
    gaps = _GAPS
    append = toks.append
    for m in _TOKEN.finditer(text, start, end, concurrent=False):
        s, e = m.span()
        if toks:
            gap = text[prev_end:s]
            brk = gaps.get(gap)
            if brk is None:
                brk = _is_break(gap)
        else:
            brk = True
        append(Tok(s, e, text[s:e], brk))
        prev_end = e
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
_SUBSTITUTION = {(x, y): 0.5 for pair in _CLOSE for x in pair for y in pair if x != y}


# The pairs as the compiled twin reads them: a string of two-letter pairs.
_CLOSE_PAIRS = "".join("".join(sorted(pair)) for pair in sorted(_CLOSE, key=sorted))


@lru_cache(maxsize=50_000)
def edit_cost(a: str, b: str) -> float:
    """Levenshtein distance with cheap swaps of vowels that sound alike."""
    a, b = a.lower(), b.lower()
    kernel = _kernel()
    if kernel is not None:
        return kernel.edit_cost(a, b, _CLOSE_PAIRS)
    return _python_edit_cost(a, b)


def _python_edit_cost(a: str, b: str) -> float:
    """edit_cost of two lower-case words, in Python: the reference of the
    compiled twin (_scan.c), which runs where it is built."""
    if a == b:
        return 0.0
    # A common beginning costs nothing and changes no cheapest alignment
    # (tests/test_grammar.py checks against the whole table): inflected
    # forms share their stem, so most of the table is skipped.
    common = 0
    for ca, cb in zip(a, b):
        if ca != cb:
            break
        common += 1
    return _table_cost(a[common:], b[common:])


def _table_cost(a: str, b: str) -> float:
    sub_cost = _SUBSTITUTION.get
    prev = [float(j) for j in range(len(b) + 1)]
    for i, ca in enumerate(a, 1):
        cur = [float(i)] + [0.0] * len(b)
        for j, cb in enumerate(b, 1):
            sub = 0.0 if ca == cb else sub_cost((ca, cb), 1.0)
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + sub)
        prev = cur
    return prev[-1]
