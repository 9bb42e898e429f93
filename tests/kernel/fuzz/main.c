/*
 * fuzz/main.c - a root task that fuzzes the kernel's system calls.
 *
 * Set-up: a guardian thread becomes the root task's fault handler
 * (guardian.c), then a pool of objects of every type is retyped from a
 * boot untyped into a block of empty slots, with a few badged, reduced
 * and derived caps besides.  Then FUZZ_ITERATIONS random actions
 * (invoke.c) run against the pool and the initial caps, and a few checks
 * show that the kernel and the fuzzer both came through: every iteration
 * ran, the root task's own caps are intact, new objects still work.
 *
 * The kernel must survive all of it: the runner also checks that no
 * `panic` event appeared and that the machine halted with `exit` 0.
 * Seed and iteration count come from fuzz_config.h, written by the runner.
 */
#include <stdio.h>
#include <sel4/sel4.h>
#include "ktest.h"
#include "fuzz.h"

#define ROOT      seL4_CapInitThreadCNode
#define POOL_SLOTS 512
#define FINAL_SLOTS 8
#define POOL_BUSY 64      /* the set-up objects use fewer slots than this */
#define REFILL_EVERY 1000

seL4_CPtr pool_start, pool_end;
seL4_CPtr pool_cnodes[4];
static seL4_CPtr final_slots[FINAL_SLOTS];
static seL4_CPtr fuzz_untyped;

seL4_CPtr pool_slot(void)
{
    return pool_start + rng_below(pool_end - pool_start);
}

/* Slots likely to hold something: the set-up objects sit at the start. */
seL4_CPtr pool_busy_slot(void)
{
    return rng_chance(70) ? pool_start + rng_below(POOL_BUSY) : pool_slot();
}

static bool in_region(seL4_Word s, seL4_SlotRegion r)
{
    return s >= r.start && s < r.end;
}

bool is_protected(seL4_Word s)
{
    if (s >= (1ul << CONFIG_ROOT_CNODE_SIZE_BITS))
        return false;                 /* does not resolve in the root CNode */
    switch (s) {
    case seL4_CapInitThreadTCB:
    case seL4_CapInitThreadCNode:
    case seL4_CapInitThreadVSpace:
    case seL4_CapInitThreadASIDPool:
    case seL4_CapBootInfoFrame:
    case seL4_CapInitThreadIPCBuffer:
        return true;
    default:
        break;
    }
    return in_region(s, kt_bi->userImageFrames) || in_region(s, kt_bi->userImagePaging) ||
           in_region(s, kt_bi->extraBIPages) || s == kt_pool_untyped() ||
           (s >= kt_bi->empty.start && s < pool_start);
}

/* ------------------------------------------------------------------ pool */

static seL4_CPtr next_pool_slot;

static seL4_CPtr pool_new(seL4_Word type, seL4_Word bits)
{
    seL4_CPtr slot = next_pool_slot++;
    seL4_Error err = seL4_Untyped_Retype(fuzz_untyped, type, bits, ROOT, 0, 0, slot, 1);

    if (err != seL4_NoError)
        kt_bail("retyping the fuzz pool", err);
    return slot;
}

static seL4_CPtr pool_derive(seL4_CPtr src, seL4_CapRights_t rights, seL4_Word badge)
{
    seL4_CPtr slot = next_pool_slot++;

    seL4_CNode_Mint(ROOT, slot, 64, ROOT, src, 64, rights, badge);
    return slot;
}

/*
 * A pool thread that runs at once: its own CSpace (a pool CNode whose
 * guard makes it a 64-bit space, with its fault endpoint at cptr 1), its
 * own VSpace (a pool PML4), no IPC buffer, and an RIP where nothing is
 * mapped.  It faults, its fault message waits on a pool endpoint, and the
 * fuzzer's receives, replies, resumes and register writes meet a live
 * thread.  Priority 255 like the root task, so the two share the CPU.
 */
static void start_pool_thread(seL4_CPtr tcb, seL4_CPtr cnode, seL4_CPtr pml4, seL4_CPtr ep)
{
    unsigned radix = cnode == pool_cnodes[3] ? 6 : 4;
    seL4_UserContext regs = { .rip = 0x1000, .rsp = 0x3000, .rflags = 0x202 };

    seL4_CNode_Copy(cnode, 1, radix, ROOT, ep, 64, seL4_AllRights);
    seL4_TCB_Configure(tcb, 1, cnode, seL4_CNode_CapData_new(0, 64 - radix).words[0], pml4, 0, 0, 0);
    seL4_TCB_SetPriority(tcb, seL4_CapInitThreadTCB, seL4_MaxPrio);
    seL4_DebugNameThread(tcb, "pool");
    seL4_TCB_WriteRegisters(tcb, 1, 0, 3, &regs);
}

static void make_pool(void)
{
    static const struct { seL4_Word type, bits, count; } kinds[] = {
        /* The 2 MiB page first: it must start on a 2 MiB boundary. */
        { seL4_X86_LargePageObject, 0, 1 }, { seL4_EndpointObject, 0, 6 },
        { seL4_NotificationObject, 0, 6 }, { seL4_TCBObject, 0, 4 }, { seL4_X86_4K, 0, 8 },
        { seL4_X86_PageTableObject, 0, 3 }, { seL4_X86_PageDirectoryObject, 0, 2 },
        { seL4_X86_PDPTObject, 0, 2 }, { seL4_UntypedObject, 12, 2 },
        { seL4_UntypedObject, 16, 2 },
    };
    static const unsigned cnode_bits[4] = { 2, 3, 4, 6 };
    seL4_CPtr first_ep = 0, first_ntfn = 0, first_tcb = 0, pml4 = 0;
    seL4_Word filled = 0;
    unsigned made = 0;

    next_pool_slot = pool_start;
    for (unsigned k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
        if (kinds[k].type == seL4_EndpointObject)
            first_ep = next_pool_slot;
        if (kinds[k].type == seL4_NotificationObject)
            first_ntfn = next_pool_slot;
        if (kinds[k].type == seL4_TCBObject)
            first_tcb = next_pool_slot;
        for (seL4_Word i = 0; i < kinds[k].count; i++, made++)
            pool_new(kinds[k].type, kinds[k].bits);
    }
    for (int i = 0; i < 4; i++, made++)
        pool_cnodes[i] = pool_new(seL4_CapTableObject, cnode_bits[i]);
    for (int i = 0; i < 2; i++, made++) {
        pml4 = pool_new(seL4_X64_PML4Object, 0);
        seL4_X86_ASIDPool_Assign(seL4_CapInitThreadASIDPool, pml4);
    }
    start_pool_thread(first_tcb, pool_cnodes[3], pml4, first_ep);
    start_pool_thread(first_tcb + 1, pool_cnodes[2], pml4 - 1, first_ep + 1);
    pool_derive(first_ep, seL4_AllRights, 0x100);
    pool_derive(first_ep + 1, seL4_CanRead, 0);
    pool_derive(first_ep + 2, seL4_NoWrite, 0x200);
    pool_derive(first_ntfn, seL4_AllRights, 0x1);
    pool_derive(first_ntfn + 1, seL4_CanWrite, 0x2);
    seL4_IRQControl_Get(seL4_CapIRQControl, 5, ROOT, next_pool_slot++, 64);
    seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, 0x80, 0x8f, ROOT,
                                 next_pool_slot++, 64);
    for (seL4_CPtr s = pool_start; s < next_pool_slot; s++)
        filled += seL4_DebugCapIdentify(s) != seL4_CapTag_Null;
    kt_word(next_pool_slot - pool_start, filled,
            "a pool of %u objects of every type plus derived, IRQ and IO port caps", made);
}

/*
 * Deletes and revokes empty the pool quickly, and then most actions would
 * hit empty slots.  So now and then every empty slot of the busy part is
 * given a new object again, from the harness's (protected) untyped.
 */
static void refill_pool(seL4_Word round)
{
    static const seL4_Word types[] = {
        seL4_EndpointObject, seL4_NotificationObject, seL4_TCBObject, seL4_X86_4K,
        seL4_X86_PageTableObject, seL4_CapTableObject, seL4_UntypedObject,
        seL4_X86_PageDirectoryObject, seL4_X86_PDPTObject, seL4_X64_PML4Object,
    };
    seL4_Word n = round;

    for (seL4_CPtr s = pool_start; s < pool_start + POOL_BUSY; s++) {
        seL4_Word type = types[n++ % (sizeof(types) / sizeof(types[0]))];
        seL4_Word bits = type == seL4_CapTableObject ? 3 : type == seL4_UntypedObject ? 14 : 0;

        if (seL4_DebugCapIdentify(s) != seL4_CapTag_Null)
            continue;
        if (seL4_Untyped_Retype(kt_pool_untyped(), type, bits, ROOT, 0, 0, s, 1) == seL4_NoError &&
            type == seL4_X64_PML4Object)
            seL4_X86_ASIDPool_Assign(seL4_CapInitThreadASIDPool, s);
    }
}

/* ------------------------------------------------------------ checks */

static void check_guardian(void)
{
    /* Not an empty slot (that is a null cap: InvalidCapability, dropped by
     * Send) but a failed lookup: guard bits set. */
    seL4_Send(1ul << 60, seL4_MessageInfo_new(0, 0, 0, 0));
    kt_word(1, guardian.cap_faults,
            "a Send through a cptr that fails lookup is a cap fault the guardian skips");
    kt_word(0x6a6a, raw_unknown_syscall(7), "syscall 7 is emulated by the guardian (RAX 0x6a6a)");
    kt_word(1, guardian.unknown_syscalls, "... as one UnknownSyscall fault");
}

static void check_after(seL4_Word done)
{
    seL4_Word word = 0, distinct = 0;
    seL4_CPtr ntfn = final_slots[0];

    printf("\n");
    kt_word(FUZZ_ITERATIONS, done, "%lu iterations done", (unsigned long)done);
    kt_word(0, guardian.other_faults, "the root task took no fault the guardian could not undo");
    kt_word(0, guardian.foreign, "no other thread reached the guardian");
    kt_word(seL4_CapTag_Thread, seL4_DebugCapIdentify(seL4_CapInitThreadTCB), "own TCB cap intact");
    kt_word(seL4_CapTag_CNode, seL4_DebugCapIdentify(ROOT), "own CNode cap intact");
    kt_word(seL4_CapTag_PML4, seL4_DebugCapIdentify(seL4_CapInitThreadVSpace),
            "own VSpace cap intact");
    kt_error(seL4_NoError, seL4_Untyped_Retype(kt_pool_untyped(), seL4_NotificationObject, 0,
                                               ROOT, 0, 0, ntfn, 1),
             "after fuzzing, a new notification can be retyped");
    seL4_Signal(ntfn);
    seL4_Poll(ntfn, &word);
    kt_word(0, word, "... and signalled and polled");
    for (int e = 0; e <= seL4_NumErrors; e++)
        distinct += stats.errors[e] != 0;
    kt_true(distinct >= 6, "the invocations met %lu different error codes (at least 6)",
            (unsigned long)distinct);
}

static void print_stats(void)
{
    kt_note("calls %lu, nbsends %lu, sends %lu, nbrecvs %lu, replies %lu, yields %lu, "
            "identifies %lu, unknown syscalls %lu, skipped %lu",
            (unsigned long)stats.calls, (unsigned long)stats.nbsends, (unsigned long)stats.sends,
            (unsigned long)stats.nbrecvs, (unsigned long)stats.replies,
            (unsigned long)stats.yields, (unsigned long)stats.identifies,
            (unsigned long)stats.unknown_syscalls, (unsigned long)stats.skipped);
    for (int e = 0; e <= seL4_NumErrors; e++)
        kt_note("  %-22s %lu", e < seL4_NumErrors ? kt_error_name(e) : "other label",
                (unsigned long)stats.errors[e]);
    kt_note("guardian: %lu cap faults skipped, %lu unknown syscalls emulated",
            (unsigned long)guardian.cap_faults, (unsigned long)guardian.unknown_syscalls);
}

int main(void)
{
    seL4_Word done = 0;

    kt_init("fuzz");
    rng_seed(FUZZ_SEED);
    kt_note("seed 0x%lx, %lu iterations", (unsigned long)FUZZ_SEED,
            (unsigned long)FUZZ_ITERATIONS);
    fuzz_untyped = kt_boot_untyped(false, 22, 0, NULL);
    if (fuzz_untyped == 0)
        kt_bail("no second RAM untyped of 4 MiB for the pool", 0);
    for (int i = 0; i < FINAL_SLOTS; i++)
        final_slots[i] = kt_slot();
    guardian_start();

    pool_start = kt_slot();
    for (int i = 1; i < POOL_SLOTS; i++)
        kt_slot();
    pool_end = pool_start + POOL_SLOTS;
    make_pool();
    check_guardian();

    for (; done < FUZZ_ITERATIONS; done++) {
        if (done % 5000 == 0)
            printf("\n# iteration %lu\n", (unsigned long)done);
        if (done % REFILL_EVERY == REFILL_EVERY - 1)
            refill_pool(done / REFILL_EVERY);
        fuzz_one();
    }
    check_after(done);
    print_stats();
    return kt_done();
}
