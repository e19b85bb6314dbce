"""Finding.tier (asked of every finding by resolve, the report and `fix`):
the best suggestion's Tier.from_confidence, capped at max_tier."""

from __future__ import annotations

from cleanup.model import SAFE_THRESHOLD, UNSAFE_THRESHOLD, Finding, Suggestion, Tier

CONFIDENCES = [0.0, 0.1, UNSAFE_THRESHOLD - 1e-12, UNSAFE_THRESHOLD, 0.7, SAFE_THRESHOLD - 1e-12, SAFE_THRESHOLD,
               0.95, 1.0]


def test_tier_is_the_best_suggestions_capped_at_max_tier():
    for confidence in CONFIDENCES:
        for cap in Tier:
            f = Finding("spelling.x", "m", 0, 1, "a", (Suggestion("b", confidence),), max_tier=cap)
            assert f.tier is min(Tier.from_confidence(confidence), cap)
            bare = Finding("spelling.x", "m", 0, 1, "a", (), detection_confidence=confidence, max_tier=cap)
            assert bare.tier is Tier.DISPLAY
    assert [Tier.from_confidence(c) for c in (0.49, 0.5, 0.89, 0.9)] == [Tier.DISPLAY, Tier.UNSAFE, Tier.UNSAFE,
                                                                          Tier.SAFE]
