"""diskcache's installed-version reading (it names the cached tables) must
answer what importlib.metadata.version answers, or leave it to it."""

from __future__ import annotations

import importlib.metadata
import sys
import zipfile

import pytest

from cleanup import diskcache


def _reference(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "none"


def test_every_installed_distribution_reads_as_importlib_metadata_reads_it():
    names = {dist.metadata["Name"] for dist in importlib.metadata.distributions()}
    assert len(names) > 10
    # (and other spellings of the names, and names that are not installed)
    names |= {"DAWG", "no-such-distribution-here", "Pymorphy3", "pymorphy3.dicts.ru", "MARISA_TRIE"}
    for name in sorted(names):
        found = diskcache._version_from_folders(name)
        assert found in (None, _reference(name)), name
    assert diskcache._version_from_folders("pytest") is not None  # the fast reading is used, not only the fallback


def _dist(folder, dirname: str, metadata: str | None, filename: str = "METADATA") -> None:
    info = folder / dirname
    info.mkdir(parents=True)
    if metadata is not None:
        (info / filename).write_bytes(metadata.encode())


@pytest.mark.parametrize(
    "metadata",
    [
        "Metadata-Version: 2.1\nName: demo-pkg\nVersion: 1.2.3\n\nbody\n",
        "Metadata-Version: 2.1\nName: demo-pkg\nversion:\t 4.0rc1  \n",
        "Metadata-Version: 2.1\r\nName: demo-pkg\r\nVersion: 1.0\r\n\r\n",  # CRLF: left to importlib
        "Metadata-Version: 2.1\nName: demo-pkg\nVersion: 1.0\n  folded\n",  # folded: left to importlib
        "Metadata-Version: 2.1\nName: demo-pkg\n\nVersion: 9.9\n",  # in the body: no version
        "not a header\nVersion: 2.0\n",
        "Name: demo-pkg\nVersion: 1.0\nVersion: 2.0\n",  # the first one
        "",
    ],
)
def test_odd_metadata_reads_as_importlib_metadata_reads_it(tmp_path, monkeypatch, metadata):
    _dist(tmp_path, "demo_pkg-1.2.3.dist-info", metadata)
    monkeypatch.setattr(sys, "path", [str(tmp_path)])
    found = diskcache._version_from_folders("demo-pkg")
    reference = _reference("demo-pkg")
    assert found in (None, reference)
    if metadata.startswith("Metadata-Version: 2.1\nName: demo-pkg\nVersion: 1.2.3"):
        assert found == "1.2.3"


def test_pkg_info_egg_info_and_the_first_path_entry_win(tmp_path, monkeypatch):
    first, second = tmp_path / "a", tmp_path / "b"
    _dist(first, "Demo.Pkg-0.1.egg-info", "Name: Demo.Pkg\nVersion: 0.1\n", filename="PKG-INFO")
    _dist(second, "demo_pkg-0.2.dist-info", "Name: demo_pkg\nVersion: 0.2\n")
    monkeypatch.setattr(sys, "path", [str(tmp_path / "missing"), str(first), str(second)])
    assert diskcache._version_from_folders("demo-pkg") == _reference("demo-pkg") == "0.1"
    monkeypatch.setattr(sys, "path", [str(second), str(first)])
    assert diskcache._version_from_folders("demo_pkg") == _reference("demo_pkg") == "0.2"
    monkeypatch.setattr(sys, "path", [str(tmp_path)])
    assert diskcache._version_from_folders("demo-pkg") == _reference("demo-pkg") == "none"


def test_unclear_cases_are_left_to_importlib_metadata(tmp_path, monkeypatch):
    _dist(tmp_path, "demo_pkg-0.1.dist-info", "Name: demo_pkg\nVersion: 0.1\n")
    _dist(tmp_path, "demo.pkg-0.2.dist-info", "Name: demo.pkg\nVersion: 0.2\n")
    monkeypatch.setattr(sys, "path", [str(tmp_path)])
    assert diskcache._version_from_folders("demo-pkg") is None  # two of the name in one folder
    archive = tmp_path / "lib.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("zipped_pkg-3.0.dist-info/METADATA", "Name: zipped_pkg\nVersion: 3.0\n")
    monkeypatch.setattr(sys, "path", [str(archive)])
    assert diskcache._version_from_folders("zipped-pkg") is None
    assert diskcache._version.__wrapped__("zipped-pkg") == _reference("zipped-pkg") == "3.0"


def test_a_table_folder_is_named_by_its_parts_versions_and_code(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    pytest_version = importlib.metadata.version("pytest").replace(".", "_")
    plain = diskcache.table_dir("demo", ["3", "1.5"], ("pytest",))
    assert plain == tmp_path / "cleanup" / f"demo-3-1_5-{pytest_version}"
    one = diskcache.table_dir("demo", ["3"], ("pytest",), ("lexicon.py",)).name
    other = diskcache.table_dir("demo", ["3"], ("pytest",), ("model.py",)).name
    assert one.startswith(f"demo-3-{pytest_version}-") and len(one.rsplit("-", 1)[1]) == 16
    assert one != other  # other code that decides the table: another folder
