/*
 * threads_configure: seL4_TCB_Configure, SetSpace and SetIPCBuffer with
 * good and bad arguments, and the error each bad one gets (Configure checks
 * the IPC buffer first, then the CSpace root, then the VSpace root).
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

static void report(const char *what, int error)
{
    printf("%s: %d\n", what, error);
}

int main(void)
{
    vka_object_t tcb, frame, ep, pml4;
    seL4_CPtr cnode, pd;
    void *vaddr;
    int error;

    env_boot();
    cnode = simple_get_cnode(&simple);
    pd = simple_get_pd(&simple);
    error = vka_alloc_tcb(&vka, &tcb);
    error = error ?: vka_alloc_endpoint(&vka, &ep);
    error = error ?: vka_alloc_vspace_root(&vka, &pml4);
    ZF_LOGF_IFERR(error, "objects");
    vaddr = vspace_new_pages(&vspace, seL4_AllRights, 1, seL4_PageBits);
    ZF_LOGF_IF(vaddr == NULL, "page");
    seL4_CPtr buf = vspace_get_cap(&vspace, vaddr);
    seL4_Word guard = api_make_guard_skip_word(seL4_WordBits - simple_get_cnode_size_bits(&simple));

    report("configure", seL4_TCB_Configure(tcb.cptr, ep.cptr, cnode, guard, pd, 0,
                                           (seL4_Word)vaddr, buf));
    report("configure, no buffer", seL4_TCB_Configure(tcb.cptr, ep.cptr, cnode, guard, pd, 0,
                                                      0, seL4_CapNull));
    report("configure, any fault cptr", seL4_TCB_Configure(tcb.cptr, 0xdead, cnode, guard, pd, 0,
                                                           0, seL4_CapNull));
    report("buffer not 1 KiB aligned", seL4_TCB_Configure(tcb.cptr, 0, cnode, guard, pd, 0,
                                                          (seL4_Word)vaddr + 512, buf));
    report("buffer on a 1 KiB boundary", seL4_TCB_Configure(tcb.cptr, 0, cnode, guard, pd, 0,
                                                            (seL4_Word)vaddr + 1024, buf));
    report("buffer cap is an endpoint", seL4_TCB_Configure(tcb.cptr, 0, cnode, guard, pd, 0,
                                                           (seL4_Word)vaddr, ep.cptr));
    report("cspace root is an endpoint", seL4_TCB_Configure(tcb.cptr, 0, ep.cptr, 0, pd, 0,
                                                            (seL4_Word)vaddr, buf));
    report("cspace guard too big", seL4_TCB_Configure(tcb.cptr, 0, cnode,
                                                      api_make_guard_skip_word(60), pd, 0,
                                                      (seL4_Word)vaddr, buf));
    report("vspace root is an endpoint", seL4_TCB_Configure(tcb.cptr, 0, cnode, guard, ep.cptr, 0,
                                                            (seL4_Word)vaddr, buf));
    report("vspace root has no ASID", seL4_TCB_Configure(tcb.cptr, 0, cnode, guard, pml4.cptr, 0,
                                                         (seL4_Word)vaddr, buf));
    report("bad cspace and misaligned buffer", seL4_TCB_Configure(tcb.cptr, 0, ep.cptr, 0, pd, 0,
                                                                  (seL4_Word)vaddr + 8, buf));
    report("bad vspace and bad cspace", seL4_TCB_Configure(tcb.cptr, 0, ep.cptr, 0, ep.cptr, 0,
                                                           0, seL4_CapNull));

    report("set space", seL4_TCB_SetSpace(tcb.cptr, ep.cptr, cnode, guard, pd, 0));
    report("set space, vspace root is a cnode", seL4_TCB_SetSpace(tcb.cptr, ep.cptr, cnode, guard,
                                                                  cnode, 0));
    report("set ipc buffer", seL4_TCB_SetIPCBuffer(tcb.cptr, (seL4_Word)vaddr, buf));
    report("set ipc buffer 0", seL4_TCB_SetIPCBuffer(tcb.cptr, 0, seL4_CapNull));
    report("set ipc buffer misaligned", seL4_TCB_SetIPCBuffer(tcb.cptr, (seL4_Word)vaddr + 100, buf));
    report("set ipc buffer to a tcb", seL4_TCB_SetIPCBuffer(tcb.cptr, (seL4_Word)vaddr, tcb.cptr));

    /* messages too short for the invocation */
    seL4_SetMR(0, 0);
    seL4_MessageInfo_t info = seL4_Call(tcb.cptr, seL4_MessageInfo_new(TCBSetIPCBuffer, 0, 0, 1));
    report("set ipc buffer without a cap", seL4_MessageInfo_get_label(info));
    seL4_SetCap(0, cnode);
    seL4_SetCap(1, pd);
    info = seL4_Call(tcb.cptr, seL4_MessageInfo_new(TCBConfigure, 0, 2, 4));
    report("configure with two caps", seL4_MessageInfo_get_label(info));
    seL4_SetCap(0, cnode);
    seL4_SetCap(1, pd);
    info = seL4_Call(tcb.cptr, seL4_MessageInfo_new(TCBSetSpace, 0, 2, 2));
    report("set space with two words", seL4_MessageInfo_get_label(info));
    printf("threads_configure: done\n");
    return 0;
}
