"""The grammar detector's fast paths give exactly what the slow ones give.

The gate (cleanup/grammar/scan.py) skips runs and phrases it proves right,
from per-form facts read straight from pymorphy3's dictionary or from the
table of common forms (cleanup/grammar/formtable.py). Each of those facts
has a slow twin — the checks' own per-form functions — and the gated
detector has an ungated twin that runs every check over whole paragraphs:
here they are compared on the sample, the test sentences, and text with
endings broken on purpose (so that there is something to find)."""

from __future__ import annotations

import random

import pytest
import regex

from cleanup.detectors.grammar import _russian, _russian_ungated
from cleanup.grammar import formtable, nounphrase, scan, verbs
from cleanup.grammar.government import THANKS_LEMMAS, WITH_INSTRUMENTAL_LEMMAS
from cleanup.grammar.morph import Tok, _python_edit_cost, _table_cost, edit_cost, tokenize
from cleanup.segments import paragraphs
from cleanup.spelling import neighbour_evidence

from test_grammar import NEGATIVE, POSITIVE

_ENDINGS = ("ой", "ая", "ую", "ый", "ие", "ых", "ом", "ам", "ах", "ами", "а", "у", "е", "и", "ы", "ого", "ему", "ей")


def _broken(text: str, rng: random.Random, share: float = 0.15) -> str:
    """Text with the endings of some Russian words swapped for other case endings."""
    out = []
    for word in text.split(" "):
        if len(word) > 4 and word.isalpha() and "а" <= word[-1].lower() <= "я" and rng.random() < share:
            cut = 2 if word[-2:] in _ENDINGS else 1
            word = word[:-cut] + rng.choice(_ENDINGS)
        out.append(word)
    return " ".join(out)


def _texts() -> list[str]:
    from conftest import SAMPLE

    sample = SAMPLE.read_text(encoding="utf-8")
    sentences = [t for _, t, _ in POSITIVE] + list(NEGATIVE)
    rng = random.Random(7)
    broken = [_broken(s, rng, 0.3) for s in sentences for _ in range(3)]
    broken += [_broken(p, rng) for p in sample.split("\n\n") for _ in range(2)]
    return [sample, "\n\n".join(sentences), *broken]


def _comparable(hit):
    if isinstance(hit, tuple):
        return hit
    return (hit.rule, [(t.start, t.end, f) for t, f in hit.changes], hit.cost, hit.margin,
            [[(t.start, f) for t, f in alt] for alt in hit.alternatives], hit.respelled)


def test_gated_checks_find_what_the_ungated_ones_find():
    found = 0
    for text in _texts():
        for para in paragraphs(text):
            if para.lang != "ru":
                continue
            gated = [_comparable(h) for h in _russian(text, para.start, para.end)]
            full = [_comparable(h) for h in _russian_ungated(text, para.start, para.end)]
            assert gated == full, text[para.start : para.end]
            found += len(full)
    assert found >= 40  # the broken endings gave the checks plenty to find


def _forms() -> list[str]:
    forms = set()
    for text in _texts()[:2]:
        for para in paragraphs(text):
            forms.update(t.lower for t in tokenize(text, para.start, para.end))
    # Words the fast paths treat specially: pronoun adjectives, words of thanks, один, names.
    forms.update("которого какая чьих каковы благодарен признательны спасибо одному одних "
                 "петрова маминой его её их всего будет могу хотелось связанной связь бороться "
                 "какой-то какие-то чьей-то котором-то как-то какова".split())
    return sorted(forms)


def test_form_facts_read_from_the_dictionary_are_the_checks_own():
    for form in _forms():
        tok = scan.form_tok(form)
        assert scan.compute_flags(form) == scan.flags_slow(tok), form
        assert scan.compute_noun_slots(form) == scan.noun_slots_slow(tok), form
        for loose in (False, True):
            assert scan.tagset_slots(scan.adjective_tags(form), loose) == scan.mod_slots_slow(tok, loose), form
        assert scan._governs_infinitive_raw(form) == verbs._governs_infinitive(tok), form
        assert scan._lemma_in(form, WITH_INSTRUMENTAL_LEMMAS) == nounphrase._takes_with_instrumental(tok), form


def test_the_table_is_rebuilt_from_the_neighbour_evidence_not_the_context_step():
    """The table keeps neighbour_evidence's bits, so an edit of that module
    must rebuild it; the context step only reads them, and an edit of it (or
    of its fitted parameters) must not cost a rebuild of 23 MB."""
    assert "spelling/neighbour_evidence.py" in formtable._SOURCES
    assert "spelling/context.py" not in formtable._SOURCES


def test_the_table_of_common_forms_holds_the_worked_out_facts():
    table = formtable.table()
    assert table is not None
    held = [f for f in _forms() if table.record(f) is not None]
    assert len(held) > 300
    for form in held:
        flags = scan.compute_flags(form)
        assert table.get(form) == flags, form
        assert table.evidence(form) == neighbour_evidence.evidence_bits(form), form
        if flags & scan.NOUN_LIKE:
            assert table.noun_slots(form) == scan.compute_noun_slots(form), form
        if flags & scan.ADJ_LIKE:
            assert table.adjective_tags(form) == scan.adjective_tags(form), form
            for loose in (False, True):
                assert table.mod_slots(form, loose) == scan.tagset_slots(scan.adjective_tags(form), loose), form


def test_the_tables_flags_leave_the_slots_the_gate_would_look_up():
    """Table.learn hands each held form's flags and spelling bits, fills the
    slot caches with what noun_slots and mod_slots (strict) would find for
    the forms it holds, and returns the rest."""
    table = formtable.table()
    forms = _forms() + ["ззз", "qwerty"]
    out, nouns, mods = {}, {}, {}
    rest = table.learn(forms, scan._SPELLING, out, nouns, mods)
    held = [f for f in forms if table.record(f) is not None]
    assert rest == [f for f in forms if table.record(f) is None] and "qwerty" in rest
    assert out == {f: table.get(f) | scan.spelling_bits(f) for f in held}
    assert set(nouns) == {f for f in held if table.get(f) & scan.NOUN_LIKE}
    assert set(mods) == {(f, False) for f in held if table.get(f) & scan.ADJ_LIKE}
    assert len(nouns) > 100 and len(mods) > 50
    for form, mask in nouns.items():
        assert mask == scan.compute_noun_slots(form), form
    for (form, _), mask in mods.items():
        assert mask == scan.tagset_slots(scan.adjective_tags(form), False), form


def test_an_adjective_tags_fits_are_shared_only_with_tags_that_fit_alike():
    """_TagFacts.fits answers from the tags that agree in what _mod_fits
    reads: for every adjective and participle tag of the dictionary that is
    the tag's own answer (a key that left something out would fail here)."""
    scan._dictionary()
    adjectives = [scan._tag_facts(i) for i in range(len(scan._TAG_FACTS))]
    adjectives = [f for f in adjectives if f.bits & scan._T_ADJ]
    assert len(adjectives) > 500
    for facts in adjectives:
        for loose in (False, True):
            assert facts.fits(loose) == facts._fits_of(loose), (facts.text, loose)
    assert len(scan._FITS) < len(adjectives)


def test_match_case_gives_a_lower_case_original_what_its_letter_rule_gives():
    """match_case hands back the replacement itself when the original is
    lower case (str.islower), without looking at its letters: the same
    answer as the letter-by-letter rule (UPPER, Title, else as it is)."""
    from cleanup.rulepack import match_case

    def by_letters(original: str, replacement: str) -> str:
        letters = [c for c in original if c.isalpha()]
        if len(letters) > 1 and all(c.isupper() for c in letters):
            return replacement.upper()
        if letters and letters[0].isupper():
            return replacement[:1].upper() + replacement[1:]
        return replacement

    rng = random.Random(11)
    chars = "абвгДЖЯёЁaZz-'1 ⓐⒶǅǆσΣß\u0301"
    samples = ["".join(rng.choice(chars) for _ in range(rng.randint(0, 6))) for _ in range(20000)]
    lower = [s for s in samples if s.islower()]
    assert len(lower) > 1000 and len(lower) < len(samples)
    for like in samples:
        for word in ("слово", "Слово", "ёлка"):
            assert match_case(like, word) == by_letters(like, word), like


def _hash_table_folder(tmp_path, forms: list[str], facts: list[tuple[int, int, int, int]]):
    (tmp_path / "forms.hash").write_bytes(formtable.hash_table(forms, facts))
    (tmp_path / "masks.bin").write_bytes(bytes(8))  # no masks
    (tmp_path / "sets.json").write_text('{"mod_tagsets": []}', encoding="utf-8")
    return formtable.Table(tmp_path)


def test_the_hash_table_finds_exactly_its_forms(tmp_path):
    """Every form put in the table comes back with its own facts, through
    the collisions of a full table; any other string (a prefix, a longer
    word, a form too long for a record) is not held."""
    rng = random.Random(7)
    letters = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяabcz-'"
    forms = list(dict.fromkeys("".join(rng.choice(letters) for _ in range(rng.randint(1, 12))) for _ in range(3000)))
    forms.append("я" * 200)  # 400 bytes of UTF-8: more than a record's length byte says
    facts = [(rng.randrange(256), rng.choice([formtable.NONE, rng.randrange(600)]),
              rng.choice([formtable.NONE, rng.randrange(1200)]), rng.randrange(256)) for _ in forms]
    table = _hash_table_folder(tmp_path, forms, facts)
    for form, fact in zip(forms[:-1], facts):
        assert table.record(form) == fact, form
        assert table.get(form) == fact[0]
        assert table.evidence(form) == fact[3]
    assert table.record(forms[-1]) is None
    held = set(forms[:-1])
    others = [f + "ж" for f in forms] + [f[:-1] for f in forms] + ["", "ЖЖЖ", "\U0001f600"]
    assert all(table.record(f) is None for f in others if f not in held)


def _lexeme(lemma: str) -> set[str]:
    from cleanup import lexicon

    return {f.word for p in lexicon.morph().parse(lemma) if p.normal_form == lemma for f in p.lexeme}


@pytest.mark.parametrize(
    "lemmas, holds",
    [
        (nounphrase._NOT_MODIFIERS, lambda w: w.startswith(scan._NOT_MODIFIER_STARTS)),
        (THANKS_LEMMAS, lambda w: any(stem in w for stem in scan._THANKS_STEMS)),
        ({"один"}, lambda w: w.startswith("од")),
        # (ё written as е as well: a typed е finds the dictionary's ё)
        (WITH_INSTRUMENTAL_LEMMAS, lambda w: w.startswith(scan._WITH_INSTRUMENTAL_STARTS)
         and w.replace("ё", "е").startswith(scan._WITH_INSTRUMENTAL_STARTS)),
    ],
)
def test_letters_that_rule_out_a_lemma_are_in_every_form_of_it(lemmas, holds):
    for lemma in lemmas:
        forms = _lexeme(lemma)
        assert forms, lemma
        assert all(holds(w) for w in forms), (lemma, sorted(w for w in forms if not holds(w)))


def test_the_split_of_plain_text_is_the_tokenizers():
    """Paragraph splits text of plain characters with the standard library:
    the same pieces as the tokenizer's own pattern."""
    from cleanup.segments import is_plain

    rng = random.Random(17)
    alphabet = ["а", "Я", "ё", "z", "Q", "é", "ß", "\u0301", "\u0483", "-", "–", "'", "’", "7", "0", " ", ",",
                "\u00a0", "\n", "ﬁ", "\u0482", "\u048a", "²", "½", "_", "—", "70-ти", "5-", "-й"]
    plain = 0
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        if is_plain(text):
            plain += 1
            assert scan._PLAIN_SPLIT.split(text) == scan._SPLIT.split(text), text
    assert plain > 4000
    # Its 0-9 are all the digits of plain text (segments' test checks its letters and marks).
    digit = regex.compile(r"\d")
    for c in map(chr, range(0x10000)):
        if is_plain(c):
            assert (digit.match(c) is not None) == ("0" <= c <= "9"), hex(ord(c))


@pytest.mark.parametrize("text", [
    "Он, в 1917-м году (и в 70-ти!) —  пришёл\r\nдомой; a5-b l'a «Всё» x-y-z 12",
    # No digit and long enough: the words segments keeps for the document.
    "Он, в прошлом году (и в семидесятых!) —  пришёл\r\nдомой; l'a «Всё» x-y-z по-нашему\u00a0тут.",
    "Он  пришёл",
])
def test_paragraph_words_are_the_tokenizers_tokens(text):
    from cleanup.grammar.morph import _TOKEN
    from cleanup.segments import WORD

    # Without a digit the tokenizer's tokens are segments' words.
    assert _TOKEN.pattern.startswith(WORD.pattern + "|\\d")
    para = scan.Paragraph(text, 0, len(text))
    toks = para.toks(0, len(para.words))
    want = tokenize(text, 0, len(text))
    assert [(t.start, t.end, t.text, t.brk) for t in toks] == [(t.start, t.end, t.text, t.brk) for t in want]
    assert para.lowers == [t.lower for t in want]
    assert para.runs()[0] == ((0, 1) if "," in text else (0, 2))  # "Он" stands alone before the comma
    assert scan.Paragraph("", 0, 0).brk == []


def test_the_endings_near_a_words_tail_are_those_near_the_word():
    """endings._repair reads the cost of each ending from the word's tail."""
    from cleanup.grammar.endings import _ENDINGS, MAX_COST, _near_endings

    rng = random.Random(3)
    letters = "аеиоуыэюяйьъкнст"
    near = 0
    for _ in range(3000):
        word = "".join(rng.choice(letters) for _ in range(rng.randint(4, 8)))
        for cut in (1, 2):
            stem = word[:-cut]
            want = [(e, c) for e in _ENDINGS if (c := _python_edit_cost(word, stem + e)) <= MAX_COST]
            assert list(_near_endings(word[-cut:])) == want, (word, cut)
            near += len(want)
    assert near > 10_000


def test_edit_cost_without_the_common_beginning_is_the_whole_tables():
    rng = random.Random(3)
    letters = "аоеиыяюуэёьъкт"
    for _ in range(20_000):
        a = "".join(rng.choice(letters) for _ in range(rng.randint(0, 6)))
        b = "".join(rng.choice(letters) for _ in range(rng.randint(0, 6)))
        assert edit_cost.__wrapped__(a, b) == (0.0 if a == b else _table_cost(a, b)), (a, b)
        assert _python_edit_cost(a, b) == (0.0 if a == b else _table_cost(a, b)), (a, b)


def test_a_verb_with_an_agreeing_reading_is_passed_by_the_subject_check():
    from cleanup.grammar.morph import Tok

    for form in _forms():
        for pronoun, features in verbs.SUBJECT_FEATURES.items():
            if scan._verb_agrees(form, features):
                two = [Tok(0, len(pronoun), pronoun, True), Tok(len(pronoun) + 1, len(pronoun) + 1 + len(form), form, False)]
                assert not list(verbs.subject_verb(two)), (pronoun, form)


def test_article_candidates_hold_every_article_the_check_could_flag():
    from cleanup.detectors.grammar import _ARTICLE, _FLAGGABLE_AFTER_A, _FLAGGABLE_AFTER_AN, _article_candidates

    def flaggable(m, end):
        after = _FLAGGABLE_AFTER_A if m.end() - m.start() == 1 else _FLAGGABLE_AFTER_AN
        return after.match(m.string, m.end(), end) is not None

    rng = random.Random(5)
    alphabet = ["a", "A", "n", "N", "b", " ", "\u00a0", "\u2028", "\x1c", "\x85", "\u3000", "1", "\u0661",
                "\u0301", "я", "-", ".", "\t", "\r\n", "x", "\U00010d40", "\x0b", "\x1f", "_", "e", "o", "h",
                "y", "é", "ä", "a ", "an ", "A  ", " e", " o", "\u00a0i", "An\t", "a\u2003", " apple", "n1"]
    flagged = 0
    for _ in range(6000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        start, end = sorted((rng.randint(0, len(text)), rng.randint(0, len(text))))
        want = [m.span() for m in _ARTICLE.finditer(text, start, end) if flaggable(m, end)]
        got = [m.span() for c in _article_candidates(text, start, end)
               if (m := _ARTICLE.match(text, c, end)) is not None and flaggable(m, end)]
        assert got == want, (text, start, end)
        flagged += len(want)
    assert flagged > 200  # the random texts hold articles of both kinds before flaggable words


def test_article_windows_give_the_english_check_what_the_whole_paragraph_gives():
    from cleanup.detectors.grammar import _article_windows
    from cleanup.grammar import english

    rng = random.Random(11)
    words = ["a", "A", "an", "An", "AN", "apple", "old", "dog", "hour", "egg", "ewe", "uncle", "yes", "item",
             "one", "x", "7-ти", "l'a", "-a", "a-a", "data", "évent", "idea", "ox"]
    gaps = [" ", "  ", "\u00a0", "\t", "\n", ", ", "\u2003", "", "(", "\x1c"]
    for _ in range(1500):
        text = "".join(rng.choice(words) + rng.choice(gaps) for _ in range(rng.randint(1, 8)))
        whole = [(r, t.start, s, c) for r, t, s, c in english.check(tokenize(text, 0, len(text)))]
        windows = [(r, t.start, s, c) for w in _article_windows(text, 0, len(text), tokenize)
                   for r, t, s, c in english.check(w)]
        assert windows == whole, text


def test_complement_from_slots_is_nounphrases_complement():
    """The gate's reading of `_complement` (from the forms' slots) answers as
    nounphrase's own does, on random modifiers and nouns: participles with
    and without an object, adjectives, nouns in every case."""
    forms = _forms() + ("жаждущий выдвинутые сдавленному стальными тросами изменений автором сильный духом "
                        "принятые решении любящий любящая читающих прочитавшие книгу книги книгой детям "
                        "известному своей кровожадностью пугачеву человека этому".split())
    mods = [f for f in forms if scan.form_tok(f).of(*nounphrase._ADJ)]
    nouns = [f for f in forms if scan.noun_slots(f)]
    rng = random.Random(3)
    tried = found = 0
    for _ in range(4000):
        chosen = [rng.choice(mods) for _ in range(rng.randint(1, 3))]
        noun = rng.choice(nouns)
        governor = rng.choice(("", "preposition", "word"))
        governed = rng.choice((None, "gent", "datv", "accs", "ablt"))
        toks = [Tok(i, i + 1, w, False) for i, w in enumerate([*chosen, noun])]
        phrase = nounphrase.Phrase(toks, toks[:-1], toks[-1], None, governor, False, governed_case=governed)
        want = nounphrase._complement(phrase)
        assert scan._complement(chosen, scan.noun_slots(noun), governor, governed) == want, (chosen, noun, governor, governed)
        tried += 1
        found += want
    assert found > 200 and tried - found > 200


def test_spelling_bits_say_what_their_definitions_say():
    from cleanup.grammar.government import PAUCAL_NUMERALS, PREPOSITION_CASES

    forms = [*_forms(), *PREPOSITION_CASES, *PAUCAL_NUMERALS, *scan._STARTERS, "благодарностью", "неспасибо"]
    for form in forms:
        bits = scan.spelling_bits(form)
        assert bool(bits & scan.THANKS_STEM) == any(stem in form for stem in scan._THANKS_STEMS), form
        assert bool(bits & scan.VERB_ENDING) == form.endswith(scan._VERB_ENDINGS), form
        assert bool(bits & scan.PREPOSITION_WORD) == (form in PREPOSITION_CASES), form
        assert bool(bits & scan.PAUCAL) == (form in PAUCAL_NUMERALS), form
        assert bool(bits & scan.STARTER) == (form in scan._STARTERS), form
        assert scan.flags(form) & 0xFF == scan.compute_flags(form), form  # the table's byte, untouched


def test_new_forms_flags_in_one_pass_are_each_forms_flags():
    """The gate works out a paragraph's new forms together: the same flags as one by one."""
    from cleanup.grammar.government import PAUCAL_NUMERALS, PREPOSITION_CASES

    forms = {*_forms(), *PREPOSITION_CASES, *PAUCAL_NUMERALS, *scan._STARTERS, "благодарностью", "неспасибо",
             "признательный", "хыщбр", "учиться", "учится", "идет", "dog", "ёж"}
    assert scan._new_flags(forms) == {form: scan.flags(form) for form in forms}


@pytest.mark.parametrize("extra", [(), ("хыщбр", "dog"), ("спасибо",), ("благодарю",), ("признательна",)])
def test_new_forms_flags_are_the_tables_and_their_spelling_bits(extra):
    """_new_flags reads the table by C-level maps (all forms held, or some
    not) and looks for the words of thanks only when a stem is there: each
    form's flags are still its table entry (or worked out) and its spelling
    bits, a form of each stem alone among common forms included."""
    table = formtable.table()
    common = [f for f in _forms() if table.record(f) is not None and not scan.spelling_bits(f) & scan.THANKS_STEM][:300]
    forms = {*common, *extra}
    assert extra or all(table.record(f) is not None for f in forms)
    want = {f: (scan.compute_flags(f) if table.get(f) is None else table.get(f)) | scan.spelling_bits(f) for f in forms}
    assert scan._new_flags(forms) == want
    assert all(want[f] & scan.THANKS_STEM for f in extra if f[0] in "спб")


def test_a_candidate_ending_is_a_noun_in_a_case_as_its_readings_say():
    """endings._noun_in (the dictionary's tags) against the readings of
    morph.parses, for every candidate the repair of a broken word tries."""
    from cleanup.grammar.endings import _ENDINGS, _noun_in
    from cleanup.grammar.government import PREPOSITION_CASES
    from cleanup.grammar.morph import case_of, parses

    words = {w.lower() for text in _texts()[:6] for w in text.split() if w.isalpha() and len(w) >= 4}
    case_sets = set(PREPOSITION_CASES.values())
    asked = 0
    for word in sorted(words)[:400]:
        for cut in (1, 2):
            for ending in _ENDINGS:
                cand = word[:-cut] + ending
                for cases in case_sets:
                    expected = any(case_of(p.tag) in cases for p in parses(cand) if p.tag.POS == "NOUN")
                    assert _noun_in(cand, cases) == expected, (cand, cases)
                    asked += expected
    assert asked > 100


def test_the_lexicons_form_test_says_no_exactly_where_the_dictionary_finds_no_reading():
    """raw() and morph.parses ask lexicon.russian_form_test() before the
    dictionary's ё-blind look-up (similar_items), which costs several times
    more for a form it does not hold: the test must say no exactly where the
    look-up finds nothing — typos, forms written with е for ё (еще, елка,
    ее), with ё where the dictionary has е, hyphenated, one letter short."""
    from cleanup.grammar import morph

    similar_items, substitutes = scan._dictionary()[:2]
    known = scan._dictionary()[7]
    assert known is morph._dictionary()[5]
    words = set()
    for text in _texts()[:4]:
        for word in regex.findall(r"[\w'’-]+", text.lower()):
            words |= {word, word[:-1], word + "ь", word.replace("е", "ё", 1), word.replace("ё", "е")}
    words |= {"еще", "ещё", "елка", "ёлка", "ее", "её", "всё-таки", "все-таки", "кто-то", "жизне", "ёё", "ё", "-то"}
    assert len(words) > 2000
    held = 0
    for word in sorted(words):
        found = bool(similar_items(word, substitutes))
        assert bool(known(word)) == found, word
        held += found
        if word[:1].isalpha() and "\u0400" <= word[:1] <= "\u04ff":
            assert (scan.raw(word) is not None) == found, word
            assert bool(morph.parses(word)) == found, word
    assert 500 < held < len(words) - 500
