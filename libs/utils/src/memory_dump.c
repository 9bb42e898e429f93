/*
 * memory_dump.c - utils_memory_dump(): memory as numbers, for debugging.
 */
#include <stdint.h>
#include <stdio.h>
#include <utils/debug.h>

#define DUMP_LINE_BYTES 16

static unsigned long long word_at(const unsigned char *p, int word_size)
{
    unsigned long long v = 0;

    for (int i = word_size - 1; i >= 0; i--)
        v = (v << 8) | p[i];           /* little endian */
    return v;
}

void utils_memory_dump(void *address, size_t bytes, int word_size)
{
    const unsigned char *p = address;

    if (word_size != 1 && word_size != 2 && word_size != 4 && word_size != 8) {
        printf("utils_memory_dump: word size %d is not 1, 2, 4 or 8\n", word_size);
        return;
    }
    for (size_t at = 0; at < bytes; at += DUMP_LINE_BYTES) {
        printf("%p:", (void *)(p + at));
        for (size_t i = at; i + (size_t)word_size <= bytes && i < at + DUMP_LINE_BYTES;
             i += (size_t)word_size)
            printf(" %0*llx", word_size * 2, word_at(p + i, word_size));
        printf("\n");
    }
}
