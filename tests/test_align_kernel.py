"""The optional C twin of the paragraph alignment (cleanup/parallel/_align_dp.c)
must give the pure-Python programme's beads, costs to the bit; without it
(not built, stale, switched off) the Python code runs.

The comparisons are skipped, with the reason, where the extension is not
built (no compiler at install time); the fallback tests run everywhere."""

from __future__ import annotations

import math
import os
import random
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cleanup.parallel
from cleanup.document import Document
from cleanup.extensions import afresh
from cleanup.parallel import align as align_module
from cleanup.parallel import speedups
from cleanup.parallel.editions import edition_of, split_editions

ROOT = Path(__file__).resolve().parents[1]

needs_extension = pytest.mark.skipif(
    not speedups.available(),
    reason="cleanup.parallel._align_dp is not built, or is older than its source (no C compiler at install "
    "time; after a change to the C source, reinstall: pip install -e .): nothing to compare",
)


@dataclass(eq=False)
class Para:
    """What the aligner reads of a paragraph."""

    size: int
    is_heading: bool = False
    name_keys: frozenset = frozenset()
    anchor_values: Counter = field(default_factory=Counter)
    lang: str = "en"
    index: int = 0


@lru_cache(maxsize=1)
def _kernel():
    return speedups._load_dp()


def _with(kernel, monkeypatch, function, *args):
    monkeypatch.setattr(speedups, "compiled_dp", lambda: kernel)
    return function(*args)


def _summary(beads) -> list[tuple[tuple[int, ...], tuple[int, ...], str]]:
    return [(tuple(id(p) for p in x.a), tuple(id(p) for p in x.b), x.cost.hex()) for x in beads]


def _both(monkeypatch, function, *args):
    compiled = _with(_kernel(), monkeypatch, function, *args)
    python = _with(None, monkeypatch, function, *args)
    return _summary(compiled), _summary(python)


# Few names and numbers, so that runs of paragraphs often share some (and
# some several: the count of names stops at 5, numbers are a multiset).
_NAMES = ["STALIN", "LENIN", "MARX", "ENGELS", "BREZHNEV", "TROTSKY", "KIROV"]
_NUMBERS = [1917.0, 1937.0, 20.0, 3.5, 100.0, -0.0, 0.0, 7.0]
_paragraph = st.builds(
    Para,
    size=st.one_of(st.integers(0, 3), st.integers(0, 2500)),
    is_heading=st.integers(0, 3).map(lambda x: x == 0),
    name_keys=st.frozensets(st.sampled_from(_NAMES), max_size=6),
    anchor_values=st.lists(st.sampled_from(_NUMBERS), max_size=6).map(Counter),
)


@needs_extension
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(_paragraph, min_size=1, max_size=60), st.lists(_paragraph, min_size=1, max_size=60),
       st.floats(0.2, 5.0))
def test_compiled_alignment_is_the_python_one_to_the_bit(a, b, ratio):
    with pytest.MonkeyPatch.context() as monkeypatch:
        compiled, python = _both(monkeypatch, align_module._align, a, b, ratio)
        assert compiled == python
        compiled, python = _both(monkeypatch, align_module.align, a, b)
        assert compiled == python


@needs_extension
def test_compiled_alignment_at_the_widest_band(monkeypatch):
    # 100 paragraphs either side of the diagonal (BAND_MAX), editions of
    # very different lengths, runs of headings and of empty paragraphs.
    rnd = random.Random(3)

    def edition(count: int) -> list[Para]:
        return [Para(rnd.choice([0, rnd.randint(1, 60), rnd.randint(50, 3000)]), rnd.random() < 0.05,
                     frozenset(rnd.sample(_NAMES, rnd.randint(0, 2))),
                     Counter(rnd.choices(_NUMBERS, k=rnd.randint(0, 3))))
                for _ in range(count)]

    for n, m in ((230, 125), (110, 215)):
        a, b = edition(n), edition(m)
        compiled, python = _both(monkeypatch, align_module._align, a, b, 1.08)
        assert compiled == python and len(compiled) >= max(n, m) // 3


@needs_extension
@settings(max_examples=1000, deadline=None)
@given(st.integers(0, 10**7), st.integers(0, 10**7), st.floats(0.05, 20.0))
def test_length_cost_is_pythons_to_the_bit(la, lb, ratio):
    kernel = _kernel()
    cost = align_module._length_cost(la, lb, ratio)
    assert kernel.length_cost(la, lb, ratio, align_module.VARIANCE, math.sqrt(2)).hex() == cost.hex()
    assert cost >= 0  # what lets the compiled programme skip steps that cannot win


@needs_extension
def test_real_editions_align_alike(monkeypatch):
    text = (ROOT / "samples" / "imcwp23-speech.txt").read_text(encoding="utf-8")
    pairs = [split_editions(Document(text))]
    folder = ROOT / "tests" / "data" / "parallel"
    editions = {p.name: edition_of(Document(p.read_text(encoding="utf-8"))) for p in sorted(folder.glob("*.txt"))}
    pairs += [(editions[x], editions[y]) for x in editions for y in editions if x != y]
    for a, b in pairs:
        compiled, python = _both(monkeypatch, align_module.align, a.paragraphs, b.paragraphs)
        assert compiled == python


@needs_extension
def test_bad_arrays_are_refused():
    kernel = _kernel()
    from array import array

    q = lambda *xs: array("q", xs)  # noqa: E731
    names, numbers = (q(0, 0), q()), (q(0, 0), q(), q())
    steps = [(1, 1, 0.1)]
    ok = (1, 1, q(0, 5), q(0, 5), b"\0", b"\0", q(0, 0), q(1, 1), names, names, numbers, numbers, steps,
          1.6, 12.0, 2.0, math.sqrt(2), 1.0)
    assert [(di, dj) for di, dj, _ in kernel.align_dp(*ok)] == [(1, 1)]
    with pytest.raises(ValueError):
        kernel.align_dp(*ok[:2], q(0), *ok[3:])  # a prefix array too short
    with pytest.raises(ValueError):
        kernel.align_dp(*ok[:8], (q(0, 2), q(5, 3)), *ok[9:])  # ids not ascending
    with pytest.raises(ValueError):
        kernel.align_dp(*ok[:12], [(4, 1, 0.1)], *ok[13:])  # a step of four paragraphs
    with pytest.raises(TypeError):
        kernel.align_dp(*ok[:10], names, *ok[11:])  # numbers without their counts


# ---- the fallback ---------------------------------------------------------------------

def _sample_beads():
    text = (ROOT / "samples" / "imcwp23-speech.txt").read_text(encoding="utf-8")
    a, b = split_editions(Document(text))
    return [x.kind for x in align_module.align(a.paragraphs, b.paragraphs)]


def test_a_build_of_another_version_is_ignored(monkeypatch):
    monkeypatch.setattr(speedups.EXTENSION, "version", speedups.VERSION + 1)
    monkeypatch.delenv(speedups.PURE_PYTHON_VARIABLE, raising=False)
    with afresh():
        assert speedups.compiled() is None and speedups.compiled_dp() is None and not speedups.available()
        assert _sample_beads().count("1-1") >= 19


def test_without_the_extension_the_python_programme_runs(monkeypatch):
    monkeypatch.setitem(sys.modules, "cleanup.parallel._align_dp", None)  # as if never built
    monkeypatch.delattr(cleanup.parallel, "_align_dp", raising=False)
    monkeypatch.delenv(speedups.PURE_PYTHON_VARIABLE, raising=False)
    with afresh():
        assert speedups.compiled() is None and speedups.compiled_dp() is None
        assert _sample_beads().count("1-1") >= 19


def test_an_extension_whose_arithmetic_differs_is_not_used(monkeypatch):
    # A libm whose erfc is not the one Python's math module calls would
    # tie costs differently: such a build is left alone.
    class Drifting:
        VERSION = speedups.VERSION

        @staticmethod
        def length_cost(la, lb, ratio, variance, sqrt2):
            exact = align_module._length_cost(la, lb, ratio)
            return math.nextafter(exact, math.inf) if la == 333 else exact

    monkeypatch.setitem(sys.modules, "cleanup.parallel._align_dp", Drifting)
    monkeypatch.setattr(cleanup.parallel, "_align_dp", Drifting, raising=False)
    assert speedups.EXTENSION.load() is Drifting  # (its other kernels do no arithmetic)
    assert speedups._load_dp() is None
    Drifting.length_cost = staticmethod(lambda la, lb, ratio, variance, sqrt2: align_module._length_cost(la, lb, ratio))
    assert speedups._load_dp() is Drifting


def test_pure_python_switch():
    code = "from cleanup.parallel import speedups; print(speedups.compiled() is None)"
    for value, expected in (("1", "True"), ("0", str(not speedups.available())), ("", str(not speedups.available()))):
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60,
                              env={**os.environ, speedups.PURE_PYTHON_VARIABLE: value})
        assert proc.stdout.strip() == expected, (value, proc.stderr)


def test_start_up_does_not_load_the_extension():
    proc = subprocess.run(
        [sys.executable, "-c", "import sys, cleanup.cli, cleanup.pipeline, cleanup.parallel.align;"
         "print('cleanup.parallel._align_dp' in sys.modules)"],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
    )
    assert proc.stdout.strip() == "False", proc.stderr


def test_a_build_without_a_compiler_still_succeeds(tmp_path):
    """setup.py's extensions are all optional: with a compiler that always
    fails (CC=false) build_ext warns, builds nothing, and succeeds; what is
    then installed runs the Python code (the tests above). (setup.py's own
    extension objects, built by the installed setuptools: pyproject.toml
    asks for a newer one, which only pip's isolated build fetches.)"""
    script = (
        "import runpy, setuptools\n"
        "captured = {}\n"
        "setuptools.setup = lambda **kwargs: captured.update(kwargs)\n"
        "runpy.run_path('setup.py', run_name='__main__')\n"
        "extensions = captured['ext_modules']\n"
        "print('EXTENSIONS', sorted(e.name for e in extensions), all(e.optional for e in extensions))\n"
        "dist = setuptools.Distribution({'name': 'x', 'ext_modules': extensions})\n"
        "cmd = dist.get_command_obj('build_ext')\n"
        f"cmd.build_lib, cmd.build_temp = {str(tmp_path / 'lib')!r}, {str(tmp_path / 'tmp')!r}\n"
        "dist.run_command('build_ext')\n"
        "print('BUILT')\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "CC": "false", "LDSHARED": "false"}, cwd=ROOT)
    assert proc.returncode == 0 and "BUILT" in proc.stdout, proc.stderr[-2000:]
    assert ("EXTENSIONS ['cleanup.grammar._scan', 'cleanup.parallel._align_dp', 'cleanup.spelling._speedups'] True"
            in proc.stdout)
    assert "failed" in proc.stderr.lower() or "error" in proc.stderr.lower(), proc.stderr[-2000:]
    assert not list(tmp_path.rglob("*.so")) and not list(tmp_path.rglob("*.pyd"))
