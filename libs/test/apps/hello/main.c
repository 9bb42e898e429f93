/*
 * hello/main.c - the smallest test app: prints a line with its arguments
 * and sends its badge-carrying endpoint (argv[1]) one word, argv[2].
 */
#include <stdio.h>
#include <stdlib.h>
#include <sel4/sel4.h>

int main(int argc, char *argv[])
{
    seL4_CPtr ep = argc > 1 ? (seL4_CPtr)strtoul(argv[1], NULL, 10) : 0;
    seL4_Word word = argc > 2 ? strtoul(argv[2], NULL, 10) : 0;

    if (argc > 3)
        printf("hello: %s %s %s\n", argv[0], argv[1], argv[2]);
    seL4_SetMR(0, word);
    seL4_Send(ep, seL4_MessageInfo_new(0, 0, 0, 1));
    return 0;
}
