/*
 * pit.c - the 8254 PIT's channel 0 as a timeout device.
 *
 * Port 0x43 takes a command byte: channel (bits 7-6), access mode (bits
 * 5-4, 3 = low byte then high byte), operating mode (bits 3-1).  Mode 0
 * ("interrupt on terminal count") raises the output once when the count
 * reaches 0: a one-shot timeout.  Mode 2 ("rate generator") reloads the
 * count and pulses every period: a periodic timeout.  Writing a command
 * without a count stops channel 0 until a count follows, which is how a
 * timeout is cancelled.  A latch command (0x00) freezes the count so that
 * port 0x40 reads it low byte first.
 */
#include <platsupport/plat/pit.h>

#define PIT_CHANNEL0     0x40
#define PIT_COMMAND      0x43
#define CMD_LATCH_CH0    0x00
#define CMD_ONESHOT      0x30      /* channel 0, lo/hi, mode 0 */
#define CMD_PERIODIC     0x34      /* channel 0, lo/hi, mode 2 */

static int pit_out(pit_t *pit, uint32_t port, uint32_t value)
{
    return ps_io_port_out(&pit->ops, port, 1, value);
}

int pit_init(pit_t *pit, ps_io_port_ops_t io_port_ops)
{
    if (pit == NULL)
        return EINVAL;
    pit->ops = io_port_ops;
    return pit_cancel_timeout(pit);
}

int pit_cancel_timeout(pit_t *pit)
{
    return pit_out(pit, PIT_COMMAND, CMD_ONESHOT);
}

int pit_set_timeout(pit_t *pit, uint64_t ns, bool periodic)
{
    uint64_t ticks = ns * TICKS_PER_SECOND / 1000000000ull;
    if (ns > PIT_MAX_NS || ticks < PIT_MIN_TICKS || ticks > PIT_MAX_TICKS)
        return EINVAL;
    int error = pit_out(pit, PIT_COMMAND, periodic ? CMD_PERIODIC : CMD_ONESHOT);
    if (!error)
        error = pit_out(pit, PIT_CHANNEL0, ticks & 0xff);
    if (!error)
        error = pit_out(pit, PIT_CHANNEL0, (ticks >> 8) & 0xff);
    return error;
}

/* The current count of channel 0 (ticks left), or 0 if it cannot be read. */
static uint32_t pit_read_count(pit_t *pit)
{
    uint32_t lo = 0, hi = 0;
    if (pit_out(pit, PIT_COMMAND, CMD_LATCH_CH0) ||
        ps_io_port_in(&pit->ops, PIT_CHANNEL0, 1, &lo) ||
        ps_io_port_in(&pit->ops, PIT_CHANNEL0, 1, &hi))
        return 0;
    return (lo & 0xff) | (hi & 0xff) << 8;
}

uint64_t pit_get_time(pit_t *pit)
{
    return PIT_NS_TO_TICKS(pit_read_count(pit));
}

