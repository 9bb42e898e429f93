/*
 * mapping.c - the paging structure for each failed lookup level (x86_64).
 */
#include <vspace/mapping.h>

static seL4_Error map_pdpt(seL4_CPtr cap, seL4_CPtr root, seL4_Word vaddr, seL4_Word attr)
{
    return seL4_X86_PDPT_Map(cap, root, vaddr, attr);
}

static seL4_Error map_pd(seL4_CPtr cap, seL4_CPtr root, seL4_Word vaddr, seL4_Word attr)
{
    return seL4_X86_PageDirectory_Map(cap, root, vaddr, attr);
}

static seL4_Error map_pt(seL4_CPtr cap, seL4_CPtr root, seL4_Word vaddr, seL4_Word attr)
{
    return seL4_X86_PageTable_Map(cap, root, vaddr, attr);
}

int vspace_get_map_obj(seL4_Word failed_bits, vspace_map_obj_t *obj)
{
    switch (failed_bits) {
    case 39:
        *obj = (vspace_map_obj_t){ seL4_X86_PDPTObject, seL4_PDPTBits, map_pdpt };
        return 0;
    case 30:
        *obj = (vspace_map_obj_t){ seL4_X86_PageDirectoryObject, seL4_PageDirBits, map_pd };
        return 0;
    case 21:
        *obj = (vspace_map_obj_t){ seL4_X86_PageTableObject, seL4_PageTableBits, map_pt };
        return 0;
    default:
        ZF_LOGE("no paging structure for %lu failed bits", (unsigned long)failed_bits);
        return 22;
    }
}
