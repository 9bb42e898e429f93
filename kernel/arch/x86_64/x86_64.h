/*
 * arch/x86_64/x86_64.h - the numbers of the x86_64 architecture that the
 * kernel's object code uses, named once: the system call register ABI,
 * the user register layout of seL4_UserContext, page-table entry bits and
 * the flag bits of the TCB invocations.  Only constants and tiny inline
 * helpers, no instructions, so the host unit tests can include it too
 * (cpu.h holds the instruction wrappers and the RFLAGS and CR bits).
 */
#pragma once

#include "types.h"
#include "object.h"

#define KERNEL_VBASE   0xffffffff80000000ull
#define KERNEL_WINDOW  (1ull << 30)      /* physical memory the kernel can reach */

/* ---- the system call register ABI (spec 1.2) ----
 * Fields of struct user_context: `t->ctx.REG_CPTR` is the invoked cptr. */
#define REG_SYSCALL  rdx      /* in: the system call number */
#define REG_CPTR     rdi      /* in: the invoked (or received-on) cptr */
#define REG_BADGE    rdi      /* out: the badge of a received message or signal */
#define REG_MSGINFO  rsi      /* in and out: seL4_MessageInfo_t */
#define REG_MR0      r10      /* message registers 0..3; the rest live in */
#define REG_MR1      r8       /* the IPC buffer at word 1 + i */
#define REG_MR2      r9
#define REG_MR3      r15

/* Message register i (< seL4_FastMessageRegisters) in the saved registers. */
static inline word_t *msg_register(struct user_context *c, unsigned i)
{
    switch (i) {
    case 0:  return &c->REG_MR0;
    case 1:  return &c->REG_MR1;
    case 2:  return &c->REG_MR2;
    default: return &c->REG_MR3;
    }
}

static inline seL4_MessageInfo_t msginfo_register(const struct user_context *c)
{
    return (seL4_MessageInfo_t){ { c->REG_MSGINFO } };
}

/* ---- seL4_UserContext: the register order of Read/Write/CopyRegisters ---- */
enum user_reg {
    UREG_RIP = 0, UREG_RSP, UREG_RFLAGS,          /* the "frame" registers: rip .. r15 */
    UREG_RAX, UREG_RBX, UREG_RCX, UREG_RDX, UREG_RSI, UREG_RDI, UREG_RBP,
    UREG_R8, UREG_R9, UREG_R10, UREG_R11, UREG_R12, UREG_R13, UREG_R14, UREG_R15,
    UREG_FS_BASE, UREG_GS_BASE,                   /* the "integer" (gp) registers */
    N_USER_REGS                                   /* 20 */
};
/* CopyRegisters' two groups, as seL4 x86_64 splits them: the frame
 * registers rip .. r15 (18) and the integer ones fs_base, gs_base. */
#define N_FRAME_REGS UREG_FS_BASE

/* ---- paging (4-level, 4 KiB pages, 512 entries per table) ---- */
#define PTE_P        BIT(0)       /* present */
#define PTE_W        BIT(1)       /* writable */
#define PTE_U        BIT(2)       /* user accessible */
#define PTE_PWT      BIT(3)       /* write-through */
#define PTE_PCD      BIT(4)       /* cache disabled */
#define PTE_PS       BIT(7)       /* large page (in a PD or PDPT entry) */
/* No no-execute bit: EFER.NXE is off (as on seL4 x86_64), so every mapping
 * a user can read it can also run, and bit 63 is a reserved bit that no
 * entry may set (the CPU would take a reserved-bit page fault). */
#define PTE_ADDR     0x000ffffffffff000ull
#define PT_INDEX_BITS 9           /* 512 entries per table; level 3 = PML4 .. 0 = PT */
#define PML4_KERNEL_ENTRY 511     /* the entry every PML4 shares with the kernel */

/* seL4_X86_VMAttributes bits of X86PageMap. */
#define VM_ATTR_WRITE_THROUGH BIT(0)
#define VM_ATTR_CACHE_DISABLED BIT(1)

/* Bits of virtual address an entry at `level` covers (12, 21, 30, 39). */
static inline unsigned level_shift(unsigned level)
{
    return seL4_PageBits + PT_INDEX_BITS * level;
}

/* A canonical address: bits 63..47 all equal. */
static inline bool is_canonical(word_t v)
{
    word_t top = v >> 47;
    return top == 0 || top == MASK(17);
}

/* ---- TCB flag words ---- */
#define READREGS_SUSPEND   BIT(0)   /* TCB_ReadRegisters: suspend the source first */
#define WRITEREGS_RESUME   BIT(0)   /* TCB_WriteRegisters: resume the target after */
#define COPYREGS_SUSPEND   BIT(0)   /* TCB_CopyRegisters: suspend the source */
#define COPYREGS_RESUME    BIT(1)   /*   resume the destination */
#define COPYREGS_FRAME     BIT(2)   /*   copy rip, rsp, rflags */
#define COPYREGS_INTEGER   BIT(3)   /*   copy the other integer registers */
