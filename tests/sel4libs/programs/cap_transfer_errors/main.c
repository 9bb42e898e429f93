/*
 * cap_transfer_errors: cap transfer when something is wrong.  Receive
 * paths that name no usable slot (a root that is no CNode, a wrong depth,
 * a cptr that does not resolve) drop the caps but not the message; an
 * extra cap whose cptr does not resolve makes Send a cap fault (send
 * phase, the lookup failure in the message) and NBSend drop the message.
 */
#include <stdio.h>
#include <sel4/sel4.h>
#include <sel4platsupport/bootinfo.h>
#include <simple/simple.h>
#include <simple-default/simple-default.h>
#include <allocman/bootstrap.h>
#include <allocman/vka.h>
#include <vka/object.h>
#include <vka/capops.h>
#include <vka/object_capops.h>
#include <vspace/vspace.h>
#include <sel4utils/vspace.h>
#include <sel4utils/thread.h>
#include <sel4utils/mapping.h>
#include <utils/util.h>

#define POOL_BYTES (BIT(seL4_PageBits) * 10)
#define VPOOL_BYTES (BIT(seL4_PageBits) * 100)

static char pool[POOL_BYTES];
static simple_t simple;
static vka_t vka;
static vspace_t vspace;
static sel4utils_alloc_data_t vspace_data;

/* The usual start-up: allocman over the root CNode, a vka, the root
 * vspace and a virtual pool for allocman's bookkeeping. */
static void boot(void)
{
    seL4_BootInfo *bi = platsupport_get_bootinfo();
    allocman_t *alloc;
    reservation_t res;
    void *vaddr;
    int err;

    simple_default_init_bootinfo(&simple, bi);
    alloc = bootstrap_use_current_simple(&simple, POOL_BYTES, pool);
    ZF_LOGF_IF(alloc == NULL, "allocman");
    allocman_make_vka(&vka, alloc);
    err = sel4utils_bootstrap_vspace_with_bootinfo_leaky(&vspace, &vspace_data,
                                                         simple_get_pd(&simple), &vka, bi);
    ZF_LOGF_IFERR(err, "vspace");
    res = vspace_reserve_range(&vspace, VPOOL_BYTES, seL4_AllRights, 1, &vaddr);
    ZF_LOGF_IF(res.res == NULL, "reserve");
    bootstrap_configure_virtual_pool(alloc, vaddr, VPOOL_BYTES, simple_get_pd(&simple));
}

/* A thread in our CSpace and VSpace at the given priority. */
static void start_thread(sel4utils_thread_t *t, seL4_CPtr fault_ep, int prio,
                         sel4utils_thread_entry_fn fn, void *arg0, void *arg1)
{
    int err = sel4utils_configure_thread(&vka, &vspace, &vspace, fault_ep,
                                         simple_get_cnode(&simple), seL4_NilData, t);
    ZF_LOGF_IFERR(err, "configure thread");
    err = seL4_TCB_SetPriority(t->tcb.cptr, simple_get_tcb(&simple), prio);
    ZF_LOGF_IFERR(err, "priority");
    err = sel4utils_start_thread(t, fn, arg0, arg1, 1);
    ZF_LOGF_IFERR(err, "start thread");
}

static void print_info(const char *what, seL4_MessageInfo_t info)
{
    printf("%s: label=%lu length=%lu extraCaps=%lu capsUnwrapped=%lu\n", what,
           (unsigned long)seL4_MessageInfo_get_label(info),
           (unsigned long)seL4_MessageInfo_get_length(info),
           (unsigned long)seL4_MessageInfo_get_extraCaps(info),
           (unsigned long)seL4_MessageInfo_get_capsUnwrapped(info));
}

/* Let every runnable thread of a higher priority than 1 run until it
 * blocks: drop our own priority, then take it back. */
static void settle(void)
{
    seL4_CPtr me = simple_get_tcb(&simple);

    ZF_LOGF_IFERR(seL4_TCB_SetPriority(me, me, 1), "lower");
    ZF_LOGF_IFERR(seL4_TCB_SetPriority(me, me, seL4_MaxPrio), "raise");
}

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

    boot();
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
