/* cleaners.rules._table: the rule table's candidate loop (RuleTable._first_unguarded) in C.

   A line meets about a dozen candidate branches; in Python each costs a tuple unpacking, four
   comparisons and a substring test before the few that pass them are matched. Here the same
   tests run in that order on the branches' own fields, and the branches that pass are matched
   with their compiled pattern's fullmatch, as the Python loop does: the first that matches
   names the rule. first_rule also finds the line's candidates in the table's caches (a digit
   search, a case-partner test and a dict look-up, about 2 us a line in Python) where they are
   held. tests/test_rules.py holds the two to the same rule on every line. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "../_chars.h"

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

/* first_branch's loop, its arguments parsed. */
static PyObject *
branch_loop(PyObject *branches, PyObject *text, PyObject *lowered, long long words, int literals, PyObject *none)
{
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

static PyObject *
first_branch(PyObject *Py_UNUSED(self), PyObject *args)
{
    PyObject *branches, *text, *lowered, *none;
    long long words;
    int literals;
    if (!PyArg_ParseTuple(args, "O!UULpO", &PyTuple_Type, &branches, &text, &lowered, &words, &literals, &none))
        return NULL;
    return branch_loop(branches, text, lowered, words, literals, none);
}

PyDoc_STRVAR(first_rule_doc,
"first_rule(text, lowered, words, by_head, by_head_digitless, by_key, partners, none) -> int | None\n--\n\n"
"RuleTable._first_unguarded once the branches are built, where the line's candidates are\n"
"cached: `by_head` (or `by_head_digitless`, for a line without a decimal digit) by its first\n"
"two characters where both are ASCII, else `by_key` by (its first character's key, whether\n"
"it has a digit); `partners`: the ASCII letters' case partners outside ASCII (a str of them).\n"
"first_branch's result over those candidates, or None where the cache does not\n"
"hold them yet (the caller finds and caches them).");

/* cleaners.rules.rule._first_key of the character `c`: the lowercase ASCII character, "" outside
   ASCII, None for a case partner (a new reference). */
static PyObject *
first_key(Py_UCS4 c, const Py_UCS4 *partner, Py_ssize_t partners)
{
    if (c < 128)
        return PyUnicode_FromOrdinal((c >= 'A' && c <= 'Z') ? c + 32 : c);
    for (Py_ssize_t k = 0; k < partners; k++)
        if (partner[k] == c)
            Py_RETURN_NONE;
    return PyUnicode_FromStringAndSize("", 0);
}

static PyObject *
first_rule(PyObject *Py_UNUSED(self), PyObject *args)
{
    PyObject *text, *lowered, *by_head, *by_head_digitless, *by_key, *partners_text, *none;
    long long words;
    if (!PyArg_ParseTuple(args, "UULO!O!O!UO", &text, &lowered, &words, &PyDict_Type, &by_head, &PyDict_Type,
                          &by_head_digitless, &PyDict_Type, &by_key, &partners_text, &none))
        return NULL;
    /* The case partners as code points (a handful). */
    Py_UCS4 partner[16];
    Py_ssize_t partners = PyUnicode_GET_LENGTH(partners_text);
    if (partners > 16) {
        PyErr_SetString(PyExc_ValueError, "first_rule: at most 16 case partners");
        return NULL;
    }
    for (Py_ssize_t k = 0; k < partners; k++)
        partner[k] = PyUnicode_READ_CHAR(partners_text, k);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (n == 0)
        Py_RETURN_NONE;
    /* Whether the line has a decimal digit (\d: sre's SRE_UNI_IS_DIGIT), and whether it holds
       a case partner (where it does, an ASCII literal says nothing: `literals` is false). */
    int digits = 0, literals = 1;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c < 128) {
            digits |= c >= '0' && c <= '9';
            continue;
        }
        digits |= is_decimal(c);
        for (Py_ssize_t k = 0; k < partners; k++)
            literals &= partner[k] != c;
    }
    Py_UCS4 c0 = PyUnicode_READ(kind, data, 0);
    PyObject *candidates; /* borrowed */
    if (n >= 2 && c0 < 128 && PyUnicode_READ(kind, data, 1) < 128) {
        PyObject *head = PyUnicode_Substring(text, 0, 2);
        if (head == NULL)
            return NULL;
        candidates = PyDict_GetItemWithError(digits ? by_head : by_head_digitless, head);
        Py_DECREF(head);
    } else {
        PyObject *first = first_key(c0, partner, partners);
        if (first == NULL)
            return NULL;
        PyObject *key = PyTuple_Pack(2, first, digits ? Py_True : Py_False);
        Py_DECREF(first);
        if (key == NULL)
            return NULL;
        candidates = PyDict_GetItemWithError(by_key, key);
        Py_DECREF(key);
    }
    if (candidates == NULL) {
        if (PyErr_Occurred())
            return NULL;
        Py_RETURN_NONE; /* not cached yet */
    }
    if (!PyTuple_Check(candidates)) {
        PyErr_SetString(PyExc_TypeError, "first_rule: cached candidates are not a tuple");
        return NULL;
    }
    return branch_loop(candidates, text, lowered, words, literals, none);
}

static PyMethodDef methods[] = {
    {"first_branch", first_branch, METH_VARARGS, first_branch_doc},
    {"first_rule", first_rule, METH_VARARGS, first_rule_doc},
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
