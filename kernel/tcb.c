/*
 * tcb.c - thread control blocks: message registers, the IPC buffer, and
 * the TCB invocations (spec 9.1).
 *
 * Message registers 0..3 live in the saved registers R10, R8, R9 and R15;
 * the rest only in the IPC buffer (word 1 + i).  A thread's IPC buffer is
 * reached through the frame cap in its TCB_BUFFER slot plus the offset of
 * its buffer address inside that frame, never through user page tables.
 *
 * Decoding follows the usual rule: every check first, then invoke_tcb_*
 * which cannot fail.
 */
#include "kernel.h"

#define N_USER_REGS 20          /* seL4_UserContext */

/* ---- message registers and the buffer ---- */

static word_t *mr_register(struct tcb *t, unsigned i)
{
    switch (i) {
    case 0: return &t->ctx.r10;
    case 1: return &t->ctx.r8;
    case 2: return &t->ctx.r9;
    default: return &t->ctx.r15;
    }
}

word_t get_mr(struct tcb *t, word_t *buf, unsigned i)
{
    if (i < seL4_FastMessageRegisters)
        return *mr_register(t, i);
    return buf && i < seL4_MsgMaxLength ? buf[1 + i] : 0;
}

void set_mr(struct tcb *t, word_t *buf, unsigned i, word_t v)
{
    if (i < seL4_FastMessageRegisters)
        *mr_register(t, i) = v;
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
    unsigned need = receiving ? seL4_ReadWrite.words[0] : seL4_CanRead.words[0];
    if (!t->ipc_buffer || c->type != cap_frame || (c->flags & CAP_F_DEVICE) ||
        (c->rights & need) != need)
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
    word_t *regs[N_USER_REGS] = { &c->fault_ip, &c->rsp, &c->rflags, &c->rax, &c->rbx, &c->rcx,
        &c->rdx, &c->rsi, &c->rdi, &c->rbp, &c->r8, &c->r9, &c->r10, &c->r11, &c->r12,
        &c->r13, &c->r14, &c->r15, &c->fs_base, &c->gs_base };
    return regs[i];
}

static bool canonical(word_t v)
{
    word_t top = v >> 47;
    return top == 0 || top == MASK(17);
}

static void write_user_reg(struct tcb *t, unsigned i, word_t v)
{
    if (i == 2) v = user_rflags(v);           /* no privileged flags (spec 9.1) */
    if ((i == 0 || i >= 18) && !canonical(v)) v = 0;
    *user_reg(t, i) = v;
    t->resume_by_sysret = 0;          /* RCX and R11 may matter now */
    if (i == 0)
        t->ctx.rip = v;
}

void tcb_write_fault_reply_registers(struct tcb *r, struct tcb *replier, word_t *sbuf,
                                     word_t len, bool unknown_syscall)
{
    /* Same order as the fault message. */
    static const unsigned syscall_order[] = { 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 0, 1, 2 };
    static const unsigned exception_order[] = { 0, 1, 2 };
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
    set_thread_state(t, ThreadState_Inactive);
}

void tcb_restart(struct tcb *t)
{
    if (t->state == ThreadState_Inactive || t->state == ThreadState_BlockedOnReply) {
        cancel_ipc(t);
        set_thread_state(t, ThreadState_Restart);
    }
}

static struct tcb *target_of(const struct invocation *inv)
{
    return kptr_of(inv->cap.ptr);
}

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
    if (flags & 1)
        tcb_suspend(t);
    /* Reply MRs: more than the register MRs need the caller's buffer. */
    for (word_t i = 0; i < count && i < ARRAY_SIZE(inv->reply_mr); i++)
        inv_reply_mr(inv, i, *user_reg(t, i));
    return seL4_NoError;
}

static seL4_Error decode_write_registers(struct invocation *inv)
{
    struct tcb *t = target_of(inv);
    if (inv->length < 2)
        return inv_fail(inv, seL4_TruncatedMessage, "TCB WriteRegisters: truncated message.");
    word_t flags = inv_mr(inv, 0), count = MIN(inv_mr(inv, 1), (word_t)N_USER_REGS);
    if (inv->length - 2 < count)
        return inv_fail(inv, seL4_TruncatedMessage, "TCB WriteRegisters: message shorter than count.");
    if (t == inv->thread)
        return inv_fail(inv, seL4_IllegalOperation, "TCB WriteRegisters: cannot write own registers.");
    for (word_t i = 0; i < count; i++)
        write_user_reg(t, i, inv_mr(inv, 2 + i));
    if (flags & 1)
        tcb_restart(t);
    return seL4_NoError;
}

static seL4_Error decode_copy_registers(struct invocation *inv)
{
    struct tcb *dest = target_of(inv);
    if (inv->length < 1 || inv->extra_count < 1)
        return inv_fail(inv, seL4_TruncatedMessage, "TCB CopyRegisters: truncated message.");
    struct cap src_cap = inv->extra[0]->cap;
    if (src_cap.type != cap_thread)
        return inv_invalid_cap(inv, 1, "TCB CopyRegisters: source is not a TCB.");
    struct tcb *src = kptr_of(src_cap.ptr);
    word_t flags = inv_mr(inv, 0);
    if (flags & 1) tcb_suspend(src);
    if (flags & 4)
        for (unsigned i = 0; i < 3; i++)
            write_user_reg(dest, i, *user_reg(src, i));
    if (flags & 8) {
        for (unsigned i = 3; i < N_USER_REGS; i++)
            *user_reg(dest, i) = *user_reg(src, i);
        dest->resume_by_sysret = 0;
    }
    if (flags & 2) tcb_restart(dest);
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
    struct tcb *t = target_of(inv);
    if (set_mcp)
        t->mcp = (uint8_t)mcp;
    if (set_prio)
        sched_set_priority(t, prio);
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
    if (c.type != cap_frame || (c.flags & CAP_F_DEVICE))
        return inv_fail(inv, seL4_IllegalOperation, "TCB: IPC buffer must be a non-device frame.");
    if (!IS_ALIGNED(vaddr, seL4_IPCBufferSizeBits))
        return inv_fail(inv, seL4_AlignmentError, "TCB: IPC buffer address %p is not 1 KiB aligned.",
                        (void *)vaddr);
    if (derive_cap(slot, c, out) != seL4_NoError || out->type == cap_null)
        return inv_fail(inv, seL4_IllegalOperation, "TCB: IPC buffer frame cannot be derived.");
    return seL4_NoError;
}

/*
 * Replace one of t's own slots with c, derived from src.  Deleting the old
 * cap can destroy objects (the old CSpace root may hold the last cap of
 * the CNode that holds src, or of t itself): insert only if src still holds
 * the same object and t's cap is still in the invoked slot, as seL4 does.
 */
static void install(struct invocation *inv, enum tcb_slot which, struct cap c, struct cte *src)
{
    struct tcb *t = kptr_of(inv->cap.ptr);
    cte_delete(&t->slots[which]);
    if (c.type == cap_null || !src)
        return;
    if (!same_object_as(&src->cap, &c) || !same_object_as(&inv->slot->cap, &inv->cap))
        return;
    cte_insert(c, src, &t->slots[which]);
}

static seL4_Error decode_set_space(struct invocation *inv, bool with_buffer)
{
    unsigned need_len = with_buffer ? 4 : 3, need_caps = with_buffer ? 3 : 2;
    if (inv->length < need_len || inv->extra_count < need_caps)
        return inv_fail(inv, seL4_TruncatedMessage, "%s: truncated message.",
                        invocation_label_name(inv->label));
    struct cap cs, vs, buf = cap_null_new();
    seL4_Error e;
    if ((e = check_cspace(inv, inv->extra[0], inv_mr(inv, 1), &cs)) ||
        (e = check_vspace(inv, inv->extra[1], &vs)))
        return e;
    word_t vaddr = with_buffer ? inv_mr(inv, 3) : 0;
    if (with_buffer && (e = check_buffer(inv, vaddr, inv->extra[2], &buf)))
        return e;
    /* Write the TCB's plain fields first: deleting its old caps below may
     * destroy the TCB itself. */
    struct tcb *t = target_of(inv);
    t->fault_ep = inv_mr(inv, 0);
    if (with_buffer)
        t->ipc_buffer = vaddr;
    install(inv, TCB_CTABLE, cs, inv->extra[0]);
    install(inv, TCB_VTABLE, vs, inv->extra[1]);
    if (with_buffer)
        install(inv, TCB_BUFFER, buf, inv->extra[2]);
    return seL4_NoError;
}

static seL4_Error decode_set_ipc_buffer(struct invocation *inv)
{
    if (inv->length < 1)
        return inv_fail(inv, seL4_TruncatedMessage, "TCB SetIPCBuffer: truncated message.");
    word_t vaddr = inv_mr(inv, 0);
    struct cte *slot = inv->extra_count ? inv->extra[0] : NULL;
    struct cap buf;
    seL4_Error e = check_buffer(inv, vaddr, slot, &buf);
    if (e)
        return e;
    target_of(inv)->ipc_buffer = vaddr;      /* before install: see decode_set_space */
    install(inv, TCB_BUFFER, buf, slot);
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
    if (c.type != cap_notification || !(c.rights & seL4_CanRead.words[0]))
        return inv_fail(inv, seL4_IllegalOperation,
                        "TCB BindNotification: need a notification cap with Read.");
    struct notification *n = kptr_of(c.ptr);
    if (n->bound_tcb || n->state == NTFN_WAITING)
        return inv_fail(inv, seL4_IllegalOperation,
                        "TCB BindNotification: notification is bound or has waiters.");
    bind_notification(t, n);
    return seL4_NoError;
}

static seL4_Error decode_set_tls_base(struct invocation *inv)
{
    if (inv->length < 1)
        return inv_fail(inv, seL4_TruncatedMessage, "TCB SetTLSBase: truncated message.");
    word_t base = inv_mr(inv, 0);
    target_of(inv)->ctx.fs_base = canonical(base) ? base : 0;
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
    case TCBSuspend:        tcb_suspend(t); return seL4_NoError;
    case TCBResume:         tcb_restart(t); return seL4_NoError;
    case TCBBindNotification: return decode_bind_notification(inv);
    case TCBUnbindNotification:
        if (!t->bound_ntfn)
            return inv_fail(inv, seL4_IllegalOperation, "TCB UnbindNotification: not bound.");
        unbind_notification(t);
        return seL4_NoError;
    case TCBSetTLSBase:     return decode_set_tls_base(inv);
    default:
        return inv_fail(inv, seL4_IllegalOperation, "TCB: illegal operation (label %lu).", inv->label);
    }
}
