/*
 * revoke_own_vspace: revokes slot 3, the root task's cap to its own VSpace.
 *
 * The copy the TCB runs in is derived from it, so it goes too: the kernel
 * finds the thread without a VSpace, suspends it with a console line that
 * says so, and halts (reason `idle`).  The grader must say `stuck`, point
 * at the CNode_Revoke of slot 3 and quote the kernel.
 */
#include <stdio.h>
#include <sel4/sel4.h>

int main(void)
{
    printf("revoking my VSpace cap (slot 3)\n");
    seL4_Error err = seL4_CNode_Revoke(seL4_CapInitThreadCNode, seL4_CapInitThreadVSpace,
                                       seL4_WordBits);
    printf("still here after the revoke: error %d\n", (int)err);
    return 0;
}
