/*
 * sel4utils/mapping.h - mapping one frame into an address space, making
 * the missing page table, page directory or PDPT on the way.
 */
#pragma once

#include <autoconf.h>
#include <sel4/sel4.h>
#include <sel4/sel4_arch/mapping.h>
#include <utils/util.h>
#include <vka/vka.h>
#include <vka/object.h>
#include <sel4utils/arch/mapping.h>

/*
 * Maps frame at vaddr in the vspace whose root is pd.  Paging structures
 * it has to make are allocated from vka and appended to objects[] (room
 * for *num_objects on entry; on return *num_objects is how many were
 * made).  Returns 0, the seL4 error of the map, or -1 if allocation failed.
 */
int sel4utils_map_page(vka_t *vka, seL4_CPtr pd, seL4_CPtr frame, void *vaddr,
                       seL4_CapRights_t rights, int cacheable, vka_object_t *objects,
                       int *num_objects);

/* As sel4utils_map_page, keeping no record of the paging structures. */
static inline int sel4utils_map_page_leaky(vka_t *vka, seL4_CPtr pd, seL4_CPtr frame,
                                           void *vaddr, seL4_CapRights_t rights, int cacheable)
{
    vka_object_t objects[3];
    int num = 3;

    return sel4utils_map_page(vka, pd, frame, vaddr, rights, cacheable, objects, &num);
}

#include <vspace/vspace.h>

/* Copies the frame cap `page` and maps the copy into vspace; its address. */
void *sel4utils_dup_and_map(vka_t *vka, vspace_t *vspace, seL4_CPtr page, size_t size_bits);
/* Undoes sel4utils_dup_and_map: unmaps, deletes the copy, frees its slot. */
void sel4utils_unmap_dup(vka_t *vka, vspace_t *vspace, void *mapping, size_t size_bits);
