/*
 * cap_transfer_errors: cap transfer when something is wrong.  Receive
 * paths that name no usable slot (a root that is no CNode, a wrong depth,
 * a cptr that does not resolve) drop the caps but not the message; an
 * extra cap whose cptr does not resolve makes Send a cap fault (send
 * phase, the lookup failure in the message) and NBSend drop the message.
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

static vka_object_t ep, ntfn, fault_ep, idle;
static seL4_CPtr slot;

static void sender(void *a0, void *a1, void *ipc)
{
    for (int i = 1; i <= 4; i++) {
        seL4_SetCap(0, ntfn.cptr);
        seL4_SetMR(0, i);
        seL4_Send(ep.cptr, seL4_MessageInfo_new(i, 0, 1, 1));
    }
    /* an extra cap that does not resolve */
    seL4_SetCap(0, 5000);
    seL4_SetMR(0, 5);
    seL4_NBSend(ep.cptr, seL4_MessageInfo_new(5, 0, 1, 1));
    printf("sender: nbsend with a bad extra cap returned\n");
    seL4_SetMR(0, 7);
    seL4_Send(ep.cptr, seL4_MessageInfo_new(7, 0, 0, 1));
    seL4_SetCap(0, 5000);
    seL4_SetMR(0, 6);
    seL4_Send(ep.cptr, seL4_MessageInfo_new(6, 0, 1, 1));
    printf("sender: send with a bad extra cap returned\n");
    seL4_Wait(idle.cptr, NULL);
}

static void take(const char *what, seL4_CPtr root, seL4_Word index, seL4_Word depth)
{
    seL4_Word badge;
    seL4_MessageInfo_t info;

    seL4_SetCapReceivePath(root, index, depth);
    info = seL4_Recv(ep.cptr, &badge);
    printf("%s: label=%lu mr0=%lu extraCaps=%lu slot type=%lu\n", what,
           (unsigned long)seL4_MessageInfo_get_label(info), (unsigned long)seL4_GetMR(0),
           (unsigned long)seL4_MessageInfo_get_extraCaps(info),
           (unsigned long)seL4_DebugCapIdentify(slot));
}

int main(void)
{
    sel4utils_thread_t t;
    seL4_Word badge;
    seL4_MessageInfo_t info;

    env_boot();
    ZF_LOGF_IF(vka_alloc_endpoint(&vka, &ep) || vka_alloc_notification(&vka, &ntfn) ||
               vka_alloc_endpoint(&vka, &fault_ep) || vka_alloc_notification(&vka, &idle) ||
               vka_cspace_alloc(&vka, &slot), "objects");
    start_thread(&t, fault_ep.cptr, 200, sender, NULL, NULL);
    take("root is an endpoint", ep.cptr, slot, seL4_WordBits);
    take("depth 12", simple_get_cnode(&simple), slot, 12);
    take("root cptr 5000", 5000, slot, seL4_WordBits);
    take("a good path", simple_get_cnode(&simple), slot, seL4_WordBits);
    /* waiting in Recv: the NBSend with a bad extra cap never arrives, the
     * next message does */
    info = seL4_Recv(ep.cptr, &badge);
    printf("next message: label=%lu\n", (unsigned long)seL4_MessageInfo_get_label(info));
    info = seL4_Recv(fault_ep.cptr, &badge);
    printf("fault: label=%lu length=%lu addr=%lu inRecvPhase=%lu type=%lu bitsLeft=%lu "
           "guard=%lu guardSize=%lu\n", (unsigned long)seL4_MessageInfo_get_label(info),
           (unsigned long)seL4_MessageInfo_get_length(info),
           (unsigned long)seL4_GetMR(seL4_CapFault_Addr),
           (unsigned long)seL4_GetMR(seL4_CapFault_InRecvPhase),
           (unsigned long)seL4_GetMR(seL4_CapFault_LookupFailureType),
           (unsigned long)seL4_GetMR(seL4_CapFault_BitsLeft),
           (unsigned long)seL4_GetMR(seL4_CapFault_GuardMismatch_GuardFound),
           (unsigned long)seL4_GetMR(seL4_CapFault_GuardMismatch_BitsFound));
    seL4_NBRecv(ep.cptr, &badge);
    printf("nothing was sent: badge=%#lx\n", (unsigned long)badge);
    printf("cap_transfer_errors: done\n");
    return 0;
}
