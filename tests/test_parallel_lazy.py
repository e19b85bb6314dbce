"""The parallel and consistency detectors load and compile only what a
document needs: patterns on first use, the comparison's modules at the
first document with two languages."""

from __future__ import annotations

import subprocess
import sys


_IMPORTS_AFTER_CHECK = """
import sys
from cleanup.document import Document
from cleanup.options import Options
from cleanup.pipeline import Checker
checker = Checker(Options())
findings = checker.check(Document(sys.argv[1], "-"))
print(sorted(m for m in sys.modules if m.startswith("cleanup.parallel")))
"""


def _parallel_modules_after_checking(text: str) -> list[str]:
    out = subprocess.run([sys.executable, "-c", _IMPORTS_AFTER_CHECK, text],
                         capture_output=True, text=True, check=True, env=_env())
    return eval(out.stdout.strip().splitlines()[-1])


def _env():
    import os

    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    return env


def test_a_one_language_check_loads_no_comparison():
    loaded = _parallel_modules_after_checking("Сталин говорил в Москве. Потом Сталин уехал в Ленинград.\n")
    assert "cleanup.parallel.compare" not in loaded
    assert "cleanup.parallel.editions" not in loaded
    assert "cleanup.parallel.anchors" not in loaded


def test_a_bilingual_check_loads_the_comparison():
    text = ("Stalin spoke in Moscow in 1937. Then Stalin went to Leningrad.\n\n"
            "Сталин выступал в Москве в 1937 году. Потом Сталин уехал в Ленинград.\n")
    assert "cleanup.parallel.compare" in _parallel_modules_after_checking(text)


# ---- the compiled alnum count -------------------------------------------------

import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from cleanup.extensions import afresh  # noqa: E402
from cleanup.parallel import speedups  # noqa: E402
from cleanup.parallel.editions import alnum_count, alnum_count_in  # noqa: E402

_kernel = speedups.EXTENSION.load()
needs_kernel = pytest.mark.skipif(_kernel is None, reason="the _align_dp extension is not built")

_SAMPLES = ["", "abc", "ABC xyz 123", "a_b-c", "Сталин, СТАЛТН!", "ё Ё ǅ ² ½ ٣ 𝟙 𐍈 \u00a0é",
            "\x00\x7f\x80\xff", "«Чешме» — Cesme’s 23rd"]


@needs_kernel
@pytest.mark.parametrize("text", _SAMPLES)
def test_compiled_alnum_count_is_the_python_one(text):
    for start in range(-2, len(text) + 2):
        for end in range(-2, len(text) + 3):
            assert _kernel.alnum_count(text, start, end) == alnum_count(text[start:end]), (text, start, end)


@needs_kernel
def test_compiled_alnum_count_on_every_character_near_its_ranges():
    # The kernel tells ASCII and the Russian alphabet by ranges: each
    # character of and around them, alone and in texts of each kind.
    around = [*range(0x00, 0x100), *range(0x3F0, 0x470), 0x1E9E, 0x2160, 0xFF10, 0x1D7D9]
    for code in around:
        for text in (chr(code), "Ж" + chr(code), "\U0001d7d9" + chr(code)):
            assert _kernel.alnum_count(text, 0, len(text)) == alnum_count(text), hex(code)


@needs_kernel
@settings(max_examples=300, deadline=None)
@given(st.text(), st.integers(-5, 40), st.integers(-5, 40))
def test_compiled_alnum_count_on_any_text(text, start, end):
    assert _kernel.alnum_count(text, start, end) == alnum_count(text[start:end])
    assert alnum_count_in(text, start, end) == alnum_count(text[start:end])


def test_alnum_count_in_without_the_kernel():
    with afresh(pure_python=True):
        assert alnum_count_in("ab 12 Щ!", 1, 7) == alnum_count("b 12 Щ")
