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

    env_boot();
    ZF_LOGF_IF(vka_alloc_endpoint(&vka, &ep) || vka_alloc_notification(&vka, &ntfn) ||
               vka_alloc_notification(&vka, &moved), "objects");
    configure_process(&p, "probe", 200);
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
