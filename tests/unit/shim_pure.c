/*
 * shim_pure.c - for the pure_*.c programs, which run the real tcb.c,
 * vspace.c, interrupt.c and ioport.c: fakes of the scheduler, FPU and MMU
 * hooks those files call, and of the hardware under interrupt.c and
 * ioport.c (the I/O APIC, the local APIC, port in/out).  Each one that
 * would change state logs its call, so a test can tell that it happened.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "shim.h"
#include "arch/x86_64/cpu.h"

static paddr_t kernel_vspace, current_vspace;

void shim_set_kernel_vspace(paddr_t pml4)
{
    kernel_vspace = current_vspace = pml4;
}

paddr_t arch_kernel_vspace(void)
{
    return kernel_vspace;
}

paddr_t arch_current_vspace(void)
{
    return current_vspace;
}

void arch_set_vspace(paddr_t pml4)
{
    shim_log_call("arch_set_vspace 0x%lx\n", pml4);
    current_vspace = pml4;
}

void fpu_release(struct tcb *t)
{
    shim_log_call("fpu_release %s\n", thread_name(t));
}

void sched_set_priority(struct tcb *t, unsigned prio)
{
    shim_log_call("sched_set_priority %s %u\n", thread_name(t), prio);
    t->priority = (uint8_t)prio;
}

/* As thread.c: the arithmetic flags and DF kept, IF and bit 1 set. */
word_t user_rflags(word_t rflags)
{
    return (rflags & 0xcd5ull) | 0x202ull;
}

/* ---- the I/O APIC and local APIC (arch/x86_64/ioapic.c, machine.c) ---- */

#define SHIM_IOAPIC_PINS 24         /* as QEMU's pc */

unsigned ioapic_pin_count(void)
{
    return SHIM_IOAPIC_PINS;
}

void ioapic_route(unsigned pin, bool level, bool active_low, unsigned vector)
{
    shim_log_call("ioapic_route %u %d %d %u\n", pin, level, active_low, vector);
}

void ioapic_set_mask(unsigned pin, bool masked)
{
    shim_log_call("ioapic_set_mask %u %d\n", pin, masked);
}

/* Every pin masked, as ioapic_init leaves them (no decoder asks). */
bool ioapic_pin_masked(unsigned pin)
{
    return true;
}

void lapic_eoi(void)
{
    shim_log_call("lapic_eoi\n");
}

/* ---- port I/O (machine.c): a read sees a floating bus ---- */

word_t port_in(word_t port, unsigned width)
{
    shim_log_call("port_in 0x%lx %u\n", port, width);
    return width == 1 ? 0xff : width == 2 ? 0xffff : 0xffffffff;
}

void port_out(word_t port, unsigned width, word_t value)
{
    shim_log_call("port_out 0x%lx %u 0x%lx\n", port, width, value);
}
