"""OCR damage in English books: the error model's OCR confusions estimated
from real OCR output (bench/ocr_costs.py → cleanup/spelling/ocr.json),
a capital inside a word kept as OCR's evidence (weU: U read for ll), and the
confusions undone as candidates (stdl → still).

Each test failed before the change it guards: the confusions were a
hand-set list with one cost, the word was lower-cased before the error
model saw it (weU and weu were one word), a mixed-case word was never
questioned, and two letters read as the word's first (Hke: li read as H)
could not be aligned at all."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cleanup.model import Tier
from cleanup.pipeline import check_text, fix_text
from cleanup.spelling import errormodel, ocr

OCR_TABLE = Path(errormodel.__file__).with_name("ocr.json")


def test_the_confusions_are_data_with_the_capital_kept():
    confusions = json.loads(OCR_TABLE.read_text(encoding="utf-8"))["confusions"]
    # U for ll is OCR's habit; the typed side keeps its capital.
    assert confusions["U:ll"]["cost"] < errormodel.ORDINARY
    assert "u:ll" not in confusions
    assert errormodel.OCR_CONFUSIONS[("U", "ll")] == confusions["U:ll"]["cost"]
    # One way only: b read for h says nothing of h read for b.
    assert errormodel.substitution("h", "b") == confusions["b:h"]["cost"]


def test_a_capital_inside_a_word_is_evidence_a_lower_case_letter_is_not():
    assert errormodel.ocr_reading("weU") == "weU"
    assert errormodel.ocr_reading("WeU") == "weU"  # the first capital is a sentence's
    assert errormodel.ocr_reading("STALTN") == "staltn"
    assert errormodel.cost("weU", "well") < 0.5
    assert errormodel.cost("weu", "well") >= errormodel.ORDINARY
    assert errormodel.cost("weU", "well") < errormodel.cost("weU", "wet")


@pytest.mark.parametrize("typed, meant", [
    ("stdl", "still"),  # d read for il
    ("hke", "like"),  # li read as h, as the word's first letter
    ("chappeU", "chappell"),
    ("tbe", "the"),  # b read for h
])
def test_ocr_confusions_are_cheap_and_the_compiled_twin_agrees(typed, meant):
    reading = errormodel.ocr_reading(typed)
    python = round(errormodel._python_distance(reading, meant), 3)
    assert python < 0.5
    assert errormodel.cost(typed, meant) == python  # the compiled table when built, else this same one


def test_pure_python_gives_the_same_costs_in_a_fresh_process():
    code = ("from cleanup.spelling import errormodel as e;"
            "print([e.cost(t, m) for t, m in (('weU','well'),('stdl','still'),('hke','like'),('modem','modern'))])")
    outs = []
    for pure in ("", "1"):
        env = dict(os.environ, CLEANUP_PURE_PYTHON=pure) if pure else {k: v for k, v in os.environ.items()
                                                                        if k != "CLEANUP_PURE_PYTHON"}
        outs.append(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                                   check=True).stdout)
    assert outs[0] == outs[1]
    assert "0.2" in outs[0]


def test_undone_confusions_find_what_the_index_cannot_reach():
    assert "still" in dict(ocr.printed("stdl", "en"))
    assert "well" in dict(ocr.printed("weU", "en"))
    assert ocr.printed("stdl", "ru") == ()  # measured on English books only


def test_only_capitals_that_a_confusion_reads_back_make_a_reading():
    assert ocr.readable("weU")
    assert not ocr.readable("mcDonald")
    assert not ocr.readable("iPhone")


def test_ocr_damage_is_fixed_and_period_spelling_stays():
    text = ("Then were they bid to returne three days after, and hee kept the bowes; "
            "he that cometh nearest shaU have aU the lands, and it is weU. I stdl think so.")
    assert fix_text(text) == ("Then were they bid to returne three days after, and hee kept the bowes; "
                              "he that cometh nearest shall have all the lands, and it is well. I still think so.")


def test_mixed_case_names_and_identifiers_stay_untouched_beside_ocr_damage():
    text = "McDonald bought an iPhone; getUser, callUs and setUp are camelCase, AbU too. It is weU."
    findings = {f.text: f for f in check_text(text)}
    for name in ("McDonald", "iPhone", "getUser", "callUs", "setUp", "AbU"):
        assert name not in findings
    assert findings["weU"].best.text == "well" and findings["weU"].tier == Tier.SAFE


def test_a_capital_misread_from_lower_case_letters_is_not_kept_inside_a_sentence():
    assert fix_text("He was Hke a dog. Hke a dog he ran.") == "He was like a dog. Like a dog he ran."
    # A real capital (Mdes: M kept, d read for il) keeps its case.
    assert fix_text("The Mdes were long.") == "The Miles were long."


def test_an_abbreviation_is_no_misreading_but_ocr_damage_beside_it_is():
    findings = {f.text: f for f in check_text("The USSR and the EKI kept aU the lands.")}
    # USSR reads as "user" through s read for e, but an all-caps word this
    # short is an abbreviation: no OCR evidence, no suggestion.
    assert "USSR" not in findings or not findings["USSR"].suggestions
    assert findings["aU"].best.text == "all" and findings["aU"].tier == Tier.SAFE
