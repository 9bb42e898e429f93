/*
 * mapping.c - sel4utils_map_page and the dup-and-map pair.
 *
 * A failed frame map names the level that is missing
 * (seL4_MappingFailedLookupLevel); we make that structure, map it, and
 * try again.  At most three levels can be missing below a PML4.
 */
#include <vspace/mapping.h>
#include <vka/capops.h>
#include <sel4utils/mapping.h>

static seL4_Word vm_attributes(int cacheable)
{
    return cacheable ? seL4_X86_Default_VMAttributes : seL4_X86_CacheDisabled;
}

static int make_level(vka_t *vka, seL4_CPtr pd, void *vaddr, vka_object_t *obj)
{
    vspace_map_obj_t mo;
    seL4_Error err;

    if (vspace_get_map_obj(seL4_MappingFailedLookupLevel(), &mo) != 0)
        return -1;
    if (vka_alloc_object(vka, mo.type, mo.size_bits, obj) != 0)
        return -1;
    err = vspace_map_obj(&mo, obj->cptr, pd, (seL4_Word)vaddr, seL4_X86_Default_VMAttributes);
    if (err != seL4_NoError) {
        ZF_LOGE("mapping a paging structure at %p failed (error %d)", vaddr, err);
        vka_free_object(vka, obj);
        return err;
    }
    return 0;
}

int sel4utils_map_page(vka_t *vka, seL4_CPtr pd, seL4_CPtr frame, void *vaddr,
                       seL4_CapRights_t rights, int cacheable, vka_object_t *objects,
                       int *num_objects)
{
    int room = *num_objects, made = 0, err;

    for (;;) {
        err = seL4_X86_Page_Map(frame, pd, (seL4_Word)vaddr, rights, vm_attributes(cacheable));
        if (err != seL4_FailedLookup)
            break;
        if (made == room) {
            ZF_LOGE("no room to record another paging structure");
            err = -1;
            break;
        }
        err = make_level(vka, pd, vaddr, &objects[made]);
        if (err != 0)
            break;
        made++;
    }
    *num_objects = made;
    if (err != seL4_NoError)
        ZF_LOGE("mapping frame %lu at %p failed (error %d)", (unsigned long)frame, vaddr, err);
    return err;
}

void *sel4utils_dup_and_map(vka_t *vka, vspace_t *vspace, seL4_CPtr page, size_t size_bits)
{
    cspacepath_t src, dest;
    void *vaddr;

    if (vka_cspace_alloc_path(vka, &dest) != 0)
        return NULL;
    vka_cspace_make_path(vka, page, &src);
    if (vka_cnode_copy(&dest, &src, seL4_AllRights) != seL4_NoError) {
        vka_cspace_free(vka, dest.capPtr);
        return NULL;
    }
    vaddr = vspace_map_pages(vspace, &dest.capPtr, NULL, seL4_AllRights, 1, size_bits, 1);
    if (vaddr == NULL) {
        vka_cnode_delete(&dest);
        vka_cspace_free(vka, dest.capPtr);
    }
    return vaddr;
}

void sel4utils_unmap_dup(vka_t *vka, vspace_t *vspace, void *mapping, size_t size_bits)
{
    cspacepath_t path;
    seL4_CPtr copy = vspace_get_cap(vspace, mapping);

    vspace_unmap_pages(vspace, mapping, 1, size_bits, VSPACE_PRESERVE);
    if (copy == seL4_CapNull)
        return;
    vka_cspace_make_path(vka, copy, &path);
    vka_cnode_delete(&path);
    vka_cspace_free(vka, copy);
}
