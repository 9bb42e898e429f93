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

#define ROUNDS 12
#define APPS 3

static vka_object_t ep;

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

        configure_process(&p[i], "worker", 200);
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

    env_boot();
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
