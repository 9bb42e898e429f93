/*
 * delete_own_cnode_and_vspace: deletes slots 2 and 3 of its own CNode,
 * the caps to its root CNode and to its VSpace.
 *
 * As in seL4, the TCB holds its own copies of both caps, so the thread
 * keeps running: only the cptrs 2 and 3 now name empty slots, and a later
 * call through slot 2 fails with InvalidCapability (and the kernel's
 * user-error line).  The program prints what happened and exits with 0.
 */
#include <stdio.h>
#include <sel4/sel4.h>

int main(void)
{
    seL4_Error err;

    err = seL4_CNode_Delete(seL4_CapInitThreadCNode, seL4_CapInitThreadVSpace, seL4_WordBits);
    printf("deleted slot 3 (my VSpace cap): error %d\n", (int)err);
    err = seL4_CNode_Delete(seL4_CapInitThreadCNode, seL4_CapInitThreadCNode, seL4_WordBits);
    printf("deleted slot 2 (my CNode cap): error %d\n", (int)err);
    err = seL4_CNode_Delete(seL4_CapInitThreadCNode, 100, seL4_WordBits);
    printf("a call through slot 2 now: error %d\n", (int)err);
    return 0;
}
