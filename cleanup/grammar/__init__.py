"""Russian grammar checks, one module per family of damage.

- :mod:`.morph` — tokens of a paragraph with pymorphy3 parses, inflection, and
  the edit cost that ranks inflected repairs;
- :mod:`.government` — closed-class tables: prepositions and their cases,
  paucal numerals, words with a fixed complement;
- :mod:`.nounphrase` — agreement inside a noun phrase and the case its
  governor requires (`международный солидарность`, `от других регионах`,
  `три условии`, `рабочих партии`);
- :mod:`.verbs` — infinitive required (`может быт`), -тся/-ться, verb agreeing with a subject pronoun;
- :mod:`.confusions` — real-word pairs decided by context (`ест`/`есть`, `ни`/`не` …);
- :mod:`.double` — two prepositions in a row (`в среди`);
- :mod:`.endings` — a case ending that made a non-word after a preposition (`в жизне`);
- :mod:`.english` — English `a`/`an`, checked against the lexicon.

The detector that runs them is :mod:`cleanup.detectors.grammar`.
"""
