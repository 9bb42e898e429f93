/*
 * cspace.c - the free slots of one single-level CNode.
 *
 * A bitmap over the managed window [first_slot, end_slot) says which slots
 * are handed out.  A slot's path is the same for every use: the CNode is
 * both the lookup root (depth = cnode_depth, 64 for a root CNode whose
 * guard fills the word) and the Retype destination (destDepth 0, offset =
 * the slot).  Searching starts at a rotating hint, so a freed slot is not
 * handed out again at once.
 */
#include <string.h>
#include <utils/util.h>
#include <allocman/allocman.h>
#include "allocman_internal.h"

static bool slot_used(allocman_t *a, seL4_CPtr s)
{
    seL4_Word i = s - a->first_slot;

    return a->slot_bitmap[i / 64] & BIT(i % 64);
}

static void slot_set(allocman_t *a, seL4_CPtr s, bool used)
{
    seL4_Word i = s - a->first_slot;

    if (used)
        a->slot_bitmap[i / 64] |= BIT(i % 64);
    else
        a->slot_bitmap[i / 64] &= ~BIT(i % 64);
}

cspacepath_t allocman_cspace_make_path(allocman_t *alloc, seL4_CPtr slot)
{
    return (cspacepath_t){
        .capPtr = slot,
        .capDepth = alloc->cnode_depth,
        .root = alloc->root_cnode,
        .dest = 0,
        .destDepth = 0,
        .offset = slot,
        .window = 1,
    };
}

int allocman_cspace_alloc(allocman_t *alloc, cspacepath_t *slot)
{
    seL4_Word n = alloc->end_slot - alloc->first_slot;

    if (alloc->have_cspace && alloc->slots_free == 0 && alloc->have_utspace)
        allocman_utspace_coalesce(alloc);   /* free untyped halves hold slots */
    if (!alloc->have_cspace || alloc->slots_free == 0) {
        ZF_LOGE("allocman: no free slots");
        return -1;
    }
    for (seL4_Word k = 0; k < n; k++) {
        seL4_CPtr s = alloc->first_slot + (alloc->next_hint - alloc->first_slot + k) % n;
        if (!slot_used(alloc, s)) {
            slot_set(alloc, s, true);
            alloc->slots_free--;
            alloc->next_hint = s + 1 < alloc->end_slot ? s + 1 : alloc->first_slot;
            *slot = allocman_cspace_make_path(alloc, s);
            return 0;
        }
    }
    return -1;
}

void allocman_cspace_free(allocman_t *alloc, const cspacepath_t *slot)
{
    seL4_CPtr s = slot->capPtr;

    if (!alloc->have_cspace || s < alloc->first_slot || s >= alloc->end_slot ||
        !slot_used(alloc, s)) {
        ZF_LOGE("allocman: slot %lu was not handed out", (unsigned long)s);
        return;
    }
    slot_set(alloc, s, false);
    alloc->slots_free++;
}

size_t allocman_cspace_free_slots(allocman_t *alloc)
{
    return alloc->slots_free;
}

/* Called by bootstrap: manage [first, end) of the CNode root. */
int allocman_attach_1level(allocman_t *alloc, seL4_CPtr root, seL4_Word depth,
                           seL4_CPtr first, seL4_CPtr end)
{
    size_t words;
    int err;

    if (end <= first) {
        ZF_LOGE("allocman: empty slot range [%lu, %lu)", (unsigned long)first,
                (unsigned long)end);
        return -1;
    }
    words = DIV_ROUND_UP(end - first, 64);
    alloc->slot_bitmap = allocman_mspace_alloc(alloc, words * sizeof(uint64_t), &err);
    if (err)
        return -1;
    alloc->root_cnode = root;
    alloc->cnode_depth = depth;
    alloc->first_slot = first;
    alloc->end_slot = end;
    alloc->next_hint = first;
    alloc->slots_free = end - first;
    alloc->have_cspace = true;
    return 0;
}
