/*
 * sys.c - libc's only contact with the kernel: writing console bytes and
 * halting.  (The host unit tests replace this file with stubs.)
 */
#include <sel4/sel4.h>
#include "libc_internal.h"

void caplab_console_write(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        seL4_DebugPutChar(s[i]);
}

/* Set by sel4runtime's start-up of a program spawned by sel4utils (an app,
 * libs/sel4runtime/src/start.c): how that program ends, so exit() and
 * abort() there stop the program, not the machine.  Never returns when set. */
void (*__caplab_process_exit)(int status);

/* DebugHalt with the exit magic: the kernel halts and reports status. */
_Noreturn void caplab_halt(int status)
{
    if (__caplab_process_exit != NULL)
        __caplab_process_exit(status);
    caplab_sys_exit((seL4_Word)(unsigned)status);
}
