"""The spelling detector's cheaper paths (round 5) must answer exactly what
the plainer code they replace answers: each is held here against that code,
written out again as the reference, on generated inputs."""

from __future__ import annotations

import dataclasses

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from cleanup.detectors import spelling as detector
from cleanup.rulepack import match_case
from cleanup.spelling import calibration, candidates
from cleanup.spelling.candidates import Analysis, Candidate

# Letters of both scripts in both cases, the neighbours of the Cyrillic
# block and its two combining marks that are not Cyrillic script, Latin
# letters beyond ASCII, what a word may hold besides letters, and a newline
# (which `$` lets through at the end).
_CHARS = list("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАЁЖЯ") + list("abcxyzABCXYZ") + \
    ["\u0400", "\u04ff", "\u0500", "\u0485", "\u0486", "\u0483", "\u03ff", "é", "ß", "Ā", "-", "'", "’", "1",
     "_", "\n", "ⅰ", "ǅ", "Ⅻ", "ﬁ", "ﬆ"]
words = st.lists(st.sampled_from(_CHARS), min_size=1, max_size=8).map("".join)


def _lang_by_regex(word: str) -> str | None:
    if any("\ufb00" <= c <= "\ufb06" for c in word):
        return None  # a PDF ligature in it: left to the script.ligature_* rules
    return "ru" if detector._CYRILLIC.match(word) else "en" if detector._LATIN.match(word) else None


@settings(max_examples=1000, deadline=None)
@given(words)
def test_the_language_of_a_word_is_what_the_regexes_say(word):
    assert detector._lang_of(word) == _lang_by_regex(word)


def test_the_cyrillic_block_is_cyrillic_script_but_for_its_two_combining_marks():
    script = regex.compile(r"\p{Script=Cyrillic}")
    for code in range(0x0400, 0x0500):
        c = chr(code)
        assert bool(script.match(c)) == (c not in detector._CYRILLIC_BLOCK_INHERITED), hex(code)


@settings(max_examples=500, deadline=None)
@given(words, st.sampled_from(["сталин", "stalin", "по-моему"]))
def test_a_word_without_capitals_keeps_the_candidate_as_it_is(word, candidate):
    if word.islower():
        assert match_case(word, candidate) == candidate


def _values_with_every_bin_compared(a, upper, title, rate):
    """calibration._values as first written: every bin compared in turn."""
    best = a.best
    c, z, own, m = best.cost, best.zipf, a.zipf, a.margin
    values = calibration._values(a, upper, title, rate)[: len(calibration.FEATURES) - len(calibration._BIN_KEYS)]
    binned = {"cost": c, "margin": m, "cand_zipf": z, "own_zipf": own, "length": len(a.word)}
    return values + [float(binned[k] <= cut) for _, k, cut in calibration._BIN_KEYS]


# Values on and around every cut, and between them.
_NEAR_CUTS = sorted({x for cuts in calibration._BINS.values() for c in cuts for x in (c - 1e-9, c, c + 1e-9)}
                    | {0.0, 0.2, 0.7, 1.3, 2.0, 3.0, 4.0, 5.5, 7.0})
near_cuts = st.one_of(st.sampled_from(_NEAR_CUTS), st.floats(-1, 12, allow_nan=False))


@settings(max_examples=500, deadline=None)
@given(near_cuts, near_cuts, near_cuts, near_cuts, st.integers(1, 14), st.booleans())
def test_the_binned_features_are_the_comparisons_with_every_cut(cost, zipf, second_rank, own, length, alone):
    best = Candidate("сталину", cost, zipf)
    rest = () if alone else (Candidate("сталина", second_rank + candidates.FREQ_WEIGHT * 2.0, 2.0),)
    a = Analysis("с" * length, "ru", False, False, own, (best,) + rest)
    got = calibration._values(a, False, True, 0.25)
    assert len(got) == len(calibration.FEATURES)
    assert got == _values_with_every_bin_compared(a, False, True, 0.25)


def _ranked_by_the_loop(cands, word, known):
    """candidates._ranked as first written: one per word up to ё, by the loop."""
    plain = word.replace("ё", "е")
    best = {}
    for c in cands:
        key = c.word.replace("ё", "е")
        if known and key == plain:
            continue
        if key not in best or (c.cost, c.rank, c.word) < (best[key].cost, best[key].rank, best[key].word):
            best[key] = c
    return tuple(sorted(best.values(), key=lambda c: (c.rank, c.word)))[:5]


candidate_words = st.sampled_from(["еж", "ёж", "ежи", "ёжи", "сталин", "сталина", "сталине", "ели", "ёлки", "елки"])
candidate_lists = st.lists(
    st.builds(Candidate, candidate_words, st.sampled_from([0.3, 0.5, 1.0, 1.5]), st.sampled_from([0.0, 2.0, 3.5]),
              st.sampled_from(["edit", "morph", "hyphen", "rewrite"])),
    max_size=9,
)


@settings(max_examples=700, deadline=None)
@given(candidate_lists, candidate_words, st.booleans())
def test_ranking_keeps_the_candidates_the_loop_keeps(cands, word, known):
    got = candidates._ranked(list(cands), word, known)
    want = _ranked_by_the_loop(list(cands), word, known)
    assert got == want
    assert [c.kind for c in got] == [c.kind for c in want]  # the very candidates, not equal-looking ones


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ооОaaAкк-ыы1_", max_size=9))
def test_no_character_three_times_in_a_row_means_no_run_to_collapse(word):
    if candidates._THREE_ALIKE.search(word) is None:
        assert candidates._RUN.search(word) is None
        assert candidates._elongation_candidates(word, "ru") == []


@dataclasses.dataclass(frozen=True, slots=True)
class _DataclassCandidate:
    """Candidate as it was: the equality, hash and repr to keep."""

    word: str
    cost: float
    zipf: float
    kind: str = "edit"


@settings(max_examples=300, deadline=None)
@given(candidate_words, st.floats(0, 3), st.floats(0, 7), st.sampled_from(["edit", "morph"]))
def test_a_candidate_compares_hashes_and_prints_as_the_dataclass_did(word, cost, zipf, kind):
    c, d = Candidate(word, cost, zipf, kind), _DataclassCandidate(word, cost, zipf, kind)
    assert c == Candidate(word, cost, zipf, kind) and hash(c) == hash(Candidate(word, cost, zipf, kind))
    assert c != Candidate(word, cost, zipf, "hyphen" if kind != "hyphen" else "edit")
    assert c != (word, cost, zipf, kind)
    assert repr(c) == repr(d).replace("_DataclassCandidate", "Candidate")
    assert c.rank == cost - candidates.FREQ_WEIGHT * zipf
    assert Candidate(word, cost, zipf).kind == "edit"


def test_seen_enough_is_lexicons_zipf_against_the_floor():
    from cleanup import lexicon
    from cleanup.spelling.candidates import RARE_KNOWN_ZIPF

    for lang, sample in (("ru", ["привет", "проголосивших", "ываолдж", "сталину", "тысячелетиями", "ёлками"]),
                         ("en", ["hello", "travailed", "qwxz", "ioyning", "himselfe", "don't"])):
        for word in sample:
            assert detector._seen_enough(word, lang) == (lexicon.zipf(word, lang) >= RARE_KNOWN_ZIPF), word
