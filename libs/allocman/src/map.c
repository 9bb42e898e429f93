/*
 * map.c - mapping the virtual pool's frames into the root task's own
 * address space, with the paging structures made here when missing.
 */
#include <vspace/mapping.h>
#include <vka/object.h>
#include <allocman/allocman.h>
#include "allocman_internal.h"

/* One paging structure for the level named by failed_bits, mapped. */
static int make_level(allocman_t *a, seL4_CPtr pd, uintptr_t vaddr, seL4_Word failed_bits)
{
    vspace_map_obj_t obj;
    cspacepath_t p;
    int err;

    if (vspace_get_map_obj(failed_bits, &obj) != 0 || allocman_cspace_alloc(a, &p) != 0)
        return -1;
    allocman_utspace_alloc(a, obj.size_bits, obj.type, &p, false, &err);
    if (err) {
        allocman_cspace_free(a, &p);
        return -1;
    }
    return vspace_map_obj(&obj, p.capPtr, pd, vaddr, seL4_X86_Default_VMAttributes);
}

int allocman_map_page_internal(allocman_t *alloc, seL4_CPtr pd, seL4_CPtr frame, uintptr_t vaddr)
{
    for (int tries = 0; tries < 4; tries++) {
        seL4_Error err = seL4_X86_Page_Map(frame, pd, vaddr, seL4_ReadWrite,
                                           seL4_X86_Default_VMAttributes);
        if (err == seL4_NoError)
            return 0;
        if (err != seL4_FailedLookup)
            return err;
        if (make_level(alloc, pd, vaddr, seL4_MappingFailedLookupLevel()) != 0)
            return -1;
    }
    return -1;
}
