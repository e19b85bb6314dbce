"""Modules a check does not need stay unloaded (each is millions of
instructions of every start): ``tempfile`` (only a table build, or an index
built into a temporary folder, writes there) and ``tomllib`` (the shipped
rule packs are read from their kept JSON; only an English text is checked
here: Russian grammar reads its verb table, a TOML file, kept parsed as
JSON) and ``hashlib`` (the tables' and rule packs' keys are kept digests, the
non-standard forms table's key a CRC-32)."""

from __future__ import annotations

import os
import subprocess
import sys

_LOADED_AFTER_CHECK = """
import sys
from cleanup.document import Document
from cleanup.options import Options
from cleanup.pipeline import Checker
Checker(Options()).check(Document(sys.argv[1], "-"))
from cleanup.grammar.government import verb_government
print(verb_government.cache_info().currsize)  # (1: the verb table was read)
print(sorted(m for m in sys.modules if m.split(".")[0] in ("tempfile", "tomllib", "hashlib")))
"""


def _loaded_after_checking(text: str) -> list[str]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    run = [sys.executable, "-c", _LOADED_AFTER_CHECK, text]
    subprocess.run(run, capture_output=True, text=True, check=True, env=env)  # (builds what is not built yet)
    out = subprocess.run(run, capture_output=True, text=True, check=True, env=env)
    *_, verbs_read, loaded = out.stdout.strip().splitlines()
    return eval(loaded), verbs_read == "1"


def test_a_check_loads_neither_tempfile_nor_tomllib_nor_hashlib():
    assert _loaded_after_checking("The hous is big , and teh door is open.\n\nIt was there.\n")[0] == []


def test_a_russian_check_loads_neither_tempfile_nor_tomllib_nor_hashlib():
    assert _loaded_after_checking("Москва болшой город .\n\nThe house is big.\n")[0] == []


def test_a_russian_check_that_reads_the_verb_table_loads_no_tomllib():
    loaded, verbs_read = _loaded_after_checking(
        "Партия всегда придерживался международная солидарности и добивался своей целью.\n")
    assert verbs_read  # (else this test shows nothing)
    assert loaded == []
