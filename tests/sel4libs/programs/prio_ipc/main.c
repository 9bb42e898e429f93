/*
 * prio_ipc: priorities and IPC.  Threads blocked on an endpoint or a
 * notification are served in the order they blocked, whatever their
 * priorities; a reply or a message to a higher-priority thread runs it at
 * once; a Call to a lower-priority server runs the server, because the
 * caller blocks.  Every thread appends to one log.
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

static char log_buf[128];
static int log_len;
static vka_object_t ep, ntfn, srv_ep, park;

static void note(char c)
{
    if (log_len < (int)sizeof(log_buf) - 1)
        log_buf[log_len++] = c;
}

static void flush(const char *what)
{
    log_buf[log_len] = '\0';
    printf("%s: %s\n", what, log_buf);
    log_len = 0;
}

static void sender(void *arg0, void *arg1, void *ipc_buf)
{
    seL4_SetMR(0, (seL4_Word)arg0);
    seL4_Send(ep.cptr, seL4_MessageInfo_new(0, 0, 0, 1));
    note((char)(seL4_Word)arg0);
    seL4_Wait(park.cptr, NULL);          /* nobody signals it */
}

static void waiter(void *arg0, void *arg1, void *ipc_buf)
{
    for (;;) {
        seL4_Wait(ntfn.cptr, NULL);
        note((char)(seL4_Word)arg0);
    }
}

static void server(void *arg0, void *arg1, void *ipc_buf)
{
    seL4_Word badge;
    seL4_Recv(srv_ep.cptr, &badge);
    for (;;) {
        note('s');
        seL4_SetMR(0, seL4_GetMR(0) + 1);
        seL4_ReplyRecv(srv_ep.cptr, seL4_MessageInfo_new(0, 0, 0, 1), &badge);
    }
}

static void high_caller(void *arg0, void *arg1, void *ipc_buf)
{
    seL4_Call(ep.cptr, seL4_MessageInfo_new(0, 0, 0, 0));
    note('H');
    seL4_Wait(park.cptr, NULL);
}

static void start(sel4utils_thread_t *t, uint8_t prio, sel4utils_thread_entry_fn fn, seL4_Word arg)
{
    sel4utils_thread_config_t config = thread_config_default(&simple,
        simple_get_cnode(&simple), seL4_NilData, seL4_CapNull, prio);
    int error = sel4utils_configure_thread_config(&vka, &vspace, &vspace, config, t);
    ZF_LOGF_IFERR(error, "configure");
    error = sel4utils_start_thread(t, fn, (void *)arg, NULL, 1);
    ZF_LOGF_IFERR(error, "start");
}

int main(void)
{
    sel4utils_thread_t senders[3], waiters[3], srv, high;
    seL4_CPtr root;
    seL4_Word badge;
    const uint8_t later[3] = { 10, 50, 30 };

    env_boot();
    root = simple_get_tcb(&simple);
    seL4_TCB_SetPriority(root, root, 100);
    vka_alloc_endpoint(&vka, &ep);
    vka_alloc_endpoint(&vka, &srv_ep);
    vka_alloc_notification(&vka, &ntfn);
    vka_alloc_notification(&vka, &park);

    /* senders a, b, c block on ep in that order (each runs at once at 150),
     * then get priorities 10, 50, 30: the endpoint still serves a, b, c */
    for (int i = 0; i < 3; i++) {
        start(&senders[i], 150, sender, 'a' + i);
        seL4_TCB_SetPriority(senders[i].tcb.cptr, root, later[i]);
    }
    for (int i = 0; i < 3; i++) {
        seL4_Recv(ep.cptr, &badge);
        note((char)seL4_GetMR(0));
    }
    note('|');
    /* woken senders are below the root task: they run (highest first)
     * only when it drops below them */
    seL4_TCB_SetPriority(root, root, 5);
    note('|');
    seL4_TCB_SetPriority(root, root, 100);
    flush("endpoint order");

    /* waiters 1, 2, 3 wait on ntfn in that order, then get priorities 110,
     * 140, 130: each signal wakes the longest waiter, which (above the root
     * task) runs at once and waits again at the back of the queue */
    for (int i = 0; i < 3; i++) {
        start(&waiters[i], 150, waiter, '1' + i);
        seL4_TCB_SetPriority(waiters[i].tcb.cptr, root, 110 + 30 * (i == 1) + 20 * (i == 2));
    }
    for (int i = 0; i < 4; i++) {
        note('!');
        seL4_Signal(ntfn.cptr);
    }
    flush("notification order");

    /* a Call to a lower server: the caller blocks, so the server runs; its
     * reply wakes the caller, which is higher, at once */
    start(&srv, 50, server, 0);
    note('c');
    seL4_SetMR(0, 41);
    seL4_Call(srv_ep.cptr, seL4_MessageInfo_new(0, 0, 0, 1));
    note('r');
    flush("call a lower server");
    printf("reply word %lu\n", (unsigned long)seL4_GetMR(0));

    /* a reply to a higher caller runs it before seL4_Reply returns */
    start(&high, 200, high_caller, 0);
    seL4_Recv(ep.cptr, &badge);
    note('x');
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    note('y');
    flush("reply to a higher caller");
    printf("prio_ipc: done\n");
    return 0;
}
