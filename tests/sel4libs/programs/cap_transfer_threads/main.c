/*
 * cap_transfer_threads: caps sent through an endpoint between two threads
 * of one CSpace.  The Grant right on the sender's cap, the receiver's
 * receive path (unset, empty, occupied), unwrapping of caps to the very
 * endpoint (capsUnwrapped bits and the badge), where a transfer stops
 * (a null or underivable cap, a second cap with no slot), caps in a reply
 * (the reply cap's Grant comes from the receiver's endpoint cap), Call on
 * a cap without Write, and Recv on a cap without Read (a cap fault).
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

static vka_object_t ep, ep2, ntfn, fault_ep, idle;
static seL4_CPtr grant_cap, nogrant_cap, readonly_cap, empty_slot, client_slot;

static seL4_CPtr cap_type(seL4_CPtr slot)
{
    return seL4_DebugCapIdentify(slot);
}

static void send_caps(seL4_CPtr via, seL4_Word tag, int n, seL4_CPtr c0, seL4_CPtr c1,
                      seL4_CPtr c2)
{
    seL4_SetCap(0, c0);
    seL4_SetCap(1, c1);
    seL4_SetCap(2, c2);
    seL4_SetMR(0, tag);
    seL4_Send(via, seL4_MessageInfo_new(tag, 0, n, 1));
}

static void sender(void *a0, void *a1, void *ipc)
{
    seL4_MessageInfo_t info;

    send_caps(grant_cap, 1, 1, ntfn.cptr, 0, 0);
    send_caps(nogrant_cap, 2, 1, ntfn.cptr, 0, 0);
    send_caps(grant_cap, 3, 1, ntfn.cptr, 0, 0);
    send_caps(grant_cap, 4, 1, ntfn.cptr, 0, 0);
    send_caps(grant_cap, 5, 1, grant_cap, 0, 0);
    send_caps(grant_cap, 6, 1, ep.cptr, 0, 0);
    send_caps(grant_cap, 7, 3, ntfn.cptr, grant_cap, ep2.cptr);
    send_caps(grant_cap, 8, 3, grant_cap, ntfn.cptr, ep2.cptr);
    send_caps(grant_cap, 9, 2, empty_slot, ntfn.cptr, 0);
    send_caps(grant_cap, 10, 2, seL4_CapIRQControl, ntfn.cptr, 0);
    send_caps(nogrant_cap, 11, 1, grant_cap, 0, 0);
    /* caps in replies */
    seL4_SetCapReceivePath(simple_get_cnode(&simple), client_slot, seL4_WordBits);
    info = seL4_Call(grant_cap, seL4_MessageInfo_new(12, 0, 0, 0));
    print_info("client reply with grant", info);
    printf("client slot holds type %lu\n", (unsigned long)cap_type(client_slot));
    seL4_CNode_Delete(simple_get_cnode(&simple), client_slot, seL4_WordBits);
    info = seL4_Call(grant_cap, seL4_MessageInfo_new(13, 0, 0, 0));
    print_info("client reply without grant", info);
    printf("client slot holds type %lu\n", (unsigned long)cap_type(client_slot));
    /* no Write right: Call answers InvalidCapability */
    info = seL4_Call(readonly_cap, seL4_MessageInfo_new(14, 0, 0, 0));
    print_info("client call on read-only cap", info);
    printf("client call on read-only cap: mr0=%lu\n", (unsigned long)seL4_GetMR(0));
    /* no Read right: Recv is a cap fault */
    seL4_Recv(nogrant_cap, NULL);
    printf("client recv returned\n");
    seL4_Wait(idle.cptr, NULL);
}

static void expect_msg(seL4_CPtr slot)
{
    seL4_Word badge = 0;
    seL4_MessageInfo_t info;
    char what[32];

    seL4_SetCapReceivePath(simple_get_cnode(&simple), slot, seL4_WordBits);
    info = seL4_Recv(ep.cptr, &badge);
    snprintf(what, sizeof(what), "msg %lu", (unsigned long)seL4_GetMR(0));
    print_info(what, info);
    printf("msg %lu: badge=%#lx unwrapped badges=%#lx,%#lx,%#lx slot type=%lu\n",
           (unsigned long)seL4_GetMR(0), (unsigned long)badge,
           (unsigned long)(seL4_MessageInfo_get_capsUnwrapped(info) & 1 ? seL4_GetBadge(0) : 0),
           (unsigned long)(seL4_MessageInfo_get_capsUnwrapped(info) & 2 ? seL4_GetBadge(1) : 0),
           (unsigned long)(seL4_MessageInfo_get_capsUnwrapped(info) & 4 ? seL4_GetBadge(2) : 0),
           (unsigned long)(slot ? cap_type(slot) : 0));
}

int main(void)
{
    cspacepath_t path;
    seL4_CPtr slot, full;
    seL4_Word badge;
    seL4_MessageInfo_t info;
    sel4utils_thread_t t;

    env_boot();
    ZF_LOGF_IF(vka_alloc_endpoint(&vka, &ep) || vka_alloc_endpoint(&vka, &ep2) ||
               vka_alloc_notification(&vka, &ntfn) || vka_alloc_endpoint(&vka, &fault_ep) ||
               vka_alloc_notification(&vka, &idle), "objects");
    ZF_LOGF_IF(vka_mint_object(&vka, &ep, &path, seL4_AllRights, 0x5), "mint");
    grant_cap = path.capPtr;
    ZF_LOGF_IF(vka_mint_object(&vka, &ep, &path, seL4_CapRights_new(0, 0, 0, 1), 0x6), "mint");
    nogrant_cap = path.capPtr;
    ZF_LOGF_IF(vka_mint_object(&vka, &ep, &path, seL4_CanRead, 0x7), "mint");
    readonly_cap = path.capPtr;
    ZF_LOGF_IF(vka_cspace_alloc(&vka, &slot) || vka_cspace_alloc(&vka, &full) ||
               vka_cspace_alloc(&vka, &empty_slot) || vka_cspace_alloc(&vka, &client_slot),
               "slots");
    ZF_LOGF_IF(vka_mint_object(&vka, &ntfn, &path, seL4_AllRights, 0x9), "mint");
    ZF_LOGF_IF(seL4_CNode_Move(simple_get_cnode(&simple), full, seL4_WordBits,
                               path.root, path.capPtr, path.capDepth), "move");
    printf("types: endpoint=%lu notification=%lu empty=%lu\n", (unsigned long)cap_type(ep.cptr),
           (unsigned long)cap_type(ntfn.cptr), (unsigned long)cap_type(slot));

    start_thread(&t, fault_ep.cptr, 200, sender, NULL, NULL);
    expect_msg(slot);                       /* 1: granted into the slot */
    vka_cspace_make_path(&vka, slot, &path);
    seL4_Signal(slot);
    seL4_Poll(ntfn.cptr, &badge);
    printf("received cap signals: badge=%#lx\n", (unsigned long)badge);
    vka_cnode_delete(&path);
    expect_msg(slot);                       /* 2: no Grant, data only */
    seL4_SetCapReceivePath(seL4_CapNull, 0, 0);
    info = seL4_Recv(ep.cptr, &badge);      /* 3: no receive path */
    print_info("msg 3", info);
    expect_msg(full);                       /* 4: occupied slot */
    expect_msg(slot);                       /* 5: own badged ep: unwrapped */
    expect_msg(slot);                       /* 6: own unbadged ep: unwrapped, badge 0 */
    expect_msg(slot);                       /* 7: ntfn, unwrap, stop */
    vka_cnode_delete(&path);
    expect_msg(slot);                       /* 8: unwrap, ntfn, stop */
    vka_cnode_delete(&path);
    expect_msg(slot);                       /* 9: null cap first */
    expect_msg(slot);                       /* 10: underivable first */
    expect_msg(slot);                       /* 11: no grant: not even unwrapped */
    /* 12: reply with a cap through a reply cap that has Grant */
    info = seL4_Recv(ep.cptr, &badge);
    print_info("msg 12", info);
    seL4_SetCap(0, ntfn.cptr);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 1, 0));
    /* 13: received through a cap without Grant: the reply carries no caps */
    info = seL4_Recv(readonly_cap, &badge);
    print_info("msg 13", info);
    seL4_SetCap(0, ntfn.cptr);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 1, 0));
    /* the cap fault of Recv without Read */
    info = seL4_Recv(fault_ep.cptr, &badge);
    print_info("fault", info);
    printf("fault: addr=%lu (nogrant %lu) inRecvPhase=%lu type=%lu bitsLeft=%lu\n",
           (unsigned long)seL4_GetMR(seL4_CapFault_Addr), (unsigned long)nogrant_cap,
           (unsigned long)seL4_GetMR(seL4_CapFault_InRecvPhase),
           (unsigned long)seL4_GetMR(seL4_CapFault_LookupFailureType),
           (unsigned long)seL4_GetMR(seL4_CapFault_BitsLeft));
    printf("cap_transfer_threads: done\n");
    return 0;
}
