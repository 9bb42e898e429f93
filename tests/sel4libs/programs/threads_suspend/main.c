/*
 * threads_suspend: what seL4_TCB_Suspend does to a thread that waits in
 * an IPC.  A receiver suspended in Recv misses what is sent meanwhile and
 * waits again when resumed (the Recv restarts); a caller suspended while
 * its Call waits for the reply loses the reply (the server's reply cap
 * goes) and, resumed, makes its Call again.  Suspend and Resume of a
 * thread already in that state are no-ops that succeed.
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
static volatile int received, replies;

static void receiver(void *arg0, void *arg1, void *ipc_buf)
{
    for (;;) {
        seL4_Recv(ep.cptr, NULL);
        received++;
        printf("receiver: got %lu\n", (unsigned long)seL4_GetMR(0));
    }
}

static void caller(void *arg0, void *arg1, void *ipc_buf)
{
    seL4_SetMR(0, 7);
    seL4_MessageInfo_t info = seL4_Call(ep.cptr, seL4_MessageInfo_new(0, 0, 0, 1));
    replies++;
    printf("caller: reply label %lu word %lu\n", (unsigned long)seL4_MessageInfo_get_label(info),
           (unsigned long)seL4_GetMR(0));
    seL4_TCB_Suspend((seL4_CPtr)arg0);       /* suspends itself */
    printf("caller: not reached\n");
}

static void make(sel4utils_thread_t *t, sel4utils_thread_entry_fn fn, void *arg, const char *name)
{
    sel4utils_thread_config_t config = thread_config_default(&simple,
        simple_get_cnode(&simple), seL4_NilData, seL4_CapNull, 200);
    int error = sel4utils_configure_thread_config(&vka, &vspace, &vspace, config, t);
    ZF_LOGF_IFERR(error, "configure");
    seL4_DebugNameThread(t->tcb.cptr, name);
    if (arg == NULL)
        arg = (void *)t->tcb.cptr;
    error = sel4utils_start_thread(t, fn, arg, NULL, 1);
    ZF_LOGF_IFERR(error, "start");
}

int main(void)
{
    sel4utils_thread_t r, c;
    seL4_Word badge;
    int error;

    env_boot();
    seL4_TCB_SetPriority(simple_get_tcb(&simple), simple_get_tcb(&simple), 100);
    vka_alloc_endpoint(&vka, &ep);

    /* the receiver (priority 200) runs at once and waits in Recv */
    make(&r, receiver, (void *)1, "receiver");
    error = seL4_TCB_Suspend(r.tcb.cptr);
    printf("suspend receiver: %d\n", error);
    printf("suspend again: %d\n", seL4_TCB_Suspend(r.tcb.cptr));
    seL4_SetMR(0, 1);
    seL4_NBSend(ep.cptr, seL4_MessageInfo_new(0, 0, 0, 1));
    printf("sent 1 while it was suspended; received %d\n", received);
    error = seL4_TCB_Resume(r.tcb.cptr);
    printf("resume receiver: %d, received %d\n", error, received);
    printf("resume again: %d\n", seL4_TCB_Resume(r.tcb.cptr));
    seL4_SetMR(0, 2);
    seL4_Send(ep.cptr, seL4_MessageInfo_new(0, 0, 0, 1));
    printf("sent 2; received %d\n", received);
    seL4_TCB_Suspend(r.tcb.cptr);

    /* the caller's Call reaches the root task, which then suspends it */
    make(&c, caller, NULL, "caller");
    seL4_MessageInfo_t info = seL4_Recv(ep.cptr, &badge);
    printf("root: call with %lu\n", (unsigned long)seL4_GetMR(0));
    error = seL4_TCB_Suspend(c.tcb.cptr);
    printf("suspend caller: %d\n", error);
    seL4_SetMR(0, 99);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 1));
    printf("replied into nothing; replies %d\n", replies);
    error = seL4_TCB_Resume(c.tcb.cptr);
    /* the caller (higher) runs at once: its Call starts again */
    info = seL4_Recv(ep.cptr, &badge);
    printf("root: call again with %lu (length %lu)\n", (unsigned long)seL4_GetMR(0),
           (unsigned long)seL4_MessageInfo_get_length(info));
    seL4_SetMR(0, 100);
    seL4_Reply(seL4_MessageInfo_new(3, 0, 0, 1));
    printf("root: replies %d\n", replies);
    seL4_DebugDumpScheduler();
    printf("threads_suspend: done\n");
    return 0;
}
