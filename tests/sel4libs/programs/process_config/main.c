/*
 * process_config: a process built with the process_config_* helpers
 * rather than the default: a 2^10 CNode, its own fault endpoint, a given
 * priority and no MCP.  The process sees its CNode cap's guard (copies
 * within its CSpace at depth seL4_WordBits, a guard mismatch past 2^10),
 * the priority limit of its MCP, and a fault it takes reaches the root
 * task on the fault endpoint the process was configured with.  App: cfg/.
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
    sel4utils_process_config_t config;
    vka_object_t ep;
    cspacepath_t path;
    seL4_CPtr slot;
    char strings[1][WORD_STRING_SIZE];
    char *argv[2];
    seL4_Word badge;
    seL4_MessageInfo_t info;
    int err;

    boot();
    ZF_LOGF_IF(vka_alloc_endpoint(&vka, &ep), "ep");
    config = process_config_new(&simple);
    config = process_config_elf(config, "cfg", true);
    config = process_config_create_cnode(config, 10);
    config = process_config_create_vspace(config, NULL, 0);
    config = process_config_create_fault_endpoint(config);
    config = process_config_priority(config, 180);
    err = sel4utils_configure_process_custom(&p, &vka, &vspace, config);
    printf("configure: %d cspace_size=%u\n", err, (unsigned)p.cspace_size);
    vka_cspace_make_path(&vka, ep.cptr, &path);
    slot = sel4utils_mint_cap_to_process(&p, path, seL4_AllRights, 0x99);
    printf("first slot: %lu\n", (unsigned long)slot);
    sel4utils_create_word_args(strings, argv + 1, 1, slot);
    argv[0] = "cfg";
    err = sel4utils_spawn_process_v(&p, &vka, &vspace, 2, argv, 1);
    printf("spawn: %d\n", err);
    info = seL4_Recv(ep.cptr, &badge);
    printf("root: message badge=%#lx label=%lu\n", (unsigned long)badge,
           (unsigned long)seL4_MessageInfo_get_label(info));
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    info = seL4_Recv(p.fault_endpoint.cptr, &badge);
    printf("root: fault label=%lu addr=%#lx\n", (unsigned long)seL4_MessageInfo_get_label(info),
           (unsigned long)seL4_GetMR(seL4_VMFault_Addr));
    sel4utils_destroy_process(&p, &vka);
    printf("process_config: done\n");
    return 0;
}
