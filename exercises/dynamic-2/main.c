/*
 * dynamic-2 lab: IPC between two threads, and mapping memory by hand.
 *
 * main() starts a second thread, thread_2, in its own CSpace and VSpace (as
 * in dynamic-1), and then talks to it over an endpoint: it sends one word,
 * thread_2 answers with that word inverted.  Two things are new.
 *
 * Memory: thread_2 needs an IPC buffer, a page that holds the message
 * registers the kernel does not pass in CPU registers.  Nothing in a VSpace
 * is mapped until someone maps it: a frame (physical memory) has to be
 * retyped, and a page table has to exist for the address, before a page
 * can be mapped there.  TASKs 1 to 5 do this by hand, failing once on
 * purpose to show what the kernel says when a page table is missing.
 *
 * IPC: an endpoint has no memory of its own; a message goes from one
 * thread to another only when a sender and a receiver meet.  seL4_Call
 * sends and waits for the answer, the receiver learns the badge of the cap
 * the sender used, and answers through the one-shot reply cap that the
 * Call left it (seL4_ReplyRecv).  TASKs 6 to 15 build that conversation.
 *
 * The TASKs follow the seL4 tutorial "Dynamic Libraries: IPC" (same numbers).
 * TASK 10 (main reads the reply) runs last: main gets the reply only after
 * thread_2 has done TASKs 11 to 15.  After every TASK the code prints what
 * it produced and the kernel reports what really happened; the grader
 * compares the two.
 */

#include <autoconf.h>

#include <stdio.h>
#include <assert.h>
#include <inttypes.h>

#include <sel4/sel4.h>
#include <sel4runtime.h>
#include <sel4runtime/gen_config.h>

#include <simple/simple.h>
#include <simple-default/simple-default.h>

#include <vka/object.h>
#include <vka/object_capops.h>

#include <allocman/allocman.h>
#include <allocman/bootstrap.h>
#include <allocman/vka.h>

#include <vspace/vspace.h>

#include <sel4utils/vspace.h>
#include <sel4utils/mapping.h>
#include <sel4utils/thread.h>

#include <utils/arith.h>
#include <utils/zf_log.h>
#include <sel4utils/sel4_zf_logif.h>

#include <sel4platsupport/bootinfo.h>

#include <caplab/task.h>

#define IPCBUF_FRAME_SIZE_BITS 12   /* a 4 KiB frame for the IPC buffer */
#define IPCBUF_VADDR 0x7000000      /* a free address, chosen by us */

#define EP_BADGE 0x61               /* any non-zero value: tells main's messages apart */
#define MSG_DATA 0x6161             /* the word main sends */

#define THREAD_2_NAME "dynamic-2: thread_2"

seL4_BootInfo *info;
simple_t simple;
vka_t vka;
allocman_t *allocman;

/* Shared with thread_2: the endpoint (TASK 6) and main's badged copy (TASK 7). */
vka_object_t ep_object;
cspacepath_t ep_cap_path;

#define ALLOCATOR_STATIC_POOL_SIZE (BIT(seL4_PageBits) * 10)
UNUSED static char allocator_mem_pool[ALLOCATOR_STATIC_POOL_SIZE];

#define THREAD_2_STACK_SIZE 512
static uint64_t thread_2_stack[THREAD_2_STACK_SIZE] __attribute__((aligned(16)));

/* thread_2's thread-local storage: where its libsel4 keeps the address of
 * its IPC buffer (seL4_GetMR and seL4_SetMR read it from there). */
static char tls_region[CONFIG_SEL4RUNTIME_STATIC_TLS];

/* The second thread: receives main's message and answers it. */
void thread_2(void)
{
    seL4_Word sender_badge = 0;
    UNUSED seL4_MessageInfo_t tag = seL4_MessageInfo_new(0, 0, 0, 0);
    seL4_Word msg = 0;

    printf("thread_2: hallo wereld\n");

    /* TASK 11: wait for a message on the endpoint.
     *
     * thread_2 receives on the original, unbadged endpoint cap
     * (ep_object.cptr); the kernel writes the badge of the cap the sender
     * used into sender_badge.  Keep the message info in `tag`.
     *
     * Hint: seL4_MessageInfo_t seL4_Recv(seL4_CPtr src, seL4_Word *sender);
     */
    TASK_TODO(11, "wait for a message on the endpoint.");
    printf("thread_2: received %u word(s) with badge 0x%lx\n",
           (unsigned)seL4_MessageInfo_get_length(tag), (unsigned long)sender_badge);

    /* TASK 12: check that the message is the one expected.
     *
     * The badge says who sent it: is it EP_BADGE?  The length says how many
     * message registers it holds: main sends one.  Stop with a message if
     * either is wrong.
     *
     * Hints:
     *   1. ZF_LOGF_IF(condition, "message") stops the program when condition holds.
     *   2. seL4_Uint32 seL4_MessageInfo_get_length(seL4_MessageInfo_t tag);
     */
    TASK_TODO(12, "check that the message is the one expected.");
    printf("thread_2: the message is from badge 0x%lx and has %u word(s), as expected\n",
           (unsigned long)sender_badge, (unsigned)seL4_MessageInfo_get_length(tag));

    /* TASK 13: read the word main sent, from message register 0, into msg.
     *
     * Hint: seL4_Word seL4_GetMR(int i);
     */
    TASK_TODO(13, "read the word main sent, from message register 0, into msg.");
    printf("thread_2: got a message 0x%" PRIxPTR " from 0x%" PRIxPTR "\n", msg, sender_badge);

    /* modify the message */
    msg = ~msg;

    /* TASK 14: put the modified msg into message register 0, as the answer.
     *
     * Hint: void seL4_SetMR(int i, seL4_Word value);
     */
    TASK_TODO(14, "put the modified msg into message register 0, as the answer.");
    printf("thread_2: answer in MR0: 0x%lx\n", (unsigned long)seL4_GetMR(0));

    /* TASK 15: answer main and wait for the next message.
     *
     * main used seL4_Call, so the kernel gave thread_2 a one-shot reply cap
     * to it.  seL4_ReplyRecv answers through it with the message `tag`
     * describes (one word: the same length main sent) and then waits on the
     * endpoint again, in one system call.  No second message comes here, so
     * thread_2 stays blocked in it.
     *
     * Hint: seL4_MessageInfo_t seL4_ReplyRecv(seL4_CPtr src, seL4_MessageInfo_t tag,
     *                                         seL4_Word *sender);
     */
    TASK_TODO(15, "answer main and wait for the next message.");
}

/* Start thread_2 as in dynamic-1, this time with an IPC buffer and TLS. */
static void start_thread_2(vka_object_t *tcb, seL4_CPtr cspace_cap, seL4_CPtr pd_cap,
                           seL4_Word ipc_buffer_vaddr, seL4_CPtr ipc_frame)
{
    int error = seL4_TCB_Configure(tcb->cptr, seL4_CapNull, cspace_cap, seL4_NilData,
                                   pd_cap, seL4_NilData, ipc_buffer_vaddr, ipc_frame);
    ZF_LOGF_IFERR(error, "Failed to configure the new TCB object.\n");

    /* One below main's priority: thread_2 runs whenever main waits. */
    error = seL4_TCB_SetPriority(tcb->cptr, simple_get_tcb(&simple), seL4_MaxPrio - 1);
    ZF_LOGF_IFERR(error, "Failed to set the priority for the new TCB object.\n");
    NAME_THREAD(tcb->cptr, THREAD_2_NAME);

    /* rip = thread_2, rsp = stack top - 8 (the x86_64 ABI, see dynamic-1). */
    seL4_UserContext regs = {0};
    uintptr_t stack_top = (uintptr_t)thread_2_stack + sizeof(thread_2_stack);
    sel4utils_set_instruction_pointer(&regs, (seL4_Word)thread_2);
    sel4utils_set_stack_pointer(&regs, stack_top - sizeof(seL4_Word));
    error = seL4_TCB_WriteRegisters(tcb->cptr, 0, 0, 2, &regs);
    ZF_LOGF_IFERR(error, "Failed to write the new thread's register set.\n");

    /* thread_2's TLS, holding the address of its IPC buffer. */
    uintptr_t tls = sel4runtime_write_tls_image(tls_region);
    seL4_IPCBuffer *ipcbuf = (seL4_IPCBuffer *)ipc_buffer_vaddr;
    error = sel4runtime_set_tls_variable(tls, __sel4_ipc_buffer, ipcbuf);
    ZF_LOGF_IF(error, "Failed to set ipc buffer in TLS of new thread");
    error = seL4_TCB_SetTLSBase(tcb->cptr, tls);
    ZF_LOGF_IFERR(error, "Failed to set TLS base");

    error = seL4_TCB_Resume(tcb->cptr);
    ZF_LOGF_IFERR(error, "Failed to start new thread.\n");
}

int main(void)
{
    UNUSED int error = 0;

    /* What dynamic-1 did: BootInfo, simple, allocator, vka, roots, a TCB. */
    info = platsupport_get_bootinfo();
    ZF_LOGF_IF(info == NULL, "Failed to get bootinfo.");
    zf_log_set_tag_prefix("dynamic-2:");   /* the root thread keeps its name: rootserver */
    simple_default_init_bootinfo(&simple, info);
    allocman = bootstrap_use_current_simple(&simple, ALLOCATOR_STATIC_POOL_SIZE,
                                            allocator_mem_pool);
    ZF_LOGF_IF(allocman == NULL, "Failed to initialize alloc manager.\n");
    allocman_make_vka(&vka, allocman);
    seL4_CPtr cspace_cap = simple_get_cnode(&simple);
    seL4_CPtr pd_cap = simple_get_pd(&simple);
    vka_object_t tcb_object = {0};
    error = vka_alloc_tcb(&vka, &tcb_object);
    ZF_LOGF_IFERR(error, "Failed to allocate new TCB.\n");

    /* TASK 1: allocate a frame for thread_2's IPC buffer.
     *
     * A frame is a kernel object too: physical memory, retyped from an
     * untyped.  Having its cap does not make it usable: it is not in any
     * VSpace yet.  Allocate a 4 KiB frame into ipc_frame_object.
     *
     * Hint: int vka_alloc_frame(vka_t *vka, uint32_t size_bits, vka_object_t *result);
     *       size_bits is the log2 of the size: IPCBUF_FRAME_SIZE_BITS.
     */
    vka_object_t ipc_frame_object = {0};
    printf("main: TASK 1 is not done: nothing backs the IPC buffer at 0x%lx;"
           " main writes to it anyway:\n", (unsigned long)IPCBUF_VADDR);
    ((volatile seL4_IPCBuffer *)IPCBUF_VADDR)->userData = IPCBUF_VADDR;
    ZF_LOGF_IFERR(error, "Failed to alloc a frame for the IPC buffer.\n"
                  "\tThe frame size is not the number of bytes, but an exponent.\n");
    printf("main: IPC buffer frame in slot %lu\n", (unsigned long)ipc_frame_object.cptr);

    /* Map the frame at IPCBUF_VADDR.  A mapping goes into a page table; if
     * one already covers the address the map works at once, else the kernel
     * says which level is missing and we add it first. */
    seL4_Word ipc_buffer_vaddr = IPCBUF_VADDR;

    /* TASK 2: try to map the frame into our VSpace at ipc_buffer_vaddr.
     *
     * It fails: no page table covers that address yet.  Keep the error in
     * `error`; the code below reports it and goes on with TASKs 3 to 5.
     *
     * Hints:
     *   1. seL4_ARCH_Page_Map(frame, vspace_root, vaddr, rights, attributes)
     *      is seL4_X86_Page_Map on x86.
     *   2. Rights: seL4_AllRights.  Attributes: seL4_ARCH_Default_VMAttributes.
     */
    TASK_TODO(2, "try to map the frame into our VSpace at ipc_buffer_vaddr.");
    ZF_LOGE_IFERR(error, "First try to map the IPC buffer at 0x%lx failed.\n"
                  "\tNo page table covers it yet: TASKs 3 to 5 add one and map again.",
                  (unsigned long)ipc_buffer_vaddr);

    if (error != 0) {
        /* TASK 3: allocate a page table.
         *
         * On x86_64 a page table maps 512 pages of 4 KiB: 2 MiB of addresses.
         *
         * Hint: int vka_alloc_page_table(vka_t *vka, vka_object_t *result);
         */
        vka_object_t pt_object = {0};
        TASK_TODO(3, "allocate a page table.");
        ZF_LOGF_IFERR(error, "Failed to allocate new page table.\n");
        printf("main: page table in slot %lu\n", (unsigned long)pt_object.cptr);

        /* TASK 4: map the page table into our VSpace, where it covers
         * ipc_buffer_vaddr.
         *
         * Hint: seL4_ARCH_PageTable_Map(page_table, vspace_root, vaddr, attributes)
         *       is seL4_X86_PageTable_Map; attributes seL4_ARCH_Default_VMAttributes.
         */
        TASK_TODO(4, "map the page table into our VSpace, where it covers");
        ZF_LOGF_IFERR(error, "Failed to map page table into VSpace.\n"
                      "\tWe are inserting a new page table into the top-level table.\n"
                      "\tPass a capability to the new page table, and not for example,"
                      " the IPC buffer frame vaddr.\n");
        printf("main: page table mapped for [0x%lx, 0x%lx)\n",
               (unsigned long)(ipc_buffer_vaddr & ~(BIT(seL4_LargePageBits) - 1)),
               (unsigned long)((ipc_buffer_vaddr & ~(BIT(seL4_LargePageBits) - 1)) +
                               BIT(seL4_LargePageBits)));

        /* TASK 5: map the frame again; now it works.
         *
         * Hint: the same seL4_ARCH_Page_Map call as in TASK 2.
         */
        TASK_TODO(5, "map the frame again; now it works.");
        ZF_LOGF_IFERR(error, "Failed again to map the IPC buffer frame into the VSpace.\n"
                      "\t(It's not supposed to fail.)\n");
    }

    /* The page is there now: write to it, and ask the kernel where it is. */
    ((volatile seL4_IPCBuffer *)ipc_buffer_vaddr)->userData = ipc_buffer_vaddr;
    seL4_X86_Page_GetAddress_t frame = seL4_X86_Page_GetAddress(ipc_frame_object.cptr);
    ZF_LOGF_IFERR(frame.error, "Failed to get the frame's physical address.\n");
    printf("main: IPC buffer mapped at 0x%lx, frame at paddr 0x%lx\n",
           (unsigned long)ipc_buffer_vaddr, (unsigned long)frame.paddr);

    /* TASK 6: allocate an endpoint, into the global ep_object.
     *
     * Hint: int vka_alloc_endpoint(vka_t *vka, vka_object_t *result);
     */
    TASK_TODO(6, "allocate an endpoint, into the global ep_object.");
    ZF_LOGF_IFERR(error, "Failed to allocate new endpoint object.\n");
    printf("main: endpoint in slot %lu\n", (unsigned long)ep_object.cptr);

    /* TASK 7: mint a badged copy of the endpoint cap, for main to send with.
     *
     * The badge goes on the copy, not on the endpoint: each sender can get
     * its own badge, and the receiver learns which cap was used.  The copy's
     * path goes into the global ep_cap_path.
     *
     * Hints:
     *   1. int vka_mint_object(vka_t *vka, vka_object_t *object, cspacepath_t *result,
     *                          seL4_CapRights_t rights, seL4_Word badge);
     *   2. Rights: seL4_AllRights.  Badge: EP_BADGE.
     */
    TASK_TODO(7, "mint a badged copy of the endpoint cap, for main to send with.");
    ZF_LOGF_IFERR(error, "Failed to mint new badged copy of IPC endpoint.\n");
    printf("main: badged copy of the endpoint in slot %lu, badge 0x%lx\n",
           (unsigned long)ep_cap_path.capPtr, (unsigned long)EP_BADGE);

    start_thread_2(&tcb_object, cspace_cap, pd_cap, ipc_buffer_vaddr, ipc_frame_object.cptr);

    /* we are done, say hello */
    printf("main: hello world\n");

    seL4_Word msg = 0;
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(0, 0, 0, 0);

    /* TASK 8: prepare the message: one word, MSG_DATA, in message register 0.
     *
     * The message info `tag` tells the kernel how long the message is.
     *
     * Hints:
     *   1. seL4_MessageInfo_t seL4_MessageInfo_new(label, capsUnwrapped, extraCaps, length);
     *      label, capsUnwrapped and extraCaps are 0; length is 1.
     *   2. void seL4_SetMR(int i, seL4_Word value);
     */
    TASK_TODO(8, "prepare the message: one word, MSG_DATA, in message register 0.");
    printf("main: sending %u word(s), MR0 = 0x%lx\n",
           (unsigned)seL4_MessageInfo_get_length(tag), (unsigned long)seL4_GetMR(0));

    /* TASK 9: send the message to thread_2 and wait for its answer.
     *
     * Send through the badged copy of TASK 7 (ep_cap_path.capPtr), so that
     * thread_2 sees the badge.  Keep the answer's message info in `tag`.
     *
     * Hint: seL4_MessageInfo_t seL4_Call(seL4_CPtr dest, seL4_MessageInfo_t tag);
     */
    TASK_TODO(9, "send the message to thread_2 and wait for its answer.");
    printf("main: thread_2 answered with %u word(s)\n",
           (unsigned)seL4_MessageInfo_get_length(tag));

    /* TASK 10: read the answer from message register 0 into msg.
     *
     * Hint: seL4_Word seL4_GetMR(int i);
     */
    TASK_TODO(10, "read the answer from message register 0 into msg.");

    /* check that we got the expected reply */
    ZF_LOGF_IF(seL4_MessageInfo_get_length(tag) != 1,
               "Response data from thread_2 was not the length expected.\n"
               "\tHow many registers did you set with seL4_SetMR within thread_2?\n");
    ZF_LOGF_IF(msg != ~MSG_DATA,
               "Response data from thread_2's content was not what was expected.\n");

    printf("main: got a reply: [0x%x|0x%" PRIxPTR "]\n", (unsigned)msg, msg);
    return 0;
}
