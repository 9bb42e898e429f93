/*
 * vka/object.h - allocate and free whole kernel objects through a vka.
 *
 * An object is a slot plus a piece of untyped memory retyped into it;
 * vka_object_t remembers both (and the type and size) so one call frees
 * everything: vka_free_object deletes the cap, returns the slot, and
 * returns the memory.  The _leaky variants return just the cap (0 on
 * failure) for objects you never mean to free.
 */
#pragma once

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sel4/sel4.h>
#include <utils/util.h>
#include <vka/vka.h>
#include <vka/kobject_t.h>

typedef struct vka_object {
    seL4_CPtr cptr;        /* the object's cap, in a slot from the vka */
    seL4_Word ut;          /* the allocator's cookie for the memory */
    seL4_Word type;        /* seL4_ObjectType */
    seL4_Word size_bits;   /* as passed to Untyped_Retype */
} vka_object_t;

/* log2 bytes of memory an object of this type and size takes. */
static inline unsigned long vka_get_object_size(seL4_Word objectType, seL4_Word objectSize)
{
    switch (objectType) {
    case seL4_UntypedObject:           return objectSize;
    case seL4_TCBObject:               return seL4_TCBBits;
    case seL4_EndpointObject:          return seL4_EndpointBits;
    case seL4_NotificationObject:      return seL4_NotificationBits;
    case seL4_CapTableObject:          return seL4_SlotBits + objectSize;
    case seL4_X86_4K:                  return seL4_PageBits;
    case seL4_X86_LargePageObject:     return seL4_LargePageBits;
    case seL4_X64_HugePageObject:      return seL4_HugePageBits;
    case seL4_X86_PageTableObject:     return seL4_PageTableBits;
    case seL4_X86_PageDirectoryObject: return seL4_PageDirBits;
    case seL4_X86_PDPTObject:          return seL4_PDPTBits;
    case seL4_X64_PML4Object:          return seL4_PML4Bits;
    default:
        ZF_LOGF("Unknown object type %ld", (long)objectType);
        return 0;
    }
}

/* A slot, then the object retyped into it (at paddr unless VKA_NO_PADDR;
 * device memory allowed if can_use_dev).  On failure *result is zeroed
 * and the slot given back. */
static inline int vka_alloc_object_at_maybe_dev(vka_t *vka, seL4_Word type, seL4_Word size_bits,
                                                uintptr_t paddr, bool can_use_dev,
                                                vka_object_t *result)
{
    cspacepath_t path;
    int error = vka_cspace_alloc(vka, &result->cptr);

    if (error) {
        ZF_LOGE("Failed to allocate cslot: error %d", error);
        memset(result, 0, sizeof(*result));
        return error;
    }
    vka_cspace_make_path(vka, result->cptr, &path);
    if (paddr == VKA_NO_PADDR)
        error = vka_utspace_alloc_maybe_device(vka, &path, type, size_bits, can_use_dev,
                                               &result->ut);
    else
        error = vka_utspace_alloc_at(vka, &path, type, size_bits, paddr, &result->ut);
    if (error) {
        ZF_LOGE("Failed to allocate object of size %lu, error %d",
                BIT(vka_get_object_size(type, size_bits)), error);
        vka_cspace_free(vka, result->cptr);
        memset(result, 0, sizeof(*result));
        return error;
    }
    result->type = type;
    result->size_bits = size_bits;
    return 0;
}

static inline int vka_alloc_object_at(vka_t *vka, seL4_Word type, seL4_Word size_bits,
                                      uintptr_t paddr, vka_object_t *result)
{
    return vka_alloc_object_at_maybe_dev(vka, type, size_bits, paddr, false, result);
}

static inline int vka_alloc_object(vka_t *vka, seL4_Word type, seL4_Word size_bits,
                                   vka_object_t *result)
{
    return vka_alloc_object_at(vka, type, size_bits, VKA_NO_PADDR, result);
}

static inline seL4_CPtr vka_alloc_object_leaky(vka_t *vka, seL4_Word type,
                                               seL4_Word size_bits) WARN_UNUSED_RESULT;
static inline seL4_CPtr vka_alloc_object_leaky(vka_t *vka, seL4_Word type, seL4_Word size_bits)
{
    vka_object_t obj;

    return vka_alloc_object(vka, type, size_bits, &obj) == 0 ? obj.cptr : 0;
}

/* Delete the cap (errors ignored), free the slot, then the memory. */
static inline void vka_free_object(vka_t *vka, vka_object_t *object)
{
    cspacepath_t path;

    vka_cspace_make_path(vka, object->cptr, &path);
    if (path.capPtr == 0) {
        ZF_LOGE("Failed to create cspace path to object");
        return;
    }
    seL4_CNode_Delete(path.root, path.capPtr, path.capDepth);
    vka_cspace_free(vka, object->cptr);
    vka_utspace_free(vka, object->type, object->size_bits, object->ut);
}

static inline uintptr_t vka_object_paddr(vka_t *vka, vka_object_t *object)
{
    return vka_utspace_paddr(vka, object->ut, object->type, object->size_bits);
}

static inline int vka_alloc_untyped(vka_t *vka, uint32_t size_bits, vka_object_t *result)
{
    return vka_alloc_object(vka, seL4_UntypedObject, size_bits, result);
}

static inline int vka_alloc_untyped_at(vka_t *vka, uint32_t size_bits, uintptr_t paddr,
                                       vka_object_t *result)
{
    return vka_alloc_object_at(vka, seL4_UntypedObject, size_bits, paddr, result);
}

static inline int vka_alloc_tcb(vka_t *vka, vka_object_t *result)
{
    return vka_alloc_object(vka, seL4_TCBObject, seL4_TCBBits, result);
}

static inline int vka_alloc_endpoint(vka_t *vka, vka_object_t *result)
{
    return vka_alloc_object(vka, seL4_EndpointObject, seL4_EndpointBits, result);
}

static inline int vka_alloc_notification(vka_t *vka, vka_object_t *result)
{
    return vka_alloc_object(vka, seL4_NotificationObject, seL4_NotificationBits, result);
}

/* Older name of vka_alloc_notification. */
static inline int vka_alloc_async_endpoint(vka_t *vka, vka_object_t *result)
{
    return vka_alloc_notification(vka, result);
}

/* slot_bits is the CNode's radix (log2 of its number of slots). */
static inline int vka_alloc_cnode_object(vka_t *vka, uint32_t slot_bits, vka_object_t *result)
{
    return vka_alloc_object(vka, seL4_CapTableObject, slot_bits, result);
}

/* size_bits 12, 21 or 30: a 4 KiB, 2 MiB or 1 GiB frame. */
static inline int vka_alloc_frame(vka_t *vka, uint32_t size_bits, vka_object_t *result)
{
    return vka_alloc_object(vka, kobject_get_type(KOBJECT_FRAME, size_bits), size_bits, result);
}

static inline int vka_alloc_frame_maybe_device(vka_t *vka, uint32_t size_bits, bool can_use_dev,
                                               vka_object_t *result)
{
    return vka_alloc_object_at_maybe_dev(vka, kobject_get_type(KOBJECT_FRAME, size_bits),
                                         size_bits, VKA_NO_PADDR, can_use_dev, result);
}

static inline int vka_alloc_frame_at(vka_t *vka, uint32_t size_bits, uintptr_t paddr,
                                     vka_object_t *result)
{
    return vka_alloc_object_at(vka, kobject_get_type(KOBJECT_FRAME, size_bits), size_bits,
                               paddr, result);
}

static inline int vka_alloc_page_directory(vka_t *vka, vka_object_t *result)
{
    return vka_alloc_object(vka, seL4_X86_PageDirectoryObject, seL4_PageDirBits, result);
}

static inline int vka_alloc_page_table(vka_t *vka, vka_object_t *result)
{
    return vka_alloc_object(vka, seL4_X86_PageTableObject, seL4_PageTableBits, result);
}

static inline int vka_alloc_pdpt(vka_t *vka, vka_object_t *result)
{
    return vka_alloc_object(vka, seL4_X86_PDPTObject, seL4_PDPTBits, result);
}

static inline int vka_alloc_pml4(vka_t *vka, vka_object_t *result)
{
    return vka_alloc_object(vka, seL4_X64_PML4Object, seL4_PML4Bits, result);
}

/* The root of an address space: a PML4 on x86_64. */
static inline int vka_alloc_vspace_root(vka_t *vka, vka_object_t *result)
{
    return vka_alloc_pml4(vka, result);
}

static inline int vka_alloc_kobject(vka_t *vka, kobject_t type, seL4_Word size_bits,
                                    vka_object_t *result)
{
    return vka_alloc_object(vka, kobject_get_type(type, size_bits), size_bits, result);
}

/* vka_alloc_<name>_leaky(vka): the cap of a new object, 0 on failure. */
#define LEAKY(name)                                                              \
    static inline seL4_CPtr vka_alloc_##name##_leaky(vka_t *vka) WARN_UNUSED_RESULT; \
    static inline seL4_CPtr vka_alloc_##name##_leaky(vka_t *vka)                 \
    {                                                                            \
        vka_object_t object;                                                     \
        return vka_alloc_##name(vka, &object) == 0 ? object.cptr : 0;            \
    }

/* vka_alloc_<name>_leaky(vka, size_bits), likewise. */
#define LEAKY_SIZE_BITS(name)                                                    \
    static inline seL4_CPtr vka_alloc_##name##_leaky(vka_t *vka,                 \
                                                     uint32_t size_bits) WARN_UNUSED_RESULT; \
    static inline seL4_CPtr vka_alloc_##name##_leaky(vka_t *vka, uint32_t size_bits) \
    {                                                                            \
        vka_object_t object;                                                     \
        return vka_alloc_##name(vka, size_bits, &object) == 0 ? object.cptr : 0; \
    }

LEAKY(tcb)
LEAKY(endpoint)
LEAKY(notification)
LEAKY(async_endpoint)
LEAKY(page_directory)
LEAKY(page_table)
LEAKY(pdpt)
LEAKY(pml4)
LEAKY(vspace_root)
LEAKY_SIZE_BITS(untyped)
LEAKY_SIZE_BITS(frame)
LEAKY_SIZE_BITS(cnode_object)

/* The x86 and x86_64 parts of this header live here too; seL4_libs keeps
 * them in <vka/arch/object.h>, which exists as a name for this file. */
#include <vka/arch/object.h>
