/*
 * long_thread_name: names its own thread with 1199 characters, more than
 * the message registers hold (960 bytes), so the name has no end there.
 *
 * seL4 halts the machine on such a seL4_DebugNameThread (a shorter name
 * that is merely too long is cut), and so does the caplab kernel, with a
 * user-error line that says why.  The grader must
 * say that the kernel halted it, and why, not that the program called
 * seL4_DebugHalt.
 */
#include <stdio.h>
#include <string.h>
#include <sel4/sel4.h>

int main(void)
{
    char name[1200];

    memset(name, 'n', sizeof(name) - 1);
    name[sizeof(name) - 1] = '\0';
    printf("naming this thread with %zu characters\n", strlen(name));
    seL4_DebugNameThread(seL4_CapInitThreadTCB, name);
    printf("named\n");
    return 0;
}
