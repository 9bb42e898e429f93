/*
 * irq_pin_taken: the root task takes ISA line 5 (I/O APIC pin 5, where
 * QEMU's `pc` machine, as the grader starts it, has no device), binds it to
 * a notification and acks it.  Then it routes the same pin again with
 * IRQControl_GetIOAPIC (vector 0, kernel IRQ 16), which takes the pin over
 * and unmasks it, and waits on the first handler's notification.
 *
 * The first handler no longer owns a pin: nothing can ever signal its
 * notification, although the pin it used to own is unmasked.  The kernel
 * must judge the machine stuck at once (halt reason `idle`, verdict
 * `stuck`), not wait for the time limit: a line counts as a possible
 * wake-up only while its handler owns the pin and the pin is unmasked.
 */
#include <stdio.h>
#include "hostile.h"

#define QUIET_ISA_IRQ 5
#define QUIET_PIN     5

int main(void)
{
    seL4_CPtr ntfn = hostile_new(seL4_NotificationObject, 0), first = hostile_slot();
    seL4_CPtr second = hostile_slot();
    seL4_Word badge = 0;
    seL4_Error err;

    err = seL4_IRQControl_Get(seL4_CapIRQControl, QUIET_ISA_IRQ, seL4_CapInitThreadCNode, first, 64);
    if (err == seL4_NoError)
        err = seL4_IRQHandler_SetNotification(first, ntfn);
    if (err == seL4_NoError)
        err = seL4_IRQHandler_Ack(first);
    if (err != seL4_NoError)
        hostile_fail("an IRQ 5 handler", err);
    err = seL4_IRQControl_GetIOAPIC(seL4_CapIRQControl, seL4_CapInitThreadCNode, second, 64,
                                    0, QUIET_PIN, 0, 0, 0);
    if (err != seL4_NoError)
        hostile_fail("pin 5 routed again", err);
    printf("pin 5 now belongs to another handler; waiting on the first one's notification\n");
    seL4_Wait(ntfn, &badge);
    printf("woken with badge 0x%lx\n", (unsigned long)badge);
    return 0;
}
