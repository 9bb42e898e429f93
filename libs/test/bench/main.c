/*
 * main.c - libsbench: cycle counts (rdtsc) of the seL4_libs operations
 * that labs lean on, printed for scripts/bench (`make bench`):
 *
 *   thread-create     sel4utils_configure_thread + start, until it runs
 *   thread-destroy    sel4utils_clean_up_thread
 *   process-spawn     configure_process_custom + mint + spawn_process_v,
 *                     until the process's first message arrives
 *   process-destroy   sel4utils_destroy_process
 *   ipc-roundtrip     one ReplyRecv/Call round trip between the root task
 *                     and a process (two address spaces)
 *
 * Each is measured ROUNDS times after a warm-up; the line says
 * "libsbench: <name>: median <c> cycles (min <c>, max <c>)".  Under TCG
 * the TSC follows host time, so these are comparable on one machine only.
 */
#include <stdio.h>
#include <string.h>
#include <sel4platsupport/bootinfo.h>
#include <simple-default/simple-default.h>
#include <allocman/bootstrap.h>
#include <allocman/vka.h>
#include <vka/capops.h>
#include <sel4utils/vspace.h>
#include <sel4utils/thread.h>
#include <sel4utils/process.h>

#define ROUNDS 15
#define IPC_ROUNDS 2000

static char pool[BIT(seL4_PageBits) * 10];
static simple_t simple;
static vka_t vka;
static vspace_t vspace;
static sel4utils_alloc_data_t vspace_data;
static seL4_CPtr ep, ntfn;

static uint64_t rdtsc(void)
{
    uint32_t lo, hi;

    __asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi));
    return (uint64_t)hi << 32 | lo;
}

static void report(const char *name, uint64_t *t, int n)
{
    for (int i = 1; i < n; i++)   /* insertion sort: n is small */
        for (int j = i; j > 0 && t[j] < t[j - 1]; j--) {
            uint64_t x = t[j];
            t[j] = t[j - 1];
            t[j - 1] = x;
        }
    printf("libsbench: %s: median %lu cycles (min %lu, max %lu)\n", name,
           (unsigned long)t[n / 2], (unsigned long)t[0], (unsigned long)t[n - 1]);
}

static void signaller(void *arg0, void *arg1, void *ipc)
{
    (void)arg1;
    (void)ipc;
    seL4_Signal((seL4_CPtr)arg0);
    for (;;)
        seL4_Wait((seL4_CPtr)arg0, NULL);
}

static void threads(void)
{
    uint64_t create[ROUNDS], destroy[ROUNDS];

    for (int i = -1; i < ROUNDS; i++) {
        sel4utils_thread_t t;
        uint64_t t0 = rdtsc(), t1, t2;
        sel4utils_thread_config_t c = thread_config_priority(thread_config_new(&simple), 254);
        if (sel4utils_configure_thread_config(&vka, &vspace, &vspace, c, &t) != 0 ||
            sel4utils_start_thread(&t, signaller, (void *)ntfn, NULL, 1) != 0) {
            printf("libsbench: thread setup failed\n");
            return;
        }
        seL4_Wait(ntfn, NULL);
        t1 = rdtsc();
        sel4utils_clean_up_thread(&vka, &vspace, &t);
        t2 = rdtsc();
        if (i >= 0) {
            create[i] = t1 - t0;
            destroy[i] = t2 - t1;
        }
    }
    report("thread-create", create, ROUNDS);
    report("thread-destroy", destroy, ROUNDS);
}

static int spawn(sel4utils_process_t *p, const char *mode)
{
    cspacepath_t path;
    char strings[1][WORD_STRING_SIZE];
    char *argv[3];
    seL4_CPtr slot;

    if (sel4utils_configure_process_custom(p, &vka, &vspace,
                                           process_config_default_simple(&simple, "child",
                                                                         254)) != 0)
        return -1;
    vka_cspace_make_path(&vka, ep, &path);
    slot = sel4utils_mint_cap_to_process(p, path, seL4_AllRights, 1);
    sel4utils_create_word_args(strings, &argv[1], 1, (seL4_Word)slot);
    argv[0] = "child";
    argv[2] = (char *)mode;
    return slot == 0 ? -1 : sel4utils_spawn_process_v(p, &vka, &vspace, 3, argv, 1);
}

static void processes(void)
{
    uint64_t create[ROUNDS], destroy[ROUNDS];

    for (int i = -1; i < ROUNDS; i++) {
        sel4utils_process_t p;
        uint64_t t0 = rdtsc(), t1, t2;
        if (spawn(&p, "call") != 0) {
            printf("libsbench: process setup failed\n");
            return;
        }
        seL4_Recv(ep, NULL);
        t1 = rdtsc();
        seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
        sel4utils_destroy_process(&p, &vka);
        t2 = rdtsc();
        if (i >= 0) {
            create[i] = t1 - t0;
            destroy[i] = t2 - t1;
        }
    }
    report("process-spawn", create, ROUNDS);
    report("process-destroy", destroy, ROUNDS);
}

static void ipc(void)
{
    sel4utils_process_t p;
    uint64_t t[ROUNDS];

    if (spawn(&p, "serve") != 0) {
        printf("libsbench: server setup failed\n");
        return;
    }
    seL4_Recv(ep, NULL);
    for (int i = -1; i < ROUNDS; i++) {
        uint64_t t0 = rdtsc();
        for (int k = 0; k < IPC_ROUNDS; k++)
            seL4_ReplyRecv(ep, seL4_MessageInfo_new(0, 0, 0, 1), NULL);
        if (i >= 0)
            t[i] = (rdtsc() - t0) / IPC_ROUNDS;
    }
    report("ipc-roundtrip", t, ROUNDS);
    sel4utils_destroy_process(&p, &vka);
}

int main(void)
{
    seL4_BootInfo *bi = platsupport_get_bootinfo();
    allocman_t *allocman;

    simple_default_init_bootinfo(&simple, bi);
    allocman = bootstrap_use_current_simple(&simple, sizeof(pool), pool);
    if (allocman == NULL) {
        printf("libsbench: no allocator\n");
        seL4_DebugHalt();
    }
    allocman_make_vka(&vka, allocman);
    if (sel4utils_bootstrap_vspace_with_bootinfo_leaky(&vspace, &vspace_data,
                                                       simple_get_pd(&simple), &vka, bi) != 0) {
        printf("libsbench: no vspace\n");
        seL4_DebugHalt();
    }
    {
        void *vaddr;
        reservation_t r = vspace_reserve_range(&vspace, BIT(seL4_PageBits) * 100, seL4_AllRights,
                                               1, &vaddr);
        if (r.res != NULL)
            bootstrap_configure_virtual_pool(allocman, vaddr, BIT(seL4_PageBits) * 100,
                                             simple_get_pd(&simple));
    }
    ep = vka_alloc_endpoint_leaky(&vka);
    ntfn = vka_alloc_notification_leaky(&vka);
    printf("libsbench: start\n");
    threads();
    processes();
    ipc();
    printf("libsbench: done\n");
    seL4_DebugHalt();
    return 0;
}
