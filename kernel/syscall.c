/*
 * syscall.c - system call dispatch (spec 1.1, 1.2).
 *
 * The entry code has saved the caller's registers; c_handle_syscall copies
 * them into the current TCB, runs the call to completion and leaves
 * through the scheduler.  A syscall that must be restarted later (a
 * blocked thread woken by the deletion of the object it waits on, or a
 * fault handler's reply) re-executes from FaultIP, the address of the
 * `syscall` instruction.
 *
 * Send/NBSend/Call on a cap:
 *   endpoint      -> IPC (endpoint.c)
 *   notification  -> signal (notification.c)
 *   reply         -> reply (endpoint.c)
 *   anything else -> a kernel invocation: decode_invocation() checks and
 *                    performs it; a Call gets the reply (error code as
 *                    label, details in MRs).
 * Recv/NBRecv on an endpoint or notification cap receives; anything else
 * is a cap fault.
 */
#include "kernel.h"
#include "arch/x86_64/cpu.h"

static seL4_MessageInfo_t msginfo_of(const struct tcb *t)
{
    return (seL4_MessageInfo_t){ { t->ctx.rsi } };
}

/* Deliver a kernel reply to t's Call: label = error, MRs from inv. */
static void reply_from_kernel(struct tcb *t, const struct invocation *inv)
{
    word_t *buf = tcb_ipc_buffer(t, true);
    word_t len = inv->reply_length;
    if (!buf && len > seL4_FastMessageRegisters)
        len = seL4_FastMessageRegisters;
    for (word_t i = 0; i < len; i++)
        set_mr(t, buf, i, inv->reply_mr[i]);
    set_msginfo_register(t, seL4_MessageInfo_new(inv->error, 0, 0, len));
    set_badge_register(t, 0);
}

/* Look up the extra caps named in the buffer; false after raising a fault. */
static bool lookup_extra_caps(struct tcb *t, struct invocation *inv, bool blocking)
{
    seL4_MessageInfo_t info = msginfo_of(t);
    inv->extra_count = 0;
    if (!inv->buffer)
        return true;
    word_t n = seL4_MessageInfo_get_extraCaps(info);
    for (word_t i = 0; i < n; i++) {
        word_t cptr = inv->buffer[seL4_MsgMaxLength + 2 + i];
        struct lookup_result r = lookup_slot(t, cptr);
        if (r.status) {
            user_error_line(__func__, __LINE__, t, "Lookup of extra caps failed.");
            fault_set_cap(t, cptr, false, &r.lf);
            if (blocking)
                handle_fault(t);
            return false;
        }
        inv->extra[i] = r.slot;
        inv->extra_count++;
    }
    return true;
}

static void event_thread_cptr(const char *ev, struct tcb *t, word_t cptr)
{
    event_begin(ev);
    event_str("thread", thread_name(t));
    event_u64("cptr", cptr);
}

static void invoke_notification(struct tcb *t, struct invocation *inv, bool is_call)
{
    struct cap c = inv->cap;
    event_thread_cptr("signal", t, inv->cptr);
    event_u64("badge", c.data);
    if (!(c.rights & seL4_CanWrite.words[0])) {
        inv_invalid_cap(inv, 0, "Attempted to invoke a read-only notification cap #%lu.", inv->cptr);
        event_u64("err", seL4_InvalidCapability);
        event_str("woke", NULL);
        event_end();
        if (is_call)
            reply_from_kernel(t, inv);
        return;
    }
    struct notification *n = kptr_of(c.ptr);
    event_u64("err", 0);
    struct tcb *woke = send_signal(n, c.data);
    event_str("woke", woke ? thread_name(woke) : NULL);
    event_end();
    if (is_call)
        reply_from_kernel(t, inv);
}

static void invoke_kernel_object(struct tcb *t, struct invocation *inv, bool is_call)
{
    event_thread_cptr("invoke", t, inv->cptr);
    event_str("op", invocation_label_name(inv->label));
    event_str("cap", cap_type_name(inv->cap.type));
    set_thread_state(t, ThreadState_Restart);
    seL4_Error err = decode_invocation(inv);
    event_u64("err", err);
    event_str("error", error_name(err));
    event_end();
    /* An invocation may have suspended or deleted its own thread. */
    if (t->state != ThreadState_Restart)
        return;
    if (is_call)
        reply_from_kernel(t, inv);
    set_thread_state(t, ThreadState_Running);
}

void handle_invocation(struct tcb *t, bool is_call, bool blocking)
{
    struct invocation inv = { 0 };
    seL4_MessageInfo_t info = msginfo_of(t);
    inv.thread = t;
    inv.cptr = t->ctx.rdi;
    inv.label = seL4_MessageInfo_get_label(info);
    inv.buffer = tcb_ipc_buffer(t, false);
    inv.length = seL4_MessageInfo_get_length(info);
    if (inv.length > seL4_MsgMaxLength)
        inv.length = seL4_MsgMaxLength;
    if (!inv.buffer && inv.length > seL4_FastMessageRegisters)
        inv.length = seL4_FastMessageRegisters;

    struct lookup_result r = lookup_slot(t, inv.cptr);
    if (r.status) {
        char msg[64];
        ksnprintf(msg, sizeof(msg), "Invocation of invalid cap #%lu.", inv.cptr);
        user_error_line(__func__, __LINE__, t, msg);
        fault_set_cap(t, inv.cptr, false, &r.lf);
        if (blocking)
            handle_fault(t);
        return;
    }
    if (!lookup_extra_caps(t, &inv, blocking))
        return;
    inv.slot = r.slot;
    inv.cap = r.slot->cap;

    switch (inv.cap.type) {
    case cap_endpoint:
        if (!(inv.cap.rights & seL4_CanWrite.words[0])) {
            event_thread_cptr("send", t, inv.cptr);
            inv_invalid_cap(&inv, 0, "Attempted to send on an endpoint cap without Write #%lu.", inv.cptr);
            event_u64("err", seL4_InvalidCapability);
            event_end();
            if (is_call)
                reply_from_kernel(t, &inv);
            return;
        }
        send_ipc(t, inv.cap, blocking, is_call, inv.cptr);
        return;
    case cap_notification:
        invoke_notification(t, &inv, is_call);
        return;
    case cap_reply:
        do_reply_transfer(t, kptr_of(inv.cap.ptr), inv.slot, inv.cap.data != 0);
        if (is_call)
            reply_from_kernel(t, &inv);        /* empty success reply, as seL4 */
        return;
    default:
        invoke_kernel_object(t, &inv, is_call);
        return;
    }
}

static void recv_cap_fault(struct tcb *t, word_t cptr, const struct lookup_fault *lf)
{
    fault_set_cap(t, cptr, true, lf);
    handle_fault(t);
}

static void handle_recv_notification(struct tcb *t, struct cap c, word_t cptr, bool blocking)
{
    struct notification *n = kptr_of(c.ptr);
    if (n->bound_tcb && n->bound_tcb != paddr_of(t)) {
        struct lookup_fault lf = { .type = seL4_MissingCapability, .bits_left = 0 };
        recv_cap_fault(t, cptr, &lf);
        return;
    }
    t->blocked_cptr = cptr;
    receive_signal(t, c, blocking);
    if (t->state == ThreadState_BlockedOnNotification) {
        event_thread_cptr("block", t, cptr);
        event_str("on", "notification");
        event_end();
        return;
    }
    event_thread_cptr("wait", t, cptr);
    event_u64("badge", t->ctx.rdi);
    event_bool("blocking", blocking);
    event_end();
}

void handle_recv(struct tcb *t, bool blocking)
{
    word_t cptr = t->ctx.rdi;
    struct lookup_result r = lookup_slot(t, cptr);
    if (r.status) {
        recv_cap_fault(t, cptr, &r.lf);
        return;
    }
    struct cap c = r.slot->cap;
    struct lookup_fault missing = { .type = seL4_MissingCapability, .bits_left = 0 };
    if (c.type == cap_endpoint && (c.rights & seL4_CanRead.words[0])) {
        cte_delete(&t->slots[TCB_CALLER]);
        receive_ipc(t, c, blocking, cptr);
    } else if (c.type == cap_notification && (c.rights & seL4_CanRead.words[0])) {
        handle_recv_notification(t, c, cptr, blocking);
    } else {
        recv_cap_fault(t, cptr, &missing);
    }
}

void handle_reply(struct tcb *t)
{
    struct cte *slot = &t->slots[TCB_CALLER];
    if (slot->cap.type == cap_reply)
        do_reply_transfer(t, kptr_of(slot->cap.ptr), slot, slot->cap.data != 0);
}

static void handle_yield(struct tcb *t)
{
    sched_yield(t);
}

/* ---- debug system calls ---- */

static void debug_halt(struct tcb *t)
{
    if (t->ctx.rsi == CAPLAB_EXIT_MAGIC) {
        word_t status = t->ctx.rdi & 0xff;
        kprintf("caplab: thread \"%s\" exited with status %lu; halting.\n", thread_name(t), status);
        kernel_halt("exit", status, t);
    }
    if (t->ctx.rsi == CAPLAB_THREAD_EXIT_MAGIC) {
        thread_exit(t, t->ctx.rdi & 0xff, t->ctx.r10 != 0);
        return;
    }
    kprintf("Debug halt syscall from user thread %p \"%s\"\n", (void *)t, thread_name(t));
    kernel_halt("debug_halt", 0, t);
}

static void debug_cap_identify(struct tcb *t)
{
    word_t cptr = t->ctx.rdi;
    struct lookup_result r = lookup_slot(t, cptr);
    word_t tag = r.status ? cap_null : r.slot->cap.type;
    t->ctx.rdi = tag;
    event_thread_cptr("cap_identify", t, cptr);
    event_u64("tag", tag);
    event_end();
}

static void debug_name_thread(struct tcb *t)
{
    word_t cptr = t->ctx.rdi;
    struct lookup_result r = lookup_slot(t, cptr);
    word_t *buf = tcb_ipc_buffer(t, false);
    if (r.status || r.slot->cap.type != cap_thread) {
        user_error_line(__func__, __LINE__, t, "DebugNameThread: cap is not a TCB; halting.");
        kernel_halt("debug_halt", 0, t);
    }
    if (!buf) {
        user_error_line(__func__, __LINE__, t, "DebugNameThread: the thread has no IPC buffer; halting.");
        kernel_halt("debug_halt", 0, t);
    }
    const char *name = (const char *)&buf[1];
    size_t max = seL4_MsgMaxLength * sizeof(word_t), len = 0;
    while (len < max && name[len]) len++;
    if (len >= TCB_NAME_LENGTH) {
        user_error_line(__func__, __LINE__, t, "DebugNameThread: name too long; halting.");
        kernel_halt("debug_halt", 0, t);
    }
    struct tcb *target = kptr_of(r.slot->cap.ptr);
    memcpy(target->name, name, len);
    target->name[len] = '\0';
    event_thread_cptr("name_thread", t, cptr);
    event_str("name", target->name);
    event_end();
}

/* Our "snapshot": list the invoker's root CNode, one line per full slot. */
static void debug_snapshot(struct tcb *t)
{
    kprintf("Debug snapshot from user thread %p \"%s\": CSpace root\n", (void *)t, thread_name(t));
    struct cap root = t->slots[TCB_CTABLE].cap;
    if (root.type != cap_cnode)
        return;
    struct cte *slots = kptr_of(root.ptr);
    for (word_t i = 0; i < BIT(root.bits); i++) {
        struct cap *c = &slots[i].cap;
        if (c->type != cap_null)
            kprintf("  slot %lu: %s cap, object %p, rights 0x%x, data 0x%lx\n", i,
                    cap_type_name(c->type), (void *)c->ptr, c->rights, c->data);
    }
}

static void debug_dump_scheduler(struct tcb *t)
{
    kprintf("Scheduler: current thread %p \"%s\" priority %u\n", (void *)t,
            thread_name(t), t->priority);
}

static void handle_unknown_syscall(struct tcb *t, word_t number)
{
    fault_set_unknown_syscall(t, number);
    handle_fault(t);
}

static void handle_syscall(struct tcb *t, sword_t number)
{
    switch (number) {
    case seL4_SysCall:      handle_invocation(t, true, true); break;
    case seL4_SysSend:      handle_invocation(t, false, true); break;
    case seL4_SysNBSend:    handle_invocation(t, false, false); break;
    case seL4_SysRecv:      handle_recv(t, true); break;
    case seL4_SysNBRecv:    handle_recv(t, false); break;
    case seL4_SysReply:     handle_reply(t); break;
    case seL4_SysReplyRecv: handle_reply(t); handle_recv(t, true); break;
    case seL4_SysYield:     handle_yield(t); break;
    case seL4_SysDebugPutChar: serial_putc(SERIAL_CONSOLE, (char)t->ctx.rdi); break;
    case seL4_SysDebugHalt: debug_halt(t); break;
    case seL4_SysDebugCapIdentify: debug_cap_identify(t); break;
    case seL4_SysDebugNameThread: debug_name_thread(t); break;
    case seL4_SysDebugSnapshot: debug_snapshot(t); break;
    case seL4_SysDebugDumpScheduler: debug_dump_scheduler(t); break;
    default: handle_unknown_syscall(t, (word_t)number); break;
    }
}

NORETURN void c_handle_syscall(const struct user_context *frame)
{
    struct tcb *t = cur_thread;
    word_t fs = t->ctx.fs_base, gs = t->ctx.gs_base;
    t->ctx = *frame;
    t->ctx.fs_base = fs;
    t->ctx.gs_base = gs;
    t->ctx.fault_ip = frame->rip - 2;     /* the syscall instruction */
    t->fault_type = 0;                    /* a thread in a syscall is not faulting */
    t->resume_by_sysret = 1;
    handle_syscall(t, (sword_t)frame->rdx);
    activate_and_return();
}

/* The one-line report of a failed invocation, in seL4's shape. */
void user_error_line(const char *fn, int line, struct tcb *t, const char *msg)
{
    kprintf("<<seL4(CPU 0) [%s/%d T%p \"%s\" @%lx]: %s>>\n", fn, line, (void *)t,
            thread_name(t), t ? t->ctx.fault_ip : 0, msg);
}
