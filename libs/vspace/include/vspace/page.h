/*
 * vspace/page.h - which frame sizes exist (see <vspace/arch/page.h>) and
 * helpers over that list.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sel4/sel4.h>
#include <utils/arith.h>
#include <vspace/arch/page.h>

#define SEL4_NUM_PAGE_SIZES ((int)ARRAY_SIZE(sel4_page_sizes))

/* True if size_bits is one of the frame sizes (12, 21 or 30 here). */
static inline bool sel4_valid_size_bits(size_t size_bits)
{
    for (int i = 0; i < SEL4_NUM_PAGE_SIZES; i++) {
        if (sel4_page_sizes[i] == size_bits) {
            return true;
        }
    }
    return false;
}

/* The largest frame size that fits in size_bytes at least once (the
 * smallest size if none does). */
static inline int sel4_page_size_bits_for_memory_region(size_t size_bytes)
{
    int best = 0;

    for (int i = 1; i < SEL4_NUM_PAGE_SIZES; i++) {
        if ((size_bytes >> sel4_page_sizes[i]) != 0) {
            best = i;
        }
    }
    return (int)sel4_page_sizes[best];
}

/* The frame object type of a size, or (seL4_Word)-1. */
static inline seL4_Word sel4_page_type(size_t size_bits)
{
    switch (size_bits) {
    case seL4_PageBits:      return seL4_X86_4K;
    case seL4_LargePageBits: return seL4_X86_LargePageObject;
    case seL4_HugePageBits:  return seL4_X64_HugePageObject;
    default:                 return (seL4_Word)-1;
    }
}
