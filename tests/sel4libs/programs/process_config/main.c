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
    sel4utils_process_config_t config;
    vka_object_t ep;
    cspacepath_t path;
    seL4_CPtr slot;
    char strings[1][WORD_STRING_SIZE];
    char *argv[2];
    seL4_Word badge;
    seL4_MessageInfo_t info;
    int err;

    env_boot();
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
