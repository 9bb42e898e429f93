/*
 * startup: the usual seL4_libs start-up of a root task (simple, allocman,
 * vka, the root vspace and a virtual pool), then one object of each common
 * kind allocated and freed through the vka.
 */
#include <stdio.h>
#include <sel4/sel4.h>
#include <sel4platsupport/bootinfo.h>
#include <simple/simple.h>
#include <simple-default/simple-default.h>
#include <allocman/bootstrap.h>
#include <allocman/vka.h>
#include <vka/object.h>
#include <sel4utils/vspace.h>
#include <utils/util.h>

#define POOL_SIZE (BIT(seL4_PageBits) * 10)
#define VIRT_POOL_SIZE (BIT(seL4_PageBits) * 100)

static char pool[POOL_SIZE];
static sel4utils_alloc_data_t vspace_data;

int main(void)
{
    seL4_BootInfo *info = platsupport_get_bootinfo();
    simple_t simple;
    vka_t vka;
    vspace_t vspace;
    allocman_t *allocman;
    void *vaddr;
    vka_object_t ep, ntfn, tcb;
    int error;

    simple_default_init_bootinfo(&simple, info);
    allocman = bootstrap_use_current_simple(&simple, POOL_SIZE, pool);
    ZF_LOGF_IF(allocman == NULL, "no allocman");
    allocman_make_vka(&vka, allocman);
    error = sel4utils_bootstrap_vspace_with_bootinfo_leaky(&vspace, &vspace_data,
                                                           simple_get_pd(&simple), &vka, info);
    ZF_LOGF_IFERR(error, "no vspace");
    reservation_t res = vspace_reserve_range(&vspace, VIRT_POOL_SIZE, seL4_AllRights, 1, &vaddr);
    ZF_LOGF_IF(res.res == NULL, "no virtual pool");
    bootstrap_configure_virtual_pool(allocman, vaddr, VIRT_POOL_SIZE, simple_get_pd(&simple));

    printf("cnode size bits %d\n", simple_get_cnode_size_bits(&simple));
    error = vka_alloc_endpoint(&vka, &ep);
    printf("endpoint: error %d type %lu\n", error, (unsigned long)seL4_DebugCapIdentify(ep.cptr));
    error = vka_alloc_notification(&vka, &ntfn);
    printf("notification: error %d type %lu\n", error, (unsigned long)seL4_DebugCapIdentify(ntfn.cptr));
    error = vka_alloc_tcb(&vka, &tcb);
    printf("tcb: error %d type %lu\n", error, (unsigned long)seL4_DebugCapIdentify(tcb.cptr));
    vka_free_object(&vka, &tcb);
    vka_free_object(&vka, &ntfn);
    vka_free_object(&vka, &ep);
    printf("startup: done\n");
    return 0;
}
