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

import unicodedata
from functools import lru_cache

import regex

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
_POSSESSIVE = regex.compile(r"['’]s$", regex.IGNORECASE)
_NON_LETTER = regex.compile(r"[^a-z]")


@lru_cache(maxsize=1)
def _schemas():
    import iuliia

    return tuple(getattr(iuliia, name) for name in _SCHEMAS)


def skeleton(latin: str) -> str:
    """A spelling-convention-free key for a Latin-script name."""
    s = unicodedata.normalize("NFKD", latin.lower())
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = _NON_LETTER.sub("", s)
    s = s.replace("x", "ks").replace("w", "v").replace("q", "k")
    s = regex.sub(r"(?<=[bcdfgklmnprstvz])h", "", s)
    s = s.replace("j", "i").replace("y", "i")
    s = regex.sub(r"(.)\1+", r"\1", s)
    return s


def ru_stems(word: str) -> tuple[str, ...]:
    """The word and the word without each Russian ending it may carry (stem ≥ 3)."""
    out = [word]
    lower = word.lower()
    for ending in _RU_ENDINGS:
        if lower.endswith(ending) and len(word) - len(ending) >= 3:
            out.append(word[: -len(ending)])
    return tuple(dict.fromkeys(out))


@lru_cache(maxsize=50_000)
def ru_keys(word: str) -> frozenset[str]:
    """Skeletons of a Cyrillic name in every schema, with and without its ending."""
    keys = set()
    for stem in ru_stems(word):
        for schema in _schemas():
            keys.add(skeleton(schema.translate(stem)))
    return frozenset(k for k in keys if k)


@lru_cache(maxsize=50_000)
def en_key(word: str) -> str:
    return skeleton(_POSSESSIVE.sub("", word))


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


def levenshtein(a: str, b: str) -> int:
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


# ---- the same name written several ways inside one edition ------------------

def case_shape(word: str) -> str:
    letters = [c for c in word if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return "upper"
    if letters and letters[0].isupper():
        return "title"
    return "lower"


def base_form(word: str, lang: str | None) -> str:
    """The word without an English possessive (``STALIN’s`` → ``STALIN``)."""
    return _POSSESSIVE.sub("", word) if lang == "en" else word


def _stems(word: str, lang: str | None) -> tuple[str, ...]:
    """The form compared for variants: a Russian word without its case ending
    (``СТАЛИНА`` → ``СТАЛИН``), so that two inflections are never variants."""
    return (min(ru_stems(word), key=len),) if lang == "ru" else (word,)


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


class VariantIndex:
    """The capitalised words of one edition, indexed for :meth:`near_variant`.

    ``counts`` maps capitalised base forms to how often they occur. Stems
    that occur at least twice are grouped by case shape and length, so a
    lookup compares a word only with stems one letter longer or shorter.
    """

    def __init__(self, counts: dict[str, int], lang: str | None) -> None:
        self.counts = counts
        self.lang = lang
        support: dict[tuple[str, str], int] = {}
        for word, n in counts.items():
            for stem in _stems(word, lang):
                key = (case_shape(word), stem)
                support[key] = support.get(key, 0) + n
        self.by_length: dict[tuple[str, int], list[tuple[str, int]]] = {}
        for (shape, stem), n in support.items():
            if n >= 2:
                self.by_length.setdefault((shape, len(stem)), []).append((stem, n))

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
        if len(base) < 4 or not looks_unknown(base, lang, is_known):
            return None
        shape = case_shape(base)
        own = self.counts.get(base, 0)
        best = None
        for stem_t in _stems(base, lang):
            if len(stem_t) < 4:
                continue
            for length in (len(stem_t) - 1, len(stem_t), len(stem_t) + 1):
                for stem_v, n in self.by_length.get((shape, length), ()):
                    if n <= own or stem_v == stem_t or not _one_typo_apart(stem_t, stem_v, lang):
                        continue
                    fixed = stem_v + base[len(stem_t):]
                    if not (fixed in self.counts or is_known(fixed, lang)):
                        continue
                    if best is None or n > best[2]:
                        best = (stem_v, fixed + word[len(base):], n)
        return best

