"""Suggestions for one word: generate from the index, rank by the error model
and frequency (a noisy channel), and describe the evidence as features for
the calibration.
"""

from __future__ import annotations

import re
from functools import lru_cache, partial
from itertools import compress, islice, product
from operator import attrgetter

import regex


from .. import lexicon
from ..grammar import morph as grammar_morph
from ..lazypattern import LazyPattern
from ..valueclass import ValueClass
from . import errormodel, index, ocr, rareforms, speedups

# Rank = error cost − FREQ_WEIGHT × Zipf: one Zipf step (ten times more
# common) is worth this much of an edit.
FREQ_WEIGHT = 0.3
MAX_COST = 2.0
SHORT = 4
MAX_QUICK = 60  # candidates ranked by the quick bound
MAX_WEIGHED = 8  # of which the best few get the exact distance
# A word form wordfreq has never seen (Zipf below this) is suspicious even
# when the morphology knows it: проголосивших (from "проголосить", to wail)
# is a real form nobody writes, where проголосовавших was meant.
RARE_KNOWN_ZIPF = 0.5
# A known word shorter than this is never questioned.
SHORT_KNOWN = 6
# A suspicious known word is only questioned in favour of a much more common one.
RARE_KNOWN_MIN_GAIN = 2.5
# An unknown word whose best candidate costs more than this (a far word,
# not one cheap slip) is also looked up among the forms the morphology
# knows but the index lacks (:mod:`.rareforms`): a near rare form may be meant.
# (On the even dev rows: at SOFT_SLIP, 0.82, a far-ish best such as
# расставаньем for раставаньям, 0.7, hid the rare form; below 0.5 the search
# ran on more words and found only wrong ones. Words of 6 letters gained nothing.)
RARE_FORM_SEARCH_COST = 0.5
RARE_FORM_MIN_LENGTH = 7


class Candidate(ValueClass):
    """One suggestion for a word: ``word`` (lower case), its error ``cost``,
    its ``zipf`` and where it comes from (``kind``: edit | morph | hyphen |
    elongation | rewrite | rare — a form the index lacks, its ``zipf``
    estimated by :mod:`.rareforms`). Not to be changed once made (it is cached and
    shared).

    A plain class rather than a frozen dataclass: a few are made for every
    analysed word, and a frozen dataclass sets each field through
    ``object.__setattr__``; ``rank``, asked several times per candidate by
    :func:`analyse`, is worked out once here. Equality, hash and repr are a
    dataclass's (the four fields)."""

    __slots__ = ("word", "cost", "zipf", "kind", "rank")

    def __init__(self, word: str, cost: float, zipf: float, kind: str = "edit") -> None:
        self.word = word
        self.cost = cost
        self.zipf = zipf
        self.kind = kind
        self.rank = cost - FREQ_WEIGHT * zipf  # the noisy channel: error cost less frequency

    _FIELD_NAMES = ("word", "cost", "zipf", "kind")

    def _fields(self) -> tuple:
        return (self.word, self.cost, self.zipf, self.kind)


class Analysis(ValueClass):
    """A questionable word, its ranked candidates and the evidence: ``word``
    (lower case), ``lang``, ``known`` (a real form that is merely very
    rare), ``splits`` (two common words run together), ``zipf`` (of the word
    itself) and ``candidates`` (a tuple, best first). Not to be changed once
    made (it is cached and shared).

    A plain class, as :class:`Candidate` is and for the same reason (one is
    made for every analysed word; a frozen dataclass sets each of the six
    fields through ``object.__setattr__``). Equality, hash and repr are a
    dataclass's (the six fields)."""

    __slots__ = ("word", "lang", "known", "splits", "zipf", "candidates")

    def __init__(self, word: str, lang: str, known: bool, splits: bool, zipf: float,
                 candidates: tuple[Candidate, ...]) -> None:
        self.word = word
        self.lang = lang
        self.known = known
        self.splits = splits
        self.zipf = zipf
        self.candidates = candidates

    _FIELD_NAMES = ("word", "lang", "known", "splits", "zipf", "candidates")

    def _fields(self) -> tuple:
        return (self.word, self.lang, self.known, self.splits, self.zipf, self.candidates)

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None

    @property
    def margin(self) -> float:
        """How much better the first candidate ranks than the second."""
        if len(self.candidates) < 2:
            return 3.0
        return min(3.0, self.candidates[1].rank - self.candidates[0].rank)


@lru_cache(maxsize=4096)
def _edit_candidates(word: str, lang: str) -> tuple[Candidate, ...]:
    """Vocabulary words within reach of ``word``, weighed by the error model."""
    return tuple(_edit_candidates_where(word, lang))


@lru_cache(maxsize=1024)
def _to_weigh(word: str, lang: str) -> tuple[tuple[float, str, float], ...]:
    """(Zipf, word, error cost) of the vocabulary words :func:`_edit_candidates`
    weighs: the nearest and most common few within reach. Cached: the parts
    of hyphenated words repeat (ели-ели asks for ели twice)."""
    # A short word has a crowd of neighbours two edits away: one edit only.
    reach = 1 if len(word) <= SHORT else 2
    kernel = speedups.compiled()
    idx = index.get(lang)
    if (kernel is not None and len(word) <= errormodel.QUICK_IN_C - reach and word == word.lower()
            and idx.compiled_search()):
        # All of what follows, in one C call (the same tuple).
        return idx.weigh_close(kernel, errormodel._compiled_model(), word, reach, MAX_QUICK, MAX_WEIGHED,
                               FREQ_WEIGHT)
    return _to_weigh_python(word, lang, reach)


def _to_weigh_python(word: str, lang: str, reach: int) -> tuple[tuple[float, str, float], ...]:
    """:func:`_to_weigh` in Python: the reference of ``_speedups.weigh_close``."""
    # (distance, −Zipf, word), sorted: the nearest and most common first.
    close = index.get(lang).close(word, reach)
    # The word itself (a known word is in the vocabulary) is the one at
    # distance 0, so first: left out without copying the whole list.
    skip = 1 if close and close[0][2] == word else 0
    cost = errormodel.cost
    # The weighted distance is dear: weigh only the nearest and most common few.
    if len(close) - skip <= MAX_WEIGHED:
        return tuple((-z, c, cost(word, c)) for _, z, c in close[skip:])
    quick = errormodel.quick_cost
    ranked = sorted((quick(word, c) + FREQ_WEIGHT * z, c, z) for _, z, c in close[skip:skip + MAX_QUICK])
    return tuple((-z, c, cost(word, c)) for _, c, z in ranked[:MAX_WEIGHED])


def _known_edit_candidates(word: str, lang: str, floor: float) -> tuple[list[Candidate], list[float]]:
    """For a known word, which keeps only candidates at least ``floor``
    common: :func:`_edit_candidates` of that Zipf; and the error costs of
    the rarer words it would have weighed too (only whether one of them is
    near may be asked)."""
    kept, rarer = [], []
    for z, c, weighed in _to_weigh(word, lang):
        if z >= floor:
            if weighed <= MAX_COST:
                kept.append(Candidate(c, weighed, z))
        else:
            rarer.append(weighed)
    return kept, rarer


_CASE_NUMBER = frozenset(index.CASE_NUMBER)


def _morph_candidates(word: str, floor: float | None = None) -> list[Candidate]:
    """Forms built on the same stem with the same grammar: a wrongly formed
    word (проголосивших for проголосовавших) is often far in letters but
    shares its stem and its case and number with the intended form. With a
    ``floor``, only forms at least that common (Zipf)."""
    if len(word) < 8:
        return []
    idx = index.get("ru")
    stem = word[: max(6, len(word) - 6)]
    # The stem's words that may be offered, first: about half the time there
    # are none, and then the word's own parse (a guess by analogy for an
    # unknown word, the dearest step) is not needed.
    near = []
    # Each word's key id gives its Zipf (idx.vocab_zipf) and its grammar.
    zipfs = idx.vocab_zipfs
    for c, key in _stem_words(idx, stem):
        if c == word or abs(len(c) - len(word)) > 4:
            continue
        zipf = (zipfs[key] / 100 if key is not None else None) or 0.0
        if floor is not None and not zipf >= floor:
            continue
        near.append((c, zipf, key))
    if not near:
        return []
    tag = _first_tag(word)
    pos = tag.POS
    if pos is None:
        return []
    # (A plain str: pymorphy3's typed grammeme compares in Python, checking
    # the other side is a part of speech, once per near word below.)
    pos = str(pos)
    want = _CASE_NUMBER & tag.grammemes
    # The candidates' grammar from the index's table (what _grammar
    # answers, made when the index was built), else parsed here.
    table = idx.grammar_table()
    out = []
    for c, zipf, key in near:
        if table is not None and key is not None:
            names, codes, masks = table
            code = codes[key]
            cpos, cgrams = names[code & 0xFF], masks[code >> 8]
        else:
            cpos, cgrams = _grammar(c)
        if cpos != pos or not want <= cgrams:
            continue
        raw = errormodel.cost(word, c)
        out.append(Candidate(c, round(min(2.5, 1.0 + 0.35 * raw), 3), zipf, "morph"))
    return out


def _first_tag(word: str):
    """The tag of pymorphy3's first parse of ``word`` (its part of speech
    and grammemes are read). A dictionary word's parses are its dictionary
    readings (the units that might add others read single letters only),
    which the grammar checks' memo gives in pymorphy3's order, without the
    lemmas and objects ``parse`` builds (and they may ask for the same word
    again); a word the dictionary lacks is guessed by ``parse``."""
    readings = grammar_morph.parses(word)
    if readings and len(word) > 1:
        return readings[0].tag
    return lexicon.morph().parse(word)[0].tag


# Of a stem with more words than this, only the first so many are looked at.
_STEM_WORDS = 120


def _stem_words(idx, stem: str) -> list[tuple[str, int | None]]:
    """The vocabulary's words beginning with ``stem`` and their key ids:
    ``idx.with_prefix(stem)[:120]`` (the first 120 in the record trie's
    order, not all of them listed). The key-id trie holds the same words
    and walks them with their ids (no look-up per word), but in an order of
    its own: it is taken when it has no more than 120 of them (then they
    are all of them, and the order does not matter: the candidates are
    ranked by rank and word); else the record trie's first 120, as ever."""
    found = list(islice(idx.vocab_ids.iteritems(stem), _STEM_WORDS + 1))
    if len(found) <= _STEM_WORDS:
        return found
    key_of = idx.vocab_ids.get
    return [(c, key_of(c)) for c in islice(idx.vocab.iterkeys(stem), _STEM_WORDS)]


@lru_cache(maxsize=50_000)
def _grammar(word: str) -> tuple[str | None, frozenset[str]]:
    """The part of speech, case and number of a vocabulary word's first
    parse (a stem's forms are asked again by the next word of that stem).
    pymorphy3's ``tag`` lists the first parse's tag first for dictionary
    words, at half the cost of ``parse``."""
    tag = lexicon.morph().tag(word)[0]
    return tag.POS, _CASE_NUMBER & tag.grammemes


def _hyphen_candidates(word: str) -> list[Candidate]:
    """A hyphenated word unknown as a whole: change one part (or, for a
    doubled word such as ели-ели, both alike) so the whole is a known word."""
    parts = word.split("-")
    if len(parts) != 2 or not all(parts):
        return []
    left, right = parts
    out = []
    seen = set()
    known = lexicon.is_known

    def consider(new: str, cost: float) -> None:
        if new not in seen and new != word and known(new, "ru"):
            seen.add(new)
            out.append(Candidate(new, cost, lexicon.zipf(new, "ru"), "hyphen"))

    # A changed part only counts when the whole is a known word, which few
    # are: the parts' neighbours are weighed only when the whole they make is
    # known (the same candidates, in the same order, as weighing them all and
    # asking afterwards), and the right part's are not looked for at all when
    # no dictionary word begins with the left part and a hyphen.
    if len(left) >= 2:
        doubled = left == right
        for c in _edit_candidates_where(
            left, "ru", lambda c: (doubled and known(f"{c}-{c}", "ru")) or known(f"{c}-{right}", "ru")
        ):
            if doubled:
                consider(f"{c.word}-{c.word}", c.cost)
            consider(f"{c.word}-{right}", c.cost)
    if len(right) >= 2 and _may_begin_a_word(f"{left}-"):
        for c in _edit_candidates_where(right, "ru", lambda c: known(f"{left}-{c}", "ru")):
            consider(f"{left}-{c.word}", c.cost)
    # The hyphen a slip (супер-маркете): the word without it, and its neighbours.
    # (The search leaves a known word out of its own neighbours: asked here.)
    # A part said twice (ля-ля, тук-тук) is hyphenated on purpose.
    joined = word.replace("-", "")
    if left != right:
        consider(joined, errormodel.SOFT_SIGN)
    for c in _edit_candidates(joined, "ru"):
        consider(c.word, c.cost + errormodel.SOFT_SIGN)
    return out


def _edit_candidates_where(word: str, lang: str, wanted=None) -> list[Candidate]:
    """``[c for c in _edit_candidates(word, lang) if wanted(c.word)]``, with
    only the wanted words weighed (all of them when ``wanted`` is None)."""
    if wanted is None:
        return [Candidate(c, weighed, z) for z, c, weighed in _to_weigh(word, lang) if weighed <= MAX_COST]
    return [Candidate(c, weighed, z) for z, c, weighed in _to_weigh(word, lang) if weighed <= MAX_COST and wanted(c)]


def _may_begin_a_word(prefix: str) -> bool:
    """Might a Russian word that :func:`lexicon.is_known` knows begin with
    ``prefix``? False only when none can: the dictionary holds no word
    beginning with it in any of its е/ё spellings (``is_known`` accepts е
    for ё)."""
    words_ = lexicon.morph().dictionary.words
    spots = [i for i, ch in enumerate(prefix) if ch == "е"]
    if len(spots) > 4:
        return True  # too many spellings to try: assume it may
    for mask in range(1 << len(spots)):
        letters = list(prefix)
        for k, i in enumerate(spots):
            if mask >> k & 1:
                letters[i] = "ё"
        if words_.has_keys_with_prefix("".join(letters)):
            return True
    return False


def _ocr_candidates(word: str, lang: str) -> list[Candidate]:
    """Known words that undoing OCR misreadings makes of the word, where the
    index's reach of plain edits ends: one or two for an OCR reading with a
    capital (weU, sbaU → shall), one of a letter for two or two for one in
    a short word (stdl → still: d read for il is two plain edits, the
    index's reach there is one). A longer word's reach of two plain edits
    takes in any one misreading."""
    if word.islower():
        if len(word) > SHORT:
            return []
        found = ocr.printed(word, lang, 1, multi=True)
    else:
        # Most readings need their capitals undone and nothing more (weU);
        # a further confusion is looked for only when that finds no word (sbaU).
        capitals = sum(map(str.isupper, word))
        found = ocr.printed(word, lang, capitals)
        if not found and capitals < ocr.MAX_CONFUSIONS:
            found = ocr.printed(word, lang)
    return [Candidate(c, cost, lexicon.zipf(c, lang)) for c, cost in found if cost <= MAX_COST]


_RUN = LazyPattern(regex.compile, r"(\w)\1{2,}")
# Any character three times in a row (what every run of _RUN is, and more):
# the standard library's engine answers this several times cheaper.
_THREE_ALIKE = re.compile(r"(.)\1\1", re.DOTALL)


def _elongation_candidates(word: str, lang: str) -> list[Candidate]:
    """Letters repeated for emphasis (оооочень, каааак, sooooo): collapse
    every run of three or more to one or two letters."""
    if _THREE_ALIKE.search(word) is None:
        return []  # no character three times in a row: no run to collapse (a cheap test first)
    runs = list(_RUN.finditer(word))
    if not runs or len(runs) > 3:
        return []
    out = []
    for lengths in product((1, 2), repeat=len(runs)):
        parts, pos = [], 0
        for m, n in zip(runs, lengths):
            parts += [word[pos:m.start()], m.group(1) * n]
            pos = m.end()
        new = "".join(parts) + word[pos:]
        if new != word and lexicon.is_known(new, lang):
            out.append(Candidate(new, errormodel.ELONGATED, lexicon.zipf(new, lang), "elongation"))
    return out


def _repeat_candidates(word: str, lang: str) -> list[Candidate]:
    """Vocabulary words that the word is with a chunk of two or three letters
    typed twice (невозмозможно → невозможно, :func:`errormodel.repeat_ends`):
    three extra letters are beyond the index's reach, and two may not be
    among the few it weighs."""
    ends = errormodel.repeat_ends(word)
    if not ends:
        return []  # (most words: no chunk typed twice)
    out = []
    vocab_zipf = index.get(lang).vocab_zipf
    for j, lengths in enumerate(ends):
        for k in lengths:
            new = word[:j - k] + word[j:]
            zipf = vocab_zipf(new)
            if zipf is not None:
                out.append(Candidate(new, errormodel.cost(word, new), zipf))
    return out


_WRITTEN = tuple(written for written, _ in errormodel.REWRITES)
# Any rewrite's written side, in one search: most words hold none (three in
# four of a dense text's unknown Russian words), and then the pass over all
# the rewrites below, one C-level call each, is spared. (Compiled when first
# used: a run that questions no word does not pay for it.)
_ANY_WRITTEN = LazyPattern(re.compile, "|".join(map(re.escape, sorted(set(_WRITTEN), key=len, reverse=True))))


def _rewrite_candidates(word: str) -> list[Candidate]:
    """Several-letter sound-alike spellings (встретицца → встретиться)."""
    if _ANY_WRITTEN.search(word) is None:
        return []
    out = []
    seen = set()
    # Only the rewrites whose written side the word holds: a C-level pass
    # says which (most are not there; a find per rewrite cost several times more).
    for written, meant in compress(errormodel.REWRITES, map(word.__contains__, _WRITTEN)):
        start = word.find(written)
        while start != -1:
            new = word[:start] + meant + word[start + len(written):]
            if new not in seen and lexicon.is_known(new, "ru"):
                seen.add(new)
                out.append(Candidate(new, errormodel.REWRITE, lexicon.zipf(new, "ru"), "rewrite"))
            start = word.find(written, start + 1)
    return out


# The particles and prefixes Russian joins with a hyphen (кто-то, по-моему, кое-что).
_HYPHEN_SUFFIXES = ("то", "либо", "нибудь", "таки", "ка", "де", "с")
_HYPHEN_PREFIXES = ("по", "кое", "кой", "во", "в", "из", "кое")


def _rare_forms(word: str, cands: list[Candidate]) -> tuple[Candidate, ...]:
    """An unknown word's rare forms (:mod:`.rareforms`), when it has no
    candidate or the best-ranked one is more than a cheap slip away; only
    those nearer than that best one."""
    if not cands:
        return rareforms.candidates(word)
    best = min(cands, key=_RANK_THEN_WORD)
    if best.cost <= RARE_FORM_SEARCH_COST:
        return ()
    return rareforms.candidates(word, best.cost)


def _hyphenated_forms(word: str) -> list[Candidate]:
    """A hyphen left out: когдато → когда-то."""
    if not (word.endswith(_HYPHEN_SUFFIXES) or word.startswith(_HYPHEN_PREFIXES)):
        return []  # (two C-level tests: no particle or prefix to cut off)
    out = []
    cuts = {len(word) - len(s) for s in _HYPHEN_SUFFIXES if word.endswith(s)}
    cuts |= {len(p) for p in _HYPHEN_PREFIXES if word.startswith(p)}
    for i in sorted(c for c in cuts if 1 <= c < len(word)):
        joined = f"{word[:i]}-{word[i:]}"
        if lexicon.is_known(joined, "ru"):
            out.append(Candidate(joined, errormodel.SOFT_SIGN, lexicon.zipf(joined, "ru"), "hyphen"))
    return out


# Which of the small candidate makers an unknown word needs (most need none):
# the bits of _small_kinds.
_ELONGATED = 1  # some character three times in a row (_elongation_candidates)
_CHUNK_TWICE = 2  # a chunk of two or three letters typed twice (_repeat_candidates)
_HYPHEN_AFFIX = 4  # a particle or prefix a hyphen may have joined (_hyphenated_forms)
_REWRITTEN = 8  # a rewrite's written side (_rewrite_candidates)


def _small_kinds_python(word: str, written: tuple[str, ...], suffixes: tuple[str, ...],
                        prefixes: tuple[str, ...]) -> int:
    """Which small candidate makers ``word`` needs, as bits: each maker's own
    quick "none" test (the pure-Python twin of the ``small_kinds`` kernel)."""
    kinds = 0
    if _THREE_ALIKE.search(word) is not None:
        kinds |= _ELONGATED
    # (errormodel.repeat_ends' own first test: without such a chunk it finds none.)
    if errormodel._CHUNK_TWICE.search(word) is not None:
        kinds |= _CHUNK_TWICE
    if word.endswith(suffixes) or word.startswith(prefixes):
        kinds |= _HYPHEN_AFFIX
    if any(side in word for side in written):
        kinds |= _REWRITTEN
    return kinds


def _small_kinds(word: str) -> int:
    # (One C call per unknown word says which makers to call, instead of a
    # Python call and a regex search per maker.)
    kinds = speedups.function("small_kinds") or _small_kinds_python
    return kinds(word, _WRITTEN_ONCE, _HYPHEN_SUFFIXES, _HYPHEN_PREFIXES)


# The rewrites' written sides, each once, longest first (as _ANY_WRITTEN tries them).
_WRITTEN_ONCE = tuple(sorted(set(_WRITTEN), key=len, reverse=True))


def splits_into_words(word: str, lang: str) -> bool:
    """Is the lower-case word two common words run together (небыло,
    вобщем)? Then it is the word-boundary detector's business, and a
    one-word fix is a guess.

    By its definition: some cut whose first part has Zipf ≥ 4 and whose
    second part Zipf ≥ 3 and is a known form. Only the cuts after a common
    first part are tried: the frequency list's common words that begin the
    word, from one trie walk (compiled: one walk of the index's split table,
    which also holds the second parts' Zipf)."""
    if "-" in word:
        return _splits_at_a_hyphen(word, lang, index.get(lang))
    return _hyphen_free_test(lang)(word)


@speedups.EXTENSION.keep  # (per language; forgotten with the extension's answers, as in tests)
def _hyphen_free_test(lang: str):
    """``(word) -> bool``: :func:`splits_into_words` of a hyphen-free word.
    With the compiled ``splits_in_two`` and the index's split table (the
    frequency list's words of Zipf ≥ 3 and their Zipf, which C walks), the
    whole test is one C call; else the common prefixes from the trie, and
    the cuts after them tried by :func:`_second_part_test`'s function."""
    idx = index.get(lang)
    kernel = speedups.function("splits_in_two")
    table = idx.split_table() if kernel is not None else None
    if table is not None:
        units = rareforms.dictionary_units() if lang == "ru" else None
        return partial(kernel, table, _COMMON_FIRST, units, lang, lexicon.is_known)
    cuts_after = _second_part_test(lang)
    return lambda word: cuts_after(word, _common_prefixes(idx, word))


def _common_prefixes(idx, word: str) -> list[str]:
    """The words of Zipf ≥ 4 (the first parts worth a cut) that ``word``
    begins with (itself among them when it is one)."""
    common = idx.common_words()
    if common is not None:
        # The index's trie of just those words: one C call lists them.
        return common.prefixes(word)
    # Without it: the frequency list's words that begin the word, with their
    # key ids, whose Zipf (× 100, as lexicon.zipf reads it) is one array read.
    zipf100 = idx.freq_zipf
    return [a for a, key in idx.freq.iter_prefixes_with_ids(word) if zipf100[key] >= _COMMON_FIRST]


def _splits_at_a_hyphen(word: str, lang: str, idx) -> bool:
    """:func:`splits_into_words` of a word with a hyphen, by the definition
    (whose Zipf of a hyphen-joined part is lexicon.zipf's, wordfreq's
    1/f = Σ 1/fᵢ over its pieces), at the cuts whose first part may be common."""
    for i in _cuts_after_common_pieces(word, idx):
        a, b = word[:i], word[i:]
        if lexicon.zipf(a, lang) >= 4.0 and lexicon.is_known(b, lang) and lexicon.zipf(b, lang) >= 3.0:
            return True
    return False


def _cuts_after_common_pieces(word: str, idx) -> list[int]:
    """The cuts of a hyphenated word that may pass the definition.

    A hyphen-joined part is no commoner than any of its pieces (the sum
    above is at least each 1/fᵢ), so each piece of the first part must be a
    common word (Zipf ≥ 4) and each of the second part's one of Zipf ≥ 3:
    the cuts inside a piece are after its common prefixes, when the pieces
    before it are common and those after it have Zipf ≥ 3. (A cut at a
    hyphen leaves a second part with an empty piece: Zipf 0. lexicon.zipf
    reads a hyphen-joined word's pieces with ’ written ', and a first part
    before the first hyphen as it is spelt.)"""
    pieces = word.split("-")
    zipfs = [idx.zipf(piece.replace("’", "'")) for piece in pieces]
    cuts: list[int] = []
    start = 0
    for j, piece in enumerate(pieces):
        if all(z >= 3.0 for z in zipfs[j + 1:]):
            read = piece if j == 0 else piece.replace("’", "'")
            cuts += [start + len(a) for a in _common_prefixes(idx, read) if 0 < len(a) < len(piece)]
        if zipfs[j] < 4.0:
            break
        start += len(piece) + 1
    return cuts


def _splits_after(key_of, zipf100, floor: int, lang: str, is_known, word: str, firsts: list[str]) -> bool:
    """Does a hyphen-free ``word`` split after one of ``firsts`` (its common
    prefixes) into a second part whose Zipf × 100 (``zipf100`` by its key id,
    ``key_of``) is at least ``floor`` and that ``is_known``? The cuts in
    order, the first that holds ends the walk: the reference of the
    ``splits_in_two`` kernel, which reads the prefixes and the Zipfs from the
    index's split table instead."""
    n = len(word)
    for a in firsts:
        if 0 < len(a) < n:
            b = word[len(a):]
            key = key_of(b.lower())
            if key is not None and zipf100[key] >= floor and is_known(b, lang):
                return True
    return False


@lru_cache(maxsize=2)
def _second_part_test(lang: str):
    """``(word, firsts) -> bool``: :func:`_splits_after` with the tables of
    ``lang`` bound once (the path without the compiled kernel or the
    index's split table)."""
    idx = index.get(lang)
    return partial(_splits_after, idx.freq.get, idx.freq_zipf, _COMMON_SECOND, lang, lexicon.is_known)


# Zipf 4.0 and 3.0, as the index stores them (× 100: an integer is at least
# 300 exactly when it / 100 is at least 3.0).
_COMMON_FIRST = index.COMMON_ZIPF100
_COMMON_SECOND = index.SPLIT_ZIPF100  # (the split table holds just these words)

# The order of the suggestions: rank, then the word (no two share both).
_RANK_THEN_WORD = attrgetter("rank", "word")
_WORD = attrgetter("word")


def _ranked(cands: list[Candidate], word: str, known: bool) -> tuple[Candidate, ...]:
    """The first five candidates by rank, one per word up to ё.

    Same word, е written for ё (or not): keep one — the spelling the error
    model finds nearer (the writer's own habit with ё), then the commoner.
    A known word is never "corrected" to its other ё-spelling."""
    spelt = list(map(_WORD, cands))
    if not known and "ё" not in "".join(spelt) and len(set(spelt)) == len(spelt):
        # Every candidate its own word, none with ё: each is the only one of
        # its key, and the loop below would keep them all.
        best_of = cands
    else:
        plain = word.replace("ё", "е")
        best: dict[str, Candidate] = {}
        for c in cands:
            key = c.word.replace("ё", "е")
            if known and key == plain:
                continue
            if key not in best or (c.cost, c.rank, c.word) < (best[key].cost, best[key].rank, best[key].word):
                best[key] = c
        best_of = best.values()
    return tuple(sorted(best_of, key=_RANK_THEN_WORD)[:5])


_COST = attrgetter("cost")
_NONE_NEAR = float("inf")  # the cost of the cheapest of no candidates


def _cheapest(cands: list[Candidate]) -> float:
    """The least error cost among the candidates (∞ for none), by C-level
    calls: asked of every Russian word, whether the morphology is to be asked."""
    return min(map(_COST, cands), default=_NONE_NEAR)


# Longer than any word of either language (the longest run to about 45
# letters) by more than a few edits.
MAX_WORD_LENGTH = 64


@lru_cache(maxsize=50_000)
def analyse(word: str, lang: str) -> Analysis | None:
    """Candidates for a lower-case word (or an OCR reading with a capital
    kept, weU: see :mod:`.ocr`), or None when it needs none."""
    if word != word.lower():
        # A capital inside the word is OCR's doing: only its readings are asked.
        return Analysis(word, lang, False, False, 0.0, _ranked(_ocr_candidates(word, lang), word, False))
    known = lexicon.is_known(word, lang)
    if known and len(word) < SHORT_KNOWN:
        return None
    # wordfreq counts ё-spellings apart; a word is as common as its commoner spelling.
    own = lexicon.zipf(word, lang)
    if "ё" in word:
        own = max(own, lexicon.zipf(word.replace("ё", "е"), lang))
    if known and own >= RARE_KNOWN_ZIPF:
        return None
    if len(word) > MAX_WORD_LENGTH:
        # Longer than any word: a line of letters with no space in it, or a
        # letter held down. Only the collapse of held letters is linear; the
        # other candidates cost ~n² time and memory (gigabytes at 100,000
        # letters) and can find nothing this far from every word.
        cands = _elongation_candidates(word, lang)
    elif "-" in word and lang == "ru":
        cands = _hyphen_candidates(word)
    elif known:
        # Only a much more common word may replace a known one (the filter
        # below): rarer candidates are not weighed, unless whether one of
        # them is near decides if the morphology is asked.
        floor = own + RARE_KNOWN_MIN_GAIN
        cands, rarer = _known_edit_candidates(word, lang, floor)
        cands += _elongation_candidates(word, lang)
        if lang == "ru" and _cheapest(cands) > 1.0 and min(rarer, default=_NONE_NEAR) > 1.0:
            cands += _morph_candidates(word, floor)
    else:
        # (Not through _edit_candidates' memo: this word is analysed once,
        # and the memo is for the parts of hyphenated words, which repeat.)
        cands = _edit_candidates_where(word, lang)
        # Each small maker only where its quick test says it may find something.
        kinds = _small_kinds(word)
        if kinds & _ELONGATED:
            cands += _elongation_candidates(word, lang)
        if lang == "en":  # (the OCR confusions are English books': ocr.printed finds no Russian word)
            cands += _ocr_candidates(word, lang)
        if kinds & _CHUNK_TWICE:
            cands += _repeat_candidates(word, lang)
        if lang == "ru":
            if kinds & _HYPHEN_AFFIX:
                cands += _hyphenated_forms(word)
            if kinds & _REWRITTEN:
                cands += _rewrite_candidates(word)
            if len(word) >= RARE_FORM_MIN_LENGTH:
                cands += _rare_forms(word, cands)
        if lang == "ru" and _cheapest(cands) > 1.0:
            cands += _morph_candidates(word)
    if known:
        cands = [c for c in cands if c.zipf >= own + RARE_KNOWN_MIN_GAIN]
    ranked = _ranked(cands, word, known)
    # (Two common words run together are never this long; the search costs ~n² on hyphens.)
    # Without a candidate the analysis is only ever asked for them (no
    # finding is made), so the search is spared and ``splits`` says False.
    splits = bool(ranked) and len(word) <= MAX_WORD_LENGTH and splits_into_words(word, lang)
    return Analysis(word, lang, known, splits, own, ranked)
