/* The optional compiled twin of the paragraph alignment's dynamic programme.
 *
 * The pure-Python loop in align.py (_python_dp) is the reference: this
 * computes exactly what it computes, cell by cell: the same steps tried in
 * the same order, the same doubles from the same operations in the same
 * order (libm's sqrt, erfc and log, which are what CPython's math module
 * calls on Linux: m_erfc is erfc when HAVE_ERFC, m_log is log for a positive
 * finite argument, sqrt is sqrt), the first of equal costs kept. Python
 * hands over everything as flat arrays; only for a pair of runs of
 * paragraphs (the anchors two runs share are counted here from the ids of
 * their name keys and numbers).
 *
 *   align_dp(n, m, size_a, size_b, heading_a, heading_b, row_lo, row_hi,
 *            names_a, names_b, numbers_a, numbers_b, steps,
 *            heading_alone, variance, anchor_bonus, sqrt2, ratio)
 *       -> [(di, dj, cost), ...] from (n, m) back to (0, 0), or None when
 *       (n, m) is not reached.
 *
 *   size_a, size_b: int64 prefix sums of the paragraphs' sizes (n + 1, m + 1).
 *   heading_a, heading_b: one byte per paragraph, nonzero for a heading.
 *   row_lo, row_hi: int64, the band's first and last column of each row.
 *   names_a, ...: (start, ids) and numbers_a, ...: (start, ids, counts),
 *       int64 arrays: paragraph p's name keys (numbers) are ids[start[p]:
 *       start[p + 1]], ascending, each key (value) one id for both sides,
 *       with its count for numbers. The anchors two runs of paragraphs
 *       share, align.shared_anchor_count, are counted here from these:
 *       min(common names, 5) plus the size of the multisets' intersection.
 *   steps: ((di, dj, -log(prior)), ...), tried in this order.
 *
 *   length_cost(la, lb, ratio, variance, sqrt2) -> float: align._length_cost
 *       (for the check, at load, that this libm is the one Python uses).
 *
 *   alnum_count(text, start, end) -> int: how many characters of
 *       text[start:end] are letters or digits, str.isalnum of each
 *       (editions.alnum_count, the size of every paragraph of a document
 *       with two languages).
 *
 *   may_read_100_or_fraction(text, start, end) -> bool: the anchors'
 *       pattern of that name in one pass over text[start:end] (the gate's
 *       test of every paragraph of a document with two languages).
 *
 *   prefix_signatures(lower, letters, start, choices, max_readings)
 *       -> frozenset of str, or None: names._prefix_signatures (the
 *       signatures of a Russian name's first letters in every reading of
 *       the letters the transliteration schemas disagree on).
 *
 *   ascii_skeleton(word) -> str, or None: names.skeleton of an ASCII word.
 *   signature(key) -> str: names.signature.
 *
 * One saving the Python loop does not make, exact all the same: a step is
 * not costed when, even with a length cost of 0, it could not be cheaper
 * than the best step of the cell so far. The length cost -log(max(erfc(x),
 * 1e-12)) with x >= 0 is never negative as long as erfc(x) <= 1 there
 * (speedups.py checks this libm at load), and IEEE rounding is monotone,
 * so (before + ((p + lc) - b)) >= (before + ((p + 0) - b)) >= best.
 *
 * The one multiply-add below, anchor_bonus * count subtracted, could be
 * contracted into a fused multiply-add by a compiler allowed to; the
 * product of 2.0 and a small integer is exact, so the result is the same.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ALIGN_DP_VERSION 13
#define MAX_STEPS 16
#define NO_STEP 255
#define ORIGIN 254

static double length_cost(long long la, long long lb, double ratio, double variance, double sqrt2) {
    if (la == 0 && lb == 0) return 0.0;
    double dla = (double)la, dlb = (double)lb;
    double mean = (dla + dlb / ratio) / 2.0;
    double delta = (dlb / ratio - dla) / sqrt(variance * (mean > 1.0 ? mean : 1.0));
    double tail = erfc(fabs(delta) / sqrt2);
    return -log(tail > 1e-12 ? tail : 1e-12);
}

static PyObject *py_length_cost(PyObject *self, PyObject *args) {
    long long la, lb;
    double ratio, variance, sqrt2;
    if (!PyArg_ParseTuple(args, "LLddd", &la, &lb, &ratio, &variance, &sqrt2)) return NULL;
    return PyFloat_FromDouble(length_cost(la, lb, ratio, variance, sqrt2));
}


/* The anchors of every run of 1-3 paragraphs of one side: run (d - 1) * count + p
 * is paragraphs p..p+d-1, its ids (ascending, each once) at ids[start[run]:
 * start[run + 1]], with summed counts for numbers, and a 64-bit signature (bit
 * id % 64 of each id): two runs whose signatures share no bit share no id. */
typedef struct {
    Py_ssize_t count;
    Py_ssize_t *start;
    int64_t *ids;
    int64_t *counts; /* NULL for names */
    uint64_t *signature;
} Runs;

static void runs_free(Runs *runs) {
    PyMem_Free(runs->start);
    PyMem_Free(runs->ids);
    PyMem_Free(runs->counts);
    PyMem_Free(runs->signature);
    memset(runs, 0, sizeof(*runs));
}

/* Check one side's (start, ids[, counts]) arrays and build its runs. */
static int runs_build(Runs *runs, PyObject *arrays, Py_ssize_t count, int with_counts, const char *name) {
    Py_buffer views[3] = {{0}, {0}, {0}};
    int nviews = with_counts ? 3 : 2, ok = -1;
    memset(runs, 0, sizeof(*runs));
    if (!PyTuple_Check(arrays) || PyTuple_GET_SIZE(arrays) != nviews) {
        PyErr_Format(PyExc_TypeError, "align_dp: %s must be a tuple of %d arrays", name, nviews);
        return -1;
    }
    for (int v = 0; v < nviews; v++) {
        if (PyObject_GetBuffer(PyTuple_GET_ITEM(arrays, v), &views[v], PyBUF_SIMPLE) < 0) goto done;
    }
    const int64_t *start = views[0].buf, *ids = views[1].buf, *counts = with_counts ? views[2].buf : NULL;
    Py_ssize_t total = views[1].len / 8;
    if (views[0].len != (count + 1) * 8 || views[1].len % 8 || (with_counts && views[2].len != views[1].len)) {
        PyErr_Format(PyExc_ValueError, "align_dp: %s: arrays of the wrong length", name);
        goto done;
    }
    if (start[0] != 0 || start[count] != total) {
        PyErr_Format(PyExc_ValueError, "align_dp: %s: the starts do not cover the ids", name);
        goto done;
    }
    for (Py_ssize_t p = 0; p < count; p++) {
        if (start[p + 1] < start[p]) {
            PyErr_Format(PyExc_ValueError, "align_dp: %s: the starts go back", name);
            goto done;
        }
        for (Py_ssize_t x = start[p] + 1; x < start[p + 1]; x++) {
            if (ids[x] <= ids[x - 1]) {
                PyErr_Format(PyExc_ValueError, "align_dp: %s: a paragraph's ids are not ascending", name);
                goto done;
            }
        }
    }
    Py_ssize_t capacity = 0;
    for (int d = 1; d <= 3; d++)
        for (Py_ssize_t p = 0; p + d <= count; p++) capacity += start[p + d] - start[p];
    runs->count = count;
    runs->start = PyMem_Malloc((size_t)(3 * count + 1) * sizeof(Py_ssize_t));
    runs->ids = PyMem_Malloc((size_t)(capacity + 1) * sizeof(int64_t));
    runs->counts = with_counts ? PyMem_Malloc((size_t)(capacity + 1) * sizeof(int64_t)) : NULL;
    runs->signature = PyMem_Malloc((size_t)(3 * count + 1) * sizeof(uint64_t));
    if (!runs->start || !runs->ids || (with_counts && !runs->counts) || !runs->signature) {
        PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t out = 0;
    for (int d = 1; d <= 3; d++) {
        for (Py_ssize_t p = 0; p < count; p++) {
            Py_ssize_t run = (Py_ssize_t)(d - 1) * count + p;
            runs->start[run] = out;
            runs->signature[run] = 0;
            if (p + d > count) continue; /* no such run: empty */
            /* Merge the d ascending lists: each id once, its counts summed. */
            Py_ssize_t at[3], end[3];
            for (int q = 0; q < d; q++) {
                at[q] = start[p + q];
                end[q] = start[p + q + 1];
            }
            for (;;) {
                int64_t lowest = 0;
                int found = 0;
                for (int q = 0; q < d; q++) {
                    if (at[q] < end[q] && (!found || ids[at[q]] < lowest)) {
                        lowest = ids[at[q]];
                        found = 1;
                    }
                }
                if (!found) break;
                int64_t sum = 0;
                for (int q = 0; q < d; q++) {
                    if (at[q] < end[q] && ids[at[q]] == lowest) {
                        if (with_counts) sum += counts[at[q]];
                        at[q]++;
                    }
                }
                runs->ids[out] = lowest;
                if (with_counts) runs->counts[out] = sum;
                runs->signature[run] |= (uint64_t)1 << ((uint64_t)lowest & 63);
                out++;
            }
        }
    }
    runs->start[3 * count] = out;
    ok = 0;
done:
    for (int v = 0; v < nviews; v++) PyBuffer_Release(&views[v]);
    if (ok < 0) runs_free(runs);
    return ok;
}

/* How many ids runs ra of a and rb of b have in common (names), or the size
 * of the intersection of the two multisets (numbers: the sum of the smaller
 * counts). */
static long long runs_shared(const Runs *a, Py_ssize_t ra, const Runs *b, Py_ssize_t rb) {
    if (!(a->signature[ra] & b->signature[rb])) return 0;
    Py_ssize_t x = a->start[ra], x_end = a->start[ra + 1], y = b->start[rb], y_end = b->start[rb + 1];
    long long shared = 0;
    while (x < x_end && y < y_end) {
        if (a->ids[x] < b->ids[y]) {
            x++;
        } else if (a->ids[x] > b->ids[y]) {
            y++;
        } else {
            if (a->counts)
                shared += a->counts[x] < b->counts[y] ? a->counts[x] : b->counts[y];
            else
                shared++;
            x++;
            y++;
        }
    }
    return shared;
}

/* A buffer of int64 with exactly `count` items, or an error. */
static int int64_buffer(Py_buffer *view, Py_ssize_t count, const char *name) {
    if (view->itemsize != 8 || view->len != count * 8) {
        PyErr_Format(PyExc_ValueError, "align_dp: %s must hold %zd 8-byte integers", name, count);
        return -1;
    }
    return 0;
}

static PyObject *align_dp(PyObject *self, PyObject *args) {
    Py_ssize_t n, m;
    Py_buffer size_a = {0}, size_b = {0}, heading_a = {0}, heading_b = {0}, row_lo = {0}, row_hi = {0};
    PyObject *steps_obj, *names_a_obj, *names_b_obj, *numbers_a_obj, *numbers_b_obj;
    double heading_alone, variance, anchor_bonus, sqrt2, ratio;
    PyObject *result = NULL;
    double *cost = NULL;
    unsigned char *back = NULL;
    Runs names_a = {0}, names_b = {0}, numbers_a = {0}, numbers_b = {0};

    if (!PyArg_ParseTuple(args, "nny*y*y*y*y*y*OOOOOddddd", &n, &m, &size_a, &size_b, &heading_a, &heading_b,
                          &row_lo, &row_hi, &names_a_obj, &names_b_obj, &numbers_a_obj, &numbers_b_obj, &steps_obj,
                          &heading_alone, &variance, &anchor_bonus, &sqrt2, &ratio))
        return NULL;

    int step_di[MAX_STEPS], step_dj[MAX_STEPS];
    double step_cost[MAX_STEPS];
    Py_ssize_t nsteps = 0;
    if (n < 1 || m < 1) {
        PyErr_SetString(PyExc_ValueError, "align_dp: n and m must be positive");
        goto done;
    }
    if (int64_buffer(&size_a, n + 1, "size_a") || int64_buffer(&size_b, m + 1, "size_b")
        || int64_buffer(&row_lo, n + 1, "row_lo") || int64_buffer(&row_hi, n + 1, "row_hi"))
        goto done;
    if (heading_a.len != n || heading_b.len != m) {
        PyErr_SetString(PyExc_ValueError, "align_dp: heading arrays of the wrong length");
        goto done;
    }
    if (runs_build(&names_a, names_a_obj, n, 0, "names_a") < 0 || runs_build(&names_b, names_b_obj, m, 0, "names_b") < 0
        || runs_build(&numbers_a, numbers_a_obj, n, 1, "numbers_a") < 0
        || runs_build(&numbers_b, numbers_b_obj, m, 1, "numbers_b") < 0)
        goto done;
    PyObject *steps = PySequence_Fast(steps_obj, "align_dp: steps must be a sequence");
    if (!steps) goto done;
    nsteps = PySequence_Fast_GET_SIZE(steps);
    if (nsteps > MAX_STEPS) {
        Py_DECREF(steps);
        PyErr_SetString(PyExc_ValueError, "align_dp: too many steps");
        goto done;
    }
    for (Py_ssize_t k = 0; k < nsteps; k++) {
        PyObject *item = PySequence_Fast_GET_ITEM(steps, k);
        if (!PyArg_ParseTuple(item, "iid", &step_di[k], &step_dj[k], &step_cost[k])) {
            Py_DECREF(steps);
            goto done;
        }
        if (step_di[k] < 0 || step_dj[k] < 0 || step_di[k] > 3 || step_dj[k] > 3 || step_di[k] + step_dj[k] == 0) {
            Py_DECREF(steps);
            PyErr_SetString(PyExc_ValueError, "align_dp: a step takes 0-3 paragraphs of each side, and some");
            goto done;
        }
    }
    Py_DECREF(steps);

    const int64_t *sa = size_a.buf, *sb = size_b.buf, *rlo = row_lo.buf, *rhi = row_hi.buf;
    const unsigned char *ha = heading_a.buf, *hb = heading_b.buf;

    Py_ssize_t width = 1;
    for (Py_ssize_t i = 0; i <= n; i++) {
        if (rlo[i] < 0 || rhi[i] > m || rhi[i] < rlo[i]) {
            PyErr_SetString(PyExc_ValueError, "align_dp: a row's band is out of bounds");
            goto done;
        }
        if (rhi[i] - rlo[i] + 1 > width) width = rhi[i] - rlo[i] + 1;
    }
    if (rlo[0] != 0) {
        PyErr_SetString(PyExc_ValueError, "align_dp: the first row must start at 0");
        goto done;
    }
    cost = PyMem_Malloc((size_t)(n + 1) * width * sizeof(double));
    back = PyMem_Malloc((size_t)(n + 1) * width);
    if (!cost || !back) {
        PyErr_NoMemory();
        goto done;
    }
    memset(back, NO_STEP, (size_t)(n + 1) * width);
    cost[0] = 0.0;
    back[0] = ORIGIN;

    for (Py_ssize_t i = 0; i <= n; i++) {
        Py_ssize_t lo = rlo[i], hi = rhi[i];
        for (Py_ssize_t j = lo; j <= hi; j++) {
            if (i == 0 && j == 0) continue;
            double best = Py_HUGE_VAL;
            int best_step = -1;
            for (int k = 0; k < nsteps; k++) {
                int di = step_di[k], dj = step_dj[k];
                Py_ssize_t pi = i - di, pj = j - dj;
                if (pi < 0 || pj < 0) continue;
                if (pj < rlo[pi] || pj > rhi[pi]) continue;
                Py_ssize_t cell = pi * width + (pj - rlo[pi]);
                if (back[cell] == NO_STEP) continue;
                double before = cost[cell], step;
                if (di == 0 || dj == 0) {
                    int alone = di + dj == 1 && (di ? ha[pi] : hb[pj]);
                    step = alone ? heading_alone : step_cost[k];
                } else {
                    /* shared_anchor_count(a[pi:i], b[pj:j]) */
                    Py_ssize_t ra = (Py_ssize_t)(di - 1) * n + pi, rb = (Py_ssize_t)(dj - 1) * m + pj;
                    long long count = runs_shared(&names_a, ra, &names_b, rb);
                    if (count > 5) count = 5;
                    count += runs_shared(&numbers_a, ra, &numbers_b, rb);
                    /* The length cost is never negative, and rounding is monotone:
                     * this step costs at least what it would with none, and
                     * when that is no cheaper than the best so far the step
                     * cannot win (c < best below fails): erfc and log not needed. */
                    if (before + (step_cost[k] - anchor_bonus * (double)count) >= best) continue;
                    double lc = length_cost(sa[i] - sa[pi], sb[j] - sb[pj], ratio, variance, sqrt2);
                    step = (step_cost[k] + lc) - anchor_bonus * (double)count;
                }
                double c = before + step;
                if (c < best) {
                    best = c;
                    best_step = k;
                }
            }
            if (best_step >= 0) {
                Py_ssize_t cell = i * width + (j - lo);
                cost[cell] = best;
                back[cell] = (unsigned char)best_step;
            }
        }
    }

    Py_ssize_t i = n, j = m;
    if (j < rlo[i] || j > rhi[i] || back[i * width + (j - rlo[i])] == NO_STEP) {
        Py_INCREF(Py_None);
        result = Py_None;
        goto done;
    }
    result = PyList_New(0);
    if (!result) goto done;
    while (i != 0 || j != 0) {
        Py_ssize_t cell = i * width + (j - rlo[i]);
        int k = back[cell];
        Py_ssize_t pi = i - step_di[k], pj = j - step_dj[k];
        double here = cost[cell] - cost[pi * width + (pj - rlo[pi])];
        PyObject *bead = Py_BuildValue("(iid)", step_di[k], step_dj[k], here);
        if (!bead || PyList_Append(result, bead) < 0) {
            Py_XDECREF(bead);
            Py_CLEAR(result);
            goto done;
        }
        Py_DECREF(bead);
        i = pi;
        j = pj;
    }

done:
    PyMem_Free(cost);
    PyMem_Free(back);
    PyBuffer_Release(&size_a);
    PyBuffer_Release(&size_b);
    PyBuffer_Release(&heading_a);
    PyBuffer_Release(&heading_b);
    PyBuffer_Release(&row_lo);
    PyBuffer_Release(&row_hi);
    runs_free(&names_a);
    runs_free(&names_b);
    runs_free(&numbers_a);
    runs_free(&numbers_b);
    return result;
}

/* A kernel's (text, start, end) arguments, start and end clamped as a
 * slice's are: 1 for a span of some characters, 0 for an empty one, -1 on
 * an error (set). */
static int text_span_args(PyObject *args, PyObject **text, Py_ssize_t *start, Py_ssize_t *end) {
    if (!PyArg_ParseTuple(args, "Unn", text, start, end)) return -1;
    if (PyUnicode_READY(*text) < 0) return -1;
    return PySlice_AdjustIndices(PyUnicode_GET_LENGTH(*text), start, end, 1) > 0;
}

/* editions.alnum_count(text[start:end]): str.isalnum of a one-character
 * string is Py_UNICODE_ISALNUM of its character. start and end are clamped
 * as a slice's are. */
static PyObject *py_alnum_count(PyObject *self, PyObject *args) {
    PyObject *text;
    Py_ssize_t start, end;
    int span = text_span_args(args, &text, &start, &end);
    if (span <= 0) return span < 0 ? NULL : PyLong_FromLong(0);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t count = 0;
    if (kind == PyUnicode_1BYTE_KIND && PyUnicode_IS_ASCII(text)) {
        const unsigned char *chars = (const unsigned char *)data;
        for (Py_ssize_t i = start; i < end; i++) {
            unsigned char c = chars[i];
            count += (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
        }
    } else {
        /* ASCII and the Russian alphabet (А-я, Ё, ё: all letters) told
         * by ranges, most characters of the texts; only the others asked
         * of Unicode's tables (four look-ups each). */
        /* (A loop per width of character: PyUnicode_READ's switch on the
         * kind is not taken out of the loop by the compiler at -O2.) */
#define ALNUM_LOOP(TYPE)                                                                   \
        for (Py_ssize_t i = start; i < end; i++) {                                         \
            Py_UCS4 c = ((const TYPE *)data)[i];                                           \
            if (c < 0x80)                                                                  \
                count += (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');\
            else if ((c >= 0x410 && c <= 0x44F) || c == 0x401 || c == 0x451)               \
                count++;                                                                   \
            else                                                                           \
                count += Py_UNICODE_ISALNUM(c) ? 1 : 0;                                    \
        }
        if (kind == PyUnicode_1BYTE_KIND)
            ALNUM_LOOP(Py_UCS1)
        else if (kind == PyUnicode_2BYTE_KIND)
            ALNUM_LOOP(Py_UCS2)
        else
            ALNUM_LOOP(Py_UCS4)
#undef ALNUM_LOOP
    }
    return PyLong_FromSsize_t(count);
}

/* anchors.may_read_100_or_fraction(text, start, end): does text[start:end]
 * hold three digits in a row, a digit, point or comma and digit, a digit
 * next to a look-alike of one, a run of Roman numeral characters with C, D
 * or M in it, or C, D or M before a century word? One pass, no slice; the
 * pattern of anchors.py (the standard re, searched in the slice) is the
 * reference, and each test below is one of its branches at the character
 * the pattern's first class finds: re's \d is Py_UNICODE_ISDECIMAL, its \s
 * Py_UNICODE_ISSPACE, and a cased letter under IGNORECASE matches a
 * character whose simple lower case is the letter's (or, for в, U+1C80:
 * re._casefix). Neither a look-behind nor a look-ahead reaches outside
 * [start, end), as in the slice. */
static int m100_is_digit(Py_UCS4 c) {
    return c < 0x80 ? (c >= '0' && c <= '9') : Py_UNICODE_ISDECIMAL(c);
}

static int m100_is_lookalike(Py_UCS4 c) {  /* [OoОоlI|Зз] */
    switch (c) {
    case 'O': case 'o': case 0x41E: case 0x43E: case 'l': case 'I': case '|': case 0x417: case 0x437:
        return 1;
    default:
        return 0;
    }
}

static int m100_is_roman(Py_UCS4 c) {  /* anchors._ROMAN_CHARS: IVXLCDMХІСМӀ!|1 */
    switch (c) {
    case 'I': case 'V': case 'X': case 'L': case 'C': case 'D': case 'M':
    case 0x425: case 0x406: case 0x421: case 0x41C: case 0x4C0: case '!': case '|': case '1':
        return 1;
    default:
        return 0;
    }
}

static int m100_is_inline_space(Py_UCS4 c) {  /* [^\S\r\n] */
    return c != '\r' && c != '\n' && Py_UNICODE_ISSPACE(c);
}

/* Does the character match the lower-case letter `letter` under re's
 * IGNORECASE? */
static int m100_letter(Py_UCS4 c, Py_UCS4 letter) {
    Py_UCS4 lower = Py_UNICODE_TOLOWER(c);
    return lower == letter || (letter == 0x432 && lower == 0x1C80);
}

/* After C, D or M at i - 1: [^\S\r\n]*(?:[-–—][^\S\r\n]*)?(?i:век|вв?\.|centur|c\.) from i. */
static int m100_century_after(int kind, const void *data, Py_ssize_t i, Py_ssize_t end) {
#define AT(k) PyUnicode_READ(kind, data, (k))
    while (i < end && m100_is_inline_space(AT(i))) i++;
    if (i < end) {
        Py_UCS4 c = AT(i);
        if (c == '-' || c == 0x2013 || c == 0x2014) {
            i++;
            while (i < end && m100_is_inline_space(AT(i))) i++;
        }
    }
    if (i >= end) return 0;
    Py_UCS4 c = AT(i);
    if (m100_letter(c, 0x432)) {  /* век | в. | вв. */
        if (i + 1 >= end) return 0;
        Py_UCS4 d = AT(i + 1);
        if (d == '.') return 1;
        if (i + 2 >= end) return 0;
        Py_UCS4 e = AT(i + 2);
        if (m100_letter(d, 0x435) && m100_letter(e, 0x43A)) return 1;
        return m100_letter(d, 0x432) && e == '.';
    }
    if (m100_letter(c, 'c')) {  /* c. | centur */
        if (i + 1 >= end) return 0;
        if (AT(i + 1) == '.') return 1;
        static const char rest[] = "entur";
        if (end - i < 6) return 0;
        for (int k = 0; k < 5; k++)
            if (!m100_letter(AT(i + 1 + k), (Py_UCS4)rest[k])) return 0;
        return 1;
    }
    return 0;
#undef AT
}

/* Does the branch of the pattern that reads c = text[i] first (a digit, or
 * C/D/M) match there? */
static int m100_match_at(int kind, const void *data, Py_ssize_t i, Py_ssize_t start, Py_ssize_t end, Py_UCS4 c) {
#define AT(k) PyUnicode_READ(kind, data, (k))
    if (m100_is_digit(c)) {
        if (i + 1 < end) {
            Py_UCS4 d = AT(i + 1);
            if (m100_is_lookalike(d)) return 1;  /* a broken number */
            if (i + 2 < end && (m100_is_digit(d) || d == '.' || d == ',') && m100_is_digit(AT(i + 2)))
                return 1;  /* 100 and up, a fraction */
        }
        return i > start && m100_is_lookalike(AT(i - 1));  /* a look-alike, then a digit */
    }
    if (i > start && m100_is_roman(AT(i - 1))) return 1;
    if (i + 1 < end && m100_is_roman(AT(i + 1))) return 1;
    return m100_century_after(kind, data, i + 1, end);
#undef AT
}

/* Can c begin a match: a digit (none outside ASCII below U+0660), or C/D/M? */
static inline int m100_may_begin(Py_UCS4 c) {
    if (c < 0x80) return (c >= '0' && c <= '9') || c == 'C' || c == 'D' || c == 'M';
    return c == 0x421 || c == 0x41C || (c >= 0x660 && Py_UNICODE_ISDECIMAL(c));
}

static PyObject *py_may_read_100_or_fraction(PyObject *self, PyObject *args) {
    PyObject *text;
    Py_ssize_t start, end;
    int span = text_span_args(args, &text, &start, &end);
    if (span <= 0) return span < 0 ? NULL : Py_NewRef(Py_False);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    /* (A loop per width of character, as in alnum_count.) */
#define M100_LOOP(TYPE)                                                                        \
    for (Py_ssize_t i = start; i < end; i++) {                                                 \
        Py_UCS4 c = ((const TYPE *)data)[i];                                                   \
        if (m100_may_begin(c) && m100_match_at(kind, data, i, start, end, c)) Py_RETURN_TRUE;  \
    }
    if (kind == PyUnicode_1BYTE_KIND)
        M100_LOOP(Py_UCS1)
    else if (kind == PyUnicode_2BYTE_KIND)
        M100_LOOP(Py_UCS2)
    else
        M100_LOOP(Py_UCS4)
#undef M100_LOOP
    Py_RETURN_FALSE;
}

/* names._prefix_signatures(lower, letters, range(start, len(letters) + 1),
 * choices), the signatures of a Russian word's first k letters for each k
 * from start: letters is the word's letters' signatures (one character
 * each), or CHOICE where the letter (lower[i]) has several, its options
 * choices[lower[i]] (a tuple of str). Every reading (one option per CHOICE
 * letter) is spelled out with doubled characters made single as they are
 * written, and each prefix of start letters or more is added to the set.
 * None when there are more than max_readings readings. */
#define CHOICE 1

/* The core of prefix_signatures: lower and letters as n characters each.
 * A new frozenset, Py_None (a new reference) past max_readings readings,
 * or NULL on an error. */
static PyObject *signatures_of(const Py_UCS4 *lower, const Py_UCS4 *letters, Py_ssize_t n, Py_ssize_t start,
                               PyObject *choices, Py_ssize_t max_readings) {
    if (start < 1) start = 1; /* the signature of no letters is never asked */
    /* Each CHOICE letter's place, options (borrowed from choices), their
     * count and the one the reading takes. */
    PyObject **options = PyMem_Malloc(sizeof(PyObject *) * (size_t)(n + 1));
    Py_ssize_t *at = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(3 * n + 3));
    Py_UCS4 *buffer = NULL;
    PyObject *found = NULL;
    if (!options || !at) {
        PyErr_NoMemory();
        goto fail;
    }
    Py_ssize_t *counts = at + n + 1, *digits = at + 2 * n + 2;
    Py_ssize_t n_choices = 0, readings = 1, longest = 1;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (letters[i] != CHOICE) continue;
        PyObject *key = PyUnicode_FromOrdinal((int)lower[i]);
        if (!key) goto fail;
        PyObject *tuple = PyDict_GetItemWithError(choices, key);
        Py_DECREF(key);
        if (!tuple) {
            if (!PyErr_Occurred()) PyErr_SetString(PyExc_KeyError, "a CHOICE letter without options");
            goto fail;
        }
        if (!PyTuple_Check(tuple) || PyTuple_GET_SIZE(tuple) == 0) {
            PyErr_SetString(PyExc_TypeError, "a CHOICE letter's options must be a non-empty tuple of str");
            goto fail;
        }
        Py_ssize_t count = PyTuple_GET_SIZE(tuple);
        readings *= count;
        if (readings > max_readings) {
            PyMem_Free(options);
            PyMem_Free(at);
            Py_RETURN_NONE;
        }
        for (Py_ssize_t k = 0; k < count; k++) {
            PyObject *option = PyTuple_GET_ITEM(tuple, k);
            if (!PyUnicode_Check(option) || PyUnicode_READY(option) < 0) {
                if (!PyErr_Occurred()) PyErr_SetString(PyExc_TypeError, "an option must be a str");
                goto fail;
            }
            if (PyUnicode_GET_LENGTH(option) > longest) longest = PyUnicode_GET_LENGTH(option);
        }
        options[n_choices] = tuple;
        at[n_choices] = i;
        counts[n_choices] = count;
        digits[n_choices] = 0;
        n_choices++;
    }
    buffer = PyMem_Malloc(sizeof(Py_UCS4) * (size_t)(n * longest + 1));
    if (!buffer) {
        PyErr_NoMemory();
        goto fail;
    }
    found = PyFrozenSet_New(NULL);
    if (!found) goto fail;
    for (;;) {
        /* One reading: options[c][digits[c]] at each CHOICE letter. */
        Py_ssize_t length = 0, next_choice = 0;
        for (Py_ssize_t i = 0; i < n; i++) {
            Py_UCS4 c = letters[i];
            if (next_choice < n_choices && at[next_choice] == i) {
                PyObject *option = PyTuple_GET_ITEM(options[next_choice], digits[next_choice]);
                next_choice++;
                int okind = PyUnicode_KIND(option);
                const void *odata = PyUnicode_DATA(option);
                Py_ssize_t olength = PyUnicode_GET_LENGTH(option);
                for (Py_ssize_t k = 0; k < olength; k++) {
                    Py_UCS4 o = PyUnicode_READ(okind, odata, k);
                    if (length == 0 || buffer[length - 1] != o) buffer[length++] = o;
                }
            } else if (length == 0 || buffer[length - 1] != c) {
                buffer[length++] = c;
            }
            if (i + 1 >= start) {
                PyObject *prefix = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, buffer, length);
                if (!prefix) goto fail;
                int added = PySet_Add(found, prefix);
                Py_DECREF(prefix);
                if (added < 0) goto fail;
            }
        }
        /* The next reading, the last CHOICE letter's options turning fastest. */
        Py_ssize_t c = n_choices - 1;
        while (c >= 0 && ++digits[c] == counts[c]) digits[c--] = 0;
        if (c < 0) break;
    }
    PyMem_Free(buffer);
    PyMem_Free(options);
    PyMem_Free(at);
    return found;
fail:
    PyMem_Free(buffer);
    PyMem_Free(options);
    PyMem_Free(at);
    Py_XDECREF(found);
    return NULL;
}

static PyObject *py_prefix_signatures(PyObject *self, PyObject *args) {
    PyObject *lower, *letters, *choices;
    Py_ssize_t start, max_readings;
    if (!PyArg_ParseTuple(args, "UUnO!n", &lower, &letters, &start, &PyDict_Type, &choices, &max_readings))
        return NULL;
    if (PyUnicode_READY(lower) < 0 || PyUnicode_READY(letters) < 0) return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(letters);
    if (PyUnicode_GET_LENGTH(lower) != n) {
        PyErr_SetString(PyExc_ValueError, "lower and letters differ in length");
        return NULL;
    }
    Py_UCS4 *lower_chars = PyUnicode_AsUCS4Copy(lower);
    Py_UCS4 *letter_chars = lower_chars ? PyUnicode_AsUCS4Copy(letters) : NULL;
    PyObject *found = letter_chars ? signatures_of(lower_chars, letter_chars, n, start, choices, max_readings) : NULL;
    PyMem_Free(lower_chars);
    PyMem_Free(letter_chars);
    return found;
}

/* names._ru_signatures of each word of a list, in one call: a word of
 * Russian letters only (А-Я, Ё, а-я, ё), all lower case, all capitals or
 * capitalised, is lower-cased and read letter by letter through signs
 * (33 characters: the signature, or CHOICE, of а..я then ё), and its
 * prefixes of start = min(n, max(n - 3, 3)) letters or more read as
 * prefix_signatures does; any other word, or one past max_readings
 * readings, is answered any_answer. */
static PyObject *py_ru_signatures(PyObject *self, PyObject *args) {
    PyObject *words, *signs, *choices, *any_answer;
    Py_ssize_t max_readings;
    if (!PyArg_ParseTuple(args, "O!UO!nO", &PyList_Type, &words, &signs, &PyDict_Type, &choices, &max_readings,
                          &any_answer))
        return NULL;
    if (PyUnicode_READY(signs) < 0) return NULL;
    if (PyUnicode_GET_LENGTH(signs) != 33) {
        PyErr_SetString(PyExc_ValueError, "signs must hold 33 characters (а..я, ё)");
        return NULL;
    }
    Py_UCS4 sign_of[33];
    for (Py_ssize_t k = 0; k < 33; k++) sign_of[k] = PyUnicode_READ_CHAR(signs, k);
    Py_ssize_t count = PyList_GET_SIZE(words);
    PyObject *out = PyList_New(count);
    if (!out) return NULL;
    Py_UCS4 small[2 * 64];
    for (Py_ssize_t w = 0; w < count; w++) {
        PyObject *word = PyList_GET_ITEM(words, w);
        if (!PyUnicode_Check(word) || PyUnicode_READY(word) < 0) {
            if (!PyErr_Occurred()) PyErr_SetString(PyExc_TypeError, "words must be str");
            Py_DECREF(out);
            return NULL;
        }
        Py_ssize_t n = PyUnicode_GET_LENGTH(word);
        int kind = PyUnicode_KIND(word);
        const void *data = PyUnicode_DATA(word);
        /* Russian letters only, and which are capitals. */
        int russian = n > 0 && kind == PyUnicode_2BYTE_KIND, lowers = 0, uppers = 0, first_upper = 0;
        for (Py_ssize_t i = 0; russian && i < n; i++) {
            Py_UCS4 c = PyUnicode_READ(kind, data, i);
            if ((c >= 0x430 && c <= 0x44F) || c == 0x451) {
                lowers++;
            } else if ((c >= 0x410 && c <= 0x42F) || c == 0x401) {
                uppers++;
                if (i == 0) first_upper = 1;
            } else {
                russian = 0;
            }
        }
        PyObject *found;
        if (!russian || !(uppers == 0 || lowers == 0 || (first_upper && uppers == 1))) {
            Py_INCREF(any_answer);
            found = any_answer;
        } else {
            Py_UCS4 *lower = n <= 64 ? small : PyMem_Malloc(sizeof(Py_UCS4) * (size_t)(2 * n));
            if (!lower) {
                Py_DECREF(out);
                return PyErr_NoMemory();
            }
            Py_UCS4 *letters = lower + n;
            for (Py_ssize_t i = 0; i < n; i++) {
                Py_UCS4 c = PyUnicode_READ(kind, data, i);
                if (c == 0x401) c = 0x451;
                else if (c >= 0x410 && c <= 0x42F) c += 0x20;
                lower[i] = c;
                letters[i] = sign_of[c == 0x451 ? 32 : c - 0x430];
            }
            Py_ssize_t start = n - 3 > 3 ? n - 3 : 3;
            if (start > n) start = n;
            found = signatures_of(lower, letters, n, start, choices, max_readings);
            if (lower != small) PyMem_Free(lower);
            if (!found) {
                Py_DECREF(out);
                return NULL;
            }
            if (found == Py_None) {
                Py_DECREF(found);
                Py_INCREF(any_answer);
                found = any_answer;
            }
        }
        PyList_SET_ITEM(out, w, found);
    }
    return out;
}

/* names.skeleton of an ASCII word (None for any other): each letter lower
 * case, x -> ks, w -> v, q -> k, j and y -> i, anything else not a-z left
 * out; then an h after one of bcdfgklmnprstvz (in that spelling) left out;
 * then runs of a letter made one. */
static PyObject *py_ascii_skeleton(PyObject *self, PyObject *word) {
    if (!PyUnicode_Check(word)) {
        PyErr_SetString(PyExc_TypeError, "ascii_skeleton takes a str");
        return NULL;
    }
    if (PyUnicode_READY(word) < 0) return NULL;
    if (!PyUnicode_IS_ASCII(word)) Py_RETURN_NONE;
    Py_ssize_t n = PyUnicode_GET_LENGTH(word);
    const unsigned char *chars = PyUnicode_1BYTE_DATA(word);
    char small[128];
    char *spelled = 2 * n <= (Py_ssize_t)sizeof(small) ? small : PyMem_Malloc((size_t)(2 * n + 1));
    if (!spelled) return PyErr_NoMemory();
    Py_ssize_t length = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        unsigned char c = chars[i];
        if (c >= 'A' && c <= 'Z') c |= 0x20;
        if (c < 'a' || c > 'z') continue;
        switch (c) {
        case 'x': spelled[length++] = 'k'; c = 's'; break;
        case 'w': c = 'v'; break;
        case 'q': c = 'k'; break;
        case 'j': case 'y': c = 'i'; break;
        default: break;
        }
        spelled[length++] = (char)c;
    }
    /* In place: the h rule looks at the spelling before any h is left out. */
    Py_ssize_t out = 0;
    char before = 0;
    for (Py_ssize_t i = 0; i < length; i++) {
        char c = spelled[i];
        int dropped = c == 'h' && before && strchr("bcdfgklmnprstvz", before);
        before = c;
        if (dropped) continue;
        if (out > 0 && spelled[out - 1] == c) continue;
        spelled[out++] = c;
    }
    PyObject *result = PyUnicode_FromStringAndSize(spelled, out);
    if (spelled != small) PyMem_Free(spelled);
    return result;
}

/* names.signature(key): each of a e i o u made V, then runs of one
 * character made one, except of line breaks (which the pattern (.)\1+
 * does not join). */
static PyObject *py_signature(PyObject *self, PyObject *key) {
    if (!PyUnicode_Check(key)) {
        PyErr_SetString(PyExc_TypeError, "signature takes a str");
        return NULL;
    }
    if (PyUnicode_READY(key) < 0) return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(key);
    int kind = PyUnicode_KIND(key);
    const void *data = PyUnicode_DATA(key);
    Py_UCS4 small[64];
    Py_UCS4 *out = n <= 64 ? small : PyMem_Malloc(sizeof(Py_UCS4) * (size_t)n);
    if (!out) return PyErr_NoMemory();
    Py_ssize_t length = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u') c = 'V';
        if (length > 0 && out[length - 1] == c && c != '\n') continue;
        out[length++] = c;
    }
    PyObject *result = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, out, length);
    if (out != small) PyMem_Free(out);
    return result;
}

/* names.capitalised_words of a span whose tokens are known: the tokens
 * (tokens[i], whose string is texts[i]) of two characters or more whose
 * first character str.isupper calls upper case (a one-character string's
 * isupper is Py_UNICODE_ISUPPER of it), as a tuple, in order. `tokens` is
 * any sequence (segments' compiled one makes a Token when one is read):
 * only the tokens kept are read. */
static PyObject *py_capitalised_tokens(PyObject *self, PyObject *args) {
    PyObject *tokens, *texts;
    if (!PyArg_ParseTuple(args, "OO!", &tokens, &PyList_Type, &texts)) return NULL;
    Py_ssize_t n = PySequence_Size(tokens);
    if (n < 0) return NULL;
    if (PyList_GET_SIZE(texts) != n) {
        PyErr_SetString(PyExc_ValueError, "capitalised_tokens: as many texts as tokens");
        return NULL;
    }
    PyObject *found = PyList_New(0);
    if (!found) return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *word = PyList_GET_ITEM(texts, i);
        if (!PyUnicode_Check(word)) {
            PyErr_SetString(PyExc_TypeError, "capitalised_tokens: texts must be str");
            goto fail;
        }
        if (PyUnicode_READY(word) < 0) goto fail;
        if (PyUnicode_GET_LENGTH(word) >= 2 && Py_UNICODE_ISUPPER(PyUnicode_READ_CHAR(word, 0))) {
            PyObject *token = PySequence_GetItem(tokens, i);
            int failed = !token || PyList_Append(found, token) < 0;
            Py_XDECREF(token);
            if (failed) goto fail;
        }
    }
    PyObject *result = PyList_AsTuple(found);
    Py_DECREF(found);
    return result;
fail:
    Py_DECREF(found);
    return NULL;
}

/* headings.is_heading(text, start, end): at most 120 letters
 * (Py_UNICODE_ISALPHA, str.isalpha of one character), all upper case
 * (Py_UNICODE_ISUPPER), and at least one; it stops at the first letter that
 * is not. start and end are clamped as a slice's are. */
static PyObject *py_is_heading(PyObject *self, PyObject *args) {
    PyObject *text;
    Py_ssize_t start, end;
    int span = text_span_args(args, &text, &start, &end);
    if (span <= 0) return span < 0 ? NULL : Py_NewRef(Py_False);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    int letters = 0;
    for (Py_ssize_t i = start; i < end; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (Py_UNICODE_ISALPHA(c)) {
            if (!Py_UNICODE_ISUPPER(c) || ++letters > 120) Py_RETURN_FALSE;
        }
    }
    return PyBool_FromLong(letters > 0);
}

/* ---- the consistency detector's name gate: names.unknown_names and
 * names.variant_candidates (their Python twins, _unknown_names and
 * _variant_candidates, are the reference). Memos are read as dicts and
 * asked by subscription when they lack a key (their __missing__ fills
 * them), exactly as the twins ask them; every answer is held by a new
 * reference (a memo may be emptied by the next miss). */

static PyObject *memo_get(PyObject *memo, PyObject *key) {
    PyObject *value = PyDict_GetItemWithError(memo, key);
    if (value) {
        Py_INCREF(value);
        return value;
    }
    if (PyErr_Occurred()) return NULL;
    return PyObject_GetItem(memo, key);
}

/* unknown_names(base_of, known) -> list: the words of base_of (word ->
 * base) whose base has four characters or more and is not known[base]. */
/* dict[key] += amount, or amount itself for a key not there yet (a
 * Counter's update): 0, or -1 with an exception set. The caller holds key
 * and amount. */
static int dict_add(PyObject *dict, PyObject *key, PyObject *amount) {
    PyObject *old = PyDict_GetItemWithError(dict, key);
    if (!old && PyErr_Occurred()) return -1;
    PyObject *sum = old ? PyNumber_Add(old, amount) : (Py_INCREF(amount), amount);
    int failed = !sum || PyDict_SetItem(dict, key, sum) < 0;
    Py_XDECREF(sum);
    return failed ? -1 : 0;
}

static PyObject *py_unknown_names(PyObject *self, PyObject *args) {
    PyObject *base_of, *known;
    if (!PyArg_ParseTuple(args, "O!O!", &PyDict_Type, &base_of, &PyDict_Type, &known)) return NULL;
    PyObject *found = PyList_New(0);
    if (!found) return NULL;
    Py_ssize_t pos = 0;
    PyObject *word, *base;
    while (PyDict_Next(base_of, &pos, &word, &base)) {
        if (!PyUnicode_Check(base)) {
            PyErr_SetString(PyExc_TypeError, "unknown_names: bases must be str");
            goto fail;
        }
        if (PyUnicode_GET_LENGTH(base) < 4) continue;
        Py_INCREF(word);
        Py_INCREF(base);
        PyObject *answer = memo_get(known, base);
        int is_known = answer ? PyObject_IsTrue(answer) : -1;
        Py_XDECREF(answer);
        Py_DECREF(base);
        if (is_known < 0 || (!is_known && PyList_Append(found, word) < 0)) {
            Py_DECREF(word);
            goto fail;
        }
        Py_DECREF(word);
    }
    return found;
fail:
    Py_DECREF(found);
    return NULL;
}

/* A stem's ends, (case shape, stem, first two letters lowered, last two),
 * as two keys: shape, two characters and the stem's length packed in 64
 * bits (3 shapes x 0x110000^2 x 2^21 < 2^63). 0: read; 1: a value the keys
 * cannot hold (the caller gives up: the Python twin answers); -1: error. */
#define STEM_LENGTH_LIMIT (1 << 21)

static int ends_keys(PyObject *ends, uint64_t *first, uint64_t *last, Py_ssize_t *length) {
    if (!PyTuple_Check(ends) || PyTuple_GET_SIZE(ends) != 4) return 1;
    PyObject *shape = PyTuple_GET_ITEM(ends, 0), *stem = PyTuple_GET_ITEM(ends, 1);
    PyObject *firsts = PyTuple_GET_ITEM(ends, 2), *lasts = PyTuple_GET_ITEM(ends, 3);
    if (!PyUnicode_Check(shape) || !PyUnicode_Check(stem) || !PyUnicode_Check(firsts) || !PyUnicode_Check(lasts)
            || PyUnicode_GET_LENGTH(firsts) != 2 || PyUnicode_GET_LENGTH(lasts) != 2) return 1;
    uint64_t s;
    if (PyUnicode_CompareWithASCIIString(shape, "lower") == 0) s = 0;
    else if (PyUnicode_CompareWithASCIIString(shape, "title") == 0) s = 1;
    else if (PyUnicode_CompareWithASCIIString(shape, "upper") == 0) s = 2;
    else return 1;
    *length = PyUnicode_GET_LENGTH(stem);
    if (*length + 1 >= STEM_LENGTH_LIMIT) return 1;
    uint64_t n = (uint64_t)*length;
    *first = ((s * 0x110000 + PyUnicode_READ_CHAR(firsts, 0)) * 0x110000 + PyUnicode_READ_CHAR(firsts, 1))
        * STEM_LENGTH_LIMIT + n;
    *last = ((s * 0x110000 + PyUnicode_READ_CHAR(lasts, 0)) * 0x110000 + PyUnicode_READ_CHAR(lasts, 1))
        * STEM_LENGTH_LIMIT + n;
    return 0;
}

static int compare_keys(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Is one of the sorted keys (length in the low bits) the key's first
 * part with a length one less, the same or one more? */
static int near_key(const uint64_t *keys, Py_ssize_t n, uint64_t key) {
    for (int d = -1; d <= 1; d++) {
        uint64_t wanted = key + (uint64_t)(int64_t)d;
        if (bsearch(&wanted, keys, (size_t)n, sizeof(uint64_t), compare_keys)) return 1;
    }
    return 0;
}

/* A string's first three characters (it has three or more), packed. */
static uint64_t beginning(PyObject *s) {
    return ((uint64_t)PyUnicode_READ_CHAR(s, 0) << 42) | ((uint64_t)PyUnicode_READ_CHAR(s, 1) << 21)
        | PyUnicode_READ_CHAR(s, 2);
}

/* Does key occur twice or more in keys (sorted)? */
static int twice(const uint64_t *keys, Py_ssize_t n, uint64_t key) {
    Py_ssize_t lo = 0, hi = n;
    while (lo < hi) {
        Py_ssize_t mid = lo + (hi - lo) / 2;
        if (keys[mid] < key) lo = mid + 1;
        else hi = mid;
    }
    return lo + 1 < n && keys[lo] == key && keys[lo + 1] == key;
}

/* The stems seen twice or more of a gate's support ((shape, stem, first,
 * last) -> occurrences) put in stems: (shape, len(stem)) -> [(stem, n)], in
 * the support's order (names.VariantIndex.by_length). 0, or -1 on error. */
static int stems_by_length(PyObject *support, PyObject *stems) {
    Py_ssize_t pos = 0;
    PyObject *ends, *total, *two = PyLong_FromLong(2);
    if (!two) return -1;
    while (PyDict_Next(support, &pos, &ends, &total)) {
        /* (ends_keys has read every tuple of the support: four items, str.) */
        int at_least_two = PyObject_RichCompareBool(total, two, Py_GE);
        if (at_least_two < 0) {
            Py_DECREF(two);
            return -1;
        }
        if (!at_least_two) continue;
        PyObject *stem = PyTuple_GET_ITEM(ends, 1);
        PyObject *key = Py_BuildValue("(On)", PyTuple_GET_ITEM(ends, 0), PyUnicode_GET_LENGTH(stem));
        PyObject *entry = Py_BuildValue("(OO)", stem, total), *entries = NULL;
        int failed = !key || !entry;
        if (!failed) {
            entries = PyDict_GetItemWithError(stems, key);
            if (entries) Py_INCREF(entries);
            else if (PyErr_Occurred() || !(entries = PyList_New(0)) || PyDict_SetItem(stems, key, entries) < 0) failed = 1;
        }
        failed = failed || PyList_Append(entries, entry) < 0;
        Py_XDECREF(entries);
        Py_XDECREF(entry);
        Py_XDECREF(key);
        if (failed) {
            Py_DECREF(two);
            return -1;
        }
    }
    Py_DECREF(two);
    return 0;
}

/* ---- names._stem_ends in C: the variant gate's answer for a base its memo
 * (names.STEM_ENDS) lacks, and consistency._info's for a word its memo
 * lacks, made without a Python frame (the memos' functions, _stem_ends and
 * _info through _case_shape and shortest_ru_stem, are the twins and the
 * reference). */

/* names._case_shape: 0 lower, 1 title, 2 upper. A letter is what
 * str.isalpha says of it alone, a capital what str.isupper says of it
 * alone (one character: Py_UNICODE_ISALPHA, Py_UNICODE_ISUPPER). */
static int case_shape_index(PyObject *word) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(word), letters = 0;
    int kind = PyUnicode_KIND(word), all_upper = 1, first_upper = 0;
    const void *data = PyUnicode_DATA(word);
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (!Py_UNICODE_ISALPHA(c)) continue;
        int upper = Py_UNICODE_ISUPPER(c) != 0;
        if (!letters) first_upper = upper;
        all_upper &= upper;
        letters++;
    }
    return letters > 1 && all_upper ? 2 : letters && first_upper ? 1 : 0;
}

/* names.shortest_ru_stem(base) with endings (names._RU_ENDINGS_BY_LAST:
 * last character -> endings, longest first), or base itself without (NULL):
 * a new reference, NULL on error. *lower: base.lower() when it was made
 * (with endings), else NULL. */
static PyObject *shortest_stem(PyObject *base, PyObject *endings, PyObject **lower) {
    *lower = NULL;
    if (!endings) {
        Py_INCREF(base);
        return base;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(base);
    /* The first ending (longest first) the lowered word ends with that
     * leaves three characters of the word. */
    if (!(*lower = PyObject_CallMethod(base, "lower", NULL))) return NULL;
    Py_ssize_t ln = PyUnicode_GET_LENGTH(*lower);
    PyObject *last = ln ? PyUnicode_FromOrdinal(PyUnicode_READ_CHAR(*lower, ln - 1)) : NULL;
    if (ln && !last) goto fail;
    PyObject *tried = last ? PyDict_GetItemWithError(endings, last) : NULL;  /* borrowed */
    Py_XDECREF(last);
    if (!tried && PyErr_Occurred()) goto fail;
    if (tried && !PyTuple_Check(tried)) {
        PyErr_SetString(PyExc_TypeError, "stem_ends: endings must be tuples of str");
        goto fail;
    }
    for (Py_ssize_t k = 0; tried && k < PyTuple_GET_SIZE(tried); k++) {
        PyObject *ending = PyTuple_GET_ITEM(tried, k);
        if (!PyUnicode_Check(ending)) {
            PyErr_SetString(PyExc_TypeError, "stem_ends: endings must be tuples of str");
            goto fail;
        }
        Py_ssize_t matched = PyUnicode_Tailmatch(*lower, ending, 0, ln, 1);
        if (matched < 0) goto fail;
        Py_ssize_t size = PyUnicode_GET_LENGTH(ending);
        if (matched && n - size >= 3) return PyUnicode_Substring(base, 0, size ? n - size : 0);  /* word[:-len(ending)] */
    }
    Py_INCREF(base);
    return base;
fail:
    Py_CLEAR(*lower);
    return NULL;
}

/* The stem lowered: lower when the stem is the base it was made of. */
static PyObject *stem_lowered(PyObject *stem, PyObject *base, PyObject *lower) {
    if (stem == base && lower) {
        Py_INCREF(lower);
        return lower;
    }
    return PyObject_CallMethod(stem, "lower", NULL);
}

static PyObject *shape_name(int index) {  /* borrowed: "lower", "title", "upper" */
    static PyObject *shapes[3] = {NULL, NULL, NULL};
    static const char *const shape_names[3] = {"lower", "title", "upper"};
    if (!shapes[index]) shapes[index] = PyUnicode_InternFromString(shape_names[index]);
    return shapes[index];
}

/* _stem_ends(base, lang): (shape, stem, first two of the stem lowered, its
 * last two), or None (a new reference either way; NULL on error). The stem
 * is names.shortest_ru_stem(base) when endings strip (Russian), else the
 * base itself. */
static PyObject *stem_ends_of(PyObject *base, int strips, PyObject *endings) {
    PyObject *shape = shape_name(case_shape_index(base)), *lower, *lowered = NULL, *result = NULL;
    if (!shape) return NULL;
    PyObject *stem = shortest_stem(base, strips ? endings : NULL, &lower);
    if (!stem) return NULL;
    if (PyUnicode_GET_LENGTH(stem) < 3) {
        result = Py_None;
        Py_INCREF(result);
    }
    else if ((lowered = stem_lowered(stem, base, lower))) {
        Py_ssize_t lowered_length = PyUnicode_GET_LENGTH(lowered);
        PyObject *first = PyUnicode_Substring(lowered, 0, 2);
        PyObject *last_two = first ? PyUnicode_Substring(lowered, lowered_length - 2, lowered_length) : NULL;
        if (last_two) result = PyTuple_Pack(4, shape, stem, first, last_two);
        Py_XDECREF(first);
        Py_XDECREF(last_two);
    }
    Py_XDECREF(lower);
    Py_DECREF(stem);
    Py_XDECREF(lowered);
    return result;
}

/* consistency._info(word, lang) of a word that is its own base: (its case
 * shape, its name key: the shortest stem (with endings; NULL: the word) in
 * lower case, for a word in capitals or title case of three characters or
 * more, else None). A new reference, NULL on error. */
static PyObject *case_info_of(PyObject *word, PyObject *endings) {
    int index = case_shape_index(word);
    PyObject *shape = shape_name(index), *lower, *key;
    if (!shape) return NULL;
    if (index == 0 || PyUnicode_GET_LENGTH(word) < 3) return PyTuple_Pack(2, shape, Py_None);
    PyObject *stem = shortest_stem(word, endings, &lower);
    if (!stem) return NULL;
    key = stem_lowered(stem, word, lower);
    Py_XDECREF(lower);
    Py_DECREF(stem);
    if (!key) return NULL;
    PyObject *result = PyTuple_Pack(2, shape, key);
    Py_DECREF(key);
    return result;
}

/* case_info(word, endings) -> tuple: consistency._info(word, lang) of a
 * word that is its own base (endings: the language's, empty for none). */
static PyObject *py_case_info(PyObject *self, PyObject *args) {
    PyObject *word, *endings;
    if (!PyArg_ParseTuple(args, "UO!", &word, &PyDict_Type, &endings)) return NULL;
    return case_info_of(word, PyDict_GET_SIZE(endings) ? endings : NULL);
}

/* The maxsize of a names.Memo (-1 with an exception set when it has none). */
static Py_ssize_t memo_maxsize(PyObject *memo) {
    PyObject *limit = PyObject_GetAttrString(memo, "maxsize");
    if (!limit) return -1;
    Py_ssize_t maxsize = PyLong_AsSsize_t(limit);
    Py_DECREF(limit);
    return maxsize;
}

/* Keep value (a new reference, or NULL) in a names.Memo as its __missing__
 * does: emptied first when it holds maxsize answers. */
static PyObject *memo_keep(PyObject *memo, PyObject *key, PyObject *value, Py_ssize_t maxsize) {
    if (!value) return NULL;
    if (PyDict_GET_SIZE(memo) >= maxsize) PyDict_Clear(memo);
    if (PyDict_SetItem(memo, key, value) < 0) Py_CLEAR(value);
    return value;
}

/* case_info[word] (a names.Memo of consistency._info for the language whose
 * endings are given; NULL endings: none strip), a word the memo lacks
 * answered here when its base is itself, else by the memo's __missing__. */
static PyObject *case_info_kept(PyObject *memo, PyObject *word, PyObject *base, PyObject *endings,
                                Py_ssize_t maxsize) {
    PyObject *value = PyDict_GetItemWithError(memo, word);
    if (value) {
        Py_INCREF(value);
        return value;
    }
    if (PyErr_Occurred()) return NULL;
    int own = base && PyUnicode_Check(word) && PyUnicode_Check(base) ? PyUnicode_Compare(word, base) == 0 : 0;
    if (!own) {
        if (PyErr_Occurred()) return NULL;
        return PyObject_GetItem(memo, word);
    }
    return memo_keep(memo, word, case_info_of(word, endings), maxsize);
}

/* stem_ends(base, strips, endings) -> tuple or None: names._stem_ends. */
static PyObject *py_stem_ends(PyObject *self, PyObject *args) {
    PyObject *base, *endings;
    int strips;
    if (!PyArg_ParseTuple(args, "UpO!", &base, &strips, &PyDict_Type, &endings)) return NULL;
    return stem_ends_of(base, strips, endings);
}

/* memo[base] of names.STEM_ENDS' memo of a language: its answer, or on a
 * miss the answer made here and kept as the memo's __missing__ keeps it
 * (emptied first when it holds maxsize answers). */
static PyObject *stem_ends_kept(PyObject *memo, PyObject *base, int strips, PyObject *endings, Py_ssize_t maxsize) {
    PyObject *value = PyDict_GetItemWithError(memo, base);
    if (value) {
        Py_INCREF(value);
        return value;
    }
    if (PyErr_Occurred()) return NULL;
    if (!PyUnicode_Check(base)) {
        PyErr_SetString(PyExc_TypeError, "variant_candidates: bases must be str");
        return NULL;
    }
    return memo_keep(memo, base, stem_ends_of(base, strips, endings), maxsize);
}

/* variant_candidates(words, base_of, counts, ends, merges[, stems[, endings]])
 * -> list, or None when a stem does not fit the keys:
 * names._variant_candidates. With endings (a dict: ends is then
 * names.STEM_ENDS' memo of the language, and endings strip when merges), a
 * base the memo lacks is answered here (stem_ends_kept), else by the
 * memo's __missing__. */
static PyObject *py_variant_candidates(PyObject *self, PyObject *args) {
    PyObject *words, *base_of, *counts, *memo, *stems = Py_None, *endings = Py_None;
    int merges;
    if (!PyArg_ParseTuple(args, "O!O!O!O!p|OO", &PyList_Type, &words, &PyDict_Type, &base_of, &PyDict_Type, &counts,
                          &PyDict_Type, &memo, &merges, &stems, &endings)) return NULL;
    if (stems != Py_None && !PyDict_Check(stems)) {
        PyErr_SetString(PyExc_TypeError, "variant_candidates: stems must be a dict or None");
        return NULL;
    }
    if (endings != Py_None && !PyDict_Check(endings)) {
        PyErr_SetString(PyExc_TypeError, "variant_candidates: endings must be a dict or None");
        return NULL;
    }
    Py_ssize_t maxsize = endings != Py_None ? memo_maxsize(memo) : 0;
    if (maxsize == -1 && PyErr_Occurred()) return NULL;
#define ENDS_OF(base) (endings != Py_None ? stem_ends_kept(memo, base, merges, endings, maxsize) : memo_get(memo, base))
    Py_ssize_t n_words = PyList_GET_SIZE(words);
    PyObject *result = NULL, *support = NULL, *probe_words = PyList_New(0), *one = PyLong_FromLong(1);
    uint64_t *probes = NULL, *firsts = NULL, *lasts = NULL, *beginnings = NULL;
    Py_ssize_t n_probes = 0, n_stems = 0;
    int status;
    if (!probe_words || !one) goto done;
    probes = PyMem_Malloc(sizeof(uint64_t) * 2 * (size_t)(n_words ? n_words : 1));
    if (!probes) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < n_words; i++) {
        PyObject *word = PyList_GET_ITEM(words, i);
        PyObject *base = PyDict_GetItemWithError(base_of, word);
        if (!base) {
            if (!PyErr_Occurred()) PyErr_SetObject(PyExc_KeyError, word);
            goto done;
        }
        if (!PyUnicode_Check(base)) {
            PyErr_SetString(PyExc_TypeError, "variant_candidates: bases must be str");
            goto done;
        }
        if (PyUnicode_GET_LENGTH(base) < 4) continue;
        Py_INCREF(word);
        PyObject *ends = ENDS_OF(base);
        Py_ssize_t length = 0;
        status = !ends ? -1 : ends == Py_None ? 2
            : ends_keys(ends, &probes[2 * n_probes], &probes[2 * n_probes + 1], &length);
        Py_XDECREF(ends);
        if (status == 0 && length >= 4) {
            if (PyList_Append(probe_words, word) < 0) status = -1;
            else n_probes++;
        }
        Py_DECREF(word);
        if (status == -1) goto done;
        if (status == 1) {
            result = Py_None;
            Py_INCREF(result);
            goto done;
        }
    }
    if (!n_probes) {
        result = PyList_New(0);
        goto done;
    }
    /* Each stem's support: its words' occurrences added up (equal ends are
     * one stem), of the words seen twice and, when words of one stem may
     * differ, of those whose first three characters another word shares. */
    Py_ssize_t pos = 0, n_beginnings = 0;
    PyObject *base, *count;
    if (merges) {
        beginnings = PyMem_Malloc(sizeof(uint64_t) * (size_t)(PyDict_GET_SIZE(counts) + 1));
        if (!beginnings) {
            PyErr_NoMemory();
            goto done;
        }
        while (PyDict_Next(counts, &pos, &base, &count)) {
            if (!PyUnicode_Check(base)) {
                PyErr_SetString(PyExc_TypeError, "variant_candidates: counts' keys must be str");
                goto done;
            }
            if (PyUnicode_GET_LENGTH(base) >= 3) beginnings[n_beginnings++] = beginning(base);
        }
        qsort(beginnings, (size_t)n_beginnings, sizeof(uint64_t), compare_keys);
    }
    support = PyDict_New();
    if (!support) goto done;
    pos = 0;
    while (PyDict_Next(counts, &pos, &base, &count)) {
        int many = PyObject_RichCompareBool(count, one, Py_GT);
        if (many < 0) goto done;
        if (!many && !(merges && PyUnicode_Check(base) && PyUnicode_GET_LENGTH(base) >= 3
                       && twice(beginnings, n_beginnings, beginning(base)))) continue;
        Py_INCREF(base);
        Py_INCREF(count);
        PyObject *ends = ENDS_OF(base);
        status = -1;
        if (ends == Py_None) status = 0;
        else if (ends) status = dict_add(support, ends, count);
        Py_XDECREF(ends);
        Py_DECREF(count);
        Py_DECREF(base);
        if (status < 0) goto done;
    }
    Py_ssize_t n_support = PyDict_GET_SIZE(support);
    firsts = PyMem_Malloc(sizeof(uint64_t) * 2 * (size_t)(n_support ? n_support : 1));
    if (!firsts) {
        PyErr_NoMemory();
        goto done;
    }
    lasts = firsts + n_support;
    pos = 0;
    PyObject *ends, *total, *two = PyLong_FromLong(2);
    if (!two) goto done;
    while (PyDict_Next(support, &pos, &ends, &total)) {
        int at_least_two = PyObject_RichCompareBool(total, two, Py_GE);
        if (at_least_two < 0) {
            Py_DECREF(two);
            goto done;
        }
        if (!at_least_two) continue;
        Py_ssize_t length;
        status = ends_keys(ends, &firsts[n_stems], &lasts[n_stems], &length);
        if (status == 1) {
            Py_DECREF(two);
            result = Py_None;
            Py_INCREF(result);
            goto done;
        }
        n_stems++;
    }
    Py_DECREF(two);
    qsort(firsts, (size_t)n_stems, sizeof(uint64_t), compare_keys);
    qsort(lasts, (size_t)n_stems, sizeof(uint64_t), compare_keys);
    result = PyList_New(0);
    if (!result) goto done;
    for (Py_ssize_t k = 0; k < n_probes && n_stems; k++) {
        if ((near_key(firsts, n_stems, probes[2 * k]) || near_key(lasts, n_stems, probes[2 * k + 1]))
                && PyList_Append(result, PyList_GET_ITEM(probe_words, k)) < 0) {
            Py_CLEAR(result);
            goto done;
        }
    }
    if (stems != Py_None && PyList_GET_SIZE(result) && stems_by_length(support, stems) < 0) Py_CLEAR(result);
done:
    Py_XDECREF(probe_words);
    Py_XDECREF(one);
    Py_XDECREF(support);
    PyMem_Free(probes);
    PyMem_Free(firsts);
    PyMem_Free(beginnings);
    return result;
#undef ENDS_OF
}

/* str.isupper and str.isalpha, as CPython 3.11 computes them
 * (unicodeobject.c: unicode_isupper_impl, unicode_isalpha_impl). */
static int str_isupper(PyObject *s) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(s);
    int kind = PyUnicode_KIND(s);
    const void *data = PyUnicode_DATA(s);
    if (n == 1) return Py_UNICODE_ISUPPER(PyUnicode_READ(kind, data, 0)) != 0;
    int cased = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (Py_UNICODE_ISLOWER(c) || Py_UNICODE_ISTITLE(c)) return 0;
        if (!cased && Py_UNICODE_ISUPPER(c)) cased = 1;
    }
    return cased;
}

static int str_isalpha(PyObject *s) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(s);
    int kind = PyUnicode_KIND(s);
    const void *data = PyUnicode_DATA(s);
    if (n == 0) return 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (!Py_UNICODE_ISALPHA(PyUnicode_READ(kind, data, i))) return 0;
    }
    return 1;
}

/* The optional endings of upper_names and case_candidates: None (the
 * memo answers every word it lacks), or a dict (consistency._info's memo of
 * the language whose name keys drop those endings: empty, none): *use and
 * *strip set, and the memo's maxsize read. 0, or -1 on error. */
static int case_info_endings(PyObject *endings, PyObject *memo, int *use, PyObject **strip, Py_ssize_t *maxsize) {
    *use = 0;
    *strip = NULL;
    if (endings == Py_None) return 0;
    if (!PyDict_Check(endings)) {
        PyErr_SetString(PyExc_TypeError, "endings must be a dict or None");
        return -1;
    }
    *use = 1;
    *strip = PyDict_GET_SIZE(endings) ? endings : NULL;
    *maxsize = memo_maxsize(memo);
    return *maxsize == -1 && PyErr_Occurred() ? -1 : 0;
}

/* upper_names(bases, case_info[, endings]) -> list: names._upper_names. */
static PyObject *py_upper_names(PyObject *self, PyObject *args) {
    PyObject *bases, *case_info, *endings = Py_None, *strip;
    static PyObject *in_capitals = NULL;  /* the shape "upper", made once */
    if (!PyArg_ParseTuple(args, "O!O!|O", &PyDict_Type, &bases, &PyDict_Type, &case_info, &endings)) return NULL;
    int use;
    Py_ssize_t maxsize;
    if (case_info_endings(endings, case_info, &use, &strip, &maxsize) < 0) return NULL;
    if (!in_capitals && !(in_capitals = PyUnicode_InternFromString("upper"))) return NULL;
    PyObject *found = PyList_New(0);
    if (!found) return NULL;
    Py_ssize_t pos = 0;
    PyObject *word, *base;
    while (PyDict_Next(bases, &pos, &word, &base)) {
        if (!PyUnicode_Check(base)) {
            PyErr_SetString(PyExc_TypeError, "upper_names: bases must be str");
            goto fail;
        }
        if (PyUnicode_READY(base) < 0) goto fail;
        if (PyUnicode_GET_LENGTH(base) < 3 || !(str_isupper(base) || !str_isalpha(base))) continue;
        Py_INCREF(word);
        Py_INCREF(base);
        PyObject *info = use ? case_info_kept(case_info, word, base, strip, maxsize) : memo_get(case_info, word);
        Py_DECREF(base);
        int upper = -1;
        if (info) {
            PyObject *shape = PySequence_GetItem(info, 0);
            if (shape) {
                upper = PyObject_RichCompareBool(shape, in_capitals, Py_EQ);
                Py_DECREF(shape);
            }
            Py_DECREF(info);
        }
        if (upper < 0 || (upper && PyList_Append(found, word) < 0)) {
            Py_DECREF(word);
            goto fail;
        }
        Py_DECREF(word);
    }
    return found;
fail:
    Py_DECREF(found);
    return NULL;
}

/* base_forms(words, without_possessive) -> dict: names.base_forms(words,
 * "en") of the keys of a dict: a word with an apostrophe (' or U+2019) is
 * looked up in the memo, any other is its own base. */
static PyObject *py_base_forms(PyObject *self, PyObject *args) {
    PyObject *words, *memo;
    if (!PyArg_ParseTuple(args, "O!O!", &PyDict_Type, &words, &PyDict_Type, &memo)) return NULL;
    PyObject *bases = PyDict_New();
    if (!bases) return NULL;
    Py_ssize_t pos = 0;
    PyObject *word, *count;
    while (PyDict_Next(words, &pos, &word, &count)) {
        if (!PyUnicode_Check(word) || PyUnicode_READY(word) < 0) {
            if (!PyErr_Occurred()) PyErr_SetString(PyExc_TypeError, "base_forms: words must be str");
            goto fail;
        }
        Py_ssize_t n = PyUnicode_GET_LENGTH(word), at = PyUnicode_FindChar(word, '\'', 0, n, 1);
        if (at == -1) at = PyUnicode_FindChar(word, 0x2019, 0, n, 1);
        if (at == -2) goto fail;
        Py_INCREF(word);
        PyObject *base = at >= 0 ? memo_get(memo, word) : (Py_INCREF(word), word);
        int failed = !base || PyDict_SetItem(bases, word, base) < 0;
        Py_XDECREF(base);
        Py_DECREF(word);
        if (failed) goto fail;
    }
    return bases;
fail:
    Py_DECREF(bases);
    return NULL;
}

/* word_counts(capitalised) -> dict: how often each third item of the
 * tuples of a list occurs, in the order first seen: names._word_counts
 * (Counter(map(itemgetter(2), capitalised))). */
static PyObject *py_word_counts(PyObject *self, PyObject *args) {
    PyObject *items;
    if (!PyArg_ParseTuple(args, "O!", &PyList_Type, &items)) return NULL;
    PyObject *counts = PyDict_New(), *one = PyLong_FromLong(1);
    if (!counts || !one) goto fail;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(items); i++) {
        PyObject *item = PyList_GET_ITEM(items, i);
        if (!PyTuple_Check(item) || PyTuple_GET_SIZE(item) < 3) {
            PyErr_SetString(PyExc_TypeError, "word_counts: items must be tuples of three or more");
            goto fail;
        }
        PyObject *word = PyTuple_GET_ITEM(item, 2);
        Py_INCREF(word);
        int failed = dict_add(counts, word, one) < 0;
        Py_DECREF(word);
        if (failed) goto fail;
    }
    Py_DECREF(one);
    return counts;
fail:
    Py_XDECREF(counts);
    Py_XDECREF(one);
    return NULL;
}

/* base_counts(counts, base_of) -> dict: counts itself (a new reference)
 * when every word is its own base, else each base's words' counts added up,
 * in the order first seen: names._base_counts. */
static PyObject *py_base_counts(PyObject *self, PyObject *args) {
    PyObject *counts, *base_of;
    if (!PyArg_ParseTuple(args, "O!O!", &PyDict_Type, &counts, &PyDict_Type, &base_of)) return NULL;
    Py_ssize_t pos = 0;
    PyObject *word, *n;
    int same = 1;
    while (same && PyDict_Next(counts, &pos, &word, &n)) {
        PyObject *base = PyDict_GetItemWithError(base_of, word);
        if (!base) {
            if (!PyErr_Occurred()) PyErr_SetObject(PyExc_KeyError, word);
            return NULL;
        }
        if (base != word) {
            Py_INCREF(base);
            int equal = PyObject_RichCompareBool(base, word, Py_EQ);
            Py_DECREF(base);
            if (equal < 0) return NULL;
            same = equal;
        }
    }
    if (same) {
        Py_INCREF(counts);
        return counts;
    }
    PyObject *summed = PyDict_New();
    if (!summed) return NULL;
    pos = 0;
    while (PyDict_Next(counts, &pos, &word, &n)) {
        Py_INCREF(word);
        Py_INCREF(n);
        PyObject *base = PyDict_GetItemWithError(base_of, word);
        if (!base && !PyErr_Occurred()) PyErr_SetObject(PyExc_KeyError, word);
        Py_XINCREF(base);
        int failed = !base || dict_add(summed, base, n) < 0;
        Py_XDECREF(base);
        Py_DECREF(n);
        Py_DECREF(word);
        if (failed) {
            Py_DECREF(summed);
            return NULL;
        }
    }
    return summed;
}

/* latin_skeletons(words, base_of, latin_only, skeletons) -> dict:
 * names._latin_skeletons. A base all ASCII is Latin only when it is
 * letters, apostrophes and hyphens (the only ASCII characters of the
 * pattern [\p{Script=Latin}'’-]); any other is asked of the memo. */
static PyObject *py_latin_skeletons(PyObject *self, PyObject *args) {
    PyObject *words, *base_of, *latin_only, *skeletons;
    if (!PyArg_ParseTuple(args, "O!O!O!O!", &PyList_Type, &words, &PyDict_Type, &base_of, &PyDict_Type, &latin_only,
                          &PyDict_Type, &skeletons)) return NULL;
    PyObject *found = PyDict_New();
    if (!found) return NULL;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(words); i++) {
        PyObject *word = PyList_GET_ITEM(words, i);
        Py_INCREF(word);
        PyObject *base = PyDict_GetItemWithError(base_of, word), *skeleton = NULL;
        int latin = -1;
        if (!base) {
            if (!PyErr_Occurred()) PyErr_SetObject(PyExc_KeyError, word);
        }
        else if (!PyUnicode_Check(base)) PyErr_SetString(PyExc_TypeError, "latin_skeletons: bases must be str");
        else if (PyUnicode_IS_ASCII(base)) {
            Py_ssize_t n = PyUnicode_GET_LENGTH(base);
            const unsigned char *chars = PyUnicode_1BYTE_DATA(base);
            latin = n > 0;
            for (Py_ssize_t k = 0; k < n && latin; k++) {
                unsigned char c = chars[k] | 0x20;
                latin = (c >= 'a' && c <= 'z') || chars[k] == '\'' || chars[k] == '-';
            }
        }
        else {
            PyObject *answer = memo_get(latin_only, base);
            latin = answer ? PyObject_IsTrue(answer) : -1;
            Py_XDECREF(answer);
        }
        if (latin > 0) {
            Py_INCREF(base);
            skeleton = memo_get(skeletons, base);
            if (!skeleton || PyDict_SetItem(found, word, skeleton) < 0) latin = -1;
            Py_XDECREF(skeleton);
            Py_DECREF(base);
        }
        Py_DECREF(word);
        if (latin < 0) {
            Py_DECREF(found);
            return NULL;
        }
    }
    return found;
}

/* The first character of str.lower() of a string's first character:
 * ASCII and the Russian capitals lower-case one to one; any other is asked
 * of str.lower itself. (Py_UCS4)-1 on error. */
static Py_UCS4 lower_initial(PyObject *s) {
    Py_UCS4 c = PyUnicode_READ_CHAR(s, 0);
    if (c < 0x80) return c >= 'A' && c <= 'Z' ? c + 0x20 : c;
    if (c >= 0x0410 && c <= 0x042F) return c + 0x20;
    if (c >= 0x0400 && c <= 0x040F) return c + 0x50;
    if (c >= 0x0430 && c <= 0x045F) return c;
    PyObject *first = PyUnicode_Substring(s, 0, 1), *lower = NULL;
    if (first) lower = PyObject_CallMethod(first, "lower", NULL);
    Py_XDECREF(first);
    if (!lower) return (Py_UCS4)-1;
    c = PyUnicode_GET_LENGTH(lower) ? PyUnicode_READ_CHAR(lower, 0) : (Py_UCS4)-2;
    Py_DECREF(lower);
    return c;
}

/* case_candidates(bases, case_info, upper[, endings]) -> dict: names._case_candidates. */
static PyObject *py_case_candidates(PyObject *self, PyObject *args) {
    PyObject *bases, *case_info, *upper, *endings = Py_None, *strip;
    if (!PyArg_ParseTuple(args, "O!O!O!|O", &PyDict_Type, &bases, &PyDict_Type, &case_info, &PyList_Type, &upper,
                          &endings))
        return NULL;
    int use;
    Py_ssize_t maxsize;
    if (case_info_endings(endings, case_info, &use, &strip, &maxsize) < 0) return NULL;
    Py_ssize_t n_upper = PyList_GET_SIZE(upper), n_initials = 0;
    Py_UCS4 *initials = PyMem_Malloc(sizeof(Py_UCS4) * (size_t)(n_upper ? n_upper : 1));
    PyObject *info = PyDict_New();
    if (!initials || !info) {
        if (!initials) PyErr_NoMemory();
        goto fail;
    }
    /* The initials of the keys in capitals (their info into the answer). */
    for (Py_ssize_t i = 0; i < n_upper; i++) {
        PyObject *word = PyList_GET_ITEM(upper, i);
        Py_INCREF(word);
        PyObject *answer = NULL, *key = NULL;
        if (!use) answer = memo_get(case_info, word);
        else {
            PyObject *base = PyDict_GetItemWithError(bases, word);  /* (None: the memo answers) */
            Py_XINCREF(base);
            if (base || !PyErr_Occurred()) answer = case_info_kept(case_info, word, base, strip, maxsize);
            Py_XDECREF(base);
        }
        int failed = !answer || PyDict_SetItem(info, word, answer) < 0;
        if (!failed) key = PySequence_GetItem(answer, 1);
        failed = failed || !key;
        if (!failed && !PyUnicode_Check(key)) {
            PyErr_SetString(PyExc_TypeError, "case_candidates: a word in capitals without a key");
            failed = 1;
        }
        if (!failed && PyUnicode_GET_LENGTH(key)) initials[n_initials++] = PyUnicode_READ_CHAR(key, 0);
        Py_XDECREF(key);
        Py_XDECREF(answer);
        Py_DECREF(word);
        if (failed) goto fail;
    }
    Py_ssize_t pos = 0;
    PyObject *word, *base;
    while (PyDict_Next(bases, &pos, &word, &base)) {
        if (!PyUnicode_Check(base) || PyUnicode_READY(base) < 0) {
            if (!PyErr_Occurred()) PyErr_SetString(PyExc_TypeError, "case_candidates: bases must be str");
            goto fail;
        }
        if (PyUnicode_GET_LENGTH(base) < 3) continue;
        Py_UCS4 c = lower_initial(base);
        if (c == (Py_UCS4)-1) goto fail;
        int found = 0;
        for (Py_ssize_t k = 0; k < n_initials && !found; k++) found = initials[k] == c;
        if (!found) continue;
        int have = PyDict_Contains(info, word);
        if (have < 0) goto fail;
        if (have) continue;
        Py_INCREF(word);
        Py_INCREF(base);
        PyObject *answer = use ? case_info_kept(case_info, word, base, strip, maxsize) : memo_get(case_info, word);
        Py_DECREF(base);
        int failed = !answer || PyDict_SetItem(info, word, answer) < 0;
        Py_XDECREF(answer);
        Py_DECREF(word);
        if (failed) goto fail;
    }
    PyMem_Free(initials);
    return info;
fail:
    PyMem_Free(initials);
    Py_XDECREF(info);
    return NULL;
}

static PyMethodDef module_methods[] = {
    {"align_dp", align_dp, METH_VARARGS,
     "align_dp(n, m, size_a, size_b, heading_a, heading_b, row_lo, row_hi, names_a, names_b, numbers_a, "
     "numbers_b, steps, heading_alone, variance, anchor_bonus, sqrt2, ratio)"
     " -> [(di, dj, cost)] from the end, or None"},
    {"length_cost", py_length_cost, METH_VARARGS,
     "length_cost(la, lb, ratio, variance, sqrt2) -> float: align._length_cost"},
    {"alnum_count", py_alnum_count, METH_VARARGS,
     "alnum_count(text, start, end) -> int: editions.alnum_count(text[start:end])"},
    {"may_read_100_or_fraction", py_may_read_100_or_fraction, METH_VARARGS,
     "may_read_100_or_fraction(text, start, end) -> bool: anchors.may_read_100_or_fraction"},
    {"prefix_signatures", py_prefix_signatures, METH_VARARGS,
     "prefix_signatures(lower, letters, start, choices, max_readings) -> frozenset, or None: "
     "names._prefix_signatures"},
    {"ru_signatures", py_ru_signatures, METH_VARARGS,
     "ru_signatures(words, signs, choices, max_readings, any_answer) -> list: names._ru_signatures of each"},
    {"ascii_skeleton", py_ascii_skeleton, METH_O,
     "ascii_skeleton(word) -> str, or None for a word not all ASCII: names.skeleton(word)"},
    {"signature", py_signature, METH_O, "signature(key) -> str: names.signature(key)"},
    {"capitalised_tokens", py_capitalised_tokens, METH_VARARGS,
     "capitalised_tokens(tokens, texts) -> tuple: the tokens of two characters or more whose first is upper case"},
    {"is_heading", py_is_heading, METH_VARARGS, "is_heading(text, start, end) -> bool: headings.is_heading"},
    {"unknown_names", py_unknown_names, METH_VARARGS,
     "unknown_names(base_of, known) -> list: names._unknown_names"},
    {"variant_candidates", py_variant_candidates, METH_VARARGS,
     "variant_candidates(words, base_of, counts, ends, merges[, stems[, endings]]) -> list, or None: "
     "names._variant_candidates"},
    {"stem_ends", py_stem_ends, METH_VARARGS, "stem_ends(base, strips, endings) -> tuple, or None: names._stem_ends"},
    {"case_info", py_case_info, METH_VARARGS,
     "case_info(word, endings) -> tuple: consistency._info of a word that is its own base"},
    {"upper_names", py_upper_names, METH_VARARGS,
     "upper_names(bases, case_info[, endings]) -> list: names._upper_names"},
    {"case_candidates", py_case_candidates, METH_VARARGS,
     "case_candidates(bases, case_info, upper[, endings]) -> dict: names._case_candidates"},
    {"base_forms", py_base_forms, METH_VARARGS,
     "base_forms(words, without_possessive) -> dict: names.base_forms(words, 'en') of a dict's keys"},
    {"word_counts", py_word_counts, METH_VARARGS,
     "word_counts(capitalised) -> dict: names._word_counts, each tuple's third item counted"},
    {"base_counts", py_base_counts, METH_VARARGS,
     "base_counts(counts, base_of) -> dict: names._base_counts, each base's words' counts added up"},
    {"latin_skeletons", py_latin_skeletons, METH_VARARGS,
     "latin_skeletons(words, base_of, latin_only, skeletons) -> dict: names._latin_skeletons"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "_align_dp", "The compiled twin of the paragraph alignment's dynamic programme.", -1,
    module_methods,
};

PyMODINIT_FUNC PyInit__align_dp(void) {
    PyObject *mod = PyModule_Create(&module_def);
    if (!mod) return NULL;
    if (PyModule_AddIntConstant(mod, "VERSION", ALIGN_DP_VERSION) < 0) {
        Py_DECREF(mod);
        return NULL;
    }
    return mod;
}
