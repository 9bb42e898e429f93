/*
 * hpet_fsb: tries to program the HPET (0xFED00000) through device memory.
 *
 * An HPET comparator raises an interrupt when the counter reaches it: on an
 * I/O APIC pin, on the legacy IRQ 0/8 lines (legacy replacement), or - if
 * the timer offers FSB delivery - by writing a chosen 32-bit value to a
 * chosen physical address, which is an MSI with any vector, or plain DMA
 * into the kernel.  If a device untyped covered its page, this program would
 * point timer 0 at the MSI window with vector 17 and start the counter (and
 * fall back to legacy replacement on a timer without FSB).
 *
 * The kernel must keep the HPET out of the untypeds: the program says the
 * page was refused and exits 0.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>
#include "hostile.h"

#define HPET_PADDR      0xFED00000ul
#define HPET_VADDR      0x10000000ul
#define HPET_CONFIG     0x010
#define HPET_T0_CONFIG  0x100
#define HPET_T0_COMPARE 0x108
#define HPET_T0_FSB     0x110
#define T_INT_ENB       (1u << 2)
#define T_FSB_EN        (1u << 14)
#define T_FSB_CAP       (1ull << 15)
#define ENABLE_CNF      1u
#define LEG_RT_CNF      2u
#define ODD_VECTOR      17

int main(void)
{
    seL4_CPtr frame = hostile_device_frame(HPET_PADDR);

    if (frame == seL4_CapNull || hostile_map_uncached(frame, HPET_VADDR) != seL4_NoError) {
        printf("hpet_fsb: the HPET page was refused\n");
        return 0;
    }
    volatile uint64_t *hpet = (volatile uint64_t *)HPET_VADDR;
    bool fsb = hpet[HPET_T0_CONFIG / 8] & T_FSB_CAP;
    printf("hpet_fsb: HPET mapped; timer 0 %s FSB delivery\n", fsb ? "has" : "lacks");
    hpet[HPET_T0_COMPARE / 8] = 1000;
    if (fsb) {
        hpet[HPET_T0_FSB / 8] = (0xFEE00000ull << 32) | ODD_VECTOR;   /* address, value */
        hpet[HPET_T0_CONFIG / 8] = T_INT_ENB | T_FSB_EN;
        hpet[HPET_CONFIG / 8] = ENABLE_CNF;
    } else {
        hpet[HPET_T0_CONFIG / 8] = T_INT_ENB;
        hpet[HPET_CONFIG / 8] = ENABLE_CNF | LEG_RT_CNF;
    }
    printf("hpet_fsb: timer 0 armed\n");
    return 0;
}
