/*
 * sel4/errors.h - the seL4_Error codes a kernel invocation answers with, and
 * the lookup-failure types that describe a failed CSpace lookup.
 * Shared by kernel and user space.
 */
#pragma once

typedef enum {
    seL4_NoError = 0,
    seL4_InvalidArgument,
    seL4_InvalidCapability,
    seL4_IllegalOperation,
    seL4_RangeError,
    seL4_AlignmentError,
    seL4_FailedLookup,
    seL4_TruncatedMessage,
    seL4_DeleteFirst,
    seL4_RevokeFirst,
    seL4_NotEnoughMemory,
    seL4_NumErrors
} seL4_Error;

/*
 * The enum names as strings, indexed by seL4_Error: the one table that
 * both the kernel (event channel, user-error lines) and user space
 * (sel4_strerror, ZF_LOGF_IFERR) print from.
 */
#define SEL4_ERROR_NAMES { \
    "seL4_NoError", "seL4_InvalidArgument", "seL4_InvalidCapability", \
    "seL4_IllegalOperation", "seL4_RangeError", "seL4_AlignmentError", \
    "seL4_FailedLookup", "seL4_TruncatedMessage", "seL4_DeleteFirst", \
    "seL4_RevokeFirst", "seL4_NotEnoughMemory" }

typedef enum {
    seL4_NoFailure = 0,
    seL4_InvalidRoot,
    seL4_MissingCapability,
    seL4_DepthMismatch,
    seL4_GuardMismatch
} seL4_LookupFailureType;
