"""Replay the spelling search of unknown words (``candidates.analyse``) alone,
over the word forms a real check asks it about: a steadier measure of that
one function than timing a whole check, and an exactness check of it.

    # the (word, language) pairs the spelling detector asks about, in order
    .venv/bin/python bench/replay_analyse.py collect bench/.cache/perf_detectors/dense /tmp/words.pkl
    # every analysis as repr(), saved from one tree, compared from another
    .venv/bin/python bench/replay_analyse.py save /tmp/words.pkl /tmp/ref.pkl
    .venv/bin/python bench/replay_analyse.py check /tmp/words.pkl /tmp/ref.pkl
    # instructions of the replay alone (after a warm-up that loads the index,
    # pymorphy3 and the error model; every cache of analyse emptied)
    valgrind --tool=callgrind --collect-atstart=no '--toggle-collect=_operator_call*' \\
        .venv/bin/python bench/replay_analyse.py count /tmp/words.pkl
    .venv/bin/python bench/replay_analyse.py time /tmp/words.pkl

The words come from bench/perf_detectors.py's corpora (run it once first).
``CLEANUP_PURE_PYTHON=1`` replays the pure-Python search.
"""

from __future__ import annotations

import operator
import os
import pickle
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("CLEANUP_NO_CACHE", "1")


def collect(corpus: str, out: str) -> None:
    import cleanup.detectors.spelling as spelling
    from cleanup.document import Document
    from cleanup.options import Options
    from cleanup.pipeline import Checker

    asked = []
    analyse = spelling.analyse

    def recorded(word, lang):
        asked.append((word, lang))
        return analyse(word, lang)

    spelling.analyse = recorded
    checker = Checker(Options())
    for path in sorted(Path(corpus).glob("*.txt")):
        checker.check(Document(path.read_text(encoding="utf-8"), "-"))
    distinct = list(dict.fromkeys(asked))
    print(f"{len(asked)} asked, {len(distinct)} distinct")
    with open(out, "wb") as fh:
        pickle.dump(distinct, fh)


def replay(words_file: str, mode: str, ref: str | None) -> None:
    from cleanup.batch import tune_gc
    from cleanup.spelling import candidates

    tune_gc()
    with open(words_file, "rb") as fh:
        words = pickle.load(fh)
    for w in ("превет", "helo", "благодарнасть", "проголосивших", "когдато", "ели-елли"):
        candidates.analyse(w, "en" if w.isascii() else "ru")
    for cached in (candidates.analyse, candidates._edit_candidates, candidates._to_weigh):
        cached.cache_clear()

    def run():
        return [candidates.analyse(w, lang) for w, lang in words]

    if mode == "count":
        operator.call(run)
    elif mode == "time":
        start = time.process_time()
        run()
        spent = time.process_time() - start
        print(f"{len(words)} words: {spent:.3f} CPU s, {spent / len(words) * 1e6:.1f} µs a word")
    else:
        got = [repr(a) for a in run()]
        if mode == "save":
            with open(ref, "wb") as fh:
                pickle.dump(got, fh)
            return
        with open(ref, "rb") as fh:
            expected = pickle.load(fh)
        differ = [(words[i], expected[i], got[i]) for i in range(len(got)) if got[i] != expected[i]]
        print("same" if not differ else f"DIFFER on {len(differ)}", len(got))
        for d in differ[:5]:
            print(d)
        sys.exit(1 if differ else 0)


if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[1] not in ("collect", "save", "check", "count", "time"):
        sys.exit(__doc__)
    if sys.argv[1] == "collect":
        collect(sys.argv[2], sys.argv[3])
    else:
        replay(sys.argv[2], sys.argv[1], sys.argv[3] if len(sys.argv) > 3 else None)
