/* cleaners.roles._rows: the line-role rows' own columns (features._own) and the lines' fields
   (features._shapes) in C.

   numpy built a page's own columns in some forty calls over its rows (a hundred and sixty on
   average on the devset): gaps and blocks from the rows' line numbers, cumulative prose, the
   distance to the nearest paragraph, and the rules' marks read a mark at a time in Python. On
   arrays that short each call's bookkeeping costs more than its arithmetic. Here each column
   is one loop over the rows, with the same arithmetic in the same order (the running sums add
   one row at a time, as numpy's accumulate does), so the figures are the same to the last bit;
   the logarithms stay in numpy (features._own_c). tests/test_rows_c.py holds both to the numpy
   pass, column for column, on every seed, devset and corpus page and on generated rows. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

/* The columns own_rows writes, in features.OWN's order from "repeats". */
enum {
    REPEATS,        /* copies elsewhere on the page (features._own takes the log) */
    BLOCK_LINES,    /* lines in its block (log taken there too) */
    BLOCK_POSITION,
    BLANK_BEFORE,
    BLANK_AFTER,
    PROSE_BEFORE,
    PROSE_WINDOW,
    GOOD_DISTANCE,
    OLD_DISTANCE,
    TITLE_DISTANCE,
    PAGE_LINES,     /* written by features._own_c */
    PAGE_PROSE,     /* written by features._own_c */
    FAMILIES_AT,    /* then one column per family, then whether the mark's role is chrome */
};

#define WINDOW 5     /* features.WINDOW */
#define BLANK_CAP 5  /* blank lines counted either side */
#define FAR 99       /* the distance where there is nothing to reach */
#define TITLE_CAP 20

PyDoc_STRVAR(own_rows_doc,
"own_rows(rows, lines, texts, quality, good, old, span, prose, total, places, marks, families, fields, out) -> None\n--\n\n"
"Write features._own's columns from 'repeats' on into `out`, a C-contiguous float64 array of\n"
"columns (len(features.OWN) - 4 rows of len(rows)): `rows` (int64) are the non-blank lines'\n"
"numbers on a page of `lines` lines and `texts` their texts; `quality` (float64) their quality\n"
"codes, `good` the paragraph's; `old` (float64) whether each is in the rules' segment, `span`\n"
"whether there is one; `prose` (float64) their prose words and `total` its sum; `places`\n"
"(int64) the rows marks stand on and `marks` those marks, `fields` the places of a mark's rule,\n"
"field and role, and `families` the rule families with a column. The two logarithm columns\n"
"get their counts (copies elsewhere on the page, lines in the block) and the two page columns\n"
"are left for the caller.");

static int
in_family(PyObject *rule, PyObject *family)
{
    /* rule.partition(".")[0] == family */
    Py_ssize_t n = PyUnicode_GET_LENGTH(family), size = PyUnicode_GET_LENGTH(rule);
    if (size < n || PyUnicode_Tailmatch(rule, family, 0, n, -1) != 1)
        return 0;
    return size == n || PyUnicode_READ_CHAR(rule, n) == '.';
}

static int
equals_ascii(PyObject *value, const char *text)
{
    return PyUnicode_Check(value) && PyUnicode_CompareWithASCIIString(value, text) == 0;
}

/* Rows to the nearest row where flags[row] (capped at FAR), one pass each way. */
static void
distances(const double *flag_values, double code, int by_code, Py_ssize_t n, double *out)
{
    Py_ssize_t last = -1;
    for (Py_ssize_t i = 0; i < n; i++) {
        int on = by_code ? flag_values[i] == code : flag_values[i] > 0;
        if (on)
            last = i;
        out[i] = last < 0 ? FAR : (double)(i - last);
    }
    last = -1;
    for (Py_ssize_t i = n - 1; i >= 0; i--) {
        int on = by_code ? flag_values[i] == code : flag_values[i] > 0;
        if (on)
            last = i;
        if (last >= 0 && (double)(last - i) < out[i])
            out[i] = (double)(last - i);
    }
    for (Py_ssize_t i = 0; i < n; i++)
        if (out[i] > FAR)
            out[i] = FAR;
}

static PyObject *
own_rows(PyObject *Py_UNUSED(self), PyObject *args)
{
    PyObject *texts, *marks, *families;
    Py_buffer rows, quality, old, prose, places, out;
    Py_ssize_t lines, rule_at, field_at, role_at;
    double good, total;
    int span;
    if (!PyArg_ParseTuple(args, "y*nO!y*dy*py*dy*O!O!(nnn)w*", &rows, &lines, &PyList_Type, &texts, &quality,
                          &good, &old, &span, &prose, &total, &places, &PyList_Type, &marks, &PyTuple_Type,
                          &families, &rule_at, &field_at, &role_at, &out))
        return NULL;
    PyObject *result = NULL, *seen = NULL;
    Py_ssize_t n = rows.len / (Py_ssize_t)sizeof(int64_t);
    Py_ssize_t kinds = PyTuple_GET_SIZE(families);
    Py_ssize_t columns = FAMILIES_AT + kinds + 1;
    Py_ssize_t m = PyList_GET_SIZE(marks);
    if (n == 0 || PyList_GET_SIZE(texts) != n || quality.len != n * (Py_ssize_t)sizeof(double)
        || old.len != quality.len || prose.len != quality.len || places.len != m * (Py_ssize_t)sizeof(int64_t)
        || out.len != columns * n * (Py_ssize_t)sizeof(double)) {
        PyErr_SetString(PyExc_ValueError, "own_rows: the rows, their columns and out differ in size");
        goto done;
    }
    for (Py_ssize_t k = 0; k < kinds; k++) {
        if (!PyUnicode_Check(PyTuple_GET_ITEM(families, k))) {
            PyErr_SetString(PyExc_TypeError, "own_rows: a family is not a str");
            goto done;
        }
    }
    const int64_t *at = rows.buf, *place = places.buf;
    const double *q = quality.buf, *o = old.buf, *p = prose.buf;
    double *col = out.buf;
#define COLUMN(k) (col + (Py_ssize_t)(k) * n)

    /* Copies: each text's count, kept in a dict by text as the first row that holds it. */
    seen = PyDict_New();
    if (seen == NULL)
        goto done;
    double *repeats = COLUMN(REPEATS);
    Py_ssize_t *first = PyMem_Malloc(n * sizeof(Py_ssize_t));
    if (first == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *text = PyList_GET_ITEM(texts, i);
        PyObject *row = PyLong_FromSsize_t(i);
        if (row == NULL) {
            PyMem_Free(first);
            goto done;
        }
        PyObject *had = PyDict_SetDefault(seen, text, row);
        Py_DECREF(row);
        if (had == NULL) {
            PyMem_Free(first);
            goto done;
        }
        first[i] = PyLong_AsSsize_t(had);
        repeats[i] = 0.0;
        repeats[first[i]] += 1.0;
    }
    for (Py_ssize_t i = 0; i < n; i++)
        repeats[i] = repeats[first[i]];
    for (Py_ssize_t i = 0; i < n; i++)
        repeats[i] -= 1.0;
    PyMem_Free(first);

    /* Blocks: rows with no blank line between them. */
    double *sizes = COLUMN(BLOCK_LINES), *position = COLUMN(BLOCK_POSITION);
    double *before = COLUMN(BLANK_BEFORE), *after = COLUMN(BLANK_AFTER);
    Py_ssize_t start = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        int64_t gap = i == 0 ? at[0] : at[i] - at[i - 1] - 1;
        if (i > 0 && gap > 0) {
            for (Py_ssize_t j = start; j < i; j++)
                sizes[j] = (double)(i - start);
            start = i;
        }
        before[i] = (double)(gap < BLANK_CAP ? gap : BLANK_CAP);
        int64_t next = i + 1 < n ? at[i + 1] - at[i] - 1 : (int64_t)lines - 1 - at[i];
        after[i] = (double)(next < BLANK_CAP ? next : BLANK_CAP);
        position[i] = (double)(i - start);
    }
    for (Py_ssize_t j = start; j < n; j++)
        sizes[j] = (double)(n - start);
    for (Py_ssize_t i = 0; i < n; i++)
        position[i] = position[i] / (sizes[i] > 1 ? sizes[i] : 1.0);

    /* Prose: the running sum one row at a time (numpy's accumulate), read back per window. */
    double *above = COLUMN(PROSE_BEFORE), *window = COLUMN(PROSE_WINDOW);
    double share = total != 0.0 ? total : 1.0;
    double running = 0.0;
    for (Py_ssize_t i = 0; i < n; i++) {
        running = i == 0 ? p[0] : running + p[i];
        above[i] = running; /* the cumulative sum, for the windows below */
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_ssize_t lo = i - WINDOW > 0 ? i - WINDOW : 0, hi = i + WINDOW + 1 < n ? i + WINDOW + 1 : n;
        double upper = above[hi - 1], lower = lo > 0 ? above[lo - 1] : 0.0;
        window[i] = (upper - lower) / share;
    }
    for (Py_ssize_t i = 0; i < n; i++)
        above[i] = (above[i] - p[i]) / share;

    distances(q, good, 1, n, COLUMN(GOOD_DISTANCE));
    if (span)
        distances(o, 0.0, 0, n, COLUMN(OLD_DISTANCE));
    else
        for (Py_ssize_t i = 0; i < n; i++)
            COLUMN(OLD_DISTANCE)[i] = FAR;

    /* The marks: each family's flag and chrome, and the headline's first row. */
    for (Py_ssize_t k = FAMILIES_AT; k < columns; k++)
        for (Py_ssize_t i = 0; i < n; i++)
            COLUMN(k)[i] = 0.0;
    int64_t title = -1;
    for (Py_ssize_t j = 0; j < m; j++) {
        PyObject *mark = PyList_GET_ITEM(marks, j);
        int64_t row = place[j];
        if (!PyTuple_Check(mark) || PyTuple_GET_SIZE(mark) <= rule_at || PyTuple_GET_SIZE(mark) <= field_at
            || PyTuple_GET_SIZE(mark) <= role_at || row < 0 || row >= n) {
            PyErr_SetString(PyExc_ValueError, "own_rows: a mark is no Mark, or stands on no row");
            goto done;
        }
        PyObject *rule = PyTuple_GET_ITEM(mark, rule_at);
        if (!PyUnicode_Check(rule)) {
            PyErr_SetString(PyExc_TypeError, "own_rows: a mark's rule is not a str");
            goto done;
        }
        for (Py_ssize_t k = 0; k < kinds; k++)
            COLUMN(FAMILIES_AT + k)[row] = in_family(rule, PyTuple_GET_ITEM(families, k)) ? 1.0 : 0.0;
        COLUMN(columns - 1)[row] = equals_ascii(PyTuple_GET_ITEM(mark, role_at), "chrome") ? 1.0 : 0.0;
        if (equals_ascii(PyTuple_GET_ITEM(mark, field_at), "title") && (title < 0 || row < title))
            title = row;
    }
    double *headline = COLUMN(TITLE_DISTANCE);
    for (Py_ssize_t i = 0; i < n; i++) {
        int64_t d = (int64_t)i - title;
        headline[i] = title < 0 ? FAR : (double)(d < -TITLE_CAP ? -TITLE_CAP : d > TITLE_CAP ? TITLE_CAP : d);
    }
#undef COLUMN
    result = Py_NewRef(Py_None);
done:
    Py_XDECREF(seen);
    PyBuffer_Release(&rows);
    PyBuffer_Release(&quality);
    PyBuffer_Release(&old);
    PyBuffer_Release(&prose);
    PyBuffer_Release(&places);
    PyBuffer_Release(&out);
    return result;
}

PyDoc_STRVAR(line_fields_doc,
"line_fields(lines, fields, out) -> None\n--\n\n"
"For each tuple of `lines`, write the items at the places `fields` into a row of `out`\n"
"(float64, len(lines) x len(fields), C order): a number as itself, a str as its length.");

static PyObject *
line_fields(PyObject *Py_UNUSED(self), PyObject *args)
{
    PyObject *lines, *fields;
    Py_buffer out;
    if (!PyArg_ParseTuple(args, "O!O!w*", &PyList_Type, &lines, &PyTuple_Type, &fields, &out))
        return NULL;
    PyObject *result = NULL;
    Py_ssize_t n = PyList_GET_SIZE(lines), width = PyTuple_GET_SIZE(fields);
    Py_ssize_t at[16];
    if (width > 16 || out.len != n * width * (Py_ssize_t)sizeof(double)) {
        PyErr_SetString(PyExc_ValueError, "line_fields: out is not lines x fields, or too many fields");
        goto done;
    }
    for (Py_ssize_t k = 0; k < width; k++) {
        at[k] = PyLong_AsSsize_t(PyTuple_GET_ITEM(fields, k));
        if (at[k] < 0) {
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_ValueError, "line_fields: a field's place is negative");
            goto done;
        }
    }
    double *row = out.buf;
    for (Py_ssize_t i = 0; i < n; i++, row += width) {
        PyObject *line = PyList_GET_ITEM(lines, i);
        if (!PyTuple_Check(line)) {
            PyErr_SetString(PyExc_TypeError, "line_fields: a line is not a tuple");
            goto done;
        }
        for (Py_ssize_t k = 0; k < width; k++) {
            if (at[k] >= PyTuple_GET_SIZE(line)) {
                PyErr_SetString(PyExc_ValueError, "line_fields: a line has no such field");
                goto done;
            }
            PyObject *item = PyTuple_GET_ITEM(line, at[k]);
            if (PyUnicode_Check(item))
                row[k] = (double)PyUnicode_GET_LENGTH(item);
            else if (PyFloat_CheckExact(item))
                row[k] = PyFloat_AS_DOUBLE(item);
            else {
                row[k] = PyFloat_AsDouble(item);
                if (row[k] == -1.0 && PyErr_Occurred())
                    goto done;
            }
        }
    }
    result = Py_NewRef(Py_None);
done:
    PyBuffer_Release(&out);
    return result;
}

static PyMethodDef methods[] = {
    {"own_rows", own_rows, METH_VARARGS, own_rows_doc},
    {"line_fields", line_fields, METH_VARARGS, line_fields_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "cleaners.roles._rows", "The line-role rows' own columns, in C.", -1, methods,
};

PyMODINIT_FUNC
PyInit__rows(void)
{
    return PyModule_Create(&module);
}
