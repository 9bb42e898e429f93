/*
 * utspace.c - untyped memory as a buddy tree (see allocman.h).
 *
 * Invariants:
 *   - a FREE node holds no live object; it may still hold stale caps to
 *     an object that was freed (the user deleted its cap, maybe not every
 *     copy).  Its next Retype then finds no room, so retype_fresh revokes
 *     the node (deleting the stale caps) and tries once more: the revoke is
 *     paid only when needed, not on every free;
 *   - a SPLIT node holds exactly two child untypeds: child[0] at its paddr,
 *     child[1] half-way, each in a slot this allocator owns;
 *   - a USED node holds exactly one object (the cookie is the node);
 *   - ut_free[n] lists the FREE RAM nodes of 2^n bytes.  Device nodes are
 *     reached only by physical address, from the root list.
 *
 * Buddies are joined lazily: a freed node goes back on its list as it is,
 * and only when no free node is big enough (or an allocation at a physical
 * address needs it) are free halves joined, all at once.  Joining eagerly
 * would make every later split of the big parent zero all of it again in
 * the kernel (a retype into an untyped without children clears what it
 * used before) - a cost paid on every process spawn.
 */
#include <string.h>
#include <utils/util.h>
#include <allocman/allocman.h>
#include "allocman_internal.h"

static void free_push(allocman_t *a, ut_node_t *n)
{
    if (n->kind != ALLOCMAN_UT_KERNEL)
        return;
    n->prev = NULL;
    n->next = a->ut_free[n->size_bits];
    if (n->next)
        n->next->prev = n;
    a->ut_free[n->size_bits] = n;
    a->ut_free_bytes += BIT(n->size_bits);
}

static void free_remove(allocman_t *a, ut_node_t *n)
{
    if (n->kind != ALLOCMAN_UT_KERNEL)
        return;
    if (n->prev)
        n->prev->next = n->next;
    else
        a->ut_free[n->size_bits] = n->next;
    if (n->next)
        n->next->prev = n->prev;
    n->next = n->prev = NULL;
    a->ut_free_bytes -= BIT(n->size_bits);
}

static seL4_Error revoke(allocman_t *a, seL4_CPtr cap)
{
    return seL4_CNode_Revoke(a->root_cnode, cap, a->cnode_depth);
}

/* Untyped_Retype of one object from FREE (or BUSY) node n into path;
 * revokes n and retries once if stale caps are in the way. */
static seL4_Error retype_fresh(allocman_t *a, ut_node_t *n, seL4_Word type, seL4_Word bits,
                               const cspacepath_t *path)
{
    seL4_Error err = seL4_Untyped_Retype(n->cap, type, bits, path->root, path->dest,
                                         path->destDepth, path->offset, 1);

    if (err == seL4_NotEnoughMemory) {
        revoke(a, n->cap);
        err = seL4_Untyped_Retype(n->cap, type, bits, path->root, path->dest, path->destDepth,
                                  path->offset, 1);
    }
    return err;
}

static void drop_child(allocman_t *a, ut_node_t *c)
{
    cspacepath_t p = allocman_cspace_make_path(a, c->cap);

    seL4_CNode_Delete(p.root, p.capPtr, p.capDepth);
    allocman_cspace_free(a, &p);
    allocman_mspace_free(a, c, sizeof(*c));
}

/* One half of n as a new untyped in a fresh slot; NULL on failure. */
static ut_node_t *make_half(allocman_t *a, ut_node_t *n, int which)
{
    cspacepath_t p;
    int err;
    ut_node_t *c = allocman_mspace_alloc(a, sizeof(*c), &err);

    if (err)
        return NULL;
    if (allocman_cspace_alloc(a, &p) != 0) {
        allocman_mspace_free(a, c, sizeof(*c));
        return NULL;
    }
    /* the first half may need a clean node; the second follows it */
    err = which == 0 ? retype_fresh(a, n, seL4_UntypedObject, n->size_bits - 1, &p)
                     : seL4_Untyped_Retype(n->cap, seL4_UntypedObject, n->size_bits - 1,
                                           p.root, p.dest, p.destDepth, p.offset, 1);
    if (err != seL4_NoError) {
        ZF_LOGE("allocman: splitting a %u-bit untyped failed (error %d)", n->size_bits, err);
        allocman_cspace_free(a, &p);
        allocman_mspace_free(a, c, sizeof(*c));
        return NULL;
    }
    c->cap = p.capPtr;
    c->size_bits = n->size_bits - 1;
    c->paddr = n->paddr == ALLOCMAN_NO_PADDR ? ALLOCMAN_NO_PADDR
                                             : n->paddr + which * BIT(c->size_bits);
    c->state = UT_FREE;
    c->kind = n->kind;
    c->parent = n;
    return c;
}

/* BUSY node (not on a list) -> SPLIT with two FREE halves (not on lists). */
static int split(allocman_t *a, ut_node_t *n)
{
    ut_node_t *lo, *hi;

    if (n->size_bits <= seL4_MinUntypedBits)
        return -1;
    lo = make_half(a, n, 0);
    if (lo == NULL)
        return -1;
    hi = make_half(a, n, 1);
    if (hi == NULL) {
        drop_child(a, lo);
        revoke(a, n->cap);
        return -1;
    }
    n->child[0] = lo;
    n->child[1] = hi;
    n->state = UT_SPLIT;
    return 0;
}

/* Joins free halves everywhere below n, post-order; true if n is FREE. */
static bool coalesce(allocman_t *a, ut_node_t *n)
{
    bool lo, hi;

    if (n->state != UT_SPLIT)
        return n->state == UT_FREE;
    lo = coalesce(a, n->child[0]);
    hi = coalesce(a, n->child[1]);
    if (!lo || !hi)
        return false;
    free_remove(a, n->child[0]);
    free_remove(a, n->child[1]);
    drop_child(a, n->child[0]);
    drop_child(a, n->child[1]);
    n->child[0] = n->child[1] = NULL;
    n->state = UT_FREE;
    free_push(a, n);
    return true;
}

void allocman_utspace_coalesce(allocman_t *a)
{
    for (ut_node_t *r = a->roots; r != NULL; r = r->next_root)
        coalesce(a, r);
}

static ut_node_t *smallest_free(allocman_t *a, size_t bits)
{
    for (size_t s = bits; s < seL4_WordBits; s++) {
        if (a->ut_free[s] != NULL)
            return a->ut_free[s];
    }
    return NULL;
}

/* A FREE RAM node of exactly 2^bits bytes, taken off the lists. */
static ut_node_t *take_any(allocman_t *a, size_t bits)
{
    ut_node_t *n = smallest_free(a, bits);

    if (n == NULL) {
        allocman_utspace_coalesce(a);
        n = smallest_free(a, bits);
        if (n == NULL)
            return NULL;
    }
    free_remove(a, n);
    n->state = UT_BUSY;
    while (n->size_bits > bits) {
        if (split(a, n) != 0) {
            n->state = UT_FREE;
            free_push(a, n);
            return NULL;
        }
        free_push(a, n->child[1]);
        n = n->child[0];
        n->state = UT_BUSY;
    }
    return n;
}

static ut_node_t *root_containing(allocman_t *a, uintptr_t paddr, size_t bits)
{
    for (ut_node_t *r = a->roots; r != NULL; r = r->next_root) {
        if (r->paddr != ALLOCMAN_NO_PADDR && paddr >= r->paddr &&
            paddr + BIT(bits) <= r->paddr + BIT(r->size_bits))
            return r;
    }
    return NULL;
}

/* The FREE node of exactly [paddr, paddr + 2^bits), splitting on the way;
 * taken off the lists.  NULL if any part of it is in use. */
static ut_node_t *take_at(allocman_t *a, uintptr_t paddr, size_t bits, bool can_dev)
{
    ut_node_t *n = root_containing(a, paddr, bits);

    (void)can_dev;   /* at a given address, device memory is what is wanted */
    if (n != NULL)
        coalesce(a, n);
    while (n != NULL) {
        int half;
        if (n->state == UT_USED || n->state == UT_BUSY ||
            (n->state == UT_SPLIT && n->size_bits <= bits))
            return NULL;
        if (n->state == UT_FREE) {
            free_remove(a, n);
            n->state = UT_BUSY;
            if (n->size_bits == bits)
                break;
            if (split(a, n) != 0) {
                n->state = UT_FREE;
                free_push(a, n);
                return NULL;
            }
            free_push(a, n->child[0]);
            free_push(a, n->child[1]);
        }
        half = (paddr - n->paddr) >> (n->size_bits - 1) & 1;
        n = n->child[half];
    }
    return n;
}

seL4_Word allocman_utspace_alloc_at(allocman_t *alloc, size_t size_bits, seL4_Word type,
                                    const cspacepath_t *path, uintptr_t paddr, bool canBeDev,
                                    int *_error)
{
    ut_node_t *n;
    seL4_Word obj_bits = type == seL4_CapTableObject ? size_bits - seL4_SlotBits : size_bits;
    int err;

    if (_error)
        *_error = -1;
    if (!alloc->have_utspace || path == NULL || size_bits < seL4_MinUntypedBits ||
        size_bits >= seL4_WordBits)
        return 0;
    mspace_maybe_grow(alloc);
    if (paddr == ALLOCMAN_NO_PADDR)
        n = take_any(alloc, size_bits);
    else
        n = take_at(alloc, paddr, size_bits, canBeDev);
    if (n == NULL)
        return 0;
    err = retype_fresh(alloc, n, type, obj_bits, path);
    if (err != seL4_NoError) {
        ZF_LOGE("allocman: Untyped_Retype of type %lu failed (error %d)", (unsigned long)type,
                err);
        n->state = UT_FREE;
        free_push(alloc, n);
        return 0;
    }
    n->state = UT_USED;
    if (_error)
        *_error = 0;
    return (seL4_Word)n;
}

void allocman_utspace_free(allocman_t *alloc, seL4_Word cookie, size_t size_bits)
{
    ut_node_t *n = (ut_node_t *)cookie;

    if (n == NULL || n->state != UT_USED || n->size_bits != size_bits) {
        ZF_LOGE("allocman: freeing memory that was not allocated (cookie %p, %zu bits)",
                (void *)n, size_bits);
        return;
    }
    n->state = UT_FREE;   /* not revoked now: see retype_fresh */
    free_push(alloc, n);
}

uintptr_t allocman_utspace_paddr(allocman_t *alloc, seL4_Word cookie, size_t size_bits)
{
    ut_node_t *n = (ut_node_t *)cookie;

    (void)alloc;
    (void)size_bits;
    return n == NULL ? ALLOCMAN_NO_PADDR : n->paddr;
}

int allocman_utspace_add_uts(allocman_t *alloc, size_t num, const cspacepath_t *uts,
                             size_t *size_bits, uintptr_t *paddr, int utType)
{
    int err;

    for (size_t i = 0; i < num; i++) {
        ut_node_t *n = allocman_mspace_alloc(alloc, sizeof(*n), &err);
        if (err)
            return -1;
        n->cap = uts[i].capPtr;
        n->size_bits = size_bits[i];
        n->paddr = paddr ? paddr[i] : ALLOCMAN_NO_PADDR;
        n->kind = utType;
        n->state = UT_FREE;
        n->next_root = alloc->roots;
        alloc->roots = n;
        free_push(alloc, n);
    }
    alloc->have_utspace = true;
    return 0;
}

size_t allocman_utspace_free_bytes(allocman_t *alloc)
{
    return alloc->ut_free_bytes;
}
