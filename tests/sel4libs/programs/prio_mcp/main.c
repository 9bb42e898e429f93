/*
 * prio_mcp: seL4_TCB_SetPriority, SetMCPriority and SetSchedParams checked
 * against the authority's maximum controlled priority (MCP): the error of
 * each refused request, with the range the kernel reports in MR0/MR1.
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

static vka_object_t make_tcb(void)
{
    vka_object_t tcb;
    int error = vka_alloc_tcb(&vka, &tcb);
    ZF_LOGF_IFERR(error, "tcb");
    return tcb;
}

static void report(const char *what, int error)
{
    if (error == seL4_RangeError)
        printf("%s: %d range %lu..%lu\n", what, error, (unsigned long)seL4_GetMR(0),
               (unsigned long)seL4_GetMR(1));
    else if (error == seL4_InvalidCapability)
        printf("%s: %d cap %lu\n", what, error, (unsigned long)seL4_GetMR(0));
    else
        printf("%s: %d\n", what, error);
}

int main(void)
{
    seL4_CPtr root;
    vka_object_t t, u, ep;
    int error;

    env_boot();
    root = simple_get_tcb(&simple);
    t = make_tcb();
    u = make_tcb();
    error = vka_alloc_endpoint(&vka, &ep);
    ZF_LOGF_IFERR(error, "endpoint");

    /* the root task has MCP 255 */
    report("root sets t to 255", seL4_TCB_SetPriority(t.cptr, root, 255));
    report("root sets t to 256", seL4_TCB_SetPriority(t.cptr, root, 256));
    report("root sets its own priority to 255", seL4_TCB_SetPriority(root, root, 255));
    report("root sets t's MCP to 100", seL4_TCB_SetMCPriority(t.cptr, root, 100));
    report("root sets t's MCP to 1000", seL4_TCB_SetMCPriority(t.cptr, root, 1000));

    /* t as the authority: its MCP (100) bounds what it may give */
    report("t gives u 100", seL4_TCB_SetPriority(u.cptr, t.cptr, 100));
    report("t gives u 101", seL4_TCB_SetPriority(u.cptr, t.cptr, 101));
    report("t gives u MCP 101", seL4_TCB_SetMCPriority(u.cptr, t.cptr, 101));
    report("t gives itself MCP 150", seL4_TCB_SetMCPriority(t.cptr, t.cptr, 150));
    report("t gives itself MCP 50", seL4_TCB_SetMCPriority(t.cptr, t.cptr, 50));
    report("t now gives u 60", seL4_TCB_SetPriority(u.cptr, t.cptr, 60));
    /* the target's own MCP does not matter, only the authority's */
    report("root gives t 200 over its MCP 50", seL4_TCB_SetPriority(t.cptr, root, 200));

    /* SetSchedParams: the MCP is checked first, then the priority */
    report("params mcp 40 prio 30 by t", seL4_TCB_SetSchedParams(u.cptr, t.cptr, 40, 30));
    report("params mcp 60 prio 30 by t", seL4_TCB_SetSchedParams(u.cptr, t.cptr, 60, 30));
    report("params mcp 30 prio 60 by t", seL4_TCB_SetSchedParams(u.cptr, t.cptr, 30, 60));
    report("params mcp 300 prio 300 by root", seL4_TCB_SetSchedParams(u.cptr, root, 300, 300));

    /* the authority must be a TCB cap */
    report("authority is an endpoint", seL4_TCB_SetPriority(u.cptr, ep.cptr, 10));
    report("authority is empty", seL4_TCB_SetPriority(u.cptr, seL4_CapNull, 10));
    report("params authority is an endpoint", seL4_TCB_SetSchedParams(u.cptr, ep.cptr, 1, 1));

    /* too short messages: no authority cap, no words */
    seL4_MessageInfo_t info = seL4_Call(u.cptr, seL4_MessageInfo_new(TCBSetPriority, 0, 0, 1));
    report("set priority without authority", seL4_MessageInfo_get_label(info));
    seL4_SetCap(0, root);
    info = seL4_Call(u.cptr, seL4_MessageInfo_new(TCBSetPriority, 0, 1, 0));
    report("set priority without a word", seL4_MessageInfo_get_label(info));
    seL4_SetCap(0, root);
    seL4_SetMR(0, 1);
    info = seL4_Call(u.cptr, seL4_MessageInfo_new(TCBSetSchedParams, 0, 1, 1));
    report("sched params with one word", seL4_MessageInfo_get_label(info));

    printf("prio_mcp: done\n");
    return 0;
}
