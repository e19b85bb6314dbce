"""Config and BatchConfig, plain classes now (a dataclass costs an exec at
every start): the same fields, defaults, equality and pickling as the
frozen dataclasses they were."""

from __future__ import annotations

import pickle
from pathlib import Path

from cleanup.batch import CHUNK_CHARS, LARGE_FILE, BatchConfig
from cleanup.config import Config
from cleanup.options import Options


def test_config_defaults_and_fields_in_order():
    c = Config(root=Path("/p"))
    assert c._fields() == (Path("/p"), None, None, None, (), None, None, None, None, (), (), True, (), None)
    assert Config._FIELD_NAMES[:3] == ("root", "source", "lang")
    positional = Config(Path("/p"), Path("/p/.cleanup.toml"), "ru")
    assert positional.source == Path("/p/.cleanup.toml") and positional.lang == "ru"
    assert positional.dictionary_path == Path("/p") / ".cleanup" / "dictionary.txt"


def test_config_compares_by_value():
    assert Config(root=Path("/p"), lang="ru") == Config(root=Path("/p"), lang="ru")
    assert Config(root=Path("/p"), lang="ru") != Config(root=Path("/p"), lang="en")
    assert len({Config(root=Path("/p")), Config(root=Path("/p"))}) == 1
    assert repr(Config(root=Path("/p"))).startswith("Config(root=PosixPath('/p'), source=None, lang=None,")


def test_batch_config_defaults_are_fresh_per_instance():
    a, b = BatchConfig(), BatchConfig()
    assert (a.mode, a.report, a.colour, a.min_confidence, a.encoding, a.follow_symlinks, a.cache) == (
        "check", "text", False, 0.0, None, False, True)
    assert (a.chunk_chars, a.large_file) == (CHUNK_CHARS, LARGE_FILE)
    assert a.options == Options() and a.extra_findings == {} and a.extra_findings is not b.extra_findings
    assert a == b


def test_batch_config_pickles_for_the_workers():
    cfg = BatchConfig(mode="fix", options=Options(lang="ru"), extra_findings={"a.txt": []}, cache=False)
    back = pickle.loads(pickle.dumps(cfg))
    assert back == cfg and back._fields() == cfg._fields() and back is not cfg
    assert back != BatchConfig(mode="fix", options=Options(lang="ru"), extra_findings={"a.txt": []})
