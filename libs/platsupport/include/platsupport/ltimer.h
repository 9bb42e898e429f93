/*
 * platsupport/ltimer.h - the logical timer (util_libs' ltimer_t): one
 * monotonic clock in nanoseconds plus one programmable timeout, whatever
 * devices back it.  On caplab's pc99 the default ltimer is the PIT for
 * timeouts (its interrupt routed through the I/O APIC, pin 2) and the TSC,
 * calibrated against the PIT, for the time (src/ltimer.c).
 *
 * Every helper checks the timer and answers EINVAL or ENOSYS when it
 * cannot go on, as util_libs' helpers do.
 */
#pragma once

#include <stdint.h>
#include <stddef.h>
#include <errno.h>
#include <utils/util.h>
#include <platsupport/io.h>
#include <platsupport/pmem.h>
#include <platsupport/irq.h>

typedef enum {
    TIMEOUT_PERIODIC,    /* every ns nanoseconds from now */
    TIMEOUT_ABSOLUTE,    /* when get_time reaches ns */
    TIMEOUT_RELATIVE     /* once, ns nanoseconds from now */
} timeout_type_t;

typedef enum {
    LTIMER_TIMEOUT_EVENT,
    LTIMER_OVERFLOW_EVENT
} ltimer_event_t;

/* Called from the timer's interrupt handling for each event. */
typedef void (*ltimer_callback_fn_t)(void *token, ltimer_event_t event);

typedef struct ltimer {
    size_t (*get_num_irqs)(void *data);
    int (*get_nth_irq)(void *data, size_t n, ps_irq_t *irq);
    size_t (*get_num_pmems)(void *data);
    int (*get_nth_pmem)(void *data, size_t n, pmem_region_t *region);
    int (*get_time)(void *data, uint64_t *time);              /* ns, monotonic */
    int (*get_resolution)(void *data, uint64_t *resolution);
    int (*set_timeout)(void *data, uint64_t ns, timeout_type_t type);
    int (*reset)(void *data);                                 /* cancel timeouts */
    void (*destroy)(void *data);
    void *data;
} ltimer_t;

static inline int ltimer_get_resolution(ltimer_t *timer, uint64_t *resolution)
{
    if (!timer || !resolution)
        return EINVAL;
    if (!timer->get_resolution)
        return ENOSYS;
    return timer->get_resolution(timer->data, resolution);
}

static inline int ltimer_set_timeout(ltimer_t *timer, uint64_t nanoseconds, timeout_type_t type)
{
    if (!timer)
        return EINVAL;
    if (!timer->set_timeout)
        return ENOSYS;
    if (type != TIMEOUT_PERIODIC && type != TIMEOUT_ABSOLUTE && type != TIMEOUT_RELATIVE) {
        ZF_LOGE("Invalid timer type");
        return EINVAL;
    }
    return timer->set_timeout(timer->data, nanoseconds, type);
}

static inline size_t ltimer_get_num_irqs(ltimer_t *timer)
{
    return timer->get_num_irqs ? timer->get_num_irqs(timer->data) : 0;
}

static inline int ltimer_get_nth_irq(ltimer_t *timer, size_t n, ps_irq_t *irq)
{
    if (!timer || !irq)
        return EINVAL;
    if (!timer->get_nth_irq || !timer->get_num_irqs)
        return ENOSYS;
    if (n >= ltimer_get_num_irqs(timer))
        return EINVAL;
    return timer->get_nth_irq(timer->data, n, irq);
}

static inline size_t ltimer_get_num_pmems(ltimer_t *timer)
{
    return timer->get_num_pmems ? timer->get_num_pmems(timer->data) : 0;
}

static inline int ltimer_get_nth_pmem(ltimer_t *timer, size_t n, pmem_region_t *pmem)
{
    if (!timer || !pmem)
        return EINVAL;
    if (!timer->get_nth_pmem || !timer->get_num_pmems)
        return ENOSYS;
    if (n >= ltimer_get_num_pmems(timer))
        return EINVAL;
    return timer->get_nth_pmem(timer->data, n, pmem);
}

static inline int ltimer_get_time(ltimer_t *timer, uint64_t *time)
{
    if (!timer || !time)
        return EINVAL;
    if (!timer->get_time) {
        ZF_LOGE("get_time not implemented");
        return ENOSYS;
    }
    return timer->get_time(timer->data, time);
}

static inline int ltimer_reset(ltimer_t *timer)
{
    if (!timer)
        return EINVAL;
    if (!timer->reset)
        return ENOSYS;
    return timer->reset(timer->data);
}

static inline void ltimer_destroy(ltimer_t *timer)
{
    if (!timer || !timer->destroy) {
        ZF_LOGW("nothing to destroy");
        return;
    }
    timer->destroy(timer->data);
}

/* Busy-wait on get_time. */
static inline void ltimer_ns_delay(ltimer_t *timer, uint64_t nanoseconds)
{
    uint64_t start, now;
    if (ltimer_get_time(timer, &start))
        return;
    do {
        if (ltimer_get_time(timer, &now))
            return;
    } while (now - start < nanoseconds);
}

static inline void ltimer_us_delay(ltimer_t *timer, uint64_t us) { ltimer_ns_delay(timer, us * 1000ull); }
static inline void ltimer_ms_delay(ltimer_t *timer, uint64_t ms) { ltimer_ns_delay(timer, ms * 1000000ull); }
static inline void ltimer_s_delay(ltimer_t *timer, uint64_t s) { ltimer_ns_delay(timer, s * 1000000000ull); }

/*
 * The platform's default ltimer.  It registers its interrupt through
 * ops.irq_ops at once; callback (may be NULL) is called with
 * LTIMER_TIMEOUT_EVENT for every timeout.  0 on success.
 */
int ltimer_default_init(ltimer_t *timer, ps_io_ops_t ops, ltimer_callback_fn_t callback,
                        void *callback_token);
/* Only the describing functions (irqs, pmems): no device is touched. */
int ltimer_default_describe(ltimer_t *timer, ps_io_ops_t ops);
