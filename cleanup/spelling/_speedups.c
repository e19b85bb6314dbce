/* Optional compiled twins of the two hottest loops of the spelling search.
 *
 * The pure-Python code in errormodel.py and index.py is the reference: every
 * function here computes exactly what its twin computes (the same doubles,
 * added in the same order; the same hits), only without an interpreter step
 * per table cell. Nothing here knows a cost: the tables are handed over by
 * errormodel.py when it builds a WeightedOSA, so they are written once.
 *
 *   WeightedOSA(...).distance(typed, intended) -> float
 *       errormodel._python_distance: the weighted optimal-string-alignment
 *       table, unrounded (both arguments already lower-cased).
 *   WeightedOSA(...).weigh_editops(ops, typed, intended) -> float
 *       errormodel._python_weigh_editops: quick_cost's weighing of one
 *       unweighted alignment.
 *   WeightedOSA(...).quick_cost(typed, intended) -> float
 *       errormodel.quick_cost: rapidfuzz's unweighted alignment (the same
 *       edit ops, computed here), weighed as weigh_editops does.
 *   close_hits(word, max_distance, prefix_len, kids, offsets, owners,
 *              starts, text, first_lines, line_zipfs, lines) -> [(distance, -zipf, word)]
 *       index.LangIndex.close after the delete-trie look-ups: the union of
 *       the prefix ids, every word of their runs of the UTF-8 vocabulary
 *       within max_distance, at most 3 (plain OSA, bit-parallel: a word of at most 63
 *       letters), with its Zipf from the index's per-line array (unsorted).
 *   delete_kids(word, prefix_len, most, (letters, codes, kids)) -> [key id]
 *       the delete trie's ids of index._deletes(word[:prefix_len], most),
 *       from the index's delete table (a binary search, no Python call).
 *   weigh_close(model, word, max_distance, ..., max_quick, max_weighed, freq_weight)
 *       candidates._to_weigh after the delete-trie look-ups: close_hits'
 *       hits sorted, ranked by quick_cost and Zipf in C, only the few to
 *       weigh returned (no Python object for the others).
 *   slip_forms(word, substitutes, insertable, units) -> (as_spelt, with_yo)
 *       rareforms: the strings one cheap slip away from the word that the
 *       morphology's DAWG (pymorphy3's words.dawg, its units) holds, as
 *       spelt or with some е read as ё, in one walk of the DAWG per slip
 *       position instead of a Python look-up per string.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>  /* (T_OBJECT_EX: the report reads slotted fields by offset) */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* A small open-addressing map: 64-bit key (code points packed by 21 bits) -> double. */

#define EMPTY_KEY UINT64_MAX

typedef struct {
    uint64_t *keys;
    double *values;
    size_t mask; /* capacity - 1; capacity a power of two */
    size_t count;
} Map;

static uint64_t mix(uint64_t x) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return x;
}

static int map_init(Map *m, size_t expected) {
    size_t cap = 16;
    while (cap < expected * 4) cap <<= 1;
    m->keys = PyMem_Malloc(cap * sizeof(uint64_t));
    m->values = PyMem_Malloc(cap * sizeof(double));
    if (!m->keys || !m->values) {
        PyErr_NoMemory();
        return -1;
    }
    for (size_t k = 0; k < cap; k++) m->keys[k] = EMPTY_KEY;
    m->mask = cap - 1;
    m->count = 0;
    return 0;
}

static void map_free(Map *m) {
    PyMem_Free(m->keys);
    PyMem_Free(m->values);
    m->keys = NULL;
    m->values = NULL;
}

static void map_put(Map *m, uint64_t key, double value) {
    size_t k = mix(key) & m->mask;
    while (m->keys[k] != EMPTY_KEY && m->keys[k] != key) k = (k + 1) & m->mask;
    if (m->keys[k] == EMPTY_KEY) m->count++;
    m->keys[k] = key;
    m->values[k] = value;
}

/* 1 and the value when present, else 0. */
static inline int map_get(const Map *m, uint64_t key, double *value) {
    size_t k = mix(key) & m->mask;
    for (;;) {
        uint64_t here = m->keys[k];
        if (here == key) {
            *value = m->values[k];
            return 1;
        }
        if (here == EMPTY_KEY) return 0;
        k = (k + 1) & m->mask;
    }
}

#define KEY1(a) ((uint64_t)(a))
#define KEY2(a, b) (((uint64_t)(a) << 21) | (uint64_t)(b))
#define KEY3(a, b, c) (((uint64_t)(a) << 42) | ((uint64_t)(b) << 21) | (uint64_t)(c))

/* The one code point of a one-letter str, or -1 (any other length, or not a str). */
static long single(PyObject *s) {
    if (!PyUnicode_Check(s) || PyUnicode_GET_LENGTH(s) != 1) return -1;
    return (long)PyUnicode_READ_CHAR(s, 0);
}

/* ------------------------------------------------------------------ */
/* WeightedOSA: errormodel's tables, arranged for the inner loop. */

/* A letter's slot in WeightedOSA's dense tables: a-z 1..26, U+0430..U+0451
 * (а-я, ё) 27..60; 0 for any other letter (the maps are asked for it). */
#define SLOTS 64
static inline unsigned letter_slot(Py_UCS4 c) {
    if (c - 'a' < 26u) return 1 + (c - 'a');
    if (c - 0x430u < 0x22u) return 27 + (c - 0x430u);
    return 0;
}

typedef struct {
    PyObject_HEAD
    Map sub;          /* (intended, typed) -> cost, errormodel._SUB_BY */
    Map dropped;      /* letter -> cost of it missing from the typed word, errormodel._LETTER_DROPPED */
    Map inserted;     /* letter -> cost of it being extra in the typed word, errormodel._LETTER_INSERTED */
    Map sibilants;    /* letters after which о/ё/е swap cheaply (value unused) */
    Map sib_vowels;   /* (intended, typed) -> cost after a sibilant */
    Map two_for_one;  /* (intended x1, x2, typed y) -> cost */
    Map one_for_two;  /* (intended x, typed y1, y2) -> cost */
    /* A bit per low byte of the one letter of each key of those two (typed y,
     * intended x): a cell whose letter has none asks neither map (few
     * letters are confused with two). */
    uint64_t confused[4];
    /* The same tables, dense, for the letters most words are made of
     * (letter_slot: a-z, а-ё); a cell with another letter asks the maps. A
     * map look-up (a hash, a probe) was most of a cell's cost. Costs are
     * bytes into dense_costs (the tables hold few distinct values). */
    int dense;                                   /* the tables below are filled */
    unsigned char sub_code[SLOTS * SLOTS];       /* [intended][typed]: sub's cost, or plain */
    unsigned char sib_code[SLOTS * SLOTS];       /* the same after a sibilant: sib_vowels' cost first */
    double dense_costs[256];
    double dropped_by_slot[SLOTS], inserted_by_slot[SLOTS]; /* a letter's cost, or plain */
    unsigned char sibilant_slot[SLOTS];          /* the letter is a sibilant */
    /* bit typed of [intended]: some two_for_one key (x, intended, typed), or
     * one_for_two key (intended, y, typed): a cell without asks neither map */
    uint64_t two_for_one_pairs[SLOTS], one_for_two_pairs[SLOTS];
    double plain;     /* an ordinary edit */
    double double_dropped, double_inserted, first_dropped, transpose, inf;
    double repeated;  /* a chunk of 2 or 3 letters typed twice: errormodel.REPEATED */
    Py_ssize_t repeat_min_rest;  /* errormodel.REPEAT_MIN_REST */
    int ready;
} WeightedOSA;

static void wosa_dealloc(WeightedOSA *self) {
    map_free(&self->sub);
    map_free(&self->dropped);
    map_free(&self->inserted);
    map_free(&self->sibilants);
    map_free(&self->sib_vowels);
    map_free(&self->two_for_one);
    map_free(&self->one_for_two);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static int need_float(PyObject *o, double *out, const char *what) {
    double v = PyFloat_AsDouble(o);
    if (v == -1.0 && PyErr_Occurred()) {
        PyErr_Format(PyExc_TypeError, "%s must be a number", what);
        return -1;
    }
    *out = v;
    return 0;
}

/* str -> float dict of one-letter keys into a map (longer keys can never
 * match one letter, so leaving them out changes nothing). */
static int load_letter_costs(Map *m, PyObject *dict) {
    if (!PyDict_Check(dict)) {
        PyErr_SetString(PyExc_TypeError, "expected a dict");
        return -1;
    }
    if (map_init(m, (size_t)PyDict_Size(dict)) < 0) return -1;
    Py_ssize_t pos = 0;
    PyObject *k, *v;
    while (PyDict_Next(dict, &pos, &k, &v)) {
        long c = single(k);
        double value;
        if (need_float(v, &value, "a cost") < 0) return -1;
        if (c >= 0) map_put(m, KEY1(c), value);
    }
    return 0;
}

/* The byte of a cost in t->dense_costs, added when new; -1 when 256 are taken. */
static int cost_code(WeightedOSA *t, int *n_costs, double cost) {
    for (int c = 0; c < *n_costs; c++)
        if (memcmp(&t->dense_costs[c], &cost, sizeof cost) == 0) return c; /* (the same bits) */
    if (*n_costs == 256) return -1;
    t->dense_costs[*n_costs] = cost;
    return (*n_costs)++;
}

/* The dense tables from the maps (each entry the maps' own answer for its
 * letters), or none (t->dense 0) when they hold too many distinct costs. */
static int fill_dense(WeightedOSA *t) {
    Py_UCS4 letter[SLOTS] = {0};
    for (Py_UCS4 c = 'a'; c <= 'z'; c++) letter[letter_slot(c)] = c;
    for (Py_UCS4 c = 0x430; c <= 0x451; c++) letter[letter_slot(c)] = c;
    int n_costs = 0;
    t->dense = 0;
    memset(t->sub_code, 0, sizeof t->sub_code);
    memset(t->sib_code, 0, sizeof t->sib_code);
    memset(t->two_for_one_pairs, 0, sizeof t->two_for_one_pairs);
    memset(t->one_for_two_pairs, 0, sizeof t->one_for_two_pairs);
    for (unsigned x = 1; x < SLOTS; x++) {
        double c, ignored;
        if (!letter[x]) continue;
        t->dropped_by_slot[x] = map_get(&t->dropped, KEY1(letter[x]), &c) ? c : t->plain;
        t->inserted_by_slot[x] = map_get(&t->inserted, KEY1(letter[x]), &c) ? c : t->plain;
        t->sibilant_slot[x] = (unsigned char)map_get(&t->sibilants, KEY1(letter[x]), &ignored);
        for (unsigned y = 1; y < SLOTS; y++) {
            if (!letter[y]) continue;
            double sub = map_get(&t->sub, KEY2(letter[x], letter[y]), &c) ? c : t->plain;
            double sib = map_get(&t->sib_vowels, KEY2(letter[x], letter[y]), &c) ? c : sub;
            int a = cost_code(t, &n_costs, sub), b = cost_code(t, &n_costs, sib);
            if (a < 0 || b < 0) return 0;
            t->sub_code[x * SLOTS + y] = (unsigned char)a;
            t->sib_code[x * SLOTS + y] = (unsigned char)b;
        }
    }
    /* The pairs of the several-letter confusions: every key's (those of
     * letters without a slot never reach these filters). */
    Map *maps[2] = {&t->two_for_one, &t->one_for_two};
    uint64_t *pairs[2] = {t->two_for_one_pairs, t->one_for_two_pairs};
    for (int which = 0; which < 2; which++) {
        const Map *m = maps[which];
        for (size_t e = 0; e <= m->mask; e++) {
            uint64_t key = m->keys[e];
            if (key == EMPTY_KEY) continue;
            /* two_for_one (x1, intended, typed); one_for_two (intended, y1, typed) */
            Py_UCS4 intended = (Py_UCS4)((which == 0 ? key >> 21 : key >> 42) & 0x1FFFFF);
            Py_UCS4 typed = (Py_UCS4)(key & 0x1FFFFF);
            unsigned x = letter_slot(intended), y = letter_slot(typed);
            if (x && y) pairs[which][x] |= (uint64_t)1 << y;
        }
    }
    t->dense = 1;
    return 0;
}

static int wosa_init(WeightedOSA *self, PyObject *args, PyObject *kwds) {
    static char *names[] = {"sub_by", "letter_dropped", "letter_inserted", "sibilants", "sibilant_vowels",
                            "two_for_one", "one_for_two", "plain", "double_dropped", "double_inserted",
                            "first_dropped", "transpose", "inf", "repeated", "repeat_min_rest", NULL};
    PyObject *sub_by, *letter_dropped, *letter_inserted, *sibilants, *sibilant_vowels, *two_for_one, *one_for_two;
    if (self->ready) {
        PyErr_SetString(PyExc_RuntimeError, "WeightedOSA is initialised once");
        return -1;
    }
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O!O!O!OO!O!O!dddddddn", names, &PyDict_Type, &sub_by,
                                     &PyDict_Type, &letter_dropped, &PyDict_Type, &letter_inserted, &sibilants,
                                     &PyDict_Type, &sibilant_vowels, &PyDict_Type, &two_for_one, &PyDict_Type,
                                     &one_for_two, &self->plain, &self->double_dropped, &self->double_inserted,
                                     &self->first_dropped, &self->transpose, &self->inf, &self->repeated,
                                     &self->repeat_min_rest))
        return -1;
    Py_ssize_t pos;
    PyObject *k, *v;

    /* sub_by: intended letter -> {typed letter: cost} */
    if (map_init(&self->sub, 1024) < 0) return -1;
    pos = 0;
    while (PyDict_Next(sub_by, &pos, &k, &v)) {
        long a = single(k);
        if (!PyDict_Check(v)) {
            PyErr_SetString(PyExc_TypeError, "sub_by values must be dicts");
            return -1;
        }
        Py_ssize_t pos2 = 0;
        PyObject *k2, *v2;
        while (PyDict_Next(v, &pos2, &k2, &v2)) {
            long b = single(k2);
            double value;
            if (need_float(v2, &value, "a substitution cost") < 0) return -1;
            if (a >= 0 && b >= 0) map_put(&self->sub, KEY2(a, b), value);
        }
    }
    if (load_letter_costs(&self->dropped, letter_dropped) < 0) return -1;
    if (load_letter_costs(&self->inserted, letter_inserted) < 0) return -1;

    /* sibilants: any iterable of letters */
    if (map_init(&self->sibilants, 16) < 0) return -1;
    PyObject *it = PyObject_GetIter(sibilants);
    if (!it) return -1;
    PyObject *item;
    while ((item = PyIter_Next(it))) {
        long c = single(item);
        Py_DECREF(item);
        if (c >= 0) map_put(&self->sibilants, KEY1(c), 1.0);
    }
    Py_DECREF(it);
    if (PyErr_Occurred()) return -1;

    /* sibilant_vowels: (intended, typed) -> cost */
    if (map_init(&self->sib_vowels, 16) < 0) return -1;
    pos = 0;
    while (PyDict_Next(sibilant_vowels, &pos, &k, &v)) {
        double value;
        if (!PyTuple_Check(k) || PyTuple_GET_SIZE(k) != 2) {
            PyErr_SetString(PyExc_TypeError, "sibilant_vowels keys must be pairs");
            return -1;
        }
        if (need_float(v, &value, "a sibilant vowel cost") < 0) return -1;
        long a = single(PyTuple_GET_ITEM(k, 0)), b = single(PyTuple_GET_ITEM(k, 1));
        if (a >= 0 && b >= 0) map_put(&self->sib_vowels, KEY2(a, b), value);
    }

    /* two_for_one: "rn" -> {"m": cost}; one_for_two: "m" -> {"rn": cost} */
    memset(self->confused, 0, sizeof self->confused);
    Map *maps[2] = {&self->two_for_one, &self->one_for_two};
    PyObject *dicts[2] = {two_for_one, one_for_two};
    for (int which = 0; which < 2; which++) {
        if (map_init(maps[which], 64) < 0) return -1;
        pos = 0;
        while (PyDict_Next(dicts[which], &pos, &k, &v)) {
            if (!PyDict_Check(v)) {
                PyErr_SetString(PyExc_TypeError, "two_for_one / one_for_two: each value must be a dict of costs");
                return -1;
            }
            Py_ssize_t inner = 0;
            PyObject *cost;
            while (PyDict_Next(v, &inner, &item, &cost)) {
                PyObject *two = which == 0 ? k : item, *one = which == 0 ? item : k;
                double value;
                if (need_float(cost, &value, "a several-letter confusion cost") < 0) return -1;
                if (PyUnicode_Check(two) && PyUnicode_GET_LENGTH(two) == 2 && single(one) >= 0) {
                    long x1 = PyUnicode_READ_CHAR(two, 0), x2 = PyUnicode_READ_CHAR(two, 1);
                    long y = single(one);
                    map_put(maps[which], which == 0 ? KEY3(x1, x2, y) : KEY3(y, x1, x2), value);
                    self->confused[(y >> 6) & 3] |= (uint64_t)1 << (y & 63);
                }
            }
        }
    }
    if (fill_dense(self) < 0) return -1;
    self->ready = 1;
    return 0;
}

/* The letters of a str as UCS4, into buf when it is long enough, else a new block. */
static Py_UCS4 *letters(PyObject *s, Py_UCS4 *buf, Py_ssize_t room, Py_ssize_t *n) {
    *n = PyUnicode_GET_LENGTH(s);
    Py_UCS4 *out = *n + 1 <= room ? buf : PyMem_Malloc((size_t)(*n + 1) * sizeof(Py_UCS4));
    if (!out) {
        PyErr_NoMemory();
        return NULL;
    }
    if (!PyUnicode_AsUCS4(s, out, *n + 1, 1)) {
        if (out != buf) PyMem_Free(out);
        return NULL;
    }
    return out;
}

/* errormodel._dropped(s, i) (letters: t->dropped, doubled: t->double_dropped,
 * the first letter: t->first_dropped; first = 1) or errormodel._inserted(s, i)
 * (t->inserted, t->double_inserted; first = 0: no position) */
static inline double indel(const WeightedOSA *t, const Map *costs, const double *by_slot, double doubled, int first,
                           const Py_UCS4 *s, Py_ssize_t n, Py_ssize_t i) {
    Py_UCS4 ch = s[i];
    if ((i > 0 && s[i - 1] == ch) || (i + 1 < n && s[i + 1] == ch)) return doubled;
    if (first && i == 0) return t->first_dropped;
    unsigned x = t->dense ? letter_slot(ch) : 0;
    if (x) return by_slot[x];
    double v;
    return map_get(costs, KEY1(ch), &v) ? v : t->plain;
}
#define DROPPED(t, s, n, i) indel((t), &(t)->dropped, (t)->dropped_by_slot, (t)->double_dropped, 1, (s), (n), (i))
#define INSERTED(t, s, n, i) indel((t), &(t)->inserted, (t)->inserted_by_slot, (t)->double_inserted, 0, (s), (n), (i))

#define BAND 3
/* May a letter be the one letter of a two_for_one or one_for_two key? */
#define CONFUSED(t, ch) (((t)->confused[((ch) >> 6) & 3] >> ((ch) & 63)) & 1)
#define STACK 64

/* errormodel.repeat_ends(b) as a bit per length (bit 0: a chunk of 2, bit 1:
 * of 3) per end j = 0 .. m into ends; returns whether any is set.
 * min_rest: errormodel.REPEAT_MIN_REST. */
static int repeat_ends(const Py_UCS4 *b, Py_ssize_t m, Py_ssize_t min_rest, unsigned char *ends) {
    int any = 0;
    memset(ends, 0, (size_t)(m + 1));
    for (Py_ssize_t k = 2; k <= 3; k++) {
        if (m - 2 * k < min_rest) continue;
        for (Py_ssize_t s = 0; s + 2 * k <= m; s++) {
            int same = 1, one_letter = 1;
            for (Py_ssize_t p = 0; p < k; p++) {
                if (b[s + p] != b[s + k + p]) {
                    same = 0;
                    break;
                }
                if (b[s + p] != b[s]) one_letter = 0;
            }
            if (!same || one_letter) continue;
            Py_ssize_t first = s, last = s + k;
            while (first > 0 && b[first - 1] == b[first - 1 + k]) first--;
            while (last + k < m && b[last] == b[last + k]) last++;
            if (last - first < 2 * k) {
                ends[s + 2 * k] |= (unsigned char)(1 << (k - 2));
                any = 1;
            }
        }
    }
    return any;
}

/* What the table needs of one typed word, whatever the intended word: a
 * search weighs its few candidates against the same typed word, and makes
 * this once for them. */
typedef struct {
    const Py_UCS4 *b;
    Py_ssize_t m;
    double *ib;            /* each letter's cost of being extra (INSERTED) */
    unsigned char *ends;   /* repeat_ends' bits, when `repeats` */
    unsigned char *bslot;  /* each letter's slot in the dense tables (0: none, or no tables) */
    unsigned char *bconf;  /* each letter may be the one letter of a several-letter confusion (CONFUSED) */
    int repeats;
    double stack_ib[STACK];
    unsigned char stack_bytes[3 * (STACK + 1)];
} Typed;

static int typed_of(const WeightedOSA *t, Typed *w, const Py_UCS4 *b, Py_ssize_t m);
static void typed_free(Typed *w);
/* The unrounded weighted OSA table of w's typed word and a (intended) into *out: 0, or -1 (no memory). */
static int typed_distance(const WeightedOSA *t, const Typed *w, const Py_UCS4 *a, Py_ssize_t n, double *out);

/* The same of the typed word b. */
static int weighted_distance(const WeightedOSA *t, const Py_UCS4 *b, Py_ssize_t m, const Py_UCS4 *a, Py_ssize_t n,
                             double *out) {
    Typed w;
    if (typed_of(t, &w, b, m) < 0) return -1;
    int result = typed_distance(t, &w, a, n, out);
    typed_free(&w);
    return result;
}

/* A method's two arguments, (typed, intended), as letters: *b (*m of them)
 * and *a (*n), in bbuf and abuf when they fit (STACK letters), else
 * allocated (free them with drop_words). 0, or -1 with an exception set and
 * nothing to free. */
static int two_words(const WeightedOSA *self, PyObject *const *args, Py_ssize_t nargs, const char *usage,
                     Py_UCS4 *bbuf, Py_UCS4 *abuf, Py_UCS4 **b, Py_ssize_t *m, Py_UCS4 **a, Py_ssize_t *n) {
    if (!self->ready) {
        PyErr_SetString(PyExc_RuntimeError, "WeightedOSA not initialised");
        return -1;
    }
    if (nargs != 2 || !PyUnicode_Check(args[0]) || !PyUnicode_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, usage);
        return -1;
    }
    *b = letters(args[0], bbuf, STACK, m);
    if (!*b) return -1;
    *a = letters(args[1], abuf, STACK, n);
    if (!*a) {
        if (*b != bbuf) PyMem_Free(*b);
        return -1;
    }
    return 0;
}

static void drop_words(Py_UCS4 *b, const Py_UCS4 *bbuf, Py_UCS4 *a, const Py_UCS4 *abuf) {
    if (a != abuf) PyMem_Free(a);
    if (b != bbuf) PyMem_Free(b);
}

static PyObject *wosa_distance(WeightedOSA *self, PyObject *const *args, Py_ssize_t nargs) {
    Py_UCS4 bbuf[STACK], abuf[STACK], *b, *a;
    Py_ssize_t m, n;
    if (two_words(self, args, nargs, "distance(typed: str, intended: str)", bbuf, abuf, &b, &m, &a, &n) < 0)
        return NULL;
    double value;
    PyObject *result = weighted_distance(self, b, m, a, n, &value) < 0 ? NULL : PyFloat_FromDouble(value);
    drop_words(b, bbuf, a, abuf);
    return result;
}

static int typed_of(const WeightedOSA *t, Typed *w, const Py_UCS4 *b, Py_ssize_t m) {
    w->b = b;
    w->m = m;
    w->ib = m <= STACK ? w->stack_ib : PyMem_Malloc((size_t)(m + 1) * sizeof(double));
    unsigned char *bytes = m <= STACK ? w->stack_bytes : PyMem_Malloc(3 * (size_t)(m + 1));
    if (!w->ib || !bytes) {
        if (w->ib && w->ib != w->stack_ib) PyMem_Free(w->ib);
        if (bytes && bytes != w->stack_bytes) PyMem_Free(bytes);
        PyErr_NoMemory();
        return -1;
    }
    w->ends = bytes;
    w->bslot = bytes + (m + 1);
    w->bconf = bytes + 2 * (m + 1);
    for (Py_ssize_t j = 0; j < m; j++) {
        w->ib[j] = INSERTED(t, b, m, j);
        w->bslot[j] = (unsigned char)(t->dense ? letter_slot(b[j]) : 0);
        w->bconf[j] = (unsigned char)CONFUSED(t, b[j]);
    }
    w->repeats = repeat_ends(b, m, t->repeat_min_rest, w->ends);
    return 0;
}

static void typed_free(Typed *w) {
    if (w->ib != w->stack_ib) PyMem_Free(w->ib);
    if (w->ends != w->stack_bytes) PyMem_Free(w->ends);
}

/* Row i (1..n) of the weighted table of w's typed word and a (intended),
 * its band's cells into row, from the rows above (up) and two above
 * (upup). Every cell of a row outside its band must be INF: the band's
 * cells read their neighbours left of the band and, above, right of it.
 * Row i depends on a's first i + 1 letters only (the next one tells
 * whether letter i is doubled), and on no other row: the candidates of a
 * search share the rows of their common beginning (rows_shared). */
static inline __attribute__((always_inline)) void typed_row(const WeightedOSA *t, const Typed *w, const Py_UCS4 *a,
                                                            Py_ssize_t n, Py_ssize_t i, const double *upup,
                                                            const double *up, double *row) {
    const Py_UCS4 *b = w->b;
    const Py_ssize_t m = w->m;
    const double *ib = w->ib;
    const unsigned char *ends = w->ends, *bslot = w->bslot, *bconf = w->bconf;
    const int repeats = w->repeats;
    Py_UCS4 ai = a[i - 1];
    int has_before = i > 1;
    Py_UCS4 before = has_before ? a[i - 2] : 0;
    double del_cost = DROPPED(t, a, n, i - 1);
    double ignored;
    unsigned before_slot = has_before && t->dense ? letter_slot(before) : 0;
    int sibilant = before_slot ? t->sibilant_slot[before_slot]
                               : has_before && map_get(&t->sibilants, KEY1(before), &ignored);
    Py_ssize_t lo = i - BAND > 0 ? i - BAND : 0, hi = i + BAND < m ? i + BAND : m;
    if (lo == 0) row[0] = up[0] + del_cost;
    const int one_for_two = CONFUSED(t, ai); /* the intended letter of a one_for_two key */
    /* With a slot (sa), a cell of a typed letter with one (sb) reads the
     * dense tables: the costs of this row's letter, and which typed
     * letters the several-letter confusions pair it with. */
    const unsigned sa = t->dense ? letter_slot(ai) : 0;
    const unsigned char *sub_row = (sibilant ? t->sib_code : t->sub_code) + sa * SLOTS;
    const uint64_t two_for_one_row = t->two_for_one_pairs[sa], one_for_two_row = t->one_for_two_pairs[sa];
    for (Py_ssize_t j = lo > 1 ? lo : 1; j <= hi; j++) {
        Py_UCS4 bj = b[j - 1];
        const unsigned sb = sa ? bslot[j - 1] : 0;
        double best, x, c;
        if (ai == bj) {
            best = up[j - 1];
        } else if (sb) {
            best = up[j - 1] + t->dense_costs[sub_row[sb]];
        } else if (sibilant && map_get(&t->sib_vowels, KEY2(ai, bj), &c)) {
            best = up[j - 1] + c;
        } else {
            best = up[j - 1] + (map_get(&t->sub, KEY2(ai, bj), &c) ? c : t->plain);
        }
        x = up[j] + del_cost;
        if (x < best) best = x;
        x = row[j - 1] + ib[j - 1];
        if (x < best) best = x;
        /* two intended letters read as one, also as the typed word's first (Hke) */
        if (has_before && bconf[j - 1] && (!sb || ((two_for_one_row >> sb) & 1)) &&
            map_get(&t->two_for_one, KEY3(before, ai, bj), &c)) {
            x = upup[j - 1] + c;
            if (x < best) best = x;
        }
        if (j > 1) {
            if (i > 1 && ai == b[j - 2] && before == bj && ai != before) {
                x = upup[j - 2] + t->transpose;
                if (x < best) best = x;
            }
            if (one_for_two && (!sb || ((one_for_two_row >> sb) & 1)) &&
                map_get(&t->one_for_two, KEY3(ai, b[j - 2], bj), &c)) {
                x = up[j - 2] + c;
                if (x < best) best = x;
            }
        }
        /* a chunk typed twice: its second copy extra, as one slip */
        if (repeats && ends[j]) {
            for (Py_ssize_t k = 2; k <= 3; k++) {
                if (ends[j] & (1 << (k - 2))) {
                    x = row[j - k] + t->repeated;
                    if (x < best) best = x;
                }
            }
        }
        row[j] = best;
    }
}

/* Row 0 of the table (the typed word's first j letters extra) into row, the rest of it INF already. */
static void typed_row0(const Typed *w, double *row) {
    row[0] = 0.0;
    for (Py_ssize_t j = 1; j <= (w->m < BAND ? w->m : BAND); j++) row[j] = row[j - 1] + w->ib[j - 1];
}

static int typed_distance(const WeightedOSA *t, const Typed *w, const Py_UCS4 *a, Py_ssize_t n, double *out) {
    const double INF = t->inf;
    const Py_ssize_t m = w->m;
    double stack_cells[3 * (STACK + 1)];
    /* three rows in turn: upup, up, row */
    double *cells = (m + 1) <= STACK + 1 ? stack_cells : PyMem_Malloc(3 * (size_t)(m + 1) * sizeof(double));
    if (!cells) {
        PyErr_NoMemory();
        return -1;
    }
    double *upup = cells, *up = cells + (m + 1), *row = cells + 2 * (m + 1);
    /* Every cell outside a row's band is INF. The three rows are set so
     * once; then a row need only clear what its buffer's row before, three
     * rows up, wrote left of this row's band (the bands move right, never left). */
    for (Py_ssize_t j = 0; j < 3 * (m + 1); j++) cells[j] = INF;
    typed_row0(w, up);
    for (Py_ssize_t i = 1; i <= n; i++) {
        Py_ssize_t lo = i - BAND > 0 ? i - BAND : 0, stale = i - 2 * BAND > 0 ? i - 2 * BAND : 0;
        for (Py_ssize_t j = stale; j < lo && j <= m; j++) row[j] = INF;
        typed_row(t, w, a, n, i, upup, up, row);
        double *spare = upup;
        upup = up;
        up = row;
        row = spare;
    }
    *out = up[m];
    if (cells != stack_cells) PyMem_Free(cells);
    return 0;
}

/* The whole table of one typed word, kept from one intended word to the
 * next (rows 0..n of the last, n_last letters in last). */
typedef struct {
    const Typed *w;
    double *cells;   /* row i at cells + i * (m + 1); INF outside the rows' bands */
    Py_ssize_t rows; /* room for rows 0..rows - 1 */
    Py_UCS4 last[STACK + BAND];
    Py_ssize_t n_last;
    double stack_cells[1024];
} SharedRows;

/* An empty table for intended words of at most w->m + BAND letters: 0, or -1 with an exception set. */
static int shared_rows_of(const WeightedOSA *t, const Typed *w, SharedRows *s) {
    Py_ssize_t m = w->m, rows = m + BAND + 1, count = rows * (m + 1);
    s->w = w;
    s->rows = rows;
    s->n_last = 0;
    s->cells = count <= 1024 ? s->stack_cells : PyMem_Malloc((size_t)count * sizeof(double));
    if (!s->cells) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t j = 0; j < count; j++) s->cells[j] = t->inf;
    typed_row0(w, s->cells);
    return 0;
}

static void shared_rows_free(SharedRows *s) {
    if (s->cells != s->stack_cells) PyMem_Free(s->cells);
}

/* typed_distance of s's typed word and a (n letters, at most its m + BAND
 * and STACK) into *out, with the rows of the last word's and a's common
 * beginning kept: row i is the same when their first i + 1 letters are. */
static void shared_distance(const WeightedOSA *t, SharedRows *s, const Py_UCS4 *a, Py_ssize_t n, double *out) {
    const Py_ssize_t width = s->w->m + 1;
    Py_ssize_t common = 0, most = n < s->n_last ? n : s->n_last;
    while (common < most && a[common] == s->last[common]) common++;
    double *cells = s->cells;
    for (Py_ssize_t i = common > 1 ? common : 1; i <= n; i++)
        typed_row(t, s->w, a, n, i, i > 1 ? cells + (i - 2) * width : cells, cells + (i - 1) * width,
                  cells + i * width);
    *out = cells[n * width + width - 1];
    memcpy(s->last, a, (size_t)n * sizeof(Py_UCS4));
    s->n_last = n;
}

/* errormodel.substitution(x, y, before), before < 0 meaning "" */
static inline double substitution(const WeightedOSA *t, Py_UCS4 x, Py_UCS4 y, long before) {
    double c, ignored;
    if (x == y) return 0.0;
    unsigned sx = t->dense ? letter_slot(x) : 0, sy = t->dense ? letter_slot(y) : 0;
    if (sx && sy) { /* the dense tables (see weighted_distance) */
        unsigned sbefore = before >= 0 ? letter_slot((Py_UCS4)before) : 0;
        int sibilant = sbefore ? t->sibilant_slot[sbefore]
                               : before >= 0 && map_get(&t->sibilants, KEY1(before), &ignored);
        return t->dense_costs[(sibilant ? t->sib_code : t->sub_code)[sx * SLOTS + sy]];
    }
    if (before >= 0 && map_get(&t->sibilants, KEY1(before), &ignored) && map_get(&t->sib_vowels, KEY2(x, y), &c))
        return c;
    return map_get(&t->sub, KEY2(x, y), &c) ? c : t->plain;
}

/* One edit op of an alignment turning a (intended) into b (typed). */
typedef struct {
    char tag; /* 'r'eplace, 'd'elete, 'i'nsert */
    Py_ssize_t i, j;
} Op;

/* errormodel._python_weigh_editops over ops whose positions lie inside the
 * words: the weights summed op by op in the same order (the same double).
 * The one weighing of an alignment, for weigh_editops and quick_cost. */
static double weigh_ops(const WeightedOSA *t, const Py_UCS4 *a, Py_ssize_t n, const Py_UCS4 *b, Py_ssize_t m,
                        const Op *ops, Py_ssize_t count) {
    double total = 0.0, last_c = 0.0;
    int have_last = 0;
    Py_ssize_t last_i = 0, last_j = 0;
    for (Py_ssize_t r = 0; r < count; r++) {
        Py_ssize_t i = ops[r].i, j = ops[r].j;
        if (ops[r].tag == 'r') {
            double c = substitution(t, a[i], b[j], i ? (long)a[i - 1] : -1);
            if (have_last && last_i == i - 1 && last_j == j - 1 && j > 0 && a[i] == b[j - 1] && a[i - 1] == b[j])
                c = t->transpose - last_c;
            have_last = 1;
            last_i = i;
            last_j = j;
            last_c = c;
            total += c;
        } else if (ops[r].tag == 'd') {
            total += DROPPED(t, a, n, i);
        } else {
            total += INSERTED(t, b, m, j);
        }
    }
    return total;
}

/* errormodel._python_weigh_editops: the cost of one unweighted alignment,
 * weighed op by op in the same order (the same double). */
static PyObject *wosa_weigh_editops(WeightedOSA *self, PyObject *const *args, Py_ssize_t nargs) {
    if (!self->ready) {
        PyErr_SetString(PyExc_RuntimeError, "WeightedOSA not initialised");
        return NULL;
    }
    if (nargs != 3 || !PyUnicode_Check(args[1]) || !PyUnicode_Check(args[2])) {
        PyErr_SetString(PyExc_TypeError, "weigh_editops(ops: list, typed: str, intended: str)");
        return NULL;
    }
    const WeightedOSA *t = self;
    PyObject *ops = PySequence_Fast(args[0], "ops must be a sequence of (tag, i, j)");
    if (!ops) return NULL;
    Py_UCS4 bbuf[STACK], abuf[STACK];
    Py_ssize_t m, n;
    Py_UCS4 *b = NULL, *a = NULL;
    Op *converted = NULL;
    PyObject *result = NULL;
    b = letters(args[1], bbuf, STACK, &m);
    if (!b) goto done;
    a = letters(args[2], abuf, STACK, &n);
    if (!a) goto done;
    Py_ssize_t count = PySequence_Fast_GET_SIZE(ops);
    converted = PyMem_Malloc((size_t)(count ? count : 1) * sizeof(Op));
    if (!converted) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t r = 0; r < count; r++) {
        PyObject *op = PySequence_Fast_GET_ITEM(ops, r);
        if (!PyTuple_Check(op) || PyTuple_GET_SIZE(op) != 3 || !PyUnicode_Check(PyTuple_GET_ITEM(op, 0))) {
            PyErr_SetString(PyExc_TypeError, "each op must be (tag, i, j)");
            goto done;
        }
        PyObject *tag = PyTuple_GET_ITEM(op, 0);
        Py_ssize_t i = PyLong_AsSsize_t(PyTuple_GET_ITEM(op, 1)), j = PyLong_AsSsize_t(PyTuple_GET_ITEM(op, 2));
        if (PyErr_Occurred()) goto done;
        char kind = PyUnicode_CompareWithASCIIString(tag, "replace") == 0   ? 'r'
                    : PyUnicode_CompareWithASCIIString(tag, "delete") == 0 ? 'd'
                                                                            : 'i';
        if ((kind != 'i' && (i < 0 || i >= n)) || (kind != 'd' && (j < 0 || j >= m))) {
            PyErr_SetString(PyExc_IndexError, "an edit op points outside the words");
            goto done;
        }
        converted[r].tag = kind;
        converted[r].i = i;
        converted[r].j = j;
    }
    result = PyFloat_FromDouble(weigh_ops(t, a, n, b, m, converted, count));
done:
    Py_DECREF(ops);
    PyMem_Free(converted);
    if (a && a != abuf) PyMem_Free(a);
    if (b && b != bbuf) PyMem_Free(b);
    return result;
}

static PyObject *wosa_quick_cost(WeightedOSA *self, PyObject *const *args, Py_ssize_t nargs);

static PyMethodDef wosa_methods[] = {
    {"distance", (PyCFunction)(void (*)(void))wosa_distance, METH_FASTCALL,
     "distance(typed, intended): the unrounded weighted OSA distance of two lower-cased words."},
    {"quick_cost", (PyCFunction)(void (*)(void))wosa_quick_cost, METH_FASTCALL,
     "quick_cost(typed, intended): errormodel.quick_cost of two lower-cased words, alignment included."},
    {"weigh_editops", (PyCFunction)(void (*)(void))wosa_weigh_editops, METH_FASTCALL,
     "weigh_editops(ops, typed, intended): errormodel's weights summed over one alignment's edit ops."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject WeightedOSAType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "cleanup.spelling._speedups.WeightedOSA",
    .tp_basicsize = sizeof(WeightedOSA),
    .tp_dealloc = (destructor)wosa_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "errormodel's weighted optimal-string-alignment distance over its tables.",
    .tp_methods = wosa_methods,
    .tp_init = (initproc)wosa_init,
    .tp_new = PyType_GenericNew,
};

/* ------------------------------------------------------------------ */
/* close_hits */

/* One UTF-8 sequence of valid text (the vocabulary is written by index.py). */
static inline Py_UCS4 next_letter(const unsigned char **p) {
    const unsigned char *s = *p;
    Py_UCS4 c = s[0];
    if (c < 0x80) {
        *p = s + 1;
    } else if (c < 0xE0) {
        c = ((c & 0x1F) << 6) | (s[1] & 0x3F);
        *p = s + 2;
    } else if (c < 0xF0) {
        c = ((c & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F);
        *p = s + 3;
    } else {
        c = ((c & 0x07) << 18) | ((s[1] & 0x3F) << 12) | ((s[2] & 0x3F) << 6) | (s[3] & 0x3F);
        *p = s + 4;
    }
    return c;
}

typedef struct {
    Py_buffer view;
    int held;
} Buf;

static int get_buf(PyObject *o, Buf *b, const char *what) {
    if (PyObject_GetBuffer(o, &b->view, PyBUF_C_CONTIGUOUS) < 0) {
        PyErr_Format(PyExc_TypeError, "%s must support the buffer protocol", what);
        return -1;
    }
    b->held = 1;
    return 0;
}

static void drop_buf(Buf *b) {
    if (b->held) PyBuffer_Release(&b->view);
    b->held = 0;
}

/* The run scan's OSA table, a row per letter of the vocabulary word, the
 * query along each row as bits (Wu and Manber's bit-parallel k-differences,
 * with optimal string alignment's transpositions, as rapidfuzz's OSA counts
 * them): a row is k + 1 masks, bit j of mask d set when the row's cell of
 * query column j (0..m) is at most d. A mask is a few word operations
 * whatever the query's length, and whether any cell is within k (the row
 * not dead) is whether mask k has a bit, where counted cells (Hyyro's
 * steps) cost a minimum over the band per row. Bits above m are left
 * unmasked (shifts carry bits up only, so they never reach a column). */
#define MAX_COLUMNS 63
/* The largest k the masks are kept for (a search further is the Python one's). */
#define MAX_REACH 3

typedef struct {
    uint64_t masks[MAX_REACH + 1]; /* masks 0..k, as above */
    uint64_t match;      /* the query columns (1..m) whose letter is the row's letter */
    int alive;           /* some cell of the row is at most k */
    int bytes;           /* of a run head's row: the UTF-8 bytes of the head's first i letters */
} Row;

/* Which query columns hold each letter (column j + 1 for the query's letter
 * j): a slot per low byte of the letter (Russian's and English's letters
 * differ in theirs), searched through when two of the query's letters share one. */
typedef struct {
    Py_UCS4 letter[256];
    uint64_t mask[256];
    int shared;             /* two of the query's letters share a slot */
    const Py_UCS4 *q;
    Py_ssize_t m;
} Columns;

/* The query's columns (columns_of), a search at a time: every slot clear
 * between searches (the GIL is held throughout one), so that a search sets
 * and clears only its letters' slots, not all 256 (columns_clear). */
static Columns query_columns;
static int query_columns_ready = 0;

static void columns_of(Columns *c, const Py_UCS4 *q, Py_ssize_t m) {
    if (c != &query_columns || !query_columns_ready) {
        for (int s = 0; s < 256; s++) {
            c->letter[s] = (Py_UCS4)-1; /* no letter: above every code point */
            c->mask[s] = 0;
        }
        if (c == &query_columns) query_columns_ready = 1;
    }
    c->shared = 0;
    c->q = q;
    c->m = m;
    for (Py_ssize_t j = 0; j < m; j++) {
        unsigned s = q[j] & 0xFF;
        if (c->letter[s] != q[j] && c->letter[s] != (Py_UCS4)-1) c->shared = 1;
        c->letter[s] = q[j];
        c->mask[s] |= (uint64_t)2 << j;
    }
}

/* Every slot of c clear again (as columns_of found them). */
static void columns_clear(Columns *c) {
    for (Py_ssize_t j = 0; j < c->m; j++) {
        c->letter[c->q[j] & 0xFF] = (Py_UCS4)-1;
        c->mask[c->q[j] & 0xFF] = 0;
    }
    c->m = 0;
}

static inline uint64_t column_matches(const Columns *c, Py_UCS4 ch) {
    unsigned s = ch & 0xFF;
    if (!c->shared) return c->letter[s] == ch ? c->mask[s] : 0;
    uint64_t mask = 0;
    for (Py_ssize_t j = 0; j < c->m; j++)
        if (c->q[j] == ch) mask |= (uint64_t)2 << j;
    return mask;
}

/* Columns 0..m as bits. */
static inline uint64_t all_columns(Py_ssize_t m) {
    return m >= 63 ? ~(uint64_t)0 : (((uint64_t)2 << m) - 1);
}

/* Row 0: the empty word against the query's first j letters is j, so mask
 * d holds columns 0..d. */
static void first_row(Row *r, long k) {
    for (long d = 0; d <= k; d++) r->masks[d] = ((uint64_t)2 << d) - 1;
    r->match = 0;
    r->alive = 1;
    r->bytes = 0;
}

/* Mask d of a row from mask d - 1 (cells) and the rows before: a cell is
 * at most d when its diagonal neighbour is and the letters match, or when a
 * neighbour is at most d - 1: diagonal (a substitution), above (a letter of
 * the word left out: column 0 too), left (a letter of the query left out),
 * or two back on both for a transposition. */
#define OSA_MASK(d)                                                                                             \
    do {                                                                                                        \
        cells = ((above[d] << 1) & match) | ((above[(d) - 1] | cells) << 1) | above[(d) - 1] |                  \
                ((two_above[(d) - 1] << 2) & swapped);                                                          \
        masks[d] = cells;                                                                                       \
    } while (0)

/* Row i (its match already set) from rows i - 1 and i - 2. */
static inline __attribute__((always_inline)) void next_row(Row *rows, Py_ssize_t i, long k, uint64_t columns) {
    const uint64_t *above = rows[i - 1].masks, *two_above = rows[i - 2].masks;
    uint64_t *masks = rows[i].masks;
    uint64_t match = rows[i].match;
    /* Transpositions to column j: the row's letter is the query's j - 1st, the row before's its jth. */
    uint64_t swapped = (match << 1) & rows[i - 1].match;
    uint64_t cells = (above[0] << 1) & match;
    masks[0] = cells;
    switch (k) { /* (the reaches asked for, unrolled) */
    case 0:
        break;
    case 1:
        OSA_MASK(1);
        break;
    case 2:
        OSA_MASK(1);
        OSA_MASK(2);
        break;
    default:
        for (long d = 1; d <= k; d++) OSA_MASK(d);
    }
    rows[i].alive = (cells & columns) != 0;
}

/* Row i's cell of the last column (m), from its masks: the distance of the
 * word's first i letters to the query, or k + 1 when that is above k. */
static inline int last_cell(const Row *r, long k, Py_ssize_t m) {
    const uint64_t *masks = r->masks;
    uint64_t last = (uint64_t)1 << m;
    for (long d = 0; d <= k; d++)
        if (masks[d] & last) return (int)d;
    return (int)k + 1;
}

/* One bit per prefix id for close_hits' de-duplication, and one bit per
 * 64-bit word of it that has a bit set (`seen_words_set`): all zero between
 * calls (the GIL is held throughout a call). */
static uint64_t *seen = NULL, *seen_words_set = NULL;
static size_t seen_words = 0; /* its length, in 64-bit words */

/* One hit of the search: its distance, Zipf x 100, and where its line is in the text. */
typedef struct {
    int d;
    uint16_t z;
    const unsigned char *line;
    Py_ssize_t nbytes;
} Hit;

typedef struct {
    Hit *items;
    Py_ssize_t n, room;
} Hits;

static int hits_grow(Hits *h) {
    Py_ssize_t room = h->room * 2 + 128;
    Hit *grown = PyMem_Realloc(h->items, (size_t)room * sizeof(Hit));
    if (!grown) {
        PyErr_NoMemory();
        return -1;
    }
    h->items = grown;
    h->room = room;
    return 0;
}

/* (Inlined into the scan, the rare growing apart.) */
static inline int hits_add(Hits *h, int d, uint16_t z, const unsigned char *line, Py_ssize_t nbytes) {
    if (h->n == h->room && hits_grow(h) < 0) return -1;
    Hit *x = &h->items[h->n++];
    x->d = d;
    x->z = z;
    x->line = line;
    x->nbytes = nbytes;
    return 0;
}

/* The run heads (index.run_head): a prefix's letters by their places in
 * the delete table's alphabet, a byte each from the lowest (0 past its
 * end), and its run's longest word's letters in the top byte. */
#define HEAD_LETTERS 7
#define HEAD_LETTER_BITS 0x00FFFFFFFFFFFFFFULL

static inline int head_letters(uint64_t head) {
    uint64_t bits = head & HEAD_LETTER_BITS;
    return bits ? (71 - __builtin_clzll(bits)) / 8 : 0; /* the bytes up to the highest set bit */
}

/* The run records of a search (index.run_records: by prefix id, its head
 * and then its run's starts in the text, low half, and in the lines, high
 * half; one more record after the last run for its ends), and the query's
 * columns and each letter's UTF-8 length by the letters' places. */
typedef struct {
    const uint64_t *run;       /* NULL: no records, every run is read */
    Py_ssize_t n_heads;        /* the records of runs (the one after them not counted) */
    uint64_t column[256];      /* a letter's place -> the query columns holding that letter */
    unsigned char nbytes[256]; /* a letter's place -> its length in UTF-8 bytes */
} Heads;

static int table_place(const uint32_t *pairs, Py_ssize_t n_pairs, Py_UCS4 ch);

/* Heads of args[11] ((letters, runs) or None) for the query q: 0, or -1
 * with an exception set (its buffers into *letters and *heads). */
static int heads_of(PyObject *arg, Heads *h, Buf *letters, Buf *heads, const Py_UCS4 *q, Py_ssize_t m) {
    h->run = NULL;
    if (arg == Py_None) return 0;
    if (!PyTuple_Check(arg) || PyTuple_GET_SIZE(arg) != 2) {
        PyErr_SetString(PyExc_TypeError, "the run heads must be (letters, runs) or None");
        return -1;
    }
    if (get_buf(PyTuple_GET_ITEM(arg, 0), letters, "letters") < 0 ||
        get_buf(PyTuple_GET_ITEM(arg, 1), heads, "runs") < 0)
        return -1;
    const uint32_t *pairs = letters->view.buf;
    Py_ssize_t n_pairs = letters->view.len / 8;
    memset(h->column, 0, sizeof h->column);
    memset(h->nbytes, 0, sizeof h->nbytes);
    for (Py_ssize_t x = 0; x < n_pairs; x++) {
        uint32_t ch = pairs[2 * x], place = pairs[2 * x + 1];
        if (place < 256) h->nbytes[place] = ch < 0x80 ? 1 : ch < 0x800 ? 2 : ch < 0x10000 ? 3 : 4;
    }
    for (Py_ssize_t j = 0; j < m; j++) {
        int place = table_place(pairs, n_pairs, q[j]);
        /* (A letter without a place is in no prefix: no head letter matches it.) */
        if (place > 0 && place < 256) h->column[place] |= (uint64_t)2 << j; /* (column j + 1: see Columns) */
    }
    h->run = heads->view.buf;
    h->n_heads = heads->view.len / 16 - 1;
    return 0;
}

/* What the run scan of gather_hits reads: the de-duplicated prefix ids in
 * order, the index's tables, the query, and where the table's rows and the
 * hits go. */
typedef struct {
    const uint32_t *pids;
    Py_ssize_t n_pids;
    const Heads *heads;
    const uint32_t *line_of, *st, *first;
    const uint16_t *zipf100;
    const unsigned char *txt;
    Py_ssize_t n_txt, n_zipf, n_st, n_first;
    const Columns *columns;
    Py_ssize_t m, prefix_len, longest;
    Row *rows; /* rows[-1] and rows[0] set */
    Py_ssize_t *wbyte;
    Hits *hits;
} Scan;

/* The run scan for a reach k: 0, or -1 with an exception set. Inlined into
 * scan_runs_within once per reach asked for, so that k is a constant there
 * (each row's masks unrolled, no switch a row). */
static inline __attribute__((always_inline)) int scan_runs(const Scan *sc, const long k) {
    const uint32_t *pids = sc->pids;
    const Py_ssize_t n_pids = sc->n_pids, m = sc->m, prefix_len = sc->prefix_len, longest = sc->longest;
    const Heads *heads = sc->heads;
    /* (The heads' fields in locals: the rows' and wbyte's stores could
     * alias them, which would have them read again at every run.) */
    const uint64_t *const run = heads->run, *const head_column = heads->column;
    const unsigned char *const head_nbytes = heads->nbytes;
    const uint32_t *line_of = sc->line_of, *st = sc->st, *first = sc->first;
    const uint16_t *zipf100 = sc->zipf100;
    const unsigned char *txt = sc->txt;
    const Py_ssize_t n_txt = sc->n_txt, n_zipf = sc->n_zipf, n_st = sc->n_st, n_first = sc->n_first;
    const Columns *columns = sc->columns;
    Row *rows = sc->rows;
    Py_ssize_t *wbyte = sc->wbyte;
    Hits *hits = sc->hits;
    const uint64_t columns_held = all_columns(m);
    Py_ssize_t valid = 0;      /* rows 0..valid hold the table of the held word's first valid letters */
    /* The first row i <= valid with no cell at most k: no later row has one
     * either (a cell is at most one more than the one above it, so row
     * i - 1 has none below k, and row i + 1's cells come from row i's or,
     * by a transposition, one edit from row i - 1's; and so on down). */
    Py_ssize_t dead_from = PY_SSIZE_T_MAX;
    Py_ssize_t wlen = 0;       /* letters of the previous word held (<= longest) */
    /* The previous word's line and its length in bytes; wbyte[i]: where its
     * letter i begins in the line (i <= wlen). */
    const unsigned char *prev_line = NULL;
    Py_ssize_t prev_nb = 0;
    /* With run heads: the held word's head (its first letters, at most
     * HEAD_LETTERS, packed as the heads are). */
    uint64_t held_head = 0;


    for (Py_ssize_t r = 0; r < n_pids; r++) {
        uint32_t p = pids[r];
        /* The tables of the runs a few ahead asked for now, so that their
         * cache misses overlap this run's work instead of stalling it: with
         * run records, a record eight runs ahead (its head and starts), and
         * two ahead (their records asked for six runs ago) the first line's
         * facts and text; without, the run tables four ahead and those two
         * ahead. (A prefetch reads nothing, whatever the address; the ids
         * read to make one are checked against the tables' lengths.) */
        if (run) {
            /* (pids has eight more ids after the last, copies of it, and
             * each id has a record: gather_hits checked.) */
            __builtin_prefetch(&run[2 * (size_t)pids[r + 8]]);
            {
                uint64_t at = run[2 * (size_t)pids[r + 2] + 1];
                __builtin_prefetch(&line_of[at >> 32]);
                __builtin_prefetch(txt + (uint32_t)at);
            }
        } else {
            if (r + 4 < n_pids) {
                __builtin_prefetch(&st[pids[r + 4]]);
                __builtin_prefetch(&first[pids[r + 4]]);
            }
            if (r + 2 < n_pids && (Py_ssize_t)pids[r + 2] < n_st && (Py_ssize_t)pids[r + 2] < n_first) {
                __builtin_prefetch(&line_of[first[pids[r + 2]]]);
                __builtin_prefetch(txt + st[pids[r + 2]]);
            }
        }
        /* Letters every word of the run begins with that the held word's
         * rows are known to share: -1 until the run's first line is compared with it. */
        Py_ssize_t run_shares = -1;
        /* Where the run starts and ends in the text and in the lines. */
        uint64_t text_from, text_to, line_from, line_to;
        if (run) {
            /* The run's words within k letters of the query's length, and
             * the rows of its prefix (which every word of it begins with)
             * not dead: else the run is passed over unread (its tables not
             * even looked at). The rows are the held word's as far as its
             * head and this one agree. */
            uint64_t head = run[2 * (size_t)p];
            Py_ssize_t plen = head_letters(head), longest_word = (Py_ssize_t)(head >> 56);
            if (longest_word + k < m || plen > m + k) continue;
            uint64_t differ = (head ^ held_head) & HEAD_LETTER_BITS;
            /* (Bit 56, past the letters' bytes, stands for "all seven the same".) */
            Py_ssize_t same = __builtin_ctzll(differ | (1ULL << (8 * HEAD_LETTERS))) / 8;
            if (same > valid) same = valid;
            if (dead_from <= same) continue; /* the held word's dead rows are this prefix's */
            held_head = head;
            valid = same;
            dead_from = PY_SSIZE_T_MAX;
            for (Py_ssize_t i = same + 1; i <= plen; i++) {
                unsigned place = (head >> (8 * (i - 1))) & 0xFF;
                rows[i].match = head_column[place];
                rows[i].bytes = rows[i - 1].bytes + head_nbytes[place];
                next_row(rows, i, k, columns_held);
                valid = i;
                if (!rows[i].alive) {
                    dead_from = i;
                    break;
                }
            }
            if (dead_from <= plen) continue;
            /* Held now: a word of the prefix's letters, whose end every line of the run shares. */
            wlen = run_shares = plen;
            wbyte[plen] = rows[plen].bytes;
            uint64_t here = run[2 * (size_t)p + 1], next = run[2 * (size_t)p + 3];
            text_from = (uint32_t)here;
            text_to = (uint32_t)next;
            line_from = here >> 32;
            line_to = next >> 32;
        } else {
            if ((Py_ssize_t)p + 1 >= n_st || (Py_ssize_t)p + 1 >= n_first) {
                PyErr_SetString(PyExc_IndexError, "prefix id out of the index");
                return -1;
            }
            text_from = st[p];
            text_to = st[p + 1];
            line_from = first[p];
            line_to = first[p + 1];
        }
        if (text_from > text_to || text_to > (uint64_t)n_txt || line_from > line_to || line_to > (uint64_t)n_zipf) {
            PyErr_SetString(PyExc_IndexError, "prefix id out of the index");
            return -1;
        }
        const unsigned char *s = txt + text_from, *end = txt + text_to;
        Py_ssize_t first_line = (Py_ssize_t)line_from, last_line = (Py_ssize_t)line_to;
        if (first_line == last_line) continue;
        /* Letters every word of the run begins with (its prefix). */
        Py_ssize_t run_plen = (line_of[first_line] >> 8) & 0xFF;
        if (run_plen > prefix_len) run_plen = prefix_len;
        /* Letters the line shares with the word held in w (the last one
         * decoded, or the run's prefix), at least: -1 until known in this
         * run. Along a run, the least of the lines' shares with the line before them. */
        Py_ssize_t since = run_shares;
        for (Py_ssize_t line_no = first_line; line_no < last_line; line_no++) {
            uint32_t facts = line_of[line_no];
            Py_ssize_t nb = facts & 0xFF, len = (facts >> 8) & 0xFF, shared = facts >> 16;
            const unsigned char *line = s;
            s += nb + 1;
            if (s > end) {
                PyErr_SetString(PyExc_IndexError, "a run is longer than the index says");
                return -1;
            }
            /* (The run's first line shares at least the prefix with the held
             * word when that is the prefix's, whatever it shares with the line before.) */
            if (since >= 0 && shared < since) since = shared < run_shares ? run_shares : shared;
            /* A word whose length is more than k off is too (neither decoded nor held). */
            if ((len > m ? len - m : m - len) > k) continue;
            Py_ssize_t common;
            if (since >= 0) {
                common = since;
            } else {
                /* The letters it shares with the held word: the bytes
                 * both lines begin with, back to a letter's first byte,
                 * are those letters (UTF-8 keeps a letter's bytes
                 * together). Eight bytes at a time, then byte by byte. */
                Py_ssize_t same = 0, lim = nb < prev_nb ? nb : prev_nb;
                while (same + 8 <= lim) {
                    uint64_t a, b;
                    memcpy(&a, line + same, 8);
                    memcpy(&b, prev_line + same, 8);
                    if (a != b) break;
                    same += 8;
                }
                while (same < lim && line[same] == prev_line[same]) same++;
                while (same > 0 && same < nb && (line[same] & 0xC0) == 0x80) same--;
                /* The most letters (at most wlen) whose bytes are all shared: wbyte rises. */
                Py_ssize_t above = wlen + 1;
                common = 0;
                while (above - common > 1) {
                    Py_ssize_t mid = (common + above) / 2;
                    if (wbyte[mid] <= same)
                        common = mid;
                    else
                        above = mid;
                }
                since = common;
            }
            if (common > wlen) common = wlen;
            Py_ssize_t kept = valid < common ? valid : common;
            if (dead_from <= kept) {
                /* Its first rows are the held word's, dead: so is it, and
                 * when they are within the run's prefix, every word of the run. */
                if (dead_from <= run_plen) break;
                continue;
            }
            valid = kept;
            dead_from = PY_SSIZE_T_MAX;
            /* The rest of its letters (the first `common` are the held word's). */
            Py_ssize_t got = common;
            const unsigned char *at = line + wbyte[common], *stop = line + nb;
            while (at < stop && got < longest) {
                rows[++got].match = column_matches(columns, next_letter(&at));
                wbyte[got] = at - line;
            }
            if (got != len || at != stop) {
                PyErr_SetString(PyExc_ValueError, "a line of the vocabulary is not what the line table says");
                return -1;
            }
            prev_line = line;
            prev_nb = nb;
            wlen = len;
            since = len;
            /* Rows valid+1..len of the table. */
            for (Py_ssize_t i = valid + 1; i <= len && dead_from > valid; i++) {
                next_row(rows, i, k, columns_held);
                valid = i;
                if (!rows[i].alive) dead_from = i;
            }
            if (dead_from <= valid) {
                /* Dead within the run's prefix: so is every word of the run,
                 * which begins with the same letters (the same rows). */
                if (dead_from <= run_plen) break;
                continue;
            }
            int d = last_cell(&rows[len], k, m);
            if (d > k) continue;
            if (hits_add(hits, d, zipf100[line_no], line, nb) < 0) return -1;
        }
    }
    return 0;
}

static int scan_runs_within(const Scan *sc, long k) {
    switch (k) {
    case 0:
        return scan_runs(sc, 0);
    case 1:
        return scan_runs(sc, 1);
    case 2:
        return scan_runs(sc, 2);
    default:
        return scan_runs(sc, k);
    }
}

/* Room for `wanted` prefix ids in *pids (the first n kept), which is
 * `on_stack` until it grows: 0, or -1 with an exception set. */
static int pids_room(uint32_t **pids, uint32_t *on_stack, Py_ssize_t n, Py_ssize_t wanted, Py_ssize_t *room) {
    Py_ssize_t more_room = wanted * 2 + 64;
    uint32_t *grown = PyMem_Realloc(*pids == on_stack ? NULL : *pids, (size_t)more_room * sizeof(uint32_t));
    if (!grown) {
        PyErr_NoMemory();
        return -1;
    }
    if (*pids == on_stack) memcpy(grown, on_stack, (size_t)n * sizeof(uint32_t));
    *pids = grown;
    *room = more_room;
    return 0;
}

/* The search of close_hits over its twelve arguments, its hits into *hits
 * (unsorted; their lines point into text's buffer, which *text holds on
 * return, released by the caller). 0, or -1 with an exception set. When
 * args[3] (the key ids) is NULL, the key ids are kid_array's n_kid_array. */
static int gather_hits(PyObject *const *args, const uint32_t *kid_array, Py_ssize_t n_kid_array, Hits *hits,
                       Buf *text) {
    PyObject *word = args[0], *kids = args[3];
    if (!PyUnicode_Check(word)) {
        PyErr_SetString(PyExc_TypeError, "word must be a str");
        return -1;
    }
    long k = PyLong_AsLong(args[1]);
    long prefix_len = PyLong_AsLong(args[2]);
    if (PyErr_Occurred()) return -1;
    if (k < 0 || k > MAX_REACH || prefix_len < 1) {
        PyErr_Format(PyExc_ValueError, "max_distance must be in 0..%d and prefix_len positive", MAX_REACH);
        return -1;
    }
    if (PyUnicode_GET_LENGTH(word) > MAX_COLUMNS) {
        PyErr_SetString(PyExc_ValueError, "the compiled search takes words of at most 63 letters");
        return -1;
    }
    Buf offsets = {0}, owners = {0}, starts = {0}, first_lines = {0}, line_zipfs = {0}, line_table = {0};
    Buf head_letters_buf = {0}, head_buf = {0};
    Heads heads;
    PyObject *kid_list = NULL;
    Py_UCS4 *q = NULL;
    Py_ssize_t *wbyte = NULL;
    /* (On the stack when they fit, as nearly always: a few hundred.) */
    uint32_t pid_stack[1024];
    uint32_t *pids = pid_stack;
    Columns *columns = NULL;
    Row *row_table = NULL, *rows;

    if (get_buf(args[4], &offsets, "offsets") < 0 || get_buf(args[5], &owners, "owners") < 0 ||
        get_buf(args[6], &starts, "starts") < 0 || get_buf(args[7], text, "text") < 0 ||
        get_buf(args[8], &first_lines, "first_lines") < 0 || get_buf(args[9], &line_zipfs, "line_zipfs") < 0 ||
        get_buf(args[10], &line_table, "lines") < 0)
        goto done;
    const uint32_t *first = first_lines.view.buf;
    const uint16_t *zipf100 = line_zipfs.view.buf;
    Py_ssize_t n_first = first_lines.view.len / 4, n_zipf = line_zipfs.view.len / 2;
    const uint32_t *line_of = line_table.view.buf;
    if (line_table.view.len / 4 != n_zipf) {
        PyErr_SetString(PyExc_ValueError, "the line table and the Zipf array differ in length");
        goto done;
    }
    const uint32_t *off = offsets.view.buf, *own = owners.view.buf, *st = starts.view.buf;
    Py_ssize_t n_off = offsets.view.len / 4, n_own = owners.view.len / 4, n_st = starts.view.len / 4;
    const unsigned char *txt = text->view.buf;
    Py_ssize_t n_txt = text->view.len;

    Py_ssize_t m = PyUnicode_GET_LENGTH(word);
    q = PyMem_Malloc((size_t)(m + 1) * sizeof(Py_UCS4));
    if (!q) {
        PyErr_NoMemory();
        goto done;
    }
    if (!PyUnicode_AsUCS4(word, q, m + 1, 1)) goto done;
    columns = &query_columns;
    columns_of(columns, q, m);
    if (heads_of(args[11], &heads, &head_letters_buf, &head_buf, q, m) < 0) goto done;
    if (heads.run && (heads.n_heads + 1 != n_st || heads.n_heads + 1 != n_first)) {
        /* (The records hold the runs' starts: those of other runs would be read in the starts' stead.) */
        PyErr_SetString(PyExc_IndexError, "the run records are not of the index's runs");
        goto done;
    }
    /* The prefix ids of every delete key found (de-duplicated below). */
    Py_ssize_t n_kids = n_kid_array, n_pids = 0, room = 1024;
    if (kids) {
        kid_list = PySequence_Fast(kids, "kids must be a sequence of key ids");
        if (!kid_list) goto done;
        n_kids = PySequence_Fast_GET_SIZE(kid_list);
    }
    for (Py_ssize_t r = 0; r < n_kids; r++) {
        long kid = kids ? PyLong_AsLong(PySequence_Fast_GET_ITEM(kid_list, r)) : (long)kid_array[r];
        if (PyErr_Occurred()) goto done;
        if (kid < 0 || kid + 1 >= n_off || off[kid] > off[kid + 1] || off[kid + 1] > (uint64_t)n_own) {
            PyErr_SetString(PyExc_IndexError, "delete key id out of the index");
            goto done;
        }
        Py_ssize_t more = off[kid + 1] - off[kid];
        if (n_pids + more > room && pids_room(&pids, pid_stack, n_pids, n_pids + more, &room) < 0) goto done;
        memcpy(pids + n_pids, own + off[kid], (size_t)more * sizeof(uint32_t));
        n_pids += more;
    }
    if (n_pids == 0) goto done;
    /* Once each (many delete keys share prefixes), and in order: then the
     * runs come in the vocabulary's order, so that a run's head and first
     * word share the most letters (their rows) with the run's before. A
     * bit per prefix id, read back word by word (only the words with a bit
     * set: those of the second bitset), and cleared on the way. */
    if ((size_t)n_st > seen_words * 64) {
        size_t words = (size_t)n_st / 64 + 1, sets = words / 64 + 1;
        uint64_t *grown = PyMem_Realloc(seen, words * sizeof(uint64_t));
        if (!grown) {
            PyErr_NoMemory();
            goto done;
        }
        seen = grown;
        grown = PyMem_Realloc(seen_words_set, sets * sizeof(uint64_t));
        if (!grown) {
            PyErr_NoMemory();
            goto done;
        }
        seen_words_set = grown;
        memset(seen, 0, words * sizeof(uint64_t));
        memset(seen_words_set, 0, sets * sizeof(uint64_t));
        seen_words = words;
    }
    /* (With run records, an id must have one: the scan reads them unchecked.) */
    const uint32_t id_limit = (uint32_t)(heads.run ? heads.n_heads : n_st);
    for (Py_ssize_t r = 0; r < n_pids; r++) {
        uint32_t p = pids[r];
        if (p >= id_limit) {
            /* clear what was marked, then complain */
            for (Py_ssize_t u = 0; u < r; u++) {
                seen[pids[u] >> 6] = 0;
                seen_words_set[pids[u] >> 12] = 0;
            }
            PyErr_SetString(PyExc_IndexError, "prefix id out of the index");
            goto done;
        }
        seen[p >> 6] |= 1ULL << (p & 63);
        seen_words_set[p >> 12] |= 1ULL << ((p >> 6) & 63);
    }
    Py_ssize_t n_unique = 0;
    for (size_t a = 0; a <= (size_t)(n_st - 1) >> 12; a++) {
        uint64_t words = seen_words_set[a];
        seen_words_set[a] = 0;
        while (words) {
            size_t w = a * 64 + (size_t)__builtin_ctzll(words);
            words &= words - 1;
            uint64_t bits = seen[w];
            seen[w] = 0;
            while (bits) {
                pids[n_unique++] = (uint32_t)(w * 64 + (size_t)__builtin_ctzll(bits));
                bits &= bits - 1;
            }
        }
    }
    n_pids = n_unique;
    /* Eight copies of the last id after it: the scan's prefetches a few runs ahead read them untested. */
    if (n_pids + 8 > room && pids_room(&pids, pid_stack, n_pids, n_pids + 8, &room) < 0) goto done;
    for (Py_ssize_t r = n_pids; r < n_pids + 8; r++) pids[r] = pids[n_pids - 1];

    /* A vocabulary word longer than this is more than k edits away. */
    Py_ssize_t longest = m + k;
    wbyte = PyMem_Malloc((size_t)(longest + 2) * sizeof(Py_ssize_t));
    /* rows[i]: the OSA table's row of the current word's first i letters
     * against the query (bit-parallel); rows of a common beginning with the
     * previous word are kept. */
    row_table = PyMem_Malloc((size_t)(longest + 2) * sizeof(Row));
    if (!wbyte || !row_table) {
        PyErr_NoMemory();
        goto done;
    }
    wbyte[0] = 0;
    /* rows[-1]: the row before row 1's row before, all clear (no transposition reaches row 1). */
    rows = row_table + 1;
    memset(&rows[-1], 0, sizeof(Row));
    first_row(&rows[0], k);
    Scan scan = {pids, n_pids, &heads, line_of, st, first, zipf100, txt, n_txt, n_zipf, n_st, n_first,
                 columns, m, prefix_len, longest, rows, wbyte, hits};
    if (scan_runs_within(&scan, k) < 0) goto done;
done:
    drop_buf(&offsets);
    drop_buf(&owners);
    drop_buf(&starts);
    drop_buf(&first_lines);
    drop_buf(&line_zipfs);
    drop_buf(&line_table);
    drop_buf(&head_letters_buf);
    drop_buf(&head_buf);
    Py_XDECREF(kid_list);
    if (pids != pid_stack) PyMem_Free(pids);
    if (columns) columns_clear(columns);
    PyMem_Free(q);
    PyMem_Free(wbyte);
    PyMem_Free(row_table);
    return PyErr_Occurred() ? -1 : 0;
}

/* A hit's (distance, -Zipf, word) tuple, as close_hits lists them. */
static PyObject *hit_tuple(const Hit *h) {
    PyObject *hit = PyTuple_New(3);
    if (!hit) return NULL;
    PyObject *text_word = PyUnicode_DecodeUTF8((const char *)h->line, h->nbytes, "strict");
    PyObject *distance = PyLong_FromLong(h->d);
    /* -(Zipf x 100 / 100): what Python's -(z / 100) gives (int / int is
     * one correctly rounded division of two exact doubles). */
    PyObject *neg_zipf = PyFloat_FromDouble(-((double)h->z / 100.0));
    PyTuple_SET_ITEM(hit, 0, distance);
    PyTuple_SET_ITEM(hit, 1, neg_zipf);
    PyTuple_SET_ITEM(hit, 2, text_word);
    if (!text_word || !distance || !neg_zipf) {
        Py_DECREF(hit);
        return NULL;
    }
    return hit;
}

static PyObject *close_hits(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 12) {
        PyErr_SetString(PyExc_TypeError,
                        "close_hits(word, max_distance, prefix_len, kids, offsets, owners, starts, text, "
                        "first_lines, line_zipfs, lines, heads)");
        return NULL;
    }
    Hits hits = {0};
    Buf text = {0};
    PyObject *out = NULL;
    if (gather_hits(args, NULL, 0, &hits, &text) < 0) goto done;
    out = PyList_New(hits.n);
    if (!out) goto done;
    for (Py_ssize_t r = 0; r < hits.n; r++) {
        PyObject *hit = hit_tuple(&hits.items[r]);
        if (!hit) {
            Py_CLEAR(out);
            goto done;
        }
        PyList_SET_ITEM(out, r, hit);
    }
done:
    drop_buf(&text);
    PyMem_Free(hits.items);
    return out;
}

/* Python's order of (distance, -Zipf, word): nearest, then most common,
 * then by code point (UTF-8 bytes compare in code point order). */
static int compare_bytes(const Hit *x, const Hit *y) {
    Py_ssize_t n = x->nbytes < y->nbytes ? x->nbytes : y->nbytes;
    int c = memcmp(x->line, y->line, (size_t)n);
    if (c) return c;
    return x->nbytes < y->nbytes ? -1 : x->nbytes > y->nbytes;
}

static int compare_hits(const void *p, const void *q) {
    const Hit *x = p, *y = q;
    if (x->d != y->d) return x->d < y->d ? -1 : 1;
    if (x->z != y->z) return x->z > y->z ? -1 : 1;
    return compare_bytes(x, y);
}

/* A few hits (at most max_weighed) into compare_hits' order: an insertion sort. */
static void sort_hits(Hit *h, Py_ssize_t n) {
    for (Py_ssize_t i = 1; i < n; i++) {
        Hit x = h[i];
        Py_ssize_t j = i;
        while (j > 0 && compare_hits(&h[j - 1], &x) > 0) {
            h[j] = h[j - 1];
            j--;
        }
        h[j] = x;
    }
}

/* The `first` smallest hits in compare_hits' order into h[0..first), in
 * no particular order (0 < first < n): a quickselect (Hoare's partition,
 * middle pivot). compare_hits is a total order: no two hits are equal. */
static void select_hits(Hit *h, Py_ssize_t n, Py_ssize_t first) {
    Py_ssize_t lo = 0, hi = n - 1;
    while (lo < hi) {
        Hit pivot = h[lo + (hi - lo) / 2];
        Py_ssize_t i = lo, j = hi;
        while (i <= j) {
            while (compare_hits(&h[i], &pivot) < 0) i++;
            while (compare_hits(&h[j], &pivot) > 0) j--;
            if (i <= j) {
                Hit t = h[i];
                h[i] = h[j];
                h[j] = t;
                i++;
                j--;
            }
        }
        /* Now h[lo..j] <= pivot <= h[i..hi], and j < i. */
        if (first - 1 <= j)
            hi = j;
        else if (first - 1 >= i)
            lo = i;
        else
            return;
    }
}

/* The letters of a hit's word into buf (room letters at most); its length, or -1 when longer. */
static Py_ssize_t hit_letters(const Hit *h, Py_UCS4 *buf, Py_ssize_t room) {
    const unsigned char *s = h->line, *end = h->line + h->nbytes;
    Py_ssize_t n = 0;
    while (s < end) {
        if (n >= room) return -1;
        buf[n++] = next_letter(&s);
    }
    return n;
}

#define MAX_QUICK_LEN 64


/* errormodel.quick_cost(typed=b, intended=a): rapidfuzz's Levenshtein.editops(a, b)
 * (its common affix set aside, Hyyro's bit-parallel matrix over a's middle
 * and the backtrace of rapidfuzz/distance/Levenshtein_py.py), weighed op by
 * op as wosa_weigh_editops does. 0, or -1 when a's middle is longer than
 * 64 letters or b longer than MAX_QUICK_LEN * 2 (the caller falls back). */
static int quick_weight(const WeightedOSA *t, const Py_UCS4 *a, Py_ssize_t n, const Py_UCS4 *b, Py_ssize_t m,
                        double *out) {
    Py_ssize_t p = 0, s = 0;
    while (p < n && p < m && a[p] == b[p]) p++;
    while (s < n - p && s < m - p && a[n - 1 - s] == b[m - 1 - s]) s++;
    Py_ssize_t len1 = n - p - s, len2 = m - p - s;
    const Py_UCS4 *s1 = a + p, *s2 = b + p;
    if (len1 > 64 || len2 > 2 * MAX_QUICK_LEN) return -1;
    uint64_t vps[2 * MAX_QUICK_LEN], vns[2 * MAX_QUICK_LEN];
    Op ops[64 + 2 * MAX_QUICK_LEN];
    Py_ssize_t dist;
    if (len1 == 0) {
        dist = len2;
    } else {
        uint64_t VP = len1 == 64 ? ~(uint64_t)0 : (((uint64_t)1 << len1) - 1), VN = 0;
        uint64_t mask = (uint64_t)1 << (len1 - 1);
        dist = len1;
        for (Py_ssize_t j = 0; j < len2; j++) {
            uint64_t X = 0;
            for (Py_ssize_t i = 0; i < len1; i++)
                if (s1[i] == s2[j]) X |= (uint64_t)1 << i;
            uint64_t D0 = (((X & VP) + VP) ^ VP) | X | VN;
            uint64_t HP = VN | ~(D0 | VP);
            uint64_t HN = D0 & VP;
            dist += (HP & mask) != 0;
            dist -= (HN & mask) != 0;
            HP = (HP << 1) | 1;
            HN = HN << 1;
            VP = HN | ~(D0 | HP);
            VN = HP & D0;
            vps[j] = VP;
            vns[j] = VN;
        }
    }
    Py_ssize_t k = dist, col = len1, row = len2;
#define PUT(T, I, J)                                                                                              \
    do {                                                                                                          \
        if (--k < 0) goto broken;                                                                                 \
        ops[k].tag = (T);                                                                                         \
        ops[k].i = (I) + p;                                                                                       \
        ops[k].j = (J) + p;                                                                                       \
    } while (0)
    while (row != 0 && col != 0) {
        if ((vps[row - 1] >> (col - 1)) & 1) {
            col--;
            PUT('d', col, row);
        } else {
            row--;
            if (row && ((vns[row - 1] >> (col - 1)) & 1)) {
                PUT('i', col, row);
            } else {
                col--;
                if (s1[col] != s2[row]) PUT('r', col, row);
            }
        }
    }
    while (col != 0) {
        col--;
        PUT('d', col, row);
    }
    while (row != 0) {
        row--;
        PUT('i', col, row);
    }
#undef PUT
    if (k != 0) goto broken;
    *out = weigh_ops(t, a, n, b, m, ops, dist);
    return 0;
broken:
    PyErr_SetString(PyExc_RuntimeError, "the alignment's length disagrees with its distance");
    return -2;
}

static PyObject *wosa_quick_cost(WeightedOSA *self, PyObject *const *args, Py_ssize_t nargs) {
    Py_UCS4 bbuf[STACK], abuf[STACK], *b, *a;
    Py_ssize_t m, n;
    if (two_words(self, args, nargs, "quick_cost(typed: str, intended: str)", bbuf, abuf, &b, &m, &a, &n) < 0)
        return NULL;
    PyObject *result = NULL;
    double total;
    int ok = quick_weight(self, a, n, b, m, &total);
    if (ok == 0)
        result = PyFloat_FromDouble(total);
    else if (ok == -1)
        PyErr_SetString(PyExc_ValueError, "quick_cost: words too long for the compiled alignment");
    drop_words(b, bbuf, a, abuf);
    return result;
}

typedef struct {
    double rank;
    const Hit *hit;
} Ranked;

static int compare_ranked(const void *p, const void *q) {
    const Ranked *x = p, *y = q;
    if (x->rank != y->rank) return x->rank < y->rank ? -1 : 1;
    return compare_bytes(x->hit, y->hit);
}

/* round(d, 3), as Python's own round makes it. */
static PyObject *rounded(double d) {
    /* round(d, 3) is the double nearest to d's exact value rounded to three
     * decimals. y = d * 1000 is within half an ulp of that exact value, so
     * when y is not near a half the integer nearest y is the one nearest the
     * exact value, and r / 1000 (both exact, one correctly rounded
     * division) is the double nearest r thousandths, as Python makes it.
     * Near a half (or huge), Python's own round decides. */
    double y = d * 1000.0;
    if (fabs(y) < 1e9) {
        double r = nearbyint(y);
        if (fabs(y - r) < 0.4999) return PyFloat_FromDouble(r / 1000.0);
    }
    static PyObject *round_function = NULL, *three = NULL;
    if (!round_function) {
        PyObject *builtins = PyEval_GetBuiltins(); /* borrowed */
        PyObject *found = builtins ? PyDict_GetItemString(builtins, "round") : NULL;
        if (!found) {
            PyErr_SetString(PyExc_RuntimeError, "no builtin round");
            return NULL;
        }
        three = PyLong_FromLong(3);
        if (!three) return NULL;
        Py_INCREF(found);
        round_function = found;
    }
    PyObject *value = PyFloat_FromDouble(d);
    if (!value) return NULL;
    PyObject *call[2] = {value, three};
    PyObject *out = PyObject_Vectorcall(round_function, call, 2, NULL);
    Py_DECREF(value);
    return out;
}

/* The (Zipf, word, cost) triples of the hits of chosen[0..count), in that
 * order, as candidates._to_weigh gives them (cost: errormodel.cost(typed,
 * word) of lower-case words: 9.0 when their lengths differ by more than
 * BAND, else round(distance, 3)). The distances are computed in the words'
 * order, so that each shares the table's rows of its common beginning with
 * the word before it (a search's candidates often begin alike): a tuple,
 * or NULL with an exception set. */
static PyObject *weighed_triples(const WeightedOSA *t, const Typed *typed, const Ranked *chosen,
                                 Py_ssize_t count) {
    PyObject *out = PyTuple_New(count);
    if (!out || count == 0) return out;
    Py_ssize_t *order = PyMem_Malloc((size_t)count * sizeof(Py_ssize_t));
    SharedRows shared;
    if (!order) {
        Py_DECREF(out);
        return PyErr_NoMemory();
    }
    if (shared_rows_of(t, typed, &shared) < 0) {
        PyMem_Free(order);
        Py_DECREF(out);
        return NULL;
    }
    /* By their bytes (code point order): an insertion sort of a few. */
    for (Py_ssize_t r = 0; r < count; r++) {
        Py_ssize_t j = r;
        while (j > 0 && compare_bytes(chosen[order[j - 1]].hit, chosen[r].hit) > 0) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = r;
    }
    for (Py_ssize_t o = 0; o < count; o++) {
        Py_ssize_t r = order[o];
        const Hit *h = chosen[r].hit;
        Py_UCS4 abuf[MAX_QUICK_LEN + 1];
        Py_ssize_t n = hit_letters(h, abuf, MAX_QUICK_LEN + 1), m = typed->m;
        if (n < 0) {
            PyErr_SetString(PyExc_ValueError, "weigh_close: a word too long");
            goto fail;
        }
        PyObject *triple = PyTuple_New(3);
        if (!triple) goto fail;
        PyTuple_SET_ITEM(out, r, triple);
        int far = (n > m ? n - m : m - n) > BAND;
        double d = 9.0;
        if (!far) shared_distance(t, &shared, abuf, n, &d);
        PyObject *zipf = PyFloat_FromDouble((double)h->z / 100.0);
        /* The word from its letters, decoded already (its UTF-8 again through
         * the general decoder cost four times as much). */
        PyObject *w = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, abuf, n);
        PyObject *cost = far ? PyFloat_FromDouble(9.0) : rounded(d);
        PyTuple_SET_ITEM(triple, 0, zipf);
        PyTuple_SET_ITEM(triple, 1, w);
        PyTuple_SET_ITEM(triple, 2, cost);
        if (!zipf || !w || !cost) goto fail;
        /* Of a float, a str and a float: no cycle can pass through it (the
         * collector would find that out at its next pass, at a cost). */
        PyObject_GC_UnTrack(triple);
    }
    shared_rows_free(&shared);
    PyMem_Free(order);
    return out;
fail:
    shared_rows_free(&shared);
    PyMem_Free(order);
    Py_DECREF(out);
    return NULL;
}

/* index._deletes(word[:prefix_len], most), each string once, into made/lens
 * (as (first dropped, second dropped) pairs; n + 1 means none): their count. */
#define MAX_DELETE_STRINGS 600
#define MAX_HEAD 32
static Py_ssize_t delete_strings(PyObject *word, long prefix_len, long most, Py_UCS4 made[][MAX_HEAD + 1],
                                 Py_ssize_t *lens) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(word);
    if (n > prefix_len) n = prefix_len;
    if (n > MAX_HEAD) n = MAX_HEAD;
    Py_UCS4 head[MAX_HEAD + 1];
    for (Py_ssize_t i = 0; i < n; i++) head[i] = PyUnicode_READ_CHAR(word, i);
    Py_ssize_t count = 0;
    for (Py_ssize_t i = -1; i < n; i++) {
        for (Py_ssize_t j = i; j < n; j++) {
            int drops = (i >= 0) + (j > i);
            if (i < 0 && j > i) continue; /* (−1, j): only (−1, −1) stands for "none dropped" */
            if (drops == 1 && !(most >= 1 && n - 1 >= 1)) continue;
            if (drops == 2 && !(most >= 2 && n - 2 >= 1)) continue;
            if (count >= MAX_DELETE_STRINGS) break;
            Py_ssize_t len = 0;
            for (Py_ssize_t x = 0; x < n; x++)
                if (x != i && x != j) made[count][len++] = head[x];
            int seen_before = 0;
            for (Py_ssize_t r = 0; r < count && !seen_before; r++)
                seen_before = lens[r] == len && memcmp(made[r], made[count], (size_t)len * sizeof(Py_UCS4)) == 0;
            if (!seen_before) lens[count++] = len;
        }
    }
    return count;
}

/* [get(d) for d in index._deletes(word[:prefix_len], most)] without the Nones:
 * the delete trie's ids of the query's delete strings (each string once). */
static PyObject *delete_key_ids(PyObject *word, long prefix_len, long most, PyObject *get) {
    Py_UCS4 made[MAX_DELETE_STRINGS][MAX_HEAD + 1];
    Py_ssize_t lens[MAX_DELETE_STRINGS];
    Py_ssize_t count = delete_strings(word, prefix_len, most, made, lens);
    PyObject *kids = PyList_New(0);
    if (!kids) return NULL;
    for (Py_ssize_t r = 0; r < count; r++) {
        PyObject *d = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, made[r], lens[r]);
        if (!d) goto fail;
        PyObject *kid = PyObject_CallOneArg(get, d);
        Py_DECREF(d);
        if (!kid) goto fail;
        if (kid != Py_None && PyList_Append(kids, kid) < 0) {
            Py_DECREF(kid);
            goto fail;
        }
        Py_DECREF(kid);
    }
    return kids;
fail:
    Py_DECREF(kids);
    return NULL;
}

/* The delete table (index._save_delete_table): every delete string packed
 * into a number, byte i its letter i's place in the alphabet (1-based; at
 * most 8 letters), sorted, with the trie's key id of each beside it. A
 * look-up is a binary search in C, where the trie could only be asked
 * through Python. A string with a letter outside the alphabet is in no
 * vocabulary word's prefix: no key. The letters are (code point, place)
 * pairs of 32-bit numbers, by code point. */
static int table_place(const uint32_t *pairs, Py_ssize_t n_pairs, Py_UCS4 ch) {
    Py_ssize_t lo = 0, hi = n_pairs;
    while (lo < hi) {
        Py_ssize_t mid = (lo + hi) / 2;
        if (pairs[2 * mid] < ch)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n_pairs && pairs[2 * lo] == ch ? (int)pairs[2 * lo + 1] : 0;
}

/* x without its byte at (0..7): the bytes above it move down one. */
static inline uint64_t without_byte(uint64_t x, Py_ssize_t at) {
    uint64_t below = ((uint64_t)1 << (8 * at)) - 1;
    return (x & below) | ((x >> 8) & ~below);
}

/* The key ids of the query's delete strings found in the delete table
 * (those of delete_key_ids, in its order) into kids_out (room for
 * MAX_DELETE_STRINGS): their count, or -1 with an exception set. Each
 * string is packed as it is made, from its letters' places; a string made
 * twice (rare) is looked up twice, and its key kept once: equal strings
 * pack alike and have one key, and the keys found are fewer than the
 * strings made, so they are the cheaper to compare. */
static Py_ssize_t table_key_ids(PyObject *word, long prefix_len, long most, PyObject *table, uint32_t *kids_out) {
    if (!PyTuple_Check(table) || PyTuple_GET_SIZE(table) != 3) {
        PyErr_SetString(PyExc_TypeError, "the delete table must be (letters, codes, kids)");
        return -1;
    }
    Buf places = {0}, codes = {0}, ids = {0};
    Py_ssize_t found = -1;
    if (get_buf(PyTuple_GET_ITEM(table, 0), &places, "letters") < 0 ||
        get_buf(PyTuple_GET_ITEM(table, 1), &codes, "codes") < 0 ||
        get_buf(PyTuple_GET_ITEM(table, 2), &ids, "kids") < 0)
        goto done;
    const uint32_t *pairs = places.view.buf;
    const uint64_t *code = codes.view.buf;
    const uint32_t *kid = ids.view.buf;
    Py_ssize_t n_pairs = places.view.len / 8, n_codes = codes.view.len / 8;
    if (ids.view.len / 4 != n_codes) {
        PyErr_SetString(PyExc_ValueError, "the delete table's codes and ids differ in length");
        goto done;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(word);
    if (n > prefix_len) n = prefix_len;
    if (n > MAX_HEAD) n = MAX_HEAD;
    int place[MAX_HEAD];
    for (Py_ssize_t x = 0; x < n; x++) place[x] = table_place(pairs, n_pairs, PyUnicode_READ_CHAR(word, x));
    uint64_t made[MAX_DELETE_STRINGS + 3];
    Py_ssize_t count = 0;
    found = 0;
    /* The whole head packed once (when it fits: a longer one is refused at
     * its first string, itself), and which of its letters no delete string
     * has: each string is the head's code with one or two bytes cut out. */
    uint64_t whole = 0;
    unsigned outside = 0; /* bit at: place[at] is no byte (a string keeping it is in no vocabulary word's prefix) */
    for (Py_ssize_t at = 0; at < n && n <= 8; at++) {
        if (place[at] <= 0 || place[at] > 255)
            outside |= 1u << at;
        else
            whole |= (uint64_t)place[at] << (8 * at);
    }
    /* The strings of delete_strings, in its order. */
    for (Py_ssize_t i = -1; i < n; i++) {
        for (Py_ssize_t j = i; j < n; j++) {
            int drops = (i >= 0) + (j > i);
            if (i < 0 && j > i) continue;
            if (drops == 1 && !(most >= 1 && n - 1 >= 1)) continue;
            if (drops == 2 && !(most >= 2 && n - 2 >= 1)) continue;
            if (count >= MAX_DELETE_STRINGS) break;
            if (n - drops > 8) {
                PyErr_SetString(PyExc_ValueError, "the delete table holds strings of at most 8 letters");
                found = -1;
                goto done;
            }
            unsigned dropped = (i >= 0 ? 1u << i : 0) | (j >= 0 ? 1u << j : 0);
            if (outside & ~dropped) continue; /* not in the table */
            uint64_t x = whole;
            if (j > i) x = without_byte(x, j); /* the later first: the earlier stays where it is */
            if (i >= 0) x = without_byte(x, i);
            made[count++] = x;
        }
    }
    /* Each string's place among the codes (the first not below it): the
     * binary searches of all the strings in step, each step branch-free,
     * so that the cache misses of a step's look-ups overlap (the deeper
     * steps read all over the table) instead of coming one after another. */
    if (n_codes > 0) {
        Py_ssize_t at[MAX_DELETE_STRINGS + 3];
        /* Four strings a turn (the loop's own count and test were a third
         * of a step): the last few are searched with copies of the last string. */
        Py_ssize_t grouped = (count + 3) & ~(Py_ssize_t)3;
        for (Py_ssize_t r = count; r < grouped; r++) made[r] = count ? made[count - 1] : 0;
        for (Py_ssize_t r = 0; r < grouped; r++) at[r] = 0;
        for (Py_ssize_t left = n_codes; left > 1;) {
            Py_ssize_t half = left / 2;
            for (Py_ssize_t r = 0; r < grouped; r += 4)
#pragma GCC unroll 4
                for (Py_ssize_t u = r; u < r + 4; u++) at[u] = code[at[u] + half] < made[u] ? at[u] + half : at[u];
            left -= half;
        }
        /* (A string made twice, by dropping other letters, is one key:
         * listed once, where first found. The keys listed are kept in a
         * small open-addressed set, at least twice as big as the strings
         * are many: comparing each key with all before it cost more than
         * the search's last levels.) */
        uint32_t listed[2 * MAX_DELETE_STRINGS * 2]; /* key id + 1, or 0: free */
        size_t slots = 16;
        while (slots < 2 * (size_t)count) slots *= 2;
        memset(listed, 0, slots * sizeof(uint32_t));
        for (Py_ssize_t r = 0; r < count; r++) {
            Py_ssize_t lo = at[r] + (code[at[r]] < made[r]);
            if (lo < n_codes && code[lo] == made[r]) {
                uint32_t key = kid[lo];
                size_t slot = (size_t)((key * 2654435761u) >> 7) & (slots - 1);
                while (listed[slot] && listed[slot] != key + 1) slot = (slot + 1) & (slots - 1);
                if (!listed[slot]) {
                    listed[slot] = key + 1;
                    kids_out[found++] = key;
                }
            }
        }
    }
done:
    drop_buf(&places);
    drop_buf(&codes);
    drop_buf(&ids);
    return found;
}

/* delete_kids(word, prefix_len, most, table) -> [key id]: the trie's ids of
 * index._deletes(word[:prefix_len], most) that it holds, from the delete table. */
static PyObject *delete_kids(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 4 || !PyUnicode_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "delete_kids(word: str, prefix_len, most, table)");
        return NULL;
    }
    long prefix_len = PyLong_AsLong(args[1]), most = PyLong_AsLong(args[2]);
    if (PyErr_Occurred()) return NULL;
    uint32_t kids[MAX_DELETE_STRINGS];
    Py_ssize_t n = table_key_ids(args[0], prefix_len, most, args[3], kids);
    if (n < 0) return NULL;
    PyObject *out = PyList_New(n);
    if (!out) return NULL;
    for (Py_ssize_t r = 0; r < n; r++) {
        PyObject *k = PyLong_FromUnsignedLong(kids[r]);
        if (!k) {
            Py_DECREF(out);
            return NULL;
        }
        PyList_SET_ITEM(out, r, k);
    }
    return out;
}

/* candidates._to_weigh after the delete-trie look-ups, in one call:
 *   weigh_close(model, word, max_distance, prefix_len, get, offsets, owners, starts, text,
 *               first_lines, line_zipfs, lines, heads, max_quick, max_weighed, freq_weight) -> ((zipf, word, cost), ...)
 * (get: the delete trie's get, asked for each of the query's delete strings, made here)
 * close_hits' hits in close()'s order, the word itself left out; all of
 * them when at most max_weighed remain, else the first max_quick ranked by
 * quick_cost + freq_weight * -zipf (then the word) and the first
 * max_weighed of those. The word must be lower case and at most
 * MAX_QUICK_LEN - max_distance letters long. */
static PyObject *weigh_close(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 16 || !PyObject_TypeCheck(args[0], &WeightedOSAType)) {
        PyErr_SetString(PyExc_TypeError,
                        "weigh_close(model, word, max_distance, prefix_len, get, offsets, owners, starts, text, "
                        "first_lines, line_zipfs, lines, heads, max_quick, max_weighed, freq_weight)");
        return NULL;
    }
    const WeightedOSA *model = (const WeightedOSA *)args[0];
    if (!model->ready) {
        PyErr_SetString(PyExc_RuntimeError, "WeightedOSA not initialised");
        return NULL;
    }
    Py_ssize_t max_quick = PyLong_AsSsize_t(args[13]), max_weighed = PyLong_AsSsize_t(args[14]);
    double freq_weight = PyFloat_AsDouble(args[15]);
    if (PyErr_Occurred()) return NULL;
    if (max_quick < 0 || max_weighed < 0) {
        PyErr_SetString(PyExc_ValueError, "max_quick and max_weighed must not be negative");
        return NULL;
    }
    Hits hits = {0};
    Buf text = {0};
    PyObject *out = NULL;
    Ranked *ranked = NULL;
    PyObject *kids = NULL;
    Py_UCS4 qbuf[STACK];
    Py_UCS4 *q = NULL;
    Py_ssize_t m = 0;
    Typed typed; /* the query's, once for its candidates' costs */
    int typed_made = 0;
    {
        /* args[4] is the delete table (a tuple: table_key_ids) or the
         * delete trie's get: the query's delete strings are made and looked up here. */
        if (!PyUnicode_Check(args[1])) {
            PyErr_SetString(PyExc_TypeError, "word must be a str");
            goto done;
        }
        long most = PyLong_AsLong(args[2]), prefix_len = PyLong_AsLong(args[3]);
        if (PyErr_Occurred()) goto done;
        PyObject *search[12];
        for (int r = 0; r < 12; r++) search[r] = args[1 + r];
        if (PyTuple_Check(args[4])) {
            uint32_t kid_array[MAX_DELETE_STRINGS];
            Py_ssize_t n_kids = table_key_ids(args[1], prefix_len, most, args[4], kid_array);
            if (n_kids < 0) goto done;
            search[3] = NULL;
            if (gather_hits(search, kid_array, n_kids, &hits, &text) < 0) goto done;
        } else {
            kids = delete_key_ids(args[1], prefix_len, most, args[4]);
            if (!kids) goto done;
            search[3] = kids;
            if (gather_hits(search, NULL, 0, &hits, &text) < 0) goto done;
        }
    }
    q = letters(args[1], qbuf, STACK, &m);
    if (!q) goto done;
    /* The word itself (a known word is in the vocabulary) is the hit at
     * distance 0 (the vocabulary holds each word once): it would sort
     * first, and is left out; moved to the front, the rest follow it. */
    Py_ssize_t skip = 0;
    for (Py_ssize_t r = 0; r < hits.n; r++) {
        if (hits.items[r].d == 0) {
            Py_UCS4 wbuf[MAX_QUICK_LEN + 1];
            Py_ssize_t len = hit_letters(&hits.items[r], wbuf, MAX_QUICK_LEN + 1);
            if (len == m && memcmp(wbuf, q, (size_t)m * sizeof(Py_UCS4)) == 0) {
                Hit self_hit = hits.items[r];
                hits.items[r] = hits.items[0];
                hits.items[0] = self_hit;
                skip = 1;
            }
            break;
        }
    }
    Hit *rest = hits.items + skip;
    Py_ssize_t left = hits.n - skip;
    /* Only the order of what is returned matters: the few to weigh come
     * sorted; of more, only which max_quick are first in close()'s order
     * (they are ranked anew), so those are selected, not all sorted. */
    if (left <= max_weighed)
        sort_hits(rest, left);
    else if (left > max_quick && max_quick > 0)
        select_hits(rest, left, max_quick);
    if (left > 0) {
        if (typed_of(model, &typed, q, m) < 0) goto done;
        typed_made = 1;
    }
    if (left <= max_weighed) {
        ranked = PyMem_Malloc((size_t)(left + 1) * sizeof(Ranked));
        if (!ranked) {
            PyErr_NoMemory();
            goto done;
        }
        for (Py_ssize_t r = 0; r < left; r++) ranked[r].hit = &rest[r];
        out = weighed_triples(model, &typed, ranked, left);
        goto done;
    }
    Py_ssize_t n_ranked = left < max_quick ? left : max_quick;
    ranked = PyMem_Malloc((size_t)(n_ranked + 1) * sizeof(Ranked));
    if (!ranked) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t r = 0; r < n_ranked; r++) {
        const Hit *h = &rest[r];
        Py_UCS4 abuf[MAX_QUICK_LEN + 1];
        Py_ssize_t n = hit_letters(h, abuf, MAX_QUICK_LEN + 1);
        double quick;
        if (n < 0 || m > MAX_QUICK_LEN || quick_weight(model, abuf, n, q, m, &quick) != 0) {
            if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "weigh_close: a word too long");
            goto done;
        }
        double neg_zipf = -((double)h->z / 100.0);
        double weighted = freq_weight * neg_zipf; /* two roundings, as Python's a + b * c */
        ranked[r].rank = quick + weighted;
        ranked[r].hit = h;
    }
    /* The first max_weighed in compare_ranked's order, sorted: each
     * ranked hit is inserted into the sorted front when it beats its last. */
    Py_ssize_t n_out = n_ranked < max_weighed ? n_ranked : max_weighed;
    Py_ssize_t kept = 0;
    for (Py_ssize_t r = 0; r < n_ranked; r++) {
        Ranked x = ranked[r];
        if (kept == n_out && (n_out == 0 || compare_ranked(&ranked[kept - 1], &x) < 0)) continue;
        Py_ssize_t j = kept < n_out ? kept++ : kept - 1;
        while (j > 0 && compare_ranked(&ranked[j - 1], &x) > 0) {
            ranked[j] = ranked[j - 1];
            j--;
        }
        ranked[j] = x;
    }
    out = weighed_triples(model, &typed, ranked, n_out);
done:
    drop_buf(&text);
    PyMem_Free(hits.items);
    PyMem_Free(ranked);
    Py_XDECREF(kids);
    if (typed_made) typed_free(&typed);
    if (q && q != qbuf) PyMem_Free(q);
    if (PyErr_Occurred()) Py_CLEAR(out);
    return out;
}

/* ------------------------------------------------------------------ */
/* slip_forms: rareforms' strings one cheap slip away, looked up in the
 * morphology's DAWG in C. */

/* A DAWG of dawgdic (what DAWG2 and dawg_python read): an array of 32-bit
 * units, the root at 0; a byte's transition from unit i goes to
 * i ^ offset(i) ^ byte when that unit's label is the byte. A BytesDAWG
 * (pymorphy3's words.dawg) holds "key\x01payload": a key is there when
 * its bytes and then the separator 1 can be followed. */
typedef struct {
    const uint32_t *u;
    uint32_t n;
} Dawg;

static inline int dawg_byte(const Dawg *d, uint32_t *index, unsigned label) {
    uint32_t base = d->u[*index];
    uint32_t next = *index ^ ((base >> 10) << ((base & (1u << 9)) >> 6)) ^ label;
    if (next >= d->n || (d->u[next] & ((1u << 31) | 0xFFu)) != label) return 0;
    *index = next;
    return 1;
}

/* Follow one letter's UTF-8 bytes. */
static inline int dawg_letter(const Dawg *d, uint32_t *index, Py_UCS4 c) {
    if (c < 0x80) return dawg_byte(d, index, c);
    if (c < 0x800) return dawg_byte(d, index, 0xC0 | (c >> 6)) && dawg_byte(d, index, 0x80 | (c & 0x3F));
    if (c < 0x10000)
        return dawg_byte(d, index, 0xE0 | (c >> 12)) && dawg_byte(d, index, 0x80 | ((c >> 6) & 0x3F)) &&
               dawg_byte(d, index, 0x80 | (c & 0x3F));
    return dawg_byte(d, index, 0xF0 | (c >> 18)) && dawg_byte(d, index, 0x80 | ((c >> 12) & 0x3F)) &&
           dawg_byte(d, index, 0x80 | ((c >> 6) & 0x3F)) && dawg_byte(d, index, 0x80 | (c & 0x3F));
}

#define CYR_E 0x435  /* е */
#define CYR_YO 0x451 /* ё */
#define FOUND_AS_SPELT 1
#define FOUND_WITH_YO 2

/* From the state `index` (reached with some е read as ё when `read_yo`):
 * FOUND_AS_SPELT when the letters t[0:n] as spelt end a key there,
 * FOUND_WITH_YO when they do with some е read as ё (on this path or before). */
static int dawg_tail(const Dawg *d, uint32_t index, const Py_UCS4 *t, Py_ssize_t n, int read_yo) {
    int found = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (t[i] == CYR_E) {
            uint32_t other = index;
            if (dawg_letter(d, &other, CYR_YO)) found |= dawg_tail(d, other, t + i + 1, n - i - 1, 1);
        }
        if (!dawg_letter(d, &index, t[i])) return found;
    }
    if (dawg_byte(d, &index, 1)) found |= read_yo ? FOUND_WITH_YO : FOUND_AS_SPELT;
    return found;
}

typedef struct {
    uint32_t index;
    int read_yo;
} DawgState;

#define MAX_SLIP_WORD 64
#define MAX_STATES 256

/* Add the string head[0:i] + tail[0:n] to `into` (a set). */
static int add_made(PyObject *into, const Py_UCS4 *head, Py_ssize_t i, const Py_UCS4 *tail, Py_ssize_t n) {
    Py_UCS4 buf[2 * MAX_SLIP_WORD + 4];
    memcpy(buf, head, (size_t)i * sizeof(Py_UCS4));
    memcpy(buf + i, tail, (size_t)n * sizeof(Py_UCS4));
    PyObject *s = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, buf, i + n);
    if (!s) return -1;
    int r = PySet_Add(into, s);
    Py_DECREF(s);
    return r;
}

/* slip_forms(word, substitutes, insertable, units) -> (as_spelt, with_yo) | None
 *
 * rareforms._one_slip_away(word) looked up in a BytesDAWG (its units):
 * the set of those strings the DAWG holds as spelt, and the set of the
 * others that it holds with some of their е read as ё. substitutes[i]:
 * the letters that may replace word[i] (errormodel.cheap_substitutes + "ё");
 * insertable: the letters that may be inserted anywhere (and each letter
 * after itself). A slip at position i keeps word[:i]: its states in the
 * DAWG (with and without е read as ё) are followed once and shared by the
 * slips there; none left, no later slip can give a key. None when the
 * word is too long for the stack buffers or holds a surrogate. */
static PyObject *slip_forms(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 4 || !PyUnicode_Check(args[0]) || !PyTuple_Check(args[1]) || !PyUnicode_Check(args[2])) {
        PyErr_SetString(PyExc_TypeError, "slip_forms(word: str, substitutes: tuple[str], insertable: str, units)");
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(args[0]), n_ins = PyUnicode_GET_LENGTH(args[2]);
    if (PyTuple_GET_SIZE(args[1]) != n) {
        PyErr_SetString(PyExc_ValueError, "one string of substitutes per letter");
        return NULL;
    }
    if (n > MAX_SLIP_WORD || n_ins > MAX_SLIP_WORD) Py_RETURN_NONE;
    Py_UCS4 word[MAX_SLIP_WORD + 1], ins[MAX_SLIP_WORD + 1];
    for (Py_ssize_t i = 0; i < n; i++) word[i] = PyUnicode_READ_CHAR(args[0], i);
    for (Py_ssize_t i = 0; i < n_ins; i++) ins[i] = PyUnicode_READ_CHAR(args[2], i);
    for (Py_ssize_t i = 0; i < n; i++)
        if (Py_UNICODE_IS_SURROGATE(word[i])) Py_RETURN_NONE;
    for (Py_ssize_t i = 0; i < n_ins; i++)
        if (Py_UNICODE_IS_SURROGATE(ins[i])) Py_RETURN_NONE;
    Buf units = {0};
    PyObject *as_spelt = NULL, *with_yo = NULL, *out = NULL;
    DawgState *states = NULL;
    if (get_buf(args[3], &units, "units") < 0) return NULL;
    if (units.view.len % 4 != 0 || units.view.len / 4 < 1 || units.view.len / 4 > UINT32_MAX) {
        PyErr_SetString(PyExc_ValueError, "units must be 32-bit numbers");
        goto done;
    }
    Dawg d = {units.view.buf, (uint32_t)(units.view.len / 4)};
    as_spelt = PySet_New(NULL);
    with_yo = PySet_New(NULL);
    states = PyMem_Malloc(2 * MAX_STATES * sizeof(DawgState));
    if (!as_spelt || !with_yo || !states) {
        if (!states) PyErr_NoMemory();
        goto done;
    }
    DawgState *now = states, *next = states + MAX_STATES;
    Py_ssize_t n_now = 1;
    now[0].index = 0;
    now[0].read_yo = 0;
    Py_UCS4 tail[MAX_SLIP_WORD + 2];
    for (Py_ssize_t i = 0; i <= n && n_now > 0; i++) {
        /* The slips at i: each a tail after word[:i]. */
        const Py_UCS4 *rest = word + i;
        Py_ssize_t n_rest = n - i;
        /* kind 0: delete word[i]; 1: swap word[i], word[i+1]; 2: substitute; 3: insert. */
        Py_ssize_t n_subs = 0;
        PyObject *subs = NULL;
        if (i < n) {
            subs = PyTuple_GET_ITEM(args[1], i);
            if (!PyUnicode_Check(subs)) {
                PyErr_SetString(PyExc_TypeError, "substitutes must be strings");
                goto done;
            }
            n_subs = PyUnicode_GET_LENGTH(subs);
        }
        Py_ssize_t n_slips = (i < n) + (i + 1 < n) + n_subs + n_ins + (i > 0);
        for (Py_ssize_t s = 0; s < n_slips; s++) {
            Py_ssize_t len = 0;
            Py_ssize_t at = s;
            if (i < n && at-- == 0) { /* delete */
                memcpy(tail, rest + 1, (size_t)(n_rest - 1) * sizeof(Py_UCS4));
                len = n_rest - 1;
            } else if (i + 1 < n && at-- == 0) { /* swap */
                if (rest[0] == rest[1]) continue;
                tail[0] = rest[1];
                tail[1] = rest[0];
                memcpy(tail + 2, rest + 2, (size_t)(n_rest - 2) * sizeof(Py_UCS4));
                len = n_rest;
            } else if (at < n_subs) { /* substitute */
                Py_UCS4 c = PyUnicode_READ_CHAR(subs, at);
                if (c == rest[0] || Py_UNICODE_IS_SURROGATE(c)) continue;
                tail[0] = c;
                memcpy(tail + 1, rest + 1, (size_t)(n_rest - 1) * sizeof(Py_UCS4));
                len = n_rest;
            } else { /* insert */
                at -= n_subs;
                tail[0] = at < n_ins ? ins[at] : word[i - 1];
                memcpy(tail + 1, rest, (size_t)n_rest * sizeof(Py_UCS4));
                len = n_rest + 1;
            }
            int found = 0;
            for (Py_ssize_t k = 0; k < n_now && !(found & FOUND_AS_SPELT); k++)
                found |= dawg_tail(&d, now[k].index, tail, len, now[k].read_yo);
            if (found & FOUND_AS_SPELT) {
                if (add_made(as_spelt, word, i, tail, len) < 0) goto done;
            } else if (found & FOUND_WITH_YO) {
                if (add_made(with_yo, word, i, tail, len) < 0) goto done;
            }
        }
        if (i == n) break;
        /* The states of word[:i + 1]. */
        Py_ssize_t n_next = 0;
        for (Py_ssize_t k = 0; k < n_now; k++) {
            for (int yo = 0; yo < 1 + (word[i] == CYR_E); yo++) {
                uint32_t index = now[k].index;
                if (!dawg_letter(&d, &index, yo ? CYR_YO : word[i])) continue;
                int read_yo = now[k].read_yo | yo, seen_before = 0;
                for (Py_ssize_t r = 0; r < n_next && !seen_before; r++)
                    seen_before = next[r].index == index && next[r].read_yo == read_yo;
                if (seen_before) continue;
                if (n_next == MAX_STATES) {
                    /* Never met: as many dictionary prefixes spelt alike but for ё. */
                    Py_CLEAR(as_spelt);
                    Py_CLEAR(with_yo);
                    goto done;
                }
                next[n_next].index = index;
                next[n_next].read_yo = read_yo;
                n_next++;
            }
        }
        DawgState *swap = now;
        now = next;
        next = swap;
        n_now = n_next;
    }
    /* The Python search drops the word itself; neither set can hold it
     * (every slip changes it: equal letters are not swapped, a letter not
     * replaced by itself). */
    out = PyTuple_Pack(2, as_spelt, with_yo);
done:
    drop_buf(&units);
    PyMem_Free(states);
    if (!out && !PyErr_Occurred()) {
        out = Py_None;
        Py_INCREF(out);
    }
    Py_XDECREF(as_spelt);
    Py_XDECREF(with_yo);
    return out;
}

/* dawg_has(units, key) -> bool: a BytesDAWG's `key in dawg` (for tests). */
static PyObject *dawg_has(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 2 || !PyUnicode_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "dawg_has(units, key: str)");
        return NULL;
    }
    Buf units = {0};
    if (get_buf(args[0], &units, "units") < 0) return NULL;
    Dawg d = {units.view.buf, (uint32_t)(units.view.len / 4)};
    uint32_t index = 0;
    int ok = d.n > 0;
    for (Py_ssize_t i = 0; ok && i < PyUnicode_GET_LENGTH(args[1]); i++)
        ok = dawg_letter(&d, &index, PyUnicode_READ_CHAR(args[1], i));
    ok = ok && dawg_byte(&d, &index, 1);
    drop_buf(&units);
    return PyBool_FromLong(ok);
}

/* --- The calibration's logistic map (calibration._logistic's twin) ---------------------------------- */

/* logistic(model, upper, title, unknown_rate[, period]) -> float: 1 / (1 + e^-z), model = (weights, values,
 * layout) (a calibration.Scorer's, bound once per questioned form: the call is then a partial of this
 * function, no Python frame), z the sum of weights[i] * values[i] in order, clamped to +-30, with one
 * occurrence's values put in (layout: its five slots of upper, title, unknown_rate, isolated and period,
 * then the OCR and the CHANNEL runs [from, to)): the OCR values 0 in ALL CAPS, the CHANNEL ones 0 but for an
 * isolated lower-case word. The products are summed as the builtin sum sums floats (one double, in order;
 * from 3.12 with its compensation), so the result is calibration._logistic's float. (Not contracted into
 * fused multiply-adds: sum() adds products already rounded.)
 * The weights (one tuple per language: two are kept) and the layout (one tuple) are read into doubles and
 * indices once and kept with a reference to their tuple: both are immutable, so the same object has the same
 * numbers; only the form's values are read on each call. */
typedef struct {
    PyObject *of; /* the tuple read (a strong reference), or NULL */
    double *weights;
    Py_ssize_t n;
} LogisticWeights;
/* The two languages' weights; the layout and the count of values it was checked against. */
static LogisticWeights logistic_kept[2];
static PyObject *logistic_layout_of = NULL;
static Py_ssize_t logistic_layout_n = -1, logistic_at[9];

/* The kept doubles of weights (a tuple of floats), read now if neither slot holds them (into the slot not
 * used last); NULL with an exception set. */
static const LogisticWeights *logistic_weights_of(PyObject *weights) {
    static int last = 0;
    if (logistic_kept[last].of == weights) return &logistic_kept[last];
    if (logistic_kept[!last].of == weights) {
        last = !last;
        return &logistic_kept[last];
    }
    Py_ssize_t n = PyTuple_GET_SIZE(weights);
    double *read = PyMem_Malloc((size_t)(n ? n : 1) * sizeof(double));
    if (!read) {
        PyErr_NoMemory();
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *w = PyTuple_GET_ITEM(weights, i);
        if (!PyFloat_CheckExact(w)) {
            PyMem_Free(read);
            PyErr_SetString(PyExc_TypeError, "weights and values must be floats");
            return NULL;
        }
        read[i] = PyFloat_AS_DOUBLE(w);
    }
    last = !last;
    LogisticWeights *slot = &logistic_kept[last];
    PyMem_Free(slot->weights);
    slot->weights = read;
    slot->n = n;
    Py_INCREF(weights);
    Py_XSETREF(slot->of, weights);
    return slot;
}

/* Check layout (9 ints, within n values) and keep it as indices: 0, or -1 with an exception set. */
static int logistic_keep_layout(PyObject *layout, Py_ssize_t n) {
    Py_ssize_t at[9];
    for (int i = 0; i < 9; i++) {
        at[i] = PyLong_AsSsize_t(PyTuple_GET_ITEM(layout, i));
        if (at[i] == -1 && PyErr_Occurred()) return -1;
        if (at[i] < 0 || at[i] > n || (i < 5 && at[i] == n)) {
            PyErr_SetString(PyExc_ValueError, "layout out of range");
            return -1;
        }
    }
    memcpy(logistic_at, at, sizeof at);
    logistic_layout_n = n;
    Py_INCREF(layout);
    Py_XSETREF(logistic_layout_of, layout);
    return 0;
}

#if defined(__GNUC__) && !defined(__clang__)
__attribute__((optimize("fp-contract=off")))
#endif
static PyObject *logistic(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    PyObject *model = nargs == 4 || nargs == 5 ? args[0] : NULL;
    if (!model || !PyTuple_Check(model) || PyTuple_GET_SIZE(model) != 3 || !PyTuple_Check(PyTuple_GET_ITEM(model, 0))
        || !PyList_Check(PyTuple_GET_ITEM(model, 1)) || !PyTuple_Check(PyTuple_GET_ITEM(model, 2))
        || PyTuple_GET_SIZE(PyTuple_GET_ITEM(model, 2)) != 9) {
        PyErr_SetString(PyExc_TypeError, "logistic(model: (weights: tuple, values: list, layout: 9-tuple), upper, "
                                         "title, unknown_rate, period=0)");
        return NULL;
    }
    PyObject *weights = PyTuple_GET_ITEM(model, 0), *list = PyTuple_GET_ITEM(model, 1),
             *layout = PyTuple_GET_ITEM(model, 2);
    const LogisticWeights *kept = logistic_weights_of(weights);
    if (!kept) return NULL;
    Py_ssize_t n = kept->n;
    if ((layout != logistic_layout_of || n != logistic_layout_n) && logistic_keep_layout(layout, n) < 0) return NULL;
    const Py_ssize_t *at = logistic_at;
    if (PyList_GET_SIZE(list) != n) {
        PyErr_SetString(PyExc_ValueError, "as many weights as values");
        return NULL;
    }
    int upper = PyObject_IsTrue(args[1]), title = PyObject_IsTrue(args[2]);
    if (upper < 0 || title < 0) return NULL;
    int isolated = args[3] == Py_None;
    double rate = 0.0, period_value = 0.0;
    if (!isolated) {
        rate = PyFloat_AsDouble(args[3]);
        if (rate == -1.0 && PyErr_Occurred()) return NULL;
    }
    long period = 0;
    if (nargs == 5) {
        period = PyLong_AsLong(args[4]);
        if (period == -1 && PyErr_Occurred()) return NULL;
    }
    if (period && !isolated) period_value = log1p((double)period); /* calibration.period_value */
    double dynamic[5] = {upper ? 1.0 : 0.0, title ? 1.0 : 0.0, rate, isolated ? 1.0 : 0.0, period_value};
    int no_channel = !isolated || upper || title;
    /* The occurrence's values, read first and then overwritten in the order the Python twin writes them
     * (the five dynamic slots, then the zeroed runs): the sum's loop below is then a plain dot product,
     * not a test of every slot against the layout (a few times the instructions). */
    double local[128], *values = n <= 128 ? local : PyMem_Malloc((size_t)n * sizeof(double));
    if (!values) return PyErr_NoMemory();
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *v = PyList_GET_ITEM(list, i);
        if (!PyFloat_CheckExact(v)) {
            if (values != local) PyMem_Free(values);
            PyErr_SetString(PyExc_TypeError, "weights and values must be floats");
            return NULL;
        }
        values[i] = PyFloat_AS_DOUBLE(v);
    }
    for (int d = 0; d < 5; d++) values[at[d]] = dynamic[d];
    if (upper)
        for (Py_ssize_t i = at[5]; i < at[6]; i++) values[i] = 0.0;
    if (no_channel)
        for (Py_ssize_t i = at[7]; i < at[8]; i++) values[i] = 0.0;
    const double *w = kept->weights;
    double z = 0.0;
#if PY_VERSION_HEX >= 0x030C0000
    double compensation = 0.0;
#endif
    for (Py_ssize_t i = 0; i < n; i++) {
        double x = w[i] * values[i];
#if PY_VERSION_HEX >= 0x030C0000
        double t = z + x;
        compensation += fabs(z) >= fabs(x) ? (z - t) + x : (x - t) + z;
        z = t;
#else
        z += x;
#endif
    }
    if (values != local) PyMem_Free(values);
#if PY_VERSION_HEX >= 0x030C0000
    if (compensation && isfinite(compensation)) z += compensation;
#endif
    z = z < 30.0 ? z : 30.0; /* max(-30.0, min(30.0, z)) */
    z = -30.0 > z ? -30.0 : z;
    return PyFloat_FromDouble(1.0 / (1.0 + exp(-z)));
}

/* --- The spelling finding's suggestions (detectors.spelling._suggested's twin) ------------------------- */

/* findings.round3(x): round(x, 3) from one multiplication, Python's round asked only out of (0, 1] or within
 * _TIE of a tie (a new reference, or NULL with an exception set). The integer n is below 2^53, so n / 1000
 * is the true division Python makes of two ints. */
#define SUGGESTED_TIE 1e-9
#if defined(__GNUC__) && !defined(__clang__)
__attribute__((optimize("fp-contract=off")))
#endif
static PyObject *suggested_round3(double x) {
    if (0.0 < x && x <= 1.0) {
        double y = x * 1000.0;
        long long n = (long long)y; /* (floor: y > 0) */
        double d = y - (double)n;
        if (!(-SUGGESTED_TIE < d - 0.5 && d - 0.5 < SUGGESTED_TIE))
            return PyFloat_FromDouble((double)(d > 0.5 ? n + 1 : n) / 1000.0);
    }
    PyObject *f = PyFloat_FromDouble(x);
    if (!f) return NULL;
    PyObject *r = PyObject_CallMethod(f, "__round__", "i", 3);
    Py_DECREF(f);
    return r;
}

/* One suggestion: model.made_suggestion(text, confidence) (a new reference, or NULL): for a confidence in
 * [0, 1] and `members` not None (model._SUGGESTION_MEMBERS: None when Suggestion's slots are not the two) the instance of the slotted `cls` with its two members set through their __set__, as `slotted`
 * makes it; else cls(text, confidence), whose check raises. */
static PyObject *suggested_one(PyTypeObject *cls, PyObject *members, PyObject *text, PyObject *confidence) {
    double c = PyFloat_AS_DOUBLE(confidence);
    if (members == Py_None || !(0.0 <= c && c <= 1.0)) return PyObject_CallFunctionObjArgs((PyObject *)cls, text, confidence, NULL);
    PyObject *obj = cls->tp_alloc(cls, 0);
    if (!obj) return NULL;
    PyObject *values[2] = {text, confidence};
    for (int i = 0; i < 2; i++) {
        PyObject *member = PyTuple_GET_ITEM(members, i);
        descrsetfunc set = Py_TYPE(member)->tp_descr_set;
        if (!set) {
            PyErr_SetString(PyExc_TypeError, "shared_suggestions: a member without __set__");
            Py_DECREF(obj);
            return NULL;
        }
        if (set(member, obj, values[i]) < 0) {
            Py_DECREF(obj);
            return NULL;
        }
    }
    return obj;
}

/* shared_suggestions(cls, members, words, shares, p) -> tuple: the first of `words` (a list of str) at
 * round3(p), each next one at round3(min(p * w, (1 - p) * w / total)) for its (w, total) of `shares` (zip's
 * pairs), as made_suggestion makes them (`cls` the Suggestion class, `members` its text and confidence
 * member descriptors, or None), in the order Finding keeps them: by confidence, best first, a stable sort (an
 * insertion sort of the few). The twin of detectors.spelling._suggested: one call instead of a Python
 * frame, a round3 frame and a made_suggestion frame per suggestion. */
#if defined(__GNUC__) && !defined(__clang__)
__attribute__((optimize("fp-contract=off")))
#endif
static PyObject *shared_suggestions(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 5 || !PyType_Check(args[0])
        || (args[1] != Py_None && (!PyTuple_Check(args[1]) || PyTuple_GET_SIZE(args[1]) != 2))
        || !PyList_Check(args[2]) || PyList_GET_SIZE(args[2]) < 1 || !PyList_Check(args[3])
        || !PyFloat_CheckExact(args[4])) {
        PyErr_SetString(PyExc_TypeError,
                        "shared_suggestions(cls, members: 2-tuple or None, words: non-empty list, shares: list, p: float)");
        return NULL;
    }
    PyTypeObject *cls = (PyTypeObject *)args[0];
    PyObject *members = args[1], *words = args[2], *shares = args[3];
    double p = PyFloat_AS_DOUBLE(args[4]);
    Py_ssize_t n = PyList_GET_SIZE(words) - 1;
    if (PyList_GET_SIZE(shares) < n) n = PyList_GET_SIZE(shares);
    n += 1; /* the first and the alternatives zip pairs with a share */
    /* The confidences made so far, in the tuple's order (only this kernel's values, read without a call). */
    double few[8], *order = n <= 8 ? few : PyMem_Malloc((size_t)n * sizeof(double));
    if (!order) return PyErr_NoMemory();
    PyObject *out = PyTuple_New(n);
    if (!out) {
        if (order != few) PyMem_Free(order);
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *confidence;
        if (i == 0) {
            confidence = suggested_round3(p);
        } else {
            PyObject *share = PyList_GET_ITEM(shares, i - 1);
            if (!PyTuple_Check(share) || PyTuple_GET_SIZE(share) != 2
                || !PyFloat_CheckExact(PyTuple_GET_ITEM(share, 0)) || !PyFloat_CheckExact(PyTuple_GET_ITEM(share, 1))) {
                PyErr_SetString(PyExc_TypeError, "shared_suggestions: each share a (weight, total) of floats");
                goto fail;
            }
            double w = PyFloat_AS_DOUBLE(PyTuple_GET_ITEM(share, 0)), total = PyFloat_AS_DOUBLE(PyTuple_GET_ITEM(share, 1));
            double a = p * w, b = (1 - p) * w / total;
            confidence = suggested_round3(b < a ? b : a); /* min(a, b): a unless b is smaller */
        }
        if (!confidence) goto fail;
        PyObject *s = PyFloat_CheckExact(confidence)
            ? suggested_one(cls, members, PyList_GET_ITEM(words, i), confidence)
            : PyObject_CallFunctionObjArgs((PyObject *)cls, PyList_GET_ITEM(words, i), confidence, NULL);
        double c = PyFloat_AS_DOUBLE(confidence);
        Py_DECREF(confidence);
        if (!s) goto fail;
        /* Into Finding's order: past every one before it of a lower confidence (stable: never past an equal). */
        Py_ssize_t j = i;
        while (j > 0 && order[j - 1] < c) {
            PyTuple_SET_ITEM(out, j, PyTuple_GET_ITEM(out, j - 1));
            order[j] = order[j - 1];
            j--;
        }
        order[j] = c;
        PyTuple_SET_ITEM(out, j, s);
    }
    if (order != few) PyMem_Free(order);
    return out;
fail: /* (the slots from i on are still empty: a tuple with NULL items is freed safely) */
    if (order != few) PyMem_Free(order);
    Py_DECREF(out);
    return NULL;
}

/* --- The spelling finding's placed probability (detectors.spelling._placed's twin) --------------------- */

/* placed_probability(p, where, floor) -> (p, below): p moved by its neighbours as context.shifted(p, *where)
 * moves it (when `where`, a (slope, offset) pair, is not None), and whether round3 of that falls below
 * `floor` (False when `floor` is None). The min, max and clamps are written as Python's builtins choose (the
 * first argument unless a later one is strictly beyond it), log and exp are math's (libm's, for these
 * arguments), and nothing is contracted into fused multiply-adds: the same float as the twin's. One call
 * instead of a shifted frame and a round3 frame per new finding. */
#if defined(__GNUC__) && !defined(__clang__)
__attribute__((optimize("fp-contract=off")))
#endif
static PyObject *placed_probability(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 3 || !PyFloat_Check(args[0]) || (args[1] != Py_None && !(PyTuple_Check(args[1])
        && PyTuple_GET_SIZE(args[1]) == 2)) || (args[2] != Py_None && !PyFloat_Check(args[2]))) {
        PyErr_SetString(PyExc_TypeError, "placed_probability(p: float, where: (slope, offset) | None, floor: float | None)");
        return NULL;
    }
    double p = PyFloat_AS_DOUBLE(args[0]);
    if (args[1] != Py_None) {
        double slope = PyFloat_AsDouble(PyTuple_GET_ITEM(args[1], 0));
        if (slope == -1.0 && PyErr_Occurred()) return NULL;
        double offset = PyFloat_AsDouble(PyTuple_GET_ITEM(args[1], 1));
        if (offset == -1.0 && PyErr_Occurred()) return NULL;
        p = 1e-9 > p ? 1e-9 : p;                   /* max(p, 1e-9) */
        p = (1 - 1e-9) < p ? (1 - 1e-9) : p;       /* min(…, 1 - 1e-9) */
        double z = slope * log(p / (1 - p)) + offset;
        z = z < 30.0 ? z : 30.0;                   /* min(30.0, z) */
        z = z > -30.0 ? z : -30.0;                 /* max(-30.0, …) */
        p = 1.0 / (1.0 + exp(-z));
    }
    int below = 0;
    if (args[2] != Py_None) {
        PyObject *rounded = suggested_round3(p);
        if (!rounded) return NULL;
        below = PyFloat_AS_DOUBLE(rounded) < PyFloat_AS_DOUBLE(args[2]);
        Py_DECREF(rounded);
    }
    PyObject *placed = PyFloat_FromDouble(p);
    if (!placed) return NULL;
    PyObject *out = PyTuple_Pack(2, placed, below ? Py_True : Py_False);
    Py_DECREF(placed);
    return out;
}

/* --- The calibration's feature values (calibration._listed_values' twin) ---------------------------- */

/* feature_values(a, upper, title, unknown_rate, period_value, ocr_read, name, typed, meant) -> [float]: the
 * value of each of calibration.FEATURES, in order, for the Analysis a (its first candidate the one judged)
 * at one place: upper, title (bools), unknown_rate (a float, or None for an isolated word), the period
 * feature's value, and what Python works out beside (ocr_read: the first candidate undoes OCR confusions;
 * name: it is a Russian name; typed, meant: the part of the word and of the candidate the slip is in). The
 * same floats as the Python twin, each made by the same one operation. Its constants are calibration's
 * (_BINS' cuts, CROWD, _SECOND_ALONE_COST, _ISOLATED_SLOPES' places): the tests compare the two at each. */

#define FV_COUNT 69 /* len(FEATURES) */
#define FV_SHAPE 30 /* where SHAPE's values begin (after BASE_FEATURES and DERIVED) */
#define FV_CHANNEL 39 /* … CHANNEL's */
#define FV_BINS 46 /* … the bins' */
static const double fv_cost_cuts[] = {0.1, 0.35, 0.55, 0.75, 1.05, 1.55};
static const double fv_margin_cuts[] = {0.1, 0.3, 0.6, 1.0, 2.0};
static const double fv_cand_zipf_cuts[] = {1.5, 2.5, 3.5, 4.5};
static const double fv_own_zipf_cuts[] = {0.5, 1.5, 2.5};
static const double fv_length_cuts[] = {4, 5, 6, 8, 10};
static const int fv_slopes[] = {1, 2, 3, 29, 4, 28, 5}; /* cost, cand_zipf, gain, gain_sq, margin, alone, own_zipf */
#define FV_CROWD 0.5
#define FV_SECOND_ALONE_COST 2.5

enum { FV_WORD, FV_LANG, FV_KNOWN, FV_SPLITS, FV_ZIPF, FV_CANDIDATES, FV_COST, FV_KIND, FV_RANK, FV_NAMES };
static PyObject *fv_names[FV_NAMES]; /* word lang known splits zipf candidates cost kind rank, interned */

/* Each bin of one value: 0.0 for the cuts below x (bisect_left's count), 1.0 (x <= cut) for the rest. */
static Py_ssize_t fv_bins(double *out, const double *cuts, Py_ssize_t n, double x) {
    Py_ssize_t below = 0;
    while (below < n && cuts[below] < x) below++;
    for (Py_ssize_t i = 0; i < n; i++) out[i] = i < below ? 0.0 : 1.0;
    return n;
}

/* Reading a slotted object's fields by offset (the feature kernel's Analysis and Candidate, the report's
 * Finding and Suggestion): a member descriptor's offset when it is an object slot (T_OBJECT_EX) of `type`
 * itself, else 0 (the field is read by name). */
static Py_ssize_t slot_offset(PyObject *member, PyTypeObject *type) {
    if (Py_TYPE(member) != &PyMemberDescr_Type || ((PyDescrObject *)member)->d_type != type) return 0;
    PyMemberDef *def = ((PyMemberDescrObject *)member)->d_member;
    return def->type == T_OBJECT_EX ? def->offset : 0;
}

/* obj's field at `offset` (0: none) or, when that slot is unset or there is none, by `name` (a new
 * reference; NULL with an exception set: an unset slot raises its AttributeError through the name). */
static PyObject *slot_or_attr(PyObject *obj, Py_ssize_t offset, PyObject *name) {
    if (offset) {
        PyObject *value = *(PyObject **)((char *)obj + offset);
        if (value) return Py_NewRef(value);
    }
    return PyObject_GetAttr(obj, name);
}

/* Where a slotted class (Analysis, Candidate) keeps the fields read here: the offsets of the member
 * descriptors in its own __dict__ (the ones attribute lookup finds first), learnt from the first object of
 * the class seen, so that each field is one pointer read instead of PyObject_GetAttr's type look-up and
 * descriptor call (~30 reads a questioned form). A field the class does not keep so, or an object of a
 * class with its own __getattribute__, is read by name. */
typedef struct {
    PyTypeObject *type; /* the class learnt (a strong reference), or NULL */
    Py_ssize_t offset[FV_NAMES]; /* 0: read by name */
} FvLayout;
static FvLayout fv_analysis_layout, fv_candidate_layout;

static void fv_learn(FvLayout *layout, PyTypeObject *type) {
    Py_INCREF(type);
    Py_XSETREF(layout->type, type);
    PyObject *dict = type->tp_dict;
    for (int i = 0; i < FV_NAMES; i++) {
        layout->offset[i] = 0;
        PyObject *member = dict && type->tp_getattro == PyObject_GenericGetAttr
                               ? PyDict_GetItemWithError(dict, fv_names[i]) : NULL; /* (borrowed) */
        if (!member) {
            PyErr_Clear(); /* (str keys: none is raised; and a name not found is read by name) */
            continue;
        }
        layout->offset[i] = slot_offset(member, type);
    }
}

/* obj's field `name` (a new reference; NULL with an exception set), read by its class's layout. */
static PyObject *fv_field(PyObject *obj, FvLayout *layout, int name) {
    if (Py_TYPE(obj) != layout->type) fv_learn(layout, Py_TYPE(obj));
    return slot_or_attr(obj, layout->offset[name], fv_names[name]);
}

/* A float field of an object (-1.0 with an exception set when it has none or it is no number). */
static double fv_float(PyObject *obj, FvLayout *layout, int name) {
    PyObject *v = fv_field(obj, layout, name);
    if (!v) return -1.0;
    double x = PyFloat_AsDouble(v);
    Py_DECREF(v);
    return x;
}

/* Is `longer` `word` with one letter put in? (calibration._one_insert, for len(longer) == len(word) + 1.) */
static int fv_one_insert(PyObject *word, PyObject *longer) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(word), i = 0;
    int wk = PyUnicode_KIND(word), lk = PyUnicode_KIND(longer);
    const void *wd = PyUnicode_DATA(word), *ld = PyUnicode_DATA(longer);
    while (i < n && PyUnicode_READ(wk, wd, i) == PyUnicode_READ(lk, ld, i)) i++;
    for (; i < n; i++)
        if (PyUnicode_READ(wk, wd, i) != PyUnicode_READ(lk, ld, i + 1)) return 0;
    return 1;
}

/* The one edit operation that turns typed into meant: 1 insert, 2 delete, 3 replace; 0 when not exactly
 * one (rapidfuzz's editops has one operation exactly when the Levenshtein distance is 1, and its kind is
 * the length's change). */
static int fv_one_edit(PyObject *typed, PyObject *meant) {
    Py_ssize_t nt = PyUnicode_GET_LENGTH(typed), nm = PyUnicode_GET_LENGTH(meant);
    if (nm == nt + 1) return fv_one_insert(typed, meant) ? 1 : 0;
    if (nt == nm + 1) return fv_one_insert(meant, typed) ? 2 : 0;
    if (nt != nm) return 0;
    int tk = PyUnicode_KIND(typed), mk = PyUnicode_KIND(meant);
    const void *td = PyUnicode_DATA(typed), *md = PyUnicode_DATA(meant);
    Py_ssize_t differ = 0;
    for (Py_ssize_t i = 0; i < nt && differ < 2; i++) differ += PyUnicode_READ(tk, td, i) != PyUnicode_READ(mk, md, i);
    return differ == 1 ? 3 : 0;
}

/* typed[:k] == meant[:k] (from_end: typed[-k:] == meant[-k:]). */
static int fv_same_end(PyObject *typed, PyObject *meant, Py_ssize_t k, int from_end) {
    Py_ssize_t nt = PyUnicode_GET_LENGTH(typed), nm = PyUnicode_GET_LENGTH(meant);
    Py_ssize_t kt = nt < k ? nt : k, km = nm < k ? nm : k;
    if (kt != km) return 0;
    Py_ssize_t t0 = from_end ? nt - kt : 0, m0 = from_end ? nm - km : 0;
    for (Py_ssize_t i = 0; i < kt; i++)
        if (PyUnicode_READ_CHAR(typed, t0 + i) != PyUnicode_READ_CHAR(meant, m0 + i)) return 0;
    return 1;
}

#if defined(__GNUC__) && !defined(__clang__)
__attribute__((optimize("fp-contract=off")))
#endif
static PyObject *feature_values(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 9 || !PyUnicode_Check(args[7]) || !PyUnicode_Check(args[8])) {
        PyErr_SetString(PyExc_TypeError,
                        "feature_values(a, upper, title, unknown_rate, period_value, ocr_read, name, typed: str, meant: str)");
        return NULL;
    }
    if (!fv_names[0]) {
        static const char *names[] = {"word", "lang", "known", "splits", "zipf", "candidates", "cost", "kind", "rank"};
        for (int i = 0; i < FV_NAMES; i++)
            if (!(fv_names[i] = PyUnicode_InternFromString(names[i]))) return NULL;
    }
    PyObject *a = args[0], *typed = args[7], *meant = args[8];
    int upper = PyObject_IsTrue(args[1]), title = PyObject_IsTrue(args[2]);
    int ocr_read = PyObject_IsTrue(args[5]), name = PyObject_IsTrue(args[6]);
    if (upper < 0 || title < 0 || ocr_read < 0 || name < 0) return NULL;
    int isolated = args[3] == Py_None;
    double rate = 0.0;
    if (!isolated) {
        rate = PyFloat_AsDouble(args[3]);
        if (rate == -1.0 && PyErr_Occurred()) return NULL;
        if (rate == 0.0) rate = 0.0; /* (unknown_rate or 0.0: a -0.0 rate is falsy) */
    }
    double period_value = PyFloat_AsDouble(args[4]);
    if (period_value == -1.0 && PyErr_Occurred()) return NULL;

    PyObject *word = NULL, *lang = NULL, *kind = NULL, *cands = NULL, *best = NULL, *result = NULL;
    double v[FV_COUNT];
    if (!(word = fv_field(a, &fv_analysis_layout, FV_WORD)) || !(lang = fv_field(a, &fv_analysis_layout, FV_LANG))
        || !(cands = fv_field(a, &fv_analysis_layout, FV_CANDIDATES)))
        goto done;
    if (!PyUnicode_Check(word) || !PyUnicode_Check(lang) || !PyTuple_Check(cands) || PyTuple_GET_SIZE(cands) < 1) {
        PyErr_SetString(PyExc_TypeError, "an Analysis with a str word and lang and a tuple of candidates");
        goto done;
    }
    best = PyTuple_GET_ITEM(cands, 0);
    Py_ssize_t n_cands = PyTuple_GET_SIZE(cands), length = PyUnicode_GET_LENGTH(word);
    if (!(kind = fv_field(best, &fv_candidate_layout, FV_KIND))) goto done;
    if (!PyUnicode_Check(kind)) {
        PyErr_SetString(PyExc_TypeError, "a candidate's kind is a str");
        goto done;
    }
    double c = fv_float(best, &fv_candidate_layout, FV_COST), z, own, best_rank, m;
    if (c == -1.0 && PyErr_Occurred()) goto done;
    if ((z = fv_float(best, &fv_candidate_layout, FV_ZIPF)) == -1.0 && PyErr_Occurred()) goto done;
    if ((own = fv_float(a, &fv_analysis_layout, FV_ZIPF)) == -1.0 && PyErr_Occurred()) goto done;
    if ((best_rank = fv_float(best, &fv_candidate_layout, FV_RANK)) == -1.0 && PyErr_Occurred()) goto done;
    /* Analysis.margin: min(3.0, the second's rank - the first's), 3.0 when alone */
    double second_cost = FV_SECOND_ALONE_COST, second_zipf = 0.0;
    m = 3.0;
    if (n_cands > 1) {
        PyObject *second = PyTuple_GET_ITEM(cands, 1);
        double rank = fv_float(second, &fv_candidate_layout, FV_RANK);
        if (rank == -1.0 && PyErr_Occurred()) goto done;
        double gap = rank - best_rank;
        m = gap < 3.0 ? gap : 3.0;
        if ((second_cost = fv_float(second, &fv_candidate_layout, FV_COST)) == -1.0 && PyErr_Occurred()) goto done;
        if ((second_zipf = fv_float(second, &fv_candidate_layout, FV_ZIPF)) == -1.0 && PyErr_Occurred()) goto done;
    }
    int known = 0, splits = 0;
    PyObject *flag = fv_field(a, &fv_analysis_layout, FV_KNOWN);
    if (!flag || (known = PyObject_IsTrue(flag)) < 0) { Py_XDECREF(flag); goto done; }
    Py_DECREF(flag);
    flag = fv_field(a, &fv_analysis_layout, FV_SPLITS);
    if (!flag || (splits = PyObject_IsTrue(flag)) < 0) { Py_XDECREF(flag); goto done; }
    Py_DECREF(flag);
    int ocr_capital = 0;
    if (ocr_read) { /* ocr_read and not word.islower() */
        PyObject *lower = PyObject_CallMethod(word, "islower", NULL);
        if (!lower) goto done;
        ocr_capital = lower != Py_True;
        Py_DECREF(lower);
    }
    double gain = z - own, short_ = 1.0 / (double)(length > 1 ? length : 1);
    /* BASE_FEATURES */
    v[0] = 1.0; v[1] = c; v[2] = z; v[3] = gain; v[4] = m; v[5] = own;
    v[6] = known; v[7] = upper; v[8] = title; v[9] = short_;
    v[10] = PyUnicode_CompareWithASCIIString(kind, "morph") == 0;
    v[11] = PyUnicode_CompareWithASCIIString(kind, "hyphen") == 0;
    v[12] = PyUnicode_CompareWithASCIIString(lang, "en") == 0;
    v[13] = splits; v[14] = rate; v[15] = isolated; v[16] = own > 0; v[17] = name;
    v[18] = PyUnicode_CompareWithASCIIString(kind, "rare") == 0;
    v[19] = ocr_read; v[20] = ocr_capital; v[21] = ocr_read ? c : 0.0; v[22] = period_value;
    /* DERIVED */
    v[23] = c * c; v[24] = 1.0 < m ? 1.0 : m; v[25] = z >= 3; v[26] = c * short_; v[27] = m * c; v[28] = m >= 3;
    v[29] = gain * gain / 10;
    /* SHAPE: the kind of slip, the rivals within CROWD of the first */
    int one = fv_one_edit(typed, meant);
    long crowd = 0;
    int rival_insert = 0;
    double reach = best_rank + FV_CROWD;
    for (Py_ssize_t i = 1; i < n_cands; i++) {
        PyObject *cand = PyTuple_GET_ITEM(cands, i);
        double rank = fv_float(cand, &fv_candidate_layout, FV_RANK);
        if (rank == -1.0 && PyErr_Occurred()) goto done;
        if (rank <= reach) {
            crowd++;
            if (!rival_insert && one != 1) {
                PyObject *other = fv_field(cand, &fv_candidate_layout, FV_WORD);
                if (!other) goto done;
                if (PyUnicode_Check(other) && PyUnicode_GET_LENGTH(other) == length + 1)
                    rival_insert = fv_one_insert(word, other);
                Py_DECREF(other);
            }
        }
    }
    v[30] = (double)crowd; v[31] = second_cost; v[32] = second_zipf;
    v[33] = one == 1; v[34] = one == 2; v[35] = one == 3;
    v[36] = fv_same_end(typed, meant, 1, 0); v[37] = fv_same_end(typed, meant, 2, 1); v[38] = rival_insert;
    /* CHANNEL: the isolated lower-case word's own slopes */
    int sloped = isolated && !(upper || title);
    for (int i = 0; i < 7; i++) v[FV_CHANNEL + i] = sloped ? v[fv_slopes[i]] : 0.0;
    /* the bins, in _BINS' order */
    Py_ssize_t at = FV_BINS;
    at += fv_bins(v + at, fv_cost_cuts, 6, c);
    at += fv_bins(v + at, fv_margin_cuts, 5, m);
    at += fv_bins(v + at, fv_cand_zipf_cuts, 4, z);
    at += fv_bins(v + at, fv_own_zipf_cuts, 3, own);
    at += fv_bins(v + at, fv_length_cuts, 5, (double)length);
    /* (Most values are the flags' 0.0 and 1.0: those two floats are shared, not made 69 times a word.) */
    static PyObject *zero, *one_;
    if (!zero && (!(zero = PyFloat_FromDouble(0.0)) || !(one_ = PyFloat_FromDouble(1.0)))) goto done;
    if (!(result = PyList_New(FV_COUNT))) goto done;
    for (int i = 0; i < FV_COUNT; i++) {
        /* (A CHANNEL slope is the very float of the value it copies, as the twin's itemgetter gives it.) */
        PyObject *x = sloped && i >= FV_CHANNEL && i < FV_CHANNEL + 7
                          ? Py_NewRef(PyList_GET_ITEM(result, fv_slopes[i - FV_CHANNEL]))
                      : v[i] == 1.0 ? Py_NewRef(one_)
                      : v[i] == 0.0 && !signbit(v[i]) ? Py_NewRef(zero) : PyFloat_FromDouble(v[i]);
        if (!x) {
            Py_CLEAR(result);
            goto done;
        }
        PyList_SET_ITEM(result, i, x);
    }
done:
    Py_XDECREF(word);
    Py_XDECREF(lang);
    Py_XDECREF(kind);
    Py_XDECREF(cands);
    return result;
}

/* ---- model.made_finding / made_suggestion: a slotted object from its values ----------------------------- */

/* slotted(cls, members, *values) -> cls instance: an instance of the slotted class `cls` (allocated as
 * object.__new__(cls) does, without __init__) with each of `members` (its member descriptors, a tuple) set
 * to the value at the same place, through the descriptor's own __set__ (its tp_descr_set slot: the same
 * type check and store as `members[i].__set__(obj, values[i])`). The Python twin is model._made_by_setters;
 * this saves a method-wrapper call, with its argument tuple, per field. */
static PyObject *
slotted(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs < 2 || !PyType_Check(args[0]) || !PyTuple_Check(args[1])
        || PyTuple_GET_SIZE(args[1]) != nargs - 2) {
        PyErr_SetString(PyExc_TypeError, "slotted(cls, members, *values): one value per member");
        return NULL;
    }
    PyTypeObject *cls = (PyTypeObject *)args[0];
    PyObject *members = args[1];
    PyObject *obj = cls->tp_alloc(cls, 0);
    if (!obj) return NULL;
    for (Py_ssize_t i = 0; i < nargs - 2; i++) {
        PyObject *member = PyTuple_GET_ITEM(members, i);
        descrsetfunc set = Py_TYPE(member)->tp_descr_set;
        if (!set) {
            PyErr_SetString(PyExc_TypeError, "slotted: a member without __set__");
            Py_DECREF(obj);
            return NULL;
        }
        if (set(member, obj, args[i + 2]) < 0) {
            Py_DECREF(obj);
            return NULL;
        }
    }
    return obj;
}

/* The sections of segments and of the spelling detector's paragraph pass, at the end of this file
 * (their own, kept apart). */
static PyObject *word_sequence(PyObject *module, PyObject *const *args, Py_ssize_t nargs);
static PyObject *verdict_places(PyObject *module, PyObject *const *args, Py_ssize_t nargs);
static PyObject *settled_places(PyObject *module, PyObject *const *args, Py_ssize_t nargs);
static PyObject *format_lines(PyObject *module, PyObject *const *args, Py_ssize_t nargs);
static PyObject *merged_findings(PyObject *module, PyObject *const *args, Py_ssize_t nargs);
static PyObject *finding_kinds(PyObject *module, PyObject *const *args, Py_ssize_t nargs);
static PyObject *ascii_twins(PyObject *module, PyObject *const *args, Py_ssize_t nargs);
static PyObject *glued_places(PyObject *module, PyObject *const *args, Py_ssize_t nargs);
static PyObject *roman_places(PyObject *module, PyObject *const *args, Py_ssize_t nargs);
static PyObject *digit_places(PyObject *module, PyObject *const *args, Py_ssize_t nargs);
static PyObject *mixed_lines(PyObject *module, PyObject *const *args, Py_ssize_t nargs);
static PyObject *trigger_starts(PyObject *module, PyObject *const *args, Py_ssize_t nargs);
static PyObject *replace_chars(PyObject *module, PyObject *const *args, Py_ssize_t nargs);
static PyObject *trigger_scan(PyObject *module, PyObject *const *args, Py_ssize_t nargs);
static PyObject *split_pairs(PyObject *module, PyObject *const *args, Py_ssize_t nargs);
static PyObject *pair_joins(PyObject *module, PyObject *const *args, Py_ssize_t nargs);
static PyObject *known_ru_forms(PyObject *module, PyObject *const *args, Py_ssize_t nargs);
static PyObject *rule_out_pairs(PyObject *module, PyObject *const *args, Py_ssize_t nargs);
static PyObject *new_form_flags(PyObject *module, PyObject *const *args, Py_ssize_t nargs);
static PyObject *small_kinds(PyObject *module, PyObject *const *args, Py_ssize_t nargs);
static PyObject *splits_in_two(PyObject *module, PyObject *const *args, Py_ssize_t nargs);
static PyObject *may_split_ru(PyObject *module, PyObject *const *args, Py_ssize_t nargs);
static PyObject *may_split_en(PyObject *module, PyObject *const *args, Py_ssize_t nargs);

static PyMethodDef module_methods[] = {
    {"close_hits", (PyCFunction)(void (*)(void))close_hits, METH_FASTCALL,
     "close_hits(word, max_distance, prefix_len, kids, offsets, owners, starts, text, first_lines, line_zipfs, lines,"
     " heads) -> [(distance, -zipf, word)], unsorted"},
    {"delete_kids", (PyCFunction)(void (*)(void))delete_kids, METH_FASTCALL,
     "delete_kids(word, prefix_len, most, (letters, codes, kids)) -> [key id]: the delete table's look-ups"},
    {"weigh_close", (PyCFunction)(void (*)(void))weigh_close, METH_FASTCALL,
     "weigh_close(model, word, max_distance, prefix_len, get, offsets, owners, starts, text, first_lines,"
     " line_zipfs, lines, heads, max_quick, max_weighed, freq_weight) -> ((zipf, word, cost), ...):"
     " candidates._to_weigh"},
    {"slip_forms", (PyCFunction)(void (*)(void))slip_forms, METH_FASTCALL,
     "slip_forms(word, substitutes, insertable, units) -> (as_spelt, with_yo) | None: rareforms' slips in a DAWG"},
    {"dawg_has", (PyCFunction)(void (*)(void))dawg_has, METH_FASTCALL,
     "dawg_has(units, key) -> bool: is the key in the BytesDAWG of these units"},
    {"word_sequence", (PyCFunction)(void (*)(void))word_sequence, METH_FASTCALL,
     "word_sequence(text, start, end, Token) -> (tokens, [str]) | None: segments._tokens_and_texts of a span of"
     " only plain characters, its tokens a sequence that makes each Token when read (None: another character is"
     " in it)"},
    {"verdict_places", (PyCFunction)(void (*)(void))verdict_places, METH_FASTCALL,
     "verdict_places(verdicts, texts, not_counted, known, unknown) -> (places, not_counted, unknown) | None:"
     " the spelling detector's pass over a paragraph's verdicts (None: a form has none yet)"},
    {"ascii_twins", (PyCFunction)(void (*)(void))ascii_twins, METH_FASTCALL,
     "ascii_twins(text, start, end, first_only, spaces) -> [(start, end)] | None: rulepack._ascii_twins, the"
     " neighbouring equal words of a span of ASCII and spaces (None: another character is in it)"},
    {"glued_places", (PyCFunction)(void (*)(void))glued_places, METH_FASTCALL,
     "glued_places(text, marks) -> [int]: rulepack._glued_mark_places, each mark that may be glued to a letter"},
    {"roman_places", (PyCFunction)(void (*)(void))roman_places, METH_FASTCALL,
     "roman_places(text, first, body, last) -> [int]: script.roman_places, where a numeral may start"},
    {"digit_places", (PyCFunction)(void (*)(void))digit_places, METH_FASTCALL,
     "digit_places(text) -> [int]: script.digit_places, where a number may stand beside a letter"},
    {"mixed_lines", (PyCFunction)(void (*)(void))mixed_lines, METH_FASTCALL,
     "mixed_lines(text) -> [(start, end)]: script.mixed_lines, the lines that may mix Latin and Cyrillic"},
    {"trigger_starts", (PyCFunction)(void (*)(void))trigger_starts, METH_FASTCALL,
     "trigger_starts(matches, needles, piece, limit) -> {key: [start]}: rulepack._trigger_starts, the trigger"
     " index's Aho-Corasick matches sorted by key"},
    {"replace_chars", (PyCFunction)(void (*)(void))replace_chars, METH_FASTCALL,
     "replace_chars(text, chars, by) -> str: text with each of chars (in the BMP) made the character by"},
    {"trigger_scan", (PyCFunction)(void (*)(void))trigger_scan, METH_FASTCALL,
     "trigger_scan(piece, limit, fold, needles, keys) -> {key: [start]} | None: rulepack._trigger_scan, the"
     " trigger index's places of its needles in a piece of text, folded by a table (None: beyond the BMP)"},
    {"split_pairs", (PyCFunction)(void (*)(void))split_pairs, METH_FASTCALL,
     "split_pairs(eligible, may_be_first, may_be_second, flag_memo, forms, verdicts, learn, unseen) -> (flags, firsts,"
     " verdicts, new): the split-word detector's pass over a paragraph's pairs (new forms given to learn first; new"
     " pairs recorded as unseen)"},
    {"pair_joins", (PyCFunction)(void (*)(void))pair_joins, METH_FASTCALL,
     "pair_joins(forms, new, flags, latin, tail, head, preposition, fragment) -> (asked, asked_lowers, prepositional,"
     " prepositional_lowers, heads): the split-word detector's new pairs sorted, and their joins' lower case"},
    {"known_ru_forms", (PyCFunction)(void (*)(void))known_ru_forms, METH_FASTCALL,
     "known_ru_forms(units, lowers) -> bytes: 1 for each lower-case form the dictionary's DAWG holds as spelt or"
     " with some е read as ё (lexicon.russian_form_test), else 0"},
    {"rule_out_pairs", (PyCFunction)(void (*)(void))rule_out_pairs, METH_FASTCALL,
     "rule_out_pairs(forms, new, never, verdicts, verdict) -> [int]: the split-word detector's pairs of `never`"
     " given `verdict` in verdicts (first form -> second form -> verdict); the others of `new`, in order"},
    {"new_form_flags", (PyCFunction)(void (*)(void))new_form_flags, METH_FASTCALL,
     "new_form_flags(words, latin, verdicts, known, special, longest, eligible) -> (flags, others, unsure,"
     " unsure_lowers, specials, special_lowers): the split-word detector's new forms sorted by what their flags need"},
    {"settled_places", (PyCFunction)(void (*)(void))settled_places, METH_FASTCALL,
     "settled_places(table, forms, texts, not_counted, known, unknown, archaic, signs) -> (places, not_counted,"
     " unknown, new): verdict_places, the common new forms (those the mapped table holds) given `known` on the"
     " way; the positions of the other new forms"},
    {"logistic", (PyCFunction)(void (*)(void))logistic, METH_FASTCALL,
     "logistic((weights, values, layout), upper, title, unknown_rate, period=0) -> float: calibration._logistic"},
    {"shared_suggestions", (PyCFunction)(void (*)(void))shared_suggestions, METH_FASTCALL,
     "shared_suggestions(cls, members, words, shares, p) -> tuple: detectors.spelling._suggested"},
    {"placed_probability", (PyCFunction)(void (*)(void))placed_probability, METH_FASTCALL,
     "placed_probability(p, where, floor) -> (p, below): detectors.spelling._placed"},
    {"feature_values", (PyCFunction)(void (*)(void))feature_values, METH_FASTCALL,
     "feature_values(a, upper, title, unknown_rate, period_value, ocr_read, name, typed, meant) -> [float]:"
     " calibration._listed_values"},
    {"slotted", (PyCFunction)(void (*)(void))slotted, METH_FASTCALL,
     "slotted(cls, members, *values) -> cls instance: object.__new__(cls) with each member descriptor set to"
     " its value (model.made_finding, made_suggestion)"},
    {"format_lines", (PyCFunction)(void (*)(void))format_lines, METH_FASTCALL,
     "format_lines(findings, starts, path, line_base, first_column, quoted, plained, safe_tails, tails, display_tails,"
     " safe, bands, names, suggested_tail, display_tail, Finding, its members (start, text, message, rule, suggestions, max_tier,"
     " detection_confidence), Suggestion, its members (text, confidence), utf8) -> (lines, worst):"
     " report.text.format_findings' loop; with utf8 true, (the lines each ended by a newline, in UTF-8 bytes,"
     " worst) or None (a lone surrogate)"},
    {"merged_findings", (PyCFunction)(void (*)(void))merged_findings, METH_FASTCALL,
     "merged_findings(findings, Finding, its members (start, end, rule, suggestions, detection_confidence),"
     " Suggestion, its members (text, confidence)) -> [Finding] | None: resolve._merged (None: a span beyond a"
     " C integer)"},
    {"finding_kinds", (PyCFunction)(void (*)(void))finding_kinds, METH_FASTCALL,
     "finding_kinds(findings, Finding, its members (rule, category)) -> ({rule}, {category}): resolve._kinds"},
    {"small_kinds", (PyCFunction)(void (*)(void))small_kinds, METH_FASTCALL,
     "small_kinds(word, written, suffixes, prefixes) -> int: candidates._small_kinds_python, which of the small"
     " candidate makers an unknown word needs (bits: elongated, chunk twice, hyphen affix, rewrite)"},
    {"splits_in_two", (PyCFunction)(void (*)(void))splits_in_two, METH_FASTCALL,
     "splits_in_two(table, common, units, lang, is_known, word) -> bool:"
     " candidates.splits_into_words of a hyphen-free word, its parts' Zipf read from the index's split table"},
    {"may_split_ru", (PyCFunction)(void (*)(void))may_split_ru, METH_FASTCALL,
     "may_split_ru(table, units, lefts, longest_left, rights, longest_right, one_letter, lower) -> bool:"
     " runtogether._may_split_ru, the parts read from the index's split table and the dictionary's DAWG"},
    {"may_split_en", (PyCFunction)(void (*)(void))may_split_en, METH_FASTCALL,
     "may_split_en(table, words, longest, one_letter, lower) -> bool: runtogether._may_split_en, the parts'"
     " Zipf read from the index's split table"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "_speedups", "Compiled twins of the spelling search's inner loops.", -1,
    module_methods,
};

PyMODINIT_FUNC PyInit__speedups(void) {
    if (PyType_Ready(&WeightedOSAType) < 0) return NULL;
    PyObject *mod = PyModule_Create(&module_def);
    if (!mod) return NULL;
    /* speedups.py ignores a module of another version (an in-place build
     * left over from an older checkout, whose functions take other arguments). */
    if (PyModule_AddIntConstant(mod, "VERSION", 69) < 0) {
        Py_DECREF(mod);
        return NULL;
    }
    Py_INCREF(&WeightedOSAType);
    if (PyModule_AddObject(mod, "WeightedOSA", (PyObject *)&WeightedOSAType) < 0) {
        Py_DECREF(&WeightedOSAType);
        Py_DECREF(mod);
        return NULL;
    }
    return mod;
}


/* ---- segments: a paragraph's word tokens ------------------------------------
 *
 * word_sequence(text, start, end, Token) -> (tokens, [str]) | None
 *     cleanup.segments._tokens_and_texts of text[start:end] when every
 *     character of the span is a plain one (segments.is_plain): the matches of
 *     segments.WORD, a letter, then letters and marks, with inner joiners
 *     (- ' ’) each followed by a letter or a mark, and the list of their
 *     strings. The tokens are a TokenSequence: the words' offsets into the
 *     text in one block, a Token(start, end, text) made each time one is read
 *     (its text the very object the list holds). Most detectors read only the
 *     strings and the tokens of a few places: a Token and its two ints made
 *     for every word cost twice what its string does. None when the span
 *     holds a character that is not plain: the caller splits it with the
 *     regex module's pattern.
 *
 * Kept apart from the spelling search above (segments.py owns it); the
 * character classes are those of segments.PLAIN_LETTERS, PLAIN_MARKS and
 * _NOT_PLAIN (tests/test_segments.py checks every code point). */

enum { SEG_NOT_PLAIN = 0, SEG_OTHER = 1, SEG_LETTER = 2, SEG_MARK = 3, SEG_JOINER = 4 };

/* The class of U+0000-U+04FF, filled once: a Latin or Cyrillic letter (most
 * characters of a transcript) is told by one load. */
static unsigned char seg_low[0x500];
static int seg_low_ready = 0;

static void seg_fill_low(void) {
    for (int c = 0; c < 0x500; c++) {
        int k;
        if (c < 0x250) {
            int letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == 0xaa || c == 0xb5 ||
                         c == 0xba || (c >= 0xc0 && c <= 0xd6) || (c >= 0xd8 && c <= 0xf6) || c >= 0xf8;
            k = letter ? SEG_LETTER : (c == '-' || c == '\'') ? SEG_JOINER : SEG_OTHER;
        } else if (c < 0x300) {
            k = SEG_NOT_PLAIN;
        } else if (c <= 0x36f) {
            k = SEG_MARK;
        } else if (c < 0x400) {
            k = SEG_NOT_PLAIN;
        } else if (c <= 0x481) {
            k = SEG_LETTER;
        } else if (c == 0x482) {
            k = SEG_OTHER; /* ҂, a sign */
        } else if (c <= 0x489) {
            k = SEG_MARK;
        } else {
            k = SEG_LETTER;
        }
        seg_low[c] = (unsigned char)k;
    }
    seg_low_ready = 1;
}

static inline int seg_class(Py_UCS4 c) {
    if (c < 0x500) return seg_low[c];
    if (c >= 0x2000 && c <= 0x206f) return c == 0x2019 ? SEG_JOINER : SEG_OTHER;
    if ((c >= 0x20a0 && c <= 0x20cf) || (c >= 0x2190 && c <= 0x22ff) || (c >= 0x2500 && c <= 0x25ff))
        return SEG_OTHER;
    if (c >= 0xfb00 && c <= 0xfb06) return SEG_LETTER;
    return SEG_NOT_PLAIN;
}

/* A word the scan found: its offsets and its largest character (the kind
 * of string it needs, so that making it scans nothing again). */
typedef struct {
    Py_ssize_t start, end;
    Py_UCS4 maxchar;
    uint32_t hash; /* FNV-1a of its code points (whatever the string's kind), for seg_forms */
} seg_word;

/* text[start:end] as a new string, built as PyUnicode_Substring builds it
 * (the narrowest kind its characters fit, a one-character Latin-1 string
 * the shared one) without its scan for the largest character. */
static PyObject *seg_new_word_text(int kind, const void *data, const seg_word *w) {
    Py_ssize_t n = w->end - w->start;
    if (n == 1) return PyUnicode_FromOrdinal(PyUnicode_READ(kind, data, w->start));
    PyObject *word = PyUnicode_New(n, w->maxchar);
    if (!word) return NULL;
    int word_kind = PyUnicode_KIND(word);
    void *out = PyUnicode_DATA(word);
    if (word_kind == kind) {
        memcpy(out, (const char *)data + w->start * kind, (size_t)(n * kind));
    } else if (kind == PyUnicode_2BYTE_KIND) { /* a Latin-1 word of a two-byte text (most of them) */
        const Py_UCS2 *from = (const Py_UCS2 *)data + w->start;
        Py_UCS1 *to = (Py_UCS1 *)out;
        for (Py_ssize_t j = 0; j < n; j++) to[j] = (Py_UCS1)from[j];
    } else { /* narrower than the text */
        for (Py_ssize_t j = 0; j < n; j++) PyUnicode_WRITE(word_kind, out, j, PyUnicode_READ(kind, data, w->start + j));
    }
    return word;
}

/* The strings of the forms met last, one slot per hash: a word read again
 * (most words of a text are a form seen before, in this document or an
 * earlier one) is handed the same string, not a new one: no allocation, and
 * the hash the detectors' dict look-ups computed for it once is kept in it
 * (and an equal key found by identity). A slot holds the last form hashed to
 * it: at most SEG_FORMS strings are held, whatever the run. */
#define SEG_FORMS (1 << 15)
static PyObject *seg_forms[SEG_FORMS];

static PyObject *seg_word_text(int kind, const void *data, const seg_word *w) {
    Py_ssize_t n = w->end - w->start;
    uint32_t h = w->hash;
    PyObject **slot = &seg_forms[(h ^ (h >> 15)) & (SEG_FORMS - 1)];
    PyObject *kept = *slot;
    if (kept && PyUnicode_GET_LENGTH(kept) == n) {
        int kept_kind = PyUnicode_KIND(kept);
        const void *kept_data = PyUnicode_DATA(kept);
        Py_ssize_t j = 0;
        if (kept_kind == kind) /* (a word as wide as the text: most Cyrillic words of a Cyrillic text) */
            j = memcmp(kept_data, (const char *)data + w->start * kind, (size_t)(n * kind)) ? 0 : n;
        else
            while (j < n && PyUnicode_READ(kept_kind, kept_data, j) == PyUnicode_READ(kind, data, w->start + j)) j++;
        if (j == n) {
            Py_INCREF(kept);
            return kept;
        }
    }
    PyObject *word = seg_new_word_text(kind, data, w);
    if (!word) return NULL;
    Py_INCREF(word);
    *slot = word;
    Py_XDECREF(kept);
    return word;
}

/* One token: Token(start, end, word), made as tuple.__new__(Token, ...) makes it. */
static PyObject *seg_token(PyTypeObject *token_type, Py_ssize_t start, Py_ssize_t end, PyObject *word) {
    PyObject *tok = token_type->tp_alloc(token_type, 3);
    if (!tok) return NULL;
    /* (PyLong_FromLong: an offset below 2**30 takes its one-digit path, where
     * PyLong_FromSsize_t counts the digits first; a long holds any offset) */
    PyObject *a = PyLong_FromLong((long)start), *b = PyLong_FromLong((long)end);
    if (!a || !b) {
        Py_XDECREF(a);
        Py_XDECREF(b);
        Py_DECREF(tok);
        return NULL;
    }
    Py_INCREF(word);
    PyTuple_SET_ITEM(tok, 0, a);
    PyTuple_SET_ITEM(tok, 1, b);
    PyTuple_SET_ITEM(tok, 2, word);
    return tok;
}

/* The words of text[start:end] into *words (grown as needed; *words is
 * `local` until it outgrows it), their count; -1 for a character that is
 * not plain, -2 when memory ran out (an exception set). Nothing Python is
 * made: a span that is not plain costs no allocation. */
static inline __attribute__((always_inline)) Py_ssize_t seg_scan(int kind, const void *data, Py_ssize_t start, Py_ssize_t end, seg_word **words,
                           Py_ssize_t capacity, const seg_word *local) {
    Py_ssize_t n = 0, i = start;
    while (i < end) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        int k = seg_class(c);
        if (k == SEG_NOT_PLAIN) return -1;
        if (k != SEG_LETTER) {
            i++;
            continue;
        }
        Py_ssize_t word_start = i++;
        Py_UCS4 maxchar = c;
        for (;;) {
            while (i < end) {
                c = PyUnicode_READ(kind, data, i);
                k = seg_class(c);
                if (k < SEG_LETTER || k > SEG_MARK) break;
                if (c > maxchar) maxchar = c;
                i++;
            }
            if (i < end && k == SEG_NOT_PLAIN) return -1;
            /* a joiner joins only when a letter or a mark follows it */
            if (i + 1 < end && k == SEG_JOINER) {
                Py_UCS4 after = PyUnicode_READ(kind, data, i + 1);
                int next = seg_class(after);
                if (next == SEG_NOT_PLAIN) return -1;
                if (next == SEG_LETTER || next == SEG_MARK) {
                    if (c > maxchar) maxchar = c;
                    if (after > maxchar) maxchar = after;
                    i += 2;
                    continue;
                }
            }
            break;
        }
        if (n == capacity) {
            Py_ssize_t grown = capacity * 2;
            seg_word *more = *words == local ? PyMem_New(seg_word, grown) : PyMem_Resize(*words, seg_word, grown);
            if (!more) {
                PyErr_NoMemory();
                return -2;
            }
            if (*words == local) memcpy(more, local, (size_t)n * sizeof(seg_word));
            *words = more;
            capacity = grown;
        }
        /* (FNV-1a of the code points: a string's kind does not change it) */
        uint32_t h = 2166136261u;
        for (Py_ssize_t j = word_start; j < i; j++) h = (h ^ (uint32_t)PyUnicode_READ(kind, data, j)) * 16777619u;
        (*words)[n].start = word_start;
        (*words)[n].end = i;
        (*words)[n].maxchar = maxchar;
        (*words)[n].hash = h;
        n++;
    }
    return n;
}

/* A paragraph's tokens, made when read: the sequence segments.word_sequence
 * hands out (a tuple of Token in the pure-Python twin). A token read again
 * (the spelling detector's place, then its neighbours' reader; a name, then
 * the grammar's tuple) is the one made before. Not tracked by the
 * collector: it holds only the list of strings (shared, never changed), the
 * Token type and Tokens of ints and those strings, none of which refers to
 * such a sequence. */
typedef struct {
    PyObject_VAR_HEAD /* ob_size: the number of words */
    PyObject *texts;
    PyTypeObject *token_type;
    PyObject **made;      /* the Tokens made so far, by index (NULL until one is read) */
    Py_ssize_t bounds[1]; /* start and end of each word, in turn */
} seg_TokenSequence;

static PyTypeObject seg_TokenSequenceType;

static void seg_sequence_dealloc(PyObject *self) {
    seg_TokenSequence *seq = (seg_TokenSequence *)self;
    if (seq->made) {
        for (Py_ssize_t i = 0; i < Py_SIZE(self); i++) Py_XDECREF(seq->made[i]);
        PyMem_Free(seq->made);
    }
    Py_XDECREF(seq->texts);
    Py_XDECREF(seq->token_type);
    PyObject_Free(self);
}

static Py_ssize_t seg_sequence_length(PyObject *self) { return Py_SIZE(self); }

/* Token i (0 <= i < len): made when first read, its text the list's string. */
static PyObject *seg_sequence_token(seg_TokenSequence *seq, Py_ssize_t i) {
    if (!seq->made) {
        seq->made = PyMem_Calloc((size_t)Py_SIZE(seq), sizeof(PyObject *));
        if (!seq->made) return PyErr_NoMemory();
    }
    PyObject *tok = seq->made[i];
    if (!tok) {
        tok = seg_token(seq->token_type, seq->bounds[2 * i], seq->bounds[2 * i + 1], PyList_GET_ITEM(seq->texts, i));
        if (!tok) return NULL;
        seq->made[i] = tok;
    }
    Py_INCREF(tok);
    return tok;
}

static PyObject *seg_sequence_item(PyObject *self, Py_ssize_t i) {
    if (i < 0 || i >= Py_SIZE(self)) {
        PyErr_SetString(PyExc_IndexError, "token index out of range");
        return NULL;
    }
    return seg_sequence_token((seg_TokenSequence *)self, i);
}

/* seq[i] (negative counts from the end, as a tuple's) and seq[a:b:c] (a tuple of the Tokens). */
static PyObject *seg_sequence_subscript(PyObject *self, PyObject *key) {
    if (PyIndex_Check(key)) {
        Py_ssize_t i = PyNumber_AsSsize_t(key, PyExc_IndexError);
        if (i == -1 && PyErr_Occurred()) return NULL;
        if (i < 0) i += Py_SIZE(self);
        return seg_sequence_item(self, i);
    }
    if (PySlice_Check(key)) {
        Py_ssize_t start, stop, step;
        if (PySlice_Unpack(key, &start, &stop, &step) < 0) return NULL;
        Py_ssize_t n = PySlice_AdjustIndices(Py_SIZE(self), &start, &stop, step);
        PyObject *out = PyTuple_New(n);
        if (!out) return NULL;
        for (Py_ssize_t j = 0, i = start; j < n; j++, i += step) {
            PyObject *tok = seg_sequence_token((seg_TokenSequence *)self, i);
            if (!tok) {
                Py_DECREF(out);
                return NULL;
            }
            PyTuple_SET_ITEM(out, j, tok);
        }
        return out;
    }
    PyErr_Format(PyExc_TypeError, "token indices must be integers or slices, not %.200s", Py_TYPE(key)->tp_name);
    return NULL;
}

static PySequenceMethods seg_sequence_as_sequence = {
    .sq_length = seg_sequence_length,
    .sq_item = seg_sequence_item, /* (also how iter() walks it) */
};

static PyMappingMethods seg_sequence_as_mapping = {
    .mp_length = seg_sequence_length,
    .mp_subscript = seg_sequence_subscript,
};

static PyTypeObject seg_TokenSequenceType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "cleanup.spelling._speedups.TokenSequence",
    .tp_doc = "A paragraph's word tokens, each Token made when read (segments.word_sequence).",
    .tp_basicsize = offsetof(seg_TokenSequence, bounds),
    .tp_itemsize = 2 * sizeof(Py_ssize_t),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_SEQUENCE,
    .tp_dealloc = seg_sequence_dealloc,
    .tp_as_sequence = &seg_sequence_as_sequence,
    .tp_as_mapping = &seg_sequence_as_mapping,
};
static int seg_sequence_ready = 0;

static PyObject *word_sequence(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 4 || !PyUnicode_Check(args[0]) || !PyType_Check(args[3]) ||
        !PyType_IsSubtype((PyTypeObject *)args[3], &PyTuple_Type)) {
        PyErr_SetString(PyExc_TypeError, "word_sequence(text: str, start: int, end: int, Token: tuple type)");
        return NULL;
    }
    PyObject *text = args[0];
    if (PyUnicode_READY(text) < 0) return NULL;
    PyTypeObject *token_type = (PyTypeObject *)args[3];
    Py_ssize_t start = PyLong_AsSsize_t(args[1]), end = PyLong_AsSsize_t(args[2]);
    if ((start == -1 || end == -1) && PyErr_Occurred()) return NULL;
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    /* (as a slice: clipped to the text, an empty span when end <= start) */
    if (start < 0) start = 0;
    if (end > length) end = length;
    if (end < start) end = start;
    if (!seg_low_ready) seg_fill_low();
    if (!seg_sequence_ready) {
        if (PyType_Ready(&seg_TokenSequenceType) < 0) return NULL;
        seg_sequence_ready = 1;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    /* The words are found first, then the sequence and the list made at
     * their exact size: no list grown word by word. */
    seg_word local[256], *words = local;
    Py_ssize_t n;
    /* (one copy of the scan for each kind: a character read without a switch) */
    if (kind == PyUnicode_1BYTE_KIND)
        n = seg_scan(PyUnicode_1BYTE_KIND, data, start, end, &words, 256, local);
    else if (kind == PyUnicode_2BYTE_KIND)
        n = seg_scan(PyUnicode_2BYTE_KIND, data, start, end, &words, 256, local);
    else
        n = seg_scan(PyUnicode_4BYTE_KIND, data, start, end, &words, 256, local);
    PyObject *pair = NULL, *texts = NULL;
    seg_TokenSequence *tokens = NULL;
    if (n == -1) {
        pair = Py_None;
        Py_INCREF(pair);
        goto done;
    }
    if (n < 0) goto done;
    texts = PyList_New(n);
    if (!texts) goto done;
    for (Py_ssize_t w = 0; w < n; w++) {
        PyObject *word = seg_word_text(kind, data, &words[w]);
        if (!word) goto done;
        PyList_SET_ITEM(texts, w, word);
    }
    tokens = PyObject_NewVar(seg_TokenSequence, &seg_TokenSequenceType, n);
    if (!tokens) goto done;
    Py_INCREF(texts);
    tokens->texts = texts;
    Py_INCREF(token_type);
    tokens->token_type = token_type;
    tokens->made = NULL;
    for (Py_ssize_t w = 0; w < n; w++) {
        tokens->bounds[2 * w] = words[w].start;
        tokens->bounds[2 * w + 1] = words[w].end;
    }
    pair = PyTuple_Pack(2, (PyObject *)tokens, texts);
done:
    Py_XDECREF(tokens);
    Py_XDECREF(texts);
    if (words != local) PyMem_Free(words);
    return pair;
}


/* ---- the spelling detector: a paragraph's verdicts, one pass ----------------
 *
 * verdict_places(verdicts, texts, not_counted, unknown) -> (places, not_counted, unknown) | None
 *     cleanup.detectors.spelling._verdict_places: `verdicts` maps a form to
 *     its verdict; every verdict is one of the three shared ones (spelling's
 *     _PLAIN: not counted, known, unknown) or a questioned form's own. For
 *     the paragraph's word strings `texts`: the positions whose verdict is
 *     none of the shared three (a questioned form), how many are `not_counted`
 *     and how many `unknown` (by identity: a verdict has no __eq__). None
 *     when some form has no verdict yet. One dict look-up and a few pointer
 *     tests a word, where the Python twin makes a list of the verdicts and
 *     passes over it four times. */
static PyObject *verdict_places(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 5 || !PyDict_Check(args[0]) || !PyList_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError,
                        "verdict_places(verdicts: dict, texts: list, not_counted, known, unknown)");
        return NULL;
    }
    PyObject *verdicts = args[0], *texts = args[1];
    PyObject *not_counted = args[2], *known = args[3], *unknown = args[4];
    Py_ssize_t n_not_counted = 0, n_unknown = 0;
    PyObject *places = PyList_New(0);
    if (!places) return NULL;
    /* (the list is read by index each time: a look-up runs no Python code,
     * the forms being str, but the length is asked again all the same) */
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(texts); i++) {
        PyObject *verdict = PyDict_GetItemWithError(verdicts, PyList_GET_ITEM(texts, i));
        if (verdict == known) continue;
        if (verdict == not_counted) {
            n_not_counted++;
        } else if (verdict == unknown) {
            n_unknown++;
        } else if (verdict == NULL) {
            Py_DECREF(places);
            if (PyErr_Occurred()) return NULL;
            Py_RETURN_NONE;
        } else {
            PyObject *place = PyLong_FromSsize_t(i);
            int failed = !place || PyList_Append(places, place) < 0;
            Py_XDECREF(place);
            if (failed) {
                Py_DECREF(places);
                return NULL;
            }
        }
    }
    PyObject *counts = Py_BuildValue("(Nnn)", places, n_not_counted, n_unknown);
    return counts;
}


/* ---- the rule engine: the repeated_word gate's twin words ---------------------
 *
 * ascii_twins(text, start, end, first_only, spaces) -> [(start, end), ...] | None
 *     cleanup.rulepack._ascii_twins (its Python twin): the words of
 *     text[start:end] are its runs of ASCII letters, anything else between
 *     them; for each two neighbouring words equal ignoring case, (start of
 *     the first, end of the second), in order (only the first pair when
 *     first_only). None when a character of the span is neither ASCII nor
 *     one of `spaces` (the typography the gate takes for spaces). One pass,
 *     no object a word, where the Python twin encodes, translates, lowers and
 *     splits the span and compares its words pairwise. */
static int twin_letter(Py_UCS4 c) {
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

static int twin_words_equal(int kind, const void *data, Py_ssize_t a, Py_ssize_t b, Py_ssize_t len) {
    for (Py_ssize_t k = 0; k < len; k++) {
        if ((PyUnicode_READ(kind, data, a + k) | 0x20) != (PyUnicode_READ(kind, data, b + k) | 0x20)) return 0;
    }
    return 1;
}

static PyObject *ascii_twins(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 5 || !PyUnicode_Check(args[0]) || !PyUnicode_Check(args[4])) {
        PyErr_SetString(PyExc_TypeError, "ascii_twins(text: str, start: int, end: int, first_only, spaces: str)");
        return NULL;
    }
    PyObject *text = args[0], *spaces = args[4];
    Py_ssize_t start = PyLong_AsSsize_t(args[1]), end = PyLong_AsSsize_t(args[2]);
    if ((start == -1 || end == -1) && PyErr_Occurred()) return NULL;
    int first_only = PyObject_IsTrue(args[3]);
    if (first_only < 0) return NULL;
    if (start < 0 || end < 0) {
        PyErr_SetString(PyExc_ValueError, "ascii_twins: start and end must not be negative");
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (end > n) end = n;
    if (start > end) start = end;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    int all_ascii = PyUnicode_IS_ASCII(text);
    int space_kind = PyUnicode_KIND(spaces);
    const void *space_data = PyUnicode_DATA(spaces);
    Py_ssize_t n_spaces = PyUnicode_GET_LENGTH(spaces);
    PyObject *pairs = PyList_New(0);
    if (!pairs) return NULL;
    Py_ssize_t previous = -1, previous_len = 0, i = start;
    while (i < end) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (!twin_letter(c)) {
            if (c >= 128) {
                Py_ssize_t k = 0;
                while (k < n_spaces && PyUnicode_READ(space_kind, space_data, k) != c) k++;
                if (k == n_spaces) {
                    Py_DECREF(pairs);
                    Py_RETURN_NONE;
                }
            }
            i++;
            continue;
        }
        Py_ssize_t word = i;
        while (i < end && twin_letter(PyUnicode_READ(kind, data, i))) i++;
        Py_ssize_t len = i - word;
        /* (With first_only the rest is only read for a character that is
         * neither, as the Python twin reads all of it: a text of ASCII has none.) */
        if (previous >= 0 && len == previous_len && !(first_only && PyList_GET_SIZE(pairs))
                && twin_words_equal(kind, data, previous, word, len)) {
            PyObject *pair = Py_BuildValue("(nn)", previous, i);
            int failed = !pair || PyList_Append(pairs, pair) < 0;
            Py_XDECREF(pair);
            if (failed) {
                Py_DECREF(pairs);
                return NULL;
            }
            if (first_only && all_ascii) break;
        }
        previous = word;
        previous_len = len;
    }
    return pairs;
}


/* ---- the rule engine: the glued_punct gate's marks ----------------------------
 *
 * glued_places(text, marks) -> [int]
 *     cleanup.rulepack._glued_mark_places (its Python twin, a scan of the
 *     ``re`` module a mark): the places, in order, of each character of
 *     `marks` (ASCII) that the next character may be a letter after: an
 *     ASCII letter, or a character beyond ASCII that is not white space
 *     (Py_UNICODE_ISSPACE is what ``re``'s \s asks). One pass over the text,
 *     where the twin makes six. */
#define GLUED_PLACES_LOOP(T)                                                                  \
    {                                                                                         \
        const T *chars = (const T *)data;                                                     \
        for (Py_ssize_t i = 0; i + 1 < n; i++) {                                              \
            Py_UCS4 c = chars[i];                                                             \
            if (c >= 128 || !is_mark[c]) continue;                                            \
            Py_UCS4 next = chars[i + 1];                                                      \
            if (next < 128 ? !twin_letter(next) : Py_UNICODE_ISSPACE(next)) continue;         \
            PyObject *place = PyLong_FromSsize_t(i);                                          \
            int failed = !place || PyList_Append(places, place) < 0;                          \
            Py_XDECREF(place);                                                                \
            if (failed) {                                                                     \
                Py_DECREF(places);                                                            \
                return NULL;                                                                  \
            }                                                                                 \
        }                                                                                     \
    }

static PyObject *glued_places(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 2 || !PyUnicode_Check(args[0]) || !PyUnicode_Check(args[1]) || !PyUnicode_IS_ASCII(args[1])) {
        PyErr_SetString(PyExc_TypeError, "glued_places(text: str, marks: str of ASCII)");
        return NULL;
    }
    PyObject *text = args[0], *marks = args[1];
    unsigned char is_mark[128] = {0};
    const Py_UCS1 *mark_chars = PyUnicode_1BYTE_DATA(marks);
    for (Py_ssize_t k = 0; k < PyUnicode_GET_LENGTH(marks); k++) is_mark[mark_chars[k]] = 1;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    PyObject *places = PyList_New(0);
    if (!places) return NULL;
    if (kind == PyUnicode_1BYTE_KIND) {
        GLUED_PLACES_LOOP(Py_UCS1)
    } else if (kind == PyUnicode_2BYTE_KIND) {
        GLUED_PLACES_LOOP(Py_UCS2)
    } else {
        GLUED_PLACES_LOOP(Py_UCS4)
    }
    return places;
}
#undef GLUED_PLACES_LOOP


/* ---- the script detector: where a numeral or a digit beside a letter may be ---
 *
 * Supersets of the places where the script detector's patterns can match,
 * told from ASCII alone (any character beyond it counts as a letter, and as
 * a number outside the blocks that hold none): the regex module then tries
 * its pattern at these few places only, instead of scanning every
 * character with its \p{L} and \p{N} tables (some 10 and 6 ms on the perf
 * corpus). The Python twins (script.roman_places, script.digit_places) say
 * the same with a pattern. */
static int ascii_alnum(Py_UCS4 c) {
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* Is c one of the characters of `set` (kind, data, length)? */
static int in_set(Py_UCS4 c, int kind, const void *data, Py_ssize_t n) {
    for (Py_ssize_t k = 0; k < n; k++) {
        if (PyUnicode_READ(kind, data, k) == c) return 1;
    }
    return 0;
}

typedef struct {
    int kind;
    const void *data;
    Py_ssize_t n;
    unsigned char ascii[128]; /* the ASCII members, for a look-up without a loop */
    Py_UCS4 lo, hi;           /* the least and greatest of the others (a Cyrillic text's
                                 letters are mostly outside them: no loop) */
} CharSet;

static void char_set(CharSet *set, PyObject *chars) {
    set->kind = PyUnicode_KIND(chars);
    set->data = PyUnicode_DATA(chars);
    set->n = PyUnicode_GET_LENGTH(chars);
    memset(set->ascii, 0, sizeof set->ascii);
    set->lo = 0x10FFFF;
    set->hi = 0;
    for (Py_ssize_t k = 0; k < set->n; k++) {
        Py_UCS4 c = PyUnicode_READ(set->kind, set->data, k);
        if (c < 128) {
            set->ascii[c] = 1;
        } else {
            if (c < set->lo) set->lo = c;
            if (c > set->hi) set->hi = c;
        }
    }
}

static int set_has(const CharSet *set, Py_UCS4 c) {
    if (c < 128) return set->ascii[c];
    return c >= set->lo && c <= set->hi && in_set(c, set->kind, set->data, set->n);
}

static int append_place(PyObject *places, Py_ssize_t i) {
    PyObject *place = PyLong_FromSsize_t(i);
    int failed = !place || PyList_Append(places, place) < 0;
    Py_XDECREF(place);
    return failed ? -1 : 0;
}

/* roman_places(text, first, body, last) -> [int]
 *     Every i where text[i] is one of `first`, text[i - 1] (if any) no ASCII
 *     letter or digit, and the run of `body` characters from i holds a k
 *     with text[k] one of `last` and text[k + 1] (if any) no ASCII letter or
 *     digit: where script._ROMAN_TOKEN may match. */
static PyObject *roman_places(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 4 || !PyUnicode_Check(args[0]) || !PyUnicode_Check(args[1]) || !PyUnicode_Check(args[2])
            || !PyUnicode_Check(args[3])) {
        PyErr_SetString(PyExc_TypeError, "roman_places(text: str, first: str, body: str, last: str)");
        return NULL;
    }
    PyObject *text = args[0];
    CharSet first, body, last;
    char_set(&first, args[1]);
    char_set(&body, args[2]);
    char_set(&last, args[3]);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    PyObject *places = PyList_New(0);
    if (!places) return NULL;
    /* The run of body characters last read ends before run_end; its last k
     * that may end a numeral is last_end (-1: none). A start inside that run
     * has the same run after it: each run is read once ("!I!I!I…" would
     * otherwise be read again from every I). */
    Py_ssize_t run_end = 0, last_end = -1;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (!set_has(&first, c) || (i > 0 && ascii_alnum(PyUnicode_READ(kind, data, i - 1)))) continue;
        if (i >= run_end) {
            Py_ssize_t k = i;
            last_end = -1;
            for (; k < n; k++) {
                Py_UCS4 here = PyUnicode_READ(kind, data, k);
                if (!set_has(&body, here)) break;
                if (set_has(&last, here) && (k + 1 == n || !ascii_alnum(PyUnicode_READ(kind, data, k + 1)))) {
                    last_end = k;
                }
            }
            run_end = k > i ? k : i + 1;
        }
        if (last_end >= i && append_place(places, i) < 0) {
            Py_DECREF(places);
            return NULL;
        }
    }
    return places;
}

/* May c be a number (\p{N})? Not an ASCII character but a digit, nor one of
 * the blocks below, which hold none (Latin-1 but its ² ³ ¹ ¼ ½ ¾, the Latin,
 * Greek, Cyrillic, Armenian and Hebrew blocks, General Punctuation):
 * tests/test_script_places.py holds them to the regex module's tables. */
static int may_be_number(Py_UCS4 c) {
    if (c < 128) return c >= '0' && c <= '9';
    return !((c <= 0xB1) || (c >= 0xB4 && c <= 0xB8) || (c >= 0xBA && c <= 0xBB) || (c >= 0xBF && c <= 0x65F)
             || (c >= 0x2000 && c <= 0x206F));
}

/* May c be a letter (\p{L})? An ASCII letter, or any character beyond ASCII. */
static int may_be_letter(Py_UCS4 c) {
    return c >= 128 || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* digit_places(text) -> [int]
 *     Every i where text[i] may be a number and text[i - 1] or text[i + 1]
 *     a letter: where script._DIGIT_BY_LETTER may match. */
static PyObject *digit_places(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 1 || !PyUnicode_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "digit_places(text: str)");
        return NULL;
    }
    PyObject *text = args[0];
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    PyObject *places = PyList_New(0);
    if (!places) return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (!may_be_number(PyUnicode_READ(kind, data, i))) continue;
        if ((i > 0 && may_be_letter(PyUnicode_READ(kind, data, i - 1)))
                || (i + 1 < n && may_be_letter(PyUnicode_READ(kind, data, i + 1)))) {
            if (append_place(places, i) < 0) {
                Py_DECREF(places);
                return NULL;
            }
        }
    }
    return places;
}

/* May c be a Latin letter (\p{Script=Latin})? An ASCII letter, or beyond
 * ASCII outside the blocks that hold none (Latin-1's signs, the blocks from
 * Greek to Mongolian, General Punctuation, currency and letterlike signs,
 * arrows and mathematical signs). */
static int may_be_latin(Py_UCS4 c) {
    if (c < 128) return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
    return !((c <= 0xA9) || (c >= 0xAB && c <= 0xB9) || (c >= 0xBB && c <= 0xBF) || c == 0xD7 || c == 0xF7
             || (c >= 0x2B9 && c <= 0x2DF) || (c >= 0x2E5 && c <= 0x1CFF) || (c >= 0x2000 && c <= 0x2070)
             || (c >= 0x20A0 && c <= 0x2129) || (c >= 0x2190 && c <= 0x2BFF));
}

/* May c be a Cyrillic letter (\p{Script=Cyrillic})? Only in the Cyrillic blocks, or beyond the BMP. */
static int may_be_cyrillic(Py_UCS4 c) {
    return (c >= 0x400 && c <= 0x52F) || (c >= 0x1C80 && c <= 0x1C8F) || c == 0x1D2B || c == 0x1D78
           || (c >= 0x2DE0 && c <= 0x2DFF) || (c >= 0xA640 && c <= 0xA69F) || c == 0xFE2E || c == 0xFE2F
           || c > 0xFFFF;
}

/* mixed_lines(text) -> [(start, end)]
 *     The lines of text (split at \r and \n, empty ones left out) that hold
 *     a character that may be Latin and one that may be Cyrillic: where
 *     script's _mixed looks for words with both. */
static PyObject *mixed_lines(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 1 || !PyUnicode_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "mixed_lines(text: str)");
        return NULL;
    }
    PyObject *text = args[0];
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    PyObject *spans = PyList_New(0);
    if (!spans) return NULL;
    if (PyUnicode_IS_ASCII(text)) return spans; /* no Cyrillic */
    Py_ssize_t start = 0;
    int latin = 0, cyrillic = 0;
    for (Py_ssize_t i = 0; i <= n; i++) {
        Py_UCS4 c = i < n ? PyUnicode_READ(kind, data, i) : '\n';
        if (c == '\n' || c == '\r') {
            if (latin && cyrillic) {
                PyObject *span = Py_BuildValue("(nn)", start, i);
                int failed = !span || PyList_Append(spans, span) < 0;
                Py_XDECREF(span);
                if (failed) {
                    Py_DECREF(spans);
                    return NULL;
                }
            }
            start = i + 1;
            latin = cyrillic = 0;
        } else {
            if (!latin && may_be_latin(c)) latin = 1;
            if (!cyrillic && c >= 0x400 && may_be_cyrillic(c)) cyrillic = 1;
        }
    }
    return spans;
}


/* ---- the rule engine: the trigger index's matches, sorted by key ---------------
 *
 * trigger_starts(matches, needles, piece, limit) -> {key: [start, ...]}
 *     cleanup.rulepack._trigger_starts (its Python twin): for each
 *     (which, start, end) of the Aho-Corasick matches with start < limit, each
 *     (key, check) of needles[which] whose key[0] stands at start in `piece`
 *     when check is true (a case-sensitive key found by its folding), the
 *     start under key, in order. Some twenty thousand matches on the perf
 *     corpus, most of them "e, " for the initial_comma keys "E, " and
 *     rejected: a few pointer tests each, not a Python step. */
static PyObject *trigger_starts(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 4 || !PyList_Check(args[0]) || !PyTuple_Check(args[1]) || !PyUnicode_Check(args[2])) {
        PyErr_SetString(PyExc_TypeError, "trigger_starts(matches: list, needles: tuple, piece: str, limit: int)");
        return NULL;
    }
    PyObject *matches = args[0], *needles = args[1], *piece = args[2];
    Py_ssize_t limit = PyLong_AsSsize_t(args[3]);
    if (limit == -1 && PyErr_Occurred()) return NULL;
    PyObject *found = PyDict_New();
    if (!found) return NULL;
    for (Py_ssize_t m = 0; m < PyList_GET_SIZE(matches); m++) {
        PyObject *match = PyList_GET_ITEM(matches, m);
        if (!PyTuple_Check(match) || PyTuple_GET_SIZE(match) < 2) goto bad_input;
        PyObject *start_obj = PyTuple_GET_ITEM(match, 1);
        Py_ssize_t which = PyLong_AsSsize_t(PyTuple_GET_ITEM(match, 0));
        Py_ssize_t start = PyLong_AsSsize_t(start_obj);
        if ((which == -1 || start == -1) && PyErr_Occurred()) goto fail;
        if (start >= limit) continue;
        if (which < 0 || which >= PyTuple_GET_SIZE(needles)) goto bad_input;
        PyObject *group = PyTuple_GET_ITEM(needles, which);
        if (!PyTuple_Check(group)) goto bad_input;
        for (Py_ssize_t g = 0; g < PyTuple_GET_SIZE(group); g++) {
            PyObject *entry = PyTuple_GET_ITEM(group, g);
            if (!PyTuple_Check(entry) || PyTuple_GET_SIZE(entry) != 2) goto bad_input;
            PyObject *key = PyTuple_GET_ITEM(entry, 0);
            int check = PyObject_IsTrue(PyTuple_GET_ITEM(entry, 1));
            if (check < 0) goto fail;
            if (check) {
                if (!PyTuple_Check(key) || PyTuple_GET_SIZE(key) < 1 || !PyUnicode_Check(PyTuple_GET_ITEM(key, 0)))
                    goto bad_input;
                Py_ssize_t there = PyUnicode_Tailmatch(piece, PyTuple_GET_ITEM(key, 0), start, PY_SSIZE_T_MAX, -1);
                if (there < 0) goto fail;
                if (!there) continue;
            }
            PyObject *starts = PyDict_GetItemWithError(found, key);
            if (!starts) {
                if (PyErr_Occurred()) goto fail;
                starts = PyList_New(0);
                int failed = !starts || PyDict_SetItem(found, key, starts) < 0;
                Py_XDECREF(starts); /* (the dict holds it) */
                if (failed) goto fail;
            }
            if (PyList_Append(starts, start_obj) < 0) goto fail;
        }
    }
    return found;
bad_input:
    PyErr_SetString(PyExc_TypeError, "trigger_starts: matches are (which, start, end), needles tuples of (key, check)");
fail:
    Py_DECREF(found);
    return NULL;
}

/* The first place from i on (n: none) of a character set in `listed` (a bit
 * per character of the BMP), one loop per width of character. */
#define NEXT_LISTED_LOOP(T)                                           \
    for (; i < n; i++) {                                              \
        Py_UCS4 c = ((const T *)data)[i];                             \
        if (c <= 0xFFFF && (listed[c >> 3] >> (c & 7) & 1)) return i; \
    }                                                                 \
    return n;

static Py_ssize_t next_listed(int kind, const void *data, Py_ssize_t i, Py_ssize_t n, const unsigned char *listed) {
    if (kind == PyUnicode_1BYTE_KIND) {
        NEXT_LISTED_LOOP(Py_UCS1)
    } else if (kind == PyUnicode_2BYTE_KIND) {
        NEXT_LISTED_LOOP(Py_UCS2)
    } else {
        NEXT_LISTED_LOOP(Py_UCS4)
    }
}
#undef NEXT_LISTED_LOOP

/* replace_chars(text, chars, by) -> str
 *     text with every character of `chars` (all in the BMP, none above `by`)
 *     replaced by the one character `by` (text itself when it holds none): the trigger
 *     index's case folding one character for one (rulepack._casefold_aligned,
 *     whose loop of a `replace` a character is the Python twin) makes the
 *     hundred characters that fold to several U+FFFF. One pass, where the
 *     twin asks `in` of each (a memchr of the text, or a slow loop for a
 *     character whose low byte is 0 or a Cyrillic letter's high byte). */
static PyObject *replace_chars(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 3 || !PyUnicode_Check(args[0]) || !PyUnicode_Check(args[1]) || !PyUnicode_Check(args[2])
            || PyUnicode_GET_LENGTH(args[2]) != 1) {
        PyErr_SetString(PyExc_TypeError, "replace_chars(text: str, chars: str, by: one character)");
        return NULL;
    }
    PyObject *text = args[0], *chars = args[1];
    Py_UCS4 by = PyUnicode_READ_CHAR(args[2], 0);
    static unsigned char listed[0x10000 / 8];
    memset(listed, 0, sizeof listed);
    int some_ascii = 0; /* (none: a text of ASCII holds none of them) */
    int chars_kind = PyUnicode_KIND(chars);
    const void *chars_data = PyUnicode_DATA(chars);
    for (Py_ssize_t k = 0; k < PyUnicode_GET_LENGTH(chars); k++) {
        Py_UCS4 c = PyUnicode_READ(chars_kind, chars_data, k);
        /* (by is the greatest: the new string's width is then the wider of
         * the text's and by's, as the Python twin's would be) */
        if (c > 0xFFFF || c > by) {
            PyErr_SetString(PyExc_ValueError, "replace_chars: the characters must be in the BMP, none above by");
            return NULL;
        }
        listed[c >> 3] |= (unsigned char)(1 << (c & 7));
        if (c < 128) some_ascii = 1;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    Py_ssize_t first = PyUnicode_IS_ASCII(text) && !some_ascii ? n : next_listed(kind, data, 0, n, listed);
    if (first == n) {
        Py_INCREF(text);
        return text;
    }
    Py_UCS4 widest = PyUnicode_MAX_CHAR_VALUE(text);
    PyObject *out = PyUnicode_New(n, widest > by ? widest : by);
    if (!out || PyUnicode_CopyCharacters(out, 0, text, 0, n) < 0) {
        Py_XDECREF(out);
        return NULL;
    }
    int out_kind = PyUnicode_KIND(out);
    void *out_data = PyUnicode_DATA(out);
    for (Py_ssize_t i = first; i < n; i = next_listed(kind, data, i + 1, n, listed)) {
        PyUnicode_WRITE(out_kind, out_data, i, by);
    }
    return out;
}

/* ---- the rule engine: the trigger index's scan, folding and matching in one pass --
 *
 * trigger_scan(piece, limit, fold, needles, keys) -> {key: [start, ...]} | None
 *     cleanup.rulepack._trigger_scan (its Python twin): every place before
 *     `limit` where a string of `needles` stands in `piece` as `fold` (a str
 *     of 65536 characters, the case folding of each character of the BMP one
 *     for one, rulepack._fold_table; None: as it is) folds it, overlapping
 *     places included; under each (key, check) of keys[which] the place, in
 *     order, when check is false or key[0] itself stands there in `piece`.
 *     None when folding and `piece` holds a character beyond the BMP (the
 *     caller's Aho-Corasick pass folds those). It does what casefold, the
 *     automaton (after a UTF-8 copy of the text and a map back to character
 *     offsets) and trigger_starts did: a table look-up a character, and a
 *     hash of a needle's first two characters. The needles, laid out for it,
 *     are kept for the next call with the same tuple (the trigger plan's, the
 *     same for every document). */
#define TS_PAIR_BITS 12
#define TS_SINGLE_BITS 8
#define TS_NO_CHAR 0xFFFFFFFFu

typedef struct {
    PyObject *needles, *keys; /* (strong references: the identity is the cache key) */
    Py_ssize_t count, entries;
    Py_UCS4 *chars;                          /* every needle's characters, one after another */
    Py_ssize_t *offset, *length, *next, *first_entry; /* per needle; first_entry has count + 1 */
    /* The chains of needles by their first character (one character long),
     * two (two long), three (longer): a needle is looked for only where its
     * first three characters' hash is, and most places are no needle's. */
    int32_t single_head[1 << TS_SINGLE_BITS], pair_head[1 << TS_PAIR_BITS], triple_head[1 << TS_PAIR_BITS];
    /* A bit per first character (its low 16 bits) of a needle of one
     * character, and per 16-bit hash of the first two of a longer one: the
     * chains are walked only where a bit is set (a place in ten). */
    unsigned char single_bits[0x10000 / 8], pair_bits[0x10000 / 8];
} TriggerNeedles;

static TriggerNeedles *ts_cache[2];

static inline unsigned ts_pair_bucket(Py_UCS4 a, Py_UCS4 b) {
    return ((a * 0x9E3779B1u) ^ (b * 0x85EBCA6Bu)) >> (32 - TS_PAIR_BITS);
}

static inline unsigned ts_pair_bit(Py_UCS4 a, Py_UCS4 b) {
    return ((a * 0x9E3779B1u) ^ (b * 0x85EBCA6Bu)) >> 16;
}

static inline unsigned ts_triple_bucket(Py_UCS4 a, Py_UCS4 b, Py_UCS4 c) {
    return ((a * 0x9E3779B1u) ^ (b * 0x85EBCA6Bu) ^ (c * 0xC2B2AE35u)) >> (32 - TS_PAIR_BITS);
}

static inline unsigned ts_single_bucket(Py_UCS4 a) {
    return (a * 0x9E3779B1u) >> (32 - TS_SINGLE_BITS);
}

static void ts_free(TriggerNeedles *t) {
    if (!t) return;
    Py_XDECREF(t->needles);
    Py_XDECREF(t->keys);
    PyMem_Free(t->chars);
    PyMem_Free(t->offset);
    PyMem_Free(t);
}

/* The needles laid out, from the cache or made (and cached); NULL with an
 * exception set when they are not what trigger_scan takes. */
static TriggerNeedles *ts_needles(PyObject *needles, PyObject *keys) {
    for (int s = 0; s < 2; s++) {
        if (ts_cache[s] && ts_cache[s]->needles == needles && ts_cache[s]->keys == keys) return ts_cache[s];
    }
    Py_ssize_t count = PyTuple_GET_SIZE(needles), total = 0, entries = 0;
    for (Py_ssize_t j = 0; j < count; j++) {
        PyObject *needle = PyTuple_GET_ITEM(needles, j), *group = PyTuple_GET_ITEM(keys, j);
        if (!PyUnicode_Check(needle) || PyUnicode_GET_LENGTH(needle) == 0 || !PyTuple_Check(group)) goto bad_input;
        for (Py_ssize_t g = 0; g < PyTuple_GET_SIZE(group); g++) {
            PyObject *entry = PyTuple_GET_ITEM(group, g);
            /* (a key is (str, bool): hashing and comparing it runs no Python code) */
            if (!PyTuple_Check(entry) || PyTuple_GET_SIZE(entry) != 2 || !PyTuple_Check(PyTuple_GET_ITEM(entry, 0))
                    || PyTuple_GET_SIZE(PyTuple_GET_ITEM(entry, 0)) != 2
                    || !PyUnicode_CheckExact(PyTuple_GET_ITEM(PyTuple_GET_ITEM(entry, 0), 0))
                    || !PyBool_Check(PyTuple_GET_ITEM(PyTuple_GET_ITEM(entry, 0), 1))
                    || !PyBool_Check(PyTuple_GET_ITEM(entry, 1)))
                goto bad_input;
        }
        total += PyUnicode_GET_LENGTH(needle);
        entries += PyTuple_GET_SIZE(group);
    }
    TriggerNeedles *t = PyMem_Calloc(1, sizeof(TriggerNeedles));
    if (!t) return (TriggerNeedles *)PyErr_NoMemory();
    t->chars = PyMem_Malloc((size_t)(total + 1) * sizeof(Py_UCS4));
    t->offset = PyMem_Calloc((size_t)(4 * count + 1), sizeof(Py_ssize_t));
    if (!t->chars || !t->offset) {
        ts_free(t);
        return (TriggerNeedles *)PyErr_NoMemory();
    }
    t->length = t->offset + count;
    t->next = t->offset + 2 * count;
    t->first_entry = t->offset + 3 * count;
    t->count = count;
    t->entries = entries;
    Py_ssize_t at = 0, entry_at = 0;
    for (Py_ssize_t j = 0; j < count; j++) {
        PyObject *needle = PyTuple_GET_ITEM(needles, j);
        Py_ssize_t len = PyUnicode_GET_LENGTH(needle);
        t->offset[j] = at;
        t->length[j] = len;
        t->first_entry[j] = entry_at;
        entry_at += PyTuple_GET_SIZE(PyTuple_GET_ITEM(keys, j));
        for (Py_ssize_t k = 0; k < len; k++) t->chars[at + k] = PyUnicode_READ_CHAR(needle, k);
        at += len;
    }
    t->first_entry[count] = entry_at;
    for (int b = 0; b < (1 << TS_PAIR_BITS); b++) t->pair_head[b] = t->triple_head[b] = -1;
    for (int b = 0; b < (1 << TS_SINGLE_BITS); b++) t->single_head[b] = -1;
    for (Py_ssize_t j = count - 1; j >= 0; j--) { /* (backwards: each chain in the needles' order) */
        const Py_UCS4 *c = t->chars + t->offset[j];
        int32_t *head = t->length[j] == 1   ? &t->single_head[ts_single_bucket(c[0])]
                        : t->length[j] == 2 ? &t->pair_head[ts_pair_bucket(c[0], c[1])]
                                            : &t->triple_head[ts_triple_bucket(c[0], c[1], c[2])];
        t->next[j] = *head;
        *head = (int32_t)j;
        unsigned bit = t->length[j] == 1 ? (c[0] & 0xFFFF) : ts_pair_bit(c[0], c[1]);
        (t->length[j] == 1 ? t->single_bits : t->pair_bits)[bit >> 3] |= (unsigned char)(1 << (bit & 7));
    }
    Py_INCREF(needles);
    Py_INCREF(keys);
    t->needles = needles;
    t->keys = keys;
    ts_free(ts_cache[1]); /* (the older of the two goes) */
    ts_cache[1] = ts_cache[0];
    ts_cache[0] = t;
    return t;
bad_input:
    PyErr_SetString(PyExc_TypeError, "trigger_scan: needles are non-empty strings, keys tuples of ((str, bool), bool)");
    return NULL;
}

/* hay[i] = the folding of piece[i] by `table` (NULL: as it is), one loop per width. */
#define TS_FOLD_LOOP(T)                                                   \
    if (table) {                                                          \
        for (Py_ssize_t i = 0; i < n; i++) hay[i] = table[((const T *)data)[i]]; \
    } else {                                                              \
        for (Py_ssize_t i = 0; i < n; i++) hay[i] = ((const T *)data)[i]; \
    }

static PyObject *trigger_scan(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 5 || !PyUnicode_Check(args[0]) || !(args[2] == Py_None || PyUnicode_Check(args[2]))
            || !PyTuple_Check(args[3]) || !PyTuple_Check(args[4])
            || PyTuple_GET_SIZE(args[3]) != PyTuple_GET_SIZE(args[4])) {
        PyErr_SetString(PyExc_TypeError,
                        "trigger_scan(piece: str, limit: int, fold: str | None, needles: tuple, keys: tuple)");
        return NULL;
    }
    PyObject *piece = args[0], *fold = args[2];
    Py_ssize_t limit = PyLong_AsSsize_t(args[1]);
    if (limit == -1 && PyErr_Occurred()) return NULL;
    const Py_UCS2 *table = NULL;
    int kind = PyUnicode_KIND(piece);
    if (fold != Py_None) {
        if (PyUnicode_GET_LENGTH(fold) != 0x10000 || PyUnicode_KIND(fold) != PyUnicode_2BYTE_KIND) {
            PyErr_SetString(PyExc_ValueError, "trigger_scan: fold must be the folding of each of the BMP's 65536 characters");
            return NULL;
        }
        table = (const Py_UCS2 *)PyUnicode_DATA(fold);
        if (kind == PyUnicode_4BYTE_KIND) Py_RETURN_NONE; /* (a 4-byte str holds a character beyond the BMP) */
    }
    TriggerNeedles *t = ts_needles(args[3], args[4]);
    if (!t) return NULL;
    PyObject *keys = t->keys;
    const void *data = PyUnicode_DATA(piece);
    Py_ssize_t n = PyUnicode_GET_LENGTH(piece), stop = limit < n ? limit : n;
    Py_UCS4 *hay = PyMem_Malloc((size_t)(n + 2) * sizeof(Py_UCS4));
    PyObject **lists = PyMem_Calloc((size_t)(t->entries + 1), sizeof(PyObject *));
    PyObject *found = NULL;
    if (!hay || !lists) {
        PyErr_NoMemory();
        goto done;
    }
    if (kind == PyUnicode_1BYTE_KIND) {
        TS_FOLD_LOOP(Py_UCS1)
    } else if (kind == PyUnicode_2BYTE_KIND) {
        TS_FOLD_LOOP(Py_UCS2)
    } else {
        TS_FOLD_LOOP(Py_UCS4)
    }
    hay[n] = TS_NO_CHAR; /* (the scan reads up to two past the last place it tries) */
    hay[n + 1] = TS_NO_CHAR;
    found = PyDict_New();
    if (!found) goto done;
    const Py_UCS4 *chars = t->chars;
    const Py_ssize_t *offset = t->offset, *length = t->length, *next = t->next;
    for (Py_ssize_t i = 0; i < stop; i++) {
        Py_UCS4 here = hay[i], after = hay[i + 1], third = hay[i + 2]; /* (TS_NO_CHAR past the end) */
        /* The needles of one character, of two, then of three or more. (A
         * needle holds no TS_NO_CHAR: past the end it matches nothing.) */
        unsigned bit = ts_pair_bit(here, after);
        int single = t->single_bits[(here & 0xFFFF) >> 3] >> (here & 7) & 1;
        int pair = t->pair_bits[bit >> 3] >> (bit & 7) & 1;
        if (!(single | pair)) continue; /* (most places) */
        int32_t heads[3] = {single ? t->single_head[ts_single_bucket(here)] : -1,
                            pair ? t->pair_head[ts_pair_bucket(here, after)] : -1,
                            pair ? t->triple_head[ts_triple_bucket(here, after, third)] : -1};
        for (int pass = 0; pass < 3; pass++) {
            for (Py_ssize_t j = heads[pass]; j >= 0; j = next[j]) {
                const Py_UCS4 *c = chars + offset[j];
                Py_ssize_t len = length[j];
                if (c[0] != here || len > n - i) continue;
                Py_ssize_t k = 1;
                while (k < len && c[k] == hay[i + k]) k++;
                if (k < len) continue;
                PyObject *group = PyTuple_GET_ITEM(keys, j);
                for (Py_ssize_t g = 0; g < PyTuple_GET_SIZE(group); g++) {
                    PyObject *entry = PyTuple_GET_ITEM(group, g);
                    PyObject *key = PyTuple_GET_ITEM(entry, 0);
                    if (PyTuple_GET_ITEM(entry, 1) == Py_True) {
                        PyObject *word = PyTuple_GET_ITEM(key, 0);
                        Py_ssize_t w = PyUnicode_GET_LENGTH(word);
                        int word_kind = PyUnicode_KIND(word);
                        const void *word_data = PyUnicode_DATA(word);
                        if (w > n - i) continue;
                        Py_ssize_t m = 0;
                        while (m < w && PyUnicode_READ(word_kind, word_data, m) == PyUnicode_READ(kind, data, i + m)) m++;
                        if (m < w) continue;
                    }
                    PyObject **starts = &lists[t->first_entry[j] + g];
                    if (!*starts) {
                        *starts = PyList_New(0);
                        if (!*starts || PyDict_SetItem(found, key, *starts) < 0) goto fail;
                    }
                    PyObject *place = PyLong_FromSsize_t(i);
                    int failed = !place || PyList_Append(*starts, place) < 0;
                    Py_XDECREF(place);
                    if (failed) goto fail;
                }
            }
        }
    }
    goto done;
fail:
    Py_CLEAR(found);
done:
    if (lists) {
        for (Py_ssize_t e = 0; e < t->entries; e++) Py_XDECREF(lists[e]);
    }
    PyMem_Free(lists);
    PyMem_Free(hay);
    return found;
}
#undef TS_FOLD_LOOP
#undef TS_PAIR_BITS
#undef TS_SINGLE_BITS
#undef TS_NO_CHAR

/* ---- the split-word detector: a paragraph's pairs, one pass ----------------
 *
 * split_pairs(eligible, may_be_first, may_be_second, flag_memo, forms, verdicts, learn, unseen)
 *     -> (flags, firsts, found, new)
 *     cleanup.detectors.boundary._pair_verdicts, given the flag bits: the
 *     flags of the paragraph's word strings `forms` (`flag_memo` maps a form
 *     to a whole number 0-255) as bytes — the forms without flags yet given
 *     to `learn(forms, {form, ...})` first, which adds them to `flag_memo`
 *     (so the paragraph is read once, not once more after its new forms are
 *     made) —, and for each pair of neighbours that may be one word — both
 *     `eligible`, and the first `may_be_first` or the second `may_be_second`
 *     (any bit of each) — whose verdict in `verdicts` (first form -> second
 *     form -> verdict) is not False: the position of its first half in
 *     `firsts` and its verdict in `found`; or, when the pair has no verdict
 *     yet, its position in `new`, and `unseen` recorded as its verdict (so a
 *     pair new to the table is given once, however often the paragraph
 *     holds it; the caller judges `new`). One look-up a word and two a
 *     candidate pair (no tuple made: see boundary._VERDICTS); the Python
 *     twin passes over the paragraph a dozen times, making a list or bytes
 *     each time. */
static int split_pairs_flag(PyObject *memo, PyObject *form, unsigned char *out) {
    PyObject *fact = PyDict_GetItemWithError(memo, form); /* borrowed */
    if (!fact) {
        if (!PyErr_Occurred()) PyErr_SetObject(PyExc_KeyError, form);
        return -1;
    }
    long value = PyLong_Check(fact) ? PyLong_AsLong(fact) : -1;
    if (value < 0 || value > 255) {
        if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "bytes must be in range(0, 256)");
        return -1;
    }
    *out = (unsigned char)value;
    return 0;
}

static PyObject *split_pairs(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 8 || !PyLong_Check(args[0]) || !PyLong_Check(args[1]) || !PyLong_Check(args[2]) ||
        !PyDict_Check(args[3]) || !PyList_Check(args[4]) || !PyDict_Check(args[5]) || !PyCallable_Check(args[6])) {
        PyErr_SetString(PyExc_TypeError,
                        "split_pairs(eligible: int, may_be_first: int, may_be_second: int, flag_memo: dict,"
                        " forms: list, verdicts: dict, learn: callable, unseen)");
        return NULL;
    }
    long eligible = PyLong_AsLong(args[0]), first = PyLong_AsLong(args[1]), second = PyLong_AsLong(args[2]);
    if (PyErr_Occurred()) return NULL;
    PyObject *memo = args[3], *forms = args[4], *verdicts = args[5], *learn = args[6], *unseen = args[7];
    Py_ssize_t n = PyList_GET_SIZE(forms);
    PyObject *flags = PyBytes_FromStringAndSize(NULL, n);
    if (!flags) return NULL;
    unsigned char *f = (unsigned char *)PyBytes_AS_STRING(flags);
    PyObject *missing = NULL; /* the forms without flags, once one is found */
    Py_ssize_t *places = NULL, n_missing = 0; /* and where they stand */
    PyObject *firsts = NULL, *found = NULL, *fresh = NULL;
    /* The fact last read, and its value: most words have the same few flags
     * (one int object each), so most are read by one pointer comparison.
     * (Borrowed: no Python code runs in this loop, so the memo holds it.) */
    PyObject *last_fact = NULL;
    unsigned char last_value = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *form = PyList_GET_ITEM(forms, i);
        PyObject *fact = PyDict_GetItemWithError(memo, form);
        if (fact == last_fact && fact) {
            f[i] = last_value;
            continue;
        }
        if (!fact) {
            if (PyErr_Occurred()) goto fail;
            if (!missing) {
                if (!(missing = PySet_New(NULL))) goto fail;
                if (!(places = PyMem_New(Py_ssize_t, n))) {
                    PyErr_NoMemory();
                    goto fail;
                }
            }
            if (PySet_Add(missing, form) < 0) goto fail;
            places[n_missing++] = i;
            continue;
        }
        long value = PyLong_Check(fact) ? PyLong_AsLong(fact) : -1;
        if (value < 0 || value > 255) {
            if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "bytes must be in range(0, 256)");
            goto fail;
        }
        f[i] = last_value = (unsigned char)value;
        last_fact = fact;
    }
    if (missing) {
        /* (Python code runs here: the list is held, and its length checked.) */
        PyObject *done = PyObject_CallFunctionObjArgs(learn, forms, missing, NULL);
        if (!done) goto fail;
        Py_DECREF(done);
        if (PyList_GET_SIZE(forms) != n) {
            PyErr_SetString(PyExc_RuntimeError, "split_pairs: learn changed the forms");
            goto fail;
        }
        for (Py_ssize_t j = 0; j < n_missing; j++) {
            if (split_pairs_flag(memo, PyList_GET_ITEM(forms, places[j]), f + places[j]) < 0) goto fail;
        }
    }
    firsts = PyList_New(0), found = PyList_New(0), fresh = PyList_New(0);
    if (!firsts || !found || !fresh) goto fail;
    for (Py_ssize_t k = 0; k + 1 < n; k++) {
        if (!(f[k] & eligible) || !(f[k + 1] & eligible) || !((f[k] & first) || (f[k + 1] & second))) continue;
        PyObject *a = PyList_GET_ITEM(forms, k), *b = PyList_GET_ITEM(forms, k + 1);
        PyObject *row = PyDict_GetItemWithError(verdicts, a); /* borrowed */
        PyObject *verdict = NULL;
        if (row) {
            if (!PyDict_Check(row)) {
                PyErr_SetString(PyExc_TypeError, "split_pairs: verdicts must map a form to a dict");
                goto fail;
            }
            verdict = PyDict_GetItemWithError(row, b); /* borrowed */
        }
        if (!verdict) {
            if (PyErr_Occurred()) goto fail;
            /* A pair not judged yet: recorded as `unseen`, given back in `new`. */
            if (!row) {
                PyObject *made = PyDict_New();
                int failed = !made || PyDict_SetItem(verdicts, a, made) < 0;
                Py_XDECREF(made); /* (the table holds it) */
                if (failed) goto fail;
                row = made;
            }
            if (PyDict_SetItem(row, b, unseen) < 0) goto fail;
            PyObject *place = PyLong_FromSsize_t(k);
            int failed = !place || PyList_Append(fresh, place) < 0;
            Py_XDECREF(place);
            if (failed) goto fail;
            continue;
        }
        if (verdict == Py_False) continue;
        PyObject *place = PyLong_FromSsize_t(k);
        int failed = !place || PyList_Append(firsts, place) < 0 || PyList_Append(found, verdict) < 0;
        Py_XDECREF(place);
        if (failed) goto fail;
    }
    Py_XDECREF(missing);
    PyMem_Free(places);
    return Py_BuildValue("(NNNN)", flags, firsts, found, fresh);
fail:
    Py_DECREF(flags);
    Py_XDECREF(missing);
    PyMem_Free(places);
    Py_XDECREF(firsts);
    Py_XDECREF(found);
    Py_XDECREF(fresh);
    return NULL;
}

/* ---- the word-boundary detectors: letters of one alphabet, lowered ---------
 *
 * A word "of one alphabet" is letters of Latin a-z, A-Z (`latin`) or of
 * Cyrillic а-я, А-Я, ё, Ё only (boundary._plain_lowered: what the pattern
 * [a-zA-Z]+ or [а-яёА-ЯЁ]+ matches whole); pair_joins and new_form_flags
 * read words this way, and lower-case them letter by letter. */

/* The lower case of one letter of the alphabet, or 0 when `c` is none. */
static inline Py_UCS4 alphabet_lower(Py_UCS4 c, int latin) {
    if (latin) {
        if (c >= 'a' && c <= 'z') return c;
        if (c >= 'A' && c <= 'Z') return c + 32;
        return 0;
    }
    if (c >= 0x430 && c <= 0x44F) return c;      /* а..я */
    if (c >= 0x410 && c <= 0x42F) return c + 0x20; /* А..Я */
    if (c == 0x451) return c;                     /* ё */
    if (c == 0x401) return 0x451;                 /* Ё */
    return 0;
}

/* ---- the split-word detector: the joins of a paragraph's new pairs ---------
 *
 * pair_joins(forms, new, flags, latin, tail, head, preposition, fragment)
 *     -> (asked, asked_lowers, prepositional, prepositional_lowers, heads)
 *     cleanup.detectors.boundary._pair_joins: the pairs of `new` (positions
 *     of first halves in the list of str `forms`; `flags` the bytes of
 *     their flags) sorted as _rule_out_joins looks at them — none whose
 *     second half is a `tail`; a `head` first half that is a `preposition`
 *     before a word, neither a `fragment`, in `prepositional`; another
 *     `head` in `heads`; any other pair in `asked` — and, for `asked` and
 *     `prepositional`, only the pairs whose join is letters of one alphabet
 *     (see alphabet_lower), with the lower case of the join. One pass, no
 *     joined string made but the lowered ones. */
static PyObject *alphabet_join_lower(PyObject *a, PyObject *b, int latin) {
    /* The lower case of a + b when both are letters of the alphabet; NULL
     * with no error set when some character is none (or both are empty). */
    Py_ssize_t na = PyUnicode_GET_LENGTH(a), nb = PyUnicode_GET_LENGTH(b);
    if (na + nb == 0) return NULL;
    PyObject *halves[2] = {a, b};
    PyObject *out = PyUnicode_New(na + nb, latin ? 0x7F : 0x451);
    if (!out) return NULL;
    int out_kind = PyUnicode_KIND(out);
    void *out_data = PyUnicode_DATA(out);
    Py_ssize_t at = 0;
    for (int h = 0; h < 2; h++) {
        PyObject *half = halves[h];
        Py_ssize_t n = PyUnicode_GET_LENGTH(half);
        int kind = PyUnicode_KIND(half);
        const void *data = PyUnicode_DATA(half);
        for (Py_ssize_t i = 0; i < n; i++) {
            Py_UCS4 lower = alphabet_lower(PyUnicode_READ(kind, data, i), latin);
            if (!lower) {
                Py_DECREF(out);
                return NULL;
            }
            PyUnicode_WRITE(out_kind, out_data, at++, lower);
        }
    }
    return out;
}

static PyObject *pair_joins(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 8 || !PyList_Check(args[0]) || !PyList_Check(args[1]) || !PyBytes_Check(args[2]) ||
        !PyLong_Check(args[4]) || !PyLong_Check(args[5]) || !PyLong_Check(args[6]) || !PyLong_Check(args[7])) {
        PyErr_SetString(PyExc_TypeError,
                        "pair_joins(forms: list, new: list, flags: bytes, latin, tail: int, head: int,"
                        " preposition: int, fragment: int)");
        return NULL;
    }
    PyObject *forms = args[0], *new = args[1];
    int latin = PyObject_IsTrue(args[3]);
    if (latin < 0) return NULL;
    long tail = PyLong_AsLong(args[4]), head = PyLong_AsLong(args[5]), preposition = PyLong_AsLong(args[6]),
         fragment = PyLong_AsLong(args[7]);
    if (PyErr_Occurred()) return NULL;
    const unsigned char *f = (const unsigned char *)PyBytes_AS_STRING(args[2]);
    Py_ssize_t n_flags = PyBytes_GET_SIZE(args[2]), n_forms = PyList_GET_SIZE(forms);
    PyObject *asked = PyList_New(0), *asked_lowers = PyList_New(0), *prepositional = PyList_New(0),
             *prepositional_lowers = PyList_New(0), *heads = PyList_New(0);
    if (!asked || !asked_lowers || !prepositional || !prepositional_lowers || !heads) goto fail;
    for (Py_ssize_t j = 0; j < PyList_GET_SIZE(new); j++) {
        PyObject *place = PyList_GET_ITEM(new, j);
        Py_ssize_t k = PyLong_Check(place) ? PyLong_AsSsize_t(place) : -1;
        if (k < 0 || k + 1 >= n_flags || k + 1 >= n_forms) {
            if (!PyErr_Occurred()) PyErr_SetString(PyExc_IndexError, "pair_joins: a pair beyond the forms");
            goto fail;
        }
        if (f[k + 1] & tail) continue;
        PyObject *to = asked, *to_lowers = asked_lowers;
        if (f[k] & head) {
            if (!(f[k] & preposition)) {
                if (PyList_Append(heads, place) < 0) goto fail;
                continue;
            }
            if ((f[k] | f[k + 1]) & fragment) continue;
            to = prepositional, to_lowers = prepositional_lowers;
        }
        PyObject *a = PyList_GET_ITEM(forms, k), *b = PyList_GET_ITEM(forms, k + 1);
        if (!PyUnicode_Check(a) || !PyUnicode_Check(b)) {
            PyErr_SetString(PyExc_TypeError, "pair_joins: the forms must be str");
            goto fail;
        }
        PyObject *lowered = alphabet_join_lower(a, b, latin);
        if (!lowered) {
            if (PyErr_Occurred()) goto fail;
            continue; /* (not of one alphabet: may_join asks other questions first) */
        }
        int failed = PyList_Append(to, place) < 0 || PyList_Append(to_lowers, lowered) < 0;
        Py_DECREF(lowered);
        if (failed) goto fail;
    }
    return Py_BuildValue("(NNNNN)", asked, asked_lowers, prepositional, prepositional_lowers, heads);
fail:
    Py_XDECREF(asked);
    Py_XDECREF(asked_lowers);
    Py_XDECREF(prepositional);
    Py_XDECREF(prepositional_lowers);
    Py_XDECREF(heads);
    return NULL;
}


/* ---- the split-word detector: the Russian joins looked up in the dictionary's DAWG ----------
 *
 * known_ru_forms(units, lowers) -> bytes
 *     cleanup.detectors.boundary._known_ru_forms: for each lower-case str of the list `lowers`, 1 when
 *     lexicon.is_known says yes to it in Russian — the dictionary's DAWG (`units`: rareforms.dictionary_units)
 *     holds it as spelt, or with some of its е read as ё (lexicon.russian_form_test) — else 0. What
 *     _rule_out_joins asks of the lowered joins pair_joins gives (most are no word): one C walk each,
 *     instead of a Python call, a UTF-8 copy and the DAWG's own look-up, and for a join with an е a
 *     replace() and a look-up in the ё-folded forms. (A string with a surrogate, which no UTF-8 key
 *     holds, is 0; pair_joins gives none: its joins are Cyrillic letters.) */
#define KNOWN_RU_STACK_WORD 64 /* letters read into the stack (a longer form: into the heap) */

static PyObject *known_ru_forms(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 2 || !PyList_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "known_ru_forms(units, lowers: list[str])");
        return NULL;
    }
    Buf units = {0};
    if (get_buf(args[0], &units, "units") < 0) return NULL;
    PyObject *lowers = args[1], *out = NULL;
    Py_UCS4 stack[KNOWN_RU_STACK_WORD], *letters = stack;
    Py_ssize_t room = KNOWN_RU_STACK_WORD;
    if (units.view.len % 4 != 0 || units.view.len / 4 < 1 || units.view.len / 4 > UINT32_MAX) {
        PyErr_SetString(PyExc_ValueError, "units must be 32-bit numbers");
        goto done;
    }
    Dawg d = {units.view.buf, (uint32_t)(units.view.len / 4)};
    Py_ssize_t n = PyList_GET_SIZE(lowers);
    out = PyBytes_FromStringAndSize(NULL, n);
    if (!out) goto done;
    char *known = PyBytes_AS_STRING(out);
    for (Py_ssize_t j = 0; j < n; j++) {
        PyObject *lower = PyList_GET_ITEM(lowers, j);
        if (!PyUnicode_Check(lower)) {
            PyErr_SetString(PyExc_TypeError, "known_ru_forms: the forms must be str");
            Py_CLEAR(out);
            goto done;
        }
        Py_ssize_t m = PyUnicode_GET_LENGTH(lower);
        if (m > room) { /* (a long join: rare) */
            Py_UCS4 *more = PyMem_Realloc(letters == stack ? NULL : letters, (size_t)m * sizeof(Py_UCS4));
            if (!more) {
                PyErr_NoMemory();
                Py_CLEAR(out);
                goto done;
            }
            letters = more;
            room = m;
        }
        int kind = PyUnicode_KIND(lower), readable = 1;
        const void *data = PyUnicode_DATA(lower);
        for (Py_ssize_t i = 0; i < m && readable; i++) {
            letters[i] = PyUnicode_READ(kind, data, i);
            readable = !Py_UNICODE_IS_SURROGATE(letters[i]);
        }
        known[j] = readable && dawg_tail(&d, 0, letters, m, 0) != 0;
    }
done:
    if (letters != stack) PyMem_Free(letters);
    drop_buf(&units);
    return out;
}


/* ---- the split-word detector: the pairs ruled out, recorded and dropped ----
 *
 * rule_out_pairs(forms, new, never, verdicts, verdict) -> list
 *     cleanup.detectors.boundary._ruled_out_pairs: for each position k of the list `never` (a first half's
 *     place in the list `forms`), verdicts[forms[k]][forms[k + 1]] = verdict (verdicts: a dict of dicts,
 *     first form -> second form -> verdict, the first form's dict already there); then the positions of
 *     the list `new` that are not in `never`, in their order. What _rule_out_joins does with the pairs it
 *     found to be no word (most of a paragraph's new pairs): one C pass each way instead of a Python loop,
 *     a set and a comprehension. (A position of `never` not in range of a pair of `forms` raises
 *     IndexError; a position of `new` outside `forms` is kept, as the twin keeps it.) */
static PyObject *rule_out_pairs(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 5 || !PyList_Check(args[0]) || !PyList_Check(args[1]) || !PyList_Check(args[2]) ||
        !PyDict_Check(args[3])) {
        PyErr_SetString(PyExc_TypeError,
                        "rule_out_pairs(forms: list, new: list, never: list, verdicts: dict, verdict)");
        return NULL;
    }
    PyObject *forms = args[0], *new = args[1], *never = args[2], *verdicts = args[3], *verdict = args[4];
    Py_ssize_t n_forms = PyList_GET_SIZE(forms);
    unsigned char *ruled_out = PyMem_Calloc((size_t)n_forms + 1, 1);
    if (!ruled_out) return PyErr_NoMemory();
    PyObject *out = NULL;
    for (Py_ssize_t j = 0; j < PyList_GET_SIZE(never); j++) {
        PyObject *place = PyList_GET_ITEM(never, j);
        Py_ssize_t k = PyLong_Check(place) ? PyLong_AsSsize_t(place) : -1;
        if (k < 0 || k + 1 >= n_forms) {
            if (!PyErr_Occurred()) PyErr_SetString(PyExc_IndexError, "rule_out_pairs: a pair beyond the forms");
            goto done;
        }
        PyObject *first = PyList_GET_ITEM(forms, k);
        PyObject *seconds = PyDict_GetItemWithError(verdicts, first); /* (borrowed) */
        if (!seconds) {
            if (!PyErr_Occurred()) PyErr_SetObject(PyExc_KeyError, first);
            goto done;
        }
        if (!PyDict_Check(seconds)) {
            PyErr_SetString(PyExc_TypeError, "rule_out_pairs: a first form's verdicts must be a dict");
            goto done;
        }
        if (PyDict_SetItem(seconds, PyList_GET_ITEM(forms, k + 1), verdict) < 0) goto done;
        ruled_out[k] = 1;
    }
    out = PyList_New(0);
    if (!out) goto done;
    for (Py_ssize_t j = 0; j < PyList_GET_SIZE(new); j++) {
        PyObject *place = PyList_GET_ITEM(new, j);
        if (!PyLong_Check(place)) {
            PyErr_SetString(PyExc_TypeError, "rule_out_pairs: the positions must be int");
            Py_CLEAR(out);
            goto done;
        }
        int overflow = 0;
        long long k = PyLong_AsLongLongAndOverflow(place, &overflow);
        if (!overflow && k >= 0 && k < n_forms && ruled_out[k]) continue;
        if (PyList_Append(out, place) < 0) {
            Py_CLEAR(out);
            goto done;
        }
    }
done:
    PyMem_Free(ruled_out);
    return out;
}


/* ---- the split-word detector: the flags of new forms, sorted in one pass ----
 *
 * new_form_flags(words, latin, verdicts, known, special, longest, eligible)
 *     -> (flags, others, unsure, unsure_lowers, specials, special_lowers)
 *     cleanup.detectors.boundary._sorted_new_forms: for the str of the
 *     iterable `words` (new forms of a paragraph), in the order given —
 *     those not letters of one alphabet only (see alphabet_lower; Latin for
 *     `latin`) in `others`; of the rest, those whose lower case is in the
 *     set `special` (none longer than `longest` letters) in `specials`,
 *     with their lower case; every other one `eligible` in the dict
 *     `flags`, and in `unsure` (with its lower case) unless its verdict in
 *     `verdicts` (the spelling detector's, form -> verdict) is the object
 *     `known`. (Before: a pass making every plain word's lower case, a
 *     dict.fromkeys, a list of the verdicts and several compress/map
 *     passes; this makes no lower-case string for a known word, most,
 *     unless it is short or has a capital.) */
static PyObject *new_form_flags(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 7 || !PyDict_Check(args[2]) || !PyAnySet_Check(args[4]) || !PyLong_Check(args[5]) ||
        !PyLong_Check(args[6])) {
        PyErr_SetString(PyExc_TypeError, "new_form_flags(words, latin, verdicts: dict, known, special: set,"
                                         " longest: int, eligible: int)");
        return NULL;
    }
    int latin = PyObject_IsTrue(args[1]);
    if (latin < 0) return NULL;
    PyObject *verdicts = args[2], *known = args[3], *special = args[4], *eligible = args[6];
    Py_ssize_t longest = PyLong_AsSsize_t(args[5]);
    if (longest == -1 && PyErr_Occurred()) return NULL;
    PyObject *it = PyObject_GetIter(args[0]);
    if (!it) return NULL;
    PyObject *flags = PyDict_New(), *others = PyList_New(0), *unsure = PyList_New(0),
             *unsure_lowers = PyList_New(0), *specials = PyList_New(0), *special_lowers = PyList_New(0);
    PyObject *word = NULL, *lowered = NULL;
    if (!flags || !others || !unsure || !unsure_lowers || !specials || !special_lowers) goto fail;
    while ((word = PyIter_Next(it))) {
        if (!PyUnicode_Check(word)) {
            PyErr_SetString(PyExc_TypeError, "new_form_flags: the words must be str");
            goto fail;
        }
        Py_ssize_t n = PyUnicode_GET_LENGTH(word), i, upper = 0;
        int kind = PyUnicode_KIND(word);
        const void *data = PyUnicode_DATA(word);
        for (i = 0; i < n; i++) {
            Py_UCS4 c = PyUnicode_READ(kind, data, i), lower = alphabet_lower(c, latin);
            if (!lower) break;
            upper += lower != c;
        }
        if (n == 0 || i < n) { /* (an empty string is no word of the alphabet) */
            if (PyList_Append(others, word) < 0) goto fail;
            Py_CLEAR(word);
            continue;
        }
        PyObject *verdict = PyDict_GetItemWithError(verdicts, word); /* borrowed */
        if (!verdict && PyErr_Occurred()) goto fail;
        int sure = verdict == known, short_word = n <= longest;
        if (!sure || short_word) { /* the lower case is read */
            if (!upper) {
                Py_INCREF(word);
                lowered = word;
            } else {
                if (!(lowered = PyUnicode_New(n, latin ? 0x7F : 0x451))) goto fail;
                int out_kind = PyUnicode_KIND(lowered);
                void *out_data = PyUnicode_DATA(lowered);
                for (i = 0; i < n; i++)
                    PyUnicode_WRITE(out_kind, out_data, i, alphabet_lower(PyUnicode_READ(kind, data, i), latin));
            }
            int is_special = short_word ? PySet_Contains(special, lowered) : 0;
            if (is_special < 0) goto fail;
            if (is_special) {
                if (PyList_Append(specials, word) < 0 || PyList_Append(special_lowers, lowered) < 0) goto fail;
                Py_CLEAR(lowered);
                Py_CLEAR(word);
                continue;
            }
            if (!sure && (PyList_Append(unsure, word) < 0 || PyList_Append(unsure_lowers, lowered) < 0)) goto fail;
            Py_CLEAR(lowered);
        }
        if (PyDict_SetItem(flags, word, eligible) < 0) goto fail;
        Py_CLEAR(word);
    }
    if (PyErr_Occurred()) goto fail;
    Py_DECREF(it);
    return Py_BuildValue("(NNNNNN)", flags, others, unsure, unsure_lowers, specials, special_lowers);
fail:
    Py_XDECREF(word);
    Py_XDECREF(lowered);
    Py_DECREF(it);
    Py_XDECREF(flags);
    Py_XDECREF(others);
    Py_XDECREF(unsure);
    Py_XDECREF(unsure_lowers);
    Py_XDECREF(specials);
    Py_XDECREF(special_lowers);
    return NULL;
}


/* ---- the spelling detector: a paragraph's verdicts, its common new forms settled on the way ----
 *
 * settled_places(table, forms, texts, not_counted, known, unknown, archaic, signs)
 *         -> (places, not_counted, unknown, new)
 *     cleanup.detectors.spelling._settled_places: verdict_places' pass (the
 *     positions of the word strings `texts` whose verdict in `forms` is none
 *     of the shared three, how many are `not_counted`, how many `unknown`)
 *     over a paragraph whose forms may be new: a new form whose lower case
 *     the table of common forms holds, written in lower case, Title or ALL
 *     CAPS, gets the verdict `known` in `forms` on the way (and goes into the
 *     set `signs` when the frozenset `archaic` holds it); the positions of
 *     the other new forms are left out of the places and counts and come in
 *     `new`, for the caller to judge. Most of a fresh text's forms are such
 *     common words: one C pass a paragraph, the table read from its memory
 *     map (`table`: commonforms.hashed_table's layout; an empty buffer holds
 *     no form), instead of a Python call, a lower(), up to three case tests
 *     and two dict operations each, and a second pass for the counts.
 *     Only words of ASCII and of the basic Cyrillic letters (U+0400–U+045F,
 *     whose case pairs are one letter apart) are lowered here; a word with
 *     any other character is left to the caller, which judges it the long
 *     way to the same verdict. */

/* Lowers one character of the handled alphabet into *lower and counts its
 * case; 0 for a character outside it. */
static inline int plain_lower(Py_UCS4 c, Py_UCS4 *lower, int *upper_here, Py_ssize_t *n_upper,
                              Py_ssize_t *n_lower) {
    *upper_here = 0;
    if (c < 0x80) {
        if (c >= 'A' && c <= 'Z') {
            *lower = c + 32;
            *upper_here = 1;
            (*n_upper)++;
        } else {
            *lower = c;
            if (c >= 'a' && c <= 'z') (*n_lower)++;
        }
        return 1;
    }
    if (c >= 0x400 && c <= 0x45F) {
        if (c < 0x410) {
            *lower = c + 0x50;  /* Ѐ..Џ (Ё among them) -> ѐ..џ */
            *upper_here = 1;
            (*n_upper)++;
        } else if (c < 0x430) {
            *lower = c + 0x20;  /* А..Я -> а..я */
            *upper_here = 1;
            (*n_upper)++;
        } else {
            *lower = c;
            (*n_lower)++;
        }
        return 1;
    }
    return 0;
}

/* The longest UTF-8 key the table holds (its length is one byte). */
#define PLAIN_KEY_MAX 255

/* zlib's CRC-32 (the table's hash: commonforms computes it with zlib.crc32). */
static uint32_t plain_crc_table[256];

static void plain_crc_init(void) {
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        plain_crc_table[i] = c;
    }
}

/* A word's key: the UTF-8 of its lower case, and its CRC-32 (as zlib.crc32
 * gives it once `crc` is inverted), made in one pass. */
typedef struct {
    unsigned char bytes[PLAIN_KEY_MAX];
    Py_ssize_t size;
    uint32_t crc;
    Py_ssize_t n_upper, n_lower;
    int first_upper, first_lower;
} plain_key_t;

static inline void plain_key_byte(plain_key_t *key, unsigned char b) {
    key->bytes[key->size++] = b;
    key->crc = plain_crc_table[(key->crc ^ b) & 0xFF] ^ (key->crc >> 8);
}

/* Character `i` of the word, `c`, lowered into the key and its case
 * counted; 0 when it is outside the handled alphabet or the key is full. */
static inline int plain_key_char(plain_key_t *key, Py_ssize_t i, Py_UCS4 c) {
    Py_UCS4 lower;
    int upper_here;
    Py_ssize_t lowers_before = key->n_lower;
    if (!plain_lower(c, &lower, &upper_here, &key->n_upper, &key->n_lower) || key->size + 2 > PLAIN_KEY_MAX)
        return 0;
    if (i == 0) {
        key->first_upper = upper_here;
        key->first_lower = key->n_lower > lowers_before;
    }
    if (lower < 0x80) {
        plain_key_byte(key, (unsigned char)lower);
    } else {  /* (U+0400..U+045F: two bytes) */
        plain_key_byte(key, (unsigned char)(0xC0 | (lower >> 6)));
        plain_key_byte(key, (unsigned char)(0x80 | (lower & 0x3F)));
    }
    return 1;
}

/* The key of `word` when it is of the handled alphabet, written in lower
 * case, Title or ALL CAPS, and short enough for the table: 1, else 0. */
static int plain_key(PyObject *word, plain_key_t *key) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(word);
    if (!plain_crc_table[1]) plain_crc_init();
    key->size = key->n_upper = key->n_lower = 0;
    key->first_upper = key->first_lower = 0;
    key->crc = 0xFFFFFFFFu;
    /* (one loop per width of the string's characters: no width test per character) */
    switch (PyUnicode_KIND(word)) {
        case PyUnicode_1BYTE_KIND: {
            const Py_UCS1 *chars = PyUnicode_1BYTE_DATA(word);
            for (Py_ssize_t i = 0; i < n; i++)
                if (!plain_key_char(key, i, chars[i])) return 0;
            break;
        }
        case PyUnicode_2BYTE_KIND: {
            const Py_UCS2 *chars = PyUnicode_2BYTE_DATA(word);
            for (Py_ssize_t i = 0; i < n; i++)
                if (!plain_key_char(key, i, chars[i])) return 0;
            break;
        }
        default:  /* (a character beyond U+FFFF: none of the alphabet) */
            return 0;
    }
    key->crc ^= 0xFFFFFFFFu;
    /* str.islower(), str[1:].islower(), str.isupper() */
    Py_ssize_t n_upper = key->n_upper, n_lower = key->n_lower;
    return (n_upper == 0 && n_lower > 0) || (n_upper - key->first_upper == 0 && n_lower - key->first_lower > 0) ||
           (n_lower == 0 && n_upper > 0);
}

/* commonforms.hashed_table's layout, checked once a call. */
typedef struct {
    uint32_t homes, count;         /* home slots (a power of two; 0: no table), all slots */
    const uint32_t *slots;         /* (CRC, 1 + pool offset) pairs */
    const unsigned char *pool;
    Py_ssize_t pool_size;
} plain_table;

static int plain_table_read(const Py_buffer *view, plain_table *table) {
    const char *bytes = view->buf;
    memset(table, 0, sizeof *table);
    if (view->len == 0) return 0;  /* (no table: no form is common) */
    uint32_t header[4];
    if (view->len < (Py_ssize_t)sizeof header) goto bad;
    memcpy(header, bytes, sizeof header);
    if (memcmp(header, "CFH1", 4) != 0 || header[1] == 0 || (header[1] & (header[1] - 1)) != 0 ||
        header[2] <= header[1] || (Py_ssize_t)sizeof header + 8 * (Py_ssize_t)header[2] > view->len ||
        ((uintptr_t)bytes & 3) != 0)
        goto bad;
    table->homes = header[1];
    table->count = header[2];
    table->slots = (const uint32_t *)(bytes + sizeof header);
    table->pool = (const unsigned char *)(table->slots + 2 * (Py_ssize_t)table->count);
    table->pool_size = view->len - ((const char *)table->pool - bytes);
    return 0;
bad:
    PyErr_SetString(PyExc_ValueError, "settled_places: not a table of common forms");
    return -1;
}

static int plain_table_has(const plain_table *table, const plain_key_t *key) {
    if (table->homes == 0) return 0;
    for (uint32_t at = key->crc & (table->homes - 1); at < table->count; at++) {
        uint32_t place = table->slots[2 * at + 1];
        if (place == 0) return 0;
        if (table->slots[2 * at] != key->crc) continue;
        Py_ssize_t start = (Py_ssize_t)place - 1;
        if (start + 1 + key->size <= table->pool_size && table->pool[start] == key->size &&
            memcmp(table->pool + start + 1, key->bytes, (size_t)key->size) == 0)
            return 1;
    }
    return 0;
}

/* Appends position `i` to the list `list`; -1 on an error. */
static int settled_append(PyObject *list, Py_ssize_t i) {
    PyObject *place = PyLong_FromSsize_t(i);
    int failed = !place || PyList_Append(list, place) < 0;
    Py_XDECREF(place);
    return failed ? -1 : 0;
}

static PyObject *settled_places(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 8 || !PyDict_Check(args[1]) || !PyList_Check(args[2]) || !PyAnySet_Check(args[6]) ||
        !PySet_Check(args[7])) {
        PyErr_SetString(PyExc_TypeError,
                        "settled_places(table, forms: dict, texts: list, not_counted, known, unknown,"
                        " archaic: frozenset, signs: set)");
        return NULL;
    }
    PyObject *forms = args[1], *texts = args[2];
    PyObject *not_counted = args[3], *known = args[4], *unknown = args[5];
    PyObject *archaic = args[6], *signs = args[7];
    Py_buffer view;
    if (PyObject_GetBuffer(args[0], &view, PyBUF_SIMPLE) < 0) return NULL;
    plain_table table;
    PyObject *places = NULL, *new = NULL;
    Py_ssize_t n_not_counted = 0, n_unknown = 0;
    if (plain_table_read(&view, &table) < 0) goto failed;
    places = PyList_New(0);
    new = PyList_New(0);
    if (!places || !new) goto failed;
    plain_key_t key;
    /* (nothing below runs Python code: the forms are exact str, the sets' and dict's keys str) */
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(texts); i++) {
        PyObject *word = PyList_GET_ITEM(texts, i);
        if (!PyUnicode_CheckExact(word)) {
            PyErr_SetString(PyExc_TypeError, "settled_places: the texts must be str");
            goto failed;
        }
        PyObject *verdict = PyDict_GetItemWithError(forms, word);
        if (verdict == known) continue;
        if (verdict == not_counted) {
            n_not_counted++;
        } else if (verdict == unknown) {
            n_unknown++;
        } else if (verdict) {
            if (settled_append(places, i) < 0) goto failed;
        } else if (PyErr_Occurred()) {
            goto failed;
        } else {
            if (plain_key(word, &key) && plain_table_has(&table, &key)) {
                int archaic_form = PySet_Contains(archaic, word);
                if (archaic_form < 0 || (archaic_form && PySet_Add(signs, word) < 0) ||
                    PyDict_SetItem(forms, word, known) < 0)
                    goto failed;
            } else if (settled_append(new, i) < 0) {
                goto failed;
            }
        }
    }
    PyBuffer_Release(&view);
    return Py_BuildValue("(NnnN)", places, n_not_counted, n_unknown, new);
failed:
    Py_XDECREF(places);
    Py_XDECREF(new);
    PyBuffer_Release(&view);
    return NULL;
}

/* ---- the text report: a chunk's lines (report.text.format_findings' twin) ---
 * Each line "path:row:col rule message text[ → best[ (or a, b, c)]] (confidence, tier)"
 * is made in one allocation from the pieces the Python side keeps (the quoted
 * texts, escaped messages and closing tails, in its dicts: a piece not kept yet
 * is made by them, through the dict subclass's __missing__ or the two tail
 * helpers), the line and column numbers written as digits. The pieces are held
 * by a reference each while a line is made: making one may empty a dict. */

enum { FMT_MOST = 24 };

typedef struct {
    PyObject *text;    /* a str (a reference), or NULL: the ASCII below */
    const char *ascii;
    Py_ssize_t length;
    int quoted;        /* the str between double quotes (its length without them) */
} FmtPiece;

static PyObject *fmt_start, *fmt_text, *fmt_message, *fmt_suggestions, *fmt_rule, *fmt_confidence,
    *fmt_max_tier, *fmt_detection_confidence, *fmt_arrow, *fmt_or, *fmt_comma;

static int fmt_names_ready(void) {
    if (fmt_comma) return 0;
    fmt_start = PyUnicode_InternFromString("start");
    fmt_text = PyUnicode_InternFromString("text");
    fmt_message = PyUnicode_InternFromString("message");
    fmt_suggestions = PyUnicode_InternFromString("suggestions");
    fmt_rule = PyUnicode_InternFromString("rule");
    fmt_confidence = PyUnicode_InternFromString("confidence");
    fmt_max_tier = PyUnicode_InternFromString("max_tier");
    fmt_detection_confidence = PyUnicode_InternFromString("detection_confidence");
    fmt_arrow = PyUnicode_FromString(" \xe2\x86\x92 ");  /* " → " */
    fmt_or = PyUnicode_FromString(" (or ");
    fmt_comma = PyUnicode_FromString(", ");
    return fmt_start && fmt_text && fmt_message && fmt_suggestions && fmt_rule && fmt_confidence &&
        fmt_max_tier && fmt_detection_confidence && fmt_arrow && fmt_or && fmt_comma ? 0 : -1;
}

/* A str piece (a new reference, or NULL with an exception set): the kept piece
 * of key, or the dict subclass's own subscript (its __missing__ makes it). */
static PyObject *fmt_kept(PyObject *kept, PyObject *key) {
    PyObject *piece = PyDict_GetItemWithError(kept, key);
    if (piece) {
        Py_INCREF(piece);
    } else {
        if (PyErr_Occurred()) return NULL;
        piece = PyObject_GetItem(kept, key);
        if (!piece) return NULL;
    }
    if (!PyUnicode_Check(piece)) {
        Py_DECREF(piece);
        PyErr_SetString(PyExc_TypeError, "format_lines: a kept piece is not a str");
        return NULL;
    }
    return piece;
}

/* Whether text is an exact str and str.isprintable(text) (an ASCII character told without a call). */
static int fmt_printable(PyObject *text) {
    if (!PyUnicode_CheckExact(text)) return 0;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), i = 0;
    if (PyUnicode_IS_ASCII(text)) {
        const Py_UCS1 *chars = PyUnicode_1BYTE_DATA(text);
        while (i < n && chars[i] >= 0x20 && chars[i] < 0x7f) i++;
    } else {
        int kind = PyUnicode_KIND(text);
        const void *data = PyUnicode_DATA(text);
        for (; i < n; i++) {
            Py_UCS4 c = PyUnicode_READ(kind, data, i);
            /* (The Cyrillic block, U+0400..U+04FF, is printable throughout: told without the table.) */
            if (c < 0x7f ? c < 0x20 : c - 0x400 > 0xff && !Py_UNICODE_ISPRINTABLE(c)) break;
        }
    }
    return i == n;
}

/* The piece of visible(text): a printable str between quotes as it is (report.text.visible: most texts, each
 * new to the report: no Python call, no str made), any other through the kept pieces. 0, or -1 with an exception. */
static int fmt_visible(PyObject *quoted, PyObject *text, FmtPiece *piece) {
    if (fmt_printable(text)) {
        Py_INCREF(text);
        *piece = (FmtPiece){text, NULL, PyUnicode_GET_LENGTH(text), 1};
        return 0;
    }
    PyObject *q = fmt_kept(quoted, text);
    if (!q) return -1;
    *piece = (FmtPiece){q, NULL, PyUnicode_GET_LENGTH(q), 0};
    return 0;
}

/* Where a slotted class keeps the fields the report reads: the offsets of its
 * member descriptors (each an object slot), read directly for an object of
 * exactly that class; any other object's by PyObject_GetAttr. */
enum { FMT_FIELDS = 7 };

typedef struct {
    PyTypeObject *type;  /* NULL: read every object's fields by name */
    Py_ssize_t offsets[FMT_FIELDS];
} FmtLayout;

static void fmt_layout(PyObject *cls, PyObject *members, Py_ssize_t count, FmtLayout *layout) {
    layout->type = NULL;
    if (!PyType_Check(cls) || !PyTuple_Check(members) || PyTuple_GET_SIZE(members) != count) return;
    for (Py_ssize_t i = 0; i < count; i++) {
        layout->offsets[i] = slot_offset(PyTuple_GET_ITEM(members, i), (PyTypeObject *)cls);
        if (!layout->offsets[i]) return;  /* (every field by name) */
    }
    layout->type = (PyTypeObject *)cls;
}

/* obj's field i (a new reference), named name. */
static PyObject *fmt_field(PyObject *obj, const FmtLayout *layout, int i, PyObject *name) {
    return slot_or_attr(obj, Py_TYPE(obj) == layout->type ? layout->offsets[i] : 0, name);
}

/* str(n) into buffer (at least 24 bytes): its length. */
static Py_ssize_t fmt_decimal(char *buffer, long long n) {
    char digits[24];
    Py_ssize_t count = 0, length = 0;
    unsigned long long u = n < 0 ? 0ULL - (unsigned long long)n : (unsigned long long)n;
    do {
        digits[count++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (n < 0) buffer[length++] = '-';
    while (count) buffer[length++] = digits[--count];
    return length;
}

/* The closing " (confidence, tier)" of a finding, made here as report.text's _suggested_tail and _display_tail
 * make it (f"{confidence:.2f}": PyOS_double_to_string's 'f' at precision 2, as float.__format__), for a finite
 * confidence (a new reference, or NULL with an exception set). */
static PyObject *fmt_tail(double confidence, PyObject *name) {
    Py_ssize_t name_length;
    const char *name_text = PyUnicode_AsUTF8AndSize(name, &name_length);
    if (!name_text) return NULL;
    char *digits = PyOS_double_to_string(confidence, 'f', 2, 0, NULL);
    if (!digits) return NULL;
    size_t length = strlen(digits);
    char small[96], *buffer = small;  /* (a huge confidence has hundreds of digits) */
    if (length + (size_t)name_length + 6 > sizeof small) {
        buffer = PyMem_Malloc(length + (size_t)name_length + 6);
        if (!buffer) {
            PyMem_Free(digits);
            return PyErr_NoMemory();
        }
    }
    char *at = buffer;
    *at++ = ' ';
    *at++ = '(';
    memcpy(at, digits, length);
    at += length;
    PyMem_Free(digits);
    *at++ = ',';
    *at++ = ' ';
    memcpy(at, name_text, (size_t)name_length);
    at += name_length;
    *at++ = ')';
    PyObject *tail = PyUnicode_DecodeUTF8(buffer, at - buffer, NULL);
    if (buffer != small) PyMem_Free(buffer);
    return tail;
}

/* The (tail, tier) of a finding with suggestions at cap (an int: a Tier), its best suggestion's confidence a
 * finite float but 0, kept in tails[cap][confidence] (report.text._suggested_tail, without its Python call: the
 * confidences of a run are mostly distinct). The tier is Finding.tier's: the band of Tier.from_confidence,
 * bands ((threshold, tier), ...) from the highest down (below all: 0), capped at cap; names the tiers' names
 * by value. A new reference; NULL with no exception set: the caller asks _suggested_tail. */
static PyObject *fmt_suggested_tail(PyObject *tails, PyObject *cap, PyObject *confidence, PyObject *bands,
                                    PyObject *names) {
    double value = PyFloat_AS_DOUBLE(confidence);
    if (!PyLong_Check(cap) || !PyTuple_Check(bands) || !PyTuple_Check(names) || !Py_IS_FINITE(value)) return NULL;
    long cap_value = PyLong_AsLong(cap);
    if (cap_value == -1 && PyErr_Occurred()) return NULL;
    long tier = 0;
    for (Py_ssize_t b = 0; b < PyTuple_GET_SIZE(bands); b++) {
        PyObject *band = PyTuple_GET_ITEM(bands, b);
        if (!PyTuple_Check(band) || PyTuple_GET_SIZE(band) != 2 || !PyFloat_Check(PyTuple_GET_ITEM(band, 0))) return NULL;
        if (value >= PyFloat_AS_DOUBLE(PyTuple_GET_ITEM(band, 0))) {
            tier = PyLong_AsLong(PyTuple_GET_ITEM(band, 1));
            if (tier == -1 && PyErr_Occurred()) return NULL;
            break;
        }
    }
    if (cap_value < tier) tier = cap_value;
    if (tier < 0 || tier >= PyTuple_GET_SIZE(names) || !PyUnicode_Check(PyTuple_GET_ITEM(names, tier))) return NULL;
    PyObject *kept = PyDict_GetItemWithError(tails, cap);  /* (_TAILS.setdefault(cap, {})) */
    if (!kept) {
        if (PyErr_Occurred()) return NULL;
        kept = PyDict_New();
        if (!kept) return NULL;
        int stored = PyDict_SetItem(tails, cap, kept);
        Py_DECREF(kept);  /* (the dict holds it) */
        if (stored < 0) return NULL;
    }
    if (!PyDict_Check(kept)) return NULL;
    PyObject *made = PyDict_GetItemWithError(kept, confidence);
    if (made) {
        Py_INCREF(made);
        return made;
    }
    if (PyErr_Occurred()) return NULL;
    PyObject *tail = fmt_tail(value, PyTuple_GET_ITEM(names, tier));
    if (!tail) return NULL;
    made = Py_BuildValue("(Nl)", tail, tier);
    if (!made) return NULL;
    if (PyDict_SetItem(kept, confidence, made) < 0) {
        Py_DECREF(made);
        return NULL;
    }
    return made;
}

/* The line of pieces[0:count], in one str. */
static PyObject *fmt_joined(const FmtPiece *pieces, int count) {
    Py_ssize_t length = 0;
    Py_UCS4 most = 127;
    for (int i = 0; i < count; i++) {
        length += pieces[i].length + 2 * pieces[i].quoted;
        if (pieces[i].text) {
            Py_UCS4 piece_most = PyUnicode_MAX_CHAR_VALUE(pieces[i].text);
            if (piece_most > most) most = piece_most;
        }
    }
    PyObject *line = PyUnicode_New(length, most);
    if (!line) return NULL;
    int kind = PyUnicode_KIND(line);
    void *data = PyUnicode_DATA(line);
    Py_ssize_t at = 0;
    for (int i = 0; i < count; i++) {
        Py_ssize_t n = pieces[i].length;
        if (pieces[i].quoted) PyUnicode_WRITE(kind, data, at++, '"');
        if (!pieces[i].text) {
            const char *ascii = pieces[i].ascii;
            if (kind == PyUnicode_1BYTE_KIND) {
                memcpy((Py_UCS1 *)data + at, ascii, (size_t)n);
            } else {
                for (Py_ssize_t j = 0; j < n; j++) PyUnicode_WRITE(kind, data, at + j, (Py_UCS1)ascii[j]);
            }
        } else {
            int piece_kind = PyUnicode_KIND(pieces[i].text);
            const void *piece = PyUnicode_DATA(pieces[i].text);
            if (piece_kind == kind) {
                memcpy((char *)data + at * kind, piece, (size_t)(n * kind));
            } else if (kind == PyUnicode_2BYTE_KIND) {  /* (a piece of one byte a character, widened) */
                const Py_UCS1 *from = piece;
                Py_UCS2 *to = (Py_UCS2 *)data + at;
                for (Py_ssize_t j = 0; j < n; j++) to[j] = from[j];
            } else {
                for (Py_ssize_t j = 0; j < n; j++) PyUnicode_WRITE(kind, data, at + j, PyUnicode_READ(piece_kind, piece, j));
            }
        }
        at += n;
        if (pieces[i].quoted) PyUnicode_WRITE(kind, data, at++, '"');
    }
    return line;
}

/* A chunk's report in UTF-8 (format_lines with utf8 true): its lines, each ended by "\n", as one buffer. A
 * kept piece's UTF-8 is made once per str (CPython keeps it in the object): the pieces repeat from line to line,
 * where encoding the report would encode every line again. */
typedef struct {
    char *data;
    Py_ssize_t length, room;
} FmtBytes;

/* Room in out for n more bytes. */
static int fmt_room(FmtBytes *out, Py_ssize_t n) {
    if (out->length + n <= out->room) return 0;
    Py_ssize_t room = out->room * 2 > out->length + n ? out->room * 2 : out->length + n;
    char *data = PyMem_Realloc(out->data, (size_t)room);
    if (!data) {
        PyErr_NoMemory();
        return -1;
    }
    out->data = data;
    out->room = room;
    return 0;
}

/* The length in UTF-8 of a str of one or two bytes a character (not ASCII, no UTF-8 kept in it), or -1 when it
 * holds a surrogate or is of four bytes a character (PyUnicode_AsUTF8AndSize's to encode, or refuse). */
static Py_ssize_t fmt_utf8_length(PyObject *text) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), length = n;
    if (PyUnicode_KIND(text) == PyUnicode_1BYTE_KIND) {
        const Py_UCS1 *chars = PyUnicode_1BYTE_DATA(text);
        for (Py_ssize_t j = 0; j < n; j++) length += chars[j] >> 7;
        return length;
    }
    if (PyUnicode_KIND(text) != PyUnicode_2BYTE_KIND) return -1;
    const Py_UCS2 *chars = PyUnicode_2BYTE_DATA(text);
    for (Py_ssize_t j = 0; j < n; j++) {
        Py_UCS2 c = chars[j];
        if (c >= 0x80) {
            if (c >= 0xd800 && c < 0xe000) return -1;
            length += c < 0x800 ? 1 : 2;
        }
    }
    return length;
}

/* text (of one or two bytes a character, no surrogate: fmt_utf8_length) in UTF-8 at at: past its end. */
static char *fmt_put_utf8(char *at, PyObject *text) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (PyUnicode_KIND(text) == PyUnicode_1BYTE_KIND) {
        const Py_UCS1 *chars = PyUnicode_1BYTE_DATA(text);
        for (Py_ssize_t j = 0; j < n; j++) {
            Py_UCS1 c = chars[j];
            if (c < 0x80) {
                *at++ = (char)c;
            } else {
                *at++ = (char)(0xc0 | (c >> 6));
                *at++ = (char)(0x80 | (c & 0x3f));
            }
        }
        return at;
    }
    const Py_UCS2 *chars = PyUnicode_2BYTE_DATA(text);
    for (Py_ssize_t j = 0; j < n; j++) {
        Py_UCS2 c = chars[j];
        if (c < 0x80) {
            *at++ = (char)c;
        } else if (c < 0x800) {
            *at++ = (char)(0xc0 | (c >> 6));
            *at++ = (char)(0x80 | (c & 0x3f));
        } else {
            *at++ = (char)(0xe0 | (c >> 12));
            *at++ = (char)(0x80 | ((c >> 6) & 0x3f));
            *at++ = (char)(0x80 | (c & 0x3f));
        }
    }
    return at;
}

/* The line of pieces[0:count] and its "\n", appended in UTF-8 (-1: an exception, UnicodeEncodeError for a
 * lone surrogate). A piece's UTF-8 is its data when ASCII, the UTF-8 kept in the str when CPython made it
 * (the repeated messages), else written here without keeping it in the str (a finding's own text, read once:
 * PyUnicode_AsUTF8AndSize would allocate and keep a copy); a str of four bytes a character, or holding a
 * surrogate, through PyUnicode_AsUTF8AndSize (which refuses a lone surrogate). */
static int fmt_put_line(FmtBytes *out, const FmtPiece *pieces, int count) {
    const char *bytes[FMT_MOST];
    Py_ssize_t lengths[FMT_MOST], total = 1;
    for (int i = 0; i < count; i++) {
        PyObject *text = pieces[i].text;
        bytes[i] = pieces[i].ascii;
        lengths[i] = pieces[i].length;
        if (text) {
            if (PyUnicode_IS_COMPACT_ASCII(text)) {
                bytes[i] = (const char *)PyUnicode_1BYTE_DATA(text);
                lengths[i] = PyUnicode_GET_LENGTH(text);
            } else if (PyUnicode_IS_COMPACT(text) && ((PyCompactUnicodeObject *)text)->utf8) {
                bytes[i] = ((PyCompactUnicodeObject *)text)->utf8;
                lengths[i] = ((PyCompactUnicodeObject *)text)->utf8_length;
            } else if (PyUnicode_IS_COMPACT(text) && (lengths[i] = fmt_utf8_length(text)) >= 0) {
                bytes[i] = NULL;  /* (written from its characters) */
            } else {
                bytes[i] = PyUnicode_AsUTF8AndSize(text, &lengths[i]);
                if (!bytes[i]) return -1;
            }
        }
        total += lengths[i] + 2 * pieces[i].quoted;
    }
    if (fmt_room(out, total) < 0) return -1;
    char *at = out->data + out->length;
    for (int i = 0; i < count; i++) {
        if (pieces[i].quoted) *at++ = '"';
        if (bytes[i]) {
            memcpy(at, bytes[i], (size_t)lengths[i]);
            at += lengths[i];
        } else {
            at = fmt_put_utf8(at, pieces[i].text);
        }
        if (pieces[i].quoted) *at++ = '"';
    }
    *at = '\n';
    out->length += total;
    return 0;
}

static PyObject *format_lines(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (nargs != 20) {
        PyErr_SetString(PyExc_TypeError, "format_lines takes 20 arguments");
        return NULL;
    }
    int utf8 = PyObject_IsTrue(args[19]);
    if (utf8 < 0) return NULL;
    PyObject *findings = args[0], *starts = args[1], *path = args[2];
    long long line_base = PyLong_AsLongLong(args[3]);
    if (line_base == -1 && PyErr_Occurred()) return NULL;
    long long first_column = PyLong_AsLongLong(args[4]);
    if (first_column == -1 && PyErr_Occurred()) return NULL;
    PyObject *quoted = args[5], *plained = args[6], *safe_tails = args[7], *tails = args[8];
    PyObject *display_tails = args[9], *safe = args[10], *bands = args[11], *names = args[12];
    PyObject *suggested_tail = args[13], *display_tail = args[14];
    if (!PyList_Check(findings) || !PyList_Check(starts) || !PyUnicode_Check(path) || !PyDict_Check(quoted) ||
        !PyDict_Check(plained) || !PyDict_Check(safe_tails) || !PyDict_Check(tails) || !PyDict_Check(display_tails)) {
        PyErr_SetString(PyExc_TypeError, "format_lines: findings and starts lists, path str, five dicts");
        return NULL;
    }
    /* (A finding without suggestions is shown at Tier.DISPLAY, 0: names[0].) */
    PyObject *display_name = PyTuple_Check(names) && PyTuple_GET_SIZE(names) && PyUnicode_Check(PyTuple_GET_ITEM(names, 0))
        ? PyTuple_GET_ITEM(names, 0) : NULL;
    if (fmt_names_ready() < 0) return NULL;
    FmtLayout finding_layout, suggestion_layout;
    fmt_layout(args[15], args[16], FMT_FIELDS, &finding_layout);
    fmt_layout(args[17], args[18], 2, &suggestion_layout);
    Py_ssize_t count = PyList_GET_SIZE(findings), lines_known = PyList_GET_SIZE(starts);
    if (lines_known == 0) {
        PyErr_SetString(PyExc_ValueError, "format_lines: no line starts");
        return NULL;
    }
    PyObject *out = NULL;
    FmtBytes bytes = {NULL, 0, 0};
    if (utf8) {
        bytes.room = 128 * count + 1;  /* (a line of the dense corpus is some 130 bytes) */
        bytes.data = PyMem_Malloc((size_t)bytes.room);
        if (!bytes.data) return PyErr_NoMemory();
    } else {
        out = PyList_New(count);
        if (!out) return NULL;
    }
    long worst = -1;
    Py_ssize_t row = 1;  /* the last finding's: findings come in order, mostly on a line near it */
    FmtPiece pieces[FMT_MOST];
    int held = 0;
    char numbers[2][24];
    for (Py_ssize_t i = 0; i < count; i++) {
        if (i >= PyList_GET_SIZE(findings)) {
            PyErr_SetString(PyExc_RuntimeError, "format_lines: the findings changed");
            goto failed;
        }
        PyObject *f = PyList_GET_ITEM(findings, i);
        held = 0;
        PyObject *value = fmt_field(f, &finding_layout, 0, fmt_start);
        if (!value) goto failed;
        long long start = PyLong_AsLongLong(value);
        Py_DECREF(value);
        if (start == -1 && PyErr_Occurred()) goto failed;
        /* row = bisect_right(starts, start): the number of line starts at or before it. */
        long long line_start;
        {
            Py_ssize_t low = 0, high = lines_known;
            if (row >= 1 && row <= lines_known) {
                long long here = PyLong_AsLongLong(PyList_GET_ITEM(starts, row - 1));
                if (here == -1 && PyErr_Occurred()) goto failed;
                if (here > start) {
                    high = row - 1;
                } else if (row == lines_known) {
                    low = row;
                } else {
                    long long next = PyLong_AsLongLong(PyList_GET_ITEM(starts, row));
                    if (next == -1 && PyErr_Occurred()) goto failed;
                    low = high = next > start ? row : row + 1;
                    if (next <= start) high = lines_known;
                }
            }
            while (low < high) {
                Py_ssize_t middle = low + (high - low) / 2;
                long long at = PyLong_AsLongLong(PyList_GET_ITEM(starts, middle));
                if (at == -1 && PyErr_Occurred()) goto failed;
                if (start < at) high = middle;
                else low = middle + 1;
            }
            row = low;
            /* (starts[row - 1]; a start before the first line's is Python's starts[-1]) */
            line_start = PyLong_AsLongLong(PyList_GET_ITEM(starts, row ? row - 1 : lines_known - 1));
            if (line_start == -1 && PyErr_Occurred()) goto failed;
        }
        long long col = start - line_start + 1;
        if (row == 1) col += first_column;
        long long shown_row = (long long)row + line_base;
        PyObject *text = fmt_field(f, &finding_layout, 1, fmt_text);
        if (!text) goto failed;
        int visible = fmt_visible(quoted, text, &pieces[held]);
        Py_DECREF(text);
        if (visible < 0) goto failed;
        held++;
        PyObject *message = fmt_field(f, &finding_layout, 2, fmt_message);
        if (!message) goto failed;
        /* (report.text._plain_of: a printable message is itself; many are made per finding, each hashed anew
         * for a look-up in the kept pieces.) */
        PyObject *m = message;
        if (!fmt_printable(message)) {
            m = fmt_kept(plained, message);
            Py_DECREF(message);
            if (!m) goto failed;
        }
        pieces[held++] = (FmtPiece){m, NULL, PyUnicode_GET_LENGTH(m)};
        PyObject *rule = fmt_field(f, &finding_layout, 3, fmt_rule);
        if (!rule) goto failed;
        if (!PyUnicode_Check(rule)) {
            Py_DECREF(rule);
            PyErr_SetString(PyExc_TypeError, "format_lines: a rule is not a str");
            goto failed;
        }
        pieces[held++] = (FmtPiece){rule, NULL, PyUnicode_GET_LENGTH(rule)};
        PyObject *suggestions = fmt_field(f, &finding_layout, 4, fmt_suggestions);
        if (!suggestions) goto failed;
        PyObject *listed = PySequence_Fast(suggestions, "format_lines: suggestions are not a sequence");
        Py_DECREF(suggestions);
        if (!listed) goto failed;
        Py_ssize_t suggested = PySequence_Fast_GET_SIZE(listed);
        PyObject **each = PySequence_Fast_ITEMS(listed);
        PyObject *tail = NULL;  /* the closing piece (a new reference) */
        long tier;
        /* pieces[0..2] are q, m, rule; what follows the quoted text goes from pieces[3] on */
        if (suggested) {
            PyObject *best = each[0];
            PyObject *confidence = fmt_field(best, &suggestion_layout, 1, fmt_confidence);
            PyObject *made = NULL;
            if (!confidence) goto failed_listed;
            PyObject *cap = fmt_field(f, &finding_layout, 5, fmt_max_tier);
            if (!cap) {
                Py_DECREF(confidence);
                goto failed_listed;
            }
            /* (A confidence of 0 is not looked up: -0.0 equals it, and prints otherwise.) */
            int kept_by_confidence = cap == safe && PyFloat_CheckExact(confidence) &&
                PyFloat_AS_DOUBLE(confidence) != 0.0;
            if (kept_by_confidence) {
                made = PyDict_GetItemWithError(safe_tails, confidence);
                Py_XINCREF(made);
            }
            /* (A tail not kept yet, or of another cap, is made here when it can be; else by _suggested_tail.) */
            if (!made && !PyErr_Occurred() && PyFloat_CheckExact(confidence) && PyFloat_AS_DOUBLE(confidence) != 0.0) {
                made = fmt_suggested_tail(tails, cap, confidence, bands, names);
            }
            Py_DECREF(cap);
            Py_DECREF(confidence);
            if (!made) {
                if (PyErr_Occurred()) goto failed_listed;
                made = PyObject_CallOneArg(suggested_tail, f);
                if (!made) goto failed_listed;
            }
            if (!PyTuple_Check(made) || PyTuple_GET_SIZE(made) != 2 || !PyUnicode_Check(PyTuple_GET_ITEM(made, 0))) {
                Py_DECREF(made);
                PyErr_SetString(PyExc_TypeError, "format_lines: a tail is not (str, tier)");
                goto failed_listed;
            }
            tier = PyLong_AsLong(PyTuple_GET_ITEM(made, 1));
            tail = PyTuple_GET_ITEM(made, 0);
            Py_INCREF(tail);
            Py_DECREF(made);
            if (tier == -1 && PyErr_Occurred()) {
                Py_DECREF(tail);
                goto failed_listed;
            }
            for (Py_ssize_t s = 0; s < suggested && s < 4; s++) {
                PyObject *suggestion_text = fmt_field(each[s], &suggestion_layout, 0, fmt_text);
                if (!suggestion_text) {
                    Py_DECREF(tail);
                    goto failed_listed;
                }
                int visible = fmt_visible(quoted, suggestion_text, &pieces[held]);
                Py_DECREF(suggestion_text);
                if (visible < 0) {
                    Py_DECREF(tail);
                    goto failed_listed;
                }
                held++;
            }
        } else {
            PyObject *confidence = fmt_field(f, &finding_layout, 6, fmt_detection_confidence);
            if (!confidence) goto failed_listed;
            if (PyFloat_CheckExact(confidence) && PyFloat_AS_DOUBLE(confidence) != 0.0) {
                tail = PyDict_GetItemWithError(display_tails, confidence);
                Py_XINCREF(tail);
                /* (Not kept yet: made and kept here, as _display_tail does, for a finite confidence.) */
                if (!tail && !PyErr_Occurred() && display_name && Py_IS_FINITE(PyFloat_AS_DOUBLE(confidence))) {
                    tail = fmt_tail(PyFloat_AS_DOUBLE(confidence), display_name);
                    if (tail && PyDict_SetItem(display_tails, confidence, tail) < 0) Py_CLEAR(tail);
                }
            }
            if (!tail) {
                if (PyErr_Occurred()) {
                    Py_DECREF(confidence);
                    goto failed_listed;
                }
                tail = PyObject_CallOneArg(display_tail, confidence);
            }
            Py_DECREF(confidence);
            if (!tail) goto failed_listed;
            if (!PyUnicode_Check(tail)) {
                Py_DECREF(tail);
                PyErr_SetString(PyExc_TypeError, "format_lines: a tail is not a str");
                goto failed_listed;
            }
            tier = 0;
        }
        Py_DECREF(listed);
        pieces[held++] = (FmtPiece){tail, NULL, PyUnicode_GET_LENGTH(tail)};
        if (tier > worst) worst = tier;
        {
            /* The line, in order, from the held pieces: q m rule [b0 b1..b3] tail. */
            FmtPiece line[FMT_MOST];
            int n = 0;
            Py_ssize_t row_length = fmt_decimal(numbers[0], shown_row), col_length = fmt_decimal(numbers[1], col);
            line[n++] = (FmtPiece){path, NULL, PyUnicode_GET_LENGTH(path)};
            line[n++] = (FmtPiece){NULL, ":", 1};
            line[n++] = (FmtPiece){NULL, numbers[0], row_length};
            line[n++] = (FmtPiece){NULL, ":", 1};
            line[n++] = (FmtPiece){NULL, numbers[1], col_length};
            line[n++] = (FmtPiece){NULL, " ", 1};
            line[n++] = pieces[2];
            line[n++] = (FmtPiece){NULL, " ", 1};
            line[n++] = pieces[1];
            line[n++] = (FmtPiece){NULL, " ", 1};
            line[n++] = pieces[0];
            int shown = held - 4;  /* the quoted suggestions held */
            if (shown > 0) {
                line[n++] = (FmtPiece){fmt_arrow, NULL, PyUnicode_GET_LENGTH(fmt_arrow)};
                line[n++] = pieces[3];
                if (shown > 1) {
                    line[n++] = (FmtPiece){fmt_or, NULL, PyUnicode_GET_LENGTH(fmt_or)};
                    for (int s = 1; s < shown; s++) {
                        if (s > 1) line[n++] = (FmtPiece){fmt_comma, NULL, PyUnicode_GET_LENGTH(fmt_comma)};
                        line[n++] = pieces[3 + s];
                    }
                    line[n++] = (FmtPiece){NULL, ")", 1};
                }
            }
            line[n++] = pieces[held - 1];
            if (utf8) {
                int put = fmt_put_line(&bytes, line, n);
                for (int h = 0; h < held; h++) Py_DECREF(pieces[h].text);
                held = 0;
                if (put < 0) goto failed;
                continue;
            }
            PyObject *made_line = fmt_joined(line, n);
            for (int h = 0; h < held; h++) Py_DECREF(pieces[h].text);
            held = 0;
            if (!made_line) goto failed;
            PyList_SET_ITEM(out, i, made_line);
        }
        continue;
    failed_listed:
        Py_DECREF(listed);
        goto failed;
    }
    if (utf8) {
        out = PyBytes_FromStringAndSize(bytes.data, bytes.length);
        PyMem_Free(bytes.data);
        if (!out) return NULL;
    }
    {
        PyObject *worst_tier = PyLong_FromLong(worst);
        if (!worst_tier) {
            Py_DECREF(out);
            return NULL;
        }
        PyObject *result = PyTuple_Pack(2, out, worst_tier);
        Py_DECREF(out);
        Py_DECREF(worst_tier);
        return result;
    }
failed:
    for (int h = 0; h < held; h++) Py_DECREF(pieces[h].text);
    Py_XDECREF(out);
    PyMem_Free(bytes.data);
    if (utf8 && PyErr_ExceptionMatches(PyExc_UnicodeEncodeError)) {
        /* (A lone surrogate: the caller encodes the lines as its stream does.) */
        PyErr_Clear();
        Py_RETURN_NONE;
    }
    return NULL;
}

/* ---- resolve: duplicates merged and findings ordered (resolve._merged's twin) ---
 * The findings come as the detectors' runs one after another, each run already
 * in order of (start, end) (a file has some five): a natural merge sort orders
 * them by (start, end), stable, in about two passes of pointer moves instead of
 * twenty thousand key tuples. Only findings sharing a span (one in thirteen of
 * error-dense text) then need the duplicate test, the confidence comparison and
 * the order by rule, made with Python's own comparisons. Fields are read at
 * their slot offsets, as the report's kernel does (fmt_layout, fmt_field). */

enum { MERGE_START, MERGE_END, MERGE_RULE, MERGE_SUGGESTIONS, MERGE_DETECTION_CONFIDENCE, MERGE_FIELDS };

typedef struct {
    Py_ssize_t start, end;
    PyObject *finding;  /* borrowed from the list given */
} MergeItem;

static PyObject *merge_names[MERGE_FIELDS], *merge_tier;

static int merge_names_ready(void) {
    if (merge_tier) return 0;
    static const char *names[MERGE_FIELDS] = {"start", "end", "rule", "suggestions", "detection_confidence"};
    for (int i = 0; i < MERGE_FIELDS; i++) {
        merge_names[i] = PyUnicode_InternFromString(names[i]);
        if (!merge_names[i]) return -1;
    }
    merge_tier = PyUnicode_InternFromString("tier");
    return merge_tier ? 0 : -1;
}

static int merge_before(const MergeItem *a, const MergeItem *b) {
    return a->start < b->start || (a->start == b->start && a->end < b->end);
}

/* items[0:n] ordered by (start, end), stable: runs found, then merged pairwise through spare. */
static int merge_sorted(MergeItem *items, MergeItem *spare, Py_ssize_t n) {
    Py_ssize_t *bounds = PyMem_Malloc((size_t)(n + 1) * sizeof(Py_ssize_t));
    if (!bounds) return -1;
    Py_ssize_t runs = 0;
    bounds[runs++] = 0;
    for (Py_ssize_t i = 1; i < n; i++)
        if (merge_before(&items[i], &items[i - 1])) bounds[runs++] = i;
    bounds[runs] = n;  /* runs: how many; bounds[k]..bounds[k+1] the k-th */
    MergeItem *from = items, *to = spare;
    while (runs > 1) {
        Py_ssize_t kept = 0;
        for (Py_ssize_t k = 0; k < runs; k += 2) {
            Py_ssize_t lo = bounds[k], mid = bounds[k + 1], hi = k + 2 <= runs ? bounds[k + 2] : mid;
            Py_ssize_t i = lo, j = mid, at = lo;
            while (i < mid && j < hi) to[at++] = merge_before(&from[j], &from[i]) ? from[j++] : from[i++];
            while (i < mid) to[at++] = from[i++];
            while (j < hi) to[at++] = from[j++];
            bounds[kept++] = lo;
        }
        bounds[kept] = n;
        runs = kept;
        MergeItem *swap = from;
        from = to;
        to = swap;
    }
    if (from != items) memcpy(items, from, (size_t)n * sizeof(MergeItem));
    PyMem_Free(bounds);
    return 0;
}

/* A finding's duplicate key beside its span: its best suggestion's text (*suggested = 1) or its rule
 * (0: the key "\0" + rule); and its confidence. New references, or -1 with an exception set. */
static int merge_key(PyObject *f, const FmtLayout *finding, const FmtLayout *suggestion, PyObject **key,
                     int *suggested, PyObject **confidence) {
    PyObject *suggestions = fmt_field(f, finding, MERGE_SUGGESTIONS, merge_names[MERGE_SUGGESTIONS]);
    if (!suggestions) return -1;
    int has = PyObject_IsTrue(suggestions);
    if (has < 0) {
        Py_DECREF(suggestions);
        return -1;
    }
    if (has) {
        PyObject *best = PySequence_GetItem(suggestions, 0);
        Py_DECREF(suggestions);
        if (!best) return -1;
        *key = fmt_field(best, suggestion, 0, fmt_text);
        *confidence = *key ? fmt_field(best, suggestion, 1, fmt_confidence) : NULL;
        Py_DECREF(best);
    } else {
        Py_DECREF(suggestions);
        *key = fmt_field(f, finding, MERGE_RULE, merge_names[MERGE_RULE]);
        *confidence = *key ? fmt_field(f, finding, MERGE_DETECTION_CONFIDENCE,
                                       merge_names[MERGE_DETECTION_CONFIDENCE]) : NULL;
    }
    *suggested = has;
    if (!*confidence) {
        Py_CLEAR(*key);
        return -1;
    }
    return 0;
}

/* Is the key (text, suggested) the key (rule, not suggested), i.e. text == "\0" + rule? */
static int merge_text_is_rule_key(PyObject *text, PyObject *rule) {
    if (!PyUnicode_Check(text) || !PyUnicode_Check(rule) ||
        PyUnicode_GET_LENGTH(text) != PyUnicode_GET_LENGTH(rule) + 1 || PyUnicode_READ_CHAR(text, 0) != 0)
        return 0;
    PyObject *rest = PyUnicode_Substring(text, 1, PyUnicode_GET_LENGTH(text));
    if (!rest) return -1;
    int same = PyObject_RichCompareBool(rest, rule, Py_EQ);
    Py_DECREF(rest);
    return same;
}

/* (a.confidence, a.tier) > (b.confidence, b.tier), as Python compares the tuples. */
static int merge_more_confident(PyObject *a, PyObject *a_confidence, PyObject *b, PyObject *b_confidence) {
    int same = PyObject_RichCompareBool(a_confidence, b_confidence, Py_EQ);
    if (same < 0) return -1;
    if (!same) return PyObject_RichCompareBool(a_confidence, b_confidence, Py_GT);
    PyObject *a_tier = PyObject_GetAttr(a, merge_tier);
    if (!a_tier) return -1;
    PyObject *b_tier = PyObject_GetAttr(b, merge_tier);
    if (!b_tier) {
        Py_DECREF(a_tier);
        return -1;
    }
    int more = PyObject_RichCompareBool(a_tier, b_tier, Py_EQ);
    if (more == 0) more = PyObject_RichCompareBool(a_tier, b_tier, Py_GT);
    else if (more > 0) more = 0;
    Py_DECREF(a_tier);
    Py_DECREF(b_tier);
    return more;
}

typedef struct {
    PyObject *finding, *key, *confidence;  /* the kept finding (borrowed); its key and confidence (references) */
    int suggested;
} MergeKept;

/* The findings of group[0:n] (one span, in their first order) after merging duplicates, appended to out
 * in order of rule (stable). kept: room for n. */
static int merge_group(const MergeItem *group, Py_ssize_t n, MergeKept *kept, const FmtLayout *finding,
                       const FmtLayout *suggestion, PyObject *out) {
    Py_ssize_t distinct = 0;
    int status = -1;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *f = group[i].finding, *key, *confidence;
        int suggested;
        if (merge_key(f, finding, suggestion, &key, &suggested, &confidence) < 0) goto done;
        Py_ssize_t k = 0;
        for (; k < distinct; k++) {
            int same;
            if (kept[k].suggested == suggested) {
                same = PyObject_RichCompareBool(kept[k].key, key, Py_EQ);
            } else {
                same = suggested ? merge_text_is_rule_key(key, kept[k].key) : merge_text_is_rule_key(kept[k].key, key);
            }
            if (same < 0) {
                Py_DECREF(key);
                Py_DECREF(confidence);
                goto done;
            }
            if (same) break;
        }
        if (k == distinct) {
            kept[distinct++] = (MergeKept){f, key, confidence, suggested};
            continue;
        }
        Py_DECREF(key);
        int more = merge_more_confident(f, confidence, kept[k].finding, kept[k].confidence);
        if (more < 0) {
            Py_DECREF(confidence);
            goto done;
        }
        if (more) {
            kept[k].finding = f;
            Py_SETREF(kept[k].confidence, confidence);
        } else {
            Py_DECREF(confidence);
        }
    }
    /* In order of rule, stable (insertion: the groups are of a few findings). */
    for (Py_ssize_t i = 1; i < distinct; i++) {
        MergeKept moving = kept[i];
        PyObject *rule = fmt_field(moving.finding, finding, MERGE_RULE, merge_names[MERGE_RULE]);
        if (!rule) goto done;
        Py_ssize_t j = i;
        while (j > 0) {
            PyObject *other = fmt_field(kept[j - 1].finding, finding, MERGE_RULE, merge_names[MERGE_RULE]);
            if (!other) {
                Py_DECREF(rule);
                goto done;
            }
            int before = PyObject_RichCompareBool(rule, other, Py_LT);
            Py_DECREF(other);
            if (before < 0) {
                Py_DECREF(rule);
                goto done;
            }
            if (!before) break;
            kept[j] = kept[j - 1];
            j--;
        }
        kept[j] = moving;
        Py_DECREF(rule);
    }
    for (Py_ssize_t i = 0; i < distinct; i++)
        if (PyList_Append(out, kept[i].finding) < 0) goto done;
    status = 0;
done:
    for (Py_ssize_t i = 0; i < distinct; i++) {
        Py_DECREF(kept[i].key);
        Py_DECREF(kept[i].confidence);
    }
    return status;
}

/* finding_kinds(findings, Finding, its members (rule, category)) -> ({rule}, {category}): resolve._kinds, the rules
 * and the categories of the findings, in one pass reading two slots (resolve asks both of every file). */
static PyObject *finding_kinds(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (nargs != 3 || !PyList_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "finding_kinds(findings list, Finding, members)");
        return NULL;
    }
    if (fmt_names_ready() < 0 || merge_names_ready() < 0) return NULL;
    static PyObject *category_name;
    if (!category_name && !(category_name = PyUnicode_InternFromString("category"))) return NULL;
    FmtLayout layout;
    fmt_layout(args[1], args[2], 2, &layout);
    PyObject *findings = args[0], *rules = PySet_New(NULL), *categories = PySet_New(NULL);
    if (!rules || !categories) goto failed;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(findings); i++) {
        PyObject *f = PyList_GET_ITEM(findings, i);
        Py_INCREF(f);  /* (a rule's hash may run Python code, which may change the list) */
        PyObject *rule = fmt_field(f, &layout, 0, fmt_rule);
        PyObject *category = rule ? fmt_field(f, &layout, 1, category_name) : NULL;
        Py_DECREF(f);
        int added = category ? PySet_Add(rules, rule) : -1;
        if (added == 0) added = PySet_Add(categories, category);
        Py_XDECREF(rule);
        Py_XDECREF(category);
        if (added < 0) goto failed;
    }
    PyObject *both = PyTuple_Pack(2, rules, categories);
    Py_DECREF(rules);
    Py_DECREF(categories);
    return both;
failed:
    Py_XDECREF(rules);
    Py_XDECREF(categories);
    return NULL;
}

/* merged_findings(findings, Finding, its members (start, end, rule, suggestions, detection_confidence),
 * Suggestion, its members (text, confidence)) -> [Finding] | None (None: a span beyond a C integer). */
static PyObject *merged_findings(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (nargs != 5) {
        PyErr_SetString(PyExc_TypeError, "merged_findings takes 5 arguments");
        return NULL;
    }
    PyObject *findings = args[0];
    if (!PyList_Check(findings)) {
        PyErr_SetString(PyExc_TypeError, "merged_findings: findings must be a list");
        return NULL;
    }
    if (fmt_names_ready() < 0 || merge_names_ready() < 0) return NULL;
    FmtLayout finding, suggestion;
    fmt_layout(args[1], args[2], MERGE_FIELDS, &finding);
    fmt_layout(args[3], args[4], 2, &suggestion);
    /* (A copy: comparing may run Python code, which could change the list.) */
    PyObject *given = PySequence_List(findings);
    if (!given) return NULL;
    Py_ssize_t n = PyList_GET_SIZE(given);
    MergeItem *items = PyMem_Malloc((size_t)(2 * n + 1) * sizeof(MergeItem));
    MergeKept *kept = PyMem_Malloc((size_t)(n + 1) * sizeof(MergeKept));
    PyObject *out = NULL;
    if (!items || !kept) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *f = PyList_GET_ITEM(given, i);
        Py_ssize_t span[2];
        for (int e = 0; e < 2; e++) {
            PyObject *value = fmt_field(f, &finding, e, merge_names[e]);
            if (!value) goto done;
            span[e] = PyLong_Check(value) ? PyLong_AsSsize_t(value) : -1;
            Py_DECREF(value);
            if (span[e] == -1) {
                /* (Not an int, or beyond a C integer: the Python twin, which compares anything.) */
                if (PyErr_Occurred() && !PyErr_ExceptionMatches(PyExc_OverflowError)) goto done;
                PyErr_Clear();
                Py_DECREF(given);
                PyMem_Free(items);
                PyMem_Free(kept);
                Py_RETURN_NONE;
            }
        }
        items[i] = (MergeItem){span[0], span[1], f};
    }
    if (merge_sorted(items, items + n, n) < 0) {
        PyErr_NoMemory();
        goto done;
    }
    out = PyList_New(0);
    if (!out) goto done;
    for (Py_ssize_t i = 0; i < n;) {
        Py_ssize_t j = i + 1;
        while (j < n && items[j].start == items[i].start && items[j].end == items[i].end) j++;
        if (j == i + 1) {
            if (PyList_Append(out, items[i].finding) < 0) goto fail;
        } else if (merge_group(items + i, j - i, kept, &finding, &suggestion, out) < 0) {
            goto fail;
        }
        i = j;
    }
    goto done;
fail:
    Py_CLEAR(out);
done:
    Py_DECREF(given);
    PyMem_Free(items);
    PyMem_Free(kept);
    return out;
}

/* ---- candidates: which of the small candidate makers an unknown word needs ----
 *
 * small_kinds(word, written, suffixes, prefixes) -> int: candidates._small_kinds_python's bits, in one pass
 * over the word instead of a regex search (or a C-level str test) and a Python call per maker:
 *   1  some character three times in a row (the elongation maker's _THREE_ALIKE, r"(.)\1\1");
 *   2  a chunk of two or three characters typed twice (errormodel's _CHUNK_TWICE, r"(..)\1|(...)\2");
 *   4  the word ends with one of `suffixes` or begins with one of `prefixes` (the hyphen maker's test);
 *   8  the word holds one of `written` (the rewrite maker's _ANY_WRITTEN).
 * `written`, `suffixes` and `prefixes` are tuples of str. */

static int
small_kinds_holds_at(int kind, const void *data, Py_ssize_t at, PyObject *needle)
{
    Py_ssize_t m = PyUnicode_GET_LENGTH(needle);
    int nkind = PyUnicode_KIND(needle);
    const void *ndata = PyUnicode_DATA(needle);
    for (Py_ssize_t j = 0; j < m; j++) {
        if (PyUnicode_READ(kind, data, at + j) != PyUnicode_READ(nkind, ndata, j)) return 0;
    }
    return 1;
}

/* The written sides last asked about (the same tuple every time), read once: their lengths and characters,
 * for a scan of plain arrays. A tuple of more or longer sides than these arrays hold is scanned as it is. */
#define SMALL_KINDS_SIDES 64
#define SMALL_KINDS_SIDE_LENGTH 8
static PyObject *small_kinds_sides_read;  /* the tuple (a strong reference), or NULL */
static Py_ssize_t small_kinds_side_count;
static Py_ssize_t small_kinds_side_length[SMALL_KINDS_SIDES];
static Py_UCS4 small_kinds_side[SMALL_KINDS_SIDES][SMALL_KINDS_SIDE_LENGTH];
/* The sides by their first character's low six bits (a bucket holds all of a Cyrillic letter's, and only
 * its, as the 32 lower-case letters а..я differ there): where each bucket starts in small_kinds_by_first,
 * and a bit per non-empty bucket. An empty side ("" is in every word) is kept apart. */
static Py_ssize_t small_kinds_bucket_start[65];
static Py_ssize_t small_kinds_by_first[SMALL_KINDS_SIDES];
static unsigned long long small_kinds_buckets;
static int small_kinds_empty_side;

static int
small_kinds_read_sides(PyObject *written)
{
    Py_ssize_t count = PyTuple_GET_SIZE(written);
    if (count > SMALL_KINDS_SIDES) return 0;
    for (Py_ssize_t t = 0; t < count; t++) {
        PyObject *needle = PyTuple_GET_ITEM(written, t);
        if (!PyUnicode_Check(needle)) {
            PyErr_SetString(PyExc_TypeError, "small_kinds: written sides are str");
            return -1;
        }
        Py_ssize_t m = PyUnicode_GET_LENGTH(needle);
        if (m > SMALL_KINDS_SIDE_LENGTH) return 0;
        small_kinds_side_length[t] = m;
        for (Py_ssize_t j = 0; j < m; j++) small_kinds_side[t][j] = PyUnicode_READ_CHAR(needle, j);
    }
    Py_ssize_t counts[64] = {0};
    small_kinds_empty_side = 0;
    small_kinds_buckets = 0;
    for (Py_ssize_t t = 0; t < count; t++) {
        if (small_kinds_side_length[t] == 0) small_kinds_empty_side = 1;
        else counts[small_kinds_side[t][0] & 63]++;
    }
    small_kinds_bucket_start[0] = 0;
    for (int b = 0; b < 64; b++) {
        small_kinds_bucket_start[b + 1] = small_kinds_bucket_start[b] + counts[b];
        if (counts[b]) small_kinds_buckets |= 1ULL << b;
        counts[b] = small_kinds_bucket_start[b];
    }
    for (Py_ssize_t t = 0; t < count; t++) {
        if (small_kinds_side_length[t]) small_kinds_by_first[counts[small_kinds_side[t][0] & 63]++] = t;
    }
    Py_INCREF(written);
    Py_XDECREF(small_kinds_sides_read);
    small_kinds_sides_read = written;
    small_kinds_side_count = count;
    return 1;
}

/* Does the word (kind, data, n) hold one of `written` (a tuple of str)? 1, 0, or -1 with an exception. */
static int
small_kinds_holds_any(int kind, const void *data, Py_ssize_t n, PyObject *written)
{
    if (written != small_kinds_sides_read) {
        int read = small_kinds_read_sides(written);
        if (read < 0) return -1;
        if (!read) {
            for (Py_ssize_t t = 0; t < PyTuple_GET_SIZE(written); t++) {
                PyObject *needle = PyTuple_GET_ITEM(written, t);
                if (!PyUnicode_Check(needle)) {
                    PyErr_SetString(PyExc_TypeError, "small_kinds: written sides are str");
                    return -1;
                }
                Py_ssize_t m = PyUnicode_GET_LENGTH(needle);
                for (Py_ssize_t i = 0; i + m <= n; i++) {
                    if (small_kinds_holds_at(kind, data, i, needle)) return 1;
                }
            }
            return 0;
        }
    }
    if (small_kinds_empty_side) return 1;  /* ("" is in every word, as `in` says) */
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (!((small_kinds_buckets >> (c & 63)) & 1)) continue;
        for (Py_ssize_t b = small_kinds_bucket_start[c & 63]; b < small_kinds_bucket_start[(c & 63) + 1]; b++) {
            Py_ssize_t t = small_kinds_by_first[b];
            Py_ssize_t m = small_kinds_side_length[t];
            if (i + m > n) continue;
            const Py_UCS4 *side = small_kinds_side[t];
            Py_ssize_t j = 0;
            while (j < m && PyUnicode_READ(kind, data, i + j) == side[j]) j++;
            if (j == m) return 1;
        }
    }
    return 0;
}

static PyObject *
small_kinds(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 4 || !PyUnicode_Check(args[0]) || !PyTuple_Check(args[1]) || !PyTuple_Check(args[2])
        || !PyTuple_Check(args[3])) {
        PyErr_SetString(PyExc_TypeError, "small_kinds(word, written, suffixes, prefixes)");
        return NULL;
    }
    PyObject *word = args[0];
    Py_ssize_t n = PyUnicode_GET_LENGTH(word);
    int kind = PyUnicode_KIND(word);
    const void *data = PyUnicode_DATA(word);
    long bits = 0;
    for (Py_ssize_t i = 0; i + 2 < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c == PyUnicode_READ(kind, data, i + 1) && c == PyUnicode_READ(kind, data, i + 2)) {
            bits |= 1;
            break;
        }
    }
    for (Py_ssize_t i = 0; i + 4 <= n; i++) {
        if ((PyUnicode_READ(kind, data, i) == PyUnicode_READ(kind, data, i + 2)
             && PyUnicode_READ(kind, data, i + 1) == PyUnicode_READ(kind, data, i + 3))
            || (i + 6 <= n && PyUnicode_READ(kind, data, i) == PyUnicode_READ(kind, data, i + 3)
                && PyUnicode_READ(kind, data, i + 1) == PyUnicode_READ(kind, data, i + 4)
                && PyUnicode_READ(kind, data, i + 2) == PyUnicode_READ(kind, data, i + 5))) {
            bits |= 2;
            break;
        }
    }
    PyObject *affixes[2] = {args[2], args[3]};
    for (int side = 0; side < 2 && !(bits & 4); side++) {
        for (Py_ssize_t t = 0; t < PyTuple_GET_SIZE(affixes[side]); t++) {
            PyObject *affix = PyTuple_GET_ITEM(affixes[side], t);
            if (!PyUnicode_Check(affix)) {
                PyErr_SetString(PyExc_TypeError, "small_kinds: affixes are str");
                return NULL;
            }
            Py_ssize_t m = PyUnicode_GET_LENGTH(affix);
            if (m <= n && small_kinds_holds_at(kind, data, side == 0 ? n - m : 0, affix)) {
                bits |= 4;
                break;
            }
        }
    }
    int holds = small_kinds_holds_any(kind, data, n, args[1]);
    if (holds < 0) return NULL;
    if (holds) bits |= 8;
    return PyLong_FromLong(bits);
}


/* ---- candidates: the second parts of a run-together word ---------------------------------------------
 *
 * candidates.splits_into_words of a hyphen-free word, in one call (splits_in_two, below): does it split
 * after one of its common prefixes (Zipf >= 4) into a second part of Zipf >= 3 that is_known(b, lang)?
 * The pure-Python path (candidates._splits_after over the common trie's prefixes) is the reference.
 *
 *     units: the dictionary's DAWG (rareforms.dictionary_units: the forms is_known("…", "ru") looks up
 *     first), or None. is_known says yes to a Russian form only when the DAWG spells its lower case as
 *     written, or with some of its е read as ё (lexicon.russian_form_test); so a second part the DAWG
 *     spells neither way is passed over without its frequency look-up (most are), and one it spells
 *     as written is known without asking. The others are asked of is_known itself. */

#define SPLIT_MAX_DAWG_WORD 64

/* b.lower(): b itself when each of its characters is its own lower case (the simple mapping is the
 * first character of the full one, and no character's full mapping starts with itself and goes on),
 * else str.lower's answer. A new reference. */
static PyObject *split_lowered(PyObject *b) {
    int kind = PyUnicode_KIND(b);
    const void *data = PyUnicode_DATA(b);
    Py_ssize_t m = PyUnicode_GET_LENGTH(b);
    for (Py_ssize_t j = 0; j < m; j++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, j);
        if (Py_UNICODE_TOLOWER(c) != c) return PyObject_CallMethod(b, "lower", NULL);
    }
    Py_INCREF(b);
    return b;
}

/* What the DAWG says of a lower-case string: FOUND_AS_SPELT, FOUND_WITH_YO, 0 (no form either way),
 * or -1 when it is not read (too long for the buffer, or a surrogate, which no form holds in UTF-8). */
static int split_spelt(const Dawg *d, PyObject *lower) {
    Py_ssize_t m = PyUnicode_GET_LENGTH(lower);
    if (m > SPLIT_MAX_DAWG_WORD) return -1;
    Py_UCS4 letters[SPLIT_MAX_DAWG_WORD];
    int kind = PyUnicode_KIND(lower);
    const void *data = PyUnicode_DATA(lower);
    for (Py_ssize_t j = 0; j < m; j++) {
        letters[j] = PyUnicode_READ(kind, data, j);
        if (Py_UNICODE_IS_SURROGATE(letters[j])) return -1;
    }
    return dawg_tail(d, 0, letters, m, 0);
}

/* splits_in_two(table, common, units, lang, is_known, word) -> bool
 *     What candidates._splits_after says of the word's common prefixes, with the frequency list read from
 *     `table` (the index's split table: the units of a dawgdic dictionary of the frequency list's
 *     words of Zipf >= 3, each with its Zipf x 100 as its value; index._save_split_table) instead of
 *     a trie of the common words and a look-up per cut: one walk of the word through the table
 *     finds its prefixes whose Zipf x 100 is at least `common` (index.COMMON_ZIPF100: the first
 *     parts, shortest first, as the common trie's prefixes lists them), and a second part is one
 *     more walk (the table holds just the words of Zipf >= 3). units, lang, is_known as in the
 *     section's head (a second part the dictionary's DAWG spells neither way is not asked of
 *     is_known; one it spells as written is known). */

/* The value of the key that ends at `index` (dawgdic: the unit has a leaf, whose unit holds the
 * value), or -1 when no key ends there. */
static long split_table_value(const Dawg *t, uint32_t index) {
    uint32_t base = t->u[index];
    if (!((base >> 8) & 1u)) return -1;
    uint32_t leaf = index ^ ((base >> 10) << ((base & (1u << 9)) >> 6));
    if (leaf >= t->n) return -1;
    return (long)(t->u[leaf] & 0x7FFFFFFFu);
}

/* The table's value of s[from:] (at least 300: Zipf >= 3), or -1 when it holds no such key. */
static long split_table_zipf(const Dawg *t, PyObject *s, Py_ssize_t from) {
    int kind = PyUnicode_KIND(s);
    const void *data = PyUnicode_DATA(s);
    Py_ssize_t m = PyUnicode_GET_LENGTH(s);
    uint32_t index = 0;
    for (Py_ssize_t j = from; j < m; j++)
        if (!dawg_letter(t, &index, PyUnicode_READ(kind, data, j))) return -1;
    return split_table_value(t, index);
}

/* 1 when word[cut:] passes as a second part (the table holds it, and is_known), 0 when not,
 * -1 on an error. Its lower case is word[cut:] itself when each of its characters is its own lower
 * case (as split_lowered decides), so most second parts are looked up without a new string. */
static int split_table_second_part(const Dawg *t, PyObject *word, Py_ssize_t cut, const Dawg *d,
                                   PyObject *lang, PyObject *is_known) {
    int kind = PyUnicode_KIND(word);
    const void *data = PyUnicode_DATA(word);
    Py_ssize_t n = PyUnicode_GET_LENGTH(word);
    int own_lower = 1;
    for (Py_ssize_t j = cut; own_lower && j < n; j++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, j);
        own_lower = Py_UNICODE_TOLOWER(c) == c;
    }
    if (own_lower && split_table_zipf(t, word, cut) < 0) return 0;
    PyObject *b = PyUnicode_Substring(word, cut, n);
    if (!b) return -1;
    PyObject *lower = split_lowered(b);
    if (!lower) {
        Py_DECREF(b);
        return -1;
    }
    int yes = 1;
    if (!own_lower && split_table_zipf(t, lower, 0) < 0) yes = 0;
    int spelt = yes && d->n > 0 ? split_spelt(d, lower) : -1;
    Py_DECREF(lower);
    if (!yes || spelt == 0 || (spelt > 0 && (spelt & FOUND_AS_SPELT))) {
        Py_DECREF(b);
        return yes && spelt != 0;
    }
    PyObject *known = PyObject_CallFunctionObjArgs(is_known, b, lang, NULL);
    Py_DECREF(b);
    if (!known) return -1;
    yes = PyObject_IsTrue(known);
    Py_DECREF(known);
    return yes;
}

static PyObject *
splits_in_two(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 6 || !PyLong_Check(args[1]) || !PyUnicode_Check(args[5])) {
        PyErr_SetString(PyExc_TypeError, "splits_in_two(table, common: int, units, lang, is_known, word: str)");
        return NULL;
    }
    PyObject *word = args[5];
    long common = PyLong_AsLong(args[1]);
    if (common == -1 && PyErr_Occurred()) return NULL;
    Buf table = {0}, units = {0};
    if (get_buf(args[0], &table, "table") < 0) return NULL;
    int found = -1;
    Dawg t = {table.view.buf, (uint32_t)(table.view.len / 4)};
    Dawg d = {NULL, 0};
    if (t.n == 0) {
        PyErr_SetString(PyExc_ValueError, "splits_in_two: an empty table");
        goto done;
    }
    if (args[2] != Py_None) {
        if (get_buf(args[2], &units, "units") < 0) goto done;
        d.u = units.view.buf;
        d.n = (uint32_t)(units.view.len / 4);
    }
    int kind = PyUnicode_KIND(word);
    const void *data = PyUnicode_DATA(word);
    Py_ssize_t n = PyUnicode_GET_LENGTH(word);
    uint32_t index = 0;
    found = 0;
    /* The first parts word[:cut], 0 < cut < n, shortest first; the walk ends where no key goes on. */
    for (Py_ssize_t cut = 1; !found && cut < n; cut++) {
        if (!dawg_letter(&t, &index, PyUnicode_READ(kind, data, cut - 1))) break;
        if (split_table_value(&t, index) >= common)
            found = split_table_second_part(&t, word, cut, &d, args[3], args[4]);
    }
done:
    drop_buf(&table);
    drop_buf(&units);
    if (found < 0) return NULL;
    return PyBool_FromLong(found);
}

/* ---- the run-together detector: can a fragment be split at all? -----------
 *
 * may_split_ru(table, units, lefts, longest_left, rights, longest_right, one_letter, lower) -> bool
 * may_split_en(table, words, longest, one_letter, lower) -> bool
 *     cleanup.detectors.runtogether._may_split_ru / _may_split_en of the
 *     lower-case `lower`, which has no hyphen (the twins read a hyphenated
 *     part's Zipf as lexicon.zipf does, from its pieces): whether some split point passes what every split
 *     split_ru (split_en) makes needs. `table`: the index's split table
 *     (splits_in_two's: a part of Zipf >= 3 is a key of it); `units`: the
 *     dictionary's DAWG (what is_known(part, "ru") says yes to is a key as
 *     spelt or with some е read as ё: dawg_tail); `lefts`, `rights`,
 *     `words`, `one_letter`: frozensets of str (the words that may begin or
 *     end a split, the one-letter parts), `longest_*` the length of their
 *     longest word (no part longer is looked for in them). */

#define MAY_SPLIT_LETTERS 64 /* (a longer word's letters are read into memory allocated for it) */

/* A set of words the kernels test parts against, with the shapes of its words: a bit for each
 * (length, first letter, last letter) of one of them, so that most parts (no word of the set has
 * their shape) are passed over without a string made and hashed for the set's look-up. */
typedef struct {
    PyObject *set;
    const unsigned char *shapes; /* 4096 bits, or NULL: look every part up */
    Py_ssize_t longest;          /* no word of the set is longer */
} MaySplitWords;

#define MAY_SPLIT_SHAPE_BITS 4096u
#define MAY_SPLIT_KEPT_SETS 8

static unsigned may_split_shape(Py_ssize_t length, Py_UCS4 first, Py_UCS4 last) {
    uint32_t h = (uint32_t)length * 0x9E3779B1u ^ (uint32_t)first * 0x85EBCA77u ^ (uint32_t)last * 0xC2B2AE3Du;
    return (h ^ (h >> 15)) & (MAY_SPLIT_SHAPE_BITS - 1);
}

/* The shapes of the words of a frozenset, made at its first use and kept (with a reference to it, so
 * that its address is not another's later) for the few sets the detector binds; NULL for a set of
 * another kind (it may change), or when the room is full. */
static PyObject *may_split_kept_set[MAY_SPLIT_KEPT_SETS];
static unsigned char may_split_kept_shapes[MAY_SPLIT_KEPT_SETS][MAY_SPLIT_SHAPE_BITS / 8];

static const unsigned char *may_split_shapes_of(PyObject *set) {
    if (!PyFrozenSet_CheckExact(set)) return NULL;
    int k = 0;
    for (; k < MAY_SPLIT_KEPT_SETS && may_split_kept_set[k]; k++)
        if (may_split_kept_set[k] == set) return may_split_kept_shapes[k];
    if (k == MAY_SPLIT_KEPT_SETS) return NULL;
    unsigned char *shapes = may_split_kept_shapes[k];
    memset(shapes, 0, MAY_SPLIT_SHAPE_BITS / 8);
    PyObject *iterator = PyObject_GetIter(set), *word;
    if (!iterator) {
        PyErr_Clear(); /* (not kept: looked up part by part) */
        return NULL;
    }
    int all_str = 1;
    while (all_str && (word = PyIter_Next(iterator))) {
        all_str = PyUnicode_Check(word);
        Py_ssize_t m = all_str ? PyUnicode_GET_LENGTH(word) : 0;
        if (m > 0) {
            unsigned bit = may_split_shape(m, PyUnicode_READ_CHAR(word, 0), PyUnicode_READ_CHAR(word, m - 1));
            shapes[bit >> 3] |= (unsigned char)(1u << (bit & 7));
        }
        Py_DECREF(word);
    }
    Py_DECREF(iterator);
    if (!all_str || PyErr_Occurred()) {
        PyErr_Clear(); /* (not kept: looked up part by part) */
        return NULL;
    }
    Py_INCREF(set);
    may_split_kept_set[k] = set;
    return shapes;
}

static MaySplitWords may_split_words(PyObject *set, Py_ssize_t longest) {
    MaySplitWords words = {set, may_split_shapes_of(set), longest};
    return words;
}

/* Is lower[from:to] (its letters `letters`) one of `words`? -1 on an error. */
static int may_split_in(const MaySplitWords *words, PyObject *lower, const Py_UCS4 *letters, Py_ssize_t from,
                        Py_ssize_t to) {
    if (to - from > words->longest || to <= from) return 0;
    if (words->shapes) {
        unsigned bit = may_split_shape(to - from, letters[from], letters[to - 1]);
        if (!(words->shapes[bit >> 3] & (1u << (bit & 7)))) return 0;
    }
    PyObject *part = PyUnicode_Substring(lower, from, to);
    if (!part) return -1;
    int found = PySet_Contains(words->set, part);
    Py_DECREF(part);
    return found;
}

/* Is s[0:m] a key of the split table (Zipf >= 3)? */
static int may_split_frequent(const Dawg *t, const Py_UCS4 *s, Py_ssize_t m) {
    uint32_t index = 0;
    for (Py_ssize_t j = 0; j < m; j++)
        if (!dawg_letter(t, &index, s[j])) return 0;
    return split_table_value(t, index) >= 0;
}

/* Does the dictionary know s[0:m] (as spelt, or with some е read as ё)? */
static int may_split_known(const Dawg *d, const Py_UCS4 *s, Py_ssize_t m) {
    return dawg_tail(d, 0, s, m, 0) != 0;
}

/* Does the dictionary know s[0:i] + "-" + s[i:m]? (`joined`: room for m + 1 letters.) */
static int may_split_hyphenated(const Dawg *d, const Py_UCS4 *s, Py_ssize_t i, Py_ssize_t m, Py_UCS4 *joined) {
    memcpy(joined, s, (size_t)i * sizeof(Py_UCS4));
    joined[i] = '-';
    memcpy(joined + i + 1, s + i, (size_t)(m - i) * sizeof(Py_UCS4));
    return may_split_known(d, joined, m + 1);
}

/* Room for twice the letters of a word of `n` (and one more): `stack` when it is big enough, else
 * allocated (free it with may_split_free). NULL (an error set) when memory runs out. */
static Py_UCS4 *may_split_room(Py_UCS4 *stack, Py_ssize_t n) {
    if (n <= MAY_SPLIT_LETTERS) return stack;
    Py_UCS4 *room = PyMem_New(Py_UCS4, 2 * n + 1);
    if (!room) PyErr_NoMemory();
    return room;
}

static void may_split_free(Py_UCS4 *room, Py_UCS4 *stack) {
    if (room != stack) PyMem_Free(room);
}

/* The letters of `lower`, read into `letters`. */
static void may_split_letters(PyObject *lower, Py_UCS4 *letters) {
    int kind = PyUnicode_KIND(lower);
    const void *data = PyUnicode_DATA(lower);
    for (Py_ssize_t j = 0, n = PyUnicode_GET_LENGTH(lower); j < n; j++) letters[j] = PyUnicode_READ(kind, data, j);
}

/* _part_ok(lower[from:to], "ru"): a one-letter word of `one_letter`, or a key of the table the dictionary knows. */
static int may_split_part_ok(const Dawg *t, const Dawg *d, const MaySplitWords *one_letter, PyObject *lower,
                             const Py_UCS4 *letters, Py_ssize_t from, Py_ssize_t to) {
    if (to - from == 1) return may_split_in(one_letter, lower, letters, from, to);
    return may_split_frequent(t, letters + from, to - from) && may_split_known(d, letters + from, to - from);
}

static PyObject *may_split_ru(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 8 || !PyAnySet_Check(args[2]) || !PyLong_Check(args[3]) || !PyAnySet_Check(args[4]) ||
        !PyLong_Check(args[5]) || !PyAnySet_Check(args[6]) || !PyUnicode_Check(args[7])) {
        PyErr_SetString(PyExc_TypeError, "may_split_ru(table, units, lefts: frozenset, longest_left: int,"
                                         " rights: frozenset, longest_right: int, one_letter: frozenset, lower: str)");
        return NULL;
    }
    PyObject *lower = args[7];
    MaySplitWords lefts = may_split_words(args[2], PyLong_AsSsize_t(args[3])),
                  rights = may_split_words(args[4], PyLong_AsSsize_t(args[5])), one_letter = may_split_words(args[6], 1);
    if (PyErr_Occurred()) return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(lower);
    Py_UCS4 stack[2 * MAY_SPLIT_LETTERS + 1], *letters = may_split_room(stack, n), *joined = letters + n;
    if (!letters) return NULL;
    may_split_letters(lower, letters);
    Buf table = {0}, units = {0};
    if (get_buf(args[0], &table, "table") < 0 || get_buf(args[1], &units, "units") < 0) {
        drop_buf(&table);
        may_split_free(letters, stack);
        return NULL;
    }
    Dawg t = {table.view.buf, (uint32_t)(table.view.len / 4)}, d = {units.view.buf, (uint32_t)(units.view.len / 4)};
    int found = 0;
    if (t.n == 0 || d.n == 0) {
        PyErr_SetString(PyExc_ValueError, "may_split_ru: an empty table");
        found = -1;
    }
    for (Py_ssize_t i = 1; found == 0 && i < n; i++) {
        int in_left = may_split_in(&lefts, lower, letters, 0, i);
        int in_right = in_left < 0 ? -1 : may_split_in(&rights, lower, letters, i, n);
        if (in_right < 0) {
            found = -1;
            break;
        }
        if (in_left) {
            /* a function word, then a known word (or a one-letter one), or a hyphenated word */
            found = may_split_known(&d, letters + i, n - i) || may_split_hyphenated(&d, letters, i, n, joined);
            if (!found && n - i == 1) found = may_split_in(&one_letter, lower, letters, i, n);
            if (found) break;
        }
        if (in_right) {
            /* a word, then an enclitic or a glued tail; or a hyphenated word */
            found = may_split_part_ok(&t, &d, &one_letter, lower, letters, 0, i);
            if (found == 0) found = may_split_hyphenated(&d, letters, i, n, joined);
            if (found) break;
        }
        if (n >= 9 && i >= 4 && i <= n - 4) /* two content words */
            found = may_split_part_ok(&t, &d, &one_letter, lower, letters, 0, i) &&
                    may_split_part_ok(&t, &d, &one_letter, lower, letters, i, n);
    }
    drop_buf(&table);
    drop_buf(&units);
    may_split_free(letters, stack);
    if (found < 0) return NULL;
    return PyBool_FromLong(found);
}

static PyObject *may_split_en(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 5 || !PyAnySet_Check(args[1]) || !PyLong_Check(args[2]) || !PyAnySet_Check(args[3]) ||
        !PyUnicode_Check(args[4])) {
        PyErr_SetString(PyExc_TypeError,
                        "may_split_en(table, words: frozenset, longest: int, one_letter: frozenset, lower: str)");
        return NULL;
    }
    PyObject *lower = args[4];
    MaySplitWords words = may_split_words(args[1], PyLong_AsSsize_t(args[2])), one_letter = may_split_words(args[3], 1);
    if (PyErr_Occurred()) return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(lower);
    Py_UCS4 stack[2 * MAY_SPLIT_LETTERS + 1], *letters = may_split_room(stack, n);
    if (!letters) return NULL;
    may_split_letters(lower, letters);
    Buf table = {0};
    if (get_buf(args[0], &table, "table") < 0) {
        may_split_free(letters, stack);
        return NULL;
    }
    Dawg t = {table.view.buf, (uint32_t)(table.view.len / 4)};
    int found = 0;
    if (t.n == 0) {
        PyErr_SetString(PyExc_ValueError, "may_split_en: an empty table");
        found = -1;
    }
    /* (A second part of one letter is never split off.) */
    for (Py_ssize_t i = 1; found == 0 && i + 1 < n; i++) {
        int closed = may_split_in(&words, lower, letters, 0, i);
        if (closed == 0) closed = may_split_in(&words, lower, letters, i, n);
        if (closed <= 0) {
            found = closed;
            continue;
        }
        int left_ok = i == 1 ? may_split_in(&one_letter, lower, letters, 0, 1) : may_split_frequent(&t, letters, i);
        found = left_ok < 0 ? -1 : left_ok && may_split_frequent(&t, letters + i, n - i);
    }
    drop_buf(&table);
    may_split_free(letters, stack);
    if (found < 0) return NULL;
    return PyBool_FromLong(found);
}
