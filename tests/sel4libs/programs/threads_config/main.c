/*
 * threads_config: what the sel4utils thread config builders give: a stack
 * of a chosen number of pages with an unmapped guard page below it, no IPC
 * buffer when asked, and the fault endpoint the thread's faults go to (a
 * write just below the stack hits the guard page).
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

    env_boot();
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
