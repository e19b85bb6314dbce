"""`cleanup review`: the real program driven through a pseudo-terminal, as a
person would use it; and the session logic (undo, per-rule decisions,
dictionary) driven by a scripted UI."""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
import subprocess
import sys
from pathlib import Path

import pytest

from cleanup import Options
from cleanup.decisions import DecisionStore, Dictionary, load_rejections
from cleanup.document import Document
from cleanup.model import Finding, Suggestion
from cleanup.pipeline import CheckResult, checker_for
from cleanup.review import Session, View
from conftest import ROOT, SAMPLE

pexpect = pytest.importorskip("pexpect")

PROMPT = r"\[q\]uit"


@pytest.fixture
def workdir(tmp_path):
    (tmp_path / ".git").mkdir()  # the project root: decisions go to .cleanup/ here
    shutil.copy(SAMPLE, tmp_path / "speech.txt")
    return tmp_path


def _spawn(workdir: Path, *args: str):
    env = dict(os.environ, PROMPT_TOOLKIT_NO_CPR="1", TERM="xterm", COLUMNS="200", LINES="50")
    child = pexpect.spawn(
        sys.executable, ["-m", "cleanup", "review", *args], cwd=str(workdir), env=env,
        encoding="utf-8", timeout=60, dimensions=(50, 200),
    )
    return child


def _answer(child, where: str, number: int, total: int, key: str) -> None:
    child.expect(f"{where}\\S*  finding {number} of {total}")
    child.expect(PROMPT)
    child.send(key)


def test_review_in_a_terminal_accept_reject_edit_undo_quit_then_resume(workdir):
    from cleanup import check_text

    # Whitespace and punctuation rules only: the test is about the terminal
    # program, and must not move when other detectors change the sample's findings.
    only = ("--select", "whitespace,punct")
    original = (workdir / "speech.txt").read_text(encoding="utf-8")
    findings = check_text(original, Options(select=("whitespace", "punct")))
    n = len(findings)
    # The first four findings are in the English part: spaces at a line end, then
    # three spaced hyphens. If the sample's findings change, adjust this script.
    where = [f"speech.txt:{line}:{col}" for line, col in (Document(original).line_col(f.start) for f in findings[:5])]
    assert where[:4] == ["speech.txt:13:195", "speech.txt:28:230", "speech.txt:48:43", "speech.txt:50:126"]
    assert [f.rule for f in findings[1:4]] == ["punct.spaced_hyphen"] * 3

    child = _spawn(workdir, *only, "speech.txt")
    child.expect(f"speech.txt: {n} findings")
    _answer(child, where[0], 1, n, "a")  # trailing spaces: accept
    _answer(child, where[1], 2, n, "r")  # " - " → " – ": reject, the text is right
    _answer(child, where[2], 3, n, "e")  # edit by hand
    child.expect("replacement")
    child.send("\x15")  # Ctrl-U: clear the proposed text
    child.send(" — \r")
    _answer(child, where[3], 4, n, "s")  # skip
    _answer(child, where[4], 5, n, "u")  # undo the skip: asked about 4 again
    _answer(child, where[3], 4, n, "q")  # quit
    child.expect("2 edits written")
    child.expect(f"2 accepted, 1 rejected, 0 added to the dictionary, {n - 3} left for next time")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    cleaned = (workdir / "speech.txt").read_text(encoding="utf-8")
    lines, before = cleaned.splitlines(keepends=True), original.splitlines(keepends=True)
    assert lines[12] == before[12].rstrip(" \u00a0\n") + "\n"  # accepted
    assert "this is logical - the capitalist" in lines[27].lower()  # rejected: untouched
    assert "did not happen — the activities" in lines[47]  # edited by hand
    assert "imperialism - “Kuzkin" in lines[49]  # skipped: untouched
    assert [i for i, (a, b) in enumerate(zip(before, lines)) if a != b] == [12, 47]
    (rejection,) = load_rejections(workdir / ".cleanup" / "decisions.toml")
    assert (rejection.rule, rejection.text) == ("punct.spaced_hyphen", " - ")
    assert not list(workdir.glob(".*.cleanup-tmp")) and not list(workdir.glob("*.cleanup-tmp"))

    # The second run asks only about what was left, starting with the skipped one.
    child = _spawn(workdir, *only, "speech.txt")
    child.expect(f"speech.txt: {n - 3} findings")
    _answer(child, where[3], 1, n - 3, "q")
    child.expect(pexpect.EOF)
    child.close()
    assert (workdir / "speech.txt").read_text(encoding="utf-8") == cleaned

    # check and fix honour the same decisions
    done = subprocess.run([sys.executable, "-m", "cleanup", "check", *only, "speech.txt"], cwd=workdir,
                          capture_output=True, text=True)
    assert done.returncode == 1 and "speech.txt:28:" not in done.stdout
    assert len(done.stdout.splitlines()) == n - 3


def test_review_refuses_without_a_terminal(workdir):
    done = subprocess.run([sys.executable, "-m", "cleanup", "review", "speech.txt"], cwd=workdir,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert done.returncode == 2 and "needs a terminal" in done.stderr


# ---- the session logic, scripted ----------------------------------------------------------


class ScriptedUI:
    def __init__(self, keys: str, edits: tuple[str, ...] = ()) -> None:
        self.keys = list(keys)
        self.edits = list(edits)
        self.views: list[View] = []
        self.said: list[str] = []

    def show(self, view: View) -> None:
        self.views.append(view)

    def key(self, allowed: str) -> str:
        key = self.keys.pop(0) if self.keys else "q"
        assert key in allowed, (key, allowed)
        return key

    def edit(self, default: str) -> str | None:
        return self.edits.pop(0)

    def say(self, message: str) -> None:
        self.said.append(message)


TEXT = "Teh cat and teh dog saw Cesme and Cesme,  then left.\n"


class FakeChecker:
    """Spelling findings for every 'teh' and 'Cesme', plus the real whitespace rules' findings."""

    def __init__(self, options: Options) -> None:
        self.options = options

    def check(self, doc: Document) -> CheckResult:
        import regex

        from cleanup.decisions import settled

        # Real whitespace rules; spelling findings made up here, so that the
        # test does not move when the spelling detector changes.
        found = list(checker_for(replace(self.options, select=("whitespace",))).check(doc).findings)
        for m in regex.finditer(r"\b(?:[Tt]eh|Cesme)\b", doc.text):
            best = "the" if m.group().lower() == "teh" else "Cheshme"
            found.append(Finding("spelling.en.unknown", "Unknown word", m.start(), m.end(), m.group(),
                                 (Suggestion(best, 0.7), Suggestion(best.upper(), 0.2))))
        found.sort(key=lambda f: (f.start, f.end))
        return CheckResult(doc, settled(doc, found, self.options))


def _session(tmp_path, ui) -> tuple[Session, dict]:
    written: dict = {}
    session = Session(
        ui, Options(), DecisionStore(tmp_path / "decisions.toml"), Dictionary(tmp_path / "dictionary.txt"),
        lambda options, path: FakeChecker(options), 0.0, lambda doc, text: written.__setitem__(doc.path, text),
    )
    return session, written


def test_session_choose_undo_accept_rule_reject(tmp_path):
    ui = ScriptedUI("2uAr")  # Teh → THE; (at teh) undo; accept every unknown word; reject the double space
    session, written = _session(tmp_path, ui)
    session.run([Document(TEXT, "a.txt")])
    assert [v.text for v in ui.views] == ["Teh", "teh", "Teh", "··"]
    assert ui.views[0].suggestions[0][:2] == ("the", 0.7)
    assert written == {"a.txt": "the cat and the dog saw Cheshme and Cheshme,  then left.\n"}
    (rejection,) = load_rejections(tmp_path / "decisions.toml")
    # keyed by the text as written, so the accepted neighbours do not bring it back
    assert rejection.key() == ("whitespace.space_run", "  ", "cheshme and cheshme", "then left")
    ui2 = ScriptedUI("")
    session2, written2 = _session(tmp_path, ui2)
    session2.run([Document(written["a.txt"], "a.txt")])
    assert ui2.views == [] and written2 == {}


def test_session_dictionary_and_its_undo(tmp_path):
    ui = ScriptedUI("ssdudq")  # skip, skip, Cesme → dictionary; (at "··") undo; Cesme → dictionary; quit
    session, written = _session(tmp_path, ui)
    session.run([Document(TEXT, "a.txt")])
    # the second Cesme is settled by the dictionary word, not asked; undo asks the first again
    assert [v.text for v in ui.views] == ["Teh", "teh", "Cesme", "··", "Cesme", "··"]
    assert Dictionary(tmp_path / "dictionary.txt").words == {"Cesme"}
    assert written == {} and not (tmp_path / "decisions.toml").exists()
    # the next run does not ask about Cesme at all
    ui2 = ScriptedUI("sss")
    session2, _ = _session(tmp_path, ui2)
    session2.run([Document(TEXT, "a.txt")])
    assert [v.text for v in ui2.views] == ["Teh", "teh", "··"]


def test_session_rule_decision_carries_to_the_next_file_and_quit_stops(tmp_path):
    ui = ScriptedUI("ssssRq")
    session, written = _session(tmp_path, ui)
    docs = [Document(TEXT, "a.txt"), Document("One  two.\nteh end\n", "b.txt"), Document(TEXT, "c.txt")]
    session.run(docs)
    # b.txt: the double space is rejected without asking (R in a.txt); 'teh' is asked, then q
    assert [(v.path, v.text) for v in ui.views] == [
        ("a.txt", "Teh"), ("a.txt", "teh"), ("a.txt", "Cesme"), ("a.txt", "Cesme"), ("a.txt", "··"),
        ("b.txt", "teh"),
    ]
    assert {r.before for r in load_rejections(tmp_path / "decisions.toml")} == {"cesme and cesme", "one"}
    assert session.quit and written == {}


def test_session_edit_to_the_same_text_is_a_rejection(tmp_path):
    ui = ScriptedUI("e", edits=("Teh",))
    session, written = _session(tmp_path, ui)
    session.run([Document("Teh end.\n", "a.txt")])
    assert written == {}
    assert [r.text for r in load_rejections(tmp_path / "decisions.toml")] == ["Teh"]


def test_session_reports_a_decisions_file_it_cannot_save(tmp_path):
    (tmp_path / "decisions.toml").write_text("version = 1\n", encoding="utf-8")
    (tmp_path / "decisions.toml").chmod(0o444)
    ui = ScriptedUI("r")
    session, _ = _session(tmp_path, ui)
    session.run([Document("Teh end.\n", "a.txt")])
    assert session.failed and any("cannot save" in m for m in ui.said)


def test_session_refuses_to_put_spaces_or_phrases_in_the_dictionary(tmp_path):
    ui = ScriptedUI("dr")
    session, _ = _session(tmp_path, ui)
    session.run([Document("One  two.\n", "a.txt")])
    assert any("not a single word" in m for m in ui.said)
    assert not (tmp_path / "dictionary.txt").exists()
    assert [r.text for r in load_rejections(tmp_path / "decisions.toml")] == ["  "]
