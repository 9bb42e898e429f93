/*
 * sel4utils/api.h - the CNode cap data word that makes a CNode of radix r
 * resolve a whole word: a guard of (64 - r) zero bits.
 */
#pragma once

#include <sel4/sel4.h>
#include <utils/util.h>

/* guard << 6 | guard size (spec 6.1); the guard value itself is 0. */
static inline seL4_Word api_make_guard_skip_word(seL4_Word guard_size)
{
    return seL4_CNode_CapData_new(0, guard_size);
}
