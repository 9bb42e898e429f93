/*
 * console_flood: prints numbered lines without end.
 *
 * The grader must stop QEMU once the console passes its limit (256 KiB)
 * and say `output_flood`, long before the time limit.
 */
#include <stdio.h>

int main(void)
{
    for (unsigned long i = 0;; i++)
        printf("line %lu: all work and no play\n", i);
}
