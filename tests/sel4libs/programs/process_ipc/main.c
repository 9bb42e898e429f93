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
    sel4utils_process_t srv, cli;
    vka_object_t ep, done, ntfn;
    cspacepath_t path;
    seL4_CPtr s_ep, c_ep, c_ntfn, c_done, s_done;
    char strings[3][WORD_STRING_SIZE];
    char *argv[4];
    seL4_Word badge;
    int err;

    env_boot();
    ZF_LOGF_IF(vka_alloc_endpoint(&vka, &ep) || vka_alloc_notification(&vka, &done) ||
               vka_alloc_notification(&vka, &ntfn), "objects");
    configure_process(&srv, "server", 210);
    configure_process(&cli, "client", 200);
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
