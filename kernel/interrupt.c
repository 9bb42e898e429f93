/*
 * interrupt.c - IRQ control, IRQ handlers and I/O ports (spec 9.3).
 *
 * Interrupts come from the legacy PIC (IRQ 0..15, vectors 32..47); every
 * line starts masked.  IRQControl_Get issues one handler cap per line.  A
 * handler with a notification and an unmasked line turns each interrupt
 * into a Signal with the notification cap's badge; the line stays masked
 * until the driver calls IRQHandler_Ack.
 *
 * I/O ports: IOPortControl_Issue hands out a cap for a port range that no
 * other issued cap overlaps and that lies inside one of the user_ports
 * windows below.  The kernel's own ports - COM2 (the event
 * channel, 0x2F8-0x2FF), the PIC (0x20-0x21, 0xA0-0xA1), the exit device
 * (0xF4-0xF7), the reset and power controls (0x64, 0x92, 0xCF9, ACPI PM at
 * 0x600-0x63F) - are never issued, so
 * user code cannot forge kernel events, reprogram interrupts or stop the
 * machine behind the kernel's back.
 */
#include "kernel.h"
#include "arch/x86_64/cpu.h"

#define NUM_IRQS 16

struct irq_state {
    bool    issued;         /* a handler cap exists */
    bool    masked;
    struct cte ntfn;        /* notification cap set with SetNotification */
};

static struct irq_state irqs[NUM_IRQS];

#define MAX_PORT_RANGES 64
static struct { uint16_t first, last; bool used; } issued_ports[MAX_PORT_RANGES];

static const struct { uint16_t first, last; } kernel_ports[] = {
    { 0x20, 0x21 }, { 0xA0, 0xA1 },     /* PIC */
    { 0x64, 0x64 },                     /* keyboard controller: command 0xFE resets */
    { 0x92, 0x92 }, { 0xCF9, 0xCF9 },   /* system control: writes reset the machine */
    { 0x600, 0x63F },                   /* PIIX4 ACPI power management: power off */
    { 0xF4, 0xF7 },                     /* isa-debug-exit */
    { 0x2F8, 0x2FF },                   /* COM2, the event channel */
    { 0x510, 0x51B },                   /* QEMU fw_cfg: its DMA writes any memory */
};

/*
 * Beyond those, caps are issued only inside these windows: the legacy
 * devices labs drive, none of which can reach memory by DMA.  (seL4 issues
 * any port; a teaching kit that runs untrusted submissions is stricter.)
 */
static const struct { uint16_t first, last; const char *what; } user_ports[] = {
    { 0x40, 0x43, "PIT" },              { 0x60, 0x60, "keyboard data" },
    { 0x61, 0x61, "PIT gate/speaker" }, { 0x70, 0x71, "RTC/CMOS" },
    { 0x80, 0x8F, "POST/DMA page" },    { 0x2E8, 0x2EF, "COM4" },
    { 0x3E8, 0x3EF, "COM3" },           { 0x3F8, 0x3FF, "COM1" },
};

static bool user_port_range(word_t first, word_t last)
{
    for (unsigned i = 0; i < ARRAY_SIZE(user_ports); i++)
        if (first >= user_ports[i].first && last <= user_ports[i].last)
            return true;
    return false;
}

static void pic_set_mask(unsigned irq, bool masked)
{
    uint16_t port = irq < 8 ? 0x21 : 0xA1;
    uint8_t bit = 1u << (irq & 7);
    uint8_t m = inb(port);
    outb(port, masked ? (m | bit) : (m & ~bit));
    if (irq >= 8) {   /* the cascade line must be open for the slave */
        uint8_t master = inb(0x21);
        outb(0x21, master & ~(1u << 2));
    }
    irqs[irq].masked = masked;
}

static void pic_eoi(unsigned irq)
{
    if (irq >= 8)
        outb(0xA0, 0x20);
    outb(0x20, 0x20);
}

/* The PIC's own mask bit (the truth, whatever the bookkeeping says). */
static bool pic_line_masked(unsigned irq)
{
    uint8_t master = inb(0x21);
    if (irq < 8)
        return master & (1u << irq);
    return (master & (1u << 2)) || (inb(0xA1) & (1u << (irq & 7)));
}

/*
 * When no thread can run: could an interrupt still wake one?  Only through
 * a line that is unmasked (a masked line stays masked until a driver Acks,
 * and no driver runs), has a notification, and that notification has a
 * thread to wake.  Otherwise the machine is stuck and thread.c halts now.
 */
bool irq_wakeup_possible(void)
{
    for (unsigned i = 0; i < NUM_IRQS; i++) {
        struct cap c = irqs[i].ntfn.cap;
        if (irqs[i].issued && c.type == cap_notification && !pic_line_masked(i) &&
            signal_would_wake(kptr_of(c.ptr)))
            return true;
    }
    return false;
}

void handle_interrupt(word_t irq)
{
    if (irq >= NUM_IRQS)
        return;
    pic_set_mask(irq, true);
    pic_eoi(irq);
    struct cap c = irqs[irq].ntfn.cap;
    if (c.type == cap_notification) {
        event_begin("irq");
        event_u64("irq", irq);
        event_end();
        send_signal(kptr_of(c.ptr), c.data);
    }
}

/* Resolve (root cap, index, depth) to an empty slot for a new cap. */
static seL4_Error dest_slot(struct invocation *inv, unsigned root_cap, word_t index, word_t depth,
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

seL4_Error decode_irq_control_invocation(struct invocation *inv)
{
    if (inv->label != IRQIssueIRQHandler)
        return inv_fail(inv, seL4_IllegalOperation, "IRQControl: %s is not supported.",
                        invocation_label_name(inv->label));
    if (inv->length < 3)
        return inv_fail(inv, seL4_TruncatedMessage, "IRQControl Get: truncated message.");
    word_t irq = inv_mr(inv, 0);
    if (irq >= NUM_IRQS)
        return inv_range(inv, 0, NUM_IRQS - 1, "IRQControl Get: IRQ %lu out of range.", irq);
    if (irq == 2)
        return inv_fail(inv, seL4_IllegalOperation, "IRQControl Get: IRQ 2 is the PIC cascade.");
    if (irqs[irq].issued)
        return inv_fail(inv, seL4_RevokeFirst, "IRQControl Get: IRQ %lu is already issued.", irq);
    struct cte *dest;
    seL4_Error e = dest_slot(inv, 0, inv_mr(inv, 1), inv_mr(inv, 2), &dest);
    if (e)
        return e;
    irqs[irq].issued = true;
    cte_insert(cap_irq_handler_new(irq), inv->slot, dest);
    event_u64("irq", irq);
    return seL4_NoError;
}

seL4_Error decode_irq_handler_invocation(struct invocation *inv)
{
    word_t irq = inv->cap.data;
    switch (inv->label) {
    case IRQAckIRQ:
        pic_set_mask(irq, false);
        return seL4_NoError;
    case IRQSetIRQHandler: {
        if (inv->extra_count < 1)
            return inv_fail(inv, seL4_TruncatedMessage, "IRQHandler SetNotification: no cap.");
        struct cte *src = inv->extra[0];
        if (src->cap.type != cap_notification || !(src->cap.rights & seL4_CanWrite.words[0]))
            return inv_invalid_cap(inv, 0, "IRQHandler SetNotification: need a notification cap with Write.");
        struct cap derived;
        if (derive_cap(src, src->cap, &derived) != seL4_NoError)
            return inv_invalid_cap(inv, 0, "IRQHandler SetNotification: cap cannot be derived.");
        cte_delete(&irqs[irq].ntfn);
        cte_insert(derived, src, &irqs[irq].ntfn);
        return seL4_NoError;
    }
    case IRQClearIRQHandler:
        cte_delete(&irqs[irq].ntfn);
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
    pic_set_mask(irq, true);
    irqs[irq].issued = false;
}

/* ---- I/O ports ---- */

static bool ranges_overlap(word_t a1, word_t a2, word_t b1, word_t b2)
{
    return a1 <= b2 && b1 <= a2;
}

seL4_Error decode_io_port_control_invocation(struct invocation *inv)
{
    if (inv->label != X86IOPortControlIssue)
        return inv_fail(inv, seL4_IllegalOperation, "IOPortControl: illegal operation.");
    if (inv->length < 4)
        return inv_fail(inv, seL4_TruncatedMessage, "IOPortControl Issue: truncated message.");
    word_t first = inv_mr(inv, 0), last = inv_mr(inv, 1);
    if (last < first)
        return inv_invalid_argument(inv, 1, "IOPortControl Issue: last port below first.");
    if (last > 0xffff)
        return inv_range(inv, 0, 0xffff, "IOPortControl Issue: port %lu out of range.", last);
    for (unsigned i = 0; i < ARRAY_SIZE(kernel_ports); i++)
        if (ranges_overlap(first, last, kernel_ports[i].first, kernel_ports[i].last))
            return inv_fail(inv, seL4_IllegalOperation,
                            "IOPortControl Issue: ports 0x%x-0x%x belong to the kernel.",
                            kernel_ports[i].first, kernel_ports[i].last);
    if (!user_port_range(first, last))
        return inv_fail(inv, seL4_IllegalOperation,
                        "IOPortControl Issue: ports 0x%lx-0x%lx are not open to user drivers "
                        "(PIT 0x40-0x43, 0x60, 0x61, RTC 0x70-0x71, 0x80-0x8f, COM1/3/4).",
                        first, last);
    int free_i = -1;
    for (unsigned i = 0; i < MAX_PORT_RANGES; i++) {
        if (!issued_ports[i].used) { if (free_i < 0) free_i = (int)i; continue; }
        if (ranges_overlap(first, last, issued_ports[i].first, issued_ports[i].last))
            return inv_fail(inv, seL4_RevokeFirst, "IOPortControl Issue: range overlaps an issued one.");
    }
    if (free_i < 0)
        return inv_fail(inv, seL4_NotEnoughMemory, "IOPortControl Issue: too many port ranges.");
    struct cte *dest;
    seL4_Error e = dest_slot(inv, 0, inv_mr(inv, 2), inv_mr(inv, 3), &dest);
    if (e)
        return e;
    issued_ports[free_i].first = (uint16_t)first;
    issued_ports[free_i].last = (uint16_t)last;
    issued_ports[free_i].used = true;
    cte_insert(cap_io_port_new(first, last), inv->slot, dest);
    return seL4_NoError;
}

void io_port_deleted(word_t first, word_t last)
{
    for (unsigned i = 0; i < MAX_PORT_RANGES; i++)
        if (issued_ports[i].used && issued_ports[i].first == first && issued_ports[i].last == last)
            issued_ports[i].used = false;
}

seL4_Error decode_io_port_invocation(struct invocation *inv)
{
    word_t first = inv->cap.data & 0xffff, last = (inv->cap.data >> 16) & 0xffff;
    word_t label = inv->label;
    if (label < X86IOPortIn8 || label > X86IOPortOut32)
        return inv_fail(inv, seL4_IllegalOperation, "IOPort: illegal operation.");
    bool out = label >= X86IOPortOut8;
    unsigned width = 1u << ((label - (out ? X86IOPortOut8 : X86IOPortIn8)));
    if (inv->length < (out ? 2u : 1u))
        return inv_fail(inv, seL4_TruncatedMessage, "IOPort: truncated message.");
    word_t port = inv_mr(inv, 0);
    if (port < first || port > last || last - port < width - 1)
        return inv_fail(inv, seL4_IllegalOperation, "IOPort: port 0x%lx outside the cap's range 0x%lx-0x%lx.",
                        port, first, last);
    word_t v = inv_mr(inv, 1);
    if (out) {
        if (width == 1) outb(port, v); else if (width == 2) outw(port, v); else outl(port, v);
        return seL4_NoError;
    }
    word_t r = width == 1 ? inb(port) : width == 2 ? inw(port) : inl(port);
    inv_reply_mr(inv, 0, r);
    return seL4_NoError;
}
