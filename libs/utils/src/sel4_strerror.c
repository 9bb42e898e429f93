/*
 * sel4_strerror.c - the name of an seL4_Error value, for log messages.
 */
#include <sel4/errors.h>
#include <utils/zf_log.h>

static const char *const error_names[seL4_NumErrors] = {
    [seL4_NoError]            = "seL4_NoError",
    [seL4_InvalidArgument]    = "seL4_InvalidArgument",
    [seL4_InvalidCapability]  = "seL4_InvalidCapability",
    [seL4_IllegalOperation]   = "seL4_IllegalOperation",
    [seL4_RangeError]         = "seL4_RangeError",
    [seL4_AlignmentError]     = "seL4_AlignmentError",
    [seL4_FailedLookup]       = "seL4_FailedLookup",
    [seL4_TruncatedMessage]   = "seL4_TruncatedMessage",
    [seL4_DeleteFirst]        = "seL4_DeleteFirst",
    [seL4_RevokeFirst]        = "seL4_RevokeFirst",
    [seL4_NotEnoughMemory]    = "seL4_NotEnoughMemory",
};

const char *sel4_strerror(int err)
{
    if (err < 0 || err >= seL4_NumErrors)
        return "unknown seL4 error";
    return error_names[err];
}
