/*
 * strdup.c - strdup and strndup, the string functions that allocate.
 *
 * Kept apart from string.c so that a program using only the other string
 * functions does not link malloc, and with it the 1 MiB heap arena (a
 * process started by sel4utils would otherwise get 256 zero pages it never
 * touches, each a frame to allocate, map and free).
 */
#include <string.h>
#include <stdlib.h>
#include <stdint.h>

char *strndup(const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *copy = malloc(len + 1);

    if (copy != NULL) {
        memcpy(copy, s, len);
        copy[len] = '\0';
    }
    return copy;
}

char *strdup(const char *s)
{
    return strndup(s, SIZE_MAX);
}
