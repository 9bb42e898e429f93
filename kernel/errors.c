/*
 * errors.c - the one error path of every invocation decoder.
 *
 * A decoder that finds a bad argument calls one of the inv_* macros of
 * kernel.h (inv_range, inv_failed_lookup, ...).  They all end here, which
 * keeps three things consistent across the kernel:
 *   - the reply: inv->error plus the message registers that spec 3.1 lists
 *     for that error (reply_length says how many are set);
 *   - the console: exactly one <<seL4(CPU 0) [...]: message>> line, which
 *     the arch/printing code formats (user_error_line);
 *   - the event channel: the same message as "msg" in the open "invoke"
 *     event, so the grader can show why a call failed.
 */
#include "kernel.h"

#define USER_ERROR_MAX 160   /* one console line; longer messages are cut */

const char *error_name(seL4_Error e)
{
    static const char *const names[seL4_NumErrors] = SEL4_ERROR_NAMES;
    if ((unsigned)e >= ARRAY_SIZE(names))
        return "seL4_UnknownError";
    return names[e];
}

/* Record the error and say why, once on the console (unless quiet) and
 * once in the event. */
static seL4_Error report_as(const char *fn, int line, struct invocation *inv, seL4_Error e,
                            bool quiet, const char *fmt, va_list ap)
{
    char msg[USER_ERROR_MAX];

    kvsnprintf(msg, sizeof(msg), fmt, ap);
    inv->error = e;
    if (!quiet)
        user_error_line(fn, line, inv->thread, msg);
    if (event_is_open())
        event_str("msg", msg);
    return e;
}

static seL4_Error report(const char *fn, int line, struct invocation *inv, seL4_Error e,
                         const char *fmt, va_list ap)
{
    return report_as(fn, line, inv, e, false, fmt, ap);
}

/* The reply registers of the errors that carry numbers (spec 3.1). */
static void set_error_mrs(struct invocation *inv, seL4_Error e, word_t a0, word_t a1)
{
    inv->reply_length = 0;
    switch (e) {
    case seL4_InvalidArgument:
    case seL4_InvalidCapability:
    case seL4_NotEnoughMemory:
        inv_reply_mr(inv, 0, a0);
        break;
    case seL4_RangeError:
        inv_reply_mr(inv, 0, a0);
        inv_reply_mr(inv, 1, a1);
        break;
    default:
        break;
    }
}

seL4_Error inv_fail_args_(const char *fn, int line, struct invocation *inv, seL4_Error e,
                          word_t a0, word_t a1, const char *fmt, ...)
{
    va_list ap;
    seL4_Error r;

    set_error_mrs(inv, e, a0, a1);
    va_start(ap, fmt);
    r = report(fn, line, inv, e, fmt, ap);
    va_end(ap);
    return r;
}

seL4_Error inv_fail_(const char *fn, int line, struct invocation *inv, seL4_Error e,
                     const char *fmt, ...)
{
    va_list ap;
    seL4_Error r;

    set_error_mrs(inv, e, 0, 0);
    va_start(ap, fmt);
    r = report(fn, line, inv, e, fmt, ap);
    va_end(ap);
    return r;
}

/* FailedLookup: MR0 = source flag, MR1 = failure type, then its details. */
static void set_lookup_mrs(struct invocation *inv, bool source, const struct lookup_fault *lf)
{
    inv->reply_length = 0;
    inv_reply_mr(inv, 0, source ? 1 : 0);
    inv_reply_mr(inv, 1, lf->type);
    switch (lf->type) {
    case seL4_MissingCapability:
        inv_reply_mr(inv, 2, lf->bits_left);
        break;
    case seL4_DepthMismatch:
        inv_reply_mr(inv, 2, lf->bits_left);
        inv_reply_mr(inv, 3, lf->bits_found);
        break;
    case seL4_GuardMismatch:
        inv_reply_mr(inv, 2, lf->bits_left);
        inv_reply_mr(inv, 3, lf->bits_found);
        inv_reply_mr(inv, 4, lf->guard_size);
        break;
    default:
        break;
    }
}

seL4_Error inv_fail_lookup_(const char *fn, int line, struct invocation *inv, bool source,
                            const struct lookup_fault *lf, const char *fmt, ...)
{
    va_list ap;
    seL4_Error r;

    set_lookup_mrs(inv, source, lf);
    va_start(ap, fmt);
    r = report(fn, line, inv, seL4_FailedLookup, fmt, ap);
    va_end(ap);
    return r;
}

/* As inv_fail_lookup_, without the console line: a map that finds a paging
 * level missing is how user code learns to make one, and seL4 prints
 * nothing for it (the event still carries the message). */
seL4_Error inv_fail_lookup_quiet_(const char *fn, int line, struct invocation *inv, bool source,
                                  const struct lookup_fault *lf, const char *fmt, ...)
{
    va_list ap;
    seL4_Error r;

    set_lookup_mrs(inv, source, lf);
    va_start(ap, fmt);
    r = report_as(fn, line, inv, seL4_FailedLookup, true, fmt, ap);
    va_end(ap);
    return r;
}
