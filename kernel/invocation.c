/*
 * invocation.c - one invocation of a cap (Send, NBSend or Call on it): its
 * arguments, the one dispatch over every cap type, and the kernel's reply.
 *
 * handle_invocation() gets the invoked cptr as a value from the system
 * call layer, looks up the cap and the extra caps (a failed lookup is a
 * cap fault), fills a struct invocation (kernel.h) and dispatches on the
 * cap's type:
 *
 *   endpoint      -> decode_endpoint_invocation (endpoint.c):
 *                    invoke_endpoint_send (send_ipc)
 *   notification  -> decode_notification_invocation (notification.c):
 *                    invoke_notification_signal (send_signal)
 *   reply         -> decode_reply_invocation (endpoint.c):
 *                    invoke_reply (do_reply_transfer)
 *   anything else -> a kernel object: the "invoke" event is opened, the
 *                    thread is put in Restart, and decode_invocation()
 *                    picks the decoder of the object's type
 *                    (decode_cnode_invocation, decode_tcb_invocation, ...).
 *
 * Every decoder checks everything first and changes nothing; only when
 * every check has passed does it call the invoke_<obj>_<op> function that
 * performs the effect and cannot fail.  A Call gets the kernel's reply:
 * the error code as label, details in the MRs (spec 3.1).
 *
 * Arguments are read with inv_mr(): the first four message registers
 * travel in CPU registers (REG_MR0..3 of arch/x86_64/x86_64.h), the rest
 * in the invoker's IPC buffer, and anything past the message length reads
 * as 0, so a short message can never expose stale buffer contents.
 */
#include "kernel.h"
#include "arch/x86_64/x86_64.h"

word_t inv_mr(const struct invocation *inv, unsigned i)
{
    if (i >= inv->length)
        return 0;
    if (i < seL4_FastMessageRegisters)
        return *msg_register(&inv->thread->ctx, i);
    return inv->buffer ? inv->buffer[1 + i] : 0;
}

const char *invocation_label_name(word_t label)
{
#define LABEL_NAME(name) #name,
    static const char *const names[] = { SEL4_INVOCATION_LABELS(LABEL_NAME) };
#undef LABEL_NAME
    _Static_assert(ARRAY_SIZE(names) == nInvocationLabels, "a name for every label");
    if (label >= ARRAY_SIZE(names))
        return names[InvalidInvocation];
    return names[label];
}

/* ---- the dispatch over kernel object types ---- */

static bool is_mmu_cap(unsigned type)
{
    switch (type) {
    case cap_frame: case cap_page_table: case cap_page_directory: case cap_pdpt:
    case cap_pml4: case cap_asid_control: case cap_asid_pool:
        return true;
    default:
        return false;
    }
}

seL4_Error decode_invocation(struct invocation *inv)
{
    inv->error = seL4_NoError;
    inv->reply_length = 0;
    if (is_mmu_cap(inv->cap.type))
        return decode_x86_mmu_invocation(inv);
    switch (inv->cap.type) {
    case cap_null:
        return inv_invalid_cap(inv, 0, "Attempted to invoke a null cap #%lu.", inv->cptr);
    case cap_untyped:         return decode_untyped_invocation(inv);
    case cap_cnode:           return decode_cnode_invocation(inv);
    case cap_thread:          return decode_tcb_invocation(inv);
    case cap_irq_control:     return decode_irq_control_invocation(inv);
    case cap_irq_handler:     return decode_irq_handler_invocation(inv);
    case cap_io_port_control: return decode_io_port_control_invocation(inv);
    case cap_io_port:         return decode_io_port_invocation(inv);
    case cap_domain:
        return inv_fail(inv, seL4_IllegalOperation,
                        "Domain: caplab has one scheduling domain; %s is not supported.",
                        invocation_label_name(inv->label));
    default:
        return inv_fail(inv, seL4_IllegalOperation,
                        "Invalid invocation of a %s cap #%lu.",
                        cap_type_name(inv->cap.type), inv->cptr);
    }
}

/* ---- the reply to a Call ---- */

/* Deliver the kernel's reply to the invoker: label = error, MRs from inv. */
static void reply_from_kernel(const struct invocation *inv)
{
    struct tcb *t = inv->thread;
    word_t *buf = tcb_ipc_buffer(t, true);
    word_t len = inv->reply_length;

    if (!buf && len > seL4_FastMessageRegisters)
        len = seL4_FastMessageRegisters;
    for (word_t i = 0; i < len; i++)
        set_mr(t, buf, i, inv->reply_mr[i]);
    set_msginfo_register(t, seL4_MessageInfo_new(inv->error, 0, 0, len));
    set_badge_register(t, 0);
}

/* A kernel object: the "invoke" event frames the decode (and its effect). */
static void handle_kernel_object(struct invocation *inv)
{
    struct tcb *t = inv->thread;
    seL4_Error err;

    event_begin("invoke");
    event_str("thread", thread_name(t));
    event_u64("cptr", inv->cptr);
    event_str("op", invocation_label_name(inv->label));
    event_str("cap", cap_type_name(inv->cap.type));
    set_thread_state(t, ThreadState_Restart);
    err = decode_invocation(inv);
    event_u64("err", err);
    event_str("error", error_name(err));
    event_end();
    /* An invocation may have suspended or deleted its own thread. */
    if (t->state != ThreadState_Restart)
        return;
    if (inv->is_call)
        reply_from_kernel(inv);
    set_thread_state(t, ThreadState_Running);
}

/* The one dispatch over cap types for Send, NBSend and Call. */
static void dispatch_invocation(struct invocation *inv)
{
    switch (inv->cap.type) {
    case cap_endpoint:
        /* A send that went ahead is answered by the receiver, not the kernel. */
        if (decode_endpoint_invocation(inv) != seL4_NoError && inv->is_call)
            reply_from_kernel(inv);
        return;
    case cap_notification:
        decode_notification_invocation(inv);
        break;
    case cap_reply:
        decode_reply_invocation(inv);
        break;                              /* an empty success reply, as seL4 */
    default:
        handle_kernel_object(inv);
        return;
    }
    if (inv->is_call)
        reply_from_kernel(inv);
}

/* ---- looking up the invoked cap and the extra caps ---- */

/* Look up the extra caps named in the buffer; false after raising a fault. */
static bool lookup_extra_caps(struct invocation *inv)
{
    struct tcb *t = inv->thread;
    word_t n = seL4_MessageInfo_get_extraCaps(msginfo_register(&t->ctx));

    inv->extra_count = 0;
    if (!inv->buffer)
        return true;
    for (word_t i = 0; i < n; i++) {
        word_t cptr = ((const seL4_IPCBuffer *)inv->buffer)->caps_or_badges[i];
        struct lookup_result r = lookup_slot(t, cptr);
        if (r.status) {
            user_error_line(__func__, __LINE__, t, "Lookup of extra caps failed.");
            fault_set_cap(t, cptr, false, &r.lf);
            if (inv->blocking)
                handle_fault(t);
            return false;
        }
        inv->extra[i] = r.slot;
        inv->extra_count++;
    }
    return true;
}

void handle_invocation(struct tcb *t, word_t cptr, bool is_call, bool blocking)
{
    struct invocation inv = { 0 };
    seL4_MessageInfo_t info = msginfo_register(&t->ctx);

    inv.thread = t;
    inv.cptr = cptr;
    inv.is_call = is_call;
    inv.blocking = blocking;
    inv.label = seL4_MessageInfo_get_label(info);
    inv.buffer = tcb_ipc_buffer(t, false);
    inv.length = MIN(seL4_MessageInfo_get_length(info), (word_t)seL4_MsgMaxLength);
    if (!inv.buffer && inv.length > seL4_FastMessageRegisters)
        inv.length = seL4_FastMessageRegisters;

    struct lookup_result r = lookup_slot(t, cptr);
    if (r.status) {
        char msg[64];
        ksnprintf(msg, sizeof(msg), "Invocation of invalid cap #%lu.", cptr);
        user_error_line(__func__, __LINE__, t, msg);
        fault_set_cap(t, cptr, false, &r.lf);
        if (blocking)
            handle_fault(t);
        return;
    }
    if (!lookup_extra_caps(&inv))
        return;
    inv.slot = r.slot;
    inv.cap = r.slot->cap;
    dispatch_invocation(&inv);
}
