/*
 * helpers.c - cap copies, paging structures on demand, named threads and
 * the probe thread of the adversarial tests (adv.h).
 *
 * The probe is a thread in the root task's VSpace whose fault endpoint the
 * root task listens on.  It performs one access and reports the result
 * with a Send; if the access faults, the fault message arrives instead.
 * Either way the probe ends up stopped (suspended, or blocked on the
 * fault reply, which the next probe() cancels by restarting the thread),
 * so one thread serves every probe.  Its priority is below the root
 * task's, so it runs exactly while the root task waits for its answer.
 */
#include <stdio.h>
#include "adv.h"

#define PROBE_DONE 0x9b0be   /* label of the probe's "access worked" message */

seL4_CPtr adv_copy(seL4_CPtr src, seL4_CapRights_t rights)
{
    seL4_CPtr slot = kt_slot();
    seL4_Error err = seL4_CNode_Copy(ROOT, slot, 64, ROOT, src, 64, rights);

    if (err != seL4_NoError)
        kt_bail("copying a cap", err);
    return slot;
}

void adv_copy_into(seL4_CPtr cnode, seL4_Word index, seL4_Word radix, seL4_CPtr src)
{
    seL4_Error err = seL4_CNode_Copy(cnode, index, (seL4_Uint8)radix, ROOT, src, 64,
                                     seL4_AllRights);

    if (err != seL4_NoError)
        kt_bail("copying a cap into another CNode", err);
}

/* The paging structure a failed PageTable_Map asked for (bitsLeft 39/30). */
static void add_upper_level(seL4_Word level, seL4_Word vaddr)
{
    seL4_Error err;

    if (level == SEL4_MAPPING_LOOKUP_NO_PDPT)
        err = seL4_X86_PDPT_Map(kt_new(seL4_X86_PDPTObject, 0), VSPACE, vaddr,
                                seL4_X86_Default_VMAttributes);
    else
        err = seL4_X86_PageDirectory_Map(kt_new(seL4_X86_PageDirectoryObject, 0), VSPACE,
                                         vaddr, seL4_X86_Default_VMAttributes);
    if (err != seL4_NoError)
        kt_bail("mapping a paging structure", err);
}

void adv_map_page_table(seL4_CPtr pt, seL4_Word vaddr)
{
    for (int tries = 0; tries < 3; tries++) {
        seL4_Error err = seL4_X86_PageTable_Map(pt, VSPACE, vaddr,
                                                seL4_X86_Default_VMAttributes);
        if (err == seL4_NoError)
            return;
        if (err != seL4_FailedLookup)
            kt_bail("mapping a page table", err);
        add_upper_level(seL4_MappingFailedLookupLevel(), vaddr);
    }
    kt_bail("mapping a page table (levels above kept missing)", seL4_FailedLookup);
}

seL4_Word adv_tag(seL4_CPtr cptr)
{
    return seL4_DebugCapIdentify(cptr);
}

void adv_thread(struct kt_thread *t, seL4_CPtr fault_ep, seL4_Word prio, void *stack,
                const char *name)
{
    kt_thread_create(t, fault_ep, prio, stack, KT_STACK_BYTES);
    seL4_DebugNameThread(t->tcb, name);
}

void adv_thread_in(struct kt_thread *t, seL4_CPtr ut, seL4_CPtr fault_ep, seL4_Word prio,
                   void *stack, const char *name)
{
    seL4_CPtr tcb = kt_slot();

    kt_thread_create(t, fault_ep, prio, stack, KT_STACK_BYTES);
    if (seL4_Untyped_Retype(ut, seL4_TCBObject, 0, ROOT, 0, 0, tcb, 1) ||
        seL4_TCB_Configure(tcb, fault_ep, ROOT, 0, VSPACE, 0, (seL4_Word)t->ipc, t->ipc_frame) ||
        seL4_TCB_SetPriority(tcb, seL4_CapInitThreadTCB, prio))
        kt_bail("a TCB in its own untyped", 0);
    t->tcb = tcb;
    seL4_DebugNameThread(tcb, name);
}

seL4_Word *adv_frame_from(seL4_CPtr ut)
{
    seL4_CPtr frame = kt_slot();
    seL4_Word v = kt_vaddr_page();

    if (seL4_Untyped_Retype(ut, seL4_X86_4K, 0, ROOT, 0, 0, frame, 1) ||
        kt_map(frame, v, seL4_ReadWrite))
        kt_bail("a frame from a reused untyped", 0);
    return (seL4_Word *)v;
}

/* ---------------------------------------------------------------- probe */

static struct kt_thread probe_thread;
KT_STACK(probe_stack);
static seL4_CPtr probe_ep;
static volatile struct { enum probe_op op; seL4_Word addr, value; } request;

static void probe_main(seL4_Word unused)
{
    seL4_Word v = 0;

    (void)unused;
    switch (request.op) {
    case PROBE_READ:
        v = *(volatile seL4_Word *)request.addr;
        break;
    case PROBE_WRITE:
        *(volatile seL4_Word *)request.addr = request.value;
        break;
    case PROBE_EXEC:
        v = ((seL4_Word (*)(void))request.addr)();
        break;
    }
    seL4_SendWithMRs(probe_ep, seL4_MessageInfo_new(PROBE_DONE, 0, 0, 1), &v, NULL, NULL, NULL);
    kt_thread_stop(probe_thread.tcb);
}

void probe_init(void)
{
    probe_ep = kt_new(seL4_EndpointObject, 0);
    adv_thread(&probe_thread, probe_ep, 254, probe_stack, "adv-probe");
}

struct probe_result probe(enum probe_op op, seL4_Word addr, seL4_Word value)
{
    struct probe_result r = { 0 };
    seL4_MessageInfo_t info;
    seL4_Word badge;

    request.op = op;
    request.addr = addr;
    request.value = value;
    if (kt_thread_start(&probe_thread, probe_main, 0) != seL4_NoError)
        kt_bail("starting the probe thread", 0);
    info = seL4_Recv(probe_ep, &badge);
    if (seL4_MessageInfo_get_label(info) == PROBE_DONE) {
        r.value = seL4_GetMR(0);
        return r;
    }
    r.faulted = true;
    r.label = seL4_MessageInfo_get_label(info);
    r.addr = seL4_GetMR(seL4_VMFault_Addr);
    r.prefetch = seL4_GetMR(seL4_VMFault_PrefetchFault);
    return r;
}
