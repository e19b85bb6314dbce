"""Parallel editions — an original and its translation — checked against each other.

- :mod:`.editions`: the editions inside one file (language blocks) or two files.
- :mod:`.anchors`: numbers, years, percentages, ordinals, Roman centuries.
- :mod:`.names`: proper names across scripts through transliteration (iuliia).
- :mod:`.align`: paragraph alignment (Gale–Church, helped by shared anchors).
- :mod:`.evidence`: are the aligned editions translations of each other, and how surely.
- :mod:`.gate`: can two editions be translations at all (told from their spans, before anything is aligned).
- :mod:`.compare`: anchor mismatches → ``style.parallel.*`` findings.
- :mod:`.pairing` and :mod:`.view`: file pairs by name, side-by-side display.
"""

# The rules' ids, here so that the detector's rule list needs none of the
# modules above (they are loaded when a document has two languages).
NUMBER_RULE = "style.parallel.number"
NAME_RULE = "style.parallel.name"
