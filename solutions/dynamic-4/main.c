/*
 * dynamic-4 lab: a timer server.
 *
 * The root task starts a client process (the app "client", loaded from the
 * CPIO archive linked into this program) and then serves it: the client
 * asks to sleep for a number of milliseconds, and the root task answers
 * once that many periodic timer ticks have passed.
 *
 * The timer is the PC's PIT, a device on I/O ports 0x40-0x43 whose
 * interrupt reaches the CPU through the I/O APIC.  A user-level driver
 * needs three kinds of authority, all as caps: I/O port caps to program the
 * device, an IRQ handler cap for its interrupt line, and a notification the
 * kernel signals when the interrupt fires.  The platform libraries bundle
 * this: `ps_io_ops_t` holds how to allocate memory, map device memory, use
 * I/O ports and register IRQs; `ltimer` is a driver-independent timer on
 * top of them.
 *
 * Every interrupt is delivered once and then masked until the driver
 * acknowledges it; a driver that forgets to acknowledge gets exactly one
 * tick.  The TASKs follow the seL4 tutorial "Dynamic Libraries: Timer"
 * (same numbers); after each one the program prints what it produced and
 * the kernel reports what really happened.
 */

#include <autoconf.h>

#include <stdio.h>
#include <assert.h>
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

#include <sel4platsupport/io.h>
#include <sel4platsupport/irq.h>
#include <sel4platsupport/arch/io.h>
#include <sel4platsupport/bootinfo.h>
#include <platsupport/plat/timer.h>
#include <platsupport/ltimer.h>

#include <utils/util.h>
#include <utils/zf_log.h>
#include <sel4utils/sel4_zf_logif.h>

#include <caplab/task.h>

#define EP_BADGE 0x61               /* the client's badge */

#define APP_PRIORITY (seL4_MaxPrio - 1)
#define APP_IMAGE_NAME "client"

#define TICK_NS NS_IN_MS            /* the timer's period: 1 ms */

/* The badge bits the IRQ interface may use, one per interrupt: all 64 of
 * them (the seL4 tutorial writes MASK(seL4_BadgeBits)). */
#define IRQ_BADGE_BITS (~(seL4_Word)0)

seL4_BootInfo *info;
simple_t simple;
vka_t vka;
allocman_t *allocman;
vspace_t vspace;
ltimer_t timer;

#define ALLOCATOR_STATIC_POOL_SIZE (BIT(seL4_PageBits) * 10)
UNUSED static char allocator_mem_pool[ALLOCATOR_STATIC_POOL_SIZE];

#define ALLOCATOR_VIRTUAL_POOL_SIZE (BIT(seL4_PageBits) * 100)
UNUSED static sel4utils_alloc_data_t data;

/* What dynamic-3 did: bootstrap the vspace manager and start the client
 * with a badged endpoint cap in its CSpace.  Returns main's endpoint. */
static seL4_CPtr start_client(sel4utils_process_t *client)
{
    int error = sel4utils_bootstrap_vspace_with_bootinfo_leaky(&vspace, &data,
                                                               simple_get_pd(&simple),
                                                               &vka, info);
    ZF_LOGF_IFERR(error, "Failed to prepare root thread's VSpace for use.\n");

    void *vaddr;
    reservation_t virtual_reservation = vspace_reserve_range(&vspace,
                                                             ALLOCATOR_VIRTUAL_POOL_SIZE,
                                                             seL4_AllRights, 1, &vaddr);
    ZF_LOGF_IF(virtual_reservation.res == NULL, "Failed to reserve a chunk of memory.\n");
    bootstrap_configure_virtual_pool(allocman, vaddr, ALLOCATOR_VIRTUAL_POOL_SIZE,
                                     simple_get_pd(&simple));

    sel4utils_process_config_t config = process_config_default_simple(&simple, APP_IMAGE_NAME,
                                                                      APP_PRIORITY);
    config = process_config_auth(config, simple_get_tcb(&simple));
    config = process_config_priority(config, APP_PRIORITY);
    error = sel4utils_configure_process_custom(client, &vka, &vspace, config);
    ZF_LOGF_IFERR(error, "Failed to spawn a new thread.\n");
    NAME_THREAD(client->thread.tcb.cptr, "dynamic-4: timer_client");

    vka_object_t ep_object = {0};
    error = vka_alloc_endpoint(&vka, &ep_object);
    ZF_LOGF_IFERR(error, "Failed to allocate new endpoint object.\n");

    cspacepath_t ep_cap_path;
    vka_cspace_make_path(&vka, ep_object.cptr, &ep_cap_path);
    seL4_CPtr new_ep_cap = sel4utils_mint_cap_to_process(client, ep_cap_path,
                                                         seL4_AllRights, EP_BADGE);
    ZF_LOGF_IF(new_ep_cap == 0, "Failed to mint a badged copy of the endpoint.\n");

    error = sel4utils_spawn_process_v(client, &vka, &vspace, 0, NULL, 1);
    ZF_LOGF_IFERR(error, "Failed to spawn and start the new thread.\n");
    return ep_object.cptr;
}

int main(void)
{
    UNUSED int error = 0;

    info = platsupport_get_bootinfo();
    ZF_LOGF_IF(info == NULL, "Failed to get bootinfo.");
    zf_log_set_tag_prefix("dynamic-4:");
    NAME_THREAD(seL4_CapInitThreadTCB, "dynamic-4");
    simple_default_init_bootinfo(&simple, info);
    allocman = bootstrap_use_current_simple(&simple, ALLOCATOR_STATIC_POOL_SIZE,
                                            allocator_mem_pool);
    ZF_LOGF_IF(allocman == NULL, "Failed to initialize alloc manager.\n");
    allocman_make_vka(&vka, allocman);

    sel4utils_process_t client;
    seL4_CPtr ep = start_client(&client);

    /* TASK 1: allocate a notification for the timer's interrupt.
     *
     * The kernel turns an interrupt into a signal on a notification; the
     * driver's thread waits on it.  Allocate it into ntfn_object.
     *
     * Hint: int vka_alloc_notification(vka_t *vka, vka_object_t *result);
     */
    vka_object_t ntfn_object = {0};
    /*? TASK 1 begin */
    error = vka_alloc_notification(&vka, &ntfn_object);
    /*? TASK 1 end */
    ZF_LOGF_IFERR(error, "Failed to allocate a notification.\n");
    printf("main: notification for the timer interrupt in slot %lu\n",
           (unsigned long)ntfn_object.cptr);

    /* The I/O operations a driver uses: memory allocation, mapping device
     * memory, I/O ports (the arch ops), and the "mini" IRQ interface, which
     * gets IRQ handler caps and binds each interrupt to a badged copy of our
     * notification (one badge bit per interrupt). */
    ps_io_ops_t ops = {{0}};
    error = sel4platsupport_new_malloc_ops(&ops.malloc_ops);
    ZF_LOGF_IFERR(error, "Failed to make the malloc ops.\n");
    error = sel4platsupport_new_io_mapper(&vspace, &vka, &ops.io_mapper);
    ZF_LOGF_IFERR(error, "Failed to make the I/O mapper.\n");
    error = sel4platsupport_new_mini_irq_ops(&ops.irq_ops, &vka, &simple, &ops.malloc_ops,
                                             ntfn_object.cptr, IRQ_BADGE_BITS);
    ZF_LOGF_IFERR(error, "Failed to make the IRQ interface.\n");
    error = sel4platsupport_new_arch_ops(&ops, &simple, &vka);
    ZF_LOGF_IFERR(error, "Failed to make the I/O port ops.\n");

    /* TASK 2: initialise the default timer of the platform.
     *
     * On x86 the default ltimer is the PIT: ltimer_default_init asks the
     * ops for its I/O ports and for its interrupt, which the mini IRQ
     * interface binds to the notification of TASK 1.
     *
     * Hint: int ltimer_default_init(ltimer_t *timer, ps_io_ops_t ops,
     *                               ltimer_callback_fn_t callback, void *token);
     *       No callback: NULL, NULL.
     */
    /*? TASK 2 begin */
    error = ltimer_default_init(&timer, ops, NULL, NULL);
    /*? TASK 2 end */
    ZF_LOGF_IFERR(error, "Failed to initialise the timer.\n");
    uint64_t start = 0;
    error = ltimer_get_time(&timer, &start);
    ZF_LOGF_IFERR(error, "Failed to read the timer.\n");
    printf("main: timer ready; its clock reads %" PRIu64 " ns\n", start);

    /* we are done, say hello */
    printf("main: hello world\n");

    /* Wait for the client's request: how many milliseconds to sleep. */
    seL4_Word sender_badge = 0;
    seL4_MessageInfo_t tag = seL4_Recv(ep, &sender_badge);
    ZF_LOGF_IF(sender_badge != EP_BADGE, "The request came from an unknown badge.\n");
    ZF_LOGF_IF(seL4_MessageInfo_get_length(tag) != 1, "The request is not one word long.\n");
    seL4_Word msg = seL4_GetMR(0);
    printf("main: got a message from 0x%lx to sleep %lu ms\n", (unsigned long)sender_badge,
           (unsigned long)msg);

    /* TASK 3: start the timer: a periodic timeout every TICK_NS (1 ms).
     *
     * Hint: int ltimer_set_timeout(ltimer_t *timer, uint64_t ns, timeout_type_t type);
     *       type TIMEOUT_PERIODIC.
     */
    /*? TASK 3 begin */
    error = ltimer_set_timeout(&timer, TICK_NS, TIMEOUT_PERIODIC);
    /*? TASK 3 end */
    ZF_LOGF_IFERR(error, "Failed to set a periodic timeout.\n");
    printf("main: a tick every %lu ns; waiting for %lu ticks\n", (unsigned long)TICK_NS,
           (unsigned long)msg);

    seL4_Word count = 0;
    while (count < msg) {
        /* TASK 4: wait for one tick and handle it.
         *
         * Wait on the notification; the badge says which interrupts fired.
         * Then let the IRQ interface handle them: it calls the driver's
         * handler and acknowledges the interrupt, so that the next one can
         * come.  Each pass of the loop is one tick.
         *
         * Hints:
         *   1. seL4_Wait(ntfn_object.cptr, &badge);
         *   2. int sel4platsupport_irq_handle(ps_irq_ops_t *irq_ops, ntfn_id_t ntfn_id,
         *                                     seL4_Word handle_mask);
         *      ntfn_id is MINI_IRQ_INTERFACE_NTFN_ID and handle_mask the badge.
         */
        /*? TASK 4 begin */
        seL4_Word badge;
        seL4_Wait(ntfn_object.cptr, &badge);
        sel4platsupport_irq_handle(&ops.irq_ops, MINI_IRQ_INTERFACE_NTFN_ID, badge);
        /*? TASK 4 end */
        count++;
    }

    uint64_t now = 0;
    ltimer_get_time(&timer, &now);
    printf("main: %lu ticks counted, %" PRIu64 " ms on the timer's clock\n",
           (unsigned long)count, (uint64_t)((now - start) / NS_IN_MS));

    /* TASK 5: stop the timer and give its resources back.
     *
     * Hint: void ltimer_destroy(ltimer_t *timer);
     */
    /*? TASK 5 begin */
    ltimer_destroy(&timer);
    /*? TASK 5 end */
    printf("main: timer stopped\n");

    /* Answer the client with the time that passed, in ms. */
    seL4_SetMR(0, (seL4_Word)((now - start) / NS_IN_MS));
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 1));
    return 0;
}
