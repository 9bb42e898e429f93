/*
 * adversarial_poweroff/main.c - ACPI power-off through an I/O port cap.
 *
 * The kernel never issues the ports that could stop the machine behind
 * its back (the exit device, the reset controls 0x92 and 0xCF9), so that
 * every run ends with its own halt event.  On QEMU's pc machine the ACPI
 * power-management block sits at 0x600-0x63F (the firmware's PMBASE), and
 * writing SLP_EN (bit 13) to PM1a_CNT at 0x604 powers the machine off at
 * once: QEMU exits with no halt event, as if the kernel had died.
 *
 * The program asks for those ports; a kernel that refuses them answers
 * with an error and the program exits normally.  If it gets the cap, it
 * uses it, and the runner sees the run end without a halt event.  Kept
 * apart from adversarial/ because the machine does not survive the bug.
 */
#include <stdio.h>
#include <sel4/sel4.h>
#include "ktest.h"

#define ACPI_PM_FIRST  0x600
#define ACPI_PM_LAST   0x63f
#define PM1A_CNT       0x604
#define PM1_SLP_EN     0x2000

int main(void)
{
    seL4_CPtr port;
    seL4_Error err;

    kt_init("adversarial_poweroff");
    port = kt_slot();
    err = seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, ACPI_PM_FIRST, ACPI_PM_LAST,
                                       seL4_CapInitThreadCNode, port, 64);
    kt_true(err != seL4_NoError, "the ACPI power-management ports 0x600-0x63f are not issued (%s)",
            kt_error_name(err));
    if (err == seL4_NoError) {
        printf("# writing SLP_EN to PM1a_CNT: the machine powers off\n");
        seL4_X86_IOPort_Out16(port, PM1A_CNT, PM1_SLP_EN);
    }
    return kt_done();
}
