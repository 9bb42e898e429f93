/*
 * ioapic_redirect: tries to reprogram the I/O APIC through device memory.
 *
 * The I/O APIC (0xFEC00000) routes the ISA interrupt lines to CPU vectors.
 * If a device untyped covers its page, the program can map it, route
 * every line to vector 17 (an exception vector: the CPU then enters the
 * kernel without the error code that vector's entry expects), and make the
 * kernel idle with interrupts enabled by waiting on an IRQ notification.
 * The PIT's next tick then arrives as "alignment check" inside the kernel.
 *
 * As in seL4, the kernel must keep the I/O APIC out of the untypeds it
 * hands out: the program then says the page was refused and exits with 0.
 */
#include <stdio.h>
#include <stdint.h>
#include "hostile.h"

#define IOAPIC_PADDR  0xFEC00000ul
#define IOAPIC_VADDR  0x10000000ul
#define IOREGSEL      0                 /* register index, in 32-bit words */
#define IOWIN         4                 /* register data */
#define REDIR_LOW(p)  (0x10 + 2 * (p))
#define REDIR_HIGH(p) (0x11 + 2 * (p))
#define ODD_VECTOR    17
#define ISA_LINES     16
#define SERIAL_IRQ    1                 /* any line: only the waiting matters */

static void route_every_line(volatile uint32_t *ioapic, uint32_t vector)
{
    for (unsigned pin = 0; pin < ISA_LINES; pin++) {
        ioapic[IOREGSEL] = REDIR_HIGH(pin);
        ioapic[IOWIN] = 0;              /* to CPU 0 */
        ioapic[IOREGSEL] = REDIR_LOW(pin);
        ioapic[IOWIN] = vector;         /* fixed delivery, edge, unmasked */
    }
}

/* Waits on a notification bound to an IRQ, so the kernel idles, awake. */
static void wait_for_an_interrupt(void)
{
    seL4_CPtr ntfn = hostile_new(seL4_NotificationObject, 0), handler = hostile_slot();
    seL4_Word badge = 0;
    seL4_Error err = seL4_IRQControl_Get(seL4_CapIRQControl, SERIAL_IRQ,
                                         seL4_CapInitThreadCNode, handler, seL4_WordBits);

    if (err == seL4_NoError)
        err = seL4_IRQHandler_SetNotification(handler, ntfn);
    if (err != seL4_NoError)
        hostile_fail("IRQ handler setup", err);
    seL4_Wait(ntfn, &badge);
}

int main(void)
{
    seL4_CPtr frame = hostile_device_frame(IOAPIC_PADDR);

    if (frame == seL4_CapNull || hostile_map_uncached(frame, IOAPIC_VADDR) != seL4_NoError) {
        printf("ioapic_redirect: the I/O APIC page was refused\n");
        return 0;
    }
    printf("ioapic_redirect: I/O APIC mapped; routing every line to vector %d\n", ODD_VECTOR);
    route_every_line((volatile uint32_t *)IOAPIC_VADDR, ODD_VECTOR);
    wait_for_an_interrupt();
    printf("ioapic_redirect: the kernel took it\n");
    return 0;
}
