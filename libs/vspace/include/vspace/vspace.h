/*
 * vspace/vspace.h - the virtual memory manager interface.
 *
 * A vspace_t is a table of hooks over one address space: reserve ranges of
 * virtual addresses, back them with new frames or map frames you have,
 * unmap, look up the cap mapped at an address, tear it all down.  The
 * hooks are filled by an implementation (sel4utils/vspace.h); the
 * wrappers below check their arguments and that the hook exists, and log
 * (then fail) when it does not - an all-zero vspace_t fails every call
 * with "Not implemented".
 *
 * Reservations: reserve first (vspace_reserve_range*), then map into the
 * reserved range (the *_at_vaddr calls).  vspace_new_pages and
 * vspace_map_pages do both at a free address.
 */
#pragma once

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sel4/sel4.h>
#include <utils/util.h>
#include <vka/object.h>
#include <vspace/page.h>
#include <sel4utils/gen_config.h>

typedef struct vspace vspace_t;

typedef struct reservation {
    void *res;                /* NULL = no reservation (failure) */
} reservation_t;

typedef struct vspace_new_pages_config {
    void *vaddr;              /* NULL: anywhere free */
    size_t num_pages;
    size_t size_bits;
    bool can_use_dev;
} vspace_new_pages_config_t;

static inline int default_vspace_new_pages_config(size_t num_pages, size_t size_bits,
                                                  vspace_new_pages_config_t *config)
{
    if (num_pages == 0) {
        ZF_LOGW("attempt to create 0 pages");
        return -1;
    }
    *config = (vspace_new_pages_config_t){ NULL, num_pages, size_bits, false };
    return 0;
}

static inline int vspace_new_pages_config_set_vaddr(void *vaddr, vspace_new_pages_config_t *config)
{
    config->vaddr = vaddr;
    return 0;
}

static inline int vspace_new_pages_config_use_device_ut(bool can_use_dev,
                                                        vspace_new_pages_config_t *config)
{
    config->can_use_dev = can_use_dev;
    return 0;
}

/* ---- calls implemented once for every vspace (vspace/src/vspace.c) ---- */

/* A free range of `bytes`, 4 KiB aligned; *vaddr gets its start. */
reservation_t vspace_reserve_range(vspace_t *vspace, size_t bytes, seL4_CapRights_t rights,
                                   int cacheable, void **vaddr);

/* Map the frames behind [start, start + num_pages pages) of `from` into a
 * fresh range of `to` as well; the address in `to`, NULL on failure. */
void *vspace_share_mem(vspace_t *from, vspace_t *to, void *start, int num_pages,
                       size_t size_bits, seL4_CapRights_t rights, int cacheable);

void *vspace_new_pages_with_config(vspace_t *vspace, vspace_new_pages_config_t *config,
                                   seL4_CapRights_t rights);

/* Called by vspace_access_page_with_callback with the address asked for
 * (in `from`), where that page is mapped in `to`, and the cookie. */
typedef int (*vspace_access_callback_fn)(void *access_addr, void *vaddr, void *pointer);

/* Shares the page of `from` at access_addr into `to` (vspace_share_mem),
 * calls callback(access_addr, its address in `to`, cookie), unmaps it
 * again; the callback's result, -1 if the page could not be shared. */
int vspace_access_page_with_callback(vspace_t *from, vspace_t *to, void *access_addr,
                                     size_t size_bits, seL4_CapRights_t rights, int cacheable,
                                     vspace_access_callback_fn callback, void *cookie);

/* n_pages of 4 KiB stack below one unmapped guard page; returns the top
 * (the first address above the stack), NULL on failure. */
void *vspace_new_sized_stack(vspace_t *vspace, size_t n_pages);

static inline void *vspace_new_stack(vspace_t *vspace)
{
    return vspace_new_sized_stack(vspace, BYTES_TO_4K_PAGES(CONFIG_SEL4UTILS_STACK_SIZE));
}

/* Unmaps and frees the stack made by vspace_new_sized_stack. */
void vspace_free_sized_stack(vspace_t *vspace, void *stack_top, size_t n_pages);

static inline void vspace_free_stack(vspace_t *vspace, void *stack_top)
{
    vspace_free_sized_stack(vspace, stack_top, BYTES_TO_4K_PAGES(CONFIG_SEL4UTILS_STACK_SIZE));
}

/* One new 4 KiB page for an IPC buffer; *page gets its cap. */
void *vspace_new_ipc_buffer(vspace_t *vspace, seL4_CPtr *page);
void vspace_free_ipc_buffer(vspace_t *vspace, void *addr);

/* ---- the hooks ---- */

typedef void *(*vspace_new_pages_fn)(vspace_t *vspace, seL4_CapRights_t rights,
                                     size_t num_pages, size_t size_bits);
typedef void *(*vspace_map_pages_fn)(vspace_t *vspace, seL4_CPtr caps[], uintptr_t cookies[],
                                     seL4_CapRights_t rights, size_t num_pages,
                                     size_t size_bits, int cacheable);
typedef int (*vspace_new_pages_at_vaddr_fn)(vspace_t *vspace, void *vaddr, size_t num_pages,
                                            size_t size_bits, reservation_t reservation,
                                            bool can_use_dev);
typedef int (*vspace_map_pages_at_vaddr_fn)(vspace_t *vspace, seL4_CPtr caps[],
                                            uintptr_t cookies[], void *vaddr, size_t num_pages,
                                            size_t size_bits, reservation_t reservation);

/* The `free` argument of unmap and tear-down: free the frames and slots
 * with the vspace's own vka, keep them, or free them with the vka given. */
#define VSPACE_FREE ((vka_t *) 0xffffffff)
#define VSPACE_PRESERVE ((vka_t *) 0)

typedef void (*vspace_unmap_pages_fn)(vspace_t *vspace, void *vaddr, size_t num_pages,
                                      size_t size_bits, vka_t *free);
typedef void (*vspace_tear_down_fn)(vspace_t *vspace, vka_t *free);
typedef reservation_t (*vspace_reserve_range_aligned_fn)(vspace_t *vspace, size_t bytes,
                                                         size_t size_bits,
                                                         seL4_CapRights_t rights, int cacheable,
                                                         void **vaddr);
typedef reservation_t (*vspace_reserve_range_at_fn)(vspace_t *vspace, void *vaddr, size_t bytes,
                                                    seL4_CapRights_t rights, int cacheable);
typedef void (*vspace_free_reservation_fn)(vspace_t *vspace, reservation_t reservation);
typedef void (*vspace_free_reservation_by_vaddr_fn)(vspace_t *vspace, void *vaddr);
typedef seL4_CPtr (*vspace_get_cap_fn)(vspace_t *vspace, void *vaddr);
typedef uintptr_t (*vspace_get_cookie_fn)(vspace_t *vspace, void *vaddr);
typedef void (*vspace_allocated_object_fn)(void *allocated_object_cookie, vka_object_t object);
typedef seL4_CPtr (*vspace_get_root_fn)(vspace_t *vspace);
typedef int (*vspace_share_mem_at_vaddr_fn)(vspace_t *from, vspace_t *to, void *start,
                                            int num_pages, size_t size_bits, void *vaddr,
                                            reservation_t res);

struct vspace {
    void *data;
    vspace_new_pages_fn new_pages;
    vspace_map_pages_fn map_pages;
    vspace_new_pages_at_vaddr_fn new_pages_at_vaddr;
    vspace_map_pages_at_vaddr_fn map_pages_at_vaddr;
    vspace_unmap_pages_fn unmap_pages;
    vspace_tear_down_fn tear_down;
    vspace_reserve_range_aligned_fn reserve_range_aligned;
    vspace_reserve_range_at_fn reserve_range_at;
    vspace_free_reservation_fn free_reservation;
    vspace_free_reservation_by_vaddr_fn free_reservation_by_vaddr;
    vspace_get_cap_fn get_cap;
    vspace_get_root_fn get_root;
    vspace_get_cookie_fn get_cookie;
    vspace_share_mem_at_vaddr_fn share_mem_at_vaddr;
    vspace_allocated_object_fn allocated_object;   /* told of each object made */
    void *allocated_object_cookie;
};

/* ---- wrappers ---- */

/* num_pages new frames of 2^size_bits mapped contiguously; NULL on failure. */
static inline void *vspace_new_pages(vspace_t *vspace, seL4_CapRights_t rights,
                                     size_t num_pages, size_t size_bits)
{
    if (vspace == NULL) {
        ZF_LOGE("vspace is NULL.");
        return NULL;
    }
    if (vspace->new_pages == NULL) {
        ZF_LOGE("Supplied vspace doesn't implement new_pages().");
        return NULL;
    }
    if (num_pages == 0) {
        ZF_LOGE("Called with num_pages == 0. Intentional?");
        return NULL;
    }
    if (!sel4_valid_size_bits(size_bits)) {
        ZF_LOGE("Invalid size_bits %zu", size_bits);
        return NULL;
    }
    return vspace->new_pages(vspace, rights, num_pages, size_bits);
}

/* Existing frame caps mapped contiguously at a free address. */
static inline void *vspace_map_pages(vspace_t *vspace, seL4_CPtr caps[], uintptr_t cookies[],
                                     seL4_CapRights_t rights, size_t num_pages,
                                     size_t size_bits, int cacheable)
{
    if (vspace == NULL) {
        ZF_LOGE("vspace is NULL.");
        return NULL;
    }
    if (vspace->map_pages == NULL) {
        ZF_LOGE("Supplied vspace doesn't implement map_pages().");
        return NULL;
    }
    if (num_pages == 0) {
        ZF_LOGE("Called with num_pages == 0. Intentional?");
        return NULL;
    }
    if (!sel4_valid_size_bits(size_bits)) {
        ZF_LOGE("Invalid size_bits %zu", size_bits);
        return NULL;
    }
    return vspace->map_pages(vspace, caps, cookies, rights, num_pages, size_bits, cacheable);
}

static inline int vspace_new_pages_at_vaddr_with_config(vspace_t *vspace,
                                                        vspace_new_pages_config_t *config,
                                                        reservation_t res)
{
    if (vspace == NULL || config == NULL) {
        ZF_LOGE("vspace or config is NULL");
        return -1;
    }
    if (res.res == NULL)
        ZF_LOGE("reservation is required");
    if (vspace->new_pages_at_vaddr == NULL) {
        ZF_LOGE("Unimplemented");
        return -1;
    }
    return vspace->new_pages_at_vaddr(vspace, config->vaddr, config->num_pages,
                                      config->size_bits, res, config->can_use_dev);
}

/* New frames at vaddr, inside the reservation; 0 on success. */
static inline int vspace_new_pages_at_vaddr(vspace_t *vspace, void *vaddr, size_t num_pages,
                                            size_t size_bits, reservation_t reservation)
{
    vspace_new_pages_config_t config;

    if (vspace == NULL) {
        ZF_LOGE("vspace is NULL");
        return -1;
    }
    if (vspace->new_pages_at_vaddr == NULL) {
        ZF_LOGE("Unimplemented");
        return -1;
    }
    if (default_vspace_new_pages_config(num_pages, size_bits, &config))
        return -1;
    vspace_new_pages_config_set_vaddr(vaddr, &config);
    return vspace_new_pages_at_vaddr_with_config(vspace, &config, reservation);
}

static inline int vspace_map_pages_at_vaddr(vspace_t *vspace, seL4_CPtr caps[],
                                            uintptr_t cookies[], void *vaddr, size_t num_pages,
                                            size_t size_bits, reservation_t reservation)
{
    if (vspace == NULL) {
        ZF_LOGE("vspace is NULL");
        return -1;
    }
    if (num_pages == 0) {
        ZF_LOGW("Attempt to map 0 pages");
        return -1;
    }
    if (vaddr == NULL)
        ZF_LOGW("Mapping NULL");
    if (vspace->map_pages_at_vaddr == NULL) {
        ZF_LOGW("Unimplemented");
        return -1;
    }
    return vspace->map_pages_at_vaddr(vspace, caps, cookies, vaddr, num_pages, size_bits,
                                      reservation);
}

/* Unmaps; with VSPACE_FREE or a vka, also frees the frames and slots.
 * The reservation stays. */
static inline void vspace_unmap_pages(vspace_t *vspace, void *vaddr, size_t num_pages,
                                      size_t size_bits, vka_t *vka)
{
    if (vspace == NULL) {
        ZF_LOGE("vspace is NULL");
        return;
    }
    if (num_pages == 0) {
        ZF_LOGW("Attempt to unmap 0 pages");
        return;
    }
    if (vaddr == NULL)
        ZF_LOGW("Attempt to unmap NULL");
    if (vspace->unmap_pages == NULL) {
        ZF_LOGE("Not implemented");
        return;
    }
    vspace->unmap_pages(vspace, vaddr, num_pages, size_bits, vka);
}

/* Frees what the vspace made for itself (paging structures, bookkeeping,
 * reservations) and, with VSPACE_FREE or a vka, every mapped frame. */
static inline void vspace_tear_down(vspace_t *vspace, vka_t *vka)
{
    if (vspace == NULL) {
        ZF_LOGE("vspace is NULL");
        return;
    }
    if (vspace->tear_down == NULL) {
        ZF_LOGE("Not implemented");
        return;
    }
    vspace->tear_down(vspace, vka);
}

/* A free range of `bytes` aligned to 2^size_bits. */
static inline reservation_t vspace_reserve_range_aligned(vspace_t *vspace, size_t bytes,
                                                         size_t size_bits,
                                                         seL4_CapRights_t rights, int cacheable,
                                                         void **vaddr)
{
    reservation_t none = { .res = NULL };

    if (vspace == NULL) {
        ZF_LOGE("vspace is NULL");
        return none;
    }
    if (vspace->reserve_range_aligned == NULL) {
        ZF_LOGE("Not implemented");
        return none;
    }
    if (bytes == 0) {
        ZF_LOGE("Attempt to reserve 0 length range");
        return none;
    }
    if (vaddr == NULL) {
        ZF_LOGE("Cannot store result at NULL");
        return none;
    }
    return vspace->reserve_range_aligned(vspace, bytes, size_bits, rights, cacheable, vaddr);
}

/* The range [vaddr, vaddr + bytes), if none of it is reserved yet. */
static inline reservation_t vspace_reserve_range_at(vspace_t *vspace, void *vaddr, size_t bytes,
                                                    seL4_CapRights_t rights, int cacheable)
{
    reservation_t none = { .res = NULL };

    if (vspace == NULL) {
        ZF_LOGE("vspace is NULL");
        return none;
    }
    if (vspace->reserve_range_at == NULL) {
        ZF_LOGE("Not implemented");
        return none;
    }
    if (bytes == 0) {
        ZF_LOGE("Attempt to reserve 0 length range");
        return none;
    }
    return vspace->reserve_range_at(vspace, vaddr, bytes, rights, cacheable);
}

/* Releases the addresses; mappings inside are left alone. */
static inline void vspace_free_reservation(vspace_t *vspace, reservation_t reservation)
{
    if (vspace == NULL) {
        ZF_LOGE("vspace is NULL");
        return;
    }
    if (vspace->free_reservation == NULL) {
        ZF_LOGE("Not implemented");
        return;
    }
    vspace->free_reservation(vspace, reservation);
}

static inline void vspace_free_reservation_by_vaddr(vspace_t *vspace, void *vaddr)
{
    if (vspace == NULL) {
        ZF_LOGE("vspace is NULL");
        return;
    }
    if (vspace->free_reservation_by_vaddr == NULL) {
        ZF_LOGE("Not implemented");
        return;
    }
    vspace->free_reservation_by_vaddr(vspace, vaddr);
}

/* The frame cap mapped at vaddr (the page containing it), 0 if none. */
static inline seL4_CPtr vspace_get_cap(vspace_t *vspace, void *vaddr)
{
    if (vspace == NULL) {
        ZF_LOGE("vspace is NULL");
        return seL4_CapNull;
    }
    if (vaddr == NULL)
        ZF_LOGW("Warning: null address");
    if (vspace->get_cap == NULL) {
        ZF_LOGE("Not implemented");
        return seL4_CapNull;
    }
    return vspace->get_cap(vspace, vaddr);
}

static inline uintptr_t vspace_get_cookie(vspace_t *vspace, void *vaddr)
{
    if (vspace == NULL) {
        ZF_LOGE("vspace is NULL");
        return 0;
    }
    if (vaddr == NULL)
        ZF_LOGW("Warning: null address");
    if (vspace->get_cookie == NULL) {
        ZF_LOGE("Not implemented");
        return 0;
    }
    return vspace->get_cookie(vspace, vaddr);
}

static inline void vspace_maybe_call_allocated_object(vspace_t *vspace, vka_object_t object)
{
    if (vspace == NULL)
        ZF_LOGF("vspace is NULL");
    if (vspace->allocated_object != NULL)
        vspace->allocated_object(vspace->allocated_object_cookie, object);
}

/* The address space's root (the PML4 cap). */
static inline seL4_CPtr vspace_get_root(vspace_t *vspace)
{
    if (vspace == NULL) {
        ZF_LOGE("vspace is NULL");
        return seL4_CapNull;
    }
    if (vspace->get_root == NULL) {
        ZF_LOGE("Not implemented");
        return seL4_CapNull;
    }
    return vspace->get_root(vspace);
}

static inline int vspace_share_mem_at_vaddr(vspace_t *from, vspace_t *to, void *start,
                                            int num_pages, size_t size_bits, void *vaddr,
                                            reservation_t res)
{
    if (num_pages <= 0) {
        if (num_pages < 0)
            ZF_LOGE("Attempted to share %d pages", num_pages);
        return -1;
    }
    if (from == NULL || to == NULL) {
        ZF_LOGE("From or to vspace does not exist");
        return -1;
    }
    if (start == NULL || vaddr == NULL) {
        ZF_LOGE("Cannot share memory at NULL");
        return -1;
    }
    if (from->share_mem_at_vaddr == NULL) {
        ZF_LOGE("Not implemented for this vspace");
        return -1;
    }
    return from->share_mem_at_vaddr(from, to, start, num_pages, size_bits, vaddr, res);
}
