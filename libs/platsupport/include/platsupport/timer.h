/*
 * platsupport/timer.h - what a timer device can do (util_libs'
 * timer_properties_t), for drivers to describe themselves.
 */
#pragma once

#include <stdint.h>
#include <stdbool.h>

typedef struct timer_properties {
    bool upcounter;          /* has a free-running counter */
    bool timeouts;           /* can raise an interrupt after a time */
    bool absolute_timeouts;
    bool relative_timeouts;
    bool periodic_timeouts;
    uint32_t bit_width;      /* of its counter */
    uint32_t irqs;           /* interrupts it uses */
} timer_properties_t;
