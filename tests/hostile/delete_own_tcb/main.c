/*
 * delete_own_tcb: deletes slot 1 of its own CNode, the root task's only
 * cap to its own TCB.
 *
 * Deleting the last cap to a TCB destroys the thread, here the one making
 * the call: nothing is left to run, so the kernel halts (reason `idle`).
 * The grader must say `stuck` and point at the CNode_Delete of slot 1.
 */
#include <stdio.h>
#include <sel4/sel4.h>

int main(void)
{
    printf("deleting my own TCB cap (slot 1)\n");
    seL4_Error err = seL4_CNode_Delete(seL4_CapInitThreadCNode, seL4_CapInitThreadTCB,
                                       seL4_WordBits);
    printf("still here after the delete: error %d\n", (int)err);
    return 0;
}
