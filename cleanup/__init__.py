"""cleanup — find and fix typing and OCR damage in Russian and English transcripts.

Library API (pure, picklable, side-effect free)::

    from cleanup import check_text, fix_text, Options
    findings = check_text("Dear  comrades !")
    cleaned = fix_text("Dear  comrades !")
"""

__version__ = "0.1.0"

from .gcpause import collector_paused  # noqa: E402

with collector_paused():  # (an import's objects are no garbage: see gcpause)
    from .model import Edit, Finding, Suggestion, Tier  # noqa: E402
    from .options import Options  # noqa: E402
    from .pipeline import Checker, check_text, fix_text  # noqa: E402

__all__ = [
    "Checker", "Edit", "Finding", "Options", "Suggestion", "Tier", "check_text", "fix_text",
    "__version__",
]
