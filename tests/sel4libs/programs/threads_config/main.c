/*
 * threads_config: what the sel4utils thread config builders give: a stack
 * of a chosen number of pages with an unmapped guard page below it, no IPC
 * buffer when asked, and the fault endpoint the thread's faults go to (a
 * write just below the stack hits the guard page).
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

static vka_object_t ep, park;

static void below_stack(void *arg0, void *arg1, void *ipc_buf)
{
    volatile seL4_Word *p = (volatile seL4_Word *)arg0;
    *p = 1;                               /* the guard page: a VM fault */
    seL4_Wait(park.cptr, NULL);
}

int main(void)
{
    sel4utils_thread_t t, bare;
    seL4_Word badge;
    int error;

    bootstrap();
    vka_alloc_endpoint(&vka, &ep);
    vka_alloc_notification(&vka, &park);

    sel4utils_thread_config_t config = thread_config_new(&simple);
    config = thread_config_stack_size(config, 4);
    config = thread_config_fault_endpoint(config, ep.cptr);
    config = thread_config_priority(config, 200);
    error = sel4utils_configure_thread_config(&vka, &vspace, &vspace, config, &t);
    printf("configure: %d, stack %lu pages, stack top page-aligned %d, ipc buffer %d\n", error,
           (unsigned long)t.stack_size, IS_ALIGNED((uintptr_t)t.stack_top, seL4_PageBits),
           t.ipc_buffer_addr != 0 && t.ipc_buffer != 0);
    seL4_Word guard = (seL4_Word)t.stack_top - 4 * BIT(seL4_PageBits) - sizeof(seL4_Word);
    error = sel4utils_start_thread(&t, below_stack, (void *)guard, NULL, 1);
    seL4_MessageInfo_t info = seL4_Recv(ep.cptr, &badge);
    seL4_Fault_t f = seL4_getFault(info);
    printf("fault type %lu at the word below the stack: %d, fsr %#lx\n",
           (unsigned long)seL4_Fault_get_seL4_FaultType(f),
           seL4_Fault_VMFault_get_Addr(f) == guard,
           (unsigned long)seL4_Fault_VMFault_get_FSR(f));
    seL4_TCB_Suspend(t.tcb.cptr);

    config = thread_config_no_ipc_buffer(thread_config_new(&simple));
    error = sel4utils_configure_thread_config(&vka, &vspace, &vspace, config, &bare);
    printf("no ipc buffer: %d, address %lu, cap %lu, stack %lu pages\n", error,
           (unsigned long)bare.ipc_buffer_addr, (unsigned long)bare.ipc_buffer,
           (unsigned long)bare.stack_size);
    sel4utils_clean_up_thread(&vka, &vspace, &bare);
    sel4utils_clean_up_thread(&vka, &vspace, &t);
    printf("threads_config: done\n");
    return 0;
}
