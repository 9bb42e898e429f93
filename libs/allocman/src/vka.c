/*
 * vka.c - the vka hooks of an allocman (allocman_make_vka).
 *
 * The vka passes object sizes as Untyped_Retype takes them; allocman wants
 * the memory size, which vka_get_object_size gives.
 */
#include <vka/object.h>
#include <allocman/allocman.h>
#include <allocman/vka.h>

static int am_cspace_alloc(void *data, seL4_CPtr *res)
{
    cspacepath_t path;
    int err = allocman_cspace_alloc(data, &path);

    if (err == 0)
        *res = path.capPtr;
    return err;
}

static void am_cspace_make_path(void *data, seL4_CPtr slot, cspacepath_t *res)
{
    *res = allocman_cspace_make_path(data, slot);
}

static void am_cspace_free(void *data, seL4_CPtr slot)
{
    cspacepath_t path = allocman_cspace_make_path(data, slot);

    allocman_cspace_free(data, &path);
}

static int am_utspace_alloc_at(void *data, const cspacepath_t *dest, seL4_Word type,
                               seL4_Word size_bits, uintptr_t paddr, seL4_Word *res)
{
    int err;

    *res = allocman_utspace_alloc_at(data, vka_get_object_size(type, size_bits), type, dest,
                                     paddr, true, &err);
    return err;
}

static int am_utspace_alloc_maybe_device(void *data, const cspacepath_t *dest, seL4_Word type,
                                         seL4_Word size_bits, bool can_use_dev, seL4_Word *res)
{
    int err;

    *res = allocman_utspace_alloc(data, vka_get_object_size(type, size_bits), type, dest,
                                  can_use_dev, &err);
    return err;
}

static int am_utspace_alloc(void *data, const cspacepath_t *dest, seL4_Word type,
                            seL4_Word size_bits, seL4_Word *res)
{
    return am_utspace_alloc_maybe_device(data, dest, type, size_bits, false, res);
}

static void am_utspace_free(void *data, seL4_Word type, seL4_Word size_bits, seL4_Word target)
{
    allocman_utspace_free(data, target, vka_get_object_size(type, size_bits));
}

static uintptr_t am_utspace_paddr(void *data, seL4_Word target, seL4_Word type,
                                  seL4_Word size_bits)
{
    return allocman_utspace_paddr(data, target, vka_get_object_size(type, size_bits));
}

void allocman_make_vka(vka_t *vka, allocman_t *alloc)
{
    *vka = (vka_t){
        .data = alloc,
        .cspace_alloc = am_cspace_alloc,
        .cspace_make_path = am_cspace_make_path,
        .utspace_alloc = am_utspace_alloc,
        .utspace_alloc_maybe_device = am_utspace_alloc_maybe_device,
        .utspace_alloc_at = am_utspace_alloc_at,
        .cspace_free = am_cspace_free,
        .utspace_free = am_utspace_free,
        .utspace_paddr = am_utspace_paddr,
    };
}
