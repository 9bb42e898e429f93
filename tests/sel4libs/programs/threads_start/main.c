/*
 * threads_start: several threads made with sel4utils_configure_thread and
 * sel4utils_configure_thread_config, started with two arguments each, each
 * reporting back over an endpoint with its IPC buffer; the registers a
 * thread starts with (read while it is still suspended); names; clean-up.
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

/* Each thread sends (index, arg1 * 2, whether its IPC buffer is the one
 * start_thread passed in the third argument), then waits on an endpoint
 * nobody sends on. */
static void worker(void *arg0, void *arg1, void *ipc_buf)
{
    seL4_Word index = (seL4_Word)arg0;
    seL4_SetMR(0, index);
    seL4_SetMR(1, (seL4_Word)arg1 * 2);
    seL4_SetMR(2, (seL4_Word)seL4_GetIPCBuffer() == (seL4_Word)ipc_buf);
    seL4_Send(ep.cptr, seL4_MessageInfo_new(0, 0, 0, 3));
    seL4_Recv(park.cptr, NULL);
}

static void read_start_registers(sel4utils_thread_t *t)
{
    seL4_UserContext regs;
    int error = seL4_TCB_ReadRegisters(t->tcb.cptr, 0, 0, sizeof(regs) / sizeof(seL4_Word), &regs);
    printf("read registers: error %d\n", error);
    printf("rip is entry: %d\n", regs.rip == (seL4_Word)worker);
    printf("rdi %lu rsi %lu\n", (unsigned long)regs.rdi, (unsigned long)regs.rsi);
    printf("rdx is the ipc buffer: %d\n", regs.rdx == t->ipc_buffer_addr);
    printf("rsp mod 16: %lu\n", (unsigned long)(regs.rsp % 16));
    printf("rsp below stack top: %d\n", regs.rsp < (seL4_Word)t->stack_top &&
           regs.rsp > (seL4_Word)t->stack_top - 65536);
}

int main(void)
{
    sel4utils_thread_t threads[NTHREADS];
    int error;

    env_boot();
    error = vka_alloc_endpoint(&vka, &ep);
    ZF_LOGF_IFERR(error, "no endpoint");
    error = vka_alloc_endpoint(&vka, &park);
    ZF_LOGF_IFERR(error, "no endpoint");

    /* thread 0: the plain call; the others: through a config */
    error = sel4utils_configure_thread(&vka, &vspace, &vspace, seL4_CapNull,
                                       simple_get_cnode(&simple), seL4_NilData, &threads[0]);
    printf("configure_thread: %d\n", error);
    for (int i = 1; i < NTHREADS; i++) {
        sel4utils_thread_config_t config = thread_config_default(&simple,
            simple_get_cnode(&simple), seL4_NilData, seL4_CapNull, 254);
        error = sel4utils_configure_thread_config(&vka, &vspace, &vspace, config, &threads[i]);
        printf("configure_thread_config %d: %d\n", i, error);
    }
    NAME_THREAD(threads[0].tcb.cptr, "worker-0");
    seL4_DebugNameThread(threads[1].tcb.cptr, "worker-1");
    seL4_DebugNameThread(threads[2].tcb.cptr, "worker-2");

    /* thread 0 has priority 0: start it suspended and look at it first */
    error = sel4utils_start_thread(&threads[0], worker, (void *)0, (void *)100, 0);
    printf("start suspended: %d\n", error);
    read_start_registers(&threads[0]);
    error = seL4_TCB_SetPriority(threads[0].tcb.cptr, simple_get_tcb(&simple), 254);
    printf("set priority: %d\n", error);
    error = seL4_TCB_Resume(threads[0].tcb.cptr);
    printf("resume: %d\n", error);
    for (int i = 1; i < NTHREADS; i++)
        sel4utils_start_thread(&threads[i], worker, (void *)(seL4_Word)i,
                               (void *)(seL4_Word)(100 + i), 1);

    for (int i = 0; i < NTHREADS; i++) {
        seL4_Word badge;
        seL4_MessageInfo_t info = seL4_Recv(ep.cptr, &badge);
        printf("got: len %lu index %lu doubled %lu own ipc buffer %lu\n",
               (unsigned long)seL4_MessageInfo_get_length(info), (unsigned long)seL4_GetMR(0),
               (unsigned long)seL4_GetMR(1), (unsigned long)seL4_GetMR(2));
    }
    seL4_DebugDumpScheduler();
    seL4_CPtr old_tcb = threads[0].tcb.cptr;
    for (int i = 0; i < NTHREADS; i++)
        sel4utils_clean_up_thread(&vka, &vspace, &threads[i]);
    printf("cleaned up\n");
    /* the TCB cap is gone: its slot is empty again */
    error = seL4_TCB_Suspend(old_tcb);
    printf("suspend after clean-up: %d\n", error);
    printf("threads_start: done\n");
    return 0;
}
