/*
 * sel4/assert.h - assertions for code that uses only libsel4:
 * seL4_Assert(expr) reports a false expr with __assert_fail (the C
 * library's: it prints the expression and where, then ends the program),
 * and seL4_Fail(msg) always does.
 */
#pragma once

#include <assert.h>      /* declares __assert_fail */

#define seL4_Fail(msg) __assert_fail(msg, __FILE__, __LINE__, __func__)

#define seL4_Assert(expr) \
    ((expr) ? (void)0 : __assert_fail(#expr, __FILE__, __LINE__, __func__))

#define seL4_CompileTimeAssert(expr) _Static_assert(expr, #expr)
