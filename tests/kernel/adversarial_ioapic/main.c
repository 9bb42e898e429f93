/*
 * adversarial_ioapic/main.c - user code programs the I/O APIC.
 *
 * The kernel takes device interrupts through the legacy PIC, but the pc
 * machine's I/O APIC (registers at 0xfec00000) is wired to the same lines
 * and delivers to the same CPU.  If a device untyped covers its page, a
 * user can map it and route any line to any vector, for example the PIT
 * (I/O APIC pin 2, already ticking at 18.2 Hz) to vector 14.  The CPU then
 * takes "page faults" that push no error code: the kernel misreads the
 * trap frame (a thread gets a VMFault at "address 0x23"), and one that
 * arrives while the kernel idles is a kernel exception: a panic.  seL4
 * keeps the I/O APIC (like the local APIC) out of the untypeds.
 *
 * The program routes pin 2 to vector 14 if it can, then sleeps five times
 * on PIT interrupts taken the proper way (IRQ 0 through IRQControl), so
 * the kernel idles while the bad vectors arrive.  A kernel that keeps the
 * I/O APIC to itself answers the first check and the program just exits.
 * Kept apart from adversarial/ because the bug panics the kernel.
 */
#include <stdio.h>
#include <stdint.h>
#include <sel4/sel4.h>
#include "ktest.h"

#define ROOT          seL4_CapInitThreadCNode
#define IOAPIC_PADDR  0xfec00000ull
#define IOREGSEL      0
#define IOWIN         4           /* in 32-bit words: offset 0x10 */
#define REDIR_LOW(n)  (0x10 + 2 * (n))
#define PIT_PIN       2

/* The device untyped that covers paddr, or 0. */
static seL4_CPtr untyped_covering(seL4_Word paddr, seL4_Word *base, unsigned *bits)
{
    seL4_Word n = kt_bi->untyped.end - kt_bi->untyped.start;

    for (seL4_Word i = 0; i < n; i++) {
        const seL4_UntypedDesc *d = &kt_bi->untypedList[i];
        if (paddr >= d->paddr && paddr - d->paddr < (1ull << d->sizeBits)) {
            *base = d->paddr;
            *bits = d->sizeBits;
            return kt_bi->untyped.start + i;
        }
    }
    return 0;
}

/* A 4 KiB frame at exactly paddr: fill the untyped up to it with children
 * whose sizes are the bits of the offset, largest first. */
static seL4_CPtr frame_at(seL4_Word paddr)
{
    seL4_Word base;
    unsigned bits;
    seL4_CPtr ut = untyped_covering(paddr, &base, &bits), frame;

    if (ut == 0)
        return 0;
    for (int b = (int)bits - 1; b >= seL4_PageBits; b--) {
        if (((paddr - base) >> b) & 1)
            if (seL4_Untyped_Retype(ut, seL4_UntypedObject, b, ROOT, 0, 0, kt_slot(), 1))
                kt_bail("carving the device untyped", 0);
    }
    frame = kt_slot();
    if (seL4_Untyped_Retype(ut, seL4_X86_4K, 0, ROOT, 0, 0, frame, 1))
        kt_bail("retyping the frame", 0);
    return frame;
}

static void sleep_on_pit(int ticks)
{
    seL4_CPtr irq = kt_slot(), ntfn = kt_new(seL4_NotificationObject, 0);
    seL4_Word badge;

    if (seL4_IRQControl_Get(seL4_CapIRQControl, 0, ROOT, irq, 64) ||
        seL4_IRQHandler_SetNotification(irq, ntfn) || seL4_IRQHandler_Ack(irq))
        kt_bail("an IRQ 0 handler", 0);
    for (int i = 0; i < ticks; i++) {
        seL4_Wait(ntfn, &badge);
        seL4_IRQHandler_Ack(irq);
    }
    kt_true(true, "slept through %d PIT interrupts", ticks);
}

int main(void)
{
    seL4_CPtr frame;
    volatile uint32_t *io;

    kt_init("adversarial_ioapic");
    frame = frame_at(IOAPIC_PADDR);
    kt_true(frame == 0, "no untyped covers the I/O APIC (0xfec00000)");
    if (frame != 0) {
        io = (volatile uint32_t *)kt_vaddr_page();
        if (kt_map(frame, (seL4_Word)io, seL4_ReadWrite))
            kt_bail("mapping the I/O APIC", 0);
        io[IOREGSEL] = REDIR_LOW(PIT_PIN) + 1;
        io[IOWIN] = 0;                                /* destination: APIC 0 */
        io[IOREGSEL] = REDIR_LOW(PIT_PIN);
        io[IOWIN] = 14;                               /* fixed, edge, unmasked, vector 14 */
        printf("# I/O APIC pin %d now raises vector 14\n", PIT_PIN);
    }
    sleep_on_pit(5);
    return kt_done();
}
