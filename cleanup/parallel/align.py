"""Paragraph alignment in the manner of Gale & Church (1993), helped by anchors.

Dynamic programming over the two editions' paragraphs. Each step ("bead")
takes 0–2 paragraphs from one side and 0–2 from the other (1–3 when one side
takes one), so that a paragraph split in two by a page break in one edition,
or merged in the other, still aligns. A bead's cost is, as in Gale–Church,
``-log P(bead kind) - log P(length difference)``, where the length
difference of a translation is taken as normally distributed around the
overall ratio of the two editions' lengths. Shared anchors — equal numbers,
names that transliterate to each other — lower the cost: they are the
strongest evidence that two paragraphs say the same thing.

For long editions only a band around the diagonal is searched (at most
``BAND_MAX`` paragraphs either side), so the cost stays linear.
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from . import speedups
from .editions import Paragraph

# Bead kinds and their prior probabilities (Gale & Church's, with 1–3 / 3–1
# added for a paragraph cut twice).
PRIORS: dict[tuple[int, int], float] = {
    (1, 1): 0.89,
    (1, 0): 0.005,
    (0, 1): 0.005,
    (2, 1): 0.04,
    (1, 2): 0.04,
    (2, 2): 0.011,
    (3, 1): 0.004,
    (1, 3): 0.004,
}
# Variance of the length difference per character (Gale & Church: 6.8 for
# sentences of related languages; paragraphs of a free translation vary more).
VARIANCE = 12.0
ANCHOR_BONUS = 2.0  # cost removed per anchor the two sides share
BAND_MIN = 20
# ... and at most this wide, whatever the editions' lengths: the work is then
# linear in the number of paragraphs (a band growing with the document made
# long bilingual files quadratic: 400 against 200 paragraphs filled the whole
# table). A paragraph is never aligned more than this many places off the
# diagonal, far more than a missing section of a transcript shifts it.
BAND_MAX = 100
# Letters of English per letter of Russian in a translation (measured on the
# sample and on tests/data/parallel: 1.08 and 1.07).
EN_PER_RU = 1.08
# A heading (a short line in capitals) is often missing from one edition.
HEADING_ALONE = 0.2


@dataclass(frozen=True)
class Bead:
    """One aligned unit: paragraphs of edition A and of edition B (either may be empty)."""

    a: tuple[Paragraph, ...]
    b: tuple[Paragraph, ...]
    cost: float

    @property
    def kind(self) -> str:
        return f"{len(self.a)}-{len(self.b)}"


def align(a: Sequence[Paragraph], b: Sequence[Paragraph]) -> list[Bead]:
    """The cheapest sequence of beads covering both editions in order.

    The length ratio of the two languages is not taken from the editions'
    totals — an edition that lacks paragraphs would skew it and invite false
    merges — but from a known ratio for the language pair, then re-estimated
    from the first pass's anchored one-to-one beads when there are enough.
    """
    n, m = len(a), len(b)
    if n == 0 or m == 0:
        return [Bead((p,), (), 0.0) for p in a] + [Bead((), (q,), 0.0) for q in b]
    ratio = _prior_ratio(a, b)
    anchors: dict = {}
    beads = _align(a, b, ratio, anchors)
    anchored = sorted(
        sum(p.size for p in x.b) / sum(p.size for p in x.a)
        for x in beads
        if x.kind == "1-1" and x.a[0].size and x.b[0].size and shared_anchor_count(x.a, x.b)
    )
    if len(anchored) >= 3:
        median = anchored[len(anchored) // 2]
        if abs(median - ratio) / ratio > 0.05:
            beads = _align(a, b, median, anchors)
    return beads


def _prior_ratio(a: Sequence[Paragraph], b: Sequence[Paragraph]) -> float:
    lang_a, lang_b = a[0].lang, b[0].lang
    if lang_a == lang_b:
        return 1.0
    if (lang_a, lang_b) == ("ru", "en"):
        return EN_PER_RU
    if (lang_a, lang_b) == ("en", "ru"):
        return 1 / EN_PER_RU
    total_a = sum(p.size for p in a) or 1
    return (sum(p.size for p in b) or 1) / total_a


def _align(a: Sequence[Paragraph], b: Sequence[Paragraph], ratio: float,
           anchors: dict | None = None) -> list[Bead]:
    n, m = len(a), len(b)
    band = min(BAND_MAX, max(BAND_MIN, abs(n - m) + 5, int(0.1 * max(n, m))))

    # Per-cell work is what the DP repeats hundreds of thousands of times on a
    # long document: lengths come from prefix sums, the cost of a paragraph
    # left alone is fixed, and the anchors two runs of paragraphs share are
    # counted once (``anchors`` is kept across both passes of ``align``).
    # The sums and their order are those of ``_bead_cost``, so the costs,
    # and with them the alignment, are exactly the same.
    size_a = [0]
    for p in a:
        size_a.append(size_a[-1] + p.size)
    size_b = [0]
    for q in b:
        size_b.append(size_b[-1] + q.size)
    # (The (di, dj) pair of each step is made once: a new tuple per cell is
    # garbage for the collector.)
    steps = [(di, dj, -math.log(prior), di == 0 or dj == 0, (di, dj)) for (di, dj), prior in PRIORS.items()]
    heading_alone = -math.log(HEADING_ALONE)
    heading_a = [p.is_heading for p in a]
    heading_b = [q.is_heading for q in b]
    # The band: row i's cells are the columns row_lo[i]..row_hi[i] around its diagonal point.
    row_lo, row_hi = [], []
    for i in range(n + 1):
        centre = i * m / n
        row_lo.append(max(0, int(centre) - band))
        row_hi.append(min(m, int(centre) + band + 1))

    kernel = speedups.compiled_dp()
    if kernel is not None:
        # The same programme in C (_align_dp.c), over flat arrays; it counts
        # the anchors runs of paragraphs share itself, from ids of the name
        # keys and numbers (one id per key or value, as a dict tells them apart).
        ids: dict = {}
        path = kernel.align_dp(
            n, m, array("q", size_a), array("q", size_b),
            bytes(map(bool, heading_a)), bytes(map(bool, heading_b)), array("q", row_lo), array("q", row_hi),
            _id_arrays([p.name_keys for p in a], ids, False), _id_arrays([q.name_keys for q in b], ids, False),
            _id_arrays([p.anchor_values for p in a], ids, True), _id_arrays([q.anchor_values for q in b], ids, True),
            [(di, dj, neg_log_prior) for di, dj, neg_log_prior, _, _ in steps],
            heading_alone, VARIANCE, ANCHOR_BONUS, math.sqrt(2), ratio,
        )
    else:
        window_lo, window_hi, sharing_runs, low_bits, counted = _anchor_counter(
            a, b, band, {} if anchors is None else anchors)
        path = _python_dp(n, m, row_lo, row_hi, steps, heading_a, heading_b, heading_alone, size_a, size_b,
                          window_lo, window_hi, sharing_runs, low_bits, counted, ratio)
    if path is None:  # cannot happen with the band rule above; be safe
        return [Bead((p,), (), 0.0) for p in a] + [Bead((), (q,), 0.0) for q in b]
    beads: list[Bead] = []
    i, j = n, m
    for di, dj, here in path:
        beads.append(Bead(tuple(a[i - di:i]), tuple(b[j - dj:j]), here))
        i, j = i - di, j - dj
    beads.reverse()
    return beads


def _id_arrays(groups, ids: dict, with_counts: bool) -> tuple[array, ...]:
    """Each paragraph's keys (or a Counter's values and counts) as ascending
    ids, flat: (start, ids) or (start, ids, counts), for _align_dp.c."""
    start, flat, counts = array("q", [0]), array("q"), array("q")
    for group in groups:
        if with_counts:
            pairs = sorted((ids.setdefault(("number", v), len(ids)), k) for v, k in group.items())
            flat.extend(x for x, _ in pairs)
            counts.extend(k for _, k in pairs)
        else:
            flat.extend(sorted(ids.setdefault(("name", key), len(ids)) for key in group))
        start.append(len(flat))
    return (start, flat, counts) if with_counts else (start, flat)


def _anchor_counter(a: Sequence[Paragraph], b: Sequence[Paragraph], band: int, shared: dict):
    """For the Python programme: the bit masks of which runs of paragraphs
    may share an anchor (window_lo, window_hi, sharing_runs, low_bits), and
    ``counted(pi, i, pj, j)``, the anchors a[pi:i] and b[pj:j] share, counted
    once (in ``shared``) for the pairs of runs the masks let through."""
    n, m = len(a), len(b)
    # How many paragraphs up to here have numbers at all: two runs of which
    # one has none share no number, and need no multiset built.
    with_numbers_a = [0]
    for p in a:
        with_numbers_a.append(with_numbers_a[-1] + bool(p.anchor_values))
    with_numbers_b = [0]
    for q in b:
        with_numbers_b.append(with_numbers_b[-1] + bool(q.anchor_values))

    # The names and numbers of each run of paragraphs (at most three), once.
    run_names: dict[tuple[int, int], frozenset] = {}
    run_numbers: dict[tuple[int, int], Counter] = {}

    def names_of(side: int, paras: Sequence[Paragraph], start: int, stop: int) -> frozenset:
        key = (side * (n + m + 2) + start, stop - start)
        found = run_names.get(key)
        if found is None:
            found = run_names[key] = paras[start].name_keys if stop - start == 1 \
                else frozenset().union(*(p.name_keys for p in paras[start:stop]))
        return found

    def numbers_of(side: int, paras: Sequence[Paragraph], start: int, stop: int) -> Counter:
        key = (side * (n + m + 2) + start, stop - start)
        found = run_numbers.get(key)
        if found is None:
            found = run_numbers[key] = paras[start].anchor_values if stop - start == 1 \
                else _union_counts(p.anchor_values for p in paras[start:stop])
        return found

    # Which paragraphs of b share any name key or number with each paragraph
    # of a: two runs of paragraphs share an anchor only if some paragraph of
    # one shares it with some paragraph of the other, so most pairs of runs
    # (all but those near the path) are settled by one bit-mask test. Only
    # the band's cells are asked about, so each run of a starting at pi keeps
    # the paragraphs of b in a window [window_lo[pi], window_hi[pi]) around
    # the band, as bits from window_lo[pi] (memory linear in the document);
    # a cell outside it (none, by the band's bounds) is counted in full.
    b_having: dict = {}
    for y, q in enumerate(b):
        for key in q.name_keys:
            b_having.setdefault(("name", key), []).append(y)
        for value in q.anchor_values:
            b_having.setdefault(("number", value), []).append(y)
    window_lo = [max(0, int(x * m / n) - band - 3) for x in range(n + 1)]
    window_hi = [min(m, int((x + 3) * m / n) + band + 2) for x in range(n + 1)]
    sharing_a = []  # paragraph x's bits from window_lo[max(x - 2, 0)] (the lowest of its runs')
    for x, p in enumerate(a):
        base, top = window_lo[max(x - 2, 0)], window_hi[x]
        ys: set[int] = set()
        for anchor in [("name", key) for key in p.name_keys] + [("number", v) for v in p.anchor_values]:
            having = b_having.get(anchor)
            if having:
                ys.update(having[bisect_left(having, base):bisect_left(having, top)])
        mask = 0
        for y in ys:
            mask |= 1 << (y - base)
        sharing_a.append(mask)
    # Runs of 1–3 paragraphs of a: sharing_runs[di][pi] for a[pi:pi + di], bits from window_lo[pi].
    sharing_runs: list[list[int]] = [[], [], [], []]
    for di in (1, 2, 3):
        for pi in range(n - di + 1):
            mask = 0
            for x in range(pi, pi + di):
                mask |= sharing_a[x] >> (window_lo[pi] - window_lo[max(x - 2, 0)])
            sharing_runs[di].append(mask)
    # Bits of runs of 1–3 paragraphs of b, to test against a mask shifted to the run's start.
    low_bits = [(1 << dj) - 1 for dj in range(4)]

    def count_shared(pi: int, i: int, pj: int, j: int) -> int:
        # shared_anchor_count(a[pi:i], b[pj:j]), without the multisets when
        # one side has no number. (Asked only when the masks say the runs
        # share something.)
        count = min(len(names_of(0, a, pi, i) & names_of(1, b, pj, j)), 5)
        if with_numbers_a[i] - with_numbers_a[pi] and with_numbers_b[j] - with_numbers_b[pj]:
            count += _shared_numbers(numbers_of(0, a, pi, i), numbers_of(1, b, pj, j))
        return count

    def counted(pi: int, i: int, pj: int, j: int) -> int:
        key = ((pi * (n + 1) + i) * (m + 1) + pj) * (m + 1) + j
        count = shared.get(key)
        if count is None:
            count = shared[key] = count_shared(pi, i, pj, j)
        return count

    return window_lo, window_hi, sharing_runs, low_bits, counted


def _python_dp(n, m, row_lo, row_hi, steps, heading_a, heading_b, heading_alone, size_a, size_b,
               window_lo, window_hi, sharing_runs, low_bits, counted, ratio) -> list[tuple[int, int, float]] | None:
    """The dynamic programme over the band: the steps (di, dj, cost of each
    bead) of the cheapest path, from (n, m) back to (0, 0); None when (n, m)
    is not reached. The reference of _align_dp.c's align_dp."""
    sqrt, erfc, log, sqrt2 = math.sqrt, math.erfc, math.log, math.sqrt(2)
    # Cells are keyed i * width + j (an int hashes quicker than a tuple).
    width = m + 1
    inf = float("inf")
    cost = {0: 0.0}
    back: dict[int, tuple[int, int]] = {}
    get = cost.get
    for i in range(n + 1):
        for j in range(row_lo[i], row_hi[i] + 1):
            if i == 0 and j == 0:
                continue
            best, best_step = inf, None
            for di, dj, neg_log_prior, one_side, pair in steps:
                pi, pj = i - di, j - dj
                if pi < 0 or pj < 0:
                    continue
                before = get(pi * width + pj)
                if before is None:
                    continue
                if one_side:
                    alone = di + dj == 1 and (heading_a[pi] if di else heading_b[pj])
                    step = heading_alone if alone else neg_log_prior
                else:
                    low = window_lo[pi]
                    if pj >= low and j <= window_hi[pi] and not (sharing_runs[di][pi] >> (pj - low)) & low_bits[dj]:
                        count = 0  # no paragraph of one run shares an anchor with one of the other
                    else:
                        count = counted(pi, i, pj, j)
                    # _length_cost(la, lb, ratio), inline: the same operations in the same order.
                    la, lb = size_a[i] - size_a[pi], size_b[j] - size_b[pj]
                    if la == 0 and lb == 0:
                        lc = 0.0
                    else:
                        mean = (la + lb / ratio) / 2
                        delta = (lb / ratio - la) / sqrt(VARIANCE * (mean if mean > 1.0 else 1.0))
                        tail = erfc(abs(delta) / sqrt2)
                        lc = -log(tail if tail > 1e-12 else 1e-12)
                    step = (neg_log_prior + lc) - ANCHOR_BONUS * count
                c = before + step
                if c < best:
                    best, best_step = c, pair
            if best_step is not None:
                cost[i * width + j] = best
                back[i * width + j] = best_step
    i, j = n, m
    if i * width + j not in back:
        return None
    path = []
    while (i, j) != (0, 0):
        di, dj = back[i * width + j]
        path.append((di, dj, cost[i * width + j] - cost[(i - di) * width + j - dj]))
        i, j = i - di, j - dj
    return path


def _bead_cost(pa: Sequence[Paragraph], pb: Sequence[Paragraph], prior: float, ratio: float) -> float:
    la = sum(p.size for p in pa)
    lb = sum(p.size for p in pb)
    if not pa or not pb:
        # A paragraph only one edition has: its probability is the prior alone
        # (a length term here would make dropping a long paragraph dearer than
        # a wildly unequal merge). A heading is often left out.
        alone = pa or pb
        if len(alone) == 1 and alone[0].is_heading:
            return -math.log(HEADING_ALONE)
        return -math.log(prior)
    c = -math.log(prior) + _length_cost(la, lb, ratio)
    return c - ANCHOR_BONUS * shared_anchor_count(pa, pb)


def _length_cost(la: int, lb: int, ratio: float) -> float:
    if la == 0 and lb == 0:
        return 0.0
    mean = (la + lb / ratio) / 2
    delta = (lb / ratio - la) / math.sqrt(VARIANCE * max(mean, 1.0))
    # Two-sided tail of the standard normal: P(|Z| >= |delta|).
    tail = math.erfc(abs(delta) / math.sqrt(2))
    return -math.log(max(tail, 1e-12))


def shared_anchor_count(pa: Sequence[Paragraph], pb: Sequence[Paragraph]) -> int:
    """Equal numbers (as a multiset) plus names that transliterate alike (at most 5)."""
    if not pa or not pb:
        return 0
    nums_a = pa[0].anchor_values if len(pa) == 1 else _union_counts(p.anchor_values for p in pa)
    nums_b = pb[0].anchor_values if len(pb) == 1 else _union_counts(p.anchor_values for p in pb)
    shared = _shared_numbers(nums_a, nums_b) if nums_a and nums_b else 0
    names_a = pa[0].name_keys if len(pa) == 1 else frozenset().union(*(p.name_keys for p in pa))
    names_b = pb[0].name_keys if len(pb) == 1 else frozenset().union(*(p.name_keys for p in pb))
    return shared + min(len(names_a & names_b), 5)


def _union_counts(counters) -> Counter:
    """The sum of multisets (all counts positive), built in one Counter."""
    total: Counter = Counter()
    for c in counters:
        total.update(c)
    return total


def _shared_numbers(nums_a: Counter, nums_b: Counter) -> int:
    """The size of the multiset intersection ``nums_a & nums_b``, without building it."""
    if len(nums_a) > len(nums_b):
        nums_a, nums_b = nums_b, nums_a
    return sum(min(k, nums_b[v]) for v, k in nums_a.items() if v in nums_b)
