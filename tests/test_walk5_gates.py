"""Cheap exact gates of the consistency and parallel detectors (speed round 5).

Each gate says "nothing to find here" without the full computation; these
tests hold it to never saying so where the full computation finds something.
"""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from cleanup.parallel import names

# ---- VariantIndex.may_have_variant ---------------------------------------------

# Few letters, so that words one edit apart are common.
LATIN_WORD = st.text(alphabet="abcABC", min_size=2, max_size=7)
RUSSIAN_WORD = st.text(alphabet="аобАОБ", min_size=2, max_size=8)
ENDINGS = st.sampled_from(["", "", "", "'s", "’s", "а", "ом", "ами", "у"])


@st.composite
def _index_case(draw):
    lang = draw(st.sampled_from([None, "en", "ru"]))
    letters = RUSSIAN_WORD if lang == "ru" else LATIN_WORD
    stems = draw(st.lists(letters, min_size=1, max_size=8))
    # Words and one-edit neighbours of them, in every case shape, some with endings.
    words = []
    for stem in stems:
        for shape in draw(st.lists(st.sampled_from(["title", "upper", "lower", "asis"]), min_size=1, max_size=2)):
            w = {"title": stem.capitalize(), "upper": stem.upper(), "lower": stem.lower(), "asis": stem}[shape]
            words.append(w + draw(ENDINGS))
            i = draw(st.integers(0, len(w)))
            c = draw(st.sampled_from(list("aAбБx")))
            edit = draw(st.sampled_from(["sub", "ins", "del"]))
            if edit == "sub" and i < len(w):
                words.append(w[:i] + c + w[i + 1:])
            elif edit == "ins":
                words.append(w[:i] + c + w[i:])
            elif i < len(w):
                words.append(w[:i] + w[i + 1:])
    words = [w for w in words if w]
    counts = {w: draw(st.integers(1, 4)) for w in words}
    known = frozenset(draw(st.lists(st.sampled_from(words), max_size=3)))
    return lang, counts, known


def _near_variant(index, word, known):
    return index.near_variant(word, lambda w, lang: w in known or w.lower() in known)


@settings(max_examples=400, deadline=None)
@given(_index_case())
def test_may_have_variant_never_hides_a_variant(case):
    lang, counts, known = case
    index = names.VariantIndex(counts, lang)
    for word in counts:
        if _near_variant(index, word, known) is not None:
            assert index.may_have_variant(word), (word, counts)


def test_may_have_variant_finds_what_it_must_and_rules_out_the_rest():
    counts = {"Stalin": 3, "Staltn": 1, "Xtalin": 1, "Stalim": 1, "Moscow": 1, "STALTN": 1}
    index = names.VariantIndex(counts, "en")
    for word in ("Staltn", "Xtalin", "Stalim"):  # the edit in the middle, at the start, at the end
        assert index.may_have_variant(word)
        assert index.near_variant(word, lambda w, lang: False) is not None
    assert not index.may_have_variant("Moscow")  # no frequent stem near it
    assert not index.may_have_variant("STALTN")  # in capitals: Stalin is no variant of it
    ru = names.VariantIndex({"СТАЛИНА": 2, "СТАЛИНУ": 1, "СТАЛТНУ": 1}, "ru")
    assert ru.may_have_variant("СТАЛТНУ")
    assert ru.near_variant("СТАЛТНУ", lambda w, lang: False) == ("СТАЛИН", "СТАЛИНУ", 3)


# ---- the consistency detector with and without its gates -------------------------

NAME_SENTENCES = [
    "STALIN spoke to the congress.", "Then STALTN left.", "Comrade STALIN’s report was read.",
    "The Stalin era ended.", "СТАЛИН выступил.", "Речь СТАЛИНА была долгой.", "Слова СТАЛТНУ не понравились.",
    "Cesme is a town.", "We went to Cheshme.", "The Chesme bay.", "Fryer Bacon spoke.", "Frier Bacon wept.",
    "Bacon and Bakon.", "Нуруллаев сказал.", "Нуруллаеву ответили.", "Нурулаев молчал.", "Ещё раз.", "Еще раз.",
]


def _consistency_findings(text: str) -> list:
    from cleanup.detectors.consistency import ConsistencyDetector
    from cleanup.document import Document
    from cleanup.options import Context, Options

    options = Options()
    return [(f.rule, f.start, f.end, f.suggestions) for f in
            ConsistencyDetector(options).detect(Context(Document(text, "-"), options))]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(NAME_SENTENCES), min_size=1, max_size=14), st.sampled_from([" ", "\n\n"]))
def test_consistency_findings_are_those_of_the_ungated_search(sentences, joiner):
    from unittest import mock

    text = joiner.join(sentences)
    gated = _consistency_findings(text)
    # (The detector's gate is names.variant_candidates: every word passes it here.)
    with mock.patch.object(names, "variant_candidates", lambda words, *args: list(words)):
        assert _consistency_findings(text) == gated


def test_paragraph_properties_are_computed_once():
    from cleanup.document import Document
    from cleanup.parallel.editions import Paragraph
    from cleanup.segments import Span

    doc = Document("СТАЛИН и Сталин, 1917.", "-")
    p = Paragraph(doc, Span(0, len(doc.text), "ru"), 0)
    first = p.name_tokens
    assert [w for _, _, w in first] == ["СТАЛИН", "Сталин"] and p.name_tokens is first
    assert p.size == 17 and "size" in vars(p)
    assert Paragraph.size.__doc__.startswith("Letters and digits")
