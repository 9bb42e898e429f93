/*
 * vspace_share: memory shared between the root task and a process with
 * vspace_share_mem.  The process reads what the root task wrote and
 * writes an answer the root task sees; a page shared read-only makes the
 * process's write a VM fault on its fault endpoint; unmapping the shared
 * pages from the process's vspace with VSPACE_FREE gives their slots
 * back, so rounds of share, unmap and destroy lose none.  App: peer/.
 */
#include <stdio.h>
#include <sel4/sel4.h>
#include <simple/simple.h>
#include <vka/object.h>
#include <vka/capops.h>
#include <vka/object_capops.h>
#include <vspace/vspace.h>
#include <sel4utils/vspace.h>
#include <sel4utils/thread.h>
#include <sel4utils/mapping.h>
#include <utils/util.h>
#include "env.h"

#include <string.h>
#include <sel4utils/process.h>

#define ROUNDS 6

static vka_object_t ep;

/* One round: share two read-write pages and one read-only page with a
 * new peer, let it work, check, clean up.  Returns 1 if all went well. */
static int share_round(int round, volatile seL4_Word *rw, volatile seL4_Word *ro, bool verbose)
{
    sel4utils_process_t p;
    cspacepath_t path;
    char strings[4][WORD_STRING_SIZE];
    char *argv[5];
    void *p_rw, *p_ro;
    seL4_Word badge;
    seL4_MessageInfo_t info;
    seL4_Fault_t f;
    int ok = 1;

    configure_process(&p, "peer", 200);
    vka_cspace_make_path(&vka, ep.cptr, &path);
    seL4_CPtr slot = sel4utils_mint_cap_to_process(&p, path, seL4_AllRights, 0x50 + round);
    p_rw = vspace_share_mem(&vspace, &p.vspace, (void *)rw, 2, seL4_PageBits, seL4_AllRights, 1);
    p_ro = vspace_share_mem(&vspace, &p.vspace, (void *)ro, 1, seL4_PageBits, seL4_CanRead, 1);
    if (verbose)
        printf("share: rw %s, ro %s, distinct %d\n", p_rw ? "ok" : "NULL", p_ro ? "ok" : "NULL",
               p_rw != p_ro);
    rw[0] = 1000 + round;
    rw[512] = 2000 + round;
    ro[0] = 3000 + round;
    sel4utils_create_word_args(strings, argv + 1, 3, slot, (seL4_Word)p_rw, (seL4_Word)p_ro);
    argv[0] = "peer";
    ok &= sel4utils_spawn_process_v(&p, &vka, &vspace, 4, argv, 1) == 0;
    info = seL4_Recv(ep.cptr, &badge);
    if (verbose)
        printf("peer read %lu %lu %lu, badge %#lx\n", (unsigned long)seL4_GetMR(0),
               (unsigned long)seL4_GetMR(1), (unsigned long)seL4_GetMR(2), (unsigned long)badge);
    ok &= seL4_GetMR(0) == 1000 + (seL4_Word)round && seL4_GetMR(2) == 3000 + (seL4_Word)round;
    ok &= badge == 0x50 + (seL4_Word)round;
    if (verbose)
        printf("root reads what the peer wrote: %lu\n", (unsigned long)rw[513]);
    ok &= rw[513] == 4000 + (seL4_Word)round;
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    /* its write to the read-only page */
    info = seL4_Recv(p.fault_endpoint.cptr, &badge);
    f = seL4_getFault(info);
    if (verbose)
        printf("peer fault: type=%lu at the ro page=%d fsr=%#lx\n",
               (unsigned long)seL4_Fault_get_seL4_FaultType(f),
               seL4_Fault_VMFault_get_Addr(f) == (seL4_Word)p_ro,
               (unsigned long)seL4_Fault_VMFault_get_FSR(f));
    ok &= seL4_Fault_get_seL4_FaultType(f) == seL4_Fault_VMFault;
    if (verbose)
        printf("ro page unchanged: %d\n", ro[0] == 3000 + (seL4_Word)round);
    ok &= ro[0] == 3000 + (seL4_Word)round;
    vspace_unmap_pages(&p.vspace, p_rw, 2, seL4_PageBits, VSPACE_FREE);
    vspace_unmap_pages(&p.vspace, p_ro, 1, seL4_PageBits, VSPACE_FREE);
    sel4utils_destroy_process(&p, &vka);
    return ok;
}

int main(void)
{
    volatile seL4_Word *rw, *ro;
    int before, good = 0;

    env_boot();
    ZF_LOGF_IF(vka_alloc_endpoint(&vka, &ep), "ep");
    rw = vspace_new_pages(&vspace, seL4_AllRights, 2, seL4_PageBits);
    ro = vspace_new_pages(&vspace, seL4_AllRights, 1, seL4_PageBits);
    ZF_LOGF_IF(rw == NULL || ro == NULL, "pages");
    printf("round 0: %s\n", share_round(0, rw, ro, true) ? "ok" : "FAILED");
    before = free_slots();
    for (int r = 1; r <= ROUNDS; r++)
        good += share_round(r, rw, ro, false);
    printf("rounds ok: %d of %d\n", good, ROUNDS);
    printf("slots lost: %d\n", before - free_slots());
    printf("root pages still mapped: %d %d\n", vspace_get_cap(&vspace, (void *)rw) != 0,
           vspace_get_cap(&vspace, (void *)ro) != 0);
    printf("vspace_share: done\n");
    return 0;
}
