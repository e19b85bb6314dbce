"""What a detector is: something that reads a Context and yields Findings.

Detectors never change the text and never see each other's results. Each
declares the rules it can emit (:class:`RuleDoc`), so that ``cleanup rules``
can list them and a run can skip a detector whose rules are all ignored —
which also keeps its heavy resources (lexicons, morphology) unloaded.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from ..model import Finding, Tier
from ..options import Context, Options


@dataclass(frozen=True, slots=True)
class RuleDoc:
    id: str
    message: str
    example: str = ""  # "bad → good", shown by `cleanup rules`
    lang: str | None = None
    max_tier: Tier = Tier.SAFE
    opt_in: bool = False


class Detector:
    """Base class. Subclasses set ``RULES`` and implement :meth:`detect`."""

    RULES: ClassVar[tuple[RuleDoc, ...]] = ()

    def __init__(self, options: Options) -> None:
        self.options = options

    def rules(self) -> tuple[RuleDoc, ...]:
        return self.RULES

    def detect(self, ctx: Context) -> Iterable[Finding]:  # pragma: no cover - interface
        raise NotImplementedError
