/*
 * irq/ - IRQControl_GetIOAPIC and GetMSI as seL4 pc99 has them (spec 9.3),
 * and interrupts delivered through the I/O APIC.
 *
 * Argument checks come in seL4's order: message length and root cap, the
 * vector (0..107), the IRQ it names still free, the destination slot, then
 * the I/O APIC number, pin, level and polarity (GetMSI: PCI bus, device,
 * function).  A failed call changes nothing: the slot stays empty and the
 * vector free.  Then the PIT, programmed through an I/O port cap, is routed
 * from I/O APIC pin 2 and its interrupts arrive as signals on a badged
 * notification.  As in seL4 a new handler's line is unmasked; an
 * interrupt without a notification is reported ("Undelivered IRQ") and
 * masks the line; every interrupt masks it until IRQHandler_Ack; after
 * IRQHandler_Clear interrupts no longer signal.
 */
#include <stdio.h>
#include "ktest.h"

#define ROOT        seL4_CapInitThreadCNode
#define PIT_PIN     2
#define PIT_CH0     0x40
#define PIT_CMD     0x43
#define PIT_HZ      1193182
#define IRQ_BADGE   0x40

static seL4_CPtr pit_ports;

/* A raw GetIOAPIC with `length` MRs and `caps` extra caps (0 or 1). */
static seL4_Error raw_get_ioapic(seL4_Word length, seL4_Word caps, seL4_CPtr slot)
{
    seL4_Word mr[7] = { slot, 64, 0, PIT_PIN, 0, 0, 9 };
    for (seL4_Word i = 0; i < 7; i++)
        seL4_SetMR(i, mr[i]);
    seL4_SetCap(0, ROOT);
    seL4_MessageInfo_t info = seL4_MessageInfo_new(X86IRQIssueIRQHandlerIOAPIC, 0, caps, length);
    return seL4_MessageInfo_get_label(seL4_Call(seL4_CapIRQControl, info));
}

static seL4_Error get_ioapic(seL4_CPtr slot, seL4_Word depth, seL4_Word ioapic, seL4_Word pin,
                             seL4_Word level, seL4_Word polarity, seL4_Word vector)
{
    return seL4_IRQControl_GetIOAPIC(seL4_CapIRQControl, ROOT, slot, depth, ioapic, pin, level,
                                      polarity, vector);
}

static seL4_Word tag(seL4_CPtr c)
{
    return seL4_DebugCapIdentify(c);
}

static void test_ioapic_errors(void)
{
    seL4_CPtr slot = kt_slot(), full = kt_new(seL4_EndpointObject, 0);

    kt_error(seL4_TruncatedMessage, raw_get_ioapic(6, 1, slot), "6 MRs: TruncatedMessage");
    kt_error(seL4_TruncatedMessage, raw_get_ioapic(7, 0, slot), "no root cap: TruncatedMessage");
    kt_error_mrs(seL4_RangeError, get_ioapic(slot, 64, 0, PIT_PIN, 0, 0, 108), 2, KT_MRS(0, 107),
                 "vector 108: RangeError(0, 107)");
    kt_error_mrs(seL4_RangeError, get_ioapic(slot, 64, 0, PIT_PIN, 0, 0, ~0ul), 2, KT_MRS(0, 107),
                 "vector 2^64-1: RangeError(0, 107)");
    kt_error_mrs(seL4_RangeError, get_ioapic(slot, 0, 0, PIT_PIN, 0, 0, 9), 2, KT_MRS(1, 64),
                 "destination depth 0: RangeError(1, 64)");
    kt_error_mrs(seL4_FailedLookup, get_ioapic(kt_bi->empty.end + 5000, 64, 0, PIT_PIN, 0, 0, 9), 1,
                 KT_MRS(0), "destination outside the CNode: FailedLookup (destination)");
    kt_error(seL4_DeleteFirst, get_ioapic(full, 64, 0, PIT_PIN, 0, 0, 9),
             "occupied destination: DeleteFirst");
    kt_error(seL4_DeleteFirst, get_ioapic(full, 64, 7, 99, 5, 5, 9),
             "occupied destination and bad I/O APIC arguments: the slot is checked first");
    kt_error_mrs(seL4_RangeError, get_ioapic(slot, 64, 1, PIT_PIN, 0, 0, 9), 2, KT_MRS(0, 0),
                 "I/O APIC 1 (there is one): RangeError(0, 0)");
    kt_error_mrs(seL4_RangeError, get_ioapic(slot, 64, 0, 24, 0, 0, 9), 2, KT_MRS(0, 23),
                 "pin 24 (24 pins): RangeError(0, 23)");
    kt_error_mrs(seL4_RangeError, get_ioapic(slot, 64, 0, PIT_PIN, 2, 0, 9), 2, KT_MRS(0, 1),
                 "level 2: RangeError(0, 1)");
    kt_error_mrs(seL4_RangeError, get_ioapic(slot, 64, 0, PIT_PIN, 0, 2, 9), 2, KT_MRS(0, 1),
                 "polarity 2: RangeError(0, 1)");
    kt_word(seL4_CapTag_Null, tag(slot), "after every failure the destination slot is still empty");
    kt_error(seL4_NoError, get_ioapic(slot, 64, 0, 23, 1, 1, 9),
             "vector 9 on pin 23, level-triggered, active low");
    kt_word(seL4_CapTag_IRQHandler, tag(slot), "the new cap is an IRQ handler");
    seL4_CPtr again = kt_slot();
    kt_error(seL4_RevokeFirst, get_ioapic(again, 64, 0, 22, 0, 0, 9),
             "vector 9 again: RevokeFirst");
    kt_error(seL4_RevokeFirst, get_ioapic(again, 64, 7, 99, 5, 5, 9),
             "an active vector is checked before the I/O APIC arguments");
    kt_error(seL4_NoError, seL4_CNode_Delete(ROOT, slot, 64), "delete the handler");
    kt_error(seL4_NoError, get_ioapic(again, 64, 0, 22, 0, 0, 9), "vector 9 is free again");
    kt_error(seL4_NoError, seL4_CNode_Delete(ROOT, again, 64), "delete it again");
    kt_error(seL4_NoError, get_ioapic(kt_slot(), 64, 0, 0, 0, 0, 0), "vector 0 (IRQ 16)");
    kt_error(seL4_NoError, get_ioapic(kt_slot(), 64, 0, 23, 0, 0, 107), "vector 107 (IRQ 123)");
    kt_error(seL4_NoError, seL4_IRQControl_Get(seL4_CapIRQControl, 5, ROOT, kt_slot(), 64),
             "IRQControl_Get still issues ISA line 5");
}

static void test_msi(void)
{
    seL4_CPtr slot = kt_slot();
    seL4_IRQControl irqc = seL4_CapIRQControl;

    kt_error_mrs(seL4_RangeError, seL4_IRQControl_GetMSI(irqc, ROOT, slot, 64, 256, 0, 0, 0, 20), 2,
                 KT_MRS(0, 255), "GetMSI bus 256: RangeError(0, 255)");
    kt_error_mrs(seL4_RangeError, seL4_IRQControl_GetMSI(irqc, ROOT, slot, 64, 0, 32, 0, 0, 20), 2,
                 KT_MRS(0, 31), "GetMSI device 32: RangeError(0, 31)");
    kt_error_mrs(seL4_RangeError, seL4_IRQControl_GetMSI(irqc, ROOT, slot, 64, 0, 0, 8, 0, 20), 2,
                 KT_MRS(0, 7), "GetMSI function 8: RangeError(0, 7)");
    kt_error_mrs(seL4_RangeError, seL4_IRQControl_GetMSI(irqc, ROOT, slot, 64, 0, 0, 0, 0, 108), 2,
                 KT_MRS(0, 107), "GetMSI vector 108: RangeError(0, 107)");
    kt_error(seL4_NoError, seL4_IRQControl_GetMSI(irqc, ROOT, slot, 64, 0, 3, 0, 0, 20),
             "GetMSI 00:03.0 vector 20");
    kt_word(seL4_CapTag_IRQHandler, tag(slot), "an IRQ handler cap");
    kt_error(seL4_RevokeFirst, get_ioapic(kt_slot(), 64, 0, 5, 0, 0, 20),
             "GetIOAPIC on the MSI's vector: RevokeFirst");
    kt_error(seL4_NoError, seL4_IRQHandler_Ack(slot), "Ack of an MSI handler");
}

/* ---- the PIT through the I/O APIC ---- */

static seL4_Word pit_read_count(void)
{
    seL4_X86_IOPort_Out8(pit_ports, PIT_CMD, 0x00);          /* latch channel 0 */
    seL4_Word lo = seL4_X86_IOPort_In8(pit_ports, PIT_CH0).result;
    seL4_Word hi = seL4_X86_IOPort_In8(pit_ports, PIT_CH0).result;
    return lo | hi << 8;
}

/* Busy-wait until the PIT counter has wrapped `periods` times (each wrap
 * is one interrupt edge on pin 2). */
static void pit_wait_periods(int periods)
{
    seL4_Word last = pit_read_count();
    for (unsigned long spins = 0; periods > 0 && spins < 50000000ul; spins++) {
        seL4_Word now = pit_read_count();
        if (now > last)
            periods--;
        last = now;
    }
}

static void pit_start(unsigned hz)
{
    unsigned divisor = PIT_HZ / hz;
    seL4_X86_IOPort_Out8(pit_ports, PIT_CMD, 0x34);          /* channel 0, lo/hi, rate generator */
    seL4_X86_IOPort_Out8(pit_ports, PIT_CH0, divisor & 0xff);
    seL4_X86_IOPort_Out8(pit_ports, PIT_CH0, divisor >> 8);
}

static void test_pit_delivery(void)
{
    seL4_CPtr irq = kt_slot(), ntfn = kt_new(seL4_NotificationObject, 0), badged = kt_slot();
    seL4_Word badge = 0;

    pit_ports = kt_slot();
    kt_error(seL4_NoError, seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, 0x40, 0x43, ROOT,
                                                        pit_ports, 64), "PIT port cap 0x40-0x43");
    pit_start(1000);
    kt_error(seL4_NoError, seL4_CNode_Mint(ROOT, badged, 64, ROOT, ntfn, 64, seL4_AllRights,
                                           IRQ_BADGE), "a badged notification cap");
    kt_error(seL4_NoError, get_ioapic(irq, 64, 0, PIT_PIN, 0, 0, 4),
             "the PIT: pin 2, edge, active high, vector 4 (the line is unmasked)");
    pit_wait_periods(3);                /* one interrupt: undelivered, the line masked */
    kt_error(seL4_NoError, seL4_IRQHandler_SetNotification(irq, badged), "SetNotification");
    pit_wait_periods(3);
    seL4_Poll(ntfn, &badge);
    kt_word(0, badge, "an interrupt without a notification masked the line until Ack");
    kt_error(seL4_NoError, seL4_IRQHandler_Ack(irq), "Ack unmasks the line");
    for (int i = 1; i <= 3; i++) {
        badge = 0;
        seL4_Wait(ntfn, &badge);
        kt_word(IRQ_BADGE, badge, "PIT interrupt %d arrived with the notification's badge", i);
        pit_wait_periods(3);
        badge = 0;
        seL4_Poll(ntfn, &badge);
        kt_word(0, badge, "no further signal until Ack (%d)", i);
        kt_error(seL4_NoError, seL4_IRQHandler_Ack(irq), "Ack %d", i);
    }
    seL4_Wait(ntfn, &badge);
    kt_error(seL4_NoError, seL4_IRQHandler_Clear(irq), "Clear the notification");
    kt_error(seL4_NoError, seL4_IRQHandler_Ack(irq), "Ack after Clear");
    pit_wait_periods(3);
    badge = 0;
    seL4_Poll(ntfn, &badge);
    kt_word(0, badge, "after Clear interrupts no longer signal");
    kt_error(seL4_NoError, seL4_IRQHandler_SetNotification(irq, badged), "SetNotification again");
    kt_error(seL4_NoError, seL4_IRQHandler_Ack(irq), "Ack");
    badge = 0;
    seL4_Wait(ntfn, &badge);
    kt_word(IRQ_BADGE, badge, "signals again");
    kt_error(seL4_NoError, seL4_CNode_Delete(ROOT, irq, 64), "delete the handler (masks pin 2)");
    seL4_Poll(ntfn, &badge);
    pit_wait_periods(3);
    badge = 0;
    seL4_Poll(ntfn, &badge);
    kt_word(0, badge, "a deleted handler signals no more");
}

int main(void)
{
    kt_init("irq");
    test_ioapic_errors();
    test_msi();
    test_pit_delivery();
    return kt_done();
}
