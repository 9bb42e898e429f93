/*
 * cspace.c - CSpace addressing: from a capability address to a slot.
 *
 * A CSpace is a tree of CNodes.  An address (cptr) is read from its most
 * significant end, `depth` bits of it in all.  Each CNode on the way eats
 * guard_size bits, which must equal its guard, then radix bits, which pick
 * a slot.  If bits remain and the slot holds another CNode cap, the walk
 * continues there; otherwise it stops with the slot found and the number
 * of bits left over.  (This is a guarded page table; spec section 6.1.)
 *
 * Two callers want different things from the leftover bits:
 *   - invoking a cap (lookup_slot) walks all 64 bits and accepts stopping
 *     early at a non-CNode cap: the remaining bits are ignored;
 *   - a CNode method argument (lookup_target_slot) names a slot with an
 *     explicit depth that must be used up exactly, which is how a user
 *     names a slot that itself holds a CNode cap.
 * Failures are described by a lookup_fault (spec 3.2), which the caller
 * turns into an error reply or a cap fault.
 */
#include "kernel.h"

static struct lookup_result lookup_failed(uint8_t type, word_t bits_left,
                                          word_t bits_found, word_t guard_size)
{
    struct lookup_result r = { 0 };
    r.status = LOOKUP_FAILED;
    r.lf.type = type;
    r.lf.bits_left = bits_left;
    r.lf.bits_found = bits_found;
    r.lf.guard_size = guard_size;
    return r;
}

/* The `count` bits of cptr that sit just below its top `n_bits`. */
static word_t take_bits(word_t cptr, word_t n_bits, word_t count)
{
    if (count == 0)
        return 0;
    return (cptr >> (n_bits - count)) & MASK(count);
}

struct lookup_result resolve_address_bits(struct cap node, word_t cptr, word_t n_bits)
{
    struct lookup_result r = { 0 };

    if (node.type != cap_cnode)
        return lookup_failed(seL4_InvalidRoot, 0, 0, 0);
    for (;;) {
        word_t radix = cap_cnode_radix(&node), guard_size = cap_guard_size(&node);
        word_t level_bits = radix + guard_size;
        struct cte *slot;

        if (level_bits == 0)   /* cannot be built, but would never advance */
            return lookup_failed(seL4_InvalidRoot, 0, 0, 0);
        if (guard_size > n_bits || take_bits(cptr, n_bits, guard_size) != cap_guard(&node))
            return lookup_failed(seL4_GuardMismatch, n_bits, cap_guard(&node), guard_size);
        if (level_bits > n_bits)
            return lookup_failed(seL4_DepthMismatch, n_bits, level_bits, 0);
        slot = (struct cte *)kptr_of(node.ptr) + take_bits(cptr, n_bits - guard_size, radix);
        n_bits -= level_bits;
        if (n_bits == 0 || slot->cap.type != cap_cnode) {
            r.slot = slot;
            r.bits_remaining = n_bits;
            return r;
        }
        node = slot->cap;
    }
}

struct lookup_result lookup_slot(struct tcb *t, word_t cptr)
{
    return resolve_address_bits(t->slots[TCB_CTABLE].cap, cptr, seL4_WordBits);
}

struct lookup_result lookup_target_slot(struct cap root, word_t index, word_t depth)
{
    struct lookup_result r;

    if (root.type != cap_cnode)
        return lookup_failed(seL4_InvalidRoot, 0, 0, 0);
    if (depth < 1 || depth > seL4_WordBits) {
        r = lookup_failed(seL4_NoFailure, 0, 0, 0);
        r.status = LOOKUP_BAD_DEPTH;
        return r;
    }
    r = resolve_address_bits(root, index, depth);
    if (r.status == LOOKUP_OK && r.bits_remaining != 0)
        return lookup_failed(seL4_DepthMismatch, r.bits_remaining, 0, 0);
    return r;
}

seL4_Error lookup_slot_for_cnode_op(struct invocation *inv, bool is_source, struct cap root,
                                    word_t index, word_t depth, struct cte **out)
{
    struct lookup_result r = lookup_target_slot(root, index, depth);

    *out = NULL;
    if (r.status == LOOKUP_BAD_DEPTH)
        return inv_range(inv, 1, seL4_WordBits,
                         "Invalid %s slot depth %lu.", is_source ? "source" : "target", depth);
    if (r.status != LOOKUP_OK)
        return inv_failed_lookup(inv, is_source, &r.lf,
                                 "Invalid %s slot (index %lu, depth %lu).",
                                 is_source ? "source" : "target", index, depth);
    *out = r.slot;
    return seL4_NoError;
}
