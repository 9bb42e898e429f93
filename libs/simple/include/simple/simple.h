/*
 * simple/simple.h - "simple": a small read-only view of what a program
 * was given at start-up (its initial caps, CNode size, untypeds), behind a
 * table of functions so the same calls work whatever supplies the facts.
 * For the root task, simple_default_init_bootinfo() (simple-default.h)
 * fills it from BootInfo.
 *
 * Every simple_get_* function checks its argument and logs an error
 * (returning 0 / seL4_CapNull) when simple or the needed hook is missing.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sel4/sel4.h>
#include <utils/zf_log.h>

typedef seL4_CPtr (*simple_get_init_cap_fn)(void *data, seL4_CPtr cap);
typedef uint8_t (*simple_get_cnode_size_fn)(void *data);
typedef int (*simple_get_untyped_count_fn)(void *data);
typedef seL4_CPtr (*simple_get_nth_untyped_fn)(void *data, int n, size_t *size_bits,
                                               uintptr_t *paddr, bool *device);
typedef int (*simple_get_userimage_count_fn)(void *data);
typedef seL4_CPtr (*simple_get_nth_userimage_fn)(void *data, int n);
typedef int (*simple_get_cap_count_fn)(void *data);
typedef seL4_CPtr (*simple_get_nth_cap_fn)(void *data, int n);
typedef int (*simple_get_core_count_fn)(void *data);
typedef void (*simple_print_fn)(void *data);

typedef struct simple_t {
    void *data;                                  /* handed to every hook */
    simple_get_init_cap_fn init_cap;
    simple_get_cnode_size_fn cnode_size;
    simple_get_untyped_count_fn untyped_count;
    simple_get_nth_untyped_fn nth_untyped;
    simple_get_userimage_count_fn userimage_count;
    simple_get_nth_userimage_fn nth_userimage;
    simple_get_cap_count_fn cap_count;
    simple_get_nth_cap_fn nth_cap;
    simple_get_core_count_fn core_count;
    simple_print_fn print;
} simple_t;

/* True (after logging) when simple or its hook is missing. */
#define SIMPLE_MISSING(simple, hook)                                        \
    __extension__({                                                         \
        bool simple_missing_ = true;                                        \
        if ((simple) == NULL)                                               \
            ZF_LOGE("simple is NULL");                                      \
        else if ((simple)->hook == NULL)                                    \
            ZF_LOGE("simple has no " #hook " hook");                        \
        else                                                                \
            simple_missing_ = false;                                        \
        simple_missing_;                                                    \
    })

/* The cap in one of the fixed initial slots (seL4_CapInitThreadTCB, ...). */
static inline seL4_CPtr simple_get_init_cap(simple_t *simple, seL4_CPtr cap)
{
    if (SIMPLE_MISSING(simple, init_cap))
        return seL4_CapNull;
    return simple->init_cap(simple->data, cap);
}

static inline seL4_CPtr simple_get_cnode(simple_t *simple)
{
    return simple_get_init_cap(simple, seL4_CapInitThreadCNode);
}

static inline seL4_CPtr simple_get_tcb(simple_t *simple)
{
    return simple_get_init_cap(simple, seL4_CapInitThreadTCB);
}

static inline seL4_CPtr simple_get_pd(simple_t *simple)
{
    return simple_get_init_cap(simple, seL4_CapInitThreadPD);
}

static inline seL4_CPtr simple_get_irq_ctrl(simple_t *simple)
{
    return simple_get_init_cap(simple, seL4_CapIRQControl);
}

/* log2 of the number of slots in the initial CNode. */
static inline int simple_get_cnode_size_bits(simple_t *simple)
{
    if (SIMPLE_MISSING(simple, cnode_size))
        return 0;
    return simple->cnode_size(simple->data);
}

static inline int simple_get_untyped_count(simple_t *simple)
{
    if (SIMPLE_MISSING(simple, untyped_count))
        return 0;
    return simple->untyped_count(simple->data);
}

/* The n-th untyped cap; its size, physical address and device flag go to
 * the out-parameters (any of which may be NULL). */
static inline seL4_CPtr simple_get_nth_untyped(simple_t *simple, int n, size_t *size_bits,
                                               uintptr_t *paddr, bool *device)
{
    if (SIMPLE_MISSING(simple, nth_untyped))
        return seL4_CapNull;
    return simple->nth_untyped(simple->data, n, size_bits, paddr, device);
}

static inline int simple_get_userimage_count(simple_t *simple)
{
    if (SIMPLE_MISSING(simple, userimage_count))
        return 0;
    return simple->userimage_count(simple->data);
}

static inline seL4_CPtr simple_get_nth_userimage(simple_t *simple, int n)
{
    if (SIMPLE_MISSING(simple, nth_userimage))
        return seL4_CapNull;
    return simple->nth_userimage(simple->data, n);
}

/* All slots that hold (or are reserved for) initial caps, in order. */
static inline int simple_get_cap_count(simple_t *simple)
{
    if (SIMPLE_MISSING(simple, cap_count))
        return 0;
    return simple->cap_count(simple->data);
}

static inline seL4_CPtr simple_get_nth_cap(simple_t *simple, int n)
{
    if (SIMPLE_MISSING(simple, nth_cap))
        return seL4_CapNull;
    return simple->nth_cap(simple->data, n);
}

/* The highest slot holding an initial cap: allocators start after it. */
static inline seL4_CPtr simple_last_valid_cap(simple_t *simple)
{
    seL4_CPtr last = seL4_CapNull;

    for (int i = 0; i < simple_get_cap_count(simple); i++) {
        seL4_CPtr cap = simple_get_nth_cap(simple, i);
        if (cap > last)
            last = cap;
    }
    return last;
}

static inline int simple_get_core_count(simple_t *simple)
{
    if (SIMPLE_MISSING(simple, core_count))
        return 0;
    return simple->core_count(simple->data);
}

/* Prints what simple knows (for the root task: the BootInfo summary). */
static inline void simple_print(simple_t *simple)
{
    if (SIMPLE_MISSING(simple, print))
        return;
    simple->print(simple->data);
}
