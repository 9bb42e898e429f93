/*
 * blocked_masked_irq: the root task takes an IRQ handler for line 5 (no
 * device on QEMU's pc machine), gives it a notification and waits on that
 * notification without ever calling IRQHandler_Ack.
 *
 * The line stays masked until a driver acks it, and no thread is left to
 * do so: nothing can ever wake the root task.  The kernel must see that at
 * once (halt reason `idle`, verdict `stuck`) rather than keep waiting for
 * an interrupt that cannot come, until the grader's time limit.
 */
#include <stdio.h>
#include "hostile.h"

#define IRQ_LINE 5

int main(void)
{
    seL4_CPtr ntfn = hostile_new(seL4_NotificationObject, 0), irq = hostile_slot();
    seL4_Word badge = 0;
    seL4_Error err;

    err = seL4_IRQControl_Get(seL4_CapIRQControl, IRQ_LINE, seL4_CapInitThreadCNode, irq, 64);
    if (err != seL4_NoError)
        hostile_fail("IRQControl_Get", err);
    err = seL4_IRQHandler_SetNotification(irq, ntfn);
    if (err != seL4_NoError)
        hostile_fail("IRQHandler_SetNotification", err);
    printf("waiting on IRQ %d, whose line was never acked\n", IRQ_LINE);
    seL4_Wait(ntfn, &badge);
    printf("woken with badge 0x%lx\n", (unsigned long)badge);
    return 0;
}
