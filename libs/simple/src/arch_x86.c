/*
 * arch_x86.c - the x86 hooks of the default simple: I/O port caps from
 * seL4_CapIOPortControl, IRQ handler caps from seL4_CapIRQControl.
 *
 * An IRQ number goes through the I/O APIC (CONFIG_IRQ_IOAPIC, as on pc99):
 * with no ACPI tables to read, seL4_libs assumes one I/O APIC, ISA IRQ 0 on
 * pin 2, IRQs below 16 edge-triggered active-high, 16 and up level-triggered
 * active-low, and the vector equal to the IRQ number; so does this.
 */
#include <simple-default/simple-default.h>
#include <sel4debug/debug.h>
#include <stdio.h>

#define ISA_IRQS          16
#define ISA_TIMER_IRQ     0
#define ISA_TIMER_PIN     2

static seL4_Error default_ioapic(void *data, seL4_CNode root, seL4_Word index, uint8_t depth,
                                 seL4_Word ioapic, seL4_Word pin, seL4_Word level,
                                 seL4_Word polarity, seL4_Word vector)
{
    (void)data;
    return seL4_IRQControl_GetIOAPIC(seL4_CapIRQControl, root, index, depth, ioapic, pin,
                                     level, polarity, vector);
}

static seL4_Error default_irq(void *data, int irq, seL4_CNode root, seL4_Word index,
                              uint8_t depth)
{
    int pin = irq == ISA_TIMER_IRQ ? ISA_TIMER_PIN : irq;
    int pci = pin >= ISA_IRQS;

    if (irq < 0)
        return seL4_RangeError;
    return default_ioapic(data, root, index, depth, 0, (seL4_Word)pin, (seL4_Word)pci,
                          (seL4_Word)pci, (seL4_Word)irq);
}

static seL4_Error default_msi(void *data, seL4_CNode root, seL4_Word index, uint8_t depth,
                              seL4_Word pci_bus, seL4_Word pci_dev, seL4_Word pci_func,
                              seL4_Word handle, seL4_Word vector)
{
    (void)data;
    return seL4_IRQControl_GetMSI(seL4_CapIRQControl, root, index, depth, pci_bus, pci_dev,
                                  pci_func, handle, vector);
}

static seL4_Error default_IOPort_cap(void *data, uint16_t start_port, uint16_t end_port,
                                     seL4_Word root, seL4_Word dest, seL4_Word depth)
{
    (void)data;
    return seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, start_port, end_port, root,
                                        dest, depth);
}

void simple_default_init_arch_simple(arch_simple_t *simple, void *data)
{
    simple->data = data;
    simple->IOPort_cap = default_IOPort_cap;
    simple->msi = default_msi;
    simple->irq = default_irq;
    simple->ioapic = default_ioapic;
}

void debug_cap_identify(seL4_CPtr cap)
{
    printf("Cap type number is %u\n", (unsigned)seL4_DebugCapIdentify(cap));
}
