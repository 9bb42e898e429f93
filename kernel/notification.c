/*
 * notification.c - notifications: one word of pending badge bits and a
 * queue of waiting threads (spec 7.2).
 *
 * A notification is in one of three states:
 *   Idle     nothing pending, nobody waiting;
 *   Waiting  threads are queued (FIFO, linked through tcb.ipc_prev/next);
 *   Active   signals arrived while nobody waited; `word` is the OR of
 *            their badges.
 * Signal never blocks: it wakes the first waiter, or a bound thread that
 * is blocked receiving on an endpoint, or else records the badge.  Wait
 * takes a pending word at once or blocks; Poll never blocks.
 *
 * Invoking a notification cap (Send, NBSend or Call on it) is a Signal:
 * decode_notification_invocation checks the Write right and opens the
 * "signal" event; invoke_notification_signal performs it through
 * send_signal (which interrupt.c calls too).  The syscall layer emits the
 * wait/block events of a receive; the one event that only this file can
 * time is the "wait" that completes later, when a blocked waiter is woken
 * by someone else's signal.
 */
#include "kernel.h"

static struct tcb *tcb_at(uint32_t p)
{
    return p ? kptr_of(p) : NULL;
}

static uint32_t tcb_ref(const struct tcb *t)
{
    return t ? (uint32_t)paddr_of(t) : 0;
}

/* ---- the waiter queue ---- */

static void queue_append(struct notification *n, struct tcb *t)
{
    struct tcb *tail = tcb_at(n->queue_tail);
    t->ipc_prev = n->queue_tail;
    t->ipc_next = 0;
    if (tail)
        tail->ipc_next = tcb_ref(t);
    else
        n->queue_head = tcb_ref(t);
    n->queue_tail = tcb_ref(t);
    n->state = NTFN_WAITING;
}

static void queue_remove(struct notification *n, struct tcb *t)
{
    struct tcb *prev = tcb_at(t->ipc_prev), *next = tcb_at(t->ipc_next);
    if (prev)
        prev->ipc_next = t->ipc_next;
    else
        n->queue_head = t->ipc_next;
    if (next)
        next->ipc_prev = t->ipc_prev;
    else
        n->queue_tail = t->ipc_prev;
    t->ipc_prev = t->ipc_next = 0;
    t->blocked_object = 0;
    if (!n->queue_head)
        n->state = NTFN_IDLE;
}

/* ---- events ---- */

void event_wait_completed(struct tcb *t, word_t badge)
{
    event_begin("wait");
    event_str("thread", thread_name(t));
    event_u64("cptr", t->blocked_cptr);
    event_u64("badge", badge);
    event_bool("blocking", true);
    event_end();
}

/* ---- signal and wait ---- */

/* A bound thread gets the signal directly if it is waiting for a message. */
static struct tcb *signal_bound_receiver(struct notification *n, word_t badge)
{
    struct tcb *t = tcb_at((uint32_t)n->bound_tcb);
    if (!t || t->state != ThreadState_BlockedOnReceive)
        return NULL;
    cancel_ipc(t);
    wake_with_badge(t, badge);
    return t;
}

/* Would a Signal now wake a thread?  (The same cases as send_signal.) */
bool signal_would_wake(const struct notification *n)
{
    const struct tcb *t = tcb_at((uint32_t)n->bound_tcb);
    if (n->state == NTFN_WAITING)
        return true;
    return n->state == NTFN_IDLE && t && t->state == ThreadState_BlockedOnReceive;
}

struct tcb *send_signal(struct notification *n, word_t badge)
{
    struct tcb *t;

    switch (n->state) {
    case NTFN_WAITING:
        t = tcb_at(n->queue_head);
        queue_remove(n, t);
        wake_with_badge(t, badge);
        event_wait_completed(t, badge);
        return t;
    case NTFN_ACTIVE:
        n->word |= badge;
        return NULL;
    default:
        t = signal_bound_receiver(n, badge);
        if (!t) {
            n->state = NTFN_ACTIVE;
            n->word = badge;
        }
        return t;
    }
}

/* Signal through an invoked notification cap and close its "signal"
 * event with the thread it woke; cannot fail. */
static void invoke_notification_signal(struct invocation *inv)
{
    struct tcb *woke = send_signal(kptr_of(inv->cap.ptr), cap_badge(&inv->cap));

    event_str("woke", woke ? thread_name(woke) : NULL);
    event_end();
}

/* Signal through an invoked notification cap (invocation.c dispatches):
 * it needs Write. */
seL4_Error decode_notification_invocation(struct invocation *inv)
{
    seL4_Error e;

    event_begin("signal");
    event_str("thread", thread_name(inv->thread));
    event_u64("cptr", inv->cptr);
    event_u64("badge", cap_badge(&inv->cap));
    if (!cap_has_rights(&inv->cap, seL4_CanWrite)) {
        e = inv_invalid_cap(inv, 0, "Attempted to invoke a read-only notification cap #%lu.",
                            inv->cptr);
        event_u64("err", e);
        event_str("woke", NULL);
        event_end();
        return e;
    }
    event_u64("err", seL4_NoError);
    invoke_notification_signal(inv);
    return seL4_NoError;
}

/*
 * Recv (blocking) or NBRecv (Poll) on notification cap c.  The caller has
 * set t->blocked_cptr to the cptr used, which the delayed "wait" event
 * reports if t has to block.
 */
void receive_signal(struct tcb *t, struct cap c, bool blocking)
{
    struct notification *n = kptr_of(c.ptr);

    if (n->state == NTFN_ACTIVE) {
        set_badge_register(t, n->word);
        n->word = 0;
        n->state = NTFN_IDLE;
        return;
    }
    if (!blocking) {
        set_badge_register(t, 0);
        return;
    }
    set_thread_state(t, ThreadState_BlockedOnNotification);
    t->blocked_object = c.ptr;
    queue_append(n, t);
}

void cancel_signal(struct tcb *t, struct notification *n)
{
    queue_remove(n, t);
    set_thread_state(t, ThreadState_Inactive);
}

/* The last cap is gone: every waiter re-executes its Wait (and will then
 * fault on the missing cap). */
void cancel_all_signals(struct notification *n)
{
    struct tcb *t;

    if (n->state != NTFN_WAITING)
        return;
    while ((t = tcb_at(n->queue_head)) != NULL) {
        queue_remove(n, t);
        set_thread_state(t, ThreadState_Restart);
        sched_enqueue(t);
    }
    reschedule_required();
}

/* ---- binding ---- */

void bind_notification(struct tcb *t, struct notification *n)
{
    n->bound_tcb = tcb_ref(t);
    t->bound_ntfn = paddr_of(n);
}

void unbind_notification(struct tcb *t)
{
    struct notification *n;

    if (!t->bound_ntfn)
        return;
    n = kptr_of(t->bound_ntfn);
    n->bound_tcb = 0;
    t->bound_ntfn = 0;
}

void unbind_maybe_notification(struct notification *n)
{
    struct tcb *t = tcb_at((uint32_t)n->bound_tcb);

    if (t)
        t->bound_ntfn = 0;
    n->bound_tcb = 0;
}
