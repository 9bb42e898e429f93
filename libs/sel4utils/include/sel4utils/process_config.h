/*
 * sel4utils/process_config.h - what sel4utils_configure_process_custom
 * should make for a new process, and builder functions returning an
 * updated copy: config = process_config_priority(config, 100).
 */
#pragma once

#include <stdbool.h>
#include <sel4/sel4.h>
#include <simple/simple.h>
#include <vka/object.h>
#include <vspace/vspace.h>
#include <sel4utils/api.h>
#include <sel4utils/elf.h>
#include <sel4utils/thread_config.h>
#include <sel4utils/gen_config.h>

typedef struct {
    bool is_elf;                      /* load an ELF image? */
    const char *image_name;           /* its name in the CPIO archive */
    bool do_elf_load;                 /* load it now (else only reserve) */
    void *entry_point;                /* if not an ELF */
    uintptr_t sysinfo;
    bool create_cspace;               /* a new single-level CNode ... */
    int one_level_cspace_size_bits;   /* ... of this radix */
    seL4_CPtr dest_cspace_tcb_cptr;   /* else: where the process finds its TCB */
    vka_object_t cnode;               /* else: its CSpace root */
    bool create_vspace;               /* a new PML4 and vspace ... */
    vspace_t *vspace;                 /* else: these */
    vka_object_t page_dir;
    sel4utils_elf_region_t *reservations;   /* ranges to keep free in a new vspace */
    int num_reservations;
    bool create_fault_endpoint;       /* a new fault endpoint ... */
    vka_object_t fault_endpoint;      /* else: this one */
    sched_params_t sched_params;
    seL4_CPtr asid_pool;              /* for the new PML4 */
} sel4utils_process_config_t;

static inline sel4utils_process_config_t
process_config_asid_pool(sel4utils_process_config_t config, seL4_CPtr asid_pool)
{
    config.asid_pool = asid_pool;
    return config;
}

static inline sel4utils_process_config_t
process_config_auth(sel4utils_process_config_t config, seL4_CPtr auth)
{
    config.sched_params.auth = auth;
    return config;
}

/* Authority = our TCB, ASID pool = our initial pool (from simple). */
static inline sel4utils_process_config_t process_config_new(simple_t *simple)
{
    sel4utils_process_config_t config = {0};

    config = process_config_auth(config, simple_get_tcb(simple));
    return process_config_asid_pool(config,
                                    simple_get_init_cap(simple, seL4_CapInitThreadASIDPool));
}

static inline sel4utils_process_config_t
process_config_elf(sel4utils_process_config_t config, const char *image_name, bool preload)
{
    config.is_elf = true;
    config.image_name = image_name;
    config.do_elf_load = preload;
    return config;
}

static inline sel4utils_process_config_t
process_config_noelf(sel4utils_process_config_t config, void *entry_point, uintptr_t sysinfo)
{
    config.is_elf = false;
    config.entry_point = entry_point;
    config.sysinfo = sysinfo;
    return config;
}

static inline sel4utils_process_config_t
process_config_cnode(sel4utils_process_config_t config, vka_object_t cnode)
{
    config.create_cspace = false;
    config.cnode = cnode;
    return config;
}

static inline sel4utils_process_config_t
process_config_create_cnode(sel4utils_process_config_t config, int size_bits)
{
    config.create_cspace = true;
    config.one_level_cspace_size_bits = size_bits;
    return config;
}

static inline sel4utils_process_config_t
process_config_vspace(sel4utils_process_config_t config, vspace_t *vspace, vka_object_t page_dir)
{
    config.create_vspace = false;
    config.vspace = vspace;
    config.page_dir = page_dir;
    return config;
}

static inline sel4utils_process_config_t
process_config_create_vspace(sel4utils_process_config_t config,
                             sel4utils_elf_region_t *reservations, int num_reservations)
{
    config.create_vspace = true;
    config.reservations = reservations;
    config.num_reservations = num_reservations;
    return config;
}

static inline sel4utils_process_config_t
process_config_priority(sel4utils_process_config_t config, uint8_t priority)
{
    config.sched_params.priority = priority;
    return config;
}

static inline sel4utils_process_config_t
process_config_mcp(sel4utils_process_config_t config, uint8_t mcp)
{
    config.sched_params.mcp = mcp;
    return config;
}

static inline sel4utils_process_config_t
process_config_create_fault_endpoint(sel4utils_process_config_t config)
{
    config.create_fault_endpoint = true;
    return config;
}

static inline sel4utils_process_config_t
process_config_fault_endpoint(sel4utils_process_config_t config, vka_object_t fault_endpoint)
{
    config.fault_endpoint = fault_endpoint;
    config.create_fault_endpoint = false;
    return config;
}

static inline sel4utils_process_config_t
process_config_fault_cptr(sel4utils_process_config_t config, seL4_CPtr fault_cptr)
{
    config.fault_endpoint.cptr = fault_cptr;
    config.create_fault_endpoint = false;
    return config;
}

/* ELF image_name from the CPIO archive, new CNode (2^12), vspace and
 * fault endpoint, ASID pool asid_pool. */
static inline sel4utils_process_config_t process_config_default(const char *image_name,
                                                                seL4_CPtr asid_pool)
{
    sel4utils_process_config_t config = {0};

    config = process_config_asid_pool(config, asid_pool);
    config = process_config_elf(config, image_name, true);
    config = process_config_create_cnode(config, CONFIG_SEL4UTILS_CSPACE_SIZE_BITS);
    config = process_config_create_vspace(config, NULL, 0);
    return process_config_create_fault_endpoint(config);
}

/* As process_config_default, with authority and pool from simple, at prio. */
static inline sel4utils_process_config_t
process_config_default_simple(simple_t *simple, const char *image_name, uint8_t prio)
{
    sel4utils_process_config_t config = process_config_new(simple);

    config = process_config_elf(config, image_name, true);
    config = process_config_create_cnode(config, CONFIG_SEL4UTILS_CSPACE_SIZE_BITS);
    config = process_config_create_vspace(config, NULL, 0);
    config = process_config_create_fault_endpoint(config);
    return process_config_priority(config, prio);
}
