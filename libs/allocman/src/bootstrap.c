/*
 * bootstrap.c - making an allocman from nothing but a memory pool.
 *
 * The allocman_t itself is the first thing cut from the pool, so the
 * caller needs nothing else.  The free slots of the current CSpace come
 * from simple (after its last initial cap) or BootInfo (its empty region);
 * every untyped simple or BootInfo lists is added, RAM and device.
 */
#include <string.h>
#include <utils/util.h>
#include <allocman/allocman.h>
#include <allocman/bootstrap.h>
#include <simple/simple_helpers.h>
#include "allocman_internal.h"

allocman_t *bootstrap_create_allocman(size_t pool_size, void *pool)
{
    uintptr_t start = ALIGN_UP((uintptr_t)pool, 16);
    uintptr_t end = (uintptr_t)pool + pool_size;
    allocman_t *alloc;

    if (pool == NULL || end < start + sizeof(allocman_t) + 1024) {
        ZF_LOGE("allocman: pool of %zu bytes is too small", pool_size);
        return NULL;
    }
    alloc = (allocman_t *)start;
    memset(alloc, 0, sizeof(*alloc));
    alloc->pool_next = (char *)ALIGN_UP(start + sizeof(*alloc), 16);
    alloc->pool_end = (char *)end;
    return alloc;
}

allocman_t *bootstrap_use_current_1level(seL4_CPtr root_cnode, size_t cnode_size,
                                         seL4_CPtr start_slot, seL4_CPtr end_slot,
                                         size_t pool_size, void *pool)
{
    allocman_t *alloc = bootstrap_create_allocman(pool_size, pool);

    if (alloc == NULL)
        return NULL;
    if (cnode_size == 0 || cnode_size >= seL4_WordBits || end_slot > BIT(cnode_size)) {
        ZF_LOGE("allocman: slots [%lu, %lu) do not fit a CNode of %zu bits",
                (unsigned long)start_slot, (unsigned long)end_slot, cnode_size);
        return NULL;
    }
    if (allocman_attach_1level(alloc, root_cnode, seL4_WordBits, start_slot, end_slot) != 0)
        return NULL;
    return alloc;
}

int allocman_add_simple_untypeds(allocman_t *alloc, simple_t *simple)
{
    int count = simple_get_untyped_count(simple);

    for (int i = 0; i < count; i++) {
        size_t bits;
        uintptr_t paddr;
        bool device;
        seL4_CPtr cap = simple_get_nth_untyped(simple, i, &bits, &paddr, &device);
        cspacepath_t path = allocman_cspace_make_path(alloc, cap);
        int kind = device ? ALLOCMAN_UT_DEV : ALLOCMAN_UT_KERNEL;

        if (allocman_utspace_add_uts(alloc, 1, &path, &bits, &paddr, kind) != 0)
            return -1;
    }
    alloc->have_utspace = true;
    return 0;
}

allocman_t *bootstrap_use_current_simple(simple_t *simple, size_t pool_size, void *pool)
{
    int bits = simple_get_cnode_size_bits(simple);
    allocman_t *alloc;

    if (bits <= 0) {
        ZF_LOGE("allocman: simple does not know the CNode size");
        return NULL;
    }
    alloc = bootstrap_use_current_1level(simple_get_cnode(simple), bits,
                                         simple_last_valid_cap(simple) + 1, BIT(bits),
                                         pool_size, pool);
    if (alloc == NULL || allocman_add_simple_untypeds(alloc, simple) != 0)
        return NULL;
    return alloc;
}

allocman_t *bootstrap_use_bootinfo(seL4_BootInfo *bi, size_t pool_size, void *pool)
{
    allocman_t *alloc;

    if (bi == NULL) {
        ZF_LOGE("allocman: no BootInfo");
        return NULL;
    }
    alloc = bootstrap_use_current_1level(seL4_CapInitThreadCNode, bi->initThreadCNodeSizeBits,
                                         bi->empty.start, bi->empty.end, pool_size, pool);
    if (alloc == NULL)
        return NULL;
    for (seL4_CPtr cap = bi->untyped.start; cap < bi->untyped.end; cap++) {
        const seL4_UntypedDesc *d = &bi->untypedList[cap - bi->untyped.start];
        cspacepath_t path = allocman_cspace_make_path(alloc, cap);
        size_t bits = d->sizeBits;
        uintptr_t paddr = d->paddr;
        int kind = d->isDevice ? ALLOCMAN_UT_DEV : ALLOCMAN_UT_KERNEL;

        if (allocman_utspace_add_uts(alloc, 1, &path, &bits, &paddr, kind) != 0)
            return NULL;
    }
    alloc->have_utspace = true;
    return alloc;
}

void bootstrap_configure_virtual_pool(allocman_t *alloc, void *vstart, size_t vsize,
                                      seL4_CPtr pd)
{
    if (alloc == NULL || vstart == NULL || !IS_ALIGNED((uintptr_t)vstart, seL4_PageBits)) {
        ZF_LOGE("allocman: bad virtual pool %p", vstart);
        return;
    }
    alloc->vpool_next = (uintptr_t)vstart;
    alloc->vpool_end = (uintptr_t)vstart + vsize;
    alloc->vpool_pd = pd;
}
