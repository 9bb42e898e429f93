/*
 * arch/x86_64/ioapic.c - the I/O APIC, the interrupt controller device
 * lines reach the CPU through (seL4 pc99 with CONFIG_IRQ_IOAPIC).
 *
 * The chip is reached through two registers: write a register number to
 * IOREGSEL, then read or write it through IOWIN.  Register 1 holds the
 * number of the last redirection entry; entry n (one per input pin) is the
 * register pair 0x10 + 2n (low word: vector, trigger mode, polarity, mask)
 * and 0x11 + 2n (high word: the destination APIC ID in bits 24..31).
 *
 * Invariants: every pin is masked until interrupt.c routes it and a driver
 * acknowledges it; every entry is delivered "fixed" to this CPU in physical
 * destination mode.  The page is the kernel's own: boot.c keeps it out of
 * every device untyped, so no user mapping can route a pin to a CPU
 * exception vector.
 */
#include "kernel.h"
#include "arch/x86_64/cpu.h"

#define IOREGSEL          0x00
#define IOWIN             0x10
#define IOAPIC_REG_VER    0x01
#define IOREDTBL_LOW(pin)  (0x10 + 2 * (pin))
#define IOREDTBL_HIGH(pin) (0x11 + 2 * (pin))

#define REDIR_MASKED      BIT(16)
#define REDIR_LEVEL       BIT(15)   /* level-triggered (0: edge) */
#define REDIR_ACTIVE_LOW  BIT(13)   /* polarity (0: active high) */
#define REDIR_DEST_SHIFT  24        /* in the high word */

#define MAX_PINS 240

static unsigned pin_count;
static uint32_t redir_low[MAX_PINS];   /* what each low word holds now */

static uint32_t ioapic_read(unsigned reg)
{
    *(volatile uint32_t *)(IOAPIC_VBASE + IOREGSEL) = reg;
    return *(volatile uint32_t *)(IOAPIC_VBASE + IOWIN);
}

static void ioapic_write(unsigned reg, uint32_t v)
{
    *(volatile uint32_t *)(IOAPIC_VBASE + IOREGSEL) = reg;
    *(volatile uint32_t *)(IOAPIC_VBASE + IOWIN) = v;
}

void ioapic_init(void)
{
    pin_count = ((ioapic_read(IOAPIC_REG_VER) >> 16) & 0xff) + 1;
    if (pin_count > MAX_PINS)
        pin_count = MAX_PINS;
    for (unsigned pin = 0; pin < pin_count; pin++) {
        redir_low[pin] = REDIR_MASKED;
        ioapic_write(IOREDTBL_LOW(pin), redir_low[pin]);
        ioapic_write(IOREDTBL_HIGH(pin), lapic_id() << REDIR_DEST_SHIFT);
    }
}

unsigned ioapic_pin_count(void)
{
    return pin_count;
}

void ioapic_route(unsigned pin, bool level, bool active_low, unsigned vector)
{
    if (pin >= pin_count)
        return;
    redir_low[pin] = REDIR_MASKED | (level ? REDIR_LEVEL : 0) |
                     (active_low ? REDIR_ACTIVE_LOW : 0) | (vector & 0xff);
    ioapic_write(IOREDTBL_HIGH(pin), lapic_id() << REDIR_DEST_SHIFT);
    ioapic_write(IOREDTBL_LOW(pin), redir_low[pin]);
}

void ioapic_set_mask(unsigned pin, bool masked)
{
    if (pin >= pin_count)
        return;
    if (masked)
        redir_low[pin] |= REDIR_MASKED;
    else
        redir_low[pin] &= ~REDIR_MASKED;
    ioapic_write(IOREDTBL_LOW(pin), redir_low[pin]);
}
