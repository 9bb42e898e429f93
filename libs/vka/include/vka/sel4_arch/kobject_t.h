/*
 * vka/sel4_arch/kobject_t.h - the x86_64 kinds of kernel object that
 * kobject_t names (the first values of the numbering, as on seL4_libs:
 * PML4, PDPT, then frames), and their object types and sizes.
 */
#pragma once

#include <assert.h>
#include <autoconf.h>
#include <sel4/types.h>
#include <utils/util.h>

/* kobject_t is a plain int so that the three layers can extend it. */
typedef int kobject_t;

enum _x86_mode_kobject_type {
    KOBJECT_PML4,
    KOBJECT_PDPT,
    KOBJECT_FRAME,
    KOBJECT_MODE_NUM_TYPES,
};

/* log2 bytes of untyped an x86_64-only kind needs; 0 if it has no size. */
static inline seL4_Word x86_mode_kobject_get_size(kobject_t type, seL4_Word objectSize)
{
    switch (type) {
    case KOBJECT_PML4:
        return seL4_PML4Bits;
    case KOBJECT_PDPT:
        return seL4_PDPTBits;
    case KOBJECT_FRAME:
        if (objectSize == seL4_HugePageBits) {
            return objectSize;
        }
        ZF_LOGE("no frame of %lu bits on x86_64", (unsigned long)objectSize);
        return 0;
    default:
        ZF_LOGE("unknown kobject type %d", type);
        return 0;
    }
}

/* The object type of an x86_64-only kind; (seL4_Word)-1 if none. */
static inline seL4_Word x86_mode_kobject_get_type(kobject_t type, seL4_Word objectSize)
{
    switch (type) {
    case KOBJECT_PML4:
        return seL4_X64_PML4Object;
    case KOBJECT_PDPT:
        return seL4_X86_PDPTObject;
    case KOBJECT_FRAME:
        if (objectSize == seL4_HugePageBits) {
            return seL4_X64_HugePageObject;
        }
        ZF_LOGE("no frame of %lu bits on x86_64", (unsigned long)objectSize);
        return (seL4_Word)-1;
    default:
        ZF_LOGE("unknown kobject type %d", type);
        return (seL4_Word)-1;
    }
}
