/*
 * types.h - basic kernel types and bit helpers.
 *
 * The kernel is freestanding: no libc.  Physical addresses (paddr_t) and
 * kernel pointers are different things; convert only with kptr_of() and
 * paddr_of() (kernel.h), which is what lets the capability core also run
 * as host unit tests over a memory arena.
 */
#pragma once

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <sel4/types.h>
#include <sel4/invocation.h>

typedef uint64_t word_t;
typedef uint64_t paddr_t;
typedef int64_t  sword_t;

#define BIT(n)            (1ull << (n))
#define MASK(n)           ((n) >= 64 ? ~0ull : BIT(n) - 1)
#define ROUND_UP(x, a)    (((x) + (a) - 1) & ~((word_t)(a) - 1))
#define ROUND_DOWN(x, a)  ((x) & ~((word_t)(a) - 1))
#define IS_ALIGNED(x, b)  (((x) & MASK(b)) == 0)
#define ARRAY_SIZE(a)     (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b)         ((a) < (b) ? (a) : (b))
#define MAX(a, b)         ((a) > (b) ? (a) : (b))
#define UNUSED            __attribute__((unused))
#define NORETURN          __attribute__((noreturn))
#define PACKED            __attribute__((packed))
