/*
 * noncanonical_rip: starts a thread at 0x800000000000, just above the
 * highest user address, where no canonical x86-64 address is.
 *
 * Returning to user mode with such an RIP is a classic way to fault
 * inside the kernel (a SYSRET to a non-canonical address raises #GP in
 * ring 0).  The kernel cleans such a value up when the registers are
 * written (to 0, as seL4 does), so the thread takes an ordinary fault at
 * address 0: a `user_fault` of that thread, and the root task exits
 * normally after it.
 */
#include <stdio.h>
#include "hostile.h"

#define NON_CANONICAL 0x0000800000000000ul

int main(void)
{
    hostile_thread((void (*)(seL4_Word))NON_CANONICAL, 0, NULL);
    seL4_Yield();                      /* let it run (same priority) */
    printf("root task: still here\n");
    return 0;
}
