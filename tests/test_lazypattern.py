"""LazyPattern: the same matches as the compiled pattern, compiled only when used."""

import subprocess
import sys

import regex

from cleanup.lazypattern import LazyPattern


def test_lazy_pattern_matches_as_the_compiled_one():
    source = r"[\p{L}\p{N}]+|\[/[vV]erbatim\]"
    lazy, compiled = LazyPattern(source), regex.compile(source)
    for text in ["", "a b", "слово, 42 [/verbatim] x", "  \n\r\n ё"]:
        assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in compiled.finditer(text)]
        found, expected = lazy.search(text, 1), compiled.search(text, 1)
        assert (found and found.span()) == (expected and expected.span())
    assert lazy.pattern == source


def test_lazy_pattern_compiles_at_first_use_only():
    lazy = LazyPattern(r"x+")
    assert lazy._compiled is None
    assert lazy.match("xx").end() == 2
    assert lazy._compiled is not None


def test_starting_compiles_none_of_the_rare_patterns():
    # The patterns only some texts need stay uncompiled through an import of the package.
    code = ("import cleanup, cleanup.suppress as s, cleanup.decisions as d; "
            "print([p._compiled is None for p in (s.BLOCK_END, s._WORD_BEFORE, s._BLANK_LINE, d._CONTEXT_TOKEN)])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[True, True, True, True]"
