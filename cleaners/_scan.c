/* cleaners._scan: the document repairs' two whole-text tests (cleaners.repair) and the dates'
   first test (cleaners.dates.may_state_date) in C.

   Each capture's text is searched once for a control character (_CONTROL) and once for a
   mojibake pair (_MOJIBAKE_HINT) before any repair runs; sre's character-class loop reads some
   6 ns a character there (about 55 us a devset capture each; without this kernel the text core
   runs 1.7% more instructions, callgrind over the devset captures).
   Here each test is one pass over the string's own code units, the same characters as the
   patterns' classes. The dates' test reads whether a text may state a date at all (_MAY_HOLD:
   four branches sre tries at every character of every line with a digit). tests/test_scan_c.py
   holds all three to the patterns, every code point and generated texts. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static inline int
is_control(Py_UCS4 c)
{
    /* cleaners.repair._CONTROL: [\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f] */
    return c <= 0x08 || c == 0x0b || c == 0x0c || (c >= 0x0e && c <= 0x1f) || (c >= 0x7f && c <= 0x9f);
}

static inline int
is_lead(Py_UCS4 c)
{
    /* _MOJIBAKE_HINT's first character: [\u00c2-\u00f4] */
    return c >= 0xc2 && c <= 0xf4;
}

static inline int
is_continuation(Py_UCS4 c)
{
    /* _MOJIBAKE_HINT's second character: a continuation byte as Latin-1 or cp1252 shows it */
    if (c >= 0x80 && c <= 0xbf)
        return 1;
    switch (c) {
    case 0x152: case 0x153: case 0x160: case 0x161: case 0x178: case 0x17d: case 0x17e: case 0x192:
    case 0x2c6: case 0x2dc: case 0x2013: case 0x2014: case 0x2026: case 0x2030: case 0x2039:
    case 0x203a: case 0x20ac: case 0x2122:
        return 1;
    }
    return (c >= 0x2018 && c <= 0x201e) || (c >= 0x2020 && c <= 0x2022);
}

#define SCAN(TYPE, TEST)                                                                            \
    do {                                                                                            \
        const TYPE *s = (const TYPE *)data;                                                         \
        for (Py_ssize_t i = 0; i < n; i++)                                                          \
            if (TEST)                                                                               \
                Py_RETURN_TRUE;                                                                     \
        Py_RETURN_FALSE;                                                                            \
    } while (0)

#define BY_KIND(TEST)                                                                               \
    switch (kind) {                                                                                 \
    case PyUnicode_1BYTE_KIND:                                                                      \
        SCAN(Py_UCS1, TEST);                                                                        \
    case PyUnicode_2BYTE_KIND:                                                                      \
        SCAN(Py_UCS2, TEST);                                                                        \
    default:                                                                                        \
        SCAN(Py_UCS4, TEST);                                                                        \
    }

PyDoc_STRVAR(has_control_doc,
"has_control(text)\n--\n\n"
"Whether `text` holds a character of cleaners.repair._CONTROL (C0 and C1 controls but tab,\n"
"newline and carriage return).");

static PyObject *
has_control(PyObject *Py_UNUSED(self), PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "has_control: text must be a str");
        return NULL;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    BY_KIND(is_control(s[i]));
}

PyDoc_STRVAR(has_mojibake_hint_doc,
"has_mojibake_hint(text)\n--\n\n"
"Whether `text` holds a pair of cleaners.repair._MOJIBAKE_HINT: a UTF-8 lead byte read as a\n"
"Latin-1 letter, then a continuation byte as Latin-1 or cp1252 shows it.");

static PyObject *
has_mojibake_hint(PyObject *Py_UNUSED(self), PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "has_mojibake_hint: text must be a str");
        return NULL;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text) - 1; /* a pair starts before the last character */
    BY_KIND(is_lead(s[i]) && is_continuation(s[i + 1]));
}

/* sre's classes, as cleaners.roles._heads reads them: \d, \s and \w. */
#define DIGIT(k) ((k) < n && Py_UNICODE_ISDECIMAL(PyUnicode_READ(kind, data, (k))))
#define SPACE(k) ((k) < n && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, (k))))
#define WORD(k) ((k) < n && (Py_UNICODE_ISALNUM(PyUnicode_READ(kind, data, (k))) || PyUnicode_READ(kind, data, (k)) == '_'))
#define STOP(k) ((k) < n && (PyUnicode_READ(kind, data, (k)) == '.' || PyUnicode_READ(kind, data, (k)) == '/'))

/* Whether \d{1,2}[./]\d{2} matches at k: the day or month and the short year after it. */
static inline int
day_then_year(int kind, const void *data, Py_ssize_t n, Py_ssize_t k)
{
    if (!DIGIT(k))
        return 0;
    return (DIGIT(k + 1) && STOP(k + 2) && DIGIT(k + 3) && DIGIT(k + 4)) || (STOP(k + 1) && DIGIT(k + 2) && DIGIT(k + 3));
}

PyDoc_STRVAR(may_hold_date_doc,
"may_hold_date(text)\n--\n\n"
"Whether cleaners.dates._MAY_HOLD matches in `text`: four digits in a row, a digit, '.' or '/',\n"
"maybe a space, one or two digits, '.' or '/' and two digits, two digits after an apostrophe,\n"
"or two digits after a '.' that end a word.");

static PyObject *
may_hold_date(PyObject *Py_UNUSED(self), PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "may_hold_date: text must be a str");
        return NULL;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    Py_ssize_t run = 0; /* decimal digits in a row up to i */
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (Py_UNICODE_ISDECIMAL(c)) {
            if (++run == 4) /* \d{4} */
                Py_RETURN_TRUE;
            /* \d[./]\s?\d{1,2}[./]\d{2}, with the space and without */
            if (STOP(i + 1) && ((SPACE(i + 2) && day_then_year(kind, data, n, i + 3)) || day_then_year(kind, data, n, i + 2)))
                Py_RETURN_TRUE;
            continue;
        }
        run = 0;
        if ((c == 0x2019 || c == '\'') && DIGIT(i + 1) && DIGIT(i + 2)) /* [\u2019']\d{2} */
            Py_RETURN_TRUE;
        if (c == '.' && DIGIT(i + 1) && DIGIT(i + 2) && !WORD(i + 3)) /* \.\d{2}\b */
            Py_RETURN_TRUE;
    }
    Py_RETURN_FALSE;
}

#undef DIGIT
#undef SPACE
#undef WORD
#undef STOP

static PyMethodDef methods[] = {
    {"has_control", has_control, METH_O, has_control_doc},
    {"has_mojibake_hint", has_mojibake_hint, METH_O, has_mojibake_hint_doc},
    {"may_hold_date", may_hold_date, METH_O, may_hold_date_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "cleaners._scan", "The document repairs' whole-text tests in C.", -1, methods,
};

PyMODINIT_FUNC
PyInit__scan(void)
{
    return PyModule_Create(&module);
}
