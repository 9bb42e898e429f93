/*
 * threads_checkpoint: sel4utils_checkpoint_thread saves a thread's
 * registers and stack while it waits for a reply; after the thread has run
 * on, sel4utils_checkpoint_restore puts both back and resumes it, so it
 * makes the same Call again with the same count.
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

    env_boot();
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
