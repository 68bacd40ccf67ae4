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

#include "_chars.h"

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
#define DIGIT(k) ((k) < n && is_decimal(PyUnicode_READ(kind, data, (k))))
#define SPACE(k) ((k) < n && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, (k))))
#define WORD(k) ((k) < n && (is_alnum(PyUnicode_READ(kind, data, (k))) || PyUnicode_READ(kind, data, (k)) == '_'))
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
        if (is_decimal(c)) {
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

/* [^\W\d_]: a word character that is no decimal digit and no '_' (a month's letters). */
#define LETTER(k) ((k) >= 0 && (k) < n && is_letter(PyUnicode_READ(kind, data, (k))))
#define AT(k, c) ((k) >= 0 && (k) < n && PyUnicode_READ(kind, data, (k)) == (Py_UCS4)(c))

static inline int
is_letter(Py_UCS4 c)
{
    return c != '_' && is_alnum(c) && !is_decimal(c);
}

/* Whether a day and year follow the space at k as dates._PATTERNS[4] reads them after its month:
   \s, one or two digits, maybe st/nd/rd/th, maybe ',', \s and four digits. */
static int
day_and_year_after(int kind, const void *data, Py_ssize_t n, Py_ssize_t k)
{
    if (!SPACE(k) || !DIGIT(k + 1))
        return 0;
    for (Py_ssize_t digits = DIGIT(k + 2) ? 2 : 1; digits >= 1; digits--) {
        Py_ssize_t after = k + 1 + digits;
        Py_ssize_t ends[2] = {after, -1};
        if ((AT(after, 's') && AT(after + 1, 't')) || (AT(after, 'n') && AT(after + 1, 'd'))
            || (AT(after, 'r') && AT(after + 1, 'd')) || (AT(after, 't') && AT(after + 1, 'h')))
            ends[1] = after + 2;
        for (int e = 0; e < 2; e++) {
            Py_ssize_t m = ends[e];
            if (m < 0)
                continue;
            for (int comma = 0; comma < 2; comma++) {
                Py_ssize_t at = m + comma;
                if (comma && !AT(m, ','))
                    continue;
                if (SPACE(at) && DIGIT(at + 1) && DIGIT(at + 2) && DIGIT(at + 3) && DIGIT(at + 4))
                    return 1;
            }
        }
    }
    return 0;
}

PyDoc_STRVAR(date_forms_doc,
"date_forms(text)\n--\n\n"
"Which of the month-name patterns cleaners.dates._PATTERNS[4] and [5] may match in `text`, as\n"
"bits (1: the month first, 2: the day first): each bit is clear only where its pattern cannot\n"
"match. The month first needs a letter (maybe with '.' and ',') before a space, a day, a\n"
"suffix, a comma, a space and four digits; the day first a letter within three characters\n"
"after a digit and four digits in a row.");

static PyObject *
date_forms(PyObject *Py_UNUSED(self), PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "date_forms: text must be a str");
        return NULL;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int month_first = 0, day_first = 0, year = 0;
    Py_ssize_t run = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (is_decimal(c)) {
            year |= ++run >= 4;
            day_first |= LETTER(i + 1) || LETTER(i + 2) || LETTER(i + 3);
            continue;
        }
        run = 0;
        /* The month's end: a letter, 'x.', 'x,' or 'x.,' right before the space at i. */
        if (!month_first && Py_UNICODE_ISSPACE(c)
            && (LETTER(i - 1) || ((AT(i - 1, '.') || AT(i - 1, ',')) && LETTER(i - 2))
                || (AT(i - 1, ',') && AT(i - 2, '.') && LETTER(i - 3))))
            month_first = day_and_year_after(kind, data, n, i);
    }
    return PyLong_FromLong(month_first | ((day_first && year) << 1));
}

static inline int
is_bar(Py_UCS4 c)
{
    /* [|\u2022\u00b7]: a separator with or without spaces around it */
    return c == '|' || c == 0x2022 || c == 0xB7;
}

static inline int
is_spaced_mark(Py_UCS4 c)
{
    /* [|\u2022\u00b7\u2013\u2014-]: a separator between two spaces */
    return is_bar(c) || c == 0x2013 || c == 0x2014 || c == '-';
}

/* The length of the byline separator (cleaners.byline._SEPARATOR) that matches at i, 0 where
   none does; its branches in order: \s[|\u2022\u00b7\u2013\u2014-]\s, \s?[|\u2022\u00b7]\s?,
   ,\s(?=\d) and \s(?:am|on|at|le|el|il|um)\s(?=\d). */
static Py_ssize_t
separator_at(int kind, const void *data, Py_ssize_t n, Py_ssize_t i)
{
    Py_UCS4 c = PyUnicode_READ(kind, data, i);
    if (Py_UNICODE_ISSPACE(c)) {
        if (i + 1 >= n)
            return 0;
        Py_UCS4 mark = PyUnicode_READ(kind, data, i + 1);
        if (is_spaced_mark(mark) && SPACE(i + 2))
            return 3;
        if (is_bar(mark))
            return 2 + SPACE(i + 2);
        if (i + 3 < n && SPACE(i + 3) && DIGIT(i + 4)) {
            Py_UCS4 a = mark, b = PyUnicode_READ(kind, data, i + 2);
            if ((a == 'a' && (b == 'm' || b == 't')) || (a == 'o' && b == 'n') || (a == 'l' && b == 'e')
                || (a == 'e' && b == 'l') || (a == 'i' && b == 'l') || (a == 'u' && b == 'm'))
                return 4;
        }
        return 0;
    }
    if (is_bar(c))
        return 1 + SPACE(i + 1);
    if (c == ',' && SPACE(i + 1) && DIGIT(i + 2))
        return 2;
    return 0;
}

PyDoc_STRVAR(split_separators_doc,
"split_separators(text)\n--\n\n"
"cleaners.byline._SEPARATOR.split(text): the pieces of `text` between its byline separators\n"
"(a mark between spaces, a bar or bullet, a comma before a digit, a short word before one).");

static PyObject *
split_separators(PyObject *Py_UNUSED(self), PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "split_separators: text must be a str");
        return NULL;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    PyObject *pieces = PyList_New(0);
    if (pieces == NULL)
        return NULL;
    Py_ssize_t start = 0;
    for (Py_ssize_t i = 0; i < n;) {
        Py_ssize_t length = separator_at(kind, data, n, i);
        if (length == 0) {
            i++;
            continue;
        }
        PyObject *piece = PyUnicode_Substring(text, start, i);
        if (piece == NULL || PyList_Append(pieces, piece) < 0) {
            Py_XDECREF(piece);
            Py_DECREF(pieces);
            return NULL;
        }
        Py_DECREF(piece);
        i += length;
        start = i;
    }
    PyObject *last = start == 0 ? Py_NewRef(text) : PyUnicode_Substring(text, start, n);
    if (last == NULL || PyList_Append(pieces, last) < 0) {
        Py_XDECREF(last);
        Py_DECREF(pieces);
        return NULL;
    }
    Py_DECREF(last);
    return pieces;
}

#undef LETTER
#undef AT
#undef DIGIT
#undef SPACE
#undef WORD
#undef STOP

static PyMethodDef methods[] = {
    {"has_control", has_control, METH_O, has_control_doc},
    {"has_mojibake_hint", has_mojibake_hint, METH_O, has_mojibake_hint_doc},
    {"may_hold_date", may_hold_date, METH_O, may_hold_date_doc},
    {"date_forms", date_forms, METH_O, date_forms_doc},
    {"split_separators", split_separators, METH_O, split_separators_doc},
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
