/* The optional compiled twin of the paragraph alignment's dynamic programme.
 *
 * The pure-Python loop in align.py (_python_dp) is the reference: this
 * computes exactly what it computes, cell by cell: the same steps tried in
 * the same order, the same doubles from the same operations in the same
 * order (libm's sqrt, erfc and log, which are what CPython's math module
 * calls on Linux: m_erfc is erfc when HAVE_ERFC, m_log is log for a positive
 * finite argument, sqrt is sqrt), the first of equal costs kept. Python
 * hands over everything as flat arrays; only for a pair of runs of
 * paragraphs whose masks say they may share an anchor does this call back
 * into Python (count_shared), which counts and caches.
 *
 *   align_dp(n, m, size_a, size_b, heading_a, heading_b, row_lo, row_hi,
 *            window_lo, window_hi, masks, mask_bytes, steps,
 *            heading_alone, variance, anchor_bonus, sqrt2, ratio,
 *            count_shared) -> [(di, dj, cost), ...] from (n, m) back to
 *            (0, 0), or None when (n, m) is not reached.
 *
 *   size_a, size_b: int64 prefix sums of the paragraphs' sizes (n + 1, m + 1).
 *   heading_a, heading_b: one byte per paragraph, nonzero for a heading.
 *   row_lo, row_hi: int64, the band's first and last column of each row.
 *   window_lo, window_hi: int64, the window of b each run of a starting
 *       there keeps its sharing bits for (align._align).
 *   masks: 3 * n rows of mask_bytes bytes: the row (di - 1) * n + pi holds
 *       the bits (little-endian, from window_lo[pi]) of the paragraphs of b
 *       sharing an anchor with a[pi:pi + di].
 *   steps: ((di, dj, -log(prior)), ...), tried in this order.
 *   count_shared(pi, i, pj, j) -> int: the anchors a[pi:i] and b[pj:j] share.
 *
 *   length_cost(la, lb, ratio, variance, sqrt2) -> float: align._length_cost
 *       (for the check, at load, that this libm is the one Python uses).
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

#define ALIGN_DP_VERSION 1
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

/* A buffer of int64 with exactly `count` items, or an error. */
static int int64_buffer(Py_buffer *view, Py_ssize_t count, const char *name) {
    if (view->itemsize != 8 || view->len != count * 8) {
        PyErr_Format(PyExc_ValueError, "align_dp: %s must hold %zd 8-byte integers", name, count);
        return -1;
    }
    return 0;
}

static PyObject *align_dp(PyObject *self, PyObject *args) {
    Py_ssize_t n, m, mask_bytes;
    Py_buffer size_a = {0}, size_b = {0}, heading_a = {0}, heading_b = {0}, row_lo = {0}, row_hi = {0},
              window_lo = {0}, window_hi = {0}, masks = {0};
    PyObject *steps_obj, *count_shared;
    double heading_alone, variance, anchor_bonus, sqrt2, ratio;
    PyObject *result = NULL;
    double *cost = NULL;
    unsigned char *back = NULL;

    if (!PyArg_ParseTuple(args, "nny*y*y*y*y*y*y*y*y*nOdddddO", &n, &m, &size_a, &size_b, &heading_a, &heading_b,
                          &row_lo, &row_hi, &window_lo, &window_hi, &masks, &mask_bytes, &steps_obj,
                          &heading_alone, &variance, &anchor_bonus, &sqrt2, &ratio, &count_shared))
        return NULL;

    int step_di[MAX_STEPS], step_dj[MAX_STEPS];
    double step_cost[MAX_STEPS];
    Py_ssize_t nsteps = 0;
    if (n < 1 || m < 1 || mask_bytes < 1) {
        PyErr_SetString(PyExc_ValueError, "align_dp: n, m and mask_bytes must be positive");
        goto done;
    }
    if (int64_buffer(&size_a, n + 1, "size_a") || int64_buffer(&size_b, m + 1, "size_b")
        || int64_buffer(&row_lo, n + 1, "row_lo") || int64_buffer(&row_hi, n + 1, "row_hi")
        || int64_buffer(&window_lo, n + 1, "window_lo") || int64_buffer(&window_hi, n + 1, "window_hi"))
        goto done;
    if (heading_a.len != n || heading_b.len != m || masks.len != 3 * n * mask_bytes) {
        PyErr_SetString(PyExc_ValueError, "align_dp: heading or mask arrays of the wrong length");
        goto done;
    }
    if (!PyCallable_Check(count_shared)) {
        PyErr_SetString(PyExc_TypeError, "align_dp: count_shared must be callable");
        goto done;
    }
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
    const int64_t *wlo = window_lo.buf, *whi = window_hi.buf;
    const unsigned char *ha = heading_a.buf, *hb = heading_b.buf, *mk = masks.buf;

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
                    long long count = 0;
                    Py_ssize_t low = wlo[pi];
                    int may_share = 1;
                    if (pj >= low && j <= whi[pi]) {
                        const unsigned char *row = mk + ((Py_ssize_t)(di - 1) * n + pi) * mask_bytes;
                        may_share = 0;
                        for (Py_ssize_t bit = pj - low; bit < pj - low + dj; bit++) {
                            if (bit / 8 < mask_bytes && (row[bit / 8] >> (bit % 8)) & 1) {
                                may_share = 1;
                                break;
                            }
                        }
                    }
                    if (may_share) {
                        PyObject *got = PyObject_CallFunction(count_shared, "nnnn", pi, i, pj, j);
                        if (!got) goto done;
                        count = PyLong_AsLongLong(got);
                        Py_DECREF(got);
                        if (count == -1 && PyErr_Occurred()) goto done;
                    }
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
    PyBuffer_Release(&window_lo);
    PyBuffer_Release(&window_hi);
    PyBuffer_Release(&masks);
    return result;
}

static PyMethodDef module_methods[] = {
    {"align_dp", align_dp, METH_VARARGS,
     "align_dp(n, m, size_a, size_b, heading_a, heading_b, row_lo, row_hi, window_lo, window_hi, masks, "
     "mask_bytes, steps, heading_alone, variance, anchor_bonus, sqrt2, ratio, count_shared)"
     " -> [(di, dj, cost)] from the end, or None"},
    {"length_cost", py_length_cost, METH_VARARGS,
     "length_cost(la, lb, ratio, variance, sqrt2) -> float: align._length_cost"},
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
