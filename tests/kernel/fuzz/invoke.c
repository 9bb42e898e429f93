/*
 * invoke.c - one random action of the fuzzer, made safe for the fuzzer.
 *
 * An invocation is drawn in three steps:
 *   1. a cptr: mostly a slot of the pool, sometimes one of the initial
 *      caps or boot untypeds, sometimes any word at all;
 *   2. a label: usually one that the cap's type understands (so the
 *      decoders are exercised in depth), otherwise any label at all;
 *   3. message words and extra caps: for a known label, each word is
 *      drawn to look like what that argument expects (a slot, a depth in
 *      0..70, an object type, a vaddr, ...) most of the time, and like
 *      anything at all the rest of the time; the length is the label's
 *      usual one or a random one up to 127.
 *
 * Then the action is made safe for the fuzzer itself, and only that:
 *   - protected slots (fuzz.h) are never invoked, except the root CNode
 *     for CNode methods and the initial ASID pool;
 *   - CNode methods never name a protected slot of the root CNode as a
 *     source, destination, pivot or target;
 *   - thread invocations get no protected cap arguments (the root task's
 *     TCB only as the authority of a priority change), so no pool thread
 *     ever runs in the root task's CSpace or VSpace;
 *   - IPC never carries protected caps, so no other CNode gets a cap to
 *     the root CNode through which a protected slot could be reached;
 *   - I/O ports are mostly drawn from 0x80-0x90, around the pool's port
 *     cap (POST and DMA page registers: harmless to write); the kernel
 *     refuses caps outside its user windows and on its own ports;
 *   - Call and Send avoid endpoints (they would block for ever), Call
 *     avoids empty slots (the brief's rule; Send may hit one and fault);
 *   - no blocking Recv, no DebugHalt, no DebugNameThread.
 * Everything else -- invalid labels, lengths, depths, rights, badges,
 * faults of the fuzzer that the guardian undoes -- is fair game.
 */
#include <stdio.h>
#include <string.h>
#include <sel4/sel4.h>
#include "ktest.h"
#include "fuzz.h"

#define ROOT seL4_CapInitThreadCNode
#define MAX_WORDS 128

struct fuzz_stats stats;

enum hint {
    H_ANY = 0, H_SLOT, H_DEPTH, H_TYPE, H_BITS, H_COUNT, H_RIGHTS, H_BADGE, H_VADDR,
    H_PRIO, H_REGS, H_PORT, H_IRQ, H_FLAGS, H_ATTR,
};

/* The usual shape of an invocation: words, caps, and what each word is.
 * index[] lists the words that are CNode slot indices, with the cap that
 * is their root: -1 for the invoked cap, k for extra cap k. */
struct shape {
    unsigned char len, ncaps;
    unsigned char hints[8];
    signed char index_word[3], index_root[3];
};

#define NO_INDEX { -1, -1, -1 }, { 0, 0, 0 }
#define CNODE_ONE { 0, -1, -1 }, { -1, 0, 0 }
#define CNODE_TWO { 0, 2, -1 }, { -1, 0, 0 }

static const struct shape shapes[nInvocationLabels] = {
    [UntypedRetype] = { 6, 1, { H_TYPE, H_BITS, H_SLOT, H_DEPTH, H_SLOT, H_COUNT }, NO_INDEX },
    [TCBReadRegisters] = { 2, 0, { H_FLAGS, H_REGS }, NO_INDEX },
    [TCBWriteRegisters] = { 22, 0, { H_FLAGS, H_REGS, H_VADDR, H_VADDR }, NO_INDEX },
    [TCBCopyRegisters] = { 1, 1, { H_FLAGS }, NO_INDEX },
    [TCBConfigure] = { 4, 3, { H_SLOT, H_BADGE, H_ANY, H_VADDR }, NO_INDEX },
    [TCBSetPriority] = { 1, 1, { H_PRIO }, NO_INDEX },
    [TCBSetMCPriority] = { 1, 1, { H_PRIO }, NO_INDEX },
    [TCBSetSchedParams] = { 2, 1, { H_PRIO, H_PRIO }, NO_INDEX },
    [TCBSetIPCBuffer] = { 1, 1, { H_VADDR }, NO_INDEX },
    [TCBSetSpace] = { 3, 2, { H_SLOT, H_BADGE, H_ANY }, NO_INDEX },
    [TCBSuspend] = { 0, 0, { 0 }, NO_INDEX },
    [TCBResume] = { 0, 0, { 0 }, NO_INDEX },
    [TCBBindNotification] = { 0, 1, { 0 }, NO_INDEX },
    [TCBUnbindNotification] = { 0, 0, { 0 }, NO_INDEX },
    [TCBSetTLSBase] = { 1, 0, { H_VADDR }, NO_INDEX },
    [CNodeRevoke] = { 2, 0, { H_SLOT, H_DEPTH }, CNODE_ONE },
    [CNodeDelete] = { 2, 0, { H_SLOT, H_DEPTH }, CNODE_ONE },
    [CNodeCancelBadgedSends] = { 2, 0, { H_SLOT, H_DEPTH }, CNODE_ONE },
    [CNodeCopy] = { 5, 1, { H_SLOT, H_DEPTH, H_SLOT, H_DEPTH, H_RIGHTS }, CNODE_TWO },
    [CNodeMint] = { 6, 1, { H_SLOT, H_DEPTH, H_SLOT, H_DEPTH, H_RIGHTS, H_BADGE }, CNODE_TWO },
    [CNodeMove] = { 4, 1, { H_SLOT, H_DEPTH, H_SLOT, H_DEPTH }, CNODE_TWO },
    [CNodeMutate] = { 5, 1, { H_SLOT, H_DEPTH, H_SLOT, H_DEPTH, H_BADGE }, CNODE_TWO },
    [CNodeRotate] = { 8, 2, { H_SLOT, H_DEPTH, H_BADGE, H_SLOT, H_DEPTH, H_BADGE, H_SLOT,
                              H_DEPTH }, { 0, 3, 6 }, { -1, 0, 1 } },
    [CNodeSaveCaller] = { 2, 0, { H_SLOT, H_DEPTH }, CNODE_ONE },
    [IRQIssueIRQHandler] = { 3, 1, { H_IRQ, H_SLOT, H_DEPTH }, NO_INDEX },
    [IRQAckIRQ] = { 0, 0, { 0 }, NO_INDEX },
    [IRQSetIRQHandler] = { 0, 1, { 0 }, NO_INDEX },
    [IRQClearIRQHandler] = { 0, 0, { 0 }, NO_INDEX },
    [DomainSetSet] = { 1, 1, { H_COUNT }, NO_INDEX },
    [X86PDPTMap] = { 2, 1, { H_VADDR, H_ATTR }, NO_INDEX },
    [X86PDPTUnmap] = { 0, 0, { 0 }, NO_INDEX },
    [X86PageDirectoryMap] = { 2, 1, { H_VADDR, H_ATTR }, NO_INDEX },
    [X86PageDirectoryUnmap] = { 0, 0, { 0 }, NO_INDEX },
    [X86PageTableMap] = { 2, 1, { H_VADDR, H_ATTR }, NO_INDEX },
    [X86PageTableUnmap] = { 0, 0, { 0 }, NO_INDEX },
    [X86PageMap] = { 3, 1, { H_VADDR, H_RIGHTS, H_ATTR }, NO_INDEX },
    [X86PageUnmap] = { 0, 0, { 0 }, NO_INDEX },
    [X86PageGetAddress] = { 0, 0, { 0 }, NO_INDEX },
    [X86ASIDControlMakePool] = { 2, 2, { H_SLOT, H_DEPTH }, NO_INDEX },
    [X86ASIDPoolAssign] = { 0, 1, { 0 }, NO_INDEX },
    [X86IOPortControlIssue] = { 4, 1, { H_PORT, H_PORT, H_SLOT, H_DEPTH }, NO_INDEX },
    [X86IOPortIn8] = { 1, 0, { H_PORT }, NO_INDEX },
    [X86IOPortIn16] = { 1, 0, { H_PORT }, NO_INDEX },
    [X86IOPortIn32] = { 1, 0, { H_PORT }, NO_INDEX },
    [X86IOPortOut8] = { 2, 0, { H_PORT, H_ANY }, NO_INDEX },
    [X86IOPortOut16] = { 2, 0, { H_PORT, H_ANY }, NO_INDEX },
    [X86IOPortOut32] = { 2, 0, { H_PORT, H_ANY }, NO_INDEX },
    [X86IRQIssueIRQHandlerIOAPIC] = { 7, 1, { H_SLOT, H_DEPTH, H_COUNT, H_IRQ, H_COUNT, H_COUNT,
                                              H_IRQ }, NO_INDEX },
    [X86IRQIssueIRQHandlerMSI] = { 7, 1, { H_SLOT, H_DEPTH, H_COUNT, H_COUNT, H_COUNT, H_ANY,
                                           H_IRQ }, NO_INDEX },
};

/* ------------------------------------------------------------ values */

static seL4_Word any_word(void)
{
    switch (rng_below(5)) {
    case 0:  return rng_below(71);
    case 1:  return pool_slot();
    case 2:  return 1ul << rng_below(64);
    case 3:  return ~rng_below(4);
    default: return rng_next();
    }
}

static seL4_Word vaddr_word(void)
{
    static const seL4_Word bases[] = {
        0x10000000ul, 0x20000000ul, 0x40000000ul, 0x8000000000ul, 0x200000000000ul,
        0x7fffff000000ul, 0x800000000000ul,
    };
    seL4_Word v = bases[rng_below(sizeof(bases) / sizeof(bases[0]))];

    if (rng_chance(70))
        v += rng_below(512) << 12;
    else
        v += rng_below(64) << 21;
    if (rng_chance(5))
        v += rng_below(4096);
    return rng_chance(5) ? rng_next() : v;
}

static seL4_Word hinted_word(enum hint h)
{
    switch (h) {
    case H_SLOT:   return rng_chance(75) ? pool_busy_slot() : rng_chance(60) ? rng_below(4096) : any_word();
    case H_DEPTH:  return rng_chance(60) ? 64 : rng_below(71);
    case H_TYPE:   return rng_chance(90) ? rng_below(seL4_ObjectTypeCount + 1) : any_word();
    case H_BITS:   return rng_chance(80) ? rng_below(25) : rng_below(70);
    case H_COUNT:  return rng_chance(70) ? 1 + rng_below(4) : rng_chance(70) ? rng_below(300) : any_word();
    case H_RIGHTS: return rng_chance(85) ? rng_below(16) : any_word();
    case H_BADGE:  return rng_chance(40) ? 0 : rng_chance(60) ? rng_below(1000) : rng_next();
    case H_VADDR:  return vaddr_word();
    case H_PRIO:   return rng_chance(85) ? rng_below(256) : rng_below(1000);
    case H_REGS:   return rng_chance(80) ? rng_below(22) : any_word();
    case H_PORT:   return rng_chance(85) ? 0x80 + rng_below(0x11) : rng_below(0x10000);
    case H_IRQ:    return rng_chance(80) ? rng_below(20) : rng_below(300);
    case H_FLAGS:  return rng_chance(80) ? rng_below(4) : any_word();
    case H_ATTR:   return rng_chance(80) ? rng_below(6) : any_word();
    default:       return any_word();
    }
}

/* A cptr: mostly the pool, often the root CNode (whose methods reach the
 * whole pool), sometimes the initial caps, sometimes anything. */
static seL4_CPtr random_cptr(void)
{
    unsigned r = (unsigned)rng_below(100);

    if (r < 65)
        return pool_busy_slot();
    if (r < 75)
        return seL4_CapInitThreadCNode;
    if (r < 85)
        return rng_below(kt_bi->empty.start);
    if (r < 90)
        return pool_slot();
    if (r < 95)
        return rng_below(4096);
    return rng_next();
}

/* ---------------------------------------------------------- safety */

static bool is_ipc_tag(seL4_Word tag)
{
    return tag == seL4_CapTag_Endpoint || tag == seL4_CapTag_Notification ||
           tag == seL4_CapTag_Reply || tag == seL4_CapTag_Null;
}

static bool is_priority_label(seL4_Word label)
{
    return label == TCBSetPriority || label == TCBSetMCPriority || label == TCBSetSchedParams;
}

/* The invoked cap may not be protected, but the root CNode's methods and
 * the initial ASID pool's Assign are what the fuzzer is here to hit. */
static seL4_CPtr safe_invoked(seL4_CPtr cptr)
{
    if (cptr == seL4_CapInitThreadCNode || cptr == seL4_CapInitThreadASIDPool)
        return cptr;
    return is_protected(cptr) ? pool_slot() : cptr;
}

static seL4_CPtr safe_cap_arg(seL4_CPtr c, seL4_Word tag, seL4_Word label, int i)
{
    if (!is_protected(c))
        return c;
    if (tag == seL4_CapTag_Thread)
        return c == seL4_CapInitThreadTCB && i == 0 && is_priority_label(label) ? c : pool_slot();
    if (is_ipc_tag(tag))
        return pool_slot();
    if (c == seL4_CapInitThreadCNode || c == seL4_CapInitThreadVSpace ||
        c == seL4_CapInitThreadASIDPool)
        return c;
    return pool_slot();
}

/* CNode methods: no protected slot of the root CNode as an index. */
static void safe_indices(seL4_CPtr cptr, seL4_Word tag, seL4_Word label, seL4_Word *mr,
                         const seL4_CPtr *caps)
{
    const struct shape *s;

    if (tag != seL4_CapTag_CNode || label < CNodeRevoke || label > CNodeSaveCaller)
        return;
    s = &shapes[label];
    for (int k = 0; k < 3; k++) {
        int w = s->index_word[k], r = s->index_root[k];
        seL4_CPtr root = r < 0 ? cptr : caps[r];

        if (w >= 0 && root == seL4_CapInitThreadCNode && is_protected(mr[w]))
            mr[w] = pool_slot();
    }
}

static void safe_words(seL4_Word tag, seL4_Word label, seL4_Word *mr)
{
    /* Only ports in the unused window: others could reset the machine. */
    if (tag == seL4_CapTag_IOPortControl && label == X86IOPortControlIssue) {
        mr[0] = 0x4000 + (mr[0] & 0xff);
        mr[1] = 0x4000 + (mr[1] & 0xff);
    }
}

/* ------------------------------------------------------------ building */

struct action {
    seL4_CPtr cptr;
    seL4_Word tag, label, len, ncaps;
    seL4_Word mr[MAX_WORDS];
    seL4_CPtr caps[seL4_MsgMaxExtraCaps];
};

static seL4_Word random_label(seL4_Word tag)
{
    static const struct { seL4_Word tag, first, last; } ranges[] = {
        { seL4_CapTag_Untyped, UntypedRetype, UntypedRetype },
        { seL4_CapTag_Thread, TCBReadRegisters, TCBSetTLSBase },
        { seL4_CapTag_CNode, CNodeRevoke, CNodeSaveCaller },
        { seL4_CapTag_IRQControl, IRQIssueIRQHandler, IRQIssueIRQHandler },
        { seL4_CapTag_IRQHandler, IRQAckIRQ, IRQClearIRQHandler },
        { seL4_CapTag_Domain, DomainSetSet, DomainSetSet },
        { seL4_CapTag_PDPT, X86PDPTMap, X86PDPTUnmap },
        { seL4_CapTag_PageDirectory, X86PageDirectoryMap, X86PageDirectoryUnmap },
        { seL4_CapTag_PageTable, X86PageTableMap, X86PageTableUnmap },
        { seL4_CapTag_Frame, X86PageMap, X86PageGetAddress },
        { seL4_CapTag_ASIDControl, X86ASIDControlMakePool, X86ASIDControlMakePool },
        { seL4_CapTag_ASIDPool, X86ASIDPoolAssign, X86ASIDPoolAssign },
        { seL4_CapTag_IOPortControl, X86IOPortControlIssue, X86IOPortControlIssue },
        { seL4_CapTag_IOPort, X86IOPortIn8, X86IOPortOut32 },
    };

    if (rng_chance(75)) {
        for (unsigned i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++) {
            if (ranges[i].tag == tag)
                return ranges[i].first + rng_below(ranges[i].last - ranges[i].first + 1);
        }
        if (tag == seL4_CapTag_IRQControl && rng_chance(30))
            return X86IRQIssueIRQHandlerIOAPIC + rng_below(2);
    }
    if (rng_chance(90))
        return rng_below(nInvocationLabels + 4);
    return rng_next() >> 12;
}

static void build(struct action *a)
{
    const struct shape *s = a->label < nInvocationLabels ? &shapes[a->label] : NULL;
    bool shaped = s != NULL && rng_chance(80);

    a->len = shaped ? s->len : rng_below(9);
    if (a->label == TCBWriteRegisters && shaped)
        a->len = 2 + rng_below(21);
    if (rng_chance(10))
        a->len = rng_below(128);
    a->ncaps = shaped ? s->ncaps : rng_below(4);
    if (rng_chance(10))
        a->ncaps = rng_below(4);
    for (seL4_Word i = 0; i < MAX_WORDS; i++)
        a->mr[i] = i < 8 && shaped && rng_chance(85) ? hinted_word((enum hint)s->hints[i])
                                                     : (i < 24 ? any_word() : 0);
    for (int i = 0; i < seL4_MsgMaxExtraCaps; i++)
        a->caps[i] = rng_chance(85) ? pool_busy_slot() : random_cptr();
    if (a->tag == seL4_CapTag_Untyped && rng_chance(50))
        a->caps[0] = seL4_CapInitThreadCNode;     /* retype into the root CNode */
    if (a->tag == seL4_CapTag_CNode && rng_chance(50))
        a->caps[0] = seL4_CapInitThreadCNode;
    if ((a->tag == seL4_CapTag_Frame || a->tag == seL4_CapTag_PageTable ||
         a->tag == seL4_CapTag_PageDirectory || a->tag == seL4_CapTag_PDPT) && rng_chance(30))
        a->caps[0] = seL4_CapInitThreadVSpace;
}

static void make_safe(struct action *a)
{
    for (int i = 0; i < seL4_MsgMaxExtraCaps; i++)
        a->caps[i] = safe_cap_arg(a->caps[i], a->tag, a->label, i);
    safe_indices(a->cptr, a->tag, a->label, a->mr, a->caps);
    safe_words(a->tag, a->label, a->mr);
}

/* Loads the buffer: words 4 and up, the extra caps, a receive path. */
static seL4_MessageInfo_t load(const struct action *a)
{
    for (seL4_Word i = seL4_FastMessageRegisters; i < a->len && i < seL4_MsgMaxLength; i++)
        seL4_SetMR((int)i, a->mr[i]);
    for (int i = 0; i < seL4_MsgMaxExtraCaps; i++)
        seL4_SetCap(i, a->caps[i]);
    return seL4_MessageInfo_new(a->label, rng_below(8), a->ncaps, a->len);
}

static void set_receive_path(void)
{
    if (rng_chance(80))
        seL4_SetCapReceivePath(ROOT, pool_slot(), 64);
    else
        seL4_SetCapReceivePath(pool_cnodes[rng_below(4)], rng_below(80), rng_below(71));
}

/* -------------------------------------------------------------- actions */

static void count_error(seL4_Word err)
{
    stats.errors[err < seL4_NumErrors ? err : seL4_NumErrors]++;
}

static void do_call(struct action *a)
{
    seL4_MessageInfo_t info = load(a);

    info = seL4_CallWithMRs(a->cptr, info, &a->mr[0], &a->mr[1], &a->mr[2], &a->mr[3]);
    stats.calls++;
    if (!is_ipc_tag(a->tag))
        count_error(seL4_MessageInfo_get_label(info));
}

static void do_send(struct action *a, bool blocking)
{
    seL4_MessageInfo_t info = load(a);

    if (blocking) {
        seL4_SendWithMRs(a->cptr, info, &a->mr[0], &a->mr[1], &a->mr[2], &a->mr[3]);
        stats.sends++;
    } else {
        seL4_NBSendWithMRs(a->cptr, info, &a->mr[0], &a->mr[1], &a->mr[2], &a->mr[3]);
        stats.nbsends++;
    }
}

static void do_nbrecv(struct action *a)
{
    seL4_Word badge;

    set_receive_path();
    seL4_NBRecvWithMRs(a->cptr, &badge, NULL, NULL, NULL, NULL);
    stats.nbrecvs++;
}

/* An invocation or send: the cap's type decides what cannot block. */
static void fuzz_invocation(void)
{
    struct action a;
    unsigned how = (unsigned)rng_below(100);

    a.cptr = safe_invoked(random_cptr());
    a.tag = seL4_DebugCapIdentify(a.cptr);
    stats.identifies++;
    a.label = random_label(a.tag);
    build(&a);
    make_safe(&a);

    if (how < 70) {
        /* Call: not an endpoint (no one would answer), not an empty slot. */
        if (a.tag == seL4_CapTag_Endpoint)
            do_send(&a, false);
        else if (a.tag != seL4_CapTag_Null)
            do_call(&a);
        else
            stats.skipped++;
    } else if (how < 85) {
        do_send(&a, false);
    } else if (how < 92) {
        if (a.tag == seL4_CapTag_Endpoint)
            do_send(&a, false);
        else
            do_send(&a, true);      /* an empty slot faults: the guardian skips it */
    } else {
        if (a.tag == seL4_CapTag_Endpoint || a.tag == seL4_CapTag_Notification || rng_chance(5))
            do_nbrecv(&a);          /* a cap without Read faults: the guardian skips it */
        else
            stats.skipped++;
    }
}

__attribute__((noipa)) seL4_Word raw_unknown_syscall(seL4_Word number)
{
    seL4_Word rax = 0x1111;

    __asm__ volatile("movq %%rsp, %%rbx\n\tsyscall\n\tmovq %%rbx, %%rsp"
                     : "+a"(rax), "+d"(number)
                     :
                     : "rbx", "rcx", "rsi", "rdi", "r8", "r9", "r10", "r11", "r15", "memory");
    return rax;
}

static void fuzz_other(void)
{
    static const seL4_Word numbers[] = {
        (seL4_Word)-15, (seL4_Word)-16, (seL4_Word)-17, (seL4_Word)-29, (seL4_Word)-31,
        0, 1, 7, 100, 0x7fffffff, 1ul << 63,
    };
    struct action a;

    switch (rng_below(10)) {
    case 0:
    case 1:
        seL4_Yield();
        stats.yields++;
        break;
    case 2:
    case 3:
        seL4_DebugCapIdentify(rng_chance(50) ? random_cptr() : rng_next());
        stats.identifies++;
        break;
    case 4:
        raw_unknown_syscall(numbers[rng_below(sizeof(numbers) / sizeof(numbers[0]))]);
        stats.unknown_syscalls++;
        break;
    case 5:
        if (rng_chance(10))
            seL4_DebugPutChar('.');
        break;
    default:
        /* Reply: no caller is waiting (or one a pool thread's fault left). */
        a.cptr = 0;
        a.tag = seL4_CapTag_Reply;
        a.label = rng_next() >> 12;
        build(&a);
        make_safe(&a);
        seL4_ReplyWithMRs(load(&a), &a.mr[0], &a.mr[1], &a.mr[2], &a.mr[3]);
        stats.replies++;
        break;
    }
}

void fuzz_one(void)
{
    if (rng_chance(93))
        fuzz_invocation();
    else
        fuzz_other();
}
