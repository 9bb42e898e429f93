/*
 * process.c - configuring, giving caps to and destroying sel4utils
 * processes (see sel4utils/process.h; spawning is in process_spawn.c).
 *
 * Caps go into the process's CNode through our cap to it: the CNode cap
 * itself is the service, and a slot index resolves with depth = its radix
 * (the cap we hold has no guard).  The process's own copy of its CNode
 * cap (slot 1) carries a guard of 64 - radix bits, so a plain cptr < 2^radix
 * names a slot there with depth 64.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <cpio/cpio.h>
#include <vka/capops.h>
#include <sel4utils/process.h>

extern char _cpio_archive[], _cpio_archive_end[];

static seL4_Word cnode_guard(sel4utils_process_t *p)
{
    return api_make_guard_skip_word(seL4_WordBits - p->cspace_size);
}

/* Mint or copy src into slot `slot` of the process CNode. */
static int put_cap(sel4utils_process_t *p, seL4_CPtr slot, const cspacepath_t *src,
                   seL4_CapRights_t rights, seL4_Word data, bool mint)
{
    if (mint)
        return seL4_CNode_Mint(p->cspace.cptr, slot, p->cspace_size, src->root, src->capPtr,
                               src->capDepth, rights, data);
    return seL4_CNode_Copy(p->cspace.cptr, slot, p->cspace_size, src->root, src->capPtr,
                           src->capDepth, rights);
}

static int put_own_cap(sel4utils_process_t *p, vka_t *vka, seL4_CPtr slot, seL4_CPtr cap,
                       bool mint, seL4_Word data)
{
    cspacepath_t src;

    vka_cspace_make_path(vka, cap, &src);
    return put_cap(p, slot, &src, seL4_AllRights, data, mint);
}

void sel4utils_allocated_object(void *cookie, vka_object_t object)
{
    sel4utils_process_t *p = cookie;
    object_node_t *node = malloc(sizeof(*node));

    if (node == NULL) {
        ZF_LOGE("no memory to record an object of the process; it will leak");
        return;
    }
    node->object = object;
    node->next = p->allocated_object_list_head;
    p->allocated_object_list_head = node;
}

static int make_vspace(sel4utils_process_t *p, vka_t *vka, vspace_t *spawner,
                       sel4utils_process_config_t *c)
{
    int err;

    if (!c->create_vspace) {
        p->pd = c->page_dir;
        p->vspace = *c->vspace;
        return 0;
    }
    if (vka_alloc_vspace_root(vka, &p->pd) != 0)
        return -1;
    p->own_vspace = true;
    err = seL4_X86_ASIDPool_Assign(c->asid_pool ? c->asid_pool : seL4_CapInitThreadASIDPool,
                                   p->pd.cptr);
    if (err) {
        ZF_LOGE("ASIDPool_Assign failed (error %d)", err);
        return -1;
    }
    if (sel4utils_get_vspace(spawner, &p->vspace, &p->data, vka, p->pd.cptr,
                             sel4utils_allocated_object, p) != 0)
        return -1;
    for (int i = 0; i < c->num_reservations; i++) {
        sel4utils_elf_region_t *r = &c->reservations[i];
        r->reservation = vspace_reserve_range_at(&p->vspace, (void *)r->elf_vstart, r->size,
                                                 r->rights, r->cacheable);
        if (r->reservation.res == NULL)
            return -1;
    }
    return 0;
}

/* The new CNode with its standard caps (the TCB comes after the thread). */
static int make_cspace(sel4utils_process_t *p, vka_t *vka, sel4utils_process_config_t *c)
{
    if (!c->create_cspace) {
        p->cspace = c->cnode;
        p->dest_tcb_cptr = c->dest_cspace_tcb_cptr;
        return 0;
    }
    if (c->one_level_cspace_size_bits <= 0 || c->one_level_cspace_size_bits >= 32 ||
        vka_alloc_cnode_object(vka, c->one_level_cspace_size_bits, &p->cspace) != 0)
        return -1;
    p->own_cspace = true;
    p->cspace_size = c->one_level_cspace_size_bits;
    if (put_own_cap(p, vka, SEL4UTILS_CNODE_SLOT, p->cspace.cptr, true, cnode_guard(p)) ||
        put_own_cap(p, vka, SEL4UTILS_PD_SLOT, p->pd.cptr, false, 0))
        return -1;
    if (c->asid_pool && put_own_cap(p, vka, SEL4UTILS_ASID_POOL_SLOT, c->asid_pool, false, 0))
        return -1;
    if (p->fault_endpoint.cptr &&
        put_own_cap(p, vka, SEL4UTILS_ENDPOINT_SLOT, p->fault_endpoint.cptr, false, 0))
        return -1;
    p->cspace_next_free = SEL4UTILS_FIRST_FREE;
    return 0;
}

static int load_image(sel4utils_process_t *p, vka_t *vka, vspace_t *spawner,
                      sel4utils_process_config_t *c)
{
    unsigned long size;
    elf_t elf;
    const void *file;

    if (!c->is_elf) {
        p->entry_point = c->entry_point;
        p->sysinfo = c->sysinfo;
        return 0;
    }
    file = cpio_get_file(_cpio_archive, _cpio_archive_end - _cpio_archive, c->image_name, &size);
    if (file == NULL) {
        ZF_LOGE("no image '%s' in the CPIO archive", c->image_name ? c->image_name : "(null)");
        return -1;
    }
    if (elf_newFile(file, size, &elf) != 0) {
        ZF_LOGE("'%s' is not an ELF64 x86_64 image", c->image_name);
        return -1;
    }
    p->num_elf_regions = sel4utils_elf_num_regions(&elf);
    p->elf_regions = calloc(p->num_elf_regions + 1, sizeof(*p->elf_regions));
    p->num_elf_phdrs = sel4utils_elf_num_phdrs(&elf);
    p->elf_phdrs = calloc(p->num_elf_phdrs + 1, sizeof(*p->elf_phdrs));
    if (p->elf_regions == NULL || p->elf_phdrs == NULL)
        return -1;
    sel4utils_elf_read_phdrs(&elf, p->num_elf_phdrs, p->elf_phdrs);
    if (!c->do_elf_load)
        return sel4utils_elf_reserve(&p->vspace, &elf, p->elf_regions);
    p->entry_point = sel4utils_elf_load_record_regions(&p->vspace, spawner, vka, vka, &elf,
                                                       p->elf_regions, 0);
    p->sysinfo = sel4utils_elf_get_vsyscall(&elf);
    return p->entry_point == NULL ? -1 : 0;
}

static int make_thread(sel4utils_process_t *p, vka_t *vka, vspace_t *spawner,
                       sel4utils_process_config_t *c)
{
    sel4utils_thread_config_t tc = {0};
    seL4_CPtr fault = c->create_cspace ? (p->fault_endpoint.cptr ? SEL4UTILS_ENDPOINT_SLOT : 0)
                                       : p->fault_endpoint.cptr;

    tc = thread_config_fault_endpoint(tc, fault);
    tc = thread_config_cspace(tc, p->cspace.cptr, c->create_cspace ? cnode_guard(p) : 0);
    tc.sched_params = c->sched_params;
    if (sel4utils_configure_thread_config(vka, spawner, &p->vspace, tc, &p->thread) != 0)
        return -1;
    if (c->create_cspace) {
        if (put_own_cap(p, vka, SEL4UTILS_TCB_SLOT, p->thread.tcb.cptr, false, 0))
            return -1;
        p->dest_tcb_cptr = SEL4UTILS_TCB_SLOT;
    }
    return 0;
}

int sel4utils_configure_process_custom(sel4utils_process_t *process, vka_t *vka,
                                       vspace_t *spawner, sel4utils_process_config_t config)
{
    sel4utils_process_t *p = process;

    if (p == NULL || vka == NULL || spawner == NULL) {
        ZF_LOGE("process, vka and spawner vspace are required");
        return -1;
    }
    memset(p, 0, sizeof(*p));
    p->pagesz = BIT(seL4_PageBits);
    if (config.create_fault_endpoint) {
        if (vka_alloc_endpoint(vka, &p->fault_endpoint) != 0)
            goto fail;
        p->own_ep = true;
    } else {
        p->fault_endpoint = config.fault_endpoint;
    }
    if (make_vspace(p, vka, spawner, &config) || make_cspace(p, vka, &config) ||
        load_image(p, vka, spawner, &config) || make_thread(p, vka, spawner, &config))
        goto fail;
    return 0;
fail:
    ZF_LOGE("configuring the process failed");
    sel4utils_destroy_process(p, vka);
    return -1;
}

int sel4utils_configure_process(sel4utils_process_t *process, vka_t *vka, vspace_t *vspace,
                                const char *image_name)
{
    return sel4utils_configure_process_custom(process, vka, vspace,
                                              process_config_default(image_name,
                                                                     seL4_CapInitThreadASIDPool));
}

/* The next free slot of the process, or 0 when there is none. */
static seL4_CPtr next_slot(sel4utils_process_t *p)
{
    if (!p->own_cspace && p->cspace_next_free == 0) {
        ZF_LOGE("the process has no CSpace made by sel4utils");
        return 0;
    }
    if (p->cspace_next_free >= BIT(p->cspace_size)) {
        ZF_LOGE("the process's CSpace is full");
        return 0;
    }
    return p->cspace_next_free;
}

static seL4_CPtr give(sel4utils_process_t *p, const cspacepath_t *src, seL4_CapRights_t rights,
                      seL4_Word data, bool mint)
{
    seL4_CPtr slot = next_slot(p);
    int err;

    if (slot == 0)
        return 0;
    err = put_cap(p, slot, src, rights, data, mint);
    if (err) {
        ZF_LOGE("%s into the process failed (error %d)", mint ? "Mint" : "Copy", err);
        return 0;
    }
    p->cspace_next_free++;
    return slot;
}

seL4_CPtr sel4utils_mint_cap_to_process(sel4utils_process_t *process, cspacepath_t src,
                                        seL4_CapRights_t rights, seL4_Word data)
{
    return give(process, &src, rights, data, true);
}

seL4_CPtr sel4utils_copy_path_to_process(sel4utils_process_t *process, cspacepath_t src)
{
    return give(process, &src, seL4_AllRights, 0, false);
}

seL4_CPtr sel4utils_copy_cap_to_process(sel4utils_process_t *process, vka_t *vka, seL4_CPtr cap)
{
    cspacepath_t src;

    vka_cspace_make_path(vka, cap, &src);
    return sel4utils_copy_path_to_process(process, src);
}

seL4_CPtr sel4utils_move_cap_to_process(sel4utils_process_t *process, cspacepath_t src,
                                        vka_t *from_vka)
{
    seL4_CPtr slot = next_slot(process);
    int err;

    if (slot == 0)
        return 0;
    err = seL4_CNode_Move(process->cspace.cptr, slot, process->cspace_size, src.root,
                          src.capPtr, src.capDepth);
    if (err) {
        ZF_LOGE("Move into the process failed (error %d)", err);
        return 0;
    }
    process->cspace_next_free++;
    if (from_vka != NULL)
        vka_cspace_free(from_vka, src.capPtr);
    return slot;
}

/* The thread first (it stops), then its CNode (every cap given to it),
 * its frames, paging structures, PML4 and fault endpoint. */
void sel4utils_destroy_process(sel4utils_process_t *process, vka_t *vka)
{
    sel4utils_process_t *p = process;

    if (p->thread.tcb.cptr != 0 || p->thread.stack_top != NULL)
        sel4utils_clean_up_thread(vka, &p->vspace, &p->thread);
    if (p->own_cspace && p->cspace.cptr != 0) {
        cspacepath_t path;
        vka_cspace_make_path(vka, p->cspace.cptr, &path);
        vka_cnode_revoke(&path);
        vka_free_object(vka, &p->cspace);
    }
    if (p->own_vspace && p->vspace.data != NULL)
        vspace_tear_down(&p->vspace, VSPACE_FREE);
    while (p->allocated_object_list_head != NULL) {
        object_node_t *node = p->allocated_object_list_head;
        p->allocated_object_list_head = node->next;
        vka_free_object(vka, &node->object);
        free(node);
    }
    if (p->own_vspace && p->pd.cptr != 0)
        vka_free_object(vka, &p->pd);
    if (p->own_ep && p->fault_endpoint.cptr != 0)
        vka_free_object(vka, &p->fault_endpoint);
    free(p->elf_phdrs);
    free(p->elf_regions);
    memset(p, 0, sizeof(*p));
}

void sel4utils_create_word_args(char strings[][WORD_STRING_SIZE], char *argv[], int argc, ...)
{
    va_list ap;

    va_start(ap, argc);
    for (int i = 0; i < argc; i++) {
        snprintf(strings[i], WORD_STRING_SIZE, "%lu", (unsigned long)va_arg(ap, seL4_Word));
        argv[i] = strings[i];
    }
    va_end(ap);
}

seL4_CPtr sel4utils_process_init_cap(void *data, seL4_CPtr cap)
{
    (void)data;
    switch (cap) {
    case seL4_CapInitThreadTCB:   return SEL4UTILS_TCB_SLOT;
    case seL4_CapInitThreadCNode: return SEL4UTILS_CNODE_SLOT;
    case seL4_CapInitThreadVSpace: return SEL4UTILS_PD_SLOT;
    case seL4_CapInitThreadASIDPool: return SEL4UTILS_ASID_POOL_SLOT;
    default:
        ZF_LOGE("no cap %lu in a sel4utils process", (unsigned long)cap);
        return seL4_CapNull;
    }
}
