/*
 * sel4/invocation.h - invocation labels: the message label that selects the
 * method when a kernel object's cap is invoked.  seL4 13.0 numbering for
 * x86_64 without SMP, IOMMU, VT-x or hardware debug.  Shared by kernel and
 * user space.
 *
 * SEL4_INVOCATION_LABELS is the one list: the enum below and the kernel's
 * table of label names (kernel/invocation.c) are both generated from it, so
 * a label can never be printed under another label's name.
 */
#pragma once

#define SEL4_INVOCATION_LABELS(X) \
    X(InvalidInvocation) \
    X(UntypedRetype) \
    X(TCBReadRegisters) \
    X(TCBWriteRegisters) \
    X(TCBCopyRegisters) \
    X(TCBConfigure) \
    X(TCBSetPriority) \
    X(TCBSetMCPriority) \
    X(TCBSetSchedParams) \
    X(TCBSetIPCBuffer) \
    X(TCBSetSpace) \
    X(TCBSuspend) \
    X(TCBResume) \
    X(TCBBindNotification) \
    X(TCBUnbindNotification) \
    X(TCBSetTLSBase) \
    X(CNodeRevoke) \
    X(CNodeDelete) \
    X(CNodeCancelBadgedSends) \
    X(CNodeCopy) \
    X(CNodeMint) \
    X(CNodeMove) \
    X(CNodeMutate) \
    X(CNodeRotate) \
    X(CNodeSaveCaller) \
    X(IRQIssueIRQHandler) \
    X(IRQAckIRQ) \
    X(IRQSetIRQHandler) \
    X(IRQClearIRQHandler) \
    X(DomainSetSet) \
    X(X86PDPTMap) \
    X(X86PDPTUnmap) \
    X(X86PageDirectoryMap) \
    X(X86PageDirectoryUnmap) \
    X(X86PageTableMap) \
    X(X86PageTableUnmap) \
    X(X86PageMap) \
    X(X86PageUnmap) \
    X(X86PageGetAddress) \
    X(X86ASIDControlMakePool) \
    X(X86ASIDPoolAssign) \
    X(X86IOPortControlIssue) \
    X(X86IOPortIn8) \
    X(X86IOPortIn16) \
    X(X86IOPortIn32) \
    X(X86IOPortOut8) \
    X(X86IOPortOut16) \
    X(X86IOPortOut32) \
    X(X86IRQIssueIRQHandlerIOAPIC) \
    X(X86IRQIssueIRQHandlerMSI)

enum invocation_label {
#define SEL4_INVOCATION_LABEL_ENUM(name) name,
    SEL4_INVOCATION_LABELS(SEL4_INVOCATION_LABEL_ENUM)
#undef SEL4_INVOCATION_LABEL_ENUM
    nInvocationLabels
};
