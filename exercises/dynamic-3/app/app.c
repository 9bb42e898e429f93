/*
 * dynamic-3 lab, the app: a separate ELF program that the root task loads
 * from its CPIO archive and starts as a process (process_2).
 *
 * It has its own VSpace and its own CSpace.  The only cap it can use to
 * reach the root task is the badged endpoint cap the root task minted into
 * its CSpace (main.c, TASK 4); the slot of that cap arrives as argv[1]
 * (main.c, TASK 5; argv[0] is our name).  It sends one word, waits for the
 * answer and checks it.
 */

#include <stdio.h>
#include <stdlib.h>
#include <inttypes.h>

#include <sel4/sel4.h>
#include <sel4utils/process.h>
#include <utils/zf_log.h>
#include <sel4utils/sel4_zf_logif.h>
#include <caplab/task.h>

#define MSG_DATA 0x6161         /* the word we send; the answer is ~MSG_DATA */

int main(int argc, char **argv)
{
    seL4_MessageInfo_t tag;
    seL4_Word msg;

    printf("process_2: hey hey hey\n");

    /* One word, in message register 0. */
    tag = seL4_MessageInfo_new(0, 0, 0, 1);
    seL4_SetMR(0, MSG_DATA);

    /* TASK 8: send the message to the root task and wait for its answer.
     *
     * seL4_Call sends the message and then blocks until the receiver
     * replies, in one system call; the kernel gives the receiver a
     * one-time reply cap to answer with.  (A plain seL4_Send, as in the
     * exercise's starting code, delivers the message but leaves the root
     * task with nobody to reply to.)
     *
     * Hints:
     *   1. seL4_MessageInfo_t seL4_Call(seL4_CPtr dest, seL4_MessageInfo_t msgInfo)
     *      returns the message info of the reply: keep it in tag.
     *   2. dest is the slot the root task put in argv[1], read below.
     */
    ZF_LOGF_IF(argc < 2, "Missing arguments: the endpoint slot should be argv[1].");
    seL4_CPtr ep = (seL4_CPtr)atol(argv[1]);
    seL4_Send(ep, tag);
    TASK_TODO(8, "send with seL4_Call() instead, and wait for the answer");

    ZF_LOGF_IF(seL4_MessageInfo_get_length(tag) != 1,
               "The answer from the root task does not have length 1.");
    msg = seL4_GetMR(0);
    ZF_LOGF_IF(msg != ~(seL4_Word)MSG_DATA, "Unexpected answer from the root task.");

    printf("process_2: got a reply: %#" PRIxPTR "\n", msg);
    return 0;
}
