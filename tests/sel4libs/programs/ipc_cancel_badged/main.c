/*
 * ipc_cancel_badged: seL4_CNode_CancelBadgedSends (vka_cnode_cancelBadgedSends)
 * on queued senders: the senders with that badge are restarted (they send
 * again, now behind the others), the rights it needs, the unbadged case.
 * Also what cap transfer does with untyped caps (one with children cannot
 * be derived) and with a mapped frame (the receiver's copy is unmapped).
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
static seL4_CPtr caps[3];

static void sender(void *a0, void *a1, void *ipc)
{
    seL4_Word i = (seL4_Word)a0;

    seL4_SetMR(0, i);
    seL4_Send(caps[i], seL4_MessageInfo_new(i, 0, 0, 1));
    printf("sender %lu: sent\n", (unsigned long)i);
    seL4_Wait(idle.cptr, NULL);
}

static void cap_sender(void *a0, void *a1, void *ipc)
{
    seL4_CPtr *list = a0;

    for (int i = 0; list[i] != 0; i++) {
        seL4_SetCap(0, list[i]);
        seL4_Send(ep.cptr, seL4_MessageInfo_new(10 + i, 0, 1, 0));
    }
    seL4_Wait(idle.cptr, NULL);
}

int main(void)
{
    sel4utils_thread_t t[3], tc;
    cspacepath_t path, ro, slotp;
    seL4_Word badge;
    seL4_MessageInfo_t info;
    vka_object_t ut, ut2, child, frame;
    static seL4_CPtr list[4];
    seL4_CPtr slot;
    int err;

    env_boot();
    ZF_LOGF_IF(vka_alloc_endpoint(&vka, &ep) || vka_alloc_notification(&vka, &idle), "ep");
    for (int i = 0; i < 3; i++) {
        ZF_LOGF_IF(vka_mint_object(&vka, &ep, &path, seL4_AllRights, i == 1 ? 0xb0 : 0xb1),
                   "mint");
        caps[i] = path.capPtr;
    }
    /* senders 0, 1, 2 queue in that order (badges 0xb1, 0xb0, 0xb1) */
    for (int i = 0; i < 3; i++) {
        start_thread(&t[i], seL4_CapNull, 200 - i, sender, (void *)(seL4_Word)i, NULL);
        settle();
    }
    vka_cspace_make_path(&vka, caps[0], &path);
    ZF_LOGF_IF(vka_cspace_alloc_path(&vka, &ro), "slot");
    vka_cnode_copy(&ro, &path, seL4_CapRights_new(0, 1, 1, 1));
    err = vka_cnode_cancelBadgedSends(&ro);
    printf("cancel with a cap lacking GrantReply: %d\n", err);
    vka_cspace_make_path(&vka, ep.cptr, &path);
    err = vka_cnode_cancelBadgedSends(&path);
    printf("cancel with the unbadged cap: %d\n", err);
    vka_cspace_make_path(&vka, caps[0], &path);
    err = vka_cnode_cancelBadgedSends(&path);
    printf("cancel badge 0xb1: %d\n", err);
    settle();
    for (int i = 0; i < 3; i++) {
        info = seL4_Recv(ep.cptr, &badge);
        printf("received badge=%#lx mr0=%lu\n", (unsigned long)badge,
               (unsigned long)seL4_GetMR(0));
        settle();
    }

    /* untyped caps and a mapped frame through IPC */
    ZF_LOGF_IF(vka_alloc_untyped(&vka, 12, &ut) || vka_alloc_untyped(&vka, 12, &ut2) ||
               vka_alloc_frame(&vka, seL4_PageBits, &frame), "objects");
    ZF_LOGF_IF(vka_cspace_alloc(&vka, &slot), "slot");
    vka_cspace_make_path(&vka, slot, &slotp);
    err = seL4_Untyped_Retype(ut2.cptr, seL4_EndpointObject, 0, simple_get_cnode(&simple), 0, 0,
                              slot, 1);
    printf("retype from the second untyped: %d\n", err);
    void *va = vspace_map_pages(&vspace, &frame.cptr, NULL, seL4_AllRights, 1, seL4_PageBits, 1);
    printf("frame mapped: %d\n", va != NULL);
    list[0] = ut.cptr;
    list[1] = ut2.cptr;
    list[2] = frame.cptr;
    start_thread(&tc, seL4_CapNull, 200, cap_sender, list, NULL);
    for (int i = 0; i < 3; i++) {
        seL4_CPtr rslot;
        ZF_LOGF_IF(vka_cspace_alloc(&vka, &rslot), "slot");
        seL4_SetCapReceivePath(simple_get_cnode(&simple), rslot, seL4_WordBits);
        info = seL4_Recv(ep.cptr, &badge);
        printf("cap message %lu: extraCaps=%lu type=%lu\n",
               (unsigned long)seL4_MessageInfo_get_label(info),
               (unsigned long)seL4_MessageInfo_get_extraCaps(info),
               (unsigned long)seL4_DebugCapIdentify(rslot));
        if (i == 0) {
            err = seL4_Untyped_Retype(rslot, seL4_EndpointObject, 0, simple_get_cnode(&simple), 0,
                                      0, slot + 0, 1);
            printf("retype from the received untyped into a full slot: %d\n", err);
        }
        if (i == 2) {
            seL4_X86_Page_GetAddress_t a = seL4_X86_Page_GetAddress(rslot);
            seL4_X86_Page_GetAddress_t b = seL4_X86_Page_GetAddress(frame.cptr);
            printf("received frame: same memory %d, maps elsewhere %d\n",
                   a.error == 0 && a.paddr == b.paddr,
                   vspace_map_pages(&vspace, &rslot, NULL, seL4_AllRights, 1, seL4_PageBits, 1)
                   != NULL);
        }
    }
    (void)child;
    printf("ipc_cancel_badged: done\n");
    return 0;
}
