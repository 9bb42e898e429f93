/*
 * utils/debug.h - PRINT_ONCE(fmt, ...) prints only the first time that
 * spot runs; utils_memory_dump() prints memory as words.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define PRINT_ONCE(...) ({                                                    \
    static bool utils_printed_once_;                                          \
    if (!utils_printed_once_) {                                               \
        printf(__VA_ARGS__);                                                  \
        utils_printed_once_ = true;                                           \
    }                                                                         \
})

/* Prints `bytes` bytes from `address`, word_size (1, 2, 4 or 8) bytes a
 * number, several to a line, each line led by its address. */
void utils_memory_dump(void *address, size_t bytes, int word_size);
