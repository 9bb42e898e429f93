/*
 * faults_cap: capability faults.  A thread with a badged fault endpoint
 * names caps that do not resolve or do not fit the system call; the root
 * task reads each CapFault (IP, Addr, InRecvPhase, LookupFailureType and
 * the lookup failure's words) and mends the cause before it replies (the
 * reply restarts the system call), or leaves the thread waiting.
 */
#include <stdio.h>
#include <sel4/sel4.h>
#include <simple/simple.h>
#include <vka/object.h>
#include <vka/capops.h>
#include <sel4utils/vspace.h>
#include <sel4utils/thread.h>
#include <utils/util.h>
#include "env.h"

#define NTHREADS 3

static vka_object_t ep, park;

#define FAULT_BADGE 0xca
#define BAD_GUARD_CPTR 0xffff000000000005UL

static vka_object_t fault_ep, data_ep, ntfn;
static seL4_CPtr empty_slot, write_only_ep, tcb_cap;

static void capper(void *arg0, void *arg1, void *ipc_buf)
{
    seL4_MessageInfo_t info;

    seL4_Wait(empty_slot, NULL);
    printf("thread: woke on the cap the handler put in the empty slot\n");
    seL4_SetMR(0, 77);
    seL4_Send(BAD_GUARD_CPTR, seL4_MessageInfo_new(0, 0, 0, 1));
    printf("thread: the send went through\n");
    /* no fault: a null cap invoked answers InvalidCapability */
    info = seL4_Call(empty_slot + 1, seL4_MessageInfo_new(0, 0, 0, 0));
    printf("thread: call on an empty slot: label %lu\n",
           (unsigned long)seL4_MessageInfo_get_label(info));
    /* no fault either: a send-less endpoint cap is refused as an error */
    info = seL4_Call(data_ep.cptr, seL4_MessageInfo_new(0, 0, 0, 0));
    printf("thread: call on the data endpoint: label %lu\n",
           (unsigned long)seL4_MessageInfo_get_label(info));
    seL4_Recv(write_only_ep, NULL);
    printf("thread: not reached (write-only recv)\n");
}

static void show_cap_fault(seL4_MessageInfo_t info, seL4_Fault_t f, seL4_CPtr expected)
{
    printf("cap fault: addr %s, in recv phase %lu, lookup failure %lu\n",
           seL4_Fault_CapFault_get_Addr(f) == expected ? "as named" : "other",
           (unsigned long)seL4_Fault_CapFault_get_InRecvPhase(f),
           (unsigned long)seL4_Fault_CapFault_get_LookupFailureType(f));
    printf("words:");
    for (seL4_Word i = seL4_CapFault_BitsLeft; i < seL4_MessageInfo_get_length(info); i++)
        printf(" %lu", (unsigned long)seL4_GetMR(i));
    printf("\n");
}

int main(void)
{
    sel4utils_thread_t thread;
    seL4_MessageInfo_t info;
    seL4_Fault_t f;
    seL4_Word badge;
    int error;

    env_boot();
    vka_alloc_endpoint(&vka, &fault_ep);
    vka_alloc_endpoint(&vka, &data_ep);
    vka_alloc_notification(&vka, &ntfn);
    error = vka_cspace_alloc(&vka, &empty_slot);
    seL4_CPtr spare;
    error = error ?: vka_cspace_alloc(&vka, &spare);     /* empty_slot + 1, left empty */
    ZF_LOGF_IFERR(error, "slots");
    printf("slots in a row: %d\n", spare == empty_slot + 1);
    write_only_ep = mint(data_ep.cptr, seL4_CanWrite, 0);
    seL4_CPtr read_only_ep = mint(data_ep.cptr, seL4_CanRead, 0);
    seL4_CPtr handler = mint(fault_ep.cptr, seL4_AllRights, FAULT_BADGE);

    error = sel4utils_configure_thread(&vka, &vspace, &vspace, handler,
                                       simple_get_cnode(&simple), seL4_NilData, &thread);
    ZF_LOGF_IFERR(error, "configure");
    /* the thread calls data_ep through a receive-only cap */
    data_ep.cptr = read_only_ep;
    tcb_cap = thread.tcb.cptr;
    seL4_TCB_SetPriority(thread.tcb.cptr, simple_get_tcb(&simple), 254);
    NAME_THREAD(thread.tcb.cptr, "capper");
    sel4utils_start_thread(&thread, capper, NULL, NULL, 1);

    /* 1: receive on an empty slot: a cap fault in the receive phase,
     * MissingCapability with no bits left.  Put a notification there and
     * reply: the Wait starts again and now waits on it. */
    info = recv_fault(fault_ep.cptr, &f);
    show_cap_fault(info, f, empty_slot);
    cspacepath_t src, dest;
    vka_cspace_make_path(&vka, ntfn.cptr, &src);
    vka_cspace_make_path(&vka, empty_slot, &dest);
    error = vka_cnode_copy(&dest, &src, seL4_AllRights);
    printf("copied a notification into the slot: %d\n", error);
    seL4_Reply(info);
    seL4_Signal(ntfn.cptr);

    /* 2: send to a cptr whose guard does not match the root CNode's (52
     * guard bits of 0): GuardMismatch, bits left 64, guard found 0, guard
     * bits 52.  Point the thread's RDI (the cptr of the system call) at the
     * data endpoint, then reply: the Send goes there. */
    info = recv_fault(fault_ep.cptr, &f);
    show_cap_fault(info, f, BAD_GUARD_CPTR);
    seL4_UserContext regs;
    error = seL4_TCB_ReadRegisters(thread.tcb.cptr, 0, 0, sizeof(regs) / sizeof(seL4_Word), &regs);
    printf("rdi holds the cptr: %d, ip is the fault ip: %d\n", regs.rdi == BAD_GUARD_CPTR,
           regs.rip == seL4_Fault_CapFault_get_IP(f));
    regs.rdi = write_only_ep;
    error = seL4_TCB_WriteRegisters(thread.tcb.cptr, 0, 0, sizeof(regs) / sizeof(seL4_Word), &regs);
    seL4_Reply(info);
    info = seL4_Recv(read_only_ep, &badge);
    printf("data: length %lu word %lu\n", (unsigned long)seL4_MessageInfo_get_length(info),
           (unsigned long)seL4_GetMR(0));

    /* 3: a receive on an endpoint cap without Read: MissingCapability.  A
     * reply without a fix restarts the Recv, which faults again; the second
     * time nobody replies, and the thread stays blocked on the reply. */
    info = recv_fault(fault_ep.cptr, &f);
    show_cap_fault(info, f, write_only_ep);
    seL4_Reply(info);
    info = recv_fault(fault_ep.cptr, &f);
    show_cap_fault(info, f, write_only_ep);
    seL4_DebugDumpScheduler();
    seL4_TCB_Suspend(thread.tcb.cptr);
    printf("faults_cap: done\n");
    return 0;
}
