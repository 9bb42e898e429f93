/*
 * dump/ - seL4_DebugDumpScheduler prints seL4's table of every TCB.
 *
 * The program makes three threads besides itself: "waiter" (priority 255,
 * blocked on a notification), "sleeper" (priority 7, never started) and one
 * left with the name seL4 gives a new TCB, "child of: 'rootserver'"
 * (priority 0, never started), then calls the dump between two
 * comment lines.  test_kernel.py reads the table from the console and
 * checks its header, column widths, the order (newest TCB first, seL4's
 * idle thread last) and each row's name, state, IP, priority and core.
 */
#include <stdio.h>
#include "ktest.h"

KT_STACK(waiter_stack);
KT_STACK(sleeper_stack);
KT_STACK(unnamed_stack);

static seL4_CPtr ready, never;

static void waiter_main(seL4_Word arg)
{
    (void)arg;
    seL4_Signal(ready);
    for (;;)
        seL4_Wait(never, NULL);
}

int main(void)
{
    struct kt_thread waiter, sleeper, unnamed;

    kt_init("dump");
    ready = kt_new(seL4_NotificationObject, 0);
    never = kt_new(seL4_NotificationObject, 0);
    kt_thread_create(&waiter, 0, seL4_MaxPrio, waiter_stack, sizeof(waiter_stack));
    kt_thread_create(&sleeper, 0, 7, sleeper_stack, sizeof(sleeper_stack));
    kt_thread_create(&unnamed, 0, 0, unnamed_stack, sizeof(unnamed_stack));
    seL4_DebugNameThread(waiter.tcb, "waiter");
    seL4_DebugNameThread(sleeper.tcb, "sleeper");
    kt_error(seL4_NoError, kt_thread_start(&waiter, waiter_main, 0), "start the waiter");
    seL4_Wait(ready, NULL);
    seL4_Yield();                       /* the waiter blocks on `never` */
    printf("# waiter entry %p\n", (void *)waiter_main);
    printf("# begin dump\n");
    seL4_DebugDumpScheduler();
    printf("# end dump\n");
    return kt_done();
}
