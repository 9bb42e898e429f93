/*
 * assert.h - assert(e): when e is false, print
 *   Assertion failed: <e> (<file>: <function>: <line>)
 * and exit with status 134 (as abort() does).  NDEBUG turns it off.
 * Unlike the standard header this one does not re-evaluate NDEBUG on every
 * inclusion; define NDEBUG before the first include if you want it.
 */
#pragma once

_Noreturn void __caplab_assert_fail(const char *expr, const char *file, int line,
                                    const char *func);

/* The same, under the name libsel4's sel4/assert.h and musl use. */
_Noreturn void __assert_fail(const char *expr, const char *file, int line,
                             const char *func);

#ifdef NDEBUG
#define assert(e) ((void)0)
#else
#define assert(e) \
    ((e) ? (void)0 : __caplab_assert_fail(#e, __FILE__, __LINE__, __func__))
#endif

#define static_assert _Static_assert
