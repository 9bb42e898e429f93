/*
 * sel4/arch/mapping.h - how to read a failed x86_64 map, and the
 * seL4_ARCH_* names that let portable code (vspace, sel4utils) name the
 * x86 paging calls without spelling the architecture.
 *
 * When a frame or table map fails with seL4_FailedLookup because an
 * intermediate paging structure is missing, MR2 of the reply holds the
 * bitsLeft of the failed walk: 21 = no page table, 30 = no page directory,
 * 39 = no PDPT.  The stubs copy the reply MRs to the IPC buffer on error,
 * so seL4_MappingFailedLookupLevel() reads it from there.
 */
#pragma once

#include <sel4/arch/invocations.h>

#define SEL4_MAPPING_LOOKUP_LEVEL      2
#define SEL4_MAPPING_LOOKUP_NO_PT      21
#define SEL4_MAPPING_LOOKUP_NO_PD      30
#define SEL4_MAPPING_LOOKUP_NO_PDPT    39

static inline seL4_Word seL4_MappingFailedLookupLevel(void)
{
    return seL4_GetMR(SEL4_MAPPING_LOOKUP_LEVEL);
}

typedef seL4_X86_Page_GetAddress_t seL4_ARCH_Page_GetAddress_t;

#define seL4_ARCH_Page_Map                 seL4_X86_Page_Map
#define seL4_ARCH_Page_Unmap               seL4_X86_Page_Unmap
#define seL4_ARCH_Page_GetAddress          seL4_X86_Page_GetAddress
#define seL4_ARCH_PageTable_Map            seL4_X86_PageTable_Map
#define seL4_ARCH_PageTable_Unmap          seL4_X86_PageTable_Unmap
#define seL4_ARCH_PageDirectory_Map        seL4_X86_PageDirectory_Map
#define seL4_ARCH_PageDirectory_Unmap      seL4_X86_PageDirectory_Unmap
#define seL4_ARCH_PDPT_Map                 seL4_X86_PDPT_Map
#define seL4_ARCH_PDPT_Unmap               seL4_X86_PDPT_Unmap
#define seL4_ARCH_ASIDPool_Assign          seL4_X86_ASIDPool_Assign
#define seL4_ARCH_ASIDControl_MakePool     seL4_X86_ASIDControl_MakePool
#define seL4_ARCH_Uncached_VMAttributes    seL4_X86_CacheDisabled

typedef seL4_X86_Page        seL4_ARCH_Page;
typedef seL4_X86_PageTable   seL4_ARCH_PageTable;
typedef seL4_X86_ASIDPool    seL4_ARCH_ASIDPool;
typedef seL4_X86_ASIDControl seL4_ARCH_ASIDControl;
