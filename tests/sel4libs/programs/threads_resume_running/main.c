/*
 * threads_resume_running: Suspend and Resume of a thread that is runnable
 * but not running (preempted right after a system call that completed).
 * seL4's suspend() records where such a thread was (its restart IP becomes
 * the next instruction), so once resumed it goes on from there and does
 * not make that system call a second time.
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

static vka_object_t ntfn;
static volatile seL4_Word count;

/* below the root task: it runs only while the root task waits */
static void counter(void *arg0, void *arg1, void *ipc_buf)
{
    for (;;) {
        count++;
        seL4_Signal(ntfn.cptr);     /* wakes the root task, which preempts us */
    }
}

int main(void)
{
    sel4utils_thread_t t;
    seL4_Word badge;
    int error;

    bootstrap();
    vka_alloc_notification(&vka, &ntfn);
    error = sel4utils_configure_thread(&vka, &vspace, &vspace, seL4_CapNull,
                                       simple_get_cnode(&simple), seL4_NilData, &t);
    ZF_LOGF_IFERR(error, "configure");
    seL4_TCB_SetPriority(t.tcb.cptr, simple_get_tcb(&simple), 100);
    error = sel4utils_start_thread(&t, counter, NULL, NULL, 1);

    seL4_Wait(ntfn.cptr, &badge);
    printf("after the first signal: count %lu\n", (unsigned long)count);
    error = seL4_TCB_Suspend(t.tcb.cptr);
    printf("suspend: %d\n", error);
    error = seL4_TCB_Resume(t.tcb.cptr);
    printf("resume: %d\n", error);
    seL4_Wait(ntfn.cptr, &badge);
    printf("after the next signal: count %lu\n", (unsigned long)count);
    seL4_Wait(ntfn.cptr, &badge);
    printf("and the next: count %lu\n", (unsigned long)count);
    seL4_TCB_Suspend(t.tcb.cptr);
    printf("threads_resume_running: done\n");
    return 0;
}
