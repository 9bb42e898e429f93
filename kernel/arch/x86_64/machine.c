/*
 * arch/x86_64/machine.c - the machine under the kernel: segments, the
 * interrupt table, SYSCALL set-up, the legacy PIC (kept masked: device
 * interrupts come through the I/O APIC, see ioapic.c), the local APIC and
 * its timer, serial ports, user port I/O, physical memory access and
 * stopping the machine.
 *
 * Segments: GDT = null, kernel code 0x08, kernel data 0x10, user data
 * 0x18, user code 0x20, TSS 0x28 (two slots).  SYSRET/IRET to user use
 * 0x1b/0x23 (RPL 3); DS, ES, FS and GS are null in user mode (thread.c).
 * The TSS only supplies RSP0, the kernel stack used when a trap arrives
 * from user mode.  x87/SSE set-up and switching live in fpu.c.
 *
 * Serial: COM1 (0x3F8) is the console, COM2 (0x2F8) the kernel event
 * channel.  Both are polled; the kernel never takes serial interrupts.
 */
#include "kernel.h"
#include "arch/x86_64/cpu.h"
#include <stddef.h>

_Static_assert(offsetof(struct user_context, rip) == 120, "entry.S UC_RIP");
_Static_assert(offsetof(struct user_context, rflags) == 136, "entry.S UC_RFLAGS");
_Static_assert(offsetof(struct user_context, rsp) == 144, "entry.S UC_RSP");
_Static_assert(offsetof(struct user_context, error) == 168, "entry.S UC_ERROR");
_Static_assert(sizeof(struct user_context) == 176, "entry.S UC_SIZE");

#define COM1 0x3F8
#define COM2 0x2F8
#define DEBUG_EXIT_PORT 0xF4

struct PACKED tss {
    uint32_t reserved0;
    uint64_t rsp[3];
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t iomap_base;
};

struct PACKED idt_gate {
    uint16_t offset_lo;
    uint16_t selector;
    uint8_t  ist;
    uint8_t  type_attr;
    uint16_t offset_mid;
    uint32_t offset_hi;
    uint32_t zero;
};

struct PACKED table_ptr {
    uint16_t limit;
    uint64_t base;
};

static uint64_t gdt[7];
static struct tss tss;
static struct idt_gate idt[256];

void *kptr_of(paddr_t p) { return (void *)(p + KERNEL_VBASE); }
paddr_t paddr_of(const void *k) { return (paddr_t)k - KERNEL_VBASE; }

static void serial_init(uint16_t base)
{
    outb(base + 1, 0x00);   /* no interrupts */
    outb(base + 3, 0x80);   /* divisor latch */
    outb(base + 0, 0x01);   /* 115200 baud */
    outb(base + 1, 0x00);
    outb(base + 3, 0x03);   /* 8N1 */
    outb(base + 2, 0xC7);   /* FIFO on */
    outb(base + 4, 0x03);
}

#define UART_LSR        5
#define LSR_THR_EMPTY   0x20      /* the transmit FIFO is empty */
#define UART_FIFO_BYTES 16

/* Wait until the transmitter is empty, but never forever: QEMU's UART is
 * always ready, and a stuck UART must not hang the kernel. */
static void serial_wait(uint16_t base)
{
    for (int i = 0; i < 100000 && !(inb(base + UART_LSR) & LSR_THR_EMPTY); i++)
        ;
}

void serial_putc(int port, char c)
{
    uint16_t base = port == SERIAL_EVENTS ? COM2 : COM1;
    serial_wait(base);
    outb(base, (uint8_t)c);
}

/* n bytes: wait for an empty FIFO (serial_init turns it on), then fill it
 * with one `rep outsb`, and again. */
void serial_write(int port, const char *s, size_t n)
{
    uint16_t base = port == SERIAL_EVENTS ? COM2 : COM1;
    while (n > 0) {
        size_t burst = n < UART_FIFO_BYTES ? n : UART_FIFO_BYTES;
        serial_wait(base);
        outsb(base, s, burst);
        s += burst;
        n -= burst;
    }
}

static void gdt_init(void)
{
    gdt[0] = 0;
    gdt[1] = 0x00af9a000000ffffull;   /* kernel code, 64-bit */
    gdt[2] = 0x00cf92000000ffffull;   /* kernel data */
    gdt[3] = 0x00cff2000000ffffull;   /* user data, DPL 3 */
    gdt[4] = 0x00affa000000ffffull;   /* user code, 64-bit, DPL 3 */

    uint64_t base = (uint64_t)&tss, limit = sizeof(tss) - 1;
    gdt[5] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89ull << 40) |
             (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
    gdt[6] = base >> 32;

    tss.rsp[0] = (uint64_t)kernel_stack_top;
    tss.iomap_base = sizeof(tss);     /* no I/O bitmap: user port access faults */

    struct table_ptr p = { sizeof(gdt) - 1, (uint64_t)gdt };
    __asm__ volatile("lgdt %0" :: "m"(p));
    __asm__ volatile(
        "pushq $0x08\n\t"
        "leaq 1f(%%rip), %%rax\n\t"
        "pushq %%rax\n\t"
        "lretq\n"
        "1:\n\t"
        "movw $0x10, %%ax\n\t"
        "movw %%ax, %%ds\n\t"
        "movw %%ax, %%es\n\t"
        "movw %%ax, %%ss\n\t"
        ::: "rax", "memory");
    __asm__ volatile("ltr %w0" :: "r"(TSS_SEL));
}

static void idt_set(unsigned vec, word_t handler, unsigned dpl)
{
    idt[vec].offset_lo = handler & 0xffff;
    idt[vec].selector = KERNEL_CS;
    idt[vec].ist = 0;
    idt[vec].type_attr = 0x80 | (dpl << 5) | 0xE;   /* present, interrupt gate */
    idt[vec].offset_mid = (handler >> 16) & 0xffff;
    idt[vec].offset_hi = handler >> 32;
    idt[vec].zero = 0;
}

static void idt_init(void)
{
    /* Only int3 may be raised from user mode (DPL 3, as on seL4): it
     * becomes a UserException with number 3 and the IP past the int3.
     * Any other `int N` from user mode is a general-protection fault. */
    for (unsigned v = 0; v < VEC_IRQ_BASE; v++)
        idt_set(v, trap_vectors[v], v == VEC_BREAKPOINT ? 3 : 0);
    for (unsigned v = VEC_IRQ_BASE; v <= VEC_TIMER; v++)
        idt_set(v, (word_t)interrupt_stubs + INTERRUPT_STUB_BYTES * (v - VEC_IRQ_BASE), 0);
    idt_set(VEC_SPURIOUS, (word_t)interrupt_stubs + INTERRUPT_STUB_BYTES * (VEC_TIMER + 1 - VEC_IRQ_BASE), 0);
    struct table_ptr p = { sizeof(idt) - 1, (uint64_t)idt };
    __asm__ volatile("lidt %0" :: "m"(p));
}

/* Remap the legacy PICs to vectors 32..47 and mask every line. */
static void pic_init(void)
{
    outb(0x20, 0x11); outb(0xA0, 0x11);
    outb(0x21, 32);   outb(0xA1, 40);
    outb(0x21, 4);    outb(0xA1, 2);
    outb(0x21, 1);    outb(0xA1, 1);
    outb(0x21, 0xff); outb(0xA1, 0xff);
}

static void syscall_init(void)
{
    /* SYSRET to user: CS = STAR[63:48] + 16, SS = STAR[63:48] + 8. */
    wrmsr(MSR_STAR, ((uint64_t)0x10 << 48) | ((uint64_t)KERNEL_CS << 32));
    wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
    /* Clear IF, TF, DF, AC and NT on entry. */
    wrmsr(MSR_FMASK, RFLAGS_IF | (1 << 8) | (1 << 10) | (1 << 18) | (1 << 14));
}

/*
 * The local APIC timer drives preemption (the PIT stays free for user
 * drivers, as in seL4).  The local APIC's registers (0xFEE00000) and the
 * I/O APIC's (0xFEC00000) lie outside the kernel's 1 GiB window, so two
 * 2 MiB uncached pages map them at LAPIC_VBASE and IOAPIC_VBASE through
 * the last entry of the kernel's PDPT.  QEMU counts the timer at 1 GHz
 * before the divider.
 */
#define LAPIC_ID        0x020
#define LAPIC_EOI       0x0B0
#define LAPIC_SVR       0x0F0
#define LAPIC_LVT_TIMER 0x320
#define LAPIC_TIMER_INIT 0x380
#define LAPIC_TIMER_DIV 0x3E0
#define LAPIC_TIMER_HZ_AFTER_DIV 62500000ull   /* 1 GHz / 16 */
#define MSR_APIC_BASE   0x1B

extern uint64_t boot_pdpt_high[];
static uint64_t apic_pd[512] __attribute__((aligned(4096)));

static void lapic_write(unsigned reg, uint32_t v)
{
    *(volatile uint32_t *)(LAPIC_VBASE + reg) = v;
}

void lapic_eoi(void)
{
    lapic_write(LAPIC_EOI, 0);
}

void lapic_timer_ack(void)
{
    lapic_eoi();
}

uint32_t lapic_id(void)
{
    return *(volatile uint32_t *)(LAPIC_VBASE + LAPIC_ID) >> 24;
}

static void apic_map(void)
{
    uint64_t *pdpt = kptr_of((paddr_t)boot_pdpt_high);
    apic_pd[0] = LAPIC_PBASE | 0x1 | 0x2 | 0x8 | 0x10 | 0x80;    /* P W PWT PCD PS */
    apic_pd[1] = IOAPIC_PBASE | 0x1 | 0x2 | 0x8 | 0x10 | 0x80;
    pdpt[511] = paddr_of(apic_pd) | 0x1 | 0x2;
}

static void lapic_timer_init(void)
{
    wrmsr(MSR_APIC_BASE, LAPIC_PBASE | (1 << 11) | (rdmsr(MSR_APIC_BASE) & (1 << 8)));
    lapic_write(LAPIC_SVR, 0x100 | VEC_SPURIOUS);                 /* enable */
    lapic_write(LAPIC_TIMER_DIV, 0x3);                            /* divide by 16 */
    lapic_write(LAPIC_LVT_TIMER, (1 << 17) | VEC_TIMER);          /* periodic */
    lapic_write(LAPIC_TIMER_INIT, (uint32_t)(LAPIC_TIMER_HZ_AFTER_DIV * TIMER_TICK_US / 1000000));
}

void machine_init(void)
{
    serial_init(COM1);
    serial_init(COM2);
    gdt_init();
    idt_init();
    pic_init();
    syscall_init();
    fpu_init();
    apic_map();
    lapic_timer_init();
    ioapic_init();
}

void machine_halt(int code)
{
    /* isa-debug-exit: QEMU exits with (code << 1) | 1. */
    outb(DEBUG_EXIT_PORT, (uint8_t)code);
    for (;;)
        __asm__ volatile("cli; hlt");
}

/* ---- user port I/O (ioport.c has checked the cap's range) ---- */

word_t port_in(word_t port, unsigned width)
{
    if (width == 1)
        return inb((uint16_t)port);
    return width == 2 ? inw((uint16_t)port) : inl((uint16_t)port);
}

void port_out(word_t port, unsigned width, word_t value)
{
    if (width == 1)
        outb((uint16_t)port, (uint8_t)value);
    else if (width == 2)
        outw((uint16_t)port, (uint16_t)value);
    else
        outl((uint16_t)port, (uint32_t)value);
}
