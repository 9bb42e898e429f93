/*
 * vspace_map_errors: the x86_64 paging invocations by hand, far from the
 * vspace library's ranges.  seL4_X86_Page_Map's errors (seL4_FailedLookup
 * with the missing level from seL4_MappingFailedLookupLevel, alignment,
 * addresses above the user range, a frame cap mapped elsewhere, a PML4
 * without an ASID), the PDPT/PD/PT maps and their DeleteFirst and
 * InvalidCapability, copies of mapped and unmapped caps, two mappings of
 * one frame, GetAddress, unmap and remap.
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

#define BASE 0x500000000000ul

static void result(const char *what, int err)
{
    printf("%s: %d", what, err);
    if (err == seL4_FailedLookup)
        printf(" level=%lu", (unsigned long)seL4_MappingFailedLookupLevel());
    if (err == seL4_InvalidArgument || err == seL4_InvalidCapability)
        printf(" mr0=%lu", (unsigned long)seL4_GetMR(0));
    printf("\n");
}

int main(void)
{
    seL4_CPtr pml4;
    vka_object_t f1, f2, big, pdpt, pd, pt, pt2, pd2, newroot;
    cspacepath_t src, copy;
    seL4_X86_Page_GetAddress_t ga1, ga2;
    int err;

    env_boot();
    pml4 = simple_get_pd(&simple);
    ZF_LOGF_IF(vka_alloc_frame(&vka, seL4_PageBits, &f1) || vka_alloc_frame(&vka, seL4_PageBits, &f2) ||
               vka_alloc_frame(&vka, seL4_LargePageBits, &big) || vka_alloc_pdpt(&vka, &pdpt) ||
               vka_alloc_page_directory(&vka, &pd) || vka_alloc_page_table(&vka, &pt) ||
               vka_alloc_page_table(&vka, &pt2) || vka_alloc_page_directory(&vka, &pd2) ||
               vka_alloc_vspace_root(&vka, &newroot), "objects");

    result("frame, no PDPT", seL4_X86_Page_Map(f1.cptr, pml4, BASE, seL4_AllRights,
                                               seL4_X86_Default_VMAttributes));
    result("page table, no PDPT", seL4_X86_PageTable_Map(pt.cptr, pml4, BASE,
                                                         seL4_X86_Default_VMAttributes));
    result("page directory, no PDPT", seL4_X86_PageDirectory_Map(pd.cptr, pml4, BASE,
                                                                 seL4_X86_Default_VMAttributes));
    result("pdpt", seL4_X86_PDPT_Map(pdpt.cptr, pml4, BASE, seL4_X86_Default_VMAttributes));
    result("frame, no PD", seL4_X86_Page_Map(f1.cptr, pml4, BASE, seL4_AllRights,
                                             seL4_X86_Default_VMAttributes));
    result("page directory", seL4_X86_PageDirectory_Map(pd.cptr, pml4, BASE,
                                                        seL4_X86_Default_VMAttributes));
    result("frame, no PT", seL4_X86_Page_Map(f1.cptr, pml4, BASE, seL4_AllRights,
                                             seL4_X86_Default_VMAttributes));
    /* a page table's address is rounded down to its 2 MiB */
    result("page table (unaligned address)", seL4_X86_PageTable_Map(pt.cptr, pml4, BASE + 0x1234,
                                                                  seL4_X86_Default_VMAttributes));
    result("page table again", seL4_X86_PageTable_Map(pt.cptr, pml4, BASE + BIT(21),
                                                      seL4_X86_Default_VMAttributes));
    result("second page table, same place", seL4_X86_PageTable_Map(pt2.cptr, pml4, BASE,
                                                                    seL4_X86_Default_VMAttributes));
    result("second page directory, same place",
           seL4_X86_PageDirectory_Map(pd2.cptr, pml4, BASE, seL4_X86_Default_VMAttributes));
    result("large page over a page table", seL4_X86_Page_Map(big.cptr, pml4, BASE, seL4_AllRights,
                                                             seL4_X86_Default_VMAttributes));
    result("frame, unaligned", seL4_X86_Page_Map(f1.cptr, pml4, BASE + 0x800, seL4_AllRights,
                                                 seL4_X86_Default_VMAttributes));
    result("large page, unaligned", seL4_X86_Page_Map(big.cptr, pml4, BASE + BIT(21) + 4096,
                                                      seL4_AllRights, seL4_X86_Default_VMAttributes));
    result("frame above the user range", seL4_X86_Page_Map(f1.cptr, pml4, 0x800000000000ul,
                                                           seL4_AllRights,
                                                           seL4_X86_Default_VMAttributes));
    result("frame into a PML4 without ASID", seL4_X86_Page_Map(f1.cptr, newroot.cptr, BASE,
                                                              seL4_AllRights,
                                                              seL4_X86_Default_VMAttributes));
    result("frame", seL4_X86_Page_Map(f1.cptr, pml4, BASE, seL4_AllRights,
                                      seL4_X86_Default_VMAttributes));
    *(volatile seL4_Word *)BASE = 0x5151;
    result("same frame, same place (remap)", seL4_X86_Page_Map(f1.cptr, pml4, BASE, seL4_AllRights,
                                                               seL4_X86_Default_VMAttributes));
    result("same frame, another place", seL4_X86_Page_Map(f1.cptr, pml4, BASE + 4096,
                                                          seL4_AllRights,
                                                          seL4_X86_Default_VMAttributes));
    /* a copy of a mapped frame cap is unmapped: it maps a second view */
    vka_cspace_make_path(&vka, f1.cptr, &src);
    ZF_LOGF_IF(vka_cspace_alloc_path(&vka, &copy), "slot");
    result("copy of a mapped frame", vka_cnode_copy(&copy, &src, seL4_AllRights));
    result("map the copy elsewhere", seL4_X86_Page_Map(copy.capPtr, pml4, BASE + 4096,
                                                       seL4_AllRights,
                                                       seL4_X86_Default_VMAttributes));
    printf("second view reads %#lx\n", (unsigned long)*(volatile seL4_Word *)(BASE + 4096));
    ga1 = seL4_X86_Page_GetAddress(f1.cptr);
    ga2 = seL4_X86_Page_GetAddress(copy.capPtr);
    printf("GetAddress: errors %d %d same=%d\n", ga1.error, ga2.error, ga1.paddr == ga2.paddr);
    result("unmap the copy", seL4_X86_Page_Unmap(copy.capPtr));
    result("unmap the copy again", seL4_X86_Page_Unmap(copy.capPtr));
    result("map f2 where the copy was", seL4_X86_Page_Map(f2.cptr, pml4, BASE + 4096,
                                                          seL4_AllRights,
                                                          seL4_X86_Default_VMAttributes));
    printf("f2 reads %#lx\n", (unsigned long)*(volatile seL4_Word *)(BASE + 4096));
    /* page-table caps: copies only of mapped ones; unmap wants the last cap */
    {
        cspacepath_t ptp, ptc, pt2p;
        vka_cspace_make_path(&vka, pt.cptr, &ptp);
        vka_cspace_make_path(&vka, pt2.cptr, &pt2p);
        ZF_LOGF_IF(vka_cspace_alloc_path(&vka, &ptc), "slot");
        result("copy of an unmapped page table", vka_cnode_copy(&ptc, &pt2p, seL4_AllRights));
        result("copy of a mapped page table", vka_cnode_copy(&ptc, &ptp, seL4_AllRights));
        result("unmap a page table with a copy", seL4_X86_PageTable_Unmap(pt.cptr));
        result("delete the copy", vka_cnode_delete(&ptc));
    }
    result("unmap the page table", seL4_X86_PageTable_Unmap(pt.cptr));
    result("frame after its page table went", seL4_X86_Page_Map(f1.cptr, pml4, BASE,
                                                                 seL4_AllRights,
                                                                 seL4_X86_Default_VMAttributes));
    result("unmap the frame", seL4_X86_Page_Unmap(f1.cptr));
    result("large page", seL4_X86_Page_Map(big.cptr, pml4, BASE, seL4_AllRights,
                                           seL4_X86_Default_VMAttributes));
    ((volatile char *)BASE)[BIT(21) - 1] = 7;
    printf("large page last byte %d\n", ((volatile char *)BASE)[BIT(21) - 1]);
    result("page table over a large page", seL4_X86_PageTable_Map(pt.cptr, pml4, BASE,
                                                                  seL4_X86_Default_VMAttributes));
    /* a PML4 of our own: assign an ASID, then it takes mappings */
    result("assign ASID", seL4_X86_ASIDPool_Assign(seL4_CapInitThreadASIDPool, newroot.cptr));
    result("assign ASID again", seL4_X86_ASIDPool_Assign(seL4_CapInitThreadASIDPool,
                                                         newroot.cptr));
    result("unmap f2", seL4_X86_Page_Unmap(f2.cptr));
    result("frame into the new PML4", seL4_X86_Page_Map(f2.cptr, newroot.cptr, BASE,
                                                        seL4_AllRights,
                                                        seL4_X86_Default_VMAttributes));
    result("frame mapped in another PML4", seL4_X86_Page_Map(big.cptr, newroot.cptr, BASE,
                                                              seL4_AllRights,
                                                              seL4_X86_Default_VMAttributes));
    result("page table into the new PML4, no PDPT",
           seL4_X86_PageTable_Map(pt2.cptr, newroot.cptr, BASE, seL4_X86_Default_VMAttributes));
    printf("vspace_map_errors: done\n");
    return 0;
}
