/*
 * adv.h - shared helpers of the adversarial kernel tests.
 *
 * The adversarial root task attacks the kernel the way a hostile lab
 * submission could: it deletes objects while the kernel still points at
 * them, reuses their memory, feeds boundary values to every argument and
 * checks afterwards that the kernel kept the seL4 semantics of
 * /work/shared/spec/sel4-api.md.  Each check passes on a correct kernel;
 * the ones that fail name a kernel bug.
 *
 * Helpers here: cap copies, paging structures on demand, and a "probe"
 * thread that touches one address for us, so that a fault lands in our
 * fault endpoint instead of killing the root task.
 */
#pragma once

#include <stdbool.h>
#include <sel4/sel4.h>
#include "ktest.h"

#define ROOT   seL4_CapInitThreadCNode
#define VSPACE seL4_CapInitThreadVSpace

/* Threads that are meant to end in a fault the kernel reports (the
 * runner lets exactly this name die). */
#define VICTIM_NAME "adv-victim"

/* A copy of cap `src` (root CNode) with `rights`, in a fresh slot. */
seL4_CPtr adv_copy(seL4_CPtr src, seL4_CapRights_t rights);

/* Copy `src` (root CNode) into slot `index` of CNode `cnode` (radix bits). */
void adv_copy_into(seL4_CPtr cnode, seL4_Word index, seL4_Word radix, seL4_CPtr src);

/* Maps a page table at vaddr in the root VSpace, creating PD/PDPT above. */
void adv_map_page_table(seL4_CPtr pt, seL4_Word vaddr);

/* The cap-type tag of a cptr (seL4_DebugCapIdentify). */
seL4_Word adv_tag(seL4_CPtr cptr);

/* Creates a thread (kt_thread_create) and names it. */
void adv_thread(struct kt_thread *t, seL4_CPtr fault_ep, seL4_Word prio, void *stack,
                const char *name);

/* The same, but the TCB is retyped from untyped `ut` (so its memory can be
 * handed out again once the TCB is gone); t->tcb is that TCB's cap. */
void adv_thread_in(struct kt_thread *t, seL4_CPtr ut, seL4_CPtr fault_ep, seL4_Word prio,
                   void *stack, const char *name);

/* A 4 KiB frame retyped from `ut`, mapped read-write at a fresh address. */
seL4_Word *adv_frame_from(seL4_CPtr ut);

/* ------------------------------------------------------------ the probe */

enum probe_op { PROBE_READ, PROBE_WRITE, PROBE_EXEC };

struct probe_result {
    bool faulted;          /* the access faulted (a fault message arrived) */
    seL4_Word value;       /* PROBE_READ: the word read; PROBE_EXEC: what the code returned */
    seL4_Word label;       /* fault label when faulted */
    seL4_Word addr;        /* VMFault address */
    seL4_Word prefetch;    /* VMFault: 1 = instruction fetch */
};

/* Starts the probe thread once (priority 254, below the root task). */
void probe_init(void);

/* Lets the probe thread do `op` at addr and reports what happened. */
struct probe_result probe(enum probe_op op, seL4_Word addr, seL4_Word value);

/* ------------------------------------------------------------ test groups */

void test_memory(void);     /* memory.c: paging, IPC buffers, ports, devices */
void test_threads(void);    /* threads.c: TCBs, faults, names */
void test_caps(void);       /* caps.c: CDT, untyped, ASIDs, transfer */
