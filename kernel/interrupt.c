/*
 * interrupt.c - IRQ control and IRQ handlers (spec 9.3).
 *
 * Device interrupts come through the I/O APIC (arch/x86_64/ioapic.c), as
 * on seL4 pc99; the legacy PIC stays masked.  Kernel IRQ numbers follow
 * seL4's: 0..15 are the ISA lines, which IRQControl_Get issues (caplab
 * keeps this call of seL4's PIC configuration so that PIC-style drivers
 * work: ISA line n is read from its I/O APIC pin, edge-triggered, active
 * high); 16..123 are the vectors 0..107 of IRQControl_GetIOAPIC, which
 * routes any pin with the trigger mode and polarity the caller names.
 * Kernel IRQ n arrives at IDT vector 32 + n.
 *
 * As in seL4, issuing a handler unmasks its line.  A handler with a
 * notification turns each interrupt into a Signal with the notification
 * cap's badge; without one the kernel prints "Undelivered IRQ: n".  Either
 * way the line is masked when it fires and stays masked until the driver
 * calls IRQHandler_Ack, so a level-triggered device cannot storm the CPU.
 * If two handlers route the same pin, the later routing wins (as in seL4)
 * and only the handler that owns the pin now may mask or unmask it.
 *
 * When no thread can run, irq_wakeup_possible() tells thread.c whether an
 * interrupt could still wake one: only an open line (the handler owns its
 * pin and the I/O APIC has it unmasked) whose notification has a waiter.
 *
 * The empty destination slot that IRQControl and IOPortControl (ioport.c)
 * both need is found by dest_slot.
 */
#include "kernel.h"
#include "arch/x86_64/cpu.h"

#define PIC_CASCADE_IRQ 2      /* ISA line 2 is the PIC cascade: no device */
#define PIT_ISA_IRQ     0
#define PIT_IOAPIC_PIN  2      /* QEMU's MADT overrides ISA IRQ 0 to pin 2 */
#define NUM_IOAPICS     1
#define IOAPIC_MAX_PINS 256
#define PCI_BUS_MAX     255
#define PCI_DEV_MAX     31
#define PCI_FUNC_MAX    7

struct irq_state {
    bool    issued;         /* a handler cap exists */
    bool    routed;         /* pin is valid */
    uint8_t pin;            /* the I/O APIC pin the line comes from */
    struct cte ntfn;        /* notification cap set with SetNotification */
};

static struct irq_state irqs[NUM_IRQS];
static uint8_t pin_owner[IOAPIC_MAX_PINS];   /* kernel IRQ + 1 routed on the pin, 0: none */

/* ---- lines ---- */

static unsigned isa_pin(word_t irq)
{
    return irq == PIT_ISA_IRQ ? PIT_IOAPIC_PIN : (unsigned)irq;
}

static bool owns_pin(word_t irq)
{
    return irqs[irq].routed && pin_owner[irqs[irq].pin] == irq + 1;
}

static void irq_set_mask(word_t irq, bool masked)
{
    if (owns_pin(irq))
        ioapic_set_mask(irqs[irq].pin, masked);
}

static void irq_route(word_t irq, unsigned pin, bool level, bool active_low)
{
    ioapic_route(pin, level, active_low, VEC_IRQ_BASE + irq);
    pin_owner[pin] = (uint8_t)(irq + 1);
    irqs[irq].pin = (uint8_t)pin;
    irqs[irq].routed = true;
}

static void irq_unroute(word_t irq)
{
    if (owns_pin(irq)) {
        ioapic_set_mask(irqs[irq].pin, true);
        pin_owner[irqs[irq].pin] = 0;
    }
    irqs[irq].routed = false;
}

/*
 * Can this line deliver an interrupt now?  Only if the handler still owns
 * its pin (a later routing of the pin takes it over) and the I/O APIC's own
 * mask bit for that pin is clear.  An MSI vector has no pin: caplab issues
 * no PCI configuration ports, so no device can be made to send one.
 */
static bool irq_line_open(word_t irq)
{
    return owns_pin(irq) && !ioapic_pin_masked(irqs[irq].pin);
}

/*
 * When no thread can run: could an interrupt still wake one?  Only through
 * a line that is open (a line that fired stays masked until a driver Acks,
 * and no driver runs), has a notification, and that notification has a
 * thread to wake.  Otherwise the machine is stuck and thread.c halts now.
 */
bool irq_wakeup_possible(void)
{
    for (unsigned i = 0; i < NUM_IRQS; i++) {
        struct cap c = irqs[i].ntfn.cap;
        if (irqs[i].issued && c.type == cap_notification && irq_line_open(i) &&
            signal_would_wake(kptr_of(c.ptr)))
            return true;
    }
    return false;
}

/*
 * An interrupt arrived on vector VEC_IRQ_BASE + irq.  The line is masked
 * until the driver acks it, so each Ack lets at most one signal through.
 * An edge the local APIC latched before the line was masked (QEMU, running
 * late, can deliver two PIT ticks back to back) finds the line already
 * closed and is dropped: the driver has not acked the last one yet.
 */
void handle_interrupt(word_t irq)
{
    if (irq >= NUM_IRQS) {
        lapic_eoi();
        return;
    }
    bool was_open = irq_line_open(irq);
    irq_set_mask(irq, true);
    lapic_eoi();
    if (!was_open)      /* latched before the line was masked: not acked yet */
        return;
    struct cap c = irqs[irq].ntfn.cap;
    if (c.type != cap_notification) {
        kprintf("Undelivered IRQ: %lu\n", irq);
        return;
    }
    event_begin("irq");
    event_u64("irq", irq);
    event_end();
    send_signal(kptr_of(c.ptr), c.data);
}

/* ---- IRQControl ---- */

/* Resolve (root cap, index, depth) to an empty slot for a new cap. */
seL4_Error dest_slot(struct invocation *inv, unsigned root_cap, word_t index, word_t depth,
                     struct cte **out)
{
    if (inv->extra_count <= root_cap)
        return inv_fail(inv, seL4_TruncatedMessage, "%s: no destination root cap.",
                        invocation_label_name(inv->label));
    seL4_Error e = lookup_slot_for_cnode_op(inv, false, inv->extra[root_cap]->cap, index, depth, out);
    if (e)
        return e;
    if ((*out)->cap.type != cap_null)
        return inv_fail(inv, seL4_DeleteFirst, "%s: destination slot not empty.",
                        invocation_label_name(inv->label));
    return seL4_NoError;
}

/* Where a line comes from: an I/O APIC pin and how it signals. */
struct pin_route {
    unsigned pin;
    bool level;          /* level-triggered (else edge) */
    bool active_low;
};

/* Issue a handler cap for irq (routed from a pin, or NULL for an MSI
 * vector); cannot fail. */
static void invoke_irq_control_issue(struct invocation *inv, word_t irq,
                                     const struct pin_route *route, struct cte *dest)
{
    if (route) {
        irq_route(irq, route->pin, route->level, route->active_low);
        event_u64("pin", route->pin);
    }
    irqs[irq].issued = true;
    irq_set_mask(irq, false);
    cte_insert(cap_irq_handler_new(irq), inv->slot, dest);
    event_u64("irq", irq);
}

/* IRQControl_Get(irq, root, index, depth): an ISA line. */
static seL4_Error decode_irq_control_get(struct invocation *inv)
{
    if (inv->length < 3)
        return inv_fail(inv, seL4_TruncatedMessage, "IRQControl Get: truncated message.");
    word_t irq = inv_mr(inv, 0);
    if (irq >= NUM_ISA_IRQS)
        return inv_range(inv, 0, NUM_ISA_IRQS - 1, "IRQControl Get: IRQ %lu out of range.", irq);
    if (irq == PIC_CASCADE_IRQ)
        return inv_fail(inv, seL4_IllegalOperation, "IRQControl Get: IRQ 2 is the PIC cascade.");
    if (irqs[irq].issued)
        return inv_fail(inv, seL4_RevokeFirst, "IRQControl Get: IRQ %lu is already issued.", irq);
    struct cte *dest;
    seL4_Error e = dest_slot(inv, 0, inv_mr(inv, 1), inv_mr(inv, 2), &dest);
    if (e)
        return e;
    struct pin_route route = { .pin = isa_pin(irq), .level = false, .active_low = false };
    invoke_irq_control_issue(inv, irq, &route, dest);
    return seL4_NoError;
}

/* The I/O APIC arguments of GetIOAPIC, checked in seL4's order. */
static seL4_Error check_ioapic_args(struct invocation *inv, word_t ioapic, word_t pin,
                                    word_t level, word_t polarity)
{
    if (ioapic >= NUM_IOAPICS)
        return inv_range(inv, 0, NUM_IOAPICS - 1, "IRQControl GetIOAPIC: invalid I/O APIC %lu, "
                         "there is %d.", ioapic, NUM_IOAPICS);
    if (pin >= ioapic_pin_count())
        return inv_range(inv, 0, ioapic_pin_count() - 1, "IRQControl GetIOAPIC: invalid pin %lu, "
                         "there are %u pins.", pin, ioapic_pin_count());
    if (level > 1)
        return inv_range(inv, 0, 1, "IRQControl GetIOAPIC: level should be 0 or 1, not %lu.", level);
    if (polarity > 1)
        return inv_range(inv, 0, 1, "IRQControl GetIOAPIC: polarity should be 0 or 1, not %lu.",
                         polarity);
    return seL4_NoError;
}

/*
 * The checks GetIOAPIC and GetMSI share, in seL4's order: 7 MRs and a root
 * cap, the vector (MR6), the kernel IRQ it names still free, then the
 * destination slot (root, MR0 index, MR1 depth).
 */
static seL4_Error decode_user_vector(struct invocation *inv, const char *what, word_t *irq,
                                     struct cte **dest)
{
    if (inv->length < 7 || inv->extra_count < 1)
        return inv_fail(inv, seL4_TruncatedMessage, "IRQControl %s: truncated message.", what);
    word_t vector = inv_mr(inv, 6);
    if (vector >= NUM_IOAPIC_VECTORS)
        return inv_range(inv, 0, NUM_IOAPIC_VECTORS - 1,
                         "IRQControl %s: invalid vector %lu.", what, vector);
    *irq = NUM_ISA_IRQS + vector;
    if (irqs[*irq].issued)
        return inv_fail(inv, seL4_RevokeFirst, "IRQControl %s: IRQ %lu is already active.", what, *irq);
    return dest_slot(inv, 0, inv_mr(inv, 0), inv_mr(inv, 1), dest);
}

/* IRQControl_GetIOAPIC(root, index, depth, ioapic, pin, level, polarity, vector). */
static seL4_Error decode_irq_control_get_ioapic(struct invocation *inv)
{
    seL4_Error e;
    word_t irq;
    struct cte *dest;

    if ((e = decode_user_vector(inv, "GetIOAPIC", &irq, &dest)))
        return e;
    word_t pin = inv_mr(inv, 3), level = inv_mr(inv, 4), polarity = inv_mr(inv, 5);
    if ((e = check_ioapic_args(inv, inv_mr(inv, 2), pin, level, polarity)))
        return e;
    struct pin_route route = { .pin = (unsigned)pin, .level = level, .active_low = polarity };
    invoke_irq_control_issue(inv, irq, &route, dest);
    return seL4_NoError;
}

/* The PCI address of GetMSI, checked in seL4's order. */
static seL4_Error check_msi_args(struct invocation *inv, word_t bus, word_t dev, word_t func)
{
    if (bus > PCI_BUS_MAX)
        return inv_range(inv, 0, PCI_BUS_MAX, "IRQControl GetMSI: PCI bus %lu out of range.", bus);
    if (dev > PCI_DEV_MAX)
        return inv_range(inv, 0, PCI_DEV_MAX, "IRQControl GetMSI: PCI device %lu out of range.", dev);
    if (func > PCI_FUNC_MAX)
        return inv_range(inv, 0, PCI_FUNC_MAX, "IRQControl GetMSI: PCI function %lu out of range.",
                         func);
    return seL4_NoError;
}

/*
 * IRQControl_GetMSI(root, index, depth, pci_bus, pci_dev, pci_func, handle,
 * vector).  As in seL4 without an IOMMU the kernel only reserves the vector;
 * the driver programs the device's MSI address and data itself.  (caplab
 * issues no PCI configuration ports, so no device can be made to send one.)
 */
static seL4_Error decode_irq_control_get_msi(struct invocation *inv)
{
    seL4_Error e;
    word_t irq;
    struct cte *dest;

    if ((e = decode_user_vector(inv, "GetMSI", &irq, &dest)))
        return e;
    if ((e = check_msi_args(inv, inv_mr(inv, 2), inv_mr(inv, 3), inv_mr(inv, 4))))
        return e;
    invoke_irq_control_issue(inv, irq, NULL, dest);
    return seL4_NoError;
}

seL4_Error decode_irq_control_invocation(struct invocation *inv)
{
    switch (inv->label) {
    case IRQIssueIRQHandler:
        return decode_irq_control_get(inv);
    case X86IRQIssueIRQHandlerIOAPIC:
        return decode_irq_control_get_ioapic(inv);
    case X86IRQIssueIRQHandlerMSI:
        return decode_irq_control_get_msi(inv);
    default:
        return inv_fail(inv, seL4_IllegalOperation, "IRQControl: %s is not supported.",
                        invocation_label_name(inv->label));
    }
}

/* ---- IRQHandler ---- */

static void invoke_irq_handler_ack(word_t irq)
{
    irq_set_mask(irq, false);
}

static void invoke_irq_handler_set_notification(word_t irq, struct cte *src, struct cap derived)
{
    cte_delete(&irqs[irq].ntfn);
    cte_insert(derived, src, &irqs[irq].ntfn);
}

static void invoke_irq_handler_clear(word_t irq)
{
    cte_delete(&irqs[irq].ntfn);
}

static seL4_Error decode_irq_set_notification(struct invocation *inv, word_t irq)
{
    if (inv->extra_count < 1)
        return inv_fail(inv, seL4_TruncatedMessage, "IRQHandler SetNotification: no cap.");
    struct cte *src = inv->extra[0];
    if (src->cap.type != cap_notification || !(src->cap.rights & seL4_CanWrite.words[0]))
        return inv_invalid_cap(inv, 0, "IRQHandler SetNotification: need a notification cap with Write.");
    struct cap derived;
    if (derive_cap(src, src->cap, &derived) != seL4_NoError)
        return inv_invalid_cap(inv, 0, "IRQHandler SetNotification: cap cannot be derived.");
    invoke_irq_handler_set_notification(irq, src, derived);
    return seL4_NoError;
}

seL4_Error decode_irq_handler_invocation(struct invocation *inv)
{
    word_t irq = inv->cap.data;
    if (irq >= NUM_IRQS)
        return inv_fail(inv, seL4_IllegalOperation, "IRQHandler: no such IRQ.");
    switch (inv->label) {
    case IRQAckIRQ:
        invoke_irq_handler_ack(irq);
        return seL4_NoError;
    case IRQSetIRQHandler:
        return decode_irq_set_notification(inv, irq);
    case IRQClearIRQHandler:
        invoke_irq_handler_clear(irq);
        return seL4_NoError;
    default:
        return inv_fail(inv, seL4_IllegalOperation, "IRQHandler: illegal operation.");
    }
}

void irq_handler_deleted(word_t irq)
{
    if (irq >= NUM_IRQS)
        return;
    cte_delete(&irqs[irq].ntfn);
    irq_unroute(irq);
    irqs[irq].issued = false;
}
