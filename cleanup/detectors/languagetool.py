"""LanguageTool as an optional backend: a server the user runs, never one we start.

When ``Options.languagetool_url`` is set (``--languagetool URL`` or
``CLEANUP_LANGUAGETOOL_URL`` on the command line) each run of paragraphs in
one language is sent to the server's ``/v2/check`` through
language-tool-python, and every match becomes a finding ``lt.<RULE_ID>``.
Without a URL this detector does nothing and imports nothing. A server that
cannot be reached gives one warning per run, and the run goes on without it.

LanguageTool's matches are not calibrated against our data, so their
confidence is conservative and capped at ``unsafe``: plain `cleanup fix`
never applies them. Where one of our own detectors reports the same words,
ours wins (see :func:`cleanup.resolve.resolve`).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from ..model import Finding, Suggestion, Tier
from ..options import Context, Options
from .base import Detector, RuleDoc

# LanguageTool's language codes for ours.
LT_LANGUAGE = {"ru": "ru-RU", "en": "en-US"}
# One request carries at most this many characters of text.
MAX_CHUNK = 20_000
TIMEOUT_SECONDS = 20

# Confidence of a match's first replacement, by LanguageTool's issue type.
# Spelling is our spelling detector's job (it knows names and coinages in
# transcripts), so LanguageTool's spelling matches stay for display.
_CONFIDENCE = {"grammar": 0.6, "typographical": 0.5, "misspelling": 0.4, "duplication": 0.6}
_OTHER = 0.3  # style, register, locale: advice, not damage


class LanguageToolUnavailable(RuntimeError):
    pass


@lru_cache(maxsize=4)
def _tool(url: str):
    """A client for the server at ``url`` (one per process and URL)."""
    try:
        import language_tool_python
        from language_tool_python.exceptions import LanguageToolError
    except ImportError as exc:  # pragma: no cover - it is a dependency
        raise LanguageToolUnavailable(f"language-tool-python is not installed ({exc})") from None

    class _Client(language_tool_python.LanguageTool):
        _TIMEOUT = TIMEOUT_SECONDS  # the library waits 300 s by default

    try:
        return _Client(language="auto", remote_server=url)
    except (LanguageToolError, OSError, ValueError, KeyError, TypeError) as exc:
        raise LanguageToolUnavailable(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None


_DOC = (
    RuleDoc(
        "lt",
        "A match from a LanguageTool server (rule ids lt.<LanguageTool rule id>; needs --languagetool URL)",
        "This is teh end → This is the end",
        None,
        Tier.UNSAFE,
    ),
)


class LanguageToolDetector(Detector):
    LOCALITY = "document"  # a server and its own state
    # Empty on purpose: LanguageTool's rule ids are only known once a server
    # answers, so the pipeline must not skip this detector when `--select`
    # names one of them (lt.SOME_RULE); `rules()` still documents the family.
    RULES = ()

    def rules(self) -> tuple[RuleDoc, ...]:
        return _DOC

    def __init__(self, options: Options) -> None:
        super().__init__(options)
        self._down = False  # the server failed once in this run: do not ask again

    def detect(self, ctx: Context) -> Iterator[Finding]:
        url = ctx.options.languagetool_url
        if not url or self._down or not _wanted(ctx.options):
            return
        try:
            tool = _tool(url)
            for lang, start, end in _chunks(ctx):
                try:
                    tool.language = LT_LANGUAGE[lang]
                except ValueError:
                    continue  # the server has no such language
                for match in tool.check(ctx.doc.text[start:end]):
                    finding = _finding(ctx, match, start)
                    if finding is not None:
                        yield finding
        except LanguageToolUnavailable as exc:
            self._fail(ctx, url, str(exc))
        except Exception as exc:  # noqa: BLE001 - a server's failure must not end the run
            self._fail(ctx, url, f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")

    def _fail(self, ctx: Context, url: str, reason: str) -> None:
        self._down = True
        ctx.warn(f"LanguageTool server at {url} is not usable ({_short(reason)}); continuing without it")


def _short(reason: str) -> str:
    """The telling part of a connection error (requests nests it deeply)."""
    import re

    errno = re.search(r"\[Errno -?\d+\] [^\"')]+", reason)
    if errno:
        return errno.group().strip()
    return reason if len(reason) <= 160 else reason[:157] + "..."


def _wanted(options: Options) -> bool:
    """Could any lt.* rule be enabled? (Then the server is worth asking.)"""
    if options.select and not any(p == "lt" or p.startswith("lt.") for p in options.select):
        return False
    return "lt" not in options.ignore


def _chunks(ctx: Context) -> Iterator[tuple[str, int, int]]:
    """Runs of consecutive paragraphs in one language, each at most MAX_CHUNK long."""
    run: list = []
    for para in ctx.paragraphs:
        if para.lang not in LT_LANGUAGE:
            continue
        if run and (para.lang != run[0].lang or para.end - run[0].start > MAX_CHUNK):
            yield run[0].lang, run[0].start, run[-1].end
            run = []
        run.append(para)
    if run:
        yield run[0].lang, run[0].start, run[-1].end


def _finding(ctx: Context, match, base: int) -> Finding | None:
    rule_id = f"lt.{match.rule_id}"
    if not ctx.options.enabled(rule_id):
        return None
    start = base + match.offset
    end = start + match.error_length
    text = ctx.doc.text
    if not (0 <= start <= end <= len(text)):
        return None
    confidence = _CONFIDENCE.get(getattr(match, "rule_issue_type", ""), _OTHER)
    original = text[start:end]
    replacements = [r for r in match.replacements if r != original][:3]
    suggestions = tuple(
        Suggestion(r, round(confidence if i == 0 else confidence / 2, 2)) for i, r in enumerate(replacements)
    )
    return Finding(
        rule=rule_id,
        message=match.message,
        start=start,
        end=end,
        text=original,
        suggestions=suggestions,
        detection_confidence=confidence,
        max_tier=Tier.UNSAFE,
        category="lt",
    )
