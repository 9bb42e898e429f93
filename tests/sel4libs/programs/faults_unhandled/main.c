/*
 * faults_unhandled: threads whose faults cannot be delivered.  No fault
 * endpoint, a fault endpoint cptr that names a notification, an endpoint
 * cap without Grant or GrantReply, or nothing at all: the kernel prints
 * its report ("Caught cap fault ... while trying to handle: ...") and the
 * thread becomes inactive; Resume makes it fault again.  An endpoint cap
 * with Write and GrantReply is enough for the fault to be delivered.
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

#define BAD_GUARD_CPTR 0xffff000000000005UL

static void reader(void *arg0, void *arg1, void *ipc_buf)
{
    volatile seL4_Word *p = (volatile seL4_Word *)arg0;
    printf("%s: reading %p\n", (const char *)arg1, (void *)p);
    (void)*p;
    printf("%s: read it\n", (const char *)arg1);
}

/* a thread at 200 (over the root task's 100): it runs at once */
static void run(sel4utils_thread_t *t, seL4_CPtr fault_ep, const char *name, seL4_Word addr)
{
    sel4utils_thread_config_t config = thread_config_default(&simple,
        simple_get_cnode(&simple), seL4_NilData, fault_ep, 200);
    int error = sel4utils_configure_thread_config(&vka, &vspace, &vspace, config, t);
    ZF_LOGF_IFERR(error, "configure");
    seL4_DebugNameThread(t->tcb.cptr, name);
    printf("root: starting %s\n", name);
    error = sel4utils_start_thread(t, reader, (void *)addr, (void *)name, 1);
    printf("root: %s stopped, start returned %d\n", name, error);
}

int main(void)
{
    sel4utils_thread_t none, to_ntfn, no_grant, bad_cptr, grant_reply;
    vka_object_t ntfn, ep;
    seL4_Word badge;

    env_boot();
    seL4_TCB_SetPriority(simple_get_tcb(&simple), simple_get_tcb(&simple), 100);
    vka_alloc_notification(&vka, &ntfn);
    vka_alloc_endpoint(&vka, &ep);

    run(&none, seL4_CapNull, "none", 0x10);
    seL4_DebugDumpScheduler();
    printf("root: resume none\n");
    seL4_TCB_Resume(none.tcb.cptr);
    printf("root: none stopped again\n");

    printf("root: notification at %lu\n", (unsigned long)ntfn.cptr);
    run(&to_ntfn, ntfn.cptr, "to_ntfn", 0x20);
    seL4_CPtr write_only = mint(ep.cptr, seL4_CanWrite, 1);
    printf("root: write-only endpoint at %lu\n", (unsigned long)write_only);
    run(&no_grant, write_only, "no_grant", 0x30);
    run(&bad_cptr, BAD_GUARD_CPTR, "bad_cptr", 0x40);

    /* Write + GrantReply: delivered; the root task receives it */
    seL4_CPtr write_reply = mint(ep.cptr, seL4_CapRights_new(1, 0, 0, 1), 2);
    run(&grant_reply, write_reply, "grant_reply", 0x50);
    seL4_MessageInfo_t info = seL4_Recv(ep.cptr, &badge);
    seL4_Fault_t f = seL4_getFault(info);
    printf("root: got fault type %lu badge %lu addr %#lx\n",
           (unsigned long)seL4_Fault_get_seL4_FaultType(f), (unsigned long)badge,
           (unsigned long)seL4_Fault_VMFault_get_Addr(f));
    seL4_DebugDumpScheduler();
    printf("faults_unhandled: done\n");
    return 0;
}
