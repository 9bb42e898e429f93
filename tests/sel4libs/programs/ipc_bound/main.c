/*
 * ipc_bound: finer points of notifications bound to a TCB.  A signal while
 * the bound thread waits for a reply stays pending (the reply comes
 * first); a Recv with both a queued sender and an active notification
 * takes the notification first; a thread waiting on another notification
 * is not woken by its bound one; a thread that is not the bound one
 * cannot Wait on it (a cap fault).
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

static vka_object_t ep, ep2, ntfn, other, fault_ep, idle;
static seL4_CPtr nb;   /* badged notification cap */

static void bound_thread(void *a0, void *a1, void *ipc)
{
    seL4_Word badge = 0;
    seL4_MessageInfo_t info;

    info = seL4_Call(ep.cptr, seL4_MessageInfo_new(1, 0, 0, 0));
    printf("bound: reply label=%lu\n", (unsigned long)seL4_MessageInfo_get_label(info));
    seL4_Recv(ep2.cptr, &badge);
    printf("bound: recv after the reply: badge=%#lx\n", (unsigned long)badge);
    /* wait until a sender queues on ep2 and the notification is signalled */
    seL4_Wait(other.cptr, &badge);
    printf("bound: woken on the other notification: badge=%#lx\n", (unsigned long)badge);
    info = seL4_Recv(ep2.cptr, &badge);
    printf("bound: first recv: badge=%#lx\n", (unsigned long)badge);
    info = seL4_Recv(ep2.cptr, &badge);
    printf("bound: second recv: badge=%#lx label=%lu\n", (unsigned long)badge,
           (unsigned long)seL4_MessageInfo_get_label(info));
    seL4_Wait(idle.cptr, NULL);
}

static void sender(void *a0, void *a1, void *ipc)
{
    seL4_Send(ep2.cptr, seL4_MessageInfo_new(6, 0, 0, 0));
    printf("sender: sent\n");
    seL4_Wait(idle.cptr, NULL);
}

static void intruder(void *a0, void *a1, void *ipc)
{
    seL4_Word badge;

    seL4_Wait(ntfn.cptr, &badge);
    printf("intruder: returned\n");
    seL4_Wait(idle.cptr, NULL);
}

int main(void)
{
    sel4utils_thread_t tb, ts, ti;
    cspacepath_t path;
    seL4_Word badge;
    seL4_MessageInfo_t info;

    env_boot();
    ZF_LOGF_IF(vka_alloc_endpoint(&vka, &ep) || vka_alloc_endpoint(&vka, &ep2) ||
               vka_alloc_notification(&vka, &ntfn) || vka_alloc_notification(&vka, &other) ||
               vka_alloc_endpoint(&vka, &fault_ep) || vka_alloc_notification(&vka, &idle),
               "objects");
    ZF_LOGF_IF(vka_mint_object(&vka, &ntfn, &path, seL4_AllRights, 0x40), "mint");
    nb = path.capPtr;

    start_thread(&tb, seL4_CapNull, 200, bound_thread, NULL, NULL);
    printf("bind: %d\n", seL4_TCB_BindNotification(tb.tcb.cptr, ntfn.cptr));
    seL4_Recv(ep.cptr, &badge);
    printf("root: got the call\n");
    seL4_Signal(nb);
    settle();
    printf("root: signalled while the thread waits for its reply\n");
    seL4_Reply(seL4_MessageInfo_new(2, 0, 0, 0));
    settle();

    start_thread(&ts, seL4_CapNull, 200, sender, NULL, NULL);
    settle();
    seL4_Signal(nb);
    printf("root: sender queued, notification signalled, thread waits elsewhere\n");
    settle();
    seL4_Signal(other.cptr);
    settle();

    start_thread(&ti, fault_ep.cptr, 200, intruder, NULL, NULL);
    info = seL4_Recv(fault_ep.cptr, &badge);
    printf("intruder fault: label=%lu length=%lu inRecvPhase=%lu lookup=%lu\n",
           (unsigned long)seL4_MessageInfo_get_label(info),
           (unsigned long)seL4_MessageInfo_get_length(info),
           (unsigned long)seL4_GetMR(seL4_CapFault_InRecvPhase),
           (unsigned long)seL4_GetMR(seL4_CapFault_LookupFailureType));
    printf("ipc_bound: done\n");
    return 0;
}
