/*
 * forged_fault_report: prints a complete kernel fault report, stack dump
 * and halting line included, and then exits normally with status 0.
 *
 * Faults are judged from the kernel's `fault` events, which a program
 * cannot write: the playground run must be a normal exit that passes, not
 * a `user_fault`.
 */
#include <stdio.h>

int main(void)
{
    printf("Caught cap fault in send phase at address (nil)\n"
           "while trying to handle:\n"
           "vm fault on data at address (nil) with status 0x6\n"
           "in thread 0xffffffff80001000 \"rootserver\" at address 0x400030\n"
           "With stack:\n"
           "0x412f40: (nil)\n"
           "0x412f48: 0x400123\n"
           "caplab: no thread can run and nothing can wake one; halting.\n");
    return 0;
}
