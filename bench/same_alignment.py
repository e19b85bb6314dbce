"""Does the compiled alignment (cleanup/parallel/_align_dp.c) give the
Python one's beads, costs to the bit? A guard for the C twin.

    .venv/bin/python bench/same_alignment.py            # sample, tests/data/parallel, parallel_long
    .venv/bin/python bench/same_alignment.py --corpus   # and every bilingual file of the bench corpus

Aligns each pair of editions twice in one process, once with the extension
and once with the pure-Python programme (align._python_dp), and compares
every bead: the paragraphs on each side and the cost's bits. Pairs: the
sample's two editions; each pair of tests/data/parallel, both ways round,
and every English file against every Russian one (unrelated texts: other
paths through the table); bench/parallel_long.py's ~1 MB file; with
``--corpus`` the bilingual files of bench/.cache/perf/corpus and
bench/.cache/same-findings-texts. Prints the time each took. Exit 1 on any
difference.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from cleanup import extensions  # noqa: E402
from cleanup.document import Document  # noqa: E402
from cleanup.parallel import align as align_module  # noqa: E402
from cleanup.parallel import speedups  # noqa: E402
from cleanup.parallel.editions import edition_of, split_editions  # noqa: E402


def _beads(a, b, pure_python: bool) -> tuple[list, float]:
    with extensions.afresh(pure_python=pure_python):
        start = time.process_time()
        beads = align_module.align(a, b)
        seconds = time.process_time() - start
    return [([p.index for p in x.a], [p.index for p in x.b], x.cost.hex()) for x in beads], seconds


def pairs(corpus: bool):
    text = (ROOT / "samples" / "imcwp23-speech.txt").read_text(encoding="utf-8")
    yield "sample", split_editions(Document(text))
    folder = ROOT / "tests" / "data" / "parallel"
    en = sorted(folder.glob("*.en.txt"))
    ru = sorted(folder.glob("*.ru.txt"))
    editions = {p: edition_of(Document(p.read_text(encoding="utf-8"))) for p in en + ru}
    for e in en:
        for r in ru:
            yield f"{e.name} × {r.name}", (editions[e], editions[r])
            yield f"{r.name} × {e.name}", (editions[r], editions[e])
    import parallel_long

    yield "parallel_long", split_editions(Document(parallel_long.long_text()))
    if corpus:
        for folder in (ROOT / "bench" / ".cache" / "perf" / "corpus", ROOT / "bench" / ".cache" / "same-findings-texts"):
            for path in sorted(folder.glob("*.txt")):
                yield path.name, split_editions(Document(path.read_text(encoding="utf-8")))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", action="store_true", help="also the bilingual files of the bench corpus")
    args = ap.parse_args()
    if speedups.compiled_dp() is None:
        print("the extension is not built (or CLEANUP_PURE_PYTHON is set): nothing to compare")
        return 1
    compared = differ = beads = 0
    seconds = {"C": 0.0, "Python": 0.0}
    for name, editions in pairs(args.corpus):
        if editions is None or not editions[0].paragraphs or not editions[1].paragraphs:
            continue
        a, b = editions[0].paragraphs, editions[1].paragraphs
        compiled, c_seconds = _beads(a, b, pure_python=False)
        python, py_seconds = _beads(a, b, pure_python=True)
        seconds["C"] += c_seconds
        seconds["Python"] += py_seconds
        compared += 1
        beads += len(python)
        if compiled != python:
            differ += 1
            print(f"DIFFERENT: {name}")
        if len(a) + len(b) > 500:
            print(f"{name}: {len(a)} × {len(b)} paragraphs, {len(python)} beads, "
                  f"C {c_seconds:.3f} s, Python {py_seconds:.3f} s")
    print(f"{compared} pairs of editions, {beads} beads: {differ} different; "
          f"align() CPU s: C {seconds['C']:.2f}, Python {seconds['Python']:.2f}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
