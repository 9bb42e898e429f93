/*
 * priv_hlt: the root task tries to stop the CPU until the next interrupt
 * (hlt).
 *
 * User code runs in ring 3 with IOPL 0, so the CPU refuses and raises a
 * general protection exception (#GP).  The kernel must make it a user fault
 * (UserException, vector 0xd), suspend the thread and carry on: it halts
 * normally (reason `idle`) once nothing can run, so QEMU stops through the
 * kernel, not through the program.
 */
#include <stdio.h>

#define INSTRUCTIONS "hlt"

int main(void)
{
    printf("about to run: %s\n", INSTRUCTIONS);
    __asm__ volatile("hlt" ::: "rax", "rdx", "memory");
    printf("still running after: %s\n", INSTRUCTIONS);
    return 0;
}
