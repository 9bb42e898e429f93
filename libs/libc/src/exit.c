/*
 * exit.c - the ways a program ends: exit(), abort() and a failed assert()
 * (or seL4_Assert(), through __assert_fail).
 *
 * All of them end in caplab_halt(status), which asks the kernel to halt
 * the machine and report the status (see sys.c).  abort() and assert use
 * status 134, what a shell reports for a SIGABRT death.
 */
#include <stdlib.h>
#include <stdio.h>
#include <assert.h>
#include "libc_internal.h"

#define ATEXIT_MAX 32
#define ABORT_STATUS 134

static void (*atexit_fns[ATEXIT_MAX])(void);
static int atexit_count;

int atexit(void (*fn)(void))
{
    if (atexit_count == ATEXIT_MAX)
        return -1;
    atexit_fns[atexit_count++] = fn;
    return 0;
}

/* Handlers run last-registered first; one that calls exit() again does not
 * run twice, because it is removed from the list before it is called. */
_Noreturn void exit(int status)
{
    while (atexit_count > 0)
        atexit_fns[--atexit_count]();
    caplab_halt(status);
}

_Noreturn void abort(void)
{
    fputs("abort() called\n", stderr);
    caplab_halt(ABORT_STATUS);
}

_Noreturn void __caplab_assert_fail(const char *expr, const char *file, int line,
                                    const char *func)
{
    fprintf(stderr, "Assertion failed: %s (%s: %s: %d)\n", expr, file, func, line);
    caplab_halt(ABORT_STATUS);
}

/* The name seL4 code (sel4/assert.h) and musl use for the same report. */
_Noreturn void __assert_fail(const char *expr, const char *file, int line, const char *func)
{
    __caplab_assert_fail(expr, file, line, func);
}
