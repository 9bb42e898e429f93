/*
 * env.c: the start-up and the small helpers of env.h, shared by the root
 * tasks of tests/sel4libs/programs (seL4 and seL4_libs API only).
 */
#include <stdio.h>
#include <sel4platsupport/bootinfo.h>
#include <simple-default/simple-default.h>
#include <allocman/bootstrap.h>
#include <allocman/vka.h>
#include <vka/capops.h>
#include <sel4utils/vspace.h>
#include <utils/util.h>
#include "env.h"

#define POOL_BYTES (BIT(seL4_PageBits) * 10)
#define VPOOL_BYTES (BIT(seL4_PageBits) * 100)

simple_t simple;
vka_t vka;
vspace_t vspace;

static char pool[POOL_BYTES];
static sel4utils_alloc_data_t vspace_data;

void env_boot(void)
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

void start_thread(sel4utils_thread_t *t, seL4_CPtr fault_ep, int prio,
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

void print_info(const char *what, seL4_MessageInfo_t info)
{
    printf("%s: label=%lu length=%lu extraCaps=%lu capsUnwrapped=%lu\n", what,
           (unsigned long)seL4_MessageInfo_get_label(info),
           (unsigned long)seL4_MessageInfo_get_length(info),
           (unsigned long)seL4_MessageInfo_get_extraCaps(info),
           (unsigned long)seL4_MessageInfo_get_capsUnwrapped(info));
}

void settle(void)
{
    seL4_CPtr me = simple_get_tcb(&simple);

    ZF_LOGF_IFERR(seL4_TCB_SetPriority(me, me, 1), "lower");
    ZF_LOGF_IFERR(seL4_TCB_SetPriority(me, me, seL4_MaxPrio), "raise");
}

void configure_process(sel4utils_process_t *p, const char *image, int prio)
{
    sel4utils_process_config_t config = process_config_default_simple(&simple, image, prio);
    int err = sel4utils_configure_process_custom(p, &vka, &vspace, config);

    ZF_LOGF_IFERR(err, "configure process %s", image);
}

seL4_CPtr mint(seL4_CPtr cap, seL4_CapRights_t rights, seL4_Word badge)
{
    cspacepath_t src, dest;
    int err;

    vka_cspace_make_path(&vka, cap, &src);
    err = vka_cspace_alloc_path(&vka, &dest);
    err = err ?: vka_cnode_mint(&dest, &src, rights, badge);
    ZF_LOGF_IFERR(err, "mint");
    return dest.capPtr;
}

seL4_MessageInfo_t recv_fault(seL4_CPtr ep, seL4_Fault_t *f)
{
    seL4_Word badge;
    seL4_MessageInfo_t info = seL4_Recv(ep, &badge);

    *f = seL4_getFault(info);
    printf("fault: badge %#lx type %lu length %lu\n", (unsigned long)badge,
           (unsigned long)seL4_Fault_get_seL4_FaultType(*f),
           (unsigned long)seL4_MessageInfo_get_length(info));
    return info;
}

int free_slots(void)
{
    static seL4_CPtr slots[5000];
    int n = 0;

    while (n < 5000 && vka_cspace_alloc(&vka, &slots[n]) == 0)
        n++;
    for (int i = 0; i < n; i++)
        vka_cspace_free(&vka, slots[i]);
    return n;
}
