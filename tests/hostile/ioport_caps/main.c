/*
 * ioport_caps: asks IOPortControl for caps to the ports the kernel keeps
 * for itself: COM2 (the event channel), the isa-debug-exit device, both
 * PICs and the reset control register, plus "everything" and two
 * malformed ranges.  Any cap it got would be used at once to write a byte.
 *
 * Each request must be refused with an seL4 error (IllegalOperation for
 * the kernel's ports), the program prints every answer, and it exits
 * normally: `run` must exit with status 0 and show the lines.
 */
#include <stdio.h>
#include <sel4/sel4.h>
#include <sel4platsupport/bootinfo.h>

static const char *const error_names[] = {
    "seL4_NoError", "seL4_InvalidArgument", "seL4_InvalidCapability",
    "seL4_IllegalOperation", "seL4_RangeError", "seL4_AlignmentError",
    "seL4_FailedLookup", "seL4_TruncatedMessage", "seL4_DeleteFirst",
    "seL4_RevokeFirst", "seL4_NotEnoughMemory",
};

static const char *error_name(seL4_Error err)
{
    return (unsigned)err < sizeof(error_names) / sizeof(error_names[0])
           ? error_names[err] : "unknown error";
}

static void ask(seL4_CPtr slot, const char *what, seL4_Word first, seL4_Word last)
{
    seL4_Error err = seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, first, last,
                                                  seL4_CapInitThreadCNode, slot,
                                                  seL4_WordBits);

    printf("%s ports 0x%lx-0x%lx: %s\n", what, (unsigned long)first, (unsigned long)last,
           error_name(err));
    if (err == seL4_NoError)
        printf("  and writing to it: %s\n", error_name(seL4_X86_IOPort_Out8(slot, first, 0)));
}

int main(void)
{
    seL4_BootInfo *bi = platsupport_get_bootinfo();
    seL4_CPtr slot = bi->empty.start;

    ask(slot++, "COM2", 0x2f8, 0x2ff);
    ask(slot++, "one COM2 port", 0x2fd, 0x2fd);
    ask(slot++, "exit device", 0xf4, 0xf4);
    ask(slot++, "around the exit device", 0xf0, 0xff);
    ask(slot++, "master PIC", 0x20, 0x21);
    ask(slot++, "slave PIC", 0xa0, 0xa1);
    ask(slot++, "reset control", 0xcf9, 0xcf9);
    ask(slot++, "every port", 0x0, 0xffff);
    ask(slot++, "past the last port", 0xffff, 0x10000);
    ask(slot++, "backwards", 0x2ff, 0x2f8);
    printf("ioport_caps: done\n");
    return 0;
}
