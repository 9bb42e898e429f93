/*
 * cap.c - building, comparing and deriving capabilities.
 *
 * A cap is a small value (struct cap, object.h) that names one kernel
 * object and says what its holder may do with it.  This file owns the
 * rules that depend only on cap values, never on where a cap is stored:
 *
 *   - the constructors, so every cap of a type has its fields in the same
 *     places (object.h has the table of what each field means);
 *   - "region" and "object" identity, which the derivation tree (cdt.c)
 *     uses to decide who is whose parent and whether a cap is the last
 *     one to its object;
 *   - rights masking, derivation (what a Copy/Mint or an IPC transfer puts
 *     in the new slot) and the Mint/Mutate data word (badge or guard).
 *
 * Nothing here touches memory outside the caps it is given, except
 * derive_cap, which asks cdt.c whether an untyped already has children.
 */
#include "kernel.h"

#define RIGHTS_ALL      0xfu
#define RIGHT_WRITE     0x1u
#define RIGHT_READ      0x2u
#define RIGHT_GRANT     0x4u

/* ---- constructors ---- */

static struct cap cap_of_type(enum cap_type type, paddr_t p)
{
    struct cap c = { 0 };
    c.type = (uint8_t)type;
    c.ptr = p;
    return c;
}

struct cap cap_null_new(void)
{
    return cap_of_type(cap_null, 0);
}

struct cap cap_untyped_new(paddr_t p, unsigned size_bits, bool device, word_t free_index)
{
    struct cap c = cap_of_type(cap_untyped, p);
    c.bits = (uint8_t)size_bits;
    c.flags = device ? CAP_F_DEVICE : 0;
    c.data = free_index;
    return c;
}

struct cap cap_endpoint_new(paddr_t p, word_t badge, unsigned rights)
{
    struct cap c = cap_of_type(cap_endpoint, p);
    c.data = badge;
    c.rights = (uint8_t)(rights & RIGHTS_ALL);
    return c;
}

struct cap cap_notification_new(paddr_t p, word_t badge, unsigned rights)
{
    struct cap c = cap_of_type(cap_notification, p);
    c.data = badge;
    c.rights = (uint8_t)(rights & RIGHTS_ALL);
    return c;
}

struct cap cap_cnode_new(paddr_t p, unsigned radix, unsigned guard_size, word_t guard)
{
    struct cap c = cap_of_type(cap_cnode, p);
    c.bits = (uint8_t)radix;
    c.guard_size = (uint8_t)guard_size;
    c.data = guard & MASK(guard_size);
    return c;
}

struct cap cap_thread_new(paddr_t tcb)
{
    return cap_of_type(cap_thread, tcb);
}

struct cap cap_reply_new(paddr_t caller, bool master, bool can_grant)
{
    struct cap c = cap_of_type(cap_reply, caller);
    c.flags = master ? CAP_F_MASTER_REPLY : 0;
    c.data = can_grant ? 1 : 0;
    return c;
}

/* Frames only know Read and Write: the other rights mean nothing to a
 * mapping, and seL4 stores frame rights as "kernel only", "read only" or
 * "read-write".  Write without Read therefore collapses to kernel-only. */
static uint8_t frame_rights(unsigned rights)
{
    rights &= RIGHT_READ | RIGHT_WRITE;
    return (uint8_t)((rights & RIGHT_READ) ? rights : 0);
}

struct cap cap_frame_new(paddr_t p, unsigned size_bits, unsigned rights, bool device)
{
    struct cap c = cap_of_type(cap_frame, p);
    c.bits = (uint8_t)size_bits;
    c.rights = frame_rights(rights);
    c.flags = device ? CAP_F_DEVICE : 0;
    return c;
}

struct cap cap_table_new(enum cap_type type, paddr_t p)
{
    return cap_of_type(type, p);
}

struct cap cap_asid_pool_new(paddr_t p, word_t first_asid)
{
    struct cap c = cap_of_type(cap_asid_pool, p);
    c.data = first_asid;
    return c;
}

struct cap cap_irq_handler_new(word_t irq)
{
    struct cap c = cap_of_type(cap_irq_handler, 0);
    c.data = irq;
    return c;
}

struct cap cap_io_port_new(word_t first, word_t last)
{
    struct cap c = cap_of_type(cap_io_port, 0);
    c.data = (first & MASK(CAP_IO_PORT_BITS)) | (last & MASK(CAP_IO_PORT_BITS)) << CAP_IO_PORT_BITS;
    return c;
}

struct cap cap_singleton_new(enum cap_type type)
{
    return cap_of_type(type, 0);
}

/* ---- names and sizes ---- */

const char *cap_type_name(unsigned type)
{
    switch (type) {
    case cap_null:            return "null";
    case cap_untyped:         return "untyped";
    case cap_endpoint:        return "endpoint";
    case cap_notification:    return "notification";
    case cap_reply:           return "reply";
    case cap_cnode:           return "cnode";
    case cap_thread:          return "thread";
    case cap_irq_control:     return "irq_control";
    case cap_irq_handler:     return "irq_handler";
    case cap_zombie:          return "zombie";
    case cap_domain:          return "domain";
    case cap_frame:           return "frame";
    case cap_page_table:      return "page_table";
    case cap_page_directory:  return "page_directory";
    case cap_pdpt:            return "pdpt";
    case cap_pml4:            return "pml4";
    case cap_asid_control:    return "asid_control";
    case cap_asid_pool:       return "asid_pool";
    case cap_io_port:         return "io_port";
    case cap_io_port_control: return "io_port_control";
    default:                  return "unknown";
    }
}

word_t cap_object_size_bits(const struct cap *c)
{
    switch (c->type) {
    case cap_untyped:
    case cap_frame:          return c->bits;
    case cap_endpoint:       return seL4_EndpointBits;
    case cap_notification:   return seL4_NotificationBits;
    case cap_cnode:          return (word_t)c->bits + seL4_SlotBits;
    case cap_thread:         return seL4_TCBBits;
    case cap_page_table:     return seL4_PageTableBits;
    case cap_page_directory: return seL4_PageDirBits;
    case cap_pdpt:           return seL4_PDPTBits;
    case cap_pml4:           return seL4_PML4Bits;
    case cap_asid_pool:      return seL4_ASIDPoolBits;
    default:                 return 0;
    }
}

/* ---- identity ---- */

/* Caps that name memory: only those can lie inside an untyped's region. */
static bool is_physical(const struct cap *c)
{
    switch (c->type) {
    case cap_untyped: case cap_endpoint: case cap_notification:
    case cap_cnode: case cap_thread: case cap_frame: case cap_page_table:
    case cap_page_directory: case cap_pdpt: case cap_pml4: case cap_asid_pool:
        return true;
    default:
        return false;
    }
}

static word_t region_last(const struct cap *c)
{
    return c->ptr + BIT(cap_object_size_bits(c)) - 1;
}

static bool region_inside(const struct cap *outer, const struct cap *inner)
{
    return is_physical(inner) && inner->ptr >= outer->ptr &&
           region_last(inner) <= region_last(outer) && inner->ptr <= region_last(inner);
}

/*
 * a "covers" b: b names (part of) what a names.  The derivation tree uses
 * it to decide parenthood: an untyped covers every object made from it,
 * IRQControl covers the handlers it issued, IOPortControl the port caps.
 */
bool same_region_as(const struct cap *a, const struct cap *b)
{
    switch (a->type) {
    case cap_untyped:
        return region_inside(a, b);
    case cap_frame:
        return b->type == cap_frame && region_inside(a, b);
    case cap_endpoint: case cap_notification: case cap_thread: case cap_reply:
    case cap_page_table: case cap_page_directory: case cap_pdpt: case cap_pml4:
    case cap_asid_pool:
        return b->type == a->type && b->ptr == a->ptr;
    case cap_cnode:
        return b->type == cap_cnode && b->ptr == a->ptr && b->bits == a->bits;
    case cap_irq_control:
        return b->type == cap_irq_control || b->type == cap_irq_handler;
    case cap_irq_handler:
        return b->type == cap_irq_handler && cap_irq(b) == cap_irq(a);
    case cap_io_port_control:
        return b->type == cap_io_port_control || b->type == cap_io_port;
    case cap_io_port:
        return b->type == cap_io_port && cap_io_first(a) == cap_io_first(b) &&
               cap_io_last(a) == cap_io_last(b);
    case cap_asid_control: case cap_domain:
        return b->type == a->type;
    default:   /* null, zombie */
        return false;
    }
}

/* a and b name exactly the same object (so deleting one of them is not
 * the end of it).  Stricter than same_region_as: an untyped is never the
 * same object as what was made from it, a control cap never the same as
 * what it issued. */
bool same_object_as(const struct cap *a, const struct cap *b)
{
    if (a->type == cap_untyped)
        return false;
    if (a->type == cap_irq_control && b->type == cap_irq_handler)
        return false;
    if (a->type == cap_io_port_control && b->type == cap_io_port)
        return false;
    if (a->type == cap_frame)
        return b->type == cap_frame && a->ptr == b->ptr && a->bits == b->bits &&
               (a->flags & CAP_F_DEVICE) == (b->flags & CAP_F_DEVICE);
    return same_region_as(a, b);
}

static bool is_badged_type(const struct cap *c)
{
    return c->type == cap_endpoint || c->type == cap_notification;
}

/*
 * Is b (which must directly follow a in the list) a child of a?  Only an
 * original ("revocable") cap has children.  A badged endpoint or
 * notification cap is the parent only of the copies that share its badge;
 * the next MDB_FIRST_BADGED cap starts a new family, not a child.
 */
bool is_mdb_parent_of(const struct cte *a, const struct cte *b)
{
    if (!(a->cap.mdb_flags & MDB_REVOCABLE))
        return false;
    if (!same_region_as(&a->cap, &b->cap))
        return false;
    if (is_badged_type(&a->cap) && cap_badge(&a->cap) != 0)
        return cap_badge(&b->cap) == cap_badge(&a->cap) && !(b->cap.mdb_flags & MDB_FIRST_BADGED);
    return true;
}

/* ---- rights, derivation and cap data ---- */

struct cap mask_cap_rights(struct cap c, unsigned rights)
{
    switch (c.type) {
    case cap_endpoint:
    case cap_notification:
        c.rights &= (uint8_t)(rights & RIGHTS_ALL);
        break;
    case cap_frame:
        c.rights = frame_rights(c.rights & rights);
        break;
    case cap_reply:
        /* A reply cap has only "may grant caps in the reply". */
        c.data = c.data && (rights & RIGHT_GRANT);
        break;
    default:
        break;
    }
    return c;
}

static bool table_is_derivable(const struct cap *c)
{
    /* An unmapped table cap could be mapped twice through two copies;
     * a PML4 without an ASID is not yet a usable VSpace. */
    return (c->flags & CAP_F_MAPPED) != 0;
}

seL4_Error derive_cap(struct cte *src_slot, struct cap c, struct cap *out)
{
    *out = cap_null_new();
    switch (c.type) {
    case cap_zombie: case cap_reply: case cap_irq_control: case cap_io_port_control:
        return seL4_IllegalOperation;
    case cap_untyped:
        if (cte_has_children(src_slot))
            return seL4_RevokeFirst;
        break;
    case cap_page_table: case cap_page_directory: case cap_pdpt: case cap_pml4:
        if (!table_is_derivable(&c))
            return seL4_IllegalOperation;
        break;
    case cap_frame:
        /* Each mapping belongs to one cap: the copy starts unmapped. */
        c.flags &= (uint8_t)~CAP_F_MAPPED;
        c.asid = 0;
        c.data = 0;
        break;
    default:
        break;
    }
    c.mdb_flags = 0;    /* the new slot gets its own tree bits on insert */
    *out = c;
    return seL4_NoError;
}

/* CNode data word: guard << 6 | guard_size.  A guard wider than what is
 * left of the 64-bit address after the radix can never match. */
static struct cap update_cnode_guard(word_t data, struct cap c)
{
    seL4_CNode_CapData_t d = { { data } };
    word_t guard_size = seL4_CNode_CapData_get_guardSize(d);
    if (guard_size + c.bits > seL4_WordBits)
        return cap_null_new();
    c.guard_size = (uint8_t)guard_size;
    c.data = seL4_CNode_CapData_get_guard(d) & MASK(guard_size);
    return c;
}

/*
 * Apply a Mint/Mutate/Rotate data word.  preserve = true comes from the
 * moving operations (Mutate, Rotate), which must not change a badge: for
 * an endpoint or notification cap they give a null cap, and so does
 * minting from a cap that is already badged (a badge is set once only).
 */
struct cap update_cap_data(bool preserve, word_t data, struct cap c)
{
    switch (c.type) {
    case cap_endpoint:
    case cap_notification:
        if (preserve || cap_badge(&c) != 0)
            return cap_null_new();
        c.data = data;
        return c;
    case cap_cnode:
        return update_cnode_guard(data, c);
    default:
        return c;
    }
}
