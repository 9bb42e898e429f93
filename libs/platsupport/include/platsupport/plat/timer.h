/*
 * platsupport/plat/timer.h - pc99's timers.  The default ltimer here is
 * the PIT with the TSC as its clock; these set up that ltimer directly.
 * (util_libs' pc99 default first tries the HPET found through ACPI; caplab
 * issues no HPET and no ACPI tables, so the PIT is the default.)
 */
#pragma once

#include <platsupport/timer.h>
#include <platsupport/ltimer.h>
#include <platsupport/plat/pit.h>

int ltimer_pit_describe(ltimer_t *ltimer, ps_io_ops_t ops);
int ltimer_pit_init(ltimer_t *ltimer, ps_io_ops_t ops, ltimer_callback_fn_t callback,
                    void *callback_token);
/* As ltimer_pit_init, with a known TSC frequency (Hz) instead of calibrating. */
int ltimer_pit_init_freq(ltimer_t *ltimer, ps_io_ops_t ops, uint64_t tsc_freq,
                         ltimer_callback_fn_t callback, void *callback_token);
uint32_t ltimer_pit_get_tsc_freq(ltimer_t *ltimer);
