/*
 * process_ipc: IPC between two processes spawned from the CPIO archive.
 * A client Calls a server with seL4_MsgMaxLength words through a badged
 * endpoint; the server answers with seL4_ReplyRecv; the client passes a
 * badged notification cap to the server (which receives it into its own
 * CNode through SEL4UTILS_CNODE_SLOT and signals the root task with it),
 * then its own endpoint cap (unwrapped: the badge arrives instead).
 * Apps: server/, client/.
 */
#include <stdio.h>
#include <sel4/sel4.h>
#include <sel4platsupport/bootinfo.h>
#include <simple/simple.h>
#include <simple-default/simple-default.h>
#include <allocman/bootstrap.h>
#include <allocman/vka.h>
#include <vka/object.h>
#include <vka/capops.h>
#include <vka/object_capops.h>
#include <vspace/vspace.h>
#include <sel4utils/vspace.h>
#include <sel4utils/thread.h>
#include <sel4utils/mapping.h>
#include <utils/util.h>

#define POOL_BYTES (BIT(seL4_PageBits) * 10)
#define VPOOL_BYTES (BIT(seL4_PageBits) * 100)

static char pool[POOL_BYTES];
static simple_t simple;
static vka_t vka;
static vspace_t vspace;
static sel4utils_alloc_data_t vspace_data;

/* The usual start-up: allocman over the root CNode, a vka, the root
 * vspace and a virtual pool for allocman's bookkeeping. */
static void boot(void)
{
    seL4_BootInfo *bi = platsupport_get_bootinfo();
    allocman_t *alloc;
    reservation_t res;
    void *vaddr;
    int err;

    simple_default_init_bootinfo(&simple, bi);
    alloc = bootstrap_use_current_simple(&simple, POOL_BYTES, pool);
    ZF_LOGF_IF(alloc == NULL, "allocman");
    allocman_make_vka(&vka, alloc);
    err = sel4utils_bootstrap_vspace_with_bootinfo_leaky(&vspace, &vspace_data,
                                                         simple_get_pd(&simple), &vka, bi);
    ZF_LOGF_IFERR(err, "vspace");
    res = vspace_reserve_range(&vspace, VPOOL_BYTES, seL4_AllRights, 1, &vaddr);
    ZF_LOGF_IF(res.res == NULL, "reserve");
    bootstrap_configure_virtual_pool(alloc, vaddr, VPOOL_BYTES, simple_get_pd(&simple));
}

/* A thread in our CSpace and VSpace at the given priority. */
static void start_thread(sel4utils_thread_t *t, seL4_CPtr fault_ep, int prio,
                         sel4utils_thread_entry_fn fn, void *arg0, void *arg1)
{
    int err = sel4utils_configure_thread(&vka, &vspace, &vspace, fault_ep,
                                         simple_get_cnode(&simple), seL4_NilData, t);
    ZF_LOGF_IFERR(err, "configure thread");
    err = seL4_TCB_SetPriority(t->tcb.cptr, simple_get_tcb(&simple), prio);
    ZF_LOGF_IFERR(err, "priority");
    err = sel4utils_start_thread(t, fn, arg0, arg1, 1);
    ZF_LOGF_IFERR(err, "start thread");
}

static void print_info(const char *what, seL4_MessageInfo_t info)
{
    printf("%s: label=%lu length=%lu extraCaps=%lu capsUnwrapped=%lu\n", what,
           (unsigned long)seL4_MessageInfo_get_label(info),
           (unsigned long)seL4_MessageInfo_get_length(info),
           (unsigned long)seL4_MessageInfo_get_extraCaps(info),
           (unsigned long)seL4_MessageInfo_get_capsUnwrapped(info));
}

/* Let every runnable thread of a higher priority than 1 run until it
 * blocks: drop our own priority, then take it back. */
static void settle(void)
{
    seL4_CPtr me = simple_get_tcb(&simple);

    ZF_LOGF_IFERR(seL4_TCB_SetPriority(me, me, 1), "lower");
    ZF_LOGF_IFERR(seL4_TCB_SetPriority(me, me, seL4_MaxPrio), "raise");
}

#include <string.h>
#include <sel4utils/process.h>

/* Configure a process from the CPIO archive at the given priority. */
static void configure(sel4utils_process_t *p, const char *image, int prio)
{
    sel4utils_process_config_t config = process_config_default_simple(&simple, image, prio);
    int err = sel4utils_configure_process_custom(p, &vka, &vspace, config);

    ZF_LOGF_IFERR(err, "configure process %s", image);
}

int main(void)
{
    sel4utils_process_t srv, cli;
    vka_object_t ep, done, ntfn;
    cspacepath_t path;
    seL4_CPtr s_ep, c_ep, c_ntfn, c_done, s_done;
    char strings[3][WORD_STRING_SIZE];
    char *argv[4];
    seL4_Word badge;
    int err;

    boot();
    ZF_LOGF_IF(vka_alloc_endpoint(&vka, &ep) || vka_alloc_notification(&vka, &done) ||
               vka_alloc_notification(&vka, &ntfn), "objects");
    configure(&srv, "server", 210);
    configure(&cli, "client", 200);
    vka_cspace_make_path(&vka, ep.cptr, &path);
    s_ep = sel4utils_copy_path_to_process(&srv, path);
    c_ep = sel4utils_mint_cap_to_process(&cli, path, seL4_AllRights, 0x77);
    vka_cspace_make_path(&vka, ntfn.cptr, &path);
    c_ntfn = sel4utils_mint_cap_to_process(&cli, path, seL4_AllRights, 0x5);
    vka_cspace_make_path(&vka, done.cptr, &path);
    c_done = sel4utils_copy_path_to_process(&cli, path);
    s_done = sel4utils_copy_path_to_process(&srv, path);
    printf("slots: server ep=%lu done=%lu; client ep=%lu ntfn=%lu done=%lu\n",
           (unsigned long)s_ep, (unsigned long)s_done, (unsigned long)c_ep,
           (unsigned long)c_ntfn, (unsigned long)c_done);

    sel4utils_create_word_args(strings, argv + 1, 2, s_ep, s_done);
    argv[0] = "server";
    err = sel4utils_spawn_process_v(&srv, &vka, &vspace, 3, argv, 1);
    printf("spawn server: %d\n", err);
    sel4utils_create_word_args(strings, argv + 1, 3, c_ep, c_ntfn, c_done);
    argv[0] = "client";
    err = sel4utils_spawn_process_v(&cli, &vka, &vspace, 4, argv, 1);
    printf("spawn client: %d\n", err);

    /* the server signals our notification through the cap it was given */
    seL4_Wait(ntfn.cptr, &badge);
    printf("root: notification from the server, badge=%#lx\n", (unsigned long)badge);
    seL4_Wait(done.cptr, &badge);
    printf("root: client done\n");
    sel4utils_destroy_process(&cli, &vka);
    sel4utils_destroy_process(&srv, &vka);
    printf("process_ipc: done\n");
    return 0;
}
