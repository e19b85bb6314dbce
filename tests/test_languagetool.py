"""The LanguageTool backend, against LanguageTool's documented HTTP API
(`GET /v2/languages`, `POST /v2/check` → JSON `matches` with offset, length,
replacements and rule.id) served by a small fake server on 127.0.0.1; and,
only when CLEANUP_LANGUAGETOOL_URL names a real server, against that."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from cleanup.model import Tier
from cleanup.options import Options
from cleanup.pipeline import Checker, check_text
from cleanup.document import Document

LANGUAGES = [
    {"name": "English (US)", "code": "en", "longCode": "en-US"},
    {"name": "Russian", "code": "ru", "longCode": "ru-RU"},
]
# word → (replacement, rule id, issue type), as a LanguageTool server would report it
KNOWN = {
    "teh": ("the", "MORFOLOGIK_RULE_EN_US", "misspelling"),
    "went": ("go", "FAKE_GRAMMAR_RULE", "grammar"),
    "выразит": ("выразить", "FAKE_RU_VERB", "grammar"),
    "😀": ("", "FAKE_EMOJI", "style"),
}


def _match(text: str, word: str, offset: int) -> dict:
    value, rule_id, issue = KNOWN[word]
    # LanguageTool (Java) counts UTF-16 code units.
    utf16 = len(text[:offset].encode("utf-16-le")) // 2
    return {
        "message": f"Possible mistake: {word}",
        "shortMessage": "",
        "replacements": [{"value": value}] if value else [],
        "offset": utf16,
        "length": len(word.encode("utf-16-le")) // 2,
        "context": {"text": text, "offset": utf16, "length": len(word)},
        "sentence": text,
        "type": {"typeName": "Other"},
        "rule": {"id": rule_id, "description": "fake", "issueType": issue,
                 "category": {"id": "FAKE", "name": "Fake"}},
        "ignoreForIncompleteRule": False,
        "contextForSureMatch": 0,
    }


class _Handler(BaseHTTPRequestHandler):
    requests: list = []

    def log_message(self, *args):  # keep test output clean
        pass

    def _json(self, payload) -> None:
        body = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path.startswith("/v2/languages"):
            return self._json(LANGUAGES)
        self.send_error(404)

    def do_POST(self):
        if not self.path.startswith("/v2/check"):
            return self.send_error(404)
        length = int(self.headers.get("Content-Length", 0))
        form = urllib.parse.parse_qs(self.rfile.read(length).decode())
        text, language = form["text"][0], form["language"][0]
        type(self).requests.append((language, text))
        matches = []
        for word in KNOWN:
            start = text.find(word)
            while start != -1:
                matches.append(_match(text, word, start))
                start = text.find(word, start + 1)
        self._json({"software": {"name": "LanguageTool"}, "language": {"code": language}, "matches": matches})


@pytest.fixture()
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    _Handler.requests = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _closed_port() -> str:
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return f"http://127.0.0.1:{port}"


def test_matches_become_lt_findings_with_conservative_tiers(server):
    text = "This is teh end 😀 and we went home."
    # LanguageTool alone: our spelling.en also flags "teh", and the two findings merge into ours.
    findings = [f for f in check_text(text, Options(languagetool_url=server, select=("lt",))) if f.category == "lt"]
    by_rule = {f.rule: f for f in findings}
    assert set(by_rule) == {"lt.MORFOLOGIK_RULE_EN_US", "lt.FAKE_GRAMMAR_RULE", "lt.FAKE_EMOJI"}
    teh = by_rule["lt.MORFOLOGIK_RULE_EN_US"]
    assert (teh.text, teh.best.text, teh.tier) == ("teh", "the", Tier.DISPLAY)  # spelling: display only
    went = by_rule["lt.FAKE_GRAMMAR_RULE"]
    # offsets after an emoji (two UTF-16 units) still point at the word
    assert text[went.start : went.end] == "went" and went.tier == Tier.UNSAFE
    assert by_rule["lt.FAKE_EMOJI"].suggestions == ()
    assert all(f.tier <= Tier.UNSAFE for f in findings)  # never applied by plain `fix`
    assert _Handler.requests and _Handler.requests[0][0] == "en-US"


def test_paragraphs_go_with_their_language_and_ours_win_on_the_same_words(server):
    text = "Teh cat.\n\nРазрешите выразит благодарность."
    findings = check_text(text, Options(languagetool_url=server))
    rules = {f.rule for f in findings}
    assert "grammar.ru.infinitive" in rules
    assert "lt.FAKE_RU_VERB" not in rules  # the same word, reported by our grammar detector
    assert {lang for lang, _ in _Handler.requests} == {"en-US", "ru-RU"}


def test_select_and_ignore_apply_to_lt_ids(server):
    text = "This is teh end and we went home."
    only = check_text(text, Options(languagetool_url=server, select=("lt.FAKE_GRAMMAR_RULE",)))
    assert [f.rule for f in only] == ["lt.FAKE_GRAMMAR_RULE"]
    assert not [f for f in check_text(text, Options(languagetool_url=server, ignore=("lt",))) if f.category == "lt"]


def test_unreachable_server_warns_once_and_the_run_goes_on():
    url = _closed_port()
    checker = Checker(Options(languagetool_url=url))
    first = checker.check(Document("Разрешите выразит благодарность.", "a.txt"))
    second = checker.check(Document("Хочу отметит факт.", "b.txt"))
    assert [f.rule for f in first.findings] == ["grammar.ru.infinitive"]
    assert [f.rule for f in second.findings] == ["grammar.ru.infinitive"]
    assert len(first.warnings) == 1 and url in first.warnings[0] and "continuing without it" in first.warnings[0]
    assert second.warnings == []  # one warning per run, not per file


def test_cli_option_and_environment(server, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("This is teh end and we went home.\n", encoding="utf-8")
    cmd = [sys.executable, "-m", "cleanup", "check", "--format", "json", str(path)]
    env = {k: v for k, v in os.environ.items() if k != "CLEANUP_LANGUAGETOOL_URL"}
    by_option = subprocess.run(cmd + ["--languagetool", server], capture_output=True, text=True, env=env)
    by_env = subprocess.run(cmd, capture_output=True, text=True, env={**env, "CLEANUP_LANGUAGETOOL_URL": server})
    for run in (by_option, by_env):
        rules = {f["rule"] for f in json.loads(run.stdout)["files"][0]["findings"]}
        assert "lt.FAKE_GRAMMAR_RULE" in rules, run.stderr
    down = subprocess.run(cmd + ["--languagetool", _closed_port()], capture_output=True, text=True, env=env)
    assert down.returncode in (0, 1) and down.stderr.count("LanguageTool server at") == 1
    assert "Traceback" not in down.stderr


def test_without_a_server_nothing_is_imported_or_asked():
    code = (
        "import sys; from cleanup.pipeline import check_text; "
        "check_text('This is teh end.\\n\\nРазрешите выразит благодарность.'); "
        "print('language_tool_python' in sys.modules)"
    )
    env = {k: v for k, v in os.environ.items() if k != "CLEANUP_LANGUAGETOOL_URL"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert out.stdout.strip() == "False", out.stderr


@pytest.mark.skipif(not os.environ.get("CLEANUP_LANGUAGETOOL_URL"), reason="no CLEANUP_LANGUAGETOOL_URL: no live server")
def test_live_server():
    url = os.environ["CLEANUP_LANGUAGETOOL_URL"]
    result = Checker(Options(languagetool_url=url)).check(Document("This are a sentence with teh error.", "-"))
    assert result.warnings == []
    assert any(f.category == "lt" for f in result.findings)
