"""Output: findings as text or JSON, cleaned editions as diffs."""
