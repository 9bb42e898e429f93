/*
 * arch/x86_64/fpu.c - every thread's own x87/SSE registers.
 *
 * Switching is eager: the registers always hold the state of fpu_owner,
 * the thread that last ran in user mode.  On the way out to a different
 * thread, fpu_switch_to() saves the owner's registers into its TCB
 * (FXSAVE64) and loads the new thread's (FXRSTOR64).  Returning to the
 * thread that already owns them costs nothing, so a system call that
 * comes back to its caller never saves or loads.  The kernel itself never
 * touches x87 or SSE registers (kernel.mk builds with -mgeneral-regs-only),
 * so what a thread left in them is still there at the switch.
 *
 * A new TCB holds the reset state (untyped.c: FCW 0x37F, MXCSR 0x1F80,
 * every register empty), so a thread never sees what another left behind.
 * A thread that is suspended (tcb.c, also on the way to its deletion) gives
 * its registers back with fpu_release(): they are saved while the TCB still
 * exists and the kernel holds no pointer to it afterwards.
 *
 * An unmasked x87 or SSE exception in user code is #MF (CR0.NE) or #XM
 * (CR4.OSXMMEXCPT): an ordinary UserException of that thread (trap.c).
 */
#include "kernel.h"
#include "arch/x86_64/cpu.h"

static struct tcb *fpu_owner;
static uint32_t mxcsr_valid_bits;       /* MXCSR bits this CPU accepts */
static struct fpu_state probe;          /* boot: learns MXCSR_MASK */

void fpu_init(void)
{
    write_cr0((read_cr0() | CR0_MP | CR0_NE) & ~(CR0_EM | CR0_TS));
    write_cr4(read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT);
    fxsave64(&probe);
    /* A zero mask means the CPU predates it: the default is 0xFFBF. */
    mxcsr_valid_bits = probe.mxcsr_mask ? probe.mxcsr_mask : 0xFFBF;
}

void fpu_switch_to(struct tcb *t)
{
    if (fpu_owner == t)
        return;
    if (fpu_owner)
        fxsave64(&fpu_owner->fpu);
    /* Only FXSAVE and init_tcb ever write the area, but a reserved MXCSR
     * bit would make FXRSTOR fault in the kernel: never let one through. */
    t->fpu.mxcsr &= mxcsr_valid_bits;
    fxrstor64(&t->fpu);
    fpu_owner = t;
}

void fpu_release(struct tcb *t)
{
    if (fpu_owner != t)
        return;
    fxsave64(&t->fpu);
    fpu_owner = NULL;
}
