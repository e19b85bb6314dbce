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

from functools import lru_cache

# Keyboard rows, staggered the usual way: key i of a row touches keys i and
# i+1 of the row above and i-1 and i of the row below.
_LAYOUTS = (
    ("йцукенгшщзхъ", "фывапролджэ", "ячсмитьбю"),
    ("qwertyuiop", "asdfghjkl", "zxcvbnm"),
)

KEYBOARD = 0.55
SIMILAR_SOUND = 0.5  # unstressed vowels, voiced/voiceless pairs
OCR = 0.45
YO = 0.05  # е ↔ ё: most texts simply do not write ё
YO_AFTER_SIBILANT = 0.2  # о ↔ ё after ж ш щ ч (Хрущов / Хрущёв)
DOUBLING = 0.35  # a doubled letter typed once, or a single one twice
SOFT_SIGN = 0.5  # ь / ъ dropped or added
TRANSPOSE = 0.6
MULTI = 0.45  # rn ↔ m and kin

# Pairs that sound alike (Russian spelling errors are mostly these) — both ways.
_SOUND_PAIRS = (
    "ао", "еи", "ея", "иы", "еэ", "юу", "яа", "ьъ", "йи",
    "бп", "вф", "гк", "дт", "жш", "зс", "цс", "щш", "чщ",
    "ae", "ai", "ei", "eo", "ou", "iy", "ck", "sc", "sz", "ea", "ui", "uo",
)
# Single characters OCR and hurried typing mix up (Latin/Cyrillic lookalikes too).
_OCR_GROUPS = (
    "0oOоО", "1lI!|іІ", "3зЗ", "6б", "rг", "nп", "uи", "cсe", "eе", "aа", "pр",
    "xх", "yу", "kк", "mм", "hн", "bь", "bв", "tт", "5s", "8B", "il", "ij",
)
# Several characters read or typed as one (or the other way round).
_MULTI = ("rn:m", "cl:d", "vv:w", "ii:u", "ri:n", "in:m", "ni:m", "lı:h", "ьі:ы", "ъі:ы", "тт:т", "нн:н")

_SIBILANTS = set("жшщчц")


def _pairs() -> dict[tuple[str, str], float]:
    costs: dict[tuple[str, str], float] = {}

    def put(a: str, b: str, c: float) -> None:
        for x, y in ((a, b), (b, a)):
            if x != y:
                costs[(x, y)] = min(c, costs.get((x, y), 9.0))

    for rows in _LAYOUTS:
        for r, row in enumerate(rows):
            for i, ch in enumerate(row):
                if i + 1 < len(row):
                    put(ch, row[i + 1], KEYBOARD)
                if r + 1 < len(rows):
                    below = rows[r + 1]
                    for k in (i - 1, i):
                        if 0 <= k < len(below):
                            put(ch, below[k], KEYBOARD)
    for a, b in _SOUND_PAIRS:
        put(a, b, SIMILAR_SOUND)
    for group in _OCR_GROUPS:
        low = {c.lower() for c in group} | set(group)
        for a in low:
            for b in low:
                put(a, b, OCR)
    put("е", "ё", YO)
    return costs


_SUB = _pairs()
_MULTI_PAIRS = {}
for _m in _MULTI:
    _many, _one = _m.split(":")
    _MULTI_PAIRS[(_many, _one)] = MULTI
    _MULTI_PAIRS[(_one, _many)] = MULTI


def substitution(intended: str, typed: str, before: str = "") -> float:
    if intended == typed:
        return 0.0
    if before in _SIBILANTS:
        if {intended, typed} == {"о", "ё"}:
            return YO_AFTER_SIBILANT
        if {intended, typed} == {"о", "е"}:  # шёл/шол/шел: the о/ё/е spelling rule
            return SIMILAR_SOUND
    return _SUB.get((intended, typed), 1.0)


def _indel(s: str, i: int) -> float:
    """Cost of ``s[i]`` being there in one word and missing in the other."""
    ch = s[i]
    if (i > 0 and s[i - 1] == ch) or (i + 1 < len(s) and s[i + 1] == ch):
        return DOUBLING
    if ch in "ьъ":
        return SOFT_SIGN
    if ch in "-'":
        return SOFT_SIGN
    return 1.0


@lru_cache(maxsize=100_000)
def cost(typed: str, intended: str) -> float:
    """Weighted Damerau (optimal string alignment) distance, lower-cased."""
    a, b = intended.lower(), typed.lower()
    n, m = len(a), len(b)
    inf = float("inf")
    d = [[inf] * (m + 1) for _ in range(n + 1)]
    d[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            here = d[i][j]
            if i == j == 0:
                here = 0.0
            else:
                best = inf
                if i > 0:
                    best = min(best, d[i - 1][j] + _indel(a, i - 1))  # letter dropped
                if j > 0:
                    best = min(best, d[i][j - 1] + _indel(b, j - 1))  # letter added
                if i > 0 and j > 0:
                    prev = a[i - 2] if i > 1 else ""
                    best = min(best, d[i - 1][j - 1] + substitution(a[i - 1], b[j - 1], prev))
                if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1] and a[i - 1] != a[i - 2]:
                    best = min(best, d[i - 2][j - 2] + TRANSPOSE)
                for la, lb in ((2, 1), (1, 2)):
                    if i >= la and j >= lb and (a[i - la:i], b[j - lb:j]) in _MULTI_PAIRS:
                        best = min(best, d[i - la][j - lb] + MULTI)
                here = best
            d[i][j] = here
    return round(d[n][m], 3)
