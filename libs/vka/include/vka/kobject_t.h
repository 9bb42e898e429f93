/*
 * vka/kobject_t.h - kobject_t, an architecture-neutral name for each kind
 * of kernel object, and its translation to the seL4 object type and to the
 * untyped size it needs (x86_64 only: frames of 12, 21 or 30 bits, and the
 * four paging-structure levels).
 */
#pragma once

#include <sel4/sel4.h>
#include <utils/util.h>

typedef enum _kobject_type {
    KOBJECT_PAGE_DIRECTORY,
    KOBJECT_PAGE_TABLE,
    KOBJECT_FRAME,
    KOBJECT_PDPT,
    KOBJECT_PML4,
    KOBJECT_ARCH_NUM_TYPES,
    KOBJECT_TCB = KOBJECT_ARCH_NUM_TYPES,
    KOBJECT_CNODE,
    KOBJECT_CSLOT,
    KOBJECT_UNTYPED,
    KOBJECT_ENDPOINT,
    KOBJECT_NOTIFICATION,
    NUM_KOBJECT_TYPES
} kobject_t;

/* log2 of the bytes an object takes (objectSize: radix for a CNode,
 * size_bits for untyped and frames). */
static inline seL4_Word kobject_get_size(kobject_t type, seL4_Word objectSize)
{
    switch (type) {
    case KOBJECT_TCB:            return seL4_TCBBits;
    case KOBJECT_CNODE:          return seL4_SlotBits + objectSize;
    case KOBJECT_CSLOT:          return 0;
    case KOBJECT_UNTYPED:        return objectSize;
    case KOBJECT_ENDPOINT:       return seL4_EndpointBits;
    case KOBJECT_NOTIFICATION:   return seL4_NotificationBits;
    case KOBJECT_PAGE_DIRECTORY: return seL4_PageDirBits;
    case KOBJECT_PAGE_TABLE:     return seL4_PageTableBits;
    case KOBJECT_PDPT:           return seL4_PDPTBits;
    case KOBJECT_PML4:           return seL4_PML4Bits;
    case KOBJECT_FRAME:
        if (objectSize == seL4_PageBits || objectSize == seL4_LargePageBits ||
            objectSize == seL4_HugePageBits)
            return objectSize;
        ZF_LOGE("no frame of %lu bits on x86_64", (unsigned long)objectSize);
        return 0;
    default:
        ZF_LOGE("unknown kobject type %d", (int)type);
        return 0;
    }
}

/* The seL4_ObjectType to retype; (seL4_Word)-1 when there is none. */
static inline seL4_Word kobject_get_type(kobject_t type, seL4_Word objectSize)
{
    switch (type) {
    case KOBJECT_TCB:            return seL4_TCBObject;
    case KOBJECT_CNODE:          return seL4_CapTableObject;
    case KOBJECT_UNTYPED:        return seL4_UntypedObject;
    case KOBJECT_ENDPOINT:       return seL4_EndpointObject;
    case KOBJECT_NOTIFICATION:   return seL4_NotificationObject;
    case KOBJECT_PAGE_DIRECTORY: return seL4_X86_PageDirectoryObject;
    case KOBJECT_PAGE_TABLE:     return seL4_X86_PageTableObject;
    case KOBJECT_PDPT:           return seL4_X86_PDPTObject;
    case KOBJECT_PML4:           return seL4_X64_PML4Object;
    case KOBJECT_FRAME:
        switch (objectSize) {
        case seL4_PageBits:      return seL4_X86_4K;
        case seL4_LargePageBits: return seL4_X86_LargePageObject;
        case seL4_HugePageBits:  return seL4_X64_HugePageObject;
        default:
            ZF_LOGE("no frame of %lu bits on x86_64", (unsigned long)objectSize);
            return (seL4_Word)-1;
        }
    default:
        ZF_LOGE("unknown kobject type %d", (int)type);
        return (seL4_Word)-1;
    }
}
