/*
 * ltimer.c - pc99's default logical timer: the PIT for timeouts, the TSC
 * (calibrated against the PIT) for the time.
 *
 * The PIT counts at most PIT_MAX_NS (about 55 ms), and it counts on its
 * own clock, not the TSC's.  So a relative or absolute timeout is kept as
 * a deadline in get_time's terms and reached in steps: each PIT interrupt
 * before the deadline programs the next step, and only the one at or past
 * it is a timeout event for the user's callback (a timeout never ends
 * early by get_time).  Periodic timeouts must fit the PIT.  An interrupt
 * that comes when no timeout is set (the count in flight when the timer
 * was reset: the PIT finishes it) is acknowledged and reported to no one.
 *
 * The interrupt is registered through ops.irq_ops as seL4_libs describes
 * it on pc99 with the I/O APIC: I/O APIC 0, pin 2, edge-triggered, active
 * high, vector 2.
 */
#include <stdlib.h>
#include <platsupport/ltimer.h>
#include <platsupport/plat/timer.h>
#include <platsupport/arch/tsc.h>

typedef struct {
    pit_t pit;
    uint64_t tsc_freq;           /* Hz */
    enum { NO_TIMEOUT, PERIODIC, ONE_SHOT } armed;
    uint64_t deadline;           /* ONE_SHOT: when it is due, in get_time's ns */
    ps_irq_t irq;
    irq_id_t irq_id;
    ps_io_ops_t ops;
    ltimer_callback_fn_t callback;
    void *callback_token;
} pit_ltimer_t;

static size_t get_num_irqs(void *data) { return 1; }

static int get_nth_irq(void *data, size_t n, ps_irq_t *irq)
{
    pit_ltimer_t *t = data;
    if (n != 0 || irq == NULL)
        return EINVAL;
    *irq = t->irq;
    return 0;
}

static size_t get_num_pmems(void *data) { return 0; }

static int get_time(void *data, uint64_t *time)
{
    pit_ltimer_t *t = data;
    *time = tsc_get_time(t->tsc_freq);
    return 0;
}

static int get_resolution(void *data, uint64_t *resolution)
{
    return ENOSYS;
}

/* Program the next step towards t->deadline; false if it has passed. */
static bool next_step(pit_ltimer_t *t)
{
    uint64_t now = tsc_get_time(t->tsc_freq);
    if (now >= t->deadline)
        return false;
    uint64_t ns = MAX(MIN(t->deadline - now, PIT_MAX_NS), PIT_MIN_NS);
    return pit_set_timeout(&t->pit, ns, false) == 0;
}

/*
 * Acknowledge first, then program the next step: the kernel masks the pin
 * when the interrupt comes, and an I/O APIC drops an edge that arrives on a
 * masked pin (82093AA; QEMU does the same).  A short last step programmed
 * before the Ack could expire in between, and no interrupt would ever come.
 */
static void on_interrupt(void *data, ps_irq_acknowledge_fn_t acknowledge, void *ack_data)
{
    pit_ltimer_t *t = data;
    acknowledge(ack_data);
    bool timeout = t->armed == PERIODIC || (t->armed == ONE_SHOT && !next_step(t));
    if (timeout && t->armed == ONE_SHOT)
        t->armed = NO_TIMEOUT;
    if (timeout && t->callback)
        t->callback(t->callback_token, LTIMER_TIMEOUT_EVENT);
}

static int set_timeout(void *data, uint64_t ns, timeout_type_t type)
{
    pit_ltimer_t *t = data;
    uint64_t now = tsc_get_time(t->tsc_freq), wait;
    t->armed = NO_TIMEOUT;
    switch (type) {
    case TIMEOUT_PERIODIC:
        if (ns > PIT_MAX_NS) {
            ZF_LOGE("Periodic timeouts over %lu ns are not possible with the PIT",
                    (unsigned long)PIT_MAX_NS);
            return ENOSYS;
        }
        t->armed = PERIODIC;
        return pit_set_timeout(&t->pit, MAX(ns, PIT_MIN_NS), true);
    case TIMEOUT_ABSOLUTE:
        if (ns <= now)
            return ETIME;
        wait = ns - now;
        break;
    case TIMEOUT_RELATIVE:
        wait = ns;
        break;
    default:
        return EINVAL;
    }
    t->deadline = now + wait;              /* reached in steps, see next_step() */
    t->armed = ONE_SHOT;
    return pit_set_timeout(&t->pit, MAX(MIN(wait, PIT_MAX_NS), PIT_MIN_NS), false);
}

static int reset(void *data)
{
    pit_ltimer_t *t = data;
    t->armed = NO_TIMEOUT;
    return pit_cancel_timeout(&t->pit);
}

/*
 * Parking the PIT: a fresh one-shot of its longest count (about 55 ms).
 * A cancel (a command without a count) stops a real 8254, but QEMU's PIT
 * still raises the one interrupt it had scheduled (the BIOS's 18.2 Hz
 * tick at start-up, our last period at the end), at any time in the next
 * period.  Registering and unregistering the interrupt each leave the line
 * open without a notification for a few kernel calls (seL4's order: the
 * handler is issued, and unmasked, before SetNotification; Clear comes
 * before the handler's deletion), and an interrupt then is an "Undelivered
 * IRQ" on the console: rare on seL4, common on caplab, whose kernel calls
 * are slower.  A parked PIT replaces what was scheduled and raises nothing
 * for 55 ms, long after the registration or the unregistration is done
 * (then once, to a bound notification or to a masked line).
 */
static int park(pit_t *pit)
{
    return pit_set_timeout(pit, PIT_MAX_NS, false);
}

static void destroy(void *data)
{
    pit_ltimer_t *t = data;
    if (t->pit.ops.io_port_out_fn)
        park(&t->pit);
    if (t->irq_id >= 0)
        ps_irq_unregister(&t->ops.irq_ops, t->irq_id);
    ps_free(&t->ops.malloc_ops, sizeof(*t), t);
}

int ltimer_pit_describe(ltimer_t *ltimer, ps_io_ops_t ops)
{
    if (ltimer == NULL)
        return EINVAL;
    int error = ps_calloc(&ops.malloc_ops, 1, sizeof(pit_ltimer_t), &ltimer->data);
    if (error)
        return error;
    pit_ltimer_t *t = ltimer->data;
    t->ops = ops;
    t->irq_id = PS_INVALID_IRQ_ID;
    t->irq = (ps_irq_t){ .type = PS_IOAPIC,
                         .ioapic = { .ioapic = 0, .pin = PIT_INTERRUPT, .level = 0,
                                     .polarity = 0, .vector = PIT_INTERRUPT } };
    ltimer->get_num_irqs = get_num_irqs;
    ltimer->get_nth_irq = get_nth_irq;
    ltimer->get_num_pmems = get_num_pmems;
    ltimer->get_nth_pmem = NULL;
    ltimer->destroy = destroy;
    return 0;
}

int ltimer_pit_init_freq(ltimer_t *ltimer, ps_io_ops_t ops, uint64_t tsc_freq,
                         ltimer_callback_fn_t callback, void *callback_token)
{
    int error = ltimer_pit_describe(ltimer, ops);
    if (error)
        return error;
    pit_ltimer_t *t = ltimer->data;
    t->tsc_freq = tsc_freq;
    t->callback = callback;
    t->callback_token = callback_token;
    error = pit_init(&t->pit, ops.io_port_ops);
    if (!error)
        error = park(&t->pit);                           /* quiet while the line opens */
    if (!error) {
        t->irq_id = ps_irq_register(&ops.irq_ops, t->irq, on_interrupt, t);
        if (t->irq_id < 0)
            error = EIO;
    }
    if (error) {
        destroy(t);
        ltimer->data = NULL;
        return error;
    }
    ltimer->get_time = get_time;
    ltimer->get_resolution = get_resolution;
    ltimer->set_timeout = set_timeout;
    ltimer->reset = reset;
    return 0;
}

int ltimer_pit_init(ltimer_t *ltimer, ps_io_ops_t ops, ltimer_callback_fn_t callback,
                    void *callback_token)
{
    int error = ltimer_pit_init_freq(ltimer, ops, 0, callback, callback_token);
    if (error)
        return error;
    pit_ltimer_t *t = ltimer->data;
    t->tsc_freq = tsc_calculate_frequency_pit(&t->pit);
    if (t->tsc_freq == 0) {
        ltimer_destroy(ltimer);
        return ENOSYS;
    }
    return 0;
}

uint32_t ltimer_pit_get_tsc_freq(ltimer_t *ltimer)
{
    pit_ltimer_t *t = ltimer->data;
    return (uint32_t)t->tsc_freq;
}

int ltimer_default_describe(ltimer_t *ltimer, ps_io_ops_t ops)
{
    return ltimer_pit_describe(ltimer, ops);
}

int ltimer_default_init(ltimer_t *ltimer, ps_io_ops_t ops, ltimer_callback_fn_t callback,
                        void *callback_token)
{
    return ltimer_pit_init(ltimer, ops, callback, callback_token);
}
