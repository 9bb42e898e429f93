/*
 * allocman/allocman.h - the allocation manager: one object that owns
 *
 *   - an mspace: memory for its own bookkeeping, carved from a pool the
 *     caller gives at bootstrap (no malloc), optionally growing into a
 *     virtual range of fresh frames (bootstrap_configure_virtual_pool);
 *   - a cspace: the free slots of one single-level CNode, as a bitmap;
 *   - a utspace: untyped memory as a buddy tree.  An object of 2^n bytes
 *     is retyped from an untyped of exactly 2^n bytes, split off a larger
 *     free one (Untyped_Retype into two halves) as needed.  A freed
 *     object's untyped is reused as soon as it is needed again (revoked
 *     first if a copy of the old cap is still around, so no stale cap
 *     outlives its memory); free buddies are joined again when a bigger
 *     piece or a slot is wanted, so memory and slots come back and can be
 *     handed out in any size.
 *
 * Most programs only call bootstrap_use_current_simple (bootstrap.h) and
 * allocman_make_vka (vka.h), then use the vka interface.  The fields of
 * allocman_t are ours, not seL4_libs' (which nothing outside allocman
 * reads); declare one statically or let bootstrap place it in the pool.
 */
#pragma once

#include <assert.h>
#include <autoconf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sel4/sel4.h>
#include <vka/cspacepath_t.h>

/* "Any physical address" for allocman_utspace_alloc_at. */
#define ALLOCMAN_NO_PADDR 1

/* Kinds of untyped given to allocman_utspace_add_uts. */
#define ALLOCMAN_UT_KERNEL  0   /* RAM: any object */
#define ALLOCMAN_UT_DEV     1   /* device memory: frames at a paddr only */
#define ALLOCMAN_UT_DEV_MEM 2   /* RAM behind a device untyped: frames only */

#define ALLOCMAN_MSPACE_CLASSES 20  /* free lists: 16..256 by 16, 512..4096 */

struct allocman_ut_node;

typedef struct allocman {
    /* mspace: a bump region, then per-size free lists */
    char *pool_next, *pool_end;
    void *mspace_free[ALLOCMAN_MSPACE_CLASSES];
    uintptr_t vpool_next, vpool_end;   /* virtual pool, 0 if none */
    seL4_CPtr vpool_pd;
    bool growing;

    /* cspace: one CNode, slots [first_slot, end_slot) */
    bool have_cspace;
    seL4_CPtr root_cnode;
    seL4_Word cnode_depth;
    seL4_CPtr first_slot, end_slot, next_hint;
    uint64_t *slot_bitmap;             /* bit set = slot in use */
    size_t slots_free;

    /* utspace: the untypeds we were given, and free nodes by size */
    bool have_utspace;
    struct allocman_ut_node *roots;
    struct allocman_ut_node *ut_free[seL4_WordBits];
    size_t ut_free_bytes;
} allocman_t;

/* Bookkeeping memory (from the pool); NULL and *_error != 0 when out. */
void *allocman_mspace_alloc(allocman_t *alloc, size_t bytes, int *_error);
void allocman_mspace_free(allocman_t *alloc, void *ptr, size_t bytes);

/* A free slot of the managed CNode; 0 on success. */
int allocman_cspace_alloc(allocman_t *alloc, cspacepath_t *slot);
void allocman_cspace_free(allocman_t *alloc, const cspacepath_t *slot);
cspacepath_t allocman_cspace_make_path(allocman_t *alloc, seL4_CPtr slot);

/*
 * Retypes one object of `type` into the empty slot `path`.  size_bits is
 * the memory the object takes (log2 bytes; for a CNode radix + 5), not the
 * Retype argument.  paddr: where it must start, or ALLOCMAN_NO_PADDR.
 * Returns the cookie for allocman_utspace_free; *_error 0 on success.
 */
seL4_Word allocman_utspace_alloc_at(allocman_t *alloc, size_t size_bits, seL4_Word type,
                                    const cspacepath_t *path, uintptr_t paddr, bool canBeDev,
                                    int *_error);

static inline seL4_Word allocman_utspace_alloc(allocman_t *alloc, size_t size_bits,
                                               seL4_Word type, const cspacepath_t *path,
                                               bool canBeDev, int *_error)
{
    return allocman_utspace_alloc_at(alloc, size_bits, type, path, ALLOCMAN_NO_PADDR,
                                     canBeDev, _error);
}

/* Gives the memory back (delete the object's cap first; copies left over
 * are deleted when the memory is next used). */
void allocman_utspace_free(allocman_t *alloc, seL4_Word cookie, size_t size_bits);
uintptr_t allocman_utspace_paddr(allocman_t *alloc, seL4_Word cookie, size_t size_bits);

/*
 * Hands untypeds to the allocator: num caps (paths in its CSpace), their
 * sizes and physical addresses (paddr may be NULL: then unknown, and
 * allocation at a paddr cannot use them).  utType: ALLOCMAN_UT_*.
 */
int allocman_utspace_add_uts(allocman_t *alloc, size_t num, const cspacepath_t *uts,
                             size_t *size_bits, uintptr_t *paddr, int utType);

/* Bytes of RAM untyped not handed out (free buddies). */
size_t allocman_utspace_free_bytes(allocman_t *alloc);
/* Slots of the managed CNode not handed out. */
size_t allocman_cspace_free_slots(allocman_t *alloc);
