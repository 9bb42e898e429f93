/*
 * ipc_notifications: seL4_Signal/Wait/Poll with badged notification caps
 * (badges OR together), notifications bound to TCBs (a Recv on an
 * endpoint returns the notification's badge), and the errors of
 * seL4_TCB_BindNotification/UnbindNotification.
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

static vka_object_t ntfn, ep, ntfn2, idle;

/* Waits on the endpoint (with a bound notification): what wakes it? */
static void bound_waiter(void *a0, void *a1, void *ipc)
{
    seL4_Word badge = 0;

    seL4_Recv(ep.cptr, &badge);
    printf("bound waiter woke: badge=%#lx\n", (unsigned long)badge);
    /* second time: an endpoint message */
    seL4_MessageInfo_t info = seL4_Recv(ep.cptr, &badge);
    printf("bound waiter got ep message: badge=%#lx label=%lu mr0=%lu\n", (unsigned long)badge,
           (unsigned long)seL4_MessageInfo_get_label(info), (unsigned long)seL4_GetMR(0));
    /* third: the notification was signalled while we were away */
    seL4_Recv(ep.cptr, &badge);
    printf("bound waiter pending: badge=%#lx\n", (unsigned long)badge);
    seL4_Wait(idle.cptr, &badge);
}

static void plain_waiter(void *a0, void *a1, void *ipc)
{
    seL4_Word badge = 0;

    seL4_Wait(ntfn2.cptr, &badge);
    printf("plain waiter woke: badge=%#lx\n", (unsigned long)badge);
    seL4_Wait(ntfn2.cptr, &badge);
}

int main(void)
{
    cspacepath_t src, b1, b2;
    seL4_Word badge = 77;
    sel4utils_thread_t t1, t2;
    int err;

    env_boot();
    ZF_LOGF_IF(vka_alloc_notification(&vka, &ntfn) || vka_alloc_endpoint(&vka, &ep) ||
               vka_alloc_notification(&vka, &ntfn2) ||
               vka_alloc_notification(&vka, &idle), "objects");
    vka_cspace_make_path(&vka, ntfn.cptr, &src);
    ZF_LOGF_IF(vka_cspace_alloc_path(&vka, &b1) || vka_cspace_alloc_path(&vka, &b2), "slots");
    err = vka_cnode_mint(&b1, &src, seL4_AllRights, 0x1);
    printf("mint badge 0x1: %d\n", err);
    err = vka_cnode_mint(&b2, &src, seL4_AllRights, 0x30);
    printf("mint badge 0x30: %d\n", err);

    /* Poll with nothing pending */
    seL4_Poll(ntfn.cptr, &badge);
    printf("poll idle: badge=%#lx\n", (unsigned long)badge);
    /* Signals accumulate by OR; a Wait takes them all */
    seL4_Signal(b1.capPtr);
    seL4_Signal(b2.capPtr);
    seL4_Signal(b1.capPtr);
    seL4_Wait(ntfn.cptr, &badge);
    printf("wait after three signals: badge=%#lx\n", (unsigned long)badge);
    seL4_Poll(ntfn.cptr, &badge);
    printf("poll after wait: badge=%#lx\n", (unsigned long)badge);
    /* An unbadged signal still activates the word (value 0) */
    seL4_Signal(ntfn.cptr);
    badge = 55;
    seL4_Poll(ntfn.cptr, &badge);
    printf("poll after unbadged signal: badge=%#lx\n", (unsigned long)badge);
    /* Call on a notification cap signals it and returns an empty reply */
    seL4_SetMR(0, 1234);
    seL4_MessageInfo_t ci = seL4_Call(b2.capPtr, seL4_MessageInfo_new(3, 0, 0, 1));
    seL4_Poll(ntfn.cptr, &badge);
    printf("call on a notification: label=%lu length=%lu, then poll: badge=%#lx\n",
           (unsigned long)seL4_MessageInfo_get_label(ci),
           (unsigned long)seL4_MessageInfo_get_length(ci), (unsigned long)badge);
    /* seL4_NBWait is seL4_Poll with an info; Poll on an endpoint-less check */

    /* Binding */
    start_thread(&t1, seL4_CapNull, 200, bound_waiter, NULL, NULL);
    err = seL4_TCB_BindNotification(t1.tcb.cptr, ntfn.cptr);
    printf("bind: %d\n", err);
    err = seL4_TCB_BindNotification(t1.tcb.cptr, ntfn2.cptr);
    printf("bind twice: %d\n", err);
    err = seL4_TCB_BindNotification(simple_get_tcb(&simple), ntfn.cptr);
    printf("bind a bound notification to another tcb: %d\n", err);
    err = seL4_TCB_BindNotification(simple_get_tcb(&simple), ep.cptr);
    printf("bind an endpoint: %d\n", err);
    err = seL4_TCB_UnbindNotification(simple_get_tcb(&simple));
    printf("unbind when not bound: %d\n", err);

    /* let the thread block in Recv on ep, then signal */
    settle();
    seL4_Signal(b2.capPtr);
    printf("signalled bound notification\n");
    settle();
    seL4_SetMR(0, 5);
    seL4_Send(ep.cptr, seL4_MessageInfo_new(9, 0, 0, 1));
    seL4_Signal(b1.capPtr);
    printf("signalled while thread busy\n");
    settle();
    printf("after yield\n");

    /* A waiter on an unbound notification wakes with the signaller's badge */
    start_thread(&t2, seL4_CapNull, 200, plain_waiter, NULL, NULL);
    settle();
    vka_cspace_make_path(&vka, ntfn2.cptr, &src);
    cspacepath_t b3;
    ZF_LOGF_IF(vka_cspace_alloc_path(&vka, &b3), "slot");
    err = vka_cnode_mint(&b3, &src, seL4_AllRights, 0x400);
    seL4_Signal(b3.capPtr);
    settle();
    /* binding a notification that has a waiter fails */
    err = seL4_TCB_BindNotification(simple_get_tcb(&simple), ntfn2.cptr);
    printf("bind a notification with a waiter: %d\n", err);
    /* a notification cap without Read cannot be bound */
    cspacepath_t wo;
    ZF_LOGF_IF(vka_cspace_alloc_path(&vka, &wo), "slot");
    vka_cspace_make_path(&vka, ntfn.cptr, &src);
    err = seL4_TCB_UnbindNotification(t1.tcb.cptr);
    printf("unbind: %d\n", err);
    err = vka_cnode_copy(&wo, &src, seL4_CanWrite);
    err = seL4_TCB_BindNotification(simple_get_tcb(&simple), wo.capPtr);
    printf("bind a write-only cap: %d\n", err);
    err = seL4_TCB_BindNotification(simple_get_tcb(&simple), ntfn.cptr);
    printf("bind to root: %d\n", err);
    /* our own bound notification: Recv on an endpoint with it active */
    seL4_Signal(b2.capPtr);
    seL4_Recv(ep.cptr, &badge);
    printf("root recv with active bound notification: badge=%#lx\n", (unsigned long)badge);
    seL4_Signal(b1.capPtr);
    seL4_Wait(ntfn.cptr, &badge);
    printf("root wait on own bound notification: badge=%#lx\n", (unsigned long)badge);
    printf("ipc_notifications: done\n");
    return 0;
}
