/*
 * prio_preempt: who runs when, on one core.  The root task (lowered to
 * priority 100) wakes threads of higher, equal and lower priority by
 * TCB_Resume, seL4_Signal and TCB_SetPriority; every thread appends to a
 * shared log, so the log shows the order in which they really ran.
 *
 * Threads of one priority also take turns when a time slice ends (a timer
 * tick every 2 ms, 5 ticks a slice, as seL4 is configured by default), on
 * seL4 as here.  So that no slice ends inside a check, each check starts
 * with fresh_slice(): a helper at the root task's priority is made ready
 * and the root task spins until its slice has ended and the helper has run
 * and yielded back; a check then has a whole slice (8 ms and more).
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

static char log_buf[256];
static int log_len;
static seL4_CPtr root;
static vka_object_t ntfn_high, ntfn_equal, ntfn_low, done, rr_ntfn;
static sel4utils_thread_t ticker;
static volatile int ticked, finished;

static void note(const char *s)
{
    while (*s && log_len < (int)sizeof(log_buf) - 1)
        log_buf[log_len++] = *s++;
}

static void flush(const char *what)
{
    log_buf[log_len] = '\0';
    printf("%s: %s\n", what, log_buf);
    log_len = 0;
}

/* arg0: the letter to log, arg1: the notification to wait on; each time
 * it runs it logs, signals `done` and waits again */
static void waiter(void *arg0, void *arg1, void *ipc_buf)
{
    char me[2] = { (char)(seL4_Word)arg0, 0 };
    for (;;) {
        note(me);
        seL4_Signal(done.cptr);
        seL4_Wait((seL4_CPtr)arg1, NULL);
    }
}

/* round robin: log, yield, three times; then count itself finished */
static void turn_taker(void *arg0, void *arg1, void *ipc_buf)
{
    char me[2] = { (char)(seL4_Word)arg0, 0 };
    for (int i = 0; i < 3; i++) {
        note(me);
        seL4_Yield();
    }
    finished++;
    seL4_Wait(rr_ntfn.cptr, NULL);
}

static void tick_helper(void *arg0, void *arg1, void *ipc_buf)
{
    for (;;) {
        ticked = 1;
        seL4_Yield();
    }
}

static void make(sel4utils_thread_t *t, uint8_t prio, sel4utils_thread_entry_fn fn,
                 char letter, seL4_CPtr ntfn)
{
    sel4utils_thread_config_t config = thread_config_default(&simple,
        simple_get_cnode(&simple), seL4_NilData, seL4_CapNull, prio);
    int error = sel4utils_configure_thread_config(&vka, &vspace, &vspace, config, t);
    ZF_LOGF_IFERR(error, "configure");
    error = sel4utils_start_thread(t, fn, (void *)(seL4_Word)letter, (void *)ntfn, 0);
    ZF_LOGF_IFERR(error, "start");
}

/* Wait for the end of the current time slice (see the top of the file). */
static void fresh_slice(uint8_t my_prio)
{
    ticked = 0;
    seL4_TCB_SetPriority(ticker.tcb.cptr, root, my_prio);
    seL4_TCB_Resume(ticker.tcb.cptr);
    while (!ticked)
        ;
    seL4_TCB_Suspend(ticker.tcb.cptr);
}

int main(void)
{
    sel4utils_thread_t high, equal, low, rr[3];
    int error;

    env_boot();
    root = simple_get_tcb(&simple);
    vka_alloc_notification(&vka, &ntfn_high);
    vka_alloc_notification(&vka, &ntfn_equal);
    vka_alloc_notification(&vka, &ntfn_low);
    vka_alloc_notification(&vka, &done);
    vka_alloc_notification(&vka, &rr_ntfn);
    error = seL4_TCB_SetPriority(root, root, 100);
    printf("root at 100: %d\n", error);
    make(&ticker, 100, tick_helper, 'T', seL4_CapNull);
    make(&high, 200, waiter, 'H', ntfn_high.cptr);
    make(&equal, 100, waiter, 'E', ntfn_equal.cptr);
    make(&low, 50, waiter, 'L', ntfn_low.cptr);
    for (int i = 0; i < 3; i++)
        make(&rr[i], 100, turn_taker, "ABC"[i], seL4_CapNull);

    /* Resume: a higher thread runs before Resume returns; an equal one
     * once the root task yields; a lower one only when it blocks */
    fresh_slice(100);
    note("r");
    seL4_TCB_Resume(high.tcb.cptr);
    note("r");
    seL4_TCB_Resume(equal.tcb.cptr);
    note("r");
    seL4_TCB_Resume(low.tcb.cptr);
    note("r");
    seL4_Yield();
    note("y");
    flush("resume");

    /* Signal: a higher waiter runs at once, an equal one after a yield */
    fresh_slice(100);
    seL4_Signal(ntfn_high.cptr);
    note("s");
    seL4_Signal(ntfn_equal.cptr);
    note("s");
    seL4_Yield();
    note("y");
    flush("signal");

    /* SetPriority: raising the ready low thread over the root task runs
     * it at once (its first run: it logs L and waits) */
    note("p");
    error = seL4_TCB_SetPriority(low.tcb.cptr, root, 150);
    note("p");
    flush("raise");

    /* lowering itself below a ready thread lets that thread run first */
    fresh_slice(100);
    seL4_Signal(ntfn_equal.cptr);
    note("d");
    error = seL4_TCB_SetPriority(root, root, 90);
    note("d");
    flush("lower self");
    seL4_TCB_SetPriority(root, root, 100);

    /* a lower thread runs only when the root task blocks; waking the root
     * task from there switches back at once */
    seL4_TCB_SetPriority(low.tcb.cptr, root, 50);
    seL4_Poll(done.cptr, NULL);
    seL4_Signal(ntfn_low.cptr);
    note("w");
    seL4_Yield();
    note("w");
    seL4_Wait(done.cptr, NULL);
    note("w");
    flush("low waits");

    /* round robin: resumed A, B, C go to the head of the queue one after
     * the other, so they run C, B, A; each seL4_Yield moves the caller to
     * the tail, the root task included */
    fresh_slice(100);
    for (int i = 0; i < 3; i++)
        seL4_TCB_Resume(rr[i].tcb.cptr);
    for (;;) {
        note("R");
        if (finished == 3)
            break;
        seL4_Yield();
    }
    flush("round robin");

    seL4_TCB_Suspend(high.tcb.cptr);
    seL4_TCB_Suspend(equal.tcb.cptr);
    seL4_TCB_Suspend(low.tcb.cptr);
    printf("prio_preempt: done\n");
    return 0;
}
