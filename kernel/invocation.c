/*
 * invocation.c - one kernel invocation: its arguments, its reply, and the
 * dispatch to the decoder of the invoked object's type.
 *
 * The syscall layer looks up the invoked cap and the extra caps, fills a
 * struct invocation (kernel.h), opens the "invoke" event and calls
 * decode_invocation().  Each decoder checks everything first and changes
 * nothing until every check has passed; then it performs the operation.
 * Arguments are read with inv_mr(): the first four message registers
 * travel in CPU registers (r10, r8, r9, r15, spec 1.2), the rest in the
 * invoker's IPC buffer, and anything past the message length reads as 0,
 * so a short message can never expose stale buffer contents.
 */
#include "kernel.h"

word_t inv_mr(const struct invocation *inv, unsigned i)
{
    const struct user_context *r = &inv->thread->ctx;

    if (i >= inv->length)
        return 0;
    switch (i) {
    case 0: return r->r10;
    case 1: return r->r8;
    case 2: return r->r9;
    case 3: return r->r15;
    default:
        return inv->buffer ? inv->buffer[1 + i] : 0;
    }
}

void inv_reply_mr(struct invocation *inv, unsigned i, word_t v)
{
    if (i >= ARRAY_SIZE(inv->reply_mr))
        return;
    inv->reply_mr[i] = v;
    if (inv->reply_length < i + 1)
        inv->reply_length = i + 1;
}

const char *invocation_label_name(word_t label)
{
    static const char *const names[] = {
        "InvalidInvocation", "UntypedRetype",
        "TCBReadRegisters", "TCBWriteRegisters", "TCBCopyRegisters", "TCBConfigure",
        "TCBSetPriority", "TCBSetMCPriority", "TCBSetSchedParams", "TCBSetIPCBuffer",
        "TCBSetSpace", "TCBSuspend", "TCBResume", "TCBBindNotification",
        "TCBUnbindNotification", "TCBSetTLSBase",
        "CNodeRevoke", "CNodeDelete", "CNodeCancelBadgedSends", "CNodeCopy", "CNodeMint",
        "CNodeMove", "CNodeMutate", "CNodeRotate", "CNodeSaveCaller",
        "IRQIssueIRQHandler", "IRQAckIRQ", "IRQSetIRQHandler", "IRQClearIRQHandler",
        "DomainSetSet",
        "X86PDPTMap", "X86PDPTUnmap", "X86PageDirectoryMap", "X86PageDirectoryUnmap",
        "X86PageTableMap", "X86PageTableUnmap", "X86PageMap", "X86PageUnmap",
        "X86PageGetAddress", "X86ASIDControlMakePool", "X86ASIDPoolAssign",
        "X86IOPortControlIssue", "X86IOPortIn8", "X86IOPortIn16", "X86IOPortIn32",
        "X86IOPortOut8", "X86IOPortOut16", "X86IOPortOut32",
        "X86IRQIssueIRQHandlerIOAPIC", "X86IRQIssueIRQHandlerMSI",
    };
    _Static_assert(ARRAY_SIZE(names) == nInvocationLabels, "a name for every label");
    if (label >= ARRAY_SIZE(names))
        return names[InvalidInvocation];
    return names[label];
}

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
