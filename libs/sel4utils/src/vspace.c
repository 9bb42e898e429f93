/*
 * vspace.c - the hooks of the sel4utils vspace (see sel4utils/vspace.h).
 *
 * Mapping: every page goes through data->map_page (normally map_page_pml4
 * below, which makes missing paging structures), then into the page
 * record.  Unmapping with a vka (VSPACE_FREE: the vspace's own) deletes
 * the cap and frees its slot, and the frame's memory when vka allocated
 * it for us (a cookie), as seL4_libs does.
 */
#include <stdlib.h>
#include <string.h>
#include <vka/capops.h>
#include <sel4utils/mapping.h>
#include <sel4utils/vspace.h>
#include "vspace_internal.h"

static void remember_paging(vspace_t *vspace, vka_object_t obj)
{
    sel4utils_alloc_data_t *d = get_alloc_data(vspace);
    struct sel4utils_paging_obj *p = malloc(sizeof(*p));

    if (p != NULL) {
        p->obj = obj;
        p->next = d->paging;
        d->paging = p;
    } else {
        ZF_LOGE("vspace: cannot record a paging structure; it will leak");
    }
    vspace_maybe_call_allocated_object(vspace, obj);
}

static int map_page_pml4(vspace_t *vspace, seL4_CPtr cap, void *vaddr, seL4_CapRights_t rights,
                         int cacheable, size_t size_bits)
{
    sel4utils_alloc_data_t *d = get_alloc_data(vspace);
    vka_object_t objs[3];
    int n = 3;
    int err = sel4utils_map_page(d->vka, d->vspace_root, cap, vaddr, rights, cacheable, objs, &n);

    (void)size_bits;
    for (int i = 0; i < n; i++)
        remember_paging(vspace, objs[i]);
    return err;
}

static vka_t *free_vka(sel4utils_alloc_data_t *d, vka_t *free)
{
    return free == VSPACE_FREE ? d->vka : free;
}

/* Unmaps one frame.  With a vka (the caller's, or the vspace's own for
 * VSPACE_FREE) the cap is deleted and its slot freed, and the frame's
 * memory too if vka allocated it (a cookie), as seL4_libs does.  At
 * tear-down only frames the vspace allocated or copied are freed; caps a
 * caller mapped with vspace_map_pages are unmapped and left to it. */
static void unmap_one(vspace_t *vspace, uintptr_t va, size_t size_bits, vka_t *vka,
                      bool tearing_down)
{
    sel4utils_alloc_data_t *d = get_alloc_data(vspace);
    seL4_CPtr cap = vs_get_cap(d, va);
    uintptr_t cookie = vs_get_cookie(d, va);
    bool owned = vs_get_owned(d, va);

    if (cap == 0)
        return;
    vs_clear(d, va, size_bits);
    if (vka != NULL && cookie != 0) {
        vka_object_t obj = { .cptr = cap, .ut = cookie, .type = sel4_page_type(size_bits),
                             .size_bits = size_bits };
        vka_free_object(vka, &obj);    /* deleting the cap unmaps the frame */
        return;
    }
    seL4_X86_Page_Unmap(cap);
    if (vka != NULL && (owned || !tearing_down)) {
        cspacepath_t path;
        vka_cspace_make_path(vka, cap, &path);
        vka_cnode_delete(&path);
        vka_cspace_free(vka, cap);
    }
}

static void sel4utils_unmap_pages(vspace_t *vspace, void *vaddr, size_t num_pages,
                                  size_t size_bits, vka_t *free)
{
    sel4utils_alloc_data_t *d = get_alloc_data(vspace);

    for (size_t i = 0; i < num_pages; i++)
        unmap_one(vspace, (uintptr_t)vaddr + (i << size_bits), size_bits, free_vka(d, free),
                  false);
}

/* Pages [vaddr, +n) must lie in res and have nothing mapped yet. */
static bool usable(sel4utils_alloc_data_t *d, uintptr_t vaddr, size_t num_pages,
                   size_t size_bits, reservation_t res)
{
    sel4utils_res_t *r = reservation_to_res(res);
    uintptr_t end = vaddr + (num_pages << size_bits);

    if (size_bits > seL4_LargePageBits) {
        ZF_LOGE("this vspace maps 4 KiB and 2 MiB pages only");
        return false;
    }
    if (r == NULL || vaddr < r->start || end > r->end || end <= vaddr) {
        ZF_LOGE("range %p..%p is not inside the reservation", (void *)vaddr, (void *)end);
        return false;
    }
    if (!IS_ALIGNED(vaddr, size_bits)) {
        ZF_LOGE("%p is not aligned to %zu bits", (void *)vaddr, size_bits);
        return false;
    }
    if (vs_next_mapped(d, vaddr, end) != 0) {
        ZF_LOGE("something is already mapped in %p..%p", (void *)vaddr, (void *)end);
        return false;
    }
    return true;
}

static int map_pages_at_vaddr(vspace_t *vspace, seL4_CPtr caps[], uintptr_t cookies[],
                              void *vaddr, size_t num_pages, size_t size_bits,
                              reservation_t res)
{
    sel4utils_alloc_data_t *d = get_alloc_data(vspace);
    sel4utils_res_t *r = reservation_to_res(res);

    if (!usable(d, (uintptr_t)vaddr, num_pages, size_bits, res))
        return -1;
    for (size_t i = 0; i < num_pages; i++) {
        uintptr_t va = (uintptr_t)vaddr + (i << size_bits);
        if (d->map_page(vspace, caps[i], (void *)va, r->rights, r->cacheable, size_bits) != 0 ||
            vs_set(d, va, size_bits, caps[i], cookies ? cookies[i] : 0) != 0) {
            sel4utils_unmap_pages(vspace, vaddr, i, size_bits, VSPACE_PRESERVE);
            return -1;
        }
    }
    return 0;
}

static int new_pages_at_vaddr(vspace_t *vspace, void *vaddr, size_t num_pages, size_t size_bits,
                              reservation_t res, bool can_use_dev)
{
    sel4utils_alloc_data_t *d = get_alloc_data(vspace);
    sel4utils_res_t *r = reservation_to_res(res);

    if (!usable(d, (uintptr_t)vaddr, num_pages, size_bits, res))
        return -1;
    for (size_t i = 0; i < num_pages; i++) {
        uintptr_t va = (uintptr_t)vaddr + (i << size_bits);
        vka_object_t frame;
        if (vka_alloc_frame_maybe_device(d->vka, size_bits, can_use_dev, &frame) != 0)
            goto undo;
        if (d->map_page(vspace, frame.cptr, (void *)va, r->rights, r->cacheable, size_bits) != 0 ||
            vs_set(d, va, size_bits, frame.cptr, frame.ut) != 0) {
            vka_free_object(d->vka, &frame);
            goto undo;
        }
        continue;
undo:
        sel4utils_unmap_pages(vspace, vaddr, i, size_bits, VSPACE_FREE);
        return -1;
    }
    return 0;
}

static reservation_t reserve_aligned(vspace_t *vspace, size_t bytes, size_t size_bits,
                                     seL4_CapRights_t rights, int cacheable, void **vaddr)
{
    reservation_t res = { NULL };
    sel4utils_res_t *r = calloc(1, sizeof(*r));

    if (r == NULL) {
        ZF_LOGE("vspace: out of memory for a reservation");
        return res;
    }
    if (sel4utils_reserve_range_no_alloc_aligned(vspace, r, bytes, size_bits, rights, cacheable,
                                                 vaddr) != 0) {
        free(r);
        return res;
    }
    r->malloced = 1;
    res.res = r;
    return res;
}

static reservation_t reserve_at(vspace_t *vspace, void *vaddr, size_t bytes,
                                seL4_CapRights_t rights, int cacheable)
{
    reservation_t res = { NULL };
    sel4utils_res_t *r = calloc(1, sizeof(*r));

    if (r == NULL) {
        ZF_LOGE("vspace: out of memory for a reservation");
        return res;
    }
    if (sel4utils_reserve_range_at_no_alloc(vspace, r, vaddr, bytes, rights, cacheable) != 0) {
        free(r);
        return res;
    }
    r->malloced = 1;
    res.res = r;
    return res;
}

static void free_reservation(vspace_t *vspace, reservation_t res)
{
    sel4utils_res_t *r = reservation_to_res(res);

    if (r == NULL)
        return;
    vs_res_remove(get_alloc_data(vspace), r);
    if (r->malloced)
        free(r);
}

int sel4utils_move_resize_reservation(vspace_t *vspace, reservation_t reservation, void *vaddr,
                                      size_t bytes)
{
    sel4utils_alloc_data_t *d = get_alloc_data(vspace);
    sel4utils_res_t *r = reservation_to_res(reservation);
    uintptr_t start = ROUND_DOWN((uintptr_t)vaddr, BIT(seL4_PageBits));
    uintptr_t end = ROUND_UP((uintptr_t)vaddr + bytes, BIT(seL4_PageBits));

    if (r == NULL || end <= start) {
        ZF_LOGE("no reservation, or an empty range");
        return -1;
    }
    if (start < r->start && !vs_range_free(d, start, r->start))
        return -1;
    if (end > r->end && !vs_range_free(d, r->end, end))
        return -2;
    vs_res_remove(d, r);
    r->start = start;
    r->end = end;
    vs_res_insert(d, r);
    return 0;
}

static void free_reservation_by_vaddr(vspace_t *vspace, void *vaddr)
{
    uintptr_t va = (uintptr_t)vaddr;
    sel4utils_res_t *r = vs_res_covering(get_alloc_data(vspace), va, va + 1);

    if (r == NULL) {
        ZF_LOGE("no reservation at %p", vaddr);
        return;
    }
    free_reservation(vspace, (reservation_t){ r });
}

static void *map_pages(vspace_t *vspace, seL4_CPtr caps[], uintptr_t cookies[],
                       seL4_CapRights_t rights, size_t num_pages, size_t size_bits,
                       int cacheable)
{
    void *vaddr;
    reservation_t res = reserve_aligned(vspace, num_pages << size_bits, size_bits, rights,
                                        cacheable, &vaddr);

    if (res.res == NULL)
        return NULL;
    if (map_pages_at_vaddr(vspace, caps, cookies, vaddr, num_pages, size_bits, res) != 0)
        vaddr = NULL;
    free_reservation(vspace, res);
    return vaddr;
}

static void *new_pages(vspace_t *vspace, seL4_CapRights_t rights, size_t num_pages,
                       size_t size_bits)
{
    vspace_new_pages_config_t config;

    if (default_vspace_new_pages_config(num_pages, size_bits, &config) != 0)
        return NULL;
    return vspace_new_pages_with_config(vspace, &config, rights);
}

static seL4_CPtr get_cap(vspace_t *vspace, void *vaddr)
{
    return vs_get_cap(get_alloc_data(vspace), ROUND_DOWN((uintptr_t)vaddr, BIT(seL4_PageBits)));
}

static uintptr_t get_cookie(vspace_t *vspace, void *vaddr)
{
    return vs_get_cookie(get_alloc_data(vspace), ROUND_DOWN((uintptr_t)vaddr, BIT(seL4_PageBits)));
}

static seL4_CPtr get_root(vspace_t *vspace)
{
    return get_alloc_data(vspace)->vspace_root;
}

/* Maps copies of from's frame caps into `to`: a copy per page, with the
 * reservation's rights, made with to's vka.  The copies are the vspace's:
 * unmapping them with a vka, or tearing `to` down, deletes them. */
static int share_mem_at_vaddr(vspace_t *from, vspace_t *to, void *start, int num_pages,
                              size_t size_bits, void *vaddr, reservation_t res)
{
    sel4utils_alloc_data_t *dt = get_alloc_data(to);
    sel4utils_res_t *r = reservation_to_res(res);

    for (int i = 0; i < num_pages; i++) {
        cspacepath_t src, dest;
        char *to_va = (char *)vaddr + ((size_t)i << size_bits);
        seL4_CPtr cap = vspace_get_cap(from, (char *)start + ((size_t)i << size_bits));
        bool copied = cap != 0 && r != NULL && vka_cspace_alloc_path(dt->vka, &dest) == 0;

        if (copied) {
            vka_cspace_make_path(dt->vka, cap, &src);
            if (vka_cnode_copy(&dest, &src, r->rights) != seL4_NoError ||
                map_pages_at_vaddr(to, &dest.capPtr, NULL, to_va, 1, size_bits, res) != 0) {
                vka_cnode_delete(&dest);
                vka_cspace_free(dt->vka, dest.capPtr);
                copied = false;
            }
        }
        if (!copied) {
            ZF_LOGE("vspace_share_mem: page %d could not be shared", i);
            sel4utils_unmap_pages(to, vaddr, i, size_bits, VSPACE_FREE);
            return -1;
        }
        vs_set_owned(dt, (uintptr_t)to_va);
    }
    return 0;
}

/* Unmap (and maybe free) every frame, free the page records, the
 * reservations, and - unless an allocated_object hook owns them - the
 * paging structures. */
static void tear_down(vspace_t *vspace, vka_t *free_with)
{
    sel4utils_alloc_data_t *d = get_alloc_data(vspace);
    uintptr_t va = 0;

    while ((va = vs_next_mapped(d, va, VSPACE_TOP)) != 0) {
        vspace_bottom_level_t *b = vs_bottom(d, va, false);
        size_t bits = b->size_bits[(va >> seL4_PageBits) & MASK(VSPACE_LEVEL_BITS)];
        unmap_one(vspace, va, bits ? bits : seL4_PageBits, free_vka(d, free_with), true);
        va += BIT(bits ? bits : seL4_PageBits);
    }
    vs_free_tables(d);
    while (d->reservation_head != NULL)
        free_reservation(vspace, (reservation_t){ d->reservation_head });
    while (d->paging != NULL) {
        struct sel4utils_paging_obj *p = d->paging;
        d->paging = p->next;
        if (vspace->allocated_object == NULL && free_with != VSPACE_PRESERVE)
            vka_free_object(d->vka, &p->obj);
        free(p);
    }
}

int sel4utils_reserve_range_no_alloc_aligned(vspace_t *vspace, sel4utils_res_t *reservation,
                                             size_t size, size_t size_bits,
                                             seL4_CapRights_t rights, int cacheable,
                                             void **result)
{
    sel4utils_alloc_data_t *d = get_alloc_data(vspace);
    uintptr_t start;

    if (vs_find_range(d, size, size_bits, &start) != 0) {
        ZF_LOGE("no free range of %zu bytes", size);
        return -1;
    }
    *reservation = (sel4utils_res_t){ .start = start,
                                      .end = start + ROUND_UP(size, BIT(seL4_PageBits)),
                                      .rights = rights, .cacheable = cacheable };
    vs_res_insert(d, reservation);
    *result = (void *)start;
    return 0;
}

int sel4utils_reserve_range_no_alloc(vspace_t *vspace, sel4utils_res_t *reservation,
                                     size_t size, seL4_CapRights_t rights, int cacheable,
                                     void **result)
{
    return sel4utils_reserve_range_no_alloc_aligned(vspace, reservation, size, seL4_PageBits,
                                                    rights, cacheable, result);
}

int sel4utils_reserve_range_at_no_alloc(vspace_t *vspace, sel4utils_res_t *reservation,
                                        void *vaddr, size_t size, seL4_CapRights_t rights,
                                        int cacheable)
{
    sel4utils_alloc_data_t *d = get_alloc_data(vspace);
    uintptr_t start = ROUND_DOWN((uintptr_t)vaddr, BIT(seL4_PageBits));
    uintptr_t end = ROUND_UP((uintptr_t)vaddr + size, BIT(seL4_PageBits));

    if (!vs_range_free(d, start, end)) {
        ZF_LOGE("range %p..%p is not free", (void *)start, (void *)end);
        return -1;
    }
    *reservation = (sel4utils_res_t){ .start = start, .end = end, .rights = rights,
                                      .cacheable = cacheable };
    vs_res_insert(d, reservation);
    return 0;
}

void sel4utils_vspace_fill_hooks(vspace_t *vspace, sel4utils_alloc_data_t *data, vka_t *vka,
                                 seL4_CPtr root, vspace_allocated_object_fn fn, void *cookie)
{
    *data = (sel4utils_alloc_data_t){ .vspace_root = root, .vka = vka,
                                      .last_allocated = SEL4UTILS_VSPACE_ALLOC_START,
                                      .map_page = map_page_pml4 };
    *vspace = (vspace_t){
        .data = data,
        .new_pages = new_pages,
        .map_pages = map_pages,
        .new_pages_at_vaddr = new_pages_at_vaddr,
        .map_pages_at_vaddr = map_pages_at_vaddr,
        .unmap_pages = sel4utils_unmap_pages,
        .tear_down = tear_down,
        .reserve_range_aligned = reserve_aligned,
        .reserve_range_at = reserve_at,
        .free_reservation = free_reservation,
        .free_reservation_by_vaddr = free_reservation_by_vaddr,
        .get_cap = get_cap,
        .get_root = get_root,
        .get_cookie = get_cookie,
        .share_mem_at_vaddr = share_mem_at_vaddr,
        .allocated_object = fn,
        .allocated_object_cookie = cookie,
    };
}
