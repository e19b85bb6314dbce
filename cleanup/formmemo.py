"""Facts about word forms, remembered per process and looked up a paragraph at a time.

Detectors ask the same small facts (flags, parts of speech) of the same
forms over and over: a text's vocabulary is small beside its length. A fact
is made once per form, the new forms of a paragraph together, and a
paragraph's facts are read back by C-level maps, not a Python step per word.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from itertools import compress, repeat
from operator import is_


def facts_of(forms: Sequence[Hashable], memo: dict, make: Callable[[set], dict], limit: int) -> list:
    """``[memo[f] for f in forms]``, the forms ``memo`` does not hold yet
    made by ``make(new_forms) -> {form: fact}`` first (a fact is never
    None). ``memo`` is emptied whole when it would grow past ``limit``."""
    facts = list(map(memo.get, forms))  # one C pass; a form not seen yet is None
    if None in facts:
        _learn(forms, set(compress(forms, map(is_, facts, repeat(None)))), memo, make, limit)
        facts = list(map(memo.__getitem__, forms))
    return facts


def small_facts_of(forms: Sequence[Hashable], memo: dict, make: Callable[[set], dict], limit: int) -> bytes:
    """:func:`facts_of` for facts that are small whole numbers (0–255, such
    as a few flags), as ``bytes``: a paragraph whose forms are all known
    (most, once a few are done) costs one C pass, with no search for a
    missing fact (the look-up that fails stops it); and the caller can
    ``translate`` the bytes, a table look-up per word at C speed, instead
    of a Python-level operation mapped over a list."""
    try:
        return bytes(map(memo.__getitem__, forms))
    except KeyError:  # a form not seen yet
        pass
    learn(forms, memo, make, limit)
    return bytes(map(memo.__getitem__, forms))


def learn(forms: Sequence[Hashable], memo: dict, make: Callable[[set], dict], limit: int,
          new: set | None = None) -> None:
    """Make the facts of the forms of ``forms`` that ``memo`` lacks (``new``,
    when the caller has found them), as :func:`small_facts_of` does, without
    reading any back: for a caller whose own pass over the paragraph reads
    ``memo`` (and found forms missing)."""
    _learn(forms, set(forms).difference(memo) if new is None else new, memo, make, limit)


def _learn(forms: Sequence[Hashable], new: set, memo: dict, make: Callable[[set], dict], limit: int) -> None:
    """Add the facts of ``new`` (the forms of ``forms`` that ``memo`` lacks)
    to ``memo``; when that would grow it past ``limit`` it is emptied
    first, and every form of ``forms`` is made anew."""
    if len(memo) + len(new) > limit:
        memo.clear()
        new = set(forms)
    memo.update(make(new))
