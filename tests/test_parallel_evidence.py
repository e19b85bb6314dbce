"""When are two editions translations of each other (``cleanup.parallel.evidence``)?

Unrelated Russian and English paragraphs side by side (a dev corpus file, a
Russian article with English quotations) must give no ``style.parallel``
finding at all; real translations, even short excerpts, must keep theirs.
"""

from __future__ import annotations

import pytest

from cleanup.detectors.parallel import ParallelDetector
from cleanup.document import Document
from cleanup.model import Tier
from cleanup.options import Context, Options
from cleanup.parallel.compare import compare, pair_evidence
from cleanup.parallel.editions import edition_of, split_editions
from cleanup.parallel.evidence import FIRM, NOT_PARALLEL, THIN
from conftest import ROOT

SAMPLE = (ROOT / "samples" / "imcwp23-speech.txt").read_text(encoding="utf-8")
DATA = ROOT / "tests" / "data" / "parallel"


def _sample_pairs() -> list[tuple[str, str]]:
    """The sample's (English, Russian) paragraphs that translate each other, as aligned."""
    comparison = compare(*split_editions(Document(SAMPLE)), links=False)
    out = []
    for report in comparison.beads:
        if report.bead.kind == "1-1":
            en, ru = report.bead.a[0], report.bead.b[0]
            assert (en.lang, ru.lang) == ("en", "ru")
            out.append((en.text.strip(), ru.text.strip()))
    return out


PAIRS = _sample_pairs()


def _findings(text: str) -> list:
    options = Options()
    return list(ParallelDetector(options).detect(Context(Document(text), options)))


def _verdict(ru: str, en: str):
    a, b = edition_of(Document(ru, "x.ru.txt")), edition_of(Document(en, "x.en.txt"))
    return compare(a, b, links=False)


def test_unrelated_paragraphs_sharing_small_numbers_are_not_compared():
    # Shared 4 and 8 (and a differing 10 ↔ 7) are what chance gives two unrelated texts.
    ru = "В 8 утра мы вышли из дома, взяли 4 рюкзака и шли 7 часов до реки."
    en = "At 8 he bought 4 apples and sold them 10 minutes later to the neighbours."
    comparison = _verdict(ru, en)
    assert comparison.verdict.level == NOT_PARALLEL and comparison.findings == []


def test_a_name_shared_by_chance_does_not_outweigh_differing_years():
    ru = "Нужен ли Базаров России? Роман вышел в 1862 году, а спор о нём шёл до 1941 года."
    en = "Concerts at the Lowther Bazaar, Strand, were given from 1851 to 1866 every evening."
    comparison = _verdict(ru, en)
    assert comparison.verdict.differing > comparison.verdict.agreeing
    assert not comparison.parallel and comparison.findings == []


@pytest.mark.parametrize("shift", [1, 2, 3, 5])
@pytest.mark.parametrize("k", [1, 2, 3])
def test_sample_paragraphs_facing_other_paragraphs_of_the_sample_give_nothing(shift, k):
    """Same speech, same names (Azerbaijan, EKI, STALIN), but each English
    paragraph faces a Russian one that is not its translation."""
    n = len(PAIRS)
    for start in range(0, n, k):
        idx = [(start + i) % n for i in range(k)]
        en = [PAIRS[i][0] for i in idx]
        ru = [PAIRS[(i + shift) % n][1] for i in idx]
        assert _findings("\n\n".join(en) + "\n\n" + "\n\n".join(ru) + "\n") == [], (idx, shift)


def test_short_translated_excerpt_is_recognised_and_its_damage_shown():
    # The sample's paragraph about Baku alone: Baku ↔ Баку and XX ↔ 20th agree,
    # so the pair is a translation and 20th facing Х!Х is found, but one
    # paragraph is thin evidence: shown with its suggestion, not fixed.
    [(en, ru)] = [p for p in PAIRS if "Baku" in p[0]]
    comparison = compare(*split_editions(Document(en + "\n\n" + ru)), links=False)
    assert comparison.verdict.level == THIN
    [(_, f)] = comparison.findings
    assert f.text == "20th" and f.best.text == "19th" and f.tier == Tier.DISPLAY


def test_excerpts_sharing_a_distinctive_anchor_are_recognised():
    recognised = 0
    for k in (1, 2, 3):
        for i in range(len(PAIRS) - k + 1):
            run = PAIRS[i:i + k]
            text = "\n\n".join(e for e, _ in run) + "\n\n" + "\n\n".join(r for _, r in run)
            editions = split_editions(Document(text))
            if editions is None:
                continue
            comparison = compare(*editions, links=False)
            if any(pair_evidence(r.bead).distinctive for r in comparison.beads if r.bead.a and r.bead.b):
                assert comparison.parallel, (i, k)
                recognised += 1
    assert recognised >= 30  # most runs of the sample carry a name or a year


def test_acronyms_in_capitals_count_as_distinctive_but_short_ordinary_words_do_not():
    acronym = _verdict("Когда был создан ЕКИ, мы радовались.", "When the EKI was created, we were happy.")
    assert acronym.verdict.level == THIN
    word = _verdict("Мисс Марпл пришла вечером.", "Miss Bates came in the morning.")
    assert word.verdict.level == NOT_PARALLEL


def test_a_difference_in_a_pair_sharing_nothing_is_dropped_unless_the_document_is_well_anchored():
    anchored = [("Мы поехали в Тобольск.", "We went to Tobolsk."),
                ("Потом был Баку.", "Then came Baku."),
                ("Затем Карабах.", "Then Karabakh.")]
    lone = ("В тот день пришли 1986 человек.", "That day 1987 people came.")

    def text(pairs):
        return "\n\n".join(e for _, e in pairs) + "\n\n" + "\n\n".join(r for r, _ in pairs)

    # Two anchored pairs: firm, yet the lone pair may be misaligned: nothing.
    comparison = compare(*split_editions(Document(text(anchored[:2] + [lone]))), links=False)
    assert comparison.verdict.level == FIRM and comparison.findings == []
    # Three: the neighbours vouch for the alignment; shown only.
    comparison = compare(*split_editions(Document(text(anchored + [lone]))), links=False)
    assert comparison.verdict.trusted
    assert sorted(f.text for _, f in comparison.findings) == ["1986", "1987"]
    assert all(f.tier == Tier.DISPLAY for _, f in comparison.findings)


def test_correct_test_translations_are_firm():
    for name in ("science", "music", "war"):
        ru = (DATA / f"{name}.ru.txt").read_text(encoding="utf-8")
        en = (DATA / f"{name}.en.txt").read_text(encoding="utf-8")
        assert _verdict(ru, en).verdict.level == FIRM, name
