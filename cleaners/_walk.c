/* cleaners._walk: the level walk of cleaners.trees (Trees._walk_levels) in C.

   numpy walks every row down every tree one level at a time, a few array passes per level;
   on a page's rows those passes cost more in their per-element bookkeeping (clipped takes,
   casts, adds) than in the comparisons they make. Here each tree is walked level by level over
   all rows: a row's walk is a chain of dependent loads, and the rows of one level do not depend
   on each other, so the processor overlaps them. The places reached are the numpy walk's, bit
   for bit: the same comparisons (x <= threshold, in double) in the same layout. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

PyDoc_STRVAR(walk_levels_doc,
"walk_levels(cells, rows, columns, split_on, threshold, trees, depth, ends, by_column=False)\n--\n\n"
"Walk each of `rows` rows of `cells` (C-ordered doubles, `columns` per row; with `by_column`,\n"
"`columns` runs of `rows` doubles, a column after another) down `trees`\n"
"trees of `depth` levels in the level layout (`split_on`: int64 split columns, `threshold`:\n"
"doubles, the levels one after another, level k holding trees * 2**k places) and write into\n"
"`ends` (int64, rows x trees) each row's place at the last level.");

#if defined(__GNUC__) || defined(__clang__)
#define ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define ALWAYS_INLINE inline
#endif

/* Each row down each tree, level by level; cell (r, c) at x[r * row_step + c * column_step].
   Inlined into each caller with its strides as constants. */
static ALWAYS_INLINE void
walk(const double *x, const Py_ssize_t row_step, const Py_ssize_t column_step, Py_ssize_t rows, const int64_t *on,
     const double *thr, Py_ssize_t trees, Py_ssize_t depth, int64_t *place, int64_t *out)
{
    for (Py_ssize_t t = 0; t < trees; t++) {
        /* Level 0: tree t's one place (its root) is t; its places at level 1 are 2t and 2t + 1. */
        const double *root = x + on[t] * column_step;
        const double bound = thr[t];
        for (Py_ssize_t r = 0; r < rows; r++)
            place[r] = 2 * t + (root[r * row_step] <= bound);
        Py_ssize_t base = trees; /* where level 1's places start */
        for (Py_ssize_t level = 1; level < depth; level++) {
            const int64_t *level_on = on + base;
            const double *level_thr = thr + base;
            for (Py_ssize_t r = 0; r < rows; r++) {
                int64_t p = place[r];
                place[r] = 2 * p + (x[r * row_step + level_on[p] * column_step] <= level_thr[p]);
            }
            base += trees << level;
        }
        for (Py_ssize_t r = 0; r < rows; r++)
            out[r * trees + t] = place[r];
    }
}

static PyObject *
walk_levels(PyObject *self, PyObject *args)
{
    Py_buffer cells, split, threshold, ends;
    Py_ssize_t rows, columns, trees, depth;
    int by_column = 0;
    if (!PyArg_ParseTuple(args, "y*nny*y*nnw*|p", &cells, &rows, &columns, &split, &threshold, &trees, &depth, &ends,
                          &by_column))
        return NULL;
    PyObject *result = NULL;
    int64_t *place = NULL;
    if (rows < 0 || columns < 1 || trees < 1 || depth < 1 || depth > 30) {
        PyErr_SetString(PyExc_ValueError, "walk_levels: rows, columns, trees or depth out of range");
        goto done;
    }
    Py_ssize_t places = trees * (((Py_ssize_t)1 << depth) - 1); /* every level's places, level 0 to depth - 1 */
    if (cells.len / (Py_ssize_t)sizeof(double) / columns < rows
        || split.len / (Py_ssize_t)sizeof(int64_t) < places
        || threshold.len / (Py_ssize_t)sizeof(double) < places
        || (rows > 0 && ends.len / (Py_ssize_t)sizeof(int64_t) / rows < trees)) {
        PyErr_SetString(PyExc_ValueError, "walk_levels: a buffer is too small for the shape given");
        goto done;
    }
    const double *x = cells.buf, *thr = threshold.buf;
    const int64_t *on = split.buf;
    int64_t *out = ends.buf;
    for (Py_ssize_t k = 0; k < places; k++) {
        if (on[k] < 0 || on[k] >= columns) {
            PyErr_SetString(PyExc_ValueError, "walk_levels: a split column is out of range");
            goto done;
        }
    }
    place = PyMem_RawMalloc((rows > 0 ? rows : 1) * sizeof(int64_t));
    if (place == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    /* Where cell (r, c) is: row after row, or (by_column) column after column. By column, the
       rows that stand at one place read one column, a run of neighbouring doubles, instead of
       one cache line each. Each layout has its own loop, its strides known to the compiler. */
    Py_BEGIN_ALLOW_THREADS
    if (by_column)
        walk(x, 1, rows, rows, on, thr, trees, depth, place, out);
    else
        walk(x, columns, 1, rows, on, thr, trees, depth, place, out);
    Py_END_ALLOW_THREADS
    result = Py_NewRef(Py_None);
done:
    PyMem_RawFree(place);
    PyBuffer_Release(&cells);
    PyBuffer_Release(&split);
    PyBuffer_Release(&threshold);
    PyBuffer_Release(&ends);
    return result;
}

static PyMethodDef methods[] = {
    {"walk_levels", walk_levels, METH_VARARGS, walk_levels_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "cleaners._walk", "The level walk of cleaners.trees in C.", -1, methods,
};

PyMODINIT_FUNC
PyInit__walk(void)
{
    return PyModule_Create(&module);
}
