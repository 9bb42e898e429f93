/*
 * abort: gives up with abort() in main.
 *
 * libc's abort() prints "abort() called" and exits with status 134 (what
 * a shell shows for SIGABRT); the grader must say that abort() was called,
 * not only "status 134".
 */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    printf("giving up\n");
    abort();
}
