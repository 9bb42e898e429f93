/*
 * preempt/ - the kernel's timer preemption.
 *
 * The root task (priority 255) starts a peer thread at the same priority
 * that only counts, and then spins itself.  Neither ever blocks or yields,
 * so the peer can only make progress if the timer takes the CPU away from
 * the root task at the end of its time slice and round robin hands it to
 * the peer.  A thread of lower priority must not run while threads of a
 * higher priority are runnable, and must run once they all block.
 *
 * Without preemption the spin loops end at SPIN_LIMIT and the checks fail
 * (after a few seconds) instead of hanging.
 */
#include "ktest.h"

#define SPIN_LIMIT (1ul << 31)

static volatile seL4_Word peer_count;
static volatile seL4_Word low_ran;

KT_STACK(peer_stack);
KT_STACK(low_stack);

static void peer_main(seL4_Word arg)
{
    (void)arg;
    for (;;)
        peer_count++;
}

static void low_main(seL4_Word ntfn)
{
    low_ran = 1;
    seL4_Signal(ntfn);
    for (;;)
        seL4_Yield();
}

/* Spin until the peer has counted; false if it never did. */
static bool peer_advanced_while_spinning(void)
{
    seL4_Word before = peer_count;
    for (unsigned long spins = 0; spins < SPIN_LIMIT; spins++)
        if (peer_count != before)
            return true;
    return false;
}

int main(void)
{
    kt_init("preempt");
    struct kt_thread peer, low;

    kt_thread_create(&peer, 0, seL4_MaxPrio, peer_stack, sizeof(peer_stack));
    kt_error(seL4_NoError, kt_thread_start(&peer, peer_main, 0),
             "start a spinning peer at the root task's priority");
    for (unsigned round = 1; round <= 3; round++)
        kt_true(peer_advanced_while_spinning(),
                "round %u: the peer ran while the root task spun (time slice over)", round);

    seL4_CPtr ntfn = kt_new(seL4_NotificationObject, 0);
    kt_thread_create(&low, 0, seL4_MaxPrio - 1, low_stack, sizeof(low_stack));
    kt_error(seL4_NoError, kt_thread_start(&low, low_main, ntfn),
             "start a thread one priority lower");
    for (unsigned round = 1; round <= 3; round++)
        peer_advanced_while_spinning();
    kt_word(0, low_ran, "the lower-priority thread did not run while two higher ones spun");

    kt_error(seL4_NoError, seL4_TCB_Suspend(peer.tcb), "suspend the peer");
    seL4_Wait(ntfn, NULL);
    kt_word(1, low_ran, "once the root task blocked, the lower-priority thread ran and signalled");
    return kt_done();
}
