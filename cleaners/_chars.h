/* sre's character classes for the C kernels, with their ASCII members decided inline.

   Python's own Py_UNICODE_ISDECIMAL and Py_UNICODE_ISALNUM call into the Unicode database for
   every character, ASCII included (ISALNUM up to four calls); the kernels read every character
   of every line through them. Below 128 the classes are plain ranges: \d is 0-9 (only those
   ASCII characters have a decimal value) and the alphanumerics are the letters and digits. */
#ifndef PRESSWASH_CHARS_H
#define PRESSWASH_CHARS_H

#include <Python.h>

/* \d: Py_UNICODE_ISDECIMAL. */
static inline int
is_decimal(Py_UCS4 c)
{
    return c < 128 ? (c >= '0' && c <= '9') : Py_UNICODE_ISDECIMAL(c);
}

/* The alphanumerics of \w (which adds '_'): Py_UNICODE_ISALNUM. */
static inline int
is_alnum(Py_UCS4 c)
{
    if (c < 128)
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    return Py_UNICODE_ISALNUM(c);
}

#endif
