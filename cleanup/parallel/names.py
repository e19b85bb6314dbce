"""Proper names across scripts: ``Нуруллаев`` ↔ ``Nurullayev``, ``Чешме`` ↔ ``Cheshme``.

Why iuliia: it is a maintained, dependency-free library that implements
some twenty published Russian→Latin schemas (Wikipedia, BGN/PCGN, ICAO
passports, scholarly, Moscow metro, ALA-LC, …) from one table each. A name in
an English translation follows *some* convention — a passport spelling
(``Nurullaev``), the press one (``Nurullayev``), a scholarly one (``Češme`` →
``Cesme``) — so a Russian name is rendered in several schemas and the English
form is matched against the closest. A single-schema library (transliterate,
cyrtranslit) or a hand table would match only one convention; unidecode
knows no Russian convention at all.

Comparison is on a *skeleton*: lowercase ASCII (diacritics dropped), ``x`` →
``ks``, ``h`` after a consonant dropped (``kh``/``sh``/``zh``/``ch`` and the
``c``/``s`` they stand for in other schemas become one), ``j``/``y``/``i``
merged, doubled letters single. Russian case endings are tried off
(``СТАЛИНА`` → ``СТАЛИН``), and so is the English possessive.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache, partial
from itertools import accumulate, compress, pairwise, repeat
from operator import itemgetter, not_, or_

import regex

from ..segments import remembered_sequence
from ..lazypattern import LazyPattern
from . import speedups

_SCHEMAS = (
    "WIKIPEDIA", "BGN_PCGN", "ICAO_DOC_9303", "SCIENTIFIC", "MOSMETRO",
    "ALA_LC", "YANDEX_MAPS", "GOST_779_ALT",
)
# Russian noun/adjective case endings, longest first; tried off a name's end.
_RU_ENDINGS = (
    "ого", "ему", "ому", "ами", "ями", "ыми", "ими",
    "ом", "ем", "ой", "ей", "ам", "ям", "ах", "ях", "ов", "ев", "ым", "им", "ую",
    "а", "я", "у", "ю", "е", "ы", "и",
)
class Memo(dict):
    """The answers of a one-argument function, once per distinct argument.

    A plain dict, emptied when it holds ``maxsize`` answers. Unlike
    ``functools.lru_cache``, whose every entry is a linked-list node, its
    entries are no objects for the garbage collector to track: caching one
    answer per distinct word of a long text with lru_cache made the
    collector's full passes, paid by whichever detector happens to run, much
    longer. Call it as ``memo[argument]``.
    """

    __slots__ = ("function", "maxsize")

    def __init__(self, function, maxsize: int = 100_000) -> None:
        super().__init__()
        self.function = function
        self.maxsize = maxsize

    def __missing__(self, key):
        if len(self) >= self.maxsize:
            self.clear()
        value = self[key] = self.function(key)
        return value

    def each(self, keys, answers=None) -> Iterator:
        """``self[key]`` of each of ``keys`` (a list, or a set: read twice),
        the keys new to the memo answered first, all at once: by
        ``answers(new_keys)`` when given (a batch twin of the function),
        else by the function mapped over them; no ``__missing__`` call per
        new key (most keys of a fresh text are new)."""
        new = list(compress(keys, map(not_, map(self.__contains__, keys))))
        if new:
            if len(self) + len(new) > self.maxsize:
                self.clear()
            self.update(zip(new, map(self.function, new) if answers is None else answers(new)))
        return map(self.__getitem__, keys)


class LangMemo(dict):
    """A :class:`Memo` per language for a function of (word, lang); its
    second parameter must be called ``lang`` (it is passed by name, through
    ``functools.partial``: no Python frame of its own per miss)."""

    __slots__ = ("function", "maxsize")

    def __init__(self, function, maxsize: int = 100_000) -> None:
        super().__init__()
        self.function = function
        self.maxsize = maxsize

    def __missing__(self, lang):
        memo = self[lang] = Memo(partial(self.function, lang=lang), self.maxsize)
        return memo

    def __call__(self, word: str, lang):
        return self[lang][word]


_POSSESSIVE = LazyPattern(regex.compile, r"['’]s$", regex.IGNORECASE)
_NON_LETTER = LazyPattern(regex.compile, r"[^a-z]")


@lru_cache(maxsize=1)
def _schemas():
    import iuliia

    return tuple(getattr(iuliia, name) for name in _SCHEMAS)


def _skeleton_of_char(c: str) -> str:
    """What :func:`skeleton`'s letter-by-letter steps make of one character:
    lower case, diacritics off, only a–z kept, x → ks, w → v, q → k, j/y → i.
    (j/y → i comes after the h rule in :func:`skeleton`, but neither j, y
    nor i is a consonant that rule looks behind, so the order does not matter.)"""
    s = unicodedata.normalize("NFKD", c.lower())
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = _NON_LETTER.sub("", s)
    return s.replace("x", "ks").replace("w", "v").replace("q", "k").replace("j", "i").replace("y", "i")


class _CharSkeletons(dict):
    """``str.translate`` table: code point → :func:`_skeleton_of_char`, filled on first sight."""

    def __missing__(self, code: int) -> str:
        value = self[code] = _skeleton_of_char(chr(code))
        return value


_CHAR_SKELETONS = _CharSkeletons()
# Skeletons hold only a–z (no line breaks), where the standard ``re`` gives
# the same matches as ``regex``, quicker.
_H_AFTER_CONSONANT = LazyPattern(re.compile, r"(?<=[bcdfgklmnprstvz])h")
_DOUBLES = LazyPattern(re.compile, r"(.)\1+")


def _first_letter(m) -> str:
    return m.group(1)


def _single_letters(s: str) -> str:
    """Doubled letters single (searching first: most names have none)."""
    return _DOUBLES.sub(_first_letter, s) if _DOUBLES.search(s) else s


def skeleton(latin: str) -> str:
    """A spelling-convention-free key for a Latin-script name.

    Lower case, diacritics off, only a–z, ``x`` → ``ks``, ``w`` → ``v``,
    ``q`` → ``k``, ``h`` after a consonant dropped, ``j``/``y`` → ``i``,
    doubled letters single. Every step but the last two is letter by letter,
    so it is one ``str.translate``. (``_align_dp.ascii_skeleton`` makes the
    skeleton of an ASCII word, most English names, in one C pass.)
    """
    kernel = speedups.compiled()
    if kernel is not None:
        key = kernel.ascii_skeleton(latin)
        if key is not None:
            return key
    return _finish_skeleton(latin.translate(_CHAR_SKELETONS))


def _finish_skeleton(s: str) -> str:
    """The steps of :func:`skeleton` that look at neighbours."""
    if "h" in s:
        s = _H_AFTER_CONSONANT.sub("", s)
    return _single_letters(s)


# The endings by their last letter, in the order of ``_RU_ENDINGS``.
_RU_ENDINGS_BY_LAST: dict[str, tuple[str, ...]] = {}
for _ending in _RU_ENDINGS:
    _RU_ENDINGS_BY_LAST[_ending[-1]] = _RU_ENDINGS_BY_LAST.get(_ending[-1], ()) + (_ending,)


def ru_stems(word: str) -> tuple[str, ...]:
    """The word and the word without each Russian ending it may carry (stem ≥ 3)."""
    out = [word]
    lower = word.lower()
    for ending in _RU_ENDINGS_BY_LAST.get(lower[-1:], ()):
        if lower.endswith(ending) and len(word) - len(ending) >= 3:
            out.append(word[: -len(ending)])
    return tuple(dict.fromkeys(out))


class _FastSchema:
    """One iuliia schema, compiled for lower-case Cyrillic words, straight to
    skeleton letters: ``skeleton(schema.translate(w))`` is
    ``_finish_skeleton(self.pre_skeleton(w))`` (or, when ``h_done``,
    ``_single_letters(self.pre_skeleton(w))``) for a word of lower-case
    Russian letters (:func:`_fast_keys` checks that; tests compare the two).

    iuliia reads a word letter by letter, each with its neighbours (prev/next
    rules such as е → ye after a vowel) and its last two letters as an ending
    (ий → y). A word none of whose letter pairs has a rule is translated by one
    ``str.translate``; the others take the same letter-by-letter walk as iuliia.
    """

    def __init__(self, schema) -> None:
        schema.translate("а")  # iuliia loads a schema's tables lazily
        t = schema._schema

        def lower(mapping: dict[str, str]) -> dict[str, str]:
            return {k: v.translate(_CHAR_SKELETONS) for k, v in mapping.items() if k == k.lower()}

        self.letters = lower(t.map)
        self.prev = lower(t.prev_map)
        self.next = lower(t.next_map)
        # iuliia takes an ending rule only when its Latin is not empty.
        self.endings = lower({k: v for k, v in t.ending_map.items() if v})
        # When no letter's Latin starts with h, every h of a word's Latin
        # follows a letter of the same Cyrillic letter's Latin, so the h rule
        # of the skeleton can be applied to each letter's Latin beforehand.
        tables = (self.letters, self.prev, self.next, self.endings)
        self.h_done = not any(v.startswith("h") for table in tables for v in table.values())
        if self.h_done:
            for table in tables:
                for k, v in table.items():
                    table[k] = _H_AFTER_CONSONANT.sub("", v)
        self.table = str.maketrans(self.letters)
        if any(len(k) not in (1, 2) for k in (*self.prev, *self.next)):
            raise ValueError("iuliia schema with a context longer than one letter")
        # A one-letter prev rule is for a word's first letter (no prev), a
        # one-letter next rule for its last.
        self.context = _RuleFinder(pairs=[k for k in (*self.prev, *self.next) if len(k) == 2],
                                   firsts=[k for k in self.prev if len(k) == 1],
                                   lasts=[k for k in self.next if len(k) == 1])

    def pre_skeleton(self, word: str) -> str:
        if len(word) > 2:
            ending = self.endings.get(word[-2:])
            if ending is not None:
                return self._letters(word[:-2]) + ending
        return self._letters(word)

    def _letters(self, word: str) -> str:
        if not self.context.search(word):
            return word.translate(self.table)
        out = []
        last = len(word) - 1
        for i, c in enumerate(word):
            v = self.prev.get((word[i - 1] if i else "") + c)
            if v is None:
                v = self.next.get(c + (word[i + 1] if i < last else ""))
                if v is None:
                    v = self.letters[c]
            out.append(v)
        return "".join(out)


class _RuleFinder:
    """Does a word hold a letter pair some rule is for (anywhere), a first
    letter one is for, or a last letter or ending one is for? Told by set
    and ``str.startswith``/``endswith`` look-ups: a pattern of these
    literals per schema cost more to compile (~14 M instructions, every run
    that meets a Russian name in a bilingual text) than all the words a run
    asks of it."""

    __slots__ = ("pairs", "firsts", "lasts")

    def __init__(self, pairs, firsts, lasts) -> None:
        self.pairs = frozenset(pairs)  # two letters each
        self.firsts = tuple(sorted(set(firsts)))
        self.lasts = tuple(sorted(set(lasts)))

    def search(self, word: str) -> bool:
        if word.startswith(self.firsts) or word.endswith(self.lasts):
            return True
        pairs = self.pairs
        return bool(pairs) and any(map(pairs.__contains__, map(str.__add__, word, word[1:])))


@lru_cache(maxsize=1)
def _fast_schemas():
    """The schemas compiled; one pattern finding any letter pair or ending that
    some schema has a rule for; the schemas' distinct letter tables (for a
    word without such a pair, each table gives one key); and what is left of
    :func:`skeleton` to do on a word's Latin."""
    schemas = tuple(_FastSchema(s) for s in _schemas())
    any_rule = _RuleFinder(pairs=[k for s in schemas for k in s.context.pairs],
                           firsts=[k for s in schemas for k in s.context.firsts],
                           lasts=[k for s in schemas for k in (*s.context.lasts, *s.endings)])
    tables = tuple({tuple(sorted(s.table.items())): s.table for s in schemas}.values())
    finish = _single_letters if all(s.h_done for s in schemas) else _finish_skeleton
    # The letters the tables disagree on (х: kh or x, ц, щ, ъ, ё): a word
    # without them gets one key from all tables.
    divergent = frozenset(chr(c) for c in tables[0] if len({t.get(c) for t in tables}) > 1)
    return schemas, any_rule, tables, finish, divergent


@lru_cache(maxsize=256)
def _tables_for(letters: frozenset[str]) -> tuple[dict, ...]:
    """The distinct letter tables as far as ``letters`` (divergent ones) go."""
    tables = _fast_schemas()[2]
    ordered = sorted(letters)
    return tuple({tuple(t.get(ord(c)) for c in ordered): t for t in tables}.values())


_RU_LOWER = LazyPattern(regex.compile, r"[а-яё]+")


def _slow_keys(word: str) -> frozenset[str]:
    """iuliia itself: for words with other characters or irregular case."""
    keys = set()
    for stem in ru_stems(word):
        for schema in _schemas():
            keys.add(skeleton(schema.translate(stem)))
    return frozenset(k for k in keys if k)


def _fast_keys(word: str) -> frozenset[str] | None:
    """:func:`_slow_keys` for a word of Russian letters in lower case, in capitals
    or capitalised (iuliia's rules give those the same letters, up to case,
    and a skeleton is lower case), or of such words joined by hyphens
    (:func:`_hyphenated_keys`); None for any other word."""
    if "-" in word:
        return _hyphenated_keys(word)
    if not (word.islower() or word.isupper() or word.istitle()):
        return None
    lower = word.lower()
    if not _RU_LOWER.fullmatch(lower):
        return None
    keys: set[str] = set()
    for stem in ru_stems(lower):
        keys.update(_STEM_KEYS[stem])
    keys.discard("")
    return frozenset(keys)


_RU_LOWER_OR_HYPHEN = LazyPattern(re.compile, r"[а-яё-]+")


def _hyphenated_keys(word: str) -> frozenset[str] | None:
    """:func:`_slow_keys` for Russian words joined by hyphens (``Санто-Доминго``,
    ``Кто-то``), each in lower case, in capitals or capitalised; None for any
    other word. iuliia reads each part as a word of its own (it splits the
    text at word boundaries, and a hyphen is one), with its own neighbours
    and ending, and the skeleton drops the hyphens: so a key is each part's
    Latin as :class:`_FastSchema` makes it, joined, and finished as one.
    (Before this, such a word took iuliia itself: 8 schemas letter by letter.)"""
    if not all(part.islower() or part.isupper() or part.istitle() or not part for part in word.split("-")):
        return None
    lower = word.lower()
    if not _RU_LOWER_OR_HYPHEN.fullmatch(lower):
        return None
    schemas, finish = _fast_schemas()[0], _fast_schemas()[3]
    keys = {finish("".join(map(schema.pre_skeleton, stem.split("-"))))
            for stem in ru_stems(lower) for schema in schemas}
    keys.discard("")
    return frozenset(keys)


def _stem_keys(stem: str) -> frozenset[str]:
    """The skeletons of one lower-case Russian stem in every schema: kept
    per stem, which the inflected forms of a name share (СТАЛИН, СТАЛИНА,
    СТАЛИНУ all have the stem сталин)."""
    schemas, any_rule, tables, finish, divergent = _fast_schemas()
    if not any_rule.search(stem):
        letters = divergent.intersection(stem)
        if letters:
            pres = {stem.translate(table) for table in _tables_for(letters)}
        else:
            pres = {stem.translate(tables[0])}
    else:
        pres = {schema.pre_skeleton(stem) for schema in schemas}
    return frozenset(finish(p) for p in pres)


# iuliia's tables map Cyrillic letters only (U+0400–U+04FF; tests check
# it): a word without one (a Latin name or a Roman numeral inside a Russian
# paragraph, "Facebook", "XII") is its own transliteration in every schema.
_CYRILLIC_BLOCK = LazyPattern(re.compile, "[\u0400-\u04ff]")


def _ru_keys(word: str) -> frozenset[str]:
    keys = _fast_keys(word)
    if keys is not None:
        return keys
    if _CYRILLIC_BLOCK.search(word) is None:
        return frozenset(k for k in map(skeleton, ru_stems(word)) if k)
    return _slow_keys(word)


_STEM_KEYS = Memo(_stem_keys, 50_000)
_RU_KEYS = Memo(_ru_keys, 50_000)
_KEY_LENGTHS = Memo(lambda word: frozenset(len(k) for k in _RU_KEYS[word]), 50_000)


def _en_key(word: str) -> str:
    """``skeleton(_POSSESSIVE.sub("", word))``, the possessive looked for
    only in a word with an apostrophe (the pattern needs one)."""
    if "'" in word or "’" in word:
        word = _POSSESSIVE.sub("", word)
    return skeleton(word)


_EN_KEYS = Memo(_en_key, 50_000)


# The memos themselves, for callers that map their look-up over many words.
RU_KEYS, EN_KEYS = _RU_KEYS, _EN_KEYS


def ru_keys(word: str) -> frozenset[str]:
    """Skeletons of a Cyrillic name in every schema, with and without its ending."""
    return _RU_KEYS[word]


def key_lengths(word: str) -> frozenset[int]:
    """The lengths of :func:`ru_keys` of ``word``."""
    return _KEY_LENGTHS[word]


def en_key(word: str) -> str:
    return _EN_KEYS[word]


# ---- signatures: a cheap proof that no key of a Russian word is a given key ----
#
# A key's *signature* keeps its consonants, makes each vowel (a e i o u; a
# skeleton has no y or j) ``V``, and doubles single (so a run of vowels is
# one ``V``). Most Russian letters give Latin of one signature in every
# schema and every context (е is e or ie, ы is i or ii, ий is i or ii: all
# ``V``), so the signature of any key of a stem is the stem's letters
# mapped one by one, without iuliia: one ``str.translate``. The few letters
# the schemas disagree on beyond that (х: k or ks; ц: c, ts, cz or s; щ;
# ъ, ь and ё: a vowel or nothing) have each of their signatures tried. All
# of it is read off the schemas' own tables (:func:`_ru_signature_table`).

ANY_SIGNATURE = "\x00"  # a word whose keys may have any signature
_CHOICE = "\x01"  # a letter with several signatures
_ANY = frozenset((ANY_SIGNATURE,))
_VOWELS_AS_V = str.maketrans(dict.fromkeys("aeiou", "V"))
# Words with more ways to read their letters than this are taken for ANY.
_MAX_READINGS = 32


def signature(key: str) -> str:
    """The signature of a skeleton (a key); ``_align_dp.signature`` is its twin."""
    kernel = speedups.compiled()
    if kernel is not None:
        return kernel.signature(key)
    return _single_letters(key.translate(_VOWELS_AS_V))


_SIGNATURES = Memo(signature, 50_000)


def signatures(keys) -> set[str]:
    """:func:`signature` of each of ``keys`` (once per distinct key a process)."""
    return set(_SIGNATURES.each(keys))


class _SignatureTable(dict):
    """``str.translate`` table: a Russian letter → its one-character
    signature, or ``_CHOICE``; any other character → ``ANY_SIGNATURE``
    (on first sight)."""

    def __missing__(self, code: int) -> str:
        self[code] = ANY_SIGNATURE
        return ANY_SIGNATURE


@lru_cache(maxsize=1)
def _ru_signature_table() -> tuple[_SignatureTable, dict[str, tuple[str, ...]]] | None:
    """The table for the lower-case Russian letters (what :func:`_fast_keys`
    reads), and each ``_CHOICE`` letter's signatures: those of every
    schema's Latin for the letter in every context. None (every word may
    have any key) if some schema's h rule could reach across letters."""
    schemas = _fast_schemas()[0]
    if not all(s.h_done for s in schemas):
        return None
    russian = [chr(c) for c in range(ord("а"), ord("я") + 1)] + ["ё"]
    found: dict[str, set[str]] = {c: set() for c in russian}
    for s in schemas:
        for c in russian:
            found[c].add(signature(s.letters[c]))
        # A context rule gives the Latin of one letter: the last of a prev
        # key (``ае``: е after а), the first of a next key.
        for key, latin in s.prev.items():
            if key[-1] in found:
                found[key[-1]].add(signature(latin))
        for key, latin in s.next.items():
            if key[0] in found:
                found[key[0]].add(signature(latin))
    table = _SignatureTable()
    choices: dict[str, tuple[str, ...]] = {}
    for c, signs in found.items():
        sign = next(iter(signs))
        if len(signs) == 1 and len(sign) == 1 and sign not in (ANY_SIGNATURE, _CHOICE):
            table[ord(c)] = sign
        else:
            table[ord(c)] = _CHOICE
            choices[c] = tuple(sorted(signs))
    # An ending rule (ий → y) gives the Latin of a word's last two letters
    # at once: its signature must be one the two letters' own can make.
    for s in schemas:
        for ending, latin in s.endings.items():
            own = {_single_letters(x + y) for x in choices.get(ending[0], (table[ord(ending[0])],))
                   for y in choices.get(ending[1], (table[ord(ending[1])],))}
            if len(ending) != 2 or signature(latin) not in own:
                return None
    return table, choices


def _ru_signatures(word: str) -> frozenset[str]:
    """Signatures among which are those of all :func:`ru_keys` of ``word``,
    or ``{ANY_SIGNATURE}`` when they are not told this way.

    A stem of :func:`ru_stems` is the word, or the word without an ending
    of at most three letters and at least three letters long: its letters
    are the word's first ones, so its signatures are made from as many of
    the word's letters' (a few more lengths than needed do no harm)."""
    tables = _ru_signature_table()
    if tables is None or not (word.islower() or word.isupper() or word.istitle()):
        return _ANY
    lower = word.lower()
    letters = lower.translate(tables[0])
    if not letters or ANY_SIGNATURE in letters:
        return _ANY  # not a word of Russian letters: :func:`_ru_keys` reads it otherwise
    n = len(letters)
    start = min(n, max(n - 3, 3))
    kernel = speedups.compiled()
    if kernel is not None:
        found = kernel.prefix_signatures(lower, letters, start, tables[1], _MAX_READINGS)
    else:
        found = _prefix_signatures(lower, letters, start, tables[1], _MAX_READINGS)
    return _ANY if found is None else found


def _prefix_signatures(lower: str, letters: str, start: int, choices: dict[str, tuple[str, ...]],
                       max_readings: int) -> frozenset[str] | None:
    """The signatures of the first ``k`` letters (``start <= k <= n``) of a
    word of ``n`` Russian letters, ``lower``, in every reading: ``letters``
    holds each letter's one-character signature or ``_CHOICE``, whose
    options are ``choices[letter]`` (signatures: no doubled letters);
    ``start`` is at least 1. None past ``max_readings`` readings. (The
    reference for ``_align_dp.prefix_signatures``, where ``_CHOICE`` is the
    character 1.)"""
    n = len(letters)
    if _CHOICE not in letters:
        # The whole word's signature, and its prefixes for the shorter
        # lengths: leaving out a letter that repeats the one before it
        # leaves the signature as it is, another shortens it by one.
        whole = _single_letters(letters)
        found = [whole]
        m = len(whole)
        for k in range(n - 1, start - 1, -1):
            if letters[k] != letters[k - 1]:
                m -= 1
            found.append(whole[:m])
        return frozenset(found)
    return _choice_signatures(lower, letters, range(start, n + 1), choices, max_readings)


def _choice_signatures(lower: str, letters: str, lengths: range, choices: dict[str, tuple[str, ...]],
                       max_readings: int) -> frozenset[str] | None:
    """:func:`_prefix_signatures` of a word with ``_CHOICE`` letters: the
    signatures of its first ``k`` letters (``k`` in ``lengths``) in every
    reading, None past ``max_readings`` readings.

    Rather than joining each reading and making each length's signature
    (up to 32 readings × 4 lengths), the word is read piece by piece: a run
    of letters of one signature each, or one ``_CHOICE`` letter, ending at
    each length. The set of the signatures its first pieces can have grows
    by each piece's options, once per distinct signature so far. Making
    doubled letters single may be done piece by piece: a signature followed
    by a piece's signature is single-lettered by dropping the piece's first
    letter when it repeats the signature's last one."""
    at = [j for j, x in enumerate(letters) if x == _CHOICE]
    readings = 1
    for j in at:
        readings *= len(choices[lower[j]])
    if readings > max_readings:
        return None
    found: set[str] = set()
    prefixes = {""}
    for a, b in pairwise(sorted({0, *at, *(j + 1 for j in at), *lengths})):
        options = choices[lower[a]] if letters[a] == _CHOICE else (_single_letters(letters[a:b]),)
        prefixes = {s + p[1:] if s[-1:] == p[:1] else s + p for s in prefixes for p in options}
        if b in lengths:
            found |= prefixes
    return frozenset(found)


# The memo itself, for callers that map its look-up over many words.
RU_SIGNATURES = Memo(_ru_signatures, 50_000)


def ru_signatures_of(words) -> Iterator[frozenset[str]]:
    """``RU_SIGNATURES[word]`` of each of ``words``, the words new to the
    memo answered by one call of the kernel when it is built
    (``_align_dp.ru_signatures``): no Python call per new word (nearly
    every Russian name is new to the process)."""
    return RU_SIGNATURES.each(words, _new_ru_signatures)


def _new_ru_signatures(words: list[str]):
    """:func:`_ru_signatures` of each word, by the kernel when it is built."""
    kernel, tables = speedups.compiled(), _ru_signature_table()
    if kernel is None or tables is None:
        return map(_ru_signatures, words)
    return kernel.ru_signatures(words, _ru_signs(), tables[1], _MAX_READINGS, _ANY)


@lru_cache(maxsize=1)
def _ru_signs() -> str:
    """The kernel's table: the signature (or ``_CHOICE``) of а..я, then of ё."""
    table = _ru_signature_table()[0]
    return "".join(table[code] for code in range(ord("а"), ord("я") + 1)) + table[ord("ё")]


@lru_cache(maxsize=200_000)
def similarity(en_word: str, ru_word: str) -> float:
    """1.0 when some schema spells the Russian name (or its stem) as the English
    one (up to convention), falling with edit distance otherwise."""
    target = en_key(en_word)
    if not target:
        return 0.0
    best = 0.0
    for key in ru_keys(ru_word):
        if key == target:
            return 1.0
        d = levenshtein(key, target)
        best = max(best, 1.0 - d / max(len(key), len(target)))
    return best


@lru_cache(maxsize=1)
def _c_levenshtein():
    try:  # a project dependency (spelling's prefilter), imported on first use
        from rapidfuzz.distance import Levenshtein
    except ImportError:  # pragma: no cover
        return None
    return Levenshtein.distance


def levenshtein_at_most_1(a: str, b: str) -> bool:
    """Is the edit distance of ``a`` and ``b`` at most one?"""
    distance = _c_levenshtein()
    if distance is not None:
        return distance(a, b, score_cutoff=1) <= 1
    return levenshtein(a, b) <= 1


def levenshtein(a: str, b: str) -> int:
    """Plain edit distance (unit costs); rapidfuzz's C code, the same number
    as the Python below, which stays as the fallback."""
    distance = _c_levenshtein()
    if distance is not None:
        return distance(a, b)
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


# ---- capitalised words --------------------------------------------------------

# The tokens of :func:`cleanup.segments.words` that start with a capital,
# found without visiting the others: a capital starts a token unless it
# continues one (it follows a letter, possibly through marks and inner
# hyphens or apostrophes, as ``segments.WORD`` joins them). ``\p{Lu}`` holds
# every letter ``str.isupper`` calls upper case (and, with a newer Unicode
# table, a few more: the caller checks ``isupper``).
_CAPITALISED = (
    r"(?<!\p{L}[\p{L}\p{M}]*(?:[-'’][\p{L}\p{M}]+)*[-'’]?)\p{Lu}[\p{L}\p{M}]*(?:[-'’][\p{L}\p{M}]+)*"
)


# The same for a paragraph of plain text (ASCII, the Russian alphabet and
# common punctuation: no other letter, no combining mark), where the letters
# are known: the standard ``re``, with look-behinds of fixed width after the
# capital, is twice as quick.
_PLAIN_LETTER = "A-Za-zА-яЁё"
_CAPITALISED_PLAIN = (
    rf"[A-ZА-ЯЁ](?<![{_PLAIN_LETTER}][A-ZА-ЯЁ])(?<![{_PLAIN_LETTER}][-'’][A-ZА-ЯЁ])"
    rf"[{_PLAIN_LETTER}]*(?:[-'’][{_PLAIN_LETTER}]+)*"
)
_NOT_PLAIN = LazyPattern(re.compile, r"[^\x00-\x7fА-яЁё\u00a0\u2009\u202f«»—–‒…’‘“”„№°•·§]")

# The capitalised words of the paragraphs of the document checked last: the
# consistency and parallel detectors both ask for them, paragraph by
# paragraph. Holding that one text keeps the identity test sound.
_capitalised_cache: dict = {"text": None, "spans": {}}


def capitalised_words(text: str, start: int = 0, end: int | None = None) -> tuple[tuple[int, int, str], ...]:
    """(start, end, text) of the words of ``text[start:end]`` (as
    :func:`cleanup.segments.words` cuts them) that start with a capital and
    have at least two letters: the words that can be names."""
    end = len(text) if end is None else end
    cache = _capitalised_cache
    if cache["text"] is not text:
        cache["text"], cache["spans"] = text, {}
    found = cache["spans"].get((start, end))
    if found is None:
        kept = remembered_sequence(text, start, end)
        if kept is not None:
            # The tokens themselves, when a detector has already found them
            # (the spelling detector finds every paragraph's), picked in one
            # C pass when the kernel is built.
            # (segments' compiled sequence makes a Token when one is read:
            # both read only the tokens they keep.)
            kernel = speedups.compiled()
            found = (kernel.capitalised_tokens if kernel is not None else capitalised_tokens)(*kept)
        else:
            piece = text[start:end]  # the pattern looks behind; nothing before ``start`` may count
            found = _capitalised_in(piece, start)
        cache["spans"][(start, end)] = found
    return found


def capitalised_tokens(tokens, texts: list[str]) -> tuple:
    """The tokens (``texts`` their strings; ``tokens`` a sequence) of two
    characters or more that begin with a capital: only the few that are not
    all lower case (``str.islower`` mapped in C) are looked at in Python, and
    only the tokens kept are read. ``_align_dp.capitalised_tokens`` is the
    twin."""
    return tuple([tokens[i] for i in compress(range(len(texts)), map(not_, map(str.islower, texts)))
                  if len(texts[i]) >= 2 and texts[i][0].isupper()])


def _capitalised_in(piece: str, start: int) -> tuple[tuple[int, int, str], ...]:
    """:func:`capitalised_words` of ``piece``, offsets shifted by ``start``.

    One C call splits the piece into gaps and capitalised words (the
    pattern captures them), the pieces' lengths summed in C give the
    offsets, and the triples are made and kept (two letters or more) by C
    iterators: no Python step per word. In plain text every match starts
    with a capital ``str.isupper`` agrees on; elsewhere that is checked."""
    if piece.isascii():
        plain, pattern = True, _CAPITALISED_ASCII_SPLIT  # (told in C at once; the scan's class is one range)
    else:
        plain = _NOT_PLAIN.search(piece) is None
        pattern = _CAPITALISED_PLAIN_SPLIT if plain else _CAPITALISED_SPLIT
    pieces = pattern.split(piece)
    if len(pieces) == 1:
        return ()
    words = pieces[1::2]
    offsets = list(accumulate(map(len, pieces), initial=start))
    triples = zip(offsets[1::2], offsets[2::2], words)
    if plain:
        keep = map(_LONGER_THAN_ONE, map(len, words))
    else:
        keep = [len(word) >= 2 and word[0].isupper() for word in words]
    return tuple(compress(triples, keep))


# The patterns that capture the words, splitting a piece into gaps and words.
_CAPITALISED_SPLIT = LazyPattern(regex.compile, f"({_CAPITALISED})")
_CAPITALISED_PLAIN_SPLIT = LazyPattern(re.compile, f"({_CAPITALISED_PLAIN})")
# The plain pattern for ASCII text, where its classes hold only their ASCII part.
_CAPITALISED_ASCII_SPLIT = LazyPattern(
    re.compile, r"([A-Z](?<![A-Za-z][A-Z])(?<![A-Za-z][-'][A-Z])[A-Za-z]*(?:[-'][A-Za-z]+)*)"
)
_LONGER_THAN_ONE = _MORE_THAN_ONE = (1).__lt__
_FIRST_THREE = itemgetter(slice(None, 3))


# ---- the same name written several ways inside one edition ------------------

def _case_shape(word: str) -> str:
    # (The letters as a string, by C-level steps: most words are all letters.)
    letters = word if word.isalpha() else "".join(filter(str.isalpha, word))
    if len(letters) > 1 and all(map(str.isupper, letters)):
        return "upper"
    if letters and letters[0].isupper():
        return "title"
    return "lower"


# (Public: callers map or index the memo's look-up itself.)
CASE_SHAPES = Memo(_case_shape)


def _without_possessive(word: str) -> str:
    # (The possessive has an apostrophe: most words are answered without the pattern.)
    return _POSSESSIVE.sub("", word) if "'" in word or "’" in word else word


_WITHOUT_POSSESSIVE = Memo(_without_possessive)


def shortest_ru_stem(word: str) -> str:
    """``min(ru_stems(word), key=len)``: the word without the longest
    ending it may carry (the endings are tried longest first), made without
    the others."""
    lower = word.lower()
    for ending in _RU_ENDINGS_BY_LAST.get(lower[-1:], ()):
        if lower.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


_SHORTEST_RU_STEM = Memo(shortest_ru_stem)


def case_shape(word: str) -> str:
    """``upper`` (two letters or more, all capitals), ``title`` or ``lower``."""
    return CASE_SHAPES[word]


def base_form(word: str, lang: str | None) -> str:
    """The word without an English possessive (``STALIN’s`` → ``STALIN``)."""
    return _WITHOUT_POSSESSIVE[word] if lang == "en" else word


def base_forms(words, lang: str | None) -> dict[str, str]:
    """``{word: base_form(word, lang)}`` for distinct ``words``, by C-level
    maps: a word without an apostrophe is its own base (most; no look-up),
    the few others are the memo's. (English words in a dict: one C loop,
    ``_align_dp.base_forms``, when the kernel is built.)"""
    if lang == "en" and isinstance(words, dict):
        kernel = speedups.compiled()
        if kernel is not None:
            return kernel.base_forms(words, _WITHOUT_POSSESSIVE)
    bases = dict(zip(words, words))
    if lang == "en":
        # Which apostrophes occur at all: one scan of the words joined (in
        # C), then a map over the words only for each that does.
        joined = "".join(bases)
        marks = [mark for mark in ("'", "’") if mark in joined]
        if not marks:
            return bases
        has = map(str.__contains__, bases, repeat(marks[0]))
        if len(marks) > 1:
            has = map(or_, has, map(str.__contains__, bases, repeat(marks[1])))
        apostrophes = list(compress(bases, has))
        bases.update(zip(apostrophes, map(_WITHOUT_POSSESSIVE.__getitem__, apostrophes)))
    return bases


def word_counts(capitalised: list[tuple[int, int, str]]) -> dict[str, int]:
    """How often each word of ``capitalised`` ((start, end, word) triples)
    occurs, in the order first seen. ``_align_dp.word_counts`` is the twin
    (one C loop: no map and itemgetter step, no Counter's Python ``__init__``)."""
    kernel = speedups.compiled()
    if kernel is not None:
        return kernel.word_counts(capitalised)
    return _word_counts(capitalised)


def _word_counts(capitalised: list[tuple[int, int, str]]) -> dict[str, int]:
    return Counter(map(itemgetter(2), capitalised))


def base_counts(counts: dict[str, int], base_of: dict[str, str]) -> dict[str, int]:
    """How often each base form occurs: ``counts`` itself when every word is
    its own base (most documents: a possessive is English only), else each
    base's words' ``counts`` added up, in the order first seen (the order
    of counting the bases of the occurrences). Once per distinct word, not
    per occurrence; ``_align_dp.base_counts`` is the twin (one C loop)."""
    kernel = speedups.compiled()
    if kernel is not None:
        return kernel.base_counts(counts, base_of)
    return _base_counts(counts, base_of)


def _base_counts(counts: dict[str, int], base_of: dict[str, str]) -> dict[str, int]:
    if all(map(str.__eq__, counts, map(base_of.__getitem__, counts))):
        return counts
    summed: dict[str, int] = {}
    for word, n in counts.items():
        base = base_of[word]
        summed[base] = summed[base] + n if base in summed else n
    return summed


def latin_skeletons(words: list[str], base_of: dict[str, str], latin_only, skeletons) -> dict[str, str]:
    """``{word: skeletons[base]}`` of the ``words`` whose base (``base_of[word]``)
    is ``latin_only[base]``, in order (``latin_only`` and ``skeletons``: memos
    of the base). ``_align_dp.latin_skeletons`` is the twin (one C loop,
    which tells an ASCII base's Latin-only answer itself)."""
    kernel = speedups.compiled()
    if kernel is not None:
        return kernel.latin_skeletons(words, base_of, latin_only, skeletons)
    return _latin_skeletons(words, base_of, latin_only, skeletons)


def _latin_skeletons(words: list[str], base_of: dict[str, str], latin_only, skeletons) -> dict[str, str]:
    return {word: skeletons[base_of[word]] for word in words if latin_only[base_of[word]]}


def upper_names(bases: dict[str, str], case_info, info_lang: str | None = None) -> list[str]:
    """The words of ``bases`` (word → base form) whose base has three
    letters or more and whose ``case_info[word]`` (a memo of (case shape,
    name key)) is in capitals, in order: asked only of the words that may be
    (a base ``str.isupper``, or not all letters). ``_align_dp.upper_names``
    is the twin (one C loop).

    ``info_lang``: when given, ``case_info`` is the consistency detector's
    memo of that language (``consistency._info``: the case shape, and the
    base's shortest stem in lower case (:func:`shortest_ru_stem` in Russian,
    else the base) for a base of three letters or more in capitals or title
    case, else None), and the kernel answers a word it lacks whose base is
    itself without a Python call."""
    kernel = speedups.compiled()
    if kernel is not None:
        return kernel.upper_names(bases, case_info, *_info_endings(info_lang))
    return _upper_names(bases, case_info)


def _info_endings(info_lang: str | None) -> tuple:
    """The kernels' optional ``endings`` argument for ``info_lang``: none
    when not given (the memo answers), else the endings a name key drops."""
    return () if info_lang is None else (_RU_ENDINGS_BY_LAST if info_lang == "ru" else {},)


def _upper_names(bases: dict[str, str], case_info) -> list[str]:
    return [word for word, base in bases.items()
            if len(base) >= 3 and (base.isupper() or not base.isalpha()) and case_info[word][0] == "upper"]


def case_candidates(bases: dict[str, str], case_info, upper: list[str],
                    info_lang: str | None = None) -> dict[str, tuple[str, str | None]]:
    """``case_info[word]`` (a memo of (case shape, name key)) of the words
    in capitals ``upper`` and of the words of ``bases`` (word → base form)
    whose base has three letters or more and begins, its first letter in
    lower case, as a key of theirs does: the only words in title case that
    can share a key with one in capitals. ``_align_dp.case_candidates`` is
    the twin (one C loop; ``info_lang`` as for :func:`upper_names`)."""
    kernel = speedups.compiled()
    if kernel is not None:
        return kernel.case_candidates(bases, case_info, upper, *_info_endings(info_lang))
    return _case_candidates(bases, case_info, upper)


def _case_candidates(bases: dict[str, str], case_info, upper: list[str]) -> dict[str, tuple[str, str | None]]:
    info = {word: case_info[word] for word in upper}
    initials = {key[:1] for _, key in info.values()}
    for word, base in bases.items():
        if len(base) >= 3 and base[:1].lower()[:1] in initials and word not in info:
            info[word] = case_info[word]
    return info


def _stems(word: str, lang: str | None) -> tuple[str, ...]:
    """The form compared for variants: a Russian word without its case ending
    (``СТАЛИНА`` → ``СТАЛИН``), so that two inflections are never variants."""
    return (_SHORTEST_RU_STEM[word],) if lang == "ru" else (word,)


def _one_typo_apart(a: str, b: str, lang: str | None) -> bool:
    """One letter substituted, or one inserted or dropped *inside* the word —
    not at its end, where inflection lives (``Bungye``/``Bungyes``), and not a
    hyphen or apostrophe (``Gentle-man``/``Gentleman`` is a period spelling)."""
    la, lb = a.lower(), b.lower()
    if levenshtein(la, lb) != 1:
        return False
    if la.replace("ё", "е") == lb.replace("ё", "е"):
        return False  # ё/е is a spelling choice, reported elsewhere
    if len(la) != len(lb):
        longer, shorter = (la, lb) if len(la) > len(lb) else (lb, la)
        extra = next((i for i, (x, y) in enumerate(zip(longer, shorter)) if x != y), len(shorter))
        if not longer[extra].isalpha() or extra >= len(shorter) - 1:
            return False
    else:
        diff = [i for i, (x, y) in enumerate(zip(la, lb)) if x != y]
        if not (la[diff[0]].isalpha() and lb[diff[0]].isalpha()):
            return False
        if lang == "en" and diff[0] == len(la) - 1 and "s" in (la[-1], lb[-1]):
            return False  # a plural or possessive, not a typo
    return True


# A name missing from the spelling lexicon but seen this often in wordfreq's
# corpora (Zipf ≥ 1.5: about once in 30 million words) is a real name
# (Korolev, Dawe, Coro), not damage.
SEEN_NAME_ZIPF = 1.5


def looks_unknown(word: str, lang: str | None, is_known) -> bool:
    """Neither a known word nor a name that real text uses."""
    if is_known(word, lang):
        return False
    from ..lexicon import zipf

    return lang is None or zipf(word, lang) < SEEN_NAME_ZIPF


def _stem_ends(base: str, lang: str | None) -> tuple[str, str, str, str] | None:
    """What the variant gate (:func:`variant_candidates`) asks of a base
    form: (case shape, the stem it is compared by (``_stems``), the stem's
    first two letters in lower case, its last two), or None when the stem is
    shorter than three letters (no stem of four letters or more is one edit
    from it). Two words of one stem in one shape give equal answers."""
    stem = _SHORTEST_RU_STEM[base] if lang == "ru" else base  # the one stem of _stems
    if len(stem) < 3:
        return None
    lowered = stem.lower()  # (never shorter than the stem: a letter lower-cases to one or more)
    return CASE_SHAPES[base], stem, lowered[:2], lowered[-2:]


# (Public: the variant gate's kernel reads the memo of the language itself.)
STEM_ENDS = LangMemo(_stem_ends, 50_000)


def unknown_names(base_of: dict[str, str], known) -> list[str]:
    """The words of ``base_of`` (word → base form) whose base has four
    letters or more and is not ``known[base]`` (a memo, asked once per such
    base), in order: the only ones that can have a variant.
    ``_align_dp.unknown_names`` is the twin (one C loop, no step per word
    in Python)."""
    kernel = speedups.compiled()
    if kernel is not None:
        return kernel.unknown_names(base_of, known)
    return _unknown_names(base_of, known)


def _unknown_names(base_of: dict[str, str], known) -> list[str]:
    return [word for word, base in base_of.items() if len(base) >= 4 and not known[base]]


def variant_candidates(words, base_of: dict[str, str], counts: dict[str, int], lang: str | None,
                       stems: dict | None = None) -> list[str]:
    """The words of ``words`` that :meth:`VariantIndex.may_have_variant` of
    the index of ``counts`` (base forms → occurrences), in order, told
    without building the index; ``base_of[word]`` is each word's base form.

    A variant is a stem seen at least twice (its words' occurrences added
    up), of the word's case shape, one letter longer, shorter or as long as
    the word's stem of four letters or more, and one edit from it in lower
    case. Two strings one edit apart, the first of four letters or more,
    share their first two letters (the edit is at the third or later) or
    their last two (it is at the first or second: what follows it, two
    letters or more, is the same in both). What is asked of each word and
    stem (:func:`_stem_ends`) is memoised per language; the rest is one C
    call when the kernel is built (``_align_dp.variant_candidates``).

    When a word is found and ``stems`` (an empty dict) is given, the gate
    leaves in it what it has made: the stems seen twice or more of three
    letters or more by (case shape, length), as :attr:`VariantIndex.by_length`
    holds them (all that :meth:`VariantIndex.near_variant` reads), for
    ``VariantIndex(counts, lang, stems)``."""
    ends, merges = STEM_ENDS[lang], lang == "ru"
    kernel = speedups.compiled()
    if kernel is not None:
        # (The endings: the kernel answers a base the memo lacks itself.)
        found = kernel.variant_candidates(words, base_of, counts, ends, merges, stems, _RU_ENDINGS_BY_LAST)
        if found is not None:  # (None: a word too long for the kernel's keys; stems untouched)
            return found
    return _variant_candidates(words, base_of, counts, ends, merges, stems)


def _variant_candidates(words, base_of: dict[str, str], counts: dict[str, int], ends, merges: bool,
                        stems: dict | None = None) -> list[str]:
    """:func:`variant_candidates`, ``ends`` the language's memo of
    :func:`_stem_ends`, ``merges`` whether two words can have one stem."""
    probes = []
    for word in words:
        base = base_of[word]
        if len(base) >= 4:
            probe = ends[base]
            if probe is not None and len(probe[1]) >= 4:
                probes.append((word, probe))
    if not probes:
        return []  # (the stems are not looked at for words they cannot help)
    # Each stem's support: its words' occurrences added up. Only a word seen
    # twice can be in a stem seen twice, or, where words of one stem may
    # differ (``merges``: Russian endings), one whose first three letters
    # another word shares: the stem (three letters or more) begins both.
    if merges:
        beginnings = Counter(map(_FIRST_THREE, counts))
        bases = [base for base, n in counts.items() if n > 1 or beginnings[base[:3]] > 1]
    else:
        bases = [base for base, n in counts.items() if n > 1]
    support: dict[tuple[str, str, str, str], int] = {}
    for base in bases:
        stem = ends[base]
        if stem is not None:
            support[stem] = support.get(stem, 0) + counts[base]
    firsts, lasts = set(), set()
    for (shape, stem, first, last), n in support.items():
        if n >= 2:
            firsts.add((shape, first, len(stem)))
            lasts.add((shape, last, len(stem)))
    found = [word for word, (shape, stem, first, last) in probes
             if any((shape, first, length) in firsts or (shape, last, length) in lasts
                    for length in (len(stem) - 1, len(stem), len(stem) + 1))]
    if found and stems is not None:
        for (shape, stem, _, _), n in support.items():
            if n >= 2:
                stems.setdefault((shape, len(stem)), []).append((stem, n))
    return found


def _one_deletes(s: str) -> set[str]:
    """``s`` and every string made by deleting one of its letters."""
    return {s} | {s[:i] + s[i + 1:] for i in range(len(s))}


class VariantIndex:
    """The capitalised words of one edition, indexed for :meth:`near_variant`.

    ``counts`` maps capitalised base forms to how often they occur. Stems
    that occur at least twice are grouped by case shape and length, so a
    lookup compares a word only with stems one letter longer or shorter.
    ``by_length``, when given, is that grouping as :func:`variant_candidates`
    left it (its stems of three letters or more: all a lookup reads).
    """

    def __init__(self, counts: dict[str, int], lang: str | None,
                 by_length: dict[tuple[str, int], list[tuple[str, int]]] | None = None) -> None:
        self.counts = counts
        self.lang = lang
        self._by_length = by_length
        self._by_delete: dict[tuple[str, int], dict[str, list[int]]] = {}

    @property
    def by_length(self) -> dict[tuple[str, int], list[tuple[str, int]]]:
        """Stems occurring at least twice, by (case shape, length); built on
        first use (most editions have no unknown name to look up)."""
        if self._by_length is None:
            lang = self.lang
            support: dict[tuple[str, str], int] = {}
            counts = self.counts
            if lang == "ru":
                # Only a word seen twice, or one whose first three letters
                # another word shares, can be in a stem seen twice: two
                # words of one stem begin with it, and a stem shorter than
                # three letters is a whole word (``ru_stems``). The others
                # are left out in C before any stem is made. (Each word's
                # shape and stem (``_stems``) by the memos, the new ones at once.)
                beginnings = Counter(map(_FIRST_THREE, counts))
                shared = {b for b, n in beginnings.items() if n > 1}
                words = list(compress(counts, map(or_, map(_MORE_THAN_ONE, counts.values()),
                                                  map(shared.__contains__, map(_FIRST_THREE, counts)))))
                keys = zip(CASE_SHAPES.each(words), _SHORTEST_RU_STEM.each(words))
                for key, n in zip(keys, map(counts.__getitem__, words)):
                    support[key] = support.get(key, 0) + n
            else:
                # A word is its own stem: its support is its count, and a word
                # seen once is no variant (those left out in C, in order).
                for word, n in compress(counts.items(), map(_MORE_THAN_ONE, counts.values())):
                    support[(CASE_SHAPES[word], word)] = n
            self._by_length = {}
            for (shape, stem), n in support.items():
                if n >= 2:
                    self._by_length.setdefault((shape, len(stem)), []).append((stem, n))
        return self._by_length

    # Up to this many stems of one shape and length are compared one by one
    # (rapidfuzz's C distance); more go through the one-deletion table.
    SCAN_MAX = 32

    def _one_edit_positions(self, shape: str, length: int, stem: str) -> list[int]:
        """Positions in ``by_length[(shape, length)]`` of the stems that may be
        one edit (Levenshtein, lower case) from ``stem`` (lower case), in list order.

        A few stems are compared directly. Among many, two strings one
        substitution, insertion or deletion apart share a string made by
        deleting at most one letter from each, so only those stems need the
        exact test; scanning every stem of the edition for every unknown word
        grew with the square of the document."""
        table = self._by_delete.get((shape, length))
        if table is None:
            entries = self.by_length.get((shape, length), ())
            if len(entries) <= self.SCAN_MAX:
                table = [stem_v.lower() for stem_v, _ in entries]
            else:
                table = {}
                for k, (stem_v, _) in enumerate(entries):
                    for key in _one_deletes(stem_v.lower()):
                        positions = table.setdefault(key, [])
                        if not positions or positions[-1] != k:
                            positions.append(k)
            self._by_delete[(shape, length)] = table
        if isinstance(table, list):
            return [k for k, lowered in enumerate(table) if levenshtein_at_most_1(stem, lowered)]
        found: set[int] = set()
        for key in _one_deletes(stem):
            found.update(table.get(key, ()))
        return sorted(found)

    def may_have_variant(self, word: str) -> bool:
        """False only when :meth:`near_variant` of ``word`` is surely None,
        whatever is known: told without the lexicon and without comparing
        ``word`` with the stems one by one (:func:`variant_candidates`)."""
        return bool(self.may_have_variants((word,)))

    def may_have_variants(self, words) -> list[str]:
        """The words of ``words`` that :meth:`may_have_variant`, in order."""
        words = list(words)
        return variant_candidates(words, {word: base_form(word, self.lang) for word in words}, self.counts, self.lang)

    def near_variant(self, word: str, is_known) -> tuple[str, str, int] | None:
        """A more frequent spelling of ``word`` in the same edition, one letter away.

        Returns (the variant's stem, ``word`` rewritten to it keeping its own
        ending or possessive, how often the variant's stem occurs), or None.
        Only an unknown ``word`` has a variant, and only a variant that occurs
        at least twice, more often than ``word``, in the same case shape
        (``STALTN`` → ``STALIN``; ``СТАЛТНУ`` → ``СТАЛИНУ`` from ``СТАЛИНА``).
        """
        lang = self.lang
        base = base_form(word, lang)
        # Known words go at once; how often a name is seen (the rest of
        # ``looks_unknown``) is asked last, only when a variant was found.
        if len(base) < 4 or is_known(base, lang):
            return None
        shape = case_shape(base)
        own = self.counts.get(base, 0)
        best = None
        by_length = self.by_length
        for stem_t in _stems(base, lang):
            if len(stem_t) < 4:
                continue
            lowered = stem_t.lower()
            for length in (len(stem_t) - 1, len(stem_t), len(stem_t) + 1):
                entries = by_length.get((shape, length))
                if not entries:
                    continue  # no stem of this shape and length occurs twice
                for stem_v, n in (entries[k] for k in self._one_edit_positions(shape, length, lowered)):
                    if n <= own or stem_v == stem_t or not _one_typo_apart(stem_t, stem_v, lang):
                        continue
                    fixed = stem_v + base[len(stem_t):]
                    if not (fixed in self.counts or is_known(fixed, lang)):
                        continue
                    if best is None or n > best[2]:
                        best = (stem_v, fixed + word[len(base):], n)
        if best is None or not looks_unknown(base, lang, is_known):
            return None
        return best

