/*
 * threads_states: seL4_DebugDumpScheduler's view of threads in each state
 * (running, restart, inactive, blocked on send / recv / reply / ntfn), and
 * a thread started by hand, without sel4utils: a TCB configured with
 * TCB_Configure and started with WriteRegisters(resume) at a function that
 * makes only register-passing system calls (it has no TLS).
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

static vka_object_t ep, ntfn, park;
static char raw_stack[4096] __attribute__((aligned(16)));

static void sender(void *arg0, void *arg1, void *ipc_buf)
{
    seL4_Send(ep.cptr, seL4_MessageInfo_new(0, 0, 0, 0));
    seL4_Wait(park.cptr, NULL);         /* nobody signals it */
}

static void caller(void *arg0, void *arg1, void *ipc_buf)
{
    seL4_Call((seL4_CPtr)arg0, seL4_MessageInfo_new(0, 0, 0, 0));
    seL4_Wait(park.cptr, NULL);         /* nobody signals it */
}

static void receiver(void *arg0, void *arg1, void *ipc_buf)
{
    seL4_Recv((seL4_CPtr)arg0, NULL);
    seL4_Wait(park.cptr, NULL);         /* nobody signals it */
}

static void waiter(void *arg0, void *arg1, void *ipc_buf)
{
    seL4_Wait(ntfn.cptr, NULL);
    seL4_Wait(park.cptr, NULL);         /* nobody signals it */
}

/* no TLS, no IPC buffer: Signal and a successful TCB_Suspend pass
 * everything in registers */
static void raw_entry(seL4_CPtr self)
{
    seL4_Signal(ntfn.cptr);
    seL4_TCB_Suspend(self);
}

static void make(sel4utils_thread_t *t, const char *name, sel4utils_thread_entry_fn fn,
                 seL4_CPtr arg, int resume)
{
    sel4utils_thread_config_t config = thread_config_default(&simple,
        simple_get_cnode(&simple), seL4_NilData, seL4_CapNull, 200);
    int error = sel4utils_configure_thread_config(&vka, &vspace, &vspace, config, t);
    ZF_LOGF_IFERR(error, "configure");
    seL4_DebugNameThread(t->tcb.cptr, name);
    error = sel4utils_start_thread(t, fn, (void *)arg, NULL, resume);
    ZF_LOGF_IFERR(error, "start");
}

int main(void)
{
    sel4utils_thread_t s, c, r, w, idle, fresh;
    vka_object_t raw, ep2;
    seL4_CPtr root;
    seL4_Word badge;

    env_boot();
    root = simple_get_tcb(&simple);
    seL4_TCB_SetPriority(root, root, 100);
    vka_alloc_endpoint(&vka, &ep);
    vka_alloc_endpoint(&vka, &ep2);
    vka_alloc_notification(&vka, &ntfn);
    vka_alloc_notification(&vka, &park);

    make(&s, "sender", sender, 0, 1);              /* blocks: nobody receives */
    make(&c, "caller", caller, ep2.cptr, 1);       /* blocks: nobody receives */
    seL4_Recv(ep2.cptr, &badge);                   /* now it waits for a reply */
    make(&r, "receiver", receiver, ep2.cptr, 1);
    make(&w, "waiter", waiter, 0, 1);
    make(&idle, "never-started", sender, 0, 0);
    make(&fresh, "resumed", sender, 0, 0);
    seL4_TCB_SetPriority(fresh.tcb.cptr, root, 50); /* below the root task */
    seL4_TCB_Resume(fresh.tcb.cptr);               /* ready, not yet run */
    seL4_DebugDumpScheduler();

    /* by hand: Configure, then WriteRegisters with resume */
    int error = vka_alloc_tcb(&vka, &raw);
    error = error ?: seL4_TCB_Configure(raw.cptr, seL4_CapNull, simple_get_cnode(&simple), 0,
                                        simple_get_pd(&simple), 0, 0, seL4_CapNull);
    printf("configure by hand: %d\n", error);
    error = seL4_TCB_SetPriority(raw.cptr, root, 150);
    seL4_UserContext regs = { 0 };
    regs.rip = (seL4_Word)raw_entry;
    regs.rsp = (seL4_Word)&raw_stack[sizeof(raw_stack) - 8];
    regs.rdi = raw.cptr;
    error = error ?: seL4_TCB_WriteRegisters(raw.cptr, 1, 0, sizeof(regs) / sizeof(seL4_Word),
                                             &regs);
    printf("write registers and resume: %d\n", error);
    /* it ran at once (150 > 100), woke the waiter and suspended itself; the
     * waiter (200) ran then too and now waits on park */
    seL4_DebugNameThread(raw.cptr, "by-hand");
    seL4_DebugDumpScheduler();
    printf("threads_states: done\n");
    return 0;
}
