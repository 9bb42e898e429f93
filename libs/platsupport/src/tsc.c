/*
 * tsc.c - measuring the TSC's frequency against the PIT: start a full
 * one-shot countdown (about 55 ms), note the TSC and the time left, wait
 * until the PIT has counted down CALIBRATION_NS more, note both again.
 * If the count went past zero meanwhile (the machine stalled: in mode 0
 * the counter then wraps and counts on), that measurement is dropped and
 * taken again.
 */
#include <platsupport/arch/tsc.h>

#define CALIBRATION_NS 20000000ull        /* 20 ms of the PIT's 55 */
#define MAX_POLLS      1000000u
#define ATTEMPTS       3

static uint64_t measure_once(pit_t *pit)
{
    if (pit_set_timeout(pit, PIT_MAX_NS, false))
        return 0;
    uint64_t start_left = pit_get_time(pit), start_tsc = rdtsc_pure();
    uint64_t left = start_left, end_tsc = start_tsc;
    for (uint32_t polls = 0; polls < MAX_POLLS && left + CALIBRATION_NS > start_left; polls++) {
        uint64_t now_left = pit_get_time(pit);
        end_tsc = rdtsc_pure();
        if (now_left > left) {
            left = start_left;                   /* wrapped: measure again */
            break;
        }
        left = now_left;
    }
    pit_cancel_timeout(pit);
    if (left >= start_left)
        return 0;
    return (end_tsc - start_tsc) * 1000000000ull / (start_left - left);
}

uint64_t tsc_calculate_frequency_pit(pit_t *pit)
{
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        uint64_t freq = measure_once(pit);
        if (freq)
            return freq;
    }
    return 0;
}
