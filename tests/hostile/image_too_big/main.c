/*
 * image_too_big: a root task with 16 MiB of initialised data.
 *
 * The kernel loads at most 8 MiB of root-task image; it refuses this one
 * before it runs, prints why and halts with reason `boot_error`.  The
 * grader must give the verdict `boot_error` with the kernel's reason, not
 * "unknown reason".  (The first byte is non-zero and read in main, so the
 * array is neither optimised away nor moved to bss.)
 */
#include <stdio.h>

char big[16 << 20] = { 1 };

int main(void)
{
    printf("big[0] = %d\n", big[0]);
    return 0;
}
