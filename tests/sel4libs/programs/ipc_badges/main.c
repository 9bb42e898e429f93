/*
 * ipc_badges: badged endpoint caps from vka_mint_object and seL4_CNode_Mint,
 * the badge each Call arrives with, what Mint/Copy/Mutate allow on badged
 * caps and their errors, and revoking the original: a client's Call on a
 * revoked cap gets seL4_InvalidCapability.
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

static vka_object_t ep, go, done, idle;
static seL4_CPtr client_cap[3];

static void client(void *a0, void *a1, void *ipc)
{
    seL4_Word i = (seL4_Word)a0;
    seL4_MessageInfo_t info;

    seL4_SetMR(0, 100 + i);
    info = seL4_Call(client_cap[i], seL4_MessageInfo_new(i, 0, 0, 1));
    printf("client %lu reply: label=%lu mr0=%lu\n", (unsigned long)i,
           (unsigned long)seL4_MessageInfo_get_label(info), (unsigned long)seL4_GetMR(0));
    seL4_Wait(go.cptr, NULL);
    /* after the revoke our cap is gone: Call gets an error reply */
    info = seL4_Call(client_cap[i], seL4_MessageInfo_new(i, 0, 0, 1));
    print_info("client call after revoke", info);
    printf("client call after revoke: mr0=%lu\n", (unsigned long)seL4_GetMR(0));
    seL4_Signal(done.cptr);
    seL4_Wait(idle.cptr, NULL);
}

int main(void)
{
    cspacepath_t src, dst, dst2;
    vka_object_t ep2;
    seL4_Word badge;
    sel4utils_thread_t t[3];
    seL4_Word badges[3] = { 0x11, 0x22, 0 };
    int err;

    env_boot();
    ZF_LOGF_IF(vka_alloc_endpoint(&vka, &ep) || vka_alloc_endpoint(&vka, &ep2) ||
               vka_alloc_notification(&vka, &go) || vka_alloc_notification(&vka, &done) ||
               vka_alloc_notification(&vka, &idle), "ep");
    /* vka_mint_object gives badged caps; badge 0 leaves the cap unbadged */
    for (int i = 0; i < 3; i++) {
        err = vka_mint_object(&vka, &ep, &dst, seL4_AllRights, badges[i]);
        printf("vka_mint_object %d: %d\n", i, err);
        client_cap[i] = dst.capPtr;
    }
    /* minting from a badged cap fails, whatever the badge */
    vka_cspace_make_path(&vka, client_cap[0], &src);
    ZF_LOGF_IF(vka_cspace_alloc_path(&vka, &dst2), "slot");
    err = vka_cnode_mint(&dst2, &src, seL4_AllRights, 0x99);
    printf("mint from badged, new badge: %d\n", err);
    err = vka_cnode_mint(&dst2, &src, seL4_AllRights, 0);
    printf("mint from badged, badge 0: %d\n", err);
    /* copy keeps the badge */
    err = vka_cnode_copy(&dst2, &src, seL4_AllRights);
    printf("copy badged: %d\n", err);
    err = vka_cnode_delete(&dst2);
    printf("delete copy: %d\n", err);
    /* mutate an endpoint cap fails */
    vka_cspace_make_path(&vka, ep2.cptr, &src);
    err = seL4_CNode_Mutate(dst2.root, dst2.capPtr, dst2.capDepth, src.root, src.capPtr,
                            src.capDepth, 0x5);
    printf("mutate endpoint: %d\n", err);
    /* seL4_CNode_Mint straight from the kernel API */
    err = seL4_CNode_Mint(simple_get_cnode(&simple), dst2.capPtr, seL4_WordBits,
                          simple_get_cnode(&simple), ep2.cptr, seL4_WordBits, seL4_AllRights,
                          0xfeed);
    printf("seL4_CNode_Mint: %d\n", err);
    err = seL4_CNode_Mint(simple_get_cnode(&simple), dst2.capPtr, seL4_WordBits,
                          simple_get_cnode(&simple), ep2.cptr, seL4_WordBits, seL4_AllRights,
                          0xfeed);
    printf("seL4_CNode_Mint into a full slot: %d\n", err);
    err = seL4_CNode_Mint(simple_get_cnode(&simple), dst2.capPtr + 1, 0,
                          simple_get_cnode(&simple), ep2.cptr, seL4_WordBits, seL4_AllRights, 1);
    printf("seL4_CNode_Mint depth 0: %d mr0=%lu mr1=%lu\n", err, (unsigned long)seL4_GetMR(0),
           (unsigned long)seL4_GetMR(1));
    err = seL4_CNode_Mint(simple_get_cnode(&simple), dst2.capPtr + 1, seL4_WordBits,
                          simple_get_cnode(&simple), dst2.capPtr + 2, seL4_WordBits,
                          seL4_AllRights, 1);
    printf("seL4_CNode_Mint from an empty slot: %d mr0=%lu mr1=%lu mr2=%lu\n", err,
           (unsigned long)seL4_GetMR(0), (unsigned long)seL4_GetMR(1),
           (unsigned long)seL4_GetMR(2));
    seL4_SetMR(0, 1);
    seL4_NBSend(dst2.capPtr, seL4_MessageInfo_new(0, 0, 0, 1));

    for (int i = 0; i < 3; i++)
        start_thread(&t[i], seL4_CapNull, 200 - i, client, (void *)(seL4_Word)i, NULL);
    /* three Calls arrive in priority order, each with its badge */
    for (int i = 0; i < 3; i++) {
        seL4_MessageInfo_t info = seL4_Recv(ep.cptr, &badge);
        printf("server: badge=%#lx label=%lu mr0=%lu\n", (unsigned long)badge,
               (unsigned long)seL4_MessageInfo_get_label(info), (unsigned long)seL4_GetMR(0));
        seL4_SetMR(0, badge + 1);
        seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 1));
    }
    settle();
    /* revoking the original removes every cap minted from it */
    vka_cspace_make_path(&vka, ep.cptr, &src);
    err = vka_cnode_revoke(&src);
    printf("revoke: %d\n", err);
    for (int i = 0; i < 3; i++) {
        seL4_Signal(go.cptr);
        seL4_Wait(done.cptr, NULL);
    }
    /* the original still works */
    seL4_SetMR(0, 3);
    seL4_NBSend(ep.cptr, seL4_MessageInfo_new(0, 0, 0, 1));
    printf("ipc_badges: done\n");
    return 0;
}
