"""The parallel detector's cheap gate (``compare.may_find``) never says "no"
where the full comparison finds something, and does say "no" for two
unrelated texts."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cleanup.document import Document
from cleanup.parallel.compare import compare, may_find
from cleanup.parallel.gate import edition_keys, may_be_translations
from cleanup.parallel.editions import split_editions
from conftest import ROOT

DATA = ROOT / "tests" / "data" / "parallel"
SAMPLE = (ROOT / "samples" / "imcwp23-speech.txt").read_text(encoding="utf-8")


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]


POOL = _paragraphs(SAMPLE) + [p for name in ("science", "music") for lang in ("ru", "en")
                              for p in _paragraphs((DATA / f"{name}.{lang}.txt").read_text(encoding="utf-8"))]
# Damage that makes findings: a name one letter off, a number changed.
DAMAGE = [("STALIN", "STALTN"), ("СТАЛИН", "СТАЛТН"), ("19", "18"), ("20", "2O"), ("XX", "ХХ"), ("", "")]


def _gate_and_findings(text: str) -> tuple[bool, int] | None:
    doc = Document(text, "-")
    editions = split_editions(doc)
    if editions is None:
        return None
    return may_find(*editions), len(compare(*editions, links=False).findings)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(POOL), min_size=2, max_size=12),
       st.lists(st.sampled_from(DAMAGE), max_size=3))
def test_gate_never_hides_a_finding(paragraphs, damage):
    text = "\n\n".join(paragraphs)
    for old, new in damage:
        if old:
            text = text.replace(old, new, 1)
    result = _gate_and_findings(text)
    if result is not None:
        gate, findings = result
        assert gate or findings == 0


def test_gate_passes_the_sample_and_the_damaged_pairs():
    # The sample is an English edition then a Russian one, with damaged numbers and names.
    assert _gate_and_findings(SAMPLE) == (True, _gate_and_findings(SAMPLE)[1])
    assert _gate_and_findings(SAMPLE)[1] > 0


def test_gate_says_no_for_unrelated_texts_without_shared_numbers_or_near_names():
    ru = "Мы долго шли по лесу и говорили о погоде.\n\nПотом пошёл дождь, и мы вернулись домой."
    en = "The committee met on a quiet morning.\n\nNobody spoke about the weather at all."
    editions = split_editions(Document(ru + "\n\n" + en, "-"))
    assert editions is not None
    assert not may_find(*editions)
    assert not compare(*editions, links=False).findings


def test_alignment_of_a_long_file_with_a_section_missing_is_the_one_of_plain_bead_costs():
    """The DP's shortcuts (a mask test for runs that share no anchor, the
    length cost inline) give the costs of ``_bead_cost``: every bead's cost
    is the plain one."""
    from cleanup.parallel import align as align_module
    from cleanup.parallel.editions import edition_of

    en_all = [f"Section {1000 + k}. " + "word " * (5 + k * 7 % 23) for k in range(120)]
    ru_all = [f"Раздел {1000 + k}. " + "слово " * (5 + k * 7 % 23) for k in range(120)]
    en = "\n\n".join(en_all[:-10])
    ru = "\n\n".join(ru_all[:40] + ru_all[50:])
    a, b = edition_of(Document(en, "x.en.txt")).paragraphs, edition_of(Document(ru, "x.ru.txt")).paragraphs
    ratio = align_module._prior_ratio(a, b)
    beads = align_module._align(a, b, ratio)
    for bead in beads:
        prior = align_module.PRIORS[(len(bead.a), len(bead.b))]
        assert abs(bead.cost - align_module._bead_cost(bead.a, bead.b, prior, ratio)) < 1e-9
    assert sum(1 for x in beads if x.kind == "0-1") >= 10  # the missing section was found


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(POOL), min_size=2, max_size=12),
       st.lists(st.sampled_from(DAMAGE), max_size=3))
def test_translation_gate_never_says_no_where_the_verdict_says_parallel(paragraphs, damage):
    """``may_be_translations`` (shared distinctive anchors over the whole
    editions) against the full alignment's verdict and findings."""
    text = "\n\n".join(paragraphs)
    for old, new in damage:
        if old:
            text = text.replace(old, new, 1)
    editions = split_editions(Document(text, "-"))
    if editions is None:
        return
    if not may_be_translations(*editions):
        comparison = compare(*editions, links=False)
        assert not comparison.parallel and not comparison.findings


def test_translation_gate_on_the_sample_and_on_unrelated_text():
    assert may_be_translations(*split_editions(Document(SAMPLE, "-")))
    ru = "Мы долго шли по лесу в 1987 году.\n\nПотом пошёл дождь, и Иван вернулся домой."
    en = "The committee met in 1986 on a quiet morning.\n\nNobody asked Peter about the weather."
    editions = split_editions(Document(ru + "\n\n" + en, "-"))
    assert not may_be_translations(*editions)
    # One shared distinctive anchor is enough to go on: a year, or a name.
    for ru_changed in (ru.replace("1987", "1986"), ru.replace("Иван", "Петер")):
        assert may_be_translations(*split_editions(Document(ru_changed + "\n\n" + en, "-")))


def test_translation_gate_counts_a_shared_three_letter_acronym_only_in_capitals():
    ru = "Доклад ЕКИ был принят.\n\nОбсуждение продолжилось вечером."
    en = "The EKI report was adopted.\n\nThe discussion went on in the evening."
    assert may_be_translations(*split_editions(Document(ru + "\n\n" + en, "-")))
    en_title = en.replace("EKI", "Eki")
    assert not may_be_translations(*split_editions(Document(ru + "\n\n" + en_title, "-")))


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(POOL), min_size=2, max_size=12))
def test_edition_keys_are_the_union_of_the_paragraphs_keys(paragraphs):
    editions = split_editions(Document("\n\n".join(paragraphs), "-"))
    if editions is None:
        return
    for edition in editions:
        keys, acronyms = edition_keys(edition)
        assert keys == frozenset().union(*(p.name_keys for p in edition.paragraphs))
        assert acronyms == frozenset().union(*(p.acronym_keys for p in edition.paragraphs))


_NUMERAL_BITS = st.sampled_from(
    list("0123456789OoОоlI|ЗзIVXLCDMХІСМӀ!1.,-–— \u00a0\u202f\n%аzЯ") + ["век", "века", "вв.", "в.", "ВЕК",
                                                                      "century", "c.", "C.", "th", "-й", "s", "'"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_NUMERAL_BITS, max_size=14).map("".join), st.sampled_from(POOL))
def test_quick_test_for_distinctive_numbers_never_misses_one(made_up, real):
    """``may_read_100_or_fraction`` says no only where :func:`anchors`
    reads no value of 100 or more and none with a fraction."""
    from cleanup.parallel.anchors import anchors, may_read_100_or_fraction
    from cleanup.parallel.evidence import distinctive_number

    for text in (made_up, real, real[:40] + " " + made_up):
        for lang in ("ru", "en"):
            if any(distinctive_number(x.value) for x in anchors(text, 0, len(text), lang)):
                assert may_read_100_or_fraction(text, 0, len(text)), text


def test_quick_test_for_distinctive_numbers_on_examples():
    from cleanup.parallel.anchors import may_read_100_or_fraction

    for text in ("в 1987 году", "1 000 человек", "3,5 %", "2O18", "СМ век", "МС", "С век", "M c.", "CD"):
        assert may_read_100_or_fraction(text, 0, len(text)), text
    for text in ("Мы пришли в 12 часов", "Chapter XIX", "на 20-м", "Смотри: Москва"):
        assert not may_read_100_or_fraction(text, 0, len(text)), text
