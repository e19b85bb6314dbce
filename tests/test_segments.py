"""Paragraphs and their language, with every newline convention."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleanup.segments import paragraphs, words


@pytest.mark.parametrize("nl", ["\n", "\r\n", "\r"])
def test_one_line_break_does_not_end_a_paragraph(nl):
    text = f"first line{nl}second line{nl}{nl}Второй абзац{nl}"
    spans = paragraphs(text)
    assert [text[s.start:s.end] for s in spans] == [f"first line{nl}second line", "Второй абзац" + nl]
    assert [s.lang for s in spans] == ["en", "ru"]


def test_a_line_of_spaces_is_a_blank_line():
    text = "one\n \u00a0 \ntwo"
    assert [text[s.start:s.end] for s in paragraphs(text)] == ["one", "two"]


def test_forced_language():
    assert [s.lang for s in paragraphs("Привет\n\nhello", lang="ru")] == ["ru", "ru"]


def test_words_of_a_new_text_are_never_taken_from_the_previous_one():
    # words() remembers the tokens of the document being checked; a second
    # document of the same length and spans must get its own tokens.
    first = "Первый абзац текста здесь, и ещё несколько слов для длины строки." * 2
    second = "Second paragraph of text; other words at other places entirely!!!" * 2
    assert len(first) == len(second)
    a = [t.text for t in words(first, 0, len(first))]
    b = [t.text for t in words(second, 0, len(second))]
    assert a[:2] == ["Первый", "абзац"] and b[:2] == ["Second", "paragraph"]
    # and asking again gives the same tokens, with offsets into the text
    again = list(words(first, 0, len(first)))
    assert [t.text for t in again] == a
    assert all(first[t.start:t.end] == t.text for t in again)


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(list("ab Жё-'’\u0301\u0483 ,\n\r\t1")), max_size=40), st.integers(0, 45), st.integers(0, 45))
def test_tokens_are_the_matches_of_a_scan_of_the_span(text, a, b):
    """_tokens finds words by splitting; a plain finditer over the span is the reference."""
    from cleanup.segments import WORD, Token, _tokens

    start, end = min(a, b, len(text)), min(max(a, b), len(text))
    want = tuple(Token(m.start(), m.end(), m.group()) for m in WORD.finditer(text, start, end))
    got = _tokens(text, start, end)
    assert got == want
    assert all(type(t) is Token for t in got)


def test_a_document_of_many_short_paragraphs_is_tokenised_once(monkeypatch):
    # An interview's questions and answers: tens of thousands of paragraphs.
    # Every detector walks them; each paragraph's words are found once.
    from cleanup import segments
    from cleanup.pipeline import check_text

    made = []
    original = segments._tokens_and_texts
    monkeypatch.setattr(segments, "_tokens_and_texts", lambda t, a, b: made.append((a, b)) or original(t, a, b))
    text = "— Вы были там, в городе?\n\n— Да, был там, и не один раз.\n\n" * 3000
    check_text(text)
    assert len(made) == len(set(made)) and len(made) <= len(paragraphs(text)) + 1


def test_the_plain_split_finds_the_words_the_regex_pattern_finds():
    """Text _NOT_PLAIN finds nothing in is split by the standard library's
    engine: for every code point it lets through, that pattern's letters and
    marks are \\p{L} and \\p{M}, and the tokens of a text mixing them are
    WORD's."""
    import regex

    from cleanup.segments import _NOT_PLAIN, PLAIN_LETTERS, PLAIN_MARKS, WORD, _tokens

    letter, mark = regex.compile(r"\p{L}").match, regex.compile(r"\p{M}").match
    plain_letter = re.compile(f"[{PLAIN_LETTERS}]").match
    plain_mark = re.compile(f"[{PLAIN_MARKS}]").match
    allowed = [chr(cp) for cp in range(0x110000) if not 0xD800 <= cp < 0xE000 and _NOT_PLAIN.search(chr(cp)) is None]
    assert len(allowed) > 500
    for ch in allowed:
        assert bool(letter(ch)) == bool(plain_letter(ch)), hex(ord(ch))
        assert bool(mark(ch)) == bool(plain_mark(ch)), hex(ord(ch))
    text = "«Ёлка-палка», it's по-нашему — а҃ ҂ × 2x… Ab’c d- ґ café ﬁne naïve € ■ ǃx"
    assert _NOT_PLAIN.search(text) is None
    want = [(m.start(), m.end(), m.group()) for m in WORD.finditer(text)]
    assert [tuple(t) for t in _tokens(text, 0, len(text))] == want


def test_the_byte_test_of_plain_text_agrees_with_the_character_class():
    """is_plain's shortcut (the UTF-16 high bytes) says "plain" only where
    _NOT_PLAIN finds nothing: every code point alone, and mixed texts."""
    from cleanup.segments import _NOT_PLAIN, is_plain

    for cp in range(0x110000):
        ch = chr(cp)
        assert is_plain(ch) == (_NOT_PLAIN.search(ch) is None), hex(cp)
    assert not is_plain("слово\ud800") and not is_plain("слово \U0001d400")


@settings(max_examples=400, deadline=None)
@given(st.text(st.one_of(st.sampled_from(list("aЖё-'’ \u0301\u0483\u2014\u2071\u20d0\u0250\ufb01\ufb07\u2500\u02b0")),
                         st.characters()), max_size=60))
def test_plain_is_the_character_class_on_mixed_text(text):
    from cleanup.segments import _NOT_PLAIN, is_plain

    assert is_plain(text) == (_NOT_PLAIN.search(text) is None)


@settings(max_examples=400, deadline=None)
@given(st.text(st.one_of(st.sampled_from(list("abЖёя-'’ ,.\n\u0301\u0300\u0483\u0489\u00e9\u0131\ufb01\u2014\u00ab")),
                         st.characters(max_codepoint=0x2fff)), max_size=80))
def test_tokens_of_any_text_are_the_word_patterns_matches(text):
    """The split (plain or not) gives WORD.finditer's tokens, on text with
    odd letters, marks, joiners and the characters around the plain set."""
    from cleanup.segments import WORD, Token, _tokens_and_texts

    tokens, texts = _tokens_and_texts(text, 0, len(text))
    assert tuple(tokens) == tuple(Token(m.start(), m.end(), m.group()) for m in WORD.finditer(text))
    assert texts == [t.text for t in tokens]


@settings(max_examples=400, deadline=None)
@given(st.text(st.sampled_from(list("a Ж\n\n\n\r\t\x0b\x0c\x1c\x1f\x85\xa0\u2028\u2029\u3000.")), max_size=60),
       st.integers(0, 65), st.integers(0, 65))
@example("x\n\n\ny", 0, 5)
@example("x\n \t\n\x1c\n\u3000\ny\r\n\r\nz", 0, 14)
@example("a\r\n\n\rb\n\n", 1, 9)
def test_paragraph_blocks_are_those_of_the_blank_line_pattern(text, a, b):
    """blocks() takes a cheaper pattern for text without "\\r"; the general
    pattern's matches are the reference, for any span of any text."""
    from cleanup.segments import _BLANK_LINES, blocks

    start, end = min(a, b, len(text)), min(max(a, b), len(text))
    want, pos = [], start
    for m in _BLANK_LINES.finditer(text, start, end):
        if m.start() > pos:
            want.append((pos, m.start()))
        pos = m.end()
    if pos < end:
        want.append((pos, end))
    assert list(blocks(text, start, end)) == want


# ---- the compiled twin of the tokenizer (cleanup.spelling._speedups.word_sequence) ----

def _compiled_word_tokens():
    """The kernel, its tokens as a tuple (each Token made as it is read) to
    compare with the Python split's."""
    from cleanup.spelling import speedups

    kernel = speedups.function("word_sequence")
    if kernel is None:
        pytest.skip("the compiled extension is not built (or CLEANUP_PURE_PYTHON is set)")

    def as_tuple(text, start, end, token):
        found = kernel(text, start, end, token)
        return None if found is None else (tuple(found[0]), found[1])

    return as_tuple


def test_the_compiled_tokenizer_classes_every_code_point_as_the_split_does():
    """For every code point c, alone and inside and after a word, beside a
    joiner: the kernel's tokens are the Python split's where _NOT_PLAIN finds
    nothing (the very objects in both the tokens and the list), and None
    where it finds c."""
    from cleanup.segments import _NOT_PLAIN, Token, _split_tokens_and_texts

    kernel = _compiled_word_tokens()
    plain = 0
    for cp in range(0x110000):
        ch = chr(cp)
        text = f"«a{ch}b-{ch}c {ch}ж’{ch} {ch}"
        got = kernel(text, 1, len(text), Token)
        if _NOT_PLAIN.search(ch) is not None:
            assert got is None, hex(cp)
            continue
        plain += 1
        assert got == _split_tokens_and_texts(text, 1, len(text)), hex(cp)
        tokens, texts = got
        assert all(type(t) is Token and t.text is s for t, s in zip(tokens, texts)), hex(cp)
    assert plain > 500


@settings(max_examples=500, deadline=None)
@given(st.text(st.one_of(st.sampled_from(list("abЖёя-'’ ,.\n\u0301\u0300\u0483\u0482\u0489\u00e9\ufb01\u2014\u00ab")),
                         st.characters(max_codepoint=0x2fff)), max_size=80),
       st.integers(-2, 85), st.integers(-2, 85))
@example("a-", 0, 2)
@example("a-b'c’d--e-'f", 0, 13)
@example("a\u0301-\u0301b", 0, 5)
@example("ab", 1, 1)
@example("", 0, 0)
def test_the_compiled_tokenizer_is_the_python_split(text, a, b):
    """The kernel gives the Python split's tokens and texts for any span of
    plain text, and None exactly when the span is not plain."""
    from cleanup.segments import Token, is_plain, _split_tokens_and_texts

    kernel = _compiled_word_tokens()
    start, end = min(max(a, 0), len(text)), min(max(b, 0), len(text))
    end = max(start, end)
    got = kernel(text, start, end, Token)
    if not is_plain(text[start:end]):
        assert got is None
        return
    assert got == _split_tokens_and_texts(text, start, end)


def test_the_compiled_tokenizer_reads_every_string_width():
    """Latin-1, two-byte and four-byte strings: the span is what counts."""
    from cleanup.segments import Token, _split_tokens_and_texts

    kernel = _compiled_word_tokens()
    for text in ("naïve café, it's", "по-нашему — Ёлка", "😀 по-нашему it’s 😀"):
        start, end = (2, len(text) - 2) if "😀" in text else (0, len(text))
        assert kernel(text, start, end, Token) == _split_tokens_and_texts(text, start, end)
    assert kernel("слово 😀", 0, 7, Token) is None


def test_the_compiled_tokenizer_makes_each_word_of_its_own_width():
    """Each word is as narrow as its own characters allow, whatever the
    text's width (an ASCII or Latin-1 word of a Cyrillic or astral text, a
    Cyrillic one beside an astral character), and more words than the
    kernel keeps on its stack: the Python split's tokens and texts, equal
    (a string of another width is never equal) and of the same length."""
    from cleanup.segments import Token, _split_tokens_and_texts

    kernel = _compiled_word_tokens()
    texts = [
        "",
        "   ,. — 123 456",
        "ёлка Ёж и ещё-то 42 by-the-way it's its’ d'Artagnan naïve CAFÉ ﬁne ∑ a\u0301b е\u0301 x\u0483y",
        "Москва and Berlin, café и «ёж» 2024-го",
        "\U0001f600 plain ascii words then кириллица and ÿ \U0001f600",
        "a" * 3 + "-" + "\u0436" * 3 + "'" + "\u00e9",
        " ".join(["слово", "word", "café", "a", "я", "é"] * 200),  # 1,200 words
        "a",
        "ж",
        "ab-",
        "-ab",
    ]
    for text in texts:
        if "\U0001f600" in text:
            start, end = 1, len(text) - 1
        else:
            start, end = 0, len(text)
        got = kernel(text, start, end, Token)
        want = _split_tokens_and_texts(text, start, end)
        assert got == want, text
        assert [max(map(ord, s)) for s in got[1]] == [max(map(ord, s)) for s in want[1]]
        assert [s.encode("utf-32-le") for s in got[1]] == [s.encode("utf-32-le") for s in want[1]]
        assert all(type(t) is Token and t.text is s for t, s in zip(*got)), text
    assert len(kernel(texts[6], 0, len(texts[6]), Token)[0]) == 1200
    # a character that is not plain after the stack's words are used up: None, nothing leaked
    long_text = texts[6] + " \U0001f600"
    assert kernel(long_text, 0, len(long_text), Token) is None


def test_every_cyrillic_letter_has_a_utf16_unit_of_a_cyrillic_high_byte():
    """detect_lang counts no Cyrillic letter in a span none of whose UTF-16
    units has one of those high bytes: every such letter must have one (it
    fails for a set without the surrogates, or without U+05xx)."""
    import regex

    from cleanup.segments import _CYRILLIC_HIGH_BYTES, detect_lang

    letters = regex.findall(r"\p{Script=Cyrillic}", "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000))
    assert len(letters) > 250
    for ch in letters:
        assert set(ch.encode("utf-16-le", "surrogatepass")[1::2]) & set(_CYRILLIC_HIGH_BYTES), hex(ord(ch))
    assert detect_lang("“ab” — \U0001e030\U0001e030\U0001e030") == "ru"
    assert detect_lang("“Hello” — world\u0500") == "en" and detect_lang("“—\u0500") == "ru"


# ---- the tokens as a sequence (segments.word_sequence) ----

@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(list("abЖё-' ,\n\u0301")), max_size=60), st.integers(-70, 70),
       st.integers(-70, 70), st.sampled_from([None, 1, 2, -1, -3]))
def test_the_compiled_sequence_reads_as_the_tuple_of_the_python_split(text, i, j, step):
    """Indexed (negative too, out of range), sliced, measured and walked, the
    kernel's sequence is the Python split's tuple: equal Tokens, each text
    the very string of the list."""
    from cleanup.segments import Token, _split_tokens_and_texts
    from cleanup.spelling import speedups

    kernel = speedups.function("word_sequence")
    if kernel is None:
        pytest.skip("the compiled extension is not built (or CLEANUP_PURE_PYTHON is set)")
    tokens, texts = kernel(text, 0, len(text), Token)
    want, want_texts = _split_tokens_and_texts(text, 0, len(text))
    assert texts == want_texts and len(tokens) == len(want) and list(tokens) == list(want)
    for k in (i, j):
        if -len(want) <= k < len(want):
            assert tokens[k] == want[k] and type(tokens[k]) is Token and tokens[k].text is texts[k]
            assert tokens[k] is tokens[k - len(want) if k >= 0 else k + len(want)]  # (made once: read again, the same)
        else:
            with pytest.raises(IndexError):
                tokens[k]
    assert tokens[i:j:step] == want[i:j:step] and type(tokens[i:j:step]) is tuple
    with pytest.raises(TypeError):
        tokens["0"]


def test_word_sequence_is_kept_for_the_document_and_remembered_never_tokenises():
    """The tokens and the very list of strings are kept for the document:
    asked again, the same objects; remembered_sequence() gives them only
    once some caller has asked, and a new text forgets the old one's."""
    from cleanup.segments import WORD, Token, remembered_sequence, word_sequence, word_texts

    text = "".join(["Слово и word, по-нашему it's. "] * 10)
    start, end = 3, len(text) - 2
    assert remembered_sequence(text, start, end) is None
    tokens, texts = word_sequence(text, start, end)
    assert word_texts(text, start, end) is texts
    assert remembered_sequence(text, start, end) == (tokens, texts)
    assert remembered_sequence(text, start, end)[1] is texts
    assert tuple(tokens) == tuple(Token(m.start(), m.end(), m.group()) for m in WORD.finditer(text, start, end))
    assert word_sequence(text, start, end)[1] is texts
    other = "".join(["Другой текст. "] * 10)
    word_texts(other, 0, len(other))
    assert remembered_sequence(text, start, end) is None


def test_the_compiled_tokenizer_hands_out_one_string_per_form_met_again():
    """A form met again (in this text or an earlier one, of any width) is
    handed the string made for it before; forms that share its slot replace
    it, and every string is still the Python split's (equal, as narrow)."""
    import random

    from cleanup.segments import Token, _split_tokens_and_texts

    kernel = _compiled_word_tokens()
    rng = random.Random(18)
    letters = "abcdeжзийкёé"
    forms = list({"".join(rng.choice(letters) for _ in range(rng.randint(1, 9))) for _ in range(60_000)})
    for round_ in range(2):
        for at in range(0, len(forms), 500):
            text = " ".join(forms[at:at + 500]) + (" 😀" if round_ else "")
            end = len(text) - (2 if round_ else 0)
            got = kernel(text, 0, end, Token)
            want = _split_tokens_and_texts(text, 0, end)
            assert got[1] == want[1]
            assert [s.encode("utf-32-le") for s in got[1]] == [s.encode("utf-32-le") for s in want[1]]
            assert [max(map(ord, s)) for s in got[1]] == [max(map(ord, s)) for s in want[1]]
    for text in ("слово word", "Ж слово word", "word слово"):
        first = kernel(text + " 😀", 0, len(text), Token)[1]  # (of a text of four-byte characters)
        again = kernel(text + " " + text, 0, 2 * len(text) + 1, Token)[1]
        assert all(a is b for a, b in zip(first + first, again)) and len(again) == 2 * len(first)
