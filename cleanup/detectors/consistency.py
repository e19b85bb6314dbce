"""Consistency within one document: one name or term, one spelling.

A transcript that writes ``STALIN`` three times and ``STALTN`` once, or
``Cesme`` here and ``Cheshme`` there, or ``ещё`` and ``еще``, or ``1987 г.``
and ``1917 году``, is inconsistent; the majority form is the suggestion. The
evidence is the document's own usage, so these findings are never safe: a
one-letter variant of a frequent name is at most ``unsafe``, and the style
choices (case, ё, year notation, transliteration) are ``display`` only.

Each language of a bilingual document is counted on its own.

Rules:
- ``style.consistency.name`` — an unknown name one letter away from a more
  frequent spelling of it (``STALTN`` → ``STALIN``, ``СТАЛТНУ`` → ``СТАЛИНУ``),
  or one name in several transliterations (``Cesme`` / ``Cheshme``).
- ``style.consistency.case`` — one name in capitals and in title case
  (``СТАЛИН`` / ``Сталин``).
- ``style.consistency.yo`` — one word with and without ``ё``.
- ``style.consistency.year`` — ``1987 г.`` and ``1987 года`` in one text.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from itertools import chain, compress, repeat
from operator import attrgetter, itemgetter, not_

import re

import regex

from .. import lexicon  # (light: its tables load on first use)
from ..model import Finding, Suggestion, Tier
from ..options import Context
from ..parallel import names
from ..parallel.headings import heading_test
from ..lazypattern import LazyPattern
from ..rulepack import match_case
from ..segments import Span, word_texts, words
from . import spelling  # (its verdicts: the detector runs before this one)
from .base import Detector, RuleDoc

NAME, CASE, YO, YEAR = (
    "style.consistency.name",
    "style.consistency.case",
    "style.consistency.yo",
    "style.consistency.year",
)
VARIANT_CONFIDENCE = 0.7  # one letter from a frequent form: 20 of 24 right on ICDAR (bench/consistency.py)
STYLE_CONFIDENCE = 0.5  # a style choice: shown, never applied

_YEAR_ABBR = LazyPattern(
    regex.compile, r"(?<!\d)(?P<year>\d{4})(?P<space>[^\S\r\n]*)(?P<abbr>гг?\.)", regex.IGNORECASE
)
_YEAR_FULL = LazyPattern(
    regex.compile,
    r"(?<!\d)(?P<year>\d{4})(?P<space>[^\S\r\n]+)(?P<word>год|года|году|годом|годе|годы|годов|годах|годам)\b",
    regex.IGNORECASE,
)
_PLURAL_YEAR_WORDS = frozenset({"годы", "годов", "годах", "годам"})
# The case "1987 г." stands for follows from the preposition before it
# (a closed class): в 1987 г. → в 1987 году, с 1987 г. → с 1987 года.
_CASE_AFTER = {
    "в": "году", "во": "году", "к": "году",
    "с": "года", "со": "года", "до": "года", "после": "года", "от": "года",
    "около": "года", "из": "года", "для": "года", "начиная": "года",
}
_WORD_BEFORE = LazyPattern(regex.compile, r"(\p{L}+)[^\S\r\n]+$")
_HAS_YO = LazyPattern(re.compile, "[ёЁ]")
_START, _END = attrgetter("start"), attrgetter("end")


class ConsistencyDetector(Detector):
    LOCALITY = "document"  # counts spellings across the document
    RULES = (
        RuleDoc(NAME, "The same name is written several ways in this document; the majority form is "
                "suggested.", "STALIN … STALIN … STALTN → STALIN", max_tier=Tier.UNSAFE),
        RuleDoc(CASE, "The same name is written in capitals and in title case in this document.",
                "СТАЛИН … СТАЛИН … Сталин → СТАЛИН", max_tier=Tier.DISPLAY),
        RuleDoc(YO, "The same word is written with ё and with е in this document.",
                "ещё … ещё … еще → ещё", lang="ru", max_tier=Tier.DISPLAY),
        RuleDoc(YEAR, "Years are written both as '1987 г.' and as '1987 года' in this document.",
                "в 1917 году … с 1987 года … в 2018 г. → в 2018 году", lang="ru",
                max_tier=Tier.DISPLAY),
    )

    def detect(self, ctx: Context) -> Iterator[Finding]:
        is_known = lexicon.is_known
        by_lang: dict[str, list[Span]] = defaultdict(list)
        for p in ctx.paragraphs:
            if p.lang is not None:
                by_lang[p.lang].append(p)
        text = ctx.doc.text
        opts = ctx.options
        heading = heading_test()
        for lang, spans in by_lang.items():
            body = list(compress(spans, map(not_, map(heading, repeat(text), map(_START, spans), map(_END, spans)))))
            # Names and case need only the capitalised words, (start, end, text),
            # found without visiting the others.
            capitalised = list(chain.from_iterable(
                map(names.capitalised_words, repeat(text), map(_START, body), map(_END, body))))
            # How often each distinct word occurs (one C loop when the kernel is built).
            forms = names.word_counts(capitalised)
            bases = names.base_forms(forms, lang)  # each distinct word without an English possessive
            if opts.enabled(NAME):
                yield from _name_variants(capitalised, lang, is_known, forms, bases)
            if opts.enabled(CASE):
                yield from _case_variants(capitalised, lang, text, bases)
            if lang == "ru" and opts.enabled(YO):
                yield from _yo_variants(text, body)
            if lang == "ru" and opts.enabled(YEAR):
                yield from _year_styles(text, spans)


def _majority(counts: Counter) -> str | None:
    """The most frequent form, or None on a tie."""
    ranked = counts.most_common(2)
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None
    return ranked[0][0]


def _forms_message(what: str, counts: Counter) -> str:
    listed = ", ".join(f"{form!r} ×{n}" for form, n in counts.most_common(4))
    return f"{what} is written several ways in this document ({listed})"


# ---- names: one-letter variants and transliteration variants ------------------

_LATIN_WORD = LazyPattern(regex.compile, r"[\p{Script=Latin}'’-]+")
_FIRST, _SECOND, _THIRD = itemgetter(0), itemgetter(1), itemgetter(2)
# A Latin name's skeleton (names.skeleton), once per distinct form a process.
_SKELETON = names.Memo(names.skeleton, 50_000)
_LATIN_ONLY = names.Memo(lambda word: _LATIN_WORD.fullmatch(word) is not None, 50_000)

# A word the spelling detector reads as this language's as it is (ASCII
# letters: English; letters of the Cyrillic block: Russian), so that its
# verdict "known" is ``lexicon.is_known(word.lower(), lang)``.
_CYRILLIC_BLOCK_LETTERS = LazyPattern(re.compile, "[\u0400-\u0484\u0487-\u04ff]+")
_SPELT_AS = {
    "en": lambda word: word.isascii() and word.isalpha(),
    "ru": lambda word: _CYRILLIC_BLOCK_LETTERS.fullmatch(word) is not None,
}


def _known_name(word: str, lang: str | None) -> bool:
    # (Most capitalised words are known words the spelling detector, which
    # runs first, has found known: its verdict saves the lexicon's look-up.
    # Only its "known" is exact; any other verdict asks the lexicon.)
    forms, known = spelling.verdicts()
    if forms.get(word) is known and lang in _SPELT_AS and _SPELT_AS[lang](word):
        return True
    return lexicon.is_known(word.lower(), lang)


# Is a capitalised word known (``lexicon.is_known`` of its lower case)? Once
# per distinct word and language (plain dicts).
_KNOWN_NAME = names.LangMemo(_known_name)


def _name_variants(capitalised, lang: str, is_known, forms: dict[str, int], base_of: dict[str, str]) -> Iterator[Finding]:
    """``capitalised``: (start, end, text) of the capitalised words (two
    letters or more) of one language's paragraphs, in order; ``forms``: how
    often each occurs; ``base_of``: each one's base form. Everything asked of
    a word is asked once per distinct form."""
    # Each base as often as its words occur: ``forms`` itself unless a word
    # has a possessive (English only, and most texts have none).
    counts = names.base_counts(forms, base_of) if lang == "en" else forms
    # (A known word has no variant: asked here, the lexicon's cached answer
    # saves the call. ``is_known`` reads the lower-case word only, so asking
    # for it shares the answers the spelling detector left in its cache.)
    # Once per distinct word a process, not per document (the lexicon's answers).
    known_here = _KNOWN_NAME[lang] if is_known is lexicon.is_known else \
        names.Memo(lambda word: is_known(word.lower(), lang))

    def known(word: str, lang_: str | None) -> bool:
        return is_known(word.lower(), lang_) if lang_ != lang else known_here[word]

    # The words of four letters or more whose base is not known (one C loop
    # over the distinct words when the kernel is built).
    unknown = names.unknown_names(base_of, known_here)
    # Only an unknown word that may have a variant by its letters alone is
    # searched: most have no frequent stem near them (told without the index,
    # whose stems the gate then hands over: not counted again).
    stems: dict = {}
    candidates = names.variant_candidates(unknown, base_of, counts, lang, stems)
    index = names.VariantIndex(counts, lang, stems or None)
    variant_of = {word: index.near_variant(word, known) for word in candidates}
    flagged: set[int] = set()
    if any(variant is not None for variant in variant_of.values()):
        for start, end, word in capitalised:
            variant = variant_of.get(word)
            if variant is None:
                continue
            stem, fixed, n = variant
            flagged.add(start)
            yield Finding(
                NAME, f"name written {stem!r} {n} times in this document and one letter differently here",
                start, end, word, (Suggestion(fixed, VARIANT_CONFIDENCE),),
                detection_confidence=VARIANT_CONFIDENCE, max_tier=Tier.UNSAFE,
            )
    if lang != "en":
        return
    # One name in several Latin transliterations (Cesme / Cheshme): unknown
    # words that share a spelling-convention-free skeleton. Skeletons are
    # Latin-only: every Cyrillic word would share ''.
    # (Is a base Latin only, and its skeleton: once per distinct base a
    # process, one C loop over the words when the kernel is built.)
    skeleton_of = names.latin_skeletons(unknown, base_of, _LATIN_ONLY, _SKELETON)
    if len(skeleton_of) < 2:
        return  # a group needs two spellings
    if len(set(skeleton_of.values())) == len(skeleton_of):
        return  # no two share a skeleton
    groups: dict[str, Counter] = defaultdict(Counter)
    first_seen: dict[str, list[str]] = defaultdict(list)
    for _, _, word in capitalised:
        if word not in skeleton_of:  # (its Latin-only unknown words, until the loop below)
            continue
        key = skeleton_of[word]
        form = base_of[word].lower()
        groups[key][form] += 1
        if form not in first_seen[key]:
            first_seen[key].append(form)
    if not any(len(group) >= 2 for group in groups.values()):
        return
    for start, end, word in capitalised:
        base = base_of[word]
        if not _LATIN_WORD.fullmatch(base):
            continue
        key = skeleton_of.get(word)
        if key is None:
            key = skeleton_of[word] = _SKELETON[base]
        group = groups.get(key)
        if start in flagged or not group or len(group) < 2 or len(base) < 4:
            continue
        form = base.lower()
        winner = _majority(group)
        if winner is None:
            winner = first_seen[key][0]  # a tie: the first spelling sets the form
            suggestions = ()
        else:
            suggestions = (Suggestion(match_case(base, winner) + word[len(base):], STYLE_CONFIDENCE),)
        if form == winner:
            continue
        yield Finding(NAME, _forms_message("this name", group), start, end, word, suggestions,
                      detection_confidence=STYLE_CONFIDENCE, max_tier=Tier.DISPLAY)


# ---- capitals versus title case -------------------------------------------------

def _shape(word: str, lang: str) -> str:
    return names.case_shape(names.base_form(word, lang))  # STALIN’s is in capitals


def _info(word: str, lang: str) -> tuple[str, str | None]:
    """The word's case shape, and its name key when it is a candidate (in
    capitals or title case, three letters or more), else None. (The twin of
    the kernel behind ``names.upper_names`` and ``names.case_candidates``,
    which answers a word that is its own base itself.)"""
    shape = _shapes_of(lang)[word]
    base = names.base_form(word, lang)
    if shape in ("upper", "title") and len(base) >= 3:
        # The name key: the base's shortest stem in lower case.
        return shape, (names.shortest_ru_stem(base) if lang == "ru" else base).lower()
    return shape, None


# Once per distinct word and language (plain dicts; see names.Memo).
_shape_of = names.LangMemo(_shape)
_case_info = names.LangMemo(_info)


def _shapes_of(lang: str | None) -> dict[str, str]:
    """The memo of :func:`_shape` for ``lang``: outside English a word is
    its own base, and its shape is the one ``names.case_shape`` keeps (no
    Python call of ours per new word)."""
    return _shape_of["en"] if lang == "en" else names.CASE_SHAPES


_SENTENCE_START = LazyPattern(regex.compile, r"(?:^|[.!?…:;»”\"\r\n]|\p{Pd})[^\S\r\n]*[«“\"(]*[^\S\r\n]*$")
_LETTER = LazyPattern(regex.compile, r"\p{L}")


def _case_variants(capitalised, lang: str, text: str, bases: dict[str, str]) -> Iterator[Finding]:
    """Capitals against title case, counting only telling occurrences: a word
    in capitals among other capitalised-throughout words is a heading or a
    shout (``THE BROTHER``), and title case at a sentence start is grammar.

    ``capitalised``: (start, end, text) of the capitalised words of one
    language's paragraphs. Every word in capitals or title case is one of
    them, and so is every neighbour that can make a word in capitals a shout.
    ``bases``: each distinct word's base form."""

    def next_to(i: int, j: int) -> bool:
        """Are capitalised words i and j neighbours among all words (no word
        between them) on one line?"""
        (s1, e1, _), (s2, e2, _) = capitalised[i], capitalised[j]
        gap = text[min(e1, e2):max(s1, s2)]
        if "\n" in gap or "\r" in gap:
            return False
        return gap.isspace() or not _LETTER.search(gap)  # every letter is in some word

    shape_of = _shapes_of(lang)
    case_info = _case_info[lang]

    def telling(i: int, shape: str) -> bool:
        if shape == "upper":
            for j in (i - 1, i + 1):
                if 0 <= j < len(capitalised) and shape_of[capitalised[j][2]] == "upper" \
                        and next_to(i, j):
                    return False
            return True
        # title case
        start = capitalised[i][0]
        return not _SENTENCE_START.search(text, max(0, start - 80), start)

    # Only a name seen both in capitals and in title case can be reported.
    # Words in capitals are few: find them first (a word of letters only is
    # in capitals only if ``str.isupper``), then look only at the title-case
    # words that begin as one of them does (a key starts with the word's
    # first letter, lower-cased).
    # (One C loop each, names.upper_names and names.case_candidates, when the kernel is built.)
    upper = names.upper_names(bases, case_info, lang)
    if not upper:
        return
    # The words in capitals, and the words of three letters or more (their
    # base) whose first letter in lower case begins a key in capitals.
    info = names.case_candidates(bases, case_info, upper, lang)
    # The keys seen in both shapes: those of the words in capitals that a
    # word in title case has too (a word has a key only in one of the two).
    info_shapes, info_keys = list(map(_FIRST, info.values())), list(map(_SECOND, info.values()))
    both = set(compress(info_keys, map("upper".__eq__, info_shapes))) & \
        set(compress(info_keys, map("title".__eq__, info_shapes)))
    if not both:
        return
    shaped = []
    telling_words = {word for word, (_, key) in info.items() if key in both}
    for i in compress(range(len(capitalised)), map(telling_words.__contains__, map(_THIRD, capitalised))):
        shape, key = info[capitalised[i][2]]
        if telling(i, shape):
            shaped.append((i, shape, key))
    groups: dict[str, Counter] = defaultdict(Counter)
    for _, shape, key in shaped:
        groups[key][shape] += 1
    for i, shape, key in shaped:
        shapes = groups[key]
        if len(shapes) < 2:
            continue
        start, end, word = capitalised[i]
        winner = _majority(shapes)
        if winner == shape:
            continue
        if winner is None:
            if shape == "upper":
                continue  # a tie: show the title-case ones only, once
            suggestions = ()
        else:
            base = names.base_form(word, lang)
            recased = base.upper() if winner == "upper" else base[:1] + base[1:].lower()
            fixed = recased + word[len(base):]
            suggestions = (Suggestion(fixed, STYLE_CONFIDENCE),)
        counts = Counter({"in capitals": shapes["upper"], "in title case": shapes["title"]})
        message = "this name is written " + " and ".join(f"{k} ×{v}" for k, v in counts.items())
        yield Finding(CASE, message, start, end, word, suggestions,
                      detection_confidence=STYLE_CONFIDENCE, max_tier=Tier.DISPLAY)


# ---- ё / е ------------------------------------------------------------------------

def _yo_is_optional(e_form: str) -> bool:
    return _YO_IS_OPTIONAL[e_form]


def _yo_optional(e_form: str) -> bool:
    """Is the е-spelling only a ё-less spelling of one word (еще = ещё), and not
    also a different word (все ≠ всё, небо ≠ нёбо, осел ≠ осёл)?"""
    spellings = {p.word for p in lexicon.morph().parse(e_form)}
    return bool(spellings) and all("ё" in w for w in spellings)


_YO_IS_OPTIONAL = names.Memo(_yo_optional, 20_000)


# A run of Russian letters holding ё is inside one word token always (a
# token takes every letter next to its letters).
_RUSSIAN = frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ")
_RUSSIAN_RUN = LazyPattern(re.compile, "[А-яЁё]*")


def _yo_runs(text: str) -> set[str]:
    """The runs of Russian letters of ``text`` that hold ё, in lower case:
    found from each ё (``str.find``, in C), a letter at a time back to the
    run's start and by one match forward (a pattern searched for the runs
    themselves starts at every character and backtracks)."""
    runs = set()
    end = len(text)
    russian = _RUSSIAN
    for yo in "ёЁ":
        i = text.find(yo)
        while i >= 0:
            start = i
            while start and text[start - 1] in russian:
                start -= 1
            stop = _RUSSIAN_RUN.match(text, i + 1).end()
            runs.add(text[start:stop].lower())
            i = text.find(yo, stop) if stop < end else -1
    return runs


def _yo_pairs_possible(text: str) -> bool:
    """False only when no word of ``text`` is written both with ё and
    otherwise (two spellings whose lower case is the same with ё read as е):
    told from the few runs of Russian letters that hold ё, without the
    text's words.

    Two such spellings differ at a letter that is ё in one of them. Where
    they differ, the run of Russian letters around it in the one is a run
    with ё; in the other, the run at the same place is either a different
    run with ё of the same key (a key: lower case, ё read as е), or, without
    ё, the key itself, a whole run of the text with its Russian letters
    lower-cased. So: a key two runs share, or a key found as such a whole run."""
    runs = _yo_runs(text)
    if not runs:
        return False
    keys = {run.replace("ё", "е") for run in runs}
    if len(keys) < len(runs):
        return True
    # The text as UTF-16 units with only the Russian capitals lower-cased,
    # by one bytes.translate (str.lower asks Unicode's tables of every
    # character: ten times the cost).
    units = text.encode("utf-16-le", "surrogatepass").translate(_RUSSIAN_TO_LOWER_UTF16)
    end = len(units)
    low = _RUSSIAN_LOWER_LOW_BYTES
    for key in keys:
        pattern = key.encode("utf-16-le")
        i = units.find(pattern)
        while i >= 0:
            j = i + len(pattern)
            if not i % 2 and (i == 0 or units[i - 1] != 4 or units[i - 2] not in low) \
                    and (j == end or units[j + 1] != 4 or units[j] not in low):
                return True
            i = units.find(pattern, i + 1)
    return False


# UTF-16-LE holds a character below U+10000 as (low byte, high byte). А–Я
# are 0x0410–0x042F and Ё is 0x0401; their lower case is 0x20 on (0x50 for
# Ё) with the same high byte 0x04. Mapping the bytes 0x10–0x2F and 0x01 so
# lower-cases them; it changes other characters (any byte of that value),
# but never into a Russian letter nor out of one: a unit's high byte 0x04
# stays, and no other becomes 0x04 (tests/test_consistency_fast_paths.py
# checks every code point).
_RUSSIAN_TO_LOWER_UTF16 = bytes.maketrans(bytes(range(0x10, 0x30)) + b"\x01", bytes(range(0x30, 0x50)) + b"\x51")
# Low bytes of the lower-case Russian letters (high byte 0x04): а–я, ё.
_RUSSIAN_LOWER_LOW_BYTES = frozenset(range(0x30, 0x50)) | {0x51}


def _yo_variants(text: str, spans: list[Span]) -> Iterator[Finding]:
    """ё against е in the words of ``spans``. Two spellings of one word
    differ by ё, so a text without ё has nothing to report, nor one where
    no ё-less spelling of a ё-word occurs (:func:`_yo_pairs_possible`, most
    texts with ё); and only the words whose ё-less spelling has a
    ё-spelling here are looked at twice."""
    if ("ё" not in text and "Ё" not in text) or not _yo_pairs_possible(text):
        return
    if all(text.find("ё", s.start, s.end) < 0 and text.find("Ё", s.start, s.end) < 0 for s in spans):
        return
    # The paragraphs' words as the word-boundary detectors already asked
    # for them (segments keeps them for the document being checked).
    forms: Counter = Counter()
    for s in spans:
        forms.update(word_texts(text, s.start, s.end))
    # Two spellings of one word differ by ё, so one of them has it: the
    # keys (ё-less lower case) of the few forms with ё are the only ones
    # that can have two, and their ё-less spellings are the forms whose
    # lower case is such a key (found by C-level maps, not a Python step
    # per distinct word).
    with_yo = list(filter(_HAS_YO.search, forms))
    keys = {w.lower().replace("ё", "е") for w in with_yo}
    without_yo = compress(forms, map(keys.__contains__, map(str.lower, forms)))
    relevant = set(chain(with_yo, without_yo))
    groups: dict[str, Counter] = defaultdict(Counter)
    for word in filter(relevant.__contains__, forms):  # in the text's order, as the message lists ties
        lower = word.lower()
        groups[lower.replace("ё", "е")][lower] += forms[word]
    reported = {key for key, group in groups.items() if len(group) >= 2 and _yo_is_optional(key)}
    if not reported:
        return
    for s in spans:
        for t in words(text, s.start, s.end):
            lower = t.text.lower()
            key = lower.replace("ё", "е")
            if key not in reported:
                continue
            forms_here = groups[key]
            winner = _majority(forms_here)
            if winner == lower:
                continue
            if winner is None:
                if "ё" in lower:
                    continue  # a tie: show the ё-less ones
                suggestions = ()
            else:
                suggestions = (Suggestion(match_case(t.text, winner), STYLE_CONFIDENCE),)
            yield Finding(YO, _forms_message("this word", forms_here), t.start, t.end, t.text, suggestions,
                          detection_confidence=STYLE_CONFIDENCE, max_tier=Tier.DISPLAY)


# ---- 1987 г. / 1987 года ---------------------------------------------------------

def _year_styles(text: str, spans: list[Span]) -> Iterator[Finding]:
    # Both styles must be there, and an abbreviated year ends in "г." or
    # "Г." (the only characters the pattern's г matches, ignoring case:
    # tests/test_consistency_fast_paths.py): a text without either, most
    # texts, is told in C without scanning its spans for years.
    if "г." not in text and "Г." not in text:
        return
    yield from _year_styles_in(text, spans)


def _year_styles_in(text: str, spans: list[Span]) -> Iterator[Finding]:
    """:func:`_year_styles` without its gate: the years of ``spans``."""
    abbr = [m for s in spans for m in _YEAR_ABBR.finditer(text, s.start, s.end)]
    full = [m for s in spans for m in _YEAR_FULL.finditer(text, s.start, s.end)]
    if not abbr or not full or len(abbr) == len(full):
        if abbr and full:  # a tie: show both kinds, without a suggestion
            for m in abbr + full:
                yield _year_finding(m, len(abbr), len(full), ())
        return
    if len(abbr) > len(full):
        for m in full:
            short = "гг." if m.group("word").lower() in _PLURAL_YEAR_WORDS else "г."
            yield _year_finding(m, len(abbr), len(full),
                                (Suggestion(f"{m.group('year')} {short}", STYLE_CONFIDENCE),))
    else:
        for m in abbr:
            suggestions = ()
            before = _WORD_BEFORE.search(text, max(0, m.start() - 40), m.start())
            word = _CASE_AFTER.get(before.group(1).lower()) if before else None
            if word and m.group("abbr").lower() == "г.":
                suggestions = (Suggestion(f"{m.group('year')} {word}", STYLE_CONFIDENCE),)
            yield _year_finding(m, len(abbr), len(full), suggestions)


def _year_finding(m, n_abbr: int, n_full: int, suggestions) -> Finding:
    message = (f"years are written both abbreviated ('г.' ×{n_abbr}) and in full "
               f"('год…' ×{n_full}) in this document")
    return Finding(YEAR, message, m.start(), m.end(), m.group(), suggestions,
                   detection_confidence=STYLE_CONFIDENCE, max_tier=Tier.DISPLAY)
