/*
 * notification_fault/main.c - Wait through a notification cap without Read.
 *
 * Receiving needs Read (spec §7.1, §7.2): a Recv/Wait through a cap that
 * lacks it is a CapFault in the receive phase.  The root task has no fault
 * handler, so the kernel prints its fault report, sends a `fault` event
 * (handled: false) and suspends the thread; with nothing left to run the
 * machine halts with reason "idle".  The runner checks exactly that, so
 * this program never prints a summary line: reaching one is the failure.
 */
#include <stdio.h>
#include <sel4/sel4.h>
#include "ktest.h"

#define ROOT seL4_CapInitThreadCNode

int main(void)
{
    seL4_CPtr ntfn, write_only;
    seL4_Word word = 0;

    kt_init("notification_fault");
    ntfn = kt_new(seL4_NotificationObject, 0);
    write_only = kt_slot();
    kt_error(seL4_NoError, seL4_CNode_Mint(ROOT, write_only, 64, ROOT, ntfn, 64, seL4_CanWrite, 3),
             "Mint a Write-only notification cap with badge 3");
    seL4_Signal(write_only);
    seL4_Poll(ntfn, &word);
    kt_word(3, word, "Signal through it works");

    printf("# waiting on cptr %lu without Read\n", (unsigned long)write_only);
    seL4_Wait(write_only, &word);

    /* Only reached if the kernel let the Wait through. */
    kt_true(false, "Wait through a cap without Read must not return (got word %lu)",
            (unsigned long)word);
    return kt_done();
}
