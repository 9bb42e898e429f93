/*
 * vka/vka.h - the "virtual kernel allocator" interface: a table of hooks
 * that hand out CSpace slots and carve kernel objects out of untyped
 * memory, so library code can allocate without knowing which allocator
 * (allocman, or one of your own) is behind it.
 *
 * The wrappers check their arguments and the hook first; a missing hook
 * logs an error (or, where seL4_libs treats it as fatal, aborts).  Slots
 * and objects are separate: vka_cspace_alloc gives an empty slot,
 * vka_utspace_alloc retypes an object into a slot you name, and each has
 * its own free.  vka/object.h combines the two.
 */
#pragma once

#include <assert.h>
#include <stdbool.h>
#include <stdint.h>
#include <sel4/sel4.h>
#include <utils/util.h>
#include <vka/cspacepath_t.h>

/* "No physical address" for the _at hooks and vka_utspace_paddr: 1 can
 * never be an object's address. */
#define VKA_NO_PADDR 1

typedef int (*vka_cspace_alloc_fn)(void *data, seL4_CPtr *res);
typedef void (*vka_cspace_make_path_fn)(void *data, seL4_CPtr slot, cspacepath_t *res);
typedef void (*vka_cspace_free_fn)(void *data, seL4_CPtr slot);
typedef int (*vka_utspace_alloc_fn)(void *data, const cspacepath_t *dest, seL4_Word type,
                                    seL4_Word size_bits, seL4_Word *res);
typedef int (*vka_utspace_alloc_maybe_device_fn)(void *data, const cspacepath_t *dest,
                                                 seL4_Word type, seL4_Word size_bits,
                                                 bool can_use_dev, seL4_Word *res);
typedef int (*vka_utspace_alloc_at_fn)(void *data, const cspacepath_t *dest, seL4_Word type,
                                       seL4_Word size_bits, uintptr_t paddr, seL4_Word *cookie);
typedef void (*vka_utspace_free_fn)(void *data, seL4_Word type, seL4_Word size_bits,
                                    seL4_Word target);
typedef uintptr_t (*vka_utspace_paddr_fn)(void *data, seL4_Word target, seL4_Word type,
                                          seL4_Word size_bits);

typedef struct vka {
    void *data;                     /* handed to every hook */
    vka_cspace_alloc_fn cspace_alloc;
    vka_cspace_make_path_fn cspace_make_path;
    vka_utspace_alloc_fn utspace_alloc;
    vka_utspace_alloc_maybe_device_fn utspace_alloc_maybe_device;
    vka_utspace_alloc_at_fn utspace_alloc_at;
    vka_cspace_free_fn cspace_free;
    vka_utspace_free_fn utspace_free;
    vka_utspace_paddr_fn utspace_paddr;
} vka_t;

/* An empty slot in our CSpace; 0 on success. */
static inline int vka_cspace_alloc(vka_t *vka, seL4_CPtr *res)
{
    if (vka == NULL || res == NULL) {
        ZF_LOGE("vka or res is NULL");
        return -1;
    }
    if (vka->cspace_alloc == NULL) {
        ZF_LOGE("Not implemented");
        return -1;
    }
    return vka->cspace_alloc(vka->data, res);
}

/* The path of a slot this vka handed out.  Fatal without a vka or hook. */
static inline void vka_cspace_make_path(vka_t *vka, seL4_CPtr slot, cspacepath_t *res)
{
    if (vka == NULL || res == NULL)
        ZF_LOGF("vka or res is NULL");
    if (vka->cspace_make_path == NULL)
        ZF_LOGF("Not implemented");
    vka->cspace_make_path(vka->data, slot, res);
}

static inline int vka_cspace_alloc_path(vka_t *vka, cspacepath_t *res)
{
    seL4_CPtr slot;
    int error = vka_cspace_alloc(vka, &slot);

    if (error == 0)
        vka_cspace_make_path(vka, slot, res);
    return error;
}

/* Gives a slot back.  The slot must already be empty (delete its cap
 * first): handing out a full slot again would make the next user fail. */
static inline void vka_cspace_free(vka_t *vka, seL4_CPtr slot)
{
    if (vka == NULL) {
        ZF_LOGE("vka is NULL");
        return;
    }
    if (seL4_DebugCapIdentify(slot) != 0)
        ZF_LOGF("slot is not free: call vka_cnode_delete first");
    if (vka->cspace_free == NULL) {
        ZF_LOGE("Not implemented");
        return;
    }
    vka->cspace_free(vka->data, slot);
}

static inline void vka_cspace_free_path(vka_t *vka, cspacepath_t path)
{
    vka_cspace_free(vka, path.capPtr);
}

/* Retype one object of `type` into the slot dest; *res gets the cookie
 * that vka_utspace_free needs later. */
static inline int vka_utspace_alloc(vka_t *vka, const cspacepath_t *dest, seL4_Word type,
                                    seL4_Word size_bits, seL4_Word *res)
{
    if (vka == NULL || res == NULL) {
        ZF_LOGE("vka or res is NULL");
        return -1;
    }
    if (vka->utspace_alloc == NULL) {
        ZF_LOGE("Not implemented");
        return -1;
    }
    return vka->utspace_alloc(vka->data, dest, type, size_bits, res);
}

static inline int vka_utspace_alloc_maybe_device(vka_t *vka, const cspacepath_t *dest,
                                                 seL4_Word type, seL4_Word size_bits,
                                                 bool can_use_dev, seL4_Word *res)
{
    if (vka == NULL || res == NULL) {
        ZF_LOGE("vka or res is NULL");
        return -1;
    }
    if (vka->utspace_alloc_maybe_device == NULL) {
        ZF_LOGE("Not implemented");
        return -1;
    }
    return vka->utspace_alloc_maybe_device(vka->data, dest, type, size_bits, can_use_dev, res);
}

/* As vka_utspace_alloc, but the object must start at physical paddr
 * (device frames, for instance). */
static inline int vka_utspace_alloc_at(vka_t *vka, const cspacepath_t *dest, seL4_Word type,
                                       seL4_Word size_bits, uintptr_t paddr, seL4_Word *cookie)
{
    if (vka == NULL || cookie == NULL) {
        ZF_LOGE("vka or cookie is NULL");
        return -1;
    }
    if (vka->utspace_alloc_at == NULL) {
        ZF_LOGE("Not implemented");
        return -1;
    }
    return vka->utspace_alloc_at(vka->data, dest, type, size_bits, paddr, cookie);
}

/* Gives the memory of an object back; every cap to it must be gone. */
static inline void vka_utspace_free(vka_t *vka, seL4_Word type, seL4_Word size_bits,
                                    seL4_Word target)
{
    if (vka == NULL) {
        ZF_LOGE("vka is NULL");
        return;
    }
    if (vka->utspace_free == NULL) {
        ZF_LOGF("Not implemented");
        return;
    }
    vka->utspace_free(vka->data, type, size_bits, target);
}

static inline uintptr_t vka_utspace_paddr(vka_t *vka, seL4_Word target, seL4_Word type,
                                          seL4_Word size_bits)
{
    if (vka == NULL) {
        ZF_LOGE("vka is NULL");
        return VKA_NO_PADDR;
    }
    if (vka->utspace_paddr == NULL) {
        ZF_LOGE("Not implemented");
        return VKA_NO_PADDR;
    }
    return vka->utspace_paddr(vka->data, target, type, size_bits);
}
