/*
 * notification/main.c - kernel tests of notifications (spec §7.2).
 *
 * Signal, Wait and Poll; badges OR-ed into the word while nobody waits; a
 * waiting thread woken with the signaller's own badge, waiters in FIFO
 * order; rights (Signal needs Write, Poll and Wait need Read, checked
 * here only on the side that does not fault); and an unbadged Signal that
 * still makes the notification active with word 0.
 *
 * Waiters are threads of a higher priority than the root task, so each
 * runs the moment it is woken and its result is ready when Signal returns.
 */
#include <stdio.h>
#include <sel4/sel4.h>
#include "ktest.h"

#define ROOT seL4_CapInitThreadCNode

static seL4_CPtr ntfn;

static seL4_CPtr badged(seL4_Word badge, seL4_CapRights_t rights)
{
    seL4_CPtr slot = kt_slot();
    seL4_Error err = seL4_CNode_Mint(ROOT, slot, 64, ROOT, ntfn, 64, rights, badge);

    if (err != seL4_NoError)
        kt_bail("minting a badged notification cap", err);
    return slot;
}

static seL4_Word poll(seL4_CPtr cap)
{
    seL4_Word word = 0;

    seL4_Poll(cap, &word);
    return word;
}

static void test_signal_poll(void)
{
    seL4_CPtr b1 = badged(0x1, seL4_AllRights), b2 = badged(0x2, seL4_AllRights);
    seL4_CPtr b40 = badged(0x40, seL4_AllRights), ro = kt_slot(), wo = kt_slot();
    seL4_Word word = 0;

    kt_word(0, poll(ntfn), "Poll on an idle notification returns 0");
    seL4_Signal(b1);
    kt_word(1, poll(ntfn), "Signal with badge 1, then Poll returns 1");
    kt_word(0, poll(ntfn), "the Poll cleared the word");
    seL4_Signal(b1);
    seL4_Signal(b2);
    seL4_Signal(b40);
    kt_word(0x43, poll(ntfn), "three Signals with badges 1, 2, 0x40 are OR-ed: 0x43");
    seL4_Signal(b2);
    seL4_Signal(b2);
    kt_word(2, poll(ntfn), "two Signals with the same badge give that badge once");

    kt_error(seL4_NoError, seL4_CNode_Copy(ROOT, ro, 64, ROOT, b1, 64, seL4_CanRead),
             "Copy the badge-1 cap with Read only");
    kt_error(seL4_NoError, seL4_CNode_Copy(ROOT, wo, 64, ROOT, b2, 64, seL4_CanWrite),
             "Copy the badge-2 cap with Write only");
    seL4_Signal(ro);
    kt_word(0, poll(ntfn), "Signal through a cap without Write does nothing");
    seL4_Signal(wo);
    kt_word(2, poll(ro), "Signal through the Write-only cap works; Poll through the Read-only one");
    seL4_Signal(b40);
    seL4_Wait(b1, &word);
    kt_word(0x40, word, "Wait on an active notification returns at once with the word");
    kt_word(0, poll(ntfn), "... and leaves it idle");
}

/* ------------------------------------------------------------- waiters */

KT_STACK(waiter_stack_a);
KT_STACK(waiter_stack_b);

struct waiter {
    struct kt_thread thread;
    volatile seL4_Word got;
    volatile int woken;
};

static struct waiter waiter_a, waiter_b;

static void waiter_main(seL4_Word arg)
{
    struct waiter *w = (struct waiter *)arg;
    seL4_Word word = 0;

    seL4_Wait(ntfn, &word);
    w->got = word;
    w->woken++;
    kt_thread_stop(w->thread.tcb);
}

static void start_waiter(struct waiter *w, void *stack)
{
    kt_thread_create(&w->thread, 0, 200, stack, KT_STACK_BYTES);
    if (kt_thread_start(&w->thread, waiter_main, (seL4_Word)w) != seL4_NoError)
        kt_bail("starting a waiter thread", 0);
}

static void test_waiters(void)
{
    seL4_CPtr b4 = badged(0x4, seL4_AllRights), b8 = badged(0x8, seL4_AllRights);

    /* Below the waiters' 200, so each runs as soon as it can. */
    kt_error(seL4_NoError, seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 100),
             "lower the root task to priority 100");
    start_waiter(&waiter_a, waiter_stack_a);
    start_waiter(&waiter_b, waiter_stack_b);
    kt_word(0, waiter_a.woken + waiter_b.woken, "two threads wait on the idle notification");

    seL4_Signal(b4);
    kt_word(1, waiter_a.woken, "Signal wakes the first waiter");
    kt_word(0x4, waiter_a.got, "... with the signaller's badge 0x4");
    kt_word(0, waiter_b.woken, "the second waiter still waits");
    seL4_Signal(b8);
    kt_word(1, waiter_b.woken, "the next Signal wakes the second waiter");
    kt_word(0x8, waiter_b.got, "... with badge 0x8, not OR-ed with the first");
    kt_word(0, poll(ntfn), "signals delivered to waiters leave the word at 0");
    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, seL4_MaxPrio);
}

/* ------------------------------------------- the root task as the waiter */

KT_STACK(signaller_stack);

struct signaller {
    struct kt_thread thread;
    seL4_CPtr cap;
    volatile int ran;
};

/* Runs only when the root task blocks (it has a lower priority). */
static void signaller_main(seL4_Word arg)
{
    struct signaller *s = (struct signaller *)arg;

    s->ran = 1;
    seL4_Signal(s->cap);
    kt_thread_stop(s->thread.tcb);
}

static void start_signaller(struct signaller *s, seL4_CPtr cap)
{
    s->cap = cap;
    kt_thread_create(&s->thread, 0, 50, signaller_stack, sizeof(signaller_stack));
    if (kt_thread_start(&s->thread, signaller_main, (seL4_Word)s) != seL4_NoError)
        kt_bail("starting a signaller thread", 0);
}

static void test_blocking_wait(void)
{
    static struct signaller sig;
    seL4_Word word = 0;

    start_signaller(&sig, badged(0x10, seL4_AllRights));
    kt_word(0, sig.ran, "a lower-priority thread does not run while the root task can");
    seL4_Wait(ntfn, &word);
    kt_word(1, sig.ran, "Wait on an idle notification blocked until the other thread ran");
    kt_word(0x10, word, "the Wait returned the other thread's badge 0x10");
    kt_word(0, poll(ntfn), "the notification is idle again");
}

/*
 * An unbadged Signal still makes the notification active (word 0), so a
 * Wait returns at once.  If the kernel wrongly blocked, the guard thread
 * would run and answer with 0x99 instead of leaving the root task stuck.
 */
static void test_unbadged_signal(void)
{
    static struct signaller guard;
    seL4_Word word = 0x5555;

    start_signaller(&guard, badged(0x99, seL4_AllRights));
    seL4_Signal(ntfn);
    seL4_Wait(ntfn, &word);
    kt_word(0, guard.ran, "after an unbadged Signal, Wait did not block");
    kt_word(0, word, "... and returned the word 0");
    seL4_TCB_Suspend(guard.thread.tcb);
}

int main(void)
{
    kt_init("notification");
    ntfn = kt_new(seL4_NotificationObject, 0);
    test_signal_poll();
    test_waiters();
    test_blocking_wait();
    test_unbadged_signal();
    return kt_done();
}
