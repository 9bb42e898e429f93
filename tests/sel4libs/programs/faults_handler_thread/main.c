/*
 * faults_handler_thread: sel4utils_start_fault_handler starts a thread
 * (priority 0) that prints every fault that arrives on an endpoint with
 * sel4utils_print_fault_message and never replies.  Two threads fault
 * through it; the faulting threads stay blocked.
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

static void reader(void *arg0, void *arg1, void *ipc_buf)
{
    (void)*(volatile seL4_Word *)arg0;
}

int main(void)
{
    sel4utils_thread_t handler, a, b;
    vka_object_t ep;
    int error;

    env_boot();
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
