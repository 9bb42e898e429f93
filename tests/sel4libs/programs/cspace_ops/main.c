/*
 * cspace_ops: CNode operations through vka's cspacepath_t (vka_cnode_copy,
 * mint, move, mutate, rotate, delete, revoke) and the kernel calls, with
 * their errors; the paths allocman's vka makes; a child CNode with a guard
 * made by mutate; caps received by IPC into a slot of that child CNode.
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

static void err_line(const char *what, int err)
{
    printf("%s: %d", what, err);
    if (err == seL4_FailedLookup) {
        seL4_Word type = seL4_GetMR(1);
        printf(" source=%lu type=%lu", (unsigned long)seL4_GetMR(0), (unsigned long)type);
        /* the words the lookup failure has: 1, 2 or 3 after the type */
        for (seL4_Word i = 2; type >= seL4_MissingCapability && i <= type; i++)
            printf(" mr%lu=%lu", (unsigned long)i, (unsigned long)seL4_GetMR(i));
    }
    if (err == seL4_RangeError)
        printf(" min=%lu max=%lu", (unsigned long)seL4_GetMR(0), (unsigned long)seL4_GetMR(1));
    printf("\n");
}

static void sender(void *cap, void *a1, void *ipc)
{
    seL4_SetCap(0, (seL4_CPtr)cap);
    seL4_Send(ep.cptr, seL4_MessageInfo_new(0, 0, 1, 0));
    seL4_Wait(idle.cptr, NULL);
}

int main(void)
{
    cspacepath_t a, b, c, d, f1p, f2p, cnp;
    vka_object_t ntfn, f1, f2, cn;
    seL4_CPtr root;
    seL4_X86_Page_GetAddress_t g1, g2, ga, gb;
    seL4_Word badge;
    seL4_MessageInfo_t info;
    sel4utils_thread_t t;

    env_boot();
    root = simple_get_cnode(&simple);
    ZF_LOGF_IF(vka_alloc_endpoint(&vka, &ep) || vka_alloc_notification(&vka, &idle) ||
               vka_alloc_notification(&vka, &ntfn) ||
               vka_alloc_frame(&vka, seL4_PageBits, &f1) ||
               vka_alloc_frame(&vka, seL4_PageBits, &f2) ||
               vka_alloc_cnode_object(&vka, 4, &cn), "objects");
    ZF_LOGF_IF(vka_cspace_alloc_path(&vka, &a) || vka_cspace_alloc_path(&vka, &b) ||
               vka_cspace_alloc_path(&vka, &c) || vka_cspace_alloc_path(&vka, &d), "slots");
    printf("path: root is the root cnode=%d capDepth=%lu offset=capPtr %d window=%lu\n",
           a.root == root, (unsigned long)a.capDepth, a.offset == a.capPtr,
           (unsigned long)a.window);
    vka_cspace_make_path(&vka, f1.cptr, &f1p);
    vka_cspace_make_path(&vka, f2.cptr, &f2p);
    vka_cspace_make_path(&vka, cn.cptr, &cnp);

    /* copy, move, delete */
    err_line("copy frame", vka_cnode_copy(&a, &f1p, seL4_AllRights));
    err_line("copy into a full slot", vka_cnode_copy(&a, &f1p, seL4_AllRights));
    err_line("move", vka_cnode_move(&b, &a));
    printf("after move: source type %lu, dest type %lu\n",
           (unsigned long)seL4_DebugCapIdentify(a.capPtr),
           (unsigned long)seL4_DebugCapIdentify(b.capPtr));
    err_line("move from an empty slot", vka_cnode_move(&c, &a));
    err_line("move onto itself", vka_cnode_move(&b, &b));
    err_line("mutate a frame (data ignored)", vka_cnode_mutate(&a, &b, 0x55));
    err_line("delete", vka_cnode_delete(&a));
    err_line("delete an empty slot", vka_cnode_delete(&a));
    err_line("copy with depth 0", seL4_CNode_Copy(root, a.capPtr, 0, root, f1.cptr, 64,
                                                  seL4_AllRights));
    err_line("copy with depth 65", seL4_CNode_Copy(root, a.capPtr, 65, root, f1.cptr, 64,
                                                   seL4_AllRights));

    /* rotate: pivot -> dest, src -> pivot */
    err_line("copy f1 to a", vka_cnode_copy(&a, &f1p, seL4_AllRights));
    err_line("copy f2 to b", vka_cnode_copy(&b, &f2p, seL4_AllRights));
    err_line("rotate a->b->c", seL4_CNode_Rotate(root, c.capPtr, 64, 0, root, b.capPtr, 64, 0,
                                                  root, a.capPtr, 64));
    g1 = seL4_X86_Page_GetAddress(f1.cptr);
    g2 = seL4_X86_Page_GetAddress(f2.cptr);
    ga = seL4_X86_Page_GetAddress(b.capPtr);
    gb = seL4_X86_Page_GetAddress(c.capPtr);
    printf("after rotate: a type %lu, b holds f1 %d, c holds f2 %d\n",
           (unsigned long)seL4_DebugCapIdentify(a.capPtr), ga.paddr == g1.paddr,
           gb.paddr == g2.paddr);
    err_line("rotate into a full dest", seL4_CNode_Rotate(root, c.capPtr, 64, 0, root, b.capPtr,
                                                         64, 0, root, d.capPtr, 64));
    err_line("rotate with pivot = src", seL4_CNode_Rotate(root, a.capPtr, 64, 0, root, b.capPtr,
                                                         64, 0, root, b.capPtr, 64));
    err_line("rotate swap (dest = src)", seL4_CNode_Rotate(root, c.capPtr, 64, 0, root,
                                                          b.capPtr, 64, 0, root, c.capPtr, 64));
    ga = seL4_X86_Page_GetAddress(b.capPtr);
    printf("after swap: b holds f2 %d\n", ga.paddr == g2.paddr);
    vka_cnode_delete(&b);
    vka_cnode_delete(&c);
    vka_cspace_make_path(&vka, ep.cptr, &d);
    err_line("copy the endpoint to b", vka_cnode_copy(&b, &d, seL4_AllRights));
    err_line("rotate endpoint caps", seL4_CNode_Rotate(root, a.capPtr, 64, 0, root, b.capPtr, 64,
                                                      0, root, ep.cptr, 64));

    vka_cnode_delete(&b);
    ZF_LOGF_IF(vka_cspace_alloc_path(&vka, &d), "slot");
    /* revoke: copies of a copy are siblings, the original's revoke takes all */
    err_line("copy f1 to a", vka_cnode_copy(&a, &f1p, seL4_AllRights));
    err_line("copy a to b", vka_cnode_copy(&b, &a, seL4_AllRights));
    err_line("revoke a", vka_cnode_revoke(&a));
    printf("after revoking the copy: b type %lu\n", (unsigned long)seL4_DebugCapIdentify(b.capPtr));
    err_line("revoke f1", vka_cnode_revoke(&f1p));
    printf("after revoking the original: a type %lu b type %lu f1 type %lu\n",
           (unsigned long)seL4_DebugCapIdentify(a.capPtr),
           (unsigned long)seL4_DebugCapIdentify(b.capPtr),
           (unsigned long)seL4_DebugCapIdentify(f1.cptr));

    /* a child CNode: 16 slots; its cap given a guard of 60 bits with mutate */
    err_line("mutate cnode, guard 60", vka_cnode_mutate(&a, &cnp, seL4_CNode_CapData_new(0, 60).words[0]));
    err_line("copy into the child, depth 64", seL4_CNode_Copy(a.capPtr, 3, 64, root, ntfn.cptr, 64,
                                                              seL4_AllRights));
    err_line("copy into the child, depth 4", seL4_CNode_Copy(a.capPtr, 4, 4, root, ntfn.cptr, 64,
                                                             seL4_AllRights));
    err_line("move back out", seL4_CNode_Move(root, c.capPtr, 64, a.capPtr, 3, 64));
    printf("moved out: type %lu\n", (unsigned long)seL4_DebugCapIdentify(c.capPtr));
    err_line("mutate back, no guard", vka_cnode_mutate(&cnp, &a, seL4_CNode_CapData_new(0, 0).words[0]));
    err_line("copy into the child, depth 4 now", seL4_CNode_Copy(cn.cptr, 4, 4, root, ntfn.cptr,
                                                                 64, seL4_AllRights));
    err_line("copy into the child, depth 5", seL4_CNode_Copy(cn.cptr, 4, 5, root, ntfn.cptr, 64,
                                                             seL4_AllRights));
    err_line("copy into the child, index 16 depth 4", seL4_CNode_Copy(cn.cptr, 16, 4, root,
                                                                      ntfn.cptr, 64,
                                                                      seL4_AllRights));

    /* IPC into a slot of the child CNode */
    start_thread(&t, seL4_CapNull, 200, sender, (void *)f2.cptr, NULL);
    seL4_SetCapReceivePath(cn.cptr, 7, 4);
    info = seL4_Recv(ep.cptr, &badge);
    printf("received into the child: extraCaps=%lu\n",
           (unsigned long)seL4_MessageInfo_get_extraCaps(info));
    err_line("move it out", seL4_CNode_Move(root, d.capPtr, 64, cn.cptr, 7, 4));
    ga = seL4_X86_Page_GetAddress(d.capPtr);
    printf("it is f2: %d\n", ga.error == 0 && ga.paddr == g2.paddr);
    /* deleting the CNode deletes what it holds */
    err_line("delete the child cnode", vka_cnode_delete(&cnp));
    printf("cspace_ops: done\n");
    return 0;
}
