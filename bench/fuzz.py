"""Fuzz the CLI entry points for a bounded time (not part of the test run).

Hypothesis drives the typer app in-process: random commands and options
(valid and not), random files (text in several encodings, broken UTF-8,
binary, BOMs, NULs), folders, stdin, and random user rule packs for
``--rules``. For every run it checks what the CLI promises:

- no exception but a clean exit escapes; exit codes are 0, 1 or 2; an exit
  code 2 comes with a message on stderr and never a traceback;
- ``check --format json`` prints JSON that matches docs/json-schema.json;
- ``check``, ``fix --diff`` and ``fix --stdout`` change no file; ``fix``
  changes only the files it was given (or found under a folder it was
  given), leaves no temporary file, and a second ``fix`` changes nothing more;
- no run takes longer than ``--max-run`` seconds (a hang is a failure).

Anything it finds is shrunk to a small example and printed; turn it into a
regression test (tests/test_fuzz_regressions.py) before fixing it.

    .venv/bin/python bench/fuzz.py --seconds 60          # one minute
    .venv/bin/python bench/fuzz.py --seconds 600 --seed 7
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
import traceback
from pathlib import Path

import jsonschema
from hypothesis import HealthCheck, Phase, given, seed, settings, strategies as st
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cleanup.cli import app  # noqa: E402

SCHEMA = json.loads((ROOT / "docs" / "json-schema.json").read_text(encoding="utf-8"))

# ---- inputs ---------------------------------------------------------------------

_PIECES = [
    " ", "  ", "\u00a0", "\t", "\n", "\r\n", "\r", "\n\n", " ,", " .", " !", "--", " - ", "...",
    "«", "»", '"', "’", "Dear", "comrades", "товарищи", "Ёлка", "it's", "т.е.", "e\u0301", "😀",
    "\u200b", "\ufeff", "\x00", "\x1b[2J", "\x85", "\u2028", "\u202e", "İ", "ß", "1990-1995",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab",
]
TEXT = st.lists(
    st.one_of(st.sampled_from(_PIECES), st.text(st.characters(blacklist_categories=("Cs",)), max_size=5)),
    max_size=40,
).map("".join)
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32", "cp1251", "latin-1"]


@st.composite
def file_bytes(draw) -> bytes:
    kind = draw(st.sampled_from(["text", "text", "text", "broken", "binary", "long"]))
    if kind == "binary":
        return draw(st.binary(max_size=200))
    text = draw(TEXT)
    if kind == "long":
        text += draw(st.sampled_from(_PIECES)) * draw(st.integers(500, 5000))
    data = text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    if kind == "broken" and data:
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=4)) + data[at:]
    return data


FILE_NAMES = ["a.txt", "b.md", "c.text", "d.bin", "sub/e.txt", ".hidden/f.txt", "ü ñ.txt", "-x.txt", "sub/deeper/g.md",
              "talk.ru.txt", "talk.en.txt"]  # a pair of editions, found by name

# User rule packs: mostly plausible, often broken on purpose.
_PATTERN_BITS = ["a", "b", "t", "eh", "(", ")", "|", "*", "+", "?", "{2}", "{1,3}", "{99999}", "\\1", "\\b",
                 "[ab]", "[", "]", "$", "^", ".", "\\p{L}", "(?P<x>", "(?=", "(?<=", "\\", " ", "\u00a0", "(?i)"]
_TEMPLATE_BITS = ["x", "\\1", "\\g<0>", "\\g<x>", "\\9", "{0}", "\\", "%s", " ", "", "\\n"]


def _toml_value(value) -> str:
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{json.dumps(k, ensure_ascii=False)} = {_toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(value)


@st.composite
def rule_pack(draw) -> tuple[str, str, str]:
    """(folder, file name, TOML text) of a user rule pack."""
    folder = draw(st.sampled_from(["common", "ru", "en", "xx"]))
    name = draw(st.sampled_from(["style.toml", "punct.toml", "spelling.toml", "misc.toml"]))
    if draw(st.booleans()) and draw(st.booleans()):
        return folder, name, draw(st.text(max_size=80))  # not TOML at all, mostly
    rules = []
    for i in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["pattern", "pattern", "substitution", "magic"]))
        rule = {
            "name": draw(st.sampled_from([f"r{i}", f"r{i}", "Bad Name", "space_run"])),
            "kind": kind,
            "message": draw(st.sampled_from(["m", "", "\x1b[31mred", "msg"])),
            "confidence": draw(st.sampled_from([0.95, 0.6, 0.1, 1.5, -1, 1])),
            "examples": draw(st.sampled_from([
                [{"text": "teh", "fix": "the"}, {"text": "the"}],
                [{"text": "x"}],
                [],
            ])),
        }
        if kind in ("pattern", "magic"):
            rule["pattern"] = "".join(draw(st.lists(st.sampled_from(_PATTERN_BITS), min_size=1, max_size=8)))
            if draw(st.booleans()):
                rule["replacement"] = "".join(draw(st.lists(st.sampled_from(_TEMPLATE_BITS), max_size=4)))
        else:
            rule["replace"] = draw(st.dictionaries(TEXT, TEXT, max_size=3))
        for key, values in {"max_tier": ["safe", "display", "bogus", 3], "lang": ["ru", "en", "de"],
                            "opt_in": [True, False], "ignore_case": [True, False]}.items():
            if draw(st.integers(0, 4)) == 0:
                rule[key] = draw(st.sampled_from(values))
        rules.append(rule)
    body = "".join(
        "[[rule]]\n" + "".join(f"{k} = {_toml_value(v)}\n" for k, v in r.items()) + "\n" for r in rules
    )
    return folder, name, body


OPTION_VALUES = {
    "--format": ["json", "text", "sarif", ""],
    "--select": ["whitespace", "punct,layout", "nope", "", ",", "style.r0"],
    "--ignore": ["layout", "whitespace.space_run", "", "x.y.z"],
    "--lang": ["auto", "ru", "en", "de"],
    "--min-confidence": ["0", "0.5", "0.9", "1", "nan", "inf", "-1", "2", "abc", "1e308"],
    "--fail-level": ["safe", "unsafe", "display", "fatal"],
}
FLAGS = ["--unsafe", "--diff", "--stdout", "--color", "--no-color", "--help", "--bogus", "--parallel"]


@st.composite
def invocation(draw):
    files = draw(st.dictionaries(st.sampled_from(FILE_NAMES), file_bytes(), max_size=4))
    packs = draw(st.lists(rule_pack(), max_size=2)) if draw(st.integers(0, 3)) == 0 else []
    command = draw(st.sampled_from(["check", "check", "fix", "fix", "align", "rules", "--version", "nonsense"]))
    args = [command]
    for _ in range(draw(st.integers(0, 4))):
        if draw(st.booleans()):
            option = draw(st.sampled_from(sorted(OPTION_VALUES)))
            args += [option, draw(st.sampled_from(OPTION_VALUES[option]))]
        else:
            args.append(draw(st.sampled_from(FLAGS)))
    if packs or draw(st.integers(0, 9)) == 0:
        args += ["--rules", "{rules}" if packs else "{missing}"]
    targets = draw(st.lists(st.sampled_from(sorted(files) + [".", "-", "missing.txt", "sub"]), max_size=3))
    stdin = draw(file_bytes()) if "-" in targets else b""
    return files, packs, args, targets, stdin


# ---- the target -------------------------------------------------------------------

def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _invoke(args: list[str], stdin: bytes, max_run: float):
    start = time.monotonic()
    result = CliRunner().invoke(app, args, input=stdin, catch_exceptions=True)
    took = time.monotonic() - start
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"exception escaped: {result.exception!r}") from result.exception
    assert took < max_run, f"run took {took:.1f} s"
    assert result.exit_code in (0, 1, 2), result.exit_code
    assert "Traceback" not in result.stderr
    if result.exit_code == 2:
        assert result.stderr.strip(), "exit 2 without a message"
    return result


def make_target(max_run: float):
    def target(case):
        files, packs, args, targets, stdin = case
        with tempfile.TemporaryDirectory(prefix="cleanup-fuzz-") as tmp:
            base = Path(tmp)
            work = base / "work"
            work.mkdir()
            (base / "outside.txt").write_bytes(b"Dear  comrades ,\n")  # never named: must not change
            for name, data in files.items():
                (work / name).parent.mkdir(parents=True, exist_ok=True)
                (work / name).write_bytes(data)
            rules = base / "rules"
            for folder, name, body in packs:
                (rules / folder).mkdir(parents=True, exist_ok=True)
                (rules / folder / name).write_text(body, encoding="utf-8", errors="surrogatepass")
            args = [a.replace("{rules}", str(rules)).replace("{missing}", str(base / "nope")) for a in args]
            args += [t if t == "-" else str(work / t) for t in targets]

            before_outside = (base / "outside.txt").read_bytes()
            before = _snapshot(work)
            result = _invoke(args, stdin, max_run)
            after = _snapshot(work)
            assert (base / "outside.txt").read_bytes() == before_outside, "a file never named changed"
            assert set(after) == set(before), f"files appeared or vanished: {set(after) ^ set(before)}"

            command = args[0]
            read_only = command != "fix" or "--diff" in args or "--stdout" in args or "--help" in args
            if read_only:
                assert after == before, "a file changed on a run that writes nothing"
            json_report = "--format" in args and args[len(args) - 1 - args[::-1].index("--format") + 1] == "json"
            if command == "check" and json_report and "--help" not in args and result.stdout:
                jsonschema.validate(json.loads(result.stdout), SCHEMA)

            changed = {k for k in after if after[k] != before[k]}
            if command == "fix" and changed and "warning:" not in result.stderr:
                again = _invoke(args, stdin, max_run)
                assert _snapshot(work) == after, "a second fix changed more"
                assert again.exit_code in (0, 2)
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60, help="how long to fuzz (default 60)")
    parser.add_argument("--seed", type=int, default=None, help="seed of the first batch (default: random)")
    parser.add_argument("--batch", type=int, default=25, help="examples per hypothesis run")
    parser.add_argument("--max-run", type=float, default=30, help="seconds one CLI run may take")
    args = parser.parse_args()

    # The result cache is exercised too, but in a folder of its own, not the user's.
    os.environ.setdefault("CLEANUP_CACHE_DIR", tempfile.mkdtemp(prefix="cleanup-fuzz-cache-"))
    rng = random.Random(args.seed)
    target = make_target(args.max_run)
    end = time.monotonic() + args.seconds
    examples = batches = 0
    counter = {"n": 0}

    def counted(case):
        counter["n"] += 1
        target(case)

    while time.monotonic() < end:
        batch_seed = rng.randrange(2**32)
        test = seed(batch_seed)(settings(
            max_examples=args.batch, deadline=None, database=None, derandomize=False,
            phases=[Phase.generate, Phase.shrink], print_blob=True,
            suppress_health_check=list(HealthCheck),
        )(given(invocation())(counted)))
        try:
            test()
        except Exception as exc:  # hypothesis has shrunk it; the example is in its notes
            traceback.print_exception(exc, file=sys.stderr)
            print(f"\nFOUND after {examples + counter['n']} runs (batch seed {batch_seed}): {exc!r}",
                  file=sys.stderr)
            print("Turn the falsifying example above into a test in tests/test_fuzz_regressions.py.",
                  file=sys.stderr)
            return 1
        batches += 1
        examples += counter["n"]
        counter["n"] = 0
    print(f"no failure in {examples} CLI runs ({batches} batches, {args.seconds:g} s, seed {args.seed})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
