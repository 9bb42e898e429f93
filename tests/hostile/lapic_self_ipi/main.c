/*
 * lapic_self_ipi: tries to reach the local APIC, the kernel's own timer
 * and interrupt controller, through device memory.
 *
 * The kernel hands out device untypeds for the physical address space it
 * does not use; if one of them covers the LAPIC page (0xFEE00000), the
 * program can retype a frame there, map it and program the APIC behind
 * the kernel's back.  This program walks an untyped's watermark up to that
 * page with ever smaller child untypeds, maps the frame, and sends itself
 * an interrupt on vector 17, an exception vector the kernel does not
 * expect from an interrupt.
 *
 * As in seL4, the LAPIC must not be in any untyped (or the frame must be
 * refused): the program then prints that it was refused and exits with 0.
 * Today the kernel gives the frame out and panics (see expect.toml).
 */
#include <stdio.h>
#include <stdint.h>
#include <sel4platsupport/bootinfo.h>
#include "hostile.h"

#define LAPIC_PADDR   0xFEE00000ul
#define LAPIC_VADDR   0x10000000ul
#define LAPIC_ICR_LOW 0x300
#define ICR_SELF      (1u << 18)
#define ODD_VECTOR    17

/* The device untyped that covers paddr, or seL4_CapNull. */
static seL4_CPtr device_untyped_at(seL4_Word paddr, seL4_Word *base, unsigned *bits)
{
    seL4_BootInfo *bi = platsupport_get_bootinfo();

    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
        const seL4_UntypedDesc *u = &bi->untypedList[i];
        if (u->isDevice && paddr >= u->paddr && paddr - u->paddr < (1ul << u->sizeBits)) {
            *base = u->paddr;
            *bits = u->sizeBits;
            return bi->untyped.start + i;
        }
    }
    return seL4_CapNull;
}

/* A frame cap for the page at `paddr` of the untyped, or seL4_CapNull.
 * Retype takes the next aligned block at the watermark, so children of
 * halving sizes move the watermark from `base` up to `paddr` exactly. */
static seL4_CPtr frame_at(seL4_CPtr untyped, seL4_Word base, unsigned bits, seL4_Word paddr)
{
    seL4_Word at = base;
    seL4_CPtr frame = hostile_slot();

    for (int size = (int)bits - 1; size >= 12; size--) {
        if (at + (1ul << size) > paddr)
            continue;
        if (seL4_Untyped_Retype(untyped, seL4_UntypedObject, (seL4_Word)size,
                                seL4_CapInitThreadCNode, 0, 0, hostile_slot(), 1))
            return seL4_CapNull;
        at += 1ul << size;
    }
    if (seL4_Untyped_Retype(untyped, seL4_X86_4K, 0, seL4_CapInitThreadCNode, 0, 0, frame, 1))
        return seL4_CapNull;
    return frame;
}

/* Maps the frame at LAPIC_VADDR, making the paging structures on the way. */
static seL4_Error map_frame(seL4_CPtr frame)
{
    seL4_X86_PDPT_Map(hostile_new(seL4_X86_PDPTObject, 0), seL4_CapInitThreadVSpace,
                      LAPIC_VADDR, seL4_X86_Default_VMAttributes);
    seL4_X86_PageDirectory_Map(hostile_new(seL4_X86_PageDirectoryObject, 0),
                               seL4_CapInitThreadVSpace, LAPIC_VADDR,
                               seL4_X86_Default_VMAttributes);
    seL4_X86_PageTable_Map(hostile_new(seL4_X86_PageTableObject, 0), seL4_CapInitThreadVSpace,
                           LAPIC_VADDR, seL4_X86_Default_VMAttributes);
    return seL4_X86_Page_Map(frame, seL4_CapInitThreadVSpace, LAPIC_VADDR, seL4_ReadWrite,
                             seL4_X86_Uncacheable);
}

int main(void)
{
    seL4_Word base = 0;
    unsigned bits = 0;
    seL4_CPtr untyped = device_untyped_at(LAPIC_PADDR, &base, &bits);
    seL4_CPtr frame = untyped ? frame_at(untyped, base, bits, LAPIC_PADDR) : seL4_CapNull;

    if (frame == seL4_CapNull || map_frame(frame) != seL4_NoError) {
        printf("lapic_self_ipi: the LAPIC page was refused\n");
        return 0;
    }
    volatile uint32_t *lapic = (volatile uint32_t *)LAPIC_VADDR;
    printf("lapic_self_ipi: LAPIC mapped; sending vector %d to myself\n", ODD_VECTOR);
    lapic[LAPIC_ICR_LOW / 4] = ICR_SELF | ODD_VECTOR;
    printf("lapic_self_ipi: the kernel took it\n");
    return 0;
}
