/*
 * threads_names: thread names in a debug kernel.  A new TCB is named after
 * the thread that made it ("child of: '<maker>'"); seL4_DebugNameThread
 * (NAME_THREAD) renames it, keeping at most TCB_NAME_LENGTH - 1 bytes of a
 * long name.  seL4_DebugDumpScheduler shows the names.
 */
#include <string.h>
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

static vka_object_t made_by_thread, park;
static char long_name[901];

/* makes a TCB of its own, then waits for good */
static void maker(void *arg0, void *arg1, void *ipc_buf)
{
    int error = vka_alloc_tcb(&vka, &made_by_thread);
    printf("maker: made a tcb: %d\n", error);
    seL4_Wait(park.cptr, NULL);
}

int main(void)
{
    sel4utils_thread_t t;
    vka_object_t plain, named, longer;

    env_boot();
    vka_alloc_notification(&vka, &park);
    vka_alloc_tcb(&vka, &plain);
    vka_alloc_tcb(&vka, &named);
    vka_alloc_tcb(&vka, &longer);
    NAME_THREAD(named.cptr, "worker with a name of more than sixty-four characters, all of them kept");
    memset(long_name, 'x', 900);
    seL4_DebugNameThread(longer.cptr, long_name);

    sel4utils_thread_config_t config = thread_config_default(&simple,
        simple_get_cnode(&simple), seL4_NilData, seL4_CapNull, 254);
    int error = sel4utils_configure_thread_config(&vka, &vspace, &vspace, config, &t);
    ZF_LOGF_IFERR(error, "configure");
    NAME_THREAD(t.tcb.cptr, "maker");
    error = sel4utils_start_thread(&t, maker, NULL, NULL, 1);
    /* the root task waits on the maker's notification: the maker runs */
    seL4_TCB_SetPriority(simple_get_tcb(&simple), simple_get_tcb(&simple), 250);
    seL4_DebugDumpScheduler();
    printf("threads_names: done\n");
    return 0;
}
