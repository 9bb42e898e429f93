/*
 * vspace_faults: a thread touching pages the root task maps for it.  A
 * write to a read-only mapping and a read of an unmapped page arrive on
 * the thread's fault endpoint as VM faults (seL4_getFault, the address,
 * FSR and PrefetchFault); the root task remaps with more rights or maps
 * the page back, replies, and the thread's access completes.
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

static vka_object_t fault_ep, idle;
static volatile seL4_Word *ro_page, *gone_page;

static void toucher(void *a0, void *a1, void *ipc)
{
    printf("thread reads read-only page: %lu\n", (unsigned long)ro_page[0]);
    ro_page[0] = 41;
    printf("thread wrote read-only page after the fix: %lu\n", (unsigned long)ro_page[0]);
    printf("thread reads unmapped page: %#lx\n", (unsigned long)gone_page[3]);
    gone_page[4] = 99;
    printf("thread wrote it: %lu\n", (unsigned long)gone_page[4]);
    printf("thread writes below its stack\n");
    *(volatile char *)a0 = 1;
    printf("thread wrote below its stack after the fix\n");
    printf("thread reads NULL: %lu\n", (unsigned long)*(volatile seL4_Word *)0);
    seL4_Wait(idle.cptr, NULL);
}

static seL4_Fault_t take_fault(const char *what, volatile void *expect_addr)
{
    seL4_Word badge;
    seL4_MessageInfo_t info = seL4_Recv(fault_ep.cptr, &badge);
    seL4_Fault_t f = seL4_getFault(info);

    printf("%s: label=%lu length=%lu type=%lu\n", what,
           (unsigned long)seL4_MessageInfo_get_label(info),
           (unsigned long)seL4_MessageInfo_get_length(info),
           (unsigned long)seL4_Fault_get_seL4_FaultType(f));
    printf("%s: addr is the page=%d fsr=%#lx prefetch=%lu badge=%#lx\n", what,
           ROUND_DOWN(seL4_Fault_VMFault_get_Addr(f), BIT(seL4_PageBits)) == (seL4_Word)expect_addr,
           (unsigned long)seL4_Fault_VMFault_get_FSR(f),
           (unsigned long)seL4_Fault_VMFault_get_PrefetchFault(f), (unsigned long)badge);
    return f;
}

int main(void)
{
    sel4utils_thread_t t;
    cspacepath_t badged;
    seL4_CPtr ro_cap, gone_cap;
    int err;

    env_boot();
    ZF_LOGF_IF(vka_alloc_endpoint(&vka, &fault_ep) || vka_alloc_notification(&vka, &idle), "ep");
    ZF_LOGF_IF(vka_mint_object(&vka, &fault_ep, &badged, seL4_AllRights, 0xf00), "mint");
    ro_page = vspace_new_pages(&vspace, seL4_CanRead, 1, seL4_PageBits);
    gone_page = vspace_new_pages(&vspace, seL4_AllRights, 1, seL4_PageBits);
    ZF_LOGF_IF(ro_page == NULL || gone_page == NULL, "pages");
    ro_cap = vspace_get_cap(&vspace, (void *)ro_page);
    gone_cap = vspace_get_cap(&vspace, (void *)gone_page);
    gone_page[3] = 0xabc;
    err = seL4_X86_Page_Unmap(gone_cap);
    printf("unmap: %d\n", err);

    /* the thread's stack is CONFIG_SEL4UTILS_STACK_SIZE bytes below its top,
     * with an unmapped guard page under it */
    int cerr = sel4utils_configure_thread(&vka, &vspace, &vspace, badged.capPtr,
                                          simple_get_cnode(&simple), seL4_NilData, &t);
    ZF_LOGF_IFERR(cerr, "configure");
    ZF_LOGF_IFERR(seL4_TCB_SetPriority(t.tcb.cptr, simple_get_tcb(&simple), 200), "prio");
    volatile char *below = (char *)t.stack_top - CONFIG_SEL4UTILS_STACK_SIZE - 1;
    printf("stack below the top is unmapped: %d, the lowest stack byte mapped: %d\n",
           vspace_get_cap(&vspace, (void *)below) == 0,
           vspace_get_cap(&vspace, (void *)(below + 1)) != 0);
    ZF_LOGF_IFERR(sel4utils_start_thread(&t, toucher, (void *)below, NULL, 1), "start");
    take_fault("write to read-only", ro_page);
    err = seL4_X86_Page_Map(ro_cap, simple_get_pd(&simple), (seL4_Word)ro_page, seL4_AllRights,
                            seL4_X86_Default_VMAttributes);
    printf("remap read-write: %d\n", err);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    take_fault("read of unmapped", gone_page);
    /* answer without fixing: the thread faults again at the same place */
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    take_fault("read of unmapped again", gone_page);
    err = seL4_X86_Page_Map(gone_cap, simple_get_pd(&simple), (seL4_Word)gone_page,
                            seL4_AllRights, seL4_X86_Default_VMAttributes);
    printf("map back: %d\n", err);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    take_fault("write to the stack guard page", (void *)ROUND_DOWN((uintptr_t)below, 4096));
    {
        vka_object_t frame, objs[3];
        int n = 3;
        ZF_LOGF_IFERR(vka_alloc_frame(&vka, seL4_PageBits, &frame), "frame");
        err = sel4utils_map_page(&vka, simple_get_pd(&simple), frame.cptr,
                                 (void *)ROUND_DOWN((uintptr_t)below, 4096), seL4_AllRights, 1,
                                 objs, &n);
        printf("map a frame at the guard page: %d\n", err);
    }
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    take_fault("read of NULL", NULL);
    err = seL4_TCB_Suspend(t.tcb.cptr);
    printf("suspend: %d\n", err);
    printf("vspace_faults: done\n");
    return 0;
}
