/*
 * vka/capops.h - the CNode methods (and Untyped_Retype) called with
 * cspacepath_t arguments, so code never spells out root/index/depth.
 * Each returns the seL4_Error of the invocation.
 */
#pragma once

#include <sel4/sel4.h>
#include <vka/cspacepath_t.h>
#include <vka/object.h>

static inline int vka_cnode_saveCaller(const cspacepath_t *src)
{
    return seL4_CNode_SaveCaller(src->root, src->capPtr, src->capDepth);
}

static inline int vka_cnode_copy(const cspacepath_t *dest, const cspacepath_t *src,
                                 seL4_CapRights_t rights)
{
    return seL4_CNode_Copy(dest->root, dest->capPtr, dest->capDepth,
                           src->root, src->capPtr, src->capDepth, rights);
}

static inline int vka_cnode_delete(const cspacepath_t *src)
{
    return seL4_CNode_Delete(src->root, src->capPtr, src->capDepth);
}

static inline int vka_cnode_mint(const cspacepath_t *dest, const cspacepath_t *src,
                                 seL4_CapRights_t rights, seL4_Word badge)
{
    return seL4_CNode_Mint(dest->root, dest->capPtr, dest->capDepth,
                           src->root, src->capPtr, src->capDepth, rights, badge);
}

static inline int vka_cnode_move(const cspacepath_t *dest, const cspacepath_t *src)
{
    return seL4_CNode_Move(dest->root, dest->capPtr, dest->capDepth,
                           src->root, src->capPtr, src->capDepth);
}

static inline int vka_cnode_mutate(const cspacepath_t *dest, const cspacepath_t *src,
                                   seL4_Word badge)
{
    return seL4_CNode_Mutate(dest->root, dest->capPtr, dest->capDepth,
                             src->root, src->capPtr, src->capDepth, badge);
}

static inline int vka_cnode_cancelBadgedSends(const cspacepath_t *src)
{
    return seL4_CNode_CancelBadgedSends(src->root, src->capPtr, src->capDepth);
}

static inline int vka_cnode_revoke(const cspacepath_t *src)
{
    return seL4_CNode_Revoke(src->root, src->capPtr, src->capDepth);
}

/* pivot -> dest (with dest_badge), src -> pivot (with pivot_badge). */
static inline int vka_cnode_rotate(const cspacepath_t *dest, seL4_Word dest_badge,
                                   const cspacepath_t *pivot, seL4_Word pivot_badge,
                                   const cspacepath_t *src)
{
    return seL4_CNode_Rotate(dest->root, dest->capPtr, dest->capDepth, dest_badge,
                             pivot->root, pivot->capPtr, pivot->capDepth, pivot_badge,
                             src->root, src->capPtr, src->capDepth);
}

/* num_objects objects retyped from untyped into the window at dest;
 * size_bits matters only for untyped and CNodes (as vka_get_object_size). */
static inline int vka_untyped_retype(vka_object_t *untyped, int type, int size_bits,
                                     int num_objects, const cspacepath_t *dest)
{
    (void)vka_get_object_size(type, size_bits);
    return seL4_Untyped_Retype(untyped->cptr, type, size_bits, dest->root, dest->dest,
                               dest->destDepth, dest->offset, num_objects);
}
