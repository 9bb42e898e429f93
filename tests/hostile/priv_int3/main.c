/*
 * priv_int3: the root task tries to raise a breakpoint (int3) with no
 * debugger attached.
 *
 * The kernel's gate for vector 3 is open to ring 3, as on seL4, so the CPU
 * raises a breakpoint exception.  The kernel must make it a user fault
 * (UserException, vector 3), suspend the thread and carry on: it halts
 * normally (reason `idle`) once nothing can run, so QEMU stops through the
 * kernel, not through the program.
 */
#include <stdio.h>

#define INSTRUCTIONS "int3"

int main(void)
{
    printf("about to run: %s\n", INSTRUCTIONS);
    __asm__ volatile("int3" ::: "rax", "rdx", "memory");
    printf("still running after: %s\n", INSTRUCTIONS);
    return 0;
}
