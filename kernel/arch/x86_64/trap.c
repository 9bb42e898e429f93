/*
 * arch/x86_64/trap.c - exceptions and interrupts.
 *
 * From user mode: a page fault becomes a VMFault, any other exception a
 * UserException; both go to fault.c, which hands them to the thread's
 * fault handler or reports them and suspends the thread.  An interrupt
 * goes to interrupt.c.  From kernel mode: an interrupt (only possible in
 * the idle loop) is handled and returns; an exception is a kernel bug and
 * panics with the registers.
 */
#include "kernel.h"
#include "arch/x86_64/cpu.h"

#define VEC_PAGE_FAULT 14

static const char *exception_names[32] = {
    "divide error", "debug", "NMI", "breakpoint", "overflow", "bound range",
    "invalid opcode", "device not available", "double fault", "coprocessor",
    "invalid TSS", "segment not present", "stack fault", "general protection",
    "page fault", "reserved", "x87 error", "alignment check", "machine check",
    "SIMD error", "virtualization", "control protection",
};

static NORETURN void kernel_exception(const struct user_context *f, word_t vector)
{
    const char *name = vector < 32 && exception_names[vector] ? exception_names[vector] : "?";
    kprintf("\nKernel exception %lu (%s) at rip %p, error %lx, cr2 %p\n", vector, name,
            (void *)f->rip, f->error, (void *)read_cr2());
    kprintf("rax %lx rbx %lx rcx %lx rdx %lx rsi %lx rdi %lx rsp %lx\n", f->rax, f->rbx,
            f->rcx, f->rdx, f->rsi, f->rdi, f->rsp);
    panic("kernel exception %lu (%s) at %p", vector, name, (void *)f->rip);
}

/* A timer tick: the running thread uses up its time slice, then goes to
 * the back of its priority's queue (seL4's timerTick). */
static void timer_tick(bool from_user)
{
    lapic_timer_ack();
    struct tcb *t = cur_thread;
    if (!from_user || !t || t->state != ThreadState_Running)
        return;
    if (t->time_slice == 0)
        t->time_slice = TIME_SLICE;      /* a fresh slice, filled lazily */
    if (t->time_slice > 1) {
        t->time_slice--;
        return;
    }
    t->time_slice = TIME_SLICE;
    sched_yield(t);
}

void c_handle_trap(struct user_context *frame, word_t vector, word_t cs)
{
    bool from_user = (cs & 3) == 3;
    if (vector >= VEC_IRQ_BASE) {
        if (vector == VEC_TIMER)
            timer_tick(from_user);
        else if (vector != VEC_SPURIOUS)
            handle_interrupt(vector - VEC_IRQ_BASE);
        if (!from_user)
            return;                      /* back into the idle loop */
    } else if (!from_user) {
        kernel_exception(frame, vector);
    }

    struct tcb *t = cur_thread;
    word_t fs = t->ctx.fs_base, gs = t->ctx.gs_base;
    t->ctx = *frame;
    t->ctx.fs_base = fs;
    t->ctx.gs_base = gs;
    t->ctx.fault_ip = frame->rip;         /* re-execute the instruction */
    t->resume_by_sysret = 0;              /* every register is live */
    if (vector == VEC_PAGE_FAULT) {
        /* As seL4: FSR is the CPU's error code, and the fault is an
         * instruction fetch exactly when the CPU set its bit 4.  The CPU
         * sets that bit only with EFER.NXE or CR4.SMEP on, and caplab, like
         * seL4 x86_64 on QEMU's CPU, turns on neither: a jump to an
         * unmapped page reads as a data fault (FSR 0x4, user read). */
        word_t err = frame->error;
        fault_set_vm(t, read_cr2(), err, (err >> 4) & 1);
        handle_fault(t);
    } else if (vector < VEC_IRQ_BASE) {
        fault_set_user_exception(t, vector, frame->error);
        handle_fault(t);
    } else {
        /* Preempted by an interrupt: the thread goes on later. */
        set_thread_state(t, ThreadState_Restart);
    }
    activate_and_return();
}
