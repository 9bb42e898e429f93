/*
 * platsupport/main.c - self-test root task of platsupport and
 * sel4platsupport as the timer tutorial (dynamic-4) uses them: the io ops
 * built one by one, I/O ports through caps, the mini IRQ interface, and
 * the default ltimer (PIT + TSC) with every timeout type, reset and
 * destroy.  Written against the seL4_libs API only.  Each check prints
 * "platsupport: <name>: ok" or "... FAIL: ..."; the program ends with
 * "platsupport: done, <n> failed" and a debug halt.
 *
 * Timing checks are lower bounds only (a timeout cannot end early): the
 * machine may be slower than real time, never faster.
 */
#include <stdio.h>
#include <sel4/sel4.h>
#include <sel4platsupport/bootinfo.h>
#include <sel4platsupport/io.h>
#include <sel4platsupport/irq.h>
#include <sel4platsupport/arch/io.h>
#include <platsupport/plat/timer.h>
#include <platsupport/ltimer.h>
#include <platsupport/arch/tsc.h>
#include <simple-default/simple-default.h>
#include <allocman/bootstrap.h>
#include <allocman/vka.h>
#include <sel4utils/vspace.h>
#include <vka/object.h>
#include <utils/util.h>

#define MS 1000000ull
/* Every badge bit: what the tutorial writes MASK(seL4_BadgeBits) (which
 * warns about a 64-bit shift with caplab's utils under -Werror). */
#define ALL_BADGE_BITS (~(seL4_Word)0)
#define POOL_BYTES (BIT(seL4_PageBits) * 10)
#define VIRTUAL_POOL_BYTES (BIT(seL4_PageBits) * 100)

static int failures;

#define CHECK(name, cond, ...)                                              \
    do {                                                                    \
        if (cond) {                                                         \
            printf("platsupport: %s: ok\n", name);                          \
        } else {                                                            \
            failures++;                                                     \
            printf("platsupport: %s: FAIL: ", name);                        \
            printf(__VA_ARGS__);                                            \
            printf(" (line %d)\n", __LINE__);                               \
        }                                                                   \
    } while (0)

static char allocator_pool[POOL_BYTES];
static sel4utils_alloc_data_t vspace_data;
static seL4_BootInfo *info;
static simple_t simple;
static vka_t vka;
static vspace_t vspace;
static vka_object_t ntfn;
static ps_io_ops_t ops;
static ltimer_t timer;
static int timeouts;                     /* LTIMER_TIMEOUT_EVENTs seen */
static uint64_t ltimer_freq;             /* the TSC's, as the ltimer measured it */

static void on_timeout(void *token, ltimer_event_t event)
{
    if (token == &timeouts && event == LTIMER_TIMEOUT_EVENT)
        timeouts++;
}

static uint64_t now(void)
{
    uint64_t t = 0;
    ltimer_get_time(&timer, &t);
    return t;
}

/* Wait for interrupts until `want` timeouts have been seen (or `limit`
 * interrupts arrived); the number of interrupts. */
static int wait_timeouts(int want, int limit)
{
    int interrupts = 0;
    timeouts = 0;
    while (timeouts < want && interrupts < limit) {
        seL4_Word badge = 0;
        seL4_Wait(ntfn.cptr, &badge);
        sel4platsupport_irq_handle(&ops.irq_ops, MINI_IRQ_INTERFACE_NTFN_ID, badge);
        interrupts++;
    }
    return interrupts;
}

/* Handle what is pending now and what the acknowledgements let through
 * (an interrupt already on its way to the CPU when the line was acked). */
static void drain(void)
{
    for (int i = 0; i < 2; i++) {
        ltimer_ms_delay(&timer, 2);
        sel4platsupport_irq_poll(&ops.irq_ops, MINI_IRQ_INTERFACE_NTFN_ID, ~0ul, NULL);
    }
}

/* No interrupt is pending after spinning for ms milliseconds. */
static bool quiet_for(uint64_t ms)
{
    seL4_Word left = 0;
    ltimer_ms_delay(&timer, ms);
    int before = timeouts;
    sel4platsupport_irq_poll(&ops.irq_ops, MINI_IRQ_INTERFACE_NTFN_ID, ~0ul, &left);
    return timeouts == before;
}

static int bootstrap(void)
{
    void *vaddr;
    info = platsupport_get_bootinfo();
    simple_default_init_bootinfo(&simple, info);
    allocman_t *allocman = bootstrap_use_current_simple(&simple, POOL_BYTES, allocator_pool);
    if (allocman == NULL)
        return -1;
    allocman_make_vka(&vka, allocman);
    if (sel4utils_bootstrap_vspace_with_bootinfo_leaky(&vspace, &vspace_data,
                                                       simple_get_pd(&simple), &vka, info))
        return -1;
    reservation_t res = vspace_reserve_range(&vspace, VIRTUAL_POOL_BYTES, seL4_AllRights, 1, &vaddr);
    if (res.res == NULL)
        return -1;
    bootstrap_configure_virtual_pool(allocman, vaddr, VIRTUAL_POOL_BYTES, simple_get_pd(&simple));
    return 0;
}

/* The dynamic-4 sequence. */
static void test_io_ops(void)
{
    CHECK("vka_alloc_notification", vka_alloc_notification(&vka, &ntfn) == 0, "failed");
    CHECK("new_malloc_ops", sel4platsupport_new_malloc_ops(&ops.malloc_ops) == 0, "failed");
    CHECK("new_io_mapper", sel4platsupport_new_io_mapper(&vspace, &vka, &ops.io_mapper) == 0,
          "failed");
    CHECK("new_fdt_ops", sel4platsupport_new_fdt_ops(&ops.io_fdt, &simple, &ops.malloc_ops) == 0,
          "failed");
    CHECK("no device tree on pc99", ps_io_fdt_get(&ops.io_fdt) == NULL, "not NULL");
    CHECK("new_mini_irq_ops refuses an empty mask",
          sel4platsupport_new_mini_irq_ops(&ops.irq_ops, &vka, &simple, &ops.malloc_ops,
                                           ntfn.cptr, 0) != 0, "accepted");
    CHECK("new_mini_irq_ops",
          sel4platsupport_new_mini_irq_ops(&ops.irq_ops, &vka, &simple, &ops.malloc_ops,
                                           ntfn.cptr, ALL_BADGE_BITS) == 0, "failed");
    CHECK("new_arch_ops", sel4platsupport_new_arch_ops(&ops, &simple, &vka) == 0, "failed");
    void *p = NULL;
    CHECK("ps_malloc", ps_malloc(&ops.malloc_ops, 64, &p) == 0 && p != NULL, "failed");
    CHECK("ps_free", ps_free(&ops.malloc_ops, 64, p) == 0, "failed");
    CHECK("irq_handle with another notification ID",
          sel4platsupport_irq_handle(&ops.irq_ops, 1, 1) != 0, "accepted");
}

static void test_io_ports(void)
{
    uint32_t value = 0;
    CHECK("out8 to port 0x80", ps_io_port_out(&ops.io_port_ops, 0x80, 1, 0x42) == 0, "failed");
    CHECK("CMOS register 0x0f through 0x70/0x71",
          ps_io_port_out(&ops.io_port_ops, 0x70, 1, 0x0f) == 0 &&
          ps_io_port_in(&ops.io_port_ops, 0x71, 1, &value) == 0, "failed");
    CHECK("a kernel port (PIC 0x20) is refused",
          ps_io_port_in(&ops.io_port_ops, 0x20, 1, &value) != 0, "accepted");
    CHECK("io_size 3 is refused", ps_io_port_out(&ops.io_port_ops, 0x80, 3, 0) != 0, "accepted");
}

static void test_io_mapper(void)
{
    /* The VGA text buffer: device memory below 1 MiB. */
    volatile uint16_t *vga = ps_io_map(&ops.io_mapper, 0xb8000 + 2, 4, 0, PS_MEM_NORMAL);
    CHECK("io_map of device memory (0xb8002)", vga != NULL, "NULL");
    if (vga == NULL)
        return;
    vga[0] = 0x0741;
    CHECK("device memory reads back", vga[0] == 0x0741, "0x%x", vga[0]);
    ps_io_unmap(&ops.io_mapper, (void *)vga, 4);
    vga = ps_io_map(&ops.io_mapper, 0xb8000 + 2, 4, 0, PS_MEM_NORMAL);
    CHECK("unmapped frames can be mapped again", vga != NULL && vga[0] == 0x0741, "failed");
    if (vga)
        ps_io_unmap(&ops.io_mapper, (void *)vga, 4);
}

static void test_ltimer_init(void)
{
    ps_irq_t irq;
    CHECK("ltimer_default_init", ltimer_default_init(&timer, ops, on_timeout, &timeouts) == 0,
          "failed");
    CHECK("one irq", ltimer_get_num_irqs(&timer) == 1, "%zu", ltimer_get_num_irqs(&timer));
    CHECK("the PIT's irq: I/O APIC 0 pin 2, edge, active high, vector 2",
          ltimer_get_nth_irq(&timer, 0, &irq) == 0 && irq.type == PS_IOAPIC &&
          irq.ioapic.ioapic == 0 && irq.ioapic.pin == 2 && irq.ioapic.level == 0 &&
          irq.ioapic.polarity == 0 && irq.ioapic.vector == 2, "type %d pin %ld", irq.type,
          irq.ioapic.pin);
    CHECK("no second irq", ltimer_get_nth_irq(&timer, 1, &irq) == EINVAL, "not EINVAL");
    CHECK("a TSC frequency was measured", ltimer_pit_get_tsc_freq(&timer) > 1000000,
          "%u Hz", ltimer_pit_get_tsc_freq(&timer));
    uint64_t a = now(), b = now();
    CHECK("get_time goes forward", a > 0 && b >= a, "%lu then %lu", (unsigned long)a,
          (unsigned long)b);
}

static void test_timeouts(void)
{
    drain();                            /* an edge latched before the timer was set up */
    uint64_t start = now();
    CHECK("periodic 1 ms", ltimer_set_timeout(&timer, MS, TIMEOUT_PERIODIC) == 0, "failed");
    int irqs = wait_timeouts(10, 1000);
    uint64_t took = now() - start;
    CHECK("ten periodic timeouts from ten interrupts", timeouts == 10 && irqs == 10,
          "%d timeouts, %d interrupts", timeouts, irqs);
    CHECK("ten periods took at least 8 ms (TSC calibrated within 20%)", took >= 8 * MS, "%lu ns",
          (unsigned long)took);
    CHECK("ltimer_reset", ltimer_reset(&timer) == 0, "failed");
    drain();
    CHECK("reset stopped the periodic timeout", quiet_for(10), "interrupts went on");

    start = now();
    CHECK("relative 5 ms", ltimer_set_timeout(&timer, 5 * MS, TIMEOUT_RELATIVE) == 0, "failed");
    irqs = wait_timeouts(1, 100);
    CHECK("one timeout after at least 5 ms", timeouts == 1 && now() - start >= 5 * MS,
          "%d timeouts after %lu ns", timeouts, (unsigned long)(now() - start));
    CHECK("a relative timeout fires once", quiet_for(10), "it fired again");

    start = now();
    CHECK("relative 150 ms (longer than one PIT count)",
          ltimer_set_timeout(&timer, 150 * MS, TIMEOUT_RELATIVE) == 0, "failed");
    irqs = wait_timeouts(1, 100);
    /* How many PIT steps it took depends on how fast the machine ran. */
    CHECK("one timeout event, at least 150 ms later",
          timeouts == 1 && now() - start >= 150 * MS,
          "%d timeouts, %d interrupts, %lu ns", timeouts, irqs, (unsigned long)(now() - start));

    uint64_t when = now() + 20 * MS;
    CHECK("absolute now + 20 ms", ltimer_set_timeout(&timer, when, TIMEOUT_ABSOLUTE) == 0, "failed");
    wait_timeouts(1, 100);
    CHECK("the absolute timeout came at its time", timeouts == 1 && now() >= when,
          "%d timeouts", timeouts);
    CHECK("absolute time in the past: ETIME",
          ltimer_set_timeout(&timer, now() - 1, TIMEOUT_ABSOLUTE) == ETIME, "not ETIME");
    CHECK("periodic longer than the PIT can count: ENOSYS",
          ltimer_set_timeout(&timer, 100 * MS, TIMEOUT_PERIODIC) == ENOSYS, "not ENOSYS");
    CHECK("an unknown timeout type: EINVAL",
          ltimer_set_timeout(&timer, MS, (timeout_type_t)7) == EINVAL, "not EINVAL");
}

/*
 * ltimer_destroy right after a periodic tick, many times: the PIT's last
 * interrupt must not come while the line is open without a notification
 * (the kernel would print "Undelivered IRQ").  The runner does not forbid
 * that line: QEMU's PIT can still raise one late interrupt when the host
 * stalls for longer than the PIT's parked one-shot (about 55 ms), and a
 * test must not depend on the host's load.  What is checked here is that
 * every round's init, tick and destroy succeed.
 */
static void test_destroy_after_ticks(void)
{
    int failed = 0;
    for (int i = 0; i < 20; i++) {
        failed += ltimer_pit_init_freq(&timer, ops, ltimer_freq, on_timeout, &timeouts) != 0 ||
                  ltimer_set_timeout(&timer, MS, TIMEOUT_PERIODIC) != 0 ||
                  wait_timeouts(1, 10) < 1;
        ltimer_destroy(&timer);
    }
    uint64_t until = tsc_get_time(ltimer_freq) + 5 * MS;
    while (tsc_get_time(ltimer_freq) < until)
        ;
    CHECK("20 times: a periodic tick, then ltimer_destroy", failed == 0, "%d failed", failed);
}

static void test_destroy(void)
{
    CHECK("periodic again", ltimer_set_timeout(&timer, MS, TIMEOUT_PERIODIC) == 0, "failed");
    wait_timeouts(1, 10);
    uint64_t freq = ltimer_pit_get_tsc_freq(&timer);
    ltimer_freq = freq;
    ltimer_destroy(&timer);
    seL4_Word badge = 0;
    seL4_Poll(ntfn.cptr, &badge);           /* a signal sent before the destroy */
    uint64_t until = tsc_get_time(freq) + 10 * MS;
    while (tsc_get_time(freq) < until)
        ;
    badge = 0;
    seL4_Poll(ntfn.cptr, &badge);
    CHECK("destroy stopped the timer and gave back the IRQ", badge == 0, "badge 0x%lx", badge);
    CHECK("a second ltimer (the IRQ was given back)",
          ltimer_default_init(&timer, ops, on_timeout, &timeouts) == 0, "failed");
    CHECK("relative 2 ms on it", ltimer_set_timeout(&timer, 2 * MS, TIMEOUT_RELATIVE) == 0 &&
          wait_timeouts(1, 100) >= 1 && timeouts == 1, "no timeout");
    ltimer_destroy(&timer);
}

int main(void)
{
    printf("platsupport: start\n");
    CHECK("bootstrap allocman, vka and vspace", bootstrap() == 0, "failed");
    if (failures == 0) {
        test_io_ops();
        test_io_ports();
        test_io_mapper();
        test_ltimer_init();
        test_timeouts();
        test_destroy();
        test_destroy_after_ticks();
    }
    printf("platsupport: done, %d failed\n", failures);
    seL4_DebugHalt();
    return 0;
}
