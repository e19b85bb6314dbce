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
 *   breaks(text, spans) -> list[bool]
 *       [True] + [_is_break(text[e:s]) for the gaps between the spans'
 *       (start, end, ...) tuples]: a gap breaks unless all of it is white
 *       space as the regex module's \s has it (the 25 characters of Unicode's
 *       White_Space; tests/test_grammar_speedups.py checks every code point).
 *   lowers(words) -> list[str]
 *       [w.lower() for w in words], a word whose every character is its own
 *       lower case (ASCII but A-Z, Cyrillic а-я ѐ-џ, ’) kept as the same
 *       object (its hash, once computed, serves every look-up).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#define GRAMMAR_SCAN_VERSION 1

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

static PyObject *
may_hold_digit(PyObject *self, PyObject *args)
{
    PyObject *text;
    Py_ssize_t start, end;
    if (!PyArg_ParseTuple(args, "Unn:may_hold_digit", &text, &start, &end))
        return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (start < 0) start = 0;
    if (end > n) end = n;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    for (Py_ssize_t i = start; i < end; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c < 0x660) {
            if (c >= '0' && c <= '9')
                Py_RETURN_TRUE;
        } else if (!(c >= 0x2000 && c <= 0x206f)) {
            Py_RETURN_NONE;
        }
    }
    Py_RETURN_FALSE;
}

static int
span_bound(PyObject *span, Py_ssize_t i, Py_ssize_t *out)
{
    if (!PyTuple_Check(span) || PyTuple_GET_SIZE(span) < 2) {
        PyErr_SetString(PyExc_TypeError, "breaks: a span is a tuple (start, end, ...)");
        return -1;
    }
    Py_ssize_t v = PyLong_AsSsize_t(PyTuple_GET_ITEM(span, i));
    if (v == -1 && PyErr_Occurred())
        return -1;
    *out = v;
    return 0;
}

static PyObject *
breaks(PyObject *self, PyObject *args)
{
    PyObject *text, *spans;
    if (!PyArg_ParseTuple(args, "UO:breaks", &text, &spans))
        return NULL;
    PyObject *seq = PySequence_Fast(spans, "breaks: spans must be a sequence");
    if (seq == NULL)
        return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    PyObject **items = PySequence_Fast_ITEMS(seq);
    PyObject *out = PyList_New(n);
    if (out == NULL) {
        Py_DECREF(seq);
        return NULL;
    }
    Py_ssize_t len = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t prev_end = 0;
    for (Py_ssize_t k = 0; k < n; k++) {
        Py_ssize_t s, e;
        if (span_bound(items[k], 0, &s) < 0 || span_bound(items[k], 1, &e) < 0)
            goto fail;
        int brk = 1;
        if (k > 0) {
            Py_ssize_t lo = prev_end < 0 ? 0 : prev_end, hi = s > len ? len : s;
            brk = 0;
            for (Py_ssize_t i = lo; i < hi; i++) {
                if (!is_white_space(PyUnicode_READ(kind, data, i))) {
                    brk = 1;
                    break;
                }
            }
        }
        PyObject *b = brk ? Py_True : Py_False;
        Py_INCREF(b);
        PyList_SET_ITEM(out, k, b);
        prev_end = e;
    }
    Py_DECREF(seq);
    return out;
fail:
    Py_DECREF(seq);
    Py_DECREF(out);
    return NULL;
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

static PyObject *lower_name;

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

static PyMethodDef methods[] = {
    {"may_hold_digit", may_hold_digit, METH_VARARGS, "Is there a \\d in text[start:end]? None: cannot tell."},
    {"breaks", breaks, METH_VARARGS, "[True] + whether each gap between the spans holds a non-space."},
    {"lowers", lowers, METH_O, "[w.lower() for w in words], words already lower kept as they are."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_scan", NULL, -1, methods};

PyMODINIT_FUNC
PyInit__scan(void)
{
    lower_name = PyUnicode_InternFromString("lower");
    if (lower_name == NULL)
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
