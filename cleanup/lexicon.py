"""Which words are real, and how common they are — shared by every word-level detector.

- Russian forms: pymorphy3 with its OpenCorpora dictionaries (millions of
  inflected forms, and it can inflect), because pyspellchecker's Russian list
  does not know common forms such as ``борьбе``.
- English forms: pyspellchecker's word list (the design's named base).
- Frequencies for both: wordfreq's large lists (Zipf scale: 7 ≈ "the",
  3 ≈ once per million words, 0 = unseen).

Loading wordfreq's Russian list takes most of a second and pyspellchecker's
a quarter, so both are read from the memory-mapped spelling index
(:mod:`cleanup.spelling.index`), built once from those installed packages
and cached on disk. Everything is loaded on first use, once per process, so
a run that does not need words (``--select whitespace``) never pays for it.
"""

from __future__ import annotations

import math
from functools import lru_cache


@lru_cache(maxsize=1)
def morph():
    """The shared pymorphy3 analyzer for Russian."""
    import pymorphy3

    try:
        import pymorphy3_dicts_ru
    except ImportError:  # (another package may provide the "ru" dictionaries: pymorphy3 finds it)
        return pymorphy3.MorphAnalyzer(lang="ru")
    # The dictionaries' folder is given, not looked up: to find it, pymorphy3
    # reads the entry points of every installed distribution
    # (importlib.metadata), ~100 M instructions, a tenth of a one-file check,
    # and finds this folder (the "ru" entry point is this package's).
    return pymorphy3.MorphAnalyzer(path=pymorphy3_dicts_ru.get_path(), lang="ru")


_INDEXES: dict = {}


def _index(lang: str):
    idx = _INDEXES.get(lang)
    if idx is None:
        from .spelling import index

        idx = _INDEXES[lang] = index.get(lang)
    return idx


@lru_cache(maxsize=200_000)
def zipf(word: str, lang: str) -> float:
    """Zipf frequency of ``word`` (case-folded, ё kept) in ``lang``; 0 when unseen.

    Equals ``wordfreq.zipf_frequency(word, lang, wordlist="large")`` for
    words of letters; a hyphenated word combines its parts as wordfreq does
    (1/f = Σ 1/fᵢ)."""
    if lang not in ("ru", "en"):
        return 0.0
    lower = word.lower()
    idx = _index(lang)
    if "-" not in lower:
        return idx.zipf(lower)
    parts = lower.replace("’", "'").split("-")
    inverse = 0.0
    for part in parts:
        z = idx.zipf(part)
        if z <= 0:
            return 0.0
        inverse += 1.0 / 10 ** (z - 9)
    return round(math.log10(1.0 / inverse) + 9, 2)


@lru_cache(maxsize=1)
def russian_form_test():
    """``is_known(w, "ru")`` of a lower-case ``w``, as one function without
    is_known's cache: for a caller that maps it over many strings (the
    boundary detectors' joins and edits)."""
    words = morph().dictionary.words
    similar, substitutes = words.similar_keys, morph().char_substitutes
    # Exact look-up first: half the cost. pymorphy3's ё-blind look-up (it
    # tries every е as ё too: its "ru" substitutes are е → ё, so the
    # spelling with all of them ё is among the ones tried; its
    # word_is_known) walks the dictionary in Python, ~50 times dearer than
    # the exact one. It can say yes only to a form spelt with ё: so it is
    # asked only when the word has an е and the dictionary's ё-forms with е
    # written for each ё (the spelling index's folded forms, when it has
    # them) hold the word with its own ё written е too.
    folded = _index("ru").yo_folded()
    if folded is None:
        return lambda w: w in words or ("е" in w and bool(similar(w, substitutes)))
    return lambda w: w in words or ("е" in w and w.replace("ё", "е") in folded and bool(similar(w, substitutes)))


@lru_cache(maxsize=2)
def exact_lookup(lang: str):
    """The membership test :func:`is_known` asks first of a lower-case word
    of ``lang`` (``ru`` or ``en``): whose yes is its yes, and which a caller
    can map over many words in one C-level pass, asking ``is_known`` only
    of the rest."""
    if lang == "ru":
        return morph().dictionary.words.__contains__
    return _index("en").speller.__contains__


@lru_cache(maxsize=200_000)
def is_known(word: str, lang: str) -> bool:
    """Is ``word`` (any case) a real word form of ``lang``?"""
    lower = word.lower()
    if lang == "ru":
        return russian_form_test()(lower)
    if lang == "en":
        speller = _index("en").speller
        return lower in speller or lower.strip("'’") in speller
    return False
