/*
 * io.c - ps_new_stdlib_malloc_ops: heap memory for drivers from the C
 * library's malloc, calloc and free.
 */
#include <stdlib.h>
#include <platsupport/io.h>

static int stdlib_malloc(void *cookie, size_t size, void **ptr)
{
    *ptr = malloc(size);
    return *ptr ? 0 : ENOMEM;
}

static int stdlib_calloc(void *cookie, size_t nmemb, size_t size, void **ptr)
{
    *ptr = calloc(nmemb, size);
    return *ptr ? 0 : ENOMEM;
}

static int stdlib_free(void *cookie, size_t size, void *ptr)
{
    free(ptr);
    return 0;
}

int ps_new_stdlib_malloc_ops(ps_malloc_ops_t *ops)
{
    if (ops == NULL)
        return EINVAL;
    *ops = (ps_malloc_ops_t){ .malloc = stdlib_malloc, .calloc = stdlib_calloc,
                              .free = stdlib_free, .cookie = NULL };
    return 0;
}
