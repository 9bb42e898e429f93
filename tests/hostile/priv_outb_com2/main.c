/*
 * priv_outb_com2: the root task tries to write a byte to COM2 (port 0x2F8),
 * the kernel's event channel, to forge an event.
 *
 * User code runs in ring 3 with IOPL 0, so the CPU refuses and raises a
 * general protection exception (#GP).  The kernel must make it a user fault
 * (UserException, vector 0xd), suspend the thread and carry on: it halts
 * normally (reason `idle`) once nothing can run, so QEMU stops through the
 * kernel, not through the program.
 */
#include <stdio.h>

#define INSTRUCTIONS "mov $0x2f8, %dx; mov $0x7b, %al; outb %al, %dx"

int main(void)
{
    printf("about to run: %s\n", INSTRUCTIONS);
    __asm__ volatile("mov $0x2f8, %%dx\n\tmov $0x7b, %%al\n\toutb %%al, %%dx" ::: "rax", "rdx", "memory");
    printf("still running after: %s\n", INSTRUCTIONS);
    return 0;
}
