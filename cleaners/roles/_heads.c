/* cleaners.roles._heads: what each line's first characters say (features._read_heads) in C.

   numpy read a page's line heads as one string of code points: a 64 KB table of character
   classes looked up per character, flags stacked and summed per line, positions searched back
   to their lines. On a page of a hundred short lines those passes cost more in their per-call
   bookkeeping than in the characters they read. Here each head is read in one pass over its
   characters, with sre's own classes (\d: Py_UNICODE_ISDECIMAL, \w: Py_UNICODE_ISALNUM or '_',
   \s: Py_UNICODE_ISSPACE): its length, digits, capitals ([^\W\d_a-z]), capitalised words
   (a capital at the start or after white space), spaces, whether it opens like a list item,
   and whether it may hold a web address or a separator between spaces (the regexes then read
   only those heads). tests/test_heads_c.py holds it to the regexes over every code point. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "../_chars.h"
#include <stdint.h>

#define FIELDS 8

PyDoc_STRVAR(read_heads_doc,
"read_heads(heads, out) -> bool\n--\n\n"
"For each str of `heads`, write into `out` (int64, len(heads) x 8): its length, digits (\\d),\n"
"capitals ([^\\W\\d_a-z]), capitals at its start or after \\s, spaces (' ') + 1, whether it\n"
"starts like a list item (features._LIST_ITEM), whether it holds '://', 'www.', '.com' or '@',\n"
"and whether it holds a separator ([|/\u2022\u00b7\u00bb\u203a>]) between two \\s. False, with\n"
"`out` unfinished, where a head holds a NUL character.");

static inline int
is_space(Py_UCS4 c)
{
    return Py_UNICODE_ISSPACE(c);
}

static inline int
is_capital(Py_UCS4 c)
{
    /* [^\W\d_a-z]: a word character that is no decimal digit, no '_' and no ASCII small letter. */
    if (c < 128)
        return c >= 'A' && c <= 'Z';
    return is_alnum(c) && !is_decimal(c);
}

static inline int
is_separator(Py_UCS4 c)
{
    return c == '|' || c == '/' || c == 0x2022 || c == 0xB7 || c == 0xBB || c == 0x203A || c == '>';
}

static inline int
is_bullet(Py_UCS4 c)
{
    /* features._LIST_ITEM's marks: [-•*–—·▪►] */
    return c == '-' || c == 0x2022 || c == '*' || c == 0x2013 || c == 0x2014 || c == 0xB7 || c == 0x25AA || c == 0x25BA;
}

/* Whether the head starts as _LIST_ITEM matches: one to three decimal digits, maybe '.' or ')',
   then white space; or a mark, then white space. (After three digits a fourth is neither '.',
   ')' nor white space, so fewer digits cannot match either.) */
static int
list_item(int kind, const void *data, Py_ssize_t n)
{
    if (n < 2)
        return 0;
    Py_UCS4 c = PyUnicode_READ(kind, data, 0);
    if (is_bullet(c))
        return is_space(PyUnicode_READ(kind, data, 1));
    Py_ssize_t k = 0;
    while (k < n && k < 4 && is_decimal(PyUnicode_READ(kind, data, k)))
        k++;
    if (k == 0 || k > 3 || k >= n)
        return 0;
    c = PyUnicode_READ(kind, data, k);
    if (c == '.' || c == ')') {
        if (k + 1 < n && is_space(PyUnicode_READ(kind, data, k + 1)))
            return 1;
    }
    return is_space(c);
}

static int
holds(int kind, const void *data, Py_ssize_t n, Py_ssize_t k, const char *part)
{
    for (Py_ssize_t j = 0; part[j]; j++) {
        if (k + j >= n || PyUnicode_READ(kind, data, k + j) != (Py_UCS4)(unsigned char)part[j])
            return 0;
    }
    return 1;
}

static PyObject *
read_heads(PyObject *Py_UNUSED(self), PyObject *args)
{
    PyObject *heads;
    Py_buffer out;
    if (!PyArg_ParseTuple(args, "O!w*", &PyList_Type, &heads, &out))
        return NULL;
    PyObject *result = NULL;
    Py_ssize_t n = PyList_GET_SIZE(heads);
    if (out.len / (Py_ssize_t)sizeof(int64_t) / FIELDS < n) {
        PyErr_SetString(PyExc_ValueError, "read_heads: out is too small for the heads");
        goto done;
    }
    int64_t *row = out.buf;
    for (Py_ssize_t i = 0; i < n; i++, row += FIELDS) {
        PyObject *head = PyList_GET_ITEM(heads, i);
        if (!PyUnicode_Check(head)) {
            PyErr_SetString(PyExc_TypeError, "read_heads: a head is not a str");
            goto done;
        }
        Py_ssize_t size = PyUnicode_GET_LENGTH(head);
        int kind = PyUnicode_KIND(head);
        const void *data = PyUnicode_DATA(head);
        int64_t digits = 0, capitals = 0, capitalised = 0, spaces = 0, url = 0, separated = 0;
        int after_space = 1; /* the head's start counts as after white space */
        int space_before = 0, separator_before = 0;
        for (Py_ssize_t k = 0; k < size; k++) {
            Py_UCS4 c = PyUnicode_READ(kind, data, k);
            if (c == 0) {
                result = Py_NewRef(Py_False);
                goto done;
            }
            int space = is_space(c);
            if (is_decimal(c))
                digits++;
            else if (is_capital(c)) {
                capitals++;
                capitalised += after_space;
            }
            spaces += c == ' ';
            if (!url && (c == '@' || (c == ':' && holds(kind, data, size, k, "://"))
                         || (c == 'w' && holds(kind, data, size, k, "www."))
                         || (c == '.' && holds(kind, data, size, k, ".com"))))
                url = 1;
            separated |= space && separator_before;
            separator_before = space_before && is_separator(c);
            space_before = space;
            after_space = space;
        }
        row[0] = size;
        row[1] = digits;
        row[2] = capitals;
        row[3] = capitalised;
        row[4] = spaces + 1;
        row[5] = list_item(kind, data, size);
        row[6] = url;
        row[7] = separated;
    }
    result = Py_NewRef(Py_True);
done:
    PyBuffer_Release(&out);
    return result;
}

static PyMethodDef methods[] = {
    {"read_heads", read_heads, METH_VARARGS, read_heads_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "cleaners.roles._heads", "What each line's first characters say, in C.", -1, methods,
};

PyMODINIT_FUNC
PyInit__heads(void)
{
    return PyModule_Create(&module);
}
