/*
 * sched/ - the order in which threads of equal priority run, as seL4's
 * non-MCS scheduler gives it.
 *
 * seL4 keeps the running thread out of the ready queues.  A thread made
 * runnable by TCB_Resume is put at the *head* of its priority's queue; a
 * thread woken by IPC or a signal that cannot run at once (the current
 * thread has the same priority and goes on) is put at the *tail*; one woken
 * at a lower priority than the current thread goes to the *head* of its own
 * queue.  Yield and the end of a time slice move the current thread to the
 * tail.  Each scenario below makes worker threads that write their letter
 * into a log when they run, then compares the log with seL4's order.
 *
 * The root task's time slice may end in the middle of a scenario's set-up
 * (the timer keeps ticking); that is seen as a log that differs from the
 * expected set-up (workers log a lower-case letter before they block), and
 * the scenario is run again (at most ten times).
 */
#include <string.h>
#include "ktest.h"

#define MAX_WORKERS 4

static char run_log[32];
static volatile unsigned log_len;
static volatile unsigned finished;
static unsigned expected_finishers;
static seL4_CPtr done_ntfn, never_ntfn;

KT_STACK(stack0);
KT_STACK(stack1);
KT_STACK(stack2);
KT_STACK(stack3);
static unsigned char *stacks[MAX_WORKERS] = { stack0, stack1, stack2, stack3 };
static struct kt_thread workers[MAX_WORKERS];

static void log_letter(char c)
{
    if (log_len < sizeof(run_log) - 1)
        run_log[log_len++] = c;
    run_log[log_len] = '\0';
}

static void reset_log(unsigned finishers)
{
    log_len = 0;
    run_log[0] = '\0';
    finished = 0;
    expected_finishers = finishers;
}

/* A worker is done: the last one wakes the root task; then block for good. */
static _Noreturn void worker_finish(void)
{
    if (++finished == expected_finishers)
        seL4_Signal(done_ntfn);
    for (;;)
        seL4_Wait(never_ntfn, NULL);
}

/* arg: the letter */
static void run_once(seL4_Word arg)
{
    log_letter((char)arg);
    worker_finish();
}

/* arg: the letter; logs it in lower case and waits on the notification
 * or endpoint in the high bits first */
static void wait_then_run(seL4_Word arg)
{
    log_letter((char)(arg & 0xff) - 'A' + 'a');
    seL4_Wait(arg >> 8, NULL);
    log_letter((char)(arg & 0xff));
    worker_finish();
}

/* arg: the letter; logs, yields, logs again */
static void run_yield_run(seL4_Word arg)
{
    log_letter((char)arg);
    seL4_Yield();
    log_letter((char)arg);
    seL4_Yield();
    log_letter((char)arg);
    worker_finish();
}

/* (Re)start worker i at entry(arg) with the given priority. */
static void start(unsigned i, seL4_Word prio, kt_entry_t entry, seL4_Word arg)
{
    struct kt_thread *t = &workers[i];
    seL4_TCB_Suspend(t->tcb);
    if (seL4_TCB_SetPriority(t->tcb, seL4_CapInitThreadTCB, prio))
        kt_bail("SetPriority of a worker", 0);
    if (kt_thread_start(t, entry, arg))
        kt_bail("starting a worker", 0);
}


static void wait_done(void)
{
    seL4_Wait(done_ntfn, NULL);
}

/* True if the log is the set-up's (the root task was not preempted). */
static bool undisturbed(const char *setup)
{
    if (strcmp(run_log, setup) == 0)
        return true;
    kt_note("preempted at the end of a time slice (log \"%s\"); running the scenario again",
            run_log);
    wait_done();
    return false;
}

static void check_log(const char *expected, const char *what)
{
    bool same = strcmp(run_log, expected) == 0;
    kt_true(same, "%s: ran %s", what, expected);
    if (!same)
        kt_note("run order was \"%s\", seL4's is \"%s\"", run_log, expected);
}

static bool test_resume_order(void)
{
    reset_log(3);
    start(0, seL4_MaxPrio, run_once, 'A');
    start(1, seL4_MaxPrio, run_once, 'B');
    start(2, seL4_MaxPrio, run_once, 'C');
    if (!undisturbed(""))
        return false;
    seL4_Yield();
    check_log("CBA", "three threads resumed in order A, B, C, then Yield (each to the head)");
    wait_done();
    return true;
}

static bool test_signal_order(void)
{
    seL4_CPtr n = kt_new(seL4_NotificationObject, 0);
    reset_log(3);
    start(0, seL4_MaxPrio, wait_then_run, n << 8 | 'A');
    start(1, seL4_MaxPrio, wait_then_run, n << 8 | 'B');
    start(2, seL4_MaxPrio, wait_then_run, n << 8 | 'C');
    seL4_Yield();                       /* let them block on n, in order C, B, A */
    seL4_Signal(n);
    seL4_Signal(n);
    seL4_Signal(n);
    if (!undisturbed("cba"))
        return false;
    seL4_Yield();
    check_log("cbaCBA", "waiters woken in queue order C, B, A, then Yield (each to the tail)");
    wait_done();
    return true;
}

static bool test_resume_before_woken(void)
{
    seL4_CPtr n = kt_new(seL4_NotificationObject, 0);
    reset_log(2);
    start(0, seL4_MaxPrio, wait_then_run, n << 8 | 'W');
    seL4_Yield();                       /* W blocks on n */
    seL4_Signal(n);                     /* W: tail */
    start(1, seL4_MaxPrio, run_once, 'R');   /* R: head */
    if (!undisturbed("w"))
        return false;
    seL4_Yield();
    check_log("wRW", "woken by a signal, then another resumed: the resumed one runs first");
    wait_done();
    return true;
}

static bool test_lower_priority_wakeups(void)
{
    seL4_CPtr n = kt_new(seL4_NotificationObject, 0);
    reset_log(2);
    start(0, seL4_MaxPrio, wait_then_run, n << 8 | 'A');
    start(1, seL4_MaxPrio, wait_then_run, n << 8 | 'B');
    seL4_Yield();                       /* both block on n, in order B, A */
    for (unsigned i = 0; i < 2; i++)
        if (seL4_TCB_SetPriority(workers[i].tcb, seL4_CapInitThreadTCB, seL4_MaxPrio - 1))
            kt_bail("lowering a worker's priority", 0);
    seL4_Signal(n);                     /* wakes B: head of queue 254 */
    seL4_Signal(n);                     /* wakes A: head of queue 254, before B */
    if (!undisturbed("ba"))
        return false;
    wait_done();
    check_log("baAB", "lower-priority waiters woken B then A (each to the head of its queue)");
    return true;
}

static bool test_yield_order(void)
{
    reset_log(2);
    start(0, seL4_MaxPrio, run_yield_run, 'A');
    start(1, seL4_MaxPrio, run_yield_run, 'B');
    if (!undisturbed(""))
        return false;
    wait_done();                        /* the root task blocks: B, A run */
    check_log("BABABA", "two threads that Yield take turns (Yield goes to the tail)");
    return true;
}

static bool test_send_does_not_switch(void)
{
    seL4_CPtr ep = kt_new(seL4_EndpointObject, 0);
    reset_log(1);
    start(0, seL4_MaxPrio, wait_then_run, ep << 8 | 'R');
    seL4_Yield();                       /* R blocks in Recv on ep */
    seL4_Send(ep, seL4_MessageInfo_new(0, 0, 0, 0));
    if (!undisturbed("r"))
        return false;
    log_letter('S');
    seL4_Yield();
    check_log("rSR", "a Send to an equal-priority receiver: the sender goes on first");
    wait_done();
    return true;
}

static void run(bool (*scenario)(void))
{
    for (int attempt = 0; attempt < 10; attempt++)
        if (scenario())
            return;
    kt_true(false, "ten attempts were all preempted");
}

int main(void)
{
    kt_init("sched");
    done_ntfn = kt_new(seL4_NotificationObject, 0);
    never_ntfn = kt_new(seL4_NotificationObject, 0);
    for (unsigned i = 0; i < MAX_WORKERS; i++)
        kt_thread_create(&workers[i], 0, seL4_MaxPrio, stacks[i], KT_STACK_BYTES);
    run(test_resume_order);
    run(test_signal_order);
    run(test_resume_before_woken);
    run(test_lower_priority_wakeups);
    run(test_yield_order);
    run(test_send_does_not_switch);
    return kt_done();
}
