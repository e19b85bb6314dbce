"""The detector registry: one line per kind of damage.

Entries are ``"module:Class"`` strings so that a run imports only the
detectors it uses (spelling and grammar load large lexicons).
"""

from __future__ import annotations

import importlib

from .base import Detector, RuleDoc

REGISTRY: tuple[str, ...] = (
    "cleanup.detectors.rulepacks:RulePackDetector",
    "cleanup.detectors.mojibake:MojibakeDetector",
    "cleanup.detectors.spelling:SpellingDetector",
    "cleanup.detectors.nonstandard:NonstandardDetector",
    "cleanup.detectors.script:ScriptDetector",
    "cleanup.detectors.boundary:SplitWordDetector",
    "cleanup.detectors.runtogether:RunTogetherDetector",
    "cleanup.detectors.layout:LayoutDetector",
    "cleanup.detectors.parallel:ParallelDetector",
    "cleanup.detectors.consistency:ConsistencyDetector",
    "cleanup.detectors.grammar:GrammarDetector",
    "cleanup.detectors.languagetool:LanguageToolDetector",
)


def detector_classes() -> list[type[Detector]]:
    classes = []
    for entry in REGISTRY:
        module, _, name = entry.partition(":")
        classes.append(getattr(importlib.import_module(module), name))
    return classes


__all__ = ["Detector", "RuleDoc", "REGISTRY", "detector_classes"]
