/*
 * utils/attribute.h - short names for gcc attributes, as util_libs has them.
 */
#pragma once

#define ALIAS(sym)              __attribute__((__alias__(#sym)))
#define ALIGN(n)                __attribute__((__aligned__(n)))
#define ALLOC_SIZE(...)         __attribute__((__alloc_size__(__VA_ARGS__)))
#define ALLOC_ALIGN(arg)        __attribute__((__alloc_align__(arg)))
#define ASSUME_ALIGNED(...)     __attribute__((__assume_aligned__(__VA_ARGS__)))
#define ALWAYS_INLINE           __attribute__((__always_inline__))
#define NO_INLINE               __attribute__((__noinline__))
#define CLEANUP(fn)             __attribute__((__cleanup__(fn)))
#define COLD                    __attribute__((__cold__))
#define HOT                     __attribute__((__hot__))
#define DEPRECATED(msg)         __attribute__((__deprecated__(msg)))
#define ERROR(msg)              __attribute__((__error__(msg)))
#define WARNING(msg)            __attribute__((__warning__(msg)))
#define MALLOC                  __attribute__((__malloc__))
#define NONNULL(...)            __attribute__((__nonnull__(__VA_ARGS__)))
#define NONNULL_ALL             __attribute__((__nonnull__))
#define NORETURN                __attribute__((__noreturn__))
#define PACKED                  __attribute__((__packed__))
#define FORMAT(archetype, string_index, first_to_check) \
    __attribute__((__format__(archetype, string_index, first_to_check)))
#define SECTION(sect)           __attribute__((__section__(sect)))
#define SENTINEL(param)         __attribute__((__sentinel__(param)))
#define SENTINEL_LAST           __attribute__((__sentinel__))
#define UNUSED                  __attribute__((__unused__))
#define USED                    __attribute__((__used__))
#define VISIBLE                 __attribute__((__externally_visible__))
#define WARN_UNUSED_RESULT      __attribute__((__warn_unused_result__))
#define WEAK                    __attribute__((__weak__))
#define RETURNS_NONNULL         __attribute__((__returns_nonnull__))

#define CONSTRUCTOR_MIN_PRIORITY 101
#define CONSTRUCTOR_MAX_PRIORITY 65535
#define CONSTRUCTOR(priority)   __attribute__((__constructor__(priority)))

/* libsel4's sel4/macros.h may have defined these already (same meaning). */
#ifndef PURE
#define PURE                    __attribute__((__pure__))
#endif
#ifndef CONST
#define CONST                   __attribute__((__const__))
#endif
