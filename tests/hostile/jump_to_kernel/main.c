/*
 * jump_to_kernel: calls an address in the kernel's half of the address
 * space (the kernel is linked at 0xffffffff80000000 and up).
 *
 * Kernel pages are not user-accessible, so the instruction fetch faults at
 * that address.  As on seL4 x86_64 (no NX, no SMEP), the CPU reports it as
 * a user read of a present page: "vm fault on data ... with status 0x5",
 * with the fault address equal to the IP.  The kernel survives and the
 * grader must call it a jump into kernel memory.
 */
#include <stdio.h>

#define KERNEL_ADDRESS 0xffffffff80100000ul

int main(void)
{
    void (*kernel)(void) = (void (*)(void))KERNEL_ADDRESS;

    printf("calling 0x%lx\n", KERNEL_ADDRESS);
    kernel();
    printf("came back\n");
    return 0;
}
