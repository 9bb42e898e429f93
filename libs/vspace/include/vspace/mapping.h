/*
 * vspace/mapping.h - after a frame map fails with seL4_FailedLookup, which
 * paging structure is missing and how to map one.
 *
 * seL4_MappingFailedLookupLevel() gives the number of address bits still
 * untranslated where the walk stopped: 39 (no PDPT), 30 (no page
 * directory) or 21 (no page table).
 */
#pragma once

#include <sel4/sel4.h>
#include <utils/util.h>

typedef seL4_Error (*vspace_map_fn_t)(seL4_CPtr cap, seL4_CPtr vspace_root, seL4_Word vaddr,
                                      seL4_Word attr);

typedef struct {
    seL4_Word type;          /* object type to retype */
    seL4_Word size_bits;     /* its size */
    vspace_map_fn_t map_fn;  /* how to map it */
} vspace_map_obj_t;

/* Fills obj for a failed_bits value; 0, or EINVAL (22) for an unknown one. */
int vspace_get_map_obj(seL4_Word failed_bits, vspace_map_obj_t *obj);

static inline seL4_Error vspace_map_obj(vspace_map_obj_t *obj, seL4_CPtr cap, seL4_CPtr vspace,
                                        seL4_Word vaddr, seL4_Word attr)
{
    if (obj == NULL || obj->map_fn == NULL)
        ZF_LOGF("obj must be populated");
    return obj->map_fn(cap, vspace, vaddr, attr);
}
