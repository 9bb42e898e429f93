/*
 * long_thread_name: a thread name with no end: every byte of the message
 * registers is 'n' and none is the terminating NUL (written into the IPC
 * buffer directly, since seL4_DebugNameThread always ends the name).
 *
 * seL4 halts the machine on such a seL4_DebugNameThread, and so does the
 * caplab kernel, with a user-error line that says why.  The grader must
 * say that the kernel halted it, and why, not that the program called
 * seL4_DebugHalt.  (A long name that does end is cut: long_name_is_cut.)
 */
#include <stdio.h>
#include <string.h>
#include <sel4/sel4.h>

int main(void)
{
    char *msg = (char *)&seL4_GetIPCBuffer()->msg[0];
    x64_sys_regs_t r = { .rdi = seL4_CapInitThreadTCB };

    memset(msg, 'n', seL4_MsgMaxLength * sizeof(seL4_Word));
    printf("naming this thread with %zu bytes and no NUL\n",
           (size_t)(seL4_MsgMaxLength * sizeof(seL4_Word)));
    x64_sys(seL4_SysDebugNameThread, &r);
    printf("named\n");
    return 0;
}
