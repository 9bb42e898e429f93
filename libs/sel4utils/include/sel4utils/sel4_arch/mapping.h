/*
 * sel4utils/sel4_arch/mapping.h - making the x86_64 paging structure
 * above a page table that a mapping found missing: a page directory or a
 * PDPT, as named by the level seL4 reports after a failed map
 * (seL4_MappingFailedLookupLevel, SEL4_MAPPING_LOOKUP_NO_PD / _NO_PDPT).
 */
#pragma once

#include <sel4/sel4_arch/mapping.h>
#include <vspace/arch/page.h>
#include <vka/vka.h>
#include <vka/object.h>

typedef seL4_Error (*map_fn_t)(seL4_CPtr, seL4_CPtr, seL4_Word, seL4_X86_VMAttributes);
typedef int (*alloc_fn_t)(vka_t *, vka_object_t *);

/*
 * Allocates the structure for level failed_bits from vka, maps it in
 * vspace_root at vaddr and appends it to objects[] (*num_objects grows).
 * If the level turns out to be there already (seL4_DeleteFirst) the new
 * object is freed and 0 returned.  Other levels: seL4_InvalidArgument.
 */
static inline int sel4utils_create_object_at_level(vka_t *vka, seL4_Word failed_bits,
                                                   vka_object_t *objects, int *num_objects,
                                                   void *vaddr, seL4_CPtr vspace_root)
{
    alloc_fn_t alloc;
    map_fn_t map;
    vka_object_t made;
    int err;

    if (failed_bits == SEL4_MAPPING_LOOKUP_NO_PD) {
        alloc = vka_alloc_page_directory;
        map = seL4_X86_PageDirectory_Map;
    } else if (failed_bits == SEL4_MAPPING_LOOKUP_NO_PDPT) {
        alloc = vka_alloc_pdpt;
        map = seL4_X86_PDPT_Map;
    } else {
        ZF_LOGE("no paging structure to make for lookup level %d", (int)failed_bits);
        return seL4_InvalidArgument;
    }
    err = alloc(vka, &made);
    if (err != 0) {
        ZF_LOGE("could not allocate the structure for lookup level %d", (int)failed_bits);
        return err;
    }
    err = map(made.cptr, vspace_root, (seL4_Word)vaddr, seL4_X86_Default_VMAttributes);
    if (err == seL4_DeleteFirst) {
        vka_free_object(vka, &made);
        return 0;
    }
    if (err != seL4_NoError) {
        ZF_LOGE("could not map the structure for lookup level %d", (int)failed_bits);
        vka_free_object(vka, &made);
        return err;
    }
    objects[(*num_objects)++] = made;
    return 0;
}
