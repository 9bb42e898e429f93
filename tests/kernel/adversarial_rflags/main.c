/*
 * adversarial_rflags/main.c - no saved context can give a thread I/O
 * privilege or other system flags.
 *
 * A thread's RFLAGS reach the CPU from a TCB on every return to user mode
 * (IRETQ, or SYSRETQ from R11).  Whatever a TCB holds, the thread must run
 * with IOPL 0 and without NT, AC, ID, TF, VM, RF, VIF and VIP, with IF set.
 * One thread, with this program as its fault handler, is fed RFLAGS with
 * all of those bits through every door there is:
 *
 *   site 1  WriteRegisters before it starts (IOPL 3 and every system flag)
 *   site 2  the reply to its #GP fault (UserException MR2 = RFLAGS)
 *   site 3  its own POPF (ring 3 may set NT, AC and ID), then a system call
 *           that leaves by SYSRETQ, whose RFLAGS come from the saved R11
 *   site 4  the reply to an unknown system call (all registers, RFLAGS too)
 *
 * Site 3 also loads DS, ES, FS and GS with the user data selector before
 * its system call: every exit loads null ones, so no thread sees what
 * another left there.
 *
 * At each site it records RFLAGS with PUSHF, and at sites 1 and 2 it then
 * writes to port 0x80, which must fault (#GP, vector 13) since IOPL is 0.
 * If IOPL 3 got through, the write would succeed and the next instruction,
 * a ud2, would report vector 6 instead.
 */
#include <stdio.h>
#include "ktest.h"

#define RF_TF   (1ull << 8)
#define RF_IF   (1ull << 9)
#define RF_IOPL (3ull << 12)
#define RF_NT   (1ull << 14)
#define RF_RF   (1ull << 16)
#define RF_VM   (1ull << 17)
#define RF_AC   (1ull << 18)
#define RF_VIF  (1ull << 19)
#define RF_VIP  (1ull << 20)
#define RF_ID   (1ull << 21)
#define RF_SYSTEM (RF_TF | RF_IOPL | RF_NT | RF_RF | RF_VM | RF_AC | RF_VIF | RF_VIP | RF_ID)
#define HOSTILE_FLAGS (RF_SYSTEM | RF_IF | 0x2)

#define VEC_UD 6
#define VEC_GP 13

volatile seL4_Word seen[5];        /* RFLAGS as each site found them (3 twice) */
volatile uint16_t selectors[5];    /* site 3: DS as loaded, then DS ES FS GS after SYSRETQ */

void site1(void);
void site2(void);
void site3(void);
void site4(void);

/* Each site: record RFLAGS, then its probe.  Kept in asm so nothing runs
 * between the return to user mode and the PUSHF. */
__asm__(".text\n"
        ".global site1\nsite1:\n\t"
        "pushfq\n\tpopq seen+0(%rip)\n\t"
        "outb %al, $0x80\n\t"
        "ud2\n"
        ".global site2\nsite2:\n\t"
        "pushfq\n\tpopq seen+8(%rip)\n\t"
        "outb %al, $0x80\n\t"
        "ud2\n"
        ".global site3\nsite3:\n\t"
        "pushq $0x244202\n\t"                   /* ID | AC | NT | IF | 1 */
        "popfq\n\t"
        "pushfq\n\tpopq seen+16(%rip)\n\t"     /* what POPF set */
        "movw $0x1b, %ax\n\t"                   /* user data selector everywhere */
        "movw %ax, %ds\n\tmovw %ax, %es\n\tmovw %ax, %fs\n\tmovw %ax, %gs\n\t"
        "movw %ds, selectors+0(%rip)\n\t"
        "movq $-7, %rdx\n\t"                    /* seL4_Yield */
        "movq %rsp, %rbx\n\t"
        "syscall\n\t"
        "movq %rbx, %rsp\n\t"
        "pushfq\n\tpopq seen+24(%rip)\n\t"     /* after SYSRETQ */
        "movw %ds, selectors+2(%rip)\n\tmovw %es, selectors+4(%rip)\n\t"
        "movw %fs, selectors+6(%rip)\n\tmovw %gs, selectors+8(%rip)\n\t"
        "movq $-77, %rdx\n\t"                   /* an unknown system call */
        "syscall\n\t"
        "ud2\n"
        ".global site4\nsite4:\n\t"
        "pushfq\n\tpopq seen+32(%rip)\n\t"
        "ud2\n");

KT_STACK(probe_stack);

static void check_clean(seL4_Word flags, const char *where)
{
    kt_word(0, flags & RF_SYSTEM, "%s: no IOPL, NT, AC, ID, TF, RF, VM, VIF, VIP (RFLAGS 0x%lx)",
            where, (unsigned long)flags);
    kt_word(RF_IF, flags & RF_IF, "%s: IF set", where);
}

/* Wait for the probe's next fault; returns the fault label. */
static seL4_Word next_fault(seL4_CPtr ep, seL4_Word *vector)
{
    seL4_Word badge;
    seL4_MessageInfo_t info = seL4_Recv(ep, &badge);

    *vector = seL4_GetMR(seL4_UserException_Number);
    return seL4_MessageInfo_get_label(info);
}

static void reply_exception(seL4_Word rip, seL4_Word rflags)
{
    seL4_Word rsp = seL4_GetMR(seL4_UserException_SP);

    seL4_SetMR(0, rip);
    seL4_SetMR(1, rsp);
    seL4_SetMR(2, rflags);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 3));
}

int main(void)
{
    struct kt_thread t;
    seL4_CPtr ep;
    seL4_UserContext regs;
    seL4_Word vector, label;

    kt_init("adversarial_rflags");
    ep = kt_new(seL4_EndpointObject, 0);
    kt_thread_create(&t, ep, seL4_MaxPrio - 1, probe_stack, sizeof(probe_stack));
    kt_error(seL4_NoError, kt_thread_start(&t, (kt_entry_t)site1, 0), "start the probe");

    /* site 1: WriteRegisters with every system flag. */
    kt_error(seL4_NoError, seL4_TCB_ReadRegisters(t.tcb, 0, 0, sizeof(regs) / sizeof(seL4_Word),
                                                  &regs), "read its registers");
    regs.rflags = HOSTILE_FLAGS;
    kt_error(seL4_NoError, seL4_TCB_WriteRegisters(t.tcb, 0, 0, sizeof(regs) / sizeof(seL4_Word),
                                                   &regs), "write RFLAGS 0x%llx", HOSTILE_FLAGS);
    kt_error(seL4_NoError, seL4_TCB_ReadRegisters(t.tcb, 0, 0, sizeof(regs) / sizeof(seL4_Word),
                                                  &regs), "read them back");
    check_clean(regs.rflags, "WriteRegisters, read back");

    label = next_fault(ep, &vector);
    check_clean(seen[0], "site 1 (after WriteRegisters)");
    kt_word(seL4_Fault_UserException, label, "site 1: the port write faults");
    kt_word(VEC_GP, vector, "site 1: with #GP, not through to the ud2");

    /* site 2: the fault reply carries the flags. */
    reply_exception((seL4_Word)site2, HOSTILE_FLAGS);
    label = next_fault(ep, &vector);
    check_clean(seen[1], "site 2 (after a fault reply)");
    kt_word(seL4_Fault_UserException, label, "site 2: the port write faults");
    kt_word(VEC_GP, vector, "site 2: with #GP, not through to the ud2");

    /* site 3: POPF sets NT, AC and ID; a syscall leaves by SYSRETQ. */
    reply_exception((seL4_Word)site3, RF_IF | 0x2);
    label = next_fault(ep, &vector);
    kt_word(RF_NT | RF_AC | RF_ID, seen[2] & (RF_NT | RF_AC | RF_ID),
            "site 3: POPF in ring 3 did set NT, AC and ID");
    check_clean(seen[3], "site 3 (after SYSRETQ)");
    kt_word(0x1b, selectors[0], "site 3: the thread loaded DS, ES, FS, GS with 0x1b");
    kt_word(0, selectors[1] | selectors[2] | selectors[3] | selectors[4],
            "site 3: after SYSRETQ every data segment is null again (no state between threads)");
    kt_word(seL4_Fault_UnknownSyscall, label, "site 3: then an unknown system call");

    /* site 4: the UnknownSyscall reply writes every register, RFLAGS too. */
    /* MR0-16 still hold its registers as the fault message gave them. */
    seL4_SetMR(seL4_UnknownSyscall_FaultIP, (seL4_Word)site4);
    seL4_SetMR(seL4_UnknownSyscall_FLAGS, HOSTILE_FLAGS);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, seL4_UnknownSyscall_Syscall));
    label = next_fault(ep, &vector);
    check_clean(seen[4], "site 4 (after an UnknownSyscall reply)");
    kt_word(seL4_Fault_UserException, label, "site 4: the closing ud2 ...");
    kt_word(VEC_UD, vector, "... is vector 6");

    seL4_TCB_Suspend(t.tcb);
    return kt_done();
}
