"""The library API can be shipped to other processes (Dask, Spark,
multiprocessing): arguments and results pickle, and a fresh process gives
the same answer. And the streaming diff agrees with difflib."""

from __future__ import annotations

import difflib
import multiprocessing
import pickle
import random
from concurrent.futures import ProcessPoolExecutor

from cleanup import Options, check_text, fix_text
from cleanup.report.diff import StreamingDiff
from conftest import apply_diff

TEXTS = ["Dear  comrades , hello.\n", "Дорогие  товарищи !\nРџСЂРёРІРµС‚ , мир.\n"]


def test_options_and_findings_pickle():
    options = Options(lang="ru", ignore=("layout",), words=frozenset({"Чешме"}))
    assert pickle.loads(pickle.dumps(options)) == options
    findings = check_text(TEXTS[1], options)
    assert findings and pickle.loads(pickle.dumps(findings)) == findings


def test_api_in_fresh_processes_matches_in_process():
    options = Options(ignore=("layout",))
    expected = [(check_text(t, options), fix_text(t, options)) for t in TEXTS]
    # spawn: a fresh interpreter that inherits nothing, as on a Dask or Spark worker
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        got = list(pool.map(_both, TEXTS, [options] * len(TEXTS)))
    assert got == expected


def _both(text, options):
    return check_text(text, options), fix_text(text, options)


def test_streaming_diff_matches_difflib():
    rng = random.Random(7)
    for _ in range(500):
        old = [rng.choice("abcdefgh") + "\n" for _ in range(rng.randint(0, 40))]
        new = list(old)
        for _ in range(rng.randint(0, 4)):
            i = rng.randint(0, len(new))
            roll = rng.random()
            if roll < 0.4 and new:
                new[min(i, len(new) - 1)] = "X\n"
            elif roll < 0.7:
                new.insert(i, "Y\r\n")
            elif new:
                del new[min(i, len(new) - 1)]
        expected = "".join(difflib.unified_diff(old, new, "a", "b"))
        diff = StreamingDiff("a", "b")
        assert diff.feed("".join(old), "".join(new)) + diff.close() == expected


def test_streaming_diff_of_pieces_cut_inside_lines_applies_to_the_whole():
    """A file with few or no line breaks is fixed and diffed in pieces that
    end inside a line (even between \\r and \\n): the joined diff is a diff of
    the whole (it turns the old text into the new), with a "No newline" mark
    only after a last line."""
    rng = random.Random(11)
    for _ in range(300):
        n = rng.randint(1, 60)
        old = [rng.choice(["ab", "cd", "ef", " ", " ", "\n", "\r\n", "\r", "\r"]) for _ in range(n)]
        new = [rng.choice(["XY", "ab"]) if t.strip() and rng.random() < 0.2 else t for t in old]
        cuts = sorted(rng.sample(range(1, n), min(n - 1, rng.randint(0, 5)))) if n > 1 else []
        diff, got, start = StreamingDiff("a", "b"), [], 0
        for cut in cuts + [n]:
            got.append(diff.feed("".join(old[start:cut]), "".join(new[start:cut])))
            start = cut
        joined = "".join(got) + diff.close()
        assert apply_diff("".join(old), joined) == "".join(new)
        assert joined.count("No newline at end of file") <= 2
