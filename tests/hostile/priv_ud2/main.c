/*
 * priv_ud2: the root task tries to run ud2, an instruction defined to be
 * undefined.
 *
 * The CPU has no such instruction and raises an invalid-opcode exception
 * (#UD).  The kernel must make it a user fault (UserException, vector 0x6),
 * suspend the thread and carry on: it halts normally (reason `idle`) once
 * nothing can run, so QEMU stops through the kernel, not through the
 * program.
 */
#include <stdio.h>

#define INSTRUCTIONS "ud2"

int main(void)
{
    printf("about to run: %s\n", INSTRUCTIONS);
    __asm__ volatile("ud2" ::: "rax", "rdx", "memory");
    printf("still running after: %s\n", INSTRUCTIONS);
    return 0;
}
