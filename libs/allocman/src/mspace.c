/*
 * mspace.c - allocman's bookkeeping memory.
 *
 * Requests are rounded up to a multiple of 16 bytes up to 256, and to a
 * power of two from there to 4096 bytes; a freed block goes onto the free
 * list of its class and is reused for the same class.  New blocks are cut from a bump region: first the caller's pool,
 * then (once bootstrap_configure_virtual_pool was called) fresh 4 KiB
 * frames mapped one after another into the virtual pool.
 *
 * Growing needs untyped memory, and the untyped allocator needs
 * bookkeeping memory: so we grow early, when less than MSPACE_LOW_WATER
 * bytes are left, and never while already growing.  Pool memory is never
 * given back to the system.
 */
#include <string.h>
#include <vka/object.h>
#include <allocman/allocman.h>
#include "allocman_internal.h"

#define FINE_STEP 16          /* classes 0..15: 16, 32, ... 256 bytes */
#define FINE_CLASSES 16

static int size_class(size_t bytes)
{
    int c = FINE_CLASSES;

    if (bytes <= FINE_STEP * FINE_CLASSES)
        return bytes == 0 ? 0 : (int)((bytes - 1) / FINE_STEP);
    while ((size_t)BIT(9 + c - FINE_CLASSES) < bytes)   /* 512, 1024, ... */
        c++;
    return c;
}

static size_t class_bytes(int c)
{
    return c < FINE_CLASSES ? (size_t)(c + 1) * FINE_STEP : BIT(9 + c - FINE_CLASSES);
}

static void *bump(allocman_t *alloc, size_t bytes)
{
    void *p;

    if ((size_t)(alloc->pool_end - alloc->pool_next) < bytes)
        return NULL;
    p = alloc->pool_next;
    alloc->pool_next += bytes;
    return p;
}

/* Map one more frame of the virtual pool; it becomes the bump region (the
 * rest of the old region, if any, goes to the free lists). */
static int grow_one_page(allocman_t *alloc)
{
    cspacepath_t path;
    seL4_Word cookie;
    int err;
    uintptr_t va = alloc->vpool_next;

    if (va == 0 || va + BIT(seL4_PageBits) > alloc->vpool_end)
        return -1;
    if (allocman_cspace_alloc(alloc, &path) != 0)
        return -1;
    cookie = allocman_utspace_alloc(alloc, seL4_PageBits, seL4_X86_4K, &path, false, &err);
    (void)cookie;
    if (err) {
        allocman_cspace_free(alloc, &path);
        return -1;
    }
    /* The paging structures come from the same allocator and stay. */
    err = allocman_map_page_internal(alloc, alloc->vpool_pd, path.capPtr, va);
    if (err) {
        ZF_LOGE("allocman: mapping a virtual pool page at %p failed", (void *)va);
        return -1;
    }
    alloc->vpool_next += BIT(seL4_PageBits);
    /* contiguous with the current region? then just extend it */
    if ((uintptr_t)alloc->pool_end == va) {
        alloc->pool_end += BIT(seL4_PageBits);
    } else {
        alloc->pool_next = (char *)va;
        alloc->pool_end = (char *)va + BIT(seL4_PageBits);
    }
    return 0;
}

void mspace_maybe_grow(allocman_t *alloc)
{
    if (alloc->growing || alloc->vpool_next == 0)
        return;
    alloc->growing = true;
    while ((size_t)(alloc->pool_end - alloc->pool_next) < MSPACE_LOW_WATER) {
        if (grow_one_page(alloc) != 0)
            break;
    }
    alloc->growing = false;
}

void *allocman_mspace_alloc(allocman_t *alloc, size_t bytes, int *_error)
{
    void *p = NULL;
    int c = size_class(bytes);

    if (c < ALLOCMAN_MSPACE_CLASSES && alloc->mspace_free[c] != NULL) {
        p = alloc->mspace_free[c];
        alloc->mspace_free[c] = *(void **)p;
    } else {
        size_t sz = c < ALLOCMAN_MSPACE_CLASSES ? class_bytes(c) : ALIGN_UP(bytes, 16);
        mspace_maybe_grow(alloc);
        p = bump(alloc, sz);
    }
    if (p != NULL)
        memset(p, 0, bytes);
    else
        ZF_LOGE("allocman: out of bookkeeping memory (%zu bytes wanted)", bytes);
    if (_error)
        *_error = p == NULL;
    return p;
}

void allocman_mspace_free(allocman_t *alloc, void *ptr, size_t bytes)
{
    int c = size_class(bytes);

    if (ptr == NULL || c >= ALLOCMAN_MSPACE_CLASSES)
        return;   /* big blocks are bootstrap-time tables that live for ever */
    *(void **)ptr = alloc->mspace_free[c];
    alloc->mspace_free[c] = ptr;
}
