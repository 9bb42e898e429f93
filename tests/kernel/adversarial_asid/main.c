/*
 * adversarial_asid/main.c - the root task deletes the ASID pool its own
 * VSpace lives in.
 *
 * In seL4 a VSpace whose ASID is gone can no longer be used: on the way
 * back to user mode the kernel finds no VSpace for the thread's ASID and
 * runs it on the kernel's own page tables, so its next instruction fetch
 * is a VMFault.  The root task has no fault handler, so the kernel reports
 * the fault and suspends it, and the machine halts "idle" - that is the
 * expected end of this program (the runner checks it; it also accepts a
 * kernel that suspends the thread at once, without the VMFault).
 *
 * If the kernel keeps running the thread on the orphaned page tables
 * instead, those tables can no longer be maintained: unmapping goes
 * through the ASID, so a frame deleted now stays mapped, and once its
 * memory is retyped into a CNode the thread reads kernel objects.  The
 * program then reports that with a "not ok" line.
 */
#include <stdio.h>
#include <sel4/sel4.h>
#include "ktest.h"

#define ROOT seL4_CapInitThreadCNode

int main(void)
{
    seL4_CPtr ut, frame, cnode, ep;
    volatile seL4_Word *v;

    kt_init("adversarial_asid");
    ut = kt_new_untyped(12);
    frame = kt_slot();
    cnode = kt_slot();
    ep = kt_new(seL4_EndpointObject, 0);
    v = (volatile seL4_Word *)kt_vaddr_page();
    kt_error(seL4_NoError, seL4_Untyped_Retype(ut, seL4_X86_4K, 0, ROOT, 0, 0, frame, 1),
             "a frame from its own untyped");
    kt_error(seL4_NoError, kt_map(frame, (seL4_Word)v, seL4_ReadWrite), "mapped");
    *v = 0x1234;
    printf("# deleting the ASID pool of our own VSpace; a correct kernel stops us here\n");
    seL4_CNode_Delete(ROOT, seL4_CapInitThreadASIDPool, 64);

    printf("# still running after our VSpace lost its ASID\n");
    seL4_CNode_Delete(ROOT, frame, 64);
    seL4_Untyped_Retype(ut, seL4_CapTableObject, 7, ROOT, 0, 0, cnode, 1);
    seL4_CNode_Copy(cnode, 0, 7, ROOT, ep, 64, seL4_AllRights);
    kt_true(false, "the deleted frame, now a CNode, is still mapped: we read 0x%lx from it",
            (unsigned long)*v);
    return kt_done();
}
