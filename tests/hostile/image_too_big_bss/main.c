/*
 * image_too_big_bss: a root task with a 16 MiB zero-initialised array.
 *
 * Nothing of it is in the ELF file, but it is part of the image the
 * kernel must map, so the kernel refuses it as too big (`boot_error`).
 * Under `grader run` the program never exits: the exit status is 1 and
 * stderr names the kernel's reason.
 */
#include <stdio.h>

char big[16 << 20];      /* not static: gcc cannot drop what other files might use */

int main(void)
{
    big[sizeof(big) - 1] = 1;
    printf("big ends at %p\n", (void *)&big[sizeof(big) - 1]);
    return 0;
}
