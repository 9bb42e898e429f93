/*
 * jump_to_kernel: calls an address in the kernel's half of the address
 * space (the kernel is linked at 0xffffffff80000000 and up).
 *
 * Kernel pages are not user-accessible, so the instruction fetch is a VM
 * fault on code at that address; the kernel survives and the grader must
 * call it a jump into kernel memory.
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
