"""``english_text``: the user says what the English is. ``auto`` (the
default) weighs a word inside a paragraph by the map fit on OCR'd old
books; ``typed`` says a person typed it, so a lower-case English word there
is weighed as a typist's slip (the isolated word's typing slopes) and plain
typos reach the safe tier. Names, ALL CAPS and Russian keep their treatment."""

from __future__ import annotations

import pytest

from cleanup import config as cfg
from cleanup import resultcache
from cleanup.batch import BatchConfig
from cleanup.model import SAFE_THRESHOLD, UNSAFE_THRESHOLD
from cleanup.options import Options
from cleanup.pipeline import check_text, fix_text

LETTER = "I recieved your letter yesterday and I am very greatful for it.\n"
MIXED = ("Yesterday the commitee met with Dr Smiht and the STALTN delegation, and the chairman "
         "recieved the report.\n\nПрезидент подписал закон о бюджетте на следующий год, и министр "
         "финансов рассказал о нём.\n")
TYPED = Options(english_text="typed")


def _first(findings, word: str) -> float:
    (f,) = [f for f in findings if f.text == word]
    return f.suggestions[0].confidence


def test_typed_trusts_a_plain_typo_and_fix_applies_it():
    findings = check_text(LETTER, TYPED)
    assert [s.text for s in next(f for f in findings if f.text == "recieved").suggestions][0] == "received"
    assert _first(findings, "recieved") >= SAFE_THRESHOLD
    assert "I received your letter" in fix_text(LETTER, TYPED)


def test_auto_is_the_default_and_keeps_the_ocr_judgement():
    assert Options().english_text == "auto"
    assert _first(check_text(LETTER), "recieved") < UNSAFE_THRESHOLD
    assert fix_text(LETTER) == LETTER
    assert check_text(LETTER, Options(english_text="auto")) == check_text(LETTER)


def test_typed_leaves_names_all_caps_and_russian_as_they_are():
    auto, typed = check_text(MIXED), check_text(MIXED, TYPED)
    assert _first(typed, "commitee") >= SAFE_THRESHOLD > _first(auto, "commitee")
    # Only the lower-case English words move; everything else is the same finding.
    assert [f for f in typed if not (f.rule.startswith("spelling.en") and f.text.islower())] == \
           [f for f in auto if not (f.rule.startswith("spelling.en") and f.text.islower())]
    assert {"Smiht", "STALTN", "бюджетте"} <= {f.text for f in typed}


def test_a_bad_value_is_refused():
    with pytest.raises(ValueError, match="english_text must be one of auto, typed"):
        Options(english_text="modern")


def test_config_key_both_spellings(tmp_path):
    for line in ('english-text = "typed"', 'english_text = "typed"'):
        (tmp_path / ".cleanup.toml").write_text(line + "\n", encoding="utf-8")
        assert cfg.options(cfg.load(start=tmp_path)).english_text == "typed"
    # The command line wins over the config.
    assert cfg.options(cfg.load(start=tmp_path), english_text="auto").english_text == "auto"
    (tmp_path / ".cleanup.toml").write_text("", encoding="utf-8")
    assert cfg.options(cfg.load(start=tmp_path)).english_text == "auto"


@pytest.mark.parametrize("value", ['"modern"', "3", '["typed"]'])
def test_config_bad_value_is_one_line_naming_the_key(tmp_path, value):
    (tmp_path / ".cleanup.toml").write_text(f"english-text = {value}\n", encoding="utf-8")
    with pytest.raises(cfg.ConfigError, match=r"\.cleanup\.toml: english-text must be one of auto, typed, not "):
        cfg.load(start=tmp_path)


def test_cli_flag_and_config(tmp_path, run_cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CLEANUP_NO_CACHE", "1")
    (tmp_path / ".git").mkdir()  # the project root: no config above it is read
    path = tmp_path / "letter.txt"
    path.write_text(LETTER, encoding="utf-8")
    code, out, _ = run_cli("check", "letter.txt")
    assert code == 0 and "(0.12, display)" in out  # default: displayed, exit 0
    code, out, _ = run_cli("check", "--english-text", "typed", "letter.txt")
    assert code == 1 and '"recieved" → "received"' in out and "safe)" in out
    (tmp_path / ".cleanup.toml").write_text('english-text = "typed"\n', encoding="utf-8")
    code, out, _ = run_cli("fix", "--stdout", "letter.txt")
    assert code == 1 and out.startswith("I received your letter")
    code, out, _ = run_cli("fix", "--stdout", "--english-text", "auto", "letter.txt")
    assert code == 0 and out == LETTER  # the flag wins over the config


def test_cli_bad_values_exit_2_without_a_traceback(tmp_path, run_cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    (tmp_path / "letter.txt").write_text(LETTER, encoding="utf-8")
    code, out, err = run_cli("check", "--english-text", "modern", "letter.txt")
    assert code == 2 and "--english-text" in err and "'modern'" in err and "Traceback" not in out + err
    (tmp_path / ".cleanup.toml").write_text('english-text = "modern"\n', encoding="utf-8")
    code, out, err = run_cli("fix", "letter.txt")
    assert code == 2 and "Traceback" not in out + err
    assert err.strip().count("\n") == 0 and "english-text must be one of auto, typed, not 'modern'" in err


def test_review_takes_the_flag(tmp_path, run_cli):
    (tmp_path / "letter.txt").write_text(LETTER, encoding="utf-8")
    code, _, err = run_cli("review", "--english-text", "typed", str(tmp_path / "letter.txt"))
    assert code == 2 and "needs a terminal" in err  # parsed; refused only for want of a terminal


def test_the_setting_is_part_of_the_result_cache_key(tmp_path, monkeypatch, run_cli):
    monkeypatch.delenv("CLEANUP_NO_CACHE", raising=False)
    monkeypatch.setenv("CLEANUP_CACHE_DIR", str(tmp_path / "cache"))
    base = BatchConfig(mode="check", options=Options())
    typed = BatchConfig(mode="check", options=TYPED)  # (base with the other options)
    assert resultcache.key(base, "a.txt", b"x") != resultcache.key(typed, "a.txt", b"x")
    # And end to end: a kept `auto` report is never served for `typed`.
    path = tmp_path / "letter.txt"
    path.write_text(LETTER, encoding="utf-8")
    _, auto_out, _ = run_cli("check", str(path))
    _, typed_out, _ = run_cli("check", "--english-text", "typed", str(path))
    _, again, _ = run_cli("check", str(path))
    assert "display)" in auto_out and "(0.98, safe)" in typed_out and again == auto_out
