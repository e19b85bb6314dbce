"""rapidfuzz (~30 M instructions of imports, 4 % of a start) is imported only
when a questioned word needs its edit operations or its search: a check of
known words never loads it, and the lazily bound name gives rapidfuzz's
answers, then is rapidfuzz's own function."""

from __future__ import annotations

import os
import subprocess
import sys

from rapidfuzz.distance.Levenshtein import editops

_LOADED_AFTER_CHECK = """
import sys
from cleanup.document import Document
from cleanup.options import Options
from cleanup.pipeline import Checker
Checker(Options()).check(Document(sys.argv[1], "-"))
print(sorted(m for m in sys.modules if m.split(".")[0] == "rapidfuzz"))
"""


def _rapidfuzz_modules_after_checking(text: str) -> list[str]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    out = subprocess.run([sys.executable, "-c", _LOADED_AFTER_CHECK, text],
                         capture_output=True, text=True, check=True, env=env)
    return eval(out.stdout.strip().splitlines()[-1])


def test_a_check_of_known_words_never_imports_rapidfuzz():
    assert _rapidfuzz_modules_after_checking("Москва большой город.\n\nThe house is big.\n") == []


def test_the_lazy_editops_is_rapidfuzz_s():
    from cleanup.spelling import errormodel

    for a, b in (("", ""), ("кот", "код"), ("teh", "the"), ("abc", ""), ("", "xyz"), ("молоко", "малако")):
        assert errormodel.editops(a, b).as_list() == editops(a, b).as_list()
    assert errormodel.editops is editops  # (bound to rapidfuzz's own after the first call)
