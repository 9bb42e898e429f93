/*
 * simple/simple.h - "simple": a read-only view of what a program was given
 * at start-up (its initial caps, CNode size, untypeds, user-image frames,
 * extended BootInfo, device frames, IRQs and I/O ports), behind a table of
 * functions so the same calls work whatever supplies the facts.  For the
 * root task, simple_default_init_bootinfo() (simple-default.h) fills it
 * from the BootInfo.  The table, the hook types and the simple_get_*
 * functions have seL4_libs' names and signatures.
 *
 * Every simple_get_* function checks its argument first: a NULL simple
 * logs "Simple is NULL", a missing hook logs "<function> not implemented",
 * and the function returns its failure value (seL4_CapNull, -1, NULL or
 * seL4_InvalidArgument), as seL4_libs does.
 */
#pragma once

#include <autoconf.h>
#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sel4/sel4.h>
#include <utils/util.h>
#include <simple/cspacepath.h>
#include <simple/arch/simple.h>


/* Put a cap to the frame at paddr (2^size_bits bytes) into path. */
typedef seL4_Error (*simple_get_frame_cap_fn)(void *data, void *paddr, int size_bits,
                                              cspacepath_t *path);
/* The vaddr at which the frame at paddr is already mapped, or NULL. */
typedef void *(*simple_get_frame_mapping_fn)(void *data, void *paddr, int size_bits);
/* The untyped (or frame) cap covering paddr and the offset in it; the
 * vaddr if mapped, else NULL. */
typedef void *(*simple_get_frame_info_fn)(void *data, void *paddr, int size_bits,
                                          seL4_CPtr *cap, seL4_Word *ut_offset);
/* Give a VSpace an ASID from the program's ASID pool. */
typedef seL4_Error (*simple_ASIDPool_assign_fn)(void *data, seL4_CPtr vspace);
typedef int (*simple_get_cap_count_fn)(void *data);
typedef seL4_CPtr (*simple_get_nth_cap_fn)(void *data, int n);
/* The slot of an initial cap, given its seL4_CapInitThread... number. */
typedef seL4_CPtr (*simple_get_init_cap_fn)(void *data, seL4_CPtr cap);
typedef uint8_t (*simple_get_cnode_size_fn)(void *data);
typedef int (*simple_get_untyped_count_fn)(void *data);
typedef seL4_CPtr (*simple_get_nth_untyped_fn)(void *data, int n, size_t *size_bits,
                                               uintptr_t *paddr, bool *device);
typedef int (*simple_get_userimage_count_fn)(void *data);
typedef seL4_CPtr (*simple_get_nth_userimage_fn)(void *data, int n);
typedef int (*simple_get_core_count_fn)(void *data);
typedef void (*simple_print_fn)(void *data);
/* x86: the TSC frequency if known, else 0. */
typedef seL4_Word (*simple_get_arch_info_fn)(void *data);
/* Scheduling control cap of a core (MCS kernels only). */
typedef seL4_CPtr (*simple_get_sched_ctrl_fn)(void *data, int core);
/* Length (header included) of an extended-BootInfo record of this type, -1 if none. */
typedef ssize_t (*simple_get_extended_bootinfo_len_fn)(void *data, seL4_Word type);
/* Copy up to max_len bytes of that record into dest; the length copied, or -1. */
typedef ssize_t (*simple_get_extended_bootinfo_fn)(void *data, seL4_Word type, void *dest,
                                                   ssize_t max_len);

typedef struct simple_t {
    void *data;                                  /* handed to every hook */
    simple_get_frame_cap_fn frame_cap;
    simple_get_frame_mapping_fn frame_mapping;
    simple_get_frame_info_fn frame_info;
    simple_ASIDPool_assign_fn ASID_assign;
    simple_get_cap_count_fn cap_count;
    simple_get_nth_cap_fn nth_cap;
    simple_get_init_cap_fn init_cap;
    simple_get_cnode_size_fn cnode_size;
    simple_get_untyped_count_fn untyped_count;
    simple_get_nth_untyped_fn nth_untyped;
    simple_get_userimage_count_fn userimage_count;
    simple_get_nth_userimage_fn nth_userimage;
    simple_get_core_count_fn core_count;
    simple_print_fn print;
    simple_get_sched_ctrl_fn sched_ctrl;
    simple_get_arch_info_fn arch_info;
    simple_get_extended_bootinfo_len_fn extended_bootinfo_len;
    simple_get_extended_bootinfo_fn extended_bootinfo;
    arch_simple_t arch_simple;
} simple_t;

/* True (after logging) when simple or its hook is missing. */
#define SIMPLE_MISSING(simple, hook)                                        \
    __extension__({                                                         \
        bool simple_missing_ = true;                                        \
        if ((simple) == NULL)                                               \
            ZF_LOGE("Simple is NULL");                                      \
        else if ((simple)->hook == NULL)                                    \
            ZF_LOGE("%s not implemented", __func__);                        \
        else                                                                \
            simple_missing_ = false;                                        \
        simple_missing_;                                                    \
    })

static inline void *simple_get_frame_info(simple_t *simple, void *paddr, int size_bits,
                                          seL4_CPtr *frame_cap, seL4_Word *ut_offset)
{
    if (SIMPLE_MISSING(simple, frame_info))
        return NULL;
    return simple->frame_info(simple->data, paddr, size_bits, frame_cap, ut_offset);
}

static inline seL4_Error simple_get_frame_cap(simple_t *simple, void *paddr, int size_bits,
                                              cspacepath_t *path)
{
    if (SIMPLE_MISSING(simple, frame_cap))
        return seL4_InvalidArgument;
    return simple->frame_cap(simple->data, paddr, size_bits, path);
}

static inline void *simple_get_frame_vaddr(simple_t *simple, void *paddr, int size_bits)
{
    if (SIMPLE_MISSING(simple, frame_mapping))
        return NULL;
    return simple->frame_mapping(simple->data, paddr, size_bits);
}

/* An IRQ handler cap for irq into path (on x86 through the I/O APIC). */
static inline seL4_Error simple_get_IRQ_handler(simple_t *simple, int irq, cspacepath_t path)
{
    if (SIMPLE_MISSING(simple, arch_simple.irq))
        return seL4_InvalidArgument;
    return simple->arch_simple.irq(simple->data, irq, path.root, path.capPtr,
                                   (uint8_t)path.capDepth);
}

/* The old name of simple_get_IRQ_handler. */
static inline seL4_Error SEL4_DEPRECATED("Use simple_get_IRQ_handler")
simple_get_IRQ_control(simple_t *simple, int irq, cspacepath_t path)
{
    return simple_get_IRQ_handler(simple, irq, path);
}

static inline seL4_Error simple_ASIDPool_assign(simple_t *simple, seL4_CPtr vspace)
{
    if (SIMPLE_MISSING(simple, ASID_assign))
        return seL4_InvalidArgument;
    return simple->ASID_assign(simple->data, vspace);
}

/* An I/O port cap for [start_port, end_port] into (root, dest, depth). */
static inline seL4_Error simple_get_IOPort_cap(simple_t *simple, uint16_t start_port,
                                               uint16_t end_port, seL4_Word root,
                                               seL4_Word dest, seL4_Word depth)
{
    if (simple == NULL) {
        ZF_LOGE("Simple is NULL");
        return seL4_InvalidArgument;
    }
    return arch_simple_get_IOPort_cap(&simple->arch_simple, start_port, end_port, root, dest,
                                      depth);
}

/* All slots that hold initial caps, in a fixed order. */
static inline int simple_get_cap_count(simple_t *simple)
{
    if (SIMPLE_MISSING(simple, cap_count))
        return -1;
    return simple->cap_count(simple->data);
}

static inline seL4_CPtr simple_get_nth_cap(simple_t *simple, int n)
{
    if (SIMPLE_MISSING(simple, nth_cap))
        return seL4_CapNull;
    return simple->nth_cap(simple->data, n);
}

/* log2 of the number of slots in the initial CNode. */
static inline int simple_get_cnode_size_bits(simple_t *simple)
{
    if (SIMPLE_MISSING(simple, cnode_size))
        return -1;
    return simple->cnode_size(simple->data);
}

/* The cap in one of the fixed initial slots (seL4_CapInitThreadTCB, ...). */
static inline seL4_CPtr simple_init_cap(simple_t *simple, seL4_CPtr cap)
{
    if (SIMPLE_MISSING(simple, init_cap))
        return seL4_CapNull;
    return simple->init_cap(simple->data, cap);
}

static inline seL4_CPtr simple_get_init_cap(simple_t *simple, seL4_CPtr cap)
{
    return simple_init_cap(simple, cap);
}

static inline seL4_CPtr simple_get_cnode(simple_t *simple)
{
    return simple_init_cap(simple, seL4_CapInitThreadCNode);
}

static inline seL4_CPtr simple_get_tcb(simple_t *simple)
{
    return simple_init_cap(simple, seL4_CapInitThreadTCB);
}

static inline seL4_CPtr simple_get_pd(simple_t *simple)
{
    return simple_init_cap(simple, seL4_CapInitThreadPD);
}

static inline seL4_CPtr simple_get_irq_ctrl(simple_t *simple)
{
    return simple_init_cap(simple, seL4_CapIRQControl);
}

static inline int simple_get_untyped_count(simple_t *simple)
{
    if (SIMPLE_MISSING(simple, untyped_count))
        return -1;
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
        return -1;
    return simple->userimage_count(simple->data);
}

static inline seL4_CPtr simple_get_nth_userimage(simple_t *simple, int n)
{
    if (SIMPLE_MISSING(simple, nth_userimage))
        return seL4_CapNull;
    return simple->nth_userimage(simple->data, n);
}

static inline int simple_get_core_count(simple_t *simple)
{
    if (SIMPLE_MISSING(simple, core_count))
        return -1;
    return simple->core_count(simple->data);
}

/* The scheduling-control cap of a core: seL4_CapNull on a non-MCS kernel. */
static inline seL4_CPtr simple_get_sched_ctrl(simple_t *simple, int core)
{
    if (SIMPLE_MISSING(simple, sched_ctrl))
        return seL4_CapNull;
    return simple->sched_ctrl(simple->data, core);
}

/* Prints what simple knows (for the root task: the BootInfo summary). */
static inline void simple_print(simple_t *simple)
{
    if (SIMPLE_MISSING(simple, print))
        return;
    simple->print(simple->data);
}

static inline seL4_Word simple_get_arch_info(simple_t *simple)
{
    if (SIMPLE_MISSING(simple, arch_info))
        return 0;
    return simple->arch_info(simple->data);
}

static inline ssize_t simple_get_extended_bootinfo_length(simple_t *simple, seL4_Word type)
{
    if (SIMPLE_MISSING(simple, extended_bootinfo_len))
        return -1;
    return simple->extended_bootinfo_len(simple->data, type);
}

static inline ssize_t simple_get_extended_bootinfo(simple_t *simple, seL4_Word type,
                                                   void *dest, ssize_t max_len)
{
    if (SIMPLE_MISSING(simple, extended_bootinfo))
        return -1;
    return simple->extended_bootinfo(simple->data, type, dest, max_len);
}
