/*
 * sel4utils/api.h - small seL4_libs helpers: the CNode cap data word of a
 * guard (api_make_guard_word), the guard that makes a CNode of radix r
 * resolve a whole word (api_make_guard_skip_word(64 - r)), and the MCS /
 * non-MCS wrappers of <sel4utils/mcs_api.h>.
 */
#pragma once

#include <sel4/sel4.h>
#include <utils/util.h>
#include <sel4utils/mcs_api.h>

/* guard << 6 | guard size (spec 6.1), as the raw word invocations take. */
static inline seL4_Word api_make_guard_word(seL4_Word guard, seL4_Word guard_size)
{
    return seL4_CNode_CapData_new(guard, guard_size).words[0];
}

/* A guard of guard_size zero bits: it skips them. */
static inline seL4_Word api_make_guard_skip_word(seL4_Word guard_size)
{
    return api_make_guard_word(0, guard_size);
}
