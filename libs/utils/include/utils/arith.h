/*
 * utils/arith.h - integer arithmetic helpers with util_libs' names and
 * meanings.  Mind the units, which are util_libs' too:
 *
 *   BIT(n), MASK(n), IS_ALIGNED(n, bits)   take a number of bits;
 *   ROUND_UP(n, b), ROUND_DOWN(n, b)       round to a multiple of the value
 *                                          b (any b, not only powers of 2);
 *   ALIGN_UP(x, n), ALIGN_DOWN(x, n)       n a power of two, in bytes.
 *
 * The macros built on statement expressions evaluate each argument once.
 */
#pragma once

#include <assert.h>
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <utils/attribute.h>
#include <utils/builtin.h>
#include <utils/verification.h>
#include <utils/stringify.h>

#define BIT(n) (1ul << (n))

/* Low n bits set, for 0 <= n < 64 (no check). */
#define MASK_UNSAFE(n) (BIT(n) - 1ul)

/* Low n bits set, for 1 <= n <= 64 (checked with assert). */
#define MASK(n) ({                                                            \
    __typeof__(n) utils_n_ = (n);                                             \
    (void)assert(utils_n_ <= (__typeof__(n))(sizeof(unsigned long) * 8));    \
    (void)assert(utils_n_ > 0);                                               \
    MASK_UNSAFE(utils_n_ - 1) | BIT(utils_n_ - 1);                            \
})

#define IS_ALIGNED(n, b) (!((n) & MASK(b)))

/* floor(log2(n)) for n > 0. */
#define LOG_BASE_2(n) (sizeof(unsigned long) * CHAR_BIT - CLZL(n) - 1)

/* The power of two above x (32-bit x; 64 -> 128). */
#define NEXT_POWER_OF_2(x) ({                                                 \
    uint32_t utils_p_ = (uint32_t)(x);                                        \
    utils_p_ |= utils_p_ >> 1;                                                \
    utils_p_ |= utils_p_ >> 2;                                                \
    utils_p_ |= utils_p_ >> 4;                                                \
    utils_p_ |= utils_p_ >> 8;                                                \
    utils_p_ |= utils_p_ >> 16;                                               \
    utils_p_ + 1;                                                             \
})

#define IS_POWER_OF_2_OR_ZERO(x) (0 == ((x) & ((x) - 1)))
#define IS_POWER_OF_2(x) (((x) != 0) && IS_POWER_OF_2_OR_ZERO(x))
#define ALIGN_UP(x, n) (((x) + (n) - 1) & ~((n) - 1))
#define ALIGN_DOWN(x, n) ((x) & ~((n) - 1))

#define ROUND_DOWN_UNSAFE(n, b) ((n) - ((n) % (b)))
#define ROUND_UP_UNSAFE(n, b) ((n) + ((n) % (b) == 0 ? 0 : ((b) - ((n) % (b)))))

#define ROUND_DOWN(n, b) ({                                                   \
    __typeof__(n) utils_n_ = (n);                                             \
    __typeof__(b) utils_b_ = (b);                                             \
    utils_n_ - (utils_n_ % utils_b_);                                         \
})

#define ROUND_UP(n, b) ({                                                     \
    __typeof__(n) utils_n_ = (n);                                             \
    __typeof__(b) utils_b_ = (b);                                             \
    utils_n_ % utils_b_ == 0 ? utils_n_ : utils_n_ + (utils_b_ - utils_n_ % utils_b_); \
})

#define DIV_ROUND_UP(n, d) ({                                                 \
    __typeof__(n) utils_n_ = (n);                                             \
    __typeof__(d) utils_d_ = (d);                                             \
    utils_n_ / utils_d_ + (utils_n_ % utils_d_ == 0 ? 0 : 1);                 \
})

/* n / d to the nearest whole number (halves round up). */
#define DIV_ROUND(n, d) ({                                                    \
    __typeof__(n) utils_n_ = (n);                                             \
    __typeof__(d) utils_d_ = (d);                                             \
    utils_n_ / utils_d_ + ((utils_n_ % utils_d_) >= utils_d_ / 2 ? 1 : 0);    \
})
#define DIV_ROUND_UNSAFE(n, d) (((n) + ((d) / 2)) / (d))

#define MIN(a, b) ({                                                          \
    __typeof__(a) utils_a_ = (a);                                             \
    __typeof__(b) utils_b_ = (b);                                             \
    utils_a_ < utils_b_ ? utils_a_ : utils_b_;                                \
})
#define MAX(a, b) ({                                                          \
    __typeof__(a) utils_a_ = (a);                                             \
    __typeof__(b) utils_b_ = (b);                                             \
    utils_a_ > utils_b_ ? utils_a_ : utils_b_;                                \
})
/* For constant expressions (array sizes, static initialisers). */
#define MIN_UNSAFE(x, y) ((x) < (y) ? (x) : (y))
#define MAX_UNSAFE(x, y) ((x) > (y) ? (x) : (y))

#define INRANGE(a, x, b) MIN(MAX(x, a), b)
#define ISINRANGE(a, x, b) ({                                                 \
    __typeof__(x) utils_x_ = (x);                                             \
    utils_x_ == INRANGE(a, utils_x_, b);                                      \
})

#define ARRAY_SIZE(x) (sizeof(x) / sizeof((x)[0]))

/* value limited to [min, max]: CLAMP(-3, 7, 4) == 4. */
#define CLAMP(min, value, max) ({                                             \
    __typeof__(max) utils_max_ = (max);                                       \
    __typeof__(min) utils_min_ = (min);                                       \
    __typeof__(value) utils_v_ = (value);                                     \
    utils_v_ > utils_max_ ? utils_max_ : utils_v_ < utils_min_ ? utils_min_ : utils_v_; \
})

/* a + b, or limit if the sum would pass it. */
#define CLAMP_ADD(a, b, limit) ({                                             \
    __typeof__(a) utils_a_ = (a);                                             \
    __typeof__(b) utils_b_ = (b);                                             \
    __typeof__(limit) utils_l_ = (limit);                                     \
    utils_l_ - utils_b_ < utils_a_ ? utils_l_ : utils_a_ + utils_b_;          \
})

/* a - b, or limit if the difference would pass it. */
#define CLAMP_SUB(a, b, limit) ({                                             \
    __typeof__(a) utils_a_ = (a);                                             \
    __typeof__(b) utils_b_ = (b);                                             \
    __typeof__(limit) utils_l_ = (limit);                                     \
    utils_l_ + utils_b_ > utils_a_ ? utils_l_ : utils_a_ - utils_b_;          \
})

/* Padding between two fields of a packed struct at fixed offsets. */
#define PAD_STRUCT_BETWEEN(before, after, type) \
    uint8_t JOIN(__padding, __COUNTER__)[(after) - (before) - sizeof(type)]
