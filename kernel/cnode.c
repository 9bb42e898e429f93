/*
 * cnode.c - the CNode methods: Revoke, Delete, CancelBadgedSends, Copy,
 * Mint, Move, Mutate, Rotate and SaveCaller (spec 6.3).
 *
 * The invoked CNode cap is the root in which the first (index, depth)
 * pair names the target ("destination") slot.  Other slots come with their
 * own root cap passed as an extra cap.  Every method first does all of its
 * checks, in seL4's order, so the first problem found is the error the
 * user sees, and only then changes anything:
 *
 *   label -> length -> target lookup -> (method's own checks) -> effect
 *
 * The decode_* functions do the checks and change nothing; the effect of
 * each method is one invoke_cnode_* function, called only once every check
 * has passed, that cannot fail.  Copy and Mint make a derived child of the
 * source cap (cdt.c puts it right after its parent); Move and Mutate carry
 * the cap and its place in the derivation tree to the new slot.  Each
 * successful method adds its keys to the open "invoke" event
 * (docs/kernel-events.md) just before its effect.
 */
#include "kernel.h"

/* The two arguments every CNode method starts with. */
struct cnode_target {
    word_t index, depth;
    struct cte *slot;
};

static seL4_Error empty_or_fail(struct invocation *inv, const struct cte *slot, const char *what)
{
    if (slot->cap.type != cap_null)
        return inv_fail(inv, seL4_DeleteFirst, "CNode %s: destination slot is not empty.", what);
    return seL4_NoError;
}

/* A source (or pivot) slot that resolved but holds nothing. */
static seL4_Error missing_cap(struct invocation *inv, bool source, word_t depth, const char *what)
{
    struct lookup_fault lf = { .type = seL4_MissingCapability, .bits_left = depth };
    return inv_failed_lookup(inv, source, &lf, "CNode %s: %s slot is empty.", what,
                             source ? "source" : "pivot");
}

/* ---- the effects (they cannot fail) ---- */

/* Copy, Mint: new_cap becomes a child of src's cap in the empty slot dest. */
static void invoke_cnode_insert(struct cap new_cap, struct cte *src, struct cte *dest)
{
    cte_insert(new_cap, src, dest);
}

/* Move, Mutate: src's cap (as new_cap) and its place in the tree go to dest. */
static void invoke_cnode_move(struct cap new_cap, struct cte *src, struct cte *dest)
{
    cte_move(new_cap, src, dest);
}

/* Rotate: pivot -> dest and src -> pivot; dest == src swaps the two. */
static void invoke_cnode_rotate(struct cap new_src, struct cap new_pivot, struct cte *src,
                                struct cte *pivot, struct cte *dest)
{
    if (src == dest) {
        cte_swap(new_src, src, new_pivot, pivot);
    } else {
        cte_move(new_pivot, pivot, dest);
        cte_move(new_src, src, pivot);
    }
}

static void invoke_cnode_revoke(struct cte *slot)
{
    cte_revoke(slot);
}

static void invoke_cnode_delete(struct cte *slot)
{
    cte_delete(slot);
}

/* Restart every sender blocked with the badge of endpoint cap c (an
 * unbadged cap cancels nothing). */
static void invoke_cnode_cancel_badged_sends(const struct cap *c)
{
    if (cap_badge(c) != 0)
        cancel_badged_sends(kptr_of(c->ptr), cap_badge(c));
}

/* Move the pending reply cap (if any) out of the caller's TCB into dest. */
static void invoke_cnode_save_caller(struct cte *caller, struct cte *dest)
{
    if (caller->cap.type == cap_reply && !cap_reply_is_master(&caller->cap))
        cte_move(caller->cap, caller, dest);
}

/* ---- Copy, Mint, Move, Mutate ---- */

struct cnode_transfer {
    word_t src_index, src_depth, rights, data;
    struct cte *src;
    struct cap new_cap;
    bool is_move;
};

/* Mask, badge and derive: the cap that Copy/Mint would insert. */
static seL4_Error derive_for_copy(struct invocation *inv, struct cnode_transfer *x, bool mint)
{
    struct cap c = mask_cap_rights(x->src->cap, (unsigned)x->rights);
    seL4_Error e;

    if (mint)
        c = update_cap_data(false, x->data, c);
    e = derive_cap(x->src, c, &x->new_cap);
    if (e != seL4_NoError)
        return inv_fail(inv, e, "CNode %s: cannot derive a %s cap.",
                        mint ? "Mint" : "Copy", cap_type_name(x->src->cap.type));
    return seL4_NoError;
}

/* The method-specific part: which cap goes into the destination. */
static seL4_Error choose_new_cap(struct invocation *inv, struct cnode_transfer *x)
{
    switch (inv->label) {
    case CNodeCopy:
        if (inv->length < 5)
            return inv_fail(inv, seL4_TruncatedMessage, "CNode Copy: truncated message.");
        x->rights = inv_mr(inv, 4);
        return derive_for_copy(inv, x, false);
    case CNodeMint:
        if (inv->length < 6)
            return inv_fail(inv, seL4_TruncatedMessage, "CNode Mint: truncated message.");
        x->rights = inv_mr(inv, 4);
        x->data = inv_mr(inv, 5);
        return derive_for_copy(inv, x, true);
    case CNodeMove:
        x->new_cap = x->src->cap;
        x->is_move = true;
        return seL4_NoError;
    default: /* CNodeMutate */
        if (inv->length < 5)
            return inv_fail(inv, seL4_TruncatedMessage, "CNode Mutate: truncated message.");
        x->data = inv_mr(inv, 4);
        x->new_cap = update_cap_data(true, x->data, x->src->cap);
        x->is_move = true;
        return seL4_NoError;
    }
}

static void emit_transfer_event(const struct invocation *inv, const struct cnode_target *d,
                                const struct cnode_transfer *x)
{
    event_u64("dest", d->index);
    event_u64("dest_depth", d->depth);
    event_u64("src", x->src_index);
    event_u64("src_depth", x->src_depth);
    if (inv->label == CNodeCopy || inv->label == CNodeMint)
        event_u64("rights", x->new_cap.rights);
    event_str("cap_type", cap_type_name(x->new_cap.type));
    if (inv->label == CNodeMint || inv->label == CNodeMutate)
        event_u64("badge", x->data);
}

static seL4_Error decode_cnode_transfer(struct invocation *inv, struct cnode_target *d)
{
    struct cnode_transfer x = { 0 };
    const char *op = invocation_label_name(inv->label) + 5;   /* "Copy", "Mint", ... */
    seL4_Error e;

    if (inv->length < 4 || inv->extra_count < 1)
        return inv_fail(inv, seL4_TruncatedMessage, "CNode %s: truncated message.", op);
    x.src_index = inv_mr(inv, 2);
    x.src_depth = inv_mr(inv, 3);
    if ((e = empty_or_fail(inv, d->slot, op)) != seL4_NoError)
        return e;
    e = lookup_slot_for_cnode_op(inv, true, inv->extra[0]->cap, x.src_index, x.src_depth, &x.src);
    if (e != seL4_NoError)
        return e;
    if (x.src->cap.type == cap_null)
        return missing_cap(inv, true, x.src_depth, op);
    if ((e = choose_new_cap(inv, &x)) != seL4_NoError)
        return e;
    if (x.new_cap.type == cap_null)
        return inv_fail(inv, seL4_IllegalOperation,
                        "CNode %s: the new %s cap would be invalid (badge or guard).",
                        op, cap_type_name(x.src->cap.type));
    emit_transfer_event(inv, d, &x);
    if (x.is_move)
        invoke_cnode_move(x.new_cap, x.src, d->slot);
    else
        invoke_cnode_insert(x.new_cap, x.src, d->slot);
    return seL4_NoError;
}

/* ---- Rotate ---- */

struct cnode_rotate {
    word_t pivot_data, pivot_index, pivot_depth;
    word_t src_data, src_index, src_depth;
    struct cte *pivot, *src;
};

static seL4_Error rotate_lookups(struct invocation *inv, struct cnode_rotate *r)
{
    seL4_Error e;

    r->pivot_data = inv_mr(inv, 2);
    r->pivot_index = inv_mr(inv, 3);
    r->pivot_depth = inv_mr(inv, 4);
    r->src_data = inv_mr(inv, 5);
    r->src_index = inv_mr(inv, 6);
    r->src_depth = inv_mr(inv, 7);
    e = lookup_slot_for_cnode_op(inv, true, inv->extra[1]->cap, r->src_index, r->src_depth, &r->src);
    if (e != seL4_NoError)
        return e;
    return lookup_slot_for_cnode_op(inv, false, inv->extra[0]->cap, r->pivot_index,
                                    r->pivot_depth, &r->pivot);
}

/* Rotate: the pivot's cap goes to dest (with MR2 as its new data) and the
 * source's cap to the pivot (with MR5).  dest == src is a swap. */
static seL4_Error decode_cnode_rotate(struct invocation *inv, struct cnode_target *d)
{
    struct cnode_rotate r = { 0 };
    struct cap new_src, new_pivot;
    seL4_Error e;

    if (inv->length < 8 || inv->extra_count < 2)
        return inv_fail(inv, seL4_TruncatedMessage, "CNode Rotate: truncated message.");
    if ((e = rotate_lookups(inv, &r)) != seL4_NoError)
        return e;
    if (r.pivot == r.src || r.pivot == d->slot)
        return inv_fail(inv, seL4_IllegalOperation,
                        "CNode Rotate: the pivot slot is also the source or destination.");
    if (r.src != d->slot && (e = empty_or_fail(inv, d->slot, "Rotate")) != seL4_NoError)
        return e;
    if (r.src->cap.type == cap_null)
        return missing_cap(inv, true, r.src_depth, "Rotate");
    if (r.pivot->cap.type == cap_null)
        return missing_cap(inv, false, r.pivot_depth, "Rotate");
    new_src = update_cap_data(true, r.src_data, r.src->cap);
    new_pivot = update_cap_data(true, r.pivot_data, r.pivot->cap);
    if (new_src.type == cap_null || new_pivot.type == cap_null)
        return inv_fail(inv, seL4_IllegalOperation,
                        "CNode Rotate: the %s cap cannot be moved with new data.",
                        new_src.type == cap_null ? "source" : "pivot");
    event_u64("dest", d->index);
    event_u64("pivot", r.pivot_index);
    event_u64("src", r.src_index);
    invoke_cnode_rotate(new_src, new_pivot, r.src, r.pivot, d->slot);
    return seL4_NoError;
}

/* ---- Revoke, Delete, CancelBadgedSends, SaveCaller ---- */

static void emit_target_event(const struct cnode_target *d)
{
    event_u64("index", d->index);
    event_u64("depth", d->depth);
}

static bool has_cancel_send_rights(const struct cap *c)
{
    return c->type == cap_endpoint && cap_has_rights(c, seL4_AllRights);
}

static seL4_Error decode_cancel_badged_sends(struct invocation *inv, struct cnode_target *d)
{
    struct cap c = d->slot->cap;

    if (!has_cancel_send_rights(&c))
        return inv_fail(inv, seL4_IllegalOperation,
                        "CNode CancelBadgedSends: needs an endpoint cap with all rights, not a %s cap.",
                        cap_type_name(c.type));
    emit_target_event(d);
    invoke_cnode_cancel_badged_sends(&c);
    return seL4_NoError;
}

/* Move the pending reply cap out of the TCB, where no cptr can reach it. */
static seL4_Error decode_save_caller(struct invocation *inv, struct cnode_target *d)
{
    struct cte *caller = &inv->thread->slots[TCB_CALLER];
    seL4_Error e;

    if ((e = empty_or_fail(inv, d->slot, "SaveCaller")) != seL4_NoError)
        return e;
    emit_target_event(d);
    invoke_cnode_save_caller(caller, d->slot);
    return seL4_NoError;
}

seL4_Error decode_cnode_invocation(struct invocation *inv)
{
    struct cnode_target d = { 0 };
    seL4_Error e;

    if (inv->label < CNodeRevoke || inv->label > CNodeSaveCaller)
        return inv_fail(inv, seL4_IllegalOperation, "CNode: illegal operation %s.",
                        invocation_label_name(inv->label));
    if (inv->length < 2)
        return inv_fail(inv, seL4_TruncatedMessage, "CNode %s: truncated message.",
                        invocation_label_name(inv->label) + 5);
    d.index = inv_mr(inv, 0);
    d.depth = inv_mr(inv, 1);
    if ((e = lookup_slot_for_cnode_op(inv, false, inv->cap, d.index, d.depth, &d.slot)) != seL4_NoError)
        return e;
    switch (inv->label) {
    case CNodeCopy: case CNodeMint: case CNodeMove: case CNodeMutate:
        return decode_cnode_transfer(inv, &d);
    case CNodeRevoke:
        emit_target_event(&d);
        invoke_cnode_revoke(d.slot);
        return seL4_NoError;
    case CNodeDelete:
        emit_target_event(&d);
        invoke_cnode_delete(d.slot);
        return seL4_NoError;
    case CNodeCancelBadgedSends:
        return decode_cancel_badged_sends(inv, &d);
    case CNodeRotate:
        return decode_cnode_rotate(inv, &d);
    default: /* CNodeSaveCaller */
        return decode_save_caller(inv, &d);
    }
}
