/*
 * sel4/macros.h - the attribute and assertion helpers libsel4 headers use,
 * under seL4's names.
 */
#pragma once

#include <sel4/config.h>

#ifndef CONST
#define CONST __attribute__((__const__))
#endif
#ifndef PURE
#define PURE __attribute__((__pure__))
#endif

#define SEL4_PACKED             __attribute__((__packed__))
#define SEL4_DEPRECATED(x)      __attribute__((__deprecated__(x)))
#define SEL4_DEPRECATE_MACRO(x) _Pragma("deprecated") x
#define LIBSEL4_UNUSED          __attribute__((__unused__))
#define LIBSEL4_WEAK            __attribute__((__weak__))
#define LIBSEL4_NOINLINE        __attribute__((__noinline__))
#define LIBSEL4_INLINE          static inline
#define LIBSEL4_INLINE_FUNC     static inline

/*
 * caplab's system-call and invocation stubs and fault readers.  They keep
 * register images and message-register arrays on the stack, which gcc
 * fills with 16-byte SSE stores when it does not inline them (-O0).  The
 * seL4 tutorials start threads with RSP 16-byte aligned at the entry
 * point (8 off what a call leaves), so such a stub realigns its own frame
 * first; inlined (-O1 and up) the attribute costs nothing.
 */
#define CAPLAB_LIBSEL4_STUB     static inline __attribute__((__force_align_arg_pointer__))

#define SEL4_COMPILE_ASSERT(name, expr) _Static_assert(expr, #name);
#define SEL4_SIZE_SANITY(index, entry, size) \
    SEL4_COMPILE_ASSERT(index##entry##size, (index) + (entry) == (size))
#define SEL4_OFFSETOF(type, member) __builtin_offsetof(type, member)

/* An enum member that makes the enum as wide as a long (ABI width). */
#define SEL4_FORCE_LONG_ENUM(type) \
    _enum_pad_##type = ((1ULL << ((sizeof(long) * 8) - 1)) - 1)

#define LIBSEL4_BIT(n) (1ul << (n))
