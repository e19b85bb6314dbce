"""cleanup.extensions.Extension, the one loader of the three optional C
extensions: each looked for on first use and kept, a kernel (or None) given
per name, and ``afresh`` (the tests' way to the Python twins) forgetting what
was kept."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cleanup import extensions
from cleanup.extensions import Extension, afresh
from cleanup.grammar import speedups as grammar_speedups
from cleanup.parallel import speedups as parallel_speedups
from cleanup.spelling import speedups

ROOT = Path(__file__).resolve().parents[1]


class _Built:
    VERSION = 3

    @staticmethod
    def kernel(*args):
        return ("compiled", *args)


@pytest.fixture
def built(monkeypatch):
    """An extension of :class:`_Built` (and how many times it was imported),
    with the environment asking for compiled code."""
    monkeypatch.delenv(extensions.PURE_PYTHON_VARIABLE, raising=False)
    imports = []

    def import_it():
        imports.append(1)
        return _Built

    extension = Extension(import_it, 3)
    yield extension, imports
    extensions._EXTENSIONS.remove(extension)


def test_the_module_is_imported_once_and_kept(built):
    extension, imports = built
    assert extension.compiled() is _Built and extension.compiled() is _Built
    assert extension.function("kernel") is _Built.kernel and extension.function("kernel") is _Built.kernel
    assert len(imports) == 1


def test_a_kernel_given_its_first_arguments_is_made_once(built):
    extension, _ = built
    bound = extension.function("kernel", 1, 2)
    assert bound(3) == ("compiled", 1, 2, 3)
    assert extension.function("kernel", 1, 2) is bound
    assert extension.function("kernel", 1, 5)(3) == ("compiled", 1, 5, 3)


def test_afresh_gives_the_twins_and_forgets_on_both_sides(built):
    extension, imports = built
    assert extension.function("kernel", 1) is not None
    with afresh(pure_python=True):
        assert os.environ[extensions.PURE_PYTHON_VARIABLE] == "1"
        assert extension.compiled() is None
        assert extension.function("kernel", 1) is None and extension.function("kernel") is None
    assert extensions.PURE_PYTHON_VARIABLE not in os.environ
    assert extension.compiled() is _Built and extension.function("kernel", 1)(2) == ("compiled", 1, 2)
    assert len(imports) == 2


def test_afresh_keeps_a_pure_python_environment(monkeypatch, built):
    extension, _ = built
    monkeypatch.setenv(extensions.PURE_PYTHON_VARIABLE, "1")
    with afresh(pure_python=True):
        assert extension.compiled() is None
    assert os.environ[extensions.PURE_PYTHON_VARIABLE] == "1"
    assert extension.compiled() is None


def test_a_build_of_another_version_or_none_is_not_used(built):
    extension, _ = built
    with afresh():
        extension.version = 4
        assert extension.compiled() is None and not extension.available()
        assert extension.function("kernel") is None

    def not_built():
        raise ImportError("no such extension")

    extension.import_it = not_built
    with afresh():
        assert extension.compiled() is None and extension.load() is None


def test_afresh_reaches_every_extension_of_the_package():
    with afresh(pure_python=True):
        assert speedups.compiled() is None and speedups.function("small_kinds") is None
        assert grammar_speedups.compiled() is None
        assert parallel_speedups.compiled() is None and parallel_speedups.compiled_dp() is None
    if speedups.available() and not os.environ.get(extensions.PURE_PYTHON_VARIABLE):
        assert speedups.function("small_kinds") is speedups.compiled().small_kinds


def test_start_up_loads_no_extension():
    """The modules that ask for kernels import the loader, never an extension."""
    code = ("import sys, cleanup.cli, cleanup.pipeline, cleanup.rulepack, cleanup.report.text,"
            " cleanup.detectors.spelling, cleanup.detectors.script, cleanup.detectors.nonstandard,"
            " cleanup.detectors.boundary, cleanup.spelling.candidates, cleanup.spelling.calibration;"
            " print(sorted(m for m in sys.modules if m.rsplit('.', 1)[-1] in ('_speedups', '_scan', '_align_dp')))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.stdout.strip() == "[]", proc.stderr
