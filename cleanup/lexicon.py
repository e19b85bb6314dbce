"""Which words are real, and how common they are — shared by every word-level detector.

- Russian forms: pymorphy3 with its OpenCorpora dictionaries (millions of
  inflected forms, and it can inflect), because pyspellchecker's Russian list
  does not know common forms such as ``борьбе``.
- English forms: pyspellchecker's frequency list (the design's named base).
- Frequencies for both: wordfreq (Zipf scale: 7 ≈ "the", 3 ≈ once per
  million words, 0 = unseen).

Everything is loaded on first use, once per process, so a run that does not
need words (``--select whitespace``) never pays for it.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def morph():
    """The shared pymorphy3 analyzer for Russian."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


@lru_cache(maxsize=1)
def _english_words() -> frozenset[str]:
    from spellchecker import SpellChecker

    return frozenset(SpellChecker(language="en", distance=1).word_frequency.dictionary)


@lru_cache(maxsize=200_000)
def zipf(word: str, lang: str) -> float:
    """Zipf frequency of ``word`` (case-folded, ё kept) in ``lang``; 0 when unseen."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word.lower(), lang, wordlist="large")


@lru_cache(maxsize=200_000)
def is_known(word: str, lang: str) -> bool:
    """Is ``word`` (any case) a real word form of ``lang``?"""
    lower = word.lower()
    if lang == "ru":
        return morph().word_is_known(lower) or (
            "ё" not in lower and morph().word_is_known(lower.replace("е", "ё"))
        )
    if lang == "en":
        return lower in _english_words() or lower.strip("'’") in _english_words()
    return False
