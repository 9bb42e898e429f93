/*
 * msi_window_store: tries to send itself an interrupt through the MSI
 * window, the 1 MiB from 0xFEE00000 that only the first page of is the
 * local APIC.
 *
 * On QEMU's pc machine a 32-bit store anywhere in that window is a
 * message-signalled interrupt: the address picks the destination APIC
 * (bits 12-19; 0xFF broadcasts, so page 0xFEEFF000 reaches CPU 0) and the
 * stored value is the vector.  The kernel used to withhold only the LAPIC
 * page, so a device untyped covered 0xFEE01000-0xFEEFFFFF and one store
 * of vector 17 (an exception vector, which pushes an error code the
 * interrupt does not) made the kernel misread its trap frame.
 *
 * The kernel must keep the whole window out of the untypeds: the program
 * finds no frame for any of the pages it tries, says so, and exits 0.
 */
#include <stdio.h>
#include <stdint.h>
#include "hostile.h"

#define MSI_VADDR   0x10000000ul
#define ODD_VECTOR  17

static const seL4_Word pages[] = { 0xFEEFF000ul, 0xFEE01000ul, 0xFEE80000ul };

int main(void)
{
    for (unsigned i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
        seL4_CPtr frame = hostile_device_frame(pages[i]);
        if (frame == seL4_CapNull)
            continue;
        if (hostile_map_uncached(frame, MSI_VADDR) != seL4_NoError)
            continue;
        printf("msi_window_store: MSI window mapped at 0x%lx; storing vector %d\n",
               (unsigned long)pages[i], ODD_VECTOR);
        *(volatile uint32_t *)MSI_VADDR = ODD_VECTOR;    /* fixed delivery, edge */
        printf("msi_window_store: the kernel took it\n");
        return 0;
    }
    printf("msi_window_store: every page of the MSI window was refused\n");
    return 0;
}
