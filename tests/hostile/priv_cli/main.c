/*
 * priv_cli: the root task tries to turn interrupts off (cli), which would
 * stop the kernel's timer.
 *
 * User code runs in ring 3 with IOPL 0, so the CPU refuses and raises a
 * general protection exception (#GP).  The kernel must make it a user fault
 * (UserException, vector 0xd), suspend the thread and carry on: it halts
 * normally (reason `idle`) once nothing can run, so QEMU stops through the
 * kernel, not through the program.
 */
#include <stdio.h>

#define INSTRUCTIONS "cli"

int main(void)
{
    printf("about to run: %s\n", INSTRUCTIONS);
    __asm__ volatile("cli" ::: "rax", "rdx", "memory");
    printf("still running after: %s\n", INSTRUCTIONS);
    return 0;
}
