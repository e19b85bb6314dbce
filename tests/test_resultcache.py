"""The result cache: a second `check` of unchanged files prints the kept
report, and anything that could change the report makes it compute afresh."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cleanup import resultcache
from cleanup.document import Document
from cleanup.pipeline import Checker

DIRTY = "Он  сказал , что STALTN придёт.\n\nHe said , that it is.\n"


@pytest.fixture(scope="module", autouse=True)
def _tables_built():
    """The spelling index and the grammar table built before any test runs
    the CLI twice: a first run that builds one says so on stderr, and the
    reports compared below would differ by that line (this file run alone,
    or first after the grammar code changed)."""
    Checker().check(Document(DIRTY, "-"))


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.delenv("CLEANUP_NO_CACHE", raising=False)
    monkeypatch.setenv("CLEANUP_CACHE_DIR", str(folder))
    return folder


def _counted(monkeypatch, method: str) -> list[str]:
    """The paths of the documents Checker.<method> really gets, in order."""
    seen = []
    original = getattr(Checker, method)

    def counting(self, doc):
        seen.append(doc.path)
        return original(self, doc)

    monkeypatch.setattr(Checker, method, counting)
    return seen


@pytest.fixture
def calls(monkeypatch):
    """The documents really checked."""
    return _counted(monkeypatch, "check")


@pytest.fixture
def fixes(monkeypatch):
    """The documents really fixed."""
    return _counted(monkeypatch, "fix")


def _entries(folder):
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))


@pytest.mark.parametrize("form", [[], ["--format", "json"], ["--format", "sarif"], ["--format", "github"]])
def test_second_run_prints_the_kept_report_without_checking(tmp_path, cache, calls, run_cli, form):
    (tmp_path / "a.txt").write_text(DIRTY, encoding="utf-8")
    (tmp_path / "b.txt").write_text("Всё  хорошо .\n", encoding="cp1251")
    first = run_cli("check", "-j", "1", *form, str(tmp_path / "a.txt"), str(tmp_path / "b.txt"))
    assert len(calls) == 2 and len(_entries(cache)) == 2
    second = run_cli("check", "-j", "1", *form, str(tmp_path / "a.txt"), str(tmp_path / "b.txt"))
    assert len(calls) == 2  # nothing checked again
    assert second == first and first[0] == 1


def test_a_changed_file_is_checked_again(tmp_path, cache, calls, run_cli):
    p = tmp_path / "a.txt"
    p.write_text(DIRTY, encoding="utf-8")
    run_cli("check", str(p))
    p.write_text(DIRTY.replace("STALTN", "STALIN"), encoding="utf-8")
    os.utime(p, (1, 1))  # the content decides, not the time stamp
    code, out, _ = run_cli("check", str(p))
    assert len(calls) == 2 and "STALTN" not in out and "STALIN" not in out


def test_whatever_shapes_the_report_is_part_of_the_key(tmp_path, cache, calls, run_cli):
    p = tmp_path / "a.txt"
    p.write_text(DIRTY, encoding="utf-8")
    runs = [
        ("check", str(p)),
        ("check", "--select", "whitespace", str(p)),
        ("check", "--ignore", "spelling", str(p)),
        ("check", "--min-confidence", "0.9", str(p)),
        ("check", "--lang", "en", str(p)),
        ("check", "--format", "json", str(p)),
        ("check", "--color", "always", str(p)),
    ]
    for args in runs:
        run_cli(*args)
    assert len(calls) == len(runs)  # each computed: none answered by another's report


def test_the_project_dictionary_is_part_of_the_key(tmp_path, cache, calls, run_cli):
    p = tmp_path / "a.txt"
    p.write_text(DIRTY, encoding="utf-8")
    config = tmp_path / ".cleanup.toml"
    config.write_text('dictionary = "words.txt"\n', encoding="utf-8")
    words = tmp_path / "words.txt"
    words.write_text("", encoding="utf-8")
    assert "STALTN" in run_cli("check", "--config", str(config), str(p))[1]
    words.write_text("STALTN\n", encoding="utf-8")  # the word accepted: its report changes
    assert "STALTN" not in run_cli("check", "--config", str(config), str(p))[1]
    assert len(calls) == 2


def test_an_edited_user_rule_pack_is_part_of_the_key(tmp_path, cache, calls, run_cli):
    p = tmp_path / "a.txt"
    p.write_text("colour and colour\n", encoding="utf-8")
    rules = tmp_path / "rules"
    (rules / "common").mkdir(parents=True)
    pack = rules / "common" / "style.toml"

    def write(replacement):
        pack.write_text(
            '[[rule]]\nname = "house"\nkind = "pattern"\nmessage = "House style"\n'
            f'pattern = "colour"\nreplacement = "{replacement}"\nconfidence = 0.95\n'
            f'examples = [{{ text = "the colour", fix = "the {replacement}" }}, {{ text = "the {replacement}" }}]\n',
            encoding="utf-8")

    write("color")
    first = run_cli("check", "--rules", str(rules), "--select", "style", str(p))[1]
    write("hue")
    run_cli("check", "--rules", str(rules), "--select", "style", str(p))
    # Checked again (in a real run, a new process, the new rule speaks; this
    # test's process keeps the packs it loaded, so only the recount is asked).
    assert len(calls) == 2 and "color" in first


def test_no_cache_neither_reads_nor_writes(tmp_path, cache, calls, run_cli, monkeypatch):
    p = tmp_path / "a.txt"
    p.write_text(DIRTY, encoding="utf-8")
    run_cli("check", "--no-cache", str(p))
    assert not cache.exists()
    run_cli("check", str(p))
    run_cli("check", "--no-cache", str(p))
    monkeypatch.setenv("CLEANUP_NO_CACHE", "1")
    run_cli("check", str(p))
    assert len(calls) == 4


def test_a_report_with_a_warning_is_not_kept(tmp_path, cache, calls, run_cli):
    p = tmp_path / "mixed.txt"
    p.write_bytes("Строка  одна .\r\nСтрока два.\nСтрока три.\n".encode())
    for _ in range(2):
        code, _, err = run_cli("check", str(p))
        assert "mixed line endings" in err
    assert len(calls) == 2 and not _entries(cache)


def test_a_broken_entry_is_computed_again(tmp_path, cache, calls, run_cli):
    p = tmp_path / "a.txt"
    p.write_text(DIRTY, encoding="utf-8")
    first = run_cli("check", str(p))
    [entry] = _entries(cache)
    entry.write_text('{"format": 1, "found": {', encoding="utf-8")  # cut short by a crash
    assert run_cli("check", str(p)) == first and len(calls) == 2
    json.loads(entry.read_text(encoding="utf-8"))  # written whole again


def test_an_unwritable_cache_is_no_error(tmp_path, monkeypatch, calls, run_cli):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.delenv("CLEANUP_NO_CACHE", raising=False)
    monkeypatch.setenv("CLEANUP_CACHE_DIR", str(blocker / "cache"))
    p = tmp_path / "a.txt"
    p.write_text(DIRTY, encoding="utf-8")
    first = run_cli("check", str(p))
    assert run_cli("check", str(p)) == first and first[0] == 1 and len(calls) == 2


def test_stdin_and_a_file_fix_changes_are_never_cached(tmp_path, cache, calls, run_cli):
    p = tmp_path / "a.txt"
    p.write_text(DIRTY, encoding="utf-8")
    run_cli("check", "-", input=DIRTY)
    first = run_cli("fix", "--diff", str(p))
    assert not _entries(cache)
    assert run_cli("fix", "--diff", str(p)) == first and first[0] == 1  # the diff is made again


@pytest.mark.parametrize("diff", [[], ["--diff"]])
def test_fix_remembers_the_files_it_leaves_unchanged(tmp_path, cache, fixes, run_cli, diff):
    dirty, clean = tmp_path / "dirty.txt", tmp_path / "clean.txt"
    dirty.write_text(DIRTY, encoding="utf-8")
    clean.write_text("Всё хорошо.\n\nHe wrote recieve, a slip left to the reader.\n", encoding="utf-8")
    args = ["fix", *diff, "-j", "1", "--summary", str(dirty), str(clean)]
    first = run_cli(*args)
    assert first[0] == 1 and len(fixes) == 2 and len(_entries(cache)) == 1  # only the unchanged file
    os.utime(clean, (1, 1))
    second = run_cli(*args)
    assert fixes[2:] == [str(dirty)]  # the unchanged file is not looked at again
    assert os.stat(clean).st_mtime == 1  # nor written
    if diff:
        assert second == first  # same diff, same summary (the findings left in it counted)
    else:
        assert second[0] == 0 and "0 changed" in second[2]  # the dirty file was fixed by the first run
        assert run_cli(*args) == second and fixes[3:] == []  # now both are remembered
    # A `check` of the same bytes is not answered by what `fix` kept.
    assert run_cli("check", str(clean))[0] == 1


def test_a_fixed_file_is_fixed_once_more_then_remembered(tmp_path, cache, fixes, run_cli):
    p = tmp_path / "a.txt"
    p.write_text(DIRTY, encoding="utf-8")
    assert run_cli("fix", str(p))[0] == 1  # changed it
    fixed = p.read_bytes()
    assert run_cli("fix", str(p))[0] == 0 and len(fixes) == 2  # its new bytes are looked at once
    assert run_cli("fix", str(p))[0] == 0 and len(fixes) == 2  # and then remembered
    assert p.read_bytes() == fixed
    assert run_cli("fix", "--no-cache", str(p))[0] == 0 and len(fixes) == 3


def test_old_entries_are_pruned(tmp_path, cache, monkeypatch):
    old = cache / "ab" / ("ab" + "0" * 38)
    old.parent.mkdir(parents=True)
    old.write_text("{}", encoding="utf-8")
    past = time.time() - (resultcache.MAX_AGE_DAYS + 1) * 86400
    os.utime(old, (past, past))
    monkeypatch.setattr(resultcache, "_pruned", False)
    resultcache.store("cd" + "1" * 38, {"found": {}, "worst_tier": -1, "encoding": "utf-8", "report": []})
    assert not old.exists() and _entries(cache) == [cache / "cd" / ("cd" + "1" * 38)]


def test_the_code_digest_sees_an_edited_or_renamed_source_file(tmp_path):
    import hashlib

    def digest():
        h = hashlib.blake2b()
        resultcache._hash_tree(h, tmp_path, (".py",))
        return h.hexdigest()

    (tmp_path / "a.py").write_text("x = 1\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.py").write_text("y = 2\n", encoding="utf-8")
    first = digest()
    (tmp_path / "sub" / "b.py").write_text("y = 3\n", encoding="utf-8")
    second = digest()
    (tmp_path / "sub" / "b.py").rename(tmp_path / "sub" / "c.py")
    assert len({first, second, digest()}) == 3


def test_the_same_path_from_another_folder_gets_its_own_per_path_ignores(tmp_path, cache, run_cli, monkeypatch):
    # `a.txt` run in x/ and then in y/: same path as given, same bytes, but
    # per-path ignores (matched where the file really is) differ. Found by a
    # scripted cache-vs-no-cache sequence: the kept report of x/a.txt was shown.
    (tmp_path / ".git").mkdir()  # the project root
    (tmp_path / ".cleanup.toml").write_text('[per-path-ignores]\n"x/*.txt" = ["whitespace", "spelling"]\n',
                                            encoding="utf-8")
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "a.txt").write_text(DIRTY, encoding="utf-8")
    monkeypatch.chdir(tmp_path / "x")
    assert run_cli("check", "a.txt")[0] == 0  # all its findings turned off
    monkeypatch.chdir(tmp_path / "y")
    cached = run_cli("check", "a.txt")
    assert cached == run_cli("check", "--no-cache", "a.txt")
    assert cached[0] == 1 and "whitespace.space_run" in cached[1]


def _same_as_uncached(run_cli, *args):
    cached = run_cli("check", *args)
    assert cached == run_cli("check", "--no-cache", *args)
    return cached


def test_a_symlink_is_answered_by_what_it_points_to_now(tmp_path, cache, run_cli):
    clean, dirty = tmp_path / "clean.txt", tmp_path / "dirty.txt"
    clean.write_text("Всё хорошо.\n", encoding="utf-8")
    dirty.write_text(DIRTY, encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(clean)
    assert _same_as_uncached(run_cli, str(link))[0] == 0
    link.unlink()
    link.symlink_to(dirty)  # retargeted: same path, other bytes
    assert _same_as_uncached(run_cli, str(link))[0] == 1
    link.unlink()
    link.write_text("Всё хорошо.\n", encoding="utf-8")  # replaced by a plain file
    assert _same_as_uncached(run_cli, str(link))[0] == 0


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp1251"])
def test_the_same_text_in_another_encoding_or_newline_style_is_its_own_entry(tmp_path, cache, run_cli, encoding):
    p = tmp_path / "a.txt"
    p.write_text(DIRTY, encoding="utf-8")
    _same_as_uncached(run_cli, "--format", "json", str(p))
    for newline in ("\r\n", "\r"):
        p.write_bytes(DIRTY.replace("\n", newline).encode(encoding))
        out = _same_as_uncached(run_cli, "--format", "json", str(p))[1]
        report = json.loads(out)["files"][0]
        assert report["encoding"] != "utf-8" or encoding == "utf-8"
        # the same finding on line 3 whatever the newline style
        assert any(f["line"] == 3 for f in report["findings"])


def test_the_same_bytes_at_two_paths_each_report_their_own_path(tmp_path, cache, calls, run_cli):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(DIRTY, encoding="utf-8")
    first = _same_as_uncached(run_cli, str(tmp_path / "a.txt"), str(tmp_path / "b.txt"))
    assert str(tmp_path / "b.txt") + ":1:" in first[1] and str(tmp_path / "a.txt") + ":1:" in first[1]


def test_a_kept_text_report_is_written_byte_for_byte_as_made(tmp_path, cache):
    """The real stdout (a pipe, UTF-8) takes the report as bytes made in C
    (batch._Screen.utf8); the cache keeps that text and a later run writes
    it again: the same bytes as a run without the cache, with one worker
    or two (a worker sends the kept text back as its lines)."""
    (tmp_path / "a.txt").write_text(DIRTY * 3 + "Ёж «тест» — ок ,да.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Всё  хорошо .\n", encoding="cp1251")
    (tmp_path / "c.txt").write_text("Чисто.\n", encoding="utf-8")
    root = Path(__file__).resolve().parents[1]

    def run(*extra, cached=True):
        env = {**os.environ, "PYTHONIOENCODING": "utf-8", "CLEANUP_CACHE_DIR": str(cache)}
        env.pop("CLEANUP_NO_CACHE", None)
        if not cached:
            env["CLEANUP_NO_CACHE"] = "1"
        proc = subprocess.run([sys.executable, "-m", "cleanup", "check", "--no-progress", *extra, "a.txt", "b.txt",
                               "c.txt"], capture_output=True, cwd=tmp_path, timeout=120,
                              env={**env, "PYTHONPATH": os.pathsep.join([str(root), env.get("PYTHONPATH", "")])})
        assert proc.returncode == 1, proc.stderr
        return proc.stdout

    made = run("-j", "1", cached=False)
    assert b"\nb.txt:" in made and "→".encode() in made and made.endswith(b"\n")
    assert run("-j", "1") == made and len(_entries(cache)) == 3  # cold: made, written and kept
    assert run("-j", "1") == made  # warm: the kept text
    assert run("-j", "2") == made  # warm, in workers
    for entry in _entries(cache):
        os.unlink(entry)
    assert run("-j", "2") == made and len(_entries(cache)) == 3  # cold, in workers (kept as lines joined)
    assert run("-j", "1") == made


def test_a_report_that_is_not_utf8_is_not_kept(tmp_path, cache):
    """A file named by an undecodable byte shows it as a lone surrogate,
    which UTF-8 cannot hold: no entry, and no error (it once ended the run)."""
    resultcache.store("ab" + "2" * 38, {"found": {}, "worst_tier": 0, "encoding": "utf-8",
                                        "text": "bad\udcffname.txt:1:1 rule message\n"})
    assert _entries(cache) == []
