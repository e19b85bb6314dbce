"""What a neighbouring word tells the spelling context (cleanup.spelling.context).

A neighbour is evidence of a kind — a noun, an adjective, a finite verb, a
likely subject — when its readings of that kind carry nearly all its
probability. These tests are worked out here, apart from the context step,
because the grammar checks' form table (cleanup.grammar.formtable) keeps
their answers, as bits, for its commonest forms: the table lists this
module among the sources it is rebuilt from, so only an edit of these
rules rebuilds it, not an edit of the context step or its parameters.
"""

from __future__ import annotations


def readings(word: str):
    """scan.raw (the grammar checks' light per-form memo of a word's
    readings), imported when first needed (the grammar modules are imported
    at the grammar checks' first use; a run without close Russian candidates
    needs none of them here)."""
    global readings
    from ..grammar.scan import raw

    readings = raw
    return raw(word)


ADJECTIVE = frozenset(("ADJF", "PRTF"))  # the parts of speech read as an adjective

# A neighbour is taken for a noun (an adjective, a verb) when its readings of
# that kind carry this much of pymorphy3's probability: день is a noun, for
# all its imperative of деть.
DOMINANT = 0.9


def dominant(word: str, kinds) -> tuple:
    """The (tag, score) of ``word``'s readings of the parts of speech
    ``kinds``, likeliest first (morph.parses' order), when they are nearly
    all of its probability, else none: no clear evidence."""
    r = readings(word)
    if r is None:
        return ()
    facts = r.facts
    if not any(f.tag.POS in kinds for f in facts):
        return ()  # (no reading of the kind: its probabilities are not needed)
    scores, order = r.scored()
    mine = tuple((facts[i].tag, scores[i]) for i in order if facts[i].tag.POS in kinds)
    # Summed in morph.parses' order, so that the sum is the same to the last bit.
    if sum(score for _, score in mine) < DOMINANT:
        return ()
    return mine


def finite_of(verbs: tuple) -> tuple:
    """The indicative tags of a word's dominant verb readings ((tag, score) pairs)."""
    return tuple(tag for tag, _ in verbs if "indc" in tag.grammemes)


def subjects(nouns: tuple) -> tuple:
    """The nominative tags of a word's dominant noun readings ((tag, score)
    pairs) when it is likely a subject (they carry half its probability),
    else none: an object stands before its verb as often."""
    nominative = [(tag, score) for tag, score in nouns if tag.case == "nomn"]
    if not nominative or sum(score for _, score in nominative) < 0.5:
        return ()
    return tuple(tag for tag, _ in nominative)


# A neighbour is read by several relations, for each close word beside it:
# its evidence is worked out once per form. Whether each test finds any is
# kept, as these bits, for the commonest forms in the grammar checks' table
# (built once): there a neighbour without evidence of a kind costs a table
# look-up, not a reading of its dictionary entries and their probabilities
# (most neighbours are common words, most of them without; a new form's
# reading costs ~75 k instructions).
NOUNS = 1  # dominant noun readings
ADJECTIVES = 2  # dominant adjective readings
FINITE = 4  # dominant verb readings, some indicative
SUBJECT = 8  # dominant noun readings, likely a subject


def evidence_bits(word: str) -> int:
    """Which kinds of evidence ``word`` gives as a neighbour (the bits
    above), worked out from its readings: what the table keeps."""
    bits = 0
    nouns = dominant(word, ("NOUN",))
    if nouns:
        bits |= NOUNS
        if subjects(nouns):
            bits |= SUBJECT
    if dominant(word, ADJECTIVE):
        bits |= ADJECTIVES
    if finite_of(dominant(word, ("VERB",))):
        bits |= FINITE
    return bits
