/*
 * blocked_masked_irq: the root task takes the PIT's line (IRQ 0, ticking
 * since the firmware set it up), gives it a notification, acks it and
 * waits: the first tick wakes it.  A line that has fired stays masked until
 * the driver acks it again, and the program then waits a second time
 * without acking.
 *
 * No other thread exists to ack the line, so nothing can ever wake the
 * root task.  The kernel must see that at once (halt reason `idle`,
 * verdict `stuck`) rather than wait for an interrupt that cannot come,
 * until the grader's time limit.  (The first wait, on an open line, is not
 * stuck: a `stuck` verdict without a time-out means the tick came.)
 */
#include <stdio.h>
#include "hostile.h"

#define PIT_IRQ 0

int main(void)
{
    seL4_CPtr ntfn = hostile_new(seL4_NotificationObject, 0), irq = hostile_slot();
    seL4_Word badge = 0;
    seL4_Error err;

    err = seL4_IRQControl_Get(seL4_CapIRQControl, PIT_IRQ, seL4_CapInitThreadCNode, irq, 64);
    if (err == seL4_NoError)
        err = seL4_IRQHandler_SetNotification(irq, ntfn);
    if (err == seL4_NoError)
        err = seL4_IRQHandler_Ack(irq);
    if (err != seL4_NoError)
        hostile_fail("an IRQ 0 handler", err);
    seL4_Wait(ntfn, &badge);
    printf("woken by the PIT once; waiting again without acking the line\n");
    seL4_Wait(ntfn, &badge);
    printf("woken again with badge 0x%lx\n", (unsigned long)badge);
    return 0;
}
