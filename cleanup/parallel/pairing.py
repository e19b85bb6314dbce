"""Two files as two editions: pairing by name, and checking a pair.

``speech.ru.txt`` and ``speech.en.txt`` (or ``speech.ru`` / ``speech.en``, or
``speech_ru.txt`` / ``speech_en.txt``) are editions of one text: same name,
a language code before the extension (or at the end of the stem).
"""

from __future__ import annotations

from pathlib import Path, PurePath
from typing import TYPE_CHECKING

import regex

from ..document import Document
from ..model import Finding
from ..options import Options

if TYPE_CHECKING:
    from .compare import Comparison
    from .editions import Edition

LANG_CODES = ("ru", "en")
_NAME = regex.compile(r"^(?P<stem>.+?)[._-](?P<lang>ru|en)(?P<ext>\.[^.]+)?$", regex.IGNORECASE)


def pair_key(path: str) -> tuple[str, str] | None:
    """(what the editions share, language code) for a path named like an edition."""
    p = PurePath(path)
    m = _NAME.match(p.name)
    if not m:
        return None
    shared = str(p.parent / (m.group("stem") + (m.group("ext") or "")))
    return shared.lower(), m.group("lang").lower()


def pair_by_name(paths: list[str]) -> list[tuple[str, str]]:
    """Pairs of paths that are the Russian and English editions of one text."""
    groups: dict[str, dict[str, str]] = {}
    for path in paths:
        key = pair_key(path)
        if key is not None:
            groups.setdefault(key[0], {}).setdefault(key[1], path)
    return [(g["ru"], g["en"]) for g in groups.values() if "ru" in g and "en" in g]


def partner_path(path: str) -> str | None:
    """The other edition's file beside ``path`` (``x.en.txt`` for ``x.ru.txt``), if it exists."""
    p = PurePath(path)
    m = _NAME.match(p.name)
    if not m:
        return None
    lang = m.group("lang")
    other = {"ru": "en", "en": "ru"}[lang.lower()]
    other = other.upper() if lang.isupper() else other
    sep = p.name[m.end("stem")]
    candidate = Path(p.parent / f"{m.group('stem')}{sep}{other}{m.group('ext') or ''}")
    return str(candidate) if candidate.is_file() else None


def editions_of(doc_a: Document, doc_b: Document | None = None, lang: str = "auto") -> tuple[Edition, Edition] | None:
    """Two files as two editions, or one bilingual file split into its editions."""
    # (Loaded here: a check pairs files by name for every run, and seldom finds a pair.)
    from .editions import edition_of, split_editions

    if doc_b is None:
        return split_editions(doc_a)
    return edition_of(doc_a, lang), edition_of(doc_b, lang)


def compare_docs(doc_a: Document, doc_b: Document, options: Options | None = None) -> Comparison:
    from .compare import compare

    eds = editions_of(doc_a, doc_b, (options or Options()).lang)
    assert eds is not None
    return compare(*eds)


def pair_findings(doc_a: Document, doc_b: Document, options: Options) -> tuple[list[Finding], list[Finding]]:
    """``style.parallel.*`` findings of two files checked against each other."""
    from ..resolve import resolve

    comparison = compare_docs(doc_a, doc_b, options)
    return (
        resolve(comparison.findings_for(doc_a), options),
        resolve(comparison.findings_for(doc_b), options),
    )
