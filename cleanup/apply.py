"""The one place that changes text.

Edits are chosen most-confident first; an edit that overlaps one already
chosen is skipped, so the more confident wins. The chosen edits are then
applied in one pass over the original text, in position order.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from .model import Edit


def _conflicts(a: Edit, b: Edit) -> bool:
    """Do two edits touch the same text? Two insertions at one point conflict
    (their order would be arbitrary), and so does an insertion strictly inside
    a replaced span."""
    if a.start == a.end and b.start == b.end:
        return a.start == b.start
    if a.start == a.end:
        return b.start < a.start < b.end
    if b.start == b.end:
        return a.start < b.start < a.end
    return a.start < b.end and b.start < a.end


def choose(edits: Iterable[Edit]) -> list[Edit]:
    """Non-overlapping edits, most confident first on conflict, in position order.

    Edits can only conflict with edits whose spans touch theirs, so the work
    is split into clusters of touching spans and the greedy choice runs in
    each: the same result as one global greedy pass, in O(n log n) — a
    global sorted list with inserts would be quadratic on a large text.
    """
    by_position = sorted(edits, key=lambda e: (e.start, e.end))
    chosen: list[Edit] = []
    cluster: list[Edit] = []
    cluster_end = -1
    for edit in by_position:
        if cluster and edit.start > cluster_end:
            chosen.extend(_choose_in_cluster(cluster))
            cluster = []
        cluster.append(edit)
        cluster_end = max(cluster_end, edit.end) if len(cluster) > 1 else edit.end
    if cluster:
        chosen.extend(_choose_in_cluster(cluster))
    return chosen


def _choose_in_cluster(edits: list[Edit]) -> list[Edit]:
    ranked = sorted(edits, key=lambda e: (-e.confidence, e.start, e.end, e.replacement))
    chosen: list[Edit] = []  # pairwise compatible, kept sorted by (start, end)
    keys: list[tuple[int, int]] = []
    for edit in ranked:
        i = bisect.bisect_left(keys, (edit.start, edit.end))
        # Chosen spans are disjoint, so their ends rise with their starts and
        # anything that clashes with `edit` sits right beside its slot.
        window = chosen[max(0, i - 2) : i + 2]
        if any(_conflicts(edit, other) for other in window):
            continue
        chosen.insert(i, edit)
        keys.insert(i, (edit.start, edit.end))
    return chosen


def _compatible_in_order(edits: list[Edit]) -> bool:
    """Are ``edits`` in position order, each starting at or after the end of
    the one before, and no two insertions at one point? Then no two of them
    conflict, and :func:`choose` would return them as they are."""
    for a, b in zip(edits, edits[1:]):
        if b.start < a.end or (b.start, b.end) <= (a.start, a.end):
            return False
    return True


def changes_line_breaks(text: str, edit: Edit) -> bool:
    """Would ``edit``, which touches no line break itself, turn a lone ``\r``
    and a lone ``\n`` into one ``\r\n`` (by emptying what is between them) or
    split a ``\r\n`` in two (by inserting between them)? Either changes how
    many lines the text has — two paragraphs become one — without any edit
    of a line break to show for it."""
    start, end = edit.start, edit.end
    if start == 0 or end >= len(text) or text[start - 1] != "\r" or text[end] != "\n":
        return False
    if (start == end) == (edit.replacement == ""):
        return False  # a no-op, or a replacement that keeps them apart
    return not any(c in "\r\n" for c in text[start:end]) and not any(c in "\r\n" for c in edit.replacement)


def apply_edits(text: str, edits: Iterable[Edit]) -> tuple[str, list[Edit]]:
    """Apply non-overlapping edits; returns the new text and the edits applied.
    An edit that would silently join or split lines is never applied."""
    kept = [e for e in edits if not changes_line_breaks(text, e)]
    # `fix` passes edits it has just chosen: choosing them again changes nothing.
    chosen = kept if _compatible_in_order(kept) else choose(kept)
    if not chosen:
        return text, []
    parts: list[str] = []
    pos = 0
    for edit in chosen:
        parts.append(text[pos : edit.start])
        parts.append(edit.replacement)
        pos = edit.end
    parts.append(text[pos:])
    return "".join(parts), chosen
