/*
 * sel4/invocations.h - stubs for invoking the architecture-independent
 * kernel objects: Untyped, CNode, TCB, IRQ control/handler, Domain.
 * (x86 paging, ASID and I/O port stubs are in sel4/arch/invocations.h.)
 *
 * Every stub follows the seL4 marshalling rule (spec §9.1): parameters are
 * packed in order, each word-sized (or seL4_Uint8) parameter taking its own
 * message register, and cap parameters becoming the extra caps in order.
 * A stub returns the label of the kernel's reply, which is the seL4_Error.
 * On an error the reply's MR0..3 are copied into the IPC buffer, so that
 * seL4_GetMR(i) shows the details (bad argument index, allowed range, ...).
 */
#pragma once

#include <sel4/types.h>
#include <sel4/invocation.h>
#include <sel4/functions.h>
#include <sel4/syscalls.h>

/*
 * Send one invocation.  mr[] holds len message words and must have room for
 * at least seL4_FastMessageRegisters entries: on return mr[0..3] hold the
 * reply's first four message registers (results such as a paddr come back
 * there).
 */
CAPLAB_LIBSEL4_STUB seL4_Error libsel4_invoke(seL4_CPtr service, seL4_Word label,
                                        seL4_Word len, seL4_Word *mr,
                                        seL4_Word ncaps, const seL4_CPtr *caps)
{
    seL4_MessageInfo_t info, reply;
    seL4_Error err;

    for (seL4_Word i = seL4_FastMessageRegisters; i < len; i++)
        seL4_SetMR(i, mr[i]);
    for (seL4_Word i = 0; i < ncaps; i++)
        seL4_SetCap(i, caps[i]);

    info = seL4_MessageInfo_new(label, 0, ncaps, len);
    reply = seL4_CallWithMRs(service, info, &mr[0], &mr[1], &mr[2], &mr[3]);
    err = (seL4_Error)seL4_MessageInfo_get_label(reply);
    if (err != seL4_NoError) {
        for (int i = 0; i < seL4_FastMessageRegisters; i++)
            seL4_SetMR(i, mr[i]);
    }
    return err;
}

/* Shorthand for the common shapes: no caps, or one cap. */
#define LIBSEL4_MRS 8   /* enough for every fixed-length stub below */

CAPLAB_LIBSEL4_STUB seL4_Error libsel4_invoke0(seL4_CPtr service, seL4_Word label,
                                         seL4_Word len, seL4_Word *mr)
{
    return libsel4_invoke(service, label, len, mr, 0, LIBSEL4_NULL);
}

CAPLAB_LIBSEL4_STUB seL4_Error libsel4_invoke1(seL4_CPtr service, seL4_Word label,
                                         seL4_Word len, seL4_Word *mr, seL4_CPtr cap)
{
    return libsel4_invoke(service, label, len, mr, 1, &cap);
}

/* ---------------------------------------------------------------- Untyped */

CAPLAB_LIBSEL4_STUB seL4_Error
seL4_Untyped_Retype(seL4_Untyped service, seL4_Word type, seL4_Word size_bits,
                    seL4_CNode root, seL4_Word node_index, seL4_Word node_depth,
                    seL4_Word node_offset, seL4_Word num_objects)
{
    seL4_Word mr[LIBSEL4_MRS] = { type, size_bits, node_index, node_depth,
                                  node_offset, num_objects };

    return libsel4_invoke1(service, UntypedRetype, 6, mr, root);
}

/* ------------------------------------------------------------------ CNode */

CAPLAB_LIBSEL4_STUB seL4_Error seL4_CNode_Revoke(seL4_CNode service, seL4_Word index,
                                           seL4_Uint8 depth)
{
    seL4_Word mr[LIBSEL4_MRS] = { index, depth };

    return libsel4_invoke0(service, CNodeRevoke, 2, mr);
}

CAPLAB_LIBSEL4_STUB seL4_Error seL4_CNode_Delete(seL4_CNode service, seL4_Word index,
                                           seL4_Uint8 depth)
{
    seL4_Word mr[LIBSEL4_MRS] = { index, depth };

    return libsel4_invoke0(service, CNodeDelete, 2, mr);
}

CAPLAB_LIBSEL4_STUB seL4_Error seL4_CNode_CancelBadgedSends(seL4_CNode service, seL4_Word index,
                                                      seL4_Uint8 depth)
{
    seL4_Word mr[LIBSEL4_MRS] = { index, depth };

    return libsel4_invoke0(service, CNodeCancelBadgedSends, 2, mr);
}

CAPLAB_LIBSEL4_STUB seL4_Error seL4_CNode_SaveCaller(seL4_CNode service, seL4_Word index,
                                               seL4_Uint8 depth)
{
    seL4_Word mr[LIBSEL4_MRS] = { index, depth };

    return libsel4_invoke0(service, CNodeSaveCaller, 2, mr);
}

CAPLAB_LIBSEL4_STUB seL4_Error
seL4_CNode_Copy(seL4_CNode service, seL4_Word dest_index, seL4_Uint8 dest_depth,
                seL4_CNode src_root, seL4_Word src_index, seL4_Uint8 src_depth,
                seL4_CapRights_t rights)
{
    seL4_Word mr[LIBSEL4_MRS] = { dest_index, dest_depth, src_index, src_depth,
                                  rights.words[0] };

    return libsel4_invoke1(service, CNodeCopy, 5, mr, src_root);
}

CAPLAB_LIBSEL4_STUB seL4_Error
seL4_CNode_Mint(seL4_CNode service, seL4_Word dest_index, seL4_Uint8 dest_depth,
                seL4_CNode src_root, seL4_Word src_index, seL4_Uint8 src_depth,
                seL4_CapRights_t rights, seL4_Word badge)
{
    seL4_Word mr[LIBSEL4_MRS] = { dest_index, dest_depth, src_index, src_depth,
                                  rights.words[0], badge };

    return libsel4_invoke1(service, CNodeMint, 6, mr, src_root);
}

CAPLAB_LIBSEL4_STUB seL4_Error
seL4_CNode_Move(seL4_CNode service, seL4_Word dest_index, seL4_Uint8 dest_depth,
                seL4_CNode src_root, seL4_Word src_index, seL4_Uint8 src_depth)
{
    seL4_Word mr[LIBSEL4_MRS] = { dest_index, dest_depth, src_index, src_depth };

    return libsel4_invoke1(service, CNodeMove, 4, mr, src_root);
}

CAPLAB_LIBSEL4_STUB seL4_Error
seL4_CNode_Mutate(seL4_CNode service, seL4_Word dest_index, seL4_Uint8 dest_depth,
                  seL4_CNode src_root, seL4_Word src_index, seL4_Uint8 src_depth,
                  seL4_Word badge)
{
    seL4_Word mr[LIBSEL4_MRS] = { dest_index, dest_depth, src_index, src_depth, badge };

    return libsel4_invoke1(service, CNodeMutate, 5, mr, src_root);
}

CAPLAB_LIBSEL4_STUB seL4_Error
seL4_CNode_Rotate(seL4_CNode service, seL4_Word dest_index, seL4_Uint8 dest_depth,
                  seL4_Word dest_badge, seL4_CNode pivot_root, seL4_Word pivot_index,
                  seL4_Uint8 pivot_depth, seL4_Word pivot_badge, seL4_CNode src_root,
                  seL4_Word src_index, seL4_Uint8 src_depth)
{
    seL4_Word mr[LIBSEL4_MRS] = { dest_index, dest_depth, dest_badge, pivot_index,
                                  pivot_depth, pivot_badge, src_index, src_depth };
    seL4_CPtr caps[2] = { pivot_root, src_root };

    return libsel4_invoke(service, CNodeRotate, 8, mr, 2, caps);
}

/* -------------------------------------------------------------------- TCB */

#define LIBSEL4_CONTEXT_WORDS (sizeof(seL4_UserContext) / sizeof(seL4_Word))
_Static_assert(sizeof(seL4_UserContext) == 20 * sizeof(seL4_Word),
               "seL4_UserContext is 20 words");

/* Only the first min(count, 20) registers exist in the struct. */
CAPLAB_LIBSEL4_STUB seL4_Word libsel4_context_count(seL4_Word count)
{
    return count < LIBSEL4_CONTEXT_WORDS ? count : LIBSEL4_CONTEXT_WORDS;
}

CAPLAB_LIBSEL4_STUB seL4_Error
seL4_TCB_ReadRegisters(seL4_TCB service, seL4_Bool suspend_source, seL4_Uint8 arch_flags,
                       seL4_Word count, seL4_UserContext *regs)
{
    seL4_Word mr[LIBSEL4_MRS] = { (seL4_Word)(suspend_source & 1) |
                                  ((seL4_Word)arch_flags << 8), count };
    seL4_Word *out = (seL4_Word *)regs;
    seL4_Error err = libsel4_invoke0(service, TCBReadRegisters, 2, mr);

    if (err != seL4_NoError)
        return err;
    for (seL4_Word i = 0; i < libsel4_context_count(count); i++)
        out[i] = i < seL4_FastMessageRegisters ? mr[i] : seL4_GetMR((int)i);
    return err;
}

CAPLAB_LIBSEL4_STUB seL4_Error
seL4_TCB_WriteRegisters(seL4_TCB service, seL4_Bool resume_target, seL4_Uint8 arch_flags,
                        seL4_Word count, seL4_UserContext *regs)
{
    seL4_Word mr[2 + LIBSEL4_CONTEXT_WORDS] = { (seL4_Word)(resume_target & 1) |
                                                ((seL4_Word)arch_flags << 8), count };
    const seL4_Word *in = (const seL4_Word *)regs;
    seL4_Word n = libsel4_context_count(count);

    for (seL4_Word i = 0; i < n; i++)
        mr[2 + i] = in[i];
    return libsel4_invoke0(service, TCBWriteRegisters, 2 + n, mr);
}

CAPLAB_LIBSEL4_STUB seL4_Error
seL4_TCB_CopyRegisters(seL4_TCB service, seL4_TCB source, seL4_Bool suspend_source,
                       seL4_Bool resume_target, seL4_Bool transfer_frame,
                       seL4_Bool transfer_integer, seL4_Uint8 arch_flags)
{
    seL4_Word mr[LIBSEL4_MRS] = {
        (seL4_Word)(suspend_source & 1) | ((seL4_Word)(resume_target & 1) << 1) |
        ((seL4_Word)(transfer_frame & 1) << 2) | ((seL4_Word)(transfer_integer & 1) << 3) |
        ((seL4_Word)arch_flags << 8)
    };

    return libsel4_invoke1(service, TCBCopyRegisters, 1, mr, source);
}

CAPLAB_LIBSEL4_STUB seL4_Error
seL4_TCB_Configure(seL4_TCB service, seL4_Word fault_ep, seL4_CNode cspace_root,
                   seL4_Word cspace_root_data, seL4_CPtr vspace_root,
                   seL4_Word vspace_root_data, seL4_Word buffer, seL4_CPtr bufferFrame)
{
    seL4_Word mr[LIBSEL4_MRS] = { fault_ep, cspace_root_data, vspace_root_data, buffer };
    seL4_CPtr caps[3] = { cspace_root, vspace_root, bufferFrame };

    return libsel4_invoke(service, TCBConfigure, 4, mr, 3, caps);
}

CAPLAB_LIBSEL4_STUB seL4_Error
seL4_TCB_SetSpace(seL4_TCB service, seL4_Word fault_ep, seL4_CNode cspace_root,
                  seL4_Word cspace_root_data, seL4_CPtr vspace_root,
                  seL4_Word vspace_root_data)
{
    seL4_Word mr[LIBSEL4_MRS] = { fault_ep, cspace_root_data, vspace_root_data };
    seL4_CPtr caps[2] = { cspace_root, vspace_root };

    return libsel4_invoke(service, TCBSetSpace, 3, mr, 2, caps);
}

CAPLAB_LIBSEL4_STUB seL4_Error seL4_TCB_SetIPCBuffer(seL4_TCB service, seL4_Word buffer,
                                               seL4_CPtr bufferFrame)
{
    seL4_Word mr[LIBSEL4_MRS] = { buffer };

    return libsel4_invoke1(service, TCBSetIPCBuffer, 1, mr, bufferFrame);
}

CAPLAB_LIBSEL4_STUB seL4_Error seL4_TCB_SetPriority(seL4_TCB service, seL4_TCB authority,
                                              seL4_Word priority)
{
    seL4_Word mr[LIBSEL4_MRS] = { priority };

    return libsel4_invoke1(service, TCBSetPriority, 1, mr, authority);
}

CAPLAB_LIBSEL4_STUB seL4_Error seL4_TCB_SetMCPriority(seL4_TCB service, seL4_TCB authority,
                                                seL4_Word mcp)
{
    seL4_Word mr[LIBSEL4_MRS] = { mcp };

    return libsel4_invoke1(service, TCBSetMCPriority, 1, mr, authority);
}

CAPLAB_LIBSEL4_STUB seL4_Error seL4_TCB_SetSchedParams(seL4_TCB service, seL4_TCB authority,
                                                 seL4_Word mcp, seL4_Word priority)
{
    seL4_Word mr[LIBSEL4_MRS] = { mcp, priority };

    return libsel4_invoke1(service, TCBSetSchedParams, 2, mr, authority);
}

CAPLAB_LIBSEL4_STUB seL4_Error seL4_TCB_Suspend(seL4_TCB service)
{
    seL4_Word mr[LIBSEL4_MRS] = { 0 };

    return libsel4_invoke0(service, TCBSuspend, 0, mr);
}

CAPLAB_LIBSEL4_STUB seL4_Error seL4_TCB_Resume(seL4_TCB service)
{
    seL4_Word mr[LIBSEL4_MRS] = { 0 };

    return libsel4_invoke0(service, TCBResume, 0, mr);
}

CAPLAB_LIBSEL4_STUB seL4_Error seL4_TCB_BindNotification(seL4_TCB service,
                                                   seL4_CPtr notification)
{
    seL4_Word mr[LIBSEL4_MRS] = { 0 };

    return libsel4_invoke1(service, TCBBindNotification, 0, mr, notification);
}

CAPLAB_LIBSEL4_STUB seL4_Error seL4_TCB_UnbindNotification(seL4_TCB service)
{
    seL4_Word mr[LIBSEL4_MRS] = { 0 };

    return libsel4_invoke0(service, TCBUnbindNotification, 0, mr);
}

CAPLAB_LIBSEL4_STUB seL4_Error seL4_TCB_SetTLSBase(seL4_TCB service, seL4_Word tls_base)
{
    seL4_Word mr[LIBSEL4_MRS] = { tls_base };

    return libsel4_invoke0(service, TCBSetTLSBase, 1, mr);
}

/* ---------------------------------------------------------- IRQ handling */

CAPLAB_LIBSEL4_STUB seL4_Error seL4_IRQControl_Get(seL4_IRQControl service, int irq,
                                             seL4_CNode root, seL4_Word index,
                                             seL4_Uint8 depth)
{
    seL4_Word mr[LIBSEL4_MRS] = { (seL4_Word)irq, index, depth };

    return libsel4_invoke1(service, IRQIssueIRQHandler, 3, mr, root);
}

CAPLAB_LIBSEL4_STUB seL4_Error seL4_IRQHandler_Ack(seL4_IRQHandler service)
{
    seL4_Word mr[LIBSEL4_MRS] = { 0 };

    return libsel4_invoke0(service, IRQAckIRQ, 0, mr);
}

CAPLAB_LIBSEL4_STUB seL4_Error seL4_IRQHandler_SetNotification(seL4_IRQHandler service,
                                                         seL4_CPtr notification)
{
    seL4_Word mr[LIBSEL4_MRS] = { 0 };

    return libsel4_invoke1(service, IRQSetIRQHandler, 0, mr, notification);
}

CAPLAB_LIBSEL4_STUB seL4_Error seL4_IRQHandler_Clear(seL4_IRQHandler service)
{
    seL4_Word mr[LIBSEL4_MRS] = { 0 };

    return libsel4_invoke0(service, IRQClearIRQHandler, 0, mr);
}

/* ----------------------------------------------------------------- Domain */

CAPLAB_LIBSEL4_STUB seL4_Error seL4_DomainSet_Set(seL4_DomainSet service, seL4_Uint8 domain,
                                            seL4_TCB thread)
{
    seL4_Word mr[LIBSEL4_MRS] = { domain };

    return libsel4_invoke1(service, DomainSetSet, 1, mr, thread);
}
