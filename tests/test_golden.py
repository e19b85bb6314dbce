"""Golden test of `check` and `fix` on the sample transcript.

The expected report and cleaned text are checked in under tests/golden/.
When a change is meant to alter them, regenerate and review the diff:

    CLEANUP_REGENERATE=1 pytest tests/test_golden.py
"""

from __future__ import annotations

import json
import os

import regex

from cleanup.document import Document
from cleanup.pipeline import Checker
from cleanup.report.jsonout import file_dict
from conftest import ROOT, SAMPLE

GOLDEN = ROOT / "tests" / "golden"
REGENERATE = os.environ.get("CLEANUP_REGENERATE") == "1"


def _doc() -> Document:
    return Document.from_bytes(SAMPLE.read_bytes(), path="samples/imcwp23-speech.txt")


def _compare(name: str, actual: str) -> None:
    path = GOLDEN / name
    if REGENERATE:
        path.write_bytes(actual.encode("utf-8"))
    assert path.exists(), f"no golden file {name}; run with CLEANUP_REGENERATE=1"
    assert actual == path.read_bytes().decode("utf-8")


def test_check_report_is_golden():
    doc = _doc()
    report = file_dict(doc, Checker().check(doc).findings)
    _compare("imcwp23-speech.check.json", json.dumps(report, ensure_ascii=False, indent=1) + "\n")


def test_fix_is_golden_and_idempotent():
    checker = Checker()
    result = checker.fix(_doc())
    _compare("imcwp23-speech.fixed.txt", result.text)
    again = checker.fix(Document(result.text, "again"))
    assert again.text == result.text
    assert not [f for f in again.remaining if f.tier == f.tier.SAFE]


def test_fix_leaves_no_typed_space_runs_and_keeps_the_aligned_signature():
    text = Checker().fix(_doc()).text
    assert not regex.search(r"\S[ \u00a0]{2,3}\S", text)
    # The signature's name is aligned to the right by a gap of 25 no-break
    # spaces: layout a person made, shown by whitespace.wide_gap, not applied.
    assert regex.search(r"Азербайджана\u00a0{24} Т\. Нуруллаев", text)


def test_fix_changes_no_word_or_number_that_is_correct():
    """Every word and number of the cleaned sample is one of the original's,
    except where a known error of the sample was corrected (listed here)."""
    corrected = {
        # the sample's known errors (samples/README.md) that detectors fix
        "ХХ": "XX",  # script.roman: Cyrillic Х for Latin X before "века"
        "Х!Х": "XIX",  # script.roman: joined by "и" to ХХ века, with "!" for I
        "ни кто": "никто",  # boundary.ru.ni_pronoun (twice)
        "не устанно": "неустанно",  # boundary.ru.split_word
        "по нашему": "по-нашему",  # boundary.ru.po_hyphen
        "какие то": "какие-то",  # boundary.ru.particle_hyphen (twice)
        "почему то": "почему-то",  # boundary.ru.particle_hyphen
        "К стати": "Кстати",  # boundary.ru.kstati: before a comma, the adverb
        "Не смотря": "Несмотря",  # boundary.ru.nesmotrya: "на это", "на то, что" (twice)
        "СТАЛТНУ": "СТАЛИНУ",  # spelling.ru.word: Т for И, keys side by side (0.93 since the estimated channel)
    }
    token = regex.compile(r"[\p{L}\p{N}]+")
    before = token.findall(SAMPLE.read_text(encoding="utf-8"))
    after = token.findall(Checker().fix(_doc()).text)
    new_tokens = set(after) - set(before)
    assert new_tokens <= set(corrected.values()), sorted(new_tokens - set(corrected.values()))
