/*
 * untyped.c - untyped memory and Untyped_Retype, the only way kernel
 * objects come into being after boot.
 *
 * An untyped cap covers 2^bits bytes of physical memory and keeps a
 * watermark (cap.data, in bytes, always a multiple of 16): everything
 * below it may be in use, everything above is free.  Retype carves n
 * objects of one type from the free part: the start is aligned up to the
 * object size, the objects are zeroed (unless device memory), and their
 * new caps are originals placed right after the untyped in the derivation
 * tree, so revoking the untyped destroys them all.  When the untyped has
 * no children left at the time of a retype, nothing can still be using
 * its memory: the watermark goes back to 0 and the used part is zeroed.
 *
 * decode_untyped_invocation makes every check of spec 6.5, in the order
 * the table there gives (with the destination lookup where seL4 does it),
 * before it changes anything.  Device untypeds can only become frames or
 * smaller device untypeds; their memory is never written.
 */
#include "kernel.h"

#define FREE_INDEX_ALIGN 16   /* watermark granularity: the smallest object */

const char *object_type_name(word_t type)
{
    static const char *const names[] = {
        [seL4_UntypedObject]           = "seL4_UntypedObject",
        [seL4_TCBObject]               = "seL4_TCBObject",
        [seL4_EndpointObject]          = "seL4_EndpointObject",
        [seL4_NotificationObject]      = "seL4_NotificationObject",
        [seL4_CapTableObject]          = "seL4_CapTableObject",
        [seL4_X86_PDPTObject]          = "seL4_X86_PDPTObject",
        [seL4_X64_PML4Object]          = "seL4_X64_PML4Object",
        [seL4_X64_HugePageObject]      = "seL4_X64_HugePageObject",
        [seL4_X86_4K]                  = "seL4_X86_4K",
        [seL4_X86_LargePageObject]     = "seL4_X86_LargePageObject",
        [seL4_X86_PageTableObject]     = "seL4_X86_PageTableObject",
        [seL4_X86_PageDirectoryObject] = "seL4_X86_PageDirectoryObject",
    };
    if (type >= ARRAY_SIZE(names))
        return "seL4_InvalidObjectType";
    return names[type];
}

int object_size_bits(seL4_ObjectType type, word_t user_size_bits)
{
    if (user_size_bits >= seL4_WordBits)
        return -1;
    switch (type) {
    case seL4_UntypedObject:           return (int)user_size_bits;
    case seL4_TCBObject:               return seL4_TCBBits;
    case seL4_EndpointObject:          return seL4_EndpointBits;
    case seL4_NotificationObject:      return seL4_NotificationBits;
    case seL4_CapTableObject:          return (int)user_size_bits + seL4_SlotBits;
    case seL4_X86_PDPTObject:          return seL4_PDPTBits;
    case seL4_X64_PML4Object:          return seL4_PML4Bits;
    case seL4_X64_HugePageObject:      return seL4_HugePageBits;
    case seL4_X86_4K:                  return seL4_PageBits;
    case seL4_X86_LargePageObject:     return seL4_LargePageBits;
    case seL4_X86_PageTableObject:     return seL4_PageTableBits;
    case seL4_X86_PageDirectoryObject: return seL4_PageDirBits;
    default:                           return -1;
    }
}

static bool is_frame_type(word_t type)
{
    return type == seL4_X86_4K || type == seL4_X86_LargePageObject ||
           type == seL4_X64_HugePageObject;
}

/* seL4's debug build names a new TCB "child of: '<its creator>'" (cut to
 * TCB_NAME_LENGTH - 1); at boot there is no creator and no name. */
static void name_new_tcb(struct tcb *t)
{
    if (!cur_thread)
        return;
    ksnprintf(t->name, sizeof(t->name), "child of: '%s'", cur_thread->name);
}

static void init_tcb(paddr_t p)
{
    struct tcb *t = kptr_of(p);
    /* Zeroed already: no caps, priority and MCP 0, no links. */
    name_new_tcb(t);
    t->state = ThreadState_Inactive;
    t->ctx.rflags = 0x202;    /* IF set, and the always-one bit 1 */
    t->fpu.fcw = FPU_FCW_DEFAULT;
    t->fpu.mxcsr = FPU_MXCSR_DEFAULT;
    name_new_tcb(t);
    tcb_debug_append(t);
}

struct cap create_object(seL4_ObjectType type, paddr_t p, unsigned size_bits, bool device)
{
    int bits = object_size_bits(type, size_bits);

    if (!device && type != seL4_UntypedObject && bits > 0)
        memset(kptr_of(p), 0, BIT(bits));
    switch (type) {
    case seL4_UntypedObject:
        return cap_untyped_new(p, size_bits, device, 0);
    case seL4_TCBObject:
        init_tcb(p);
        return cap_thread_new(p);
    case seL4_EndpointObject:
        return cap_endpoint_new(p, 0, seL4_AllRights.words[0]);
    case seL4_NotificationObject:
        return cap_notification_new(p, 0, seL4_AllRights.words[0]);
    case seL4_CapTableObject:
        return cap_cnode_new(p, size_bits, 0, 0);
    case seL4_X86_4K: case seL4_X86_LargePageObject: case seL4_X64_HugePageObject:
        return cap_frame_new(p, (unsigned)bits, seL4_ReadWrite.words[0], device);
    case seL4_X86_PageTableObject:
        return cap_table_new(cap_page_table, p);
    case seL4_X86_PageDirectoryObject:
        return cap_table_new(cap_page_directory, p);
    case seL4_X86_PDPTObject:
        return cap_table_new(cap_pdpt, p);
    case seL4_X64_PML4Object:
        arch_init_vspace_root(p);
        return cap_table_new(cap_pml4, p);
    default:
        return cap_null_new();
    }
}

/* ---- Untyped_Retype ---- */

struct retype {
    word_t type, size_bits, node_index, node_depth, node_offset, num;
    unsigned obj_bits;
    struct cap dest;          /* the destination CNode cap */
    bool reset;               /* no children: start again from 0 */
    paddr_t first;            /* paddr of the first new object */
};

/* The checks on the message alone (spec 6.5, rows 1-6). */
static seL4_Error check_retype_message(struct invocation *inv, struct retype *r)
{
    int bits;

    if (inv->label != UntypedRetype)
        return inv_fail(inv, seL4_IllegalOperation, "Untyped: illegal operation %s.",
                        invocation_label_name(inv->label));
    if (inv->length < 6 || inv->extra_count < 1)
        return inv_fail(inv, seL4_TruncatedMessage,
                        "Untyped Retype: truncated message (%lu words, %u caps).",
                        inv->length, inv->extra_count);
    r->type = inv_mr(inv, 0);
    r->size_bits = inv_mr(inv, 1);
    r->node_index = inv_mr(inv, 2);
    r->node_depth = inv_mr(inv, 3);
    r->node_offset = inv_mr(inv, 4);
    r->num = inv_mr(inv, 5);
    if (r->type >= seL4_ObjectTypeCount)
        return inv_invalid_argument(inv, 0, "Untyped Retype: invalid object type %lu.", r->type);
    bits = object_size_bits((seL4_ObjectType)r->type, r->size_bits);
    if (bits < 0 || bits > seL4_MaxUntypedBits)
        return inv_range(inv, 0, seL4_MaxUntypedBits,
                         "Untyped Retype: invalid object size %lu.", r->size_bits);
    if (r->type == seL4_CapTableObject && r->size_bits == 0)
        return inv_invalid_argument(inv, 1, "Untyped Retype: a CNode needs at least one slot bit.");
    if (r->type == seL4_UntypedObject && r->size_bits < seL4_MinUntypedBits)
        return inv_invalid_argument(inv, 1, "Untyped Retype: untyped size %lu is below %u bits.",
                                    r->size_bits, seL4_MinUntypedBits);
    r->obj_bits = (unsigned)bits;
    return seL4_NoError;
}

/* Where the caps go: the root itself (depth 0) or a CNode cap inside it. */
static seL4_Error find_dest_cnode(struct invocation *inv, struct retype *r)
{
    struct cap root = inv->extra[0]->cap;

    r->dest = root;
    if (r->node_depth != 0) {
        struct cte *slot;
        seL4_Error e = lookup_slot_for_cnode_op(inv, false, root, r->node_index,
                                                r->node_depth, &slot);
        if (e != seL4_NoError)
            return e;
        r->dest = slot->cap;
    }
    if (r->dest.type != cap_cnode) {
        struct lookup_fault lf = { .type = seL4_MissingCapability, .bits_left = r->node_depth };
        return inv_failed_lookup(inv, false, &lf,
                                 "Untyped Retype: destination is not a CNode (%s cap).",
                                 cap_type_name(r->dest.type));
    }
    return seL4_NoError;
}

static struct cte *retype_dest(const struct retype *r, word_t i)
{
    return (struct cte *)kptr_of(r->dest.ptr) + r->node_offset + i;
}

/* The slot window node_offset .. node_offset + num - 1 (rows 7-10). */
static seL4_Error check_dest_window(struct invocation *inv, const struct retype *r)
{
    word_t size = BIT(r->dest.bits);

    if (r->node_offset >= size)
        return inv_range(inv, 0, size - 1, "Untyped Retype: offset %lu is outside the CNode.",
                         r->node_offset);
    if (r->num < 1 || r->num > seL4_UntypedRetypeMaxObjects)
        return inv_range(inv, 1, seL4_UntypedRetypeMaxObjects,
                         "Untyped Retype: cannot make %lu objects at once.", r->num);
    if (r->num > size - r->node_offset)
        return inv_range(inv, 1, size - r->node_offset,
                         "Untyped Retype: %lu slots from offset %lu overrun the CNode.",
                         r->num, r->node_offset);
    for (word_t i = 0; i < r->num; i++) {
        if (retype_dest(r, i)->cap.type != cap_null)
            return inv_fail(inv, seL4_DeleteFirst,
                            "Untyped Retype: slot %lu of the destination is not empty.",
                            r->node_offset + i);
    }
    return seL4_NoError;
}

/* Enough room after the watermark, and device rules (rows 11-12). */
static seL4_Error check_memory(struct invocation *inv, struct retype *r)
{
    const struct cap *ut = &inv->slot->cap;
    word_t free_index, free_bytes;

    r->reset = !cte_has_children(inv->slot);
    free_index = r->reset ? 0 : cap_untyped_free_index(ut);
    free_bytes = BIT(ut->bits) - free_index;
    if ((free_bytes >> r->obj_bits) < r->num)
        return inv_not_enough_memory(inv, free_bytes,
                                     "Untyped Retype: %lu bytes left, not enough for %lu objects of %u bits.",
                                     free_bytes, r->num, r->obj_bits);
    if (cap_is_device(ut) && !is_frame_type(r->type) && r->type != seL4_UntypedObject)
        return inv_invalid_argument(inv, 1, "Untyped Retype: device memory can only become frames or untypeds, not %s.",
                                    object_type_name(r->type));
    r->first = ROUND_UP(ut->ptr + free_index, BIT(r->obj_bits));
    return seL4_NoError;
}

static void emit_retype_event(const struct invocation *inv, const struct retype *r)
{
    event_str("type", object_type_name(r->type));
    event_u64("type_id", r->type);
    event_u64("size_bits", r->size_bits);
    event_u64("num", r->num);
    event_hex("dest_cnode", r->dest.ptr);
    event_u64("dest_offset", r->node_offset);
    event_hex("paddr", r->first);
    event_hex("ut_paddr", inv->slot->cap.ptr);
}

static void invoke_untyped_retype(struct cte *ut_slot, const struct retype *r)
{
    struct cap *ut = &ut_slot->cap;
    bool device = cap_is_device(ut);

    if (r->reset) {
        if (!device)
            memset(kptr_of(ut->ptr), 0, MIN(cap_untyped_free_index(ut), BIT(ut->bits)));
        ut->data = 0;
    }
    for (word_t i = 0; i < r->num; i++) {
        paddr_t p = r->first + (i << r->obj_bits);
        struct cap c = create_object((seL4_ObjectType)r->type, p, (unsigned)r->size_bits, device);
        cte_insert_original(c, ut_slot, retype_dest(r, i));
    }
    ut->data = ROUND_UP(r->first - ut->ptr + (r->num << r->obj_bits), FREE_INDEX_ALIGN);
}

seL4_Error decode_untyped_invocation(struct invocation *inv)
{
    struct retype r = { 0 };
    seL4_Error e;

    if ((e = check_retype_message(inv, &r)) != seL4_NoError ||
        (e = find_dest_cnode(inv, &r)) != seL4_NoError ||
        (e = check_dest_window(inv, &r)) != seL4_NoError ||
        (e = check_memory(inv, &r)) != seL4_NoError)
        return e;
    emit_retype_event(inv, &r);
    invoke_untyped_retype(inv->slot, &r);
    return seL4_NoError;
}
