/*
 * arch/x86_64/cpu.h - thin wrappers around x86_64 instructions the kernel
 * needs: port I/O, MSRs, control registers, TLB flushes, FXSAVE/FXRSTOR,
 * segment loads.
 */
#pragma once

#include "types.h"
#include "object.h"
#include "x86_64.h"          /* KERNEL_VBASE, KERNEL_WINDOW and the other numbers */

#define MSR_EFER       0xC0000080
#define MSR_STAR       0xC0000081
#define MSR_LSTAR      0xC0000082
#define MSR_FMASK      0xC0000084
#define MSR_FS_BASE    0xC0000100
#define MSR_GS_BASE    0xC0000101

#define KERNEL_CS      0x08
#define KERNEL_SS      0x10
#define USER_SS        0x1b
#define USER_CS        0x23
#define TSS_SEL        0x28

#define RFLAGS_IF      (1ull << 9)

#define CR0_MP         (1ull << 1)       /* WAIT/FWAIT honour TS */
#define CR0_EM         (1ull << 2)       /* emulate x87: every x87/SSE instruction faults */
#define CR0_TS         (1ull << 3)       /* task switched: the next x87/SSE use faults (#NM) */
#define CR0_NE         (1ull << 5)       /* x87 errors as #MF, not the legacy IRQ 13 */
#define CR4_OSFXSR     (1ull << 9)       /* FXSAVE/FXRSTOR and SSE enabled */
#define CR4_OSXMMEXCPT (1ull << 10)      /* unmasked SSE exceptions raise #XM */

/*
 * Interrupt vectors, numbered as seL4 numbers them on pc99: kernel IRQ n
 * (ISA lines 0..15 from IRQControl_Get, then 16..123 for the vectors
 * 0..107 of IRQControl_GetIOAPIC) arrives at IDT vector VEC_IRQ_BASE + n.
 * The kernel's own LAPIC timer comes after them.
 */
#define VEC_BREAKPOINT 3      /* int3: the one vector user code may raise */
#define VEC_IRQ_BASE   32
#define NUM_ISA_IRQS   16          /* kernel IRQs 0..15: the legacy ISA lines */
#define NUM_IOAPIC_VECTORS 108     /* GetIOAPIC's vector argument: 0..107 */
#define NUM_IRQS       (NUM_ISA_IRQS + NUM_IOAPIC_VECTORS)
#define VEC_TIMER      (VEC_IRQ_BASE + NUM_IRQS)   /* 156 */
#define VEC_SPURIOUS   255
#define TIMER_TICK_US  2000        /* one scheduler tick */
#define TIME_SLICE     5           /* ticks a thread runs before round robin */

void lapic_timer_ack(void);
void lapic_eoi(void);                  /* end of any interrupt the local APIC delivered */
uint32_t lapic_id(void);               /* this CPU's APIC ID (I/O APIC destination) */

/* The APIC register pages, mapped uncached by machine.c (2 MiB pages). */
#define LAPIC_PBASE    0xFEE00000ull
#define IOAPIC_PBASE   0xFEC00000ull
#define LAPIC_VBASE    0xffffffffc0000000ull
#define IOAPIC_VBASE   (LAPIC_VBASE + (2ull << 20))

/* ioapic.c: the I/O APIC's redirection table (one I/O APIC, as on QEMU's pc). */
void ioapic_init(void);                /* every pin masked, delivered to this CPU */
unsigned ioapic_pin_count(void);       /* redirection entries (24 on QEMU) */
void ioapic_route(unsigned pin, bool level, bool active_low, unsigned vector);  /* left masked */
void ioapic_set_mask(unsigned pin, bool masked);
bool ioapic_pin_masked(unsigned pin);  /* the chip's own mask bit (true for a pin it lacks) */

static inline void outb(uint16_t port, uint8_t v)
{ __asm__ volatile("outb %0, %1" :: "a"(v), "Nd"(port)); }
static inline void outw(uint16_t port, uint16_t v)
{ __asm__ volatile("outw %0, %1" :: "a"(v), "Nd"(port)); }
static inline void outl(uint16_t port, uint32_t v)
{ __asm__ volatile("outl %0, %1" :: "a"(v), "Nd"(port)); }
static inline void outsb(uint16_t port, const void *s, size_t n)
{ __asm__ volatile("rep outsb" : "+S"(s), "+c"(n) : "d"(port) : "memory"); }
static inline uint8_t inb(uint16_t port)
{ uint8_t v; __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline uint16_t inw(uint16_t port)
{ uint16_t v; __asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline uint32_t inl(uint16_t port)
{ uint32_t v; __asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port)); return v; }

static inline void wrmsr(uint32_t msr, uint64_t v)
{ __asm__ volatile("wrmsr" :: "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32))); }
static inline uint64_t rdmsr(uint32_t msr)
{ uint32_t lo, hi; __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
  return ((uint64_t)hi << 32) | lo; }

static inline word_t read_cr2(void)
{ word_t v; __asm__ volatile("mov %%cr2, %0" : "=r"(v)); return v; }
static inline word_t read_cr3(void)
{ word_t v; __asm__ volatile("mov %%cr3, %0" : "=r"(v)); return v; }
static inline void write_cr3(word_t v)
{ __asm__ volatile("mov %0, %%cr3" :: "r"(v) : "memory"); }
static inline word_t read_cr0(void)
{ word_t v; __asm__ volatile("mov %%cr0, %0" : "=r"(v)); return v; }
static inline void write_cr0(word_t v)
{ __asm__ volatile("mov %0, %%cr0" :: "r"(v) : "memory"); }
static inline word_t read_cr4(void)
{ word_t v; __asm__ volatile("mov %%cr4, %0" : "=r"(v)); return v; }
static inline void write_cr4(word_t v)
{ __asm__ volatile("mov %0, %%cr4" :: "r"(v) : "memory"); }

/* The x87/SSE registers to and from a 16-byte aligned 512-byte area. */
static inline void fxsave64(struct fpu_state *f)
{ __asm__ volatile("fxsave64 %0" : "=m"(*f)); }
static inline void fxrstor64(const struct fpu_state *f)
{ __asm__ volatile("fxrstor64 %0" :: "m"(*f)); }

/* Null DS, ES, FS and GS (64-bit user code needs none of them).  Loading
 * FS or GS this way may clear its base: write FS_BASE afterwards. */
static inline void load_null_data_segments(void)
{ __asm__ volatile("mov %w0, %%ds\n\tmov %w0, %%es\n\tmov %w0, %%fs\n\tmov %w0, %%gs"
                   :: "r"(0) : "memory"); }

static inline void invlpg(word_t vaddr)
{ __asm__ volatile("invlpg (%0)" :: "r"(vaddr) : "memory"); }

/* entry.S */
NORETURN void return_to_user(const struct user_context *ctx);
NORETURN void return_to_user_sysret(const struct user_context *ctx);
void idle_wait(void);
void syscall_entry(void);
extern const word_t trap_vectors[];   /* exception stubs, vectors 0..31 */
/* Interrupt stubs, INTERRUPT_STUB_BYTES apart: vectors VEC_IRQ_BASE..VEC_TIMER,
 * then one for VEC_SPURIOUS. */
extern const char interrupt_stubs[];
#define INTERRUPT_STUB_BYTES 16
extern char kernel_stack_top[];
