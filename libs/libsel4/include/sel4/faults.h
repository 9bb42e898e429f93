/*
 * sel4/faults.h - reading a fault message received on a fault endpoint.
 *
 * A fault arrives as an IPC whose label is the fault type (seL4_Fault_*)
 * and whose message registers are laid out as in spec §8.  After seL4_Recv
 * all of them are in the IPC buffer, so seL4_getFault(tag) just snapshots
 * them; the accessors then name each word.  Field names follow seL4's.
 */
#pragma once

#include <sel4/types.h>
#include <sel4/functions.h>

typedef struct seL4_Fault {
    seL4_Word type;                            /* seL4_Fault_* */
    seL4_Word mr[seL4_UnknownSyscall_Length];  /* the longest fault message */
} seL4_Fault_t;

typedef enum {
    seL4_Fault_NullFault_tag = seL4_Fault_NullFault,
    seL4_Fault_CapFault_tag = seL4_Fault_CapFault,
    seL4_Fault_UnknownSyscall_tag = seL4_Fault_UnknownSyscall,
    seL4_Fault_UserException_tag = seL4_Fault_UserException,
    seL4_Fault_VMFault_tag = seL4_Fault_VMFault,
} seL4_FaultType;

static inline seL4_Fault_t seL4_getFault(seL4_MessageInfo_t tag)
{
    seL4_Fault_t f = { .type = seL4_MessageInfo_get_label(tag) };
    seL4_Word len = seL4_MessageInfo_get_length(tag);

    for (seL4_Word i = 0; i < len && i < seL4_UnknownSyscall_Length; i++)
        f.mr[i] = seL4_GetMR((int)i);
    return f;
}

static inline seL4_Word seL4_Fault_get_seL4_FaultType(seL4_Fault_t f)
{
    return f.type;
}

#define LIBSEL4_FAULT_FIELD(kind, field, index)                          \
    static inline seL4_Word seL4_Fault_##kind##_get_##field(seL4_Fault_t f) \
    {                                                                   \
        return f.mr[index];                                             \
    }

LIBSEL4_FAULT_FIELD(VMFault, IP, seL4_VMFault_IP)
LIBSEL4_FAULT_FIELD(VMFault, Addr, seL4_VMFault_Addr)
LIBSEL4_FAULT_FIELD(VMFault, PrefetchFault, seL4_VMFault_PrefetchFault)
LIBSEL4_FAULT_FIELD(VMFault, FSR, seL4_VMFault_FSR)

LIBSEL4_FAULT_FIELD(CapFault, IP, seL4_CapFault_IP)
LIBSEL4_FAULT_FIELD(CapFault, Addr, seL4_CapFault_Addr)
LIBSEL4_FAULT_FIELD(CapFault, InRecvPhase, seL4_CapFault_InRecvPhase)
LIBSEL4_FAULT_FIELD(CapFault, LookupFailureType, seL4_CapFault_LookupFailureType)
LIBSEL4_FAULT_FIELD(CapFault, MR4, seL4_CapFault_BitsLeft)
LIBSEL4_FAULT_FIELD(CapFault, MR5, seL4_CapFault_DepthMismatch_BitsFound)
LIBSEL4_FAULT_FIELD(CapFault, MR6, seL4_CapFault_GuardMismatch_BitsFound)

LIBSEL4_FAULT_FIELD(UserException, FaultIP, seL4_UserException_FaultIP)
LIBSEL4_FAULT_FIELD(UserException, Stack, seL4_UserException_SP)
LIBSEL4_FAULT_FIELD(UserException, FLAGS, seL4_UserException_FLAGS)
LIBSEL4_FAULT_FIELD(UserException, Number, seL4_UserException_Number)
LIBSEL4_FAULT_FIELD(UserException, Code, seL4_UserException_Code)

LIBSEL4_FAULT_FIELD(UnknownSyscall, RAX, seL4_UnknownSyscall_RAX)
LIBSEL4_FAULT_FIELD(UnknownSyscall, RBX, seL4_UnknownSyscall_RBX)
LIBSEL4_FAULT_FIELD(UnknownSyscall, RCX, seL4_UnknownSyscall_RCX)
LIBSEL4_FAULT_FIELD(UnknownSyscall, RDX, seL4_UnknownSyscall_RDX)
LIBSEL4_FAULT_FIELD(UnknownSyscall, RSI, seL4_UnknownSyscall_RSI)
LIBSEL4_FAULT_FIELD(UnknownSyscall, RDI, seL4_UnknownSyscall_RDI)
LIBSEL4_FAULT_FIELD(UnknownSyscall, RBP, seL4_UnknownSyscall_RBP)
LIBSEL4_FAULT_FIELD(UnknownSyscall, R8, seL4_UnknownSyscall_R8)
LIBSEL4_FAULT_FIELD(UnknownSyscall, R9, seL4_UnknownSyscall_R9)
LIBSEL4_FAULT_FIELD(UnknownSyscall, R10, seL4_UnknownSyscall_R10)
LIBSEL4_FAULT_FIELD(UnknownSyscall, R11, seL4_UnknownSyscall_R11)
LIBSEL4_FAULT_FIELD(UnknownSyscall, R12, seL4_UnknownSyscall_R12)
LIBSEL4_FAULT_FIELD(UnknownSyscall, R13, seL4_UnknownSyscall_R13)
LIBSEL4_FAULT_FIELD(UnknownSyscall, R14, seL4_UnknownSyscall_R14)
LIBSEL4_FAULT_FIELD(UnknownSyscall, R15, seL4_UnknownSyscall_R15)
LIBSEL4_FAULT_FIELD(UnknownSyscall, FaultIP, seL4_UnknownSyscall_FaultIP)
LIBSEL4_FAULT_FIELD(UnknownSyscall, RSP, seL4_UnknownSyscall_SP)
LIBSEL4_FAULT_FIELD(UnknownSyscall, FLAGS, seL4_UnknownSyscall_FLAGS)
LIBSEL4_FAULT_FIELD(UnknownSyscall, Syscall, seL4_UnknownSyscall_Syscall)

#undef LIBSEL4_FAULT_FIELD
