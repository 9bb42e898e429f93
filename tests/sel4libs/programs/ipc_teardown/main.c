/*
 * ipc_teardown: what threads blocked in IPC see when the root task takes
 * the objects away.  Deleting an endpoint restarts its queued threads: a
 * receiver's Recv on the now empty slot is a cap fault (receive phase), a
 * caller's Call gets seL4_InvalidCapability; deleting a notification
 * restarts its waiter likewise; suspending a blocked sender withdraws its
 * message; a Call through a cap without Grant or GrantReply leaves no
 * reply cap (the caller waits for good), while GrantReply alone is enough.
 */
#include <stdio.h>
#include <sel4/sel4.h>
#include <simple/simple.h>
#include <vka/object.h>
#include <vka/capops.h>
#include <vka/object_capops.h>
#include <vspace/vspace.h>
#include <sel4utils/vspace.h>
#include <sel4utils/thread.h>
#include <sel4utils/mapping.h>
#include <utils/util.h>
#include "env.h"

static vka_object_t fault_ep, ep_a, ep_b, ep_c, ntfn_d, ep_e, idle;
static seL4_CPtr c_cap, e_wo_cap, e_gr_cap;

static void receiver(void *a0, void *a1, void *ipc)
{
    seL4_Word badge = 0;

    seL4_Recv(ep_a.cptr, &badge);
    printf("receiver returned (badge %#lx)\n", (unsigned long)badge);
    seL4_Wait(idle.cptr, NULL);
}

static void caller(void *a0, void *a1, void *ipc)
{
    seL4_MessageInfo_t info = seL4_Call(ep_b.cptr, seL4_MessageInfo_new(1, 0, 0, 0));

    printf("caller: label=%lu length=%lu mr0=%lu\n",
           (unsigned long)seL4_MessageInfo_get_label(info),
           (unsigned long)seL4_MessageInfo_get_length(info), (unsigned long)seL4_GetMR(0));
    seL4_Wait(idle.cptr, NULL);
}

static void sender(void *a0, void *a1, void *ipc)
{
    seL4_Send(c_cap, seL4_MessageInfo_new(3, 0, 0, 0));
    printf("sender returned\n");
    seL4_Wait(idle.cptr, NULL);
}

static void waiter(void *a0, void *a1, void *ipc)
{
    seL4_Wait(ntfn_d.cptr, NULL);
    printf("waiter returned\n");
    seL4_Wait(idle.cptr, NULL);
}

static void rights_caller(void *a0, void *a1, void *ipc)
{
    seL4_MessageInfo_t info = seL4_Call((seL4_CPtr)a0, seL4_MessageInfo_new(5, 0, 0, 0));

    printf("rights caller %lu: reply label=%lu\n", (unsigned long)(seL4_Word)a1,
           (unsigned long)seL4_MessageInfo_get_label(info));
    seL4_Wait(idle.cptr, NULL);
}

static void show_cap_fault(const char *who)
{
    seL4_Word badge;
    seL4_MessageInfo_t info = seL4_Recv(fault_ep.cptr, &badge);

    printf("%s: fault label=%lu length=%lu badge=%#lx inRecvPhase=%lu lookup=%lu bitsLeft=%lu\n",
           who, (unsigned long)seL4_MessageInfo_get_label(info),
           (unsigned long)seL4_MessageInfo_get_length(info), (unsigned long)badge,
           (unsigned long)seL4_GetMR(seL4_CapFault_InRecvPhase),
           (unsigned long)seL4_GetMR(seL4_CapFault_LookupFailureType),
           (unsigned long)seL4_GetMR(seL4_CapFault_BitsLeft));
}

int main(void)
{
    sel4utils_thread_t ta, tb, tc, td, te1, te2;
    cspacepath_t fa, fd, path, saved;
    seL4_Word badge = 0;
    int err;

    env_boot();
    ZF_LOGF_IF(vka_alloc_endpoint(&vka, &fault_ep) || vka_alloc_endpoint(&vka, &ep_a) ||
               vka_alloc_endpoint(&vka, &ep_b) || vka_alloc_endpoint(&vka, &ep_c) ||
               vka_alloc_notification(&vka, &ntfn_d) || vka_alloc_endpoint(&vka, &ep_e) ||
               vka_alloc_notification(&vka, &idle), "objects");
    ZF_LOGF_IF(vka_mint_object(&vka, &fault_ep, &fa, seL4_AllRights, 0xa), "mint");
    ZF_LOGF_IF(vka_mint_object(&vka, &fault_ep, &fd, seL4_AllRights, 0xd), "mint");
    ZF_LOGF_IF(vka_mint_object(&vka, &ep_c, &path, seL4_AllRights, 0xc), "mint");
    c_cap = path.capPtr;
    ZF_LOGF_IF(vka_mint_object(&vka, &ep_e, &path, seL4_CapRights_new(0, 0, 0, 1), 0x1), "mint");
    e_wo_cap = path.capPtr;
    ZF_LOGF_IF(vka_mint_object(&vka, &ep_e, &path, seL4_CapRights_new(1, 0, 0, 1), 0x2), "mint");
    e_gr_cap = path.capPtr;

    start_thread(&ta, fa.capPtr, 200, receiver, NULL, NULL);
    start_thread(&tb, seL4_CapNull, 200, caller, NULL, NULL);
    start_thread(&tc, seL4_CapNull, 200, sender, NULL, NULL);
    start_thread(&td, fd.capPtr, 200, waiter, NULL, NULL);
    settle();
    printf("all blocked\n");

    vka_free_object(&vka, &ep_a);
    printf("deleted the receiver's endpoint\n");
    show_cap_fault("receiver");
    vka_free_object(&vka, &ep_b);
    printf("deleted the caller's endpoint\n");
    settle();
    vka_free_object(&vka, &ntfn_d);
    printf("deleted the waiter's notification\n");
    show_cap_fault("waiter");

    err = seL4_TCB_Suspend(tc.tcb.cptr);
    printf("suspend the sender: %d\n", err);
    seL4_NBRecv(ep_c.cptr, &badge);
    printf("nbrecv after the sender was suspended: badge=%#lx\n", (unsigned long)badge);
    err = seL4_TCB_Resume(tc.tcb.cptr);
    printf("resume the sender: %d\n", err);
    seL4_MessageInfo_t info = seL4_Recv(ep_c.cptr, &badge);
    printf("recv after resume: badge=%#lx label=%lu\n", (unsigned long)badge,
           (unsigned long)seL4_MessageInfo_get_label(info));
    settle();

    /* Call rights */
    ZF_LOGF_IF(vka_cspace_alloc_path(&vka, &saved), "slot");
    start_thread(&te1, seL4_CapNull, 200, rights_caller, (void *)e_wo_cap, (void *)1);
    seL4_Recv(ep_e.cptr, &badge);
    printf("call through a Write-only cap: badge=%#lx\n", (unsigned long)badge);
    err = vka_cnode_saveCaller(&saved);
    printf("saveCaller: %d, slot type %lu\n", err,
           (unsigned long)seL4_DebugCapIdentify(saved.capPtr));
    seL4_Reply(seL4_MessageInfo_new(7, 0, 0, 0));
    settle();
    start_thread(&te2, seL4_CapNull, 200, rights_caller, (void *)e_gr_cap, (void *)2);
    seL4_Recv(ep_e.cptr, &badge);
    printf("call through a Write+GrantReply cap: badge=%#lx\n", (unsigned long)badge);
    seL4_Reply(seL4_MessageInfo_new(8, 0, 0, 0));
    settle();
    printf("ipc_teardown: done\n");
    return 0;
}
