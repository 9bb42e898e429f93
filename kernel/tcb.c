/*
 * tcb.c - thread control blocks: message registers, the IPC buffer, and
 * the TCB invocations (spec 9.1).
 *
 * Message registers 0..3 live in saved registers (REG_MR0..3 of
 * arch/x86_64/x86_64.h: R10, R8, R9, R15); the rest only in the IPC buffer
 * (word 1 + i).  A thread's IPC buffer is
 * reached through the frame cap in its TCB_BUFFER slot plus the offset of
 * its buffer address inside that frame, never through user page tables.
 *
 * Decoding follows the usual rule: each decode_* function makes every
 * check and changes nothing; then one invoke_tcb_* function performs the
 * effect and cannot fail.
 */
#include "kernel.h"
#include "arch/x86_64/x86_64.h"

/* ---- message registers and the buffer ---- */

word_t get_mr(struct tcb *t, word_t *buf, unsigned i)
{
    if (i < seL4_FastMessageRegisters)
        return *msg_register(&t->ctx, i);
    return buf && i < seL4_MsgMaxLength ? buf[1 + i] : 0;
}

void set_mr(struct tcb *t, word_t *buf, unsigned i, word_t v)
{
    if (i < seL4_FastMessageRegisters)
        *msg_register(&t->ctx, i) = v;
    else if (buf && i < seL4_MsgMaxLength)
        buf[1 + i] = v;
}

/*
 * The IPC buffer of t as a kernel pointer, or NULL.  Sending reads the
 * buffer, so the frame cap needs Read; receiving writes it, so it needs
 * Read and Write (seL4: a read-only buffer works for sending only).
 */
word_t *tcb_ipc_buffer(struct tcb *t, bool receiving)
{
    const struct cap *c = &t->slots[TCB_BUFFER].cap;
    if (!t->ipc_buffer || c->type != cap_frame || cap_is_device(c) ||
        !cap_has_rights(c, receiving ? seL4_ReadWrite : seL4_CanRead))
        return NULL;
    return kptr_of(c->ptr + (t->ipc_buffer & MASK(c->bits) & ~MASK(seL4_IPCBufferSizeBits)));
}

/* ---- registers ---- */

/*
 * Register i of seL4_UserContext.  "rip" is the thread's FaultIP: for a
 * thread stopped in a system call that is the `syscall` instruction, where
 * it will restart, as seL4 reports it.
 */
static word_t *user_reg(struct tcb *t, unsigned i)
{
    struct user_context *c = &t->ctx;
    word_t *regs[N_USER_REGS] = {
        [UREG_RIP] = &c->fault_ip, [UREG_RSP] = &c->rsp, [UREG_RFLAGS] = &c->rflags,
        [UREG_RAX] = &c->rax, [UREG_RBX] = &c->rbx, [UREG_RCX] = &c->rcx,
        [UREG_RDX] = &c->rdx, [UREG_RSI] = &c->rsi, [UREG_RDI] = &c->rdi,
        [UREG_RBP] = &c->rbp, [UREG_R8] = &c->r8, [UREG_R9] = &c->r9, [UREG_R10] = &c->r10,
        [UREG_R11] = &c->r11, [UREG_R12] = &c->r12, [UREG_R13] = &c->r13,
        [UREG_R14] = &c->r14, [UREG_R15] = &c->r15, [UREG_FS_BASE] = &c->fs_base,
        [UREG_GS_BASE] = &c->gs_base };
    return regs[i];
}

/* Registers that hold addresses: a non-canonical value would fault the
 * kernel's own return to user mode, so it becomes 0. */
static bool holds_address(unsigned i)
{
    return i == UREG_RIP || i == UREG_FS_BASE || i == UREG_GS_BASE;
}

static void write_user_reg(struct tcb *t, unsigned i, word_t v)
{
    if (i == UREG_RFLAGS) v = user_rflags(v);    /* no privileged flags (spec 9.1) */
    if (holds_address(i) && !is_canonical(v)) v = 0;
    *user_reg(t, i) = v;
    t->resume_by_sysret = 0;          /* RCX and R11 may matter now */
    if (i == UREG_RIP)
        t->ctx.rip = v;
}

void tcb_write_fault_reply_registers(struct tcb *r, struct tcb *replier, word_t *sbuf,
                                     word_t len, bool unknown_syscall)
{
    /* Same order as the fault message. */
    static const unsigned syscall_order[] = { UREG_RAX, UREG_RBX, UREG_RCX, UREG_RDX,
        UREG_RSI, UREG_RDI, UREG_RBP, UREG_R8, UREG_R9, UREG_R10, UREG_R11, UREG_R12,
        UREG_R13, UREG_R14, UREG_R15, UREG_RIP, UREG_RSP, UREG_RFLAGS };
    static const unsigned exception_order[] = { UREG_RIP, UREG_RSP, UREG_RFLAGS };
    const unsigned *order = unknown_syscall ? syscall_order : exception_order;
    word_t n = unknown_syscall ? ARRAY_SIZE(syscall_order) : ARRAY_SIZE(exception_order);
    for (word_t i = 0; i < MIN(len, n); i++)
        write_user_reg(r, order[i], get_mr(replier, sbuf, i));
}

/* ---- thread control ---- */

void tcb_suspend(struct tcb *t)
{
    fpu_release(t);                   /* before a deletion can free the TCB */
    cancel_ipc(t);
    /* seL4's updateRestartPC: a Running thread (preempted, or past a system
     * call that completed) restarts where it is, not at its last system
     * call; one in Restart (its call was cut short) makes that call again. */
    if (t->state == ThreadState_Running)
        t->ctx.fault_ip = t->ctx.rip;
    set_thread_state(t, ThreadState_Inactive);
}

/* Resume: a stopped thread restarts at the head of its queue (seL4). */
void tcb_restart(struct tcb *t)
{
    if (t->state == ThreadState_Inactive || t->state == ThreadState_BlockedOnReply) {
        cancel_ipc(t);
        set_thread_state(t, ThreadState_Restart);
        sched_enqueue(t);
    }
}

static struct tcb *target_of(const struct invocation *inv)
{
    return kptr_of(inv->cap.ptr);
}

/* ---- the effects (each cannot fail) ---- */

/* Suspend t if asked, then reply with its first `count` registers
 * (more than the register MRs need the caller's buffer). */
static void invoke_tcb_read_registers(struct invocation *inv, struct tcb *t, bool suspend,
                                      word_t count)
{
    if (suspend)
        tcb_suspend(t);
    for (word_t i = 0; i < count && i < ARRAY_SIZE(inv->reply_mr); i++)
        inv_reply_mr(inv, i, *user_reg(t, i));
}

/* Registers 0..count-1 of t from MR2 on, then resume t if asked. */
static void invoke_tcb_write_registers(const struct invocation *inv, struct tcb *t, bool resume,
                                       word_t count)
{
    for (word_t i = 0; i < count; i++)
        write_user_reg(t, i, inv_mr(inv, 2 + i));
    if (resume)
        tcb_restart(t);
}

static void invoke_tcb_copy_registers(struct tcb *dest, struct tcb *src, word_t flags)
{
    if (flags & COPYREGS_SUSPEND)
        tcb_suspend(src);
    if (flags & COPYREGS_FRAME)
        for (unsigned i = 0; i < N_FRAME_REGS; i++)
            write_user_reg(dest, i, *user_reg(src, i));
    if (flags & COPYREGS_INTEGER)
        for (unsigned i = N_FRAME_REGS; i < N_USER_REGS; i++)
            write_user_reg(dest, i, *user_reg(src, i));
    if (flags & COPYREGS_RESUME)
        tcb_restart(dest);
}

static void invoke_tcb_set_priorities(struct tcb *t, bool set_mcp, word_t mcp, bool set_prio,
                                      word_t prio)
{
    if (set_mcp)
        t->mcp = (uint8_t)mcp;
    if (set_prio)
        sched_set_priority(t, prio);
}

/*
 * Replace one of t's own slots with c, derived from src.  Deleting the old
 * cap can destroy objects (the old CSpace root may hold the last cap of
 * the CNode that holds src, or of t itself): insert only if src still holds
 * the same object and t's cap is still in the invoked slot, as seL4 does.
 */
static void install(const struct invocation *inv, enum tcb_slot which, struct cap c,
                    struct cte *src)
{
    struct tcb *t = kptr_of(inv->cap.ptr);
    cte_delete(&t->slots[which]);
    if (c.type == cap_null || !src)
        return;
    if (!same_object_as(&src->cap, &c) || !same_object_as(&inv->slot->cap, &inv->cap))
        return;
    cte_insert(c, src, &t->slots[which]);
}

/* What Configure/SetSpace/SetIPCBuffer install (decoded and derived). */
struct tcb_space {
    word_t fault_ep, buffer_vaddr;
    bool with_space, with_buffer;
    struct cap cspace, vspace, buffer;
    struct cte *cspace_src, *vspace_src, *buffer_src;
};

static void invoke_tcb_set_space(const struct invocation *inv, const struct tcb_space *s)
{
    /* Write the TCB's plain fields first: deleting its old caps below may
     * destroy the TCB itself. */
    struct tcb *t = target_of(inv);
    if (s->with_space)
        t->fault_ep = s->fault_ep;
    if (s->with_buffer)
        t->ipc_buffer = s->buffer_vaddr;
    if (s->with_space) {
        install(inv, TCB_CTABLE, s->cspace, s->cspace_src);
        install(inv, TCB_VTABLE, s->vspace, s->vspace_src);
    }
    if (s->with_buffer)
        install(inv, TCB_BUFFER, s->buffer, s->buffer_src);
}

static void invoke_tcb_suspend(struct tcb *t)
{
    tcb_suspend(t);
}

static void invoke_tcb_resume(struct tcb *t)
{
    tcb_restart(t);
}

static void invoke_tcb_bind_notification(struct tcb *t, struct notification *n)
{
    bind_notification(t, n);
}

static void invoke_tcb_unbind_notification(struct tcb *t)
{
    unbind_notification(t);
}

static void invoke_tcb_set_tls_base(struct tcb *t, word_t base)
{
    t->ctx.fs_base = is_canonical(base) ? base : 0;
}

/* ---- decoding ---- */

static seL4_Error decode_read_registers(struct invocation *inv)
{
    struct tcb *t = target_of(inv);
    if (inv->length < 2)
        return inv_fail(inv, seL4_TruncatedMessage, "TCB ReadRegisters: truncated message.");
    word_t flags = inv_mr(inv, 0), count = inv_mr(inv, 1);
    if (count < 1 || count > N_USER_REGS)
        return inv_range(inv, 1, N_USER_REGS, "TCB ReadRegisters: count %lu out of range.", count);
    if (t == inv->thread)
        return inv_fail(inv, seL4_IllegalOperation, "TCB ReadRegisters: cannot read own registers.");
    invoke_tcb_read_registers(inv, t, flags & READREGS_SUSPEND, count);
    return seL4_NoError;
}

static seL4_Error decode_write_registers(struct invocation *inv)
{
    struct tcb *t = target_of(inv);
    if (inv->length < 2)
        return inv_fail(inv, seL4_TruncatedMessage, "TCB WriteRegisters: truncated message.");
    word_t flags = inv_mr(inv, 0), count = inv_mr(inv, 1);
    if (inv->length - 2 < count)      /* checked before the count is cut to 20, as seL4 does */
        return inv_fail(inv, seL4_TruncatedMessage,
                        "TCB WriteRegisters: message shorter than count (%lu/%lu).",
                        inv->length - 2, count);
    count = MIN(count, (word_t)N_USER_REGS);
    if (t == inv->thread)
        return inv_fail(inv, seL4_IllegalOperation, "TCB WriteRegisters: cannot write own registers.");
    invoke_tcb_write_registers(inv, t, flags & WRITEREGS_RESUME, count);
    return seL4_NoError;
}

static seL4_Error decode_copy_registers(struct invocation *inv)
{
    if (inv->length < 1 || inv->extra_count < 1)
        return inv_fail(inv, seL4_TruncatedMessage, "TCB CopyRegisters: truncated message.");
    struct cap src_cap = inv->extra[0]->cap;
    if (src_cap.type != cap_thread)
        return inv_invalid_cap(inv, 1, "TCB CopyRegisters: source is not a TCB.");
    invoke_tcb_copy_registers(target_of(inv), kptr_of(src_cap.ptr), inv_mr(inv, 0));
    return seL4_NoError;
}

/* Priority checks against an authority TCB's MCP. */
static seL4_Error check_prio(struct invocation *inv, unsigned cap_index, word_t prio,
                             const char *what)
{
    if (inv->extra_count <= cap_index)
        return inv_fail(inv, seL4_TruncatedMessage, "TCB %s: no authority cap.", what);
    struct cap a = inv->extra[cap_index]->cap;
    if (a.type != cap_thread)
        return inv_invalid_cap(inv, cap_index + 1, "TCB %s: authority is not a TCB.", what);
    struct tcb *auth = kptr_of(a.ptr);
    if (prio > auth->mcp)
        return inv_range(inv, 0, auth->mcp, "TCB %s: %lu is above the authority's MCP %u.",
                         what, prio, auth->mcp);
    return seL4_NoError;
}

static seL4_Error decode_set_priority(struct invocation *inv, bool set_prio, bool set_mcp)
{
    const char *what = invocation_label_name(inv->label);
    unsigned need = (set_prio && set_mcp) ? 2 : 1;
    if (inv->length < need)
        return inv_fail(inv, seL4_TruncatedMessage, "%s: truncated message.", what);
    word_t mcp = inv_mr(inv, 0), prio = set_mcp && set_prio ? inv_mr(inv, 1) : inv_mr(inv, 0);
    seL4_Error e;
    if (set_mcp && (e = check_prio(inv, 0, mcp, what)))
        return e;
    if (set_prio && (e = check_prio(inv, 0, prio, what)))
        return e;
    invoke_tcb_set_priorities(target_of(inv), set_mcp, mcp, set_prio, prio);
    return seL4_NoError;
}

/* Validate a CSpace root cap (and optional guard data) for Configure/SetSpace. */
static seL4_Error check_cspace(struct invocation *inv, struct cte *slot, word_t data,
                               struct cap *out)
{
    struct cap c = slot->cap;
    if (c.type != cap_cnode)
        return inv_fail(inv, seL4_IllegalOperation, "TCB: CSpace root is not a CNode.");
    if (data) {
        c = update_cap_data(false, data, c);
        if (c.type == cap_null)
            return inv_fail(inv, seL4_IllegalOperation, "TCB: invalid CSpace root data.");
    }
    if (derive_cap(slot, c, out) != seL4_NoError || out->type == cap_null)
        return inv_fail(inv, seL4_IllegalOperation, "TCB: CSpace root cannot be derived.");
    return seL4_NoError;
}

static seL4_Error check_vspace(struct invocation *inv, struct cte *slot, struct cap *out)
{
    struct cap c = slot->cap;
    if (!vspace_root_valid(&c))
        return inv_fail(inv, seL4_IllegalOperation, "TCB: VSpace root is not a PML4 with a valid ASID.");
    if (derive_cap(slot, c, out) != seL4_NoError || out->type == cap_null)
        return inv_fail(inv, seL4_IllegalOperation, "TCB: VSpace root cannot be derived.");
    return seL4_NoError;
}

static seL4_Error check_buffer(struct invocation *inv, word_t vaddr, struct cte *slot,
                               struct cap *out)
{
    if (vaddr == 0) {
        *out = cap_null_new();
        return seL4_NoError;
    }
    if (!slot)
        return inv_fail(inv, seL4_TruncatedMessage, "TCB: no IPC buffer frame cap.");
    struct cap c = slot->cap;
    if (c.type != cap_frame || cap_is_device(&c))
        return inv_fail(inv, seL4_IllegalOperation, "TCB: IPC buffer must be a non-device frame.");
    if (!IS_ALIGNED(vaddr, seL4_IPCBufferSizeBits))
        return inv_fail(inv, seL4_AlignmentError, "TCB: IPC buffer address %p is not 1 KiB aligned.",
                        (void *)vaddr);
    if (derive_cap(slot, c, out) != seL4_NoError || out->type == cap_null)
        return inv_fail(inv, seL4_IllegalOperation, "TCB: IPC buffer frame cannot be derived.");
    return seL4_NoError;
}

static seL4_Error decode_set_space(struct invocation *inv, bool with_buffer)
{
    unsigned need_len = with_buffer ? 4 : 3, need_caps = with_buffer ? 3 : 2;
    if (inv->length < need_len || inv->extra_count < need_caps)
        return inv_fail(inv, seL4_TruncatedMessage, "%s: truncated message.",
                        invocation_label_name(inv->label));
    struct tcb_space s = { .with_space = true, .with_buffer = with_buffer,
                           .buffer = cap_null_new() };
    seL4_Error e;
    /* seL4's order: Configure checks the IPC buffer before the roots */
    s.buffer_vaddr = with_buffer ? inv_mr(inv, 3) : 0;
    if (with_buffer && (e = check_buffer(inv, s.buffer_vaddr, inv->extra[2], &s.buffer)))
        return e;
    if ((e = check_cspace(inv, inv->extra[0], inv_mr(inv, 1), &s.cspace)) ||
        (e = check_vspace(inv, inv->extra[1], &s.vspace)))
        return e;
    s.fault_ep = inv_mr(inv, 0);
    s.cspace_src = inv->extra[0];
    s.vspace_src = inv->extra[1];
    s.buffer_src = with_buffer ? inv->extra[2] : NULL;
    invoke_tcb_set_space(inv, &s);
    return seL4_NoError;
}

static seL4_Error decode_set_ipc_buffer(struct invocation *inv)
{
    /* the frame cap is required even for address 0, as on seL4 */
    if (inv->length < 1 || inv->extra_count < 1)
        return inv_fail(inv, seL4_TruncatedMessage, "TCB SetIPCBuffer: truncated message.");
    struct tcb_space s = { .with_buffer = true, .buffer_vaddr = inv_mr(inv, 0) };
    s.buffer_src = inv->extra[0];
    seL4_Error e = check_buffer(inv, s.buffer_vaddr, s.buffer_src, &s.buffer);
    if (e)
        return e;
    invoke_tcb_set_space(inv, &s);
    return seL4_NoError;
}

static seL4_Error decode_bind_notification(struct invocation *inv)
{
    struct tcb *t = target_of(inv);
    if (inv->extra_count < 1)
        return inv_fail(inv, seL4_TruncatedMessage, "TCB BindNotification: no notification cap.");
    struct cap c = inv->extra[0]->cap;
    if (t->bound_ntfn)
        return inv_fail(inv, seL4_IllegalOperation, "TCB BindNotification: already bound.");
    if (c.type != cap_notification || !cap_has_rights(&c, seL4_CanRead))
        return inv_fail(inv, seL4_IllegalOperation,
                        "TCB BindNotification: need a notification cap with Read.");
    struct notification *n = kptr_of(c.ptr);
    if (n->bound_tcb || n->state == NTFN_WAITING)
        return inv_fail(inv, seL4_IllegalOperation,
                        "TCB BindNotification: notification is bound or has waiters.");
    invoke_tcb_bind_notification(t, n);
    return seL4_NoError;
}

static seL4_Error decode_unbind_notification(struct invocation *inv)
{
    struct tcb *t = target_of(inv);
    if (!t->bound_ntfn)
        return inv_fail(inv, seL4_IllegalOperation, "TCB UnbindNotification: not bound.");
    invoke_tcb_unbind_notification(t);
    return seL4_NoError;
}

static seL4_Error decode_set_tls_base(struct invocation *inv)
{
    if (inv->length < 1)
        return inv_fail(inv, seL4_TruncatedMessage, "TCB SetTLSBase: truncated message.");
    invoke_tcb_set_tls_base(target_of(inv), inv_mr(inv, 0));
    return seL4_NoError;
}

seL4_Error decode_tcb_invocation(struct invocation *inv)
{
    struct tcb *t = target_of(inv);
    switch (inv->label) {
    case TCBReadRegisters:  return decode_read_registers(inv);
    case TCBWriteRegisters: return decode_write_registers(inv);
    case TCBCopyRegisters:  return decode_copy_registers(inv);
    case TCBConfigure:      return decode_set_space(inv, true);
    case TCBSetSpace:       return decode_set_space(inv, false);
    case TCBSetIPCBuffer:   return decode_set_ipc_buffer(inv);
    case TCBSetPriority:    return decode_set_priority(inv, true, false);
    case TCBSetMCPriority:  return decode_set_priority(inv, false, true);
    case TCBSetSchedParams: return decode_set_priority(inv, true, true);
    case TCBSuspend:        invoke_tcb_suspend(t); return seL4_NoError;
    case TCBResume:         invoke_tcb_resume(t); return seL4_NoError;
    case TCBBindNotification: return decode_bind_notification(inv);
    case TCBUnbindNotification: return decode_unbind_notification(inv);
    case TCBSetTLSBase:     return decode_set_tls_base(inv);
    default:
        return inv_fail(inv, seL4_IllegalOperation, "TCB: illegal operation (label %lu).", inv->label);
    }
}
