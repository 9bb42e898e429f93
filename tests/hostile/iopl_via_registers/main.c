/*
 * iopl_via_registers: starts a thread whose RFLAGS, given to
 * seL4_TCB_WriteRegisters, asks for IOPL 3 (bits 12-13), the level that
 * would let ring 3 use in/out directly; the thread then writes to the
 * isa-debug-exit port (0xF4).
 *
 * The kernel keeps only the flags a user may set (IOPL stays 0), so the
 * write is a general protection fault of that thread: a `user_fault`
 * naming it, after which the root task exits normally.  If the kernel let
 * IOPL through, QEMU would exit on the thread's say-so with no `halt`
 * event.
 */
#include <stdio.h>
#include "hostile.h"

#define RFLAGS_IOPL3 0x3000ul
#define RFLAGS_IF    0x0200ul

static void write_exit_port(seL4_Word arg)
{
    (void)arg;
    __asm__ volatile("mov $0x0, %%al\n\toutb %%al, $0xf4" ::: "rax", "memory");
    for (;;)
        seL4_Yield();
}

int main(void)
{
    seL4_UserContext regs = { .rflags = RFLAGS_IOPL3 | RFLAGS_IF | 0x2 };

    hostile_thread(write_exit_port, 0, &regs);
    seL4_Yield();                      /* let it run (same priority) */
    printf("root task: still here after the thread's outb\n");
    return 0;
}
