/*
 * irq_signal_nobody: the root task takes the PIT's line (IRQ 0, ticking
 * since the firmware set it up), binds it to one notification and acks it,
 * so the line is open and interrupts keep arriving.  Then it waits on a
 * *different* notification, which nobody signals.
 *
 * An interrupt only sets a bit in the first notification: it can never
 * wake the root task.  The kernel must judge the machine stuck (halt
 * reason `idle`, verdict `stuck`) without waiting for the time limit.
 */
#include <stdio.h>
#include "hostile.h"

#define PIT_IRQ 0

int main(void)
{
    seL4_CPtr irq_ntfn = hostile_new(seL4_NotificationObject, 0);
    seL4_CPtr other = hostile_new(seL4_NotificationObject, 0), irq = hostile_slot();
    seL4_Word badge = 0;
    seL4_Error err;

    err = seL4_IRQControl_Get(seL4_CapIRQControl, PIT_IRQ, seL4_CapInitThreadCNode, irq, 64);
    if (err == seL4_NoError)
        err = seL4_IRQHandler_SetNotification(irq, irq_ntfn);
    if (err == seL4_NoError)
        err = seL4_IRQHandler_Ack(irq);
    if (err != seL4_NoError)
        hostile_fail("an IRQ 0 handler", err);
    printf("IRQ 0 is open; waiting on a notification it is not bound to\n");
    seL4_Wait(other, &badge);
    printf("woken with badge 0x%lx\n", (unsigned long)badge);
    return 0;
}
