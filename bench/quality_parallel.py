"""Precision and recall of the parallel-edition detector (``style.parallel.*``).

    .venv/bin/python bench/quality_parallel.py            # prints, writes bench/results/quality_parallel.md
    .venv/bin/python bench/quality_parallel.py --no-write

Two kinds of text, each checked by ``ParallelDetector`` itself (CPU time of
its ``detect`` is reported too):

Unrelated Russian and English (every ``style.parallel`` finding is false):

- ``corpus`` / ``clean``: bench/.cache/perf/{corpus,clean}/*.txt (built by
  bench/perf.py from the dev sets: alternating unrelated ru and en
  sentences, ~4 KB files).
- ``synthetic``: the interleaved texts bench/same_findings.py builds.
- ``shuffled``: 1–3 English paragraphs of the sample facing Russian
  paragraphs of the sample that are *not* their translations (same topic,
  same names: the hardest unrelated case), and likewise for the test texts
  in tests/data/parallel crossed with each other.

Real translations (must be recognised; damage must be found):

- ``sample``: samples/imcwp23-speech.txt (its known findings: STALTN/СТАЛТНУ
  and 20th for XIX).
- ``excerpts``: every run of 1–3 aligned paragraph pairs of the sample and of
  tests/data/parallel as its own bilingual document: how many are still
  recognised as translations.
- ``damaged``: the same excerpts with one number of the English side
  changed (a digit changed, as a typist would): found or not, at which tier.
- ``long``: bench/parallel_long.py's ~1 MB file (number of findings).
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from cleanup.detectors.parallel import ParallelDetector  # noqa: E402
from cleanup.document import Document  # noqa: E402
from cleanup.model import Tier  # noqa: E402
from cleanup.options import Context, Options  # noqa: E402
from cleanup.parallel.anchors import anchors  # noqa: E402
from cleanup.parallel.compare import compare  # noqa: E402
from cleanup.parallel.editions import split_editions  # noqa: E402

PERF = HERE / ".cache" / "perf"
DATA = ROOT / "tests" / "data" / "parallel"
SAMPLE = ROOT / "samples" / "imcwp23-speech.txt"

_OPTIONS = Options()
_DETECTOR = ParallelDetector(_OPTIONS)


class Tally:
    def __init__(self) -> None:
        self.docs = self.bytes = self.findings = self.docs_with = 0
        self.tiers: Counter = Counter()
        self.judged: Counter = Counter()  # documents taken for translations, by verdict
        self.true = 0  # findings of the sample's known errors (permuted set only)
        self.seconds = 0.0
        self.examples: list[str] = []

    def add(self, name: str, text: str) -> list:
        ctx = Context(Document(text, name), _OPTIONS)
        t = time.process_time()
        found = list(_DETECTOR.detect(ctx))
        self.seconds += time.process_time() - t
        self.docs += 1
        self.bytes += len(text.encode("utf-8"))
        editions = split_editions(ctx.doc)
        if editions is not None:
            judged = getattr(compare(*editions, links=False), "verdict", None)  # (none before it existed)
            if judged is not None and judged.parallel:
                self.judged[judged.level] += 1
        if found:
            self.docs_with += 1
            self.findings += len(found)
            for f in found:
                self.tiers[f.tier.name.lower()] += 1
                if len(self.examples) < 5:
                    self.examples.append(f"{name}: {f.text!r} → {[s.text for s in f.suggestions]} ({f.tier.name})")
        return found

    @property
    def mb(self) -> float:
        return self.bytes / 1e6


def paragraphs(text: str) -> list[str]:
    return [p for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]


def translation_pairs() -> list[list[tuple[str, str]]]:
    """Per source text, its (English, Russian) paragraph pairs that translate each other,
    as the full sample's alignment pairs them (1-1 beads) and as the test texts are written."""
    out = []
    text = SAMPLE.read_text(encoding="utf-8")
    editions = split_editions(Document(text))
    comparison = compare(*editions, links=False)
    pairs = []
    for report in comparison.beads:
        bead = report.bead
        if bead.kind == "1-1":
            pa, pb = bead.a[0], bead.b[0]
            en, ru = (pa, pb) if pa.lang == "en" else (pb, pa)
            pairs.append((en.text.strip(), ru.text.strip()))
    out.append(pairs)
    for name in ("science", "music", "war"):
        ru = paragraphs((DATA / f"{name}.ru.txt").read_text(encoding="utf-8"))
        en = paragraphs((DATA / f"{name}.en.txt").read_text(encoding="utf-8"))
        if len(ru) == len(en) + 1:  # an untranslated heading
            ru = ru[1:]
        out.append(list(zip(en, ru)))
    return out


def bilingual(en: list[str], ru: list[str]) -> str:
    return "\n\n".join(en) + "\n\n" + "\n\n".join(ru) + "\n"


def excerpts(groups, sizes=(1, 2, 3)):
    """Runs of 1–3 consecutive pairs of one text (with at least some letters on each side)."""
    for g, pairs in enumerate(groups):
        for k in sizes:
            for i in range(0, len(pairs) - k + 1):
                run = pairs[i:i + k]
                if sum(len(en) for en, _ in run) < 40:
                    continue  # a signature or a greeting alone: nothing to compare
                yield f"g{g}-{i}-{k}", [en for en, _ in run], [ru for _, ru in run]


def shuffled(groups, seed: int = 3):
    """English paragraphs facing Russian ones of the same text that are not their translations."""
    rnd = random.Random(seed)
    flat = [(g, i, en, ru) for g, pairs in enumerate(groups) for i, (en, ru) in enumerate(pairs)]
    for k in (1, 2, 3):
        for _ in range(150):
            run = rnd.sample(flat, k)
            # Russian paragraphs of other pairs: of the same text half of the time.
            # (Never the translation of any English paragraph of the run, nor its neighbour.)
            chosen = {(g, i) for g, i, _, _ in run}
            far = [x for x in flat if all(x[0] != g or abs(x[1] - i) > 1 for g, i in chosen)]
            others = []
            for g, i, _, _ in run:
                same_text = [x for x in far if x[0] == g]
                pool = same_text if rnd.random() < 0.5 and same_text else [x for x in far if x[0] != g]
                others.append(rnd.choice(pool)[3])
            yield [en for _, _, en, _ in run], others


def permuted(groups, trials: int = 40, seed: int = 5):
    """A whole text's English edition facing its Russian paragraphs in another
    order (none within one place of its own): the aligner, which keeps order,
    can still pair a few paragraphs with their translations, the rest with
    strangers of the same topic and names."""
    rnd = random.Random(seed)
    for _ in range(trials):
        for pairs in groups:
            n = len(pairs)
            for _attempt in range(100):
                order = list(range(n))
                rnd.shuffle(order)
                if all(abs(order[i] - i) > 1 for i in range(n)):
                    yield [en for en, _ in pairs], [pairs[j][1] for j in order]
                    break


# The sample's own errors (true wherever its paragraphs are): not false findings.
KNOWN_ERRORS = ("STALTN", "СТАЛТНУ", "20th")


def damage(en: str, rnd: random.Random) -> tuple[str, int, int] | None:
    """``en`` with one plain number's last digit changed (a year, an amount, a
    percentage; not an ordinal or a decade, whose suffix would no longer fit):
    (text, start, end) of the change."""
    found = [a for a in anchors(en, 0, len(en), "en")
             if not a.roman and not a.broken and a.text.rstrip("%").replace(",", "").replace(".", "").isdigit()]
    if not found:
        return None
    a = rnd.choice(found)
    digits = [i for i in range(a.start, a.end) if en[i].isdigit()]
    i = digits[-1]
    new = str((int(en[i]) + rnd.randint(1, 8)) % 10)
    return en[:i] + new + en[i + 1:], a.start, a.end


def repeat(en: str, rnd: random.Random) -> tuple[str, int, int, str] | None:
    """``en`` with one plain number written as an earlier number of the same
    shape (a value typed twice, as in the sample's "20th and early 20th"):
    (text, start, end of the change, the value it replaced)."""
    plain = [a for a in anchors(en, 0, len(en), "en")
             if not a.roman and not a.broken and a.text.replace(",", "").isdigit()]
    choices = [(x, y) for i, x in enumerate(plain) for y in plain[i + 1:]
               if x.shape == y.shape and x.value != y.value and not any(z.value == y.value for z in plain if z is not y)]
    if not choices:
        return None
    x, y = rnd.choice(choices)
    return en[:y.start] + x.text + en[y.end:], y.start, y.start + len(x.text), y.text


def run(limit: int | None) -> dict:
    results: dict = {}
    for folder in ("corpus", "clean"):
        files = sorted((PERF / folder).glob("*.txt"))[:limit]
        tally = Tally()
        for p in files:
            tally.add(p.name, p.read_text(encoding="utf-8"))
        results[folder] = tally
    from same_findings import synthetic

    tally = Tally()
    for p in synthetic(HERE / ".cache" / "quality-parallel-texts"):
        if p.name == "interleaved.txt":  # the other two are the sample, reordered: translations
            tally.add(p.name, p.read_text(encoding="utf-8"))
    results["synthetic"] = tally

    groups = translation_pairs()
    tally = Tally()
    for n, (en, ru) in enumerate(shuffled(groups)):
        tally.add(f"shuffled-{n}", bilingual(en, ru))
    results["shuffled"] = tally

    tally = Tally()
    for n, (en, ru) in enumerate(permuted(groups)):
        found = tally.add(f"permuted-{n}", bilingual(en, ru))
        true = [f for f in found if f.text in KNOWN_ERRORS]
        tally.findings -= len(true)  # the sample's real errors, found through a pair aligned right
        tally.docs_with -= bool(found) and len(true) == len(found)
        for f in true:
            tally.tiers[f.tier.name.lower()] -= 1
        tally.true += len(true)
    results["permuted"] = tally

    sample = Tally()
    found = sample.add("sample", SAMPLE.read_text(encoding="utf-8"))
    results["sample"] = sample
    results["sample_texts"] = sorted(f"{f.text}→{f.best.text if f.best else '-'} ({f.tier.name})" for f in found)

    recognised = total = anchored = anchored_recognised = 0
    for name, en, ru in excerpts(groups):
        editions = split_editions(Document(bilingual(en, ru)))
        total += 1
        if editions is None:
            continue
        comparison = compare(*editions, links=False)
        # Excerpts whose pairs share no number and no name at all offer
        # nothing to compare: recognised or not, they can have no finding.
        has_anchor = comparison.anchored_pairs > 0
        anchored += has_anchor
        recognised += comparison.parallel
        anchored_recognised += has_anchor and comparison.parallel
    results["excerpts"] = (recognised, total, anchored_recognised, anchored)

    rnd = random.Random(11)
    hits: Counter = Counter()
    for name, en, ru in excerpts(groups):
        k = rnd.randrange(len(en))
        changed = damage(en[k], rnd)
        if changed is None:
            continue
        new, start, end = changed
        en2 = en[:k] + [new] + en[k + 1:]
        text = bilingual(en2, ru)
        offset = sum(len(p) + 2 for p in en2[:k])
        ctx = Context(Document(text, name), _OPTIONS)
        found = list(_DETECTOR.detect(ctx))
        on_it = [f for f in found if f.start < offset + end and f.end > offset + start]
        hits["damaged"] += 1
        if on_it:
            hits["found"] += 1
            hits[f"found {max(f.tier for f in on_it).name.lower()}"] += 1
            if any(f.best and f.tier >= Tier.UNSAFE for f in on_it):
                hits["fixed"] += 1
    results["damaged"] = hits

    hits = Counter()
    for name, en, ru in excerpts(groups):
        k = rnd.randrange(len(en))
        changed = repeat(en[k], rnd)
        if changed is None:
            continue
        new, start, end, was = changed
        en2 = en[:k] + [new] + en[k + 1:]
        offset = sum(len(p) + 2 for p in en2[:k])
        found = list(_DETECTOR.detect(Context(Document(bilingual(en2, ru), name), _OPTIONS)))
        on_it = [f for f in found if f.start < offset + end and f.end > offset + start]
        hits["damaged"] += 1
        if on_it:
            hits["found"] += 1
            hits[f"found {max(f.tier for f in on_it).name.lower()}"] += 1
            if any(f.best and f.best.text == was and f.tier >= Tier.UNSAFE for f in on_it):
                hits["fixed"] += 1
    results["repeated"] = hits

    out = subprocess.run([sys.executable, str(HERE / "parallel_long.py")], capture_output=True, text=True, cwd=ROOT)
    results["long"] = out.stdout.strip()
    return results


def report(results: dict) -> str:
    lines = ["# Parallel editions: precision and recall", "",
             "`.venv/bin/python bench/quality_parallel.py` (see its docstring for the sets).", "",
             "## Unrelated ru/en text (every finding is false)", "",
             "| set | docs | MB | taken for translations (thin/firm) | findings | docs with | per MB | unsafe | display "
             "| detect s/MB |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for name in ("corpus", "clean", "synthetic", "shuffled", "permuted"):
        t = results[name]
        per_mb = t.findings / t.mb if t.mb else 0
        lines.append(f"| {name} | {t.docs} | {t.mb:.2f} | {t.judged['thin']}/{t.judged['firm']} | {t.findings} | {t.docs_with} | {per_mb:.1f} | "
                     f"{t.tiers['unsafe'] + t.tiers['safe']} | {t.tiers['display']} | {t.seconds / t.mb:.3f} |")
    examples = [e for name in ("corpus", "clean", "synthetic", "shuffled", "permuted") for e in results[name].examples
                if not any(repr(k) in e.split(" → ")[0] for k in KNOWN_ERRORS)]
    if examples:
        lines += ["", "Examples: " + "; ".join(examples[:8])]
    lines += ["", f"permuted: whole editions with the Russian paragraphs reordered; the aligner still pairs "
                  f"some with their translations, so the sample's real errors ({', '.join(KNOWN_ERRORS)}) "
                  f"are found {results['permuted'].true} times there and not counted."]
    r, n, ar, an = results["excerpts"]
    d = results["damaged"]
    lines += ["", "## Real translations", "",
              f"- sample: {results['sample'].findings} findings: {', '.join(results['sample_texts'])}",
              f"- excerpts of 1–3 aligned pairs (sample + tests/data/parallel) recognised as translations: {r} of {n}; "
              f"of those whose pairs share any number or name: {ar} of {an}",
              f"- one English number damaged in each excerpt: found {d['found']} of {d['damaged']} "
              f"(unsafe {d['found unsafe']}, display {d['found display']}; with an unsafe suggestion {d['fixed']})",
              f"- one English number written as another of its paragraph (a repeat): found {results['repeated']['found']} "
              f"of {results['repeated']['damaged']} (unsafe {results['repeated']['found unsafe']}, display "
              f"{results['repeated']['found display']}; fixed to the right value at unsafe {results['repeated']['fixed']})",
              f"- long file (bench/parallel_long.py): {results['long']}", ""]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=None, help="at most this many files per corpus")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    if not (PERF / "corpus").is_dir():
        raise SystemExit("no corpus: run bench/perf.py --quick once (it builds bench/.cache/perf/corpus)")
    text = report(run(args.limit))
    print(text)
    if not args.no_write:
        (HERE / "results").mkdir(exist_ok=True)
        (HERE / "results" / "quality_parallel.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
