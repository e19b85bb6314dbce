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

import regex

from ..model import Finding, Suggestion, Tier
from ..options import Context
from ..parallel import names
from ..rulepack import match_case
from ..segments import Span, words
from .base import Detector, RuleDoc

NAME, CASE, YO, YEAR = (
    "style.consistency.name",
    "style.consistency.case",
    "style.consistency.yo",
    "style.consistency.year",
)
VARIANT_CONFIDENCE = 0.7  # one letter from a frequent form: 20 of 24 right on ICDAR (bench/consistency.py)
STYLE_CONFIDENCE = 0.5  # a style choice: shown, never applied

_YEAR_ABBR = regex.compile(r"(?<!\d)(?P<year>\d{4})(?P<space>[^\S\r\n]*)(?P<abbr>гг?\.)", regex.IGNORECASE)
_YEAR_FULL = regex.compile(
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
_WORD_BEFORE = regex.compile(r"(\p{L}+)[^\S\r\n]+$")


class ConsistencyDetector(Detector):
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
        from ..lexicon import is_known

        by_lang: dict[str, list[Span]] = defaultdict(list)
        for p in ctx.paragraphs:
            if p.lang is not None:
                by_lang[p.lang].append(p)
        text = ctx.doc.text
        for lang, spans in by_lang.items():
            tokens = [t for s in spans if not _is_heading(text, s) for t in words(text, s.start, s.end)]
            opts = ctx.options
            if opts.enabled(NAME):
                yield from _name_variants(tokens, lang, is_known)
            if opts.enabled(CASE):
                yield from _case_variants(tokens, lang, text)
            if lang == "ru" and opts.enabled(YO):
                yield from _yo_variants(tokens)
            if lang == "ru" and opts.enabled(YEAR):
                yield from _year_styles(text, spans)


def _is_heading(text: str, span: Span) -> bool:
    letters = [c for c in text[span.start:span.end] if c.isalpha()]
    return 0 < len(letters) <= 120 and all(c.isupper() for c in letters)


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

_LATIN_WORD = regex.compile(r"[\p{Script=Latin}'’-]+")

def _name_variants(tokens, lang: str, is_known) -> Iterator[Finding]:
    capitalised = [t for t in tokens if t.text[:1].isupper() and len(t.text) >= 2]
    counts = Counter(names.base_form(t.text, lang) for t in capitalised)
    index = names.VariantIndex(counts, lang)
    flagged: set[int] = set()
    for t in capitalised:
        variant = index.near_variant(t.text, is_known)
        if variant is None:
            continue
        stem, fixed, n = variant
        flagged.add(t.start)
        yield Finding(
            NAME, f"name written {stem!r} {n} times in this document and one letter differently here",
            t.start, t.end, t.text, (Suggestion(fixed, VARIANT_CONFIDENCE),),
            detection_confidence=VARIANT_CONFIDENCE, max_tier=Tier.UNSAFE,
        )
    if lang != "en":
        return
    # One name in several Latin transliterations (Cesme / Cheshme): unknown
    # words that share a spelling-convention-free skeleton.
    groups: dict[str, Counter] = defaultdict(Counter)
    first_seen: dict[str, list[str]] = defaultdict(list)
    for t in capitalised:
        base = names.base_form(t.text, lang)
        if len(base) < 4 or is_known(base, lang) or not _LATIN_WORD.fullmatch(base):
            continue
        key = names.skeleton(base)
        form = base.lower()
        groups[key][form] += 1
        if form not in first_seen[key]:
            first_seen[key].append(form)
    for t in capitalised:
        base = names.base_form(t.text, lang)
        if not _LATIN_WORD.fullmatch(base):
            continue  # skeletons are Latin-only: every Cyrillic word would share ''
        key = names.skeleton(base)
        group = groups.get(key)
        if t.start in flagged or not group or len(group) < 2 or len(base) < 4:
            continue
        form = base.lower()
        winner = _majority(group)
        if winner is None:
            winner = first_seen[key][0]  # a tie: the first spelling sets the form
            suggestions = ()
        else:
            suggestions = (Suggestion(match_case(base, winner) + t.text[len(base):], STYLE_CONFIDENCE),)
        if form == winner:
            continue
        yield Finding(NAME, _forms_message("this name", group), t.start, t.end, t.text, suggestions,
                      detection_confidence=STYLE_CONFIDENCE, max_tier=Tier.DISPLAY)


# ---- capitals versus title case -------------------------------------------------

def _case_key(word: str, lang: str) -> str:
    base = names.base_form(word, lang)
    stems = names.ru_stems(base) if lang == "ru" else (base,)
    return min(stems, key=len).lower()


_SENTENCE_START = regex.compile(r"(?:^|[.!?…:;»”\"\r\n]|\p{Pd})[^\S\r\n]*[«“\"(]*[^\S\r\n]*$")


def _case_variants(tokens, lang: str, text: str) -> Iterator[Finding]:
    """Capitals against title case, counting only telling occurrences: a word
    in capitals among other capitalised-throughout words is a heading or a
    shout (``THE BROTHER``), and title case at a sentence start is grammar."""

    def shape_of(word: str) -> str:
        return names.case_shape(names.base_form(word, lang))  # STALIN’s is in capitals

    def telling(i: int) -> bool:
        t = tokens[i]
        shape = shape_of(t.text)
        if shape == "upper":
            for j in (i - 1, i + 1):
                if 0 <= j < len(tokens) and len(tokens[j].text) >= 2 and shape_of(tokens[j].text) == "upper":
                    gap = text[min(t.end, tokens[j].end):max(t.start, tokens[j].start)]
                    if "\n" not in gap and "\r" not in gap:
                        return False
            return True
        if shape == "title":
            return not _SENTENCE_START.search(text, max(0, t.start - 80), t.start)
        return False

    shaped = [
        t for i, t in enumerate(tokens)
        if len(names.base_form(t.text, lang)) >= 3 and shape_of(t.text) in ("upper", "title") and telling(i)
    ]
    groups: dict[str, Counter] = defaultdict(Counter)
    for t in shaped:
        groups[_case_key(t.text, lang)][shape_of(t.text)] += 1
    for t in shaped:
        shapes = groups[_case_key(t.text, lang)]
        if len(shapes) < 2:
            continue
        shape = shape_of(t.text)
        winner = _majority(shapes)
        if winner == shape:
            continue
        if winner is None:
            if shape == "upper":
                continue  # a tie: show the title-case ones only, once
            suggestions = ()
        else:
            base = names.base_form(t.text, lang)
            recased = base.upper() if winner == "upper" else base[:1] + base[1:].lower()
            fixed = recased + t.text[len(base):]
            suggestions = (Suggestion(fixed, STYLE_CONFIDENCE),)
        counts = Counter({"in capitals": shapes["upper"], "in title case": shapes["title"]})
        message = "this name is written " + " and ".join(f"{k} ×{v}" for k, v in counts.items())
        yield Finding(CASE, message, t.start, t.end, t.text, suggestions,
                      detection_confidence=STYLE_CONFIDENCE, max_tier=Tier.DISPLAY)


# ---- ё / е ------------------------------------------------------------------------

def _yo_is_optional(e_form: str) -> bool:
    """Is the е-spelling only a ё-less spelling of one word (еще = ещё), and not
    also a different word (все ≠ всё, небо ≠ нёбо, осел ≠ осёл)?"""
    from ..lexicon import morph

    spellings = {p.word for p in morph().parse(e_form)}
    return bool(spellings) and all("ё" in w for w in spellings)


def _yo_variants(tokens) -> Iterator[Finding]:
    groups: dict[str, Counter] = defaultdict(Counter)
    for t in tokens:
        lower = t.text.lower()
        groups[lower.replace("ё", "е")][lower] += 1
    for t in tokens:
        lower = t.text.lower()
        key = lower.replace("ё", "е")
        forms = groups[key]
        if len(forms) < 2 or not _yo_is_optional(key):
            continue
        winner = _majority(forms)
        if winner == lower:
            continue
        if winner is None:
            if "ё" in lower:
                continue  # a tie: show the ё-less ones
            suggestions = ()
        else:
            suggestions = (Suggestion(match_case(t.text, winner), STYLE_CONFIDENCE),)
        yield Finding(YO, _forms_message("this word", forms), t.start, t.end, t.text, suggestions,
                      detection_confidence=STYLE_CONFIDENCE, max_tier=Tier.DISPLAY)


# ---- 1987 г. / 1987 года ---------------------------------------------------------

def _year_styles(text: str, spans: list[Span]) -> Iterator[Finding]:
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
