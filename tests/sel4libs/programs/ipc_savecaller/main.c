/*
 * ipc_savecaller: seL4_CNode_SaveCaller / vka_cnode_saveCaller keeps the
 * reply caps of two Calls, the server answers them later (in reverse order)
 * with seL4_Send on the saved caps; a saved reply cap is used once.
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

static vka_object_t ep, idle;

static void client(void *a0, void *a1, void *ipc)
{
    seL4_MessageInfo_t info;

    seL4_SetMR(0, (seL4_Word)a0);
    info = seL4_Call(ep.cptr, seL4_MessageInfo_new(1, 0, 0, 1));
    printf("client %lu got: label=%lu mr0=%lu\n", (unsigned long)(seL4_Word)a0,
           (unsigned long)seL4_MessageInfo_get_label(info), (unsigned long)seL4_GetMR(0));
    seL4_Wait(idle.cptr, NULL);
}

int main(void)
{
    sel4utils_thread_t a, b;
    cspacepath_t saved[2];
    seL4_Word badge;
    int err;

    env_boot();
    ZF_LOGF_IF(vka_alloc_endpoint(&vka, &ep) || vka_alloc_notification(&vka, &idle), "ep");
    for (int i = 0; i < 2; i++)
        ZF_LOGF_IF(vka_cspace_alloc_path(&vka, &saved[i]), "slot");
    /* nothing to save yet: SaveCaller of no reply cap leaves the slot empty */
    err = vka_cnode_saveCaller(&saved[0]);
    printf("saveCaller with no caller: %d\n", err);
    err = seL4_CNode_SaveCaller(simple_get_cnode(&simple), saved[0].capPtr, 0);
    printf("saveCaller depth 0: %d\n", err);

    start_thread(&a, seL4_CapNull, 200, client, (void *)1, NULL);
    start_thread(&b, seL4_CapNull, 200, client, (void *)2, NULL);
    /* take two Calls, save both reply caps, answer in reverse order */
    for (int i = 0; i < 2; i++) {
        seL4_Recv(ep.cptr, &badge);
        printf("server got call mr0=%lu\n", (unsigned long)seL4_GetMR(0));
        err = vka_cnode_saveCaller(&saved[i]);
        printf("saveCaller %d: %d\n", i, err);
    }
    err = vka_cnode_saveCaller(&saved[0]);
    printf("saveCaller into a full slot: %d\n", err);
    /* Reply now has no caller: a no-op */
    seL4_Reply(seL4_MessageInfo_new(5, 0, 0, 0));
    for (int i = 1; i >= 0; i--) {
        seL4_SetMR(0, 10 + i);
        seL4_Send(saved[i].capPtr, seL4_MessageInfo_new(7, 0, 0, 1));
        printf("sent on saved reply %d\n", i);
        settle();
    }
    /* a reply cap is used once: the slot is empty again */
    seL4_MessageInfo_t info = seL4_Call(saved[0].capPtr, seL4_MessageInfo_new(0, 0, 0, 0));
    print_info("call on used reply slot", info);
    err = vka_cnode_delete(&saved[0]);
    printf("delete used reply slot: %d\n", err);
    /* a Recv throws away the reply cap of a Call not answered yet */
    sel4utils_thread_t c3, c4;
    start_thread(&c3, seL4_CapNull, 200, client, (void *)3, NULL);
    seL4_Recv(ep.cptr, &badge);
    printf("server got call mr0=%lu\n", (unsigned long)seL4_GetMR(0));
    start_thread(&c4, seL4_CapNull, 200, client, (void *)4, NULL);
    seL4_Recv(ep.cptr, &badge);
    printf("server got call mr0=%lu\n", (unsigned long)seL4_GetMR(0));
    seL4_SetMR(0, 44);
    seL4_Reply(seL4_MessageInfo_new(8, 0, 0, 1));
    settle();
    err = vka_cnode_saveCaller(&saved[1]);
    printf("saveCaller after the reply: %d, slot type %lu\n", err,
           (unsigned long)seL4_DebugCapIdentify(saved[1].capPtr));
    printf("ipc_savecaller: done\n");
    return 0;
}
