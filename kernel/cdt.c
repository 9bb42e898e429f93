/*
 * cdt.c - the capability derivation tree (CDT), and deleting caps.
 *
 * The tree is kept as one doubly linked list of slots in derivation order
 * (pre-order): a cap's descendants follow it directly, so "has children"
 * only needs to look at the next slot, and revoking a cap means deleting
 * slots after it until one is no longer its child (is_mdb_parent_of in
 * cap.c says who is whose child).  Links are physical addresses of slots
 * (0 = none).  Two bits per slot complete the picture (object.h):
 * MDB_REVOCABLE marks an original cap that may have children, and
 * MDB_FIRST_BADGED marks the first cap of a badge family.  Both belong to
 * the slot's place in the list, so they move with the links, never with
 * the cap value a caller passes in.
 *
 * Deleting.  Removing a cap that is not the last one to its object only
 * unlinks it.  Removing the last one finalises the object: threads waiting
 * on an endpoint or notification restart, a TCB is suspended, a mapped
 * frame is unmapped, and a CNode or TCB has every slot inside it deleted.
 * That last rule nests: a CNode can hold the last cap to another CNode,
 * which holds the last cap to a third, and so on, or even the last cap to
 * itself.  Recursion would overflow the 16 KiB kernel stack on a long
 * chain, so deletion is iterative.  A container (CNode or TCB) whose last
 * cap goes is marked "being emptied" by turning that cap, in its slot,
 * into a zombie cap:
 *
 *     zombie.ptr   the container being emptied
 *     zombie.bits  CNode radix, or ZOMBIE_TCB_BITS for a TCB's 5 slots
 *     zombie.data  paddr of the zombie slot of the container we were
 *                  emptying when we met this one (0 at the bottom)
 *
 * The zombies form a stack threaded through their own slots, so the work
 * list needs no memory and no stack frames.  The top container is scanned
 * from its last slot down; a slot holding a zombie is skipped (it is on the
 * stack already: that is how a CNode holding its own last cap is handled);
 * finding another container pushes it.  When a container is empty its
 * zombie slot is cleared and the scan of the one below resumes just under
 * that slot.  Zombies exist only inside one cte_delete() call; nothing
 * outside this file ever sees one.  Object memory is never freed here (it
 * goes back to its untyped only when the untyped is reset by a later
 * retype), so scanning a container after its last cap is gone is safe.
 */
#include "kernel.h"

#define ZOMBIE_TCB_BITS 0xff   /* zombie.bits value for a TCB container */

/* ---- links ---- */

static struct cte *slot_at(uint32_t p)
{
    return p ? kptr_of(p) : NULL;
}

static uint32_t ref_of(const struct cte *s)
{
    return s ? (uint32_t)paddr_of(s) : 0;
}

struct cte *cte_next(const struct cte *s)
{
    return slot_at(s->next);
}

struct cte *cte_prev(const struct cte *s)
{
    return slot_at(s->prev);
}

/* Put cap c into the empty slot dest, right after `after` (or alone). */
static void link_after(struct cte *after, struct cte *dest, struct cap c, uint8_t mdb)
{
    dest->cap = c;
    dest->cap.mdb_flags = mdb;
    dest->prev = ref_of(after);
    dest->next = after ? after->next : 0;
    if (after) {
        struct cte *next = cte_next(after);
        if (next)
            next->prev = ref_of(dest);
        after->next = ref_of(dest);
    }
}

/* Take s out of the list and empty it.  The first-badged bit passes on to
 * the next slot, so a badge family whose head is deleted keeps a head. */
static void unlink_and_clear(struct cte *s)
{
    struct cte *prev = cte_prev(s), *next = cte_next(s);
    if (prev)
        prev->next = s->next;
    if (next) {
        next->prev = s->prev;
        next->cap.mdb_flags |= s->cap.mdb_flags & MDB_FIRST_BADGED;
    }
    s->cap = cap_null_new();
    s->prev = s->next = 0;
}

/* ---- inserting and moving ---- */

/* seL4's rule for which derived caps are originals (may have children):
 * minting a new badge, an IRQ handler issued by IRQControl, an I/O port
 * range issued by IOPortControl, and an untyped (whose children are the
 * objects retyped from it). */
static bool is_cap_revocable(const struct cap *new_cap, const struct cap *src)
{
    switch (new_cap->type) {
    case cap_endpoint:
    case cap_notification:
        return src->type == new_cap->type && new_cap->data != src->data;
    case cap_irq_handler:
        return src->type == cap_irq_control;
    case cap_io_port:
        return src->type == cap_io_port_control;
    case cap_untyped:
        return true;
    default:
        return false;
    }
}

/* An untyped copied whole: the parent must not hand out the same memory
 * again, so it is marked full until the copy is gone. */
static void mark_untyped_full(struct cte *parent, const struct cap *new_cap)
{
    struct cap *p = &parent->cap;
    if (p->type == cap_untyped && new_cap->type == cap_untyped &&
        p->ptr == new_cap->ptr && p->bits == new_cap->bits)
        p->data = BIT(p->bits);
}

void cte_insert(struct cap new_cap, struct cte *parent, struct cte *dest)
{
    uint8_t mdb = is_cap_revocable(&new_cap, &parent->cap)
                  ? MDB_REVOCABLE | MDB_FIRST_BADGED : 0;
    mark_untyped_full(parent, &new_cap);
    link_after(parent, dest, new_cap, mdb);
}

void cte_insert_root(struct cap c, struct cte *dest, bool revocable)
{
    link_after(NULL, dest, c, revocable ? MDB_REVOCABLE | MDB_FIRST_BADGED : 0);
}

void cte_insert_original(struct cap c, struct cte *untyped, struct cte *dest)
{
    link_after(untyped, dest, c, MDB_REVOCABLE | MDB_FIRST_BADGED);
}

void cte_move(struct cap new_cap, struct cte *src, struct cte *dest)
{
    struct cte *prev = cte_prev(src), *next = cte_next(src);
    dest->cap = new_cap;
    dest->cap.mdb_flags = src->cap.mdb_flags;
    dest->prev = src->prev;
    dest->next = src->next;
    if (prev)
        prev->next = ref_of(dest);
    if (next)
        next->prev = ref_of(dest);
    src->cap = cap_null_new();
    src->prev = src->next = 0;
}

/* Swap s1 and s2 positions in the list; a link to one of the two becomes a
 * link to the other, which also covers the case where they are neighbours. */
static uint32_t swapped_ref(uint32_t r, uint32_t r1, uint32_t r2)
{
    return r == r1 ? r2 : r == r2 ? r1 : r;
}

static void relink_neighbours(struct cte *s)
{
    struct cte *prev = cte_prev(s), *next = cte_next(s);
    if (prev)
        prev->next = ref_of(s);
    if (next)
        next->prev = ref_of(s);
}

void cte_swap(struct cap c1, struct cte *s1, struct cap c2, struct cte *s2)
{
    uint32_t r1 = ref_of(s1), r2 = ref_of(s2);
    uint32_t p1 = s1->prev, n1 = s1->next, p2 = s2->prev, n2 = s2->next;
    uint8_t m1 = s1->cap.mdb_flags, m2 = s2->cap.mdb_flags;

    if (s1 == s2)
        return;
    s1->cap = c2;
    s1->cap.mdb_flags = m2;
    s1->prev = swapped_ref(p2, r1, r2);
    s1->next = swapped_ref(n2, r1, r2);
    s2->cap = c1;
    s2->cap.mdb_flags = m1;
    s2->prev = swapped_ref(p1, r1, r2);
    s2->next = swapped_ref(n1, r1, r2);
    relink_neighbours(s1);
    relink_neighbours(s2);
}

/* ---- questions ---- */

bool cte_has_children(const struct cte *s)
{
    struct cte *next = cte_next(s);
    return s->cap.type != cap_null && next && is_mdb_parent_of(s, next);
}

/* All caps to one object are neighbours in the list, so the last one is
 * the one with no same-object neighbour on either side. */
bool cte_is_final(const struct cte *s)
{
    struct cte *prev = cte_prev(s), *next = cte_next(s);
    if (prev && same_object_as(&prev->cap, &s->cap))
        return false;
    return !(next && same_object_as(&s->cap, &next->cap));
}

/* ---- finalising objects ---- */

/* The effects of removing cap c (already out of its slot).  `final` says
 * whether it was the last cap to its object.  Containers are not handled
 * here: their contents are the zombie loop's job. */
static void finalise_leaf(const struct cap *c, bool final)
{
    switch (c->type) {
    case cap_frame:
        /* A mapping belongs to one cap, final or not. */
        if (c->flags & CAP_F_MAPPED)
            unmap_cap_object(c);
        return;
    default:
        break;
    }
    if (!final)
        return;
    switch (c->type) {
    case cap_endpoint:
        cancel_all_ipc(kptr_of(c->ptr));
        break;
    case cap_notification:
        unbind_maybe_notification(kptr_of(c->ptr));
        cancel_all_signals(kptr_of(c->ptr));
        break;
    case cap_page_table: case cap_page_directory: case cap_pdpt: case cap_pml4:
    case cap_asid_pool:
        unmap_cap_object(c);
        break;
    case cap_irq_handler:
        irq_handler_deleted(c->data);
        break;
    case cap_io_port:
        io_port_deleted(c->data & 0xffff, (c->data >> 16) & 0xffff);
        break;
    default:
        break;
    }
}

static bool is_container(const struct cap *c)
{
    return c->type == cap_cnode || c->type == cap_thread;
}

static word_t container_slots(const struct cap *zombie)
{
    return zombie->bits == ZOMBIE_TCB_BITS ? TCB_SLOT_COUNT : BIT(zombie->bits);
}

static struct cte *container_slot(const struct cap *zombie, word_t i)
{
    return (struct cte *)kptr_of(zombie->ptr) + i;
}

/* The last cap to a container leaves slot s: stop the thread now, and
 * leave a zombie in s (on top of the stack `top`) so its slots get emptied. */
static void make_zombie(struct cte *s, struct cte *top)
{
    struct cap c = s->cap;
    if (c.type == cap_thread) {
        struct tcb *t = kptr_of(c.ptr);
        unbind_notification(t);
        tcb_suspend(t);
        tcb_debug_remove(t);
    }
    unlink_and_clear(s);
    s->cap.type = cap_zombie;
    s->cap.ptr = c.ptr;
    s->cap.bits = c.type == cap_thread ? ZOMBIE_TCB_BITS : c.bits;
    s->cap.data = ref_of(top);
}

/*
 * Delete the cap in s, which is not a zombie.  Returns the new top of the
 * zombie stack: s itself if s held the last cap to a container, else top.
 */
static struct cte *delete_step(struct cte *s, struct cte *top)
{
    bool final = cte_is_final(s);
    struct cap c = s->cap;

    if (final && is_container(&c)) {
        make_zombie(s, top);
        return s;
    }
    /* Finalise first, while the object still looks as it did. */
    finalise_leaf(&c, final);
    unlink_and_clear(s);
    return top;
}

/* Index of slot s inside the container of zombie z. */
static word_t index_in(const struct cap *z, const struct cte *s)
{
    return (word_t)(s - container_slot(z, 0));
}

void cte_delete(struct cte *s)
{
    struct cte *top;
    word_t next_index;

    if (!s || s->cap.type == cap_null || s->cap.type == cap_zombie)
        return;
    top = delete_step(s, NULL);
    next_index = top ? container_slots(&top->cap) : 0;
    while (top) {
        struct cte *pushed = top, *below;
        /* Scan the top container downwards for something to delete. */
        while (next_index > 0 && pushed == top) {
            struct cte *slot = container_slot(&top->cap, --next_index);
            if (slot->cap.type != cap_null && slot->cap.type != cap_zombie)
                pushed = delete_step(slot, top);
        }
        if (pushed != top) {             /* a container inside: empty it first */
            top = pushed;
            next_index = container_slots(&top->cap);
            continue;
        }
        /* The top container is empty: drop its zombie, resume below. */
        below = slot_at((uint32_t)top->cap.data);
        top->cap = cap_null_new();
        if (below)
            next_index = index_in(&below->cap, top);
        top = below;
    }
}

void cte_revoke(struct cte *s)
{
    struct cte *next;
    while ((next = cte_next(s)) != NULL && is_mdb_parent_of(s, next))
        cte_delete(next);
}
