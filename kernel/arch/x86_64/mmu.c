/*
 * arch/x86_64/mmu.c - the three facts about the CPU's address translation
 * that vspace.c needs and cannot compute from kernel objects: which PML4
 * the CPU is using (CR3), how to switch it (which also flushes the
 * non-global TLB entries), and where the kernel's own PML4 is.  Keeping
 * them here leaves vspace.c free of privileged instructions, so the host
 * unit tests can run it unchanged over their memory arena.
 */
#include "kernel.h"
#include "arch/x86_64/cpu.h"

extern uint64_t boot_pml4[];    /* kernel/boot/multiboot.S, linked at its physical address */

paddr_t arch_current_vspace(void)
{
    return read_cr3();
}

void arch_set_vspace(paddr_t pml4)
{
    write_cr3(pml4);
}

paddr_t arch_kernel_vspace(void)
{
    return (paddr_t)boot_pml4;
}
