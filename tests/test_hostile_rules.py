"""User rule packs (`--rules DIR`) are data, and hostile ones cannot take a run
down: no code runs from them, a catastrophic regex is stopped by its time
limit and reported once, and a file built to exhaust memory or the parser is
refused with a one-line message naming it."""

from __future__ import annotations

import ast
import importlib.abc
import os
import sys
import time
from pathlib import Path

import pytest

from cleanup import Options, check_text
from cleanup.document import Document
from cleanup.pipeline import Checker
from cleanup.rulepack import RuleError, load_rules
from conftest import ROOT


def _rule(name="mine", pattern="teh", replacement="the", *, confidence=0.95, extra="",
          examples='[{ text = "teh", fix = "the" }, { text = "the" }]') -> str:
    repl = "" if replacement is None else f"replacement = {_toml_str(replacement)}\n"
    return (
        f'[[rule]]\nname = "{name}"\nkind = "pattern"\nmessage = "user rule {name}"\n'
        f"pattern = {_toml_str(pattern)}\n{repl}confidence = {confidence}\n{extra}"
        f"examples = {examples}\n"
    )


def _toml_str(s: str) -> str:
    return "'''" + s + "'''" if "'" not in s and "\n" not in s else repr(s).replace("\\'", "'")


def _pack(tmp_path: Path, body: str, name="style.toml", folder="common") -> Path:
    root = tmp_path / "myrules"
    (root / folder).mkdir(parents=True, exist_ok=True)
    (root / folder / name).write_text(body, encoding="utf-8")
    return root


def _file(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "doc.txt"
    p.write_bytes(text.encode("utf-8"))
    return p


# ---- --rules DIR ----------------------------------------------------------------

def test_user_rules_run_beside_the_shipped_ones(tmp_path, run_cli):
    root = _pack(tmp_path, _rule())
    doc = _file(tmp_path, "Read teh  book.\n")
    # Only these families: the spelling detector would also (rightly) take "teh".
    only = ("--select", "style,whitespace")
    code, out, _ = run_cli("check", "--no-color", *only, "--rules", str(root), str(doc))
    assert code == 1
    assert "style.mine" in out and "whitespace.space_run" in out  # mine and shipped
    assert run_cli("fix", *only, "--rules", str(root), str(doc))[0] == 1
    assert doc.read_text(encoding="utf-8") == "Read the book.\n"
    _, out, _ = run_cli("rules", "--rules", str(root))
    assert "style.mine" in out and "user rule mine" in out
    # Without --rules, the user's rule is not there.
    assert "style.mine" not in run_cli("rules")[1]


def test_user_rule_may_not_take_a_shipped_id(tmp_path, run_cli):
    root = _pack(tmp_path, _rule(name="space_run"), name="whitespace.toml")
    code, out, err = run_cli("check", "--rules", str(root), str(_file(tmp_path, "x")))
    assert code == 2 and out == ""
    assert "whitespace.toml" in err and "whitespace.space_run is already a shipped rule" in err


def test_missing_rules_folder_is_a_usage_error(tmp_path, run_cli):
    code, _, err = run_cli("check", "--rules", str(tmp_path / "nope"), str(_file(tmp_path, "x")))
    assert code == 2 and err == f"cleanup: {tmp_path / 'nope'}: rule folder not found\n"


# ---- the regex time limit ----------------------------------------------------------

# The example `(a+)+$` is linear for the regex module on a short line
# of a's (it optimises that case) but still quadratic on a long one: 5000 a's
# and a b take over a second. An alternation of equal branches is exponential:
# `^(a|a)*$` on 26 a's and a b takes 12 s, and doubles with each further a.
CATASTROPHIC = [r"(a+)+$", r"^(a|a)*$", r"(a|aa)+$", r"(a|a)*\1$"]  # the last with a backreference


@pytest.mark.parametrize("pattern", CATASTROPHIC)
def test_catastrophic_rule_is_stopped_reported_once_and_the_run_finishes(tmp_path, run_cli, pattern):
    root = _pack(tmp_path, _rule(pattern=pattern, replacement=None,
                                 examples='[{ text = "aaa", flag = "aaa" }, { text = "b" }]'))
    # Many lines of a's that nearly match, a long one, and a damage the
    # shipped rules fix.
    text = "Dear  comrades.\n" + ("a" * 60 + "b\n") * 50 + "a" * 20_000 + "b\n"
    doc = _file(tmp_path, text)
    wall, cpu = time.monotonic(), time.process_time()
    code, out, err = run_cli("check", "--no-color", "--select", "style.mine,whitespace",
                             "--rules", str(root), str(doc))
    wall, cpu = time.monotonic() - wall, time.process_time() - cpu
    # The limit is 1 s of CPU time (what the regex module counts); the rest of
    # the run is fast. Wall time is looser: the machine may be shared.
    assert cpu < 4, cpu
    assert wall < 30, wall
    warning = f"cleanup: warning: rule style.mine took longer than 1 s on {doc} and was skipped\n"
    assert err == warning  # once, however many lines would have matched
    assert "whitespace.space_run" in out and "style.mine" not in out
    assert code == 1


def test_a_harmless_user_rule_on_the_same_text_is_quick_and_reports(tmp_path, run_cli):
    # The same shape of text with a rule that is not catastrophic: no warning,
    # and its findings are there (the time limit does not fire on honest work).
    root = _pack(tmp_path, _rule(pattern=r"a+b$", replacement=None,
                                 examples='[{ text = "aab", flag = "aab" }, { text = "b a" }]'))
    doc = _file(tmp_path, ("a" * 60 + "b\n") * 50 + "a" * 20_000 + "b\n")
    code, out, err = run_cli("check", "--no-color", "--select", "style.mine", "--rules", str(root), str(doc))
    assert err == "" and out.count("style.mine") == 51 and code == 0  # display findings


def test_time_limit_is_per_rule_per_document_not_per_paragraph(tmp_path):
    # A language-specific rule runs paragraph by paragraph; a fresh limit for
    # each of 200 paragraphs would be 200 times the limit.
    root = _pack(tmp_path, _rule(pattern=r"^(a|a)*$", replacement=None,
                                 examples='[{ text = "aaa", flag = "aaa" }, { text = "b" }]'),
                 folder="en")
    text = "\n\n".join(["Some English words here.\n" + "a" * 40 + "b"] * 200)
    options = Options(rule_dirs=(root,), regex_timeout=0.2)
    start = time.process_time()
    result = Checker(options).check(Document(text, "book.txt"))
    assert time.process_time() - start < 3
    assert result.warnings == ["rule style.en.mine took longer than 0.2 s on book.txt and was skipped"]


def test_a_rule_that_times_out_reports_nothing_rather_than_half(tmp_path):
    # It matches the early lines quickly, then hits a line that blows up: none
    # of its findings are kept, so the report does not depend on machine speed.
    root = _pack(tmp_path, _rule(pattern=r"^(?:x|(a|a)*)$", replacement=None,
                                 examples='[{ text = "x", flag = "x" }, { text = "b" }]'))
    text = "x\n" * 100 + "a" * 40 + "b\n"
    result = Checker(Options(rule_dirs=(root,), regex_timeout=0.2)).check(Document(text))
    assert [f for f in result.findings if f.rule == "style.mine"] == []
    assert len(result.warnings) == 1 and "style.mine" in result.warnings[0]


# ---- hostile files are refused, quickly, with one line naming them -------------------

HOSTILE = {
    "bad TOML": ("[[rule]\nname = ", "not valid TOML"),
    "TOML nested 100000 deep": ("x = " + "[" * 100_000 + "]" * 100_000, "nested too deep"),
    # The regex module would unroll these: a{4294967294} gets the process
    # killed for memory, (?:a{1000}){1000} takes 270 MB.
    "huge repeat count": (_rule(pattern="a{4294967294}"), "counted repeats multiply"),
    "nested repeat counts": (_rule(pattern="(?:(?:a{100}){100}){100}"), "counted repeats multiply"),
    "repeat count of 3000 digits": (_rule(pattern="a{" + "9" * 3000 + "}"), "counted repeats multiply"),
    "repeat count beyond the engine": (_rule(pattern="a{4294967296,}"), "bad regex"),
    "template: missing group number": (_rule(pattern="(t)eh", replacement=r"\9"), "bad replacement template"),
    "template: missing group name": (_rule(pattern="(?P<x>t)eh", replacement=r"\g<nope>"),
                                     "bad replacement template"),
    "template: group 0 of 100": (_rule(pattern="teh", replacement=r"\g<100>"), "bad replacement template"),
    "Perl code in a pattern": (_rule(pattern=r"(?{ system('touch pwned') })teh"), "bad regex"),
    "Perl deferred pattern": (_rule(pattern=r"(??{ 'teh' })"), "bad regex"),
    # Compiling 20000 empty groups takes more than half a minute.
    "a pattern of 20000 groups": (_rule(pattern="()" * 20_000 + "teh"), "'pattern' is 40003 characters long"),
    "nested 100000 deep": (_rule(pattern="(?:" * 100_000 + "a" + ")" * 100_000), "characters long"),
    "nested 2000 deep": (_rule(pattern="(" * 1000 + "a" + ")" * 1000), "bad regex"),
    "confidence true": (_rule().replace("confidence = 0.95", "confidence = true"), "'confidence' must be a number"),
    "a key that asks to run something": (_rule(extra='exec = "import os"\n'), "unknown key(s) ['exec']"),
    "an unknown kind": (_rule().replace('kind = "pattern"', 'kind = "python"'), "unknown kind 'python'"),
    "a table in place of a string": (_rule().replace("replacement = '''the'''",
                                                     'replacement = { module = "os", call = "system" }'),
                                     "'replacement' must be a string"),
}


@pytest.mark.parametrize("body, message", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_rule_file_is_refused_with_one_line(tmp_path, run_cli, body, message):
    root = _pack(tmp_path, body)
    start = time.process_time()
    with pytest.raises(RuleError) as err:
        load_rules([root])
    assert time.process_time() - start < 2
    assert message in str(err.value) and "style.toml" in str(err.value)
    code, out, stderr = run_cli("check", "--rules", str(root), str(_file(tmp_path, "teh")))
    assert code == 2 and out == ""
    assert stderr.startswith("cleanup: ") and stderr.count("\n") == 1 and "style.toml" in stderr


def test_huge_file_and_special_files_are_refused(tmp_path):
    root = _pack(tmp_path, "# " + "x" * (5 * 1024 * 1024) + "\n")
    with pytest.raises(RuleError, match="larger than 4 MB"):
        load_rules([root])
    other = tmp_path / "other"
    (other / "common").mkdir(parents=True)
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    os.mkfifo(other / "common" / "style.toml")  # reading it would block for ever
    with pytest.raises(RuleError, match="not a regular file"):
        load_rules([other])


def test_template_groups_that_did_not_take_part_expand_to_nothing(tmp_path):
    root = _pack(tmp_path, _rule(pattern="te(x)?h", replacement=r"th\1e",
                                 examples='[{ text = "teh", fix = "the" }, { text = "the" }]'))
    from cleanup import fix_text

    assert fix_text("teh texh", Options(rule_dirs=(root,), select=("style",))) == "the thxe"


def test_runaway_user_rule_stops_with_a_warning_instead_of_filling_memory(tmp_path):
    # Every round doubles each "a": unchecked, fix would multiply the text.
    root = _pack(tmp_path, _rule(pattern="a+", replacement=r"\g<0>\g<0>",
                                 examples='[{ text = "a", fix = "aa" }, { text = "b" }]'))
    result = Checker(Options(rule_dirs=(root,), select=("style",))).fix(Document("a" * 10_000, "t.txt"))
    assert len(result.text) <= 2 * 10_000 + 4096
    assert any("stopped before applying" in w and "style.mine" in w for w in result.warnings)


def test_rules_that_never_settle_are_named(tmp_path):
    # Each fix makes a new match: "ab" → "aab" → ... Four rounds, then a warning.
    root = _pack(tmp_path, _rule(pattern="ab", replacement="aab",
                                 examples='[{ text = "ab", fix = "aab" }, { text = "b" }]'))
    result = Checker(Options(rule_dirs=(root,), select=("style",))).fix(Document("ab", "t.txt"))
    assert result.text == "aaaaab"
    assert result.warnings == [
        "fixes on t.txt did not settle after 4 rounds (rules style.mine); "
        "the result may change if fixed again"
    ]


def test_case_folding_the_engine_and_python_disagree_on_does_not_crash(tmp_path):
    # regex's case-insensitive match lets "İ" match "i", but "İ".casefold()
    # is "i̇": the table lookup must still find the key.
    body = (
        '[[rule]]\nname = "its"\nkind = "substitution"\nmessage = "m"\n'
        'replace = { "its a" = "it is a" }\nconfidence = 0.95\n'
        'examples = [{ text = "its a", fix = "it is a" }, { text = "it is a" }]\n'
    )
    root = _pack(tmp_path, body)
    findings = check_text("İTS A test", Options(rule_dirs=(root,), select=("style",)))
    assert [(f.text, f.best.text) for f in findings] == [("İTS A", "IT IS A")]


# ---- nothing from data is ever executed -----------------------------------------------

class _ImportTrap(importlib.abc.MetaPathFinder):
    """Records any attempt to import the canary module named in the payloads."""

    def __init__(self) -> None:
        self.tried: list[str] = []

    def find_spec(self, name, path=None, target=None):
        if name.startswith("cleanup_canary"):
            self.tried.append(name)
        return None


def test_code_in_rule_files_is_text_not_code(tmp_path, run_cli, monkeypatch):
    canary = tmp_path / "ran"
    payloads = [
        f"__import__('cleanup_canary').touch('{canary}')",
        "{__import__('cleanup_canary')}",
        "{0.__class__.__mro__}",
        "%(cleanup_canary)s",
        "${cleanup_canary}",
        "{{ cleanup_canary }}",
        "`import cleanup_canary`",
        f"$(touch {canary})",
    ]
    body = "".join(
        _rule(name=f"r{i}", pattern=f"teh{i}(?=!)", replacement=p.replace("\\", "\\\\"),
              examples=f'[{{ text = "teh{i}!", fix = "x" }}, {{ text = "the" }}]')
        .replace('message = "user rule', f'message = "{p.replace(chr(34), "")}')
        for i, p in enumerate(payloads)
    )
    root = _pack(tmp_path, body)
    trap = _ImportTrap()
    monkeypatch.setattr(sys, "meta_path", [trap, *sys.meta_path])
    doc = _file(tmp_path, " ".join(f"teh{i}!" for i in range(len(payloads))))
    code, out, err = run_cli("fix", "--stdout", "--select", "style", "--rules", str(root), str(doc))
    assert code == 1, err
    assert out == " ".join(f"{p}!" for p in payloads)  # the payloads, verbatim, as text
    assert trap.tried == [] and not canary.exists()
    code, out, _ = run_cli("check", "--no-color", "--rules", str(root), str(doc))
    assert trap.tried == [] and not canary.exists()


# Calls that turn data into code. The package may use none of them, except
# importlib in the detector registry, whose names are constants in the code.
_FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__", "execfile", "breakpoint"}
_FORBIDDEN_MODULES = {"pickle", "cPickle", "dill", "marshal", "shelve", "yaml", "jinja2", "mako",
                      "code", "codeop", "runpy", "ctypes"}
_FORBIDDEN_ATTRS = {"system", "popen", "format_map", "safe_substitute", "substitute", "load_module",
                    "exec_module", "run_path", "run_module"}


def test_the_package_has_no_way_to_run_code_from_data():
    problems = []
    for path in sorted((ROOT / "cleanup").rglob("*.py")):
        where = path.relative_to(ROOT)
        tree = ast.parse(path.read_text(encoding="utf-8"), str(where))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                if isinstance(func, ast.Name) and func.id in _FORBIDDEN_CALLS:
                    problems.append(f"{where}:{node.lineno}: {func.id}()")
                if isinstance(func, ast.Attribute) and func.attr in _FORBIDDEN_ATTRS:
                    problems.append(f"{where}:{node.lineno}: .{func.attr}()")
                if (isinstance(func, ast.Attribute) and func.attr == "import_module"
                        and where.as_posix() != "cleanup/detectors/__init__.py"):
                    problems.append(f"{where}:{node.lineno}: import_module() outside the registry")
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                for name in names:
                    if name.split(".")[0] in _FORBIDDEN_MODULES:
                        problems.append(f"{where}:{node.lineno}: import {name}")
    assert problems == [], "code that could run data as code:\n" + "\n".join(problems)


def test_registry_names_only_cleanup_modules():
    from cleanup.detectors import REGISTRY

    assert all(entry.startswith("cleanup.detectors.") for entry in REGISTRY)
