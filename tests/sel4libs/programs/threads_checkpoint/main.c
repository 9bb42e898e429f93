/*
 * threads_checkpoint: sel4utils_checkpoint_thread saves a thread's
 * registers and stack while it waits for a reply; after the thread has run
 * on, sel4utils_checkpoint_restore puts both back and resumes it, so it
 * makes the same Call again with the same count.
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

static vka_object_t ep;

/* A function of its own, so that the caller's count is above the stack
 * pointer the checkpoint starts from (a leaf may keep locals below it, in
 * the x86_64 red zone, where no checkpoint looks). */
static __attribute__((noinline)) void report(seL4_Word count)
{
    seL4_SetMR(0, count);
    seL4_Call(ep.cptr, seL4_MessageInfo_new(0, 0, 0, 1));
}

static void counter(void *arg0, void *arg1, void *ipc_buf)
{
    volatile seL4_Word count = 0;        /* on the stack */
    for (;;) {
        count++;
        report(count);
    }
}

static seL4_Word next(void)
{
    seL4_Word badge;
    seL4_Recv(ep.cptr, &badge);
    return seL4_GetMR(0);
}

int main(void)
{
    sel4utils_thread_t t;
    sel4utils_checkpoint_t cp;
    int error;

    bootstrap();
    vka_alloc_endpoint(&vka, &ep);
    error = sel4utils_configure_thread(&vka, &vspace, &vspace, seL4_CapNull,
                                       simple_get_cnode(&simple), seL4_NilData, &t);
    ZF_LOGF_IFERR(error, "configure");
    seL4_TCB_SetPriority(t.tcb.cptr, simple_get_tcb(&simple), 200);
    sel4utils_start_thread(&t, counter, NULL, NULL, 1);

    printf("count %lu\n", (unsigned long)next());
    error = sel4utils_checkpoint_thread(&t, &cp, false);
    printf("checkpoint: %d, of this thread %d\n", error, cp.thread == &t);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    printf("count %lu\n", (unsigned long)next());
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    printf("count %lu\n", (unsigned long)next());
    /* the thread waits for this reply; restore instead */
    error = sel4utils_checkpoint_restore(&cp, true, true);
    printf("restore: %d, copy freed %d\n", error, cp.stack == NULL);
    printf("count %lu\n", (unsigned long)next());
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    printf("count %lu\n", (unsigned long)next());
    seL4_TCB_Suspend(t.tcb.cptr);
    printf("threads_checkpoint: done\n");
    return 0;
}
