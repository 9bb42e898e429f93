/*
 * sel4_strerror.c - the name of an seL4_Error value, for log messages.
 */
#include <sel4/errors.h>
#include <utils/zf_log.h>

static const char *const error_names[seL4_NumErrors] = SEL4_ERROR_NAMES;

const char *sel4_strerror(int err)
{
    if (err < 0 || err >= seL4_NumErrors)
        return "unknown seL4 error";
    return error_names[err];
}
