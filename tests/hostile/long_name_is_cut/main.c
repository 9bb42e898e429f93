/*
 * long_name_is_cut: names its own thread with 899 characters, more than
 * the kernel keeps (847 and the terminating NUL, seL4's x86_64 length) but
 * fewer than the message registers hold.  As on seL4, the name is
 * cut to what fits and the program goes on: the kernel's next user-error
 * line (a TCB invocation on an empty slot) names the thread by its first
 * 847 characters, and main returns 0.
 */
#include <stdio.h>
#include <string.h>
#include <sel4/sel4.h>

int main(void)
{
    char name[900];

    memset(name, 'n', sizeof(name) - 1);
    name[sizeof(name) - 1] = '\0';
    printf("naming this thread with %zu characters\n", strlen(name));
    seL4_DebugNameThread(seL4_CapInitThreadTCB, name);
    seL4_TCB_Suspend(0xfff);
    printf("named and still running\n");
    return 0;
}
