/*
 * ioport.c - I/O port capabilities: IOPortControl_Issue and the IOPort
 * In8/16/32, Out8/16/32 invocations (spec 9.3).
 *
 * IOPortControl_Issue hands out a cap for a port range that no other
 * issued cap overlaps and that lies inside one of the user_ports windows
 * below.  The kernel's own ports - COM2 (the event channel, 0x2F8-0x2FF),
 * the PIC (0x20-0x21, 0xA0-0xA1), the exit device (0xF4-0xF7), the reset
 * and power controls (0x64, 0x92, 0xCF9, ACPI PM at 0x600-0x63F) - are
 * never issued, so user code cannot forge kernel events, reprogram
 * interrupts or stop the machine behind the kernel's back.
 *
 * As everywhere, the decoders check and change nothing; the effects are
 * invoke_io_port_control_issue, invoke_io_port_in and invoke_io_port_out.
 * The port instructions themselves are the arch's (port_in, port_out).
 */
#include "kernel.h"

#define PORT_MAX        0xffff
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

static bool ranges_overlap(word_t a1, word_t a2, word_t b1, word_t b2)
{
    return a1 <= b2 && b1 <= a2;
}

/* ---- IOPortControl ---- */

/* Record ports first..last as issued in entry i and put their cap in dest;
 * cannot fail. */
static void invoke_io_port_control_issue(struct invocation *inv, unsigned i, word_t first,
                                         word_t last, struct cte *dest)
{
    issued_ports[i].first = (uint16_t)first;
    issued_ports[i].last = (uint16_t)last;
    issued_ports[i].used = true;
    cte_insert(cap_io_port_new(first, last), inv->slot, dest);
}

/* IOPortControl_Issue(first, last, root, index, depth). */
seL4_Error decode_io_port_control_invocation(struct invocation *inv)
{
    if (inv->label != X86IOPortControlIssue)
        return inv_fail(inv, seL4_IllegalOperation, "IOPortControl: illegal operation.");
    if (inv->length < 4)
        return inv_fail(inv, seL4_TruncatedMessage, "IOPortControl Issue: truncated message.");
    word_t first = inv_mr(inv, 0), last = inv_mr(inv, 1);
    if (last < first)
        return inv_invalid_argument(inv, 1, "IOPortControl Issue: last port below first.");
    if (last > PORT_MAX)
        return inv_range(inv, 0, PORT_MAX, "IOPortControl Issue: port %lu out of range.", last);
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
    invoke_io_port_control_issue(inv, (unsigned)free_i, first, last, dest);
    return seL4_NoError;
}

void io_port_deleted(word_t first, word_t last)
{
    for (unsigned i = 0; i < MAX_PORT_RANGES; i++)
        if (issued_ports[i].used && issued_ports[i].first == first && issued_ports[i].last == last)
            issued_ports[i].used = false;
}

/* ---- IOPort ---- */

/* Read width bytes from port into the reply's MR0; cannot fail. */
static void invoke_io_port_in(struct invocation *inv, word_t port, unsigned width)
{
    inv_reply_mr(inv, 0, port_in(port, width));
}

/* Write the low width bytes of value to port; cannot fail. */
static void invoke_io_port_out(word_t port, unsigned width, word_t value)
{
    port_out(port, width, value);
}

/* In8/16/32(port) and Out8/16/32(port, value): the width comes from the
 * label; all width bytes must lie inside the cap's range. */
seL4_Error decode_io_port_invocation(struct invocation *inv)
{
    word_t first = cap_io_first(&inv->cap), last = cap_io_last(&inv->cap);
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
    if (out)
        invoke_io_port_out(port, width, inv_mr(inv, 1));
    else
        invoke_io_port_in(inv, port, width);
    return seL4_NoError;
}
