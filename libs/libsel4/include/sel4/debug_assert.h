/*
 * sel4/debug_assert.h - seL4_DebugAssert(expr): an assertion inside libsel4
 * headers, checked in debug builds (caplab's libraries are one).
 */
#pragma once

#include <sel4/assert.h>

#define seL4_DebugAssert(expr) seL4_Assert(expr)
