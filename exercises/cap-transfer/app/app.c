/*
 * cap-transfer lab, the app: process_2, a separate ELF program that the
 * root task starts with sel4utils in its own VSpace and CSpace.
 *
 * It starts with one cap of its own choosing: a badged cap to the root
 * task's service endpoint (argv says in which slot).  It asks for a new
 * endpoint twice: (a) to be sent in the reply, which needs a receive path
 * (TASKs 1, 2, 4), and (b) to be copied into its CSpace by the root task,
 * which then says where (TASK 6).  Each time it waits on the new endpoint
 * for the word the root task sends there.  Finally it says it is done and
 * waits for an answer that never comes: the root task destroys it.
 */

#include <stdio.h>
#include <stdlib.h>
#include <stdbool.h>

#include <sel4/sel4.h>
#include <sel4utils/process.h>
#include <utils/zf_log.h>
#include <sel4utils/sel4_zf_logif.h>
#include <caplab/task.h>

#include "../protocol.h"

/* Only the first run of process_2 tells the console what happens. */
static bool verbose;
#define say(...) do { if (verbose) printf(__VA_ARGS__); } while (0)

/* Wait on an endpoint for a one-word message and return the word. */
static seL4_Word receive_word(seL4_CPtr ep)
{
    seL4_Word badge = 0;
    seL4_MessageInfo_t info = seL4_Recv(ep, &badge);

    ZF_LOGF_IF(seL4_MessageInfo_get_length(info) != 1, "Expected a one-word message.");
    return seL4_GetMR(0);
}

int main(int argc, char **argv)
{
    ZF_LOGF_IF(argc < NUM_ARGS, "process_2 expects %d arguments, got %d.", NUM_ARGS, argc);
    seL4_CPtr service = (seL4_CPtr)atol(argv[ARG_SERVICE_EP]);
    seL4_CPtr free_slot = (seL4_CPtr)atol(argv[ARG_FREE_SLOT]);
    verbose = atol(argv[ARG_VERBOSE]) != 0;
    seL4_MessageInfo_t tag;

    /* ---- way (a): the cap comes with the reply ---- */

    /* TASK 1: set the receive path: where a cap sent to us should go.
     *
     * A cap that travels with a message must land in a slot of the
     * receiver's CSpace, and only the receiver can say which: it writes a
     * "receive path" into its IPC buffer.  The kernel reads it when a
     * message with caps arrives; with no usable path (none set, slot not
     * empty, depth wrong) the caps are simply not transferred.  A path
     * names a slot the way seL4_CNode_* invocations do, in three parts:
     *
     *   - a cptr, in our CSpace, to a CNode: sel4utils gave every process a
     *     cap to its own CNode, in slot SEL4UTILS_CNODE_SLOT;
     *   - the index of an empty slot in that CNode: free_slot, which the
     *     root task left empty for us and put in argv;
     *   - the depth, how many bits of the index to resolve: seL4_WordBits,
     *     because sel4utils gave that CNode cap a guard that, with the
     *     CNode's own bits, makes up a whole word.
     *
     * Hints:
     *   1. void seL4_SetCapReceivePath(seL4_CPtr receiveCNode,
     *          seL4_CPtr receiveIndex, seL4_Word receiveDepth)
     */
    TASK_TODO(1, "set the receive path: where a cap sent to us should go.");
    seL4_IPCBuffer *ipc = seL4_GetIPCBuffer();
    say("process_2: receive path: CNode %lu, index %lu, depth %lu\n",
        (unsigned long)ipc->receiveCNode, (unsigned long)ipc->receiveIndex,
        (unsigned long)ipc->receiveDepth);

    /* TASK 2: ask the root task for a new endpoint, to come in the reply.
     *
     * Call the root task on the service endpoint with a message whose label
     * is REQ_EP_BY_IPC and which has no words and no caps.  Keep the reply's
     * message info in tag: it says how many caps came with the reply.
     *
     * Hints:
     *   1. seL4_MessageInfo_t seL4_Call(seL4_CPtr dest, seL4_MessageInfo_t msgInfo)
     *   2. seL4_MessageInfo_new(label, capsUnwrapped, extraCaps, length)
     */
    tag = seL4_MessageInfo_new(0, 0, 0, 0);
    TASK_TODO(2, "Call the root task with label REQ_EP_BY_IPC");
    seL4_Uint32 type = seL4_DebugCapIdentify(free_slot);
    say("process_2: the reply carries %lu cap(s); slot %lu now holds cap type %u\n",
        (unsigned long)seL4_MessageInfo_get_extraCaps(tag), (unsigned long)free_slot,
        (unsigned)type);

    /* TASK 3 is in main.c. */

    /* TASK 4: check that the cap arrived, then use it: wait on it.
     *
     * extraCaps in the reply's message info counts the caps the kernel
     * really transferred.  It reads 0 when there was no usable receive
     * path, or when the replier was not allowed to grant (its reply cap
     * lacked the Grant right): the message still arrives, without the cap.
     * So check it before using the slot.  Then wait on the new endpoint
     * for the word the root task sends there and keep it in word.
     *
     * Hints:
     *   1. seL4_MessageInfo_get_extraCaps(tag) must be 1; ZF_LOGF_IF() stops
     *      with a message if not.
     *   2. receive_word() above waits on an endpoint and returns the word.
     */
    seL4_Word word = 0;
    TASK_TODO(4, "check extraCaps and wait on the endpoint that came with the reply");
    say("process_2: got %#lx on the endpoint from the reply\n", (unsigned long)word);

    /* ---- way (b): the root task copies the cap in ---- */

    tag = seL4_Call(service, seL4_MessageInfo_new(REQ_EP_BY_COPY, 0, 0, 0));

    /* TASK 5 is in main.c. */

    /* TASK 6: find the copied cap and wait on it.
     *
     * This time the root task put the cap into our CSpace itself, with its
     * cap to our CNode, and the reply carries no cap, only the slot's
     * number in message register 0.  Read it into copied and wait there
     * for the root task's word.
     *
     * Hints:
     *   1. The reply has length 1: seL4_MessageInfo_get_length(tag).
     *   2. seL4_GetMR(0) is the slot; receive_word() as in TASK 4.
     */
    seL4_CPtr copied = 0;
    TASK_TODO(6, "read the slot from MR0 and wait on the endpoint there");
    say("process_2: got %#lx on the endpoint the root task copied into slot %lu\n",
        (unsigned long)word, (unsigned long)copied);

    /* Done.  No answer will come: the root task destroys us meanwhile. */
    seL4_Call(service, seL4_MessageInfo_new(REQ_DONE, 0, 0, 0));
    ZF_LOGF("process_2 got an answer to REQ_DONE and was not destroyed.");
    return 1;
}
