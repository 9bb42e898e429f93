/*
 * utils/util.h - the small helpers seL4 library code expects to find here,
 * plus zf_log.
 *
 * Note the seL4 convention: ROUND_UP/ROUND_DOWN/IS_ALIGNED take a number of
 * *bits* (round to a multiple of 2^b), while ALIGN_UP/ALIGN_DOWN take a
 * size in bytes (a power of two).
 */
#pragma once

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <utils/zf_log.h>

#define UNUSED              __attribute__((__unused__))
#define NORETURN            __attribute__((__noreturn__))
#define PACKED              __attribute__((__packed__))
#define ALIGN(n)            __attribute__((__aligned__(n)))
#define WARN_UNUSED_RESULT  __attribute__((__warn_unused_result__))
#define CONST               __attribute__((__const__))
#define PURE                __attribute__((__pure__))
#define likely(x)           __builtin_expect(!!(x), 1)
#define unlikely(x)         __builtin_expect(!!(x), 0)

#define BIT(n)              (1ul << (n))
#define MASK(n)             (BIT(n) - 1ul)
#define ARRAY_SIZE(a)       (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b)           ((a) < (b) ? (a) : (b))
#define MAX(a, b)           ((a) > (b) ? (a) : (b))

#define ROUND_DOWN(n, b)    (((n) >> (b)) << (b))
#define ROUND_UP(n, b)      ((((n) + MASK(b)) >> (b)) << (b))
#define IS_ALIGNED(n, b)    (((n) & MASK(b)) == 0)
#define ALIGN_UP(x, n)      (((x) + (n) - 1) & ~((n) - 1))
#define ALIGN_DOWN(x, n)    ((x) & ~((n) - 1))
#define DIV_ROUND_UP(n, d)  (((n) + (d) - 1) / (d))
#define SIZE_BITS_TO_BYTES(b) BIT(b)
#define BYTES_TO_4K_PAGES(b)  DIV_ROUND_UP((b), 4096ul)

#define STRINGIFY_(x)       #x
#define STRINGIFY(x)        STRINGIFY_(x)
