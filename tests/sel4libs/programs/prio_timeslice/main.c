/*
 * prio_timeslice: two threads of one priority that never block both make
 * progress, because the timer ends each one's time slice and puts it at
 * the back of its queue (seL4's timer tick); a thread of lower priority
 * runs only once both have blocked.
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

static volatile seL4_Word spins1, second_ran, lower_ran, lower_saw_spins1;
static volatile int first_done_before_lower;
static vka_object_t done, park;
static seL4_CPtr done_by[3];       /* done, badged 1, 2 and 4 */

/* spins until the other spinner has run, which needs a preemption */
static void spinner1(void *arg0, void *arg1, void *ipc_buf)
{
    while (!second_ran)
        spins1++;
    first_done_before_lower = !lower_ran;
    seL4_Signal(done_by[0]);
    seL4_Wait(park.cptr, NULL);
}

static void spinner2(void *arg0, void *arg1, void *ipc_buf)
{
    second_ran = 1;
    seL4_Signal(done_by[1]);
    seL4_Wait(park.cptr, NULL);
}

static void lower(void *arg0, void *arg1, void *ipc_buf)
{
    lower_ran = 1;
    lower_saw_spins1 = spins1;
    seL4_Signal(done_by[2]);
    seL4_Wait(park.cptr, NULL);
}

static void start(sel4utils_thread_t *t, uint8_t prio, sel4utils_thread_entry_fn fn)
{
    sel4utils_thread_config_t config = thread_config_default(&simple,
        simple_get_cnode(&simple), seL4_NilData, seL4_CapNull, prio);
    int error = sel4utils_configure_thread_config(&vka, &vspace, &vspace, config, t);
    ZF_LOGF_IFERR(error, "configure");
    error = sel4utils_start_thread(t, fn, NULL, NULL, 0);
    ZF_LOGF_IFERR(error, "start");
}

int main(void)
{
    sel4utils_thread_t s1, s2, low;
    seL4_CPtr root;

    env_boot();
    root = simple_get_tcb(&simple);
    vka_alloc_notification(&vka, &done);
    vka_alloc_notification(&vka, &park);
    for (int i = 0; i < 3; i++) {
        cspacepath_t src, dest;
        vka_cspace_make_path(&vka, done.cptr, &src);
        int error = vka_cspace_alloc_path(&vka, &dest);
        error = error ?: vka_cnode_mint(&dest, &src, seL4_AllRights, BIT(i));
        ZF_LOGF_IFERR(error, "mint");
        done_by[i] = dest.capPtr;
    }
    start(&s1, 150, spinner1);
    start(&s2, 150, spinner2);
    start(&low, 120, lower);
    /* s2 resumed first and s1 last: s1 runs first and spins */
    seL4_TCB_Resume(s2.tcb.cptr);
    seL4_TCB_Resume(low.tcb.cptr);
    seL4_TCB_Resume(s1.tcb.cptr);
    seL4_TCB_SetPriority(root, root, 100);
    /* the root task (now the lowest) is back here once all three have
     * blocked */
    seL4_Word seen;
    seL4_Poll(done.cptr, &seen);
    printf("signalled, badges combined: %lu\n", (unsigned long)seen);
    printf("the second spinner ran: %lu\n", (unsigned long)second_ran);
    printf("the first spun before it did: %d\n", spins1 > 0);
    printf("the lower thread ran after both: %d\n", first_done_before_lower && lower_ran &&
           lower_saw_spins1 == spins1);
    printf("prio_timeslice: done\n");
    return 0;
}
