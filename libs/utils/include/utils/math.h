/*
 * utils/math.h - muldivu64(a, b, c): a * b / c without overflowing, for
 * unsigned 64-bit numbers (c must not be 0).
 */
#pragma once

#include <stdint.h>

static inline uint64_t muldivu64(uint64_t a, uint64_t b, uint64_t c)
{
    return (uint64_t)(((unsigned __int128)a * b) / c);
}
