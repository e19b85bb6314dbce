"""What a typo costs: a weighted edit distance whose weights say how people
and OCR engines actually go wrong.

Plain edit distance treats every slip alike; typists hit a *neighbouring*
key, double or drop a letter, write е for ё, and Russian writers confuse
vowels that sound alike when unstressed; OCR reads ``rn`` as ``m`` and ``0``
as ``O``. Cheap operations below make the intended word the nearest one.
Costs are in "ordinary edits": 1.0 is an arbitrary substitution, insertion
or deletion.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path


def editops(a: str, b: str):
    """rapidfuzz's ``Levenshtein.editops(a, b)``. rapidfuzz is imported at the
    first call, which then puts rapidfuzz's own function in this name: its
    imports are ~30 M instructions, 4 % of a start, and a check with no
    questioned word never needs it. (Also the kind of slip in calibration's
    Python twin; its compiled ``feature_values`` finds that itself.)"""
    global editops
    from rapidfuzz.distance.Levenshtein import editops

    return editops(a, b)


# Keyboard rows, staggered the usual way: key i of a row touches keys i and
# i+1 of the row above and i-1 and i of the row below.
_LAYOUTS = (
    ("йцукенгшщзхъ", "фывапролджэ", "ячсмитьбю"),
    ("qwertyuiop", "asdfghjkl", "zxcvbnm"),
)

ORDINARY = 1.0  # any other substitution, insertion or deletion

# The costs of the kinds of slip that typing data can speak for, estimated
# from real typos (bench/channel_costs.py, from the even rows of the dev
# sets: how often each kind happens per chance it has, on the rank's scale,
# an arbitrary substitution kept at 1.0). The fallbacks are the hand-set
# costs of before, for a missing file entry.
_CHANNEL = json.loads((Path(__file__).with_name("channel.json")).read_text(encoding="utf-8"))["kinds"]
# What OCR engines read for what a book printed, estimated from real OCR
# damage (bench/ocr_costs.py, the even rows of ICDAR 2017): "typed:intended"
# → cost, one letter for one, for two (U:ll, d:il) or two for one (li:h).
# The typed side is an :func:`ocr_reading` (U is a capital inside a word).
OCR_CONFUSIONS: dict[tuple[str, str], float] = {
    tuple(k.split(":")): v["cost"]
    for k, v in json.loads((Path(__file__).with_name("ocr.json")).read_text(encoding="utf-8"))["confusions"].items()
}


def _estimated(kind: str, fallback: float) -> float:
    return _CHANNEL.get(kind, {}).get("cost", fallback)


KEYBOARD = _estimated("sub:keyboard", 0.55)
SIMILAR_SOUND = _estimated("sub:sound", 0.5)  # unstressed vowels, voiced/voiceless pairs
OCR = 0.45
YO = 0.05  # е ↔ ё: most texts simply do not write ё
YO_AFTER_SIBILANT = 0.2  # о ↔ ё after ж ш щ ч (Хрущов / Хрущёв)
# A letter typed once where it is doubled costs much less than a single
# one typed twice (the data: about three times as likely per chance).
DOUBLE_DROPPED = _estimated("drop:doubled", 0.35)
DOUBLE_INSERTED = _estimated("insert:doubled", 0.35)
SOFT_SIGN = 0.5  # a hyphen or an apostrophe dropped or added (and ь / ъ by default)
TRANSPOSE = _estimated("swap", 0.6)
MULTI = 0.45  # rn ↔ m and kin
# Fast typing drops letters, vowels (нмного, убрть) and consonants
# (поясним → пояним) alike: a dropped letter is about twice as likely as
# an arbitrary substitution; an extra one about as likely.
VOWEL_DROPPED = _estimated("drop:vowel", 0.8)
CONSONANT_DROPPED = _estimated("drop:consonant", ORDINARY)
# ... but hardly ever the first letter of a word (репостит is not крепости).
FIRST_DROPPED = _estimated("position:drop_first", ORDINARY)
ELONGATED = 0.3  # оооочень: letters repeated for emphasis
# A chunk of two or three letters typed twice in a row (рекокомендую,
# невозмозможно: the hand goes back a syllable): one slip, about as likely
# as an arbitrary substitution (bench/channel_costs.py, ``insert:repeat``),
# where two or three extra letters cost two or three edits and the third
# is beyond the index's reach. Longer chunks are not seen in the dev data
# and would not fit the table's band.
REPEAT_LENGTHS = (2, 3)
REPEATED = _estimated("insert:repeat", ORDINARY)
# ... in a word of this many letters besides the two copies at least: дада,
# тактак, мяумяу, чтото (что то) are said twice on purpose or run together.
REPEAT_MIN_REST = 3

# Pairs that sound alike (Russian spelling errors are mostly these) — both ways.
_SOUND_PAIRS = (
    "ао", "еи", "ея", "иы", "еэ", "юу", "яа", "ьъ", "йи",
    "бп", "вф", "гк", "дт", "жш", "зс", "цс", "щш", "чщ",
    "ae", "ai", "ei", "eo", "ou", "iy", "ck", "sc", "sz", "ea", "ui", "uo",
)
# Single characters OCR and hurried typing mix up (Latin/Cyrillic lookalikes too;
# the dotless ı of a Turkish keyboard or an OCR engine for i).
_OCR_GROUPS = (
    "0oOоО", "1lI!|іІı", "3зЗ", "6б", "rг", "nп", "uи", "cсe", "eе", "aа", "pр",
    "xх", "yу", "kк", "mм", "hн", "bь", "bв", "tт", "5s", "8B", "il", "ij",
)
# Several characters read or typed as one (or the other way round).
_MULTI = ("rn:m", "cl:d", "vv:w", "ii:u", "ri:n", "in:m", "ni:m", "lı:h", "ьі:ы", "ъі:ы", "тт:т", "нн:н")

def ocr_reading(word: str) -> str:
    """The word as the error model reads it: lower case, except a capital
    that stands right after a lower-case letter (weU, chappeU, MaHga). A
    typist never writes that; an OCR engine does, reading ``ll`` as ``U``
    and ``li`` as ``H``, so such a capital is kept as the evidence it is:
    ``U`` for ``ll`` is an OCR confusion, ``u`` for ``ll`` none."""
    lower = word.lower()
    if word == lower or word.isupper():
        return lower
    return "".join(ch if ch.isupper() and i and word[i - 1].islower() else lower[i] for i, ch in enumerate(word))


_SIBILANTS = set("жшщчц")
_VOWELS = set("аеёиоуыэюяaeiou")


def lookalikes() -> list[tuple[str, str]]:
    """The hand-set OCR confusions (the lookalike groups and the
    several-letter ones) as (typed, intended) pairs, both ways."""
    pairs = []
    for group in _OCR_GROUPS:
        letters = sorted({c.lower() for c in group} | set(group))
        pairs += [(x, y) for x in letters for y in letters if x != y]
    for m in _MULTI:
        many, one = m.split(":")
        pairs += [(many, one), (one, many)]
    return pairs


def keyboard_neighbours() -> list[tuple[str, str]]:
    """Keys side by side on ЙЦУКЕН or QWERTY, each pair once (in one order):
    the next key of a row and the two touching it in the row below."""
    pairs = []
    for rows in _LAYOUTS:
        for r, row in enumerate(rows):
            for i, ch in enumerate(row):
                if i + 1 < len(row):
                    pairs.append((ch, row[i + 1]))
                if r + 1 < len(rows):
                    below = rows[r + 1]
                    pairs += [(ch, below[k]) for k in (i - 1, i) if 0 <= k < len(below)]
    return pairs


def _pairs() -> dict[tuple[str, str], float]:
    costs: dict[tuple[str, str], float] = {}

    def put(a: str, b: str, c: float) -> None:
        for x, y in ((a, b), (b, a)):
            if x != y:
                costs[(x, y)] = min(c, costs.get((x, y), 9.0))

    for a, b in keyboard_neighbours():
        put(a, b, KEYBOARD)
    for a, b in _SOUND_PAIRS:
        put(a, b, SIMILAR_SOUND)
    for typed, intended in lookalikes():
        if len(typed) == len(intended) == 1:
            put(typed, intended, OCR)
    put("е", "ё", YO)
    # OCR confusions go one way: b read for h is common, h for b is its own entry.
    for (typed, intended), c in OCR_CONFUSIONS.items():
        if len(typed) == len(intended) == 1:
            costs[(intended, typed)] = min(c, costs.get((intended, typed), 9.0))
    return costs


_SUB = _pairs()
_MULTI_PAIRS: dict[tuple[str, str], float] = {}  # (intended, typed) → cost, one side two letters
for _typed, _intended in lookalikes():
    if len(_typed) != len(_intended):
        _MULTI_PAIRS[(_intended, _typed)] = MULTI
for (_typed, _intended), _c in OCR_CONFUSIONS.items():
    if len(_typed) + len(_intended) == 3:
        _MULTI_PAIRS[(_intended, _typed)] = min(_c, _MULTI_PAIRS.get((_intended, _typed), 9.0))


def substitution(intended: str, typed: str, before: str = "") -> float:
    if intended == typed:
        return 0.0
    if before in _SIBILANTS:
        if {intended, typed} == {"о", "ё"}:
            return YO_AFTER_SIBILANT
        if {intended, typed} == {"о", "е"}:  # шёл/шол/шел: the о/ё/е spelling rule
            return SIMILAR_SOUND
    return _SUB.get((intended, typed), ORDINARY)


_CONSONANTS = set("бвгджзйклмнпрстфхцчшщbcdfghjklmnpqrstvwxyz")


# Two or three characters twice in a row (what every repeat of
# :func:`repeat_ends` is, and more): a cheap test first, in the regex engine.
_CHUNK_TWICE = re.compile(r"(..)\1|(...)\2", re.DOTALL)


def repeat_ends(b: str) -> tuple[tuple[int, ...], ...]:
    """For each ``j`` (0 … len(b)), the lengths ``k`` of :data:`REPEAT_LENGTHS`
    for which ``b[j-2k:j]`` is a chunk typed twice: ``b[j-k:j]`` repeats the
    ``k`` letters before it, the chunk is not one letter (that is a doubled
    or elongated letter), the text of period ``k`` around it spans less
    than three chunks (ахахах, хахаха is laughter, not a slip), and the word
    has :data:`REPEAT_MIN_REST` letters besides the two copies. Empty when
    there is none."""
    m = len(b)
    if m < 2 * REPEAT_LENGTHS[0] + REPEAT_MIN_REST or _CHUNK_TWICE.search(b) is None:
        return ()
    out: list[tuple[int, ...]] = [()] * (m + 1)
    for k in REPEAT_LENGTHS:
        if m - 2 * k < REPEAT_MIN_REST:
            continue
        for s in range(m - 2 * k + 1):
            if b[s:s + k] != b[s + k:s + 2 * k] or b[s] * k == b[s:s + k]:
                continue
            first, last = s, s + k  # the run of p with b[p] == b[p + k]: [first, last)
            while first > 0 and b[first - 1] == b[first - 1 + k]:
                first -= 1
            while last + k < m and b[last] == b[last + k]:
                last += 1
            if last - first < 2 * k:
                out[s + 2 * k] = out[s + 2 * k] + (k,)
    return tuple(out) if any(out) else ()


def repeated_chunk(typed: str, intended: str) -> bool:
    """Is ``typed`` the ``intended`` word with one chunk typed twice
    (:func:`repeat_ends`)?"""
    for j, lengths in enumerate(repeat_ends(typed)):
        for k in lengths:
            if typed[:j - k] + typed[j:] == intended:
                return True
    return False


def _letter_costs(kind: str) -> dict[str, float]:
    """What each letter costs to be missing from the typed word (``kind``
    "drop") or extra in it ("insert"), unless it is doubled; a character
    not here (a digit, a sign) costs an ordinary edit."""
    return ({ch: _estimated(f"{kind}:consonant", ORDINARY) for ch in _CONSONANTS}
            | {ch: _estimated(f"{kind}:vowel", VOWEL_DROPPED) for ch in _VOWELS}
            | {ch: SOFT_SIGN for ch in "-'"}
            | {ch: _estimated(f"{kind}:soft", SOFT_SIGN) for ch in "ьъ"})


_LETTER_DROPPED = _letter_costs("drop")
_LETTER_INSERTED = _letter_costs("insert")


# The dearest of a soft sign or a doubled letter added or dropped: what the
# grammar detector calls "a cheap slip" of one letter (nounphrase).
SOFT_SLIP = max(_LETTER_DROPPED["ь"], _LETTER_INSERTED["ь"], DOUBLE_DROPPED, DOUBLE_INSERTED, SOFT_SIGN)


def _dropped(s: str, i: int) -> float:
    """Cost of the intended word's ``s[i]`` missing from the typed word."""
    ch = s[i]
    if (i > 0 and s[i - 1] == ch) or (i + 1 < len(s) and s[i + 1] == ch):
        return DOUBLE_DROPPED
    if i == 0:
        return FIRST_DROPPED
    return _LETTER_DROPPED.get(ch, ORDINARY)


def _inserted(s: str, i: int) -> float:
    """Cost of the typed word's ``s[i]`` being extra."""
    ch = s[i]
    if (i > 0 and s[i - 1] == ch) or (i + 1 < len(s) and s[i + 1] == ch):
        return DOUBLE_INSERTED
    return _LETTER_INSERTED.get(ch, ORDINARY)


# Spelling rules and sound-alike spellings that span several letters, as
# (written, meant): a writer who spells by ear writes ться and тся alike as цца (or ццо), счёт as
# щёт, чувство as чуство. Each is tried once on an unknown word.
REWRITES = (
    ("цца", "ться"), ("ццо", "ться"), ("цца", "тся"), ("ццо", "тся"), ("ца", "ться"), ("цц", "тьс"), ("цц", "тс"), ("ц", "тс"), ("ц", "тьс"), ("тся", "ться"), ("ться", "тся"),
    ("щ", "сч"), ("сч", "щ"), ("жы", "жи"), ("шы", "ши"), ("чя", "ча"), ("щя", "ща"),
    ("чю", "чу"), ("щю", "щу"), ("зн", "здн"), ("сн", "стн"), ("ств", "вств"), ("нц", "нтц"),
    ("ца", "тся"), ("ого", "ова"), ("ова", "ого"), ("ого", "ово"), ("ево", "его"), ("ово", "ого"),
    ("шо", "шё"), ("жо", "жё"), ("чо", "чё"), ("що", "щё"), ("тьса", "ться"), ("ие", "ия"), ("ии", "ие"),
)
REWRITE = 0.4


# Words further apart in length than this are never candidates (the index
# finds words within two edits), so only a band of the table is computed.
BAND = 3


# The tables of the distance, arranged for its inner loop: per letter of
# the intended word, what each typed letter costs instead of it; the
# several-letter confusions by their longer side.
_SUB_BY: dict[str, dict[str, float]] = {}
for (_x, _y), _c in _SUB.items():
    _SUB_BY.setdefault(_x, {})[_y] = _c
_TWO_FOR_ONE: dict[str, dict[str, float]] = {}  # intended "rn" → typed {"m": cost}
_ONE_FOR_TWO: dict[str, dict[str, float]] = {}  # intended "m" → typed {"rn": cost}
for (_x, _y), _c in _MULTI_PAIRS.items():
    if len(_x) == 2 and len(_y) == 1:
        _TWO_FOR_ONE.setdefault(_x, {})[_y] = _c
    elif len(_x) == 1 and len(_y) == 2:
        _ONE_FOR_TWO.setdefault(_x, {})[_y] = _c
_NOTHING: dict = {}
_SIBILANT_VOWELS = {("о", "ё"): YO_AFTER_SIBILANT, ("ё", "о"): YO_AFTER_SIBILANT,
                    ("о", "е"): SIMILAR_SOUND, ("е", "о"): SIMILAR_SOUND}


@lru_cache(maxsize=100_000)
def cost(typed: str, intended: str) -> float:
    """Weighted Damerau (optimal string alignment) distance, lower-cased.

    The table is the textbook one (each cell the cheapest of substitution,
    deletion, insertion, transposition and the several-letter confusions),
    computed a row per letter of the intended word. Row ``i`` depends only on
    the typed word and the first ``i + 1`` intended letters (the next letter
    tells whether a letter is doubled), so the candidates of one typed word
    share the rows of their common beginning: kept per typed word.

    When the optional extension is built, the table is computed in C from
    these same tables (:func:`compiled_model`), to the same double."""
    a, b = intended.lower(), ocr_reading(typed)
    if abs(len(a) - len(b)) > BAND:
        return 9.0
    return round(_distance(b, a), 3)


def _python_distance(b: str, a: str) -> float:
    """The unrounded table of :func:`cost` for lower-cased ``b`` (typed) and
    ``a`` (intended), in Python: the reference the compiled twin
    (``_speedups.WeightedOSA.distance``) must equal bit for bit."""
    n, m = len(a), len(b)
    table = _table_for(b)
    rows = table.rows
    d = [table.row0]
    for i in range(1, n + 1):
        key = (i, a[:i + 1])
        row = rows.get(key)
        if row is None:
            row = rows[key] = _row(table, a, i, d[i - 1], d[i - 2] if i > 1 else None)
        d.append(row)
    return d[n][m]


def compiled_model(kernel):
    """``kernel.WeightedOSA`` over this module's tables: they are handed to
    the compiled twins, never copied into C."""
    return kernel.WeightedOSA(
        sub_by=_SUB_BY, letter_dropped=_LETTER_DROPPED, letter_inserted=_LETTER_INSERTED, sibilants=_SIBILANTS,
        sibilant_vowels=_SIBILANT_VOWELS, two_for_one=_TWO_FOR_ONE, one_for_two=_ONE_FOR_TWO,
        plain=ORDINARY, double_dropped=DOUBLE_DROPPED, double_inserted=DOUBLE_INSERTED, first_dropped=FIRST_DROPPED,
        transpose=TRANSPOSE, inf=_INF, repeated=REPEATED,
        repeat_min_rest=REPEAT_MIN_REST,
    )


@lru_cache(maxsize=1)
def _compiled_model():
    """The compiled twins of :func:`_python_distance` and
    :func:`_python_weigh_editops`, or None when the extension is not built
    or CLEANUP_PURE_PYTHON is set."""
    from . import speedups

    kernel = speedups.compiled()
    return compiled_model(kernel) if kernel is not None else None


def _first_distance(b: str, a: str) -> float:
    # The first call chooses the compiled twin or the Python one, for good.
    global _distance
    model = _compiled_model()
    _distance = model.distance if model is not None else _python_distance
    return _distance(b, a)


_distance = _first_distance


class _Typed:
    """What the table needs of one typed word, and its rows computed so far."""

    __slots__ = ("b", "m", "ib", "b_pairs", "repeats", "row0", "rows")

    def __init__(self, b: str) -> None:
        self.b = b
        self.m = m = len(b)
        self.ib = [_inserted(b, j) for j in range(m)]
        # b[j-2:j] for each j (the typed pair ending before j), for the one-for-two confusions.
        self.b_pairs = [""] + [b[j - 2:j] if j > 1 else "" for j in range(1, m + 1)]
        self.repeats = repeat_ends(b) or None  # None: no chunk typed twice (most words)
        row0 = [_INF] * (m + 1)
        row0[0] = 0.0
        for j in range(1, min(m, BAND) + 1):
            row0[j] = row0[j - 1] + self.ib[j - 1]
        self.row0 = row0
        self.rows: dict[tuple[int, str], list[float]] = {}


_INF = 9.0e9
_LAST: list[_Typed] = []


def _table_for(b: str) -> _Typed:
    # Candidates are weighed one typed word at a time: keep the last one.
    if _LAST and _LAST[0].b == b:
        return _LAST[0]
    table = _Typed(b)
    _LAST[:] = [table]
    return table


def _row(t: _Typed, a: str, i: int, up: list[float], upup: list[float] | None) -> list[float]:
    b, m, ib, b_pairs, repeats = t.b, t.m, t.ib, t.b_pairs, t.repeats
    row = [_INF] * (m + 1)
    ai = a[i - 1]
    before = a[i - 2] if i > 1 else ""
    del_cost = _dropped(a, i - 1)
    subs = _SUB_BY.get(ai, _NOTHING)
    sibilant = before in _SIBILANTS and ai in "оёе"
    two_for_one = _TWO_FOR_ONE.get(a[i - 2:i]) if i > 1 else None
    one_for_two = _ONE_FOR_TWO.get(ai)
    lo, hi = max(0, i - BAND), min(m, i + BAND)
    if lo == 0:
        row[0] = up[0] + del_cost
    for j in range(max(1, lo), hi + 1):
        bj = b[j - 1]
        if ai == bj:
            best = up[j - 1]
        else:
            if sibilant and (ai, bj) in _SIBILANT_VOWELS:
                best = up[j - 1] + _SIBILANT_VOWELS[(ai, bj)]
            else:
                best = up[j - 1] + subs.get(bj, ORDINARY)
        x = up[j] + del_cost
        if x < best:
            best = x
        x = row[j - 1] + ib[j - 1]
        if x < best:
            best = x
        # Two intended letters read as one, also as the typed word's first
        # (Hke: li read as H).
        if two_for_one is not None and bj in two_for_one:
            x = upup[j - 1] + two_for_one[bj]
            if x < best:
                best = x
        if j > 1:
            if i > 1 and ai == b[j - 2] and before == bj and ai != before:
                x = upup[j - 2] + TRANSPOSE
                if x < best:
                    best = x
            if one_for_two is not None and b_pairs[j] in one_for_two:
                x = up[j - 2] + one_for_two[b_pairs[j]]
                if x < best:
                    best = x
        # A chunk typed twice: its second copy extra, as one slip.
        if repeats is not None:
            for k in repeats[j]:
                x = row[j - k] + REPEATED
                if x < best:
                    best = x
        row[j] = best
    return row


def cheap_substitutes(ch: str) -> str:
    """Letters that a slip or a misreading of ``ch`` commonly gives (cost < 1)."""
    return _CHEAP.get(ch, "")


_CHEAP: dict[str, str] = {}
for (_x, _y), _c in _SUB.items():
    if _c < 1.0 and _x.isalpha() and _y.isalpha():
        _CHEAP[_x] = _CHEAP.get(_x, "") + _y


def quick_cost(typed: str, intended: str) -> float:
    """An upper bound of :func:`cost` from one unweighted alignment (computed
    in C), weighted afterwards: cheap enough to sort hundreds of candidates
    before the exact distance is paid for the best few."""
    a, b = intended.lower(), ocr_reading(typed)
    return _quick(b, a)


def _python_quick(b: str, a: str) -> float:
    """:func:`quick_cost` of lower-cased words: rapidfuzz's alignment, weighed.
    The compiled twin (``_speedups.WeightedOSA.quick_cost``) computes the
    same alignment itself."""
    return _weigh_editops(editops(a, b).as_list(), b, a)  # tuples: cheaper than Editop objects


# Longer words than this (a's middle over 64 letters) are aligned by rapidfuzz.
QUICK_IN_C = 62


def _compiled_quick(b: str, a: str) -> float:
    if len(a) > QUICK_IN_C or len(b) > QUICK_IN_C:
        return _python_quick(b, a)
    return _compiled_model().quick_cost(b, a)


def _first_quick(b: str, a: str) -> float:
    global _quick
    _quick = _compiled_quick if _compiled_model() is not None else _python_quick
    return _quick(b, a)


_quick = _first_quick


def _python_weigh_editops(ops: list[tuple[str, int, int]], b: str, a: str) -> float:
    """The weights of :func:`quick_cost` summed over ``ops`` (the edit ops
    turning ``a``, intended, into ``b``, typed), in Python: the reference of
    ``_speedups.WeightedOSA.weigh_editops``."""
    total = 0.0
    last = None  # (i, j, cost) of the previous replacement
    for tag, i, j in ops:
        if tag == "replace":
            c = substitution(a[i], b[j], a[i - 1] if i else "")
            if last and last[0] == i - 1 and last[1] == j - 1 and a[i] == b[j - 1] and a[i - 1] == b[j]:
                c = TRANSPOSE - last[2]
            last = (i, j, c)
            total += c
        elif tag == "delete":
            total += _dropped(a, i)
        else:
            total += _inserted(b, j)
    return total


def _first_weigh_editops(ops: list[tuple[str, int, int]], b: str, a: str) -> float:
    global _weigh_editops
    model = _compiled_model()
    _weigh_editops = model.weigh_editops if model is not None else _python_weigh_editops
    return _weigh_editops(ops, b, a)


_weigh_editops = _first_weigh_editops
