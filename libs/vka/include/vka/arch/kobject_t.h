/*
 * vka/arch/kobject_t.h - the x86 kinds of kernel object that kobject_t
 * names after the x86_64 ones (I/O page table, page directory, page
 * table), and frames of 4 KiB and 2 MiB; other kinds go to the x86_64
 * layer.  caplab has no IOMMU: KOBJECT_IO_PAGETABLE exists as a name but
 * has no object type.
 */
#pragma once

#include <assert.h>
#include <autoconf.h>
#include <sel4/types.h>
#include <utils/util.h>
#include <vka/sel4_arch/kobject_t.h>

enum _x86_kobject_type {
    KOBJECT_IO_PAGETABLE = KOBJECT_MODE_NUM_TYPES,
    KOBJECT_PAGE_DIRECTORY,
    KOBJECT_PAGE_TABLE,
    KOBJECT_ARCH_NUM_TYPES,
};

static inline seL4_Word arch_kobject_get_size(kobject_t type, seL4_Word objectSize)
{
    switch (type) {
    case KOBJECT_PAGE_DIRECTORY:
        return seL4_PageDirBits;
    case KOBJECT_PAGE_TABLE:
        return seL4_PageTableBits;
    case KOBJECT_FRAME:
        if (objectSize == seL4_PageBits || objectSize == seL4_LargePageBits) {
            return objectSize;
        }
        return x86_mode_kobject_get_size(type, objectSize);
    default:
        return x86_mode_kobject_get_size(type, objectSize);
    }
}

static inline seL4_Word arch_kobject_get_type(kobject_t type, seL4_Word objectSize)
{
    switch (type) {
    case KOBJECT_PAGE_DIRECTORY:
        return seL4_X86_PageDirectoryObject;
    case KOBJECT_PAGE_TABLE:
        return seL4_X86_PageTableObject;
    case KOBJECT_FRAME:
        if (objectSize == seL4_PageBits) {
            return seL4_X86_4K;
        }
        if (objectSize == seL4_LargePageBits) {
            return seL4_X86_LargePageObject;
        }
        return x86_mode_kobject_get_type(type, objectSize);
    default:
        return x86_mode_kobject_get_type(type, objectSize);
    }
}
