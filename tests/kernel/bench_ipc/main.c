/*
 * bench_ipc/ - the IPC round trip that `make bench` measures (not a test).
 *
 * A client (the root task) Calls a server that answers with ReplyRecv, as
 * sel4bench's IPC benchmark does: 0 and 4 message words, the server in the
 * client's address space or in its own.  Both run at priority 255.  Time
 * is the TSC; scripts/bench runs QEMU with -icount shift=0, where the TSC
 * advances by exactly one per instruction executed (user and kernel), so
 * the numbers are instruction counts and repeat from run to run.
 *
 * Per round the client notes the TSC before the Call and after it returns;
 * the server notes it when its receive returns and just before its
 * ReplyRecv, in memory both address spaces share (the server's VSpace maps
 * the root task's own image frames).  So each round gives
 *   round trip = after - before
 *   Call       = server received - before       (one way, as sel4bench)
 *   ReplyRecv  = after - server replying         (one way)
 * Output, one line per figure (min and median over ROUNDS rounds, after
 * WARMUP rounds that are not counted):
 *   bench: <same-as|cross-as> <0|4> <roundtrip|call|replyrecv> min <n> median <n>
 */
#include <stdio.h>
#include <string.h>
#include "ktest.h"

#define WARMUP 100
#define ROUNDS 1000
#define ROOT   seL4_CapInitThreadCNode

extern char __executable_start[];

static volatile uint64_t server_received, server_replying;
static uint64_t samples[3][ROUNDS];

KT_STACK(server_stack_same);
KT_STACK(server_stack_cross);

static inline uint64_t tsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi) :: "memory");
    return ((uint64_t)hi << 32) | lo;
}

static void server(seL4_Word ep)
{
    seL4_Word badge;
    seL4_MessageInfo_t info = seL4_Recv(ep, &badge);
    for (;;) {
        server_received = tsc();
        server_replying = tsc();
        info = seL4_ReplyRecv(ep, info, &badge);
    }
}

static int compare(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* insertion sort: ROUNDS is small and the C library has no qsort */
static void sort(uint64_t *v, unsigned n)
{
    for (unsigned i = 1; i < n; i++)
        for (unsigned j = i; j > 0 && compare(&v[j - 1], &v[j]) > 0; j--) {
            uint64_t t = v[j]; v[j] = v[j - 1]; v[j - 1] = t;
        }
}

static void report(const char *space, unsigned words, const char *what, uint64_t *v)
{
    sort(v, ROUNDS);
    printf("bench: %s %u %s min %lu median %lu\n", space, words, what,
           (unsigned long)v[0], (unsigned long)v[ROUNDS / 2]);
}

static void measure(seL4_CPtr ep, const char *space, unsigned words)
{
    seL4_MessageInfo_t msg = seL4_MessageInfo_new(0, 0, 0, words);
    for (unsigned i = 0; i < WARMUP + ROUNDS; i++) {
        for (unsigned w = 0; w < words; w++)
            seL4_SetMR(w, i + w);
        uint64_t before = tsc();
        seL4_Call(ep, msg);
        uint64_t after = tsc();
        if (i < WARMUP)
            continue;
        samples[0][i - WARMUP] = after - before;
        samples[1][i - WARMUP] = server_received - before;
        samples[2][i - WARMUP] = after - server_replying;
    }
    report(space, words, "roundtrip", samples[0]);
    report(space, words, "call", samples[1]);
    report(space, words, "replyrecv", samples[2]);
}

/* Map frame (a copy is made) at vaddr in vspace, adding paging structures. */
static void map_into(seL4_CPtr vspace, seL4_CPtr frame, seL4_Word vaddr)
{
    seL4_CPtr copy = kt_slot();
    if (seL4_CNode_Copy(ROOT, copy, 64, ROOT, frame, 64, seL4_AllRights))
        kt_bail("copying a frame cap", 0);
    static const seL4_Word types[] = { 0, seL4_X86_PageTableObject, seL4_X86_PageDirectoryObject,
                                       seL4_X86_PDPTObject };
    for (int tries = 0; tries < 4; tries++) {
        seL4_Error err = seL4_X86_Page_Map(copy, vspace, vaddr, seL4_ReadWrite,
                                           seL4_X86_Default_VMAttributes);
        if (err != seL4_FailedLookup) {
            if (err)
                kt_bail("mapping into the server's VSpace", err);
            return;
        }
        seL4_Word bits = seL4_MappingFailedLookupLevel();
        seL4_Word type = types[bits == 21 ? 1 : bits == 30 ? 2 : 3];
        seL4_CPtr table = kt_new(type, 0);
        if (type == seL4_X86_PageTableObject)
            err = seL4_X86_PageTable_Map(table, vspace, vaddr, seL4_X86_Default_VMAttributes);
        else if (type == seL4_X86_PageDirectoryObject)
            err = seL4_X86_PageDirectory_Map(table, vspace, vaddr, seL4_X86_Default_VMAttributes);
        else
            err = seL4_X86_PDPT_Map(table, vspace, vaddr, seL4_X86_Default_VMAttributes);
        if (err)
            kt_bail("mapping a paging structure", err);
    }
    kt_bail("mapping into the server's VSpace", seL4_FailedLookup);
}

/* A second VSpace with the root task's image (the same frames) and the
 * server's IPC buffer at the addresses they have in the root task. */
static seL4_CPtr new_vspace(struct kt_thread *t)
{
    seL4_CPtr pml4 = kt_new(seL4_X64_PML4Object, 0);
    if (seL4_X86_ASIDPool_Assign(seL4_CapInitThreadASIDPool, pml4))
        kt_bail("assigning an ASID", 0);
    seL4_Word base = (seL4_Word)__executable_start & ~(seL4_Word)0xfff;
    seL4_SlotRegion frames = kt_bi->userImageFrames;
    for (seL4_CPtr f = frames.start; f < frames.end; f++)
        map_into(pml4, f, base + (f - frames.start) * 4096);
    map_into(pml4, t->ipc_frame, (seL4_Word)t->ipc);
    return pml4;
}

static void run(const char *space, bool cross, void *stack)
{
    struct kt_thread t;
    seL4_CPtr ep = kt_new(seL4_EndpointObject, 0);
    kt_thread_create(&t, 0, seL4_MaxPrio, stack, KT_STACK_BYTES);
    if (cross) {
        seL4_CPtr pml4 = new_vspace(&t);
        if (seL4_TCB_SetSpace(t.tcb, 0, ROOT, 0, pml4, 0))
            kt_bail("moving the server to its own VSpace", 0);
    }
    if (kt_thread_start(&t, server, ep))
        kt_bail("starting the server", 0);
    measure(ep, space, 0);
    measure(ep, space, 4);
    seL4_TCB_Suspend(t.tcb);
}

int main(void)
{
    kt_init("bench_ipc");
    run("same-as", false, server_stack_same);
    run("cross-as", true, server_stack_cross);
    kt_true(true, "benchmark finished");
    return kt_done();
}
