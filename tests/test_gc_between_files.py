"""The command line freezes the collector's view between files
(batch._processed): safe only because checking or fixing a file leaves no
reference cycles behind. These tests hold that promise."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from cleanup import Options, batch, fileio
from cleanup.pipeline import Checker

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "imcwp23-speech.txt"


def _damaged(text: str) -> str:
    """The sample's paragraphs in reverse order, with typing damage in some
    words: forms the warm-up run has not seen, so their first-time paths run."""
    paragraphs = text.split("\n\n")[::-1]
    damaged = []
    for i, paragraph in enumerate(paragraphs):
        words = paragraph.split(" ")
        for j in range(i % 5, len(words), 7):
            w = words[j]
            if len(w) > 4 and w.isalpha():
                words[j] = w[:2] + w[3] + w[2] + w[4:]  # two letters swapped
        damaged.append(" ".join(words))
    return "\n\n".join(damaged)


@pytest.fixture
def collector_restored():
    thresholds, enabled = gc.get_threshold(), gc.isenabled()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)
    batch._FREEZE_BETWEEN_FILES = False
    if enabled:
        gc.enable()


@pytest.mark.parametrize("mode", ["check", "fix"])
def test_a_file_leaves_no_reference_cycles(tmp_path, collector_restored, mode):
    warm = tmp_path / "warm.txt"
    warm.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    fresh = tmp_path / "fresh.txt"
    fresh.write_text(_damaged(SAMPLE.read_text(encoding="utf-8")), encoding="utf-8")
    options = Options()
    cfg = batch.BatchConfig(mode=mode, options=options)
    checker = Checker(options)
    batch.process_file(fileio.FileRef(str(warm)), cfg, checker)  # (imports and tables loaded)
    gc.collect()
    gc.disable()
    outcome = batch.process_file(fileio.FileRef(str(fresh)), cfg, checker)
    assert outcome.status != "error" and sum(outcome.found.values()) > 10
    assert gc.collect() == 0  # nothing unreachable: nothing a freeze would keep


def test_the_command_line_freezes_between_files_and_a_library_run_does_not(tmp_path, collector_restored):
    files = []
    for i in range(3):
        p = tmp_path / f"{i}.txt"
        p.write_text("Ето тест номер %d.\n" % i, encoding="utf-8")
        files.append(fileio.FileRef(str(p)))
    cfg = batch.BatchConfig(mode="check", options=Options())
    gc.unfreeze()
    list(batch.outcomes(files, cfg, 1))
    assert gc.get_freeze_count() == 0  # a library user's process keeps its collector as it was
    batch.tune_gc()
    list(batch.outcomes(files, cfg, 1))
    assert gc.get_freeze_count() > 0
