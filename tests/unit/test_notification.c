/*
 * test_notification.c - notifications (spec 7.2): signal, wait and poll,
 * badge OR-ing, the FIFO waiter queue, bound threads, cancellation, the
 * delayed "wait" event of a waiter woken by a signal, and whether a signal
 * would wake anyone (the kernel's test for a stuck machine).
 */
#include "fixture.h"

static struct notification *n;
static struct cap nc;
static struct tcb *a, *b, *c;

static int setup(void **state)
{
    shim_reset();
    nc = create_object(seL4_NotificationObject, shim_alloc(seL4_NotificationBits), 0, false);
    nc.data = 0;
    n = kptr_of(nc.ptr);
    a = fx_new_tcb("a");
    b = fx_new_tcb("b");
    c = fx_new_tcb("c");
    a->state = b->state = c->state = ThreadState_Running;
    return 0;
}

/* t waits through cptr (which the syscall layer records first). */
static void wait_on(struct tcb *t, word_t cptr, bool blocking)
{
    t->blocked_cptr = cptr;
    t->ctx.rdi = 0xdead;
    receive_signal(t, nc, blocking);
}

static void test_signal_then_wait(void **state)
{
    assert_null(send_signal(n, 0x1));
    assert_int_equal(n->state, NTFN_ACTIVE);
    assert_int_equal(n->word, 0x1);
    assert_null(send_signal(n, 0x4));
    assert_int_equal(n->word, 0x5);              /* badges are OR-ed */
    wait_on(a, 7, true);
    assert_int_equal(a->ctx.rdi, 0x5);
    assert_int_equal(a->state, ThreadState_Running);
    assert_int_equal(n->state, NTFN_IDLE);
    assert_int_equal(n->word, 0);
    assert_int_equal(shim_call_count("set_thread_state"), 0);
}

static void test_signal_with_badge_zero_still_activates(void **state)
{
    send_signal(n, 0);
    assert_int_equal(n->state, NTFN_ACTIVE);
    wait_on(a, 7, true);
    assert_int_equal(a->state, ThreadState_Running);
    assert_int_equal(a->ctx.rdi, 0);
}

static void test_wait_blocks_until_signalled(void **state)
{
    wait_on(a, 7, true);
    assert_int_equal(a->state, ThreadState_BlockedOnNotification);
    assert_int_equal(a->blocked_object, nc.ptr);
    assert_int_equal(n->state, NTFN_WAITING);
    assert_int_equal(n->queue_head, paddr_of(a));

    event_begin("signal");                  /* the signaller's event is open */
    assert_ptr_equal(send_signal(n, 0x30), a);
    event_end();
    assert_int_equal(a->state, ThreadState_Running);
    assert_int_equal(a->ctx.rdi, 0x30);
    assert_int_equal(n->state, NTFN_IDLE);
    assert_int_equal(n->queue_head, 0);
    assert_int_equal(a->blocked_object, 0);
    /* the delayed wait event, closed before the signaller's */
    assert_int_equal(shim_event_count("wait"), 1);
    assert_contains(shim_events(), "ev=wait thread=\"a\" cptr=7 badge=48 blocking=true \nev=signal");
}

static void test_waiters_are_fifo(void **state)
{
    wait_on(a, 1, true);
    wait_on(b, 2, true);
    wait_on(c, 3, true);
    assert_ptr_equal(send_signal(n, 10), a);
    assert_ptr_equal(send_signal(n, 20), b);
    assert_int_equal(n->state, NTFN_WAITING);
    assert_ptr_equal(send_signal(n, 30), c);
    assert_int_equal(n->state, NTFN_IDLE);
    assert_int_equal(a->ctx.rdi, 10);
    assert_int_equal(b->ctx.rdi, 20);
    assert_int_equal(c->ctx.rdi, 30);
    assert_int_equal(n->queue_tail, 0);
    /* nobody left: the next signal is kept */
    assert_null(send_signal(n, 40));
    assert_int_equal(n->word, 40);
}

static void test_poll(void **state)
{
    wait_on(a, 7, false);
    assert_int_equal(a->ctx.rdi, 0);
    assert_int_equal(a->state, ThreadState_Running);
    assert_int_equal(n->state, NTFN_IDLE);
    send_signal(n, 0x8);
    wait_on(a, 7, false);
    assert_int_equal(a->ctx.rdi, 0x8);
    assert_int_equal(n->state, NTFN_IDLE);
    assert_int_equal(shim_event_count("wait"), 0);    /* the caller's event */
}

static void test_bound_thread_receiving_on_an_endpoint(void **state)
{
    bind_notification(a, n);
    assert_int_equal(a->bound_ntfn, nc.ptr);
    assert_int_equal(n->bound_tcb, paddr_of(a));
    a->state = ThreadState_BlockedOnReceive;
    assert_ptr_equal(send_signal(n, 0x2), a);
    assert_contains(shim_calls(), "cancel_ipc a\n");
    assert_int_equal(a->state, ThreadState_Running);
    assert_int_equal(a->ctx.rdi, 0x2);
    assert_int_equal(n->state, NTFN_IDLE);
}

static void test_bound_thread_busy_leaves_the_signal_pending(void **state)
{
    bind_notification(a, n);
    a->state = ThreadState_BlockedOnReply;
    assert_null(send_signal(n, 0x2));
    assert_int_equal(n->state, NTFN_ACTIVE);
    assert_int_equal(shim_call_count("cancel_ipc"), 0);
    unbind_notification(a);
    assert_int_equal(a->bound_ntfn, 0);
    assert_int_equal(n->bound_tcb, 0);
    unbind_notification(a);                  /* twice is harmless */
}

static void test_waiters_beat_the_bound_thread(void **state)
{
    bind_notification(a, n);
    a->state = ThreadState_BlockedOnReceive;
    wait_on(b, 2, true);
    assert_ptr_equal(send_signal(n, 1), b);
    assert_int_equal(a->state, ThreadState_BlockedOnReceive);
}

/* signal_would_wake (the kernel's "stuck" test) agrees with send_signal. */
static void test_signal_would_wake(void **state)
{
    assert_false(signal_would_wake(n));          /* idle, nobody bound */
    bind_notification(a, n);
    a->state = ThreadState_BlockedOnReply;
    assert_false(signal_would_wake(n));          /* bound but busy */
    a->state = ThreadState_BlockedOnReceive;
    assert_true(signal_would_wake(n));           /* bound and receiving */
    unbind_notification(a);
    assert_false(signal_would_wake(n));
    send_signal(n, 1);
    assert_false(signal_would_wake(n));          /* active: only ORs the badge */
    wait_on(b, 2, true);                         /* takes the pending word */
    wait_on(b, 2, true);
    assert_true(signal_would_wake(n));           /* a waiter */
    assert_ptr_equal(send_signal(n, 4), b);
    assert_false(signal_would_wake(n));
}

static void test_cancel_signal_from_the_middle(void **state)
{
    wait_on(a, 1, true);
    wait_on(b, 2, true);
    wait_on(c, 3, true);
    cancel_signal(b, n);
    assert_int_equal(b->state, ThreadState_Inactive);
    assert_int_equal(a->ipc_next, paddr_of(c));
    assert_int_equal(c->ipc_prev, paddr_of(a));
    cancel_signal(a, n);
    assert_int_equal(n->queue_head, paddr_of(c));
    cancel_signal(c, n);
    assert_int_equal(n->state, NTFN_IDLE);
    assert_int_equal(n->queue_head, 0);
    assert_int_equal(n->queue_tail, 0);
}

static void test_cancel_all_signals_restarts_waiters(void **state)
{
    wait_on(a, 1, true);
    wait_on(b, 2, true);
    cancel_all_signals(n);
    assert_int_equal(a->state, ThreadState_Restart);
    assert_int_equal(b->state, ThreadState_Restart);
    assert_int_equal(shim_call_count("sched_enqueue"), 2);
    assert_int_equal(n->state, NTFN_IDLE);
    /* an active notification keeps its word */
    send_signal(n, 3);
    cancel_all_signals(n);
    assert_int_equal(n->state, NTFN_ACTIVE);
}

static void test_unbind_maybe(void **state)
{
    unbind_maybe_notification(n);            /* nothing bound: harmless */
    bind_notification(a, n);
    unbind_maybe_notification(n);
    assert_int_equal(a->bound_ntfn, 0);
    assert_int_equal(n->bound_tcb, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_signal_then_wait, setup),
        cmocka_unit_test_setup(test_signal_with_badge_zero_still_activates, setup),
        cmocka_unit_test_setup(test_wait_blocks_until_signalled, setup),
        cmocka_unit_test_setup(test_waiters_are_fifo, setup),
        cmocka_unit_test_setup(test_poll, setup),
        cmocka_unit_test_setup(test_bound_thread_receiving_on_an_endpoint, setup),
        cmocka_unit_test_setup(test_bound_thread_busy_leaves_the_signal_pending, setup),
        cmocka_unit_test_setup(test_waiters_beat_the_bound_thread, setup),
        cmocka_unit_test_setup(test_signal_would_wake, setup),
        cmocka_unit_test_setup(test_cancel_signal_from_the_middle, setup),
        cmocka_unit_test_setup(test_cancel_all_signals_restarts_waiters, setup),
        cmocka_unit_test_setup(test_unbind_maybe, setup),
    };
    return cmocka_run_group_tests_name("notification", tests, NULL, NULL);
}
