"""Can the result cache answer stale? Random edit sequences (not part of the test run).

Each step changes the files of a small project at random — new text, a
one-byte edit, a rename, a file replaced by a symlink (loops included), a
copy, another encoding or newline style, another `.cleanup.toml` (ignores,
per-path ignores, language) — then runs `check` from the project folder or a
subfolder with random options, with the cache and with ``--no-cache``, twice
(the second run reads what the first kept). Any difference in exit code or
report is printed and counted.

    .venv/bin/python bench/cache_fuzz.py --steps 400 --seed 2
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PIECES = ["Он  сказал , что STALTN придёт.", "He said , that it is recieved.", "Всё хорошо.", "Dear comrades!",
          "В 1917 году", "In 1971", "ёлка", "İstanbul", "e\u0301", "\u00a0", "  ", " ,", "\n", "\n\n", "\t", "«", "»"]
NAMES = ["a.txt", "b.txt", "s/a.txt", "s/c.txt", "s/d.md", "t.ru.txt", "t.en.txt"]
OPTIONS = [[], ["--format", "json"], ["--select", "spelling"], ["--ignore", "whitespace"], ["--lang", "ru"],
           ["--min-confidence", "0.6"], ["--format", "github"]]
CONFIGS = ["", 'ignore = ["punct"]\n', '[per-path-ignores]\n"s/*" = ["spelling", "whitespace"]\n', 'lang = "en"\n']


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="cleanup-cache-fuzz-"))
    os.environ.pop("CLEANUP_NO_CACHE", None)
    os.environ["CLEANUP_CACHE_DIR"] = str(work / "cache")
    from typer.testing import CliRunner

    from cleanup.cli import app

    project = work / "p"
    (project / ".git").mkdir(parents=True)
    os.chdir(project)

    def put(name: str) -> None:
        os.makedirs(os.path.dirname(name) or ".", exist_ok=True)
        if os.path.lexists(name):
            os.remove(name)
        text = " ".join(rng.choice(PIECES) for _ in range(rng.randint(0, 30)))
        text = text.replace("\n", rng.choice(["\n", "\r\n", "\r"]))
        encoding = rng.choice(["utf-8", "utf-8", "utf-8-sig", "utf-16", "cp1251"])
        Path(name).write_bytes(text.encode(encoding, errors="replace"))

    for name in NAMES:
        put(name)
    runner, fails = CliRunner(), 0
    try:
        for step in range(args.steps):
            op, name = rng.randrange(8), rng.choice(NAMES)
            other = rng.choice(NAMES)
            if op == 6 and rng.random() < 0.5:
                name, other = "s/a.txt", "a.txt"  # the same bytes under the same name in another folder
            if op <= 2:
                put(name)
            elif op == 3 and os.path.isfile(name):
                data = bytearray(Path(name).read_bytes())
                if data:
                    i = rng.randrange(len(data))
                    data[i:i + 1] = rng.choice([b" ", b"", b"  ", "а".encode(), b"x", b"\r\n"])
                Path(name).write_bytes(bytes(data))
            elif op == 4 and other != name and os.path.lexists(name):
                os.makedirs(os.path.dirname(other) or ".", exist_ok=True)
                if os.path.lexists(other):
                    os.remove(other)
                os.rename(name, other)
            elif op == 5 and other != name:
                if os.path.lexists(name):
                    os.remove(name)
                os.symlink(os.path.abspath(other), name)
            elif op == 6 and other != name and os.path.isfile(other):
                data = Path(other).read_bytes()
                if os.path.lexists(name):
                    os.remove(name)
                Path(name).write_bytes(data)
            else:
                Path(".cleanup.toml").write_text(rng.choice(CONFIGS), encoding="utf-8")
            for missing in NAMES:
                if not os.path.lexists(missing):
                    put(missing)
            options = rng.choice(OPTIONS)
            targets = rng.choice([["."], ["a.txt", "b.txt"], ["s"], [rng.choice(NAMES)]])
            where = rng.choice([".", "s"])
            if where == "s" and rng.random() < 0.7:  # else the same path as given names another file
                targets = [os.path.relpath(t, "s") for t in targets]
            os.chdir(where)
            try:
                for _ in range(2):
                    cached = runner.invoke(app, ["check", "-j", "1", "--no-progress", *options, *targets])
                    fresh = runner.invoke(app, ["check", "-j", "1", "--no-progress", "--no-cache", *options, *targets])
                    if cached.exception and not isinstance(cached.exception, SystemExit):
                        fails += 1
                        print(f"step {step}: exception {cached.exception!r}")
                        break
                    if (cached.exit_code, cached.stdout) != (fresh.exit_code, fresh.stdout):
                        fails += 1
                        print(f"step {step}: STALE {options} {targets} in {where}: "
                              f"exit {cached.exit_code} vs {fresh.exit_code}\n{cached.stdout[:400]}\n--\n{fresh.stdout[:400]}")
                        break
            finally:
                os.chdir(project)
    finally:
        os.chdir(ROOT)
        shutil.rmtree(work, ignore_errors=True)
    print(f"{args.steps} steps, {fails} stale or failed answers (seed {args.seed})")
    return 1 if fails else 0


if __name__ == "__main__":
    raise SystemExit(main())
