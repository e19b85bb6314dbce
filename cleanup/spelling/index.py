"""The spelling index: built once from installed packages, cached on disk.

Loading wordfreq's large Russian list takes most of a second and building a
symmetric-delete index takes seconds, too slow for a pre-commit hook. So the
first run that needs them builds compact, memory-mapped marisa tries under
the user's cache directory (``$XDG_CACHE_HOME/cleanup`` or
``~/.cache/cleanup``), keyed by the versions of the packages they come
from; later runs map them in a few milliseconds. Nothing is downloaded.

Per language:

- ``freq``: every word of wordfreq's large list → Zipf × 100 (what
  :func:`cleanup.lexicon.zipf` answers from).
- ``vocab``: the words a suggestion may be — frequent enough and real
  (Russian: known to pymorphy3; English: in pyspellchecker's list or common
  in wordfreq) → Zipf × 100.
- ``deletes``: symmetric-delete index over the first :data:`PREFIX` letters
  of the vocabulary: every string made by deleting up to
  :data:`MAX_DELETES` letters from a prefix → that prefix's id in
  ``prefixes``. A query's own deletes meet these in every pair of words
  within two edits (SymSpell's idea, with prefixes shared by inflected
  forms stored once).
"""

from __future__ import annotations

import importlib.metadata
from array import array
import os
import sys
import tempfile
from functools import lru_cache
from itertools import combinations
from pathlib import Path

import regex
from rapidfuzz import process
from rapidfuzz.distance import OSA

INDEX_VERSION = "4"
PREFIX = 7
MAX_DELETES = 2
DELETE_CHUNKS = 4
# Candidate vocabularies: a word must be at least this common (Zipf) to be
# suggested — rarer entries of the large lists are mostly noise and typos.
MIN_ZIPF = {"ru": 1.0, "en": 1.0}
# English words that pyspellchecker does not know are admitted when wordfreq
# sees them often (names, places, newer words).
EN_EXTRA_MIN_ZIPF = 2.5

_LETTERS = {
    "ru": regex.compile(r"[а-яё]+(?:-[а-яё]+)*"),
    "en": regex.compile(r"[a-z]+(?:'[a-z]+)?"),
}


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "cleanup"


def _versions() -> str:
    parts = [INDEX_VERSION]
    for dist in ("wordfreq", "pymorphy3-dicts-ru", "pyspellchecker", "marisa-trie"):
        try:
            parts.append(importlib.metadata.version(dist))
        except importlib.metadata.PackageNotFoundError:
            parts.append("none")
    return "-".join(p.replace(".", "_") for p in parts)


def index_dir() -> Path:
    return cache_dir() / f"index-{_versions()}"


def _to_zipf100(freq: float) -> int:
    import math

    return max(0, min(65535, round((math.log10(freq) + 9) * 100)))


def _deletes(s: str, most: int = MAX_DELETES) -> set[str]:
    out = {s}
    n = len(s)
    for k in range(1, most + 1):
        if n - k < 1:
            break
        for drop in combinations(range(n), k):
            out.add("".join(ch for i, ch in enumerate(s) if i not in drop))
    return out


def _build_lang(lang: str, target: Path) -> None:
    import marisa_trie
    from wordfreq import get_frequency_dict

    freqs = get_frequency_dict(lang, "large")
    marisa_trie.RecordTrie("<H", ((w, (_to_zipf100(f),)) for w, f in freqs.items())).save(
        str(target / f"freq-{lang}.marisa")
    )
    letters = _LETTERS[lang]
    min100 = MIN_ZIPF[lang] * 100
    vocab: dict[str, int] = {}
    if lang == "ru":
        from ..lexicon import morph

        known = morph().word_is_known
        for w, f in freqs.items():
            z = _to_zipf100(f)
            if z >= min100 and letters.fullmatch(w) and known(w):
                vocab[w] = z
    else:
        from spellchecker import SpellChecker

        speller = set(SpellChecker(language="en", distance=1).word_frequency.dictionary)
        marisa_trie.Trie(speller).save(str(target / "speller-en.marisa"))
        for w, f in freqs.items():
            z = _to_zipf100(f)
            if letters.fullmatch(w) and (
                (z >= min100 and w in speller) or z >= EN_EXTRA_MIN_ZIPF * 100
            ):
                vocab[w] = z
    marisa_trie.RecordTrie("<H", ((w, (z,)) for w, z in vocab.items())).save(
        str(target / f"vocab-{lang}.marisa")
    )
    by_prefix: dict[str, list[str]] = {}
    for w in vocab:
        by_prefix.setdefault(w[:PREFIX], []).append(w)
    prefixes = marisa_trie.Trie(by_prefix)
    prefixes.save(str(target / f"prefixes-{lang}.marisa"))
    # prefix → its words, one blob each, so a look-up is one call and a split.
    marisa_trie.BytesTrie(
        (p, "\n".join(ws).encode("utf-8") + b"\0" + array("H", (vocab[w] for w in ws)).tobytes())
        for p, ws in by_prefix.items()
    ).save(str(target / f"members-{lang}.marisa"))
    del by_prefix

    del freqs, vocab

    def pairs(chunk: int):
        for p in prefixes.iterkeys():
            pid = prefixes[p]
            if pid % DELETE_CHUNKS == chunk:
                for d in _deletes(p):
                    yield d, (pid,)

    # In parts: the trie builder holds all its keys in memory at once, and
    # one part of the Russian deletes alone is a few hundred MB.
    for chunk in range(DELETE_CHUNKS):
        marisa_trie.RecordTrie("<I", pairs(chunk)).save(str(target / f"deletes{chunk}-{lang}.marisa"))


def build(target: Path | None = None) -> Path:
    """Build the index into ``target`` (default: the cache), atomically."""
    target = target or index_dir()
    if (target / "done").exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    import fcntl
    import shutil

    # One builder at a time: parallel workers (-j) of a first run wait for
    # the first one instead of each spending a minute and 300 MB on a copy.
    with open(target.parent / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (target / "done").exists():
            return target
        sys.stderr.write(
            f"cleanup: building the spelling index once, in {target.parent} (about a minute)\n"
        )
        tmp = Path(tempfile.mkdtemp(prefix=".building-", dir=target.parent))
        for lang in ("ru", "en"):
            _build_lang(lang, tmp)
        (tmp / "done").write_text(_versions() + "\n")
        try:
            os.replace(tmp, target)
        except OSError:  # another process won the race: use its copy
            shutil.rmtree(tmp, ignore_errors=True)
    # Indexes of older package versions are dead weight (tens of MB each).
    for old in target.parent.glob("index-*"):
        if old != target and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
    return target


class LangIndex:
    """The memory-mapped tries of one language."""

    def __init__(self, directory: Path, lang: str) -> None:
        import marisa_trie

        def load(kind: str, trie):
            trie.mmap(str(directory / f"{kind}-{lang}.marisa"))
            return trie

        self.lang = lang
        self.freq = load("freq", marisa_trie.RecordTrie("<H"))
        self.vocab = load("vocab", marisa_trie.RecordTrie("<H"))
        self.prefixes = load("prefixes", marisa_trie.Trie())
        self.members = load("members", marisa_trie.BytesTrie())
        self.deletes = [load(f"deletes{k}", marisa_trie.RecordTrie("<I")) for k in range(DELETE_CHUNKS)]
        # English forms pyspellchecker knows (what `is_known(.., "en")` means).
        self.speller = load("speller", marisa_trie.Trie()) if lang == "en" else None

    def zipf(self, word: str) -> float:
        hit = self.freq.get(word)
        return hit[0][0] / 100 if hit else 0.0

    def vocab_zipf(self, word: str) -> float | None:
        hit = self.vocab.get(word)
        return hit[0][0] / 100 if hit else None

    def near(self, word: str, max_distance: int = MAX_DELETES) -> dict[str, tuple[int, float]]:
        """Vocabulary words within ``max_distance`` edits (optimal string
        alignment) of ``word`` → (distance, Zipf)."""
        restore = self.prefixes.restore_key
        members = self.members
        pids: set[int] = set()
        keys = _deletes(word[:PREFIX], max_distance)
        for part in self.deletes:
            get = part.get
            for d in keys:
                for (pid,) in get(d, ()):
                    pids.add(pid)
        head = word[:PREFIX]
        pool: list[str] = []
        zipfs = array("H")
        for pid in pids:
            prefix = restore(pid)
            # Deletes on both sides also meet prefixes further apart than
            # wanted; one more than asked leaves room for an edit that shifts
            # the prefix window.
            if OSA.distance(head, prefix, score_cutoff=max_distance + 1) > max_distance + 1:
                continue
            words_, _, zs = members[prefix][0].partition(b"\0")
            pool.extend(words_.decode("utf-8").split("\n"))
            zipfs.frombytes(zs)
        hits = process.extract(word, pool, scorer=OSA.distance, score_cutoff=max_distance, limit=None)
        return {w: (int(d), zipfs[k] / 100) for w, d, k in hits}

    def with_prefix(self, prefix: str) -> list[str]:
        return self.vocab.keys(prefix)


@lru_cache(maxsize=1)
def _directory() -> Path:
    try:
        return build()
    except OSError:
        # No writable cache (read-only home): build once into a temporary directory.
        return build(Path(tempfile.mkdtemp(prefix="cleanup-index-")) / "index")


@lru_cache(maxsize=4)
def get(lang: str) -> LangIndex:
    return LangIndex(_directory(), lang)
