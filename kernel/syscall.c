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
 * handle_syscall dispatches on the system call number (REG_SYSCALL) and
 * passes the cptr the caller named (REG_CPTR) on as a value:
 *   Send/NBSend/Call -> handle_invocation (invocation.c), the one dispatch
 *                       over every cap type;
 *   Recv/NBRecv      -> receive on an endpoint or notification cap;
 *                       anything else is a cap fault;
 *   Reply            -> the reply cap in the caller's TCB_CALLER slot;
 *   the rest         -> Yield and the debug calls.
 */
#include "kernel.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/x86_64.h"

static void event_thread_cptr(const char *ev, struct tcb *t, word_t cptr)
{
    event_begin(ev);
    event_str("thread", thread_name(t));
    event_u64("cptr", cptr);
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
    event_u64("badge", t->ctx.REG_BADGE);
    event_bool("blocking", blocking);
    event_end();
}

void handle_recv(struct tcb *t, word_t cptr, bool blocking)
{
    struct lookup_result r = lookup_slot(t, cptr);
    if (r.status) {
        recv_cap_fault(t, cptr, &r.lf);
        return;
    }
    struct cap c = r.slot->cap;
    struct lookup_fault missing = { .type = seL4_MissingCapability, .bits_left = 0 };
    if (c.type == cap_endpoint && cap_has_rights(&c, seL4_CanRead)) {
        cte_delete(&t->slots[TCB_CALLER]);
        receive_ipc(t, c, blocking, cptr);
    } else if (c.type == cap_notification && cap_has_rights(&c, seL4_CanRead)) {
        handle_recv_notification(t, c, cptr, blocking);
    } else {
        recv_cap_fault(t, cptr, &missing);
    }
}

void handle_reply(struct tcb *t)
{
    struct cte *slot = &t->slots[TCB_CALLER];
    if (slot->cap.type == cap_reply)
        do_reply_transfer(t, kptr_of(slot->cap.ptr), slot, cap_reply_can_grant(&slot->cap));
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
    word_t cptr = t->ctx.REG_CPTR;
    struct lookup_result r = lookup_slot(t, cptr);
    word_t tag = r.status ? cap_null : r.slot->cap.type;
    t->ctx.REG_CPTR = tag;                /* the answer comes back in the same register */
    event_thread_cptr("cap_identify", t, cptr);
    event_u64("tag", tag);
    event_end();
}

static void debug_name_thread(struct tcb *t)
{
    word_t cptr = t->ctx.REG_CPTR;
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
    /* As seL4: no NUL in the whole message area halts; a name that is
     * merely longer than the TCB keeps is cut to TCB_NAME_LENGTH - 1. */
    const char *name = (const char *)&buf[1];
    size_t max = seL4_MsgMaxLength * sizeof(word_t), len = 0;
    while (len < max && name[len]) len++;
    if (len == max) {
        user_error_line(__func__, __LINE__, t, "DebugNameThread: name too long; halting.");
        kernel_halt("debug_halt", 0, t);
    }
    len = MIN(len, (size_t)TCB_NAME_LENGTH - 1);
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

static void handle_unknown_syscall(struct tcb *t, word_t number)
{
    fault_set_unknown_syscall(t, number);
    handle_fault(t);
}

static void handle_syscall(struct tcb *t, sword_t number, word_t cptr)
{
    switch (number) {
    case seL4_SysCall:      handle_invocation(t, cptr, true, true); break;
    case seL4_SysSend:      handle_invocation(t, cptr, false, true); break;
    case seL4_SysNBSend:    handle_invocation(t, cptr, false, false); break;
    case seL4_SysRecv:      handle_recv(t, cptr, true); break;
    case seL4_SysNBRecv:    handle_recv(t, cptr, false); break;
    case seL4_SysReply:     handle_reply(t); break;
    case seL4_SysReplyRecv: handle_reply(t); handle_recv(t, cptr, true); break;
    case seL4_SysYield:     handle_yield(t); break;
    case seL4_SysDebugPutChar: serial_putc(SERIAL_CONSOLE, (char)t->ctx.rdi); break;
    case seL4_SysDebugHalt: debug_halt(t); break;
    case seL4_SysDebugCapIdentify: debug_cap_identify(t); break;
    case seL4_SysDebugNameThread: debug_name_thread(t); break;
    case seL4_SysDebugSnapshot: debug_snapshot(t); break;
    case seL4_SysDebugDumpScheduler: debug_dump_scheduler(); break;
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
    handle_syscall(t, (sword_t)frame->REG_SYSCALL, frame->REG_CPTR);
    activate_and_return();
}
