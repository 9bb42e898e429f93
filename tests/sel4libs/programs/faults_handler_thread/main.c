/*
 * faults_handler_thread: sel4utils_start_fault_handler starts a thread
 * (priority 0) that prints every fault that arrives on an endpoint with
 * sel4utils_print_fault_message and never replies.  Two threads fault
 * through it; the faulting threads stay blocked.
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
#include <sel4utils/vspace.h>
#include <sel4utils/thread.h>
#include <utils/util.h>

#define POOL_SIZE (BIT(seL4_PageBits) * 10)
#define VIRT_POOL_SIZE (BIT(seL4_PageBits) * 100)
#define NTHREADS 3

static char pool[POOL_SIZE];
static sel4utils_alloc_data_t vspace_data;
static simple_t simple;
static vka_t vka;
static vspace_t vspace;
static vka_object_t ep, park;

static void bootstrap(void)
{
    seL4_BootInfo *info = platsupport_get_bootinfo();
    allocman_t *allocman;
    void *vaddr;
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
}

static void reader(void *arg0, void *arg1, void *ipc_buf)
{
    (void)*(volatile seL4_Word *)arg0;
}

int main(void)
{
    sel4utils_thread_t handler, a, b;
    vka_object_t ep;
    int error;

    bootstrap();
    vka_alloc_endpoint(&vka, &ep);
    error = sel4utils_start_fault_handler(ep.cptr, &vka, &vspace, simple_get_cnode(&simple),
                                          seL4_NilData, "watched", &handler);
    printf("start fault handler: %d\n", error);
    error = sel4utils_configure_thread(&vka, &vspace, &vspace, ep.cptr,
                                       simple_get_cnode(&simple), seL4_NilData, &a);
    error = error ?: sel4utils_configure_thread(&vka, &vspace, &vspace, ep.cptr,
                                                simple_get_cnode(&simple), seL4_NilData, &b);
    ZF_LOGF_IFERR(error, "configure");
    sel4utils_start_thread(&a, reader, (void *)0x1000, NULL, 1);
    sel4utils_start_thread(&b, reader, (void *)0x2000, NULL, 1);
    printf("affinity: %d\n", sel4utils_set_sched_affinity(&a, (sched_params_t){0}));
    /* everything else has priority 0: it all runs once main returns */
    printf("faults_handler_thread: main returns\n");
    return 0;
}
