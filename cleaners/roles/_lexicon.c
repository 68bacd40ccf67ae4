/* cleaners.roles._lexicon: the lexicon's reading of a page (Lexicon._read_page) in C.

   numpy reads a page's words in a dozen array passes (number the words, find each line's
   distinct words and pairs by sorting keys, gather their weights, sum each line's exactly):
   on a page of a hundred short lines those passes cost more in their per-call bookkeeping than
   in the words they read, about a tenth of the text core's time. Here each line's words are
   read in one pass: each word's number (the table's, else its digit shape's, else the page's
   own for that shape), the line's distinct words and first word pairs, and the weights they
   and its first and last word carry, summed exactly rounded (math.fsum's own algorithm; the
   Python code sums them with math.fsum). The figures are the Python code's, value for value:
   tests/test_lexicon_c.py holds the two to the same figures on random and real pages. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "../_chars.h"
#include <math.h>
#include <stdint.h>

#define MAX_LINE_WORDS 64 /* the words read per line (cleaners.roles.lexicon.MAX_WORDS is 24) */
#define MAX_TERMS (2 * MAX_LINE_WORDS + 2)

static PyObject *fsum = NULL; /* math.fsum */

PyDoc_STRVAR(read_page_doc,
"read_page(lines, number, word, first, last, pair_codes, pair_weight, pair_words, score, known,\n"
"count)\n--\n\n"
"Lexicon._read_page of `lines` (a list of tuples or lists of lowercased words, at most 64\n"
"each): `number` maps a word to its number in the table, `word`, `first` and `last` are its\n"
"weights as each kind of token (doubles by number, NaN where none), `pair_codes` the word\n"
"pairs as sorted int64 codes `first * len(number) + second` and `pair_weight` their weights;\n"
"pairs are read from the first `pair_words` words. Writes each line's score (double), known\n"
"tokens and tokens (int64) into `score`, `known` and `count`.");

/* The word with each decimal digit (sre's \d) as '0'; a new reference to the word itself
   where it holds none. */
static PyObject *
digit_shape(PyObject *word)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(word);
    int kind = PyUnicode_KIND(word);
    const void *data = PyUnicode_DATA(word);
    Py_ssize_t k;
    for (k = 0; k < n; k++) {
        if (is_decimal(PyUnicode_READ(kind, data, k)))
            break;
    }
    if (k == n)
        return Py_NewRef(word);
    /* Built from code points, so the new str takes the narrowest kind its characters allow
       (a str of another kind compares unequal to the same text as a key). */
    Py_UCS4 small[256];
    Py_UCS4 *chars = n <= 256 ? small : PyMem_Malloc(n * sizeof(Py_UCS4));
    if (chars == NULL)
        return PyErr_NoMemory();
    for (k = 0; k < n; k++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, k);
        chars[k] = is_decimal(c) ? '0' : c;
    }
    PyObject *shape = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, chars, n);
    if (chars != small)
        PyMem_Free(chars);
    return shape;
}

/* The word's number: the table's (from `number`), else its digit shape's, else the page's own
   number for that shape (from `local`, numbered on from `*next`); -1 on error. */
static int64_t
number_of(PyObject *word, PyObject *number, PyObject *local, int64_t *next)
{
    PyObject *found = PyDict_GetItemWithError(number, word);
    if (found == NULL) {
        if (PyErr_Occurred())
            return -1;
        PyObject *shape = digit_shape(word);
        if (shape == NULL)
            return -1;
        if (shape != word) {
            found = PyDict_GetItemWithError(number, shape);
            if (found == NULL && PyErr_Occurred()) {
                Py_DECREF(shape);
                return -1;
            }
        }
        if (found == NULL) {
            found = PyDict_GetItemWithError(local, shape);
            if (found == NULL) {
                if (PyErr_Occurred()) {
                    Py_DECREF(shape);
                    return -1;
                }
                PyObject *id = PyLong_FromLongLong(*next);
                if (id == NULL || PyDict_SetItem(local, shape, id) < 0) {
                    Py_XDECREF(id);
                    Py_DECREF(shape);
                    return -1;
                }
                Py_DECREF(id);
                Py_DECREF(shape);
                return (*next)++;
            }
        }
        Py_DECREF(shape);
    }
    long long id = PyLong_AsLongLong(found);
    if (id == -1 && PyErr_Occurred())
        return -1;
    if (id < 0) {
        PyErr_SetString(PyExc_ValueError, "read_page: a word's number is negative");
        return -1;
    }
    return id;
}

static int
seen(const int64_t *items, Py_ssize_t n, int64_t item)
{
    for (Py_ssize_t k = 0; k < n; k++) {
        if (items[k] == item)
            return 1;
    }
    return 0;
}

/* math.fsum of `n` finite doubles: CPython's own algorithm (Shewchuk's partials, then the
   half-even correction across them), so the same exactly rounded sum; 0 where a partial sum
   overflows (the caller then asks math.fsum itself, which says so). */
static int
exact_sum(const double *terms, Py_ssize_t n, double *sum)
{
    double partials[MAX_TERMS];
    Py_ssize_t count = 0;
    for (Py_ssize_t k = 0; k < n; k++) {
        double x = terms[k];
        Py_ssize_t i = 0;
        for (Py_ssize_t j = 0; j < count; j++) {
            double y = partials[j];
            if (fabs(x) < fabs(y)) {
                double t = x;
                x = y;
                y = t;
            }
            double hi = x + y;
            double lo = y - (hi - x);
            if (lo != 0.0)
                partials[i++] = lo;
            x = hi;
        }
        count = i;
        if (!isfinite(x))
            return 0;
        if (x != 0.0)
            partials[count++] = x;
    }
    double hi = 0.0, lo = 0.0;
    if (count > 0) {
        hi = partials[--count];
        while (count > 0) {
            double x = hi, y = partials[--count];
            hi = x + y;
            lo = y - (hi - x);
            if (lo != 0.0)
                break;
        }
        if (count > 0 && ((lo < 0.0 && partials[count - 1] < 0.0) || (lo > 0.0 && partials[count - 1] > 0.0))) {
            double y = lo * 2.0, x = hi + y;
            if (y == x - hi)
                hi = x;
        }
    }
    *sum = hi;
    return 1;
}

/* The line's score: math.fsum of its `n` known weights (in C where they and their sums are finite). */
static int
line_score(const double *terms, Py_ssize_t n, double *score)
{
    int finite = 1;
    for (Py_ssize_t k = 0; k < n; k++)
        finite &= isfinite(terms[k]) != 0;
    if (finite && exact_sum(terms, n, score))
        return 0;
    PyObject *list = PyList_New(n);
    if (list == NULL)
        return -1;
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *f = PyFloat_FromDouble(terms[k]);
        if (f == NULL) {
            Py_DECREF(list);
            return -1;
        }
        PyList_SET_ITEM(list, k, f);
    }
    PyObject *sum = PyObject_CallOneArg(fsum, list);
    Py_DECREF(list);
    if (sum == NULL)
        return -1;
    *score = PyFloat_AsDouble(sum);
    Py_DECREF(sum);
    return (*score == -1.0 && PyErr_Occurred()) ? -1 : 0;
}

/* The place of `code` among the `n` sorted `codes`, -1 if it is not there. */
static Py_ssize_t
find_code(const int64_t *codes, Py_ssize_t n, int64_t code)
{
    Py_ssize_t lo = 0, hi = n;
    while (lo < hi) {
        Py_ssize_t mid = lo + (hi - lo) / 2;
        if (codes[mid] < code)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && codes[lo] == code ? lo : -1;
}

static PyObject *
read_page(PyObject *Py_UNUSED(self), PyObject *args)
{
    PyObject *lines, *number;
    Py_buffer word, first, last, pair_codes, pair_weight, score, known, count;
    Py_ssize_t pair_words;
    if (!PyArg_ParseTuple(args, "O!O!y*y*y*y*y*nw*w*w*", &PyList_Type, &lines, &PyDict_Type, &number, &word, &first,
                          &last, &pair_codes, &pair_weight, &pair_words, &score, &known, &count))
        return NULL;
    PyObject *result = NULL, *local = NULL;
    Py_ssize_t n = PyList_GET_SIZE(lines);
    Py_ssize_t table = PyDict_GET_SIZE(number);
    Py_ssize_t weights = word.len / (Py_ssize_t)sizeof(double);
    if (weights < table || first.len / (Py_ssize_t)sizeof(double) < table
        || last.len / (Py_ssize_t)sizeof(double) < table || score.len / (Py_ssize_t)sizeof(double) < n
        || known.len / (Py_ssize_t)sizeof(int64_t) < n || count.len / (Py_ssize_t)sizeof(int64_t) < n) {
        PyErr_SetString(PyExc_ValueError, "read_page: a buffer is too small for the page or the table");
        goto done;
    }
    Py_ssize_t pairs = pair_codes.len / (Py_ssize_t)sizeof(int64_t);
    if (pair_weight.len / (Py_ssize_t)sizeof(double) < pairs) {
        PyErr_SetString(PyExc_ValueError, "read_page: fewer pair weights than pair codes");
        goto done;
    }
    if (pair_words < 0 || pair_words > MAX_LINE_WORDS) {
        PyErr_SetString(PyExc_ValueError, "read_page: pair_words out of range");
        goto done;
    }
    local = PyDict_New();
    if (local == NULL)
        goto done;
    const double *word_w = word.buf, *first_w = first.buf, *last_w = last.buf, *pair_w = pair_weight.buf;
    const int64_t *codes = pair_codes.buf;
    double *score_out = score.buf;
    int64_t *known_out = known.buf, *count_out = count.buf;
    int64_t next = table; /* the page's own numbers start past the table's */
    int64_t ids[MAX_LINE_WORDS], distinct[MAX_LINE_WORDS], pair_ids[MAX_LINE_WORDS];
    double terms[MAX_TERMS];
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *line = PyList_GET_ITEM(lines, i);
        if (!PyTuple_Check(line) && !PyList_Check(line)) {
            PyErr_SetString(PyExc_TypeError, "read_page: a line is not a tuple or list of words");
            goto done;
        }
        Py_ssize_t size = PySequence_Fast_GET_SIZE(line);
        PyObject **items = PySequence_Fast_ITEMS(line);
        if (size > MAX_LINE_WORDS) {
            PyErr_SetString(PyExc_ValueError, "read_page: a line holds more than 64 words");
            goto done;
        }
        for (Py_ssize_t k = 0; k < size; k++) {
            PyObject *w = items[k];
            if (!PyUnicode_Check(w)) {
                PyErr_SetString(PyExc_TypeError, "read_page: a word is not a str");
                goto done;
            }
            ids[k] = number_of(w, number, local, &next);
            if (ids[k] < 0)
                goto done;
        }
        Py_ssize_t terms_n = 0, words_n = 0, pairs_n = 0;
        for (Py_ssize_t k = 0; k < size; k++) {
            if (seen(distinct, words_n, ids[k]))
                continue;
            distinct[words_n++] = ids[k];
            if (ids[k] < table && !isnan(word_w[ids[k]]))
                terms[terms_n++] = word_w[ids[k]];
        }
        Py_ssize_t paired = size < pair_words ? size : pair_words;
        for (Py_ssize_t k = 0; k + 1 < paired; k++) {
            int64_t a = ids[k], b = ids[k + 1];
            /* A pair's place among the page's pairs: its two numbers (each under next). */
            int64_t code = a * next + b;
            if (next > 0 && a > (INT64_MAX - b) / next) {
                PyErr_SetString(PyExc_OverflowError, "read_page: too many words");
                goto done;
            }
            if (seen(pair_ids, pairs_n, code))
                continue;
            pair_ids[pairs_n++] = code;
            if (a < table && b < table) {
                Py_ssize_t at = find_code(codes, pairs, a * table + b);
                if (at >= 0)
                    terms[terms_n++] = pair_w[at];
            }
        }
        int64_t tokens = words_n + pairs_n;
        if (size > 0) {
            tokens += 2; /* its first and its last word */
            if (ids[0] < table && !isnan(first_w[ids[0]]))
                terms[terms_n++] = first_w[ids[0]];
            if (ids[size - 1] < table && !isnan(last_w[ids[size - 1]]))
                terms[terms_n++] = last_w[ids[size - 1]];
        }
        if (line_score(terms, terms_n, &score_out[i]) < 0)
            goto done;
        known_out[i] = terms_n;
        count_out[i] = tokens;
    }
    result = Py_NewRef(Py_None);
done:
    Py_XDECREF(local);
    PyBuffer_Release(&word);
    PyBuffer_Release(&first);
    PyBuffer_Release(&last);
    PyBuffer_Release(&pair_codes);
    PyBuffer_Release(&pair_weight);
    PyBuffer_Release(&score);
    PyBuffer_Release(&known);
    PyBuffer_Release(&count);
    return result;
}

static PyMethodDef methods[] = {
    {"read_page", read_page, METH_VARARGS, read_page_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "cleaners.roles._lexicon", "The lexicon's reading of a page in C.", -1, methods,
};

PyMODINIT_FUNC
PyInit__lexicon(void)
{
    PyObject *math = PyImport_ImportModule("math");
    if (math == NULL)
        return NULL;
    fsum = PyObject_GetAttrString(math, "fsum");
    Py_DECREF(math);
    if (fsum == NULL)
        return NULL;
    return PyModule_Create(&module);
}
