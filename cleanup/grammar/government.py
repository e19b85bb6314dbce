"""Closed-class facts of Russian government: which case a preposition, a
small numeral or a governing word requires.

These are grammar-book tables, not lists of errors: each entry is true of
the language, whatever text is being checked.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

# Simple prepositions and the cases of the noun phrase they govern.
PREPOSITION_CASES: dict[str, frozenset[str]] = {
    k: frozenset(v.split())
    for k, v in {
        "без": "gent", "безо": "gent", "в": "accs loct", "во": "accs loct",
        "для": "gent", "до": "gent", "за": "accs ablt", "из": "gent", "изо": "gent",
        "к": "datv", "ко": "datv", "на": "accs loct", "над": "ablt", "надо": "ablt",
        "о": "loct accs", "об": "loct accs", "обо": "loct accs", "от": "gent", "ото": "gent",
        "по": "datv accs loct", "под": "accs ablt", "подо": "accs ablt", "при": "loct",
        "про": "accs", "с": "gent accs ablt", "со": "gent accs ablt", "у": "gent",
        "через": "accs", "среди": "gent", "между": "ablt gent", "перед": "ablt",
        "передо": "ablt", "после": "gent", "около": "gent", "вокруг": "gent",
        "против": "gent", "ради": "gent", "кроме": "gent", "вместо": "gent",
        "из-за": "gent", "из-под": "gent", "благодаря": "datv", "согласно": "datv",
        "вопреки": "datv", "навстречу": "datv", "сквозь": "accs", "вдоль": "gent",
        "возле": "gent", "мимо": "gent", "внутри": "gent", "посреди": "gent",
        "путем": "gent", "путём": "gent", "насчет": "gent", "насчёт": "gent",
    }.items()
}

# Prepositions that are adverbs as often (`ходить вокруг`, `прошёл мимо`,
# `после обеда` / `после`): what follows them need not be their object.
ADVERB_PREPOSITIONS = frozenset("вокруг около после мимо напротив внутри вдоль посреди навстречу согласно против".split())

# Prepositions that never follow a simple preposition directly: in `в среди`
# the `в` is a slip (`среди` alone governs the noun).
COMPLEX_PREPOSITIONS = frozenset(
    "среди между около вокруг возле против через ради кроме вместо посреди сквозь вдоль мимо".split()
)
SIMPLE_PREPOSITIONS = frozenset("в во на к ко с со у о об от из".split())

# Words of thanks: `за` after them means "for" and takes the accusative
# (`спасибо за ваше терпение`); the one thanked is in the dative
# (`благодарность организаторам`) — or, for the nouns, the genitive of who thanks.
THANKS_LEMMAS = frozenset("спасибо благодарность признательность благодарить благодарный признательный".split())
THANKS_OBJECT_CASES = frozenset({"datv", "gent"})

# Lemmas that take `с` + instrumental (`связанный с интервенцией`): after them
# `с` means "with", never "off/from", so the genitive is a slip.
WITH_INSTRUMENTAL_LEMMAS = frozenset(
    """связать связанный связывать связь вместе рядом наряду бороться борьба
    сотрудничать сотрудничество познакомиться знакомство встреча
    встретиться встречаться соединить соединять сравнить сравнивать согласный
    согласиться соглашаться спорить справиться справляться столкнуться
    сталкиваться дружить дружба общение общаться""".split()
)

# Numerals after which a noun stands in the genitive singular
# (`три условия`, `две партии`) when the numeral itself is nominative or
# (inanimate) accusative.
PAUCAL_NUMERALS = frozenset("два две три четыре оба обе полтора полторы".split())


# Verbs whose object is in an oblique case (`придерживаться` + genitive):
# a data table kept next to this module (verb_government.toml), read once.
VERB_GOVERNMENT_FILE = Path(__file__).with_name("verb_government.toml")


@lru_cache(maxsize=1)
def verb_government() -> dict[str, dict]:
    """The verb government table: case → {"lemmas": frozenset, "examples": [[bad, good]], "correct": [text]}."""
    from .. import diskcache

    # (Parsed once and kept as JSON under the file's time stamp: tomllib's
    # import and parse were ~12 M instructions of every Russian run.)
    data = diskcache.kept_for_files("verbgovernment", [str(VERB_GOVERNMENT_FILE)], _parsed)
    table = {}
    for case, entry in data.items():
        if case not in ("gent", "datv", "ablt"):
            raise ValueError(f"{VERB_GOVERNMENT_FILE.name}: unknown case [{case}]")
        table[case] = {
            "lemmas": frozenset(entry["lemmas"].split()),
            "examples": [tuple(e) for e in entry.get("examples", [])],
            "correct": list(entry.get("correct", [])),
        }
    return table


def _parsed(paths: list[str]) -> dict:
    import tomllib

    (path,) = paths
    with open(path, "rb") as fh:
        return tomllib.load(fh)


@lru_cache(maxsize=1)
def verb_cases() -> dict[str, str]:
    """Verb lemma → the case of its object."""
    return {lemma: case for case, entry in verb_government().items() for lemma in entry["lemmas"]}
