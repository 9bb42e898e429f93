/*
 * ioport_keyboard_reset: asks for an I/O port cap to the keyboard
 * controller's command port (0x64) and sends it 0xFE, the command that
 * pulses the CPU's reset line.
 *
 * Port 0x64 resets the machine as surely as 0xCF9 and 0x92, which the
 * kernel already keeps for itself; it must be refused the same way, and
 * the program then says so and exits with 0.  Today the kernel issues the
 * cap and the machine resets (see expect.toml); the grader then says that
 * the reset may come from the program's port caps, not only from a kernel
 * problem.
 */
#include <stdio.h>
#include <sel4/sel4.h>
#include <sel4platsupport/bootinfo.h>

#define KBC_COMMAND 0x64
#define KBC_RESET   0xfe

int main(void)
{
    seL4_CPtr slot = platsupport_get_bootinfo()->empty.start;
    seL4_Error err = seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, KBC_COMMAND,
                                                  KBC_COMMAND, seL4_CapInitThreadCNode, slot,
                                                  seL4_WordBits);

    printf("keyboard controller port 0x%x: error %d\n", KBC_COMMAND, (int)err);
    if (err == seL4_NoError)
        seL4_X86_IOPort_Out8(slot, KBC_COMMAND, KBC_RESET);
    printf("ioport_keyboard_reset: still running\n");
    return 0;
}
