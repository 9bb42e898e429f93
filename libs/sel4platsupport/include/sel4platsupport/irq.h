/*
 * sel4platsupport/irq.h - the platsupport interrupt interface over seL4
 * (seL4_libs), in its "mini" form: one notification, one badge bit per
 * registered interrupt.  Registering an interrupt issues an IRQ handler
 * cap (IRQControl_GetIOAPIC, _GetMSI or _Get by the ps_irq_t's type),
 * mints the notification with a free bit of usable_mask as badge, sets it
 * as the handler's notification and acknowledges the line.  The program
 * waits on the notification itself and passes the badge it got to
 * sel4platsupport_irq_handle(), which calls back every interrupt whose bit
 * is set; the callback acknowledges through the function it is given.
 * Not thread-safe.
 */
#pragma once

#include <vka/vka.h>
#include <sel4/sel4.h>
#include <simple/simple.h>
#include <platsupport/irq.h>
#include <platsupport/io.h>

/* The older description of one registered interrupt. */
typedef struct sel4ps_irq {
    cspacepath_t handler_path;
    cspacepath_t badged_ntfn_path;
    ps_irq_t irq;
} sel4ps_irq_t;

/* At most this many interrupts share one notification (one badge bit each). */
#define MAX_INTERRUPTS_TO_NOTIFICATIONS seL4_BadgeBits

/* The notification ID of the mini interface. */
#define MINI_IRQ_INTERFACE_NTFN_ID 0

typedef int ntfn_id_t;

int sel4platsupport_new_mini_irq_ops(ps_irq_ops_t *irq_ops, vka_t *vka, simple_t *simple,
                                     ps_malloc_ops_t *malloc_ops, seL4_CPtr ntfn,
                                     seL4_Word usable_mask);

/* Call back the interrupts whose badge bits are in handle_mask. */
int sel4platsupport_irq_handle(ps_irq_ops_t *irq_ops, ntfn_id_t ntfn_id, seL4_Word handle_mask);

/* Wait (or poll) on the notification and handle what arrived within the
 * mask; *ret_leftover_bits (may be NULL) gets the badge bits not handled. */
int sel4platsupport_irq_wait(ps_irq_ops_t *irq_ops, ntfn_id_t ntfn_id, seL4_Word wait_mask,
                             seL4_Word *ret_leftover_bits);
int sel4platsupport_irq_poll(ps_irq_ops_t *irq_ops, ntfn_id_t ntfn_id, seL4_Word poll_mask,
                             seL4_Word *ret_leftover_bits);
