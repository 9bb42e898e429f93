/*
 * tsc.c - measuring the TSC's frequency against the PIT: start a full
 * one-shot countdown, note the TSC and the time left, wait until the PIT
 * has counted down CALIBRATION_NS more, note both again.
 */
#include <platsupport/arch/tsc.h>

#define CALIBRATION_NS 10000000ull        /* 10 ms */
#define MAX_POLLS      10000000u

uint64_t tsc_calculate_frequency_pit(pit_t *pit)
{
    if (pit_set_timeout(pit, PIT_MAX_NS, false))
        return 0;
    uint64_t start_left = pit_get_time(pit), left = start_left;
    uint64_t start_tsc = rdtsc_pure(), end_tsc = start_tsc;
    for (uint32_t polls = 0; polls < MAX_POLLS; polls++) {
        left = pit_get_time(pit);
        end_tsc = rdtsc_pure();
        if (left + CALIBRATION_NS <= start_left)
            break;
    }
    pit_cancel_timeout(pit);
    if (left >= start_left)
        return 0;
    return (end_tsc - start_tsc) * 1000000000ull / (start_left - left);
}
