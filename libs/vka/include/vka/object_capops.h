/*
 * vka/object_capops.h - mint a cap to a vka object into a fresh slot.
 */
#pragma once

#include <vka/vka.h>
#include <vka/capops.h>
#include <vka/object.h>

/* A new slot from dest_vka, then Mint of object (a cap of src_vka). */
static inline int vka_mint_object_inter_cspace(vka_t *src_vka, vka_object_t *object,
                                               vka_t *dest_vka, cspacepath_t *result,
                                               seL4_CapRights_t rights, seL4_Word badge)
{
    cspacepath_t src;
    int error = vka_cspace_alloc_path(dest_vka, result);

    if (error != seL4_NoError)
        return error;
    vka_cspace_make_path(src_vka, object->cptr, &src);
    return vka_cnode_mint(result, &src, rights, badge);
}

static inline int vka_mint_object(vka_t *vka, vka_object_t *object, cspacepath_t *result,
                                  seL4_CapRights_t rights, seL4_Word badge)
{
    return vka_mint_object_inter_cspace(vka, object, vka, result, rights, badge);
}
