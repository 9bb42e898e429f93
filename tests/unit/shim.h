/*
 * shim.h - the host stand-in for the parts of the kernel that the
 * capability core calls but does not own (tests/unit/shim.c).
 *
 * Physical memory is a 32 MiB arena: kptr_of()/paddr_of() translate
 * between arena offsets and "physical" addresses starting at ARENA_BASE,
 * so object layouts, alignment and slot links behave as in the kernel.
 * The fakes of the thread, IPC, VSpace and interrupt code do the least
 * that keeps the core's invariants (a state change, a log line) and log
 * every call, so a test can check that deletion finalised what it should.
 *
 * shim.c has what every host test needs; it also lets the program's own
 * static data stand for the kernel image, so a slot kept in a kernel
 * file's static data has a physical address too.  The fakes of tcb.c,
 * vspace.c, interrupt.c and ioport.c are in shim_fakes.c, linked with the
 * test_*.c programs; the pure_*.c programs link those real files instead,
 * with shim_pure.c for the little they need from the scheduler, the FPU
 * code and the MMU, and for their hardware (I/O APIC, port in/out).
 */
#pragma once

#include "kernel.h"

#define ARENA_BASE  0x1000000ull          /* 16 MiB: no slot sits at paddr 0 */
#define ARENA_BITS  25
#define ARENA_SIZE  (1ull << ARENA_BITS)

/* Zero the arena and every log; start allocating from the bottom again. */
void shim_reset(void);
/* A fresh naturally aligned block of 2^size_bits bytes (zeroed). */
paddr_t shim_alloc(unsigned size_bits);

/* Completed events, one per line: "ev=invoke op=CNodeCopy dest=5 ...". */
const char *shim_events(void);
const char *shim_last_event(void);
unsigned shim_event_count(const char *ev);
bool shim_event_dangling(void);         /* a key written with no event open */

/* Console text: kprintf output and the <<seL4 ...>> user-error lines. */
const char *shim_console(void);
unsigned shim_user_errors(void);

/* Calls to the fakes, one per line: "cancel_all_ipc 0x1234", ... */
const char *shim_calls(void);
unsigned shim_call_count(const char *prefix);
void shim_clear_logs(void);
/* Add a line to the calls log (the fakes use it). */
void shim_log_call(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A fake decoder: only records that the dispatch reached it. */
#define SHIM_FAKE_DECODER(name)                                          \
    seL4_Error name(struct invocation *inv)                              \
    {                                                                    \
        shim_log_call(#name " %s\n", invocation_label_name(inv->label)); \
        return seL4_NoError;                                             \
    }

/* shim_pure.c: the kernel's own PML4 (arch_kernel_vspace) for the real
 * vspace.c; a world sets it after shim_reset. */
void shim_set_kernel_vspace(paddr_t pml4);

/* cancel_all_ipc records the stack depth it is called at (for the test
 * that deletion is iterative). */
uintptr_t shim_stack_low(void);
uintptr_t shim_stack_high(void);
