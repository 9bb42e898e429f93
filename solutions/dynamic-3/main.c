/*
 * dynamic-3 lab, root task: start a separate ELF program as a process and
 * talk to it across two CSpaces.
 *
 * The program in app.c is linked on its own and packed, with the lab's
 * other apps, into a CPIO archive inside this root task.  sel4utils reads
 * the ELF image from that archive, builds a new VSpace and a new CSpace for
 * it, copies its segments in and starts its thread: a process.  The process
 * shares nothing with us, not even the numbering of caps, so anything it
 * may use must be put into its CSpace by us, and it must be told where.
 *
 * The order of the TASKs is the one of the seL4 tutorial "Dynamic
 * Libraries: Processes & Elf loading" (TASKs 1-7 here, TASK 8 in app.c),
 * so you can read both side by side.  The given code prints a line after
 * each TASK; the grader compares those lines with what the kernel reports.
 */

#include <autoconf.h>
#include <stdio.h>
#include <inttypes.h>

#include <sel4/sel4.h>
#include <simple/simple.h>
#include <simple-default/simple-default.h>
#include <vka/object.h>
#include <allocman/allocman.h>
#include <allocman/bootstrap.h>
#include <allocman/vka.h>
#include <vspace/vspace.h>
#include <sel4utils/vspace.h>
#include <sel4utils/mapping.h>
#include <sel4utils/process.h>
#include <sel4platsupport/bootinfo.h>
#include <utils/arith.h>
#include <utils/zf_log.h>
#include <sel4utils/sel4_zf_logif.h>
#include <caplab/task.h>

#define EP_BADGE 0x61           /* the badge process_2's endpoint cap carries */
#define MSG_DATA 0x6161         /* what process_2 sends (see app.c) */

/* The process runs one priority below the root task: whenever the root
 * task can run, it runs first, so the order of the console lines does not
 * depend on how the scheduler breaks ties. */
#define APP_PRIORITY (seL4_MaxPrio - 1)
#define APP_IMAGE_NAME "app"

/* The environment every seL4_libs program builds first (see dynamic-1). */
static seL4_BootInfo *info;
static simple_t simple;
static vka_t vka;
static allocman_t *allocman;
static vspace_t vspace;

/* Memory for the allocator's own bookkeeping until it has virtual memory. */
#define ALLOCATOR_STATIC_POOL_SIZE (BIT(seL4_PageBits) * 10)
static char allocator_mem_pool[ALLOCATOR_STATIC_POOL_SIZE];

/* Virtual memory the allocator may use once the vspace manager runs. */
#define ALLOCATOR_VIRTUAL_POOL_SIZE (BIT(seL4_PageBits) * 100)

/* The vspace manager's own bookkeeping for the root task's VSpace. */
static sel4utils_alloc_data_t data;

static void init_environment(void)
{
    info = platsupport_get_bootinfo();
    ZF_LOGF_IF(info == NULL, "Failed to get the BootInfo.");

    zf_log_set_tag_prefix("dynamic-3:");
    NAME_THREAD(seL4_CapInitThreadTCB, "dynamic-3");

    simple_default_init_bootinfo(&simple, info);
    simple_print(&simple);

    allocman = bootstrap_use_current_simple(&simple, ALLOCATOR_STATIC_POOL_SIZE,
                                            allocator_mem_pool);
    ZF_LOGF_IF(allocman == NULL, "Failed to initialise the allocator.");
    allocman_make_vka(&vka, allocman);
}

int main(void)
{
    int error = 0;

    init_environment();

    /* TASK 1: create a vspace object to manage our own VSpace.
     *
     * The kernel built the root task's VSpace before it started us: the
     * ELF image, the stack, the IPC buffer and the BootInfo frame are
     * already mapped.  A vspace manager (vspace_t) hands out virtual
     * addresses and maps new pages; before it can do that safely it must
     * learn which ranges are taken.  The "bootstrap with bootinfo" call
     * reserves exactly those ranges, reading them from the BootInfo.
     * Without it, every vspace_* call fails with "Not implemented".
     *
     * Hints:
     *   1. int sel4utils_bootstrap_vspace_with_bootinfo_leaky(vspace_t *vspace,
     *          sel4utils_alloc_data_t *data, seL4_CPtr vspace_root,
     *          vka_t *vka, seL4_BootInfo *info)  returns 0 on success.
     *   2. vspace and data are the globals above; the root of our VSpace
     *      (the PML4 on x86_64) is simple_get_pd(&simple).
     *   3. "leaky": page tables it makes are never freed, which is fine for
     *      the root task's own VSpace, which lives as long as the system.
     */
    /*? TASK 1 begin */
    error = sel4utils_bootstrap_vspace_with_bootinfo_leaky(&vspace, &data,
                                                           simple_get_pd(&simple), &vka, info);
    /*? TASK 1 end */
    ZF_LOGF_IFERR(error, "Failed to prepare the root task's VSpace for use.");

    /* Give the allocator virtual memory for its bookkeeping. */
    void *vaddr;
    reservation_t virtual_reservation;
    virtual_reservation = vspace_reserve_range(&vspace, ALLOCATOR_VIRTUAL_POOL_SIZE,
                                               seL4_AllRights, 1, &vaddr);
    if (virtual_reservation.res == NULL) {
        /*? TASK 1 stub
        // Without a vspace manager (TASK 1) nothing can be reserved: say so and stop.
        ZF_LOGE("Failed to reserve a chunk of memory.");
        TASK_TODO(1, "create the vspace manager with sel4utils_bootstrap_vspace_with_bootinfo_leaky()");
        */
        ZF_LOGF("Failed to reserve a chunk of memory.");
    }
    bootstrap_configure_virtual_pool(allocman, vaddr, ALLOCATOR_VIRTUAL_POOL_SIZE,
                                     simple_get_pd(&simple));

    /* The manager at work: a new frame, mapped at an address it chose. */
    seL4_Word *page = vspace_new_pages(&vspace, seL4_AllRights, 1, seL4_PageBits);
    ZF_LOGF_IF(page == NULL, "The vspace manager could not map a new page.");
    page[0] = MSG_DATA;
    printf("main: vspace manager ready: new page mapped at %p\n", (void *)page);

    /* TASK 2: configure a new process from the ELF image "app".
     *
     * sel4utils_configure_process_custom() does in one call what dynamic-1
     * did by hand, and more: it allocates a TCB, a CNode for a new CSpace
     * and a PML4 for a new VSpace, finds the ELF image by name in the CPIO
     * archive linked into this root task, maps frames for its segments into
     * the new VSpace and copies the segments in (through temporary mappings
     * in *our* VSpace: that is why TASK 1 came first), and configures the
     * TCB with the new CSpace and VSpace.  The thread does not run yet.
     *
     * Hints:
     *   1. sel4utils_process_config_t process_config_default_simple(
     *          simple_t *simple, const char *image_name, uint8_t prio)
     *      describes the usual process: its own CSpace and VSpace, the
     *      ELF image image_name, priority prio.
     *   2. int sel4utils_configure_process_custom(sel4utils_process_t *process,
     *          vka_t *vka, vspace_t *spawner_vspace,
     *          sel4utils_process_config_t config)  returns 0 on success.
     *   3. The image name is APP_IMAGE_NAME, the priority APP_PRIORITY.
     */
    sel4utils_process_t new_process;
    /*? TASK 2 begin */
    sel4utils_process_config_t config = process_config_default_simple(&simple, APP_IMAGE_NAME,
                                                                      APP_PRIORITY);
    error = sel4utils_configure_process_custom(&new_process, &vka, &vspace, config);
    /*? TASK 2 end */
    ZF_LOGF_IFERR(error, "Failed to configure the new process.\n"
                  "\tIt loads the ELF image through our VSpace: is TASK 1 done?\n"
                  "\tIs the image name the app's name (APP_IMAGE_NAME)?");

    NAME_THREAD(new_process.thread.tcb.cptr, "process_2");
    printf("main: process_2 configured from ELF image \"%s\": TCB in slot %lu, CNode in slot %lu\n",
           APP_IMAGE_NAME, (unsigned long)new_process.thread.tcb.cptr,
           (unsigned long)new_process.cspace.cptr);

    /* The endpoint process_2 will call us on. */
    vka_object_t ep_object = {0};
    error = vka_alloc_endpoint(&vka, &ep_object);
    ZF_LOGF_IFERR(error, "Failed to allocate a new endpoint object.");

    /* TASK 3: make a cspacepath_t for the endpoint cap.
     *
     * A cptr names a cap only inside one CSpace.  Functions that copy caps
     * between CSpaces take a cspacepath_t instead: the CNode to start from,
     * the cptr within it and the depth to resolve it with.  The vka knows
     * how our own CSpace is laid out and fills one in for any of our slots.
     *
     * Hints:
     *   1. void vka_cspace_make_path(vka_t *vka, seL4_CPtr slot,
     *          cspacepath_t *res)
     *   2. The slot is the endpoint's: ep_object.cptr.
     */
    cspacepath_t ep_cap_path;
    seL4_CPtr new_ep_cap = 0;
    /*? TASK 3 begin */
    vka_cspace_make_path(&vka, ep_object.cptr, &ep_cap_path);
    /*? TASK 3 end */
    /*? TASK 3 stub
    TASK_TODO(3, "make a cspacepath_t for the endpoint with vka_cspace_make_path()");
    */
    printf("main: endpoint path: slot %lu, depth %lu\n", (unsigned long)ep_cap_path.capPtr,
           (unsigned long)ep_cap_path.capDepth);

    /* TASK 4: mint a badged copy of the endpoint cap into the new CSpace.
     *
     * process_2 is the sender here: to reach us it needs a cap to our
     * endpoint in *its* CSpace.  Mint one there, with a badge, so that when
     * several senders share the endpoint we can tell this one apart.
     *
     * Hints:
     *   1. seL4_CPtr sel4utils_mint_cap_to_process(sel4utils_process_t *process,
     *          cspacepath_t src, seL4_CapRights_t rights, seL4_Word data)
     *      copies the cap at src into the next free slot of the process's
     *      CSpace and returns that slot (0 on failure).
     *   2. Rights: seL4_AllRights; the badge (data) is EP_BADGE.
     *   3. Keep the returned slot in new_ep_cap: process_2 must be told it.
     */
    /*? TASK 4 begin */
    new_ep_cap = sel4utils_mint_cap_to_process(&new_process, ep_cap_path, seL4_AllRights,
                                               EP_BADGE);
    /*? TASK 4 end */
    ZF_LOGF_IF(new_ep_cap == 0, "Failed to mint a badged copy of the endpoint into the new "
               "process's CSpace.\n\tsel4utils_mint_cap_to_process takes a cspacepath_t: "
               "check what you passed.");
    printf("main: minted a badged endpoint cap into process_2's slot %lu\n",
           (unsigned long)new_ep_cap);

    /* TASK 5: start the process, with the slot of its endpoint in argv.
     *
     * The process cannot know where TASK 4 put its cap, so we tell it, the
     * way programs are told things when they start: in argv.  argv[0] is,
     * as on Unix, the program's name (sel4runtime names the process's
     * thread after it); argv[1] is the slot, as a decimal string, which the
     * process's main() reads back as a number.
     *
     * Hints:
     *   1. void sel4utils_create_word_args(char strings[][WORD_STRING_SIZE],
     *          char *argv[], int argc, ...)  turns argc words into strings
     *      and points argv[i] at them: here one word, new_ep_cap, into
     *      string_args, pointed at by &argv[1].
     *   2. int sel4utils_spawn_process_v(sel4utils_process_t *process,
     *          vka_t *vka, vspace_t *vspace, int argc, char *argv[],
     *          int resume)  writes argv onto the process's stack, sets its
     *      registers and, with resume = 1, starts it.  Returns 0 on success.
     *   3. argc is 2: the name and the slot.
     */
    char string_args[1][WORD_STRING_SIZE];
    char *argv[2] = { "process_2", NULL };
    /*? TASK 5 begin */
    sel4utils_create_word_args(string_args, &argv[1], 1, new_ep_cap);
    error = sel4utils_spawn_process_v(&new_process, &vka, &vspace, 2, argv, 1);
    /*? TASK 5 end */
    ZF_LOGF_IFERR(error, "Failed to spawn and start the new process.");
    printf("main: process_2 started with its endpoint slot %s in argv[1]\n", argv[1]);

    seL4_Word sender_badge = 0;
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(0, 0, 0, 0);
    seL4_Word msg;

    /* TASK 6: wait for process_2's message.
     *
     * process_2 sends on its badged copy; we receive on the original cap,
     * which is still in our CSpace at ep_cap_path.capPtr.  The kernel
     * writes the badge of the sender's cap into sender_badge.
     *
     * Hints:
     *   1. seL4_MessageInfo_t seL4_Recv(seL4_CPtr src, seL4_Word *sender)
     *   2. Keep the returned message info in tag: the code below reads its
     *      length, and TASK 7 answers with it.
     */
    /*? TASK 6 begin */
    tag = seL4_Recv(ep_cap_path.capPtr, &sender_badge);
    /*? TASK 6 end */
    ZF_LOGF_IF(sender_badge != EP_BADGE,
               "The badge we received from the new process is not EP_BADGE.");
    ZF_LOGF_IF(seL4_MessageInfo_get_length(tag) != 1,
               "The message from the new process does not have length 1.");

    msg = seL4_GetMR(0);
    printf("main: got a message %#" PRIxPTR " from %#" PRIxPTR "\n", msg, sender_badge);

    /* The answer: every bit flipped. */
    seL4_SetMR(0, ~msg);

    /* TASK 7: reply, and wait for the next message.
     *
     * process_2 used seL4_Call, so the kernel gave us a one-time reply
     * capability along with its message.  seL4_ReplyRecv uses it to send
     * the answer and then, in the same system call, waits on the endpoint
     * again, the usual loop of a server.
     *
     * Hints:
     *   1. seL4_MessageInfo_t seL4_ReplyRecv(seL4_CPtr src,
     *          seL4_MessageInfo_t msgInfo, seL4_Word *sender)
     *   2. src is the endpoint we received on; tag (length 1) describes the
     *      answer, already in MR0.
     */
    /*? TASK 7 begin */
    tag = seL4_ReplyRecv(ep_cap_path.capPtr, tag, &sender_badge);
    /*? TASK 7 end */

    return 0;
}
