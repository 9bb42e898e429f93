/*
 * priv_int_0x80: the root task tries to raise interrupt 0x80, the old Linux
 * system call.
 *
 * The kernel has no gate for vector 0x80 that ring 3 may use, so the CPU
 * raises a general protection exception (#GP).  The kernel must make it a
 * user fault (UserException, vector 0xd), suspend the thread and carry on:
 * it halts normally (reason `idle`) once nothing can run, so QEMU stops
 * through the kernel, not through the program.
 */
#include <stdio.h>

#define INSTRUCTIONS "int $0x80"

int main(void)
{
    printf("about to run: %s\n", INSTRUCTIONS);
    __asm__ volatile("int $0x80" ::: "rax", "rdx", "memory");
    printf("still running after: %s\n", INSTRUCTIONS);
    return 0;
}
