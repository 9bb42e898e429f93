/*
 * allocman_internal.h - what the parts of allocman share: the untyped
 * tree node, and the calls between mspace, cspace and utspace.
 */
#pragma once

#include <allocman/allocman.h>

/* BUSY: taken off the free lists by an allocation still in progress (so a
 * coalesce that runs meanwhile, to find slots, leaves it alone). */
enum ut_state { UT_FREE, UT_SPLIT, UT_USED, UT_BUSY };

/*
 * One untyped cap of the buddy tree.  A root came from outside (boot
 * untypeds) and is never deleted; every other node is one half of its
 * parent, made by Untyped_Retype, in a slot allocman owns.
 */
typedef struct allocman_ut_node {
    seL4_CPtr cap;
    uintptr_t paddr;             /* ALLOCMAN_NO_PADDR when unknown */
    uint8_t size_bits;
    uint8_t state;               /* enum ut_state */
    uint8_t kind;                /* ALLOCMAN_UT_* */
    struct allocman_ut_node *parent, *child[2];
    struct allocman_ut_node *next, *prev;   /* free list (FREE RAM nodes) */
    struct allocman_ut_node *next_root;     /* root list (roots only) */
} ut_node_t;

/* Keep this much pool free before a big operation may need it. */
#define MSPACE_LOW_WATER 8192

void mspace_maybe_grow(allocman_t *alloc);

/* Map the 4 KiB frame cap at vaddr in vspace root pd, making missing
 * paging structures from this allocator (they are never freed). */
int allocman_map_page_internal(allocman_t *alloc, seL4_CPtr pd, seL4_CPtr frame, uintptr_t vaddr);

int allocman_attach_1level(allocman_t *alloc, seL4_CPtr root, seL4_Word depth,
                           seL4_CPtr first, seL4_CPtr end);

/* Joins free buddy untypeds everywhere, giving their slots back. */
void allocman_utspace_coalesce(allocman_t *alloc);
