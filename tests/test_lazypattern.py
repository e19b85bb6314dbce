"""LazyPattern: the same matches as the compiled pattern, compiled only when used."""

import re
import subprocess
import sys

import regex

from cleanup.lazypattern import LazyPattern


def test_lazy_pattern_matches_as_the_compiled_one():
    source = r"[\p{L}\p{N}]+|\[/[vV]erbatim\]"
    lazy, compiled = LazyPattern(regex.compile, source), regex.compile(source)
    for text in ["", "a b", "слово, 42 [/verbatim] x", "  \n\r\n ё"]:
        assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in compiled.finditer(text)]
        found, expected = lazy.search(text, 1), compiled.search(text, 1)
        assert (found and found.span()) == (expected and expected.span())
    assert lazy.pattern == source


def test_lazy_pattern_compiles_at_first_use_only():
    lazy = LazyPattern(regex.compile, r"x+")
    assert "_compiled" not in vars(lazy)
    assert lazy.match("xx").end() == 2
    assert "_compiled" in vars(lazy)


def test_starting_compiles_none_of_the_rare_patterns():
    # The patterns only some texts need stay uncompiled through an import of the package.
    code = ("import cleanup, cleanup.suppress as s, cleanup.decisions as d; "
            "print(['_compiled' not in vars(p) for p in (s.BLOCK_END, s._WORD_BEFORE, s._BLANK_LINE, d._CONTEXT_TOKEN)])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[True, True, True, True]"


def test_lazy_pattern_compiles_once_on_first_use():
    calls = []

    def counting_compile(source, flags):
        calls.append((source, flags))
        return regex.compile(source, flags)

    lazy = LazyPattern(counting_compile, r"(\p{Lu}\w+)'s", regex.IGNORECASE)
    assert lazy.source == r"(\p{Lu}\w+)'s" and not calls
    text = "STALIN's and Lenin's"
    compiled = regex.compile(lazy.source, regex.IGNORECASE)
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in compiled.finditer(text)]
    assert lazy.sub("", text) == compiled.sub("", text)
    assert lazy.split(text) == compiled.split(text)
    assert lazy.search(text, 5).span() == compiled.search(text, 5).span()
    assert lazy.pattern == compiled.pattern and lazy.flags == compiled.flags
    assert calls == [(r"(\p{Lu}\w+)'s", regex.IGNORECASE)]


def test_lazy_pattern_with_the_standard_re():
    lazy = LazyPattern(re.compile, r"[ёЁ]")
    assert list(filter(lazy.search, ["ещё", "еще", "Ёж"])) == ["ещё", "Ёж"]


def test_lazy_pattern_is_not_compiled_by_probes():
    def failing_compile(source, flags):
        raise AssertionError("compiled")

    lazy = LazyPattern(failing_compile, "x")
    assert "x" in repr(lazy)
    assert not hasattr(lazy, "__length_hint__")
