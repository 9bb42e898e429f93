/*
 * libc_host.c - host stand-ins for libc's two platform hooks (the real
 * ones, in libs/libc/src/sys.c, make seL4 system calls).
 *
 * caplab_console_write() appends to a growing buffer the tests inspect;
 * caplab_halt() longjmps back to libc_host_run() with the status.  A halt
 * outside libc_host_run() is a test bug: report it and stop.
 */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "libc_host.h"

static char *output;
static size_t output_len, output_cap;
static jmp_buf *halt_target;
static int halt_status;

void libc_host_reset_output(void)
{
    output_len = 0;
    if (output != NULL)
        output[0] = '\0';
}

const char *libc_host_output(void)
{
    return output != NULL ? output : "";
}

void caplab_console_write(const char *s, size_t n)
{
    if (output_len + n + 1 > output_cap) {
        output_cap = (output_len + n + 1) * 2;
        output = realloc(output, output_cap);
        if (output == NULL)
            abort();
    }
    memcpy(output + output_len, s, n);
    output_len += n;
    output[output_len] = '\0';
}

_Noreturn void caplab_halt(int status)
{
    if (halt_target == NULL) {
        fprintf(stderr, "caplab_halt(%d) outside libc_host_run\n", status);
        abort();
    }
    halt_status = status;
    longjmp(*halt_target, 1);
}

int libc_host_run(void (*fn)(void *), void *arg)
{
    jmp_buf here;
    jmp_buf *volatile saved = halt_target;
    volatile int status = -1;

    halt_target = &here;
    if (setjmp(here) == 0)
        fn(arg);
    else
        status = halt_status;
    halt_target = saved;
    return status;
}

/* libsel4's IPC-buffer pointer: simple's hooks make invocations (never
 * called on the host, but linked). */
__thread struct seL4_IPCBuffer_ *__sel4_ipc_buffer;
