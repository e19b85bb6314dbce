"""The candidate search's shortcuts (a cheap test before each generator,
fewer dictionary walks) give what the plain calls give."""

from __future__ import annotations

import pickle

import pytest

from cleanup import lexicon
from cleanup.spelling import candidates
from cleanup.spelling.candidates import Analysis, Candidate

def test_an_analysis_compares_hashes_and_shows_as_its_six_fields():
    cands = (Candidate("сталину", 0.6, 4.2), Candidate("сталина", 0.9, 4.5, "morph"))
    a = Analysis("сталтну", "ru", False, True, 0.0, cands)
    same = Analysis("сталтну", "ru", False, True, 0.0, tuple(cands))
    assert a == same and hash(a) == hash(same)
    assert a != Analysis("сталтну", "ru", False, False, 0.0, cands)
    assert a != ("сталтну", "ru", False, True, 0.0, cands)
    assert repr(a) == ("Analysis(word='сталтну', lang='ru', known=False, splits=True, zipf=0.0, candidates="
                       f"({cands[0]!r}, {cands[1]!r}))")
    assert a.best is cands[0] and a.margin == pytest.approx(cands[1].rank - cands[0].rank)
    assert pickle.loads(pickle.dumps(a)) == a


# --- context.situation asks a rival only when it decides ----------------------

def _situation_asking_everything(a: Analysis, left, right):
    """context.situation as it was: every close rival's fit worked out first."""
    from cleanup.spelling import context

    cands = a.candidates[:context.RIVALS]
    reach = cands[0].rank + context.CLOSE
    first = context.fits(cands[0].word, left, right)
    rival, judged = 1, False
    for c in cands[1:]:
        if c.rank > reach:
            break
        f = context.fits(c.word, left, right)
        if f:
            judged, rival = True, min(rival, f)
    rival = rival if judged else 0
    if left is None and right is None:
        return None
    if first < 0:
        return "misfit"
    if first > 0 and rival < 0:
        return "agree"
    return None


_FORMS = ["столом", "столу", "стола", "столы", "новый", "новые", "новая", "читают", "читает", "быстро", "рисунков",
          "рисунка", "рисунком"]
_NEIGHBOURS = [(None, None), ("под", None), ("с", None), (None, "стол"), ("они", None), ("мама", None),
               (None, "читает"), ("новый", None), ("около", "стол")]


@pytest.mark.parametrize("left, right", _NEIGHBOURS)
def test_the_situation_is_the_one_every_rivals_fit_gives(left, right):
    from itertools import permutations

    from cleanup.spelling import context

    seen = set()
    for first, second, third in permutations(_FORMS[:7], 3):
        for ranks in ((0.1, 0.2, 0.3), (0.1, 0.5, 2.0), (0.1, 1.5, 1.6)):
            cands = tuple(Candidate(w, r, 0.0) for w, r in zip((first, second, third), ranks))
            a = Analysis("xxx", "ru", False, False, 0.0, cands)
            got = context.situation(a, left, right)
            assert got == _situation_asking_everything(a, left, right)
            seen.add(got)
    if (left, right) == ("под", None):
        assert seen == {None, "misfit", "agree"}  # (each answer occurs: the test can fail)


def test_a_neighbour_no_relation_reads_leaves_every_word_unjudged():
    """context.situation answers None without parsing a candidate when
    neither neighbour can take part in a relation: then fits is 0 for every
    word, and the neighbours the shortcut passes on do judge some word."""
    from cleanup.spelling import context

    words = _FORMS + ["рисунку", "стол", "мама", "и", "что", "бежали", "красивую", "дом", "он", "шли", "новых"]
    neighbours = sorted({w for pair in _NEIGHBOURS for w in pair if w} | set(words) |
                        {"и", "что", "очень", "вчера", "в", "на", "около", "мы", "она", "ребята", "большой", "ушёл"})
    passed, judged_by_passed = 0, set()
    for left in [None, *neighbours]:
        for right in [None, *neighbours]:
            if context._may_relate_on_left(left) or context._may_relate_on_right(right):
                passed += 1
                judged_by_passed.update(w for w in words if context.fits(w, left, right))
                continue
            assert all(context.fits(w, left, right) == 0 for w in words), (left, right)
    # (Both answers occur, and the neighbours let through do judge: the test can fail.)
    assert passed and judged_by_passed
    assert not context._may_relate_on_left("и") and not context._may_relate_on_right("очень")
    assert context._may_relate_on_left("под") and context._may_relate_on_right("стол")


# --- the generators' cheap first tests leave out only words that give nothing --------

def _rewrites_finding_each(word: str) -> list[Candidate]:
    """_rewrite_candidates as it was: a find for every rewrite."""
    from cleanup.spelling import errormodel

    out, seen = [], set()
    for written, meant in errormodel.REWRITES:
        start = word.find(written)
        while start != -1:
            new = word[:start] + meant + word[start + len(written):]
            if new not in seen and lexicon.is_known(new, "ru"):
                seen.add(new)
                out.append(Candidate(new, errormodel.REWRITE, lexicon.zipf(new, "ru"), "rewrite"))
            start = word.find(written, start + 1)
    return out


def _hyphenated_cutting_every(word: str) -> list[Candidate]:
    """_hyphenated_forms as it was: every particle and prefix tried."""
    from cleanup.spelling import errormodel

    out = []
    cuts = {len(word) - len(s) for s in candidates._HYPHEN_SUFFIXES if word.endswith(s)}
    cuts |= {len(p) for p in candidates._HYPHEN_PREFIXES if word.startswith(p)}
    for i in sorted(c for c in cuts if 1 <= c < len(word)):
        joined = f"{word[:i]}-{word[i:]}"
        if lexicon.is_known(joined, "ru"):
            out.append(Candidate(joined, errormodel.SOFT_SIGN, lexicon.zipf(joined, "ru"), "hyphen"))
    return out


_WORDS = ["встретицца", "встретимсо", "сщастье", "жызнь", "шышка", "чящя", "когдато", "кудато", "покрайней",
          "вобщем", "поморему", "изза", "коечто", "ктото", "сделайка", "гдето", "скажитес", "сталтну", "ого",
          "оченьо", "ц", "", "вщ", "расчитывать", "здравствуйте", "чесно", "проблкма", "ищё", "тогото"]


@pytest.mark.parametrize("word", _WORDS)
def test_rewrites_are_the_ones_a_find_per_rewrite_gives(word):
    assert candidates._rewrite_candidates(word) == _rewrites_finding_each(word)


@pytest.mark.parametrize("word", _WORDS)
def test_hyphenated_forms_are_the_ones_every_cut_gives(word):
    assert candidates._hyphenated_forms(word) == _hyphenated_cutting_every(word)


def test_the_generators_find_something_among_these_words():
    # (So the two tests above can fail.)
    assert any(candidates._rewrite_candidates(w) for w in _WORDS)
    assert any(candidates._hyphenated_forms(w) for w in _WORDS)


def test_a_slips_letters_are_the_cheap_substitutes_and_yo():
    from cleanup.spelling import errormodel, rareforms

    for ch in "аеоиьъшщzq-1ё":
        assert rareforms._SLIP_LETTERS[ch] == errormodel.cheap_substitutes(ch) + "ё"


# --- the rewrites: one search says whether any written side is in the word ----

def _rewrites_of_every_rule(word: str) -> list[Candidate]:
    """candidates._rewrite_candidates as it was: every rewrite asked in turn."""
    out, seen = [], set()
    for written, meant in candidates.errormodel.REWRITES:
        start = word.find(written)
        while start != -1:
            new = word[:start] + meant + word[start + len(written):]
            if new not in seen and lexicon.is_known(new, "ru"):
                seen.add(new)
                out.append(Candidate(new, candidates.errormodel.REWRITE, lexicon.zipf(new, "ru"), "rewrite"))
            start = word.find(written, start + 1)
    return out


def test_the_rewrite_search_finds_each_written_side_and_only_them():
    for written in candidates._WRITTEN:
        for word in (written, f"а{written}", f"{written}б", f"до{written}ма"):
            assert candidates._ANY_WRITTEN.search(word) is not None, word
    for word in ("", "а", "дом", "рука", "мама", "zzz", "кот", "брат"):
        assert candidates._ANY_WRITTEN.search(word) is None, word


@pytest.mark.parametrize("word", [
    "встретицца", "учицца", "жывой", "щястье", "чюдо", "поздно", "местный", "чувствовать", "солнце", "красного",
    "шол", "чо", "ничего", "здание", "дом", "слово", "мама", "кот", "", "щщщ", "тьсатьса", "счёт", "ццоцца",
])
def test_the_rewrites_are_those_of_every_rule_in_their_order(word):
    assert candidates._rewrite_candidates(word) == _rewrites_of_every_rule(word)
