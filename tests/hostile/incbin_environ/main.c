/*
 * incbin_environ: the assembler copies its own /proc/self/environ into the
 * image, and the program prints it.  (/proc files say size 0, and as reads
 * no more than that today; were it to read the file, it would find the
 * build's own fixed environment: PATH, HOME, TMPDIR, LC_ALL.)  The test
 * gives the grader a secret variable that must appear nowhere.
 */
#include <stdio.h>

extern const char environ_start[], environ_end[];

__asm__(".section .rodata\n"
        ".globl environ_start, environ_end\n"
        "environ_start: .incbin \"/proc/self/environ\"\n"
        "environ_end: .byte 0\n"
        ".previous");

int main(void)
{
    for (const char *p = environ_start; p < environ_end; p++)
        putchar(*p ? *p : '\n');
    printf("\nend of the build's environment\n");
    return 0;
}
