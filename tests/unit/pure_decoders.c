/*
 * pure_decoders.c - no decoder changes anything when it fails.
 *
 * A world with a cap of every type the host build can decode (untypeds,
 * endpoints, notifications, CNodes, TCBs, a VSpace with mapped and
 * unmapped paging structures, ASID control and pool, frames, a reply
 * cap, the domain cap, IRQ control and an IRQ handler, I/O port control
 * and an I/O port, and an empty slot) runs the real decoders of cnode.c,
 * tcb.c, vspace.c, untyped.c, interrupt.c, ioport.c and invocation.c.  Every invocation
 * label (and one past the last) is tried on every cap with many messages
 * drawn from words that name slots, depths, addresses, rights and sizes of
 * this world, with 0-3 extra caps; and, so that the late checks of each
 * decoder are reached too, every label has a template invocation that
 * succeeds in this world, tried with one or two of its arguments, its
 * length or its caps changed.  Whenever an invocation fails, the
 * whole arena (every kernel object: CNode slots and derivation links, TCB
 * registers and fields, page tables, ASID pools, untyped watermarks and
 * contents) must be byte for byte what it was, and no effect function
 * (set_thread_state, sched_set_priority, cancel_badged_sends, an MMU
 * switch, ...) may have been called.  After a success the world is built
 * again.  The test also checks that every label failed at least once.
 *
 * interrupt.c and ioport.c run on stubs of their hardware only (the I/O
 * APIC, the local APIC and port in/out in shim_pure.c, which log every
 * call).  Their own tables (which IRQs and port ranges are issued) are
 * static data outside the arena, so the byte comparison does not see
 * them; each is written only by an invoke_* function, which also inserts
 * a cap into the arena or calls the logged hardware, so a failing decode
 * that reached one would still be caught.  Between worlds the issued
 * IRQs and port ranges are released through the kernel's own
 * irq_handler_deleted and io_port_deleted.
 *
 * The endpoint, notification and reply decoders (endpoint.c,
 * notification.c's Signal) are not run here: invocation.c's dispatch
 * reaches them outside decode_invocation, and endpoint.c needs the
 * scheduler; the in-QEMU kernel tests cover them.
 */
#include <stdlib.h>
#include "fixture.h"

/* Slots of the world (root CNode indices, which are also cptrs). */
enum {
    S_UT = 10, S_UT_POOL = 11, S_UT_DEVICE = 12, S_UT_PARENT = 13, S_UT_CHILD = 14,
    S_EP = 20, S_EP_BADGED = 21, S_NTFN = 22, S_NTFN_RO = 23, S_CNODE = 24, S_NTFN_BOUND = 25,
    S_TCB = 30, S_TCB_BOUND = 31,
    S_PML4 = 40, S_POOL = 41, S_PDPT = 42, S_PD = 43, S_PT = 44, S_FRAME = 45,
    S_PD_FREE = 47, S_PT_FREE = 48, S_FRAME_FREE = 49, S_ASID_CONTROL = 50, S_PT_COPY = 51,
    S_REPLY = 52, S_DOMAIN = 53, S_IRQ_CONTROL = 54, S_IRQ_HANDLER = 55,
    S_IO_PORT_CONTROL = 56, S_IO_PORT = 57, S_PDPT_FREE = 58, S_PML4_FREE = 59, S_EMPTY = 100,
};

#define USER_VADDR 0x400000ull

static const word_t cap_slots[] = {
    seL4_CapInitThreadTCB, ROOT_CNODE, S_UT, S_UT_POOL, S_UT_DEVICE, S_UT_PARENT, S_UT_CHILD,
    S_EP, S_EP_BADGED, S_NTFN, S_NTFN_RO, S_CNODE, S_NTFN_BOUND, S_TCB, S_TCB_BOUND,
    S_PML4, S_POOL, S_PDPT, S_PD, S_PT, S_FRAME, S_PD_FREE, S_PT_FREE, S_FRAME_FREE,
    S_ASID_CONTROL, S_PT_COPY, S_REPLY, S_DOMAIN, S_IRQ_CONTROL, S_IRQ_HANDLER,
    S_IO_PORT_CONTROL, S_IO_PORT, S_PDPT_FREE, S_PML4_FREE, S_EMPTY,
};

#define MAX_MRS 10
#define MAX_CAPS 3

/* An invocation that succeeds in the world as built. */
struct call {
    word_t label, cptr;
    unsigned n, ncaps;
    word_t mrs[MAX_MRS + 1], caps[MAX_CAPS + 1];   /* + 1: A()'s end marker */
};

#define GiB (1ull << 30)
#define CALL(l, c, m, k) { .label = (l), .cptr = (c), .n = ARRAY_SIZE(((word_t[])m)) - 1, \
                           .ncaps = ARRAY_SIZE(((word_t[])k)) - 1, .mrs = m, .caps = k }
#define A(...) { __VA_ARGS__, 0 }
#define NONE { 0 }

static const struct call templates[] = {
    CALL(UntypedRetype, S_UT, A(seL4_EndpointObject, 0, 0, 0, 60, 2), A(ROOT_CNODE)),
    CALL(UntypedRetype, S_UT_DEVICE, A(seL4_X86_4K, 0, 0, 0, 60, 1), A(ROOT_CNODE)),
    CALL(UntypedRetype, S_UT, A(seL4_CapTableObject, 2, S_CNODE, 64, 1, 3), A(ROOT_CNODE)),
    CALL(TCBReadRegisters, S_TCB, A(1, 20), NONE),
    CALL(TCBWriteRegisters, S_TCB, A(1, 3, USER_VADDR, USER_VADDR + 0x800, 0x202), NONE),
    CALL(TCBCopyRegisters, S_TCB, A(15), A(S_TCB_BOUND)),
    CALL(TCBConfigure, S_TCB, A(7, 0, 0, USER_VADDR), A(ROOT_CNODE, S_PML4, S_FRAME_FREE)),
    CALL(TCBSetPriority, S_TCB, A(10), A(seL4_CapInitThreadTCB)),
    CALL(TCBSetMCPriority, S_TCB, A(10), A(seL4_CapInitThreadTCB)),
    CALL(TCBSetSchedParams, S_TCB, A(10, 9), A(seL4_CapInitThreadTCB)),
    CALL(TCBSetIPCBuffer, S_TCB, A(USER_VADDR), A(S_FRAME_FREE)),
    CALL(TCBSetSpace, S_TCB, A(7, 0, 0), A(ROOT_CNODE, S_PML4)),
    CALL(TCBSuspend, S_TCB, NONE, NONE),
    CALL(TCBResume, S_TCB, NONE, NONE),
    CALL(TCBBindNotification, S_TCB, NONE, A(S_NTFN)),
    CALL(TCBUnbindNotification, S_TCB_BOUND, NONE, NONE),
    CALL(TCBSetTLSBase, S_TCB, A(0x1000), NONE),
    CALL(CNodeRevoke, ROOT_CNODE, A(S_UT_PARENT, 64), NONE),
    CALL(CNodeDelete, ROOT_CNODE, A(S_EP_BADGED, 64), NONE),
    CALL(CNodeCancelBadgedSends, ROOT_CNODE, A(S_EP_BADGED, 64), NONE),
    CALL(CNodeCopy, ROOT_CNODE, A(S_EMPTY, 64, S_EP, 64, 15), A(ROOT_CNODE)),
    CALL(CNodeMint, ROOT_CNODE, A(S_EMPTY, 64, S_EP, 64, 15, 7), A(ROOT_CNODE)),
    CALL(CNodeMove, ROOT_CNODE, A(S_EMPTY, 64, S_EP, 64), A(ROOT_CNODE)),
    CALL(CNodeMutate, ROOT_CNODE, A(S_EMPTY, 64, S_CNODE, 64, 0), A(ROOT_CNODE)),
    CALL(CNodeRotate, ROOT_CNODE, A(S_EMPTY, 64, 0, S_FRAME_FREE, 64, 0, S_TCB_BOUND, 64),
         A(ROOT_CNODE, ROOT_CNODE)),
    CALL(CNodeSaveCaller, ROOT_CNODE, A(S_EMPTY, 64), NONE),
    CALL(X86PDPTMap, S_PDPT_FREE, A(512 * GiB, 0), A(S_PML4)),
    CALL(X86PDPTUnmap, S_PDPT, NONE, NONE),
    CALL(X86PageDirectoryMap, S_PD_FREE, A(USER_VADDR + GiB, 0), A(S_PML4)),
    CALL(X86PageDirectoryUnmap, S_PD, NONE, NONE),
    CALL(X86PageTableMap, S_PT_FREE, A(USER_VADDR + 0x200000, 0), A(S_PML4)),
    CALL(X86PageTableUnmap, S_PT_FREE, NONE, NONE),
    CALL(X86PageMap, S_FRAME_FREE, A(USER_VADDR + 0x1000, 3, 0), A(S_PML4)),
    CALL(X86PageUnmap, S_FRAME, NONE, NONE),
    CALL(X86PageGetAddress, S_FRAME, NONE, NONE),
    CALL(X86ASIDControlMakePool, S_ASID_CONTROL, A(S_EMPTY, 64), A(S_UT_POOL, ROOT_CNODE)),
    CALL(X86ASIDPoolAssign, S_POOL, NONE, A(S_PML4_FREE)),
    CALL(IRQIssueIRQHandler, S_IRQ_CONTROL, A(4, S_EMPTY, 64), A(ROOT_CNODE)),
    CALL(X86IRQIssueIRQHandlerIOAPIC, S_IRQ_CONTROL, A(S_EMPTY, 64, 0, 10, 1, 1, 5),
         A(ROOT_CNODE)),
    CALL(X86IRQIssueIRQHandlerMSI, S_IRQ_CONTROL, A(S_EMPTY, 64, 0, 3, 0, 0, 6), A(ROOT_CNODE)),
    CALL(IRQAckIRQ, S_IRQ_HANDLER, NONE, NONE),
    CALL(IRQSetIRQHandler, S_IRQ_HANDLER, NONE, A(S_NTFN)),
    CALL(IRQClearIRQHandler, S_IRQ_HANDLER, NONE, NONE),
    CALL(X86IOPortControlIssue, S_IO_PORT_CONTROL, A(0x70, 0x71, S_EMPTY, 64), A(ROOT_CNODE)),
    CALL(X86IOPortIn8, S_IO_PORT, A(0x80), NONE),
    CALL(X86IOPortIn16, S_IO_PORT, A(0x8e), NONE),
    CALL(X86IOPortIn32, S_IO_PORT, A(0x8c), NONE),
    CALL(X86IOPortOut8, S_IO_PORT, A(0x8f, 0x1ff), NONE),
    CALL(X86IOPortOut16, S_IO_PORT, A(0x80, 0x12345), NONE),
    CALL(X86IOPortOut32, S_IO_PORT, A(0x84, ~0ull), NONE),
};

/* Words a message is made of: slots, depths, sizes, addresses, rights,
 * object types, flags, and values past every limit. */
static const word_t words[] = {
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 19, 20, 21, 22, 23, 24, 25,
    30, 31, 40, 41, 42, 43, 44, 45, 47, 48, 49, 51, 52, 63, 64, 65, 100, 255, 256, 257,
    4095, 4096, 0x1000, USER_VADDR, USER_VADDR + 0x1000, USER_VADDR + 0x200000, 0x3ff,
    0x7fffffffffffull, 0x800000000000ull, 0xffff800000000000ull, ~0ull, ~0ull >> 1,
    1ull << 63, (52ull << 6) | 0, 3ull << 6 | 4,
};

#define MAX_SITES 256

struct stats {
    unsigned long tried, failed, succeeded;
    unsigned long failed_by_label[nInvocationLabels + 1];
    char sites[MAX_SITES][64];      /* "decoder/line" of each error line seen */
    unsigned n_sites;
};

/* Remember where the error line of a failed invocation came from. */
static void note_site(struct stats *st)
{
    const char *c = strchr(shim_console(), '[');
    char site[64];
    size_t n;

    if (!c)
        return;
    n = strcspn(c + 1, " ");
    snprintf(site, sizeof(site), "%.*s", (int)n, c + 1);
    for (unsigned i = 0; i < st->n_sites; i++)
        if (strcmp(st->sites[i], site) == 0)
            return;
    if (st->n_sites < MAX_SITES)
        snprintf(st->sites[st->n_sites++], sizeof(site), "%s", site);
}

static struct fx f;
static uint8_t *before;             /* the arena as it was before a trial */
static size_t arena_used;
static uint64_t rng = 0x9e3779b97f4a7c15ull;

static word_t next_random(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static word_t pick(const word_t *from, size_t n)
{
    return from[next_random() % n];
}

static void insert_root(word_t slot, struct cap c)
{
    cte_insert_root(c, fx_slot(&f, slot), true);
}

static void must_succeed(seL4_Error e)
{
    assert_int_equal(e, seL4_NoError);
}

/* The VSpace: PML4 with ASID 1, PDPT -> PD -> PT -> frame at USER_VADDR. */
static void build_vspace(void)
{
    paddr_t kernel_pml4 = shim_alloc(seL4_PageBits), pool = shim_alloc(seL4_ASIDPoolBits);

    shim_set_kernel_vspace(kernel_pml4);
    for (unsigned p = 0; p < BIT(seL4_NumASIDPoolsBits); p++)
        asid_pool_register(p, 0);
    asid_pool_register(0, pool);
    insert_root(S_POOL, cap_asid_pool_new(pool, 0));
    insert_root(S_ASID_CONTROL, cap_singleton_new(cap_asid_control));
    fx_object(&f, S_PML4, seL4_X64_PML4Object, 0);
    must_succeed(fx_invoke(&f, S_POOL, X86ASIDPoolAssign, NO_MRS, CAPS(S_PML4)));
    fx_object(&f, S_PDPT, seL4_X86_PDPTObject, 0);
    fx_object(&f, S_PD, seL4_X86_PageDirectoryObject, 0);
    fx_object(&f, S_PT, seL4_X86_PageTableObject, 0);
    fx_object(&f, S_FRAME, seL4_X86_4K, 0);
    must_succeed(fx_invoke(&f, S_PDPT, X86PDPTMap, MRS(USER_VADDR, 0), CAPS(S_PML4)));
    must_succeed(fx_invoke(&f, S_PD, X86PageDirectoryMap, MRS(USER_VADDR, 0), CAPS(S_PML4)));
    must_succeed(fx_invoke(&f, S_PT, X86PageTableMap, MRS(USER_VADDR, 0), CAPS(S_PML4)));
    must_succeed(fx_invoke(&f, S_FRAME, X86PageMap, MRS(USER_VADDR, 3, 0), CAPS(S_PML4)));
    must_succeed(fx_copy(&f, S_PT_COPY, S_PT, 15));
    fx_object(&f, S_PD_FREE, seL4_X86_PageDirectoryObject, 0);
    fx_object(&f, S_PT_FREE, seL4_X86_PageTableObject, 0);
    fx_object(&f, S_FRAME_FREE, seL4_X86_4K, 0);
    fx_object(&f, S_PDPT_FREE, seL4_X86_PDPTObject, 0);
    fx_object(&f, S_PML4_FREE, seL4_X64_PML4Object, 0);
}

static void build_threads(void)
{
    struct cap bound_ntfn = fx_object(&f, S_NTFN_BOUND, seL4_NotificationObject, 0);
    struct cap t = fx_object(&f, S_TCB, seL4_TCBObject, 0);
    struct cap b = fx_object(&f, S_TCB_BOUND, seL4_TCBObject, 0);
    struct tcb *other = kptr_of(t.ptr), *bound = kptr_of(b.ptr);

    snprintf(other->name, sizeof(other->name), "other");
    snprintf(bound->name, sizeof(bound->name), "bound");
    other->mcp = 100;
    f.t->mcp = 255;
    f.t->priority = 50;
    bind_notification(bound, kptr_of(bound_ntfn.ptr));
    /* A pending reply cap in the invoker's caller slot (for SaveCaller). */
    cte_insert(cap_reply_new(t.ptr, false, true), fx_slot(&f, seL4_CapInitThreadTCB),
               &f.t->slots[TCB_CALLER]);
    insert_root(S_REPLY, cap_reply_new(t.ptr, false, false));
}

/* Release what interrupt.c and ioport.c keep outside the arena for the
 * caps of the old world (in the root CNode or a CNode it holds), as
 * deleting those caps would. */
static void release_caps_in(struct cap cnode)
{
    for (word_t i = 0; i < BIT(cap_cnode_radix(&cnode)); i++) {
        struct cap *c = &fx_slot_of(cnode, i)->cap;
        if (c->type == cap_irq_handler)
            irq_handler_deleted(cap_irq(c));
        else if (c->type == cap_io_port)
            io_port_deleted(cap_io_first(c), cap_io_last(c));
    }
}

static void release_world(void)
{
    release_caps_in(f.root);
    for (word_t i = 0; i < BIT(ROOT_RADIX); i++)
        if (fx_slot(&f, i)->cap.type == cap_cnode && i != ROOT_CNODE)
            release_caps_in(fx_slot(&f, i)->cap);
}

static void build_world(void)
{
    static bool built;

    if (built)
        release_world();
    built = true;
    fx_init(&f);
    fx_untyped(&f, S_UT, 14, false);
    fx_untyped(&f, S_UT_POOL, seL4_ASIDPoolBits, false);
    fx_untyped(&f, S_UT_DEVICE, 12, true);
    fx_untyped(&f, S_UT_PARENT, 13, false);
    must_succeed(fx_retype(&f, S_UT_PARENT, seL4_EndpointObject, 0, S_UT_CHILD, 1));
    fx_object(&f, S_EP, seL4_EndpointObject, 0);
    must_succeed(fx_mint(&f, S_EP_BADGED, S_EP, 15, 5));
    fx_object(&f, S_NTFN, seL4_NotificationObject, 0);
    must_succeed(fx_copy(&f, S_NTFN_RO, S_NTFN, 2));
    fx_object(&f, S_CNODE, seL4_CapTableObject, 4);
    build_threads();
    build_vspace();
    insert_root(S_DOMAIN, cap_singleton_new(cap_domain));
    insert_root(S_IRQ_CONTROL, cap_singleton_new(cap_irq_control));
    insert_root(S_IRQ_HANDLER, cap_irq_handler_new(3));
    insert_root(S_IO_PORT_CONTROL, cap_singleton_new(cap_io_port_control));
    insert_root(S_IO_PORT, cap_io_port_new(0x80, 0x8f));
    fx_check_links(&f);
}

/* Take the picture every failing trial is compared with. */
static void remember_world(void)
{
    paddr_t end = shim_alloc(0);    /* everything handed out lies below */

    arena_used = end - ARENA_BASE;
    before = realloc(before, arena_used);
    assert_non_null(before);
    memcpy(before, kptr_of(ARENA_BASE), arena_used);
    shim_clear_logs();
}

static void report_change(word_t label, word_t cptr, const word_t *mrs, unsigned n,
                          const word_t *caps, unsigned ncaps)
{
    const uint8_t *now = kptr_of(ARENA_BASE);
    size_t off = 0;

    while (off < arena_used && now[off] == before[off])
        off++;
    print_error("%s on slot %lu (%s cap) failed with %s but changed state",
                invocation_label_name(label), cptr, cap_type_name(fx_slot(&f, cptr)->cap.type),
                error_name(f.inv.error));
    if (off < arena_used)
        print_error(" (first changed byte at paddr 0x%lx)", (unsigned long)(ARENA_BASE + off));
    print_error("\n  message:");
    for (unsigned i = 0; i < n; i++)
        print_error(" 0x%lx", mrs[i]);
    print_error("\n  extra caps:");
    for (unsigned i = 0; i < ncaps; i++)
        print_error(" %lu", caps[i]);
    print_error("\n  calls:\n%s", shim_calls());
}

/* Set up the invocation; the registers and buffer words the invoker wrote
 * become part of the picture. */
static void prepare(word_t cptr, word_t label, const word_t *mrs, unsigned n,
                    const word_t *caps, unsigned ncaps)
{
    size_t ctx = paddr_of(&f.t->ctx) - ARENA_BASE, buf = paddr_of(f.buffer) - ARENA_BASE;

    fx_prepare(&f, cptr, label, mrs, n, caps, ncaps);
    memcpy(before + ctx, &f.t->ctx, sizeof(f.t->ctx));
    memcpy(before + buf, f.buffer, BIT(seL4_IPCBufferSizeBits));
}

static bool changed(void)
{
    return memcmp(kptr_of(ARENA_BASE), before, arena_used) != 0 || shim_calls()[0] != '\0';
}

/* Run c; true if it failed (and so must have changed nothing). */
static bool run(struct stats *st, const struct call *c)
{
    word_t label = c->label, cptr = c->cptr;
    const word_t *mrs = c->mrs, *caps = c->caps;
    unsigned n = c->n, ncaps = c->ncaps;

    st->tried++;
    prepare(cptr, label, mrs, n, caps, ncaps);
    if (fx_decode(&f) == seL4_NoError) {
        st->succeeded++;
        build_world();
        remember_world();
        return false;
    }
    st->failed++;
    st->failed_by_label[MIN(label, (word_t)nInvocationLabels)]++;
    note_site(st);
    if (changed()) {
        report_change(label, cptr, mrs, n, caps, ncaps);
        fail();
    }
    shim_clear_logs();
    return true;
}

/* A random message and random extra caps. */
static bool trial(struct stats *st, word_t label, word_t cptr)
{
    struct call c = { .label = label, .cptr = cptr };

    c.n = (unsigned)(next_random() % (MAX_MRS + 1));
    c.ncaps = (unsigned)(next_random() % (MAX_CAPS + 1));
    for (unsigned i = 0; i < c.n; i++)
        c.mrs[i] = pick(words, ARRAY_SIZE(words));
    for (unsigned i = 0; i < c.ncaps; i++)
        c.caps[i] = pick(cap_slots, ARRAY_SIZE(cap_slots));
    return run(st, &c);
}

/* One change to a good invocation: an argument, the length, a cap or the
 * invoked cap. */
static void mutate(struct call *c)
{
    unsigned i;

    switch (next_random() % 7) {
    case 0: case 1:
        i = (unsigned)(next_random() % MAX_MRS);
        c->mrs[i] = pick(words, ARRAY_SIZE(words));
        c->n = MAX(c->n, i + 1);
        break;
    case 2:
        i = (unsigned)(next_random() % MAX_MRS);
        c->mrs[i] += (next_random() & 1) ? 1 : -1;
        c->n = MAX(c->n, i + 1);
        break;
    case 3:
        c->n = c->n ? (unsigned)(next_random() % c->n) : 0;
        break;
    case 4:
        i = (unsigned)(next_random() % MAX_CAPS);
        c->caps[i] = pick(cap_slots, ARRAY_SIZE(cap_slots));
        c->ncaps = MAX(c->ncaps, i + 1);
        break;
    case 5:
        c->ncaps = c->ncaps ? (unsigned)(next_random() % c->ncaps) : 0;
        break;
    default:
        c->cptr = pick(cap_slots, ARRAY_SIZE(cap_slots));
        break;
    }
}

#define TRIALS_PER_PAIR 24
#define MUTANTS_PER_TEMPLATE 300

static void test_failing_decoders_change_nothing(void **state)
{
    static struct stats st;

    build_world();
    remember_world();
    for (word_t label = 0; label <= nInvocationLabels; label++) {
        word_t l = label == nInvocationLabels ? 9999 : label;
        for (size_t c = 0; c < ARRAY_SIZE(cap_slots); c++)
            for (unsigned i = 0; i < TRIALS_PER_PAIR; i++)
                trial(&st, l, cap_slots[c]);
    }
    for (size_t t = 0; t < ARRAY_SIZE(templates); t++) {
        for (unsigned i = 0; i < MUTANTS_PER_TEMPLATE; i++) {
            struct call c = templates[t];
            mutate(&c);
            if (next_random() & 1)
                mutate(&c);
            run(&st, &c);
        }
    }
    for (word_t label = 0; label <= nInvocationLabels; label++) {
        if (st.failed_by_label[label] == 0)
            print_error("label %s never failed\n", invocation_label_name(label));
        assert_true(st.failed_by_label[label] > 0);
    }
    /* PURE_SITES=1 lists the error lines reached. */
    for (unsigned i = 0; getenv("PURE_SITES") && i < st.n_sites; i++)
        print_message("site %s\n", st.sites[i]);
    print_message("pure_decoders: %lu invocations, %lu failed with the state unchanged "
                  "(at %u distinct error lines), %lu succeeded\n",
                  st.tried, st.failed, st.n_sites, st.succeeded);
    free(before);
    before = NULL;
}

/* The failing paths that come last in their decoders, each set up so the
 * one late check is what fails (random messages reach them only rarely). */
static void expect_unchanged(seL4_Error want, word_t cptr, word_t label,
                             const word_t *mrs, unsigned n, const word_t *caps, unsigned ncaps)
{
    remember_world();
    prepare(cptr, label, mrs, n, caps, ncaps);
    assert_int_equal(fx_decode(&f), want);
    if (changed()) {
        report_change(label, cptr, mrs, n, caps, ncaps);
        fail();
    }
}

static void test_late_failures_change_nothing(void **state)
{
    build_world();
    /* CNode: the new cap would be invalid (a second badge), after lookups. */
    expect_unchanged(seL4_IllegalOperation, ROOT_CNODE, CNodeMint,
                     MRS(S_EMPTY, 64, S_EP_BADGED, 64, 15, 9), CAPS(ROOT_CNODE));
    /* CNode Rotate: the pivot cannot take new data (a badge), after every lookup. */
    expect_unchanged(seL4_IllegalOperation, ROOT_CNODE, CNodeRotate,
                     MRS(S_EMPTY, 64, 7, S_EP, 64, 0, S_NTFN, 64), CAPS(ROOT_CNODE, ROOT_CNODE));
    /* Retype: the last destination slot of the window is full. */
    expect_unchanged(seL4_DeleteFirst, S_UT, UntypedRetype,
                     MRS(seL4_EndpointObject, 0, 0, 0, S_EP - 1, 2), CAPS(ROOT_CNODE));
    /* Retype: not enough memory, checked after the destination window. */
    expect_unchanged(seL4_NotEnoughMemory, S_UT, UntypedRetype,
                     MRS(seL4_X86_4K, 0, 0, 0, 200, 5), CAPS(ROOT_CNODE));
    /* TCB Configure: CSpace and VSpace fine, the IPC buffer misaligned. */
    expect_unchanged(seL4_AlignmentError, S_TCB, TCBConfigure,
                     MRS(7, 0, 0, USER_VADDR + 8), CAPS(ROOT_CNODE, S_PML4, S_FRAME_FREE));
    /* TCB SetSchedParams: the MCP fits the authority, the priority does not. */
    expect_unchanged(seL4_RangeError, S_TCB, TCBSetSchedParams, MRS(10, 300),
                     CAPS(seL4_CapInitThreadTCB));
    /* PageMap: everything fine but the page table slot is taken. */
    expect_unchanged(seL4_DeleteFirst, S_FRAME_FREE, X86PageMap, MRS(USER_VADDR, 3, 0),
                     CAPS(S_PML4));
    /* PageTableMap: the page directory entry is taken. */
    expect_unchanged(seL4_DeleteFirst, S_PT_FREE, X86PageTableMap, MRS(USER_VADDR, 0),
                     CAPS(S_PML4));
    /* ASIDControl MakePool: the destination slot is full, after the untyped checks. */
    expect_unchanged(seL4_DeleteFirst, S_ASID_CONTROL, X86ASIDControlMakePool,
                     MRS(S_EP, 64), CAPS(S_UT_POOL, ROOT_CNODE));
    /* PageTableUnmap with a copy of the cap still there. */
    expect_unchanged(seL4_RevokeFirst, S_PT, X86PageTableUnmap, NO_MRS, NO_CAPS);
    /* IRQControl Get: a free ISA line, but the destination slot is full. */
    expect_unchanged(seL4_DeleteFirst, S_IRQ_CONTROL, IRQIssueIRQHandler, MRS(4, S_EP, 64),
                     CAPS(ROOT_CNODE));
    /* GetIOAPIC: vector and slot fine, the polarity (checked last) is not. */
    expect_unchanged(seL4_RangeError, S_IRQ_CONTROL, X86IRQIssueIRQHandlerIOAPIC,
                     MRS(S_EMPTY, 64, 0, 10, 1, 2, 5), CAPS(ROOT_CNODE));
    /* GetMSI: the PCI function (checked last) is out of range. */
    expect_unchanged(seL4_RangeError, S_IRQ_CONTROL, X86IRQIssueIRQHandlerMSI,
                     MRS(S_EMPTY, 64, 0, 3, 8, 0, 6), CAPS(ROOT_CNODE));
    /* IOPortControl Issue: an open range, but the destination slot is full. */
    expect_unchanged(seL4_DeleteFirst, S_IO_PORT_CONTROL, X86IOPortControlIssue,
                     MRS(0x70, 0x71, S_EP, 64), CAPS(ROOT_CNODE));
    /* IOPort Out32: the port is in range, its last byte is not. */
    expect_unchanged(seL4_IllegalOperation, S_IO_PORT, X86IOPortOut32, MRS(0x8e, 1), NO_CAPS);
    free(before);
    before = NULL;
}

/* Each template succeeds as it is: its changed copies start from a call
 * that reaches the decoder's effect. */
static void test_templates_succeed(void **state)
{
    for (size_t t = 0; t < ARRAY_SIZE(templates); t++) {
        const struct call *c = &templates[t];
        build_world();
        if (fx_invoke(&f, c->cptr, c->label, c->mrs, c->n, c->caps, c->ncaps) != seL4_NoError)
            fail_msg("template %s: %s\n%s", invocation_label_name(c->label),
                     error_name(f.inv.error), shim_console());
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_templates_succeed),
        cmocka_unit_test(test_late_failures_change_nothing),
        cmocka_unit_test(test_failing_decoders_change_nothing),
    };
    return cmocka_run_group_tests_name("pure_decoders", tests, NULL, NULL);
}
