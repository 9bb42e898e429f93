/*
 * allocman/bootstrap.h - getting an allocman going in a program that has
 * nothing allocated yet.
 *
 * The pool is the memory allocman keeps its own bookkeeping in until (and
 * besides) a virtual pool: give it a static array that lives for ever.
 * A few tens of KiB is enough for a root task; the bookkeeping of one
 * split untyped costs about 64 bytes.  On failure these return NULL (after
 * logging why) and leave whatever they did in place.
 */
#pragma once

#include <stddef.h>
#include <string.h>
#include <sel4/sel4.h>
#include <simple/simple.h>
#include <allocman/allocman.h>
#include <vspace/vspace.h>

/* An allocman with only the pool: no slots, no untypeds yet. */
allocman_t *bootstrap_create_allocman(size_t pool_size, void *pool);

/*
 * The root task's current CSpace (as simple describes it): free slots from
 * just after the last initial cap up to the end of the CNode, every
 * untyped simple knows about.
 */
allocman_t *bootstrap_use_current_simple(simple_t *simple, size_t pool_size, void *pool);

/* As above from BootInfo: free slots = bi->empty, untypeds = bi->untyped. */
allocman_t *bootstrap_use_bootinfo(seL4_BootInfo *bi, size_t pool_size, void *pool);

/*
 * Reuse a single-level CSpace you describe: root_cnode (a cap, resolved
 * with depth 64), its radix cnode_size, free slots [start_slot, end_slot).
 * Add untypeds yourself (allocman_utspace_add_uts / _add_simple_untypeds).
 */
allocman_t *bootstrap_use_current_1level(seL4_CPtr root_cnode, size_t cnode_size,
                                         seL4_CPtr start_slot, seL4_CPtr end_slot,
                                         size_t pool_size, void *pool);

/* Every untyped simple lists; 0 on success. */
int allocman_add_simple_untypeds(allocman_t *alloc, simple_t *simple);

/*
 * Lets the bookkeeping grow past the pool: frames are allocated and mapped
 * (with page tables as needed) into [vstart, vstart + vsize) of the
 * address space whose root is pd.  Reserve that range in your vspace.
 */
void bootstrap_configure_virtual_pool(allocman_t *alloc, void *vstart, size_t vsize,
                                      seL4_CPtr pd);
