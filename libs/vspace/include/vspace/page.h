/*
 * vspace/page.h - which frame sizes exist on x86_64, and their types.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sel4/sel4.h>

#define SEL4_NUM_PAGE_SIZES 3

static const size_t sel4_page_sizes[SEL4_NUM_PAGE_SIZES] __attribute__((unused)) = {
    seL4_PageBits, seL4_LargePageBits, seL4_HugePageBits,
};

/* True for 12, 21 and 30 (4 KiB, 2 MiB, 1 GiB). */
static inline bool sel4_valid_size_bits(size_t size_bits)
{
    return size_bits == seL4_PageBits || size_bits == seL4_LargePageBits ||
           size_bits == seL4_HugePageBits;
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
