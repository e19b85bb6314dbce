"""The spelling confidence's SHAPE features (what a careful reader looks at
beyond cost and frequency) and the held-out measures of bench/fit_spelling.py."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from cleanup.spelling import calibration
from cleanup.spelling.candidates import MAX_COST, Analysis, Candidate

ROOT = Path(__file__).resolve().parents[1]


def _shape(word: str, *cands: Candidate) -> dict[str, float]:
    a = Analysis(word, "ru", False, False, 0.0, tuple(cands))
    return {k: v for k, v in calibration.features(a, False, False, None).items() if k in calibration.SHAPE}


def test_a_left_out_letter_is_told_from_a_wrong_letter_and_an_extra_one():
    dropped = _shape("нмного", Candidate("немного", 0.8, 5.3))
    assert (dropped["op_insert"], dropped["op_delete"], dropped["op_replace"]) == (1.0, 0.0, 0.0)
    extra = _shape("люблюд", Candidate("люблю", 1.0, 5.3))
    assert (extra["op_insert"], extra["op_delete"], extra["op_replace"]) == (0.0, 1.0, 0.0)
    wrong = _shape("хороше", Candidate("хорошо", 0.5, 5.7))
    assert (wrong["op_insert"], wrong["op_delete"], wrong["op_replace"]) == (0.0, 0.0, 1.0)
    # Several slips (мущщину → мужчину): none of the one-slip kinds.
    several = _shape("мущщину", Candidate("мужчину", 1.5, 4.5))
    assert (several["op_insert"], several["op_delete"], several["op_replace"]) == (0.0, 0.0, 0.0)


def test_the_first_letter_and_the_ending_kept_or_not():
    kept = _shape("першпектива", Candidate("перспектива", 1.0, 3.8))
    assert kept["first_kept"] == 1.0 and kept["ending_kept"] == 1.0
    ending_changed = _shape("рисунко", Candidate("рисунка", 0.5, 3.8))
    assert ending_changed["first_kept"] == 1.0 and ending_changed["ending_kept"] == 0.0
    first_changed = _shape("апять", Candidate("опять", 0.5, 5.3))
    assert first_changed["first_kept"] == 0.0 and first_changed["ending_kept"] == 1.0


def test_the_crowd_counts_only_candidates_close_in_rank():
    best = Candidate("лучше", 0.8, 5.7)  # rank −0.91
    close = Candidate("лише", 0.5, 1.0)  # rank 0.2: 1.11 behind
    near = Candidate("леше", 0.2, 2.0)  # rank −0.4: 0.51 behind, out of CROWD
    nearer = Candidate("лаше", 0.1, 2.0)  # rank −0.5: 0.41 behind
    got = _shape("лчше", best, close, near, nearer)
    assert got["crowd"] == 1.0
    assert got["second_cost"] == close.cost and got["second_zipf"] == close.zipf


def test_a_lone_candidate_has_no_second():
    got = _shape("спапсибо", Candidate("спасибо", 1.0, 5.6))
    assert got["crowd"] == 0.0
    assert got["second_zipf"] == 0.0 and got["second_cost"] > MAX_COST  # dearer than any candidate


def test_a_rival_that_is_a_left_out_letter_is_seen():
    # убрть: убить ranks first (one wrong letter); убрать, a vowel left out
    # (the commonest slip), is within reach: the first is in doubt.
    doubt = _shape("убрть", Candidate("убить", 0.55, 4.6), Candidate("убрать", 0.8, 4.4))
    assert doubt["rival_insert"] == 1.0
    # The first is itself the left-out letter: no such doubt.
    clear = _shape("нмного", Candidate("немного", 0.8, 5.3), Candidate("много", 1.0, 5.75))
    assert clear["rival_insert"] == 0.0
    # A left-out-letter rival too far behind in rank is no rival.
    far = _shape("убрть", Candidate("убить", 0.55, 4.6), Candidate("убрать", 1.8, 1.0))
    assert far["rival_insert"] == 0.0


def test_every_feature_but_the_bias_has_a_group_and_the_shipped_map_weighs_them():
    assert calibration.group_of("bias") is None
    for k in calibration.FEATURES:
        if k != "bias":
            assert calibration.group_of(k) in calibration.GROUPS, k
    weights = json.loads(calibration.PARAMS.read_text(encoding="utf-8"))["weights"]
    for lang in ("ru", "en"):
        assert set(calibration.SHAPE) <= set(weights[lang])
        assert any(weights[lang][k] for k in calibration.SHAPE)


def _fit_spelling():
    spec = importlib.util.spec_from_file_location("fit_spelling_under_test", ROOT / "bench" / "fit_spelling.py")
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        spec.loader.exec_module(module)
    except SystemExit:
        pytest.skip("the dev sets are not here (bench/scoring.py needs them)")
    return module


def test_the_held_out_measures():
    fs = _fit_spelling()
    # One feature (the bias aside): w = (0, 1) scores x's second value.
    w = [0.0, 1.0]
    data = [([1.0, 5.0], 1), ([1.0, 4.0], 1), ([1.0, 3.0], 0), ([1.0, -5.0], 0)]
    m = fs.measures(w, data)
    assert m["auc"] == 1.0  # every right one above every wrong one
    assert (m["safe"], m["safe_right"], m["safe_precision"]) == (3, 2, pytest.approx(200 / 3))
    swapped = fs.measures(w, [(x, 1 - y) for x, y in data])
    assert swapped["auc"] == 0.0
    tied = fs.measures(w, [([1.0, 0.0], 1), ([1.0, 0.0], 0)])
    assert tied["auc"] == 0.5 and tied["log_loss"] == pytest.approx(0.6931, abs=1e-4)


def test_the_sparse_fit_finds_the_dense_fits_optimum():
    fs = _fit_spelling()
    data = [([1.0, x / 4, float(x % 3 == 0)], int(x > 5 or x == 2)) for x in range(12)]
    w = fs.fit(data)
    # At the optimum of the L2-penalised log-likelihood the gradient is zero.
    for i in range(3):
        g = sum((fs._p(w, x) - y) * x[i] for x, y in data) + (fs.L2 * w[i] if i else 0.0)
        assert abs(g) < 1e-6
