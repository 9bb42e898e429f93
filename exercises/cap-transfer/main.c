/*
 * cap-transfer lab, root task: give a running process new capabilities,
 * in the two ways seL4 allows, and clean up after it.
 *
 * A process made with sel4utils starts with the caps its parent put into
 * its CSpace before it ran.  When it needs another one later (a new
 * endpoint, a frame, ...), it must ask, and the parent can answer in two
 * ways:
 *
 *   (a) by IPC: the reply itself carries the cap.  The kernel copies it into
 *       the slot the receiver named in its IPC buffer (its "receive path").
 *       The server needs no authority over the client's CSpace at all.
 *   (b) by copying: the parent, which holds a cap to the child's CNode,
 *       copies the cap into a free slot there and tells the child which.
 *
 * process_2 (app.c) asks for one endpoint each way; we answer, then send a
 * word on each new endpoint, which process_2 receives to prove it holds
 * the cap.  Then we destroy process_2, free what we handed out, and run the
 * whole exchange twenty more times to show that slots and memory come back.
 *
 * The setup (allocator, vspace manager, spawning) is what dynamic-1 to
 * dynamic-3 taught and is given.  TASKs 1, 2, 4 and 6 are in app.c; they
 * are numbered in the order the two programs run them.
 */

#include <autoconf.h>
#include <stdio.h>
#include <stdbool.h>
#include <string.h>

#include <sel4/sel4.h>
#include <simple/simple.h>
#include <simple-default/simple-default.h>
#include <vka/object.h>
#include <allocman/allocman.h>
#include <allocman/bootstrap.h>
#include <allocman/vka.h>
#include <vspace/vspace.h>
#include <sel4utils/vspace.h>
#include <sel4utils/process.h>
#include <sel4platsupport/bootinfo.h>
#include <utils/util.h>
#include <utils/zf_log.h>
#include <sel4utils/sel4_zf_logif.h>
#include <caplab/task.h>

#include "protocol.h"

/* One priority below ours: while the root task can run, it runs first, so
 * the two programs take turns in one fixed order. */
#define APP_PRIORITY (seL4_MaxPrio - 1)
#define APP_IMAGE_NAME "app"

/* Rounds of spawn, transfer and destroy after the first one. */
#define MORE_ROUNDS 20

static seL4_BootInfo *info;
static simple_t simple;
static vka_t vka;
static allocman_t *allocman;
static vspace_t vspace;
static sel4utils_alloc_data_t data;

#define ALLOCATOR_STATIC_POOL_SIZE (BIT(seL4_PageBits) * 10)
static char allocator_mem_pool[ALLOCATOR_STATIC_POOL_SIZE];
#define ALLOCATOR_VIRTUAL_POOL_SIZE (BIT(seL4_PageBits) * 100)

/* Everything we keep about one run of process_2. */
struct child {
    sel4utils_process_t process;
    seL4_CPtr service_slot;     /* its cap to our service endpoint (its CSpace) */
    seL4_CPtr free_slot;        /* a slot of its CSpace we leave empty for it */
    vka_object_t ep_by_ipc;     /* the endpoint handed over in a reply: way (a) */
    vka_object_t ep_by_copy;    /* the endpoint copied into its CSpace: way (b) */
};

/* Only the first round tells the console what happens. */
static bool verbose = true;
#define say(...) do { if (verbose) printf(__VA_ARGS__); } while (0)

static void init_environment(void)
{
    info = platsupport_get_bootinfo();
    ZF_LOGF_IF(info == NULL, "Failed to get the BootInfo.");
    zf_log_set_tag_prefix("cap-transfer:");
    NAME_THREAD(seL4_CapInitThreadTCB, "cap-transfer");

    simple_default_init_bootinfo(&simple, info);
    allocman = bootstrap_use_current_simple(&simple, ALLOCATOR_STATIC_POOL_SIZE,
                                            allocator_mem_pool);
    ZF_LOGF_IF(allocman == NULL, "Failed to initialise the allocator.");
    allocman_make_vka(&vka, allocman);

    int error = sel4utils_bootstrap_vspace_with_bootinfo_leaky(&vspace, &data,
                                                               simple_get_pd(&simple),
                                                               &vka, info);
    ZF_LOGF_IFERR(error, "Failed to create the vspace manager.");
    void *vaddr;
    reservation_t pool = vspace_reserve_range(&vspace, ALLOCATOR_VIRTUAL_POOL_SIZE,
                                              seL4_AllRights, 1, &vaddr);
    ZF_LOGF_IF(pool.res == NULL, "Failed to reserve virtual memory for the allocator.");
    bootstrap_configure_virtual_pool(allocman, vaddr, ALLOCATOR_VIRTUAL_POOL_SIZE,
                                     simple_get_pd(&simple));
}

/*
 * Load process_2 and start it with a badged cap to our service endpoint.
 * The cap may Write (so process_2 can Call) and GrantReply (so its Call
 * leaves us a reply cap); it may not Read or Grant: process_2 needs neither.
 */
static void start_child(struct child *c, seL4_CPtr service_ep)
{
    sel4utils_process_config_t config = process_config_default_simple(&simple, APP_IMAGE_NAME,
                                                                      APP_PRIORITY);
    int error = sel4utils_configure_process_custom(&c->process, &vka, &vspace, config);
    ZF_LOGF_IFERR(error, "Failed to configure process_2.");
    NAME_THREAD(c->process.thread.tcb.cptr, APP_NAME);

    cspacepath_t path;
    vka_cspace_make_path(&vka, service_ep, &path);
    c->service_slot = sel4utils_mint_cap_to_process(&c->process, path,
                                                    seL4_CapRights_new(1, 0, 0, 1), CLIENT_BADGE);
    ZF_LOGF_IF(c->service_slot == 0, "Failed to mint the service endpoint into process_2.");
    /* sel4utils fills process_2's CSpace upwards from cspace_next_free;
     * take the next slot out of its hands and leave it empty for process_2. */
    c->free_slot = c->process.cspace_next_free++;

    char strings[NUM_ARGS - 1][WORD_STRING_SIZE];
    char *argv[NUM_ARGS] = { APP_NAME };
    sel4utils_create_word_args(strings, &argv[ARG_SERVICE_EP], NUM_ARGS - 1,
                               (seL4_Word)c->service_slot, (seL4_Word)c->free_slot,
                               (seL4_Word)verbose);
    error = sel4utils_spawn_process_v(&c->process, &vka, &vspace, NUM_ARGS, argv, 1);
    ZF_LOGF_IFERR(error, "Failed to start process_2.");
    say("main: process_2 started: service endpoint in its slot %lu, its slot %lu left free\n",
        (unsigned long)c->service_slot, (unsigned long)c->free_slot);
}

/* Send one word on an endpoint; blocks until process_2 receives it. */
static void send_word(seL4_CPtr ep, seL4_Word word)
{
    seL4_SetMR(0, word);
    seL4_Send(ep, seL4_MessageInfo_new(0, 0, 0, 1));
}

/* TASK 3: answer request 1 with a new endpoint cap carried by the reply.
 *
 * Allocate an endpoint into c->ep_by_ipc and reply to process_2's Call with
 * a message that carries the cap: the kernel copies it into the slot
 * process_2 named in its receive path (TASK 1).  We need no authority over
 * process_2's CSpace for this, only a reply cap that may grant: it gets
 * the Grant right from the endpoint cap we received the Call on (ours has
 * every right).
 *
 * Hints:
 *   1. int vka_alloc_endpoint(vka_t *vka, vka_object_t *result)  returns 0
 *      on success; the cap is in result->cptr.
 *   2. void seL4_SetCap(int i, seL4_CPtr cptr) puts the cptr of extra cap i
 *      into our IPC buffer.
 *   3. The message info says how many extra caps go with the message:
 *      seL4_MessageInfo_new(label, capsUnwrapped, extraCaps, length); here
 *      label 0, capsUnwrapped 0, extraCaps 1, length 0.
 *   4. void seL4_Reply(seL4_MessageInfo_t msgInfo) answers the last Call.
 */
static void reply_with_endpoint(struct child *c)
{
    TASK_TODO(3, "answer request 1 with a new endpoint cap carried by the reply.");
}

/* TASK 5: answer request 2 by copying a new endpoint cap into process_2's
 * CSpace ourselves, and tell it the slot.
 *
 * We configured process_2, so we hold a cap to its CNode
 * (c->process.cspace) and sel4utils knows which of its slots are free.
 * Allocate an endpoint into c->ep_by_copy, copy its cap into process_2's
 * CSpace, and reply with the slot number in message register 0.  Return
 * that slot.
 *
 * Hints:
 *   1. vka_alloc_endpoint() as in TASK 3.
 *   2. seL4_CPtr sel4utils_copy_cap_to_process(sel4utils_process_t *process,
 *          vka_t *vka, seL4_CPtr cap)  copies our cap into the next free
 *      slot of the process's CSpace and returns that slot (0 on failure).
 *   3. seL4_SetMR(0, slot); then seL4_Reply() with length 1 and no caps.
 */
static seL4_CPtr copy_endpoint_to_child(struct child *c)
{
    TASK_TODO(5, "copy a new endpoint into process_2's CSpace and reply with its slot");
    return 0;
}

/* Answer process_2's requests until it says it is done. */
static void serve(struct child *c, seL4_CPtr service_ep)
{
    for (;;) {
        seL4_Word badge = 0;
        seL4_MessageInfo_t request = seL4_Recv(service_ep, &badge);
        seL4_Word label = seL4_MessageInfo_get_label(request);

        ZF_LOGF_IF(badge != CLIENT_BADGE, "A request with an unknown badge %#lx.", badge);
        switch (label) {
        case REQ_EP_BY_IPC:
            say("main: request %lu from badge %#lx: a new endpoint in the reply\n", label, badge);
            reply_with_endpoint(c);
            say("main: replied with the endpoint in our slot %lu as an extra cap\n",
                (unsigned long)c->ep_by_ipc.cptr);
            send_word(c->ep_by_ipc.cptr, WORD_BY_IPC);
            break;
        case REQ_EP_BY_COPY: {
            say("main: request %lu from badge %#lx: a new endpoint copied into your CSpace\n",
                label, badge);
            seL4_CPtr slot = copy_endpoint_to_child(c);
            say("main: copied the endpoint in our slot %lu into process_2's slot %lu\n",
                (unsigned long)c->ep_by_copy.cptr, (unsigned long)slot);
            send_word(c->ep_by_copy.cptr, WORD_BY_COPY);
            break;
        }
        case REQ_DONE:
            say("main: process_2 is done\n");
            return;
        default:
            ZF_LOGF("Unknown request %lu from process_2.", label);
        }
    }
}

/* TASK 7: destroy process_2.
 *
 * process_2 now waits for an answer to REQ_DONE that will never come.
 * Everything sel4utils made for it (TCB, CNode, VSpace and page tables,
 * the frames of its ELF image, stack and IPC buffer) was allocated from
 * our vka, and one call gives it all back: the caps are deleted, which
 * removes the objects, and the memory and our slots return to the
 * allocator.  Deleting its CNode deletes every cap inside it too,
 * including the two endpoint caps it received.
 *
 * Hints:
 *   1. void sel4utils_destroy_process(sel4utils_process_t *process, vka_t *vka)
 *   2. The vka must be the one the process was configured with.
 */
static void destroy_child(struct child *c)
{
    TASK_TODO(7, "destroy process_2.");
}

/* TASK 8: free the two endpoints we allocated for process_2.
 *
 * sel4utils_destroy_process() frees only what sel4utils allocated.  The two
 * endpoints of TASKs 3 and 5 are ours: their original caps sit in our
 * CSpace, and the copies process_2 held went away with its CNode.  Unless
 * we free them, every round of spawn and destroy loses two slots and two
 * endpoints' worth of memory for good.
 *
 * Hints:
 *   1. void vka_free_object(vka_t *vka, vka_object_t *object) deletes the
 *      cap, returns the memory to the allocator and frees the slot.
 *   2. The objects are c->ep_by_ipc and c->ep_by_copy.
 */
static void free_endpoints(struct child *c)
{
    TASK_TODO(8, "free the two endpoints we allocated for process_2.");
}

/* How many slots of our CNode hold a cap, as the kernel sees it: ask it
 * about every slot (seL4_DebugCapIdentify answers 0 for an empty one). */
static int count_caps(void)
{
    int caps = 0;

    for (seL4_CPtr slot = 0; slot < BIT(info->initThreadCNodeSizeBits); slot++)
        caps += seL4_DebugCapIdentify(slot) != 0;
    return caps;
}

/* One whole life of process_2: start, serve, destroy, free. */
static void run_round(struct child *c, seL4_CPtr service_ep)
{
    memset(c, 0, sizeof(*c));
    start_child(c, service_ep);
    serve(c, service_ep);
    destroy_child(c);
    say("main: process_2 destroyed\n");
    seL4_CPtr by_ipc = c->ep_by_ipc.cptr, by_copy = c->ep_by_copy.cptr;
    free_endpoints(c);
    say("main: freed the endpoints in our slots %lu and %lu\n",
        (unsigned long)by_ipc, (unsigned long)by_copy);
}

int main(void)
{
    static struct child child;
    vka_object_t service_ep = {0};

    init_environment();
    int error = vka_alloc_endpoint(&vka, &service_ep);
    ZF_LOGF_IFERR(error, "Failed to allocate the service endpoint.");

    run_round(&child, service_ep.cptr);

    /* If every round gives back all it took, more rounds change nothing. */
    int before = count_caps();
    verbose = false;
    for (int round = 0; round < MORE_ROUNDS; round++)
        run_round(&child, service_ep.cptr);
    int after = count_caps();
    printf("main: %d more rounds of spawn, transfer and destroy: %d caps in our CNode before, %d after\n",
           MORE_ROUNDS, before, after);
    return 0;
}
