/*
 * platsupport/arch/tsc.h - the x86 time-stamp counter as a clock: read it,
 * turn it into nanoseconds, and measure its frequency against the PIT.
 */
#pragma once

#include <stdint.h>
#include <platsupport/plat/pit.h>

static inline uint64_t rdtsc_pure(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

/* TSC ticks -> nanoseconds at freq Hz, without overflowing. */
static inline uint64_t tsc_ticks_to_ns(uint64_t ticks, uint64_t freq)
{
    return ticks / freq * 1000000000ull + ticks % freq * 1000000000ull / freq;
}

static inline uint64_t tsc_get_time(uint64_t freq)
{
    return tsc_ticks_to_ns(rdtsc_pure(), freq);
}

/* Count TSC ticks over a known number of PIT ticks; the frequency in Hz,
 * or 0 if the PIT did not count.  Leaves the PIT stopped. */
uint64_t tsc_calculate_frequency_pit(pit_t *pit);
