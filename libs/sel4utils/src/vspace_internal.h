/*
 * vspace_internal.h - what the files of the sel4utils vspace share.
 */
#pragma once

#include <sel4utils/vspace.h>

#define VSPACE_TOP 0x00007ffffffff000ul   /* end of user addresses */

struct sel4utils_paging_obj {
    vka_object_t obj;
    struct sel4utils_paging_obj *next;
};

static inline sel4utils_alloc_data_t *get_alloc_data(vspace_t *vspace)
{
    return (sel4utils_alloc_data_t *)vspace->data;
}

/* vspace_table.c: the per-page record */
vspace_bottom_level_t *vs_bottom(sel4utils_alloc_data_t *d, uintptr_t vaddr, bool create);
seL4_CPtr vs_get_cap(sel4utils_alloc_data_t *d, uintptr_t vaddr);
uintptr_t vs_get_cookie(sel4utils_alloc_data_t *d, uintptr_t vaddr);
int vs_set(sel4utils_alloc_data_t *d, uintptr_t vaddr, size_t size_bits, seL4_CPtr cap,
           uintptr_t cookie);
void vs_set_owned(sel4utils_alloc_data_t *d, uintptr_t vaddr);
bool vs_get_owned(sel4utils_alloc_data_t *d, uintptr_t vaddr);
void vs_clear(sel4utils_alloc_data_t *d, uintptr_t vaddr, size_t size_bits);
uintptr_t vs_next_mapped(sel4utils_alloc_data_t *d, uintptr_t start, uintptr_t end);
void vs_free_tables(sel4utils_alloc_data_t *d);

/* vspace_res.c: reservations */
sel4utils_res_t *vs_res_covering(sel4utils_alloc_data_t *d, uintptr_t start, uintptr_t end);
bool vs_range_free(sel4utils_alloc_data_t *d, uintptr_t start, uintptr_t end);
int vs_find_range(sel4utils_alloc_data_t *d, size_t bytes, size_t align_bits, uintptr_t *out);
void vs_res_insert(sel4utils_alloc_data_t *d, sel4utils_res_t *r);
void vs_res_remove(sel4utils_alloc_data_t *d, sel4utils_res_t *r);
int vs_reserve_fixed(vspace_t *vspace, uintptr_t start, uintptr_t end);

/* vspace.c */
void sel4utils_vspace_fill_hooks(vspace_t *vspace, sel4utils_alloc_data_t *data,
                                 vka_t *vka, seL4_CPtr root,
                                 vspace_allocated_object_fn fn, void *cookie);
