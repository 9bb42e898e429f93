/*
 * priv_outb_exit_device: the root task tries to write to the isa-debug-exit
 * port (0xF4), which would end QEMU at once with a status of the program's
 * choosing.
 *
 * User code runs in ring 3 with IOPL 0, so the CPU refuses and raises a
 * general protection exception (#GP).  The kernel must make it a user fault
 * (UserException, vector 0xd), suspend the thread and carry on: it halts
 * normally (reason `idle`) once nothing can run, so QEMU stops through the
 * kernel, not through the program.
 */
#include <stdio.h>

#define INSTRUCTIONS "mov $0x0, %al; outb %al, $0xf4"

int main(void)
{
    printf("about to run: %s\n", INSTRUCTIONS);
    __asm__ volatile("mov $0x0, %%al\n\toutb %%al, $0xf4" ::: "rax", "rdx", "memory");
    printf("still running after: %s\n", INSTRUCTIONS);
    return 0;
}
