/*
 * vspace_bootstrap.c - making a sel4utils vspace: for the running root
 * task's own address space (what is already there gets reserved) or for
 * a new, empty one.
 */
#include <stdlib.h>
#include <sel4utils/vspace.h>
#include "vspace_internal.h"

/* From libs/user.ld: the first and one-past-last byte of the image. */
extern char __executable_start[], _end[];

void sel4utils_get_image_region(uintptr_t *va_start, uintptr_t *va_end)
{
    *va_start = ROUND_DOWN((uintptr_t)__executable_start, BIT(seL4_PageBits));
    *va_end = ROUND_UP((uintptr_t)_end, BIT(seL4_PageBits));
}

static int common_init(vspace_t *vspace, sel4utils_alloc_data_t *data, seL4_CPtr root,
                       vka_t *vka, vspace_allocated_object_fn fn, void *cookie,
                       sel4utils_map_page_fn map_page)
{
    if (vspace == NULL || data == NULL || vka == NULL) {
        ZF_LOGE("vspace, data and vka are required");
        return -1;
    }
    sel4utils_vspace_fill_hooks(vspace, data, vka, root, fn, cookie);
    if (map_page != NULL)
        data->map_page = map_page;
    data->top_level = calloc(1, sizeof(vspace_mid_level_t));
    if (data->top_level == NULL) {
        ZF_LOGE("vspace: out of memory");
        return -1;
    }
    return 0;
}

static int reserve_image(vspace_t *vspace)
{
    uintptr_t start, end;

    sel4utils_get_image_region(&start, &end);
    return vs_reserve_fixed(vspace, start, end);
}

int sel4utils_bootstrap_vspace(vspace_t *vspace, sel4utils_alloc_data_t *data,
                               seL4_CPtr vspace_root, vka_t *vka,
                               vspace_allocated_object_fn allocated_object_fn,
                               void *allocated_object_cookie, void *existing_frames[])
{
    if (common_init(vspace, data, vspace_root, vka, allocated_object_fn,
                    allocated_object_cookie, NULL) != 0 || reserve_image(vspace) != 0)
        return -1;
    for (int i = 0; existing_frames != NULL && existing_frames[i] != NULL; i++) {
        uintptr_t va = (uintptr_t)existing_frames[i];
        if (vs_reserve_fixed(vspace, va, va + BIT(seL4_PageBits)) != 0)
            return -1;
    }
    return 0;
}

int sel4utils_bootstrap_vspace_with_bootinfo(vspace_t *vspace, sel4utils_alloc_data_t *data,
                                             seL4_CPtr vspace_root, vka_t *vka,
                                             seL4_BootInfo *info,
                                             vspace_allocated_object_fn allocated_object_fn,
                                             void *allocated_object_cookie)
{
    uintptr_t bi, extra_end;

    if (info == NULL) {
        ZF_LOGE("BootInfo is NULL");
        return -1;
    }
    /* BootInfo is one page, its extra chunks the pages right after it. */
    bi = (uintptr_t)info;
    extra_end = bi + BIT(seL4_PageBits) + ROUND_UP(info->extraLen, BIT(seL4_PageBits));
    void *frames[] = { info->ipcBuffer, NULL };
    if (sel4utils_bootstrap_vspace(vspace, data, vspace_root, vka, allocated_object_fn,
                                   allocated_object_cookie, frames) != 0)
        return -1;
    return vs_reserve_fixed(vspace, bi, extra_end);
}

int sel4utils_get_vspace_with_map(vspace_t *loader, vspace_t *new_vspace,
                                  sel4utils_alloc_data_t *data, vka_t *vka,
                                  seL4_CPtr vspace_root,
                                  vspace_allocated_object_fn allocated_object_fn,
                                  void *allocated_object_cookie, sel4utils_map_page_fn map_page)
{
    (void)loader;   /* page records come from malloc, not the loader */
    return common_init(new_vspace, data, vspace_root, vka, allocated_object_fn,
                       allocated_object_cookie, map_page);
}

int sel4utils_get_vspace(vspace_t *loader, vspace_t *new_vspace, sel4utils_alloc_data_t *data,
                         vka_t *vka, seL4_CPtr vspace_root,
                         vspace_allocated_object_fn allocated_object_fn,
                         void *allocated_object_cookie)
{
    return sel4utils_get_vspace_with_map(loader, new_vspace, data, vka, vspace_root,
                                         allocated_object_fn, allocated_object_cookie, NULL);
}

uintptr_t sel4utils_get_paddr(vspace_t *vspace, void *vaddr, seL4_Word type,
                              seL4_Word size_bits)
{
    seL4_CPtr cap = vspace_get_cap(vspace, vaddr);
    seL4_X86_Page_GetAddress_t r;

    (void)type;
    if (cap == 0)
        return VKA_NO_PADDR;
    r = seL4_X86_Page_GetAddress(cap);
    if (r.error != seL4_NoError)
        return VKA_NO_PADDR;
    return r.paddr + ((uintptr_t)vaddr & MASK(size_bits));
}
