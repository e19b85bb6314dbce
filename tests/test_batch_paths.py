"""Which files a batch touches: folders, globs, include/exclude, and symlinks
(never followed out of the tree, never written through unless asked)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cleanup.fileio import FileRef, Skipped, expand

DIRTY = "Dear  comrades , hello.\n"
CLEAN = "Dear comrades, hello.\n"


def _tree(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")


def _paths(items) -> list[str]:
    return [i.path for i in items if isinstance(i, FileRef)]


def test_walk_include_exclude_and_glob(tmp_path):
    _tree(tmp_path, {
        "a.txt": DIRTY, "b.md": DIRTY, "c.csv": DIRTY, "drafts/d.txt": DIRTY,
        "sub/e.txt": DIRTY, ".git/f.txt": DIRTY,
    })
    root = str(tmp_path)
    assert _paths(expand([root])) == [f"{root}/a.txt", f"{root}/b.md", f"{root}/drafts/d.txt", f"{root}/sub/e.txt"]
    assert _paths(expand([root], include=("*.csv",))) == [f"{root}/c.csv"]
    assert _paths(expand([root], exclude=("drafts",))) == [f"{root}/a.txt", f"{root}/b.md", f"{root}/sub/e.txt"]
    assert _paths(expand([root], exclude=("sub/*.txt", "*.md"))) == [f"{root}/a.txt", f"{root}/drafts/d.txt"]
    assert _paths(expand([f"{root}/**/*.txt"])) == [f"{root}/a.txt", f"{root}/drafts/d.txt", f"{root}/sub/e.txt"]
    (missing,) = list(expand([f"{root}/*.nothing"]))
    assert "no file matches" in str(missing)


def test_missing_path_does_not_stop_the_others(tmp_path, run_cli):
    _tree(tmp_path, {"a.txt": DIRTY})
    code, _, err = run_cli("fix", str(tmp_path / "nope.txt"), str(tmp_path / "a.txt"))
    assert code == 2 and "nope.txt: no such file or directory" in err
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == CLEAN


@pytest.fixture
def linked(tmp_path):
    """tree/ with a file, a link to it, a link out of the tree, a folder link;
    outside/ with a file the batch must never touch."""
    tree, outside = tmp_path / "tree", tmp_path / "outside"
    _tree(tree, {"own.txt": DIRTY, "inner/deep.txt": DIRTY})
    _tree(outside, {"secret.txt": DIRTY, "more/x.txt": DIRTY})
    os.symlink(tree / "inner" / "deep.txt", tree / "to_deep.txt")
    os.symlink(outside / "secret.txt", tree / "to_secret.txt")
    os.symlink(outside / "more", tree / "to_more")
    return tree, outside


def test_walk_never_follows_links_out_of_the_tree(linked):
    tree, outside = linked
    items = list(expand([str(tree)]))
    paths = _paths(items)
    assert not any("secret" in p or "to_more" in p for p in paths)
    # the link to a file inside the tree is the same file as inner/deep.txt: once, by its own name
    assert paths == [f"{tree}/own.txt", f"{tree}/inner/deep.txt"]
    notes = {Path(i.path).name: i.reason for i in items if isinstance(i, Skipped)}
    assert "outside" in notes["to_secret.txt"] and "not followed" in notes["to_more"]


def test_fix_over_a_tree_leaves_everything_outside_alone(linked, run_cli):
    tree, outside = linked
    before = {p: p.read_bytes() for p in outside.rglob("*") if p.is_file()}
    code, _, err = run_cli("fix", "-j", "1", str(tree))
    assert code == 1, err
    assert {p: p.read_bytes() for p in outside.rglob("*") if p.is_file()} == before
    assert (tree / "own.txt").read_text(encoding="utf-8") == CLEAN
    assert (tree / "inner" / "deep.txt").read_text(encoding="utf-8") == CLEAN
    assert (tree / "to_deep.txt").is_symlink() and (tree / "to_secret.txt").is_symlink()
    assert sorted(p.name for p in tree.iterdir()) == ["inner", "own.txt", "to_deep.txt", "to_more", "to_secret.txt"]


def test_a_named_symlink_is_not_written_through_unless_asked(linked, run_cli):
    tree, outside = linked
    link = tree / "to_secret.txt"
    code, out, err = run_cli("check", str(link))  # reading through it is fine
    assert code == 1 and "to_secret.txt:1:5" in out
    code, _, err = run_cli("fix", str(link))
    assert code == 2 and "is a symlink; not written through it" in err
    assert (outside / "secret.txt").read_text(encoding="utf-8") == DIRTY and link.is_symlink()
    code, _, err = run_cli("fix", "--follow-symlinks", str(link))
    assert code == 1 and link.is_symlink()  # the target is fixed, the link stays a link
    assert (outside / "secret.txt").read_text(encoding="utf-8") == CLEAN


def test_a_file_replaced_by_a_symlink_during_the_run_is_not_written(tmp_path, run_cli, monkeypatch):
    own, elsewhere = tmp_path / "own.txt", tmp_path / "elsewhere.txt"
    own.write_text(DIRTY, encoding="utf-8")
    elsewhere.write_text("not yours\n", encoding="utf-8")
    from cleanup.pipeline import Checker

    original = Checker.fix

    def swap(self, doc):
        own.unlink()
        os.symlink(elsewhere, own)
        return original(self, doc)

    monkeypatch.setattr(Checker, "fix", swap)
    code, _, err = run_cli("fix", "-j", "1", str(own))
    assert code == 2 and "is a symlink; not written through it" in err
    assert elsewhere.read_text(encoding="utf-8") == "not yours\n" and own.is_symlink()


def test_a_folder_with_nothing_to_process_says_so(tmp_path, run_cli):
    (tmp_path / "data.csv").write_text("a,b\n", encoding="utf-8")
    code, out, err = run_cli("check", str(tmp_path))
    assert code == 0 and out == "" and "no files to process" in err
    code, out, _ = run_cli("check", "--include", "*.csv", str(tmp_path))
    assert code == 0 and out == ""


def test_default_jobs_fit_the_work(tmp_path, monkeypatch):
    from cleanup import batch

    monkeypatch.setattr(batch, "default_jobs", lambda: 8)
    small = tmp_path / "small.txt"
    small.write_text(DIRTY, encoding="utf-8")
    assert batch.auto_jobs([FileRef(str(small))] * 3) == 1  # a pre-commit hook's few files: no pool
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * (batch.WORK_PER_JOB * 3))
    assert batch.auto_jobs([FileRef(str(big))] * 2) == 6
    assert batch.auto_jobs([FileRef(str(big))] * 10) == 8  # never more than the cores


@pytest.mark.parametrize("command", ["check", "fix"])
def test_a_symlink_loop_in_a_folder_is_skipped_with_a_note(tmp_path, run_cli, command):
    # Found by a random cache sequence: Path.resolve() raises RuntimeError on
    # a loop (Python < 3.13), which escaped as a traceback from a folder walk.
    (tmp_path / "a.txt").write_text(DIRTY, encoding="utf-8")
    os.symlink(tmp_path / "self.md", tmp_path / "self.md")  # points at itself
    os.symlink(tmp_path / "ping.txt", tmp_path / "pong.txt")
    os.symlink(tmp_path / "pong.txt", tmp_path / "ping.txt")
    code, out, err = run_cli(command, "--no-progress", str(tmp_path))
    assert code == 1  # a.txt still checked (or fixed)
    assert "self.md: symlink that leads back to itself; not followed" in err
    assert "ping.txt" in err and "Traceback" not in err
