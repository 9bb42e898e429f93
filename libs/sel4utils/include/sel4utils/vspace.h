/*
 * sel4utils/vspace.h - the vspace implementation over an x86_64 PML4.
 *
 * It keeps, for every 4 KiB page of the address space that is mapped, the
 * frame cap and the vka cookie of its memory (a four-level table of the
 * same shape as the hardware's, allocated with malloc), plus a sorted list
 * of reservations.  An address is free when no reservation covers it and
 * nothing is mapped there.  Free ranges are searched from 0x10000000 up.
 * Paging structures are made when a map first needs them (from the vka),
 * remembered, and reported to allocated_object_fn if one is given.
 *
 * Use sel4utils_bootstrap_vspace_with_bootinfo_leaky for the root task's
 * own address space (it reserves the image, IPC buffer and BootInfo
 * pages), sel4utils_get_vspace for a new address space you build for a
 * process.  The structs are declared here so you can allocate them; their
 * fields are internal (and differ from seL4_libs').
 */
#pragma once

#include <autoconf.h>
#include <stdbool.h>
#include <sel4/sel4.h>
#include <vka/vka.h>
#include <vspace/vspace.h>
#include <sel4utils/util.h>
#include <sel4utils/sel4_arch/vspace.h>

#define VSPACE_LEVEL_SIZE BIT(VSPACE_LEVEL_BITS)

/* Where searches for free ranges start. */
#define SEL4UTILS_VSPACE_ALLOC_START 0x10000000ul

typedef struct vspace_mid_level {
    uintptr_t table[VSPACE_LEVEL_SIZE];
} vspace_mid_level_t;

typedef struct vspace_bottom_level {
    seL4_CPtr cap[VSPACE_LEVEL_SIZE];        /* 0 = nothing mapped */
    uintptr_t cookie[VSPACE_LEVEL_SIZE];
    uint8_t size_bits[VSPACE_LEVEL_SIZE];    /* set on a frame's first page */
    uint8_t owned[VSPACE_LEVEL_SIZE];        /* a cap copy this vspace made (share_mem) */
} vspace_bottom_level_t;

typedef int (*sel4utils_map_page_fn)(vspace_t *vspace, seL4_CPtr cap, void *vaddr,
                                     seL4_CapRights_t rights, int cacheable, size_t size_bits);

struct sel4utils_res {
    uintptr_t start;
    uintptr_t end;
    seL4_CapRights_t rights;
    int cacheable;
    int malloced;
    struct sel4utils_res *next;
};
typedef struct sel4utils_res sel4utils_res_t;

struct sel4utils_paging_obj;

typedef struct sel4utils_alloc_data {
    seL4_CPtr vspace_root;
    vka_t *vka;
    vspace_mid_level_t *top_level;
    uintptr_t last_allocated;
    sel4utils_map_page_fn map_page;
    sel4utils_res_t *reservation_head;
    struct sel4utils_paging_obj *paging;     /* structures this vspace made */
} sel4utils_alloc_data_t;

static inline sel4utils_res_t *reservation_to_res(reservation_t res)
{
    return (sel4utils_res_t *)res.res;
}

int sel4utils_get_vspace_with_map(vspace_t *loader, vspace_t *new_vspace,
                                  sel4utils_alloc_data_t *data, vka_t *vka,
                                  seL4_CPtr vspace_root,
                                  vspace_allocated_object_fn allocated_object_fn,
                                  void *allocated_object_cookie, sel4utils_map_page_fn map_page);

/* A manager for a new, empty address space (vspace_root: an ASID-assigned
 * PML4).  loader is the caller's own vspace. */
int sel4utils_get_vspace(vspace_t *loader, vspace_t *new_vspace, sel4utils_alloc_data_t *data,
                         vka_t *vka, seL4_CPtr vspace_root,
                         vspace_allocated_object_fn allocated_object_fn,
                         void *allocated_object_cookie);

/* A manager for the caller's own address space: the image and the 4 KiB
 * pages listed in existing_frames (NULL-terminated) are reserved. */
int sel4utils_bootstrap_vspace(vspace_t *vspace, sel4utils_alloc_data_t *data,
                               seL4_CPtr vspace_root, vka_t *vka,
                               vspace_allocated_object_fn allocated_object_fn,
                               void *allocated_object_cookie, void *existing_frames[]);

/* The root task's own address space: image, IPC buffer, BootInfo (and
 * its extra pages) are reserved. */
int sel4utils_bootstrap_vspace_with_bootinfo(vspace_t *vspace, sel4utils_alloc_data_t *data,
                                             seL4_CPtr vspace_root, vka_t *vka,
                                             seL4_BootInfo *info,
                                             vspace_allocated_object_fn allocated_object_fn,
                                             void *allocated_object_cookie);

static inline int sel4utils_get_vspace_leaky(vspace_t *loader, vspace_t *new_vspace,
                                             sel4utils_alloc_data_t *data, vka_t *vka,
                                             seL4_CPtr vspace_root)
{
    return sel4utils_get_vspace(loader, new_vspace, data, vka, vspace_root, NULL, NULL);
}

static inline int sel4utils_bootstrap_vspace_with_bootinfo_leaky(vspace_t *vspace,
                                                                 sel4utils_alloc_data_t *data,
                                                                 seL4_CPtr vspace_root,
                                                                 vka_t *vka,
                                                                 seL4_BootInfo *info)
{
    return sel4utils_bootstrap_vspace_with_bootinfo(vspace, data, vspace_root, vka, info,
                                                    NULL, NULL);
}

static inline int sel4utils_bootstrap_vspace_leaky(vspace_t *vspace,
                                                   sel4utils_alloc_data_t *data,
                                                   seL4_CPtr vspace_root, vka_t *vka,
                                                   void *existing_frames[])
{
    return sel4utils_bootstrap_vspace(vspace, data, vspace_root, vka, NULL, NULL,
                                      existing_frames);
}

/* Reservations in a struct you provide (no malloc); free them with
 * vspace_free_reservation like any other. */
int sel4utils_reserve_range_no_alloc(vspace_t *vspace, sel4utils_res_t *reservation,
                                     size_t size, seL4_CapRights_t rights, int cacheable,
                                     void **result);
int sel4utils_reserve_range_no_alloc_aligned(vspace_t *vspace, sel4utils_res_t *reservation,
                                             size_t size, size_t size_bits,
                                             seL4_CapRights_t rights, int cacheable,
                                             void **result);
int sel4utils_reserve_range_at_no_alloc(vspace_t *vspace, sel4utils_res_t *reservation,
                                        void *vaddr, size_t size, seL4_CapRights_t rights,
                                        int cacheable);

/* Move and/or resize a reservation to [vaddr, vaddr + bytes) (rounded out
 * to pages).  What it newly covers must be free: -1 if the part below its
 * old start is not, -2 if the part above its old end is not; 0 on success.
 * Pages mapped in what it no longer covers stay mapped. */
int sel4utils_move_resize_reservation(vspace_t *vspace, reservation_t reservation, void *vaddr,
                                      size_t bytes);

/* [start, end) of the running program's image. */
void sel4utils_get_image_region(uintptr_t *va_start, uintptr_t *va_end);

/* Physical address behind vaddr, VKA_NO_PADDR if nothing is mapped. */
uintptr_t sel4utils_get_paddr(vspace_t *vspace, void *vaddr, seL4_Word type,
                              seL4_Word size_bits);
