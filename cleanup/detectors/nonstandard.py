"""Russian word forms the dictionary itself marks as non-standard.

The spelling detector never questions a word pymorphy3 knows. But
OpenCorpora, pymorphy3's dictionary, knows many misspellings and
distortions and tags them, linked to the standard word's lexeme: ``ето``
is ``этот`` (neut, sing, nomn) with the grammeme ``Dist``, ``прийдется`` is
``прийтись`` with ``Infr``. The standard form is the one of the same lexeme
with the same grammemes but the marker (``это``, ``придётся``).

The markers, and what this detector does with them (measured on the dev
sets with ``bench/quality.py --select spelling.ru``; the counts are below):

- ``Erro`` (опечатка) and ``Dist`` (искажение): a misspelling. A form whose
  every reading is one is questioned, and the standard form offered
  (``spelling.ru.nonstandard``).
- ``Infr`` (разговорное) and ``Slng`` (жаргонное): informal speech, which a
  transcript may keep verbatim on purpose (``щас``, ``чё``, ``седня``), and
  a marker the dictionary also puts on plain standard words (``движется``,
  ``мучаясь``). Only when the written form *sounds* like the standard one
  is it a misspelling and not speech (``прийдя`` / ``придя``: the й is not
  heard); then it is treated as above. Otherwise, when the standard form is
  far more common, it is reported as colloquial (``spelling.ru.colloquial``),
  never applied by plain ``fix`` (``--unsafe`` applies it).
- A form with a standard reading too (``тока``, the genitive of ``ток``, or
  ``только`` distorted) is never fixed; when the distorted reading is a
  likely one it is only shown (``spelling.ru.nonstandard_maybe``).

Safeguards, each from a case the dictionary gets wrong: the standard form
must be one word, differ by more than ё/е (``издалека`` is no distortion of
``издалёка``), be a word people write (Zipf ≥ 2) and ten times more common
than the written one (``наболит`` is a real word, not ``наболеет``
distorted); names are never given a colloquial "standard" (``Саныч``).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from itertools import compress, repeat
from operator import is_not

import re

from .. import lexicon
from ..formmemo import facts_of
from ..lazypattern import LazyPattern
from ..model import Finding, Suggestion, Tier
from ..options import Context
from ..rulepack import match_case
from ..spelling import speedups
from .base import Detector, RuleDoc
from .wordscan import scan

RULE = "spelling.ru.nonstandard"
RULE_COLLOQUIAL = "spelling.ru.colloquial"
RULE_MAYBE = "spelling.ru.nonstandard_maybe"

# OpenCorpora grammemes that mark a form as not standard.
MISSPELLING = frozenset({"Erro", "Dist"})  # опечатка, искажение
COLLOQUIAL = frozenset({"Infr", "Slng"})  # разговорное, жаргонное
MARKERS = MISSPELLING | COLLOQUIAL
# A colloquial form of a name (Саныч, Михалыч) is how people are called, and
# a declined abbreviation (на МКАДе) how they write it: neither is a slip.
NAME_TAGS = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr"})

# The standard form must be a word people write, and far more common than the written one.
MIN_STANDARD_ZIPF = 2.0
MIN_GAIN_ZIPF = 1.0  # ten times as common
# A distorted reading beside a standard one is shown only when pymorphy3
# gives it at least this share of the form's readings.
MAYBE_MIN_SCORE = 0.25

# Measured on the dev sets (bench/quality.py, each finding applied alone): a distortion
# (Dist, or a form spelling the standard one's sounds) was right 21 times of
# 21 on RUSpellRU; a typo (Erro) never occurs there, so it is not trusted to
# `safe`; a colloquial form was normalised by the gold 27 times of 27, but
# the dictionary's informal forms include idioms a text keeps (обоего пола,
# делов-то), so it stays below what a slip earns, and is capped at `unsafe`.
CONFIDENCE_DISTORTED = 0.92
CONFIDENCE_TYPO = 0.75
CONFIDENCE_COLLOQUIAL = 0.7
CONFIDENCE_MAYBE = 0.45
# Before a particle written with it (што бы → чтобы, што нить →
# что-нибудь) the word alone is not the whole correction: not applied.
CONFIDENCE_BEFORE_PARTICLE = 0.6
JOINING_PARTICLES = frozenset({"бы", "б", "нибудь", "нить", "либо", "то", "ка", "таки"})  # нить: spoken нибудь

# Bits per dictionary tag id.
_T_MISSPELLING = 1
_T_COLLOQUIAL = 2

_CYRILLIC_WORD = re.compile("[а-яёА-ЯЁ]+(?:-[а-яёА-ЯЁ]+)*").fullmatch
# Letters that sound alike in a spelling slip (see :func:`sound_key`).
_IY_BEFORE_CONSONANT = LazyPattern(re.compile, "ий(?=[бвгджзклмнпрстфхцчшщ])")  # (compiled when first used)


# A plain class: verdicts are told apart by identity (``_NONE``), and a
# paragraph's list of them is searched for None by formmemo.facts_of (a
# dataclass's own __eq__ would be a Python call per word there); nothing
# prints or hashes one; and a dataclass's generated methods cost ~3.5 M
# instructions to make at every start.
class Verdict:
    """What is said of one (lower-case) form wherever it stands."""

    __slots__ = ("rule", "standard", "confidence", "message")

    def __init__(self, rule: str, standard: str, confidence: float, message: str) -> None:
        self.rule = rule
        self.standard = standard  # lower case, ё kept as the dictionary spells it
        self.confidence = confidence
        self.message = message  # with {} for the suggestion


def sound_key(lower: str) -> str:
    """A rough key of how a lower-case word sounds, for one question only:
    does a non-standard form spell the standard one's sounds with other
    letters (``прийдя``/``придя``, ``ето``/``это``, ``што``/``что``), or
    render other sounds (``седня``/``сегодня``, ``щас``/``сейчас``), as a
    transcript of speech does on purpose? Only swaps of letters for one
    intended sound: ё/е/э, a й after и before a consonant, чт- read шт-."""
    key = lower.replace("ё", "е").replace("э", "е")
    if key.startswith("чт"):
        key = "шт" + key[2:]
    return _IY_BEFORE_CONSONANT.sub("и", key)


_TAG_BITS: dict[int, int] = {}  # marker bits by dictionary tag id, worked out when first met


def _tag_bits(tag_id: int) -> int:
    b = _TAG_BITS.get(tag_id)
    if b is None:
        grammemes = lexicon.morph().dictionary.gramtab[tag_id].grammemes
        b = (_T_MISSPELLING if grammemes & MISSPELLING else 0) | (_T_COLLOQUIAL if grammemes & COLLOQUIAL else 0)
        _TAG_BITS[tag_id] = b
    return b


def _readings(lower: str):
    """The dictionary readings of a lower-case form, through the grammar
    gate's shared per-form cache (tag ids, no Parse objects), or None."""
    global _readings
    from ..grammar.scan import raw  # (imported on first use; later calls go straight to it)

    _readings = raw
    return raw(lower)


# Grammemes of a lexeme rather than of a form: a misspelt lexeme may carry
# other ones than its standard forms (тайланд is Sgtm, таиланд is not).
LEXEME_LEVEL = frozenset({"Sgtm", "Pltm", "Qual", "Apro", "Anph", "Subx", "Fixd", "Inmx", "Abbr",
                          "Geox", "Name", "Surn", "Patr", "Orgn", "Trad", "Ms-f"})


def _standard_forms(parse) -> set[str]:
    """The unmarked forms of ``parse``'s lexeme with its grammemes but the
    markers; failing those, with the same grammemes of the form itself."""
    want = parse.tag.grammemes - MARKERS
    lexeme = [p for p in parse.lexeme if not p.tag.grammemes & MARKERS]
    found = {p.word for p in lexeme if p.tag.grammemes == want}
    if not found:
        want -= LEXEME_LEVEL
        found = {p.word for p in lexeme if p.tag.grammemes - LEXEME_LEVEL == want}
    return found


def _fold(word: str) -> str:
    return word.replace("ё", "е")


def verdict(lower: str) -> Verdict | None:
    """The verdict on a lower-case Cyrillic form, or None (most forms:
    a standard reading and no likely distorted one, or no reading)."""
    found = _readings(lower)
    if found is None:
        return None
    marks = [_tag_bits(f.tag_id) for f in found.facts]
    if not any(m & (_T_MISSPELLING | _T_COLLOQUIAL) for m in marks):
        return None  # (nearly every form ends here)
    every = all(m & (_T_MISSPELLING | _T_COLLOQUIAL) for m in marks)
    if not every and not any(m & _T_MISSPELLING and not m & _T_COLLOQUIAL for m in marks):
        return None  # a standard reading beside an informal one (года, ней): nothing to say
    parses = [p for p in lexicon.morph().parse(lower)
              if p.methods_stack and type(p.methods_stack[0][0]).__name__ == "DictionaryAnalyzer"]
    marked = [p for p in parses if p.tag.grammemes & MARKERS]
    if not marked:
        return None
    standards = {s for p in marked for s in _standard_forms(p)}
    standards = {s for s in standards if _fold(s) != _fold(lower)}  # ё/е alone is no error
    if len({_fold(s) for s in standards}) != 1:
        return None  # no standard form in the lexeme, or several: no safe guess
    standard = max(standards, key=lambda s: ("ё" in s, s))  # the dictionary's ё, if it has one
    zipf = lexicon.zipf(lower, "ru")
    standard_zipf = lexicon.zipf(standard, "ru")
    if standard_zipf < MIN_STANDARD_ZIPF or standard_zipf < zipf + MIN_GAIN_ZIPF:
        return None
    grammemes = set().union(*(p.tag.grammemes for p in marked))
    if not every:
        share = sum(p.score for p in marked if p.tag.grammemes & MISSPELLING)
        if share < MAYBE_MIN_SCORE:
            return None
        return Verdict(RULE_MAYBE, standard, CONFIDENCE_MAYBE,
                       "May be a distorted “{}” (it is also a standard form)")
    misspelt = all(p.tag.grammemes & MISSPELLING and not p.tag.grammemes & COLLOQUIAL for p in marked)
    if misspelt:
        if "Erro" in grammemes:
            return Verdict(RULE, standard, CONFIDENCE_TYPO, "A typo the dictionary knows, for “{}”")
        return Verdict(RULE, standard, CONFIDENCE_DISTORTED, "A distorted spelling of “{}”")
    if grammemes & NAME_TAGS:
        return None
    if sound_key(lower) == sound_key(standard):
        return Verdict(RULE, standard, CONFIDENCE_DISTORTED, "A distorted spelling of “{}”")
    return Verdict(RULE_COLLOQUIAL, standard, CONFIDENCE_COLLOQUIAL,
                   "Colloquial for “{}” (keep it if the transcript means it)")


_NONE = Verdict("", "", 0.0, "")  # the shared verdict of a form with nothing to say (facts are never None)
_VERDICTS: dict[str, Verdict] = {}
CACHE_LIMIT = 200_000  # forms


def _verdicts_of_new(new: set[str]) -> dict[str, Verdict]:
    """The verdict of each of ``new`` (``_NONE`` for most). Only a form
    whose lower case has a marked reading may have one, and the verdict of
    each such form was worked out once, when the table of them was built
    (:func:`_marked_verdicts`): the forms are lower-cased together (one a
    line: lower-casing makes no line break) and looked up by a C-level pass;
    only the few found are then tested (a Cyrillic word of two letters or
    more). Without the table every form is judged."""
    out = dict.fromkeys(new, _NONE)
    known = _marked_verdicts()
    forms = list(new)
    lowers = "\n".join(forms).lower().split("\n")  # (a form holds no line break)
    if known is None:
        for form, lower in zip(forms, lowers):
            if len(form) > 1 and _CYRILLIC_WORD(form) is not None:
                v = _cached_verdict(lower)
                if v is not None:
                    out[form] = v
        return out
    for form, lower in compress(zip(forms, lowers), map(known.__contains__, lowers)):
        if len(form) > 1 and _CYRILLIC_WORD(form) is not None:
            out[form] = known[lower]
    return out


# The verdicts of the forms with a marked reading, worked out once from the
# dictionary and kept on disk (see :func:`_marked_verdicts`).
FORMS_VERSION = "2"  # 2: the verdicts themselves, not only the forms
# The modules whose code decides a verdict (paths from the package root).
_SOURCES = ("detectors/nonstandard.py", "grammar/scan.py", "grammar/morph.py", "lexicon.py", "spelling/index.py")


def _forms_dir():
    from zlib import crc32  # (not hashlib: its import alone was ~11 M of every Russian run)

    from .. import diskcache

    markers = f"{crc32(' '.join(sorted(MARKERS)).encode()):08x}"
    return diskcache.table_dir("nonstandardforms", [FORMS_VERSION, markers],
                               ("pymorphy3", "pymorphy3-dicts-ru", "DAWG2", "DAWG", "wordfreq", "marisa-trie"), _SOURCES)


def _fill_forms(folder) -> None:
    """Write the verdict of every form with a marked reading that has one
    (a few hundred of some 17,000) to ``folder/verdicts.json``."""
    import json

    rows = {}
    for form in sorted(_marked_dictionary_forms()):
        v = verdict(form)
        if v is not None:
            rows[form] = [v.rule, v.standard, v.confidence, v.message]
    (folder / "verdicts.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")


def _marked_dictionary_forms() -> set[str]:
    """Every dictionary form with a marked reading (and its spelling with е
    for ё, as texts are typed).

    A marked reading is a (paradigm, form index) pair whose tag carries a
    marker; the words dictionary stores each form as its key followed by the
    base64 of that pair, so one pass over its raw keys (a few seconds, in
    C but for a set look-up per key) finds them all without decoding any."""
    import binascii
    import struct

    import dawg  # the C extension pymorphy3 loads its dictionary with

    d = lexicon.morph().dictionary
    words = d.words
    if not isinstance(words, dawg.CompletionDAWG):
        raise OSError("the dictionary is not loaded by the DAWG extension")
    marked_tags = {i for i, tag in enumerate(d.gramtab) if tag.grammemes & MARKERS}
    payloads = set()
    for para_id, paradigm in enumerate(d.paradigms):
        n = len(paradigm) // 3
        for idx in range(n):
            if paradigm[n + idx] in marked_tags:
                payloads.add(binascii.b2a_base64(struct.pack(words.DATA_FORMAT, para_id, idx)).decode())
    width = len(next(iter(payloads), "")) + 1  # the separator, the base64 and its newline
    raw_keys = dawg.CompletionDAWG.iterkeys(words)
    first = next(raw_keys, "")
    # The key layout this relies on: word, separator, base64 of the pair.
    if not first or words.get(first[:-width]) is None:
        raise OSError("unexpected key layout in the words dictionary")
    forms = {k[:-width] for k in raw_keys if k[1 - width:] in payloads}
    return forms | {f.replace("ё", "е") for f in forms}


@lru_cache(maxsize=1)
def _marked_verdicts() -> dict[str, Verdict] | None:
    """The verdict of each form with a marked reading that has one, from the
    cache (built on first use); None when it cannot be built: every form is
    then judged."""
    import json

    from .. import diskcache

    try:
        folder = diskcache.build_once(_forms_dir(), _fill_forms, "judging the dictionary's non-standard forms")
        diskcache.mark_used(folder)
        rows = json.loads((folder / "verdicts.json").read_text(encoding="utf-8"))
        return {form: Verdict(*row) for form, row in rows.items()}
    except (OSError, ValueError, ImportError, TypeError):
        return None


@lru_cache(maxsize=50_000)
def _cached_verdict(lower: str) -> Verdict | None:
    return verdict(lower)


def _suggestion(word: str, standard: str) -> str:
    """The standard form in the word's case pattern, and with ё only where
    the writer uses ё (a text typed without ё keeps е)."""
    if "ё" not in word.lower():
        standard = _fold(standard)
    return match_case(word, standard)


@lru_cache(maxsize=8)
def _accepted(words: frozenset[str]) -> tuple[frozenset[str], frozenset[str]]:
    """The project's words (lower case) and the lemmas of those among them
    that are themselves non-standard forms: accepting ``ето`` accepts
    ``етого``; accepting ``этот`` accepts no distortion of it."""
    lower = frozenset(w.lower() for w in words)
    lemmas = set()
    for w in lower:
        if _CYRILLIC_WORD(w) is not None and _cached_verdict(w) is not None:
            lemmas.update(p.normal_form for p in lexicon.morph().parse(w) if p.tag.grammemes & MARKERS)
    return lower, frozenset(lemmas)


def _is_accepted(lower: str, accepted: tuple[frozenset[str], frozenset[str]]) -> bool:
    words, lemmas = accepted
    if lower in words:
        return True
    return bool(lemmas) and any(
        p.normal_form in lemmas for p in lexicon.morph().parse(lower) if p.tag.grammemes & MARKERS)


def _before_particle(text: str, tokens, i: int, end: int) -> bool:
    """Is token ``i`` followed, after spaces alone, by a particle that is written with it?"""
    if i + 1 >= len(tokens):
        return False
    nxt = tokens[i + 1]
    return nxt.text.lower() in JOINING_PARTICLES and text[tokens[i].end:nxt.start].strip(" \t\u00a0") == ""


def _questioned(forms: list[str]) -> list[tuple[int, Verdict]]:
    """(position, verdict) of each of a paragraph's ``forms`` whose verdict
    is not ``_NONE`` (a few in a thousand), the verdicts of new forms made
    first. The compiled ``verdict_places`` (the spelling detector's: one
    dict look-up a word, the places of the verdicts other than the given
    ones) tells them when every form has its verdict already (most
    paragraphs, once a few are done); else :func:`facts_of` and C-level maps."""
    places = speedups.function("verdict_places")
    if places is not None:
        found = places(_VERDICTS, forms, _NONE, _NONE, _NONE)
        if found is not None:
            return [(i, _VERDICTS[forms[i]]) for i in found[0]]
    verdicts = facts_of(forms, _VERDICTS, _verdicts_of_new, CACHE_LIMIT)
    return [(i, verdicts[i]) for i in compress(range(len(forms)), map(is_not, verdicts, repeat(_NONE)))]


class NonstandardDetector(Detector):
    LOCALITY = "paragraph"  # one word at a time
    RULES = (
        RuleDoc(RULE, "A misspelt or distorted form the dictionary knows as such", "ето → это", "ru"),
        RuleDoc(RULE_COLLOQUIAL, "A colloquial form; the standard word is offered (applied only with --unsafe)",
                "седня → сегодня", "ru", Tier.UNSAFE),
        RuleDoc(RULE_MAYBE, "A form that may be a distorted spelling, but is also a standard word",
                "тока → только", "ru", Tier.DISPLAY),
    )

    def detect(self, ctx: Context) -> Iterable[Finding]:
        enabled = {r.id: r.max_tier for r in self.RULES if ctx.options.enabled(r.id)}
        if not enabled:
            return
        text = ctx.doc.text
        accepted = _accepted(ctx.options.words) if ctx.options.words else None
        for para in ctx.paragraphs:
            if para.lang != "ru":
                continue
            tokens, forms = scan(text, para.start, para.end)
            if not forms:
                continue
            for i, v in _questioned(forms):
                max_tier = enabled.get(v.rule)
                if max_tier is None:
                    continue
                tok = tokens[i]
                word = tok.text
                if accepted is not None and _is_accepted(word.lower(), accepted):
                    continue
                if not word.islower() and not word.isupper() and not word[1:].islower():
                    continue  # a case pattern the suggestion cannot keep (еТО)
                suggestion = _suggestion(word, v.standard)
                confidence = v.confidence
                if confidence > CONFIDENCE_BEFORE_PARTICLE and _before_particle(text, tokens, i, para.end):
                    confidence = CONFIDENCE_BEFORE_PARTICLE
                yield Finding(
                    rule=v.rule,
                    message=v.message.format(suggestion),
                    start=tok.start,
                    end=tok.end,
                    text=word,
                    suggestions=(Suggestion(suggestion, confidence),),
                    detection_confidence=confidence,
                    max_tier=max_tier,
                )
