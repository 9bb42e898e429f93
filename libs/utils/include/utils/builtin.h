/*
 * utils/builtin.h - compiler builtins under util_libs' names.
 */
#pragma once

#include <assert.h>

#define CTZ(x)                  __builtin_ctz(x)
#define CLZ(x)                  __builtin_clz(x)
#define CTZL(x)                 __builtin_ctzl(x)
#define CLZL(x)                 __builtin_clzl(x)
#define CTZLL(x)                __builtin_ctzll(x)
#define CLZLL(x)                __builtin_clzll(x)
#define POPCOUNT(x)             __builtin_popcount(x)
#define POPCOUNTL(x)            __builtin_popcountl(x)
#define OFFSETOF(type, member)  __builtin_offsetof(type, member)
#define TYPES_COMPATIBLE(a, b)  __builtin_types_compatible_p(a, b)
#define CHOOSE_EXPR(c, x, y)    __builtin_choose_expr(c, x, y)
#define IS_CONSTANT(expr)       __builtin_constant_p(expr)

/* A place control never reaches: an assertion in debug builds. */
#define UNREACHABLE()                                                         \
    do {                                                                      \
        assert(!"unreachable");                                               \
        __builtin_unreachable();                                              \
    } while (0)

#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
