/* The grammar gate's per-word steps over one paragraph, in C: the optional
 * twin of cleanup/grammar/scan.py's Paragraph (the reference; see
 * cleanup/grammar/speedups.py). Each function answers exactly as the Python
 * code it stands for, or says it cannot (None), and the Python code runs.
 *
 *   may_hold_digit(text, start, end) -> bool | None
 *       _DIGIT.search(text, start, end) is not None (the regex module's \d);
 *       None when a character it cannot judge (outside ASCII, Latin-1 and
 *       the blocks up to U+065F, and General Punctuation) comes before a
 *       digit.
 *   breaks(text, start, words) -> list[bool] | None
 *       [True] + [_is_break(text[e:s]) for the gaps between the words]
 *       (scan._gap_breaks), the words being segments' words of text from
 *       start on, in order, as strings: each is found where its first
 *       character next stands (no gap holds a letter), so no Token of
 *       offsets is needed. A gap breaks unless all of it is white space as
 *       the regex module's \s has it (the 25 characters of Unicode's
 *       White_Space; tests/test_grammar_speedups.py checks every code point).
 *       None when a word is not where it should be.
 *   lowers(words) -> list[str]
 *       [w.lower() for w in words], a word whose every character is its own
 *       lower case (ASCII but A-Z, Cyrillic а-я ѐ-џ, ’) kept as the same
 *       object (its hash, once computed, serves every look-up).
 *   unsettled_phrases(lowers, brk, fl, noun_slots, mod_slots, preposition_slots,
 *                     head_prepositions, coordinators, with_instrumental, instrumental,
 *                     bits) -> list[int]
 *       scan._unsettled_phrases: the nouns the gate's phrase check must look
 *       at, less those scan._settled proves agree (the commonest answer).
 *   edit_cost(a, b, close) -> float
 *       morph._python_edit_cost(a, b) of two lower-case words: Levenshtein
 *       distance, a substitution within one of the pairs of ``close`` (a
 *       string of two-letter pairs) costing 0.5. The sums are of 0.5s and
 *       1s: exact in a double, the same float as the Python code's.
 *   gate_places(lowers, brk, memo, verb_ending, preposition_word, starter, learn)
 *           -> (fl, verb_places, after_prepositions, starters)
 *       scan._gate_places: each form's flags read from ``memo``, and where
 *       the gate's word checks may start. The forms the memo lacks are
 *       gathered in the same pass and learnt by one call,
 *       learn(lowers, set_of_them), then only they are read again.
 *   article_candidates(text, start, end) -> list[int]
 *       detectors.grammar._article_candidates: where in text[start:end] an
 *       `a`/`A` stands that no ASCII letter precedes (looking before start,
 *       as a look-behind does) and that `n`/`N` and a space, digit or
 *       non-ASCII character follow, or a run of space and non-ASCII
 *       characters and one of a, e, i, o (looking no further than end).
 *   table_learn(data, forms, spelling, out, noun_slots, noun_masks, mod_slots, mod_masks)
 *           -> list[str]
 *       formtable._table_learn: for each of forms (any iterable of str)
 *       that the grammar table's hash table ``data`` (formtable.hash_table's
 *       bytes) holds, out[form] = its flags | its spelling bits
 *       (formtable.spelling_bits_of(spelling, form)), noun_slots[form] =
 *       noun_masks[its noun mask number] and mod_slots[(form, False)] =
 *       mod_masks[its tag set number] where it has them; the forms it does
 *       not hold are returned, in the order met. The forms' UTF-8 is made
 *       on the stack (no copy kept on each str).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#define GRAMMAR_SCAN_VERSION 10

static int
is_white_space(Py_UCS4 c)
{
    if (c < 0x80)
        return c == ' ' || (c >= 0x09 && c <= 0x0d);
    switch (c) {
    case 0x85: case 0xa0: case 0x1680: case 0x2028: case 0x2029: case 0x202f: case 0x205f: case 0x3000:
        return 1;
    default:
        return c >= 0x2000 && c <= 0x200a;
    }
}

/* The (text, start, end) arguments of a kernel that reads a span of one
 * text, the span clamped to the text (as slicing does). 0 on a bad call. */
static int
text_span(PyObject *args, const char *format, PyObject **text, Py_ssize_t *start, Py_ssize_t *end)
{
    if (!PyArg_ParseTuple(args, format, text, start, end))
        return 0;
    Py_ssize_t n = PyUnicode_GET_LENGTH(*text);
    if (*start < 0) *start = 0;
    if (*end > n) *end = n;
    return 1;
}

static PyObject *
may_hold_digit(PyObject *self, PyObject *args)
{
    PyObject *text;
    Py_ssize_t start, end;
    if (!text_span(args, "Unn:may_hold_digit", &text, &start, &end))
        return NULL;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    if (kind == PyUnicode_1BYTE_KIND) { /* (all of Latin-1 is judged: a digit is 0-9 there) */
        const Py_UCS1 *p = data;
        for (Py_ssize_t i = start; i < end; i++)
            if (p[i] >= '0' && p[i] <= '9')
                Py_RETURN_TRUE;
        Py_RETURN_FALSE;
    }
    /* One loop per width of character (the kind's switch kept out of it). */
#define DIGIT_LOOP(TYPE)                                  \
    for (Py_ssize_t i = start; i < end; i++) {            \
        Py_UCS4 c = ((const TYPE *)data)[i];              \
        if (c < 0x660) {                                  \
            if (c >= '0' && c <= '9')                     \
                Py_RETURN_TRUE;                           \
        } else if (!(c >= 0x2000 && c <= 0x206f)) {       \
            Py_RETURN_NONE;                               \
        }                                                 \
    }
    if (kind == PyUnicode_2BYTE_KIND)
        DIGIT_LOOP(Py_UCS2)
    else
        DIGIT_LOOP(Py_UCS4)
#undef DIGIT_LOOP
    Py_RETURN_FALSE;
}

/* Where word (text's very characters, all of it) stands in text at or after
 * from: the first position holding its first character, which is a letter,
 * and no gap between words holds a letter (segments' WORD begins with one,
 * so a letter in a gap would have begun a word). -1 when it is not there
 * (the words are not this text's, in order). */
static Py_ssize_t
word_at(int kind, const void *data, Py_ssize_t len, Py_ssize_t from, PyObject *word)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(word);
    if (n == 0)
        return -1;
    int word_kind = PyUnicode_KIND(word);
    const void *word_data = PyUnicode_DATA(word);
    Py_UCS4 first = PyUnicode_READ(word_kind, word_data, 0);
    Py_ssize_t s = from;
    /* (A loop of the text's own width: no switch on the kind per character.) */
    switch (kind) {
    case PyUnicode_1BYTE_KIND:
        while (s < len && ((const Py_UCS1 *)data)[s] != first)
            s++;
        break;
    case PyUnicode_2BYTE_KIND:
        while (s < len && ((const Py_UCS2 *)data)[s] != first)
            s++;
        break;
    default:
        while (s < len && ((const Py_UCS4 *)data)[s] != first)
            s++;
    }
    if (s + n > len)
        return -1;
    if (word_kind == kind)  /* (the same width: the same code points are the same bytes) */
        return memcmp((const char *)data + s * kind, word_data, n * kind) == 0 ? s : -1;
    for (Py_ssize_t j = 1; j < n; j++)
        if (PyUnicode_READ(kind, data, s + j) != PyUnicode_READ(word_kind, word_data, j))
            return -1;
    return s;
}

static PyObject *
breaks(PyObject *self, PyObject *args)
{
    PyObject *text, *words;
    Py_ssize_t start;
    if (!PyArg_ParseTuple(args, "UnO!:breaks", &text, &start, &PyList_Type, &words))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(words);
    PyObject *out = PyList_New(n);
    if (out == NULL)
        return NULL;
    Py_ssize_t len = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t prev_end = start < 0 ? 0 : start;
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *word = PyList_GET_ITEM(words, k);
        if (!PyUnicode_Check(word)) {
            Py_DECREF(out);
            PyErr_SetString(PyExc_TypeError, "breaks: the words are str");
            return NULL;
        }
        Py_ssize_t s = word_at(kind, data, len, prev_end, word);
        if (s < 0) {
            Py_DECREF(out);
            Py_RETURN_NONE;
        }
        int brk = 1;
        if (k > 0) {
            brk = 0;
            for (Py_ssize_t i = prev_end; i < s; i++) {
                if (!is_white_space(PyUnicode_READ(kind, data, i))) {
                    brk = 1;
                    break;
                }
            }
        }
        PyObject *b = brk ? Py_True : Py_False;
        Py_INCREF(b);
        PyList_SET_ITEM(out, k, b);
        prev_end = s + PyUnicode_GET_LENGTH(word);
    }
    return out;
}

static int
own_lower_case(PyObject *word)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(word);
    int kind = PyUnicode_KIND(word);
    const void *data = PyUnicode_DATA(word);
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c < 0x80) {
            if (c >= 'A' && c <= 'Z')
                return 0;
        } else if (!((c >= 0x430 && c <= 0x45f) || c == 0x2019)) {
            return 0;
        }
    }
    return 1;
}

static PyObject *lower_name, *za_str, *chto_str;

static PyObject *
lowers(PyObject *self, PyObject *words)
{
    PyObject *seq = PySequence_Fast(words, "lowers: words must be a sequence");
    if (seq == NULL)
        return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    PyObject **items = PySequence_Fast_ITEMS(seq);
    PyObject *out = PyList_New(n);
    if (out == NULL) {
        Py_DECREF(seq);
        return NULL;
    }
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *w = items[k], *low;
        if (!PyUnicode_CheckExact(w)) {
            PyErr_SetString(PyExc_TypeError, "lowers: words must be str");
            goto fail;
        }
        if (own_lower_case(w)) {
            Py_INCREF(w);
            low = w;
        } else {
            low = PyObject_CallMethodNoArgs(w, lower_name);
            if (low == NULL)
                goto fail;
        }
        PyList_SET_ITEM(out, k, low);
    }
    Py_DECREF(seq);
    return out;
fail:
    Py_DECREF(seq);
    Py_DECREF(out);
    return NULL;
}

/* The flag bits the phrase scan reads, handed over by scan.py (one source). */
struct phrase_bits {
    long noun_like, adj_like, opens_phrase, paucal, preposition_word, prep, thanks_stem;
};

/* Is noun j settled: does scan._settled(lowers, brk, fl, j) hold?
 * 1 yes, 0 no, -1 error. Step for step as that function. */
static int
settled(PyObject **lowers, const char *brk, const long *fl, Py_ssize_t j, PyObject *noun_slots,
        PyObject *mod_slots, PyObject *preposition_slots, PyObject *head_prepositions, PyObject *coordinators,
        PyObject *with_instrumental, PyObject *instrumental, const struct phrase_bits *b)
{
    Py_ssize_t k = j;
    while (k > 0 && !brk[k] && (fl[k - 1] & b->adj_like))
        k--;
    Py_ssize_t nmods = j - k;
    if (nmods && k >= 2 && !brk[k] && !brk[k - 1] && (fl[k - 2] & b->adj_like)) {
        int found = PySequence_Contains(coordinators, lowers[k - 1]);
        if (found != 0)
            return found < 0 ? -1 : 0;  /* perhaps coordinated modifiers */
    }
    PyObject *allowed = NULL;  /* borrowed; NULL: no governor */
    if (k > 0 && !brk[k]) {
        PyObject *before = lowers[k - 1];
        long f = fl[k - 1];
        if (f & b->paucal)
            return 0;
        if (PyUnicode_GET_LENGTH(before) > 0 && Py_UNICODE_ISDIGIT(PyUnicode_READ_CHAR(before, 0)))
            return 1;
        if ((f & b->preposition_word) && (f & b->prep)) {
            PyObject *mask = PyDict_GetItemWithError(preposition_slots, before);
            if (mask == NULL)
                return PyErr_Occurred() ? -1 : 0;
            if (mask != Py_None) {
                allowed = mask;
                int found = k >= 2 && !brk[k - 1] ? PySet_Contains(head_prepositions, before) : 0;
                if (found < 0)
                    return -1;
                if (found) { /* за or с/со after a word: that word decides */
                    PyObject *head = lowers[k - 2];
                    if (PyUnicode_Compare(before, za_str) == 0) {
                        if (PyUnicode_Compare(head, chto_str) == 0)
                            return 1;
                        if (fl[k - 2] & b->thanks_stem)
                            return 0;
                    } else {
                        PyObject *takes = PyDict_GetItemWithError(with_instrumental, head);
                        if (takes == NULL)
                            return PyErr_Occurred() ? -1 : 0;
                        int t = PyObject_IsTrue(takes);
                        if (t < 0)
                            return -1;
                        if (t)
                            allowed = instrumental;
                    }
                }
            }
        } else if (!nmods && (f & b->thanks_stem)) {
            return 0;
        }
    }
    if (allowed == NULL && !nmods)
        return 1;
    PyObject *noun = PyDict_GetItemWithError(noun_slots, lowers[j]);
    if (noun == NULL)
        return PyErr_Occurred() ? -1 : 0;
    int truth = PyObject_IsTrue(noun);
    if (truth <= 0)
        return truth < 0 ? -1 : 1;
    Py_INCREF(noun);
    PyObject *slots = noun;
    for (Py_ssize_t m = k; m < j; m++) {
        PyObject *key = PyTuple_Pack(2, lowers[m], Py_False);
        if (key == NULL)
            goto fail;
        PyObject *mod = PyDict_GetItemWithError(mod_slots, key);
        Py_DECREF(key);
        if (mod == NULL) {
            Py_DECREF(slots);
            return PyErr_Occurred() ? -1 : 0;
        }
        PyObject *both = PyNumber_And(slots, mod);
        Py_DECREF(slots);
        if (both == NULL)
            return -1;
        slots = both;
    }
    if (allowed != NULL) {
        PyObject *both = PyNumber_And(slots, allowed);
        Py_DECREF(slots);
        if (both == NULL)
            return -1;
        slots = both;
    }
    truth = PyObject_IsTrue(slots);
    Py_DECREF(slots);
    return truth;
fail:
    Py_DECREF(slots);
    return -1;
}

static PyObject *
unsettled_phrases(PyObject *self, PyObject *args)
{
    PyObject *lowers_arg, *brk_arg, *fl_arg, *noun_slots, *mod_slots, *preposition_slots, *head_prepositions,
        *coordinators, *with_instrumental, *instrumental;
    struct phrase_bits b;
    if (!PyArg_ParseTuple(args, "O!O!O!O!O!O!O!OO!O(lllllll):unsettled_phrases", &PyList_Type, &lowers_arg,
                          &PyList_Type, &brk_arg, &PyList_Type, &fl_arg, &PyDict_Type, &noun_slots, &PyDict_Type,
                          &mod_slots, &PyDict_Type, &preposition_slots, &PyFrozenSet_Type, &head_prepositions,
                          &coordinators, &PyDict_Type, &with_instrumental, &instrumental, &b.noun_like, &b.adj_like, &b.opens_phrase, &b.paucal,
                          &b.preposition_word, &b.prep, &b.thanks_stem))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(lowers_arg);
    if (PyList_GET_SIZE(brk_arg) != n || PyList_GET_SIZE(fl_arg) != n) {
        PyErr_SetString(PyExc_ValueError, "unsettled_phrases: lowers, brk and fl differ in length");
        return NULL;
    }
    PyObject **lowers = PySequence_Fast_ITEMS(lowers_arg);
    for (Py_ssize_t i = 0; i < n; i++) {
        if (!PyUnicode_CheckExact(lowers[i])) {
            PyErr_SetString(PyExc_TypeError, "unsettled_phrases: lowers must be str");
            return NULL;
        }
    }
    char *brk = PyMem_Malloc(n + 1);
    long *fl = PyMem_Malloc((n + 1) * sizeof(long));
    PyObject *out = PyList_New(0);
    if (brk == NULL || fl == NULL || out == NULL) {
        PyErr_NoMemory();
        goto fail;
    }
    /* The list is read whole first: a callback below cannot change it under us. */
    for (Py_ssize_t i = 0; i < n; i++) {
        int t = PyObject_IsTrue(PyList_GET_ITEM(brk_arg, i));
        if (t < 0)
            goto fail;
        brk[i] = (char)t;
        fl[i] = PyLong_AsLong(PyList_GET_ITEM(fl_arg, i));
        if (fl[i] == -1 && PyErr_Occurred())
            goto fail;
    }
    for (Py_ssize_t j = 1; j < n; j++) {
        if (!(fl[j] & b.noun_like) || brk[j] || !(fl[j - 1] & b.opens_phrase))
            continue;
        int done = settled(lowers, brk, fl, j, noun_slots, mod_slots, preposition_slots, head_prepositions,
                           coordinators, with_instrumental, instrumental, &b);
        if (done < 0)
            goto fail;
        if (!done) {
            PyObject *index = PyLong_FromSsize_t(j);
            if (index == NULL || PyList_Append(out, index) < 0) {
                Py_XDECREF(index);
                goto fail;
            }
            Py_DECREF(index);
        }
    }
    PyMem_Free(brk);
    PyMem_Free(fl);
    return out;
fail:
    PyMem_Free(brk);
    PyMem_Free(fl);
    Py_XDECREF(out);
    return NULL;
}

/* Append index i to list out: 0, or -1 on error. */
static int
append_index(PyObject *out, Py_ssize_t i)
{
    PyObject *index = PyLong_FromSsize_t(i);
    if (index == NULL)
        return -1;
    int r = PyList_Append(out, index);
    Py_DECREF(index);
    return r;
}

/* fl[i] = memo[lowers[i]] as a long, the value kept in facts; 0, or -1 on
 * error (KeyError when memo lacks the form). */
static int
read_flags(PyObject *memo, PyObject *form, PyObject *facts, long *fl, Py_ssize_t i)
{
    PyObject *f = PyDict_GetItemWithError(memo, form);
    if (f == NULL) {
        if (!PyErr_Occurred())
            PyErr_SetObject(PyExc_KeyError, form);
        return -1;
    }
    fl[i] = PyLong_AsLong(f);
    if (fl[i] == -1 && PyErr_Occurred())
        return -1;
    Py_INCREF(f);
    PyList_SET_ITEM(facts, i, f);
    return 0;
}

static PyObject *
gate_places(PyObject *self, PyObject *args)
{
    PyObject *lowers_arg, *brk_arg, *memo, *learn;
    long verb_ending, preposition_word, starter;
    if (!PyArg_ParseTuple(args, "O!O!O!lllO:gate_places", &PyList_Type, &lowers_arg, &PyList_Type, &brk_arg,
                          &PyDict_Type, &memo, &verb_ending, &preposition_word, &starter, &learn))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(lowers_arg);
    if (PyList_GET_SIZE(brk_arg) != n) {
        PyErr_SetString(PyExc_ValueError, "gate_places: lowers and brk differ in length");
        return NULL;
    }
    char *brk = PyMem_Malloc(n + 1);
    long *fl = PyMem_Malloc((n + 1) * sizeof(long));
    PyObject *facts = PyList_New(n), *missing = NULL, *verbs = NULL, *after = NULL, *starters = NULL;
    if (brk == NULL || fl == NULL || facts == NULL) {
        PyErr_NoMemory();
        goto fail;
    }
    /* The flags first, whole; the forms the memo lacks gathered on the way
     * (the look-ups call no Python code: the keys are exact str), learnt
     * in one call, and only they read again. */
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *form = PyList_GET_ITEM(lowers_arg, i);
        if (!PyUnicode_CheckExact(form)) {
            PyErr_SetString(PyExc_TypeError, "gate_places: lowers must be str");
            goto fail;
        }
        int t = PyObject_IsTrue(PyList_GET_ITEM(brk_arg, i));
        if (t < 0)
            goto fail;
        brk[i] = (char)t;
        PyObject *f = PyDict_GetItemWithError(memo, form);
        if (f == NULL) {
            if (PyErr_Occurred())
                goto fail;
            if (missing == NULL && (missing = PySet_New(NULL)) == NULL)
                goto fail;
            if (PySet_Add(missing, form) < 0)
                goto fail;
            continue; /* (facts[i] stays NULL until learnt) */
        }
        fl[i] = PyLong_AsLong(f);
        if (fl[i] == -1 && PyErr_Occurred())
            goto fail;
        Py_INCREF(f);
        PyList_SET_ITEM(facts, i, f);
    }
    if (missing != NULL) {
        PyObject *done = PyObject_CallFunctionObjArgs(learn, lowers_arg, missing, NULL);
        if (done == NULL)
            goto fail;
        Py_DECREF(done);
        Py_CLEAR(missing);
        if (PyList_GET_SIZE(lowers_arg) != n) {
            PyErr_SetString(PyExc_RuntimeError, "gate_places: lowers changed while the forms were learnt");
            goto fail;
        }
        for (Py_ssize_t i = 0; i < n; i++)
            if (PyList_GET_ITEM(facts, i) == NULL && read_flags(memo, PyList_GET_ITEM(lowers_arg, i), facts, fl, i) < 0)
                goto fail;
    }
    verbs = PyList_New(0);
    after = PyList_New(0);
    starters = PyList_New(0);
    if (verbs == NULL || after == NULL || starters == NULL)
        goto fail;
    for (Py_ssize_t j = 0; j < n; j++) {
        long f = fl[j];
        if (!(f & (verb_ending | preposition_word | starter)))
            continue;
        if (f & verb_ending && !brk[j] && append_index(verbs, j) < 0)
            goto fail;
        if (f & preposition_word && j + 1 < n && !brk[j + 1] && append_index(after, j + 1) < 0)
            goto fail;
        if (f & starter && append_index(starters, j) < 0)
            goto fail;
    }
    PyMem_Free(brk);
    PyMem_Free(fl);
    return Py_BuildValue("(NNNN)", facts, verbs, after, starters);
fail:
    PyMem_Free(brk);
    PyMem_Free(fl);
    Py_XDECREF(facts);
    Py_XDECREF(missing);
    Py_XDECREF(verbs);
    Py_XDECREF(after);
    Py_XDECREF(starters);
    return NULL;
}

/* The article patterns' classes: ASCII letters; the space after `an`
 * ([\t\n\v\f\r \x1c-\x1f]); any character outside ASCII. */
static int
is_ascii_letter(Py_UCS4 c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static int
is_article_space(Py_UCS4 c)
{
    return c == ' ' || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f) || c >= 0x80;
}

static PyObject *
article_candidates(PyObject *self, PyObject *args)
{
    PyObject *text;
    Py_ssize_t start, end;
    if (!text_span(args, "Unn:article_candidates", &text, &start, &end))
        return NULL;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    PyObject *out = PyList_New(0);
    if (out == NULL)
        return NULL;
    for (Py_ssize_t i = start; i < end; i++) {
        /* To the next a or A (the only characters c with c | 0x20 == 'a'),
         * in a loop of the text's own width: most characters are neither. */
        switch (kind) {
        case PyUnicode_1BYTE_KIND:
            while (i < end && (((const Py_UCS1 *)data)[i] | 0x20) != 'a')
                i++;
            break;
        case PyUnicode_2BYTE_KIND:
            while (i < end && (((const Py_UCS2 *)data)[i] | 0x20) != 'a')
                i++;
            break;
        default:
            while (i < end && (((const Py_UCS4 *)data)[i] | 0x20) != 'a')
                i++;
        }
        if (i >= end)
            break;
        if (i > 0 && is_ascii_letter(PyUnicode_READ(kind, data, i - 1)))
            continue;
        int found = 0;
        if (i + 2 < end) {
            Py_UCS4 next = PyUnicode_READ(kind, data, i + 1), after = PyUnicode_READ(kind, data, i + 2);
            found = (next == 'n' || next == 'N') && (is_article_space(after) || (after >= '0' && after <= '9'));
        }
        if (!found) {
            Py_ssize_t j = i + 1;
            while (j < end && is_article_space(PyUnicode_READ(kind, data, j)))
                j++;
            if (j > i + 1 && j < end) {
                Py_UCS4 v = PyUnicode_READ(kind, data, j);
                found = v == 'a' || v == 'e' || v == 'i' || v == 'o';
            }
        }
        if (found && append_index(out, i) < 0) {
            Py_DECREF(out);
            return NULL;
        }
    }
    return out;
}

static double
substitution_cost(Py_UCS4 x, Py_UCS4 y, int close_kind, const void *close, Py_ssize_t close_len)
{
    if (x == y)
        return 0.0;
    for (Py_ssize_t i = 0; i + 1 < close_len; i += 2) {
        Py_UCS4 p = PyUnicode_READ(close_kind, close, i), q = PyUnicode_READ(close_kind, close, i + 1);
        if ((x == p && y == q) || (x == q && y == p))
            return 0.5;
    }
    return 1.0;
}

static PyObject *
edit_cost(PyObject *self, PyObject *args)
{
    PyObject *a, *b, *close;
    if (!PyArg_ParseTuple(args, "UUU:edit_cost", &a, &b, &close))
        return NULL;
    Py_ssize_t na = PyUnicode_GET_LENGTH(a), nb = PyUnicode_GET_LENGTH(b);
    int ka = PyUnicode_KIND(a), kb = PyUnicode_KIND(b), kc = PyUnicode_KIND(close);
    const void *da = PyUnicode_DATA(a), *db = PyUnicode_DATA(b), *dc = PyUnicode_DATA(close);
    Py_ssize_t nc = PyUnicode_GET_LENGTH(close);
    /* A common beginning costs nothing (as the Python code skips it). */
    Py_ssize_t common = 0;
    while (common < na && common < nb && PyUnicode_READ(ka, da, common) == PyUnicode_READ(kb, db, common))
        common++;
    Py_ssize_t la = na - common, lb = nb - common;
    double small[2][32];
    double *prev = small[0], *cur = small[1], *heap = NULL;
    if (lb + 1 > 32) {
        heap = PyMem_Malloc(2 * (lb + 1) * sizeof(double));
        if (heap == NULL)
            return PyErr_NoMemory();
        prev = heap;
        cur = heap + lb + 1;
    }
    for (Py_ssize_t j = 0; j <= lb; j++)
        prev[j] = (double)j;
    for (Py_ssize_t i = 1; i <= la; i++) {
        Py_UCS4 ca = PyUnicode_READ(ka, da, common + i - 1);
        cur[0] = (double)i;
        for (Py_ssize_t j = 1; j <= lb; j++) {
            double sub = substitution_cost(ca, PyUnicode_READ(kb, db, common + j - 1), kc, dc, nc);
            double best = prev[j] + 1;
            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;
            if (prev[j - 1] + sub < best)
                best = prev[j - 1] + sub;
            cur[j] = best;
        }
        double *t = prev;
        prev = cur;
        cur = t;
    }
    double found = prev[lb];
    PyMem_Free(heap);
    return PyFloat_FromDouble(found);
}

/* ---- the grammar table's hash table (formtable.hash_table) ---------------- */

static uint32_t crc_table[256];

static void
crc_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        crc_table[i] = c;
    }
}

/* binascii.crc32 of the bytes (CRC-32 of zlib and PNG). */
static uint32_t
crc32_of(const unsigned char *p, Py_ssize_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    for (Py_ssize_t i = 0; i < n; i++)
        c = crc_table[(c ^ p[i]) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

static uint32_t
le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

#define TABLE_HEADER 8 /* formtable._HEADER: slots, where the forms' text begins */
#define TABLE_RECORD 16 /* formtable._RECORD: crc, start, length, flags, noun, mods, evidence, padding */
#define TABLE_NONE 0xFFFF /* formtable.NONE */

/* The UTF-8 of form in buf (at most cap bytes), as str.encode makes it:
 * its length; -2 when it does not fit (no record holds it); -1 with an
 * error set on a lone surrogate (str.encode raises too). */
static Py_ssize_t
utf8_of(PyObject *form, unsigned char *buf, Py_ssize_t cap)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(form), len = 0;
    int kind = PyUnicode_KIND(form);
    const void *data = PyUnicode_DATA(form);
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (len + (c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4) > cap)
            return -2;
        if (c < 0x80) {
            buf[len++] = (unsigned char)c;
        } else if (c < 0x800) {
            buf[len++] = (unsigned char)(0xC0 | c >> 6);
            buf[len++] = (unsigned char)(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            if (c >= 0xD800 && c <= 0xDFFF) {
                Py_ssize_t ignored;
                PyUnicode_AsUTF8AndSize(form, &ignored); /* raises UnicodeEncodeError */
                return -1;
            }
            buf[len++] = (unsigned char)(0xE0 | c >> 12);
            buf[len++] = (unsigned char)(0x80 | (c >> 6 & 0x3F));
            buf[len++] = (unsigned char)(0x80 | (c & 0x3F));
        } else {
            buf[len++] = (unsigned char)(0xF0 | c >> 18);
            buf[len++] = (unsigned char)(0x80 | (c >> 12 & 0x3F));
            buf[len++] = (unsigned char)(0x80 | (c >> 6 & 0x3F));
            buf[len++] = (unsigned char)(0x80 | (c & 0x3F));
        }
    }
    return len;
}

/* The record of the form whose UTF-8 is utf8[:len] in the table (buf, size,
 * mask: slots - 1), or NULL when it holds none; sets an error and returns
 * NULL with *bad set when a record points outside the table. */
static const unsigned char *
table_record(const unsigned char *buf, Py_ssize_t size, uint32_t mask, const unsigned char *utf8, Py_ssize_t len,
             int *bad)
{
    uint32_t code = crc32_of(utf8, len);
    for (uint32_t i = code & mask;; i = (i + 1) & mask) {
        const unsigned char *r = buf + TABLE_HEADER + (Py_ssize_t)i * TABLE_RECORD;
        Py_ssize_t held_len = r[8];
        if (held_len == 0)
            return NULL;
        if (le32(r) != code || held_len != len)
            continue;
        uint32_t start = le32(r + 4);
        if ((Py_ssize_t)start > size - held_len) {
            PyErr_SetString(PyExc_ValueError, "table_learn: a record points outside the table");
            *bad = 1;
            return NULL;
        }
        if (memcmp(buf + start, utf8, len) == 0)
            return r;
    }
}

/* Does form hold stem (both str)? str.__contains__ for the few short stems
 * of scan's spelling bits: a plain scan, no search object per call. */
static int
holds(PyObject *form, PyObject *stem)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(form), m = PyUnicode_GET_LENGTH(stem);
    if (m == 0)
        return 1;
    int kind = PyUnicode_KIND(form), stem_kind = PyUnicode_KIND(stem);
    const void *data = PyUnicode_DATA(form), *stem_data = PyUnicode_DATA(stem);
    Py_UCS4 first = PyUnicode_READ(stem_kind, stem_data, 0);
    for (Py_ssize_t i = 0; i + m <= n; i++) {
        if (PyUnicode_READ(kind, data, i) != first)
            continue;
        Py_ssize_t k = 1;
        while (k < m && PyUnicode_READ(kind, data, i + k) == PyUnicode_READ(stem_kind, stem_data, k))
            k++;
        if (k == m)
            return 1;
    }
    return 0;
}

/* formtable.spelling_bits_of(spelling, form): the bits of form's spelling
 * as the spec says, -1 on error. spelling = (ending_bit, endings,
 * ((bit, words), ...), stem_bit, stems), checked by the caller's parse. */
static long
spelling_bits_of(PyObject *spelling, PyObject *form)
{
    long bits = 0;
    long ending_bit = PyLong_AsLong(PyTuple_GET_ITEM(spelling, 0));
    PyObject *endings = PyTuple_GET_ITEM(spelling, 1), *sets = PyTuple_GET_ITEM(spelling, 2);
    long stem_bit = PyLong_AsLong(PyTuple_GET_ITEM(spelling, 3));
    PyObject *stems = PyTuple_GET_ITEM(spelling, 4);
    if (PyErr_Occurred())
        return -1;
    Py_ssize_t n = PyUnicode_GET_LENGTH(form);
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(endings); i++) {
        PyObject *ending = PyTuple_GET_ITEM(endings, i);
        if (!PyUnicode_Check(ending)) {
            PyErr_SetString(PyExc_TypeError, "table_learn: endings must be str");
            return -1;
        }
        Py_ssize_t found = PyUnicode_Tailmatch(form, ending, 0, n, 1);
        if (found < 0)
            return -1;
        if (found) {
            bits |= ending_bit;
            break;
        }
    }
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(sets); i++) {
        PyObject *pair = PyTuple_GET_ITEM(sets, i);
        if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2 || !PyAnySet_Check(PyTuple_GET_ITEM(pair, 1))) {
            PyErr_SetString(PyExc_TypeError, "table_learn: each word set must be (bit, set)");
            return -1;
        }
        int in = PySet_Contains(PyTuple_GET_ITEM(pair, 1), form);
        if (in < 0)
            return -1;
        if (in) {
            long bit = PyLong_AsLong(PyTuple_GET_ITEM(pair, 0));
            if (bit == -1 && PyErr_Occurred())
                return -1;
            bits |= bit;
        }
    }
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(stems); i++) {
        PyObject *stem = PyTuple_GET_ITEM(stems, i);
        if (!PyUnicode_Check(stem)) {
            PyErr_SetString(PyExc_TypeError, "table_learn: stems must be str");
            return -1;
        }
        if (holds(form, stem)) {
            bits |= stem_bit;
            break;
        }
    }
    return bits;
}

/* mask = masks[number] (a dict subclass whose __missing__ reads the mask
 * file); memo[key] = mask. 0, or -1 on error. */
static int
keep_mask(PyObject *memo, PyObject *key, PyObject *masks, long number)
{
    PyObject *n = PyLong_FromLong(number);
    if (n == NULL)
        return -1;
    PyObject *mask = PyObject_GetItem(masks, n);
    Py_DECREF(n);
    if (mask == NULL)
        return -1;
    int r = PyDict_SetItem(memo, key, mask);
    Py_DECREF(mask);
    return r;
}

static PyObject *
table_learn(PyObject *self, PyObject *args)
{
    PyObject *data, *forms, *spelling, *out, *noun_slots, *noun_masks, *mod_slots, *mod_masks;
    if (!PyArg_ParseTuple(args, "OOO!O!O!OO!O:table_learn", &data, &forms, &PyTuple_Type, &spelling, &PyDict_Type,
                          &out, &PyDict_Type, &noun_slots, &noun_masks, &PyDict_Type, &mod_slots, &mod_masks))
        return NULL;
    if (PyTuple_GET_SIZE(spelling) != 5 || !PyTuple_Check(PyTuple_GET_ITEM(spelling, 1)) ||
        !PyTuple_Check(PyTuple_GET_ITEM(spelling, 2)) || !PyTuple_Check(PyTuple_GET_ITEM(spelling, 4))) {
        PyErr_SetString(PyExc_TypeError, "table_learn: spelling must be (bit, endings, ((bit, words), ...), bit, stems)");
        return NULL;
    }
    Py_buffer view;
    if (PyObject_GetBuffer(data, &view, PyBUF_SIMPLE) < 0)
        return NULL;
    PyObject *iter = NULL, *rest = NULL, *form = NULL;
    const unsigned char *buf = view.buf;
    Py_ssize_t size = view.len;
    uint32_t slots = size >= TABLE_HEADER ? le32(buf) : 0;
    if (slots == 0 || (slots & (slots - 1)) != 0 || (Py_ssize_t)slots > (size - TABLE_HEADER) / TABLE_RECORD) {
        PyErr_SetString(PyExc_ValueError, "table_learn: not a table");
        goto fail;
    }
    iter = PyObject_GetIter(forms);
    rest = PyList_New(0);
    if (iter == NULL || rest == NULL)
        goto fail;
    uint32_t mask = slots - 1;
    unsigned char utf8[255]; /* (a record's length is a byte: a longer form is not held) */
    while ((form = PyIter_Next(iter)) != NULL) {
        if (!PyUnicode_Check(form)) {
            PyErr_SetString(PyExc_TypeError, "table_learn: forms must be str");
            goto fail;
        }
        Py_ssize_t len = utf8_of(form, utf8, sizeof utf8);
        if (len == -1)
            goto fail;
        int bad = 0;
        const unsigned char *rec = len < 0 ? NULL : table_record(buf, size, mask, utf8, len, &bad);
        if (bad)
            goto fail;
        if (rec == NULL) {
            if (PyList_Append(rest, form) < 0)
                goto fail;
            Py_CLEAR(form);
            continue;
        }
        long bits = spelling_bits_of(spelling, form);
        if (bits < 0)
            goto fail;
        PyObject *flags = PyLong_FromLong(rec[9] | bits);
        if (flags == NULL)
            goto fail;
        int r = PyDict_SetItem(out, form, flags);
        Py_DECREF(flags);
        if (r < 0)
            goto fail;
        long noun = rec[10] | rec[11] << 8, mod = rec[12] | rec[13] << 8;
        if (noun != TABLE_NONE && keep_mask(noun_slots, form, noun_masks, noun) < 0)
            goto fail;
        if (mod != TABLE_NONE) {
            PyObject *key = PyTuple_Pack(2, form, Py_False);
            if (key == NULL)
                goto fail;
            r = keep_mask(mod_slots, key, mod_masks, mod);
            Py_DECREF(key);
            if (r < 0)
                goto fail;
        }
        Py_CLEAR(form);
    }
    if (PyErr_Occurred())
        goto fail;
    Py_DECREF(iter);
    PyBuffer_Release(&view);
    return rest;
fail:
    Py_XDECREF(form);
    Py_XDECREF(iter);
    Py_XDECREF(rest);
    PyBuffer_Release(&view);
    return NULL;
}

static PyMethodDef methods[] = {
    {"may_hold_digit", may_hold_digit, METH_VARARGS, "Is there a \\d in text[start:end]? None: cannot tell."},
    {"breaks", breaks, METH_VARARGS, "[True] + whether each gap between the words (found in text from start on) holds a non-space."},
    {"lowers", lowers, METH_O, "[w.lower() for w in words], words already lower kept as they are."},
    {"unsettled_phrases", unsettled_phrases, METH_VARARGS, "The nouns the phrase check must look at."},
    {"gate_places", gate_places, METH_VARARGS, "The words' flags from the memo, and where the word checks start."},
    {"article_candidates", article_candidates, METH_VARARGS, "Where an English article may stand that the check could flag."},
    {"edit_cost", edit_cost, METH_VARARGS, "Levenshtein distance with cheap swaps of the close pairs."},
    {"table_learn", table_learn, METH_VARARGS, "The held forms' flags, spelling bits and slots put in the memos; the rest."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_scan", NULL, -1, methods};

PyMODINIT_FUNC
PyInit__scan(void)
{
    crc_init();
    lower_name = PyUnicode_InternFromString("lower");
    za_str = PyUnicode_FromString("\xd0\xb7\xd0\xb0");        /* за */
    chto_str = PyUnicode_FromString("\xd1\x87\xd1\x82\xd0\xbe"); /* что */
    if (lower_name == NULL || za_str == NULL || chto_str == NULL)
        return NULL;
    PyObject *m = PyModule_Create(&module);
    if (m == NULL)
        return NULL;
    if (PyModule_AddIntConstant(m, "VERSION", GRAMMAR_SCAN_VERSION) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
