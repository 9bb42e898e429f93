/*
 * sel4/faults.h - fault messages as values: seL4_Fault_t and its accessors,
 * named as seL4 generates them for x86_64.
 *
 * A fault arrives as an IPC whose label is the fault type (seL4_Fault_*,
 * sel4/constants.h) and whose message registers hold the fault's fields in
 * the order of the seL4_<Kind>_Msg enums.  seL4_getFault(tag), called right
 * after the receive, copies them into a seL4_Fault_t; then, per kind:
 *
 *   seL4_Fault_<Kind>_get_<Field>(f)        read a field
 *   seL4_Fault_<Kind>_set_<Field>(f, v)     a copy of f with the field set
 *   seL4_Fault_<Kind>_ptr_get/ptr_set_<Field>(&f, ...)
 *   seL4_Fault_<Kind>_new(fields...)        build one (e.g. in tests)
 *   seL4_Fault_get_seL4_FaultType(f)        the kind
 *
 * Here a seL4_Fault_t keeps the type in words[0] and message register i in
 * words[1 + i]; code never needs to know, it goes through the accessors.
 * Reading a field of another kind gives that word, unchecked.
 */
#pragma once

#include <sel4/macros.h>
#include <sel4/types.h>
#include <sel4/functions.h>

#define SEL4_FAULT_WORDS (1 + seL4_UnknownSyscall_Length)

typedef struct seL4_Fault {
    seL4_Word words[SEL4_FAULT_WORDS];
} seL4_Fault_t;

CAPLAB_LIBSEL4_STUB seL4_Word seL4_Fault_get_seL4_FaultType(seL4_Fault_t f)
{
    return f.words[0];
}

CAPLAB_LIBSEL4_STUB seL4_Word seL4_Fault_ptr_get_seL4_FaultType(seL4_Fault_t *f)
{
    return f->words[0];
}

CAPLAB_LIBSEL4_STUB int seL4_Fault_seL4_FaultType_equals(seL4_Fault_t f, seL4_Word type)
{
    return f.words[0] == type;
}

/* A fault of the given type with every field 0. */
CAPLAB_LIBSEL4_STUB seL4_Fault_t libsel4_fault_blank(seL4_Word type)
{
    seL4_Fault_t f = { { 0 } };

    f.words[0] = type;
    return f;
}

CAPLAB_LIBSEL4_STUB seL4_Fault_t seL4_Fault_NullFault_new(void)
{
    return libsel4_fault_blank(seL4_Fault_NullFault);
}

CAPLAB_LIBSEL4_STUB void seL4_Fault_NullFault_ptr_new(seL4_Fault_t *f)
{
    *f = seL4_Fault_NullFault_new();
}

/* The four accessors of one field, which lives in message register `mr`. */
#define LIBSEL4_FAULT_FIELD(kind, field, mr)                                     \
    static inline seL4_Word seL4_Fault_##kind##_get_##field(seL4_Fault_t f)      \
    { return f.words[1 + (mr)]; }                                                \
    static inline seL4_Fault_t seL4_Fault_##kind##_set_##field(seL4_Fault_t f,   \
                                                                seL4_Word v)     \
    { f.words[1 + (mr)] = v; return f; }                                         \
    static inline seL4_Word seL4_Fault_##kind##_ptr_get_##field(seL4_Fault_t *f) \
    { return f->words[1 + (mr)]; }                                               \
    static inline void seL4_Fault_##kind##_ptr_set_##field(seL4_Fault_t *f,      \
                                                           seL4_Word v)          \
    { f->words[1 + (mr)] = v; }

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

/* Constructors: the fields in message-register order. */
CAPLAB_LIBSEL4_STUB seL4_Fault_t seL4_Fault_VMFault_new(seL4_Word IP, seL4_Word Addr,
                                                  seL4_Word PrefetchFault, seL4_Word FSR)
{
    seL4_Fault_t f = libsel4_fault_blank(seL4_Fault_VMFault);
    seL4_Word v[] = { IP, Addr, PrefetchFault, FSR };

    for (unsigned i = 0; i < seL4_VMFault_Length; i++)
        f.words[1 + i] = v[i];
    return f;
}

CAPLAB_LIBSEL4_STUB seL4_Fault_t seL4_Fault_CapFault_new(seL4_Word IP, seL4_Word Addr,
                                                   seL4_Word InRecvPhase,
                                                   seL4_Word LookupFailureType,
                                                   seL4_Word MR4, seL4_Word MR5, seL4_Word MR6)
{
    seL4_Fault_t f = libsel4_fault_blank(seL4_Fault_CapFault);
    seL4_Word v[] = { IP, Addr, InRecvPhase, LookupFailureType, MR4, MR5, MR6 };

    for (unsigned i = 0; i < seL4_CapFault_Length; i++)
        f.words[1 + i] = v[i];
    return f;
}

CAPLAB_LIBSEL4_STUB seL4_Fault_t seL4_Fault_UserException_new(seL4_Word FaultIP, seL4_Word Stack,
                                                        seL4_Word FLAGS, seL4_Word Number,
                                                        seL4_Word Code)
{
    seL4_Fault_t f = libsel4_fault_blank(seL4_Fault_UserException);
    seL4_Word v[] = { FaultIP, Stack, FLAGS, Number, Code };

    for (unsigned i = 0; i < seL4_UserException_Length; i++)
        f.words[1 + i] = v[i];
    return f;
}

CAPLAB_LIBSEL4_STUB seL4_Fault_t
seL4_Fault_UnknownSyscall_new(seL4_Word RAX, seL4_Word RBX, seL4_Word RCX, seL4_Word RDX,
                              seL4_Word RSI, seL4_Word RDI, seL4_Word RBP, seL4_Word R8,
                              seL4_Word R9, seL4_Word R10, seL4_Word R11, seL4_Word R12,
                              seL4_Word R13, seL4_Word R14, seL4_Word R15, seL4_Word FaultIP,
                              seL4_Word RSP, seL4_Word FLAGS, seL4_Word Syscall)
{
    seL4_Fault_t f = libsel4_fault_blank(seL4_Fault_UnknownSyscall);
    seL4_Word v[] = { RAX, RBX, RCX, RDX, RSI, RDI, RBP, R8, R9, R10, R11, R12, R13,
                      R14, R15, FaultIP, RSP, FLAGS, Syscall };

    for (unsigned i = 0; i < seL4_UnknownSyscall_Length; i++)
        f.words[1 + i] = v[i];
    return f;
}

#define seL4_Fault_VMFault_ptr_new(p, ...)       (*(p) = seL4_Fault_VMFault_new(__VA_ARGS__))
#define seL4_Fault_CapFault_ptr_new(p, ...)      (*(p) = seL4_Fault_CapFault_new(__VA_ARGS__))
#define seL4_Fault_UserException_ptr_new(p, ...) \
    (*(p) = seL4_Fault_UserException_new(__VA_ARGS__))
#define seL4_Fault_UnknownSyscall_ptr_new(p, ...) \
    (*(p) = seL4_Fault_UnknownSyscall_new(__VA_ARGS__))

/* How many message registers a fault of this type carries (0 if unknown). */
CAPLAB_LIBSEL4_STUB seL4_Word libsel4_fault_length(seL4_Word type)
{
    switch (type) {
    case seL4_Fault_CapFault:       return seL4_CapFault_Length;
    case seL4_Fault_UnknownSyscall: return seL4_UnknownSyscall_Length;
    case seL4_Fault_UserException:  return seL4_UserException_Length;
    case seL4_Fault_VMFault:        return seL4_VMFault_Length;
    default:                        return 0;
    }
}

/*
 * The fault a just-received message describes; call it before anything else
 * uses the IPC buffer.  A label that is no fault type gives a NullFault.
 */
CAPLAB_LIBSEL4_STUB seL4_Fault_t seL4_getArchFault(seL4_MessageInfo_t tag)
{
    seL4_Word type = seL4_MessageInfo_get_label(tag);
    seL4_Word len = libsel4_fault_length(type);
    seL4_Fault_t f;

    if (len == 0)
        return seL4_Fault_NullFault_new();
    f = libsel4_fault_blank(type);
    for (seL4_Word i = 0; i < len; i++)
        f.words[1 + i] = seL4_GetMR((int)i);
    return f;
}

CAPLAB_LIBSEL4_STUB seL4_Fault_t seL4_getFault(seL4_MessageInfo_t tag)
{
    return seL4_getArchFault(tag);
}

CAPLAB_LIBSEL4_STUB seL4_Bool seL4_isVMFault_tag(seL4_MessageInfo_t tag)
{
    return seL4_MessageInfo_get_label(tag) == seL4_Fault_VMFault;
}

CAPLAB_LIBSEL4_STUB seL4_Bool seL4_isCapFault_tag(seL4_MessageInfo_t tag)
{
    return seL4_MessageInfo_get_label(tag) == seL4_Fault_CapFault;
}

CAPLAB_LIBSEL4_STUB seL4_Bool seL4_isUnknownSyscall_tag(seL4_MessageInfo_t tag)
{
    return seL4_MessageInfo_get_label(tag) == seL4_Fault_UnknownSyscall;
}

CAPLAB_LIBSEL4_STUB seL4_Bool seL4_isUserException_tag(seL4_MessageInfo_t tag)
{
    return seL4_MessageInfo_get_label(tag) == seL4_Fault_UserException;
}

CAPLAB_LIBSEL4_STUB seL4_Bool seL4_isNullFault_tag(seL4_MessageInfo_t tag)
{
    return seL4_MessageInfo_get_label(tag) == seL4_Fault_NullFault;
}
