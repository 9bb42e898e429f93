/*
 * fault.c - user faults (spec 8).
 *
 * A fault is recorded in the faulting TCB (fault_type, fault[]) and then
 * handled: the kernel looks up the thread's fault endpoint cptr in the
 * thread's own CSpace.  If it names an endpoint with Write and Grant or
 * GrantReply, the fault is sent there as a Call from the faulting thread
 * (endpoint.c turns the record into the fault message) and the thread
 * waits for the reply.  Otherwise the kernel prints its fault report
 * (the second fault, "while trying to handle:", the first, the thread and
 * a stack dump), sends a "fault" event and suspends the thread.
 *
 * Record layout: fault_type = seL4_Fault_* + 1 (0 = none);
 *   CapFault       fault[0] cptr, fault[1] in_recv | lf.type << 8,
 *                  fault[2] lf.bits_left, fault[3] lf.bits_found | lf.guard_size << 32
 *   VMFault        fault[0] address, fault[1] FSR, fault[2] instruction fetch
 *   UserException  fault[0] vector, fault[1] error code
 *   UnknownSyscall fault[0] syscall number
 */
#include "kernel.h"

void fault_set_cap(struct tcb *t, word_t cptr, bool in_recv, const struct lookup_fault *lf)
{
    t->fault_type = seL4_Fault_CapFault + 1;
    t->fault[0] = cptr;
    t->fault[1] = (in_recv ? 1 : 0) | ((word_t)lf->type << 8);
    t->fault[2] = lf->bits_left;
    t->fault[3] = (lf->bits_found & MASK(32)) | ((word_t)lf->guard_size << 32);
}

void fault_set_vm(struct tcb *t, word_t addr, word_t fsr, bool fetch)
{
    t->fault_type = seL4_Fault_VMFault + 1;
    t->fault[0] = addr;
    t->fault[1] = fsr;
    t->fault[2] = fetch;
}

void fault_set_user_exception(struct tcb *t, word_t vector, word_t code)
{
    t->fault_type = seL4_Fault_UserException + 1;
    t->fault[0] = vector;
    t->fault[1] = code;
}

void fault_set_unknown_syscall(struct tcb *t, word_t number)
{
    t->fault_type = seL4_Fault_UnknownSyscall + 1;
    t->fault[0] = number;
}

static const char *fault_type_name(unsigned type)
{
    switch (type) {
    case seL4_Fault_CapFault + 1:       return "CapFault";
    case seL4_Fault_VMFault + 1:        return "VMFault";
    case seL4_Fault_UserException + 1:  return "UserException";
    case seL4_Fault_UnknownSyscall + 1: return "UnknownSyscall";
    default:                            return "NullFault";
    }
}

/* The one-line description of a fault record, as seL4 prints it. */
static void describe_fault(char *buf, size_t n, unsigned type, const word_t *f)
{
    switch (type) {
    case seL4_Fault_CapFault + 1:
        ksnprintf(buf, n, "cap fault in %s phase at address %p",
                  (f[1] & 1) ? "receive" : "send", (void *)f[0]);
        break;
    case seL4_Fault_VMFault + 1:
        ksnprintf(buf, n, "vm fault on %s at address %p with status %p",
                  f[2] ? "code" : "data", (void *)f[0], (void *)f[1]);
        break;
    case seL4_Fault_UserException + 1:
        ksnprintf(buf, n, "user exception %p code %p", (void *)f[0], (void *)f[1]);
        break;
    case seL4_Fault_UnknownSyscall + 1:
        ksnprintf(buf, n, "unknown syscall %p", (void *)f[0]);
        break;
    default:
        ksnprintf(buf, n, "null fault");
    }
}

static void print_stack(struct tcb *t)
{
    kprintf("With stack:\n");
    word_t sp = t->ctx.rsp;
    for (unsigned i = 0; i < CONFIG_USER_STACK_TRACE_LENGTH; i++) {
        word_t a = sp + i * sizeof(word_t), v;
        if (user_read_word(t, a, &v))
            kprintf("%p: %p\n", (void *)a, (void *)v);
        else
            kprintf("%p: INVALID\n", (void *)a);
    }
}

static void event_fault(struct tcb *t, bool handled, const char *text)
{
    event_begin("fault");
    event_str("thread", thread_name(t));
    event_str("type", fault_type_name(t->fault_type));
    event_hex("ip", t->ctx.fault_ip);
    event_hex("addr", t->fault[0]);
    event_str("text", text);
    event_bool("handled", handled);
    event_end();
}

/* No usable handler: print the report and suspend the thread. */
static void report_unhandled(struct tcb *t, word_t handler_cptr, const struct lookup_fault *lf)
{
    char original[96], second[96];
    describe_fault(original, sizeof(original), t->fault_type, t->fault);
    word_t sf[4] = { handler_cptr, 0, 0, 0 };
    describe_fault(second, sizeof(second), seL4_Fault_CapFault + 1, sf);
    kprintf("Caught %s\nwhile trying to handle:\n%s\n", second, original);
    kprintf("in thread %p \"%s\" at address %p\n", (void *)t, thread_name(t),
            (void *)t->ctx.fault_ip);
    print_stack(t);
    event_fault(t, false, original);
    t->fault_type = 0;          /* reported, not pending: nothing will reply to it */
    set_thread_state(t, ThreadState_Inactive);
}

void handle_fault(struct tcb *t)
{
    word_t cptr = t->fault_ep;
    struct lookup_result r = lookup_slot(t, cptr);
    struct lookup_fault lf = r.lf;
    if (r.status == 0) {
        struct cap c = r.slot->cap;
        unsigned need_grant = seL4_CanGrant.words[0] | seL4_CanGrantReply.words[0];
        if (c.type == cap_endpoint && (c.rights & seL4_CanWrite.words[0]) &&
            (c.rights & need_grant)) {
            char text[96];
            describe_fault(text, sizeof(text), t->fault_type, t->fault);
            event_fault(t, true, text);
            send_fault_ipc(t, c, cptr);
            return;
        }
        lf = (struct lookup_fault){ .type = seL4_MissingCapability, .bits_left = 0 };
    }
    report_unhandled(t, cptr, &lf);
}

/* Fault message MRs for the handler (spec 8 table). Returns the length. */
word_t fault_message(struct tcb *t, word_t *mr)
{
    const word_t *f = t->fault;
    const struct user_context *c = &t->ctx;
    switch (t->fault_type) {
    case seL4_Fault_CapFault + 1:
        mr[0] = c->fault_ip; mr[1] = f[0]; mr[2] = f[1] & 1; mr[3] = (f[1] >> 8) & 0xff;
        mr[4] = f[2]; mr[5] = f[3] & MASK(32); mr[6] = f[3] >> 32;
        return seL4_CapFault_Length;
    case seL4_Fault_VMFault + 1:
        mr[0] = c->fault_ip; mr[1] = f[0]; mr[2] = f[2]; mr[3] = f[1];
        return seL4_VMFault_Length;
    case seL4_Fault_UserException + 1:
        mr[0] = c->fault_ip; mr[1] = c->rsp; mr[2] = c->rflags; mr[3] = f[0]; mr[4] = f[1];
        return seL4_UserException_Length;
    case seL4_Fault_UnknownSyscall + 1: {
        const word_t regs[] = { c->rax, c->rbx, c->rcx, c->rdx, c->rsi, c->rdi, c->rbp,
                                c->r8, c->r9, c->r10, c->r11, c->r12, c->r13, c->r14,
                                c->r15, c->fault_ip, c->rsp, c->rflags };
        for (unsigned i = 0; i < ARRAY_SIZE(regs); i++) mr[i] = regs[i];
        mr[18] = f[0];
        return seL4_UnknownSyscall_Length;
    }
    default:
        return 0;
    }
}

word_t fault_label(const struct tcb *t)
{
    return t->fault_type ? t->fault_type - 1u : 0;
}
