/*
 * process_rounds: rounds of spawning three apps from the CPIO archive,
 * each with argv (sel4utils_create_word_args) and its own badged endpoint;
 * the root task receives from each, replies, destroys them
 * (sel4utils_destroy_process).  After the rounds as many CSpace slots are
 * free and as large an untyped can be allocated as after the first round:
 * nothing leaks.  App: worker/.
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

#define ROUNDS 12
#define APPS 3

static vka_object_t ep;

/* How many slots the vka can still hand out (then gives them back). */
static int free_slots(void)
{
    static seL4_CPtr slots[5000];
    int n = 0;

    while (n < 5000 && vka_cspace_alloc(&vka, &slots[n]) == 0)
        n++;
    for (int i = 0; i < n; i++)
        vka_cspace_free(&vka, slots[i]);
    return n;
}

/* The size of the largest untyped the vka can still hand out. */
static int largest_untyped(void)
{
    for (int bits = 27; bits >= seL4_PageBits; bits--) {
        vka_object_t ut;
        if (vka_alloc_untyped(&vka, bits, &ut) == 0) {
            vka_free_object(&vka, &ut);
            return bits;
        }
    }
    return 0;
}

static int round_trip(int round, bool verbose)
{
    sel4utils_process_t p[APPS];
    seL4_Word got[APPS][2] = { { 0 } };
    int seen = 0;

    for (int i = 0; i < APPS; i++) {
        cspacepath_t path;
        char strings[3][WORD_STRING_SIZE];
        char *argv[4];
        seL4_CPtr slot;

        configure(&p[i], "worker", 200);
        vka_cspace_make_path(&vka, ep.cptr, &path);
        slot = sel4utils_mint_cap_to_process(&p[i], path, seL4_AllRights, 0x100 + i);
        sel4utils_create_word_args(strings, argv + 1, 3, slot, (seL4_Word)round,
                                   (seL4_Word)(i * 1000));
        argv[0] = "worker";
        ZF_LOGF_IFERR(sel4utils_spawn_process_v(&p[i], &vka, &vspace, 4, argv, 1), "spawn");
    }
    for (int i = 0; i < APPS; i++) {
        seL4_Word badge;
        seL4_MessageInfo_t info = seL4_Recv(ep.cptr, &badge);
        seL4_Word who = badge - 0x100;
        bool ok = who < APPS && seL4_GetMR(0) == (seL4_Word)round &&
                  seL4_GetMR(1) == who * 1000 && seL4_MessageInfo_get_length(info) == 2;

        if (ok) {
            seen |= 1 << who;
            got[who][0] = seL4_GetMR(0);
            got[who][1] = seL4_GetMR(1);
        }
        seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    }
    for (int i = 0; i < APPS && verbose; i++)
        printf("round %d: badge %#x: %s mr0=%lu mr1=%lu\n", round, 0x100 + i,
               seen & (1 << i) ? "ok" : "missing", (unsigned long)got[i][0],
               (unsigned long)got[i][1]);
    for (int i = 0; i < APPS; i++)
        sel4utils_destroy_process(&p[i], &vka);
    return seen == (1 << APPS) - 1;
}

int main(void)
{
    int slots0, ut0, ok = 0;

    boot();
    ZF_LOGF_IF(vka_alloc_endpoint(&vka, &ep), "ep");
    printf("first round: %s\n", round_trip(0, true) ? "ok" : "FAILED");
    slots0 = free_slots();
    ut0 = largest_untyped();
    for (int r = 1; r <= ROUNDS; r++)
        ok += round_trip(r, false);
    printf("rounds ok: %d of %d\n", ok, ROUNDS);
    printf("slots lost: %d\n", slots0 - free_slots());
    printf("largest untyped same as after round 0: %d\n", largest_untyped() == ut0);
    printf("process_rounds: done\n");
    return 0;
}
