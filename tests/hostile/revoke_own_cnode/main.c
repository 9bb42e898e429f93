/*
 * revoke_own_cnode: revokes slot 2, the root task's cap to its own root
 * CNode.
 *
 * Revoke deletes every cap derived from it, and the copy the TCB uses as
 * its CSpace root is one of them: the thread keeps running but can no
 * longer look up any cap.  Its next call (the second Revoke) is a cap
 * fault; with no fault handler, the grader must report a `user_fault`
 * (a cap fault at address 0x2).
 */
#include <stdio.h>
#include <sel4/sel4.h>

int main(void)
{
    seL4_Error err = seL4_CNode_Revoke(seL4_CapInitThreadCNode, seL4_CapInitThreadCNode,
                                       seL4_WordBits);

    printf("revoked my CNode cap (slot 2): error %d\n", (int)err);
    err = seL4_CNode_Revoke(seL4_CapInitThreadCNode, seL4_CapInitThreadCNode, seL4_WordBits);
    printf("and again: error %d\n", (int)err);
    return 0;
}
