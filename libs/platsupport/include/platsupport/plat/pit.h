/*
 * platsupport/plat/pit.h - the 8254 programmable interval timer's channel 0
 * (util_libs' pc99 PIT driver): one-shot or periodic timeouts of up to
 * 0xFFFF ticks of 1.193182 MHz (about 54.9 ms), through I/O ports
 * 0x40-0x43.  With the I/O APIC its interrupt comes in on pin 2.
 */
#pragma once

#include <stdint.h>
#include <stdbool.h>
#include <platsupport/io.h>
#include <platsupport/timer.h>

#define PIT_INTERRUPT       2          /* I/O APIC pin (ISA IRQ 0 on the PIC) */

#define PIT_IO_PORT_MIN     0x40
#define PIT_IO_PORT_MAX     0x43

#define TICKS_PER_SECOND    1193182

/* ticks -> nanoseconds (util_libs' name, kept) */
#define PIT_NS_TO_TICKS(ticks) ((uint64_t)(ticks) * 1000000000ull / TICKS_PER_SECOND)

#define PIT_MIN_TICKS       2
#define PIT_MAX_TICKS       0xFFFF
#define PIT_MIN_NS          PIT_NS_TO_TICKS(PIT_MIN_TICKS)
#define PIT_MAX_NS          PIT_NS_TO_TICKS(PIT_MAX_TICKS)

typedef struct {
    ps_io_port_ops_t ops;
} pit_t;

static inline timer_properties_t get_pit_properties(void)
{
    return (timer_properties_t) {
        .upcounter = false, .timeouts = true, .relative_timeouts = true,
        .periodic_timeouts = true, .absolute_timeouts = false, .bit_width = 16, .irqs = 1
    };
}

int pit_init(pit_t *pit, ps_io_port_ops_t io_port_ops);        /* stops the counter */
int pit_cancel_timeout(pit_t *pit);
/* ns in [PIT_MIN_NS, PIT_MAX_NS], else EINVAL */
int pit_set_timeout(pit_t *pit, uint64_t ns, bool periodic);
/* Nanoseconds left before the current countdown ends. */
uint64_t pit_get_time(pit_t *pit);
