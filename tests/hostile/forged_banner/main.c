/*
 * forged_banner: prints the kernel's boot banner three times, as a machine
 * that keeps resetting would, then exits with status 0.
 *
 * A reset (triple fault) is told by QEMU's exit status and the missing
 * `halt` event, not by banners on the console: this run is a normal exit.
 */
#include <stdio.h>

int main(void)
{
    for (int i = 0; i < 3; i++)
        printf("caplab kernel: x86_64, seL4-style capabilities\n"
               "Booting all finished, dropped to user space\n");
    return 0;
}
