/*
 * fixture.c - the world of fixture.h.
 */
#include <stdio.h>
#include "fixture.h"

struct cte *fx_slot_of(struct cap c, word_t i)
{
    return (struct cte *)kptr_of(c.ptr) + i;
}

struct cte *fx_slot(struct fx *f, word_t i)
{
    return fx_slot_of(f->root, i);
}

struct tcb *fx_new_tcb(const char *name)
{
    paddr_t p = shim_alloc(seL4_TCBBits);
    struct tcb *t;

    create_object(seL4_TCBObject, p, 0, false);
    t = kptr_of(p);
    snprintf(t->name, sizeof(t->name), "%s", name);
    return t;
}

void fx_init(struct fx *f)
{
    paddr_t cnode;

    shim_reset();
    memset(f, 0, sizeof(*f));
    f->t = fx_new_tcb("rootserver");
    cnode = shim_alloc(ROOT_RADIX + seL4_SlotBits);
    f->root = cap_cnode_new(cnode, ROOT_RADIX, seL4_WordBits - ROOT_RADIX, 0);
    cte_insert_root(f->root, fx_slot(f, ROOT_CNODE), true);
    cte_insert(f->root, fx_slot(f, ROOT_CNODE), &f->t->slots[TCB_CTABLE]);
    cte_insert_root(cap_thread_new(paddr_of(f->t)), fx_slot(f, seL4_CapInitThreadTCB), true);
    f->buffer = kptr_of(shim_alloc(seL4_IPCBufferSizeBits));
    cur_thread = f->t;
}

paddr_t fx_untyped(struct fx *f, word_t i, unsigned bits, bool device)
{
    paddr_t p = shim_alloc(bits);
    cte_insert_root(cap_untyped_new(p, bits, device, 0), fx_slot(f, i), true);
    return p;
}

struct cap fx_object(struct fx *f, word_t i, seL4_ObjectType type, unsigned size_bits)
{
    int bits = object_size_bits(type, size_bits);
    struct cap c = create_object(type, shim_alloc((unsigned)bits), size_bits, false);
    cte_insert_root(c, fx_slot(f, i), true);
    return fx_slot(f, i)->cap;
}

/* Put MR i where a real thread would: registers, then the IPC buffer. */
static void put_mr(struct fx *f, unsigned i, word_t v)
{
    switch (i) {
    case 0: f->t->ctx.r10 = v; break;
    case 1: f->t->ctx.r8 = v; break;
    case 2: f->t->ctx.r9 = v; break;
    case 3: f->t->ctx.r15 = v; break;
    default: f->buffer[1 + i] = v; break;
    }
}

void fx_prepare(struct fx *f, word_t cptr, word_t label,
                const word_t *mrs, unsigned n, const word_t *caps, unsigned ncaps)
{
    struct invocation *inv = &f->inv;
    struct lookup_result r = lookup_slot(f->t, cptr);

    assert_int_equal(r.status, LOOKUP_OK);
    memset(inv, 0, sizeof(*inv));
    for (unsigned i = 0; i < n; i++)
        put_mr(f, i, mrs[i]);
    f->t->ctx.rdi = cptr;
    inv->thread = f->t;
    inv->cptr = cptr;
    inv->slot = r.slot;
    inv->cap = r.slot->cap;
    inv->label = label;
    inv->length = n;
    inv->buffer = f->buffer;
    for (unsigned i = 0; i < ncaps; i++) {
        struct lookup_result c = lookup_slot(f->t, caps[i]);
        assert_int_equal(c.status, LOOKUP_OK);
        inv->extra[i] = c.slot;
    }
    inv->extra_count = ncaps;
}

seL4_Error fx_decode(struct fx *f)
{
    struct invocation *inv = &f->inv;
    seL4_Error e;

    event_begin("invoke");
    event_str("op", invocation_label_name(inv->label));
    event_u64("cptr", inv->cptr);
    event_str("cap", cap_type_name(inv->cap.type));
    e = decode_invocation(inv);
    event_u64("err", e);
    event_str("error", error_name(e));
    event_end();
    assert_int_equal(e, inv->error);
    return e;
}

seL4_Error fx_invoke(struct fx *f, word_t cptr, word_t label,
                     const word_t *mrs, unsigned n, const word_t *caps, unsigned ncaps)
{
    fx_prepare(f, cptr, label, mrs, n, caps, ncaps);
    return fx_decode(f);
}

seL4_Error fx_copy(struct fx *f, word_t dest, word_t src, word_t rights)
{
    return fx_invoke(f, ROOT_CNODE, CNodeCopy, MRS(dest, 64, src, 64, rights), CAPS(ROOT_CNODE));
}

seL4_Error fx_mint(struct fx *f, word_t dest, word_t src, word_t rights, word_t badge)
{
    return fx_invoke(f, ROOT_CNODE, CNodeMint, MRS(dest, 64, src, 64, rights, badge),
                     CAPS(ROOT_CNODE));
}

seL4_Error fx_move(struct fx *f, word_t dest, word_t src)
{
    return fx_invoke(f, ROOT_CNODE, CNodeMove, MRS(dest, 64, src, 64), CAPS(ROOT_CNODE));
}

seL4_Error fx_mutate(struct fx *f, word_t dest, word_t src, word_t data)
{
    return fx_invoke(f, ROOT_CNODE, CNodeMutate, MRS(dest, 64, src, 64, data), CAPS(ROOT_CNODE));
}

seL4_Error fx_delete(struct fx *f, word_t index)
{
    return fx_invoke(f, ROOT_CNODE, CNodeDelete, MRS(index, 64), NO_CAPS);
}

seL4_Error fx_revoke(struct fx *f, word_t index)
{
    return fx_invoke(f, ROOT_CNODE, CNodeRevoke, MRS(index, 64), NO_CAPS);
}

seL4_Error fx_retype(struct fx *f, word_t ut, word_t type, word_t size_bits,
                     word_t offset, word_t num)
{
    return fx_invoke(f, ut, UntypedRetype, MRS(type, size_bits, 0, 0, offset, num),
                     CAPS(ROOT_CNODE));
}

void fx_assert_reply(struct fx *f, const word_t *mrs, unsigned n)
{
    assert_int_equal(f->inv.reply_length, n);
    for (unsigned i = 0; i < n; i++)
        assert_int_equal(f->inv.reply_mr[i], mrs[i]);
}

static void check_slot_links(const struct cte *s)
{
    struct cte *next = cte_next(s), *prev = cte_prev(s);
    if (s->cap.type == cap_null) {
        assert_int_equal(s->prev, 0);
        assert_int_equal(s->next, 0);
        return;
    }
    if (next)
        assert_ptr_equal(cte_prev(next), s);
    if (prev)
        assert_ptr_equal(cte_next(prev), s);
}

void fx_check_links(struct fx *f)
{
    for (word_t i = 0; i < BIT(ROOT_RADIX); i++)
        check_slot_links(fx_slot(f, i));
    for (unsigned i = 0; i < TCB_SLOT_COUNT; i++)
        check_slot_links(&f->t->slots[i]);
}
