"""Mojibake detector on the dev sets: silence on correct text, repairs of
synthetic damage.

Correct text: every dev `target` (and `source`: their damage is typing and
OCR, not encoding) must give no `encoding.*` finding. Damage: each dev
sentence pushed through one wrong code page the way real files get it
(UTF-8 bytes read as cp1251, Latin-1, KOI8-R; cp1251 bytes read as KOI8-R
and the other way round; cp1251 read as Latin-1); the detector should
propose exactly the original sentence back. Reports per rule: how many
sentences got a finding, how many repairs were exact, by confidence band.

    .venv/bin/python bench/mojibake.py [--limit N]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path

from cleanup import Options, check_text, fix_text

from scoring import DATA as DEV  # noqa: E402  (the one place that finds the dev sets)

DAMAGE = {  # rule it should trigger: (encode the correct text as, read it as)
    "encoding.utf8_as_cp1251": ("utf-8", "cp1251"),
    "encoding.utf8_as_latin1": ("utf-8", "cp1252"),
    "encoding.utf8_as_koi8r": ("utf-8", "koi8-r"),
    "encoding.koi8r_as_cp1251": ("koi8-r", "cp1251"),
    "encoding.cp1251_as_koi8r": ("cp1251", "koi8-r"),
    "encoding.cp1251_as_latin1": ("cp1251", "cp1252"),
}


def sentences(limit: int):
    for name in ("gera_dev", "ruspellru_train", "icdar2017_en_dev"):
        with open(DEV / f"{name}.jsonl", encoding="utf-8") as fh:
            for i, line in enumerate(fh):
                if i >= limit:
                    break
                item = json.loads(line)
                yield name, item["lang"], item["source"], item["target"]


def _right(f, rule: str, target: str) -> bool:
    """Is the suggestion the original text? 8-bit swaps keep positions (one
    character for one), so the original span is known exactly; for UTF-8
    damage the suggestion must at least occur in the original."""
    if f.rule != rule:
        return False
    if DAMAGE[rule][0] != "utf-8":
        return target[f.start : f.end] == f.best.text
    return f.best.text in target


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=300, help="sentences per dev set")
    args = ap.parse_args()
    opts = Options(select=("encoding",))
    false_alarms, clean_texts = 0, 0
    tried: Counter = Counter()
    flagged: Counter = Counter()
    exact: Counter = Counter()
    bands: dict[str, Counter] = defaultdict(Counter)  # confidence band -> right/total
    for name, lang, source, target in sentences(args.limit):
        for text in (source, target):
            clean_texts += 1
            false_alarms += len(check_text(text, opts))
        for rule, (enc, dec) in DAMAGE.items():
            try:
                damaged = target.encode(enc).decode(dec)
            except UnicodeError:
                continue  # this text cannot be damaged this way (e.g. Latin text into KOI8-R)
            if damaged == target:
                continue
            tried[rule] += 1
            findings = check_text(damaged, opts)
            if findings:
                flagged[rule] += 1
            repaired = fix_text(damaged, Options(select=("encoding",), min_confidence=0.5))
            exact[rule] += repaired == target
            for f in findings:
                band = f"{int(f.confidence * 10) / 10:.1f}"
                bands[band]["total"] += 1
                bands[band]["right"] += _right(f, rule, target)
    print(f"correct texts: {clean_texts}, encoding findings on them: {false_alarms}")
    print(f"{'rule':28} {'damaged':>8} {'flagged':>8} {'exact repair':>13}")
    for rule in DAMAGE:
        print(f"{rule:28} {tried[rule]:8} {flagged[rule]:8} {exact[rule]:13}")
    print("confidence band: findings, share whose suggestion is the original text")
    for band in sorted(bands):
        b = bands[band]
        print(f"  {band}: {b['total']}, {b['right'] / b['total']:.2f}")


if __name__ == "__main__":
    main()
