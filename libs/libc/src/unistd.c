/*
 * unistd.c - sysconf (the page size only), getpagesize and _exit.
 *
 * _exit ends the program as exit() does but without running the atexit
 * handlers, as POSIX says.
 */
#include <unistd.h>
#include <errno.h>
#include "libc_internal.h"

#define PAGE_BYTES 4096

long sysconf(int name)
{
    if (name == _SC_PAGESIZE)
        return PAGE_BYTES;
    errno = EINVAL;
    return -1;
}

int getpagesize(void)
{
    return PAGE_BYTES;
}

_Noreturn void _exit(int status)
{
    caplab_halt(status);
}
