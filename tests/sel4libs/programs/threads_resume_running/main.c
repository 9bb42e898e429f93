/*
 * threads_resume_running: Suspend and Resume of a thread that is runnable
 * but not running (preempted right after a system call that completed).
 * seL4's suspend() records where such a thread was (its restart IP becomes
 * the next instruction), so once resumed it goes on from there and does
 * not make that system call a second time.
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

    env_boot();
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
