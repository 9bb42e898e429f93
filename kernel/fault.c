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
 * The record: fault_type = seL4_Fault_* + 1 (0 = none), and in the TCB's
 * fault[] words one of the structs below, chosen by fault_type.  They are
 * copied in and out with memcpy (never read through a cast), and each
 * starts with the word the "fault" event reports as "addr".
 */
#include "kernel.h"

struct cap_fault_record {
    word_t  cptr;            /* the cptr that failed to resolve */
    word_t  bits_left;       /* the lookup failure (spec 3.2) */
    word_t  bits_found;      /*   kept to 32 bits, as the fault message carries it */
    uint8_t in_recv;         /* in the receive phase of the system call */
    uint8_t lookup_type;     /* seL4_LookupFailureType */
    uint8_t guard_size;
};

struct vm_fault_record {
    word_t addr;             /* CR2 */
    word_t fsr;              /* the page fault error code */
    bool   fetch;            /* bit 4 of fsr: PrefetchFault, "code" in the report */
};

struct user_exception_record {
    word_t vector, code;
};

struct unknown_syscall_record {
    word_t number;
};

#define FAULT_WORDS ARRAY_SIZE(((struct tcb *)0)->fault)
_Static_assert(sizeof(struct cap_fault_record) <= FAULT_WORDS * sizeof(word_t), "fits tcb.fault");
_Static_assert(sizeof(struct vm_fault_record) <= FAULT_WORDS * sizeof(word_t), "fits tcb.fault");

static void set_record(struct tcb *t, unsigned type, const void *record, size_t size)
{
    t->fault_type = (uint8_t)(type + 1);
    memset(t->fault, 0, sizeof(t->fault));
    memcpy(t->fault, record, size);
}

#define RECORD_OF(type, words) ({ type r_; memcpy(&r_, (words), sizeof(r_)); r_; })

void fault_set_cap(struct tcb *t, word_t cptr, bool in_recv, const struct lookup_fault *lf)
{
    struct cap_fault_record r = { .cptr = cptr, .bits_left = lf->bits_left,
        .bits_found = lf->bits_found & MASK(32), .in_recv = in_recv,
        .lookup_type = lf->type, .guard_size = (uint8_t)lf->guard_size };
    set_record(t, seL4_Fault_CapFault, &r, sizeof(r));
}

void fault_set_vm(struct tcb *t, word_t addr, word_t fsr, bool fetch)
{
    struct vm_fault_record r = { .addr = addr, .fsr = fsr, .fetch = fetch };
    set_record(t, seL4_Fault_VMFault, &r, sizeof(r));
}

void fault_set_user_exception(struct tcb *t, word_t vector, word_t code)
{
    struct user_exception_record r = { .vector = vector, .code = code };
    set_record(t, seL4_Fault_UserException, &r, sizeof(r));
}

void fault_set_unknown_syscall(struct tcb *t, word_t number)
{
    struct unknown_syscall_record r = { .number = number };
    set_record(t, seL4_Fault_UnknownSyscall, &r, sizeof(r));
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
    case seL4_Fault_CapFault + 1: {
        struct cap_fault_record r = RECORD_OF(struct cap_fault_record, f);
        ksnprintf(buf, n, "cap fault in %s phase at address %p",
                  r.in_recv ? "receive" : "send", (void *)r.cptr);
        break;
    }
    case seL4_Fault_VMFault + 1: {
        struct vm_fault_record r = RECORD_OF(struct vm_fault_record, f);
        ksnprintf(buf, n, "vm fault on %s at address %p with status %p",
                  r.fetch ? "code" : "data", (void *)r.addr, (void *)r.fsr);
        break;
    }
    case seL4_Fault_UserException + 1: {
        struct user_exception_record r = RECORD_OF(struct user_exception_record, f);
        ksnprintf(buf, n, "user exception %p code %p", (void *)r.vector, (void *)r.code);
        break;
    }
    case seL4_Fault_UnknownSyscall + 1:
        ksnprintf(buf, n, "unknown syscall %p",
                  (void *)RECORD_OF(struct unknown_syscall_record, f).number);
        break;
    default:
        ksnprintf(buf, n, "null fault");
    }
}

/* seL4's stack dump: words as 0x%lx (so 0 is "0x0", not "(nil)"), none
 * when RSP is not word-aligned. */
static void print_stack(struct tcb *t)
{
    kprintf("With stack:\n");
    word_t sp = t->ctx.rsp;
    if (sp % sizeof(word_t)) {
        kprintf("RSP not aligned\n");
        return;
    }
    for (unsigned i = 0; i < CONFIG_USER_STACK_TRACE_LENGTH; i++) {
        word_t a = sp + i * sizeof(word_t), v;
        if (user_read_word(t, a, &v))
            kprintf("0x%lx: 0x%lx\n", a, v);
        else
            kprintf("0x%lx: INVALID\n", a);
    }
}

static void event_fault(struct tcb *t, bool handled, const char *text)
{
    event_begin("fault");
    event_str("thread", thread_name(t));
    event_str("type", fault_type_name(t->fault_type));
    event_hex("ip", t->ctx.fault_ip);
    event_hex("addr", t->fault[0]);        /* every record's first word */
    event_str("text", text);
    event_bool("handled", handled);
    event_end();
}

/* No usable handler: print the report and suspend the thread. */
static void report_unhandled(struct tcb *t, word_t handler_cptr, const struct lookup_fault *lf)
{
    char original[96], second[96];
    describe_fault(original, sizeof(original), t->fault_type, t->fault);
    struct cap_fault_record handler = { .cptr = handler_cptr };
    word_t sf[FAULT_WORDS] = { 0 };
    memcpy(sf, &handler, sizeof(handler));
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
        if (c.type == cap_endpoint && cap_has_rights(&c, seL4_CanWrite) &&
            (cap_has_rights(&c, seL4_CanGrant) || cap_has_rights(&c, seL4_CanGrantReply))) {
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

/* A CapFault message ends with the lookup failure's own words, as many as
 * its kind has (seL4's setMRs_lookup_failure): none for InvalidRoot, bits
 * left for MissingCapability, and bits found too for DepthMismatch, guard
 * and guard bits found for GuardMismatch. */
static word_t cap_fault_length(unsigned lookup_type)
{
    switch (lookup_type) {
    case seL4_MissingCapability: return seL4_CapFault_BitsLeft + 1;
    case seL4_DepthMismatch:     return seL4_CapFault_DepthMismatch_BitsFound + 1;
    case seL4_GuardMismatch:     return seL4_CapFault_GuardMismatch_BitsFound + 1;
    default:                     return seL4_CapFault_LookupFailureType + 1;
    }
}

/* Fault message MRs for the handler (spec 8 table). Returns the length. */
word_t fault_message(struct tcb *t, word_t *mr)
{
    const word_t *f = t->fault;
    const struct user_context *c = &t->ctx;
    switch (t->fault_type) {
    case seL4_Fault_CapFault + 1: {
        struct cap_fault_record r = RECORD_OF(struct cap_fault_record, f);
        mr[0] = c->fault_ip; mr[1] = r.cptr; mr[2] = r.in_recv; mr[3] = r.lookup_type;
        mr[4] = r.bits_left; mr[5] = r.bits_found; mr[6] = r.guard_size;
        return cap_fault_length(r.lookup_type);
    }
    case seL4_Fault_VMFault + 1: {
        struct vm_fault_record r = RECORD_OF(struct vm_fault_record, f);
        mr[0] = c->fault_ip; mr[1] = r.addr; mr[2] = r.fetch; mr[3] = r.fsr;
        return seL4_VMFault_Length;
    }
    case seL4_Fault_UserException + 1: {
        struct user_exception_record r = RECORD_OF(struct user_exception_record, f);
        mr[0] = c->fault_ip; mr[1] = c->rsp; mr[2] = c->rflags; mr[3] = r.vector; mr[4] = r.code;
        return seL4_UserException_Length;
    }
    case seL4_Fault_UnknownSyscall + 1: {
        const word_t regs[] = { c->rax, c->rbx, c->rcx, c->rdx, c->rsi, c->rdi, c->rbp,
                                c->r8, c->r9, c->r10, c->r11, c->r12, c->r13, c->r14,
                                c->r15, c->fault_ip, c->rsp, c->rflags };
        for (unsigned i = 0; i < ARRAY_SIZE(regs); i++) mr[i] = regs[i];
        mr[18] = RECORD_OF(struct unknown_syscall_record, f).number;
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
