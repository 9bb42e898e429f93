/*
 * sel4utils/process.h - processes: a thread in its own address space and
 * CSpace, loaded from an ELF image in the root task's CPIO archive.
 *
 * sel4utils_configure_process_custom makes what the config asks for (PML4
 * with an ASID, vspace, CNode, fault endpoint), loads the image and
 * configures the thread (priority 0 unless the config says otherwise);
 * sel4utils_spawn_process_v puts argc/argv/envp/auxv on its stack (System
 * V layout) and starts it.  A created CNode is laid out as below: the
 * first cap you give the process (sel4utils_mint_cap_to_process ...) goes
 * to slot SEL4UTILS_FIRST_FREE, the next to the slot after it.
 * sel4utils_destroy_process gives every object and slot back.
 */
#pragma once

#include <stdbool.h>
#include <sel4/sel4.h>
#include <vka/vka.h>
#include <vspace/vspace.h>
#include <sel4utils/thread.h>
#include <sel4utils/process_config.h>
#include <sel4utils/vspace.h>
#include <sel4utils/elf.h>
#include <sel4utils/gen_config.h>

/* Bytes for one word printed in decimal, with its NUL. */
#define WORD_STRING_SIZE ((CONFIG_WORD_SIZE / 3) + 1)

typedef struct object_node object_node_t;

struct object_node {
    vka_object_t object;
    object_node_t *next;
};

typedef struct {
    vka_object_t pd;                   /* the PML4 */
    vspace_t vspace;
    sel4utils_alloc_data_t data;
    vka_object_t cspace;               /* the CNode */
    uint32_t cspace_size;              /* its radix */
    uint32_t cspace_next_free;         /* next slot for a cap given to it */
    sel4utils_thread_t thread;
    vka_object_t fault_endpoint;
    void *entry_point;
    uintptr_t sysinfo;
    seL4_CPtr dest_tcb_cptr;           /* its TCB in its own CSpace (0: none) */
    seL4_Word pagesz;
    object_node_t *allocated_object_list_head;   /* paging structures */
    int num_elf_phdrs;
    Elf_Phdr *elf_phdrs;
    int num_elf_regions;
    sel4utils_elf_region_t *elf_regions;
    bool own_vspace;
    bool own_cspace;
    bool own_ep;
} sel4utils_process_t;

enum sel4utils_cspace_layout {
    SEL4UTILS_NULL_SLOT = 0,
    SEL4UTILS_CNODE_SLOT = 1,            /* its own CNode (guard fills the word) */
    SEL4UTILS_ENDPOINT_SLOT = 2,         /* its fault endpoint */
    SEL4UTILS_PD_SLOT = 3,               /* its PML4 */
    SEL4UTILS_ASID_POOL_SLOT = 4,        /* the ASID pool */
    SEL4UTILS_TCB_SLOT = 5,              /* its TCB */
    SEL4UTILS_SCHED_CONTEXT_SLOT = 6,    /* MCS only: empty */
    SEL4UTILS_REPLY_SLOT = 7,            /* MCS only: empty */
    SEL4UTILS_FIRST_FREE = 8
};

/* Starts the process with argv on its stack (System V _start layout:
 * argc, argv, NULL, envp (empty), NULL, auxv).  0 / -1. */
int sel4utils_spawn_process_v(sel4utils_process_t *process, vka_t *vka, vspace_t *vspace,
                              int argc, char *argv[], int resume);

/* As sel4utils_spawn_process_v. */
int sel4utils_spawn_process(sel4utils_process_t *process, vka_t *vka, vspace_t *vspace,
                            int argc, char *argv[], int resume);

/* process_config_default(image_name, seL4_CapInitThreadASIDPool). */
int sel4utils_configure_process(sel4utils_process_t *process, vka_t *vka, vspace_t *vspace,
                                const char *image_name);

int sel4utils_configure_process_custom(sel4utils_process_t *process, vka_t *target_vka,
                                       vspace_t *spawner_vspace,
                                       sel4utils_process_config_t config);

/* These put a cap into the process's next free slot and return that slot
 * (as the process names it), or 0 on failure. */
seL4_CPtr sel4utils_copy_path_to_process(sel4utils_process_t *process, cspacepath_t src);
seL4_CPtr sel4utils_copy_cap_to_process(sel4utils_process_t *process, vka_t *vka, seL4_CPtr cap);
seL4_CPtr sel4utils_move_cap_to_process(sel4utils_process_t *process, cspacepath_t src,
                                        vka_t *from_vka);
seL4_CPtr sel4utils_mint_cap_to_process(sel4utils_process_t *process, cspacepath_t src,
                                        seL4_CapRights_t rights, seL4_Word data);

/* Stops the process and frees everything configure made for it. */
void sel4utils_destroy_process(sel4utils_process_t *process, vka_t *vka);

/* The vspace hook that records paging structures for destroy. */
void sel4utils_allocated_object(void *cookie, vka_object_t object);

/* argv[i] = strings[i] = the i-th word in decimal. */
void sel4utils_create_word_args(char strings[][WORD_STRING_SIZE], char *argv[], int argc, ...);

/* An initial cap (seL4_CapInitThreadTCB ...) as a sel4utils process sees it. */
seL4_CPtr sel4utils_process_init_cap(void *data, seL4_CPtr cap);
