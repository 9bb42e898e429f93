/*
 * unistd.h - the few POSIX calls that make sense without processes or
 * files: the page size (sysconf(_SC_PAGESIZE), getpagesize) and _exit.
 * The _SC_ numbers are musl's (Linux's), so code that hard-codes them
 * or prints them sees the same values.
 */
#pragma once

#include <stddef.h>
#include <sys/types.h>

#define STDIN_FILENO  0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2

#define _SC_PAGE_SIZE 30
#define _SC_PAGESIZE  30

long sysconf(int name);
int getpagesize(void);
_Noreturn void _exit(int status);
