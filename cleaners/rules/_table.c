/* cleaners.rules._table: the rule table's candidate loop (RuleTable._first_unguarded) in C.

   A line meets about a dozen candidate branches; in Python each costs a tuple unpacking, four
   comparisons and a substring test before the few that pass them are matched. Here the same
   tests run in that order on the branches' own fields, and the branches that pass are matched
   with their compiled pattern's fullmatch, as the Python loop does: the first that matches
   names the rule. tests/test_rules.py holds the two to the same rule on every line. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *fullmatch_name = NULL;

PyDoc_STRVAR(first_branch_doc,
"first_branch(branches, text, lowered, words, literals, none) -> int\n--\n\n"
"The rule of the first of `branches` (a tuple of Branch tuples: rule, low, high, max_words,\n"
"needs, regex) that `text` keeps to the length and word limits of, whose `needs` `lowered`\n"
"holds (only when `literals` is true) and whose regex matches `text` whole; `none` if none.");

/* An int field of a branch; a bound past the C range (an unbounded repeat's width) reads as
   the largest, which no line's length or word count exceeds. */
static int
field(PyObject *branch, Py_ssize_t k, long long *out)
{
    int overflow = 0;
    *out = PyLong_AsLongLongAndOverflow(PyTuple_GET_ITEM(branch, k), &overflow);
    if (overflow > 0)
        *out = LLONG_MAX;
    else if (overflow < 0)
        *out = LLONG_MIN;
    return (*out == -1 && PyErr_Occurred()) ? -1 : 0;
}

static PyObject *
first_branch(PyObject *Py_UNUSED(self), PyObject *args)
{
    PyObject *branches, *text, *lowered, *none;
    long long words;
    int literals;
    if (!PyArg_ParseTuple(args, "O!UULpO", &PyTuple_Type, &branches, &text, &lowered, &words, &literals, &none))
        return NULL;
    long long size = PyUnicode_GET_LENGTH(text);
    Py_ssize_t n = PyTuple_GET_SIZE(branches);
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *branch = PyTuple_GET_ITEM(branches, k);
        if (!PyTuple_Check(branch) || PyTuple_GET_SIZE(branch) != 6) {
            PyErr_SetString(PyExc_TypeError, "first_branch: a branch is not a 6-tuple");
            return NULL;
        }
        long long low, high, max_words;
        if (field(branch, 1, &low) < 0 || field(branch, 2, &high) < 0 || field(branch, 3, &max_words) < 0)
            return NULL;
        if (size < low || size > high || max_words < words)
            continue;
        if (literals) {
            PyObject *needs = PyTuple_GET_ITEM(branch, 4);
            if (!PyUnicode_Check(needs)) {
                PyErr_SetString(PyExc_TypeError, "first_branch: a branch's needs is not a str");
                return NULL;
            }
            if (PyUnicode_GET_LENGTH(needs) > 0) {
                int holds = PyUnicode_Contains(lowered, needs);
                if (holds < 0)
                    return NULL;
                if (!holds)
                    continue;
            }
        }
        PyObject *call[2] = {PyTuple_GET_ITEM(branch, 5), text};
        PyObject *match = PyObject_VectorcallMethod(fullmatch_name, call, 2, NULL);
        if (match == NULL)
            return NULL;
        int matched = match != Py_None;
        Py_DECREF(match);
        if (matched)
            return Py_NewRef(PyTuple_GET_ITEM(branch, 0));
    }
    return Py_NewRef(none);
}

static PyMethodDef methods[] = {
    {"first_branch", first_branch, METH_VARARGS, first_branch_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "cleaners.rules._table", "The rule table's candidate loop in C.", -1, methods,
};

PyMODINIT_FUNC
PyInit__table(void)
{
    fullmatch_name = PyUnicode_InternFromString("fullmatch");
    if (fullmatch_name == NULL)
        return NULL;
    return PyModule_Create(&module);
}
