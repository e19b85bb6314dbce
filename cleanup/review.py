"""``cleanup review``: walk the findings in the terminal and decide each one.

For every finding, in order: the line around it with the error highlighted,
the rule and message, and the suggestions ranked with their confidence. Keys:

  a  accept the best suggestion        1-9  accept that suggestion
  e  edit the replacement by hand      r    reject: the text is right as it is
  d  add the word to the project dictionary
  A  accept all remaining findings of this rule (this session)
  R  reject all remaining findings of this rule
  u  undo the last decision (within the file)
  s  skip (ask again next time)        q    quit (keeps what was decided)

Rejections go to the decisions file and dictionary words to the dictionary
(see :mod:`cleanup.decisions`), so a second run asks only about what is
left. Accepted edits are applied when the file is done — or when quitting —
in one atomic write (:func:`cleanup.fileio.write_atomic`).

The session logic (:class:`Session`) is separate from the terminal
(:class:`TerminalUI`, built on prompt_toolkit), so it can be driven by a
script in tests as well as by a person.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Protocol

from .apply import apply_edits
from .decisions import DecisionStore, Dictionary, Rejection, context, in_dictionary
from .document import Document
from .fileio import InputError
from .model import Edit, Finding, Tier
from .options import Options

KEYS_HELP = (
    "[a]ccept [1-9] choose [e]dit [r]eject [d]ictionary "
    "[A]ccept rule [R]eject rule [u]ndo [s]kip [q]uit"
)
HELP = """\
  a    accept the best suggestion       1-9  accept that suggestion
  e    edit the replacement by hand     r    reject: the text is right as it is
  d    add the word to the project dictionary
  A/R  accept/reject this and every remaining finding of this rule
  u    undo the last decision           s    skip (asked again next time)
  q    quit, keeping what was decided"""
_CONTEXT_CHARS = 90
_SHOW_SPACE = str.maketrans({" ": "·", "\u00a0": "⍽", "\t": "→", "\r": "↵", "\n": "↵"})


@dataclass(frozen=True)
class View:
    """What the person sees for one finding."""

    path: str
    line: int
    column: int
    number: int  # 1-based position among this file's findings
    total: int
    before: str  # context, on the same line
    text: str  # the finding's text (spaces made visible)
    after: str
    rule: str
    message: str
    tier: str
    suggestions: tuple[tuple[str, float, str], ...]  # (shown text, confidence, tier)


class UI(Protocol):
    def show(self, view: View) -> None: ...
    def key(self, allowed: str) -> str: ...
    def edit(self, default: str) -> str | None: ...
    def say(self, message: str) -> None: ...


def shown(text: str) -> str:
    """Spaces and line breaks visible when they are what the finding is about."""
    if not text:
        return "∅"
    if not text.strip() or text != text.strip():
        return text.translate(_SHOW_SPACE)
    return text


def _context(doc: Document, f: Finding) -> tuple[str, str]:
    line, _ = doc.line_col(f.start)
    line_start, line_end = doc.line_span(line)
    lo = max(line_start, f.start - _CONTEXT_CHARS)
    hi = min(max(line_end, f.end), f.end + _CONTEXT_CHARS)
    before = doc.text[lo : f.start]
    after = doc.text[f.end : hi]
    if lo > line_start:
        before = "…" + before.split(" ", 1)[-1] if " " in before else "…" + before
    if hi < line_end:
        after = (after.rsplit(" ", 1)[0] if " " in after else after) + "…"
    return before, after.split("\n", 1)[0].split("\r", 1)[0]


def view_of(doc: Document, f: Finding, number: int, total: int) -> View:
    line, column = doc.line_col(f.start)
    before, after = _context(doc, f)
    return View(
        doc.path, line, column, number, total, before, shown(f.text), after, f.rule, f.message,
        str(f.tier),
        tuple((shown(s.text), s.confidence, str(Tier.from_confidence(s.confidence))) for s in f.suggestions),
    )


# ---- decisions within one file ---------------------------------------------------------


@dataclass
class Decision:
    kind: str  # accept | reject | dictionary | skip | overlap
    replacement: str | None = None


@dataclass
class Action:
    """One keypress worth of decisions, undone together."""

    indices: list[int]
    word: str | None = None
    rule_mode: str | None = None  # the rule whose session-wide mode this set


@dataclass
class FileReview:
    doc: Document
    findings: list[Finding]
    decided: dict[int, Decision] = field(default_factory=dict)
    history: list[Action] = field(default_factory=list)

    def next_index(self) -> int | None:
        for i in range(len(self.findings)):
            if i not in self.decided:
                return i
        return None

    def accepted_edits(self) -> list[Edit]:
        return [
            Edit(f.start, f.end, d.replacement, f.confidence, f.rule)
            for i, f in enumerate(self.findings)
            if (d := self.decided.get(i)) is not None and d.kind == "accept" and d.replacement is not None
        ]

    def overlaps_accepted(self, i: int) -> bool:
        f = self.findings[i]
        for j, d in self.decided.items():
            if d.kind != "accept" or j == i:
                continue
            g = self.findings[j]
            if f.start == f.end or g.start == g.end:
                if (f.start == g.start and f.end == g.end) or g.start < f.start < g.end or f.start < g.start < f.end:
                    return True
            elif f.start < g.end and g.start < f.end:
                return True
        return False


class Session:
    """A review over several files. ``checker_for(options, path)`` gives the Checker for a file."""

    def __init__(self, ui: UI, options: Options, decisions: DecisionStore, dictionary: Dictionary,
                 checker_for: Callable[[Options, str], object], min_confidence: float = 0.0,
                 write: Callable[[Document, str], None] | None = None) -> None:
        self.ui = ui
        self.options = options
        self.decisions = decisions
        self.dictionary = dictionary
        self.checker_for = checker_for
        self.min_confidence = min_confidence
        self.write = write
        self.rule_modes: dict[str, str] = {}  # rule → "accept" | "reject", set by A / R
        self.quit = False
        self.failed = False  # a decisions or dictionary file could not be saved
        self.counts = {"accepted": 0, "rejected": 0, "skipped": 0, "words": 0}

    # ---- the walk -------------------------------------------------------------------
    def run(self, docs: Iterable[Document]) -> None:
        for doc in docs:
            if self.quit:
                break
            self.review_file(doc)

    def _options(self) -> Options:
        return replace(
            self.options,
            words=self.options.words | frozenset(self.dictionary.words),
            rejected=self.options.rejected | self.decisions.keys(),
        )

    def review_file(self, doc: Document) -> None:
        checker = self.checker_for(self._options(), doc.path)
        findings = [f for f in checker.check(doc).findings if f.confidence >= self.min_confidence]
        state = FileReview(doc, findings)
        if findings:
            self.ui.say(f"{doc.path}: {len(findings)} finding{'s' * (len(findings) != 1)}")
        while not self.quit:
            i = state.next_index()
            if i is None:
                break
            f = findings[i]
            mode = self.rule_modes.get(f.rule)
            if mode is not None:  # A / R pressed earlier in the session
                self._decide_rule(state, i, mode, record=True)
                continue
            self.ui.show(view_of(doc, f, i + 1, len(findings)))
            self._ask(state, i)
        self.finish_file(state)

    def _ask(self, state: FileReview, i: int) -> None:
        f = state.findings[i]
        n = len(f.suggestions)
        allowed = "aerdARusq?" + "".join(str(k) for k in range(1, min(n, 9) + 1))
        while True:
            key = self.ui.key(allowed)
            if key == "?":
                self.ui.say(HELP)
                continue
            if key in "a123456789":
                k = 0 if key == "a" else int(key) - 1
                if k >= n:
                    self.ui.say("no suggestion to accept: e to edit, r to reject, s to skip")
                    continue
                self._accept(state, [i], f.suggestions[k].text)
                return
            if key == "e":
                default = f.best.text if f.best else f.text
                new = self.ui.edit(default)
                if new is None:
                    continue
                if new == f.text:
                    self._reject(state, [i])
                else:
                    self._accept(state, [i], new)
                return
            if key == "r":
                self._reject(state, [i])
                return
            if key == "d":
                word = f.text.strip()
                if not any(c.isalpha() for c in word) or any(c.isspace() for c in word):
                    self.ui.say("not a single word: r to reject instead")
                    continue
                self._add_word(state, i, word)
                return
            if key in "AR":
                mode = "accept" if key == "A" else "reject"
                if mode == "accept" and f.best is None:
                    self.ui.say("no suggestion to accept")
                    continue
                self._decide_rule(state, i, mode, record=False)
                return
            if key == "u":
                if not self._undo(state):
                    self.ui.say("nothing to undo in this file")
                    continue
                return
            if key == "s":
                state.decided[i] = Decision("skip")
                state.history.append(Action([i]))
                return
            if key == "q":
                self.quit = True
                return

    # ---- decisions --------------------------------------------------------------------
    def _accept(self, state: FileReview, indices: list[int], replacement: str | None = None,
                action: Action | None = None) -> None:
        """Accept; with ``action`` given, the caller records it for undo."""
        record = action is None
        action = action or Action([])
        for i in indices:
            if i in state.decided:
                continue
            if state.overlaps_accepted(i):
                state.decided[i] = Decision("overlap")
                action.indices.append(i)
                continue
            f = state.findings[i]
            text = replacement if replacement is not None else f.best.text
            state.decided[i] = Decision("accept", text)
            action.indices.append(i)
            # Findings that overlap this edit can no longer apply as found.
            for j in range(len(state.findings)):
                if j not in state.decided and state.overlaps_accepted(j):
                    state.decided[j] = Decision("overlap")
                    action.indices.append(j)
        if record:
            state.history.append(action)

    def _reject(self, state: FileReview, indices: list[int], action: Action | None = None) -> None:
        record = action is None
        action = action or Action([])
        for i in indices:
            if i not in state.decided:
                state.decided[i] = Decision("reject")
                action.indices.append(i)
        if record:
            state.history.append(action)

    def _decide_rule(self, state: FileReview, i: int, mode: str, record: bool) -> None:
        """A / R: this finding and every remaining one of its rule."""
        rule = state.findings[i].rule
        if not record:
            self.rule_modes[rule] = mode
        same = [j for j in range(i, len(state.findings))
                if j not in state.decided and state.findings[j].rule == rule]
        action = Action([], rule_mode=rule if not record else None)
        if mode == "accept":
            with_fix = [j for j in same if state.findings[j].best is not None]
            self._accept(state, with_fix, action=action)
            for j in same:
                if j not in state.decided:  # nothing to accept: leave it for next time
                    state.decided[j] = Decision("skip")
                    action.indices.append(j)
        else:
            self._reject(state, same, action=action)
        state.history.append(action)

    def _add_word(self, state: FileReview, i: int, word: str) -> None:
        added = word not in self.dictionary.words
        if added:
            self.dictionary.add(word)
        words = frozenset(self.dictionary.words)
        same = [j for j in range(i, len(state.findings))
                if j not in state.decided and (j == i or (
                    state.findings[j].category == "spelling"
                    and in_dictionary(state.findings[j].text.strip(), words)))]
        for j in same:
            state.decided[j] = Decision("dictionary")
        state.history.append(Action(same, word=word if added else None))

    def _undo(self, state: FileReview) -> bool:
        if not state.history:
            return False
        action = state.history.pop()
        for j in action.indices:
            state.decided.pop(j, None)
        if action.word is not None:
            self.dictionary.discard(action.word)
        if action.rule_mode is not None:
            self.rule_modes.pop(action.rule_mode, None)
        return True

    # ---- the end of a file ------------------------------------------------------------
    def finish_file(self, state: FileReview) -> None:
        """Write the accepted edits and save the decisions, all at once."""
        doc = state.doc
        new_text, applied = apply_edits(doc.text, state.accepted_edits())
        # Key rejections by the text as it will be on disk, so that an edit
        # accepted next to a rejected finding does not bring it back.
        for i, d in state.decided.items():
            if d.kind != "reject":
                continue
            f = state.findings[i]
            start, end = _moved(f.start, applied), _moved(f.end, applied)
            before, after = context(new_text, start, end)
            self.decisions.add(Rejection(f.rule, f.text, before, after))
        kinds = [d.kind for d in state.decided.values()]
        self.counts["accepted"] += kinds.count("accept")
        self.counts["rejected"] += kinds.count("reject")
        self.counts["words"] += kinds.count("dictionary")
        self.counts["skipped"] += len(state.findings) - len(kinds) + kinds.count("skip")
        for kind, store in (("reject", self.decisions), ("dictionary", self.dictionary)):
            if any(d.kind == kind for d in state.decided.values()):
                try:
                    store.save()
                except (OSError, InputError) as exc:
                    self.failed = True
                    self.ui.say(f"cleanup: {store.path}: cannot save: {getattr(exc, 'strerror', None) or exc}")
        if new_text != doc.text and self.write is not None:
            self.write(doc, new_text)
            self.ui.say(f"{doc.path}: {len(applied)} edit{'s' * (len(applied) != 1)} written")


def _moved(offset: int, applied: list[Edit]) -> int:
    """Where ``offset`` of the original text lands after ``applied`` (sorted)."""
    shift = 0
    for e in applied:
        if e.end <= offset and not (e.start == e.end == offset):
            shift += len(e.replacement) - (e.end - e.start)
        elif e.start < offset:
            return e.start + shift + len(e.replacement)
        else:
            break
    return offset + shift


# ---- the terminal -------------------------------------------------------------------------


class TerminalUI:
    """prompt_toolkit: single keys without Enter, line editing for the replacement."""

    def __init__(self) -> None:
        from prompt_toolkit.styles import Style

        self.style = Style.from_dict({
            "where": "bold",
            "error": "reverse ansired bold",
            "rule": "ansiyellow",
            "best": "ansigreen bold",
            "dim": "ansibrightblack",
            "keys": "ansicyan",
        })

    def _print(self, fragments: list[tuple[str, str]]) -> None:
        from prompt_toolkit import print_formatted_text
        from prompt_toolkit.formatted_text import FormattedText

        print_formatted_text(FormattedText(fragments), style=self.style)

    def show(self, v: View) -> None:
        self._print([
            ("", "\n"),
            ("class:where", f"{v.path}:{v.line}:{v.column}"),
            ("class:dim", f"  finding {v.number} of {v.total}"),
        ])
        self._print([("", "  " + v.before), ("class:error", v.text), ("", v.after)])
        self._print([("class:rule", f"  {v.rule}"), ("", f"  {v.message}"), ("class:dim", f"  [{v.tier}]")])
        if not v.suggestions:
            self._print([("class:dim", "  no suggestion: e to edit, r to reject, s to skip")])
        for k, (text, confidence, tier) in enumerate(v.suggestions[:9], 1):
            style = "class:best" if k == 1 else ""
            self._print([("", f"  {k}) "), (style, text), ("class:dim", f"  {confidence:.2f} {tier}")])

    def key(self, allowed: str) -> str:
        from prompt_toolkit.application import Application
        from prompt_toolkit.key_binding import KeyBindings
        from prompt_toolkit.layout import Layout
        from prompt_toolkit.layout.containers import Window
        from prompt_toolkit.layout.controls import FormattedTextControl

        bindings = KeyBindings()
        for k in allowed:
            bindings.add(k)(lambda event, k=k: event.app.exit(result=k))
        bindings.add("c-c")(lambda event: event.app.exit(result="q"))
        bindings.add("c-d")(lambda event: event.app.exit(result="q"))
        prompt = FormattedTextControl([("class:keys", KEYS_HELP + " ? ")], show_cursor=True)
        app: Application[str] = Application(
            layout=Layout(Window(prompt, height=1, dont_extend_height=True)),
            key_bindings=bindings, style=self.style, full_screen=False, erase_when_done=True,
        )
        key = app.run()
        self._print([("class:dim", f"> {key}")])
        return key

    def edit(self, default: str) -> str | None:
        from prompt_toolkit import prompt

        try:
            return prompt("replacement (Enter to accept, Ctrl-C to cancel): ", default=default)
        except (KeyboardInterrupt, EOFError):
            return None

    def say(self, message: str) -> None:
        self._print([("class:dim", message)])
