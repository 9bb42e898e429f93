/*
 * endpoint.c - synchronous IPC through endpoints, replies, and fault
 * messages (spec 7.1, 8).
 *
 * An endpoint is Idle, or has a FIFO queue of blocked senders (Send) or of
 * blocked receivers (Recv), linked through tcb.ipc_prev/ipc_next.  A send
 * that finds a receiver transfers at once; otherwise the sender blocks
 * with its badge and rights remembered in its TCB (if the send was
 * blocking).  Receives mirror this.
 *
 * Transfer copies the message info, MR0..3 in registers, MR4+ buffer to
 * buffer (only when both threads have an IPC buffer), and, if the sender's
 * cap had Grant, up to three caps: a cap to this very endpoint is
 * unwrapped (its badge delivered), any other is derived into the
 * receiver's single receive slot.  The transfer of caps stops silently at
 * the first problem.
 *
 * Call: when the invoked cap has Grant or GrantReply, the receiver gets a
 * one-shot reply cap (child of the caller's master reply cap) in its
 * TCB_CALLER slot and the caller waits BlockedOnReply; without either
 * right the caller just becomes Inactive.  A fault is sent the same way
 * with the fault message built from the faulting thread's record.
 */
#include "kernel.h"

static struct tcb *tcb_at(uint32_t p) { return p ? kptr_of(p) : NULL; }
static uint32_t ref(const void *k) { return (uint32_t)paddr_of(k); }

/* ---- endpoint queues ---- */

static void ep_append(struct endpoint *ep, struct tcb *t)
{
    t->ipc_next = 0;
    t->ipc_prev = ep->queue_tail;
    if (ep->queue_tail) tcb_at(ep->queue_tail)->ipc_next = ref(t);
    else ep->queue_head = ref(t);
    ep->queue_tail = ref(t);
}

static void ep_remove(struct endpoint *ep, struct tcb *t)
{
    if (t->ipc_prev) tcb_at(t->ipc_prev)->ipc_next = t->ipc_next;
    else ep->queue_head = t->ipc_next;
    if (t->ipc_next) tcb_at(t->ipc_next)->ipc_prev = t->ipc_prev;
    else ep->queue_tail = t->ipc_prev;
    t->ipc_prev = t->ipc_next = 0;
    if (!ep->queue_head)
        ep->state = EP_IDLE;
}

static void event_ipc(const char *ev, struct tcb *t, word_t cptr)
{
    event_begin(ev);
    event_str("thread", thread_name(t));
    event_u64("cptr", cptr);
}

static void event_block(struct tcb *t, word_t cptr, const char *on)
{
    event_ipc("block", t, cptr);
    event_str("on", on);
    event_end();
}

/* ---- message transfer ---- */

/* The receive slot named in the receiver's buffer, if usable and empty. */
static struct cte *receive_slot(struct tcb *r, word_t *rbuf)
{
    if (!rbuf)
        return NULL;
    seL4_IPCBuffer *b = (seL4_IPCBuffer *)rbuf;
    struct lookup_result root = lookup_slot(r, b->receiveCNode);
    if (root.status || root.slot->cap.type != cap_cnode)
        return NULL;
    if (b->receiveDepth < 1 || b->receiveDepth > seL4_WordBits)
        return NULL;
    struct lookup_result dest = lookup_target_slot(root.slot->cap, b->receiveIndex, b->receiveDepth);
    if (dest.status || dest.slot->cap.type != cap_null)
        return NULL;
    return dest.slot;
}

/* Transfer up to extraCaps caps; returns the info bits it produced. */
static seL4_MessageInfo_t transfer_caps(struct tcb *s, word_t *sbuf, struct tcb *r, word_t *rbuf,
                                        const struct endpoint *ep, seL4_MessageInfo_t info)
{
    word_t n = seL4_MessageInfo_get_extraCaps(info), done = 0, unwrapped = 0;
    struct cte *dest = receive_slot(r, rbuf);
    for (word_t i = 0; i < n && sbuf && rbuf; i++) {
        struct lookup_result src = lookup_slot(s, sbuf[seL4_MsgMaxLength + 2 + i]);
        if (src.status)
            break;
        struct cap c = src.slot->cap;
        if (c.type == cap_endpoint && ep && kptr_of(c.ptr) == (void *)ep) {
            ((seL4_IPCBuffer *)rbuf)->caps_or_badges[i] = cap_badge(&c);
            unwrapped |= BIT(i);
        } else {
            struct cap derived;
            if (!dest || derive_cap(src.slot, c, &derived) != seL4_NoError || derived.type == cap_null)
                break;
            cte_insert(derived, src.slot, dest);
            dest = NULL;
        }
        done++;
    }
    info = seL4_MessageInfo_set_extraCaps(info, done);
    return seL4_MessageInfo_set_capsUnwrapped(info, unwrapped);
}

static void do_normal_transfer(struct tcb *s, struct tcb *r, const struct endpoint *ep,
                               word_t badge, bool grant)
{
    seL4_MessageInfo_t info = { { s->ctx.rsi } };
    word_t *sbuf = tcb_ipc_buffer(s, false), *rbuf = tcb_ipc_buffer(r, true);
    word_t len = MIN(seL4_MessageInfo_get_length(info), (word_t)seL4_MsgMaxLength);
    if (!sbuf || !rbuf)
        len = MIN(len, (word_t)seL4_FastMessageRegisters);
    for (word_t i = 0; i < len; i++)
        set_mr(r, rbuf, i, get_mr(s, sbuf, i));
    seL4_MessageInfo_t out = seL4_MessageInfo_new(seL4_MessageInfo_get_label(info), 0, 0, len);
    if (grant)
        out = seL4_MessageInfo_set_length(transfer_caps(s, sbuf, r, rbuf, ep, info), len);
    set_msginfo_register(r, out);
    set_badge_register(r, badge);
}

static void do_fault_transfer(struct tcb *s, struct tcb *r, word_t badge)
{
    word_t mr[seL4_UnknownSyscall_Length];
    word_t len = fault_message(s, mr);
    word_t *rbuf = tcb_ipc_buffer(r, true);
    if (!rbuf)
        len = MIN(len, (word_t)seL4_FastMessageRegisters);
    for (word_t i = 0; i < len; i++)
        set_mr(r, rbuf, i, mr[i]);
    set_msginfo_register(r, seL4_MessageInfo_new(fault_label(s), 0, 0, len));
    set_badge_register(r, badge);
}

static void do_ipc_transfer(struct tcb *s, const struct endpoint *ep, word_t badge, bool grant,
                            struct tcb *r)
{
    if (s->fault_type)
        do_fault_transfer(s, r, badge);
    else
        do_normal_transfer(s, r, ep, badge, grant);
}

/* After a Call's message arrived: give the receiver a reply cap or not. */
static void setup_caller(struct tcb *caller, struct tcb *receiver, bool can_grant,
                         bool grant_reply_allowed)
{
    if (!grant_reply_allowed) {
        set_thread_state(caller, ThreadState_Inactive);
        return;
    }
    struct cte *master = &caller->slots[TCB_REPLY];
    if (master->cap.type != cap_reply)
        cte_insert_root(cap_reply_new(paddr_of(caller), true, true), master, true);
    struct cte *dest = &receiver->slots[TCB_CALLER];
    if (dest->cap.type != cap_null)
        cte_delete(dest);
    cte_insert(cap_reply_new(paddr_of(caller), false, can_grant), master, dest);
    set_thread_state(caller, ThreadState_BlockedOnReply);
}

/* ---- send and receive ---- */

static void send_to_receiver(struct tcb *s, struct endpoint *ep, struct tcb *r, word_t badge,
                             bool grant, bool grant_reply, bool is_call)
{
    ep_remove(ep, r);
    do_ipc_transfer(s, ep, badge, grant, r);
    bool receiver_grant = r->blocked_ep_rights & seL4_CanGrant.words[0];
    set_thread_state(r, ThreadState_Running);
    if (is_call || s->fault_type)
        setup_caller(s, r, receiver_grant, grant || grant_reply);
}

static void send_common(struct tcb *t, struct cap c, bool blocking, bool is_call, word_t cptr,
                        bool grant, bool grant_reply)
{
    struct endpoint *ep = kptr_of(c.ptr);
    if (ep->state == EP_RECV) {
        struct tcb *r = tcb_at(ep->queue_head);
        event_str("to", thread_name(r));
        event_end();
        send_to_receiver(t, ep, r, cap_badge(&c), grant, grant_reply, is_call);
        return;
    }
    event_str("to", NULL);
    event_end();
    if (!blocking)
        return;                                   /* NBSend: dropped */
    t->blocked_object = c.ptr;
    t->blocked_cptr = cptr;
    t->blocked_badge = cap_badge(&c);
    t->blocked_is_call = is_call;
    t->blocked_can_grant = grant;
    t->blocked_can_grant_reply = grant_reply;
    set_thread_state(t, ThreadState_BlockedOnSend);
    ep_append(ep, t);
    ep->state = EP_SEND;
    event_block(t, cptr, "endpoint_send");
}

void send_ipc(struct tcb *t, struct cap c, bool blocking, bool is_call, word_t cptr)
{
    seL4_MessageInfo_t info = { { t->ctx.rsi } };
    /* A thread sending a message is not faulting: a fault record left from
     * a fault that was never replied to must not travel with it. */
    t->fault_type = 0;
    event_ipc(is_call ? "call" : "send", t, cptr);
    event_u64("badge", cap_badge(&c));
    event_u64("label", seL4_MessageInfo_get_label(info));
    event_u64("length", seL4_MessageInfo_get_length(info));
    send_common(t, c, blocking, is_call, cptr, cap_has_rights(&c, seL4_CanGrant),
                cap_has_rights(&c, seL4_CanGrantReply));
}

void send_fault_ipc(struct tcb *t, struct cap c, word_t cptr)
{
    event_ipc("fault_send", t, cptr);
    event_u64("badge", cap_badge(&c));
    send_common(t, c, true, true, cptr, cap_has_rights(&c, seL4_CanGrant), true);
}

static void complete_bound_signal(struct tcb *t, struct notification *n)
{
    set_badge_register(t, n->word);
    n->word = 0;
    n->state = NTFN_IDLE;
}

void receive_ipc(struct tcb *t, struct cap c, bool blocking, word_t cptr)
{
    struct endpoint *ep = kptr_of(c.ptr);
    struct notification *bound = t->bound_ntfn ? kptr_of(t->bound_ntfn) : NULL;
    if (bound && bound->state == NTFN_ACTIVE) {
        complete_bound_signal(t, bound);
        return;
    }
    if (ep->state != EP_SEND) {
        if (!blocking) {
            set_badge_register(t, 0);
            return;
        }
        t->blocked_object = c.ptr;
        t->blocked_cptr = cptr;
        t->blocked_ep_rights = c.rights;
        set_thread_state(t, ThreadState_BlockedOnReceive);
        ep_append(ep, t);
        ep->state = EP_RECV;
        event_block(t, cptr, "endpoint_recv");
        return;
    }
    struct tcb *s = tcb_at(ep->queue_head);
    ep_remove(ep, s);
    do_ipc_transfer(s, ep, s->blocked_badge, s->blocked_can_grant, t);
    event_ipc("recv", t, cptr);
    event_str("from", thread_name(s));
    event_u64("badge", s->blocked_badge);
    event_end();
    if (s->blocked_is_call || s->fault_type)
        setup_caller(s, t, cap_has_rights(&c, seL4_CanGrant),
                     s->blocked_can_grant || s->blocked_can_grant_reply);
    else
        set_thread_state(s, ThreadState_Running);
}

/* ---- invoking an endpoint or a reply cap (invocation.c dispatches) ---- */

/* Send, NBSend or Call on an endpoint: send_ipc, which answers a Call
 * through the receiver; cannot fail. */
static void invoke_endpoint_send(struct invocation *inv)
{
    send_ipc(inv->thread, inv->cap, inv->blocking, inv->is_call, inv->cptr);
}

/* Send or Call on a reply cap: the reply (do_reply_transfer); cannot fail. */
static void invoke_reply(struct invocation *inv)
{
    do_reply_transfer(inv->thread, kptr_of(inv->cap.ptr), inv->slot,
                      cap_reply_can_grant(&inv->cap));
}

/* Send, NBSend or Call on an endpoint cap: it needs Write. */
seL4_Error decode_endpoint_invocation(struct invocation *inv)
{
    seL4_Error e;

    if (!cap_has_rights(&inv->cap, seL4_CanWrite)) {
        event_ipc("send", inv->thread, inv->cptr);
        e = inv_invalid_cap(inv, 0, "Attempted to send on an endpoint cap without Write #%lu.",
                            inv->cptr);
        event_u64("err", e);
        event_end();
        return e;
    }
    invoke_endpoint_send(inv);
    return seL4_NoError;
}

/* Send or Call on a reply cap: nothing to check. */
seL4_Error decode_reply_invocation(struct invocation *inv)
{
    invoke_reply(inv);
    return seL4_NoError;
}

/* ---- replies ---- */

/* Restart a faulted thread after its handler replied (spec 8). */
static void reply_to_fault(struct tcb *replier, struct tcb *r)
{
    seL4_MessageInfo_t info = { { replier->ctx.rsi } };
    word_t label = seL4_MessageInfo_get_label(info);
    unsigned type = r->fault_type;
    r->fault_type = 0;
    if (type == seL4_Fault_UnknownSyscall + 1 || type == seL4_Fault_UserException + 1) {
        if (label != 0) {
            set_thread_state(r, ThreadState_Inactive);
            return;
        }
        word_t *sbuf = tcb_ipc_buffer(replier, false);
        word_t len = seL4_MessageInfo_get_length(info);
        tcb_write_fault_reply_registers(r, replier, sbuf, len, type == seL4_Fault_UnknownSyscall + 1);
    }
    set_thread_state(r, ThreadState_Restart);
}

void do_reply_transfer(struct tcb *replier, struct tcb *r, struct cte *slot, bool grant)
{
    event_begin("reply");
    event_str("thread", thread_name(replier));
    event_str("to", thread_name(r));
    event_end();
    if (r->state != ThreadState_BlockedOnReply) {
        cte_delete(slot);
        return;
    }
    if (r->fault_type) {
        cte_delete(slot);
        reply_to_fault(replier, r);
        return;
    }
    do_ipc_transfer(replier, NULL, 0, grant, r);
    cte_delete(slot);
    set_thread_state(r, ThreadState_Running);
}

/* ---- cancellation ---- */

void cancel_ipc(struct tcb *t)
{
    switch (t->state) {
    case ThreadState_BlockedOnSend:
    case ThreadState_BlockedOnReceive:
        ep_remove(kptr_of(t->blocked_object), t);
        set_thread_state(t, ThreadState_Inactive);
        break;
    case ThreadState_BlockedOnNotification:
        cancel_signal(t, kptr_of(t->blocked_object));
        set_thread_state(t, ThreadState_Inactive);
        break;
    case ThreadState_BlockedOnReply: {
        /* The reply cap pointing at t sits right after its master. */
        t->fault_type = 0;
        struct cte *master = &t->slots[TCB_REPLY];
        struct cte *next = cte_next(master);
        if (master->cap.type == cap_reply && next && next->cap.type == cap_reply &&
            next->cap.ptr == paddr_of(t))
            cte_delete(next);
        set_thread_state(t, ThreadState_Inactive);
        break;
    }
    default:
        break;
    }
}

void cancel_all_ipc(struct endpoint *ep)
{
    while (ep->queue_head) {
        struct tcb *t = tcb_at(ep->queue_head);
        ep_remove(ep, t);
        set_thread_state(t, ThreadState_Restart);
        sched_enqueue(t);
    }
    ep->state = EP_IDLE;
    reschedule_required();
}

void cancel_badged_sends(struct endpoint *ep, word_t badge)
{
    if (ep->state != EP_SEND)
        return;
    uint32_t p = ep->queue_head;
    while (p) {
        struct tcb *t = tcb_at(p);
        p = t->ipc_next;
        if (t->blocked_badge == badge) {
            ep_remove(ep, t);
            set_thread_state(t, ThreadState_Restart);
            sched_enqueue(t);
        }
    }
    reschedule_required();
}
