/*
 * process_caps: caps given to a sel4utils process.  The slots
 * sel4utils_mint/copy/move/copy_path_to_process return, the CSpace layout
 * (SEL4UTILS_*_SLOT) as the process sees it with seL4_DebugCapIdentify,
 * argv from sel4utils_create_word_args, a badged endpoint and moved and
 * copied notifications in use, and what the process sees after the root
 * task revokes its endpoint and deletes a notification.
 * App: probe/.
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
    sel4utils_process_t p;
    vka_object_t ep, ntfn, moved;
    cspacepath_t ep_path, moved_path, badged_path;
    seL4_CPtr s_mint, s_copy, s_move, s_path, s_bad, s_after;
    char strings[5][WORD_STRING_SIZE];
    char *argv[6];
    seL4_Word badge;
    seL4_MessageInfo_t info;
    int err;

    boot();
    ZF_LOGF_IF(vka_alloc_endpoint(&vka, &ep) || vka_alloc_notification(&vka, &ntfn) ||
               vka_alloc_notification(&vka, &moved), "objects");
    configure(&p, "probe", 200);
    vka_cspace_make_path(&vka, ep.cptr, &ep_path);
    s_mint = sel4utils_mint_cap_to_process(&p, ep_path, seL4_AllRights, 0x10);
    s_copy = sel4utils_copy_cap_to_process(&p, &vka, ntfn.cptr);
    vka_cspace_make_path(&vka, moved.cptr, &moved_path);
    s_move = sel4utils_move_cap_to_process(&p, moved_path, &vka);
    s_path = sel4utils_copy_path_to_process(&p, ep_path);
    printf("mint=%lu copy=%lu move=%lu copy_path=%lu\n", (unsigned long)s_mint,
           (unsigned long)s_copy, (unsigned long)s_move, (unsigned long)s_path);
    printf("moved-from slot is empty: %d\n", seL4_DebugCapIdentify(moved.cptr) == 0);
    /* minting from a badged cap fails: 0, and no slot is used */
    ZF_LOGF_IF(vka_mint_object(&vka, &ep, &badged_path, seL4_AllRights, 0x20), "mint");
    s_bad = sel4utils_mint_cap_to_process(&p, badged_path, seL4_AllRights, 0x30);
    s_after = sel4utils_mint_cap_to_process(&p, badged_path, seL4_AllRights, 0);
    printf("mint from a badged cap: %lu\n", (unsigned long)s_bad);
    printf("mint from a badged cap, badge 0: %lu\n", (unsigned long)s_after);
    s_after = sel4utils_copy_path_to_process(&p, badged_path);
    printf("copy of the badged cap: %lu\n", (unsigned long)s_after);

    sel4utils_create_word_args(strings, argv + 1, 5, s_mint, s_copy, s_move, s_path, s_after);
    argv[0] = "probe";
    err = sel4utils_spawn_process_v(&p, &vka, &vspace, 6, argv, 1);
    printf("spawn: %d\n", err);
    info = seL4_Recv(ep.cptr, &badge);
    printf("root: call from the probe, badge=%#lx label=%lu\n", (unsigned long)badge,
           (unsigned long)seL4_MessageInfo_get_label(info));
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    info = seL4_Recv(ep.cptr, &badge);
    printf("root: call through copy_path, badge=%#lx label=%lu\n", (unsigned long)badge,
           (unsigned long)seL4_MessageInfo_get_label(info));
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    info = seL4_Recv(ep.cptr, &badge);
    printf("root: call through the badged copy, badge=%#lx label=%lu\n", (unsigned long)badge,
           (unsigned long)seL4_MessageInfo_get_label(info));
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    seL4_Wait(ntfn.cptr, &badge);
    printf("root: probe signalled the copied notification\n");
    /* the moved notification lives on in the process only */
    /* revoke the endpoint: every cap derived from it goes, in the process too */
    err = vka_cnode_revoke(&ep_path);
    printf("root: revoke endpoint: %d\n", err);
    settle();
    seL4_Signal(ntfn.cptr);
    seL4_Wait(ntfn.cptr, &badge);
    printf("root: probe done\n");
    sel4utils_destroy_process(&p, &vka);
    sel4utils_create_word_args(strings, argv, 3, (seL4_Word)-1, (seL4_Word)0,
                               (seL4_Word)0x8000000000000000ul);
    printf("word args: %s %s %s\n", argv[0], argv[1], argv[2]);
    printf("process_caps: done\n");
    return 0;
}
