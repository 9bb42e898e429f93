/*
 * write_own_code: patches the first byte of main() with a `ret`.
 *
 * The kernel maps the program's code read-only (and, like every user
 * page, executable), so the write is a VM fault on a present page (status
 * 0x7: present, write, user); the grader must call it a write to a
 * read-only page.  (seL4 maps the whole image read-write: there the write
 * would succeed; docs/kernel.md, "Instruction fetches".)
 */
#include <stdio.h>

int main(void)
{
    volatile unsigned char *code = (volatile unsigned char *)(void *)main;

    printf("patching main at %p\n", (void *)code);
    code[0] = 0xc3;
    printf("patched\n");
    return 0;
}
