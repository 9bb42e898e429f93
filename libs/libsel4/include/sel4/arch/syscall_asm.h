/*
 * sel4/arch/syscall_asm.h - the one place where libsel4 enters the kernel.
 *
 * Every system call stub in syscalls.h funnels into x64_sys() below, so the
 * register convention (spec §1.2) is written down exactly once:
 *
 *   RDX  syscall number            (in)
 *   RDI  cptr / badge              (in and out)
 *   RSI  seL4_MessageInfo word     (in and out)
 *   R10, R8, R9, R15 = MR0..MR3    (in and out)
 *   RCX, R11 are destroyed by the SYSCALL/SYSRET pair.
 *
 * The kernel does not save RSP on the syscall path, so RSP is parked in RBX
 * across the instruction and restored from it afterwards.  We tell the
 * compiler that every argument register may come back changed, even for
 * calls that return nothing: it costs nothing and keeps us correct if the
 * kernel ever writes a register the spec calls "preserved".
 *
 * The red zone below RSP is safe: the kernel never writes to the user stack.
 */
#pragma once

#include <sel4/macros.h>
#include <sel4/types.h>

/* Register image of one system call: what goes in, and what comes back. */
typedef struct x64_sys_regs {
    seL4_Word rdi;      /* cptr in, badge out */
    seL4_Word rsi;      /* message info in and out */
    seL4_Word mr[seL4_FastMessageRegisters];   /* R10, R8, R9, R15 */
} x64_sys_regs_t;

static inline void x64_sys(seL4_Word sys, x64_sys_regs_t *r)
{
    register seL4_Word r10 __asm__("r10") = r->mr[0];
    register seL4_Word r8  __asm__("r8")  = r->mr[1];
    register seL4_Word r9  __asm__("r9")  = r->mr[2];
    register seL4_Word r15 __asm__("r15") = r->mr[3];
    seL4_Word rdi = r->rdi, rsi = r->rsi;

    __asm__ volatile(
        "movq %%rsp, %%rbx\n\t"
        "syscall\n\t"
        "movq %%rbx, %%rsp"
        : "+d"(sys), "+D"(rdi), "+S"(rsi),
          "+r"(r10), "+r"(r8), "+r"(r9), "+r"(r15)
        :
        : "rcx", "r11", "rbx", "memory", "cc");

    r->rdi = rdi;
    r->rsi = rsi;
    r->mr[0] = r10;
    r->mr[1] = r8;
    r->mr[2] = r9;
    r->mr[3] = r15;
}
