/*
 * huge_number: prints TASK 1's header with a count of 5000 digits.
 *
 * The line has the right shape, so the step's check function reads the
 * number, and Python refuses to convert a decimal string that long.  The
 * check's error must fail the step with a message, not stop the grader
 * with a traceback.
 */
#include <stdio.h>

int main(void)
{
    printf("untypeds: ");
    for (int i = 0; i < 5000; i++)
        putchar('9');
    printf(" caps in slots [1, 2)\n");
    printf("untyped 1: paddr 0x0 size_bits 12 ram\n");
    return 0;
}
