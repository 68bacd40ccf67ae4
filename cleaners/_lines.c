/* cleaners._lines: cleaners.lines.measure_lines and split_lines in C.

   The Python loop (a dict look-up and a tuple built per line, and for each distinct text a
   lowercasing, a split into words, a set of them, a stopword count and a look at its end) cost
   5.8% of the text core's instructions more than this does (valgrind, the devset). Here each distinct text is read in one pass over its
   characters: its words are the runs of \w (sre's word characters: alphanumerics and '_') in
   its lowercase, half a word per character of a script written without spaces, and its end is
   read as cleaners.lines._shape reads it. The fields are the Python code's, value for value.
   split_lines numbers a capture's lines and folds each one's white space (a list built and
   joined per line in Python, 2% of the core); a line already folded is kept as it is.
   tests/test_lines_c.py holds both to the Python code, on random texts and real captures. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "_chars.h"

#define SHAPE_FIELDS 7 /* words, sentence, stop_density, tokens, blank, ends_with_period, lead */
#define LINE_FIELDS (3 + SHAPE_FIELDS)

PyDoc_STRVAR(measure_lines_doc,
"measure_lines(numbered, stopwords, line, blank, lead_words)\n--\n\n"
"cleaners.lines.measure_lines: a `line` (a tuple type of 10 fields) for each `(number, raw,\n"
"text)` of `numbered`, the fields after the text `blank` for an empty text and else read from\n"
"it (cleaners.lines._shape), each distinct text once; `stopwords`: a frozenset, `lead_words`:\n"
"how many of its words a line keeps in order.");

static inline int
is_word(Py_UCS4 c)
{
    /* The str pattern \w: sre's SRE_UNI_IS_WORD. */
    return is_alnum(c) || c == '_';
}

static inline int
is_closer(Py_UCS4 c)
{
    /* cleaners.lines._CLOSERS */
    return c == '"' || c == 0x201D || c == 0xBB || c == 0x2019 || c == '\'' || c == ')' || c == ']';
}

static inline int
is_quote(Py_UCS4 c)
{
    /* cleaners.lines._QUOTES */
    return c == '"' || c == 0x201D || c == 0xBB;
}

static inline int
is_sentence_mark(Py_UCS4 c)
{
    /* cleaners.lines._SENTENCE_MARKS */
    return c == '.' || c == '!' || c == '?' || c == 0x2026 || c == 0x3002 || c == 0xFF01 || c == 0xFF1F || c == ':';
}

static inline int
is_unspaced(Py_UCS4 c)
{
    /* cleaners.lines._UNSPACED */
    return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF)
        || (c >= 0xF900 && c <= 0xFAFF);
}

/* The 7 fields of a non-empty text's shape (cleaners.lines._shape): its words are the \w runs
   of its lowercase (for ASCII, A-Z made a-z; else str.lower itself, which may change the
   length), half a word per character of a script written without spaces. */
static PyObject *
text_shape(PyObject *text, PyObject *stopwords, Py_ssize_t lead_words, int check_stops)
{
    int ascii = PyUnicode_IS_ASCII(text);
    PyObject *lowered = ascii ? NULL : PyObject_CallMethod(text, "lower", NULL);
    PyObject *tokens = NULL, *set = NULL, *lead = NULL, *result = NULL;
    char stack[256];
    char *buffer = stack;
    if (!ascii && lowered == NULL)
        return NULL;
    tokens = PyList_New(0);
    if (tokens == NULL)
        goto done;
    const Py_UCS1 *s = PyUnicode_1BYTE_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    Py_ssize_t stops = 0, unspaced = 0;
    if (ascii && n > (Py_ssize_t)sizeof(stack)) {
        buffer = PyMem_Malloc(n);
        if (buffer == NULL) {
            PyErr_NoMemory();
            goto done;
        }
    }
    PyObject *source = ascii ? text : lowered;
    int kind = PyUnicode_KIND(source);
    const void *data = PyUnicode_DATA(source);
    Py_ssize_t size = PyUnicode_GET_LENGTH(source);
    for (Py_ssize_t i = 0; i < size;) {
        if (!is_word(PyUnicode_READ(kind, data, i))) {
            i++;
            continue;
        }
        Py_ssize_t start = i;
        PyObject *token;
        if (ascii) {
            for (; i < size && is_word(s[i]); i++)
                buffer[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] + 32) : (char)s[i];
            token = PyUnicode_FromStringAndSize(buffer + start, i - start);
        } else {
            for (; i < size && is_word(PyUnicode_READ(kind, data, i)); i++)
                ;
            token = PyUnicode_Substring(source, start, i);
        }
        if (token == NULL)
            goto done;
        int appended = PyList_Append(tokens, token);
        int stop = (appended == 0 && check_stops) ? PySet_Contains(stopwords, token) : 0;
        Py_DECREF(token);
        if (appended < 0 || stop < 0)
            goto done;
        stops += stop;
    }
    int text_kind = PyUnicode_KIND(text);
    const void *text_data = PyUnicode_DATA(text);
    if (!ascii)
        for (Py_ssize_t i = 0; i < n; i++)
            unspaced += is_unspaced(PyUnicode_READ(text_kind, text_data, i));
    Py_ssize_t count = PyList_GET_SIZE(tokens);
    double density = count ? (double)stops / (double)count : 0.0;
    /* The end: without one trailing newline, then without closing quotes and brackets. */
    Py_ssize_t end = (n > 0 && PyUnicode_READ(text_kind, text_data, n - 1) == '\n') ? n - 1 : n;
    Py_ssize_t bare = end;
    while (bare > 0 && is_closer(PyUnicode_READ(text_kind, text_data, bare - 1)))
        bare--;
    int sentence = (end > 0 && is_quote(PyUnicode_READ(text_kind, text_data, end - 1)))
        || (bare > 0 && is_sentence_mark(PyUnicode_READ(text_kind, text_data, bare - 1)));
    int period = bare > 0 && PyUnicode_READ(text_kind, text_data, bare - 1) == '.';
    set = PyFrozenSet_New(tokens);
    if (set == NULL)
        goto done;
    lead = PyList_GetSlice(tokens, 0, count < lead_words ? count : lead_words);
    if (lead == NULL)
        goto done;
    Py_SETREF(lead, PyList_AsTuple(lead));
    if (lead == NULL)
        goto done;
    result = Py_BuildValue("(nOdOOOO)", count + unspaced / 2, sentence ? Py_True : Py_False, density, set, Py_False,
                           period ? Py_True : Py_False, lead);
done:
    if (buffer != stack)
        PyMem_Free(buffer);
    Py_XDECREF(lowered);
    Py_XDECREF(tokens);
    Py_XDECREF(set);
    Py_XDECREF(lead);
    return result;
}

static PyObject *
measure_lines(PyObject *Py_UNUSED(self), PyObject *args)
{
    PyObject *numbered, *stopwords, *blank;
    PyTypeObject *line_type;
    Py_ssize_t lead_words;
    if (!PyArg_ParseTuple(args, "OO!O!O!n", &numbered, &PyFrozenSet_Type, &stopwords, &PyType_Type,
                          &line_type, &PyTuple_Type, &blank, &lead_words))
        return NULL;
    if (!PyType_IsSubtype(line_type, &PyTuple_Type) || PyTuple_GET_SIZE(blank) != SHAPE_FIELDS || lead_words < 0) {
        PyErr_SetString(PyExc_ValueError, "measure_lines: line must be a tuple type, blank a 7-tuple");
        return NULL;
    }
    int check_stops = PySet_GET_SIZE(stopwords) > 0;
    PyObject *shapes = PyDict_New(), *lines = PyList_New(0), *it = NULL, *item = NULL, *result = NULL;
    if (shapes == NULL || lines == NULL)
        goto done;
    it = PyObject_GetIter(numbered);
    if (it == NULL)
        goto done;
    while ((item = PyIter_Next(it)) != NULL) {
        if (!PyTuple_Check(item) || PyTuple_GET_SIZE(item) != 3 || !PyUnicode_Check(PyTuple_GET_ITEM(item, 2))) {
            PyErr_SetString(PyExc_TypeError, "measure_lines: each line must be a (number, raw, text) tuple");
            goto done;
        }
        PyObject *text = PyTuple_GET_ITEM(item, 2);
        PyObject *shape = PyDict_GetItemWithError(shapes, text); /* borrowed */
        if (shape == NULL) {
            if (PyErr_Occurred())
                goto done;
            PyObject *made;
            if (PyUnicode_GET_LENGTH(text) == 0)
                made = Py_NewRef(blank);
            else
                made = text_shape(text, stopwords, lead_words, check_stops);
            if (made == NULL)
                goto done;
            int stored = PyDict_SetItem(shapes, text, made);
            Py_DECREF(made); /* the dict holds it */
            if (stored < 0)
                goto done;
            shape = made;
        }
        /* As tuple.__new__(line, fields): the subtype allocated, then its items set. */
        PyObject *line = line_type->tp_alloc(line_type, LINE_FIELDS);
        if (line == NULL)
            goto done;
        for (Py_ssize_t k = 0; k < 3; k++)
            PyTuple_SET_ITEM(line, k, Py_NewRef(PyTuple_GET_ITEM(item, k)));
        for (Py_ssize_t k = 0; k < SHAPE_FIELDS; k++)
            PyTuple_SET_ITEM(line, 3 + k, Py_NewRef(PyTuple_GET_ITEM(shape, k)));
        int appended = PyList_Append(lines, line);
        Py_DECREF(line);
        if (appended < 0)
            goto done;
        Py_CLEAR(item);
    }
    if (!PyErr_Occurred())
        result = Py_NewRef(lines);
done:
    Py_XDECREF(item);
    Py_XDECREF(it);
    Py_XDECREF(shapes);
    Py_XDECREF(lines);
    return result;
}

/* " ".join(raw.split()): the line's words (runs between str.isspace characters) one space
   apart. Most lines are so already (one space between words, none at the ends), and are
   returned as they are; the others are split and joined by str's own methods. */
static PyObject *
fold(PyObject *raw)
{
    int kind = PyUnicode_KIND(raw);
    const void *data = PyUnicode_DATA(raw);
    Py_ssize_t n = PyUnicode_GET_LENGTH(raw);
    int after_space = 1; /* a space at the start is one to drop */
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (Py_UNICODE_ISSPACE(c)) {
            if (c != ' ' || after_space)
                goto split;
            after_space = 1;
        } else
            after_space = 0;
    }
    if (n == 0 || !after_space)
        return Py_NewRef(raw);
split:;
    PyObject *words = PyUnicode_Split(raw, NULL, -1);
    if (words == NULL)
        return NULL;
    PyObject *space = PyUnicode_FromOrdinal(' ');
    PyObject *folded = space != NULL ? PyUnicode_Join(space, words) : NULL;
    Py_XDECREF(space);
    Py_DECREF(words);
    return folded;
}

PyDoc_STRVAR(split_lines_doc,
"split_lines(text, clean_line)\n--\n\n"
"cleaners.lines.split_lines: `(number, raw, text)` for each line of `text` (split at '\\n',\n"
"numbered from 1), `text` being `clean_line(raw)` where the line holds '<' or '&', and else its\n"
"words one space apart (\" \".join(raw.split())).");

static PyObject *
split_lines(PyObject *Py_UNUSED(self), PyObject *args)
{
    PyObject *text, *clean_line;
    if (!PyArg_ParseTuple(args, "UO", &text, &clean_line))
        return NULL;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    PyObject *lines = PyList_New(0);
    if (lines == NULL)
        return NULL;
    Py_ssize_t start = 0, number = 1;
    int markup = 0; /* whether the line so far holds '<' or '&' */
    for (Py_ssize_t i = 0; i <= n; i++) {
        Py_UCS4 c = i < n ? PyUnicode_READ(kind, data, i) : '\n';
        if (c != '\n') {
            markup |= c == '<' || c == '&';
            continue;
        }
        PyObject *raw = PyUnicode_Substring(text, start, i);
        PyObject *cleaned = raw == NULL ? NULL : markup ? PyObject_CallOneArg(clean_line, raw) : fold(raw);
        PyObject *at = cleaned == NULL ? NULL : PyLong_FromSsize_t(number);
        PyObject *line = at == NULL ? NULL : PyTuple_Pack(3, at, raw, cleaned);
        Py_XDECREF(at);
        Py_XDECREF(raw);
        Py_XDECREF(cleaned);
        if (line == NULL || PyList_Append(lines, line) < 0) {
            Py_XDECREF(line);
            Py_DECREF(lines);
            return NULL;
        }
        Py_DECREF(line);
        start = i + 1;
        number++;
        markup = 0;
    }
    return lines;
}

PyDoc_STRVAR(word_runs_doc,
"word_runs(text)\n--\n\n"
"len(re.findall(r'\\w+', text)): the runs of word characters (alphanumerics and '_').");

static PyObject *
word_runs(PyObject *Py_UNUSED(self), PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "word_runs: text must be a str");
        return NULL;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), runs = 0;
    int inside = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        int word = is_word(PyUnicode_READ(kind, data, i));
        runs += word && !inside;
        inside = word;
    }
    return PyLong_FromSsize_t(runs);
}

static PyMethodDef methods[] = {
    {"measure_lines", measure_lines, METH_VARARGS, measure_lines_doc},
    {"word_runs", word_runs, METH_O, word_runs_doc},
    {"split_lines", split_lines, METH_VARARGS, split_lines_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "cleaners._lines", "cleaners.lines.measure_lines and split_lines in C.", -1, methods,
};

PyMODINIT_FUNC
PyInit__lines(void)
{
    return PyModule_Create(&module);
}
