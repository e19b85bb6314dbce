"""The spelling index: built once from installed packages, cached on disk.

Loading wordfreq's large Russian list takes most of a second and building a
symmetric-delete index takes seconds, too slow for a pre-commit hook. So the
first run that needs them builds compact, memory-mapped marisa tries under
the user's cache directory (``$XDG_CACHE_HOME/cleanup`` or
``~/.cache/cleanup``), keyed by the versions of the packages they come
from; later runs map them in a few milliseconds. Nothing is downloaded.

Per language:

- ``freq``: every word of wordfreq's large list → Zipf × 100 (what
  :func:`cleanup.lexicon.zipf` answers from): a trie of the words and an
  array of the values by key id.
- ``vocab``: the words a suggestion may be — frequent enough and real
  (Russian: known to pymorphy3; English: in pyspellchecker's list or common
  in wordfreq) → Zipf × 100.
- a symmetric-delete index over the first :data:`PREFIX` letters of the
  vocabulary: every string made by deleting up to :data:`MAX_DELETES`
  letters from a prefix → the ids of the prefixes it comes from. A query's
  own deletes meet these in every pair of words within two edits
  (SymSpell's idea, with prefixes shared by inflected forms stored once).
  Laid out flat so that a look-up is a few C-level calls: one marisa trie
  of the delete strings (``dkeys``), whose key id indexes an offsets array
  into one array of prefix ids (``dpids``); prefixes are numbered in sorted
  order, so a prefix's words are one run of lines of the sorted vocabulary
  (``words``, UTF-8; ``bstart``: where each run starts).
- the line table, for the compiled search: each vocabulary line's length
  in bytes and in letters and the letters it shares with the line before
  (``lines``), so that the run scan passes over a word of the wrong length,
  or one whose first letters are already too far, without reading it.
- the delete table, for the compiled search: every delete string packed
  into one number (``dcodes``, sorted; ``dletters``: each letter's place
  in the packing) with its trie key id beside it (``dcodekids``), so that
  the compiled search looks the query's delete strings up by a binary
  search in C instead of asking the trie through Python for each.
- the run records, for the compiled search: each prefix packed as the delete
  table packs its strings, with its run's longest word's length (its head),
  and beside it where its run starts in the text and in the lines
  (``runs``), so that the run scan passes over a run none of whose words
  can be within reach (by length, or because the prefix itself is already
  too far from the query) without reading its lines, and finds the run of
  one that may be in the same cache line as its head.
- Russian only, ``yofolded``: the dictionary's (pymorphy3's) forms spelt
  with ё, each with ё written е: whether a string with е is a dictionary
  form once some of its е are read as ё is one exact look-up
  (:mod:`.rareforms` asks it of a few hundred strings per word).
- Russian only, ``vgrammar``: each vocabulary word's first parse's part of
  speech and case and number grammemes (:data:`CASE_NUMBER`), by its
  ``vocabid`` key id (``vgrammar-pos``: the parts of speech by number), so
  that the search for a word's other forms does not parse each candidate;
  and ``vname``: whether that parse is a name's (:data:`NAME_GRAMMEMES`), a
  byte by key id, so that the calibration does not parse first candidates.
- ``common``: the words of ``freq`` of Zipf 4 or more (the first parts
  that two words run together may have), a trie of their own.
"""

from __future__ import annotations

from array import array
from collections import Counter
from itertools import tee
import os
from functools import lru_cache
from operator import itemgetter
from pathlib import Path

import regex

from .. import diskcache
from ..lazypattern import LazyPattern
from . import speedups

# 5: flat delete index (one trie + offset arrays) instead of four record tries
# and per-prefix blobs. 6: each line's Zipf and each run's first line, for
# the compiled search. 7: the delete table (the delete strings as sorted numbers) for the compiled search,
# and the dictionary's ё-forms spelt with е, the vocabulary's grammar, the common words. 8: the line table.
# 9: the run heads, the vocabulary's names. 10: the run records (the heads with their runs' starts).
# 11: the split table (the frequency list's words of Zipf ≥ 3 with their Zipf, for the compiled splits).
INDEX_VERSION = "11"
PREFIX = 7
MAX_DELETES = 2
DELETE_CHUNKS = 4
# Candidate vocabularies: a word must be at least this common (Zipf) to be
# suggested — rarer entries of the large lists are mostly noise and typos.
MIN_ZIPF = {"ru": 1.0, "en": 1.0}
# English words that pyspellchecker does not know are admitted when wordfreq
# sees them often (names, places, newer words).
EN_EXTRA_MIN_ZIPF = 2.5

_LETTERS = {  # (compiled when first used: only a build of the index reads words with them)
    "ru": LazyPattern(regex.compile, r"[а-яё]+(?:-[а-яё]+)*"),
    "en": LazyPattern(regex.compile, r"[a-z]+(?:'[a-z]+)?"),
}


def _versions() -> str:
    parts = [INDEX_VERSION]
    # (pymorphy3 and DAWG2 since 7: the grammar table is pymorphy3's parses, the ё-forms a DAWG.)
    parts += diskcache.versions("wordfreq", "pymorphy3-dicts-ru", "pyspellchecker", "marisa-trie", "pymorphy3", "DAWG2")
    return "-".join(p.replace(".", "_") for p in parts)


def index_dir() -> Path:
    return diskcache.cache_dir() / f"index-{_versions()}"


def _to_zipf100(freq: float) -> int:
    import math

    return max(0, min(65535, round((math.log10(freq) + 9) * 100)))


@lru_cache(maxsize=64)
def _drops(n: int, most: int) -> tuple[tuple[int, int], ...]:
    """(i, j) cut points: s[:i] + s[i+1:j] + s[j+1:] deletes letters i and j
    (j = i + 1 ... n); j == n + 1 marks "delete i only"."""
    out = []
    if most >= 1 and n - 1 >= 1:
        out += [(i, n + 1) for i in range(n)]
    if most >= 2 and n - 2 >= 1:
        out += [(i, j) for i in range(n) for j in range(i + 1, n)]
    return tuple(out)


def _deletes(s: str, most: int = MAX_DELETES) -> set[str]:
    """``s`` and every string made by deleting up to ``most`` of its letters."""
    out = {s}
    n = len(s)
    for i, j in _drops(n, most):
        out.add(s[:i] + s[i + 1:] if j > n else s[:i] + s[i + 1:j] + s[j + 1:])
    return out


def _counted_deletes(prefixes: list[str], chunks: int):
    """(string, how many prefixes make it) for every string of
    ``_deletes(p) for p in prefixes``, once: one share of them (by hash) per
    pass, so that only a share is counted in memory at a time."""
    for chunk in range(chunks):
        share = Counter(d for p in prefixes for d in _deletes(p) if hash(d) % chunks == chunk)
        yield from share.items()
        del share


def _u32(values) -> array:
    out = array("I", values)
    assert out.itemsize == 4
    return out


def _save_zipfs(target: Path, name: str, zipfs: dict[str, int]):
    """A plain trie of the words and their Zipf × 100 in its key-id order: a
    look-up is one trie call and an array index (a record trie unpacks a
    list of tuples for every look-up, several times slower)."""
    import marisa_trie

    trie = marisa_trie.Trie(zipfs)
    trie.save(str(target / f"{name}.marisa"))
    values = array("H", bytes(2 * len(trie)))
    for w, z in zipfs.items():
        values[trie[w]] = z
    with open(target / f"{name}.bin", "wb") as fh:
        values.tofile(fh)
    return trie


def _build_lang(lang: str, target: Path) -> None:
    import marisa_trie
    from wordfreq import get_frequency_dict

    freqs = get_frequency_dict(lang, "large")
    freq_zipfs = {w: _to_zipf100(f) for w, f in freqs.items()}
    _save_zipfs(target, f"freq-{lang}", freq_zipfs)
    common = marisa_trie.Trie(w for w, z in freq_zipfs.items() if z >= COMMON_ZIPF100)
    common.save(str(target / f"common-{lang}.marisa"))
    del common
    _save_split_table(target, lang, freq_zipfs)
    del freq_zipfs
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
    if lang == "ru":
        _save_yo_folded(target)
    marisa_trie.RecordTrie("<H", ((w, (z,)) for w, z in vocab.items())).save(
        str(target / f"vocab-{lang}.marisa")
    )
    vocab_ids = _save_zipfs(target, f"vocabid-{lang}", vocab)
    if lang == "ru":
        _save_grammar(target, lang, vocab_ids)
    del vocab_ids
    # Sorted: the words of one prefix are one run, and prefix ids follow the runs.
    ordered = sorted(vocab)
    prefixes: list[str] = []
    starts = []  # index in `ordered` of each prefix's first word
    longest: list[int] = []  # the letters of each prefix's longest word
    for k, w in enumerate(ordered):
        p = w[:PREFIX]
        if not prefixes or prefixes[-1] != p:
            prefixes.append(p)
            starts.append(k)
            longest.append(0)
        longest[-1] = max(longest[-1], len(w))
    starts.append(len(ordered))
    (target / f"words-{lang}.txt").write_text("".join(w + "\n" for w in ordered), encoding="utf-8")
    # Where each prefix's run starts in the text (in UTF-8 bytes; the last
    # entry is the end). Every word ends in a newline, the last one too.
    offsets_of_words = [0]
    for w in ordered:
        offsets_of_words.append(offsets_of_words[-1] + len(w.encode("utf-8")) + 1)
    run_bytes = _u32(offsets_of_words[k] for k in starts)
    with open(target / f"bstart-{lang}.bin", "wb") as fh:
        run_bytes.tofile(fh)
    # The same runs by line number, and each line's Zipf × 100: the compiled
    # search answers (distance, −Zipf, word) without a trie look-up per hit.
    with open(target / f"bline-{lang}.bin", "wb") as fh:
        _u32(starts).tofile(fh)
    with open(target / f"lzipf-{lang}.bin", "wb") as fh:
        array("H", (vocab[w] for w in ordered)).tofile(fh)
    _save_line_table(target, lang, ordered)
    del offsets_of_words
    run_lines = _u32(starts)
    del freqs, vocab, ordered, starts

    # One trie of every delete string, then its key ids → prefix ids by a
    # counting sort, in flat arrays: no per-key Python objects for millions
    # of keys. The trie is given each string once, with how often it occurs
    # as its weight (the byte-identical trie to giving every repeat, which
    # marisa would keep until it is built: ~120 MB more peak memory), a
    # share of the strings at a time.
    counted_keys, counted_weights = tee(_counted_deletes(prefixes, DELETE_CHUNKS))
    dkeys = marisa_trie.Trie((d for d, _ in counted_keys), weights=(n for _, n in counted_weights))
    dkeys.save(str(target / f"dkeys-{lang}.marisa"))
    key_of = dkeys.__getitem__
    kids = _u32(())
    owners = _u32(())
    for pid, p in enumerate(prefixes):
        for d in _deletes(p):
            kids.append(key_of(d))
            owners.append(pid)
    offsets = _u32(bytes(4 * (len(dkeys) + 1)))
    for kid in kids:
        offsets[kid + 1] += 1
    for k in range(1, len(offsets)):
        offsets[k] += offsets[k - 1]
    fill = _u32(offsets[:-1])
    pids = _u32(bytes(4 * len(kids)))
    for kid, pid in zip(kids, owners):
        pids[fill[kid]] = pid
        fill[kid] += 1
    with open(target / f"doffsets-{lang}.bin", "wb") as fh:
        offsets.tofile(fh)
    with open(target / f"dpids-{lang}.bin", "wb") as fh:
        pids.tofile(fh)
    del kids, owners, offsets, fill, pids
    _save_delete_table(target, lang, prefixes, dkeys, longest, run_bytes, run_lines)


def line_facts(words: list[str]) -> array | None:
    """The line table of sorted words: for each, its length in UTF-8 bytes
    (low byte), in letters (next byte) and the letters it shares with the
    word before it (the high half); None when a word is too long for it."""
    out = _u32(())
    before = ""
    for w in words:
        nb, n = len(w.encode("utf-8")), len(w)
        if nb > 255:
            return None
        shared, most = 0, min(n, len(before))
        while shared < most and w[shared] == before[shared]:
            shared += 1
        out.append(nb | n << 8 | shared << 16)
        before = w
    return out


def _save_line_table(target: Path, lang: str, ordered: list[str]) -> None:
    """:func:`line_facts` of the vocabulary (``lines``); not written when a
    word is too long for it (the Python search runs then)."""
    facts = line_facts(ordered)
    if facts is not None:
        with open(target / f"lines-{lang}.bin", "wb") as fh:
            facts.tofile(fh)


def _save_yo_folded(target: Path) -> None:
    """The dictionary's forms that have a ё, with е written for each ё: a
    DAWG (the C reader pymorphy3[fast] brings, whose look-up is several
    times cheaper than a marisa trie's); not written without it."""
    try:
        import dawg
    except ImportError:
        return
    from ..lexicon import morph

    forms = morph().dictionary.words
    dawg.DAWG(w.replace("ё", "е") for w in forms.iterkeys() if "ё" in w).save(str(target / "yofolded-ru.dawg"))


# Words of the frequency list at least this common (Zipf × 100) are also
# kept in a trie of their own (``common``): the first parts that
# candidates.splits_into_words tries.
COMMON_ZIPF100 = 400


# Words of the frequency list at least this common (Zipf × 100) are kept in
# the split table: the second parts that candidates.splits_into_words accepts.
SPLIT_ZIPF100 = 300


def _save_split_table(target: Path, lang: str, freq_zipfs: dict[str, int]) -> None:
    """The frequency list's words of Zipf at least :data:`SPLIT_ZIPF100` /
    100, each with its Zipf × 100, as the units of a dawgdic dictionary
    (DAWG2's IntDAWG without its 4-byte count): a table C can walk letter by
    letter, so the ``splits_in_two`` kernel finds a word's common first parts
    (Zipf ≥ :data:`COMMON_ZIPF100` / 100) and its second parts' Zipf in one
    pass, without a trie call or a look-up per cut."""
    import dawg

    table = dawg.IntDAWG((w, z) for w, z in freq_zipfs.items() if z >= SPLIT_ZIPF100)
    (target / f"split-{lang}.bin").write_bytes(table.tobytes()[4:])


# The grammemes of a vocabulary word that the grammar table keeps (and
# candidates._morph_candidates compares): case and number.
CASE_NUMBER = ("nomn", "gent", "datv", "accs", "ablt", "loct", "sing", "plur")


# The grammemes of a name (a first name, surname, patronymic, place,
# organisation, trade mark): a first parse with one is a name's.
NAME_GRAMMEMES = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"})


def _save_grammar(target: Path, lang: str, vocab_ids) -> None:
    """Each vocabulary word's first parse (pymorphy3's ``tag(word)[0]``):
    its part of speech's number (0: none) in the low byte, and a bit per
    grammeme of :data:`CASE_NUMBER` it has in the high byte, by key id;
    and whether it has a grammeme of :data:`NAME_GRAMMEMES` (1 or 0), a
    byte by key id (``vname``)."""
    from ..lexicon import morph

    tag = morph().tag
    names: list[str] = []
    number: dict[str | None, int] = {None: 0}
    codes = array("H", bytes(2 * len(vocab_ids)))
    is_name = bytearray(len(vocab_ids))
    for word, key in vocab_ids.iteritems():
        first = tag(word)[0]
        pos = first.POS
        if pos not in number:
            names.append(pos)
            number[pos] = len(names)
        grams = first.grammemes
        mask = sum(1 << bit for bit, g in enumerate(CASE_NUMBER) if g in grams)
        codes[key] = number[pos] | mask << 8
        is_name[key] = not NAME_GRAMMEMES.isdisjoint(grams)
    assert len(names) < 256
    (target / f"vgrammar-pos-{lang}.txt").write_text("".join(n + "\n" for n in names), encoding="utf-8")
    with open(target / f"vgrammar-{lang}.bin", "wb") as fh:
        codes.tofile(fh)
    (target / f"vname-{lang}.bin").write_bytes(is_name)


# A delete string packs into a 64-bit number, a byte per letter: at most this many letters.
PACKED_LETTERS = 8


def delete_letters(prefixes) -> dict[str, int]:
    """Each letter of the prefixes (the only letters a delete string has) →
    its place in the packing, 1 and up in code point order (0 ends a string)."""
    return {ch: place for place, ch in enumerate(sorted(set("".join(prefixes))), 1)}


def packed(key: str, places: dict[str, int]) -> int | None:
    """A delete string as the delete table stores it: byte i is the place of
    letter i (the first letter in the lowest byte); None when a letter has
    no place (no delete string holds it)."""
    if len(key) > PACKED_LETTERS or not all(ch in places for ch in key):
        return None
    return int.from_bytes(bytes(places[ch] for ch in key), "little")


def run_head(prefix: str, longest: int, places: dict[str, int]) -> int:
    """A prefix's run head: the prefix :func:`packed` (a byte a letter, at
    most seven) and, in the top byte, the letters of its run's longest word
    (at most 255: the line table holds no longer word)."""
    return packed(prefix, places) | min(longest, 255) << 56


def run_records(heads, run_bytes, run_lines) -> array:
    """The run records: for each prefix id, its head (:func:`run_head`) and
    then where its run starts in the text (low half) and in the lines (high
    half); after them, one record of no head whose second number is where
    the last run ends. A run's head and starts are in one place and the
    next run's starts beside them: the scan reads one cache line for a run
    where three arrays cost it three (its head, its bytes', its lines')."""
    out = array("Q")
    assert out.itemsize == 8 and len(run_bytes) == len(run_lines) == len(heads) + 1
    for head, start, line in zip([*heads, 0], run_bytes, run_lines):
        out.append(head)
        out.append(start | line << 32)
    return out


def _save_delete_table(target: Path, lang: str, prefixes: list[str], dkeys, longest: list[int], run_bytes,
                       run_lines) -> None:
    """The delete table of :mod:`._speedups`: (code point, place) of each
    letter, the packed delete strings sorted, and each one's trie key id;
    and the run records (:func:`run_records`: the run heads, in the same
    places, with where each run starts). Not written when the strings do not fit the packing
    (the compiled search then asks the trie, as the Python search does,
    and reads every run it is pointed to)."""
    places = delete_letters(prefixes)
    if PREFIX > PACKED_LETTERS or len(places) > 255:
        return
    to_places = str.maketrans({ch: chr(place) for ch, place in places.items()})
    # (packed << 32 | key id), sorted: one Python int per key (~80 MB for Russian's 1.8 M), no tuples.
    both = sorted(
        int.from_bytes(key.translate(to_places).encode("latin-1"), "little") << 32 | kid
        for key, kid in dkeys.iteritems()
    )
    with open(target / f"dletters-{lang}.bin", "wb") as fh:
        _u32(v for ch in sorted(places) for v in (ord(ch), places[ch])).tofile(fh)
    with open(target / f"dcodes-{lang}.bin", "wb") as fh:
        codes = array("Q", (x >> 32 for x in both))
        assert codes.itemsize == 8
        codes.tofile(fh)
        del codes
    with open(target / f"dcodekids-{lang}.bin", "wb") as fh:
        _u32(x & 0xFFFFFFFF for x in both).tofile(fh)
    if PREFIX < PACKED_LETTERS:  # the top byte is the length's
        heads = [run_head(p, n, places) for p, n in zip(prefixes, longest)]
        with open(target / f"runs-{lang}.bin", "wb") as fh:
            run_records(heads, run_bytes, run_lines).tofile(fh)


def build(target: Path | None = None) -> Path:
    """Build the index into ``target`` (default: the cache), atomically."""

    def fill(folder: Path) -> None:
        for lang in ("ru", "en"):
            _build_lang(lang, folder)

    return diskcache.build_once(target or index_dir(), fill, "building the spelling index (about a minute)")


# The longest query the compiled search takes (a row of its table is one
# 64-bit word, column 0 included); a longer one (no word is that long) is searched in Python.
COMPILED_LETTERS = 63
# The farthest search the compiled one makes (a row keeps a mask per
# distance up to it); a farther one (no caller asks for more than
# MAX_DELETES) is searched in Python.
COMPILED_REACH = 3

# Searches after which a language's search tables are read into memory.
WARM_SEARCHES = 50


def _mapped(path: Path):
    """A file's bytes, memory-mapped read-only (bytes when it is empty)."""
    import mmap

    with open(path, "rb") as fh:
        if os.fstat(fh.fileno()).st_size == 0:
            return b""
        return mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)


def _array(path: Path, code: str):
    """A read-only memory-mapped array of fixed-size numbers (no copy)."""
    return memoryview(_mapped(path)).cast(code)


def _read_array(path: Path) -> array:
    values = array("I")
    values.frombytes(path.read_bytes())
    return values


class LangIndex:
    """The memory-mapped tries and arrays of one language."""

    def __init__(self, directory: Path, lang: str) -> None:
        import marisa_trie

        def load(kind: str, trie):
            trie.mmap(str(directory / f"{kind}-{lang}.marisa"))
            return trie

        self.lang = lang
        self._dir = directory
        self.freq = load("freq", marisa_trie.Trie())
        self.freq_zipf = _array(directory / f"freq-{lang}.bin", "H")
        self.vocab = load("vocab", marisa_trie.RecordTrie("<H"))
        self.vocab_ids = load("vocabid", marisa_trie.Trie())
        self.vocab_zipfs = _array(directory / f"vocabid-{lang}.bin", "H")
        self.dkeys = load("dkeys", marisa_trie.Trie())
        # English forms pyspellchecker knows (what `is_known(.., "en")` means).
        self.speller = load("speller", marisa_trie.Trie()) if lang == "en" else None
        self._searches = 0
        self._runs: list[str | None] | None = None
        self._tables: tuple | None = None
        self._mapped: tuple | None = None
        self._in_memory = False
        self._delete_table: tuple | None | bool = False  # False: not looked for yet
        self._run_heads: tuple | None | bool = False  # the same
        self._yo_folded = False  # the same
        self._grammar: tuple | None | bool = False  # the same
        self._names: tuple | None | bool = False  # the same
        self._common = False  # the same
        self._split_table: memoryview | None | bool = False  # the same

    def _search_tables(self) -> tuple:
        """(vocabulary text, where each prefix's run starts in it, delete key
        id → offsets into the prefix ids, the prefix ids).

        Memory-mapped at first: a small file asks for a few words, and
        reading tens of MB for them would cost more than the search. After
        :data:`WARM_SEARCHES` searches they are read into memory, where
        slicing and indexing are several times cheaper than through a map."""
        if self._tables is None or (not self._in_memory and self._searches > WARM_SEARCHES):
            directory, lang = self._dir, self.lang
            if self._searches > WARM_SEARCHES:
                text = (directory / f"words-{lang}.txt").read_bytes()
                starts = _read_array(directory / f"bstart-{lang}.bin").tolist()  # a list: no int made per look-up
                offsets = _read_array(directory / f"doffsets-{lang}.bin")
                owners = _read_array(directory / f"dpids-{lang}.bin")
                self._in_memory = True
                # Each run decoded once, when a search first asks for it
                # (bounded by the vocabulary: ~30 MB when every run is asked).
                self._runs = [None] * (len(starts) - 1)
            else:
                text, starts, offsets, owners = self._mapped_tables()[:4]
            self._tables = (text, starts, offsets, owners)
        return self._tables

    def _mapped_tables(self) -> tuple:
        """The search tables memory-mapped: what the compiled search reads
        (straight from the map, so never copied into memory); the last, the
        line table, None when the index has none."""
        if self._mapped is None:
            directory, lang = self._dir, self.lang
            try:
                lines = _array(directory / f"lines-{lang}.bin", "I")
            except (OSError, TypeError, ValueError):
                lines = None
            self._mapped = (
                _mapped(directory / f"words-{lang}.txt"),
                _array(directory / f"bstart-{lang}.bin", "I"),
                _array(directory / f"doffsets-{lang}.bin", "I"),
                _array(directory / f"dpids-{lang}.bin", "I"),
                _array(directory / f"bline-{lang}.bin", "I"),
                _array(directory / f"lzipf-{lang}.bin", "H"),
                lines,
            )
        return self._mapped

    def compiled_search(self) -> bool:
        """Can the compiled search read this index (it needs the line table)?"""
        return self._mapped_tables()[6] is not None

    def delete_table(self) -> tuple | None:
        """(letters, packed delete strings, their key ids), memory-mapped:
        what the compiled search looks the query's delete strings up in;
        None when the index has none (the trie is asked instead)."""
        if self._delete_table is False:
            directory, lang = self._dir, self.lang
            try:
                self._delete_table = (
                    _array(directory / f"dletters-{lang}.bin", "I"),
                    _array(directory / f"dcodes-{lang}.bin", "Q"),
                    _array(directory / f"dcodekids-{lang}.bin", "I"),
                )
            except (OSError, TypeError, ValueError):
                self._delete_table = None
        return self._delete_table

    def run_heads(self) -> tuple | None:
        """(the delete table's letters, the run records by prefix id: see
        :func:`run_records`), memory-mapped: what lets the compiled search pass
        over runs without reading them; None when the index has none."""
        if self._run_heads is False:
            table = self.delete_table()
            try:
                self._run_heads = None if table is None else (table[0], _array(self._dir / f"runs-{self.lang}.bin", "Q"))
            except (OSError, TypeError, ValueError):
                self._run_heads = None
        return self._run_heads

    def yo_folded(self):
        """The DAWG of the dictionary's forms with a ё, ё written е (Russian;
        None for English, or when it could not be built or read)."""
        if self._yo_folded is False:
            self._yo_folded = None
            path = self._dir / f"yofolded-{self.lang}.dawg"
            if path.exists():
                try:
                    import dawg

                    self._yo_folded = dawg.DAWG().load(str(path))
                except (ImportError, OSError, ValueError):
                    pass
        return self._yo_folded

    def common_words(self):
        """The trie of the frequency list's words of Zipf at least
        :data:`COMMON_ZIPF100` / 100, or None when the index has none."""
        if self._common is False:
            import marisa_trie

            path = self._dir / f"common-{self.lang}.marisa"
            self._common = None
            if path.exists():
                common = marisa_trie.Trie()
                common.mmap(str(path))
                self._common = common
        return self._common

    def split_table(self):
        """The units of the split table (see :func:`_save_split_table`),
        memory-mapped, or None when the index has none."""
        if self._split_table is False:
            try:
                table = _array(self._dir / f"split-{self.lang}.bin", "I")
                self._split_table = table if len(table) else None
            except (OSError, TypeError, ValueError):
                self._split_table = None
        return self._split_table

    def grammar_table(self) -> tuple | None:
        """(the parts of speech by number, None first; each vocabulary
        word's code by key id: see :func:`_save_grammar`; the sets of
        :data:`CASE_NUMBER` grammemes by mask), or None when the index has none."""
        if self._grammar is False:
            self._grammar = None
            directory, lang = self._dir, self.lang
            try:
                names = (directory / f"vgrammar-pos-{lang}.txt").read_text(encoding="utf-8").split("\n")[:-1]
                codes = _array(directory / f"vgrammar-{lang}.bin", "H")
            except (OSError, TypeError, ValueError):
                return None
            masks = tuple(frozenset(g for bit, g in enumerate(CASE_NUMBER) if mask >> bit & 1) for mask in range(256))
            self._grammar = ((None, *names), codes, masks)
        return self._grammar

    def name_table(self) -> tuple | None:
        """(the vocabulary's key ids' get, each one's name flag by key id: see
        :func:`_save_grammar`), or None when the index has none (English)."""
        if self._names is False:
            try:
                self._names = (self.vocab_ids.get, _mapped(self._dir / f"vname-{self.lang}.bin"))
            except (OSError, ValueError):
                self._names = None
        return self._names

    def zipf(self, word: str) -> float:
        hit = self.freq.get(word)
        return self.freq_zipf[hit] / 100 if hit is not None else 0.0

    def vocab_zipf(self, word: str) -> float | None:
        hit = self.vocab_ids.get(word)
        return self.vocab_zipfs[hit] / 100 if hit is not None else None

    def near(self, word: str, max_distance: int = MAX_DELETES) -> dict[str, tuple[int, float]]:
        """Vocabulary words within ``max_distance`` edits (optimal string
        alignment) of ``word`` → (distance, Zipf)."""
        return {w: (d, -negz) for d, negz, w in self.close(word, max_distance)}

    def close(self, word: str, max_distance: int = MAX_DELETES) -> list[tuple[int, float, str]]:
        """What :meth:`near` finds, as (distance, −Zipf, word), nearest and
        then most common first: the order the search weighs them in.

        With the optional extension built, the runs are scanned in C
        (:func:`_speedups.close_hits`: the same hits as the Python below,
        which reads every run; the C scan passes over the runs whose heads
        say they hold no word within reach, see :meth:`run_heads`)."""
        self._searches += 1
        kernel = speedups.compiled()
        if (kernel is not None and len(word) <= COMPILED_LETTERS and max_distance <= COMPILED_REACH
                and self.compiled_search()):
            return self._close_compiled(kernel, word, max_distance)
        return self._close_python(word, max_distance)

    def _close_compiled(self, kernel, word: str, max_distance: int) -> list[tuple[int, float, str]]:
        """:meth:`close` with the runs scanned in C."""
        text, starts, offsets, owners, first_lines, line_zipfs, lines = self._mapped_tables()
        table = self.delete_table()
        if table is not None:
            kids = kernel.delete_kids(word, PREFIX, max_distance, table)
        else:
            get = self.dkeys.get
            kids = [kid for kid in map(get, _deletes(word[:PREFIX], max_distance)) if kid is not None]
        out = kernel.close_hits(word, max_distance, PREFIX, kids, offsets, owners, starts, text,
                                first_lines, line_zipfs, lines, self.run_heads())
        out.sort()
        return out

    def weigh_close(self, kernel, model, word: str, max_distance: int, max_quick: int, max_weighed: int,
                    freq_weight: float) -> tuple[tuple[float, str], ...]:
        """:meth:`close`'s hits, the word itself left out, ranked and cut in C
        (:func:`_speedups.weigh_close`, which also makes the query's delete
        strings and looks them up in the delete table, or asks the delete
        trie for them when the index has no table): what
        ``candidates._to_weigh`` makes of them, without a Python object for
        the hits it drops. (Only when :meth:`compiled_search`.)"""
        self._searches += 1
        text, starts, offsets, owners, first_lines, line_zipfs, lines = self._mapped_tables()
        table = self.delete_table()
        return kernel.weigh_close(model, word, max_distance, PREFIX, self.dkeys.get if table is None else table,
                                  offsets, owners, starts, text, first_lines, line_zipfs, lines, self.run_heads(),
                                  max_quick, max_weighed, freq_weight)

    def _close_python(self, word: str, max_distance: int) -> list[tuple[int, float, str]]:
        """:meth:`close` in Python: the reference of the compiled search."""
        text, starts, offsets, owners = self._search_tables()
        head = word[:PREFIX]
        get = self.dkeys.get
        pids: set[int] = set()
        for d in _deletes(head, max_distance):
            kid = get(d)
            if kid is not None:
                pids.update(owners[offsets[kid]:offsets[kid + 1]])
        if not pids:
            return []
        # Each prefix's words are one run of lines (each ending in a newline):
        # the runs gathered by one C call (decoded the first time they are
        # asked for), one split, and the distances in C.
        runs = self._runs
        if runs is None:  # still memory-mapped
            pool = b"".join([text[starts[p]:starts[p + 1]] for p in pids]).decode("utf-8").split("\n")
        else:
            order = tuple(pids)
            got = itemgetter(*order)(runs) if len(order) > 1 else (runs[order[0]],)
            if None in got:
                got = list(got)
                for k, run in enumerate(got):
                    if run is None:
                        p = order[k]
                        got[k] = runs[p] = text[starts[p]:starts[p + 1]].decode("utf-8")
            pool = "".join(got).split("\n")
        pool.pop()  # after the last newline
        from rapidfuzz import process  # (here: the compiled search needs no rapidfuzz, and its imports are ~30 M)
        from rapidfuzz.distance import OSA

        hits = process.extract(word, pool, scorer=OSA.distance, score_cutoff=max_distance, limit=None)
        # Every word within reach, whatever its prefix's distance to the
        # query's: two letters left out near the start (пролжительность for
        # продолжительность) shift the prefix window by two, and a prefix
        # filter of "one more than asked" lost them.
        vocab_id, zipfs = self.vocab_ids.get, self.vocab_zipfs
        out = [(int(d), -(zipfs[vocab_id(w)] / 100), w) for w, d, _ in hits]
        out.sort()
        return out

    def with_prefix(self, prefix: str) -> list[str]:
        return self.vocab.keys(prefix)


@lru_cache(maxsize=1)
def _directory() -> Path:
    try:
        directory = build()
        diskcache.mark_used(directory)
        return directory
    except OSError:
        # No writable cache (read-only home): build once into a temporary directory.
        import tempfile  # (here: ~4 M instructions of every start otherwise)

        return build(Path(tempfile.mkdtemp(prefix="cleanup-index-")) / "index")


@lru_cache(maxsize=4)
def get(lang: str) -> LangIndex:
    return LangIndex(_directory(), lang)
