/*
 * lapic_self_ipi: tries to reach the local APIC, the kernel's own timer
 * and interrupt controller, through device memory.
 *
 * The kernel hands out device untypeds for the physical addresses it does
 * not use; if one covered the LAPIC page (0xFEE00000), the program could
 * retype a frame there, map it and program the APIC behind the kernel's
 * back.  This program tries, and if it gets the page it sends itself an
 * interrupt on vector 17, an exception vector the kernel does not expect
 * from an interrupt (the kernel used to hand the page out, and panicked).
 *
 * As in seL4, the LAPIC is in no untyped: the program says the page was
 * refused and exits with 0.
 */
#include <stdio.h>
#include <stdint.h>
#include "hostile.h"

#define LAPIC_PADDR   0xFEE00000ul
#define LAPIC_VADDR   0x10000000ul
#define LAPIC_ICR_LOW 0x300
#define ICR_SELF      (1u << 18)
#define ODD_VECTOR    17

int main(void)
{
    seL4_CPtr frame = hostile_device_frame(LAPIC_PADDR);

    if (frame == seL4_CapNull || hostile_map_uncached(frame, LAPIC_VADDR) != seL4_NoError) {
        printf("lapic_self_ipi: the LAPIC page was refused\n");
        return 0;
    }
    volatile uint32_t *lapic = (volatile uint32_t *)LAPIC_VADDR;
    printf("lapic_self_ipi: LAPIC mapped; sending vector %d to myself\n", ODD_VECTOR);
    lapic[LAPIC_ICR_LOW / 4] = ICR_SELF | ODD_VECTOR;
    printf("lapic_self_ipi: the kernel took it\n");
    return 0;
}
