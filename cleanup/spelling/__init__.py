"""Spelling: lexicon index, error model, candidates and calibrated confidence.

- :mod:`.index` — the on-disk index (frequencies, candidate vocabularies,
  symmetric-delete lookup) built once from installed packages and cached.
- :mod:`.errormodel` — what a typo costs: keyboard neighbours, OCR
  confusions, doubled letters, е/ё.
- :mod:`.candidates` — suggestions for one word, ranked, with features.
- :mod:`.calibration` — features → probability that the first suggestion
  is right (fit on the dev sets by ``bench/fit_spelling.py``).
"""
