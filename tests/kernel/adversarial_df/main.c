/*
 * adversarial_df/main.c - threads that enter the kernel through a trap
 * with the direction flag set.
 *
 * SYSCALL clears DF for the kernel (FMASK), but interrupt and exception
 * gates do not: the entry code must `cld` before running C, whose ABI (and
 * every `rep movs`/`rep stos` the compiler emits) assumes DF = 0.  With
 * DF = 1 the 176-byte copy of the saved registers into the TCB runs
 * backwards: it fills the TCB's five capability slots (CSpace, VSpace,
 * reply, caller, IPC buffer) with kernel-stack words and the user's
 * R12/R13/RBX, writes 8 bytes in front of the TCB, and leaves the saved
 * registers stale.
 *
 * Each victim's TCB is placed right after a 4 KiB frame the root task has
 * mapped (one 8 KiB untyped: frame at offset 0, TCB at 4096), so a write in
 * front of the TCB shows up in the frame's last word.
 *   - the faulter sets RSP, R14 and DF and executes ud2; its fault must reach
 *     its handler (us) with its RSP and FLAGS, and after the fault reply a
 *     10-word Send must carry the words it put in its own buffer;
 *   - the spinner sets DF and spins until the timer preempts it.
 * This folder is separate from adversarial/ because the bug corrupts
 * kernel memory.
 */
#include <stdio.h>
#include <string.h>
#include <sel4/sel4.h>
#include "ktest.h"

#define ROOT        seL4_CapInitThreadCNode
#define R14_MARKER  0x0df0df0df0df0df0ull
#define RFLAGS_DF   0x400ull
#define PATTERN     0x7e7e7e7e7e7e7e7eull

static struct kt_thread faulter, spinner;
KT_STACK(faulter_stack);
KT_STACK(spinner_stack);
static seL4_CPtr fault_ep, report_ep;
static seL4_Word trap_rsp;

static void faulter_main(seL4_Word unused)
{
    (void)unused;
    __asm__ volatile("movq %%rax, %%rsp\n\t"
                     "movq %%rsi, %%r14\n\t"
                     "std\n\t"
                     "ud2"
                     : : "a"(trap_rsp), "S"(R14_MARKER) : "memory");
    __builtin_unreachable();
}

static void spinner_main(seL4_Word unused)
{
    (void)unused;
    __asm__ volatile("std\n1:\n\tjmp 1b" : : : "memory");
    __builtin_unreachable();
}

/* Where the fault reply sends the faulter: one 10-word Send. */
static void faulter_after(void)
{
    for (int i = 0; i < 10; i++)
        seL4_SetMR(i, 0x100 + i);
    seL4_Send(report_ep, seL4_MessageInfo_new(0x33, 0, 0, 10));
    kt_thread_stop(faulter.tcb);
}

/*
 * A thread like kt_thread_create's, but on a TCB that sits right after a
 * mapped frame; returns that frame, filled with PATTERN.
 */
static seL4_Word *thread_after_frame(struct kt_thread *t, void *stack, const char *name)
{
    seL4_CPtr ut = kt_new_untyped(13), frame = kt_slot(), tcb = kt_slot();
    seL4_Word *page = (seL4_Word *)kt_vaddr_page();

    kt_thread_create(t, fault_ep, 255, stack, KT_STACK_BYTES);
    if (seL4_Untyped_Retype(ut, seL4_X86_4K, 0, ROOT, 0, 0, frame, 1) ||
        seL4_Untyped_Retype(ut, seL4_TCBObject, 0, ROOT, 0, 0, tcb, 1) ||
        kt_map(frame, (seL4_Word)page, seL4_ReadWrite) ||
        seL4_TCB_Configure(tcb, fault_ep, ROOT, 0, seL4_CapInitThreadVSpace, 0,
                           (seL4_Word)t->ipc, t->ipc_frame) ||
        seL4_TCB_SetPriority(tcb, seL4_CapInitThreadTCB, 255))
        kt_bail("a TCB right after a frame", 0);
    t->tcb = tcb;
    seL4_DebugNameThread(tcb, name);
    for (int i = 0; i < 512; i++)
        page[i] = PATTERN;
    return page;
}

static seL4_Word changed_words(const seL4_Word *page)
{
    seL4_Word n = 0;

    for (int i = 0; i < 512; i++)
        n += page[i] != PATTERN;
    return n;
}

static void after_fault(void)
{
    seL4_UserContext regs;
    seL4_MessageInfo_t info;
    seL4_Word badge, mismatches = 0;

    kt_word(trap_rsp, seL4_GetMR(seL4_UserException_SP), "the message has the faulter's RSP");
    kt_word(RFLAGS_DF, seL4_GetMR(seL4_UserException_FLAGS) & RFLAGS_DF,
            "the message's FLAGS have DF set, as the faulter left them");
    kt_error(seL4_NoError, seL4_TCB_ReadRegisters(faulter.tcb, 0, 0, 20, &regs),
             "ReadRegisters of the faulter");
    kt_word(R14_MARKER, regs.r14, "its saved R14 is the value it had at the trap");
    seL4_SetMR(0, (seL4_Word)faulter_after);
    seL4_SetMR(1, faulter.stack_top - 8);
    seL4_SetMR(2, 0x202);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 3));
    info = seL4_Recv(report_ep, &badge);
    kt_word(0x33, seL4_MessageInfo_get_label(info), "after the fault reply the faulter sends");
    for (int i = 4; i < 10; i++)
        mismatches += seL4_GetMR(i) != 0x100 + (seL4_Word)i;
    kt_word(0, mismatches, "MR4..9 are the words it wrote in its own IPC buffer");
}

static void test_fault_with_df(void)
{
    seL4_Word *page = thread_after_frame(&faulter, faulter_stack, "adv-df");
    seL4_MessageInfo_t info;
    seL4_Word badge = 0;

    trap_rsp = ((seL4_Word)faulter_stack + KT_STACK_BYTES / 2) & ~15ull;
    if (kt_thread_start(&faulter, faulter_main, 0) != seL4_NoError)
        kt_bail("starting the faulter", 0);
    seL4_Yield();
    seL4_Yield();
    kt_word(0, changed_words(page), "ud2 with DF set: the frame before the TCB is untouched");
    info = seL4_NBRecv(fault_ep, &badge);
    if (!kt_word(seL4_Fault_UserException, seL4_MessageInfo_get_label(info),
                 "ud2 with DF set: the fault reached the handler (UserException)"))
        return;
    after_fault();
}

static void test_preempted_with_df(void)
{
    seL4_Word *page = thread_after_frame(&spinner, spinner_stack, "adv-df-spin");

    if (kt_thread_start(&spinner, spinner_main, 0) != seL4_NoError)
        kt_bail("starting the spinner", 0);
    seL4_Yield();                    /* back only after the timer preempted it */
    kt_word(0, changed_words(page), "preempted with DF set: the frame before the TCB is untouched");
    kt_error(seL4_NoError, seL4_TCB_Suspend(spinner.tcb), "suspend the spinner");
}

int main(void)
{
    kt_init("adversarial_df");
    fault_ep = kt_new(seL4_EndpointObject, 0);
    report_ep = kt_new(seL4_EndpointObject, 0);
    test_fault_with_df();
    test_preempted_with_df();
    return kt_done();
}
